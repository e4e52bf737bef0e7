#!/usr/bin/env bats
# evstudy fetch against the loopback server: every source's format parsed
# into the numbers of the file it was recorded from, symbol forms, ranges
# asked, the cache answering, --offline, keys, proxies, TLS.
bats_require_minimum_version 1.5.0
load http_helpers

@test "fetch --help documents every option and the environment" {
    run evstudy fetch --help
    [ "$status" -eq 0 ]
    for o in --from --to --source --adjust --cache --offline --timeout --retries \
             --max-size --out EVSTUDY_YAHOO_URL ALPHAVANTAGE_API_KEY; do
        [[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
    done
}

@test "fetch with no symbol, a bad date, source or adjustment is a usage error" {
    run evstudy fetch --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"name at least one symbol"* ]]
    run evstudy fetch ^HSI --from 2025-13-01 --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid --from date '2025-13-01'"* ]]
    run evstudy fetch ^HSI --from 2026-02-01 --to 2026-01-01 --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"--from 2026-02-01 is after --to 2026-01-01"* ]]
    run evstudy fetch ^HSI --source bloomberg --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown source 'bloomberg'"* ]]
    run evstudy fetch ^HSI --source yahoo --adjust none --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"yahoo offers only forward-adjusted prices, not none"* ]]
    run evstudy fetch ^HSI --timeout 0 --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid --timeout '0'"* ]]
    run evstudy fetch 12345.SS --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid symbol '12345.SS': Shanghai and Shenzhen codes have 6 digits"* ]]
    [ "$(requests)" -eq 0 ]
}

@test "yahoo ^HSI: every row equals data/HSI.csv, from which the answer was recorded" {
    run evstudy fetch ^HSI --from 2025-10-01 --to 2026-08-31 --cache "$C" --out "$TMP/hsi.csv"
    [ "$status" -eq 0 ]
    [[ "$output" == *"^HSI         yahoo        forward   2025-10-02..2026-08-03    203 rows  (203 new, 1 request)"* ]]
    run "$PYTHON" "$COMPARE" "$TMP/hsi.csv" "$DATA/HSI.csv" --adj-is-close
    echo "$output"
    [ "$status" -eq 0 ]
    # The request: the symbol percent-encoded, a browser User-Agent,
    # compressed answers accepted.
    grep -q '"path": "/ok/v8/finance/chart/%5EHSI"' "$HTTP_LOG"
    grep -q '"ua": "Mozilla/5.0' "$HTTP_LOG"
    grep -q '"ae": "[^"]*gzip' "$HTTP_LOG"
}

@test "yahoo dates are timestamp + gmtoffset: a US index (UTC-5/-4) keeps its dates" {
    run evstudy fetch ^GSPC --from 2019-01-01 --to 2020-04-30 --cache "$C" --out "$TMP/spx.csv"
    [ "$status" -eq 0 ]
    run "$PYTHON" "$COMPARE" "$TMP/spx.csv" \
        /work/shared/data/peers/vega-datasets/sp500-2000.csv --from 2019-01-01
    echo "$output"
    [ "$status" -eq 0 ]
}

@test "yahoo nulls: a missing value stays an empty cell (6082.HK, 4 sparse rows)" {
    run evstudy fetch 6082.HK --from 2026-01-01 --to 2026-07-31 --cache "$C" --out "$TMP/b.csv"
    [ "$status" -eq 0 ]
    run "$PYTHON" "$COMPARE" "$TMP/b.csv" "$DATA/6082.HK.csv" --adj-is-close
    echo "$output"
    [ "$status" -eq 0 ]
    grep -qx '2026-01-09,,,,34.06,34.06,' "$TMP/b.csv"
}

@test "eastmoney 688795.SS: prices equal the data file; lots become shares" {
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2026-07-31 --cache "$C" --out "$TMP/m.csv"
    [ "$status" -eq 0 ]
    [[ "$output" == *"688795.SS    eastmoney    backward  2025-12-05..2026-07-17    147 rows"* ]]
    # Volume: the fixture holds round(shares / 100) lots, so at most 50
    # shares are lost; 2026-06-25 has no volume in the source file.
    run "$PYTHON" "$COMPARE" "$TMP/m.csv" "$DATA/688795.SS.csv" --volume-tol 50
    echo "$output"
    [ "$status" -eq 0 ]
    grep -q '^2025-12-05,650,688,556,600.5,,25120100$' "$TMP/m.csv"
    grep -q 'secid=1.688795&.*fqt=2&beg=20251201&end=20260731' "$HTTP_LOG"
    grep -q '"ref": "https://quote.eastmoney.com/"' "$HTTP_LOG"
}

