#!/usr/bin/env bats
# evstudy ipo: published first-day figures as known answers, BHARs against
# the independent scripts/ipo_reference.py, every per-listing problem and
# input error, the formats, and the data-directory rules.
load helpers

IPOFIX="$EVS_TEST_ROOT/tests/data/ipo"

# near VALUE EXPECTED TOL: |VALUE - EXPECTED| <= TOL
near() {
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }' ||
        { echo "got $1, expected $2 (tol $3)"; return 1; }
}

# pct SYMBOL KEY: the JSON measure of a listing in percent, 2 decimals.
pct() {
    jq -r --arg s "$1" --arg k "$2" \
        '.ipos[] | select(.symbol == $s) | .[$k] * 10000 | round / 100' "$TMP/ipo.json"
}

@test "ipo --help documents its options, the defaults and the tables" {
    run evstudy ipo --help
    [ "$status" -eq 0 ]
    for o in --ipos --horizons --no-post --prices --market --model --estimation \
             --window --car --format --table --out --strict; do
        [[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
    done
    [[ "$output" == *"default 21:140"* && "$output" == *"default market-adjusted"* ]]
    [[ "$output" != *"--events"* ]]
    [[ "$output" == *"ipos, horizons, limits, summary, wealth, post, notes, all"* ]]
    run evstudy --help
    [[ "$output" == *"ipo "* ]]
}

@test "published first-day figures (issue 4) from the bundled listings" {
    run evstudy ipo -q --format json --out "$TMP/ipo.json"
    [ "$status" -eq 0 ]
    # Moore Threads: offer 114.28, open 650.00 (+468.78%), close 600.50 (+425.46%).
    [ "$(jq -r '.ipos[0].offer_price' "$TMP/ipo.json")" = 114.28 ]
    [ "$(jq -r '.ipos[0].first_open' "$TMP/ipo.json")" = 650 ]
    [ "$(jq -r '.ipos[0].first_close' "$TMP/ipo.json")" = 600.5 ]
    [ "$(pct 688795.SS offer_to_open)" = 468.78 ]
    [ "$(pct 688795.SS offer_to_close)" = 425.46 ]
    # MetaX: offer 104.66, open 700.00 (+568.83%), close 829.90 (+692.95%).
    [ "$(pct 688802.SS offer_to_open)" = 568.83 ]
    [ "$(pct 688802.SS offer_to_close)" = 692.95 ]
    # Biren: offer 19.60, open 35.70 (+82.14%), high 42.88, close 34.46 (+75.82%),
    # from the IPO file's first_* columns.
    [ "$(pct 6082.HK offer_to_open)" = 82.14 ]
    [ "$(pct 6082.HK offer_to_close)" = 75.82 ]
    [ "$(jq -r '.ipos[2].first_high' "$TMP/ipo.json")" = 42.88 ]
    [ "$(jq -r '.ipos[2].first_day_source' "$TMP/ipo.json")" = ipo-file ]
    # Iluvatar CoreX open 190.2 on HK$144.60 (+31.54%, IPO_FACTS.md);
    # Cambricon close 212.40 on 64.39 (+229.9% reported, beicaiw.com).
    [ "$(pct 9903.HK offer_to_open)" = 31.54 ]
    [ "$(pct 688256.SS offer_to_close)" = 229.86 ]
}

@test "money left on the table and market caps match the published sizes" {
    run evstudy ipo -q --format json --out "$TMP/ipo.json"
    [ "$status" -eq 0 ]
    # (600.50 - 114.28) x 70,000,000 = 34,035,400,000 (formula by hand).
    near "$(jq -r '.ipos[0].money_left_on_table' "$TMP/ipo.json")" 34035400000 1
    # First-close caps: CNY 282.25bn (Moore) and 332.04bn (MetaX), IPO_FACTS.md.
    near "$(jq -r '.ipos[0].market_cap_at_first_close / 1e9' "$TMP/ipo.json")" 282.25 0.005
    near "$(jq -r '.ipos[1].market_cap_at_first_close / 1e9' "$TMP/ipo.json")" 332.04 0.005
    [ "$(jq -r '.ipos[2].money_left_on_table' "$TMP/ipo.json")" = null ]
}

@test "market-adjusted initial return uses the documented benchmark span" {
    run evstudy ipo -q --format json --out "$TMP/ipo.json"
    [ "$status" -eq 0 ]
    # MetaX, STAR 50 from 2025-12-16 (1293.382) to 2025-12-17 (1325.335):
    # +2.47%, as the news reported (data/SOURCES.md); MAIR = 7.9295/1.0247 - 1.
    [ "$(jq -r '.ipos[1].benchmark_span.start' "$TMP/ipo.json")" = 2025-12-16 ]
    near "$(jq -r '.ipos[1].benchmark_initial_return' "$TMP/ipo.json")" \
        "$(awk 'BEGIN { printf "%.15g", 1325.335 / 1293.382 - 1 }')" 1e-9
    near "$(jq -r '.ipos[1].market_adjusted_initial_return' "$TMP/ipo.json")" \
        "$(awk 'BEGIN { printf "%.15g", (829.90 / 104.66) / (1325.335 / 1293.382) - 1 }')" 1e-8
}

@test "BHARs, returns and wealth relatives match the independent reference script" {
    run evstudy ipo -q --format json --out "$TMP/ipo.json"
    [ "$status" -eq 0 ]
    run "${PYTHON:-/usr/bin/python3}" "$EVS_TEST_ROOT/scripts/ipo_reference.py" \
        --data "$DATA" --check "$TMP/ipo.json"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *": 0 mismatches"* ]]
    n=$(echo "$output" | sed -n 's/^checked \([0-9]*\) values.*/\1/p')
    [ "$n" -ge 200 ]
}

