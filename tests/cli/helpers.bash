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
