#!/usr/bin/env bats
# The worked examples a user copies (scripts/examples/*.sh) and the C
# example built against the installed library (make installcheck): each
# runs here, and its numbers are checked against direct evstudy runs, so
# none of them can rot.
load helpers
bats_require_minimum_version 1.5.0

EX="$EVS_TEST_ROOT/scripts/examples"
export EVSTUDY="${EVSTUDY_WRAPPER:-} $EVSTUDY_BIN"
GPU=(-p "$DATA/688795.SS.csv" -p "$DATA/688802.SS.csv" -p "$DATA/000688.SS.csv")

@test "sweep-windows.sh: one CSV over models x windows, equal to the single runs" {
    run "$EX/sweep-windows.sh"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "model,window,n,mean_car,test,statistic,p_value,status" ]
    [ "${#lines[@]}" -eq 19 ] # 3 models x 3 windows x 2 tests + header
    want=$(evstudy run "$DATA/gpu-post-listing.json" -f json | jq '.car_windows[] | select(.window == "1:20") | .mean_car')
    [[ "$output" == *"\"market-adjusted\",\"1:20\",2,$want,\"t\","* ]]
    want=$(evstudy run "$DATA/gpu-post-listing.json" --model market --window 1:10 --car 1:10 -f json |
           jq -r '.tests[] | select(.scope == "window" and .name == "patell") | "\(.statistic),\(.p_value)"')
    [[ "$output" == *"\"market\",\"1:10\",2,"*",\"patell\",$want,\"ok\""* ]]
}

@test "rolling-oos.sh: each month trades only what the earlier months chose" {
    run --separate-stderr "$EX/rolling-oos.sh"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "month,hold,side,in_sample_trades,in_sample_mean,symbol,entry_date,exit_date,exit,return" ]
    [ "${#lines[@]}" -eq 11 ] # 5 test months x 2 stocks
    [[ "$stderr" == "out of sample: 10 trades, mean return "* ]]
    # every trade enters in its own month
    for l in "${lines[@]:1}"; do
        IFS=, read -r m h s n mu sym in out ex ret <<< "$l"
        [[ "$in" == "$m"-* ]] || { echo "bad month: $l"; false; }
    done
    # and the first row equals a direct backtest of that one event
    IFS=, read -r m h s n mu sym in out ex ret <<< "${lines[1]}"
    got=$(printf 'symbol,date\n%s,%s\n' "$sym" "$in" |
          evstudy backtest "${GPU[@]}" -m 000688.SS --hedge one --cost 10 -e - \
              --hold "$h" --side "$s" -f json | jq -r '.trades[0].return')
    [ "$got" = "$ret" ]
}

@test "gpu-ipo-strategy.sh: the headline trade, and the 40-set grid written where OUT says" {
    OUT="$TMP/ex" run "$EX/gpu-ipo-strategy.sh"
    [ "$status" -eq 0 ]
    [[ "$output" == *"parameter sets: 40, trades: 80"* ]]
    [[ "$output" == *"    0    20 long      2     0 "* ]]
    [ "$(jq '.portfolio | length' "$TMP/ex/gpu-ipo-grid.json")" -eq 40 ]
    row=$(grep '^0,20,long,' "$TMP/ex/gpu-ipo-grid.csv")
    want=$(evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
           --cost 10 --hedge one --entry 0 --hold 20 -f csv | sed -n 2p)
    [ "$row" = "$want" ]
}

@test "make installcheck: examples/study.c against the staged install equals evstudy" {
    skip_if_instrumented # packaging: the sanitized library needs its own runtime to link
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$EVS_TEST_ROOT" \
        installcheck BUILD="${BUILD:-build}" STAGE="$TMP/stage"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"libevs "* ]]
    [ -x "$TMP/stage/study" ]
    [ -f "$TMP/stage/usr/local/include/evs/backtest.h" ]
    want=$(evstudy run "$DATA/gpu-post-listing.json" -f json | jq '.car_windows[] | select(.window == "1:20") | .mean_car')
    [[ "$output" == *"study mean_car 1:20 $want"* ]]
    want=$(evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
           --cost 10 --hedge one -f json | jq '.summary[0] | "n \(.n) mean \(.mean) max_drawdown \(.max_drawdown)"' -r)
    [[ "$output" == *"backtest $want"* ]]
}