@test "eastmoney fqt follows --adjust, and each adjustment is its own cached series" {
    run evstudy fetch 688802.SS --adjust none --from 2025-12-01 --to 2026-01-31 --cache "$C"
    [ "$status" -eq 0 ]
    run evstudy fetch 688802.SS --adjust forward --from 2025-12-01 --to 2026-01-31 --cache "$C"
    [ "$status" -eq 0 ]
    grep -q 'fqt=0&' "$HTTP_LOG"
    grep -q 'fqt=1&' "$HTTP_LOG"
    run evstudy cache list --cache "$C"
    [[ "$output" == *"688802.SS    eastmoney    forward"* ]]
    [[ "$output" == *"688802.SS    eastmoney    none"* ]]
    # fqt=0 prices as traded: the volume unit is read from the amount.
    [ "$(sql "select volume from prices p join series s on s.id = p.series where s.adjust = 'none' and date = '2025-12-17'")" = "15367000.0" ]
}

@test "eastmoney serves Hong Kong too: 116.06082, volume already in shares" {
    run evstudy fetch 6082.HK --source eastmoney --from 2026-01-01 --to 2026-07-31 --cache "$C" --out "$TMP/b.csv"
    [ "$status" -eq 0 ]
    grep -q 'secid=116.06082&' "$HTTP_LOG"
    run "$PYTHON" "$COMPARE" "$TMP/b.csv" "$DATA/6082.HK.csv"
    echo "$output"
    [ "$status" -eq 0 ]
}

@test "stooq msft.us: the CSV answer equals the source file" {
    run evstudy fetch MSFT --source stooq --from 2000-09-01 --to 2001-09-30 --cache "$C" --out "$TMP/s.csv"
    [ "$status" -eq 0 ]
    grep -q 's=msft.us&i=d&d1=20000901&d2=20010930' "$HTTP_LOG"
    run "$PYTHON" "$COMPARE" "$TMP/s.csv" /work/shared/data/peers/r-cran-timeseries/msft.csv --delimiter ';'
    echo "$output"
    [ "$status" -eq 0 ]
}

@test "alphavantage: the key comes from the environment, is sent, never printed or stored" {
    export ALPHAVANTAGE_API_KEY=SECRET-KEY-123
    run --separate-stderr evstudy fetch MSFT --source alphavantage --from 2000-09-01 --to 2001-09-30 \
        --cache "$C" --out "$TMP/a.csv" -v
    [ "$status" -eq 0 ]
    grep -q 'apikey=SECRET-KEY-123' "$HTTP_LOG"
    grep -q 'outputsize=full' "$HTTP_LOG"
    run "$PYTHON" "$COMPARE" "$TMP/a.csv" /work/shared/data/peers/r-cran-timeseries/msft.csv --delimiter ';'
    [ "$status" -eq 0 ]
    use errmsg
    run evstudy fetch IBM --source alphavantage --cache "$C" -v
    [ "$status" -eq 4 ]
    [[ "$output" != *SECRET* ]]
    run evstudy cache show MSFT --cache "$C"
    [[ "$output" == *"query?function=TIME_SERIES_DAILY&symbol=MSFT"* ]]
    [[ "$output" != *SECRET* ]]
    run sqlite3 "$C" .dump
    [[ "$output" != *SECRET* ]]
}

@test "alphavantage without a key: exit 2, naming the variable, nothing sent" {
    run evstudy fetch MSFT --source alphavantage --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"alphavantage needs an API key: set ALPHAVANTAGE_API_KEY"* ]]
    [ "$(requests)" -eq 0 ]
}

@test "a source with no documented form for a market is refused before sending" {
    run evstudy fetch 688795.SS --source stooq --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"stooq has no documented symbol form for Shanghai listings (use --source yahoo, eastmoney, alphavantage)"* ]]
    run evstudy fetch ^HSI --source eastmoney --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"eastmoney has no documented symbol form for index listings"* ]]
    [ "$(requests)" -eq 0 ]
}

