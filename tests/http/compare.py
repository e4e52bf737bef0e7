#!/usr/bin/env python3
"""Compares a price CSV written by `evstudy fetch --out` with the file its
numbers came from, numerically: same dates, and per column equal prices
(relative 1e-12: both are the same decimal text read as doubles) and
volumes within --volume-tol shares (Eastmoney reports A-share volume in
lots of 100 shares, rounded: up to 50 shares lost).

  compare.py GOT WANT [--delimiter ';'] [--from D] [--to D]
             [--volume-tol N] [--adj-is-close] [--fields open,high,...]

A WANT cell that is empty must be empty in GOT.  Exit 0 when equal; 1 and
the first differences otherwise.
"""
import argparse
import csv
import sys

ALIASES = {"%y-%m-%d": "date", "adjclose": "adj_close"}


def read(path, delim):
    with open(path, newline="") as f:
        r = csv.reader(f, delimiter=delim)
        head = [ALIASES.get(h.strip().strip('"').lower(), h.strip().strip('"').lower()) for h in next(r)]
        return {row[0]: dict(zip(head, row)) for row in r if row}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("got")
    ap.add_argument("want")
    ap.add_argument("--delimiter", default=",")
    ap.add_argument("--from", dest="first", default="0000")
    ap.add_argument("--to", dest="last", default="9999")
    ap.add_argument("--volume-tol", type=float, default=0)
    ap.add_argument("--adj-is-close", action="store_true",
                    help="GOT's adj_close must equal WANT's close (Yahoo indices)")
    ap.add_argument("--fields", default="open,high,low,close,adj_close,volume")
    a = ap.parse_args()
    got, want = read(a.got, ","), read(a.want, a.delimiter)
    want = {d: r for d, r in want.items() if a.first <= d <= a.last}
    bad = []
    if sorted(got) != sorted(want):
        bad.append("dates differ: only in got %s, only in want %s"
                   % (sorted(set(got) - set(want))[:5], sorted(set(want) - set(got))[:5]))
    for d in sorted(set(got) & set(want)):
        for f in a.fields.split(","):
            src = "close" if (f == "adj_close" and a.adj_is_close) else f
            w, g = want[d].get(src, "").strip(), got[d].get(f, "").strip()
            if w == "" or g == "":
                if w != g and not (f == "adj_close" and w == "" and not a.adj_is_close):
                    bad.append("%s %s: got %r, want %r" % (d, f, g, w))
                continue
            tol = a.volume_tol if f == "volume" else 1e-12 * abs(float(w))
            if abs(float(g) - float(w)) > tol:
                bad.append("%s %s: got %s, want %s" % (d, f, g, w))
    for line in bad[:10]:
        print(line)
    print("compared %d rows: %s" % (len(want), "equal" if not bad else "%d differences" % len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
