#!/usr/bin/env bats
# I/O faults: full disk, a file size limit hit mid-write, unwritable or
# missing directories, closed standard descriptors, inputs that cannot be
# read or vanish, and sync/rename/link failures (tests/shim/evs_fault.c).
# Each must give its documented exit code (5 output, 3 input), a message
# naming the file and the cause, and leave no partial file behind.
load helpers

STUDY="$DATA/gpu-post-listing.json"

# Files in a directory, temporary names included.
entries() { find "$1" -mindepth 1 -maxdepth 1 | wc -l; }

reference() { # the complete CSV output, for comparisons
    evstudy run "$STUDY" -f csv --table all -o "$TMP/ref.csv"
}

@test "--out /dev/full: exit 5, 'No space left on device'" {
    run evstudy run "$STUDY" -f csv -o /dev/full
    [ "$status" -eq 5 ]
    [[ "$output" == *"evstudy: error: /dev/full: "*"No space left on device"* ]]
}

@test "stdout on /dev/full: exit 5, names standard output" {
    evstudy run "$STUDY" -f json >/dev/full 2>"$TMP/err" && false || status=$?
    [ "$status" -eq 5 ]
    grep -q "evstudy: error: standard output: write error: No space left on device" "$TMP/err"
}

@test "file size limit hit mid-write: exit 5, no output and no temporary file" {
    mkdir "$TMP/out"
    # SIGXFSZ ignored: the write fails with EFBIG, as on a full disk.
    ( trap '' XFSZ; ulimit -f 8; evstudy run "$STUDY" -f json -o "$TMP/out/r.json" ) \
        2>"$TMP/err" && false || status=$?
    [ "$status" -eq 5 ]
    grep -q "r.json: .*File too large" "$TMP/err"
    [ "$(entries "$TMP/out")" -eq 0 ]
}

@test "a failed write keeps the previous output intact" {
    reference
    cp "$TMP/ref.csv" "$TMP/keep.csv"
    ( trap '' XFSZ; ulimit -f 8; evstudy run "$STUDY" -f json --table all -o "$TMP/keep.csv" ) \
        2>/dev/null && false || status=$?
    [ "$status" -eq 5 ]
    cmp "$TMP/ref.csv" "$TMP/keep.csv"
}

@test "unwritable directory: exit 5 'cannot create', nothing created" {
    mkdir "$TMP/ro"
    if [ "$(id -u)" -ne 0 ]; then
        chmod 555 "$TMP/ro"
    elif ! chattr +i "$TMP/ro" 2>/dev/null; then
        skip "root, and this file system has no immutable attribute"
    fi
    run evstudy run "$STUDY" -o "$TMP/ro/r.txt"
    chattr -i "$TMP/ro" 2>/dev/null || chmod 755 "$TMP/ro"
    [ "$status" -eq 5 ]
    [[ "$output" == *"ro/r.txt: cannot create: "* ]]
    [[ "$output" == *"Permission denied"* || "$output" == *"Operation not permitted"* ]]
    [ "$(entries "$TMP/ro")" -eq 0 ]
}

@test "missing directory, a directory as output, /proc: exit 5" {
    run evstudy run "$STUDY" -o "$TMP/no/such/r.txt"
    [ "$status" -eq 5 ]
    [[ "$output" == *"r.txt: cannot create: No such file or directory"* ]]
    run evstudy run "$STUDY" -o "$TMP"
    [ "$status" -eq 5 ]
    [[ "$output" == *"cannot create: Is a directory"* ]]
    run evstudy run "$STUDY" -o /proc/evstudy-out.txt
    [ "$status" -eq 5 ]
    [[ "$output" == *"/proc/evstudy-out.txt: cannot create:"* ]]
}

@test "--out /dev/null writes in place and leaves the device alone" {
    run evstudy run "$STUDY" -f csv -o /dev/null
    [ "$status" -eq 0 ]
    [ -c /dev/null ]
}

