#!/usr/bin/python3
"""reference_stats.py - independent reference computations for evstudy's
statistics suite, written from the published formulas (README
"Statistics") with numpy and scipy, sharing no code with the C library.

  reference_stats.py make-data DIR   writes the seeded synthetic fixture
                                     (prices, events, a French-layout
                                     factor file) into DIR
  reference_stats.py expect DIR OUT  computes every case of CASES on the
                                     files in DIR and writes OUT (JSON)

tests/cli/stats_reference.bats runs evstudy on the same files and compares
with OUT at a relative tolerance of 1e-8.  Run with Debian's python3
(/usr/bin/python3: python3-numpy, python3-scipy).
"""
import csv
import datetime as dt
import json
import math
import os
import sys

import numpy as np
from scipy import stats

SEED = 20240601
EST = (-120, -11)
WIN = (-5, 5)
CARS = [(-1, 1), (0, 5), (-5, 5)]

# name -> (evstudy arguments, model, conventions, extra)
CASES = {
    "market": (["--model", "market"], "market", {}, {}),
    "estudy2": (["--model", "market", "--compat", "estudy2"], "market",
                {"gsign-p": "pooled", "sar-df": "two", "bw1980-var": "sample",
                 "bw-df": "mean-est", "car-agg": "daily-sum",
                 "rank-scale": "mean-obs", "rank-window": "car-window"}, {}),
    "alt": (["--model", "market", "--conv",
             "patell-window=scar,kp-patell=with-1-r,sign-zero=positive,"
             "gsign-p=pooled,t-ref=normal,missing=complete",
             "--boot", "400", "--seed", "7"], "market",
            {"patell-window": "scar", "kp-patell": "with-1-r",
             "sign-zero": "positive", "gsign-p": "pooled",
             "t-ref": "normal", "missing": "complete"},
            {"boot": 400, "seed": 7}),
    "mean-adjusted": (["--model", "mean-adjusted"], "mean-adjusted", {}, {}),
    "market-adjusted": (["--model", "market-adjusted"], "market-adjusted",
                        {}, {}),
    "scholes-williams": (["--model", "scholes-williams"], "scholes-williams",
                         {}, {}),
    "dimson": (["--model", "dimson", "--dimson-lags", "2",
                "--dimson-leads", "1"], "dimson", {}, {"lags": 2, "leads": 1}),
    "ff3": (["--model", "ff3", "--factors", "FACTORS"], "ff3", {}, {}),
    "factors": (["--model", "factors:SMB,HML", "--factors", "FACTORS"],
                "factors:SMB,HML", {}, {}),
    "log": (["--model", "market", "--return-type", "log"], "market", {},
            {"log": 1}),
}


# ---- fixture ---------------------------------------------------------------

def business_days(start, n):
    out, d = [], start
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def make_data(outdir):
    rng = np.random.default_rng(SEED)
    os.makedirs(outdir, exist_ok=True)
    days = business_days(dt.date(2021, 1, 4), 420)
    n = len(days)
    rm = rng.normal(0.0003, 0.01, n)
    rf = np.full(n, 0.00008)
    smb = rng.normal(0, 0.005, n)
    hml = rng.normal(0, 0.004, n)
    industry = rng.normal(0, 0.008, n)
    mkt = 1000 * np.cumprod(1 + rm)
    write_prices(os.path.join(outdir, "MKT.csv"), days, mkt, set())
    events = [("S1", 200), ("S2", 200), ("S3", 200), ("S4", 230),
              ("S5", 250), ("S6", 260), ("S7", 300), ("S8", 310),
              ("S1", 330), ("S2", 205), ("S3", 340), ("S4", 360),
              ("S5", 380), ("S6", 210), ("S7", 225), ("S8", 245)]
    jump = {("S1", 200): 0.03, ("S2", 200): 0.02, ("S4", 230): 0.025,
            ("S7", 300): -0.015, ("S2", 205): 0.01}
    missing = {"S3": {150, 151, 170}, "S5": {252}}
    for k in range(8):
        sym = "S%d" % (k + 1)
        beta = 0.5 + 0.14 * k
        r = (0.0002 + beta * rm + 0.4 * smb * (k % 3) - 0.3 * hml * (k % 2)
             + (industry if k < 4 else 0) + rng.normal(0, 0.012 + 0.002 * k, n))
        for (s, t), a in jump.items():
            if s == sym:
                r[t] += a
        write_prices(os.path.join(outdir, sym + ".csv"), days,
                     50 * np.cumprod(1 + r), missing.get(sym, set()))
    with open(os.path.join(outdir, "events.csv"), "w") as f:
        f.write("symbol,date,market,label\n")
        for s, t in events:
            f.write("%s,%s,MKT,synthetic\n" % (s, days[t].isoformat()))
    write_french(os.path.join(outdir, "factors.csv"), days, mkt, rf, smb, hml)
    with open(os.path.join(outdir, "README.md"), "w") as f:
        f.write("# Synthetic fixture for the statistics reference\n\n"
                "Written by `scripts/reference_stats.py make-data` (numpy "
                "seed %d): a market MKT and eight securities S1..S8 on 420 "
                "business days from 2021-01-04, market-model returns with "
                "an industry shock shared by S1-S4 (cross-correlation), "
                "abnormal returns on five event days, missing closes in S3 "
                "(estimation window) and S5 (event window), and a factor "
                "file in the Kenneth French daily layout (percent, preamble "
                "and footer).  `expected.json` is `reference_stats.py "
                "expect` on these files.  No market data: every number is "
                "simulated.\n" % SEED)


