#!/usr/bin/env bats
# Hostile input: symbols that look like paths or shell, labels with quotes
# and newlines, a one-gigabyte line, millions of columns, binary files,
# deeply nested JSON and numbers beyond a double.  Each is refused with a
# clear one-line message and exit 3 (or kept as plain text where it is
# legal), with memory bounded by the documented limits (README "Security").
load helpers

PRICES=(-p "$DATA/688795.SS.csv" -p "$DATA/688802.SS.csv" -p "$DATA/000688.SS.csv")
OPTS=(-m 000688.SS --model market-adjusted --estimation 21:140 --window 1:20 --min-est 60)

# Peak resident memory (KiB) of one evstudy call, its exit code in $status.
peak_kib() {
    /usr/bin/time -f '%M' -o "$TMP/rss" "$EVSTUDY_BIN" "$@" 2>"$TMP/err" && status=0 || status=$?
    tail -1 "$TMP/rss"
}

@test "a symbol like ../../etc/passwd is a name: looked up, never opened" {
    printf 'symbol,date,label\n../../etc/passwd,2025-12-05,x\n688795.SS,2025-12-05,ok\n' \
        >"$TMP/ev.csv"
    run evstudy run "${PRICES[@]}" "${OPTS[@]}" -e "$TMP/ev.csv" -f csv
    [ "$status" -eq 0 ]
    [[ "$output" == *"1,../../etc/passwd,2025-12-05,000688.SS,x,,no-prices,no prices for ../../etc/passwd"* ]]
    [[ "$output" != *"root:"* ]]
}

@test "quotes, commas and newlines in labels survive CSV and JSON intact" {
    printf 'symbol,date,label\n688795.SS,2025-12-05,"a ""quoted"", multi\nline label"\n' \
        >"$TMP/ev.csv"
    evstudy run "${PRICES[@]}" "${OPTS[@]}" -e "$TMP/ev.csv" -f csv -o "$TMP/o.csv"
    evstudy run "${PRICES[@]}" "${OPTS[@]}" -e "$TMP/ev.csv" -f json -o "$TMP/o.json"
    run "${PYTHON:-/usr/bin/python3}" -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
print(rows[0]["label"] == "a \"quoted\", multi\nline label")
print(json.load(open(sys.argv[2]))["events"][0]["label"] == rows[0]["label"])' \
        "$TMP/o.csv" "$TMP/o.json"
    [ "$output" = $'True\nTrue' ]
}

@test "symbols with quotes, spaces, newlines or NUL bytes are refused on one line" {
    printf 'symbol,date\n"a\nevstudy: error: forged",2025-12-05\n' >"$TMP/ev.csv"
    run evstudy run "${PRICES[@]}" "${OPTS[@]}" -e "$TMP/ev.csv"
    [ "$status" -eq 3 ]
    [ "${#lines[@]}" -eq 1 ]
    [[ "$output" == *"ev.csv:2: invalid symbol 'a?evstudy: error: forged'"* ]]
    printf 'symbol,date\n"a""b",2025-12-05\n' >"$TMP/ev.csv"
    run evstudy run "${PRICES[@]}" "${OPTS[@]}" -e "$TMP/ev.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"invalid symbol 'a\"b'"* ]]
    printf 'symbol,date\nab\0c,2025-12-05\n' >"$TMP/ev.csv"
    run evstudy run "${PRICES[@]}" "${OPTS[@]}" -e "$TMP/ev.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"ev.csv:2: NUL byte: not a text file"* ]]
}

@test "a hostile --market or option value cannot forge output lines" {
    run evstudy run "$DATA/gpu-post-listing.json" --market $'X\nevstudy: error: forged'
    [ "$status" -eq 2 ]
    [ "${#lines[@]}" -eq 2 ]
    [[ "${lines[0]}" == "evstudy: error: invalid market symbol 'X?evstudy: error: forged'" ]]
    run evstudy run "$DATA/gpu-post-listing.json" --window $'1:2\n\033[31mred'
    [ "$status" -eq 2 ]
    [ "${#lines[@]}" -eq 2 ]
    [[ "${lines[0]}" == *"invalid event window"*"'1:2??[31mred'"* ]]
}

