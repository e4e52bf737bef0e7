#!/usr/bin/env python3
"""Loopback HTTP server for the fetch tests (python stdlib only).

Binds 127.0.0.1 on a free port, prints the port on the first line of stdout,
and serves the four price sources in their wire formats from the fixtures in
tests/data/http/ (written by scripts/make-http-fixtures.py), filtered by the
date range each request asks for, as the real services do.

URL layout: /SCENARIO/<the source's own path and query>, e.g.
  /ok/v8/finance/chart/%5EHSI?period1=...&period2=...       (Yahoo)
  /ok/api/qt/stock/kline/get?secid=1.688795&beg=...&end=... (Eastmoney)
  /ok/q/d/l/?s=msft.us&d1=...&d2=...                        (Stooq)
  /ok/query?function=TIME_SERIES_DAILY&symbol=MSFT&...      (Alpha Vantage)
so a test points EVSTUDY_<SOURCE>_URL at http://127.0.0.1:PORT/SCENARIO/.
Scenarios (the faults of issue 5): ok, gzip (compressed answer), fail500
(500 once, then the answer), always503, r429 (429 with Retry-After: 1 once),
r429long (Retry-After: 3600), e404 (the source's 404 error body), trunc
(Content-Length promises more than is sent), badjson, html, empty (a
well-formed answer with no rows), emptybody, slow (5 s before answering),
slowish (0.3 s), nulls (Yahoo bars with null holes, a placeholder bar and a
repeated live bar), readjust (prices before 2026-01-01 halved, as a source
does after a split), badorder (Eastmoney high and low swapped), rcerr,
note, information, errmsg (Alpha Vantage limit/premium/error bodies),
nodata, hitslimit (Stooq plain-text errors), big (N synthetic Eastmoney
rows, for the kill test), redirect (302 to the same path under ok/).
Requests given as an absolute URI (a proxy request) are served too and
logged with "proxy": true.

Every request is appended to the --log file as one JSON object per line.
"""
import argparse
import datetime as dt
import gzip
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "http")
LOCK = threading.Lock()
SEEN = {}
LOG = None

YAHOO_404 = {"chart": {"result": None, "error": {"code": "Not Found",
                                                 "description": "No data found, symbol may be delisted"}}}
AV_NOTE = {"Note": "Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per "
                   "minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if "
                   "you would like to target a higher API call frequency."}
AV_INFO = {"Information": "Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests "
                          "per day. Please subscribe to any of the premium plans at "
                          "https://www.alphavantage.co/premium/ to instantly remove all daily rate limits."}
AV_ERR = {"Error Message": "Invalid API call. Please retry or visit the documentation "
                           "(https://www.alphavantage.co/documentation/) for TIME_SERIES_DAILY."}
AV_NOKEY = {"Error Message": "the parameter apikey is invalid or missing. Please claim your free API key "
                             "on (https://www.alphavantage.co/support/#api-key). It should take less than "
                             "20 seconds."}
HTML = ("<!DOCTYPE html><html lang=\"en\"><head><title>Just a moment...</title></head>"
        "<body><p>Please enable JavaScript and cookies to continue.</p></body></html>")


def ymd(s):
    return "%s-%s-%s" % (s[0:4], s[4:6], s[6:8])


def load(rel):
    path = os.path.join(FIX, rel)
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()


def halve_before(v, date):
    return v / 2 if v is not None and date < "2026-01-01" else v


