#!/usr/bin/env bats
# make install / uninstall into a staging DESTDIR with a custom PREFIX.
load helpers

@test "make install puts binary, library, headers, pkg-config file and data under DESTDIR; uninstall removes them" {
    cd "$EVS_TEST_ROOT"
    dest="$TMP/stage"
    run make -s install DESTDIR="$dest" PREFIX=/opt/evs
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
    run make -s uninstall DESTDIR="$dest" PREFIX=/opt/evs
    [ "$status" -eq 0 ]
    [ ! -e "$dest/opt/evs/bin/evstudy" ]
    [ ! -e "$dest/opt/evs/include/evs" ]
    [ ! -e "$dest/opt/evs/share/evstudy" ]
}