@test "a one-gigabyte line is refused after reading about 1 MiB" {
    skip_if_instrumented
    # From a pipe, so the gigabyte never touches the disk: evstudy stops
    # reading after the limit and the writer gets SIGPIPE.
    rss=$( { head -c 1073741824 /dev/zero | tr '\0' x; } |
           /usr/bin/time -f '%M' -o "$TMP/rss" "$EVSTUDY_BIN" run "$DATA/gpu-post-listing.json" \
               -p X=- 2>"$TMP/err"; tail -1 "$TMP/rss")
    grep -q "<stdin>:1: line longer than 1048576 bytes" "$TMP/err"
    echo "# 1 GiB line: peak RSS ${rss} KiB" >&3
    [ "$rss" -lt 65536 ]
}

@test "a CSV with two million columns, or 5000 on a short line, is refused" {
    "${PYTHON:-/usr/bin/python3}" -c 'import sys; sys.stdout.write("date," + ",".join(["c"] * 2000000) + "\n2025-12-05,1\n")' \
        >"$TMP/wide.csv"
    run evstudy run "$DATA/gpu-post-listing.json" -p X="$TMP/wide.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"wide.csv:1: line longer than 1048576 bytes"* ]]
    "${PYTHON:-/usr/bin/python3}" -c 'import sys; sys.stdout.write("date,close," + ",".join(["c"] * 5000) + "\n")' \
        >"$TMP/wide.csv"
    run evstudy run "$DATA/gpu-post-listing.json" -p X="$TMP/wide.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"wide.csv:1: more than 4096 fields on one line"* ]]
}

@test "binary input (/dev/zero, /dev/urandom, a program) is refused in bounded memory" {
    for f in /dev/zero /dev/urandom "$EVSTUDY_BIN"; do
        run evstudy run "$DATA/gpu-post-listing.json" -p X="$f"
        [ "$status" -eq 3 ]
        [[ "$output" == *"$f:"*": NUL byte: not a text file"* ]]
    done
    skip_if_instrumented
    rss=$(peak_kib run "$DATA/gpu-post-listing.json" -p X=/dev/zero)
    [ "$status" -eq 3 ]
    [ "$rss" -lt 65536 ]
}

@test "deeply nested JSON and 1e999 in a study file: exit 3" {
    "${PYTHON:-/usr/bin/python3}" -c 'print("[" * 1000000)' >"$TMP/deep.json"
    run evstudy run "$TMP/deep.json"
    [ "$status" -eq 3 ]
    [[ "$output" == *"deep.json:1: invalid JSON: maximum parsing depth reached"* ]]
    printf '{"min_est": 1e999}\n' >"$TMP/num.json"
    run evstudy run "$TMP/num.json"
    [ "$status" -eq 3 ]
    [[ "$output" == *"num.json:1: invalid JSON: real number overflow"* ]]
    printf '{"events": "x.csv", "events": "y.csv"}\n' >"$TMP/dup.json"
    run evstudy run "$TMP/dup.json"
    [ "$status" -eq 3 ]
    [[ "$output" == *"duplicate object key"* ]]
}

@test "1e999 and other numbers beyond a double in a price file: exit 3" {
    for v in 1e999 -1e999 1e400; do
        printf 'date,close\n2025-12-05,1\n2025-12-08,%s\n' "$v" >"$TMP/p.csv"
        run evstudy run "$DATA/gpu-post-listing.json" -p X="$TMP/p.csv"
        [ "$status" -eq 3 ]
        [[ "$output" == *"p.csv:3: number out of range '$v' in column close"* ]]
    done
}

@test "a price directory over the file limit is refused, never loaded in part" {
    mkdir "$TMP/many"
    for i in $(seq 1 513); do
        printf 'date,close\n2025-12-05,1\n' >"$TMP/many/S$i.csv"
    done
    run evstudy run "$DATA/gpu-post-listing.json" -p "$TMP/many" -f csv
    [ "$status" -eq 3 ]
    [[ "$output" == *"many: too many price files (at most 512 in all)"* ]]
    [[ "$output" != *"index,symbol"* ]]
}
