#!/usr/bin/env bash
# The whole suite, once per mode in CHECK_MODES (default: all four), then
# one closing line "check: N passed, N failed, N skipped" summing them:
#   normal    the normal build (BUILD)
#   asan      an ASan+UBSan build in build/san; any sanitizer report fails
#   valgrind  the normal build under valgrind memcheck: unit programs and
#             every evstudy call of the bats tests; any error or leak fails
#   fuzz      each libFuzzer target for FUZZ_SECONDS (needs clang)
# A mode whose tool is missing is reported as skipped, never as passed.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
FUZZ_CC=${FUZZ_CC:-clang}
MODES=${CHECK_MODES:-normal asan valgrind fuzz}
tp=0 tf=0 ts=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Adds the counts of the last "check:" line of $out; a run that printed
# none failed before counting anything.
add_counts() {
    local line
    line=$(grep '^check: ' "$out" | tail -1)
    if [ -z "$line" ]; then
        echo "mode $1: no result line" >&2
        tf=$((tf + 1)); return
    fi
    read -r p f s <<<"$(sed 's/^check: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\1 \2 \3/' <<<"$line")"
    tp=$((tp + p)); tf=$((tf + f)); ts=$((ts + s))
    echo "mode $1: $p passed, $f failed, $s skipped ($(( $(date +%s) - t0 ))s)" >&2
}

build_or_fail() { # mode, make target...
    local mode=$1; shift
    if ! "$MAKE" --no-print-directory "$@" >"$out" 2>&1; then
        tail -30 "$out" >&2
        echo "mode $mode: build failed" >&2
        tf=$((tf + 1)); return 1
    fi
}

for mode in $MODES; do
    echo "== $mode ==" >&2
    t0=$(date +%s)
    case $mode in
    normal)
        BUILD=$BUILD tests/run-all.sh >"$out"; add_counts normal ;;
    asan)
        build_or_fail asan asan || continue
        BUILD=build/san SANITIZED=1 tests/run-all.sh >"$out"; add_counts asan ;;
    valgrind)
        if ! command -v valgrind >/dev/null 2>&1; then
            echo "mode valgrind: skipped (valgrind not installed)" >&2
            ts=$((ts + 1)); continue
        fi
        BUILD=$BUILD VALGRIND=1 tests/run-all.sh >"$out"; add_counts valgrind ;;
    fuzz)
        n=$(ls tests/fuzz/fuzz_*.c 2>/dev/null | wc -l)
        # clang without its libFuzzer runtime (libclang-rt-dev) cannot link.
        if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
             "$FUZZ_CC" -fsanitize=fuzzer,address,undefined -x c - -o /dev/null >/dev/null 2>&1; then
            echo "mode fuzz: skipped ($FUZZ_CC with libFuzzer not installed)" >&2
            ts=$((ts + n)); continue
        fi
        build_or_fail fuzz fuzz FUZZ_CC="$FUZZ_CC" || continue
        FUZZ_SECONDS=${FUZZ_SECONDS:-4} tests/fuzz/run.sh >"$out"; add_counts fuzz ;;
    *)
        echo "unknown mode '$mode' (normal, asan, valgrind, fuzz)" >&2
        tf=$((tf + 1)) ;;
    esac
done
echo "check: $tp passed, $tf failed, $ts skipped"
[ "$tf" -eq 0 ]
