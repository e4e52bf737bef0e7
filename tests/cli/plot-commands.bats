#!/usr/bin/env bats
# Figures of `evstudy ipo --plot DIR` and `evstudy backtest --plot DIR`:
# which files are written and how they are named, PNG signature and size,
# every drawn number against an independent script (scripts/plot_paths_ref.py
# and scripts/plot_equity_ref.py, built on ipo_reference.py and
# backtest_ref.py), listings without a daily series, grids too large to draw,
# gnuplot missing or failing (exit 7 after the tables), and symbols and names
# from an IPO file that must come out as text.  Render tests skip, and say
# so, when gnuplot is not installed.
load helpers

PY=${PYTHON:-/usr/bin/python3}
GPU=(-p "$DATA/688795.SS.csv" -p "$DATA/688802.SS.csv" -p "$DATA/000688.SS.csv")

need_gnuplot() {
    command -v gnuplot >/dev/null 2>&1 || skip "gnuplot is not installed"
}

is_png() { [ "$(head -c 8 "$1" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ]; }

# "WxH" from the PNG's IHDR chunk (RFC 2083: bytes 16..23, big-endian).
png_size() {
    od -An -tu1 -j16 -N8 "$1" | awk '{printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'
}

# A real figure: PNG signature, the asked size, some kilobytes.
check_png() {
    is_png "$1" || { echo "$1 is not a PNG"; return 1; }
    [ "$(png_size "$1")" = "$2" ] || { echo "$1 is $(png_size "$1"), want $2"; return 1; }
    [ "$(stat -c %s "$1")" -gt 10000 ] || { echo "$1 is too small"; return 1; }
}

fake_failing_gnuplot() {
    cat >"$TMP/badgp" <<'EOF'
#!/bin/sh
[ "$1" = --version ] && { echo 'gnuplot 5.4 patchlevel 4'; exit 0; }
cat >/dev/null
echo 'line 0: unknown or ambiguous terminal type' >&2
exit 1
EOF
    chmod +x "$TMP/badgp"
}

@test "ipo --help and backtest --help document the plotting options and figure names" {
    for cmd in ipo backtest; do
        run evstudy "$cmd" --help
        [ "$status" -eq 0 ]
        for o in "--plot DIR" --plot-format --plot-size --gnuplot --plot-script; do
            [[ "$output" == *"$o"* ]] || { echo "$cmd: missing $o"; false; }
        done
    done
    run evstudy ipo --help
    [[ "$output" == *"first-day, listing-SYMBOL per"* ]]
    run evstudy backtest --help
    [[ "$output" == *"trades-E-H-SIDE and"* ]]
    run evstudy ipo --plot "$TMP/x" --plot-format gif
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid --plot-format 'gif'"* ]]
    run evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" --plot "$TMP/x" --plot-size 10x10
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid --plot-size '10x10'"* ]]
    [ ! -e "$TMP/x" ]
}

@test "ipo --plot: tables first, then every figure; Biren's 4 sparse rows are skipped with a reason" {
    need_gnuplot
    run evstudy ipo --plot "$TMP/f" --plot-size 800x500 -v
    [ "$status" -eq 0 ]
    [[ "$output" == *"First trading day"* ]]
    # The tables come before the first figure is written.
    t=$(grep -n 'First trading day' <<<"$output" | head -1 | cut -d: -f1)
    w=$(grep -n 'wrote ' <<<"$output" | head -1 | cut -d: -f1)
    [ "$t" -lt "$w" ]
    for f in first-day listing-688795.SS listing-688802.SS bhar-paths bhar-paths-first-close \
             caar car-paths; do
        check_png "$TMP/f/$f.png" 800x500
    done
    [ "$(ls "$TMP/f" | wc -l)" -eq 7 ]
    [[ "$output" == *"figure listing-6082.HK skipped: the price data of 6082.HK have no two consecutive trading days with a close (4 close(s) over 127 trading days)"* ]]
    [[ "$output" == *"figure listing-9903.HK skipped: no price data for 9903.HK"* ]]
    [[ "$output" == *"bhar-paths: 6082.HK left out: its BHAR has no two consecutive trading days"* ]]
}

@test "ipo --plot-script: every drawn BHAR, close and benchmark value matches the reference" {
    need_gnuplot
    run evstudy ipo --plot "$TMP/s" --plot-script --no-post -q
    [ "$status" -eq 0 ]
    grep -q "title '688795.SS Moore Threads" "$TMP/s/bhar-paths.gp"
    grep -q "from the first-day close, vs 000688.SS" "$TMP/s/bhar-paths-first-close.gp"
    [ ! -e "$TMP/s/caar.gp" ]
    run "$PY" "$EVS_TEST_ROOT/scripts/plot_paths_ref.py" --figs "$TMP/s" --data "$DATA"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"in 2 listing figures and the BHAR paths: 0 mismatches"* ]]
    # The paths stop at the longest horizon.
    run evstudy ipo --plot "$TMP/h" --plot-script --no-post -q --horizons 1,5,30 --plot-format svg
    [ "$status" -eq 0 ]
    [ "$(sed -n '/^\$bhar1 << EOD/,/^EOD/p' "$TMP/h/bhar-paths.gp" | grep -c '^[0-9]')" -eq 30 ]
    run "$PY" "$EVS_TEST_ROOT/scripts/plot_paths_ref.py" --figs "$TMP/h" --data "$DATA" --horizon 30
    [ "$status" -eq 0 ]
}

