# Set-up for the fetch tests: a loopback server per test (tests/http/server.py
# on a free port of 127.0.0.1), every source pointed at it, a fresh cache.
#   start_server [--tls CERT KEY]   sets PORT, BASE, HTTP_LOG
#   use SCENARIO                    points every EVSTUDY_*_URL at BASE/SCENARIO/
#   requests                        number of requests the server has seen
#   sql QUERY                       runs a query on the test's cache ($C)
load helpers

PYTHON=${PYTHON:-/usr/bin/python3}
SERVER="$EVS_TEST_ROOT/tests/http/server.py"
COMPARE="$EVS_TEST_ROOT/tests/http/compare.py"

start_server() {
    HTTP_LOG="$TMP/http.log"
    : >"$HTTP_LOG"
    "$PYTHON" "$SERVER" --log "$HTTP_LOG" "$@" >"$TMP/port" 2>"$TMP/server.err" &
    SERVER_PID=$!
    local i
    for i in $(seq 250); do
        [ -s "$TMP/port" ] && break
        sleep 0.02
    done
    PORT=$(head -n 1 "$TMP/port")
    [ -n "$PORT" ] || { cat "$TMP/server.err" >&2; return 1; }
    BASE="http://127.0.0.1:$PORT"
}

use() {
    export EVSTUDY_YAHOO_URL="$BASE/$1/" EVSTUDY_EASTMONEY_URL="$BASE/$1/"
    export EVSTUDY_STOOQ_URL="$BASE/$1/" EVSTUDY_ALPHAVANTAGE_URL="$BASE/$1/"
}

requests() {
    wc -l <"$HTTP_LOG" | tr -d ' '
}

sql() {
    sqlite3 "$C" "$1"
}

setup() {
    TMP="$BATS_TEST_TMPDIR"
    C="$TMP/cache.sqlite"
    # Nothing but the test server: no proxy from the caller's environment.
    unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
    unset ALPHAVANTAGE_API_KEY STOOQ_API_KEY
    start_server
    use ok
}

teardown() {
    if [ -n "${SERVER_PID:-}" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
