#!/usr/bin/python3
"""Independent reference computation of an evstudy event study.

Writes a seeded synthetic data set (market index, securities with missing
prices and a holiday, events including a weekend date and one that must be
dropped) into OUTDIR, computes the study with numpy/scipy in textbook matrix
form (MacKinlay 1997; Campbell, Lo & MacKinlay 1997 ch. 4; Patell 1976),
and writes OUTDIR/expected.json in the layout of `evstudy run --format json`.

Usage: reference_study.py OUTDIR MODEL [SEED]
MODEL is market, market-adjusted or mean-adjusted.
"""
import datetime as dt
import json
import math
import os
import sys

import numpy as np
from scipy import stats

EST = (-60, -11)
WIN = (-5, 5)
CARS = [(-5, 5), (-1, 1), (0, 2)]
MIN_EST = 20


def business_days(start, n, holidays):
    days, d = [], start
    while len(days) < n:
        if d.weekday() < 5 and d not in holidays:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def make_data(outdir, seed):
    rng = np.random.default_rng(seed)
    holidays = {dt.date(2024, 5, 1), dt.date(2024, 12, 25)}
    cal = business_days(dt.date(2024, 1, 2), 300, holidays)
    rm = rng.normal(0.0004, 0.011, len(cal))
    # Prices are rounded as written to the CSV, so both sides read the same.
    mkt = np.round(3000 * np.cumprod(1 + rm), 6)
    os.makedirs(os.path.join(outdir, "prices"), exist_ok=True)
    with open(os.path.join(outdir, "prices", "MKT.csv"), "w") as f:
        f.write("date,close\n")
        for d, p in zip(cal, mkt):
            f.write(f"{d.isoformat()},{p:.6f}\n")
    prices = {}
    for k in range(5):
        beta = 0.6 + 0.2 * k
        r = 0.0002 * k + beta * rm + rng.normal(0, 0.015 + 0.002 * k, len(cal))
        p = np.round(50 * (k + 1) * np.cumprod(1 + r), 6)
        rows = list(zip(cal, p))
        if k == 1:   # missing prices inside the estimation and event windows
            for j in (150, 151, 171):
                rows[j] = (rows[j][0], None)
        if k == 2:   # the security does not trade on one day (row absent)
            del rows[160]
        prices[f"S{k}"] = rows
        with open(os.path.join(outdir, "prices", f"S{k}.csv"), "w") as f:
            f.write("date,open,close\n")
            for d, v in reversed(rows):  # newest first, as many sites export
                f.write(f"{d.isoformat()},,{'' if v is None else f'{v:.6f}'}\n")
    events = [("S0", cal[170]), ("S1", cal[168]), ("S2", cal[162]),
              ("S3", cal[200]), ("S4", cal[120]),
              ("S0", cal[230]),                      # a second event, same firm
              ("S3", cal[180] - dt.timedelta(days=0)),
              ("S4", cal[297])]                      # window runs off the data
    # a weekend date rolls to the next trading day
    sat = cal[210]
    while sat.weekday() != 5:
        sat += dt.timedelta(days=1)
    events.append(("S2", sat))
    with open(os.path.join(outdir, "events.csv"), "w") as f:
        f.write("symbol,date,label\n")
        for i, (s, d) in enumerate(events):
            f.write(f"{s},{d.isoformat()},event {i + 1}\n")
    return cal, mkt, prices, events


def aligned_returns(cal, rows):
    by_date = {d: v for d, v in rows}
    p = np.array([by_date.get(d) if by_date.get(d) is not None else np.nan
                  for d in cal], dtype=float)
    r = np.full(len(cal), np.nan)
    r[1:] = p[1:] / p[:-1] - 1
    return r


def fit(model, r, m, e0, e1):
    y, x = r[e0:e1 + 1], m[e0:e1 + 1]
    ok = ~np.isnan(y) & ~np.isnan(x)
    n = int(ok.sum())
    if model == "market":
        X = np.column_stack([np.ones(n), x[ok]])
        coef, *_ = np.linalg.lstsq(X, y[ok], rcond=None)
        resid = y[ok] - X @ coef
        k = 2
        s = math.sqrt(resid @ resid / (n - k))
        return dict(coef=coef, V=np.linalg.inv(X.T @ X), k=k, n=n, s=s,
                    alpha=coef[0], beta=coef[1])
    if model == "mean-adjusted":
        yy = y[~np.isnan(y)]
        n = len(yy)
        X = np.ones((n, 1))
        return dict(coef=np.array([yy.mean()]), V=np.linalg.inv(X.T @ X), k=1,
                    n=n, s=yy.std(ddof=1), alpha=yy.mean(), beta=0.0)
    d = (y - x)[ok]
    return dict(coef=None, V=None, k=0, n=n, s=d.std(ddof=1), alpha=0.0,
                beta=1.0)


def design(model, mt):
    return np.array([1.0, mt]) if model == "market" else np.array([1.0])


def expected(model, f, mt):
    if model == "market":
        return f["coef"][0] + f["coef"][1] * mt
    if model == "mean-adjusted":
        return f["coef"][0]
    return mt


