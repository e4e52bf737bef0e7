#!/usr/bin/env bats
# The faults of issue 5, each served by the loopback server: the exit code,
# the message (symbol, source, what happened), how many requests were sent,
# and the cache afterwards (right rows, nothing from a failed answer).
bats_require_minimum_version 1.5.0
load http_helpers

# A good fetch first, so that "nothing changed" can be checked.
seed_cache() {
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2025-12-31 --cache "$C"
    [ "$status" -eq 0 ]
    : >"$HTTP_LOG"
    ROWS0=$(sql "select count(*) from prices")
    FETCHES0=$(sql "select count(*) from fetches")
}

cache_unchanged() {
    [ "$(sql "select count(*) from prices")" -eq "$ROWS0" ]
    [ "$(sql "select count(*) from fetches")" -eq "$FETCHES0" ]
    [ "$(sql "select count(*) from series where symbol = '^HSI'")" -eq 0 ]
}

@test "HTTP 500 once, then the answer: retried, stored once" {
    seed_cache
    use fail500
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning: yahoo: ^HSI: HTTP 500; retrying in "*" s (retry 1 of 3)"* ]]
    [ "$(requests)" -eq 2 ]
    [ "$(sql "select count(*) from prices p join series s on s.id = p.series where s.symbol = '^HSI'")" -eq 20 ]
}

@test "HTTP 503 every time: retries run out, exit 4 with the server's text" {
    seed_cache
    use always503
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C" --retries 2
    [ "$status" -eq 4 ]
    [[ "$output" == *"error: yahoo: ^HSI: HTTP 503: Service Unavailable (after 3 attempts)"* ]]
    [ "$(requests)" -eq 3 ]
    cache_unchanged
}

@test "HTTP 429 with Retry-After: 1 is waited out, then the answer is used" {
    seed_cache
    use r429
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 0 ]
    # Jittered back-off would be 0.25..0.75 s: the 1.0 s is the server's.
    [[ "$output" == *"yahoo: ^HSI: HTTP 429 with Retry-After; retrying in 1.0 s (retry 1 of 3)"* ]]
    [ "$(requests)" -eq 2 ]
}

@test "HTTP 429 asking for an hour fails at once instead of hanging" {
    seed_cache
    use r429long
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"yahoo: ^HSI: HTTP 429: the server asks to retry after 3600 s (more than the 60 s allowed)"* ]]
    [ "$(requests)" -eq 1 ]
    cache_unchanged
}

@test "HTTP 404 with an error body: no retry, the body's text in the message" {
    seed_cache
    use e404
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"error: yahoo: ^HSI: HTTP 404: Not Found: No data found, symbol may be delisted"* ]]
    [ "$(requests)" -eq 1 ]
    cache_unchanged
}

@test "an unknown Yahoo symbol is the real service's 404" {
    run evstudy fetch NOSUCH --cache "$C" --from 2025-10-01 --to 2025-10-31
    [ "$status" -eq 4 ]
    [[ "$output" == *"yahoo: NOSUCH: HTTP 404: Not Found: No data found"* ]]
}

@test "a truncated body (Content-Length not met) is a transport error, retried" {
    seed_cache
    use trunc
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C" --retries 1
    [ "$status" -eq 4 ]
    [[ "$output" == *"error: yahoo: ^HSI: transfer closed with "*" bytes remaining to read (after 2 attempts)"* ]]
    [ "$(requests)" -eq 2 ]
    cache_unchanged
}

@test "invalid JSON never reaches the cache" {
    seed_cache
    use badjson
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"error: yahoo: ^HSI: malformed response: invalid JSON at line 1 column "* ]]
    [ "$(requests)" -eq 1 ]
    cache_unchanged
}

@test "an HTML page instead of JSON never reaches the cache" {
    seed_cache
    use html
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"error: yahoo: ^HSI: malformed response: an HTML page instead of JSON"* ]]
    cache_unchanged
}

@test "an empty body and an empty result are errors and store nothing" {
    seed_cache
    use emptybody
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"yahoo: ^HSI: malformed response: empty response"* ]]
    use empty
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"yahoo: ^HSI: the server has no rows for 2025-10-01..2025-10-31 (unknown symbol, or no trading then)"* ]]
    run evstudy fetch 000001.SZ --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"eastmoney: 000001.SZ: the server has no rows"* ]]
    cache_unchanged
}

