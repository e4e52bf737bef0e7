/*
 * stattest.c - the test registry (one table drives `--tests`, `evstudy
 * list tests` and the reports) and the helpers every test file shares:
 * result setters, window columns, ranking.  The statistics themselves
 * live in stattest_param.c, stattest_kp.c, stattest_skew.c,
 * stattest_sign.c, stattest_rank.c and stattest_grank.c.
 */
#include <stdlib.h>
#include <string.h>

#include "stattest_util.h"

const char *evs_test_status_name(evs_test_status s)
{
    switch (s) {
    case EVS_TEST_OK: return "ok";
    case EVS_TEST_TOO_FEW: return "too-few";
    case EVS_TEST_ZERO_VARIANCE: return "zero-variance";
    case EVS_TEST_NOT_APPLICABLE: return "n/a";
    case EVS_TEST_NO_MEMORY: return "no-memory";
    }
    return "?";
}

int evs__conv(const evs_test_data *d, int which)
{
    return d->conv ? d->conv->choice[which] : 0;
}

void evs__test_fail(evs_test_result *out, evs_test_status s, size_t n)
{
    out->statistic = NAN;
    out->p_value = NAN;
    out->df = NAN;
    out->n = n;
    out->status = s;
}

void evs__test_fill(evs_test_result *out, size_t n, evs_test_status s)
{
    for (size_t i = 0; i < n; i++)
        evs__test_fail(&out[i], s, 0);
}

void evs__test_z(evs_test_result *out, double z, size_t n)
{
    if (!isfinite(z)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, n);
        return;
    }
    out->statistic = z;
    out->df = NAN;
    out->p_value = evs__p_normal(z);
    out->n = n;
    out->status = EVS_TEST_OK;
}

void evs__test_t(const evs_test_data *d, evs_test_result *out, double t,
                 double df, size_t n)
{
    if (evs__conv(d, EVS_CONV_T_REF) == 1 || !(df > 0)) {
        evs__test_z(out, t, n);
        return;
    }
    if (!isfinite(t)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, n);
        return;
    }
    out->statistic = t;
    out->df = df;
    out->p_value = evs__p_t(t, df);
    out->n = n;
    out->status = EVS_TEST_OK;
}

void evs__win_cols(const evs_test_data *d, evs_window w, size_t *c0,
                   size_t *c1)
{
    *c0 = (size_t)(w.first - d->win.first);
    *c1 = (size_t)(w.last - d->win.first);
}

/* The order qsort used before: by value, equal values by position.  It is
 * a total order (positions are distinct, NaN is filtered out), so every
 * correct sort gives the same sequence; the inlined introsort below only
 * avoids qsort's indirect comparator call, the hot spot of the rank tests
 * at a million events (README "Performance"). */
static inline int item_lt(const evs__rank_item *a, const evs__rank_item *b)
{
    return a->v < b->v || (a->v == b->v && a->pos < b->pos);
}

static inline void item_swap(evs__rank_item *a, evs__rank_item *b)
{
    evs__rank_item t = *a;
    *a = *b;
    *b = t;
}

static void insertion_sort(evs__rank_item *s, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        evs__rank_item x = s[i];
        size_t j = i;
        for (; j > 0 && item_lt(&x, &s[j - 1]); j--)
            s[j] = s[j - 1];
        s[j] = x;
    }
}

static void sift_down(evs__rank_item *s, size_t root, size_t n)
{
    for (size_t c; (c = 2 * root + 1) < n; root = c) {
        if (c + 1 < n && item_lt(&s[c], &s[c + 1]))
            c++;
        if (!item_lt(&s[root], &s[c]))
            return;
        item_swap(&s[root], &s[c]);
    }
}

/* The worst-case fallback of the introsort (Musser 1997). */
static void heap_sort(evs__rank_item *s, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(s, i, n);
    for (size_t end = n; end-- > 1;) {
        item_swap(&s[0], &s[end]);
        sift_down(s, 0, end);
    }
}

static void intro_sort(evs__rank_item *s, size_t n, unsigned depth)
{
    while (n > 24) {
        if (depth-- == 0) {
            heap_sort(s, n);
            return;
        }
        /* Median of three to s[0], then Hoare partition around it. */
        size_t mid = n / 2;
        if (item_lt(&s[mid], &s[0])) item_swap(&s[mid], &s[0]);
        if (item_lt(&s[n - 1], &s[0])) item_swap(&s[n - 1], &s[0]);
        if (item_lt(&s[n - 1], &s[mid])) item_swap(&s[n - 1], &s[mid]);
        item_swap(&s[0], &s[mid]);
        evs__rank_item p = s[0];
        size_t i = 0, j = n;
        for (;;) {
            do i++; while (i < n && item_lt(&s[i], &p));
            do j--; while (item_lt(&p, &s[j]));
            if (i >= j)
                break;
            item_swap(&s[i], &s[j]);
        }
        item_swap(&s[0], &s[j]);
        /* Recurse into the smaller side, loop on the larger. */
        if (j < n - j - 1) {
            intro_sort(s, j, depth);
            s += j + 1;
            n -= j + 1;
        } else {
            intro_sort(s + j + 1, n - j - 1, depth);
            n = j;
        }
    }
    insertion_sort(s, n);
}

