#!/usr/bin/env bats
# evstudy cache list | show | clear.
bats_require_minimum_version 1.5.0
load http_helpers

fill() {
    run evstudy fetch ^HSI 688795.SS --from 2025-12-01 --to 2025-12-31 --cache "$C"
    [ "$status" -eq 0 ]
}

@test "cache: usage errors exit 2" {
    run evstudy cache --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"say what to do: list, show or clear"* ]]
    run evstudy cache frob --cache "$C"
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown action 'frob'"* ]]
    run evstudy cache show --cache "$C"
    [ "$status" -eq 2 ]
    run evstudy cache list ^HSI --cache "$C"
    [ "$status" -eq 2 ]
}

@test "cache list with no cache yet prints nothing and succeeds" {
    run evstudy cache list --cache "$TMP/none.sqlite" --offline
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ ! -e "$TMP/none.sqlite" ]
}

@test "cache list: one line per series, with rows, dates and fetches" {
    fill
    run evstudy cache list --cache "$C"
    [ "$status" -eq 0 ]
    [ "${#lines[@]}" -eq 3 ]
    [[ "${lines[0]}" == "symbol       source       adjust       rows  first       last        fetches  last fetch (UTC)" ]]
    [[ "${lines[1]}" == "688795.SS    eastmoney    backward       19  2025-12-05  2025-12-31        1  20"* ]]
    [[ "${lines[2]}" == "^HSI         yahoo        forward        21  2025-12-01  2025-12-31        1  20"* ]]
}

@test "cache show: every fetch (when, dates, URL) and the rows" {
    fill
    run evstudy fetch ^HSI --from 2025-11-01 --to 2025-12-31 --cache "$C"
    run evstudy cache show ^hsi --cache "$C"
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "^HSI  source yahoo  adjust forward  41 rows" ]]
    [[ "${lines[1]}" == "  fetched 20"*"Z  2025-12-01..2025-12-31  21 rows  $BASE/ok/v8/finance/chart/%5EHSI?period1="* ]]
    [[ "${lines[2]}" == "  fetched 20"*"Z  2025-11-01..2025-11-30  20 rows  $BASE/ok/v8/finance/chart/%5EHSI?period1="* ]]
    [ "${lines[3]}" = "date,open,high,low,close,adj_close,volume" ]
    [[ "${lines[4]}" == "2025-11-03,"* ]]
    [ "${#lines[@]}" -eq 45 ]
}

@test "cache show of a symbol not cached exits 1" {
    fill
    run evstudy cache show AAPL --cache "$C"
    [ "$status" -eq 1 ]
    [[ "$output" == *"AAPL: not in the cache"* ]]
}

@test "cache clear SYMBOL removes that series; clear removes everything" {
    fill
    run evstudy cache clear 688795.ss --cache "$C"
    [ "$status" -eq 0 ]
    [[ "$output" == "removed 1 series (19 rows) from $C" ]]
    run evstudy cache list --cache "$C"
    [[ "$output" != *"688795.SS"* ]]
    [ "$(sql "select count(*) from fetches")" -eq 1 ]
    run evstudy cache clear --cache "$C"
    [[ "$output" == "removed 1 series (21 rows) from $C" ]]
    [ "$(sql "select count(*) from prices") $(sql "select count(*) from fetches")" = "0 0" ]
}
