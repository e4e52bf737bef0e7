#!/usr/bin/python3
"""Writes a synthetic event study big enough to take a noticeable time:
DIR/prices.csv (long: date,symbol,close for a market MKT and N stocks over
D weekdays, random-walk prices from a fixed seed) and DIR/events.csv (one
event per stock, late enough for a -250:-11 estimation window).  Used by
the crash-safety tests, which only need a deterministic, slow-ish run; no
number from it is reported.  Usage: gen-synthetic-study.py DIR [N] [D]"""
import datetime, os, random, sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
days = int(sys.argv[3]) if len(sys.argv) > 3 else 600
rng = random.Random(20240601)
d, dates = datetime.date(2020, 1, 1), []
while len(dates) < days:
    if d.weekday() < 5:
        dates.append(d.isoformat())
    d += datetime.timedelta(days=1)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "prices.csv"), "w") as f:
    f.write("date,symbol,close\n")
    for s in ["MKT"] + ["S%04d" % i for i in range(n)]:
        p = 100.0
        for day in dates:
            p *= 1 + rng.gauss(0, 0.02)
            f.write("%s,%s,%.4f\n" % (day, s, p))
with open(os.path.join(out, "events.csv"), "w") as f:
    f.write("symbol,date\n")
    for i in range(n):
        f.write("S%04d,%s\n" % (i, dates[rng.randrange(300, days - 30)]))