/* Sorts the non-NaN values with their positions; returns their count. */
static size_t sort_valid(const double *x, size_t n, evs__rank_item *s)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            s[m++] = (evs__rank_item){x[i], i};
    unsigned depth = 0;
    for (size_t k = m; k > 1; k >>= 1)
        depth += 2;
    intro_sort(s, m, depth);
    return m;
}

size_t evs__rank(const double *x, size_t n, int ties, double *rank,
                 evs__rank_item *scratch)
{
    for (size_t i = 0; i < n; i++)
        rank[i] = NAN;
    size_t m = sort_valid(x, n, scratch);
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && scratch[b].v == scratch[a].v)
            b++;
        /* Ranks a+1 .. b share a value: midrank unless ties go by
         * position (the sort already ordered equal values by position). */
        double mid = 0.5 * (double)(a + 1 + b);
        for (size_t k = a; k < b; k++)
            rank[scratch[k].pos] =
                ties == EVS_TIES_FIRST ? (double)(k + 1) : mid;
        a = b;
    }
    return m;
}

/* Moves the k-th item of the sort order to s[k], the items before it
 * preceding it in that order (Hoare's FIND, CACM 4(7), 1961).  The median
 * needs one or two ranks, not a sorted sample; with the same total order
 * (a signed zero's position decides which zero it is), the items it
 * returns are the very ones the full sort would put there. */
static void select_kth(evs__rank_item *s, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi - lo > 24) {
        size_t mid = lo + (hi - lo) / 2;
        evs__rank_item p = s[mid];
        item_swap(&s[mid], &s[hi]);
        size_t store = lo;
        for (size_t i = lo; i < hi; i++)
            if (item_lt(&s[i], &p))
                item_swap(&s[i], &s[store++]);
        item_swap(&s[store], &s[hi]);
        if (k == store)
            return;
        if (k < store)
            hi = store - 1;
        else
            lo = store + 1;
    }
    insertion_sort(s + lo, hi - lo + 1);
}

double evs__median(const double *x, size_t n, evs__rank_item *scratch)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            scratch[m++] = (evs__rank_item){x[i], i};
    if (m == 0)
        return NAN;
    select_kth(scratch, m, m / 2);
    if (m % 2)
        return scratch[m / 2].v;
    /* The item just before m/2 in the order: the last of those before. */
    size_t best = 0;
    for (size_t i = 1; i < m / 2; i++)
        if (item_lt(&scratch[best], &scratch[i]))
            best = i;
    return 0.5 * (scratch[best].v + scratch[m / 2].v);
}

#define P "parametric"
#define NP "nonparametric"