def study(model, cal, mkt, prices, events):
    rm = np.full(len(cal), np.nan)
    rm[1:] = mkt[1:] / mkt[:-1] - 1
    L = WIN[1] - WIN[0] + 1
    out_events, ok_rows = [], []
    for i, (sym, d) in enumerate(events):
        t0 = next(j for j, c in enumerate(cal) if c >= d)
        e0, e1 = t0 + EST[0], t0 + EST[1]
        w0, w1 = t0 + WIN[0], t0 + WIN[1]
        ev = {"index": i + 1, "symbol": sym, "day0": cal[t0].isoformat()}
        if min(e0, w0) < 0 or max(e1, w1) >= len(cal):
            ev["status"] = "window-off-data"
            out_events.append(ev)
            continue
        r = aligned_returns(cal, prices[sym])
        f = fit(model, r, rm, e0, e1)
        if f["n"] < MIN_EST:
            ev["status"] = "too-few-estimation-returns"
            out_events.append(ev)
            continue
        ar, sar, days = [], [], []
        for t in range(w0, w1 + 1):
            a = r[t] - expected(model, f, rm[t])
            vf = 1.0
            if f["k"] > 0:
                x = design(model, rm[t])
                vf = 1 + x @ f["V"] @ x
            ar.append(a)
            sar.append(a / (f["s"] * math.sqrt(vf)))
            days.append(t)
        ar, sar = np.array(ar), np.array(sar)
        cars = []
        for (c0, c1) in CARS:
            idx = [k for k in range(c0 - WIN[0], c1 - WIN[0] + 1)
                   if not np.isnan(ar[k])]
            car = float(np.sum(ar[idx]))
            vf = float(len(idx))
            if f["k"] > 0:
                s = sum(design(model, rm[days[k]]) for k in idx)
                vf = len(idx) + s @ f["V"] @ s
            cars.append({"window": f"{c0}:{c1}", "car": car,
                         "scar": car / (f["s"] * math.sqrt(vf)),
                         "days": len(idx)})
        ev.update(status="ok", alpha=float(f["alpha"]), beta=float(f["beta"]),
                  sigma=float(f["s"]), n_est=f["n"], df=f["n"] - max(f["k"], 1),
                  car=cars[0]["car"], cars=cars,
                  ar=[{"day": WIN[0] + k, "ar": None if np.isnan(a) else float(a),
                       "sar": None if np.isnan(s) else float(s)}
                      for k, (a, s) in enumerate(zip(ar, sar))])
        out_events.append(ev)
        ok_rows.append((ev, ar, sar, cars))
    aar, caar_acc = [], 0.0
    for k in range(L):
        col = np.array([row[1][k] for row in ok_rows])
        col = col[~np.isnan(col)]
        a = float(col.mean())
        caar_acc += a
        aar.append({"day": WIN[0] + k, "n": len(col), "aar": a, "caar": caar_acc})
    tests = []
    for k in range(L):
        col = np.array([row[1][k] for row in ok_rows])
        col = col[~np.isnan(col)]
        t = col.mean() / (col.std(ddof=1) / math.sqrt(len(col)))
        tests.append({"name": "t", "scope": "day", "day": WIN[0] + k,
                      "statistic": t, "p_value": 2 * stats.t.sf(abs(t), len(col) - 1),
                      "n": len(col)})
    for w, (c0, c1) in enumerate(CARS):
        col = np.array([row[3][w]["car"] for row in ok_rows])
        t = col.mean() / (col.std(ddof=1) / math.sqrt(len(col)))
        tests.append({"name": "t", "scope": "window", "window": f"{c0}:{c1}",
                      "statistic": t, "p_value": 2 * stats.t.sf(abs(t), len(col) - 1),
                      "n": len(col)})
    for k in range(L):
        num = den = 0.0
        n = 0
        for ev, ar, sar, cars in ok_rows:
            if np.isnan(sar[k]):
                continue
            dfi = ev["df"]
            num += sar[k]
            den += dfi / (dfi - 2)
            n += 1
        z = num / math.sqrt(den)
        tests.append({"name": "patell", "scope": "day", "day": WIN[0] + k,
                      "statistic": z, "p_value": 2 * stats.norm.sf(abs(z)), "n": n})
    for w, (c0, c1) in enumerate(CARS):
        num = den = 0.0
        n = 0
        for ev, ar, sar, cars in ok_rows:
            ks = [k for k in range(c0 - WIN[0], c1 - WIN[0] + 1) if not np.isnan(sar[k])]
            dfi = ev["df"]
            num += float(np.sum(sar[ks]))
            den += len(ks) * dfi / (dfi - 2)
            n += 1
        z = num / math.sqrt(den)
        tests.append({"name": "patell", "scope": "window", "window": f"{c0}:{c1}",
                      "statistic": z, "p_value": 2 * stats.norm.sf(abs(z)), "n": n})
    return {"events": out_events, "aar": aar, "tests": tests}


def main():
    outdir, model = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20251205
    os.makedirs(outdir, exist_ok=True)
    cal, mkt, prices, events = make_data(outdir, seed)
    res = study(model, cal, mkt, prices, events)
    res["params"] = {"model": model, "estimation": f"{EST[0]}:{EST[1]}",
                     "window": f"{WIN[0]}:{WIN[1]}",
                     "car": [f"{a}:{b}" for a, b in CARS], "min_est": MIN_EST}
    with open(os.path.join(outdir, "expected.json"), "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