def yahoo(sym, q, scenario):
    text = load(os.path.join("yahoo", sym + ".json"))
    if text is None:
        return 404, "application/json", json.dumps(YAHOO_404)
    doc = json.loads(text)
    r = doc["chart"]["result"][0]
    p1, p2 = int(q.get("period1", ["0"])[0]), int(q.get("period2", ["9999999999"])[0])
    keep = [i for i, t in enumerate(r["timestamp"]) if p1 <= t < p2]
    if scenario == "empty":
        keep = []
    quote, adj = r["indicators"]["quote"][0], r["indicators"]["adjclose"][0]["adjclose"]
    off = r["meta"]["gmtoffset"]
    day = lambda t: dt.datetime.fromtimestamp(t + off, dt.timezone.utc).strftime("%Y-%m-%d")
    cols = {k: [quote[k][i] for i in keep] for k in quote}
    ts = [r["timestamp"][i] for i in keep]
    adj = [adj[i] for i in keep]
    if scenario == "readjust":
        for k in ("open", "high", "low", "close"):
            cols[k] = [halve_before(v, day(t)) for v, t in zip(cols[k], ts)]
        adj = [halve_before(v, day(t)) for v, t in zip(adj, ts)]
    if scenario == "nulls" and len(ts) >= 6:
        cols["open"][1] = None          # a hole in one column
        cols["volume"][2] = None
        for k in cols:                  # a placeholder bar: every value null
            cols[k][3] = None
        adj[3] = None
        ts.append(ts[-1] + 3600)        # the live bar repeated, an hour later
        for k in cols:
            cols[k].append(cols[k][-1])
        cols["close"][-1] = cols["close"][-1] + 1 if cols["close"][-1] else 1
        adj.append(cols["close"][-1])
    if ts:
        r["timestamp"] = ts
        r["indicators"] = {"quote": [cols], "adjclose": [{"adjclose": adj}]}
    else:
        r.pop("timestamp", None)
        r["indicators"] = {"quote": [{}], "adjclose": [{}]}
    return 200, "application/json", json.dumps(doc)


BIG = {}


def big_klines(beg, end):
    if (beg, end) in BIG:
        return BIG[(beg, end)]
    d, last, out = dt.date.fromisoformat(beg), dt.date.fromisoformat(end), []
    price = 10.0
    while d <= last:
        if d.weekday() < 5:
            out.append("%s,%.2f,%.2f,%.2f,%.2f,%d,%.2f" % (d, price, price, price + 1, price - 1,
                                                             1000, 1000 * 100 * price))
        d += dt.timedelta(days=1)
    BIG[(beg, end)] = out
    return out


def eastmoney(q, scenario):
    secid = q.get("secid", [""])[0]
    beg, end = ymd(q.get("beg", ["10000101"])[0]), ymd(q.get("end", ["99991231"])[0])
    if scenario == "rcerr":
        return 200, "application/json", json.dumps({"rc": 102, "rt": 4, "data": None})
    if scenario == "big":
        kl = big_klines(beg, end)
        doc = {"rc": 0, "data": {"code": secid.split(".")[-1], "market": 0, "klines": kl}}
        return 200, "application/json", json.dumps(doc)
    text = load(os.path.join("eastmoney", secid + ".json"))
    if text is None or scenario == "empty":
        return 200, "application/json", json.dumps({"rc": 0, "rt": 17, "svr": 177617930, "data": None})
    doc = json.loads(text)
    kl = [k for k in doc["data"]["klines"] if beg <= k[:10] <= end]
    if scenario == "readjust":
        fix = []
        for k in kl:
            f = k.split(",")
            if f[0] < "2026-01-01":
                for i in (1, 2, 3, 4):
                    if f[i] != "-":
                        f[i] = "%g" % (float(f[i]) / 2)
            fix.append(",".join(f))
        kl = fix
    if scenario == "badorder":  # low where high belongs: what a wrong field order yields
        kl = [",".join([f[0], f[1], f[2], f[4], f[3]] + f[5:]) for f in (k.split(",") for k in kl)]
    doc["data"]["klines"] = kl
    doc["data"]["dktotal"] = len(kl)
    return 200, "application/json", json.dumps(doc, ensure_ascii=False)


def stooq(q, scenario):
    if scenario == "nodata":
        return 200, "text/plain", "No data"
    if scenario == "hitslimit":
        return 200, "text/plain", "Exceeded the daily hits limit"
    text = load(os.path.join("stooq", q.get("s", [""])[0] + ".csv"))
    if text is None or scenario == "empty":
        return 200, "text/plain", "No data"
    d1, d2 = ymd(q.get("d1", ["10000101"])[0]), ymd(q.get("d2", ["99991231"])[0])
    lines = text.splitlines()
    rows = [l for l in lines[1:] if d1 <= l[:10] <= d2]
    if not rows:
        return 200, "text/plain", "No data"
    return 200, "text/csv", "\r\n".join([lines[0]] + rows) + "\r\n"


