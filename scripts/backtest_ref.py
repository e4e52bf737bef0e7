#!/usr/bin/python3
"""Independent reference computation of `evstudy backtest` (stdlib only).

Written from the definitions in README "Backtests", not from the C code:
trades (entry/exit days, prices, gross, net and hedged returns, the hedge
beta by closed-form OLS), per-set statistics (statistics.mean/median/stdev),
and the equal-weight calendar-time portfolio (a dict of date -> daily trade
returns) with its total return and maximum drawdown.

  backtest_ref.py --prices F.csv ... --events E.csv --market SYM \
      [--entry 0,1] [--hold 5,20] [--side long,short] [--at close|open] \
      [--hedge none|beta|one] [--cost BPS] [--estimation A:B] [--min-est N] \
      [--year-days N] [--compare evstudy.json]

Without --compare it prints its own JSON; with it, it checks evstudy's JSON
against the reference (relative tolerance 1e-9) and exits 1 on a mismatch.
Only --roll next is implemented; price files without a symbol column.
"""
import argparse
import bisect
import csv
import json
import math
import os
import statistics
import sys


def num(s):
    s = s.strip()
    if s in ("", "NA", "NaN", "null", "."):
        return None
    v = float(s)
    return v if v > 0 else None


def load_prices(path):
    """{date: (open, close, basis)} with basis = adj_close if the column has
    any value, else close."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    cols = {k.lower().strip(): k for k in rows[0].keys()}
    adj = cols.get("adj_close")
    use_adj = adj is not None and any(num(r[adj] or "") for r in rows)
    out = {}
    for r in rows:
        o = num(r.get(cols.get("open", ""), "") or "")
        c = num(r.get(cols["close"], "") or "")
        b = num(r[adj] or "") if use_adj else c
        out[r[cols["date"]]] = (o, c, b, use_adj)
    return out


def aligned(cal, px):
    """Per calendar day: open, close, basis close, basis open."""
    res = []
    for d in cal:
        o, c, b, use_adj = px.get(d, (None, None, None, False))
        bo = o if not use_adj else (o * b / c if o and b and c else None)
        res.append((o, c, b, bo))
    return res


def simple_returns(al):
    r = [None]
    for t in range(1, len(al)):
        a, b = al[t - 1][2], al[t][2]
        r.append(b / a - 1 if a and b else None)
    return r


def ols_beta(y, x, need):
    pairs = [(a, b) for a, b in zip(y, x) if a is not None and b is not None]
    n = len(pairs)
    if n < need:
        return n, None
    my = sum(a for a, _ in pairs) / n
    mx = sum(b for _, b in pairs) / n
    sxy = sum((b - mx) * (a - my) for a, b in pairs)
    sxx = sum((b - mx) ** 2 for _, b in pairs)
    return n, sxy / sxx


def one_trade(k, h, side, a, ctx):
    """(trade dict, path points) or (None, reason)."""
    cal, s, m, t0, beta = ctx["cal"], ctx["s"], ctx["m"], ctx["t0"], ctx["beta"]
    te = t0 + k
    if te < 0 or te >= len(cal):
        return None, "entry-off-data"
    b_in = s[te][3] if a.at == "open" else s[te][2]
    raw_in = s[te][0] if a.at == "open" else s[te][1]
    if b_in is None:
        return None, "no-entry-price"
    tn, tx, kind = te + h, None, None
    for t in range(tn, len(cal)):
        if s[t][2] is not None:
            tx, kind = t, ("scheduled" if t == tn else "delayed")
            break
    if tx is None:
        for t in range(min(tn, len(cal)) - 1, te, -1):
            if s[t][2] is not None:
                tx, kind = t, "end-of-data"
                break
    if tx is None:
        return None, "no-exit-price"
    g = s[tx][2] / b_in - 1
    c = a.cost / 1e4
    sgn = 1 if side == "long" else -1
    net = sgn * g - c * 1.0 - c * (1 + g)  # entry value 1, exit value 1+g
    trade = dict(entry=k, hold=h, side=side, symbol=ctx["sym"],
                 entry_date=cal[te], exit_date=cal[tx], days_held=tx - te,
                 exit=kind, entry_price=raw_in, exit_price=s[tx][1],
                 gross_return=g, net_return=net, market_return=None,
                 beta=None, hedged_return=None)
    gm, m_in = 0.0, None
    if a.hedge != "none":
        m_in = m[te][3] if a.at == "open" else m[te][2]
        if m_in is None or m[tx][2] is None:
            return None, "no-market-price"
        gm = m[tx][2] / m_in - 1
        hedged = net - sgn * beta * gm - c * abs(beta) * (2 + gm)
        trade.update(market_return=gm, beta=beta, hedged_return=hedged)
    trade["return"] = trade["hedged_return"] if a.hedge != "none" else net
    # Value path per unit notional: marked to the last known close.
    b = beta if a.hedge != "none" else 0.0
    start = te if a.at == "open" else te + 1
    x = mm = 1.0
    values = [1.0]
    for t in range(start, tx + 1):
        if s[t][2] is not None:
            x = s[t][2] / b_in
        if m_in is not None and m[t][2] is not None:
            mm = m[t][2] / m_in
        v = 1 + sgn * (x - 1) - sgn * b * (mm - 1) - c * (1 + abs(b))
        if t == tx:
            v -= c * (x + abs(b) * mm)
        values.append(max(v, 0.0))
    pts = []
    for i, t in enumerate(range(start, tx + 1)):
        if values[i] <= 0:
            break
        pts.append((cal[t], values[i + 1] / values[i] - 1))
    return trade, pts


def event_context(ev, a, data):
    sym, msym = ev["symbol"], ev.get("market") or a.market
    if sym not in data:
        return None, "no-prices"
    if msym not in data:
        return None, "no-market"
    cal = sorted(data[msym])
    i = bisect.bisect_left(cal, ev["date"])
    if i >= len(cal) or i == 0 and cal[0] != ev["date"]:
        return None, "off-calendar"
    ctx = dict(sym=sym, cal=cal, s=aligned(cal, data[sym]),
               m=aligned(cal, data[msym]), t0=i, beta=1.0)
    if a.hedge == "beta":
        e0, e1 = i + a.est[0], i + a.est[1]
        if e0 < 0 or e1 >= len(cal):
            return None, "no-hedge-beta"
        y = simple_returns(ctx["s"])[e0:e1 + 1]
        x = simple_returns(ctx["m"])[e0:e1 + 1]
        n, ctx["beta"] = ols_beta(y, x, max(a.min_est, 3))
        if ctx["beta"] is None:
            return None, "no-hedge-beta"
    return ctx, None


def summary(trades, pts, a, k, h, side, skipped):
    r = [t["return"] for t in trades]
    n = len(r)
    out = dict(entry=k, hold=h, side=side, n=n, skipped=skipped, mean=None,
               median=None, hit_rate=None, sd=None, t=None, sharpe=None,
               worst=None, best=None, mean_days_held=None, end_of_data=0,
               total_return=None, max_drawdown=None, portfolio_days=0)
    if n == 0:
        return out
    days = statistics.mean(t["days_held"] for t in trades)
    out.update(mean=statistics.mean(r), median=statistics.median(r),
               hit_rate=sum(1 for v in r if v > 0) / n, worst=min(r),
               best=max(r), mean_days_held=days,
               end_of_data=sum(t["exit"] == "end-of-data" for t in trades))
    if n > 1:
        out["sd"] = sd = statistics.stdev(r)
        if sd > 0:
            out.update(t=out["mean"] / sd * math.sqrt(n),
                       sharpe=out["mean"] / sd * math.sqrt(a.year_days / days))
    by_date = {}
    for d, x in pts:
        by_date.setdefault(d, []).append(x)
    value, peak, mdd = 1.0, 1.0, 0.0
    for d in sorted(by_date):
        value *= 1 + sum(by_date[d]) / len(by_date[d])
        peak = max(peak, value)
        mdd = max(mdd, 1 - value / peak)
    out.update(total_return=value - 1, max_drawdown=mdd,
               portfolio_days=len(by_date))
    return out


def run(a):
    data = {}
    for p in a.prices:
        sym = os.path.basename(p)
        sym = sym[:-4] if sym.lower().endswith(".csv") else sym
        data[sym] = load_prices(p)
    with open(a.events, newline="") as f:
        events = [{k.lower(): v for k, v in r.items()} for r in csv.DictReader(f)]
    ctxs = [event_context(ev, a, data) for ev in events]
    res = dict(trades=[], summary=[], skipped=[])
    for k in a.entry:
        for h in a.hold:
            for side in a.side:
                trades, pts, skipped = [], [], 0
                for i, (ctx, why) in enumerate(ctxs):
                    if ctx is not None:
                        t, p = one_trade(k, h, side, a, ctx)
                        why = p if t is None else None
                    if why is not None:
                        skipped += 1
                        res["skipped"].append(dict(entry=k, hold=h, side=side,
                                                   index=i + 1, status=why))
                        continue
                    t["index"] = i + 1
                    trades.append(t)
                    pts.extend(p)
                res["trades"].extend(trades)
                res["summary"].append(summary(trades, pts, a, k, h, side,
                                              skipped))
    return res


def close(x, y, tol=1e-9):
    if x is None or y is None:
        return x is None and y is None
    if isinstance(x, str) or isinstance(y, str):
        return x == y
    return abs(x - y) <= tol * max(1.0, abs(y))


def compare(ref, got):
    bad = []
    keys = ("trades", "summary", "skipped")
    for key in keys:
        if len(ref[key]) != len(got[key]):
            bad.append("%s: %d rows, evstudy has %d" % (key, len(ref[key]),
                                                        len(got[key])))
            continue
        for i, (r, g) in enumerate(zip(ref[key], got[key])):
            for f, v in r.items():
                if not close(g.get(f), v):
                    bad.append("%s[%d].%s: evstudy %r, reference %r" %
                               (key, i, f, g.get(f), v))
    for m in bad[:40]:
        print("mismatch:", m, file=sys.stderr)
    n = sum(len(ref[k]) for k in keys)
    print("compared %d trades, %d summaries, %d skips: %d mismatches" %
          (len(ref["trades"]), len(ref["summary"]), len(ref["skipped"]),
           len(bad)))
    return 1 if bad or n == 0 else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-p", "--prices", action="append", required=True)
    ap.add_argument("--events", required=True)
    ap.add_argument("--market")
    ints = lambda s: [int(v) for v in s.split(",")]
    ap.add_argument("--entry", type=ints, default=[0])
    ap.add_argument("--hold", type=ints, default=[20])
    ap.add_argument("--side", type=lambda s: s.split(","), default=["long"])
    ap.add_argument("--at", default="close")
    ap.add_argument("--hedge", default="none")
    ap.add_argument("--cost", type=float, default=0.0)
    ap.add_argument("--estimation", type=lambda s: ints(s.replace(":", ",")),
                    default=[-250, -11], dest="est")
    ap.add_argument("--min-est", type=int, default=30, dest="min_est")
    ap.add_argument("--year-days", type=float, default=252.0, dest="year_days")
    ap.add_argument("--compare")
    a = ap.parse_args()
    ref = run(a)
    if a.compare:
        with open(a.compare) as f:
            return compare(ref, json.load(f))
    json.dump(ref, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