def write_prices(path, days, close, missing):
    with open(path, "w") as f:
        f.write("date,close\n")
        for i, d in enumerate(days):
            f.write("%s,%s\n" % (d.isoformat(),
                                 "" if i in missing else "%.4f" % close[i]))


def write_french(path, days, mkt, rf, smb, hml):
    with open(path, "w") as f:
        f.write("This file was created by reference_stats.py for evstudy's "
                "tests (layout of the Kenneth French data library).\n")
        f.write("The values are simulated, in percent.\n\n")
        f.write(",Mkt-RF,SMB,HML,RF\n")
        for i in range(1, len(days)):
            r = mkt[i] / mkt[i - 1] - 1
            f.write("%s,%8.2f,%8.2f,%8.2f,%7.3f\n" % (
                days[i].strftime("%Y%m%d"), 100 * (r - rf[i]),
                100 * smb[i], 100 * hml[i], 100 * rf[i]))
        f.write("\nCopyright 2024 nobody; simulated data\n")


# ---- inputs ----------------------------------------------------------------

def read_prices(path):
    dates, px = [], []
    with open(path) as f:
        for row in csv.DictReader(f):
            dates.append(row["date"])
            px.append(float(row["close"]) if row["close"] else math.nan)
    return dates, np.array(px)


def returns_on(cal, dates, px, log):
    idx = {d: i for i, d in enumerate(dates)}
    p = np.array([px[idx[d]] if d in idx else math.nan for d in cal])
    r = np.full(len(cal), math.nan)
    with np.errstate(invalid="ignore"):
        r[1:] = np.log(p[1:] / p[:-1]) if log else p[1:] / p[:-1] - 1
    return r


def read_french(path, cal):
    rows = {}
    with open(path) as f:
        lines = f.read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith(",Mkt-RF"))
    names = [c.strip() for c in lines[start].split(",")[1:]]
    for l in lines[start + 1:]:
        cells = [c.strip() for c in l.split(",")]
        if not cells[0].isdigit() or len(cells[0]) != 8:
            break
        d = "%s-%s-%s" % (cells[0][:4], cells[0][4:6], cells[0][6:])
        rows[d] = [float(c) / 100 for c in cells[1:]]
    out = {}
    for j, nm in enumerate(names):
        out[nm] = np.array([rows[d][j] if d in rows else math.nan
                            for d in cal])
    return out


# ---- models ----------------------------------------------------------------

def design(model, t, rm, fac, lags=1, leads=1):
    """Regressor row at calendar index t, or None when one is missing."""
    def m(s):
        return rm[s] if 0 <= s < len(rm) else math.nan
    if model == "mean-adjusted":
        x = [1.0]
    elif model in ("market", "scholes-williams"):
        x = [1.0, m(t)]
    elif model == "dimson":
        x = [1.0] + [m(t + j) for j in range(-lags, leads + 1)]
    elif model == "ff3":
        x = [1.0] + [fac[c][t] for c in ("Mkt-RF", "SMB", "HML")]
    elif model.startswith("factors:"):
        x = [1.0] + [fac[c][t] for c in model[8:].split(",")]
    else:
        raise ValueError(model)
    return None if any(math.isnan(v) for v in x) else np.array(x)


