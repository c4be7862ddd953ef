#!/usr/bin/env python3
"""Generate tests/numerics/special_reference.json with mpmath (50 significant digits).

Run once from the repository root (needs mpmath, e.g. Debian's python3-mpmath):

    python3 tests/numerics/make_special_reference.py

Every argument is a double (written with repr, so it round-trips exactly into JavaScript) and
every value is mpmath's value at that exact double, rounded to the nearest double. The tests in
special_test.ts compare lib/numerics/special.ts against these values.
"""

import json
import os
import random

import mpmath
from mpmath import mp, mpf

mp.dps = 50


def linspace(a, b, n):
    return [a + (b - a) * i / (n - 1) for i in range(n)]


def uniq(xs):
    return sorted(set(float(x) for x in xs))


# Arguments of erf/erfc/erfcx: the whole line, Cody's break points 0.46875 and 4, the far tail.
small = [0.0, 1e-300, 1e-100, 1e-20, 1e-16, 1e-10, 1e-5, 1e-3, 0.1]
breaks = [0.46875, 0.46875 * (1 - 2**-52), 0.46875 * (1 + 2**-52), 4.0, 4.0 * (1 + 2**-52),
          4.0 * (1 - 2**-52), 6.0]
tail = [5.5, 8.0, 10.0, 13.7, 17.3, 20.0, 23.5, 25.0, 26.0, 26.5, 26.54, 26.6,
        26.9, 27.0, 27.2]
# Pseudo-random arguments with full 53-bit mantissas: at short decimals like 7.5, x*x is often
# exact, which would hide a naive exp(-x*x).
rnd = random.Random(20240611)
erf_pos = uniq(small + breaks + tail + linspace(0.0, 6.0, 121) + linspace(6.0, 26.5, 42)
               + [rnd.uniform(0.0, 26.5) for _ in range(60)])
erf_x = uniq(erf_pos + [-x for x in erf_pos])
# erfcx(x) overflows for x < -26.63; its large-x tail goes on forever.
erfcx_x = uniq([x for x in erf_x if x > -26.6] + [30.0, 50.0, 100.0, 1e3, 1e8, 1e20, 1e150])

# Arguments of the normal functions (in units of x, not x/sqrt 2).
npos = uniq(small + [0.6629126073623883, 0.66, 0.67, 1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0,
                      25.0, 30.0, 35.0, 37.0, 37.5, 38.0]
            + linspace(0.0, 8.0, 81) + linspace(8.0, 37.5, 60)
            + [rnd.uniform(0.0, 37.5) for _ in range(60)])
norm_x = uniq(npos + [-x for x in npos])
lognorm_x = uniq(norm_x + [-40.0, -50.0, -100.0, -1e3, -1e5, -1e10, -1e100, 40.0, 1e3])

# Probabilities for the quantile: centre, both split points of AS241, deep tails.
probs = [1e-300, 1e-200, 1e-100, 1e-50, 1e-30, 1e-20, 1e-15, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4,
         1e-3, 0.01, 0.02, 0.05, 0.07, 0.075, 0.08, 0.1, 0.2, 0.3, 0.4, 0.45, 0.49, 0.499, 0.5,
         0.501, 0.51, 0.55, 0.6, 0.7, 0.8, 0.9, 0.924, 0.925, 0.926, 0.95, 0.975, 0.99, 0.999,
         1 - 1e-6, 1 - 1e-10, 1 - 1e-15, 2.0**-1074, 5e-324 * 2**20,
         # exp(-25) is where AS241 switches from its C/D to its E/F rational function
         float(mpmath.exp(-25)), float(mpmath.exp(-25)) * (1 + 2**-50)]
probs = uniq(probs + linspace(0.01, 0.99, 99) + [rnd.random() for _ in range(30)]
             + [10.0 ** rnd.uniform(-300, -2) for _ in range(30)])

lse_x = uniq(linspace(-60.0, 60.0, 121) + [-800.0, -745.0, -37.0, -36.9, 18.0, 18.1, 33.3, 33.4,
                                             40.0, 800.0, 1e-10, -1e-10])
l1me_x = uniq([-1e-300, -1e-20, -1e-10, -1e-5, -0.01, -0.5, -0.6931471805599453, -0.7, -1.0,
               -2.0, -5.0, -10.0, -37.0, -50.0, -700.0, -745.0]
              + linspace(-20.0, -0.05, 40))


def ncdf(x):
    return mpmath.ncdf(mpf(x))


def log_ncdf(x):
    # log1p keeps log(1 - tiny) exact where 1 - tiny would round at 50 digits
    return mpmath.log(ncdf(x)) if x <= 0 else mpmath.log1p(-ncdf(-x))


def log1mexp(x):
    # both forms are exact in mpmath as long as the rounding of 1 - e^x is avoided
    x = mpf(x)
    return mpmath.log(-mpmath.expm1(x)) if x > -1 else mpmath.log1p(-mpmath.exp(x))


def quantile(p):
    """Solve log Phi(x) = log p by Newton's method (log Phi is concave: monotone convergence)."""
    p = mpf(p)
    if p == mpf(1) / 2:
        return mpf(0)
    upper = p > mpf(1) / 2
    t = 1 - p if upper else p  # exact at 50 digits
    logt = mpmath.log(t)
    x = -mpmath.sqrt(-2 * logt) if t < mpf("0.3") else mpf(-0.5)
    for _ in range(200):
        lc = mpmath.log(mpmath.ncdf(x))
        step = (lc - logt) / (mpmath.npdf(x) / mpmath.ncdf(x))
        x -= step
        if abs(step) < mpf(10) ** (-45) * (1 + abs(x)):
            break
    else:
        raise RuntimeError(f"quantile({p}) did not converge")
    assert abs(mpmath.ncdf(x) / t - 1) < mpf(10) ** -40
    return -x if upper else x


def f(v):
    v = float(v)
    assert v == v and abs(v) != float("inf"), v
    return v


def table(xs, fn):
    return [[x, f(fn(x))] for x in xs]


ref = {
    "generator": "tests/numerics/make_special_reference.py, mpmath " + mpmath.__version__
                 + ", mp.dps = 50; each row is [x, f(x) rounded to double]",
    "erf": table(erf_x, lambda x: mpmath.erf(mpf(x))),
    "erfc": table(erf_x, lambda x: mpmath.erfc(mpf(x))),
    "erfcx": table(erfcx_x, lambda x: mpmath.exp(mpf(x) ** 2) * mpmath.erfc(mpf(x))),
    "normalPdf": table(norm_x, lambda x: mpmath.npdf(mpf(x))),
    "normalCdf": table(norm_x, ncdf),
    "logNormalCdf": table(lognorm_x, log_ncdf),
    "normalQuantile": table(probs, quantile),
    "log1pExp": table(lse_x, lambda x: mpmath.log1p(mpmath.exp(mpf(x)))),
    "log1mExp": table(l1me_x, log1mexp),
}

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "special_reference.json")
with open(out, "w") as fh:  # one row per line, laid out as `deno fmt` leaves it
    fh.write("{\n")
    items = list(ref.items())
    for i, (k, v) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        if isinstance(v, list):
            rows = ",\n".join("    " + json.dumps(r) for r in v)
            fh.write(f"  {json.dumps(k)}: [\n{rows}\n  ]{sep}\n")
        else:
            fh.write(f"  {json.dumps(k)}: {json.dumps(v)}{sep}\n")
    fh.write("}\n")
print(out, {k: len(v) for k, v in ref.items() if isinstance(v, list)})