@test "ipo with gnuplot missing: the tables are written, one reason, exit 7, scripts kept" {
    run evstudy ipo --plot "$TMP/m" --gnuplot /nonexistent/gnuplot --plot-script \
        --out "$TMP/tables.txt" --no-post
    [ "$status" -eq 7 ]
    # (under valgrind the spawn falls back to fork and strerror is not known)
    [[ "$output" == *"plotting failed: cannot run gnuplot '/nonexistent/gnuplot'"* ]]
    [[ "$output" == *"plotting failed: 0 of 5 figures written to $TMP/m; the tables were written"* ]]
    [ "$(grep -c 'cannot run gnuplot' <<<"$output")" -eq 1 ]
    grep -q "First trading day" "$TMP/tables.txt"
    [ -s "$TMP/m/first-day.gp" ] && [ -s "$TMP/m/listing-688795.SS.gp" ]
    [ -z "$(ls "$TMP/m" | grep -v '\.gp$')" ]
}

@test "ipo with a failing gnuplot: its message per figure, exit 7" {
    fake_failing_gnuplot
    run evstudy ipo --plot "$TMP/b" --gnuplot "$TMP/badgp" --no-post -f csv
    [ "$status" -eq 7 ]
    [[ "$output" == *"symbol,name"* ]]
    [[ "$output" == *"first-day.png: gnuplot '$TMP/badgp' exited with status 1: line 0: unknown or ambiguous terminal type"* ]]
    [[ "$output" == *"plotting failed: 0 of 5 figures written"* ]]
    [ -z "$(ls -A "$TMP/b")" ]
}

@test "ipo: a listing without any figure data is not a failure; none at all only warns" {
    need_gnuplot
    # One listing whose price data start after the listing day and whose
    # benchmark has no data: no calendar holds the listing day.
    printf 'symbol,listing_date,offer_price,benchmark,first_close\nAAA.SS,2025-12-04,100,NOPE,110\n' >"$TMP/ipos.csv"
    printf 'date,close\n2025-12-05,120\n2025-12-08,121\n' >"$TMP/AAA.csv"
    run evstudy ipo --ipos "$TMP/ipos.csv" -p "AAA.SS=$TMP/AAA.csv" --no-post --plot "$TMP/o"
    [ "$status" -eq 0 ]
    [[ "$output" == *"figure listing-AAA.SS skipped: AAA.SS: neither the price data nor a benchmark has a row on the listing date 2025-12-04"* ]]
    [[ "$output" == *"figure bhar-paths skipped: no listing has a BHAR path"* ]]
    is_png "$TMP/o/first-day.png"
    [ "$(ls "$TMP/o")" = "first-day.png" ]
}

