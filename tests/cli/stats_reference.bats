#!/usr/bin/env bats
# Every statistic against scripts/reference_stats.py, an independent
# numpy/scipy implementation of the published formulas, on the seeded
# synthetic fixture tests/data/stats (README there).  expected.json holds
# the reference's numbers; compare_reference.py checks each test row and
# each event's fit, CAR, SCAR and BHAR at a relative tolerance of 2e-9.
load helpers

S="$FIX/stats"
PRICES=(-p "$S/MKT.csv")
for k in 1 2 3 4 5 6 7 8; do PRICES+=(-p "$S/S$k.csv"); done

case_args() {
    /usr/bin/env python3 -c "import json,sys; print('\n'.join(json.load(open(sys.argv[1]))['cases'][sys.argv[2]]['args']))" \
        "$S/expected.json" "$1" | sed "s|^FACTORS\$|$S/factors.csv|"
}

check_case() {
    mapfile -t args < <(case_args "$1")
    evstudy run "${PRICES[@]}" -e "$S/events.csv" --estimation -120:-11 -w -5:5 \
        --car -1:1,0:5,-5:5 "${args[@]}" -f json -q >"$TMP/out.json"
    run python3 "$EVS_TEST_ROOT/scripts/compare_reference.py" "$S/expected.json" "$1" 2e-9 <"$TMP/out.json"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *", 0 differences"* ]]
}

@test "reference: market model, every test, default conventions" { check_case market; }
@test "reference: --compat estudy2 conventions" { check_case estudy2; }
@test "reference: alternative conventions, bootstrap seed and size" { check_case alt; }
@test "reference: mean-adjusted model" { check_case mean-adjusted; }
@test "reference: market-adjusted model" { check_case market-adjusted; }
@test "reference: Scholes-Williams model" { check_case scholes-williams; }
@test "reference: Dimson model with 2 lags and 1 lead" { check_case dimson; }
@test "reference: Fama-French 3 factors from a French-layout file" { check_case ff3; }
@test "reference: factors:SMB,HML on excess returns" { check_case factors; }
@test "reference: log returns (BHAR compounds exp(sum))" { check_case log; }

@test "reference: expected.json is what reference_stats.py computes today" {
    /usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null || skip "Debian python3-numpy/scipy not installed"
    /usr/bin/python3 "$EVS_TEST_ROOT/scripts/reference_stats.py" make-data "$TMP/d"
    for f in MKT.csv S1.csv S5.csv events.csv factors.csv; do
        cmp "$S/$f" "$TMP/d/$f"
    done
    /usr/bin/python3 "$EVS_TEST_ROOT/scripts/reference_stats.py" expect "$S" "$TMP/e.json"
    run /usr/bin/python3 - "$S/expected.json" "$TMP/e.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def walk(x, y, path):
    if isinstance(x, dict):
        assert x.keys() == y.keys(), path
        for k in x:
            if k != "provenance":
                walk(x[k], y[k], path + "/" + k)
    elif isinstance(x, list):
        assert len(x) == len(y), path
        for i, (u, v) in enumerate(zip(x, y)):
            walk(u, v, "%s[%d]" % (path, i))
    elif isinstance(x, float) and isinstance(y, float):
        assert abs(x - y) <= 1e-10 * abs(y) + 1e-14, (path, x, y)
    else:
        assert x == y, (path, x, y)
walk(a, b, "")
print("same")
PY
    echo "$output"
    [ "$status" -eq 0 ]
}
