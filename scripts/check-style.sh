#!/bin/sh
# Mechanical house rules (docs/DEVELOPING.md): banned functions, and each
# external dependency used only by the module that owns it.  Prints every
# violation as file:line and exits 1 if there is any.
cd "$(dirname "$0")/.." || exit 2
found=$(mktemp)
trap 'rm -f "$found"' EXIT
report() { # MESSAGE, then grep output on stdin (runs in a pipeline subshell)
    while IFS= read -r line; do
        where=$(printf '%s' "$line" | cut -d: -f1,2)
        what=$(printf '%s' "$line" | cut -d: -f3- | sed 's/^[[:space:]]*//')
        echo "check-style: $where: $1: $what" | tee -a "$found"
    done
}
strip() { # C sources without comments and string literals, with line numbers kept
    sed -e 's:/\*.*\*/::g' -e 's:^[[:space:]]*/\*.*$::' -e 's:^[[:space:]]*\*.*$::' \
        -e 's://.*$::' -e 's:"\([^"\\]\|\\.\)*":"":g' "$@"
}
for f in $(ls src/*.c src/cli/*.c 2>/dev/null); do
    strip "$f" | grep -nE '\b(gets|strcpy|strcat|sprintf|vsprintf|strncpy|strtok|atoi|atol|atof|gmtime|localtime|mktime|strptime|system)[[:space:]]*\(' |
        sed "s|^|$f:|" | report "banned function"
done
for f in src/*.c; do
    case "$f" in src/plot.c) continue ;; esac
    strip "$f" | grep -nE '\b(popen|execv|execvp|posix_spawn[p]?)[[:space:]]*\(' | sed "s|^|$f:|" |
        report "processes are spawned only by src/plot.c"
done
for f in src/*.c; do
    strip "$f" | grep -nE '\b(exit|abort|_exit)[[:space:]]*\(' | sed "s|^|$f:|" |
        report "the library never exits"
    case "$f" in src/outfile.c) ;; *)
        strip "$f" | grep -nE '\b(printf|puts)[[:space:]]*\(|\bstd(out|err)\b' | sed "s|^|$f:|" |
            report "the library never prints" ;;
    esac
done
grep -lE '#include <curl/curl\.h>' src/*.c src/cli/*.c 2>/dev/null | grep -vE '^src/(source_http|cli/main)\.c$' |
    sed 's|$|:1|' | report "libcurl belongs to src/source_http.c"
grep -lE '#include <sqlite3\.h>' src/*.c src/cli/*.c 2>/dev/null | grep -vE '^src/cache\.c$' |
    sed 's|$|:1|' | report "SQLite belongs to src/cache.c"
grep -lE '#include "\.\./|#include "(internal|csv|loadutil|study_internal|model_ols|report_util)\.h"' src/cli/*.c 2>/dev/null |
    sed 's|$|:1|' | report "the command uses public headers only"
[ ! -s "$found" ]