def alphavantage(q, scenario):
    if "apikey" not in q:
        return 200, "application/json", json.dumps(AV_NOKEY)
    special = {"note": AV_NOTE, "information": AV_INFO, "errmsg": AV_ERR}
    if scenario in special:
        return 200, "application/json", json.dumps(special[scenario])
    text = load(os.path.join("alphavantage", q.get("symbol", [""])[0] + ".json"))
    if text is None:
        return 200, "application/json", json.dumps(AV_ERR)
    doc = json.loads(text)
    if q.get("outputsize", ["compact"])[0] == "compact":
        keys = list(doc["Time Series (Daily)"])[:100]
        doc["Time Series (Daily)"] = {k: doc["Time Series (Daily)"][k] for k in keys}
    return 200, "application/json", json.dumps(doc, indent=4)


def answer(source, rest, q, scenario):
    if source == "yahoo":
        sym = urllib.parse.unquote(rest[len("v8/finance/chart/"):])
        return yahoo(sym, q, scenario)
    if source == "eastmoney":
        return eastmoney(q, scenario)
    if source == "stooq":
        return stooq(q, scenario)
    return alphavantage(q, scenario)


def source_of(rest):
    for prefix, name in (("v8/finance/chart/", "yahoo"), ("api/qt/stock/kline/get", "eastmoney"),
                         ("q/d/l/", "stooq"), ("query", "alphavantage")):
        if rest.startswith(prefix):
            return name
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, ctype, body, extra=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype + "; charset=utf-8")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        raw = self.path
        proxy = raw.startswith("http://") or raw.startswith("https://")
        if proxy:
            raw = urllib.parse.urlsplit(raw)._replace(scheme="", netloc="").geturl()
        parts = urllib.parse.urlsplit(raw)
        segs = parts.path.lstrip("/").split("/", 1)
        scenario, rest = segs[0], segs[1] if len(segs) > 1 else ""
        q = urllib.parse.parse_qs(parts.query)
        source = source_of(rest)
        with LOCK:
            key = (scenario, raw)
            SEEN[key] = SEEN.get(key, 0) + 1
            nth = SEEN[key]
            if LOG:
                with open(LOG, "a") as f:
                    f.write(json.dumps({"scenario": scenario, "source": source, "path": parts.path,
                                        "query": parts.query, "ua": self.headers.get("User-Agent", ""),
                                        "ae": self.headers.get("Accept-Encoding", ""),
                                        "ref": self.headers.get("Referer", ""), "proxy": proxy}) + "\n")
        self.dispatch(scenario, source, rest, q, nth, parts)

    def dispatch(self, scenario, source, rest, q, nth, parts):
        if source is None:
            return self.send(404, "text/plain", "Not Found")
        if scenario == "redirect":
            target = "/ok/" + rest + ("?" + parts.query if parts.query else "")
            return self.send(302, "text/plain", "Found", {"Location": target})
        if scenario == "fail500" and nth == 1:
            return self.send(500, "text/html", "<html><body>Internal Server Error</body></html>")
        if scenario == "always503":
            return self.send(503, "text/plain", "Service Unavailable")
        if scenario in ("r429", "r429long") and (nth == 1 or scenario == "r429long"):
            wait = "1" if scenario == "r429" else "3600"
            return self.send(429, "text/plain", "Too Many Requests", {"Retry-After": wait})
        if scenario == "e404":
            body = json.dumps(YAHOO_404) if source == "yahoo" else "Not Found"
            return self.send(404, "application/json" if source == "yahoo" else "text/plain", body)
        if scenario in ("html",):
            return self.send(200, "text/html", HTML)
        if scenario == "emptybody":
            return self.send(200, "application/json", "")
        if scenario == "slow":
            time.sleep(5)
        if scenario == "slowish":
            time.sleep(0.3)
        status, ctype, body = answer(source, rest, q, scenario)
        if scenario == "badjson":
            body = body[: len(body) // 2]
        if scenario == "trunc":
            return self.truncated(status, ctype, body)
        if scenario == "gzip" and "gzip" in self.headers.get("Accept-Encoding", ""):
            return self.send(status, ctype, gzip.compress(body.encode("utf-8")),
                             {"Content-Encoding": "gzip"})
        self.send(status, ctype, body)

    def truncated(self, status, ctype, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True


def main():
    global LOG
    ap = argparse.ArgumentParser()
    ap.add_argument("--log")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    a = ap.parse_args()
    LOG = a.log
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
