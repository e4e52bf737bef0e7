# Crash-safety helpers for bats tests (load crash): run a command, kill -9
# it at a random moment, repeat, and let the caller check what is left.
# Reusable for any command (run --out here; fetch into a cache elsewhere).

# Milliseconds a command takes (one run, output discarded).
duration_ms() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
}

# kill_at_random MAX_MS CMD...: starts CMD (through EVSTUDY_WRAPPER when
# set, exec'd so that the kill reaches it and not a subshell), sleeps a
# random 0..MAX_MS ms, sends SIGKILL, and waits.  Prints "killed" when the
# signal ended CMD, "finished" when CMD had exited first.
kill_at_random() {
    local max=$1 pid ms
    shift
    # shellcheck disable=SC2086
    ( exec ${EVSTUDY_WRAPPER:-} "$@" >/dev/null 2>&1 ) &
    pid=$!
    ms=$(( RANDOM % (max + 1) ))
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -9 "$pid" 2>/dev/null || true
    local rc=0
    wait "$pid" 2>/dev/null || rc=$?
    # 128 + 9: the signal ended it (a finished, unreaped process exits 0).
    if [ "$rc" -eq 137 ]; then echo killed; else echo finished; fi
}
