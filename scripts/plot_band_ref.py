#!/usr/bin/python3
"""Independent reference for the CAAR band of evstudy's plot module.

Reads tests/data/plot/study-returns.csv and study-events.csv (a
market-adjusted study, event window -1:1) and prints, per event day, the
AAR, the CAAR (cumulated AARs), the cross-sectional standard error of the
cumulative AR through that day and the band CAAR +/- 1.96 SE.

  se_t = sd_i(CAR_i(t)) / sqrt(n_t), sd with divisor n_t - 1, over the events
  with at least one valid AR through t; a missing AR adds nothing to CAR_i.

Run with Debian's python: /usr/bin/python3 scripts/plot_band_ref.py
"""
import csv
import math
import os

import numpy as np

HERE = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "plot")
WINDOW = (-1, 1)


def main():
    rets = {}
    with open(os.path.join(HERE, "study-returns.csv")) as f:
        for row in csv.DictReader(f):
            rets.setdefault(row["symbol"], {})[row["date"]] = float(row["ret"])
    with open(os.path.join(HERE, "study-events.csv")) as f:
        events = list(csv.DictReader(f))
    cal = sorted(rets["MKT"])  # the market's dates are the trading calendar
    days = list(range(WINDOW[0], WINDOW[1] + 1))
    ars = []
    for ev in events:
        k0 = cal.index(ev["date"])
        row = []
        for d in days:
            date = cal[k0 + d]
            r = rets[ev["symbol"]].get(date)
            row.append(np.nan if r is None else r - rets[ev["market"]][date])
        ars.append(row)
    ar = np.array(ars)
    aar = np.nanmean(ar, axis=0)
    caar = np.cumsum(aar)
    started = np.cumsum(~np.isnan(ar), axis=1) > 0
    car = np.cumsum(np.nan_to_num(ar), axis=1)
    print("day  n   AAR            CAAR           SE             lo             hi")
    for k, d in enumerate(days):
        x = car[started[:, k], k]
        se = x.std(ddof=1) / math.sqrt(len(x)) if len(x) >= 2 else float("nan")
        print("%3d %2d %.12f %.12f %.12f %.12f %.12f" % (
            d, len(x), aar[k], caar[k], se, caar[k] - 1.96 * se, caar[k] + 1.96 * se))
    for i, ev in enumerate(events):
        print("CAR path %s:" % ev["symbol"], " ".join("%.12f" % v for v in car[i]))


if __name__ == "__main__":
    main()
