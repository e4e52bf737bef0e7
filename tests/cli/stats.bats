#!/usr/bin/env bats
# The statistics options of `evstudy run`: every test in the JSON tests[]
# array, the grouped table, conventions and compat, factor files, the new
# models, and each usage or input error with its exit code and message.
load helpers

S="$FIX/stats"
PRICES=(-p "$S/MKT.csv")
for k in 1 2 3 4 5 6 7 8; do PRICES+=(-p "$S/S$k.csv"); done
BASE=(run "${PRICES[@]}" -e "$S/events.csv" --estimation -120:-11 -w -5:5 --car -1:1,0:5 -q)

@test "list conventions shows every switch with its choices" {
    run evstudy list conventions
    [ "$status" -eq 0 ]
    for c in patell-window kp-patell sign-zero gsign-p rank-ties missing sar-df \
             t-ref bw1980-var bw-df car-agg rank-scale rank-window; do
        [[ "$output" == *"$c "* ]] || { echo "missing $c"; false; }
    done
    [[ "$output" == *"nonpositive|positive|drop"* ]]
}

@test "list tests names every test with its reference" {
    run evstudy list tests
    [ "$status" -eq 0 ]
    for t in t brown-warner-1980 brown-warner-1985 patell patell-kp bmp bmp-kp lamb \
             skewness-adjusted skewness-adjusted-boot sign generalized-sign \
             corrado-rank corrado-zivney corrado-sign grank wilcoxon; do
        grep -q "^$t .*\[.*[0-9][0-9][0-9][0-9].*\]" <<<"$output" || { echo "missing $t"; false; }
    done
    run evstudy list models
    for m in scholes-williams dimson ff3 carhart ff5 factors; do
        [[ "$output" == *"$m "* ]] || { echo "missing $m"; false; }
    done
}

@test "JSON tests[]: every test on every day and window, p in [0,1], df on t tests" {
    evstudy "${BASE[@]}" -f json >"$TMP/o.json"
    run jq -r '[.tests[] | .name] | unique | length' "$TMP/o.json"
    [ "$output" = 17 ]
    # 11 days + 2 windows per test
    run jq '[.tests[] | select(.name == "grank")] | length' "$TMP/o.json"
    [ "$output" = 13 ]
    run jq '[.tests[] | select(.status == "ok" and (.p_value < 0 or .p_value > 1 or .statistic == null))] | length' "$TMP/o.json"
    [ "$output" = 0 ]
    run jq -r '.tests[] | select(.name == "bmp" and .scope == "window" and .window == "-1:1") | [.n, .df] | @tsv' "$TMP/o.json"
    [ "$output" = "$(printf '16\t15')" ]
    run jq -r '.tests[] | select(.name == "patell" and .day == 0) | .df' "$TMP/o.json"
    [ "$output" = null ]
    run jq -r '.events[0].cars[0] | [has("bhar"), has("t"), has("p_value"), .df] | @tsv' "$TMP/o.json"
    [ "$output" = "$(printf 'true\ttrue\ttrue\t108')" ]
    run jq -r '.car_windows[0] | has("abhar")' "$TMP/o.json"
    [ "$output" = true ]
    run jq -r '.rbar > 0 and .rbar < 0.2' "$TMP/o.json"
    [ "$output" = true ]
}

@test "table output groups tests by family with marks beside p-values" {
    run evstudy "${BASE[@]}"
    [ "$status" -eq 0 ]
    [[ "$output" == *"parametric tests by day (statistic, p):"* ]]
    [[ "$output" == *"nonparametric tests by CAR window (statistic, p):"* ]]
    [[ "$output" == *"mean CAR%     ABHAR%"* ]]
    [[ "$output" == *"Kolari-Pynnonen rbar"* ]]
    grep -Eq '^0 .*[0-9]\.[0-9]{4}\*\*' <<<"$output"
    [[ "$output" != *"nan"* ]]
}

@test "--compat estudy2 and --conv are recorded and change results" {
    evstudy "${BASE[@]}" -f json --compat estudy2 --conv sign-zero=drop >"$TMP/c.json"
    run jq -r '.params.statistics | [.compat, .conventions["gsign-p"], .conventions["sign-zero"]] | @tsv' "$TMP/c.json"
    [ "$output" = "$(printf 'estudy2\tpooled\tdrop')" ]
    evstudy "${BASE[@]}" -f json >"$TMP/d.json"
    # With every day reported the daily-sum and cumulated BW 1985 statistics
    # coincide; the reference differs: N(0,1) in estudy2, t(M-1) by default.
    q='.tests[] | select(.name == "brown-warner-1985" and .window == "0:5") | [.statistic, .df] | @tsv'
    [ "$(jq -r "$q" "$TMP/c.json" | cut -f2)" = "" ]
    [ "$(jq -r "$q" "$TMP/d.json" | cut -f2)" = 109 ]
    [ "$(jq -r "$q" "$TMP/c.json" | cut -f1)" = "$(jq -r "$q" "$TMP/d.json" | cut -f1)" ]
    q='.tests[] | select(.name == "generalized-sign" and .day == 0) | .statistic'
    [ "$(jq "$q" "$TMP/c.json")" != "$(jq "$q" "$TMP/d.json")" ]
}

