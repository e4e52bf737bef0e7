/*
 * cli_data.h - where the bundled data lives, and loading price files by
 * symbol from a directory (<dir>/<SYMBOL>.csv).
 */
#ifndef EVS_CLI_DATA_H
#define EVS_CLI_DATA_H

#include <stddef.h>

#include "cli_study.h"

/* The bundled data directory: $EVSTUDY_DATA when set; else
 * <directory of the executable>/../data (the build tree: build/evstudy ->
 * data/, also build/san/evstudy -> data/ one level further up), then
 * <directory of the executable>/../share/evstudy, when it holds ipos.csv;
 * else the installed EVS_DATADIR (PREFIX/share/evstudy).
 * Writes it into buf; returns 1 when it holds ipos.csv, 0 otherwise (buf
 * then names the last place tried). */
int cli_data_dir(char *buf, size_t n);

/* Loads <dir>/<symbol>.csv into s->data when the file exists and the
 * symbol is not loaded yet, and records it as a "prices" input.  Returns 0
 * (also when there is no such file: the analysis reports the missing
 * data) or an exit code after printing the error. */
int cli_load_symbol(cli_study *s, const char *dir, const char *symbol);

#endif
