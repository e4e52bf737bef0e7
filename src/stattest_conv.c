/*
 * stattest_conv.c - the test conventions: one table of names, choices and
 * sources (the first choice of each is the published default), the
 * setters, and the compatibility bundles that reproduce another package's
 * choices (README "Statistics" lists which of its bugs are not copied).
 */
#include <string.h>

#include "internal.h"

const evs_conv_info evs_test_convs[EVS_CONV_COUNT] = {
    {"patell-window", {"csar", "scar", NULL},
     "Patell/BMP windows: sum of daily SARs over sqrt(L) (Patell 1976 eq. "
     "12) or the standardised CAR (as in Kolari & Pynnonen 2010)"},
    {"kp-patell", {"standard", "with-1-r", NULL},
     "KP factor for Patell: sqrt(1/(1+(n-1)r)) (Kolari & Pynnonen 2010) or "
     "also times sqrt(1-r) (eventstudy2)"},
    {"sign-zero", {"nonpositive", "positive", "drop", NULL},
     "zero ARs in sign and generalized-sign tests: not positive (Cowan "
     "1992), positive (eventstudy2), or left out"},
    {"gsign-p", {"per-event", "pooled", NULL},
     "generalized-sign expected share: mean of per-event shares (Cowan 1992) "
     "or pooled over all estimation ARs (estudy2)"},
    {"rank-ties", {"average", "first", NULL},
     "tied values in rank tests: average ranks (Corrado 1989) or by "
     "position, estimation days first"},
    {"missing", {"skip", "complete", NULL},
     "missing ARs in a CAR window: sums over the valid days, or the event "
     "has no CAR/BHAR for that window"},
    {"sar-df", {"model", "two", NULL},
     "k in the Patell variance (M-k)/(M-k-2): the model's parameters "
     "(Patell 1976) or always 2 (market-model code)"},
    {"t-ref", {"student", "normal", NULL},
     "reference of t-type statistics: Student t with the df shown, or "
     "N(0,1)"},
    {"bw1980-var", {"model", "sample", NULL},
     "Brown-Warner 1980 variances: model residual variance SSR/(M-k), or "
     "sample variance SSR/(M-1) (estudy2)"},
    {"bw-df", {"portfolio", "mean-est", NULL},
     "Brown-Warner 1985 df: estimation days of the portfolio minus 1 (BW "
     "1985), or mean M_i minus 1 (estudy2)"},
    {"car-agg", {"cumulate", "daily-sum", NULL},
     "BW 1985 and Lamb windows: CAAR over its sd (BW 1985), or sum of daily "
     "statistics over sqrt(days) on days above the coverage (estudy2)"},
    {"rank-scale", {"days", "mean-obs", NULL},
     "rank-test scale divisor: the number of days (Corrado 1989) or the "
     "mean number of valid returns per event (estudy2)"},
    {"rank-window", {"event-window", "car-window", NULL},
     "Corrado window ranks: over estimation and event windows (Cowan 1992) "
     "or estimation and CAR window, coverage-filtered days (estudy2)"},
};

void evs_test_conv_init(evs_test_conv *c)
{
    memset(c, 0, sizeof *c);
    c->boot_reps = 1000;
    c->boot_frac = 0.25;
    c->seed = 1;
    c->coverage = 90.0;
}

evs_status evs_test_conv_set(evs_test_conv *c, const char *name,
                             const char *value, evs_error *err)
{
    for (size_t i = 0; i < EVS_CONV_COUNT; i++) {
        const evs_conv_info *ci = &evs_test_convs[i];
        if (strcmp(ci->name, name) != 0)
            continue;
        char list[128] = "";
        for (int k = 0; k < EVS_CONV_MAX_CHOICES && ci->choices[k]; k++) {
            if (strcmp(ci->choices[k], value) == 0) {
                c->choice[i] = k;
                return EVS_OK;
            }
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                     ci->choices[k]);
        }
        return evs__seterr(err, EVS_EINVAL, 0, "convention %s: unknown "
                           "value '%s' (want %s)", name, value, list);
    }
    return evs__seterr(err, EVS_EINVAL, 0, "unknown convention '%s' (see "
                       "'evstudy list conventions')", name);
}

evs_status evs_test_conv_parse(evs_test_conv *c, const char *list,
                               evs_error *err)
{
    char item[128];
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (len >= sizeof item || eq == NULL || eq == p || eq == p + len - 1)
            return evs__seterr(err, EVS_EINVAL, 0, "convention '%.*s' is "
                               "not NAME=VALUE", (int)(len < 64 ? len : 64),
                               p);
        memcpy(item, p, len);
        item[len] = '\0';
        item[eq - p] = '\0';
        evs_status st = evs_test_conv_set(c, item, item + (eq - p) + 1, err);
        if (st != EVS_OK)
            return st;
        if (comma == NULL)
            return EVS_OK;
        p = comma + 1;
    }
}

/* estudy2 0.10 (METHODS.md, second half): its conventions.  Patell's
 * (L-2)/(L-4) is "sar-df=two"; its strict "> 0" sign is our default. */
static const struct {
    const char *name, *value;
} estudy2[] = {{"gsign-p", "pooled"},       {"sar-df", "two"},
               {"bw1980-var", "sample"},    {"bw-df", "mean-est"},
               {"car-agg", "daily-sum"},    {"rank-scale", "mean-obs"},
               {"rank-window", "car-window"}};

evs_status evs_test_conv_compat(evs_test_conv *c, const char *name,
                                evs_error *err)
{
    if (strcmp(name, "none") == 0) {
        evs_test_conv_init(c);
        return EVS_OK;
    }
    if (strcmp(name, "estudy2") != 0)
        return evs__seterr(err, EVS_EINVAL, 0, "unknown compatibility mode "
                           "'%s' (want estudy2 or none)", name);
    evs_test_conv_init(c);
    for (size_t i = 0; i < sizeof estudy2 / sizeof estudy2[0]; i++)
        evs_test_conv_set(c, estudy2[i].name, estudy2[i].value, NULL);
    c->coverage = 90.0;
    c->compat = "estudy2";
    return EVS_OK;
}

const char *evs_test_conv_value(const evs_test_conv *c, size_t i)
{
    if (i >= EVS_CONV_COUNT || c->choice[i] < 0 ||
        c->choice[i] >= EVS_CONV_MAX_CHOICES ||
        evs_test_convs[i].choices[c->choice[i]] == NULL)
        return NULL;
    return evs_test_convs[i].choices[c->choice[i]];
}