@test "stdout closed: exit 5 'write error on standard output'" {
    # valgrind opens its own log on the lowest free descriptor.
    [ -z "${EVSTUDY_WRAPPER:-}" ] || skip "valgrind's log takes the closed descriptor 1"
    evstudy run "$STUDY" >&- 2>"$TMP/err" && false || status=$?
    [ "$status" -eq 5 ]
    grep -q "evstudy: error: standard output: write error: Bad file descriptor" "$TMP/err"
    evstudy --help >&- 2>"$TMP/err" && false || status=$?
    [ "$status" -eq 5 ]
    grep -q "write error on standard output" "$TMP/err"
}

@test "closed stdin, stdout or stderr never leak into the --out file" {
    reference
    fds="0 1 2"
    # valgrind would put its own log on a closed 1 or 2.
    [ -z "${EVSTUDY_WRAPPER:-}" ] || fds=0
    for fd in $fds; do
        rm -f "$TMP/o.csv"
        case $fd in
        0) evstudy run "$STUDY" -f csv --table all -o "$TMP/o.csv" <&- ;;
        1) evstudy run "$STUDY" -f csv --table all -o "$TMP/o.csv" >&- ;;
        2) evstudy run "$STUDY" -f csv --table all -o "$TMP/o.csv" -v 2>&- ;;
        esac
        cmp "$TMP/ref.csv" "$TMP/o.csv"
    done
}

@test "events from a closed stdin: exit 3 'read error'" {
    # Not through `run`: its command substitution would hand the closed
    # descriptor 0 to its own pipe.
    evstudy run "$STUDY" -e - <&- 2>"$TMP/err" && false || status=$?
    [ "$status" -eq 3 ]
    grep -q "<stdin>: read error: Bad file descriptor" "$TMP/err"
}

@test "input that cannot be read: missing, a directory, an I/O error: exit 3" {
    run evstudy run "$STUDY" -p "$TMP/gone.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"gone.csv: cannot open: No such file or directory"* ]]
    run evstudy run "$TMP/gone.json"
    [ "$status" -eq 3 ]
    [[ "$output" == *"gone.json: cannot open: No such file or directory"* ]]
    run evstudy run "$STUDY" -e "$TMP"
    [ "$status" -eq 3 ]
    [[ "$output" == *"is a directory"* ]]
    # Reading /proc/self/mem at offset 0 fails with EIO on Linux.
    run evstudy run "$STUDY" -p X=/proc/self/mem
    [ "$status" -eq 3 ]
    [[ "$output" == *"/proc/self/mem: read error: Input/output error"* ]]
}

@test "an input that vanishes before its SHA-256 is taken: exit 3" {
    # Second open of the events file (the hash, after the load) fails.
    EVS_FAULT_OPEN=gpu-listings-events.csv:2:2 run evstudy_fault run "$STUDY" -o "$TMP/r.txt"
    [ "$status" -eq 3 ]
    [[ "$output" == *"gpu-listings-events.csv: cannot open: No such file or directory (after loading it, to record its SHA-256)"* ]]
    [ ! -e "$TMP/r.txt" ]
}

@test "fsync, link and rename failures: exit 5, nothing left behind" {
    mkdir "$TMP/out"
    EVS_FAULT_FSYNC=5 run evstudy_fault run "$STUDY" -o "$TMP/out/r.txt"
    [ "$status" -eq 5 ]
    [[ "$output" == *"r.txt: sync failed: Input/output error"* ]]
    EVS_FAULT_LINK=28 run evstudy_fault run "$STUDY" -o "$TMP/out/r.txt"
    [ "$status" -eq 5 ]
    [[ "$output" == *"r.txt: link failed: No space left on device"* ]]
    [ "$(entries "$TMP/out")" -eq 0 ]
    # A new output is linked under its own name: no rename to fail.
    EVS_FAULT_RENAME=18 run evstudy_fault run "$STUDY" -o "$TMP/out/r.txt"
    [ "$status" -eq 0 ]
    [ "$(entries "$TMP/out")" -eq 1 ]
    # Replacing one goes through a temporary name and a rename.
    echo old > "$TMP/out/r.txt"
    EVS_FAULT_RENAME=18 run evstudy_fault run "$STUDY" -o "$TMP/out/r.txt"
    [ "$status" -eq 5 ]
    [[ "$output" == *"r.txt: rename failed: Invalid cross-device link"* ]]
    [ "$(cat "$TMP/out/r.txt")" = old ]
    [ "$(entries "$TMP/out")" -eq 1 ]
}
