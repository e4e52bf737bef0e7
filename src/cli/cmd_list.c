/*
 * cmd_list.c - `evstudy list models|tests`: prints the registries.
 */
#include <string.h>

#include "cli.h"

int cmd_list(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("Usage: evstudy list models|tests\n"
               "Prints the available models or tests, one per line.\n\n%s",
               cli_exit_help);
        return 0;
    }
    if (argc != 2)
        return cli_usage_error("list", "say what to list: models or tests");
    if (strcmp(argv[1], "models") == 0) {
        for (const evs_model_info *m = evs_models; m->name; m++)
            printf("%-18s %s\n", m->name, m->description);
        return 0;
    }
    if (strcmp(argv[1], "tests") == 0) {
        for (const evs_stattest_info *t = evs_stattests; t->name; t++)
            printf("%-18s %s [%s]\n", t->name, t->description, t->reference);
        return 0;
    }
    return cli_usage_error("list", "unknown list '%s' (models or tests)", argv[1]);
}
