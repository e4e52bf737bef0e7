#!/usr/bin/python3
"""Writes the fuzz seed corpora tests/fuzz/seeds/NAME/ from the bundled
real data (data/) plus hand-made variants of each input format (BOM, CRLF,
quotes, missing cells, limits).  Run with /usr/bin/python3 from the top of
the tree; the output is committed, so the seeds change only when rerun."""
import csv, io, os, shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "tests", "fuzz", "seeds")
DATA = os.path.join(ROOT, "data")


def put(name, fname, content):
    d = os.path.join(SEEDS, name)
    os.makedirs(d, exist_ok=True)
    mode = "wb" if isinstance(content, bytes) else "w"
    with open(os.path.join(d, fname), mode) as f:
        f.write(content)


def rows(fname):
    with open(os.path.join(DATA, fname), newline="") as f:
        return list(csv.reader(f))


def prices():
    for f in sorted(os.listdir(DATA)):
        if f.endswith(".csv") and "events" not in f:
            shutil.copy(os.path.join(DATA, f), os.path.join(SEEDS, "prices", f))
    head = rows("000688.SS.csv")[:6]
    text = "\n".join(",".join(r) for r in head) + "\n"
    put("prices", "bom-crlf.csv", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    put("prices", "no-final-newline.csv", text.rstrip("\n"))
    put("prices", "newest-first.csv", "\n".join([",".join(head[0])] +
        [",".join(r) for r in reversed(head[1:])]) + "\n")
    put("prices", "quoted-missing.csv", 'Date,"Adj Close",Close,Volume\n'
        '"2024-01-02","10.5",10.5,100\n2024-01-03,NA,,\n20240104,null,11,.\n'
        '2024-01-05, N/A ,"11.5",1e3\n')
    put("prices", "long-symbols.csv", "date,symbol,close\n2024-01-02,A,1\n"
        "2024-01-03,A,1.1\n2024-01-02,B,2\n2024-01-03,B,2.2\n2024-01-02,A,1\n")
    put("prices", "bad-values.csv", "date,close\n2024-01-02,1e999\n"
        "2024-01-03,-1\n2024-02-30,1\n2024-01-04,0x10\n")
    put("prices", "duplicate-dates.csv", "date,close\n2024-01-02,1\n"
        "2024-01-02,2\n")


def returns():
    put("returns", "long.csv", "date,symbol,ret\n2024-01-02,A,0.01\n"
        "2024-01-03,A,-0.02\n2024-01-02,MKT,0.005\n2024-01-03,MKT,NA\n")
    put("returns", "extra-cols.csv", '"Date",Symbol,Return,Note\n'
        '20240102,X,"-0.5",a\n20240103,X,-1,b\n')
    put("returns", "crlf.csv", "date,symbol,ret\r\n2024-01-02,A,0.01\r\n")


def events():
    shutil.copy(os.path.join(DATA, "gpu-listings-events.csv"),
                os.path.join(SEEDS, "events", "gpu-listings-events.csv"))
    put("events", "extra-columns.csv", 'symbol,date,label,sector,"size, usd"\n'
        'A,2024-01-02,"first ""quoted""",tech,1e9\nB,20240103,,,\n')
    put("events", "market-column.csv", "Symbol,Date,Market\nA,2024-01-02,MKT\n"
        "B,2024-01-03,\n")
    put("events", "hostile.csv", 'symbol,date,label\n../../etc/passwd,2024-01-02,'
        '"line\nbreak"\n"$(touch x)",2024-01-02,x\n')


def studyfile():
    shutil.copy(os.path.join(DATA, "gpu-post-listing.json"),
                os.path.join(SEEDS, "studyfile", "gpu-post-listing.json"))
    put("studyfile", "all-keys.json", '{"prices": "/abs/p.csv", "returns": ["r.csv"],'
        ' "events": "-", "market": "M", "model": "market", "estimation": "-250:-11",'
        ' "window": "-10:10", "car": "-1:1", "tests": ["t"], "min_est": 30,'
        ' "roll": "prev", "returns_kind": "log", "format": "json",'
        ' "tables": ["events", "aar"]}')
    put("studyfile", "bad.json", '{"min_est": 1e999, "prices": [1]}')
    put("studyfile", "nested.json", "[" * 64 + "]" * 64)
    put("studyfile", "dup.json", '{"market": "A", "market": "B"}')


def small():
    for i, d in enumerate(["2024-02-29", "20240229", "2023-02-29", "9999-12-31",
                           "1000-01-01", "0999-12-31", "2024-1-01"]):
        put("date", "d%d" % i, d)
    put("date", "int32-max", b"\xff\xff\xff\x7f")
    for i, w in enumerate(["-250:-11", "1:20", "0:0", "-100000:100000",
                           "100001:1", "events,aar", "all", "json", "table"]):
        put("window", "w%d" % i, w)
    argvs = [["--window", "-10:10", "--estimation", "-250:-11", "--car", "-1:1,0:5"],
             ["-t", "t,patell", "--min-est", "30", "--roll", "exact", "-f", "csv",
              "--table", "all"],
             ["--market", "000688.SS", "--model", "market-adjusted", "--return-type",
              "log", "--threads", "2", "-q"],
             ["-qv", "--car", "1:2", "-w", "0:3", "--estimation", "-20:-1"],
             ["--prices", "x.csv", "-e", "-", "--out", "o", "study.json"],
             ["-xq"], ["--market", "a\nb"], ["--min-est", "99999999999999999999"]]
    for i, a in enumerate(argvs):
        put("options", "argv%d" % i, "\0".join(a))


def study():
    """Real data: the STAR 50 index as MKT and Moore Threads, trimmed, in
    the long layout the target expects, then its listing-day event."""
    out = ["date,symbol,close"]
    for sym, f in (("MKT", "000688.SS.csv"), ("MT", "688795.SS.csv"),
                   ("MX", "688802.SS.csv")):
        r = rows(f)
        hdr = r[0]
        di, ci = hdr.index("date"), hdr.index("close")
        for row in r[1:]:
            out.append("%s,%s,%s" % (row[di], sym, row[ci]))
    prices = "\n".join(out) + "\n"
    for knob, ev in ((0, "symbol,date\nMT,2025-12-17\nMX,2025-12-29\n"),
                     (1, "symbol,date,market\nMT,2025-12-20,MKT\nMX,2025-12-25,\n"),
                     (2, "symbol,date\nMT,2025-12-10\nNOPE,2025-12-10\n"),
                     (12, "symbol,date\nMX,2026-01-05\n")):
        put("study", "real-%d" % knob, bytes([knob]) + (prices + "%%\n" + ev).encode())
    put("study", "tiny", bytes([4]) + b"date,symbol,close\n" + b"".join(
        b"2024-01-%02d,MKT,%d\n2024-01-%02d,A,%d\n" % (d, 100 + d % 3, d, 50 + d % 5)
        for d in range(1, 29)) + b"%%\nsymbol,date\nA,2024-01-20\n")


for name in ("prices", "returns", "events", "studyfile", "date", "window",
             "options", "study"):
    shutil.rmtree(os.path.join(SEEDS, name), ignore_errors=True)
    os.makedirs(os.path.join(SEEDS, name))
prices(); returns(); events(); studyfile(); small(); study()
