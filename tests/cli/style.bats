#!/usr/bin/env bats
# The mechanical house rules hold (scripts/check-style.sh).
load helpers

@test "no banned functions, dependencies used only by their owning module" {
    run "$EVS_TEST_ROOT/scripts/check-style.sh"
    echo "$output"
    [ "$status" -eq 0 ]
}

@test "check-style catches a violation" {
    mkdir -p "$TMP/p/src/cli" "$TMP/p/scripts"
    cp "$EVS_TEST_ROOT/scripts/check-style.sh" "$TMP/p/scripts/"
    printf 'int f(const char *s) { return atoi(s); }\nvoid g(void) { printf("x"); }\n' > "$TMP/p/src/bad.c"
    run "$TMP/p/scripts/check-style.sh"
    [ "$status" -eq 1 ]
    [[ "$output" == *"src/bad.c:1: banned function"* ]]
    [[ "$output" == *"src/bad.c:2: the library never prints"* ]]
}