@test "a slow answer past --timeout is a timeout, retried, then exit 4" {
    seed_cache
    use slow
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C" --timeout 1 --retries 1
    [ "$status" -eq 4 ]
    [[ "$output" == *"error: yahoo: ^HSI: Operation timed out after "*" (after 2 attempts)"* ]]
    [ "$(requests)" -eq 2 ]
    cache_unchanged
}

@test "null holes: a placeholder bar is no trading day, a repeated live bar counts once" {
    use nulls
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C" --out "$TMP/n.csv"
    [ "$status" -eq 0 ]
    # data/HSI.csv: rows 2..6 are 10-02, 10-03, 10-06, 10-08, 10-09.
    grep -q '^2025-10-03,,27262,26972.71,27140.92,27140.92,1392000000$' "$TMP/n.csv"
    grep -q '^2025-10-06,27003.92,27145.17,26873.34,26957.77,26957.77,$' "$TMP/n.csv"
    ! grep -q '^2025-10-08,' "$TMP/n.csv"
    # The last bar came twice; the later one (close + 1) is kept.
    last=$(awk -F, '$1 <= "2025-10-31"' "$DATA/HSI.csv" | tail -n 1 | cut -d, -f5)
    tail -n 1 "$TMP/n.csv" | awk -F, -v last="$last" '{ d = $5 - (last + 1); exit !(d < 1e-6 && d > -1e-6) }'
    [ "$(sql "select count(*) from prices")" -eq 19 ]
}

@test "an answer over --max-size is refused" {
    seed_cache
    run evstudy fetch ^HSI --from 2025-10-01 --to 2026-07-31 --cache "$C" --max-size 1000
    [ "$status" -eq 4 ]
    [[ "$output" == *"yahoo: ^HSI: the answer is larger than 1000 bytes"* ]]
    cache_unchanged
}

@test "eastmoney: high below low (columns out of order) and rc errors are refused" {
    use badorder
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2025-12-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"eastmoney: 688795.SS: malformed response: high "*" below low "*" on 2025-12-05 (columns out of order?)"* ]]
    use rcerr
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2025-12-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"eastmoney: 688795.SS: error answer rc=102"* ]]
    [ "$(sql "select count(*) from prices")" -eq 0 ]
}

@test "alphavantage limit and error bodies (HTTP 200) are errors with their text" {
    export ALPHAVANTAGE_API_KEY=demo
    use note
    run evstudy fetch MSFT --source alphavantage --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"alphavantage: MSFT: Note: Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute"* ]]
    use information
    run evstudy fetch MSFT --source alphavantage --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"alphavantage: MSFT: Information: Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day"* ]]
    use errmsg
    run evstudy fetch MSFT --source alphavantage --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"alphavantage: MSFT: Error Message: Invalid API call."* ]]
    [ "$(sql "select count(*) from prices")" -eq 0 ]
}

@test "stooq plain-text errors and its API-key page are errors with their text" {
    use nodata
    run evstudy fetch MSFT --source stooq --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"stooq: MSFT: the server answered 'No data'"* ]]
    use hitslimit
    run evstudy fetch MSFT --source stooq --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"stooq: MSFT: the server answered 'Exceeded the daily hits limit'"* ]]
    use html
    run evstudy fetch MSFT --source stooq --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"stooq: MSFT: an HTML page instead of CSV (Stooq may want an API key: set STOOQ_API_KEY)"* ]]
    [ "$(sql "select count(*) from prices")" -eq 0 ]
}

@test "nothing listening: the libcurl error, exit 4, no retry" {
    export EVSTUDY_YAHOO_URL=http://127.0.0.1:9/
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 4 ]
    [[ "$output" == *"error: yahoo: ^HSI: Failed to connect to 127.0.0.1 port 9"* ]]
    [[ "$output" != *"retrying"* ]]
}

@test "one failing symbol does not stop the others; the exit code says it failed" {
    run evstudy fetch NOSUCH ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C" --out "$TMP/o.csv"
    [ "$status" -eq 4 ]
    [[ "$output" == *"yahoo: NOSUCH: HTTP 404"* ]]
    [[ "$output" == *"^HSI"*"20 rows"* ]]
    [ ! -e "$TMP/o.csv" ]
    [ "$(sql "select count(*) from prices")" -eq 20 ]
}

@test "a base URL that is not http(s) is refused" {
    export EVSTUDY_YAHOO_URL=file:///etc/passwd
    run evstudy fetch ^HSI --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"yahoo: base URL 'file:///etc/passwd' is not http:// or https://"* ]]
}
