/*
 * cli_exit.c - the one mapping from library statuses to exit codes.
 */
#include "cli.h"

const char cli_exit_help[] =
    "Exit codes:\n"
    "  0  success (dropped events are warnings)\n"
    "  1  no usable result: no event survived, or --strict and one dropped\n"
    "  2  usage error: unknown option, bad value, missing argument\n"
    "  3  input error: cannot read or parse prices, events or a study file\n"
    "  4  fetch error: network failure or an error answer from a server\n"
    "  5  output error: cannot write results\n"
    "  6  internal error or out of memory\n"
    "  7  plotting failed (tables were still written)\n";

int cli_exit_code(evs_status st, cli_phase phase)
{
    switch (st) {
    case EVS_OK: return CLI_EXIT_OK;
    case EVS_ENODATA:
    case EVS_EDOMAIN: return phase == CLI_PHASE_INPUT ? CLI_EXIT_INPUT
                                                      : CLI_EXIT_NORESULT;
    case EVS_EIO:
    case EVS_EPARSE: return phase == CLI_PHASE_OUTPUT ? CLI_EXIT_OUTPUT
                                                      : CLI_EXIT_INPUT;
    case EVS_ENET:
    case EVS_EHTTP:
    case EVS_EOFFLINE: return CLI_EXIT_FETCH;
    case EVS_EWRITE: return CLI_EXIT_OUTPUT;
    case EVS_EPLOT: return CLI_EXIT_PLOT;
    case EVS_EINVAL: return phase == CLI_PHASE_INPUT ? CLI_EXIT_USAGE
                                                     : CLI_EXIT_INTERNAL;
    case EVS_ENOMEM:
    case EVS_EINTERNAL: return CLI_EXIT_INTERNAL;
    }
    return CLI_EXIT_INTERNAL;
}
