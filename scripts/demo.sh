#!/bin/sh
# make demo: the bundled studies on the bundled data; tables to the
# terminal, CSV/JSON (and figures) under out/demo/.
set -eu
BIN=${1:-build/evstudy}
OUT=out/demo
mkdir -p "$OUT"
echo "== IPO first-day pops and post-listing performance of the GPU listings =="
"$BIN" ipo
"$BIN" ipo -q --format csv --table all --out "$OUT/ipo.csv"
"$BIN" ipo -q --format json --out "$OUT/ipo.json"
echo "== Figures of the listings: first-day pops, each listing's price path, BHAR paths =="
"$BIN" ipo --no-post --plot "$OUT" --plot-script -v >/dev/null
echo
echo "== Post-listing abnormal returns of Moore Threads and MetaX vs the STAR 50 =="
"$BIN" run data/gpu-post-listing.json
"$BIN" run data/gpu-post-listing.json --format csv --table all --out "$OUT/post-listing.csv"
"$BIN" run data/gpu-post-listing.json --format json --out "$OUT/post-listing.json"
echo
echo "== Figures through gnuplot: CAAR with its 95% band over AAR bars, CAR paths =="
"$BIN" plot data/gpu-post-listing.json --plot "$OUT" --plot-script -v
echo
echo "demo: results written to $OUT/"
ls -1 "$OUT" | sed 's/^/  /'
