#!/usr/bin/env bash
# Runs every unit-test program and the bats command-line suite, then prints
# one closing line "check: N passed, N failed, N skipped".
#   BUILD     build directory (default build)
#   ONLY      unit | cli (default both)
#   VALGRIND  1: run unit programs and evstudy under valgrind memcheck
#   SANITIZED 1: the build has ASan/UBSan (tests that measure memory skip)
# Every valgrind, ASan, LeakSanitizer or UBSan report is written to a log
# file of its own; a non-empty one counts as a failure, whatever the exit
# status of the program was (a test that expects exit 3 would not notice).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ONLY=${ONLY:-}
export LC_ALL=C
export EVSTUDY_BIN="$PWD/$BUILD/evstudy"
export EVS_TEST_ROOT="$PWD"
# Every network source points at a closed loopback port unless a test
# starts its own server: nothing ever leaves this machine.
export EVSTUDY_YAHOO_URL=http://127.0.0.1:9/ EVSTUDY_EASTMONEY_URL=http://127.0.0.1:9/
export EVSTUDY_STOOQ_URL=http://127.0.0.1:9/ EVSTUDY_ALPHAVANTAGE_URL=http://127.0.0.1:9/
export XDG_CACHE_HOME="${TMPDIR:-/tmp}/evs-test-cache.$$"
pass=0 fail=0 skip=0
log=$(mktemp)
SANLOG=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$XDG_CACHE_HOME" "$SANLOG"' EXIT
VG=""
if [ "${VALGRIND:-}" = 1 ]; then
    VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=$PWD/tests/valgrind.supp --log-file=$SANLOG/valgrind.%p"
    export EVSTUDY_WRAPPER="$VG"
fi
export SANITIZED=${SANITIZED:-}
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:log_path=$SANLOG/asan"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:log_path=$SANLOG/ubsan"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
# A comma-decimal locale for the locale tests: the system's, or one built
# once with localedef into build/locale (LOCPATH); empty when impossible.
export EVS_TEST_LOCALE="" EVS_TEST_LOCPATH=""
if locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
    EVS_TEST_LOCALE=de_DE.UTF-8
elif [ -d build/locale/de_DE.UTF-8 ] ||
     { command -v localedef >/dev/null 2>&1 && mkdir -p build/locale &&
       localedef -i de_DE -f UTF-8 build/locale/de_DE.UTF-8 >/dev/null 2>&1; }; then
    EVS_TEST_LOCALE=de_DE.UTF-8 EVS_TEST_LOCPATH="$PWD/build/locale"
fi
if [ "$ONLY" != cli ]; then
    for t in "$BUILD"/tests/test_*; do
        [ -x "$t" ] || continue
        # Programs that only repeat one path thousands of times (every
        # allocation fault, every chunk size, 300,000 numbers) run in the
        # normal and ASan passes; under valgrind they would take minutes.
        if [ -n "$VG" ]; then
            case " ${VALGRIND_SKIP_UNIT:-test_alloc_fail test_loadstream test_numparse} " in
                *" $(basename "$t") "*) continue ;;
            esac
        fi
        if (cd tests && $VG "../$t") >"$log" 2>&1; then
            :
        else
            echo "FAIL: $t" >&2
            cat "$log" >&2
        fi
        # cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)..."
        p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
        f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
        s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
        if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL: $t printed no result" >&2; cat "$log" >&2; fi
        pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
        echo "unit $(basename "$t"): $p passed, $f failed" >&2
    done
fi
if [ "$ONLY" != unit ]; then
    # Under valgrind (20-50x slower) the command-line pass covers every
    # command and every failure path, but not the suites that only repeat
    # them at scale (fetch faults with timeouts, kill loops, benchmarks,
    # reference sweeps): those run in the normal and ASan passes.
    targets=(tests/cli)
    if [ "${VALGRIND:-}" = 1 ]; then
        targets=()
        for f in ${VALGRIND_BATS:-basics study ipo backtest plot hostile io_faults locale secrets cache stats}; do
            targets+=("tests/cli/$f.bats")
        done
    fi
    if bats --tap "${targets[@]}" >"$log" 2>&1; then :; fi
    p=$(grep -c '^ok ' "$log" | tr -d ' '); p=${p:-0}
    s=$(grep -c '^ok .* # skip' "$log" | tr -d ' '); s=${s:-0}
    f=$(grep -c '^not ok ' "$log" | tr -d ' '); f=${f:-0}
    grep -q '^1\.\.' "$log" || { f=$((f + 1)); echo "bats did not run" >&2; }
    grep -E '^not ok|^#' "$log" >&2 || true
    pass=$((pass + p - s)); fail=$((fail + f)); skip=$((skip + s))
    echo "cli (bats): $((p - s)) passed, $f failed, $s skipped" >&2
fi
for f in "$SANLOG"/*; do
    [ -s "$f" ] || continue
    fail=$((fail + 1))
    echo "FAIL: sanitizer/valgrind report $(basename "$f"):" >&2
    head -40 "$f" >&2
done
echo "check: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
