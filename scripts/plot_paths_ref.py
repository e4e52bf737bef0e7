#!/usr/bin/env python3
"""Checks the numbers drawn by `evstudy ipo --plot DIR --plot-script`.

Python standard library only.  Reads the figure scripts DIR/bhar-paths.gp,
DIR/bhar-paths-first-close.gp and DIR/listing-*.gp, and compares every
datablock row with an independent computation from the IPO CSV and the
price files <data>/<SYMBOL>.csv:

  - bhar-paths: BHAR from the offer through each trading day d = 1..H,
    from scripts/ipo_reference.py (which compounds daily gross returns
    row by row, where evstudy uses price relatives), with horizons 1..H;
  - bhar-paths-first-close: the same from the first-day close;
  - listing-SYMBOL: the close on each benchmark trading day from the
    listing day to the stock's last row (missing where the stock has no
    row), and the benchmark rebased to the offer price,
    bench_d * offer / bench_ref (bench_ref: its close on the trading day
    before the listing, or on or before the pricing date).

A missing value must be missing on both sides.  Exits 1 on any mismatch.

  plot_paths_ref.py --figs DIR [--data DIR] [--ipos FILE] [--horizon 120]
                    [--tol 2e-9]
"""
import argparse
import csv
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ipo_reference as ref  # noqa: E402


def datablocks(path):
    """name -> list of rows (lists of fields); a blank line is None."""
    blocks, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^\$(\w+) << EOD$", line)
            if m:
                cur = blocks.setdefault(m.group(1), [])
            elif line == "EOD":
                cur = None
            elif cur is not None and not line.startswith("#"):
                cur.append(line.split() if line else None)
    return blocks


def titles(path):
    """datablock name -> the symbol that starts its legend title."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for m in re.finditer(r"\$(bhar\d+) using .*? title '((?:[^']|'')*)'", f.read()):
            out[m.group(1)] = m.group(2).replace("''", "'").split(" ")[0]
    return out


def close(a, b, tol):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(b))


def check_bhar(figs, ipos, args, listings, bad):
    n = 0
    for stem, key in (("bhar-paths", "bhar"),
                      ("bhar-paths-first-close", "bhar_from_first_close")):
        path = os.path.join(figs, stem + ".gp")
        blocks, who = datablocks(path), titles(path)
        if not who:
            bad.append("%s: no path" % stem)
        for name, sym in who.items():
            got = {int(r[0]): float(r[1]) for r in blocks[name] if r}
            want = {h["days"]: h[key] for h in listings[sym]["horizons"]}
            last = max(got)
            for d in range(1, last + 1):
                n += 1
                if not close(got.get(d), want[d], args.tol):
                    bad.append("%s %s day %d: drawn %r, reference %r"
                               % (stem, sym, d, got.get(d), want[d]))
            # Past the last drawn day the reference has nothing either, or
            # the path stops at the longest horizon.
            if last < args.horizon and any(want[d] is not None
                                           for d in range(last + 1, args.horizon + 1)):
                bad.append("%s %s: drawn through day %d only" % (stem, sym, last))
    return n


def check_listing(path, ipo, args, bad):
    sym = ipo["symbol"]
    stock = ref.price_file(args.data, sym)
    bench = ref.price_file(args.data, ipo["benchmark"])
    cal = sorted(bench)
    t1 = cal.index(ipo["listing_date"])
    last = max(d for d in cal if d <= max(stock))
    days = cal[t1:cal.index(last) + 1]
    r = ref.benchmark_ref(cal, t1, (ipo.get("pricing_date") or "").strip())
    base = bench[cal[r]]["basis"]
    offer = float(ipo["offer_price"])
    blocks = datablocks(path)
    n = 0
    for block, want in (
            ("close", {d: stock[d]["close"] if d in stock else None for d in days}),
            ("bench", {d: bench[d]["basis"] * offer / base for d in days})):
        got = {row[0]: float(row[1]) for row in blocks[block] if row}
        if set(got) - set(days):
            bad.append("%s $%s: dates off the calendar" % (path, block))
        for d in days:
            n += 1
            if not close(got.get(d), want[d], args.tol):
                bad.append("%s $%s %s: drawn %r, reference %r"
                           % (os.path.basename(path), block, d, got.get(d), want[d]))
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--figs", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--ipos")
    ap.add_argument("--horizon", type=int, default=120)
    ap.add_argument("--tol", type=float, default=2e-9)
    args = ap.parse_args()
    with open(args.ipos or os.path.join(args.data, "ipos.csv"), newline="",
              encoding="utf-8-sig") as f:
        ipos = list(csv.DictReader(f))
    horizons = list(range(1, args.horizon + 1))
    listings = {i["symbol"]: ref.listing(i, args.data, horizons, "") for i in ipos}
    bad = []
    n = check_bhar(args.figs, ipos, args, listings, bad)
    by_sym = {i["symbol"]: i for i in ipos}
    drawn = glob.glob(os.path.join(args.figs, "listing-*.gp"))
    for path in drawn:
        sym = os.path.basename(path)[len("listing-"):-len(".gp")]
        n += check_listing(path, by_sym[sym], args, bad)
    for b in bad:
        print("MISMATCH " + b)
    print("checked %d drawn values in %d listing figures and the BHAR paths: "
          "%d mismatches" % (n, len(drawn), len(bad)))
    return 1 if bad or not drawn else 0


if __name__ == "__main__":
    sys.exit(main())