def fit(model, r, rm, fac, e0, e1, opts):
    """Returns (coef, V = (X'X)^-1, sigma, n, df, k) for an OLS-type model
    or market-adjusted (coef None)."""
    lags, leads = opts.get("lags", 1), opts.get("leads", 1)
    rf = fac.get("RF") if model == "ff3" or model.startswith("factors:") \
        else None
    if model == "market-adjusted":
        d = np.array([r[t] - rm[t] for t in range(e0, e1 + 1)
                      if not (math.isnan(r[t]) or math.isnan(rm[t]))])
        return None, None, float(np.std(d, ddof=1)), len(d), len(d) - 1, 0
    if model == "scholes-williams":
        return fit_sw(r, rm, e0, e1)
    X, y = [], []
    for t in range(e0, e1 + 1):
        x = design(model, t, rm, fac, lags, leads)
        yt = r[t] - (rf[t] if rf is not None else 0)
        if x is None or math.isnan(yt):
            continue
        X.append(x)
        y.append(yt)
    X, y = np.array(X), np.array(y)
    coef = np.linalg.lstsq(X, y, rcond=None)[0]
    ssr = float(np.sum((y - X @ coef) ** 2))
    n, k = X.shape
    return coef, np.linalg.inv(X.T @ X), math.sqrt(ssr / (n - k)), n, n - k, k


def fit_sw(r, rm, e0, e1):
    ts = [t for t in range(e0, e1 + 1) if t >= 1 and t + 1 < len(rm) and
          not any(math.isnan(v) for v in (r[t], rm[t - 1], rm[t], rm[t + 1]))]
    y = np.array([r[t] for t in ts])
    ms = [np.array([rm[t + j] for t in ts]) for j in (-1, 0, 1)]
    betas = [np.cov(y, m, ddof=1)[0, 1] / np.var(m, ddof=1) for m in ms]
    rho = np.corrcoef(ms[0], ms[1])[0, 1]
    b = sum(betas) / (1 + 2 * rho)
    a = y.mean() - b * ms[1].mean()
    ssr = float(np.sum((y - a - b * ms[1]) ** 2))
    X = np.column_stack([np.ones(len(ts)), ms[1]])
    return (np.array([a, b]), np.linalg.inv(X.T @ X),
            math.sqrt(ssr / (len(ts) - 2)), len(ts), len(ts) - 2, 2)


class Event:
    pass


def run_model(model, cal, rets, rm, fac, events, opts, conv, log):
    out = []
    lags, leads = opts.get("lags", 1), opts.get("leads", 1)
    rf = fac.get("RF") if model == "ff3" or model.startswith("factors:") \
        else None
    for sym, date in events:
        t0 = cal.index(date)
        r = rets[sym]
        e0, e1 = t0 + EST[0], t0 + EST[1]
        coef, V, sigma, n, df, k = fit(model, r, rm, fac, e0, e1, opts)
        ev = Event()
        ev.sym, ev.t0, ev.sigma, ev.n_est, ev.df = sym, t0, sigma, n, df

        def expected(t):
            if coef is None:
                return rm[t]
            x = design(model, t, rm, fac, lags, leads)
            if x is None:
                return math.nan
            return float(x @ coef) + (rf[t] if rf is not None else 0)

        def vfac(ts):
            if coef is None:
                return float(len(ts))
            s = sum(design(model, t, rm, fac, lags, leads) for t in ts)
            return len(ts) + float(s @ V @ s)

        ev.alpha = 0.0 if coef is None else coef[0]
        ev.beta = (1.0 if coef is None else
                   sum(coef[1:]) if model == "dimson" else
                   0.0 if model == "mean-adjusted" else coef[1])
        ev.est_ar = np.array([r[t] - expected(t) for t in range(e0, e1 + 1)])
        ts = list(range(t0 + WIN[0], t0 + WIN[1] + 1))
        ev.ret = np.array([r[t] for t in ts])
        ev.exp = np.array([expected(t) for t in ts])
        ev.ar = ev.ret - ev.exp
        ev.vf = np.array([vfac([t]) if not math.isnan(a) else math.nan
                          for t, a in zip(ts, ev.ar)])
        ev.sar = ev.ar / (sigma * np.sqrt(ev.vf))
        ev.car, ev.scar, ev.cvf, ev.bhar, ev.days = [], [], [], [], []
        for (a, b) in CARS:
            cols = [c - WIN[0] for c in range(a, b + 1)]
            ok = [c for c in cols if not math.isnan(ev.ar[c])]
            full = len(ok) == len(cols) or conv.get("missing") != "complete"
            vf = vfac([ts[c] for c in ok])
            g = (lambda x: math.exp(x)) if log else (lambda x: 1 + x)
            bh = (np.prod([g(ev.ret[c]) for c in ok]) -
                  np.prod([g(ev.exp[c]) for c in ok]))
            car = sum(ev.ar[c] for c in ok)
            ev.days.append(len(ok))
            ev.car.append(car if ok and full else math.nan)
            ev.scar.append(car / (sigma * math.sqrt(vf)) if ok and full
                           else math.nan)
            ev.cvf.append(vf if ok and full else math.nan)
            ev.bhar.append(bh if ok and full else math.nan)
        out.append(ev)
    return out


