#!/usr/bin/env bats
# Crash safety: `run --out` killed with SIGKILL at random moments never
# leaves a half-written output: the target is absent, its previous
# content, or the complete new result, and no temporary file is left
# (O_TMPFILE: the data have no name until the final rename).
load helpers
load crash

setup_file() {
    export SYN="$BATS_FILE_TMPDIR/syn"
    local n=600
    # Under valgrind or ASan a run is 20-50 times slower: a smaller study.
    [ -n "${EVSTUDY_WRAPPER:-}${SANITIZED:-}" ] && n=60
    "${PYTHON:-/usr/bin/python3}" "$EVS_TEST_ROOT/scripts/gen-synthetic-study.py" "$SYN" "$n" 600
    evstudy run -p "$SYN/prices.csv" -e "$SYN/events.csv" -m MKT -f json --table all \
        -o "$SYN/ref.json"
    evstudy run -p "$SYN/prices.csv" -e "$SYN/events.csv" -m MKT -f csv --table all \
        -o "$SYN/old.csv"
}

kills() { [ -n "${EVSTUDY_WRAPPER:-}${SANITIZED:-}" ] && echo 8 || echo 30; }

# Kill window: up to 1.25 x the probe run, so that some runs finish; only
# 0.75 x when instrumented, where few kills must still land mid-run.
window() { [ -n "${EVSTUDY_WRAPPER:-}${SANITIZED:-}" ] && echo $(($1 * 3 / 4)) || echo $(($1 + $1 / 4)); }

study() {
    echo "$EVSTUDY_BIN" run -p "$SYN/prices.csv" -e "$SYN/events.csv" -m MKT \
        -f json --table all -o "$1"
}

@test "kill -9 during run --out: the output is absent or complete, never partial" {
    mkdir "$TMP/out"
    # shellcheck disable=SC2046
    max=$(duration_ms $(study "$TMP/out/probe.json"))
    rm -f "$TMP/out/probe.json"
    killed=0 finished=0
    for i in $(seq "$(kills)"); do
        # shellcheck disable=SC2046
        r=$(kill_at_random "$(window "$max")" $(study "$TMP/out/r.json"))
        [ "$r" = killed ] && killed=$((killed + 1)) || finished=$((finished + 1))
        if [ -e "$TMP/out/r.json" ]; then
            cmp "$SYN/ref.json" "$TMP/out/r.json"
        fi
        # Nothing but the result: no temporary file survives a kill.
        [ "$(find "$TMP/out" -mindepth 1 | wc -l)" -le 1 ]
        rm -f "$TMP/out/r.json"
    done
    echo "# run --out: $killed killed mid-run, $finished finished" >&3
    [ "$killed" -gt 0 ]
}

@test "kill -9 while replacing an output: the old file or the new one, never a mix" {
    mkdir "$TMP/out"
    # shellcheck disable=SC2046
    max=$(duration_ms $(study "$TMP/out/probe.json"))
    rm -f "$TMP/out/probe.json"
    killed=0
    for i in $(seq "$(kills)"); do
        cp "$SYN/old.csv" "$TMP/out/r.json"
        # shellcheck disable=SC2046
        r=$(kill_at_random "$(window "$max")" $(study "$TMP/out/r.json"))
        [ "$r" = killed ] && killed=$((killed + 1))
        cmp -s "$SYN/old.csv" "$TMP/out/r.json" || cmp "$SYN/ref.json" "$TMP/out/r.json"
        [ "$(find "$TMP/out" -mindepth 1 | wc -l)" -eq 1 ]
    done
    [ "$killed" -gt 0 ]
}
