#!/usr/bin/env bats
# Results are byte-identical whatever the locale: under LC_ALL=C and a
# comma-decimal locale (de_DE.UTF-8, prepared by tests/run-all.sh, which
# builds it with localedef when the system lacks it), in every format.
load helpers

setup() {
    TMP="$BATS_TEST_TMPDIR"
    [ -n "${EVS_TEST_LOCALE:-}" ] || skip "no comma-decimal locale (localedef unavailable)"
    [ -n "${EVS_TEST_LOCPATH:-}" ] && export LOCPATH="$EVS_TEST_LOCPATH"
    # The locale is real and writes "1,5": otherwise this test proves nothing.
    [ "$(env LC_ALL="$EVS_TEST_LOCALE" /usr/bin/printf '%.1f' 1.5 2>/dev/null)" = "1,5" ] ||
        skip "$EVS_TEST_LOCALE does not load here"
}

@test "table, CSV and JSON are byte-identical under C and a comma-decimal locale" {
    for fmt in table csv json; do
        LC_ALL=C evstudy run "$DATA/gpu-post-listing.json" -f "$fmt" --table all \
            -o "$TMP/c.$fmt"
        LC_ALL=$EVS_TEST_LOCALE evstudy run "$DATA/gpu-post-listing.json" -f "$fmt" \
            --table all -o "$TMP/de.$fmt"
        ( unset LC_ALL; export LANG=$EVS_TEST_LOCALE LC_NUMERIC=$EVS_TEST_LOCALE
          evstudy run "$DATA/gpu-post-listing.json" -f "$fmt" --table all \
              -o "$TMP/lang.$fmt" )
        cmp "$TMP/c.$fmt" "$TMP/de.$fmt"
        cmp "$TMP/c.$fmt" "$TMP/lang.$fmt"
        grep -q '[0-9]\.[0-9]' "$TMP/c.$fmt"
    done
}

@test "a comma stays a field separator, never a decimal point, in that locale" {
    printf 'date,close\n2025-12-05,1,5\n' >"$TMP/comma.csv"
    LC_ALL=$EVS_TEST_LOCALE run evstudy run "$DATA/gpu-post-listing.json" -p X="$TMP/comma.csv"
    [ "$status" -eq 3 ]
    [[ "$output" == *"comma.csv:2: 3 fields, but the header has 2"* ]]
}
