#!/bin/sh
# The GPU-IPO strategy study on the bundled data: "would it have paid to buy
# each GPU listing (Moore Threads, MetaX) at the first close and hold 20
# days, hedged with the STAR 50 index?" -- then the same question forty
# ways (entry day x holding period x side) in one run.  Tables go to
# stdout; CSV and JSON to $OUT (default out/examples).
set -eu
EVSTUDY=${EVSTUDY:-evstudy}
DATA=${DATA:-$(cd "$(dirname "$0")/../../data" && pwd)}
OUT=${OUT:-out/examples}
mkdir -p "$OUT"
INPUTS="-p $DATA/688795.SS.csv -p $DATA/688802.SS.csv -p $DATA/000688.SS.csv
        -e $DATA/gpu-listings-events.csv -m 000688.SS --cost 10 --hedge one"

echo "== Buy at the listing-day close, hold 20 days, short the STAR 50 against it =="
# shellcheck disable=SC2086
$EVSTUDY backtest $INPUTS --entry 0 --hold 20 --table summary,trades

echo "== The grid: enter on day 0, 1, 2, 5 or 10; hold 1-60 days; long or short =="
# shellcheck disable=SC2086
$EVSTUDY backtest $INPUTS --entry 0,1,2,5,10 --hold 1,5,20,60 --side long,short \
    --format json --table portfolio --out "$OUT/gpu-ipo-grid.json"
# shellcheck disable=SC2086
$EVSTUDY backtest $INPUTS --entry 0,1,2,5,10 --hold 1,5,20,60 --side long,short \
    --format csv --table summary --out "$OUT/gpu-ipo-grid.csv"
echo "parameter sets: $(jq '.summary | length' "$OUT/gpu-ipo-grid.json"), trades: $(jq '.trades | length' "$OUT/gpu-ipo-grid.json")"
echo "best five by mean hedged net return (entry, hold, side, n, mean, total of the portfolio):"
jq -r '.summary | sort_by(-.mean) | .[:5][]
       | "  \(.entry)\t\(.hold)\t\(.side)\t\(.n)\t\(.mean)\t\(.total_return)"' \
    "$OUT/gpu-ipo-grid.json"
echo "(two events only: read these as descriptions of two listings, not as evidence)"