# ---- tests -----------------------------------------------------------------

def res(stat, p, n, df=None):
    return {"statistic": float(stat), "p_value": float(p), "n": int(n),
            "df": None if df is None else float(df), "status": "ok"}


def bad(status, n=0):
    return {"statistic": None, "p_value": None, "n": int(n), "df": None,
            "status": status}


def t_res(stat, df, n, conv):
    if conv.get("t-ref") == "normal":
        return res(stat, 2 * stats.norm.sf(abs(stat)), n)
    return res(stat, 2 * stats.t.sf(abs(stat), df), n, df)


def z_res(stat, n):
    return res(stat, 2 * stats.norm.sf(abs(stat)), n)


def valid(v):
    v = np.asarray(v, dtype=float)
    return v[~np.isnan(v)]


def test_t(vals, conv):
    x = valid(vals)
    return t_res(x.mean() / (x.std(ddof=1) / math.sqrt(len(x))),
                 len(x) - 1, len(x), conv)


def test_bw80(evs, vals, days, conv):
    idx = [i for i, v in enumerate(vals) if not math.isnan(v)]
    if conv.get("bw1980-var") == "sample":
        var = [np.var(valid(evs[i].est_ar), ddof=1) for i in idx]
    else:
        var = [evs[i].sigma ** 2 for i in idx]
    stat = sum(vals[i] for i in idx) / math.sqrt(
        sum(days[i] * v for i, v in zip(idx, var)))
    df = np.mean([evs[i].n_est for i in idx]) - 1
    return t_res(stat, df, len(idx), conv)


def portfolio(evs, conv):
    m = np.array([e.est_ar for e in evs])
    with np.errstate(invalid="ignore"):
        a = np.nanmean(m, axis=0)
    a = valid(a)
    df = (np.mean([e.n_est for e in evs]) - 1
          if conv.get("bw-df") == "mean-est" else len(a) - 1)
    return float(np.std(a, ddof=1)), df


def aar(evs, c):
    return np.nanmean([e.ar[c] for e in evs])


def test_cda_day(evs, c, conv, lamb):
    s, df = portfolio(evs, conv)
    n = sum(1 for e in evs if not math.isnan(e.ar[c]))
    if lamb:
        f = np.mean([e.vf[c] for e in evs if not math.isnan(e.ar[c])])
        return z_res(aar(evs, c) / (s * math.sqrt(f)), n)
    return t_res(aar(evs, c) / s, df, n, conv)


def test_cda_window(evs, w, conv, lamb):
    a, b = CARS[w]
    cols = [c - WIN[0] for c in range(a, b + 1)]
    if conv.get("car-agg") == "daily-sum":
        kept = [c for c in cols if 100.0 * sum(
            1 for e in evs if not math.isnan(e.ar[c])) / len(evs) > 90]
        st = [test_cda_day(evs, c, conv, lamb) for c in kept]
        return z_res(sum(x["statistic"] for x in st) / math.sqrt(len(kept)),
                     max(x["n"] for x in st))
    s, df = portfolio(evs, conv)
    cars = [e for e in evs if not math.isnan(e.car[w])]
    if lamb:
        f = np.mean([e.cvf[w] for e in cars])
        return z_res(np.mean([e.car[w] for e in cars]) / (s * math.sqrt(f)),
                     len(cars))
    caar = sum(aar(evs, c) for c in cols)
    return t_res(caar / (s * math.sqrt(len(cols))), df, len(cars), conv)


