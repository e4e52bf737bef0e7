#!/usr/bin/env python3
"""Writes tests/data/http/: answers of the four price sources in their real
wire formats (WIRE_FORMATS.md 4.1-4.4), filled with REAL prices from the
bundled data files, so that a fetch test can compare what evstudy parsed
with the file the numbers came from.

    /usr/bin/python3 scripts/make-http-fixtures.py      (stdlib only)

Sources of the numbers (see data/SOURCES.md and /work/shared/data/SOURCES.md):
  yahoo/^HSI.json        data/HSI.csv              (Yahoo ^HSI, HK)
  yahoo/6082.HK.json     data/6082.HK.csv          (sparse: many nulls)
  yahoo/688795.SS.json   data/688795.SS.csv
  yahoo/^GSPC.json       peers/vega-datasets/sp500-2000.csv, 2019-01..2020-04
  eastmoney/1.688795.json, 1.688802.json, 1.000688.json, 1.000300.json,
  eastmoney/116.06082.json                         data/*.csv
  stooq/msft.us.csv      peers/r-cran-timeseries/msft.csv
  alphavantage/MSFT.json peers/r-cran-timeseries/msft.csv
Synthetic parts, marked as such: timestamps are 09:30 exchange time of each
date; Eastmoney's amount is volume x close (the files carry no amount) and
A-share volumes are written in lots of 100 shares, rounded, as Eastmoney
reports them.
"""
import csv
import datetime as dt
import json
import os
import zoneinfo

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "data", "http")
PEERS = "/work/shared/data/peers"


def read_prices(path, delimiter=","):
    """Rows of a price CSV as dicts of raw strings (date, open, ..., volume)."""
    with open(path, newline="") as f:
        r = csv.reader(f, delimiter=delimiter)
        head = [h.strip().strip('"').lower() for h in next(r)]
        head = ["date" if h in ("%y-%m-%d", "date") else h for h in head]
        head = ["adj_close" if h == "adjclose" else h for h in head]
        return [dict(zip(head, row)) for row in r if row]


def num(s):
    return None if s is None or s.strip() == "" else float(s)


def session_start(date, tz, hour=9, minute=30):
    d = dt.date.fromisoformat(date)
    local = dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(tz))
    return int(local.timestamp()), int(local.utcoffset().total_seconds())


def yahoo(rows, symbol, tz, exchange, currency, itype):
    ts, cols = [], {k: [] for k in ("open", "high", "low", "close", "volume")}
    adj, off = [], 0
    for r in rows:
        t, off = session_start(r["date"], tz)
        ts.append(t)
        for k in ("open", "high", "low", "close"):
            cols[k].append(num(r.get(k)))
        v = num(r.get("volume"))
        cols["volume"].append(None if v is None else int(v))
        a = num(r.get("adj_close"))
        adj.append(a if a is not None else cols["close"][-1])
    last = next(c for c in reversed(cols["close"]) if c is not None)
    meta = {"currency": currency, "symbol": symbol, "exchangeName": exchange,
            "instrumentType": itype, "firstTradeDate": ts[0], "regularMarketTime": ts[-1],
            "gmtoffset": off, "timezone": "HKT" if "Hong" in tz else "CST" if "Shanghai" in tz else "EDT",
            "exchangeTimezoneName": tz, "regularMarketPrice": last,
            "chartPreviousClose": cols["close"][0], "priceHint": 2,
            "currentTradingPeriod": {"regular": {"timezone": "HKT", "start": ts[-1],
                                                 "end": ts[-1] + 23400, "gmtoffset": off}},
            "dataGranularity": "1d", "range": "",
            "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"]}
    return {"chart": {"result": [{"meta": meta, "timestamp": ts,
                                  "indicators": {"quote": [cols], "adjclose": [{"adjclose": adj}]}}],
                      "error": None}}


def em_cell(s):
    return "-" if s is None or s.strip() == "" else s.strip()


def eastmoney(rows, code, market, name, lots):
    kl = []
    for r in rows:
        vol = num(r.get("volume"))
        close = num(r.get("close"))
        if vol is None:
            v_txt, amount = "-", "-"
        else:
            v_txt = str(round(vol / 100)) if lots else str(int(vol))
            amount = "%.2f" % (vol * close) if close is not None else "-"
        kl.append(",".join([r["date"], em_cell(r.get("open")), em_cell(r.get("close")),
                            em_cell(r.get("high")), em_cell(r.get("low")), v_txt, amount]))
    return {"rc": 0, "rt": 17, "svr": 177617930, "lt": 1, "full": 0, "dlmkts": "",
            "data": {"code": code, "market": market, "name": name, "decimal": 2,
                     "dktotal": len(kl), "preKPrice": num(rows[0]["close"]), "klines": kl}}


def stooq(rows):
    lines = ["Date,Open,High,Low,Close,Volume"]
    for r in rows:
        lines.append(",".join([r["date"], r["open"], r["high"], r["low"], r["close"], r["volume"]]))
    return "\r\n".join(lines) + "\r\n"


def alphavantage(rows, symbol):
    ts = {}
    for r in reversed(rows):  # newest first, as the service answers
        ts[r["date"]] = {"1. open": "%.4f" % float(r["open"]), "2. high": "%.4f" % float(r["high"]),
                         "3. low": "%.4f" % float(r["low"]), "4. close": "%.4f" % float(r["close"]),
                         "5. volume": str(int(float(r["volume"])))}
    return {"Meta Data": {"1. Information": "Daily Prices (open, high, low, close) and Volumes",
                          "2. Symbol": symbol, "3. Last Refreshed": rows[-1]["date"],
                          "4. Output Size": "Full size", "5. Time Zone": "US/Eastern"},
            "Time Series (Daily)": ts}


def write(rel, text):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(text)


def main():
    data = lambda n: read_prices(os.path.join(ROOT, "data", n))
    hk, sh = "Asia/Hong_Kong", "Asia/Shanghai"
    jd = lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":"))
    write("yahoo/^HSI.json", jd(yahoo(data("HSI.csv"), "^HSI", hk, "HKG", "HKD", "INDEX")))
    write("yahoo/6082.HK.json", jd(yahoo(data("6082.HK.csv"), "6082.HK", hk, "HKG", "HKD", "EQUITY")))
    write("yahoo/688795.SS.json", jd(yahoo(data("688795.SS.csv"), "688795.SS", sh, "SHH", "CNY", "EQUITY")))
    spx = [r for r in read_prices(os.path.join(PEERS, "vega-datasets", "sp500-2000.csv"))
           if r["date"] >= "2019-01-01"]
    write("yahoo/^GSPC.json", jd(yahoo(spx, "^GSPC", "America/New_York", "SNP", "USD", "INDEX")))
    for code, name, f in (("688795", "摩尔线程-U", "688795.SS.csv"), ("688802", "沐曦股份-U", "688802.SS.csv"),
                          ("000688", "科创50", "000688.SS.csv"), ("000300", "沪深300", "000300.SS.csv")):
        write("eastmoney/1.%s.json" % code, jd(eastmoney(data(f), code, 1, name, True)))
    write("eastmoney/116.06082.json", jd(eastmoney(data("6082.HK.csv"), "06082", 116, "壁仞科技", False)))
    msft = read_prices(os.path.join(PEERS, "r-cran-timeseries", "msft.csv"), ";")
    write("stooq/msft.us.csv", stooq(msft))
    write("alphavantage/MSFT.json", json.dumps(alphavantage(msft, "MSFT"), indent=4))


if __name__ == "__main__":
    main()
