#!/usr/bin/env python3
"""Independent reference computation of the `evstudy ipo` measures.

Python standard library only.  Reads an IPO CSV and the price files
<data>/<SYMBOL>.csv, and computes, from the definitions in the README
("evstudy ipo"), every first-day measure, the benchmark span return, the
market-adjusted initial return, money left on the table, market caps, and
for each horizon N the buy-and-hold returns and BHARs from the offer and
from the first close, plus the wealth relatives.

It is written separately from the C code and computes holding returns the
other way round: by compounding daily gross returns row by row
(prod(1 + r_t), Barber & Lyon 1997), where evstudy uses price relatives.

  ipo_reference.py [--data DIR] [--ipos FILE] [--horizons 1,5,20,60,120]
                   [--check EVSTUDY.json] [--tol 1e-9]

Without --check it prints the reference values as JSON.  With --check it
compares them to `evstudy ipo --format json` output and exits 1 on any
difference beyond the relative tolerance (missing must match missing).
"""
import argparse
import csv
import json
import math
import os
import sys


def num(s):
    s = (s or "").strip()
    if s == "" or s.upper() in ("NA", "N/A", "NAN", "NULL", "."):
        return None
    return float(s)


def load_prices(path):
    """date -> dict(open, high, low, close, basis) with basis adj_close if the
    column holds any value, else close."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    use_adj = any(num(r.get("adj_close")) is not None for r in rows)
    out = {}
    for r in rows:
        out[r["date"]] = {
            "open": num(r.get("open")),
            "high": num(r.get("high")),
            "low": num(r.get("low")),
            "close": num(r.get("close")),
            "basis": num(r.get("adj_close")) if use_adj else num(r.get("close")),
        }
    return out


def price_file(data, sym):
    if not sym or "/" in sym:
        return None
    p = os.path.join(data, sym + ".csv")
    return load_prices(p) if os.path.isfile(p) else None


def ratio(a, b):
    return None if a is None or b is None else a / b - 1


def diff(a, b):
    return None if a is None or b is None else a - b


def compound(prices, dates):
    """prod(P_k / P_{k-1}) over consecutive dates; None if a basis is missing."""
    g = 1.0
    for prev, cur in zip(dates, dates[1:]):
        a, b = prices[prev]["basis"], prices[cur]["basis"]
        if a is None or b is None:
            return None
        g *= b / a
    return g


def first_day(ipo, stock):
    row = stock.get(ipo["listing_date"]) if stock else None
    out = {}
    for k in ("open", "high", "low", "close"):
        v = num(ipo.get("first_" + k))
        if v is None and row is not None:
            v = row[k]
        out[k] = v
    return out, row


def benchmark_ref(cal, t1, pricing):
    if pricing:
        idx = [i for i, d in enumerate(cal) if d <= pricing]
        return idx[-1] if idx else None
    return t1 - 1 if t1 >= 1 else None


def horizon(n, ipo, fd, stock, srow, bench, cal, t1, ref, on_bench, offer):
    ir = ratio(fd["close"], offer)
    h = {"days": n, "return_from_offer": None, "benchmark_return": None,
         "return_from_first_close": None,
         "benchmark_return_from_first_close": None}
    if n == 1:
        h["return_from_offer"] = ir
        h["return_from_first_close"] = 0.0 if fd["close"] is not None else None
        if on_bench and ref is not None:
            g = compound(bench, cal[ref:t1 + 1])
            h["benchmark_return"] = None if g is None else g - 1
            h["benchmark_return_from_first_close"] = 0.0 if g is not None else None
    elif t1 is not None and t1 + n - 1 < len(cal):
        dn = cal[t1 + n - 1]
        if srow is not None and dn in stock and ir is not None:
            sdates = sorted(d for d in stock if ipo["listing_date"] <= d <= dn)
            g = compound(stock, sdates)
            if g is not None:
                h["return_from_first_close"] = g - 1
                h["return_from_offer"] = (1 + ir) * g - 1
        if on_bench:
            if ref is not None:
                g = compound(bench, cal[ref:t1 + n])
                h["benchmark_return"] = None if g is None else g - 1
            g = compound(bench, cal[t1:t1 + n])
            h["benchmark_return_from_first_close"] = None if g is None else g - 1
    h["bhar"] = diff(h["return_from_offer"], h["benchmark_return"])
    h["bhar_from_first_close"] = diff(h["return_from_first_close"],
                                      h["benchmark_return_from_first_close"])
    return h


def listing(ipo, data, horizons, market):
    offer = num(ipo.get("offer_price"))
    out = {"symbol": ipo["symbol"]}
    if offer is None or offer <= 0:
        return out
    stock = price_file(data, ipo["symbol"])
    fd, srow = first_day(ipo, stock)
    bsym = (ipo.get("benchmark") or "").strip() or market
    bench = price_file(data, bsym)
    on_bench = bench is not None and ipo["listing_date"] in bench
    if on_bench:
        cal = sorted(bench)
    elif srow is not None:
        cal = sorted(stock)
    else:
        cal = []
    t1 = cal.index(ipo["listing_date"]) if ipo["listing_date"] in cal else None
    ref = benchmark_ref(cal, t1, (ipo.get("pricing_date") or "").strip()) \
        if on_bench else None
    out.update({
        "offer_to_open": ratio(fd["open"], offer),
        "offer_to_high": ratio(fd["high"], offer),
        "offer_to_low": ratio(fd["low"], offer),
        "offer_to_close": ratio(fd["close"], offer),
        "open_to_close": ratio(fd["close"], fd["open"]),
    })
    so, sh = num(ipo.get("shares_offered")), num(ipo.get("shares_outstanding"))
    c = fd["close"]
    out["money_left_on_table"] = None if c is None or so is None else (c - offer) * so
    out["market_cap_at_offer"] = None if sh is None else offer * sh
    out["market_cap_at_first_close"] = None if c is None or sh is None else c * sh
    hz = [horizon(n, ipo, fd, stock, srow, bench, cal, t1, ref, on_bench, offer)
          for n in horizons]
    out["benchmark_initial_return"] = hz[0]["benchmark_return"] if horizons[0] == 1 else None
    ir, bi = out["offer_to_close"], out["benchmark_initial_return"]
    out["market_adjusted_initial_return"] = \
        None if ir is None or bi is None else (1 + ir) / (1 + bi) - 1
    out["horizons"] = hz
    return out


def wealth(listings, horizons):
    """Ritter (1991): (1 + mean BHR) / (1 + mean benchmark BHR)."""
    rows = []
    for k, n in enumerate(horizons):
        row = {"horizon": n}
        for key, r_key, b_key in (("", "return_from_offer", "benchmark_return"),
                                  ("_from_first_close", "return_from_first_close",
                                   "benchmark_return_from_first_close")):
            pairs = [(x["horizons"][k][r_key], x["horizons"][k][b_key])
                     for x in listings if "horizons" in x]
            pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
            if pairs:
                ma = sum(a for a, _ in pairs) / len(pairs)
                mb = sum(b for _, b in pairs) / len(pairs)
                row["wealth_relative" + key] = (1 + ma) / (1 + mb)
            else:
                row["wealth_relative" + key] = None
        rows.append(row)
    return rows


def close(a, b, tol):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(b))


def check(ref, got, tol):
    """Compares every reference value with evstudy's; returns (n, mismatches)."""
    n, bad = 0, []
    by_sym = {x["symbol"]: x for x in got["ipos"]}
    for r in ref["ipos"]:
        g = by_sym.get(r["symbol"])
        if g is None:
            bad.append("%s: missing from evstudy output" % r["symbol"])
            continue
        for k, v in r.items():
            if k in ("symbol", "horizons"):
                continue
            n += 1
            if not close(g.get(k), v, tol):
                bad.append("%s %s: evstudy %r, reference %r" % (r["symbol"], k, g.get(k), v))
        for rh, gh in zip(r.get("horizons", []), g["horizons"]):
            for k, v in rh.items():
                n += 1
                if not close(gh.get(k), v, tol):
                    bad.append("%s N=%s %s: evstudy %r, reference %r"
                               % (r["symbol"], rh["days"], k, gh.get(k), v))
    for rw, gw in zip(ref["wealth_relative"], got["summary"]["wealth_relative"]):
        for k, v in rw.items():
            n += 1
            if not close(gw.get(k), v, tol):
                bad.append("wealth N=%s %s: evstudy %r, reference %r"
                           % (rw["horizon"], k, gw.get(k), v))
    return n, bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="data")
    ap.add_argument("--ipos")
    ap.add_argument("--market", default="")
    ap.add_argument("--horizons", default="1,5,20,60,120")
    ap.add_argument("--check")
    ap.add_argument("--tol", type=float, default=1e-9)
    a = ap.parse_args()
    horizons = [int(x) for x in a.horizons.split(",")]
    with open(a.ipos or os.path.join(a.data, "ipos.csv"), newline="",
              encoding="utf-8-sig") as f:
        ipos = list(csv.DictReader(f))
    listings = [listing(i, a.data, horizons, a.market) for i in ipos]
    ref = {"ipos": listings, "wealth_relative": wealth(listings, horizons)}
    if not a.check:
        json.dump(ref, sys.stdout, indent=2)
        print()
        return 0
    with open(a.check, encoding="utf-8") as f:
        got = json.load(f)
    n, bad = check(ref, got, a.tol)
    for b in bad:
        print("MISMATCH " + b)
    print("checked %d values against the reference: %d mismatches" % (n, len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