@test "horizons that the data does not reach say so" {
    run evstudy ipo -q --format json --out "$TMP/ipo.json"
    [ "$status" -eq 0 ]
    # Biren has only sparse closes: day 5 (2026-01-08) has none.
    [ "$(jq -r '.ipos[2].horizons[1].note' "$TMP/ipo.json")" = "6082.HK has no close on day 5 (2026-01-08)" ]
    [ "$(jq -r '.ipos[2].bhar["5"]' "$TMP/ipo.json")" = null ]
    run evstudy ipo -q --horizons 1,150,200 --format json --out "$TMP/h.json"
    [ "$status" -eq 0 ]
    [ "$(jq -r '.ipos[1].horizons[1].note' "$TMP/h.json")" = \
      "the price data of 688802.SS ends on 2026-07-17, before day 150" ]
    [ "$(jq -r '.ipos[1].horizons[2].note' "$TMP/h.json")" = \
      "day 200 is beyond the data: the 000688.SS calendar ends on 2026-07-31 (day 150)" ]
    [ "$(jq -r '.ipos[1].horizons[2].date' "$TMP/h.json")" = null ]
}

@test "each problem listing gets its message and the others are still reported" {
    run evstudy ipo --ipos "$IPOFIX/problems.csv" --format json --out "$TMP/p.json"
    [ "$status" -eq 0 ]
    [[ "$output" == *"problems.csv:3: NODATA.SS: no price data for NODATA.SS"* ]]
    [[ "$output" == *"problems.csv:4: ZERO.SS: offer price of ZERO.SS must be positive, got 0"* ]]
    [[ "$output" == *"problems.csv:5: NEG.SS: offer price of NEG.SS must be positive, got -5"* ]]
    [[ "$output" == *"problems.csv:6: 688802.SS: listing date 2026-09-01 is after the price data of 688802.SS ends (2026-07-17)"* ]]
    [ "$(jq -r '[.ipos[].status] | join(",")' "$TMP/p.json")" = \
      "ok,no-prices,bad-offer,bad-offer,listing-after-data" ]
    near "$(jq -r '.ipos[0].offer_to_close' "$TMP/p.json")" \
        "$(awk 'BEGIN { printf "%.15g", 600.5 / 114.28 - 1 }')" 1e-8
    [ "$(jq -r '.summary.n_usable' "$TMP/p.json")" = 1 ]
}

