#!/usr/bin/env bats
# evstudy run end to end: numbers against the independent reference
# (scripts/reference_study.py), formats, study files, and every bad input
# with its message and exit code.
load helpers

PY=/usr/bin/python3

ref_run() { # MODEL -> runs reference + evstudy in $TMP/ref, compares
    "$PY" "$EVS_TEST_ROOT/scripts/reference_study.py" "$TMP/ref" "$1"
    cd "$TMP/ref"
    evstudy run -q --prices prices --events events.csv --market MKT --model "$1" \
        --estimation -60:-11 --window -5:5 --car -5:5,-1:1,0:2 --min-est 20 \
        --tests t,patell --format json --out act.json
    "$PY" "$EVS_TEST_ROOT/scripts/compare_study.py" expected.json act.json
}

@test "market model agrees with the numpy reference (rel 1e-9)" {
    run ref_run market
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 mismatches"* ]]
}

@test "market-adjusted model agrees with the numpy reference" {
    run ref_run market-adjusted
    [ "$status" -eq 0 ]
}

@test "mean-adjusted model agrees with the numpy reference" {
    run ref_run mean-adjusted
    [ "$status" -eq 0 ]
}

@test "bundled study: table output, both listings kept" {
    run evstudy run "$DATA/gpu-post-listing.json"
    [ "$status" -eq 0 ]
    [[ "$output" == *"events: 2 of 2 kept"* ]]
    [[ "$output" == *"688795.SS"*"ok"* ]]
    [[ "$output" == *"p-values are two-sided"* ]]
}

@test "JSON output carries the documented keys" {
    run evstudy run "$DATA/gpu-post-listing.json" --format json
    [ "$status" -eq 0 ]
    echo "$output" > "$TMP/o.json"
    for k in '.params.version' '.params.inputs[0].sha256' '.events[0].symbol' '.events[0].event_date' \
             '.events[0].day0' '.events[0].status' '.events[0].alpha' '.events[0].beta' \
             '.events[0].sigma' '.events[0].n_est' '.events[0].car' '.events[0].ar[0].day' \
             '.events[0].ar[0].date' '.events[0].ar[0].ret' '.events[0].ar[0].expected' \
             '.events[0].ar[0].ar' '.aar[0].day' '.aar[0].n' '.aar[0].aar' '.aar[0].caar' \
             '.tests[0].name' '.tests[0].scope' '.tests[0].statistic' '.tests[0].p_value' '.tests[0].n'; do
        v=$(jq -e "$k" "$TMP/o.json") || { echo "missing $k"; false; }
    done
    sha=$(sha256sum "$DATA/688795.SS.csv" | cut -d' ' -f1)
    jq -e --arg s "$sha" '.params.inputs[] | select(.path | endswith("688795.SS.csv")) | .sha256 == $s' "$TMP/o.json"
    jq -e '[.tests[] | select(.scope == "window")] | length == 4' "$TMP/o.json"
}

@test "CSV tables: one table plain, several with '# table:' separators" {
    run evstudy run "$DATA/gpu-post-listing.json" --format csv --table aar
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "day,n,aar,caar" ]
    [ "${#lines[@]}" -eq 21 ]
    run evstudy run "$DATA/gpu-post-listing.json" --format csv --table events,tests
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "# table: events" ]
    [[ "$output" == *"# table: tests"* ]]
    [[ "$output" == *"name,scope,day,window,statistic,p_value,n,df,status"* ]]
}

@test "output is deterministic: same input, same bytes" {
    evstudy run "$DATA/gpu-post-listing.json" --format json --out "$TMP/a.json"
    evstudy run "$DATA/gpu-post-listing.json" --format json --out "$TMP/b.json"
    cmp "$TMP/a.json" "$TMP/b.json"
}

@test "flags override the study file" {
    run evstudy run "$DATA/gpu-post-listing.json" --window 1:10 --car 1:10 --format csv --table aar
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 11 ]
}

@test "events from stdin" {
    cd "$DATA"
    run sh -c "cat gpu-listings-events.csv | '$EVSTUDY_BIN' run -p 688795.SS.csv -p 688802.SS.csv -p 000688.SS.csv \
        --events - --market 000688.SS --model market-adjusted --estimation 21:140 --window 1:20 --format csv"
    [ "$status" -eq 0 ]
    [[ "$output" == *"688802.SS,2025-12-17"* ]]
}

