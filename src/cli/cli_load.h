/*
 * cli_load.h - how the command turns its loading flags (--threads,
 * --bin-cache DIR, --no-bin-cache) into library load options, and where
 * binary copies live by default.
 */
#ifndef EVS_CLI_LOAD_H
#define EVS_CLI_LOAD_H

#include "cli.h"

/* Fills o: threads (0 = one per core), and the binary-copy directory: the
 * flag's DIR, else $XDG_CACHE_HOME/evstudy/bin, else
 * $HOME/.cache/evstudy/bin; none with no_bin.  buf (n bytes) holds the
 * directory name that o points to. */
void cli_load_options(evs_load_options *o, unsigned threads,
                      const char *bin_dir, int no_bin, char *buf, size_t n);

#endif
