# Shared set-up for the bats command-line tests.
# EVSTUDY_BIN and EVS_TEST_ROOT come from tests/run-all.sh; EVSTUDY_WRAPPER
# (valgrind) wraps every call when set.
: "${EVS_TEST_ROOT:=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}"
: "${EVSTUDY_BIN:=$EVS_TEST_ROOT/build/evstudy}"
DATA="$EVS_TEST_ROOT/data"
FIX="$EVS_TEST_ROOT/tests/data"

evstudy() {
    # shellcheck disable=SC2086
    ${EVSTUDY_WRAPPER:-} "$EVSTUDY_BIN" "$@"
}

setup() {
    TMP="$BATS_TEST_TMPDIR"
}

# evstudy with the fault shim preloaded (tests/shim/evs_fault.c); the
# EVS_FAULT_* rules come from the caller, e.g.
#   EVS_FAULT_FSYNC=5 evstudy_fault run ... --out "$TMP/x.csv"
SHIM="$(dirname "$EVSTUDY_BIN")/tests/libevs_fault.so"
evstudy_fault() {
    [ -f "$SHIM" ] || { echo "fault shim $SHIM not built" >&2; return 99; }
    LD_PRELOAD="$SHIM" \
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        evstudy "$@"
}

# Tests that measure memory or time cannot run under valgrind or a
# sanitizer (both change memory use and speed by design).
skip_if_instrumented() {
    if [ -n "${EVSTUDY_WRAPPER:-}" ] || [ -n "${SANITIZED:-}" ]; then
        skip "memory/time measurement: not meaningful under valgrind or ASan"
    fi
}
