#!/usr/bin/python3
"""Compares `evstudy run --format json` output with reference_study.py's
expected.json.  Every number must agree to a relative 1e-9 (evstudy writes
10 significant digits, so rounding alone is below 5e-10).  Prints one line
per disagreement and a summary; exits 1 on any disagreement.

Usage: compare_study.py EXPECTED.json ACTUAL.json
"""
import json
import math
import sys

REL = 1e-9
bad = 0
checked = 0


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= REL * max(abs(a), abs(b)) + 1e-15


def check(what, exp, act):
    global bad, checked
    checked += 1
    if isinstance(exp, (int, float)) and not isinstance(exp, bool):
        ok = isinstance(act, (int, float)) and close(float(exp), float(act))
    else:
        ok = exp == act
    if not ok:
        bad += 1
        print(f"MISMATCH {what}: expected {exp!r}, got {act!r}")


def main():
    exp = json.load(open(sys.argv[1]))
    act = json.load(open(sys.argv[2]))
    aev = {e["index"]: e for e in act["events"]}
    check("number of events", len(exp["events"]), len(act["events"]))
    for e in exp["events"]:
        a = aev.get(e["index"], {})
        tag = f"event {e['index']}"
        check(f"{tag} status", e["status"], a.get("status"))
        check(f"{tag} day0", e["day0"], a.get("day0"))
        if e["status"] != "ok":
            continue
        for k in ("alpha", "beta", "sigma", "n_est", "df", "car"):
            check(f"{tag} {k}", e[k], a.get(k))
        acars = {c["window"]: c for c in a.get("cars", [])}
        for c in e["cars"]:
            for k in ("car", "scar", "days"):
                check(f"{tag} {c['window']} {k}", c[k], acars.get(c["window"], {}).get(k))
        aar = {d["day"]: d for d in a.get("ar", [])}
        for d in e["ar"]:
            for k in ("ar", "sar"):
                check(f"{tag} day {d['day']} {k}", d[k], aar.get(d["day"], {}).get(k))
    aaar = {d["day"]: d for d in act["aar"]}
    for d in exp["aar"]:
        for k in ("n", "aar", "caar"):
            check(f"aar day {d['day']} {k}", d[k], aaar.get(d["day"], {}).get(k))
    atests = {(t["name"], t["scope"], str(t.get("day", t.get("window")))): t
              for t in act["tests"]}
    for t in exp["tests"]:
        key = (t["name"], t["scope"], str(t.get("day", t.get("window"))))
        a = atests.get(key, {})
        for k in ("statistic", "p_value", "n"):
            check(f"test {key} {k}", t[k], a.get(k))
    print(f"compare: {checked} values checked, {bad} mismatches")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