@test "ipo: BHAR paths against different benchmarks are labelled; at most 8 in one figure" {
    # Scripts are written even without gnuplot: no rendering needed here.
    {
        echo 'symbol,listing_date,offer_price,benchmark'
        for k in 1 2 3 4 5 6 7; do echo "S$k.SS,2025-12-05,114.28,000688.SS"; done
        echo 'S8.SS,2025-12-17,104.66,000300.SS'
        echo 'S9.SS,2025-12-17,104.66,000688.SS'
    } >"$TMP/ipos.csv"
    p=()
    for k in 1 2 3 4 5 6 7; do p+=(-p "S$k.SS=$DATA/688795.SS.csv"); done
    p+=(-p "S8.SS=$DATA/688802.SS.csv" -p "S9.SS=$DATA/688802.SS.csv")
    run evstudy ipo --ipos "$TMP/ipos.csv" "${p[@]}" -p "$DATA/000688.SS.csv" \
        -p "$DATA/000300.SS.csv" --no-post --horizons 1,5 --plot "$TMP/b" --plot-script \
        --gnuplot /nonexistent/gnuplot
    [ "$status" -eq 7 ]
    [[ "$output" == *"bhar-paths: 1 more listing(s) not drawn (at most 8 paths in one figure)"* ]]
    g="$TMP/b/bhar-paths.gp"
    grep -qF "set title 'Buy-and-hold abnormal return since listing, from the offer price, vs each listing''s benchmark'" "$g"
    grep -qF "\$bhar1 using 1:(\$2*100) with lines lt 1 title 'S1.SS vs 000688.SS'" "$g"
    grep -qF "\$bhar8 using 1:(\$2*100) with lines lt 8 title 'S8.SS vs 000300.SS'" "$g"
    ! grep -q 'S9.SS' "$g"
    # Each path stops at the longest horizon, 5.
    [ "$(sed -n '/^\$bhar8 << EOD/,/^EOD/p' "$g" | grep -c '^[0-9]')" -eq 5 ]
}

@test "ipo: hostile symbols and names come out as text; file names are sanitised and unique" {
    need_gnuplot
    printf '%s\n' 'symbol,name,listing_date,offer_price,currency,benchmark' \
        "a'b;system('touch_pwned'),\"x\"\" ; system(\"\"touch pwned\"\") ; \"\"\",2025-12-05,114.28,CNY,000688.SS" \
        "X'Y,\`touch pwned2\`,2025-12-17,104.66,CNY,000688.SS" \
        'X;Y,@macro $(touch pwned3),2025-12-17,104.66,CNY,000688.SS' >"$TMP/ipos.csv"
    mkdir "$TMP/cwd"
    cd "$TMP/cwd"
    run evstudy ipo --ipos "$TMP/ipos.csv" -p "a'b;system('touch_pwned')=$DATA/688795.SS.csv" \
        -p "X'Y=$DATA/688802.SS.csv" -p "X;Y=$DATA/688802.SS.csv" -p "$DATA/000688.SS.csv" \
        --no-post --plot "$TMP/figs" --plot-format svg --plot-script -q
    [ "$status" -eq 0 ]
    [ -z "$(ls -A "$TMP/cwd")" ]
    [ "$(cd "$TMP/figs" && ls *.svg | tr '\n' ' ')" = \
      "bhar-paths-first-close.svg bhar-paths.svg first-day.svg listing-X_Y-3.svg listing-X_Y.svg listing-a_b_system__touch_pwned__.svg " ]
    grep -qF "<text>a'b;system('touch_pwned') x\" ; system(\"touch pwned\") ; \"</text>" "$TMP/figs/bhar-paths.svg"
    grep -qF '<text>X;Y @macro $(touch pwned3)</text>' "$TMP/figs/bhar-paths.svg"
    grep -qF "title 'X''Y \`touch pwned2\`'" "$TMP/figs/bhar-paths.gp"
    grep -qF "set title 'a''b;system(''touch_pwned'') x\" ; system(\"touch pwned\") ; \": price" \
        "$TMP/figs/listing-a_b_system__touch_pwned__.gp"
}

