#!/usr/bin/env bash
# bench.sh - the speed benchmark (make bench): generates the data set once
# (scripts/gen-bench-data.c, deterministic from a seed) into a cache
# directory outside git, then times in one run, on the same files:
# wc -l and cat of the returns CSV (the floor for touching its bytes),
# scripts/bench-floor.c (reading it and storing 12 bytes a row into fresh
# memory, no parsing: the floor for any loader that keeps the rows), the
# CSV load alone (evstudy load, 1 thread and default threads), writing and
# reading the binary copy, and the full study (market model, -250:-11,
# -10:10, every test) for each event file, with peak memory from
# /usr/bin/time.  Prints one table and the machine.  Timings are reported,
# never asserted.
#   scripts/bench.sh [EVSTUDY]      default build/evstudy
#   BENCH_DIR=DIR     data directory (default $XDG_CACHE_HOME/evstudy/bench-data)
#   BENCH_SMALL=1     a tiny data set (seconds; what make check runs)
#   BENCH_SECURITIES, BENCH_DAYS, BENCH_SEED   override the data set
#   BENCH_EVENTS      event files to study (default "10k 100k 1m"; small: 10k)
#   BENCH_REPEAT=N    run each step N times, report the fastest (default 1;
#                     on a shared machine the minimum is the honest figure)
set -eu
cd "$(dirname "$0")/.."
EVS=${1:-build/evstudy}
EVS=$(cd "$(dirname "$EVS")" && pwd)/$(basename "$EVS")
[ -x "$EVS" ] || { echo "bench: $EVS not built (run make)" >&2; exit 2; }
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}
if [ "${BENCH_SMALL:-}" = 1 ]; then
    NSEC=${BENCH_SECURITIES:-100} NDAYS=${BENCH_DAYS:-400} # just over 1 MiB
    DIR=${BENCH_DIR:-$cache/evstudy/bench-small}
    EVENTS=${BENCH_EVENTS:-10k}
else
    NSEC=${BENCH_SECURITIES:-10000} NDAYS=${BENCH_DAYS:-2520}
    DIR=${BENCH_DIR:-$cache/evstudy/bench-data}
    EVENTS=${BENCH_EVENTS:-10k 100k 1m}
fi
SEED=${BENCH_SEED:-20251205}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$DIR"

# ---- data: generated once, reused while generator and parameters match ----
stamp="$NSEC $NDAYS $SEED $(cksum < scripts/gen-bench-data.c)"
if [ ! -f "$DIR/stamp" ] || [ "$(cat "$DIR/stamp")" != "$stamp" ]; then
    echo "bench: generating $NSEC securities x $NDAYS days into $DIR" >&2
    cc -O2 -o "$DIR/gen-bench-data" scripts/gen-bench-data.c -lm
    rm -f "$DIR/stamp"
    "$DIR/gen-bench-data" "$DIR" "$NSEC" "$NDAYS" "$SEED"
    echo "$stamp" > "$DIR/stamp"
fi
R="$DIR/returns.csv" M="$DIR/market.csv"
FLOOR="$DIR/bench-floor"
if [ ! -x "$FLOOR" ] || [ scripts/bench-floor.c -nt "$FLOOR" ]; then
    cc -O2 -pthread -o "$FLOOR" scripts/bench-floor.c
fi
rows=$(($(wc -l < "$R") - 1))
mb=$(awk -v b="$(stat -c %s "$R")" 'BEGIN {printf "%.1f", b / 1048576}')
BIN="$DIR/bin-cache"
rm -rf "$BIN"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# ---- one timed step: label, events (0: none), command... ------------------
table="$out/table" stages="$out/stages"
REPEAT=${BENCH_REPEAT:-1}
step() {
    local label=$1 events=$2 i best=""
    shift 2
    for ((i = 0; i < REPEAT; i++)); do
        [ -n "${PRE:-}" ] && eval "$PRE" # untimed set-up of each repetition
        if ! "$TIME" -f "%e %U %S %M" -o "$out/t" "$@" > "$out/stdout" 2> "$out/stderr"; then
            echo "bench: step '$label' failed:" >&2
            cat "$out/stderr" >&2
            exit 1
        fi
        local line
        line=$(tail -n 1 "$out/t")
        if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN {exit !(a < b)}'; then
            best=$line
            # The study's own stage times (run --timings), of the same run.
            stage=$(sed -n 's/^evstudy: timings (s): //p' "$out/stderr")
        fi
    done
    if [ -n "${stage:-}" ]; then
        awk -v l="$label" -v s="$stage" 'BEGIN {
            gsub(/[(),]/, " ", s); n = split(s, f, " ")
            for (i = 1; i < n; i += 2) v[f[i]] = f[i + 1]
            printf "%-34s %6s %6s %6s %9s %6s %6s\n", l, v["load"], v["study"],
                   v["events"], v["aggregate"], v["tests"], v["write"] }' >> "$stages"
        stage=""
    fi
    read -r wall user sys rss <<< "$best"
    local budget=$(( (24 * rows + 1024 * events) / 1048576 ))
    printf '%-34s %8s %7s %7s %9s %10s\n' "$label" "$wall" "$user" "$sys" \
        "$((rss / 1024))" "$budget" >> "$table"
}

