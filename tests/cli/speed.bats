#!/usr/bin/env bats
# Loading at scale: `evstudy load`, threaded and serial loads and studies
# agreeing bit for bit, binary copies (written, read, corrupted, opted
# out), and the benchmark's tiny mode.  No timing is asserted anywhere.
load helpers

setup_file() {
    # 800 securities x 400 days (8.8 MiB): above the 8 MiB split threshold,
    # so a 2-thread load really parses two segments.
    export GEN="$BATS_FILE_TMPDIR/gen"
    mkdir -p "$GEN"
    cc -O2 -o "$GEN/gen-bench-data" "$EVS_TEST_ROOT/scripts/gen-bench-data.c" -lm
    "$GEN/gen-bench-data" "$GEN" 800 400 7
}

study() { # extra flags... -> a study of the generated data, CSV on stdout
    evstudy run -q --returns "$GEN/returns.csv" --returns "$GEN/market.csv" --market MKT \
        --events "$GEN/events-10k.csv" --format csv --table aar,car,tests "$@"
}

@test "load reports inputs, series, rows and a digest" {
    run evstudy load --no-bin-cache --returns "$GEN/returns.csv" --returns "$GEN/market.csv" \
        --events "$GEN/events-10k.csv"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "inputs 2" ]
    [ "${lines[1]}" = "series 801" ]
    [ "${lines[2]}" = "rows $((800 * 400 + 400))" ]
    [ "${lines[3]}" = "events 10000" ]
    [[ "${lines[4]}" =~ ^digest\ [0-9a-f]{16}$ ]]
}

@test "load: usage and input errors" {
    run evstudy load
    [ "$status" -eq 2 ]
    [[ "$output" == *"no inputs: give --prices or --returns"* ]]
    run evstudy load --returns "$GEN/returns.csv" --threads 0
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid --threads"* ]]
    run evstudy load --returns "$TMP/none.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"none.csv: cannot open"* ]]
    printf 'date,symbol,ret\n2024-01-02,A,0.1\n2024-01-03,A,x\n' > "$TMP/bad.csv"
    run evstudy load --returns "$TMP/bad.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"bad.csv:3: invalid number 'x' in column ret"* ]]
    run evstudy load --help
    [ "$status" -eq 0 ]
    for o in --prices --returns --events --threads --bin-cache --no-bin-cache; do
        [[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
    done
}

@test "one thread and two threads load the same bits" {
    a=$(evstudy load --no-bin-cache --threads 1 --returns "$GEN/returns.csv")
    b=$(evstudy load --no-bin-cache --threads 2 --returns "$GEN/returns.csv")
    [ -n "$a" ]
    [ "$a" = "$b" ]
}

@test "a study gives the same bytes with 1 or 2 threads, from CSV or binary copy" {
    study --no-bin-cache --threads 1 --out "$TMP/t1.csv"
    study --no-bin-cache --threads 2 --out "$TMP/t2.csv"
    cmp "$TMP/t1.csv" "$TMP/t2.csv"
    study --bin-cache "$TMP/bc" --out "$TMP/c1.csv"
    # returns.csv only: market.csv (400 rows) is under the 1 MiB threshold
    [ "$(ls "$TMP/bc" | grep -c '\.evsbin$')" -eq 1 ]
    study --bin-cache "$TMP/bc" --out "$TMP/c2.csv"
    cmp "$TMP/t1.csv" "$TMP/c1.csv"
    cmp "$TMP/t1.csv" "$TMP/c2.csv"
}

@test "provenance from a binary copy is the file's sha256" {
    study --bin-cache "$TMP/bc" --out "$TMP/x.csv"
    study --bin-cache "$TMP/bc" --format json --out "$TMP/o.json"
    sha=$(sha256sum "$GEN/returns.csv" | cut -d' ' -f1)
    jq -e --arg s "$sha" '.params.inputs[] | select(.path | endswith("/returns.csv")) | .sha256 == $s' "$TMP/o.json"
}

@test "the default copy directory is \$XDG_CACHE_HOME/evstudy/bin; --no-bin-cache writes none" {
    export XDG_CACHE_HOME="$TMP/xdg"
    evstudy load --no-bin-cache --returns "$GEN/returns.csv" > /dev/null
    [ ! -e "$TMP/xdg/evstudy/bin" ]
    evstudy load --returns "$GEN/returns.csv" > /dev/null
    [ "$(ls "$TMP/xdg/evstudy/bin" | grep -c '\.evsbin$')" -eq 1 ]
}

@test "a corrupt copy is reported, ignored and rewritten" {
    want=$(evstudy load --no-bin-cache --returns "$GEN/returns.csv")
    evstudy load --bin-cache "$TMP/bc" --returns "$GEN/returns.csv" > /dev/null
    f=$(ls "$TMP/bc"/*.evsbin)
    printf 'XXXXXXXX' | dd of="$f" bs=1 seek=100000 conv=notrunc 2> /dev/null
    run evstudy load --bin-cache "$TMP/bc" --returns "$GEN/returns.csv"
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning: "*"returns.csv: binary copy "*" does not check out; reading the CSV"* ]]
    [[ "$output" == *"$want"* ]]
    run evstudy load --bin-cache "$TMP/bc" --returns "$GEN/returns.csv"
    [ "$status" -eq 0 ]
    [ "$output" = "$want" ]
}

@test "a changed source invalidates its copy" {
    cp "$GEN/returns.csv" "$TMP/r.csv"
    evstudy load --bin-cache "$TMP/bc" --returns "$TMP/r.csv" > /dev/null
    printf '2011-07-01,NEW,0.01\n' >> "$TMP/r.csv"
    run evstudy load --bin-cache "$TMP/bc" --returns "$TMP/r.csv"
    [ "$status" -eq 0 ]
    [ "${lines[1]}" = "series 801" ]
}

@test "the benchmark's tiny mode runs end to end and prints one table" {
    run env BENCH_SMALL=1 BENCH_DIR="$TMP/bench" "$EVS_TEST_ROOT/scripts/bench.sh" "$EVSTUDY_BIN"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"machine: "*" cores, "* ]]
    for s in "wc -l returns.csv" "cat returns.csv" "load CSV, 1 thread" "load CSV, default threads" \
             "load CSV + write binary copy" "load binary copy" "study 10k events, from csv" \
             "study 10k events, from copy"; do
        [[ "$output" == *"$s"* ]] || { echo "missing $s"; false; }
    done
    [[ "$output" == *"loads agree bit for bit"* ]]
}

@test "run --timings: one line of stage times on stderr, the output unchanged" {
    study --no-bin-cache --tests t,patell > "$TMP/plain.csv"
    study --no-bin-cache --tests t,patell --timings > "$TMP/timed.csv" 2> "$TMP/err"
    cmp "$TMP/plain.csv" "$TMP/timed.csv"
    [ "$(wc -l < "$TMP/err")" -eq 1 ]
    n='[0-9]+\.[0-9]{3}'
    grep -Eq "^evstudy: timings \(s\): load $n, study $n \(events $n, aggregate $n, tests $n\), write $n$" "$TMP/err"
}
