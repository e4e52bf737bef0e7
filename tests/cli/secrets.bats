#!/usr/bin/env bats
# API keys live only in the environment: whatever command runs, with any
# verbosity and output format, a key's value never appears on stdout,
# stderr, in an output file or under the cache directory.  The variables
# are set to a canary for every command `evstudy --help` lists.
load helpers

CANARY="evs-canary-5e3c1d9a"

setup() {
    TMP="$BATS_TEST_TMPDIR"
    export XDG_CACHE_HOME="$TMP/cache"
    mkdir -p "$XDG_CACHE_HOME"
    for v in EVSTUDY_ALPHAVANTAGE_KEY EVSTUDY_ALPHAVANTAGE_APIKEY ALPHAVANTAGE_API_KEY \
             EVSTUDY_STOOQ_KEY EVSTUDY_STOOQ_APIKEY EVSTUDY_API_KEY; do
        export "$v=$CANARY"
    done
}

no_canary() { # files and captured text must not hold the key
    ! grep -rqa "$CANARY" "$TMP"
}

@test "no command prints or stores an API key from the environment" {
    cmds=$(evstudy --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
    [ -n "$cmds" ]
    for c in $cmds; do
        evstudy "$c" --help >"$TMP/$c.help" 2>&1 || true
        evstudy "$c" -v >"$TMP/$c.out" 2>&1 || true
    done
    for fmt in table csv json; do
        evstudy run "$DATA/gpu-post-listing.json" -v -f "$fmt" --table all \
            -o "$TMP/r.$fmt" 2>"$TMP/r.$fmt.err"
    done
    [ -s "$TMP/r.json" ]
    no_canary
}
