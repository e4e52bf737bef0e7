#!/usr/bin/env bats
# make install / uninstall into a staging DESTDIR with a custom PREFIX.
load helpers

@test "make install puts binary, library, headers, pkg-config file and data under DESTDIR; uninstall removes them" {
    # Packaging, not memory: the instrumented passes reuse the normal one.
    skip_if_instrumented
    cd "$EVS_TEST_ROOT"
    dest="$TMP/stage"
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s install BUILD=build DESTDIR="$dest" PREFIX=/opt/evs
    [ "$status" -eq 0 ]
    [ -x "$dest/opt/evs/bin/evstudy" ]
    [ -f "$dest/opt/evs/lib/libevs.a" ]
    [ -f "$dest/opt/evs/include/evs.h" ]
    [ -f "$dest/opt/evs/include/evs/study.h" ]
    [ -f "$dest/opt/evs/share/evstudy/688795.SS.csv" ]
    [ -f "$dest/opt/evs/share/evstudy/ipos.csv" ]
    grep -q '^prefix=/opt/evs$' "$dest/opt/evs/lib/pkgconfig/evs.pc"
    run "$dest/opt/evs/bin/evstudy" --version
    [ "$status" -eq 0 ]
    run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s uninstall BUILD=build DESTDIR="$dest" PREFIX=/opt/evs
    [ "$status" -eq 0 ]
    [ ! -e "$dest/opt/evs/bin/evstudy" ]
    [ ! -e "$dest/opt/evs/include/evs" ]
    [ ! -e "$dest/opt/evs/share/evstudy" ]
    # Put the build tree's compiled-in paths back for the tests that follow.
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s all BUILD=build
}
