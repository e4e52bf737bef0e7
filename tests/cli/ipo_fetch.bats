#!/usr/bin/env bats
# evstudy ipo loading listings and benchmarks that have no file from the
# price cache; the network only when asked (the bundled study stays offline).
bats_require_minimum_version 1.5.0
load http_helpers

@test "ipo fetches listings with no file when given --cache; figures equal the bundled files" {
    mkdir "$TMP/data"
    head -2 "$EVS_TEST_ROOT/data/ipos.csv" > "$TMP/data/ipos.csv"
    run --separate-stderr evstudy ipo --ipos "$TMP/data/ipos.csv" -p "$DATA/688795.SS.csv" \
        -p "$DATA/000688.SS.csv" --no-post -f csv --table ipos
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" > "$TMP/local.csv"
    EVSTUDY_DATA="$TMP/data" run --separate-stderr evstudy ipo --cache "$C" --no-post -f csv --table ipos
    echo "$stderr"
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" > "$TMP/net.csv"
    diff "$TMP/local.csv" "$TMP/net.csv"
    [ "$(requests)" -eq 2 ]
    # Offline, the cache answers alone.
    EVSTUDY_DATA="$TMP/data" run --separate-stderr evstudy ipo --cache "$C" --offline --no-post -f csv --table ipos
    [ "$status" -eq 0 ]
    [ "$(requests)" -eq 2 ]
}

@test "the bundled ipo study sends nothing over the network" {
    run evstudy ipo -q -f csv --table ipos
    [ "$status" -eq 0 ]
    [ "$(requests)" -eq 0 ]
}