def std_values(evs, w, conv):
    """Per event (z, L) for Patell/BMP: SAR for a day (w is a column int
    tagged ('d', c)), CSAR with L days or SCAR for a window."""
    kind, k = w
    out = []
    for e in evs:
        if kind == "d":
            out.append((e.sar[k], 1))
        elif conv.get("patell-window") == "scar":
            out.append((e.scar[k], 1))
        else:
            a, b = CARS[k]
            v = valid([e.sar[c - WIN[0]] for c in range(a, b + 1)])
            out.append((v.sum() if len(v) else math.nan, len(v)))
    return out


def test_patell(evs, w, conv, rbar=None):
    num = den = n = 0
    for e, (z, L) in zip(evs, std_values(evs, w, conv)):
        v = e.n_est - 2 if conv.get("sar-df") == "two" else e.df
        if math.isnan(z) or v <= 2:
            continue
        num, den, n = num + z, den + L * v / (v - 2), n + 1
    stat = num / math.sqrt(den)
    if rbar is not None:
        f = 1 / (1 + (n - 1) * rbar)
        if conv.get("kp-patell") == "with-1-r":
            f *= 1 - rbar
        stat *= math.sqrt(f)
    return z_res(stat, n)


def test_bmp(evs, w, conv, rbar=None):
    z = valid([z / math.sqrt(L) if L else math.nan
               for z, L in std_values(evs, w, conv)])
    n = len(z)
    stat = math.sqrt(n) * z.mean() / z.std(ddof=1)
    if rbar is not None:
        stat *= math.sqrt((1 - rbar) / (1 + (n - 1) * rbar))
    return t_res(stat, n - 1, n, conv)


def rbar_pairwise(evs, cal):
    """O(N^2) version of the estimator: sum over pairs of the products of
    unit-length centred residuals on shared calendar dates."""
    w = []
    for e in evs:
        keys = [cal[e.t0 + EST[0] + k] for k in range(len(e.est_ar))]
        ok = ~np.isnan(e.est_ar)
        c = e.est_ar[ok] - e.est_ar[ok].mean()
        c = c / math.sqrt(np.sum(c ** 2))
        w.append(dict(zip([k for k, o in zip(keys, ok) if o], c)))
    tot, n = 0.0, len(w)
    for i in range(n):
        for j in range(n):
            if i != j:
                tot += sum(v * w[j][k] for k, v in w[i].items() if k in w[j])
    return tot / (n * (n - 1))


def skew_stat(x):
    n, m, s = len(x), x.mean(), x.std(ddof=1)
    g = np.sum((x - m) ** 3) / (n * s ** 3)
    S = m / s
    return math.sqrt(n) * (S + g * S * S / 3 + g / (6 * n)), m


MASK = (1 << 64) - 1


