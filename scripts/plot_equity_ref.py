#!/usr/bin/python3
"""Checks the numbers drawn by `evstudy backtest --plot DIR --plot-script`.

Python standard library only.  Takes the options of scripts/backtest_ref.py
(same prices, events and grid as the evstudy run) plus --figs DIR, rebuilds
each parameter set's trades and daily portfolio with backtest_ref.py's own
functions (written from the README, not from the C code), and compares with
the figure scripts:

  - equity-E-H-SIDE.gp: the portfolio value on every market trading day from
    the day before its first day (value 1) to its last day, carried forward
    over days without an open trade (cash earns nothing); its drawdown
    value / running peak - 1;
  - trades-E-H-SIDE.gp: the number of trades in the histogram and the mean
    trade return marked on it.

A grid of more than 8 sets is drawn for its first set only (and must have
no figure for the others).  Exits 1 on any mismatch.
"""
import argparse
import csv
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtest_ref as ref  # noqa: E402


def datablock(path, name):
    rows, on = [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "$%s << EOD" % name:
                on = True
            elif line == "EOD":
                on = False
            elif on and line and not line.startswith("#"):
                rows.append(line.split())
    return rows


def close(a, b, tol=2e-9):
    return abs(a - b) <= tol * max(1.0, abs(b))


def sets(a, data):
    """(k, h, side, trade returns, portfolio points, calendar) per set, in
    grid order, exactly as backtest_ref.run() walks them."""
    ctxs = [ref.event_context(ev, a, data) for ev in a.events_rows]
    for k in a.entry:
        for h in a.hold:
            for side in a.side:
                rets, pts, cals = [], [], set()
                for ctx, why in ctxs:
                    if ctx is None:
                        continue
                    t, p = ref.one_trade(k, h, side, a, ctx)
                    if t is not None:
                        rets.append(t["return"])
                        pts.extend(p)
                        cals.add(tuple(ctx["cal"]))
                yield k, h, side, rets, pts, (list(cals.pop()) if len(cals) == 1 else None)


def expected_curve(pts, cal):
    by_date = {}
    for d, x in pts:
        by_date.setdefault(d, []).append(x)
    days = sorted(by_date)
    if cal is None:
        cal_days, start = days, []
    else:
        i0, i1 = cal.index(days[0]), cal.index(days[-1])
        cal_days = cal[i0:i1 + 1]
        start = [cal[i0 - 1]] if i0 > 0 else []
    out, value = [(d, 1.0) for d in start], 1.0
    for d in cal_days:
        if d in by_date:
            value *= 1 + sum(by_date[d]) / len(by_date[d])
        out.append((d, value))
    return out


def check_set(figs, k, h, side, rets, pts, cal, bad):
    stem = "%d-%d-%s" % (k, h, side)
    eq, tr = (os.path.join(figs, "%s-%s.gp" % (w, stem)) for w in ("equity", "trades"))
    if not rets:
        if os.path.exists(eq) or os.path.exists(tr):
            bad.append("%s: figures for a set without trades" % stem)
        return 0
    want = expected_curve(pts, cal)
    got = datablock(eq, "equity")
    dd = datablock(eq, "dd")
    if [r[0] for r in got] != [d for d, _ in want]:
        bad.append("equity-%s: dates %s..%s (%d), reference %s..%s (%d)" % (
            stem, got[0][0], got[-1][0], len(got), want[0][0], want[-1][0], len(want)))
        return 0
    peak = 0.0
    for (d, v), g, x in zip(want, got, dd):
        peak = max(peak, v)
        if not close(float(g[1]), v) or not close(float(x[1]), v / peak - 1):
            bad.append("equity-%s %s: drawn %s (dd %s), reference %r (dd %r)"
                       % (stem, d, g[1], x[1], v, v / peak - 1))
    hist = datablock(tr, "hist")
    mean = float(datablock(tr, "mean")[0][0])
    if sum(int(r[1]) for r in hist) != len(rets):
        bad.append("trades-%s: histogram counts %d trades, reference %d"
                   % (stem, sum(int(r[1]) for r in hist), len(rets)))
    if not close(mean, statistics.mean(rets)):
        bad.append("trades-%s: mean %r, reference %r" % (stem, mean, statistics.mean(rets)))
    return 2 * len(want) + 2


def main():
    figs = None
    if "--figs" in sys.argv:
        i = sys.argv.index("--figs")
        figs = sys.argv[i + 1]
        del sys.argv[i:i + 2]
    if figs is None:
        print("plot_equity_ref.py: --figs DIR is required", file=sys.stderr)
        return 2
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
    a = ap.parse_args()
    data = {}
    for p in a.prices:
        sym = os.path.basename(p)
        data[sym[:-4] if sym.lower().endswith(".csv") else sym] = ref.load_prices(p)
    with open(a.events, newline="") as f:
        a.events_rows = [{k.lower(): v for k, v in r.items()} for r in csv.DictReader(f)]
    all_sets = list(sets(a, data))
    bad, n = [], 0
    for j, (k, h, side, rets, pts, cal) in enumerate(all_sets):
        if len(all_sets) > 8 and j > 0:
            if os.path.exists(os.path.join(figs, "equity-%d-%d-%s.gp" % (k, h, side))):
                bad.append("set %d of %d drawn" % (j + 1, len(all_sets)))
            continue
        n += check_set(figs, k, h, side, rets, pts, cal, bad)
    for b in bad:
        print("MISMATCH " + b)
    print("checked %d drawn values of %d parameter sets: %d mismatches"
          % (n, len(all_sets), len(bad)))
    return 1 if bad or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
