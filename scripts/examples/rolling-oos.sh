#!/bin/sh
# A rolling out-of-sample backtest.  Events: the first trading day of each
# month, for each GPU stock.  For every test month M (from the third month
# on), the in-sample events are those of the months before M; a grid
# backtest over them picks the (hold, side) with the best mean return among
# the in-sample trades that had EXITED before M began (so nothing of M is
# used), and only that choice is traded in M.  One CSV on stdout:
#   month,hold,side,in_sample_trades,in_sample_mean,symbol,entry_date,exit_date,exit,return
# and a closing line on stderr with the out-of-sample count and mean.
set -eu
EVSTUDY=${EVSTUDY:-evstudy}
DATA=${DATA:-$(cd "$(dirname "$0")/../../data" && pwd)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SYMBOLS="688795.SS 688802.SS"
INPUTS="-p $DATA/688795.SS.csv -p $DATA/688802.SS.csv -p $DATA/000688.SS.csv
        -m 000688.SS --hedge one --cost 10 --quiet"

# First trading day of each month from January 2026, from the index dates.
awk -F, 'NR > 1 { m = substr($1, 1, 7); if (m != last) { print $1; last = m } }' \
    "$DATA/000688.SS.csv" | awk '$1 >= "2026-01" && $1 < "2026-08"' > "$WORK/months"
{
    echo "symbol,date"
    while read -r d; do
        for s in $SYMBOLS; do echo "$s,$d"; done
    done < "$WORK/months"
} > "$WORK/events.csv"

echo "month,hold,side,in_sample_trades,in_sample_mean,symbol,entry_date,exit_date,exit,return"
i=0
while read -r start; do
    i=$((i + 1))
    [ "$i" -ge 3 ] || continue
    # In-sample: every event before this month, the whole grid, JSON.
    awk -F, -v s="$start" 'NR == 1 || $2 < s' "$WORK/events.csv" |
        # shellcheck disable=SC2086
        $EVSTUDY backtest $INPUTS -e - --hold 1,5,10,20 --side long,short -f json > "$WORK/in.json"
    best=$(jq -r --arg s "$start" '
        [.trades[] | select(.exit_date < $s)]
        | group_by([.hold, .side])
        | map({hold: .[0].hold, side: .[0].side, n: length,
               mean: (map(.return) | add / length)})
        | max_by(.mean) | "\(.hold) \(.side) \(.n) \(.mean)"' "$WORK/in.json")
    # shellcheck disable=SC2086
    set -- $best
    [ "$1" != null ] || continue # no in-sample trade had exited yet
    # Out of sample: this month's events only, with the chosen parameters.
    awk -F, -v s="$start" 'NR == 1 || $2 == s' "$WORK/events.csv" |
        # shellcheck disable=SC2086
        $EVSTUDY backtest $INPUTS -e - --hold "$1" --side "$2" -f csv --table trades |
        awk -F, -v m="${start%-*}" -v h="$1" -v sd="$2" -v n="$3" -v mu="$4" \
            'NR > 1 { print m "," h "," sd "," n "," mu "," $5 "," $10 "," $11 "," $13 "," $21 }'
done < "$WORK/months" | tee "$WORK/oos.csv"
awk -F, '{ n++; s += $10 } END { if (n) printf "out of sample: %d trades, mean return %.6f\n", n, s / n > "/dev/stderr" }' "$WORK/oos.csv"
