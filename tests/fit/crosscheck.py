#!/usr/bin/env python3
"""An independent check of fitProfile's optimiser (src/fit.rs): the same
penalised logistic problems, built from the core's own features, solved by
SciPy's `minimize` with L-BFGS-B and the bounds beta_j >= 0 (the intercept
free), must give the coefficients the core found.

    .venv-fit/bin/python tests/fit/crosscheck.py [--rows N]

`cargo run --example fit_crosscheck` prints the problems (features x,
outcomes y, penalty lambda) and the core's coefficients theta. The objective
is written here from README.md ("Learn the profile from outcomes"):

    mean over rows of [log(1 + e^z) - y*z] + lambda/2 * sum_j beta_j^2,
    z = b + sum_j beta_j * x_j

Tolerance: every coefficient within 1e-6 * max(1, |theta|) of SciPy's, and
the core's objective no worse than SciPy's by more than 1e-10 (SciPy's
L-BFGS-B stops on a gradient tolerance, so the core, a Newton method, may be
slightly better). Exits 1 on any difference.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
from scipy.optimize import minimize

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COEF_TOL = 1e-6
LOSS_TOL = 1e-10


def objective(theta, x, y, lam):
    z = theta[0] + x @ theta[1:]
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * np.sum(theta[1:] ** 2)
    p = 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, overflow-free
    r = p - y
    grad = np.concatenate(([np.mean(r)], x.T @ r / len(y) + lam * theta[1:]))
    return loss, grad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2000)
    args = ap.parse_args()
    out = subprocess.run(
        ["cargo", "run", "-q", "--example", "fit_crosscheck", str(args.rows)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    problems = json.loads(out)
    failures = 0
    at_bound = 0
    for i, prob in enumerate(problems):
        x = np.array(prob["x"], dtype=float)
        y = np.array(prob["y"], dtype=float)
        lam = prob["lambda"]
        ours = np.array(prob["theta"], dtype=float)
        k = x.shape[1]
        start = np.zeros(k + 1)
        res = minimize(
            objective, start, args=(x, y, lam), jac=True, method="L-BFGS-B",
            bounds=[(None, None)] + [(0.0, None)] * k,
            options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 20000, "maxcor": 30},
        )
        theirs = res.x
        ours_loss, _ = objective(ours, x, y, lam)
        diff = np.abs(ours - theirs) / np.maximum(1.0, np.abs(theirs))
        worst = float(diff.max())
        at_bound += int(np.sum((ours[1:] == 0.0) & (theirs[1:] <= 1e-8)))
        ok = worst <= COEF_TOL and ours_loss <= res.fun + LOSS_TOL
        failures += 0 if ok else 1
        print(
            f"problem {i}: {len(y)} rows x {k} criteria, lambda {lam:g}: "
            f"max relative coefficient difference {worst:.2e} (tolerance {COEF_TOL:g}); "
            f"objective core {ours_loss:.12f} scipy {res.fun:.12f}; {res.message}"
            + ("" if ok else "  <-- DIFFERS")
        )
        if not ok:
            print("  core :", np.array2string(ours, precision=6))
            print("  scipy:", np.array2string(theirs, precision=6))
    print(f"{len(problems)} problems, {at_bound} coefficients held at the bound 0 by both, {failures} differences")
    if at_bound == 0:
        print("no coefficient reached the bound: the problems no longer test the constraint")
        failures += 1
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