@test "--strict fails when a listing is incomplete; no usable listing exits 1" {
    run evstudy ipo --ipos "$IPOFIX/problems.csv" --strict --out "$TMP/s.txt"
    [ "$status" -eq 1 ]
    [[ "$output" == *"4 of 5 listings incomplete (--strict)"* ]]
    [ ! -e "$TMP/s.txt" ]
    run evstudy ipo --ipos "$IPOFIX/unusable.csv"
    [ "$status" -eq 1 ]
    [[ "$output" == *"no listing has first-day figures (2 listings)"* ]]
}

@test "IPO file errors exit 3 with file and line" {
    printf 'symbol,listing_date,offer_price\n688795.SS,2025-12-05,abc\n' > "$TMP/a.csv"
    run evstudy ipo --ipos "$TMP/a.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"a.csv:2: invalid offer_price 'abc' (want a plain decimal number)"* ]]
    printf 'symbol,offer_price\nX,1\n' > "$TMP/b.csv"
    run evstudy ipo --ipos "$TMP/b.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"b.csv:1: the IPO header needs a 'listing_date' column"* ]]
    printf 'symbol,listing_date,offer_price\nX,2025-12-05,1\nX,2025-12-06,1\n' > "$TMP/c.csv"
    run evstudy ipo --ipos "$TMP/c.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"c.csv:3: X is listed twice (first on line 2)"* ]]
    run evstudy ipo --ipos "$TMP/missing.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"missing.csv"* ]]
}

@test "usage errors exit 2" {
    run evstudy ipo --events "$DATA/gpu-listings-events.csv"
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown option '--events'"* ]]
    run evstudy ipo --horizons 5,1
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid --horizons '5,1'"* ]]
    run evstudy ipo --horizons 0
    [ "$status" -eq 2 ]
    run evstudy ipo --table events
    [ "$status" -eq 2 ]
    [[ "$output" == *"table list (ipos, horizons, limits, summary, wealth, post, notes, all)"* ]]
    run evstudy ipo --estimation 1:30
    [ "$status" -eq 2 ]
    [[ "$output" == *"overlaps the event window"* ]]
    printf 'symbol,listing_date,offer_price\n688795.SS,2025-12-05,114.28\n' > "$TMP/nb.csv"
    run evstudy ipo --ipos "$TMP/nb.csv" --market "a b"
    [ "$status" -eq 2 ]
    [[ "$output" == *"invalid market symbol 'a b'"* ]]
}

@test "table output shows every section and never prints nan" {
    run evstudy ipo -q
    [ "$status" -eq 0 ]
    for s in "First trading day" "Against the benchmark" "Buy-and-hold abnormal returns" \
             "Price limits" "Cohort summary" "Wealth relatives" "Post-listing abnormal returns" "Notes"; do
        [[ "$output" == *"$s"* ]] || { echo "missing $s"; false; }
    done
    [[ "$output" == *"468.78"* && "$output" == *"692.95"* ]]
    [[ "$output" != *nan* && "$output" != *inf* ]]
}

@test "CSV tables: ipos by default, all with table markers, missing cells empty" {
    run evstudy ipo -q --format csv
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == index,symbol,name,exchange,currency,listing_date,*,bhar_1,bhar_5,bhar_20,bhar_60,bhar_120 ]]
    [ "${#lines[@]}" -eq 6 ]
    run evstudy ipo -q --format csv --table all
    [ "$status" -eq 0 ]
    for t in ipos horizons limits summary wealth post notes; do
        [[ "$output" == *"# table: $t"* ]] || { echo "missing $t"; false; }
    done
    [[ "$output" != *nan* ]]
    run evstudy ipo -q --format csv --table summary
    [[ "$output" == *"offer_to_close,,,4,"* ]]
    [[ "$output" == *"money_left_on_table,,CNY,2,"* ]]
}

