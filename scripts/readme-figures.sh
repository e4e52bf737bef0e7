#!/bin/sh
# Regenerates the README's figures in docs/img/: the demo study's figures
# (evstudy plot on data/gpu-post-listing.json) and the listing and backtest
# builders as the render test draws them from the bundled data
# (tests/unit/test_plot_render.c).  Run after `make all build/tests/test_plot_render`.
set -eu
BIN=${1:-build/evstudy}
mkdir -p docs/img
"$BIN" plot data/gpu-post-listing.json --plot docs/img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd tests && EVS_PLOT_KEEP="$tmp" "../${BUILD:-build}/tests/test_plot_render" >/dev/null)
for f in listing first-day bhar trades equity; do
    cp "$tmp/$f.png" docs/img/
done
ls -l docs/img
