"""Reference timing for bench/amp_bench.ts: one AMP iteration written in plain numpy.

Times the computation only (matrix generation is outside the timer): per iteration two
matrix-vector products with the float32 matrix X (M x N, M = N) and a 4-level heat-bath
denoiser, the same workload as the `deno bench` case "AMP iteration ... float32".

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/amp_numpy.py [N ...]

Prints one line per N: median ms per iteration over `reps` repetitions, and the matrix's MB.
"""
import sys
import time

import numpy as np

LEVELS = np.array([-1.8, -0.6, 0.6, 1.8])  # 2-bit uniform mid-rise, width 1.2


def amp_iteration(X, y, a, v, g, beta=5.0, alpha=1.0):
    V = v.mean()
    inv = 1 / beta + V
    g[:] = (y - X @ a.astype(np.float32)) / inv + (V / inv) * g
    out = X.T @ g.astype(np.float32)
    Sigma = inv / alpha
    r = a + Sigma * out
    # denoiser: posterior mean and variance over the 4 levels with a Gaussian channel
    lw = (np.outer(r, LEVELS) - 0.5 * LEVELS**2) / Sigma
    lw -= lw.max(axis=1, keepdims=True)
    p = np.exp(lw)
    p /= p.sum(axis=1, keepdims=True)
    a[:] = p @ LEVELS
    v[:] = p @ LEVELS**2 - a * a


def time_n(n, reps):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((n, n), dtype=np.float32)
    X *= np.float32(1 / np.sqrt(n))
    y = rng.standard_normal(n)
    a = np.full(n, 0.01)
    v = np.full(n, 0.5)
    g = np.zeros(n)
    amp_iteration(X, y, a, v, g)  # warm-up
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        amp_iteration(X, y, a, v, g)
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2] * 1e3, X.nbytes / 2**20


if __name__ == "__main__":
    sizes = [int(s) for s in sys.argv[1:]] or [4000]
    for n in sizes:
        reps = max(5, int(2e9 / (n * n * 8)))
        ms, mb = time_n(n, min(reps, 200))
        print(f"numpy N=M={n}: {ms:.3f} ms/iteration, X {mb:.0f} MB")
