#!/usr/bin/env bash
# Runs each libFuzzer target (build/fuzz/bin/fuzz_NAME) for FUZZ_SECONDS
# over its seeds (tests/fuzz/seeds/NAME), its saved regressions
# (tests/fuzz/regress/NAME) and the growing corpus build/fuzz/corpus/NAME.
# A crash, leak, timeout or out-of-memory input is copied into
# tests/fuzz/regress/NAME/ (commit it: the replay test runs it from then
# on) and counts as a failure.  Prints one line per target with its
# executions, and the closing line "check: N passed, N failed, N skipped";
# the figures also go to build/fuzz/summary.txt.
#   FUZZ_SECONDS  seconds per target (default 10)
#   FUZZ_BIN      directory of the binaries (default build/fuzz/bin)
set -u
cd "$(dirname "$0")/../.."
SECS=${FUZZ_SECONDS:-10}
BIN=${FUZZ_BIN:-build/fuzz/bin}
OUT=build/fuzz
mkdir -p "$OUT"
: > "$OUT/summary.txt"
pass=0 fail=0 skip=0
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for f in tests/fuzz/fuzz_*.c; do n=${f##*/fuzz_}; names+=("${n%.c}"); done
fi
for name in "${names[@]}"; do
    bin="$BIN/fuzz_$name"
    if [ ! -x "$bin" ]; then
        echo "fuzz $name: not built (make fuzz)" >&2
        skip=$((skip + 1)); continue
    fi
    corpus="$OUT/corpus/$name" art="$OUT/artifacts/$name/" reg="tests/fuzz/regress/$name"
    mkdir -p "$corpus" "$art"
    rm -f "$art"*
    dirs=("$corpus" "tests/fuzz/seeds/$name")
    [ -d "$reg" ] && dirs+=("$reg")
    dict=()
    [ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
    log="$OUT/$name.log"
    # -close_fd_mask=3: the target's own stdout/stderr (CLI messages) are
    # dropped; libFuzzer keeps its reports.  Memory and time per input are
    # bounded so that a blow-up is a finding, not a stuck run.
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "$bin" -max_total_time="$SECS" -print_final_stats=1 -close_fd_mask=3 \
        -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=65536 \
        -artifact_prefix="$art" "${dict[@]}" "${dirs[@]}" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    files=$(find "$corpus" -type f | wc -l)
    found=$(find "$art" -type f | wc -l)
    if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
        mkdir -p "$reg"
        for a in "$art"*; do [ -f "$a" ] && cp "$a" "$reg/"; done
        echo "fuzz $name: FAILED (exit $rc); inputs saved to $reg/:" >&2
        grep -E "ERROR|SUMMARY|runtime error|property failed" "$log" | head -20 >&2
        fail=$((fail + 1))
        status=failed
    else
        pass=$((pass + 1))
        status=ok
    fi
    line="fuzz $name: ${execs:-0} executions in ${SECS}s, corpus $files inputs: $status"
    echo "$line" >&2
    echo "$line" >> "$OUT/summary.txt"
done
echo "check: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