@test "post-listing CARs are those of evstudy run on the bundled study" {
    run evstudy ipo -q --format json --out "$TMP/ipo.json"
    [ "$status" -eq 0 ]
    run evstudy run "$DATA/gpu-post-listing.json" --format json --out "$TMP/run.json"
    [ "$status" -eq 0 ]
    for i in 0 1; do
        for w in 0 1; do
            a=$(jq -r ".ipos[$i].post_listing.cars[$w].car" "$TMP/ipo.json")
            b=$(jq -r ".events[$i].cars[$w].car" "$TMP/run.json")
            [ "$a" = "$b" ] || { echo "listing $i window $w: $a vs $b"; false; }
        done
    done
    [ "$(jq -r '.summary.post_listing.car_windows[1].window' "$TMP/ipo.json")" = 1:20 ]
    run evstudy ipo -q --model market --estimation 21:140 --format json --out "$TMP/m.json"
    [ "$status" -eq 0 ]
    [ "$(jq -r '.params.post_listing.model' "$TMP/m.json")" = market ]
    [ "$(jq -r '.ipos[0].post_listing.status' "$TMP/m.json")" = ok ]
    run evstudy ipo -q --no-post --format json --out "$TMP/n.json"
    [ "$(jq -r '.params.post_listing' "$TMP/n.json")" = null ]
}

@test "price-limit regimes: STAR days checked from day 6, Hong Kong none" {
    run evstudy ipo -q --format json --out "$TMP/ipo.json"
    [ "$status" -eq 0 ]
    [ "$(jq -r '.ipos[0].price_limit.regime' "$TMP/ipo.json")" = star ]
    # Days 6..120 all have a close and the previous one: 115.
    [ "$(jq -r '.ipos[0].price_limit.days_checked' "$TMP/ipo.json")" = 115 ]
    [ "$(jq -r '.ipos[0].price_limit.hits | length' "$TMP/ipo.json")" = 0 ]
    [ "$(jq -r '.ipos[2].price_limit.regime' "$TMP/ipo.json")" = none ]
}

@test "a study file can carry the listings inline" {
    run evstudy ipo "$IPOFIX/inline.json" -q --format json --out "$TMP/i.json"
    [ "$status" -eq 0 ]
    [ "$(jq -r '.ipos | length' "$TMP/i.json")" = 2 ]
    [ "$(jq -r '.ipos[0].offer_to_close * 10000 | round / 100' "$TMP/i.json")" = 425.46 ]
    [ "$(jq -r '.ipos[1].offer_to_open * 10000 | round / 100' "$TMP/i.json")" = 82.14 ]
    printf '{"ipos": "%s", "events": "%s"}' "$IPOFIX/problems.csv" \
        "$DATA/gpu-listings-events.csv" > "$TMP/ev.json"
    run evstudy ipo "$TMP/ev.json" --no-post --format csv
    [ "$status" -eq 0 ]
    [[ "$output" == *"ipo ignores the study file's \"events\""* ]]
    [[ "$output" == *"problems.csv:3: NODATA.SS"* ]]
    printf '{"ipos": [{"symbol": "X", "listing_date": "2025-12-05", "offer": 1}]}' > "$TMP/bad.json"
    run evstudy ipo "$TMP/bad.json"
    [ "$status" -eq 3 ]
    [[ "$output" == *'ipos[0]: unknown key "offer"'* ]]
}

