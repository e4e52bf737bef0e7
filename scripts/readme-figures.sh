#!/bin/sh
# Regenerates the README's figures in docs/img/ with the commands the README
# shows: the demo study (evstudy plot on data/gpu-post-listing.json), the
# bundled listings (evstudy ipo --plot) and the README's headline backtest
# (evstudy backtest --plot).  Run after `make all`.
set -eu
BIN=${1:-build/evstudy}
mkdir -p docs/img
"$BIN" plot data/gpu-post-listing.json --plot docs/img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIN" ipo -q --no-post --plot "$tmp/ipo" >/dev/null
for f in first-day listing-688795.SS bhar-paths; do
    cp "$tmp/ipo/$f.png" docs/img/
done
"$BIN" backtest -q -p data/688795.SS.csv -p data/688802.SS.csv -p data/000688.SS.csv \
    -e data/gpu-listings-events.csv -m 000688.SS --entry 0 --hold 20 --hedge one \
    --cost 10 --plot "$tmp/bt" >/dev/null
for f in trades-0-20-long equity-0-20-long; do
    cp "$tmp/bt/$f.png" docs/img/
done
ls -l docs/img
