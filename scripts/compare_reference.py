#!/usr/bin/env python3
"""compare_reference.py - compares evstudy's JSON output (stdin) with one
case of the expected values that scripts/reference_stats.py wrote.

  evstudy run ... -f json | compare_reference.py EXPECTED.json CASE [RTOL]

Every test row (name, scope, day or window) and every event's alpha, beta,
sigma, n_est, df and per-window CAR, SCAR and BHAR must agree to a relative
tolerance RTOL (default 1e-8; evstudy prints 10 significant digits), with
the same status and n.  Prints each difference; exits 1 if there is one.
Python standard library only.
"""
import json
import math
import sys


def close(a, b, rtol):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rtol * abs(b) + 1e-12


def key(t):
    return (t["name"], t["scope"], str(t.get("day", t.get("window"))))


def compare_tests(got, want, rtol, errs):
    have = {key(t): t for t in got}
    for w in want:
        g = have.get(key(w))
        if g is None:
            errs.append("missing test %s" % (key(w),))
            continue
        if g["status"] != w["status"] or g["n"] != w["n"]:
            errs.append("%s: status/n %s/%s, want %s/%s" % (
                key(w), g["status"], g["n"], w["status"], w["n"]))
            continue
        for f in ("statistic", "p_value", "df"):
            if not close(g[f], w[f], rtol):
                errs.append("%s %s: %r, want %r" % (key(w), f, g[f], w[f]))


def compare_events(got, want, rtol, errs):
    if len(got) != len(want):
        errs.append("%d events, want %d" % (len(got), len(want)))
        return
    for i, (g, w) in enumerate(zip(got, want)):
        for f in ("alpha", "beta", "sigma", "n_est", "df"):
            if not close(g[f], w[f], rtol):
                errs.append("event %d %s: %r, want %r" % (i + 1, f, g[f], w[f]))
        for k, cw in enumerate(g["cars"]):
            for f in ("car", "scar", "bhar"):
                if not close(cw[f], w[f][k], rtol):
                    errs.append("event %d window %s %s: %r, want %r" % (
                        i + 1, cw["window"], f, cw[f], w[f][k]))


def main():
    if len(sys.argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    with open(sys.argv[1]) as f:
        case = json.load(f)["cases"][sys.argv[2]]
    rtol = float(sys.argv[3]) if len(sys.argv) == 4 else 1e-8
    got = json.load(sys.stdin)
    errs = []
    compare_tests(got["tests"], case["tests"], rtol, errs)
    compare_events(got["events"], case["events"], rtol, errs)
    if "rbar" in case and not close(got.get("rbar"), case["rbar"], rtol):
        errs.append("rbar %r, want %r" % (got.get("rbar"), case["rbar"]))
    for e in errs:
        print(e)
    print("%s: %d tests, %d events compared, %d differences" % (
        sys.argv[2], len(case["tests"]), len(case["events"]), len(errs)))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