def splitmix(state):
    state = (state + 0x9e3779b97f4a7c15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK
    return state, z ^ (z >> 31)


def test_skew(vals, conv, extra, boot):
    x = valid(vals)
    n = len(x)
    t, mean = skew_stat(x)
    if not boot:
        return t_res(t, n - 1, n, conv)
    nb, state = int(math.floor(0.25 * n)), extra.get("seed", 1)
    if nb < 3:
        return bad("too-few", n)
    lo = hi = used = 0
    for _ in range(extra.get("boot", 1000)):
        draw = []
        for _ in range(nb):
            state, z = splitmix(state)
            draw.append(x[z % n])
        draw = np.array(draw)
        if np.all(draw == draw[0]):
            continue  # no spread: skipped, as evstudy does
        sb = draw.std(ddof=1)
        g = np.sum((draw - draw.mean()) ** 3) / (nb * sb ** 3)
        S = (draw.mean() - mean) / sb
        tb = math.sqrt(nb) * (S + g * S * S / 3 + g / (6 * nb))
        used, lo, hi = used + 1, lo + (tb <= t), hi + (tb >= t)
    return {"statistic": t, "p_value": min(1.0, 2 * min(lo, hi) / used),
            "n": n, "df": None, "status": "ok"}


def pos(x, conv):
    if x == 0:
        z = conv.get("sign-zero", "nonpositive")
        return 1 if z == "positive" else None if z == "drop" else 0
    return 1 if x > 0 else 0


def test_sign(vals, conv):
    s = [pos(v, conv) for v in vals if not math.isnan(v)]
    s = [v for v in s if v is not None]
    n = len(s)
    return z_res((sum(s) - 0.5 * n) / math.sqrt(0.25 * n), n)


def test_gsign(evs, vals, conv):
    idx = [i for i, v in enumerate(vals) if not math.isnan(v)]
    shares, P, C = [], 0, 0
    for i in idx:
        s = [pos(v, conv) for v in valid(evs[i].est_ar)]
        s = [v for v in s if v is not None]
        shares.append(sum(s) / len(s))
        P, C = P + sum(s), C + len(s)
    p = P / C if conv.get("gsign-p") == "pooled" else np.mean(shares)
    w = sum(pos(vals[i], conv) for i in idx)
    n = len(idx)
    return z_res((w - n * p) / math.sqrt(n * p * (1 - p)), n)


def rank_scores(evs, kind, cols, conv):
    """Per event the scores over estimation days + event columns `cols`:
    columns E..; returns (matrix events x columns, T_i)."""
    rows, Ts = [], []
    for e in evs:
        v = np.concatenate([e.est_ar, [e.ar[c] for c in cols]])
        ok = ~np.isnan(v)
        T = ok.sum()
        sc = np.full(len(v), math.nan)
        if kind == "sign":
            med = np.median(v[ok])
            sc[ok] = np.sign(v[ok] - med)
        else:
            method = "ordinal" if conv.get("rank-ties") == "first" else "average"
            K = stats.rankdata(v[ok], method=method)
            sc[ok] = K - (T + 1) / 2 if kind == "rank" else K / (T + 1) - 0.5
        rows.append(sc)
        Ts.append(T)
    return np.array(rows), Ts


def daily_q(m, kind):
    cnt = np.sum(~np.isnan(m), axis=0)
    s = np.nansum(m, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = s / cnt if kind == "rank" else s / np.sqrt(cnt)
    q[cnt == 0] = math.nan
    return q, cnt


def rank_scale(q, Ts, conv):
    v = valid(q)
    T = np.mean(Ts) if conv.get("rank-scale") == "mean-obs" else len(v)
    return math.sqrt(np.sum(v ** 2) / T)


def test_rankfam(evs, kind, target, conv):
    L = WIN[1] - WIN[0] + 1
    E = len(evs[0].est_ar)
    cols, cover = list(range(L)), None
    if target[0] == "w" and kind == "rank" and \
            conv.get("rank-window") == "car-window":
        a, b = CARS[target[1]]
        cols, cover = [c - WIN[0] for c in range(a, b + 1)], 90.0
    m, Ts = rank_scores(evs, kind, cols, conv)
    q, cnt = daily_q(m, kind)
    S = rank_scale(q, Ts, conv)
    if target[0] == "d":
        k = E + target[1]
        return z_res(q[k] / S, cnt[k])
    a, b = CARS[target[1]]
    ks = [E + cols.index(c - WIN[0]) for c in range(a, b + 1)]
    ks = [k for k in ks if cnt[k] > 0 and
          (cover is None or 100.0 * cnt[k] / len(evs) > cover)]
    return z_res(sum(q[k] for k in ks) / (math.sqrt(len(ks)) * S),
                 max(cnt[k] for k in ks))


def test_grank(evs, target, conv):
    x = np.array([e.sar[target[1]] if target[0] == "d" else e.scar[target[1]]
                  for e in evs])
    sd = valid(x).std(ddof=1)
    U, E = [], len(evs[0].est_ar)
    for e, xi in zip(evs, x):
        if math.isnan(xi):
            continue
        v = np.concatenate([e.est_ar / e.sigma, [xi / sd]])
        ok = ~np.isnan(v)
        u = np.full(len(v), math.nan)
        u[ok] = stats.rankdata(v[ok]) / (ok.sum() + 1) - 0.5
        U.append(u)
    U = np.array(U)
    N = len(U)
    cnt = np.sum(~np.isnan(U), axis=0)
    ubar = np.nansum(U, axis=0) / np.maximum(cnt, 1)
    use = cnt > 0
    T = use.sum()
    su = math.sqrt(np.sum((cnt[use] / N) * ubar[use] ** 2) / T)
    z = ubar[E] / su
    t = z * math.sqrt((T - 2) / (T - 1 - z * z))
    return t_res(t, T - 2, N, conv)


def test_wilcoxon(vals):
    x = valid(vals)
    x = x[x != 0]
    ranks = stats.rankdata(np.abs(x))
    wplus = float(ranks[x > 0].sum())
    p = stats.wilcoxon(x, alternative="two-sided", mode="exact").pvalue
    return res(wplus, p, len(x))


# ---- a case ----------------------------------------------------------------

def all_tests(evs, cal, conv, extra):
    out = []
    rbar = rbar_pairwise(evs, cal)
    L = WIN[1] - WIN[0] + 1
    targets = [("d", c) for c in range(L)] + [("w", w) for w in range(len(CARS))]
    for name in ["t", "brown-warner-1980", "brown-warner-1985", "patell",
                 "patell-kp", "bmp", "bmp-kp", "lamb", "skewness-adjusted",
                 "skewness-adjusted-boot", "sign", "generalized-sign",
                 "corrado-rank", "corrado-zivney", "corrado-sign", "grank",
                 "wilcoxon"]:
        for tg in targets:
            day = tg[0] == "d"
            vals = [e.ar[tg[1]] if day else e.car[tg[1]] for e in evs]
            days = [1 if day else e.days[tg[1]] for e in evs]
            if name == "t":
                r = test_t(vals, conv)
            elif name == "brown-warner-1980":
                r = test_bw80(evs, vals, days, conv)
            elif name in ("brown-warner-1985", "lamb"):
                lamb = name == "lamb"
                r = (test_cda_day(evs, tg[1], conv, lamb) if day else
                     test_cda_window(evs, tg[1], conv, lamb))
            elif name in ("patell", "patell-kp"):
                r = test_patell(evs, tg, conv, rbar if name != "patell" else None)
            elif name in ("bmp", "bmp-kp"):
                r = test_bmp(evs, tg, conv, rbar if name != "bmp" else None)
            elif name.startswith("skewness"):
                sv = vals if day else [e.bhar[tg[1]] for e in evs]
                r = test_skew(sv, conv, extra, name.endswith("boot"))
            elif name == "sign":
                r = test_sign(vals, conv)
            elif name == "generalized-sign":
                r = test_gsign(evs, vals, conv)
            elif name.startswith("corrado"):
                kind = {"corrado-rank": "rank", "corrado-zivney": "std",
                        "corrado-sign": "sign"}[name]
                r = test_rankfam(evs, kind, tg, conv)
            elif name == "grank":
                r = test_grank(evs, tg, conv)
            else:
                r = test_wilcoxon(vals)
            r["name"], r["scope"] = name, "day" if day else "window"
            if day:
                r["day"] = WIN[0] + tg[1]
            else:
                r["window"] = "%d:%d" % CARS[tg[1]]
            out.append(r)
    return out, rbar


def expect(datadir, outpath):
    mdates, mpx = read_prices(os.path.join(datadir, "MKT.csv"))
    cal = mdates
    with open(os.path.join(datadir, "events.csv")) as f:
        events = [(r["symbol"], r["date"]) for r in csv.DictReader(f)]
    fac = read_french(os.path.join(datadir, "factors.csv"), cal)
    result = {"provenance": "scripts/reference_stats.py expect (numpy %s, "
              "scipy %s)" % (np.__version__, __import__("scipy").__version__),
              "est": "%d:%d" % EST, "window": "%d:%d" % WIN,
              "car": ["%d:%d" % w for w in CARS], "cases": {}}
    for name, (args, model, conv, extra) in CASES.items():
        log = bool(extra.get("log"))
        rm = returns_on(cal, mdates, mpx, log)
        rets = {}
        for s in sorted({e[0] for e in events}):
            d, p = read_prices(os.path.join(datadir, s + ".csv"))
            rets[s] = returns_on(cal, d, p, log)
        evs = run_model(model, cal, rets, rm, fac, events, extra, conv, log)
        case = {"args": args, "events": []}
        for e in evs:
            case["events"].append({
                "alpha": e.alpha, "beta": e.beta, "sigma": e.sigma,
                "n_est": e.n_est, "df": e.df,
                "car": [None if math.isnan(v) else v for v in e.car],
                "scar": [None if math.isnan(v) else v for v in e.scar],
                "bhar": [None if math.isnan(v) else v for v in e.bhar]})
        if name in ("market", "estudy2", "alt"):
            case["tests"], case["rbar"] = all_tests(evs, cal, conv, extra)
        else:
            case["tests"] = [t for t in all_tests(evs, cal, conv, extra)[0]
                             if t["name"] in ("t", "patell")]
        result["cases"][name] = case
    with open(outpath, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "make-data":
        make_data(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "expect":
        expect(sys.argv[2], sys.argv[3])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
