#!/bin/sh
# Installs what evstudy needs to build and test, with apt-get, and nothing
# when everything is already there.  Uses sudo when not root.
set -eu
PKGS="build-essential pkg-config libcurl4-openssl-dev libjansson-dev libgsl-dev
libsqlite3-dev libssl-dev gnuplot-nox libcmocka-dev bats python3 python3-numpy
python3-scipy
sqlite3 jq clang libclang-rt-dev valgrind time locales openssl libxxhash-dev"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
