#!/usr/bin/env bats
# The command's shape: help, version, usage errors and exit code 2.
load helpers

@test "--help goes to stdout with exit 0 and lists exit codes" {
    run evstudy --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"Usage: evstudy COMMAND"* ]]
    [[ "$output" == *"Exit codes:"* ]]
}

@test "--version prints the version" {
    run evstudy --version
    [ "$status" -eq 0 ]
    [[ "$output" =~ ^evstudy\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "no command is a usage error (exit 2)" {
    run evstudy
    [ "$status" -eq 2 ]
    [[ "$output" == *"evstudy: error: no command given"* ]]
    [[ "$output" == *"try 'evstudy --help'"* ]]
}

@test "unknown command and unknown option exit 2" {
    run evstudy frobnicate
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown command 'frobnicate'"* ]]
    run evstudy run --no-such-option
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown option '--no-such-option'"* ]]
}

@test "run --help documents every shared option" {
    run evstudy run --help
    [ "$status" -eq 0 ]
    for o in --prices --returns --events --market --model --estimation --window \
             --car --tests --min-est --roll --return-type --format --table --out --strict; do
        [[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
    done
}

@test "list models and tests print the registries" {
    run evstudy list models
    [ "$status" -eq 0 ]
    [[ "$output" == *"market-adjusted"* ]]
    run evstudy list tests
    [ "$status" -eq 0 ]
    [[ "$output" == *"patell"* ]]
    run evstudy list nothing
    [ "$status" -eq 2 ]
}
