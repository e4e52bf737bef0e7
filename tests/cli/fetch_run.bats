#!/usr/bin/env bats
# evstudy run loading the symbols its events name, and has no file for,
# from the cache, fetching what is missing unless --offline.
bats_require_minimum_version 1.5.0
load http_helpers

# The bundled study (data/gpu-post-listing.json) as flags, with no files.
STUDY=(--events "$EVS_TEST_ROOT/data/gpu-listings-events.csv" --market 000688.SS
       --model market-adjusted --window 1:20 --estimation 21:140 --car 1:5,1:20
       --tests t,patell --min-est 60 --format csv --table all)

@test "run --help documents the cache options" {
    run evstudy run --help
    [ "$status" -eq 0 ]
    for o in --cache --offline --source --adjust --from --to; do
        [[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
    done
}

@test "run fetches what it lacks: results equal the run on the bundled files" {
    run --separate-stderr evstudy run "$DATA/gpu-post-listing.json" --format csv --table all
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" >"$TMP/local.csv"
    run --separate-stderr evstudy run "${STUDY[@]}" --cache "$C"
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" >"$TMP/net.csv"
    diff "$TMP/local.csv" "$TMP/net.csv"
    [ "$(requests)" -eq 3 ]
    grep -q 'secid=1.000688&' "$HTTP_LOG"
    # The range asked covers the windows around both events: from the first
    # event (no window before day 0) to 140 trading days after the last one,
    # 140 * 8/5 + 14 = 238 calendar days: 2025-12-17 + 238 = 2026-08-12.
    grep -q 'secid=1.688802&.*beg=20251205&end=20260812' "$HTTP_LOG"
    # Offline, the cache answers alone: same results, nothing sent.
    run --separate-stderr evstudy run "${STUDY[@]}" --cache "$C" --offline
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" >"$TMP/off.csv"
    diff "$TMP/local.csv" "$TMP/off.csv"
    [ "$(requests)" -eq 3 ]
}

@test "run fetches only the symbols with no file" {
    run evstudy run "${STUDY[@]}" --prices "$DATA/000688.SS.csv" --cache "$C"
    [ "$status" -eq 0 ]
    [ "$(requests)" -eq 2 ]
    ! grep -q 'secid=1.000688' "$HTTP_LOG"
}

@test "run --offline with an empty cache says what is missing and drops the events" {
    run evstudy run "${STUDY[@]}" --cache "$C" --offline
    [ "$status" -eq 1 ]
    [[ "$output" == *"warning: eastmoney: 000688.SS: not in the cache: "*"(offline; fetch it first) (events on 000688.SS are dropped)"* ]]
    [[ "$output" == *"warning: eastmoney: 688795.SS: not in the cache"* ]]
    [[ "$output" == *"no event survived"* ]]
    [ "$(requests)" -eq 0 ]
}

@test "run: a symbol the source does not know is a warning, its event is dropped" {
    printf 'symbol,date,market\n688795.SS,2025-12-05,000688.SS\nNOSUCH,2025-12-17,000688.SS\n' >"$TMP/ev.csv"
    run evstudy run --events "$TMP/ev.csv" --market 000688.SS --model market-adjusted \
        --window 1:20 --estimation 21:140 --min-est 60 --format csv --table events --cache "$C"
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning: yahoo: NOSUCH: HTTP 404: Not Found: No data found, symbol may be delisted (events on NOSUCH are dropped)"* ]]
    [[ "$output" == *"NOSUCH"*"no-prices"* ]]
}

@test "run --from/--to bound what is fetched" {
    run evstudy run "${STUDY[@]}" --cache "$C" --from 2025-11-01 --to 2026-09-30
    [ "$status" -eq 0 ]
    grep -q 'secid=1.688795&.*beg=20251101&end=20260930' "$HTTP_LOG"
}