const evs_stattest_info evs_stattests[] = {
    {"t", 0, "Brown & Warner (1985); MacKinlay (1997) eq. 21",
     "cross-sectional t: mean AR (CAR) over its cross-sectional standard "
     "error, t(n-1)", evs__t_day, evs__t_window, P, "t", NULL},
    {"brown-warner-1980", 0,
     "Brown & Warner (1980), JFE 8(3), the independence form",
     "mean AR over sqrt(sum sigma_i^2)/n, estimation-window variances, "
     "t(mean M - 1)", evs__bw80_day, evs__bw80_window, P, "bw-1980", NULL},
    {"brown-warner-1985", EVS_TEST_NEEDS_EST_AR,
     "Brown & Warner (1985), JFE 14(1), crude dependence adjustment",
     "mean AR over the time-series sd of the estimation-window portfolio "
     "AR, t(M-1)", evs__bw85_day, evs__bw85_window, P, "bw-1985",
     evs__bw85_batch},
    {"patell", 0, "Patell (1976), JAR 14(2), eq. 10 and 12",
     "sum of standardised ARs over sqrt(sum df/(df-2)), N(0,1)",
     evs__patell_day, evs__patell_window, P, "patell", NULL},
    {"patell-kp", EVS_TEST_NEEDS_EST_AR | EVS_TEST_NEEDS_RBAR,
     "Kolari & Pynnonen (2010), RFS 23(11), adjusted Patell",
     "Patell Z times sqrt(1/(1+(n-1) rbar)), rbar on calendar-aligned "
     "residuals, N(0,1)", evs__patell_kp_day, evs__patell_kp_window, P,
     "patell-kp", NULL},
    {"bmp", 0, "Boehmer, Musumeci & Poulsen (1991), JFE 30(2)",
     "standardised cross-sectional t: sqrt(n) mean(SAR) / sd(SAR), t(n-1)",
     evs__bmp_day, evs__bmp_window, P, "bmp", NULL},
    {"bmp-kp", EVS_TEST_NEEDS_EST_AR | EVS_TEST_NEEDS_RBAR,
     "Kolari & Pynnonen (2010), RFS 23(11), adjusted BMP",
     "BMP t times sqrt((1-rbar)/(1+(n-1) rbar)), t(n-1)", evs__bmp_kp_day,
     evs__bmp_kp_window, P, "bmp-kp", NULL},
    {"lamb", EVS_TEST_NEEDS_EST_AR | EVS_TEST_NEEDS_VF,
     "Lamb (1995), JRI 62(1), as specified by estudy2",
     "portfolio AR over its time-series sd times the forecast-error "
     "correction, N(0,1)", evs__lamb_day, evs__lamb_window, P, "lamb",
     evs__lamb_batch},
    {"skewness-adjusted", 0,
     "Lyon, Barber & Tsai (1999), JF 54(1); Johnson (1978), JASA 73",
     "skewness-adjusted t on ARs (days) and BHARs (windows), t(n-1)",
     evs__skew_day, evs__skew_window, P, "skew-adj", NULL},
    {"skewness-adjusted-boot", 0,
     "Lyon, Barber & Tsai (1999), JF 54(1), bootstrapped skewness-adjusted "
     "t", "skewness-adjusted t with a seeded bootstrap of n/4 draws, "
     "percentile p", evs__skewboot_day, evs__skewboot_window, P,
     "skew-adj-boot", NULL},
    {"sign", 0, "Cowan (1992), RQFA 2(4); Boehmer et al. (1991)",
     "share of positive ARs (CARs) against one half, N(0,1)", evs__sign_day,
     evs__sign_window, NP, "sign", NULL},
    {"generalized-sign", EVS_TEST_NEEDS_EST_AR, "Cowan (1992), RQFA 2(4)",
     "positive ARs (CARs) against the estimation-window share, N(0,1)",
     evs__gsign_day, evs__gsign_window, NP, "gen-sign", evs__gsign_batch},
    {"corrado-rank", EVS_TEST_NEEDS_EST_AR,
     "Corrado (1989), JFE 23(2); Cowan (1992) for windows",
     "mean rank deviation over its time-series sd, ranks over estimation "
     "and event windows, N(0,1)", evs__crank_day, evs__crank_window, NP,
     "corrado-rank", evs__crank_batch},
    {"corrado-zivney", EVS_TEST_NEEDS_EST_AR,
     "Corrado & Zivney (1992), JFQA 27(3); Kolari & Pynnonen (2011)",
     "standardised ranks K/(T+1) - 1/2, robust to missing returns, N(0,1)",
     evs__czrank_day, evs__czrank_window, NP, "corrado-ziv", evs__czrank_batch},
    {"corrado-sign", EVS_TEST_NEEDS_EST_AR,
     "Corrado & Zivney (1992), JFQA 27(3), sign test",
     "signs of AR minus the event's median AR over its time-series sd, "
     "N(0,1)", evs__csign_day, evs__csign_window, NP, "corrado-sign",
     evs__csign_batch},
    {"grank", EVS_TEST_NEEDS_EST_AR,
     "Kolari & Pynnonen (2011), JEF 18(5), generalized rank test",
     "ranks of the re-standardised event SAR (SCAR) among estimation SARs, "
     "t(T-2)", evs__grank_day, evs__grank_window, NP, "grank",
     evs__grank_batch},
    {"wilcoxon", 0, "Wilcoxon (1945); signed ranks of ARs (CARs)",
     "W+ = sum of ranks of positive values; exact p for n <= 50 without "
     "ties, else normal", evs__wilcoxon_day, evs__wilcoxon_window, NP,
     "wilcoxon", NULL},
    {NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL}};

const double *evs_test_est_row(const evs_test_data *d, size_t i, double *buf)
{
    if (d->est_ar != NULL)
        return d->est_ar + i * d->est_len;
    return d->est_row != NULL ? d->est_row(d->est_ctx, i, buf) : NULL;
}

int evs_test_has_est(const evs_test_data *d)
{
    return d->est_ar != NULL || d->est_row != NULL;
}

const evs_stattest_info *evs_stattest_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (const evs_stattest_info *t = evs_stattests; t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

size_t evs_stattest_count(void)
{
    size_t n = 0;
    while (evs_stattests[n].name)
        n++;
    return n;
}
