#!/usr/bin/env bats
# evstudy backtest: numbers against the independent reference
# scripts/backtest_ref.py on the bundled real prices, grid = one by one,
# stdin events, deterministic bytes, every usage/input/output error.
load helpers

PY=${PYTHON:-/usr/bin/python3}
REF="$EVS_TEST_ROOT/scripts/backtest_ref.py"
GPU=(-p "$DATA/688795.SS.csv" -p "$DATA/688802.SS.csv" -p "$DATA/000688.SS.csv")
ALL=("${GPU[@]}" -p "$DATA/000300.SS.csv" -p "$DATA/6082.HK.csv" -p "$DATA/HSI.csv")

# Runs evstudy and the reference with the same options and compares.
check_ref() {
    local events=$1; shift
    evstudy backtest "${ALL[@]}" -e "$events" -m 000688.SS -f json -q "$@" > "$TMP/bt.json"
    run "$PY" "$REF" "${ALL[@]}" --events "$events" --market 000688.SS "$@" --compare "$TMP/bt.json"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *" 0 mismatches"* ]]
}

@test "backtest --help documents every option" {
    run evstudy backtest --help
    [ "$status" -eq 0 ]
    for o in --prices --returns --events --market --estimation --min-est --roll --format \
             --out --strict --entry --hold --side --at --hedge --cost --year-days --table; do
        [[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
    done
    [[ "$output" != *"--window"* ]]
}

@test "GPU listings: hedged with the index, costs, both sides match the reference" {
    check_ref "$DATA/gpu-listings-events.csv" --entry 0,1,5 --hold 1,5,20,60 \
        --side long,short --hedge one --cost 10
    [ "$(jq '.trades | length' "$TMP/bt.json")" -eq 48 ]
}

@test "beta hedge, open entries, negative entries, end-of-data and delayed exits match the reference" {
    E="$EVS_TEST_ROOT/tests/data/backtest-events.csv"
    check_ref "$E" --entry 0,1,5 --hold 1,5,20 --side long,short --hedge beta \
        --estimation=-60:-11 --min-est 30 --cost 15
    [ "$(jq '[.trades[] | select(.beta != null and .beta != 1)] | length' "$TMP/bt.json")" -gt 0 ]
    check_ref "$E" --at open --hedge one --entry 0,2 --hold 3,10 --side long,short --cost 5
    check_ref "$E" --entry=-3,0,1 --hold 1,40 --year-days 242
    [ "$(jq '[.trades[] | select(.exit == "end-of-data")] | length' "$TMP/bt.json")" -gt 0 ]
    [ "$(jq '[.trades[] | select(.exit == "delayed")] | length' "$TMP/bt.json")" -gt 0 ]
    [ "$(jq -c '[.skipped[].status] | unique' "$TMP/bt.json")" = '["no-entry-price","no-prices","off-calendar"]' ]
}

@test "a grid run equals the same runs one by one" {
    E="$EVS_TEST_ROOT/tests/data/backtest-events.csv"
    evstudy backtest "${ALL[@]}" -e "$E" -m 000688.SS -f json -q \
        --entry 0,2 --hold 1,20 --side long,short --hedge one --cost 7 > "$TMP/grid.json"
    for k in 0 2; do for h in 1 20; do for s in long short; do
        evstudy backtest "${ALL[@]}" -e "$E" -m 000688.SS -f json -q \
            --entry $k --hold $h --side $s --hedge one --cost 7 > "$TMP/one.json"
        q=".entry == $k and .hold == $h and .side == \"$s\""
        a=$(jq -c "[.trades[] | select($q)], [.summary[] | select($q)], [.skipped[] | select($q)]" "$TMP/grid.json")
        b=$(jq -c '.trades, .summary, .skipped' "$TMP/one.json")
        [ "$a" = "$b" ] || { echo "differs for $k $h $s"; false; }
    done; done; done
}

@test "events from stdin give the same result; output bytes are deterministic" {
    E="$DATA/gpu-listings-events.csv"
    evstudy backtest "${GPU[@]}" -e "$E" -m 000688.SS --hold 5,20 -f json > "$TMP/a.json"
    evstudy backtest "${GPU[@]}" -e "$E" -m 000688.SS --hold 5,20 -f json > "$TMP/b.json"
    cmp "$TMP/a.json" "$TMP/b.json"
    evstudy backtest "${GPU[@]}" -e - -m 000688.SS --hold 5,20 -f json < "$E" > "$TMP/c.json"
    [ "$(jq -c '.summary, .trades' "$TMP/a.json")" = "$(jq -c '.summary, .trades' "$TMP/c.json")" ]
    # run reads stdin too, and is deterministic
    evstudy run "${GPU[@]}" -e - -m 000688.SS --model market-adjusted --estimation 21:140 \
        --window 1:20 --min-est 60 -f csv < "$E" > "$TMP/r1.csv"
    evstudy run "${GPU[@]}" -e "$E" -m 000688.SS --model market-adjusted --estimation 21:140 \
        --window 1:20 --min-est 60 -f csv > "$TMP/r2.csv"
    cmp "$TMP/r1.csv" "$TMP/r2.csv"
}

@test "a study file supplies the inputs; its event and CAR windows are ignored" {
    run evstudy backtest "$DATA/gpu-post-listing.json" --hold 5 -f csv
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "entry,hold,side,n,skipped,mean,median,hit_rate,sd,t,sharpe,worst,best,mean_days_held,end_of_data,portfolio_days,total_return,max_drawdown" ]
    [[ "${lines[1]}" == "0,5,long,2,0,"* ]]
}

@test "missing values: empty CSV cells, JSON null, table dashes, never nan" {
    E="$DATA/gpu-listings-events.csv"
    evstudy backtest "${GPU[@]}" -e "$E" -m 000688.SS --hold 5 -f csv --table trades > "$TMP/t.csv"
    # unhedged: market_return, beta and hedged_return (columns 18-20) are empty
    awk -F, 'NR > 1 && !($18 == "" && $19 == "" && $20 == "") { bad = 1 } END { exit bad }' "$TMP/t.csv"
    ! grep -qi nan "$TMP/t.csv"
    # one event: sd, t and sharpe are undefined
    head -2 "$E" | evstudy backtest "${GPU[@]}" -e - -m 000688.SS --hold 5 -f json > "$TMP/t.json"
    [ "$(jq -c '[.summary[0].sd, .summary[0].t, .summary[0].sharpe, .trades[0].hedged_return]' "$TMP/t.json")" = "[null,null,null,null]" ]
    ! grep -qi nan "$TMP/t.json"
    run evstudy backtest "${GPU[@]}" -e "$E" -m 000688.SS --hold 5 --table trades
    [[ "${lines[4]}" == *" -" ]]
    [[ "$output" != *"nan"* ]]
}

@test "events that cannot trade are listed with the reason and warned about with file:line" {
    E="$EVS_TEST_ROOT/tests/data/backtest-events.csv"
    run evstudy backtest "${ALL[@]}" -e "$E" -m 000688.SS --entry 0,1 --hold 1 -f csv --table skipped
    [ "$status" -eq 0 ]
    [[ "$output" == *"backtest-events.csv:8: event 7 (NOPE.SS 2026-02-02) cannot trade in 2 of 2 parameter sets: no prices for NOPE.SS"* ]]
    [[ "$output" == *"0,1,long,7,NOPE.SS,2026-02-02,no-prices,no prices for NOPE.SS"* ]]
    [[ "$output" == *"1,1,long,5,6082.HK,2026-01-02,no-entry-price,no close price of 6082.HK on the entry day 2026-01-05"* ]]
    run evstudy backtest "${ALL[@]}" -e "$E" -m 000688.SS --entry 0 --hold 1 -q
    [ "$status" -eq 0 ]
    [[ "$output" != *"warning"* ]]
    [[ "$output" == *"cannot trade:"* ]]
    run evstudy backtest "${ALL[@]}" -e "$E" -m 000688.SS --entry 0 --hold 1,60 -q
    [[ "$output" == *"end of data: 1 trades in 1 sets ran past the data"* ]]
    run evstudy backtest "${ALL[@]}" -e "$E" -m 000688.SS --strict
    [ "$status" -eq 1 ]
    [[ "$output" == *"could not trade (--strict)"* ]]
}

@test "no trade at all exits 1 and writes nothing" {
    run evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
        --entry=-2 -f json -o "$TMP/none.json"
    [ "$status" -eq 1 ]
    [[ "$output" == *"no trade in any parameter set"* ]]
    [ ! -e "$TMP/none.json" ]
}

@test "usage errors exit 2 with the reason" {
    B=(backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS)
    check() { run evstudy "${B[@]}" "$@"; [ "$status" -eq 2 ] || { echo "$output"; false; }; }
    check --entry 1,x;   [[ "$output" == *"invalid --entry value 'x'"* ]]
    check --hold 0;      [[ "$output" == *"invalid --hold value '0'"* ]]
    check --side up;     [[ "$output" == *"invalid --side 'up'"* ]]
    check --at noon;     [[ "$output" == *"invalid --at 'noon'"* ]]
    check --hedge full;  [[ "$output" == *"invalid --hedge 'full'"* ]]
    check --cost -1;     [[ "$output" == *"invalid --cost '-1'"* ]]
    check --cost 5bp;    [[ "$output" == *"invalid --cost '5bp'"* ]]
    check --year-days 0; [[ "$output" == *"invalid --year-days '0'"* ]]
    check --table trade; [[ "$output" == *"invalid table list 'trade'"* ]]
    check --window 1:5;  [[ "$output" == *"unknown option '--window'"* ]]
    check --entry 1,1;   [[ "$output" == *"entry day 1 given twice"* ]]
    check --hedge beta --estimation=-20:0
    [[ "$output" == *"must end before the earliest entry day 0"* ]]
    cut -d, -f1,2 "$DATA/gpu-listings-events.csv" > "$TMP/nomarket.csv"
    run evstudy backtest "${GPU[@]}" -e "$TMP/nomarket.csv" --hedge one
    [ "$status" -eq 2 ]
    [[ "$output" == *"has no market to hedge with"* ]]
    run evstudy backtest "${GPU[@]}" -m 000688.SS
    [ "$status" -eq 2 ]
    [[ "$output" == *"no events"* ]]
}

@test "input and output errors exit 3 and 5" {
    run evstudy backtest -p "$TMP/nope.csv" -e "$DATA/gpu-listings-events.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"nope.csv"* ]]
    run evstudy backtest "${GPU[@]}" -e "$TMP/none.csv" -m 000688.SS
    [ "$status" -eq 3 ]
    run evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
        -o "$TMP/no/such/dir/out.csv" -f csv
    [ "$status" -eq 5 ]
    evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
        -o "$TMP/out.csv" -f csv --table all
    grep -q '^# table: portfolio$' "$TMP/out.csv"
    [ "$(ls "$TMP" | grep -c tmp)" -eq 0 ]
}
