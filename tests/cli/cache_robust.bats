#!/usr/bin/env bats
# The cache under stress: a fetch killed with SIGKILL in the middle of its
# write transaction, readers during a write, and concurrent fetches into
# one cache.  The cache must always be as it was before or after a write.
bats_require_minimum_version 1.5.0
load http_helpers

seed_cache() {
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2025-12-31 --cache "$C"
    [ "$status" -eq 0 ]
    SEED=$(sql "select count(*) from prices")
    [ "$SEED" -eq 19 ]
}

# Starts a fetch of 85k synthetic rows (years 1700..2026) and stops it
# (SIGSTOP) as soon as its transaction has spilled pages into the WAL.
# Sets PID; returns 1 when the fetch finished first.
stop_mid_write() {
    use big
    "$EVSTUDY_BIN" fetch 000001.SZ --from 1700-01-01 --to 2026-11-01 --cache "$C" \
        >/dev/null 2>&1 &
    PID=$!
    while kill -0 "$PID" 2>/dev/null; do
        if [ -s "$C-wal" ]; then
            kill -STOP "$PID"
            return 0
        fi
        sleep 0.002
    done
    wait "$PID" || true
    return 1
}

@test "SIGKILL in the middle of the write transaction leaves the cache as before" {
    command -v sqlite3 >/dev/null || skip "sqlite3 not installed"
    seed_cache
    caught=0
    for attempt in 1 2 3 4 5; do
        # Finished before the poll saw the WAL grow: undo it and try again.
        stop_mid_write || { evstudy cache clear 000001.SZ --cache "$C" >/dev/null; continue; }
        # Stopped with the write open: readers are not blocked and still see
        # the state before the write.
        run evstudy cache list --cache "$C"
        [ "$status" -eq 0 ]
        if [ "$(sql "select count(*) from prices")" -ne "$SEED" ]; then
            # The commit was faster than the poll: not mid-write, try again.
            kill -9 "$PID"; wait "$PID" || true
            run evstudy cache clear 000001.SZ --cache "$C"
            continue
        fi
        [[ "$output" != *"000001.SZ"* ]]
        kill -9 "$PID"
        st=0
        wait "$PID" || st=$?
        [ "$st" -eq 137 ]
        caught=1
        break
    done
    [ "$caught" -eq 1 ]
    # Opened again: intact, and exactly the state before the killed write.
    [ "$(sql "pragma integrity_check")" = ok ]
    [ "$(sql "select count(*) from prices")" -eq "$SEED" ]
    [ "$(sql "select count(*) from fetches")" -eq 1 ]
    run evstudy cache list --cache "$C"
    [ "$status" -eq 0 ]
    [[ "$output" == *"688795.SS"* ]]
    [[ "$output" != *"000001.SZ"* ]]
    run evstudy fetch 688795.SS --from 2025-12-01 --to 2025-12-31 --cache "$C" --offline
    [ "$status" -eq 0 ]
    # And the same fetch, left alone, completes.
    use big
    run evstudy fetch 000001.SZ --from 2026-01-01 --to 2026-01-31 --cache "$C"
    [ "$status" -eq 0 ]
    [ "$(sql "select count(*) from prices")" -eq $((SEED + 22)) ]
}

@test "two fetches at once into one cache both succeed, nothing lost or doubled" {
    use slowish
    "$EVSTUDY_BIN" fetch ^HSI --from 2025-10-01 --to 2025-12-31 --cache "$C" >"$TMP/a.out" 2>&1 &
    a=$!
    "$EVSTUDY_BIN" fetch 688795.SS 688802.SS --from 2025-12-01 --to 2026-01-31 --cache "$C" >"$TMP/b.out" 2>&1 &
    b=$!
    "$EVSTUDY_BIN" fetch ^HSI --from 2025-10-01 --to 2025-12-31 --cache "$C" >"$TMP/c.out" 2>&1 &
    c=$!
    wait "$a"
    wait "$b"
    wait "$c"
    [ "$(sql "pragma integrity_check")" = ok ]
    hsi=$(awk -F, '$1 >= "2025-10-01" && $1 <= "2025-12-31"' "$DATA/HSI.csv" | wc -l)
    m1=$(awk -F, '$1 >= "2025-12-01" && $1 <= "2026-01-31"' "$DATA/688795.SS.csv" | wc -l)
    m2=$(awk -F, '$1 >= "2025-12-01" && $1 <= "2026-01-31"' "$DATA/688802.SS.csv" | wc -l)
    [ "$(sql "select count(*) from prices p join series s on s.id = p.series where symbol = '^HSI'")" -eq "$hsi" ]
    [ "$(sql "select count(*) from prices p join series s on s.id = p.series where symbol = '688795.SS'")" -eq "$m1" ]
    [ "$(sql "select count(*) from prices p join series s on s.id = p.series where symbol = '688802.SS'")" -eq "$m2" ]
    [ "$(sql "select count(*) from series")" -eq 3 ]
}

@test "a cache file that is not a database is an input error (exit 3)" {
    echo "date,close" >"$TMP/not.sqlite"
    run evstudy fetch ^HSI --cache "$TMP/not.sqlite"
    [ "$status" -eq 3 ]
    [[ "$output" == *"$TMP/not.sqlite: not an evstudy cache: file is not a database"* ]]
    sqlite3 "$TMP/v9.sqlite" "create table meta(key text primary key, value text); insert into meta values('schema', '9');"
    run evstudy cache list --cache "$TMP/v9.sqlite"
    [ "$status" -eq 3 ]
    [[ "$output" == *"cache schema '9', this evstudy reads schema 1"* ]]
}