@test "unusual but valid input works: CRLF, BOM, descending, quotes, duplicates" {
    printf '\xef\xbb\xbf"date","close"\r\n2024-01-03,11\r\n2024-01-02,10\r\n2024-01-02,10' > "$TMP/A.csv"
    run evstudy run -p "$TMP/A.csv" -p "M=$TMP/A.csv" --events /dev/null --market M
    [ "$status" -eq 3 ]   # /dev/null has no header: an input error, named
    [[ "$output" == *"/dev/null:1: empty file"* ]]
    printf 'symbol,date\nA,2024-01-03\n' > "$TMP/ev.csv"
    run evstudy run -p "$TMP/A.csv" -p "M=$TMP/A.csv" --events "$TMP/ev.csv" --market M \
        --model market-adjusted --estimation -1:-1 --window 0:0 --min-est 1
    [[ "$output" == *"duplicate row for 2024-01-02 ignored"* ]]
}

@test "bad prices: file, line and problem on one line, exit 3, no output file" {
    printf 'symbol,date\nA,2024-01-03\n' > "$TMP/ev.csv"
    check_bad() { # CONTENT EXPECTED
        printf "$1" > "$TMP/bad.csv"
        run evstudy run -p "$TMP/bad.csv" --events "$TMP/ev.csv" --market M --out "$TMP/out.csv"
        echo "$output"
        [ "$status" -eq 3 ]
        [ "${#lines[@]}" -eq 1 ]
        [[ "$output" == "evstudy: error: $TMP/bad.csv:$2"* ]]
        [ ! -e "$TMP/out.csv" ]
        ls "$TMP" | grep -v -q tmp || true
    }
    check_bad 'close\n1\n' "1: no 'date' column"
    check_bad 'date,close\n2024-02-30,1\n' "2: invalid date '2024-02-30'"
    check_bad 'date,close\n2024-01-02,x\n' "2: invalid number 'x' in column close"
    check_bad 'date,close\n2024-01-02,1\n2024-01-02,2\n' "3: bad: date 2024-01-02 given twice with different values (lines 2 and 3)"
    check_bad 'date,close\n2024-01-02,0\n' "2: non-positive price '0'"
    check_bad 'date,close\n2024-01-02,-1\n' "2: non-positive price '-1'"
    check_bad '' "1: empty file"
    run evstudy run -p "$TMP/nonexistent.csv" --events "$TMP/ev.csv" --market M
    [ "$status" -eq 3 ]
    [[ "$output" == *"nonexistent.csv: cannot open: No such file or directory"* ]]
    [ -z "$(ls "$TMP" | grep tmp)" ]
}

@test "bad windows and values are usage errors (exit 2)" {
    run evstudy run "$DATA/gpu-post-listing.json" --window 5:-5
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid event window (want A:B with A <= B) '5:-5'"* ]]
    run evstudy run "$DATA/gpu-post-listing.json" --estimation 1:30
    [ "$status" -eq 2 ]
    [[ "$output" == *"overlaps the event window"* ]]
    run evstudy run "$DATA/gpu-post-listing.json" --min-est 12x
    [ "$status" -eq 2 ]
    run evstudy run "$DATA/gpu-post-listing.json" --model capm
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown model 'capm'"* ]]
    run evstudy run "$DATA/gpu-post-listing.json" --tests t,nope
    [ "$status" -eq 2 ]
    run evstudy run "$DATA/gpu-post-listing.json" --car 1:30
    [ "$status" -eq 2 ]
    [[ "$output" == *"not inside the event window"* ]]
    run evstudy run --market X
    [ "$status" -eq 2 ]
    [[ "$output" == *"no prices"* ]]
}