@test "symbols are made canonical: 06082.hk is cached as 6082.HK" {
    run evstudy fetch 06082.hk --from 2026-01-01 --to 2026-01-31 --cache "$C"
    [ "$status" -eq 0 ]
    grep -q '"path": "/ok/v8/finance/chart/6082.HK"' "$HTTP_LOG"
    [ "$(sql "select symbol from series")" = "6082.HK" ]
}

@test "a later fetch asks only for the missing range; a covered one asks nothing" {
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2026-01-31 --cache "$C"
    [ "$status" -eq 0 ]
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2026-03-31 --cache "$C"
    [ "$status" -eq 0 ]
    [[ "$output" == *"75 rows  (36 new, 1 request)"* ]]
    [ "$(requests)" -eq 2 ]
    tail -n 1 "$HTTP_LOG" | grep -q 'beg=20260201&end=20260331'
    run evstudy fetch 688795.SS --from 2025-12-10 --to 2026-03-01 --cache "$C"
    [ "$status" -eq 0 ]
    [[ "$output" == *"(cached)"* ]]
    [ "$(requests)" -eq 2 ]
    # Rows: exactly those of the data file in the range.
    want=$(awk -F, '$1 >= "2025-12-01" && $1 <= "2026-03-31"' "$DATA/688795.SS.csv" | wc -l)
    [ "$(sql "select count(*) from prices")" -eq "$want" ]
    [ "$(sql "select count(*) from fetches")" -eq 2 ]
}

@test "--offline answers from the cache and sends nothing" {
    run evstudy fetch ^HSI --from 2025-10-01 --to 2026-01-31 --cache "$C" --out "$TMP/on.csv"
    [ "$status" -eq 0 ]
    run evstudy fetch ^HSI --from 2025-10-01 --to 2026-01-31 --cache "$C" --out "$TMP/off.csv" --offline
    [ "$status" -eq 0 ]
    [ "$(requests)" -eq 1 ]
    cmp "$TMP/on.csv" "$TMP/off.csv"
}

@test "--offline with a range the cache lacks says what is missing (exit 4)" {
    run evstudy fetch ^HSI --from 2025-11-01 --to 2025-12-31 --cache "$C"
    [ "$status" -eq 0 ]
    run evstudy fetch ^HSI 688795.SS --from 2025-10-01 --to 2026-02-28 --cache "$C" --offline
    [ "$status" -eq 4 ]
    [[ "$output" == *"yahoo: ^HSI: not in the cache: 2025-10-01..2025-10-31, 2026-01-01..2026-02-28 (offline; fetch it first)"* ]]
    [[ "$output" == *"eastmoney: 688795.SS: not in the cache: 2025-10-01..2026-02-28"* ]]
    [ "$(requests)" -eq 1 ]
}

@test "--source auto answers from a series cached from another source" {
    run evstudy fetch 688795.SS --source yahoo --from 2025-12-01 --to 2026-01-31 --cache "$C"
    [ "$status" -eq 0 ]
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2026-01-31 --cache "$C" --offline
    [ "$status" -eq 0 ]
    [[ "$output" == *"688795.SS    yahoo        forward"*"(cached)"* ]]
}

@test "--out with several symbols has a symbol column, and run reads it" {
    run evstudy fetch 688795.SS 688802.SS 000688.SS --from 2025-01-01 --to 2026-08-31 \
        --cache "$C" --out "$TMP/all.csv"
    [ "$status" -eq 0 ]
    head -n 1 "$TMP/all.csv" | grep -qx 'date,symbol,open,high,low,close,adj_close,volume'
    run evstudy run --prices "$TMP/all.csv" --events "$DATA/gpu-listings-events.csv" \
        --market 000688.SS --model market-adjusted --window 1:20 --estimation 21:140 \
        --min-est 60 --format csv --table events
    [ "$status" -eq 0 ]
    [[ "$output" == *"688795.SS"*"688802.SS"* ]]
}

@test "--out - writes the CSV to stdout and the summary to stderr" {
    run --separate-stderr evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C" --out -
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "date,open,high,low,close,adj_close,volume" ]
    [[ "$stderr" == *"^HSI"*"rows"* ]]
}

@test "the default cache lives under XDG_CACHE_HOME/evstudy, in a private directory" {
    export XDG_CACHE_HOME="$TMP/xdg"
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31
    [ "$status" -eq 0 ]
    [ -f "$TMP/xdg/evstudy/prices.sqlite" ]
    [ "$(stat -c %a "$TMP/xdg/evstudy")" = 700 ]
    run evstudy cache list
    [[ "$output" == *"^HSI"* ]]
}

