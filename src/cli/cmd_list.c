/*
 * cmd_list.c - `evstudy list models|tests|conventions`: prints the
 * registries.
 */
#include <string.h>

#include "cli.h"

int cmd_list(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("Usage: evstudy list models|tests|conventions\n"
               "Prints the available models, tests, or test conventions (the\n"
               "first choice of each convention is the default), one per line.\n\n%s",
               cli_exit_help);
        return 0;
    }
    if (argc != 2)
        return cli_usage_error("list", "say what to list: models, tests or conventions");
    if (strcmp(argv[1], "models") == 0) {
        for (const evs_model_info *m = evs_models; m->name; m++)
            printf("%-18s %s\n", m->name, m->description);
        return 0;
    }
    if (strcmp(argv[1], "tests") == 0) {
        for (const evs_stattest_info *t = evs_stattests; t->name; t++)
            printf("%-23s %s [%s]\n", t->name, t->description, t->reference);
        return 0;
    }
    if (strcmp(argv[1], "conventions") == 0) {
        for (size_t i = 0; i < EVS_CONV_COUNT; i++) {
            const evs_conv_info *c = &evs_test_convs[i];
            printf("%-14s", c->name);
            for (int k = 0; k < EVS_CONV_MAX_CHOICES && c->choices[k]; k++)
                printf("%s%s", k ? "|" : " ", c->choices[k]);
            printf("\n    %s\n", c->doc);
        }
        return 0;
    }
    return cli_usage_error("list", "unknown list '%s' (models, tests or conventions)", argv[1]);
}