@test "an event symbol with no prices is dropped with file:line; none left is exit 1" {
    printf 'symbol,date\n688795.SS,2025-12-05\nNOPE.SS,2025-12-05\n' > "$TMP/ev.csv"
    run evstudy run -p "$DATA/688795.SS.csv" -p "$DATA/000688.SS.csv" --events "$TMP/ev.csv" \
        --market 000688.SS --model market-adjusted --estimation 21:140 --window 1:20 --format csv
    [ "$status" -eq 0 ]
    [[ "$output" == *"evstudy: warning: $TMP/ev.csv:3: event 2 (NOPE.SS 2025-12-05) dropped: no prices for NOPE.SS"* ]]
    [[ "$output" == *"2,NOPE.SS,2025-12-05,000688.SS,,,no-prices,no prices for NOPE.SS"* ]]
    run evstudy run -p "$DATA/688795.SS.csv" -p "$DATA/000688.SS.csv" --events "$TMP/ev.csv" \
        --market 000688.SS --model market-adjusted --estimation 21:140 --window 1:20 --strict --out "$TMP/o.csv"
    [ "$status" -eq 1 ]
    [[ "$output" == *"1 of 2 events dropped (--strict)"* ]]
    [ ! -e "$TMP/o.csv" ]
    printf 'symbol,date\nNOPE.SS,2025-12-05\n' > "$TMP/ev1.csv"
    run evstudy run -p "$DATA/000688.SS.csv" --events "$TMP/ev1.csv" --market 000688.SS
    [ "$status" -eq 1 ]
    [[ "$output" == *"no event survived"* ]]
}

@test "study file errors: invalid JSON, unknown key, wrong type (exit 3)" {
    printf '{"window": ' > "$TMP/s.json"
    run evstudy run "$TMP/s.json"
    [ "$status" -eq 3 ]
    [[ "$output" == *"s.json:1: invalid JSON"* ]]
    printf '{"windw": "1:2"}' > "$TMP/s.json"
    run evstudy run "$TMP/s.json"
    [ "$status" -eq 3 ]
    [[ "$output" == *"unknown key \"windw\""* ]]
    printf '{"min_est": "ten"}' > "$TMP/s.json"
    run evstudy run "$TMP/s.json"
    [ "$status" -eq 3 ]
    [[ "$output" == *"\"min_est\" must be an integer"* ]]
}

@test "--out is atomic: an unwritable target fails with exit 5 and leaves nothing" {
    mkdir "$TMP/ro"
    chmod 555 "$TMP/ro"
    if [ "$(id -u)" -eq 0 ]; then skip "root can write anywhere"; fi
    run evstudy run "$DATA/gpu-post-listing.json" --out "$TMP/ro/x.csv"
    [ "$status" -eq 5 ]
}

@test "--out to a missing directory and to /dev/full fail with exit 5" {
    run evstudy run "$DATA/gpu-post-listing.json" --out "$TMP/no/such/dir/x.json"
    [ "$status" -eq 5 ]
    [[ "$output" == *"cannot create"* ]]
    run sh -c "'$EVSTUDY_BIN' run '$DATA/gpu-post-listing.json' > /dev/full"
    [ "$status" -eq 5 ]
    [[ "$output" == *"write error"* ]]
}

@test "an existing output survives a failed run" {
    echo keep > "$TMP/out.json"
    run evstudy run "$DATA/gpu-post-listing.json" --window 5:-5 --out "$TMP/out.json"
    [ "$status" -eq 2 ]
    [ "$(cat "$TMP/out.json")" = keep ]
    evstudy run "$DATA/gpu-post-listing.json" --format json --out "$TMP/out.json"
    jq -e '.events | length == 2' "$TMP/out.json"
}

@test "a prices directory skips CSV files that are not price files, with a warning" {
    run evstudy run -p "$DATA" -e "$DATA/gpu-listings-events.csv" -m 000688.SS --model market-adjusted \
        --estimation 21:140 --window 1:20 --format csv --table aar
    [ "$status" -eq 0 ]
    [[ "$output" == *"gpu-listings-events.csv: skipped: not a price file (no 'close' or 'adj_close' column in the header)"* ]]
    [[ "$output" == *"1,2,-0.03302992964,-0.03302992964"* ]]
    mkdir "$TMP/d"
    printf 'date,close\n2024-01-02,1\n2024-01-03,x\n' > "$TMP/d/A.csv"
    run evstudy run -p "$TMP/d" -e "$DATA/gpu-listings-events.csv" -m A
    [ "$status" -eq 3 ]
    [[ "$output" == *"A.csv:3: invalid number 'x' in column close"* ]]
}
