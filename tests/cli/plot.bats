#!/usr/bin/env bats
# Figures through gnuplot: evstudy plot and run --plot DIR.  Tests that need
# the real gnuplot skip (and say so) when it is not installed; the failure
# paths use stand-in programs and need none.
load helpers

STUDY() { echo "$DATA/gpu-post-listing.json"; }

need_gnuplot() {
    command -v gnuplot >/dev/null 2>&1 || skip "gnuplot is not installed"
}

# A stand-in gnuplot that fails the way gnuplot does on a bad script.
fake_failing_gnuplot() {
    cat >"$TMP/badgp" <<'EOF'
#!/bin/sh
[ "$1" = --version ] && { echo 'gnuplot 5.4 patchlevel 4'; exit 0; }
cat >/dev/null
echo 'gnuplot> plot $nope' >&2
echo '              ^' >&2
echo 'line 0: undefined variable: nope' >&2
exit 1
EOF
    chmod +x "$TMP/badgp"
}

is_png() { [ "$(head -c 8 "$1" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ]; }

@test "plot --help and run --help document the plotting options" {
    run evstudy plot --help
    [ "$status" -eq 0 ]
    for o in --plot --plot-format --plot-size --gnuplot --plot-script --prices --events --out; do
        [[ "$output" == *"$o"* ]] || { echo "plot: missing $o"; false; }
    done
    run evstudy run --help
    [ "$status" -eq 0 ]
    for o in "--plot DIR" --plot-format --plot-size --gnuplot --plot-script; do
        [[ "$output" == *"$o"* ]] || { echo "run: missing $o"; false; }
    done
}

@test "plot without --plot DIR, and bad plot options, are usage errors (exit 2)" {
    run evstudy plot "$(STUDY)"
    [ "$status" -eq 2 ]
    [[ "$output" == *"no output directory: give --plot DIR"* ]]
    run evstudy run "$(STUDY)" --plot "$TMP/f" --plot-format gif
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid --plot-format 'gif' (want png, svg or pdf)"* ]]
    for bad in 10x10 800 800x 800x600x2 x600 ' 800x600' 800x60000 abcxdef; do
        run evstudy run "$(STUDY)" --plot "$TMP/f" --plot-size "$bad"
        [ "$status" -eq 2 ] || { echo "accepted '$bad'"; false; }
        [[ "$output" == *"invalid --plot-size"* ]]
    done
    [ ! -e "$TMP/f" ]
}

@test "run --plot DIR writes the tables, then caar.png and car-paths.png" {
    need_gnuplot
    run evstudy run "$(STUDY)" --plot "$TMP/figs/new" -v
    [ "$status" -eq 0 ]
    [[ "$output" == *"CAAR%"* ]]
    [[ "$output" == *"wrote $TMP/figs/new/caar.png"* ]]
    is_png "$TMP/figs/new/caar.png"
    is_png "$TMP/figs/new/car-paths.png"
    [ "$(stat -c %s "$TMP/figs/new/caar.png")" -gt 10000 ]
    [ ! -e "$TMP/figs/new/caar.gp" ]
    [ -z "$(ls "$TMP/figs/new" | grep tmp)" ]
}

@test "plot writes SVG and PDF at the asked size, the report only with --out" {
    need_gnuplot
    run evstudy plot "$(STUDY)" --plot "$TMP/svg" --plot-format svg --plot-size 640x400
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    grep -q 'width="640" height="400"' "$TMP/svg/caar.svg"
    grep -q '</svg>' "$TMP/svg/car-paths.svg"
    run evstudy plot "$(STUDY)" --plot "$TMP/pdf" --plot-format pdf --out "$TMP/r.csv" -f csv
    [ "$status" -eq 0 ]
    [ "$(head -c 5 "$TMP/pdf/caar.pdf")" = "%PDF-" ]
    [ -s "$TMP/r.csv" ]
}

@test "--plot-script writes each figure's script, and gnuplot re-creates the figure from it" {
    need_gnuplot
    run evstudy plot "$(STUDY)" --plot "$TMP/s" --plot-script
    [ "$status" -eq 0 ]
    grep -q "^if (!exists(\"outfile\")) outfile = '$TMP/s/caar.png'" "$TMP/s/caar.gp"
    grep -q '^\$caar << EOD' "$TMP/s/caar.gp"
    rm "$TMP/s/caar.png"
    gnuplot "$TMP/s/caar.gp"
    is_png "$TMP/s/caar.png"
    gnuplot -e "outfile='$TMP/s/other.png'" "$TMP/s/car-paths.gp"
    is_png "$TMP/s/other.png"
}

@test "gnuplot missing: tables written, clear message, exit 7, scripts still kept" {
    run evstudy run "$(STUDY)" --plot "$TMP/m" --gnuplot /nonexistent/gnuplot \
        --plot-script --out "$TMP/tables.txt"
    [ "$status" -eq 7 ]
    [[ "$output" == *"plotting failed: cannot run gnuplot '/nonexistent/gnuplot': "* ]]
    [[ "$output" == *"give --gnuplot PATH"* ]]
    [[ "$output" == *"plotting failed: 0 of 2 figures written to $TMP/m; the tables were written"* ]]
    # The reason is given once, not once per figure.
    [ "$(grep -c 'cannot run gnuplot' <<<"$output")" -eq 1 ]
    grep -q "CAAR%" "$TMP/tables.txt"
    [ -s "$TMP/m/caar.gp" ] && [ -s "$TMP/m/car-paths.gp" ]
    [ ! -e "$TMP/m/caar.png" ]
}

@test "gnuplot failing: its own message, exit 7, no figure and no temporary left" {
    fake_failing_gnuplot
    run evstudy run "$(STUDY)" --plot "$TMP/b" --gnuplot "$TMP/badgp"
    [ "$status" -eq 7 ]
    [[ "$output" == *"CAAR%"* ]]
    [[ "$output" == *"caar.png: gnuplot '$TMP/badgp' exited with status 1: gnuplot> plot \$nope; line 0: undefined variable: nope"* ]]
    [ -z "$(ls -A "$TMP/b")" ]
}

@test "an output directory that cannot be created is a plotting failure after the tables" {
    touch "$TMP/file"
    run evstudy run "$(STUDY)" --plot "$TMP/file/sub"
    [ "$status" -eq 7 ]
    [[ "$output" == *"CAAR%"* ]]
    [[ "$output" == *"plotting failed: $TMP/file/sub: cannot create the directory: Not a directory"* ]]
}

@test "no figures when the study itself fails" {
    printf 'symbol,date\nNOPE.SS,2025-12-05\n' >"$TMP/ev.csv"
    run evstudy run "$(STUDY)" --events "$TMP/ev.csv" --plot "$TMP/n"
    [ "$status" -eq 1 ]
    [ ! -e "$TMP/n" ]
}

@test "labels and paths from user data cannot run gnuplot commands" {
    need_gnuplot
    # The issue's payload as an event label, and a directory name with a quote.
    printf '%s\n' 'symbol,date,market,label' \
        '688795.SS,2025-12-05,000688.SS,"x"" ; system(""touch pwned"") ; """' \
        "688802.SS,2025-12-17,000688.SS,it's \`touch pwned2\` @x" >"$TMP/ev.csv"
    mkdir "$TMP/cwd"
    cd "$TMP/cwd"
    run evstudy plot "$(STUDY)" --events "$TMP/ev.csv" --plot "$TMP/it's dir" --plot-script \
        --plot-format svg
    [ "$status" -eq 0 ]
    [ ! -e "$TMP/cwd/pwned" ] && [ ! -e "$TMP/cwd/pwned2" ]
    grep -qF "title 'x\" ; system(\"touch pwned\") ; \"'" "$TMP/it's dir/car-paths.gp"
    grep -qF "title 'it''s \`touch pwned2\` @x'" "$TMP/it's dir/car-paths.gp"
    grep -qF "outfile = '$TMP/it''s dir/car-paths.svg'" "$TMP/it's dir/car-paths.gp"
    grep -qF '<text>x" ; system("touch pwned") ; "</text>' "$TMP/it's dir/car-paths.svg"
}