@test "a history re-adjusted by the source (a split) is fetched again and replaced" {
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-12-31 --cache "$C"
    [ "$status" -eq 0 ]
    [ "$(sql "select close from prices where date = '2025-10-02'")" = 27287.12 ]
    use readjust
    run evstudy fetch ^HSI --from 2025-10-01 --to 2026-02-27 --cache "$C"
    [ "$status" -eq 0 ]
    [[ "$output" == *"the source re-adjusted its history (a split or dividend); fetching"* ]]
    [[ "$output" == *"history re-adjusted"* ]]
    # The halved prices replaced the old ones; later ones kept their level.
    [ "$(sql "select close from prices where date = '2025-10-02'")" = 13643.56 ]
    [ "$(sql "select close from prices where date = '2026-01-02'")" = 26338.47 ]
    [ "$(sql "select count(*) from fetches")" -eq 1 ]
}

@test "the last days of a fetch that reached today are asked again, offline they are used" {
    today=$(date -u +%Y%m%d)
    yesterday=$(date -u -d yesterday +%Y%m%d)
    run evstudy fetch 688795.SS --from 2026-07-01 --cache "$C"
    [ "$status" -eq 0 ]
    grep -q "beg=20260701&end=$today" "$HTTP_LOG"
    run evstudy fetch 688795.SS --from 2026-07-01 --cache "$C" --offline
    [ "$status" -eq 0 ]
    [ "$(requests)" -eq 1 ]
    run evstudy fetch 688795.SS --from 2026-07-01 --cache "$C"
    [ "$status" -eq 0 ]
    tail -n 1 "$HTTP_LOG" | grep -q "beg=$yesterday&end=$today"
    # No server: the provisional days are taken from the cache, with a warning.
    use closed
    export EVSTUDY_EASTMONEY_URL=http://127.0.0.1:9/
    run evstudy fetch 688795.SS --from 2026-07-01 --cache "$C"
    [ "$status" -eq 0 ]
    [[ "$output" == *"(using the cached copy)"* ]]
}

@test "proxies come from the environment (http_proxy)" {
    export http_proxy="$BASE"
    export EVSTUDY_YAHOO_URL=http://127.0.0.2:9/ok/
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C"
    [ "$status" -eq 0 ]
    grep -q '"proxy": true' "$HTTP_LOG"
}

@test "compressed answers are decoded; redirects are followed" {
    use gzip
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C" --out "$TMP/g.csv"
    [ "$status" -eq 0 ]
    run "$PYTHON" "$COMPARE" "$TMP/g.csv" "$DATA/HSI.csv" --adj-is-close --to 2025-10-31
    [ "$status" -eq 0 ]
    use redirect
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2025-12-31 --cache "$C"
    [ "$status" -eq 0 ]
    grep -q '"scenario": "ok", "source": "eastmoney"' "$HTTP_LOG"
}

@test "TLS certificates are verified: a self-signed server is refused" {
    command -v openssl >/dev/null || skip "openssl not installed"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
        -subj /CN=127.0.0.1 -keyout "$TMP/k.pem" -out "$TMP/c.pem" 2>/dev/null
    teardown
    start_server --tls "$TMP/c.pem" "$TMP/k.pem"
    export EVSTUDY_YAHOO_URL="https://127.0.0.1:$PORT/ok/"
    run evstudy fetch ^HSI --from 2025-10-01 --to 2025-10-31 --cache "$C" --retries 0
    [ "$status" -eq 4 ]
    [[ "$output" == *"yahoo: ^HSI: SSL certificate problem"* ]]
    [ "$(requests)" -eq 0 ]
}

@test "progress is shown on a terminal when there are several symbols" {
    command -v script >/dev/null || skip "script(1) not installed"
    run script -qec "$EVSTUDY_BIN fetch ^HSI 688795.SS --from 2025-12-01 --to 2025-12-31 --cache $C" /dev/null
    [ "$status" -eq 0 ]
    [[ "$output" == *"[1/2] ^HSI"* ]]
    [[ "$output" == *"[2/2] 688795.SS"* ]]
    # Not on a pipe.
    run evstudy fetch ^HSI 688795.SS --from 2025-12-01 --to 2025-12-31 --cache "$C"
    [[ "$output" != *"[1/2]"* ]]
}