cat "$R" > /dev/null # warm the page cache: every step reads the same bytes
step "wc -l returns.csv" 0 wc -l "$R"
step "cat returns.csv > /dev/null" 0 sh -c 'cat "$1" > /dev/null' sh "$R"
step "floor: read + store, 1 thread" 0 "$FLOOR" "$R" 1
step "floor: read + store, $(nproc) threads" 0 "$FLOOR" "$R" "$(nproc)"
[ "$(cat "$out/stdout")" = "rows $((rows + 1))" ] ||
    { echo "bench: bench-floor counted '$(cat "$out/stdout")', not $((rows + 1)) lines" >&2; exit 1; }
step "load CSV, 1 thread" 0 "$EVS" load --threads 1 --no-bin-cache --returns "$R" --returns "$M"
digest1=$(grep '^digest' "$out/stdout")
step "load CSV, default threads" 0 "$EVS" load --no-bin-cache --returns "$R" --returns "$M"
digest2=$(grep '^digest' "$out/stdout")
PRE='rm -rf "$BIN"' step "load CSV + write binary copy" 0 "$EVS" load --bin-cache "$BIN" --returns "$R" --returns "$M"
step "load binary copy" 0 "$EVS" load --bin-cache "$BIN" --returns "$R" --returns "$M"
digest3=$(grep '^digest' "$out/stdout")
for ev in $EVENTS; do
    E="$DIR/events-$ev.csv"
    [ -f "$E" ] || continue
    n=$(($(wc -l < "$E") - 1))
    for mode in csv copy; do
        flag=--no-bin-cache
        [ $mode = copy ] && flag="--bin-cache=$BIN"
        step "study $ev events, from $mode" "$n" "$EVS" run -q "$flag" --returns "$R" --returns "$M" \
            --market MKT --events "$E" --model market --estimation -250:-11 --window -10:10 \
            --tests all --format csv --table aar,car,tests --out "$out/study.csv" --timings
    done
    # The fit and AR/CAR stage with two cheap tests, so the battery does
    # not hide it.
    step "study $ev events, t+patell, copy" "$n" "$EVS" run -q "--bin-cache=$BIN" --returns "$R" \
        --returns "$M" --market MKT --events "$E" --model market --estimation -250:-11 \
        --window -10:10 --tests t,patell --format csv --table aar,car,tests \
        --out "$out/study.csv" --timings
done

# ---- report ---------------------------------------------------------------
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
memg=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
echo "evstudy benchmark: $NSEC securities x $NDAYS days = $rows rows ($mb MiB CSV), seed $SEED"
echo "machine: $(nproc) cores, $memg, ${cpu:-unknown CPU}; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "evstudy $("$EVS" --version | cut -d' ' -f2); data in $DIR (warm page cache); fastest of $REPEAT run(s) per step"
echo
printf '%-34s %8s %7s %7s %9s %10s\n' "step" "wall s" "user s" "sys s" "peak MiB" "budget MiB"
cat "$table"
echo
echo "budget: 24 bytes per input row + 1 KiB per event (issue 8)."
echo
echo "study stages (seconds, run --timings, same runs as above):"
printf '%-34s %6s %6s %6s %9s %6s %6s\n' "step" "load" "study" "events" "aggregate" "tests" "write"
cat "$stages"
echo "events = day 0, windows, model fit, AR/SAR/CARs/BHARs for every event (issue 8's 'fit and AR/CAR stage')."
echo
if [ "$digest1" = "$digest2" ] && [ "$digest1" = "$digest3" ]; then
    echo "loads agree bit for bit (1 thread, threads, binary copy): $digest1"
else
    echo "bench: loads disagree: '$digest1' '$digest2' '$digest3'" >&2
    exit 1
fi