@test "convention and compat errors are usage errors (exit 2)" {
    run evstudy "${BASE[@]}" --conv nope=1
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown convention 'nope'"* ]]
    run evstudy "${BASE[@]}" --conv sign-zero=maybe
    [ "$status" -eq 2 ]
    [[ "$output" == *"want nonpositive, positive, drop"* ]]
    run evstudy "${BASE[@]}" --conv sign-zero
    [ "$status" -eq 2 ]
    [[ "$output" == *"not NAME=VALUE"* ]]
    run evstudy "${BASE[@]}" --compat eventus
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown compatibility mode 'eventus'"* ]]
    run evstudy "${BASE[@]}" --model dimson --dimson-lags 9
    [ "$status" -eq 2 ]
    [[ "$output" == *"--dimson-lags (want 0..5)"* ]]
    run evstudy "${BASE[@]}" --boot 0
    [ "$status" -eq 2 ]
    [[ "$output" == *"--boot"* ]]
    run evstudy "${BASE[@]}" --tests grank,nope
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown test 'nope'"* ]]
}

@test "factor models: file errors exit 3, missing file or column exit 2" {
    run evstudy "${BASE[@]}" --model ff3
    [ "$status" -eq 2 ]
    [[ "$output" == *"model ff3 needs a factor file: give --factors FILE"* ]]
    run evstudy "${BASE[@]}" --model ff3 --factors "$TMP/none.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"none.csv: cannot open"* ]]
    printf ',SMB\n20210105,abc\n' >"$TMP/bad.csv"
    run evstudy "${BASE[@]}" --model factors:SMB --factors "$TMP/bad.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"bad.csv:2: invalid number 'abc'"* ]]
    run evstudy "${BASE[@]}" --model carhart --factors "$S/factors.csv"
    [ "$status" -eq 2 ]
    [[ "$output" == *"has no column 'Mom' (model carhart)"* ]]
    printf 'date,Mkt-RF,SMB,HML\n2021-01-05,0.01,0,0\n' >"$TMP/norf.csv"
    run evstudy "${BASE[@]}" --model ff3 --factors "$TMP/norf.csv"
    [ "$status" -eq 2 ]
    [[ "$output" == *"has no RF column"* ]]
    run evstudy "${BASE[@]}" --model ff3 --factors "$S/factors.csv" --factor-units hex
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid factor units (want auto, percent or decimal) 'hex'"* ]]
}

@test "ff3 on the French-layout fixture reads percent and records the file" {
    run evstudy "${BASE[@]}" --model ff3 --factors "$S/factors.csv" -f json
    [ "$status" -eq 0 ]
    [ "$(jq -r '.params.statistics.factor_units' <<<"$output")" = percent ]
    [ "$(jq -r '.params.inputs[] | select(.role == "factors") | .sha256 | length' <<<"$output")" = 64 ]
}

@test "a study file carries compat, conventions, factors and model options" {
    cat >"$TMP/s.json" <<EOF
{"prices": ["$S/MKT.csv", "$S/S1.csv", "$S/S2.csv"], "events": "$TMP/ev.csv",
 "estimation": "-120:-11", "window": "-5:5", "model": "dimson",
 "dimson_lags": 2, "dimson_leads": 0, "compat": "estudy2",
 "conventions": ["t-ref=normal"], "bootstrap": 50, "seed": 3,
 "factors": "$S/factors.csv", "format": "json"}
EOF
    printf 'symbol,date,market\nS1,2021-10-11,MKT\nS2,2021-10-11,MKT\n' >"$TMP/ev.csv"
    run evstudy run "$TMP/s.json" -q
    [ "$status" -eq 0 ]
    run jq -r '.params.statistics | [.dimson_lags, .dimson_leads, .compat, .conventions["t-ref"], .bootstrap, .seed] | @tsv' <<<"$output"
    [ "$output" = "$(printf '2\t0\testudy2\tnormal\t50\t3')" ]
    printf '{"seed": "x"}' >"$TMP/bad.json"
    run evstudy run "$TMP/bad.json"
    [ "$status" -eq 3 ]
    [[ "$output" == *"\"seed\" must be an integer from 0 to"* ]]
}

@test "CSV car table has BHAR and the per-event t test" {
    run evstudy "${BASE[@]}" -f csv --table car
    [ "$status" -eq 0 ]
    [ "$(head -1 <<<"$output")" = "index,symbol,event_date,window,car,scar,days,bhar,t,p_value,df" ]
    [ "$(sed -n 2p <<<"$output" | awk -F, '{print NF}')" = 11 ]
}

@test "the bundled real data with every test and model runs" {
    for m in market mean-adjusted market-adjusted scholes-williams dimson; do
        run evstudy run "$DATA/gpu-post-listing.json" --model "$m" --tests all -q
        [ "$status" -eq 0 ] || { echo "$m: $output"; false; }
        [[ "$output" == *"nonparametric tests by day"* ]]
    done
}

@test "one event: every test gives a number or a status, never nan" {
    printf 'symbol,date,market\nS1,2021-10-11,MKT\n' >"$TMP/one.csv"
    for fmt in table csv json; do
        run evstudy run "${PRICES[@]}" -e "$TMP/one.csv" --estimation -120:-11 -w -5:5 \
            --car -1:1 -q -f "$fmt" --table all
        [ "$status" -eq 0 ]
        [[ "$output" != *nan* && "$output" != *NaN* && "$output" != *inf* ]]
    done
    run evstudy run "${PRICES[@]}" -e "$TMP/one.csv" --estimation -120:-11 -w -5:5 -q -f json
    [ "$(jq -r '.tests[] | select(.name == "t" and .day == 0) | .status' <<<"$output")" = too-few ]
    [ "$(jq -r '.tests[] | select(.name == "patell" and .day == 0) | .status' <<<"$output")" = ok ]
    [ "$(jq -r '[.tests[] | select(.status != "ok" and .statistic != null)] | length' <<<"$output")" = 0 ]
}
