"""Reference timing for bench/mcmc_bench.ts: one heat-bath Monte Carlo sweep in plain numpy.

N = 1000 weights, alpha = 2 (M = 2000), beta = 5, uniform mid-rise levels of width 1.2 with 1
to 4 bits; the same single-weight updates as McmcSampler.sweep (column-major X, maintained
residual). Times the sweeps only (not the data generation).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/mcmc_numpy.py
"""
import time

import numpy as np


def sweep(Xc, c, res, w, L, logpi, beta, lam, rng):
    for i in range(Xc.shape[0]):
        x = Xc[i]
        h = x @ res + c[i] * w[i]
        lw = logpi + L * (beta * h - 0.5 * beta * (c[i] + lam) * L)
        p = np.exp(lw - lw.max())
        cum = np.cumsum(p)
        k = min(np.searchsorted(cum, rng.random() * cum[-1], side="right"), len(L) - 1)
        if L[k] != w[i]:
            res -= (L[k] - w[i]) * x
            w[i] = L[k]


def main():
    n, alpha, beta = 1000, 2, 5.0
    m = alpha * n
    rng = np.random.default_rng(2)
    X = rng.standard_normal((m, n)) / np.sqrt(n)
    w0 = rng.standard_normal(n)
    y = X @ w0 + np.sqrt(0.1) * rng.standard_normal(m)
    Xc = np.ascontiguousarray(X.T)
    c = (Xc * Xc).sum(axis=1)
    for bits in [1, 2, 3, 4]:
        k = 2**bits
        L = 1.2 * (np.arange(k) - (k - 1) / 2)
        logpi = np.full(k, -np.log(k))
        w = rng.choice(L, n)
        res = y - X @ w
        for _ in range(2):
            sweep(Xc, c, res, w, L, logpi, beta, 0.0, rng)
        times = []
        for _ in range(7):
            t = time.perf_counter()
            sweep(Xc, c, res, w, L, logpi, beta, 0.0, rng)
            times.append(time.perf_counter() - t)
        times.sort()
        ms = times[len(times) // 2] * 1e3
        print(f"numpy heat-bath sweep N={n} alpha={alpha}, {bits} bit(s): {ms:.2f} ms ({1e3 / ms:.0f} sweeps/s)")


if __name__ == "__main__":
    main()