@test "backtest --plot: trades-E-H-SIDE and equity-E-H-SIDE per set after the tables" {
    need_gnuplot
    run evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
        --hold 5,20 --side long,short --plot "$TMP/bt" -v
    [ "$status" -eq 0 ]
    [[ "$output" == *"entry  hold side"* ]]
    for s in 0-5-long 0-5-short 0-20-long 0-20-short; do
        check_png "$TMP/bt/trades-$s.png" 960x600
        check_png "$TMP/bt/equity-$s.png" 960x600
    done
    [ "$(ls "$TMP/bt" | wc -l)" -eq 8 ]
}

@test "backtest --plot-script: every drawn equity value, drawdown and trade count matches the reference" {
    need_gnuplot
    opts=(--entry 0,1 --hold 5,20 --side long,short --hedge one --cost 10)
    run evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
        "${opts[@]}" --plot "$TMP/e" --plot-script --plot-format svg -q
    [ "$status" -eq 0 ]
    grep -q "entry 1, hold 20, short, hedged 1:1, 10 bp per side (growth of 1)" "$TMP/e/equity-1-20-short.gp"
    run "$PY" "$EVS_TEST_ROOT/scripts/plot_equity_ref.py" --figs "$TMP/e" "${GPU[@]}" \
        --events "$DATA/gpu-listings-events.csv" --market 000688.SS "${opts[@]}"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"of 8 parameter sets: 0 mismatches"* ]]
    # The curve starts at 1 on the trading day before the first portfolio
    # day (the entry day 2025-12-05) and carries the value over days
    # without an open trade (2025-12-15..17 in the 5-day sets).
    [ "$(sed -n '/^\$equity << EOD/{n;p}' "$TMP/e/equity-0-5-long.gp")" = "2025-12-05 1" ]
    grep -q '^2025-12-16 ' "$TMP/e/equity-0-5-long.gp"
}

@test "backtest: a grid of more than 8 sets is drawn for its first set only; a set without trades is skipped" {
    need_gnuplot
    run evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
        --entry 0,1,2 --hold 5,20 --side long,short --plot "$TMP/g" --plot-format svg
    [ "$status" -eq 0 ]
    [[ "$output" == *"the grid has 12 parameter sets, more than the 8 drawn in full: figures for the first only (entry 0, hold 5, long); narrow --entry, --hold and --side to draw others"* ]]
    [ "$(ls "$TMP/g" | tr '\n' ' ')" = "equity-0-5-long.svg trades-0-5-long.svg " ]
    run evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
        --entry 0,5000 --plot "$TMP/z" --plot-format svg
    [ "$status" -eq 0 ]
    [[ "$output" == *"figures trades-5000-20-long and equity-5000-20-long skipped: the parameter set made no trade"* ]]
    [ "$(ls "$TMP/z" | tr '\n' ' ')" = "equity-0-20-long.svg trades-0-20-long.svg " ]
}

@test "backtest with gnuplot missing: the tables are written, exit 7" {
    run evstudy backtest "${GPU[@]}" -e "$DATA/gpu-listings-events.csv" -m 000688.SS \
        --plot "$TMP/m" --gnuplot /nonexistent/gnuplot --out "$TMP/bt.txt"
    [ "$status" -eq 7 ]
    [[ "$output" == *"plotting failed: cannot run gnuplot '/nonexistent/gnuplot'"* ]]
    [[ "$output" == *"plotting failed: 0 of 2 figures written to $TMP/m; the tables were written"* ]]
    grep -q "entry  hold side" "$TMP/bt.txt"
    [ -z "$(ls -A "$TMP/m")" ]
}

@test "no figures when the backtest itself fails" {
    printf 'symbol,date\nNOPE.SS,2025-12-05\n' >"$TMP/ev.csv"
    run evstudy backtest "${GPU[@]}" -e "$TMP/ev.csv" -m 000688.SS --plot "$TMP/n"
    [ "$status" -eq 1 ]
    [ ! -e "$TMP/n" ]
}