@test "the data directory: EVSTUDY_DATA, and an installed tree" {
    mkdir -p "$TMP/empty"
    EVSTUDY_DATA="$TMP/empty" run evstudy ipo
    [ "$status" -eq 3 ]
    [[ "$output" == *"no --ipos given and no bundled data at $TMP/empty"* ]]
    EVSTUDY_DATA="$TMP/empty" run evstudy ipo --ipos "$IPOFIX/problems.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"no --prices given and no bundled data at $TMP/empty"* ]]
    # A data directory of one's own; a broken price file in it is an input error.
    mkdir -p "$TMP/own"
    printf 'symbol,listing_date,offer_price,benchmark\nA.SS,2024-01-02,10,IDX\n' > "$TMP/own/ipos.csv"
    printf 'date,close\n2024-01-02,12\n2024-01-03,13.2\n' > "$TMP/own/A.SS.csv"
    EVSTUDY_DATA="$TMP/own" run evstudy ipo -q --horizons 1,2 --no-post --format json --out "$TMP/own.json"
    [ "$status" -eq 0 ]
    # 12/10 - 1 and 1.2 x 13.2/12 - 1 (by hand); IDX has no file: no benchmark.
    near "$(jq -r '.ipos[0].offer_to_close' "$TMP/own.json")" 0.2 1e-9
    near "$(jq -r '.ipos[0].horizons[1].return_from_offer' "$TMP/own.json")" 0.32 1e-9
    [ "$(jq -r '.ipos[0].notes[0]' "$TMP/own.json")" = "no price data for the benchmark IDX" ]
    printf 'date,close\n2024-01-02,abc\n' > "$TMP/own/A.SS.csv"
    EVSTUDY_DATA="$TMP/own" run evstudy ipo
    [ "$status" -eq 3 ]
    [[ "$output" == *"A.SS.csv:2"* ]]
    # The installed tree: packaging, so not in the sanitized pass (whose
    # objects need flags a plain `make install` would drop).
    [ -n "${SANITIZED:-}" ] && return 0
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$EVS_TEST_ROOT" install \
        DESTDIR="$TMP/stage" BUILD="$(dirname "$EVSTUDY_BIN")" PREFIX=/opt/evs >/dev/null
    [ -f "$TMP/stage/opt/evs/share/evstudy/ipos.csv" ]
    [ -f "$TMP/stage/opt/evs/share/evstudy/000688.SS.csv" ]
    run ${EVSTUDY_WRAPPER:-} "$TMP/stage/opt/evs/bin/evstudy" ipo -q --format csv
    [ "$status" -eq 0 ]
    [[ "$output" == *"688795.SS"* ]]
    # Put the build tree's compiled-in paths back for the tests that follow.
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$EVS_TEST_ROOT" all \
        BUILD="$(dirname "$EVSTUDY_BIN")" >/dev/null
}

@test "a listing without any benchmark: no benchmark returns, no post-listing study" {
    printf 'symbol,listing_date,offer_price\n688795.SS,2025-12-05,114.28\n' > "$TMP/nb.csv"
    run evstudy ipo --ipos "$TMP/nb.csv" --format json --out "$TMP/nb.json"
    [ "$status" -eq 0 ]
    [[ "$output" == *"post-listing study skipped: no listing has a benchmark"* ]]
    [ "$(jq -r '.ipos[0].benchmark_initial_return' "$TMP/nb.json")" = null ]
    [ "$(jq -r '.ipos[0].notes[0]' "$TMP/nb.json")" = "no benchmark: give one in the IPO file or with --market" ]
    # Trading days then count on the stock's own rows: day 5 is 2025-12-11.
    [ "$(jq -r '.ipos[0].horizons[1].date' "$TMP/nb.json")" = 2025-12-11 ]
    run evstudy ipo --ipos "$TMP/nb.csv" --market 000688.SS --format json --out "$TMP/m.json"
    [ "$(jq -r '.ipos[0].benchmark' "$TMP/m.json")" = 000688.SS ]
    [ "$(jq -r '.ipos[0].post_listing.status' "$TMP/m.json")" = ok ]
}

@test "output goes through an atomic file; an unwritable place exits 5" {
    run evstudy ipo -q --out "$TMP/no/such/dir/x.json"
    [ "$status" -eq 5 ]
    run evstudy ipo -q --format csv --out "$TMP/x.csv"
    [ "$status" -eq 0 ]
    [ -s "$TMP/x.csv" ]
    [ -z "$(ls "$TMP" | grep -v '^x.csv$' | grep x.csv)" ]
}
