/*
 * cli_load.c - load options from the command's flags and environment (see
 * cli_load.h).  The library never reads the environment; this does.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_load.h"

void cli_load_options(evs_load_options *o, unsigned threads,
                      const char *bin_dir, int no_bin, char *buf, size_t n)
{
    evs_load_options_init(o);
    o->threads = threads;
    if (no_bin)
        return;
    if (bin_dir != NULL) {
        o->bin_cache = bin_dir;
        return;
    }
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int len = -1;
    if (xdg != NULL && xdg[0] == '/') /* XDG: relative values are ignored */
        len = snprintf(buf, n, "%s/evstudy/bin", xdg);
    else if (home != NULL && home[0] == '/')
        len = snprintf(buf, n, "%s/.cache/evstudy/bin", home);
    if (len > 0 && (size_t)len < n)
        o->bin_cache = buf;
}
