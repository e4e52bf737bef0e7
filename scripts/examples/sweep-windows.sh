#!/bin/sh
# Sweeps event windows and models with `evstudy run` over the bundled GPU
# post-listing study and collects every run's CAR-window tests into ONE CSV
# on stdout (jq turns each run's JSON into rows):
#   model,window,n,mean_car,test,statistic,p_value,status
# Copy it and change MODELS / WINDOWS / STUDY.  EVSTUDY names the command
# (default: evstudy on PATH), DATA the data directory.
set -eu
EVSTUDY=${EVSTUDY:-evstudy}
DATA=${DATA:-$(cd "$(dirname "$0")/../../data" && pwd)}
STUDY=${STUDY:-$DATA/gpu-post-listing.json}
MODELS=${MODELS:-"market-adjusted mean-adjusted market"}
WINDOWS=${WINDOWS:-"1:5 1:10 1:20"}

echo "model,window,n,mean_car,test,statistic,p_value,status"
for model in $MODELS; do
    for window in $WINDOWS; do
        # One CAR window equal to the event window; the study file gives
        # the prices, events, market and estimation window.
        $EVSTUDY run "$STUDY" --model "$model" --window "$window" --car "$window" \
            --format json --quiet |
        jq -r --arg model "$model" '
            .car_windows[0] as $c
            | .tests[] | select(.scope == "window" and .window == $c.window)
            | [$model, $c.window, $c.n, $c.mean_car, .name, .statistic,
               .p_value, .status] | @csv'
    done
done
