"""NumPy side of `npm run bench` (bench/run.ts): the same suffix products, timed.

Reads one JSON object per line on stdin: {"n", "T", "w", "s", "reps"}, where "w" (n*n) and "s"
(T*n) are paths of little-endian float64 files holding W (row-major) and the rows
s_k = sigma'(x_k), k = 0 .. T-1, of the run that bench/run.ts measures. For float32 and float64
it computes every P_k = J_T ... J_{k+1} with J_i = W diag(s_{i-1}) exactly as the TypeScript
"sequential" scan does: P <- (P @ W) * s_k, stored in a (T, n, n) array, renormalised by its
largest entry every 16 steps (so neither side meets float32 overflow or slow denormals). Prints
one JSON object per case: best-of-reps seconds per dtype and log10 of the Frobenius norm of
P_{T-50} (or P_0), for checking that both sides computed the same thing. Each time is the best
of at least "reps" runs, more while the runs are quick (as bench/cases.ts does).

Before any case it prints one JSON line {"blas": {...}}: the OpenBLAS library NumPy loaded, the
kernel it runs (its coretype, which OPENBLAS_CORETYPE overrides) and its thread count, read from
OpenBLAS itself through ctypes (bench/run.ts starts one process with the environment's OpenBLAS
variables and one without them, and prints both).
"""

import ctypes

import json
import sys
import time

import numpy as np


def products(w, s, dtype):
    steps, n = s.shape
    m = w.astype(dtype)
    s = s.astype(dtype)
    out = np.empty((steps, n, n), dtype)
    log_scales = np.zeros(steps)
    log_scale = 0.0
    p = m * s[steps - 1][None, :]
    out[steps - 1] = p
    for k in range(steps - 2, -1, -1):
        p = (p @ m) * s[k][None, :]
        if (steps - 1 - k) % 16 == 15:
            largest = float(np.abs(p).max())
            if largest > 0 and (largest > 1e12 or largest < 1e-12):
                p = p / dtype(largest)
                log_scale += np.log(largest)
        out[k] = p
        log_scales[k] = log_scale
    return out, log_scales


def blas_info():
    """The OpenBLAS NumPy loaded, its kernel (coretype), threads and build, asked of the library."""
    path = None
    with open("/proc/self/maps") as maps:
        for line in maps:
            if "openblas" in line.lower():
                path = line.split()[-1]
                break
    if path is None:
        return {"library": None}
    lib = ctypes.CDLL(path)
    info = {"library": path.rsplit("/", 1)[-1]}
    # The symbols carry a prefix and suffix in NumPy's wheels (scipy_…64_), none in Debian's build.
    for key, stem, restype in (
        ("coretype", "get_corename", ctypes.c_char_p),
        ("threads", "get_num_threads", ctypes.c_int),
        ("config", "get_config", ctypes.c_char_p),
    ):
        for name in (f"openblas_{stem}", f"openblas_{stem}64_", f"scipy_openblas_{stem}64_"):
            function = getattr(lib, name, None)
            if function is None:
                continue
            function.restype = restype
            value = function()
            info[key] = value.decode() if isinstance(value, bytes) else value
            break
    return info


def main():
    np.ones((4, 4)) @ np.ones((4, 4))  # loads OpenBLAS
    print(json.dumps({"blas": blas_info()}), flush=True)
    for line in sys.stdin:
        case = json.loads(line)
        n, steps = case["n"], case["T"]
        w = np.fromfile(case["w"], dtype="<f8").reshape(n, n)
        s = np.fromfile(case["s"], dtype="<f8").reshape(steps, n)
        check = max(0, steps - 50)
        result = {"n": n, "T": steps}
        for name, dtype in (("float32", np.float32), ("float64", np.float64)):
            # At least `reps` runs, more (up to 30) while they took under half a second in
            # total: the minimum is the time least disturbed by other processes (as in cases.ts).
            best = float("inf")
            total = 0.0
            runs = 0
            while runs < 30 and (runs < case["reps"] or total < 0.5):
                started = time.perf_counter()
                out, log_scales = products(w, s, dtype)
                elapsed = time.perf_counter() - started
                best = min(best, elapsed)
                total += elapsed
                runs += 1
            norm = float(np.linalg.norm(out[check].astype(np.float64)))
            result[name] = {
                "seconds": best,
                "log10Norm": (np.log10(norm) + log_scales[check] / np.log(10)) if norm > 0 else None,
            }
            del out
        result["checkK"] = check
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
