/* IPO measures on a small hand-made market (tests/data/ipo/README.md):
 * every expected value is the formula of the README worked by hand on the
 * prices below, written as that arithmetic.  Also: the per-listing
 * problems (no prices, bad offers, dates off the data), the STAR limit
 * flags, the cohort summary, wealth relatives, the post-listing events and
 * the three report formats. */
#include <jansson.h>
#include <stdlib.h>

#include "internal.h"
#include "testutil.h"

/* The benchmark: its rows are the trading calendar. */
static const char idx_csv[] =
    "date,close\n2023-12-28,98\n2023-12-29,100\n2024-01-02,102\n2024-01-03,101\n"
    "2024-01-04,103\n2024-01-05,104\n2024-01-08,102\n2024-01-09,105\n"
    "2024-01-10,106\n2024-01-11,107\n";
/* Listed 2024-01-02 at 10.00; day 6 closes at the +20% limit of 22.20
 * (18.50 x 1.2), day 7 touches the -20% limit of 17.76 (22.20 x 0.8). */
static const char aaa_csv[] =
    "date,open,high,low,close\n2024-01-02,15,18,14,16\n2024-01-03,16.5,17.8,16.2,17.6\n"
    "2024-01-04,17.5,17.9,16.8,17\n2024-01-05,17,18.2,17,18\n"
    "2024-01-08,18,18.9,18,18.5\n2024-01-09,19,22.20,18.8,22.20\n"
    "2024-01-10,21,21.5,17.76,18\n";
static const char ggg_csv[] = "date,open,close\n2024-01-03,11,12\n2024-01-04,12.5,13\n";
static const char eee_csv[] = "date,close\n2023-12-29,5\n2024-01-05,6\n";
static const char fff_csv[] = "date,close\n2024-01-04,5\n2024-01-05,6\n";
static const char hhh_csv[] = "date,close\n2024-01-04,5\n2024-01-08,6\n";
static const char mmm_csv[] = "date,open,close\n2024-01-02,19,20\n";

static const char ipos_csv[] =
    "symbol,exchange,listing_date,offer_price,currency,shares_offered,"
    "shares_outstanding,benchmark,pricing_date,first_open,first_close\n"
    "AAA.SS,SSE STAR,2024-01-02,10,CNY,1000000,4000000,IDX,,,\n"
    "GGG.SS,,2024-01-03,10,CNY,,,IDX,2023-12-28,,\n"
    "BBB.HK,,2024-01-02,5,HKD,2000000,,HIDX,,5.2,5.5\n"
    "CCC.SS,,2024-01-02,0,,,,IDX,,,\n"
    "DDD.SS,,2024-01-02,-1,,,,IDX,,,\n"
    "NNN.SS,,2024-01-02,,,,,,,,\n"
    "EEE.SS,,2024-02-01,10,,,,IDX,,,\n"
    "FFF.SS,,2024-01-02,10,,,,IDX,,,\n"
    "HHH.SS,,2024-01-05,10,,,,IDX,,,\n"
    "MMM.SS,,2024-01-02,10,,,,IDX,,,21\n";

enum { AAA, GGG, BBB, CCC, DDD, NNN, EEE, FFF, HHH, MMM, NLIST };

typedef struct fx {
    evs_dataset *ds;
    evs_ipos *ipos;
    evs_ipo_config cfg;
    evs_ipo_result *r;
} fx;

static void add_prices(evs_dataset *ds, const char *sym, const char *csv)
{
    evs_error e = {0};
    if (evs_load_prices_buffer(ds, csv, strlen(csv), sym, sym, NULL, &e) != EVS_OK)
        fail_msg("%s: %s", sym, e.msg);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    evs_error e = {0};
    f->ds = evs_dataset_new(&e);
    add_prices(f->ds, "IDX", idx_csv);
    add_prices(f->ds, "AAA.SS", aaa_csv);
    add_prices(f->ds, "GGG.SS", ggg_csv);
    add_prices(f->ds, "EEE.SS", eee_csv);
    add_prices(f->ds, "FFF.SS", fff_csv);
    add_prices(f->ds, "HHH.SS", hhh_csv);
    add_prices(f->ds, "MMM.SS", mmm_csv);
    f->ipos = evs_ipos_load_buffer(ipos_csv, strlen(ipos_csv), "ipos.csv", NULL, &e);
    if (f->ipos == NULL)
        fail_msg("%s", e.msg);
    evs_ipo_config_init(&f->cfg);
    static const size_t hz[] = {1, 2, 5, 7, 8, 20};
    memcpy(f->cfg.horizons, hz, sizeof hz);
    f->cfg.n_horizons = 6;
    if (evs_ipo_analyze(&f->cfg, f->ipos, f->ds, &f->r, &e) != EVS_OK)
        fail_msg("%s", e.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    evs_ipo_result_free(f->r);
    evs_ipos_free(f->ipos);
    evs_dataset_free(f->ds);
    free(f);
    return 0;
}

static const evs_ipo_metrics *get(void **state, size_t i)
{
    return evs_ipo_result_get(((fx *)*state)->r, i);
}

static int has_note(const evs_ipo_metrics *m, const char *needle)
{
    for (size_t k = 0; k < m->n_notes; k++)
        if (strstr(m->notes[k], needle))
            return 1;
    return 0;
}

static void first_day(void **state)
{
    const evs_ipo_metrics *m = get(state, AAA);
    assert_int_equal(m->status, EVS_IPO_OK);
    assert_string_equal(m->reason, "");
    assert_string_equal(m->first_day_source, "prices");
    assert_close(m->offer_to_open, 15.0 / 10 - 1, 1e-15);
    assert_close(m->offer_to_high, 18.0 / 10 - 1, 1e-15);
    assert_close(m->offer_to_low, 14.0 / 10 - 1, 1e-15);
    assert_close(m->offer_to_close, 16.0 / 10 - 1, 1e-15);
    assert_close(m->open_to_close, 16.0 / 15 - 1, 1e-15);
    /* Benchmark span: close of 2023-12-29 (day before) to 2024-01-02. */
    assert_true(m->have_bench_span);
    evs_date d;
    evs_date_parse("2023-12-29", 10, &d);
    assert_int_equal(m->bench_start, d);
    assert_close(m->bench_initial_return, 102.0 / 100 - 1, 1e-15);
    assert_close(m->market_adjusted_initial_return, 1.6 / 1.02 - 1, 1e-14);
    assert_close(m->money_left_on_table, (16.0 - 10) * 1e6, 1e-15);
    assert_close(m->market_cap_at_offer, 10.0 * 4e6, 1e-15);
    assert_close(m->market_cap_at_first_close, 16.0 * 4e6, 1e-15);
    assert_int_equal(m->days_available, 7);
    assert_int_equal(m->n_notes, 0);
}

static void pricing_date_span(void **state)
{
    const evs_ipo_metrics *m = get(state, GGG);
    evs_date d;
    evs_date_parse("2023-12-28", 10, &d);
    assert_int_equal(m->bench_start, d);
    assert_close(m->bench_initial_return, 101.0 / 98 - 1, 1e-15);
    assert_close(m->market_adjusted_initial_return, 1.2 * 98 / 101 - 1, 1e-14);
    assert_close(m->horizons[1].ret, 1.2 * 13 / 12 - 1, 1e-14);
    assert_close(m->horizons[1].bench_ret, 103.0 / 98 - 1, 1e-14);
    assert_true(isnan(m->money_left_on_table)); /* no share count */
    assert_int_equal(m->regime, EVS_LIMIT_UNKNOWN);
}

static void horizons_aaa(void **state)
{
    const evs_ipo_horizon *h = get(state, AAA)->horizons;
    assert_int_equal(get(state, AAA)->n_horizons, 6);
    /* N = 1: the first day itself. */
    assert_close(h[0].ret, 0.6, 1e-15);
    assert_close(h[0].bench_ret, 0.02, 1e-14);
    assert_close(h[0].bhar, 0.6 - 0.02, 1e-14);
    assert_close(h[0].after_bhar, 0, 0);
    /* N = 2 (2024-01-03). */
    assert_close(h[1].ret, 1.6 * 17.6 / 16 - 1, 1e-14);
    assert_close(h[1].bench_ret, 101.0 / 100 - 1, 1e-14);
    assert_close(h[1].bhar, (1.6 * 17.6 / 16 - 1) - 0.01, 1e-14);
    assert_close(h[1].after_ret, 17.6 / 16 - 1, 1e-14);
    assert_close(h[1].after_bench_ret, 101.0 / 102 - 1, 1e-14);
    assert_close(h[1].after_bhar, (17.6 / 16 - 1) - (101.0 / 102 - 1), 1e-14);
    /* N = 5 and 7. */
    assert_close(h[2].bhar, (1.6 * 18.5 / 16 - 1) - (102.0 / 100 - 1), 1e-14);
    assert_close(h[3].ret, 1.6 * 18 / 16 - 1, 1e-14);
    assert_close(h[3].bhar, 0.8 - 0.06, 1e-14);
    assert_close(h[3].after_bhar, (18.0 / 16 - 1) - (106.0 / 102 - 1), 1e-14);
    assert_string_equal(h[3].note, "");
    /* N = 8: the benchmark has the day, the stock has ended. */
    assert_true(h[4].have_date);
    assert_true(isnan(h[4].ret) && isnan(h[4].bhar));
    assert_close(h[4].bench_ret, 107.0 / 100 - 1, 1e-14);
    assert_string_equal(h[4].note, "the price data of AAA.SS ends on 2024-01-10, before day 8");
    /* N = 20: beyond the calendar. */
    assert_false(h[5].have_date);
    assert_true(isnan(h[5].bench_ret));
    assert_string_equal(h[5].note, "day 20 is beyond the data: the IDX calendar ends on 2024-01-11 (day 8)");
}

static void star_limits(void **state)
{
    const evs_ipo_metrics *m = get(state, AAA);
    assert_int_equal(m->regime, EVS_LIMIT_STAR);
    assert_int_equal(m->limit_days_checked, 2); /* days 6 and 7 */
    assert_int_equal(m->n_limit_hits, 2);
    assert_int_equal(m->limit_hits[0].day, 6);
    assert_true(m->limit_hits[0].up);
    assert_close(m->limit_hits[0].limit_price, 22.20, 1e-15);
    assert_true(m->limit_hits[0].closed_at_limit);
    assert_int_equal(m->limit_hits[1].day, 7);
    assert_false(m->limit_hits[1].up);
    assert_close(m->limit_hits[1].limit_price, 17.76, 1e-15);
    assert_false(m->limit_hits[1].closed_at_limit);
    double up, dn;
    /* 10.01 x 1.2 = 12.012 -> 12.01; 10.03 x 0.8 = 8.024 -> 8.02; and
     * 10.04 x 1.2 = 12.048 -> 12.05 (to the nearest tick). */
    assert_true(evs_ipo_star_limits(10.01, &up, &dn));
    assert_close(up, 12.01, 1e-15);
    assert_close(dn, 8.01, 1e-15);
    assert_true(evs_ipo_star_limits(10.03, &up, &dn));
    assert_close(dn, 8.02, 1e-15);
    assert_true(evs_ipo_star_limits(10.04, &up, &dn));
    assert_close(up, 12.05, 1e-15);
    assert_false(evs_ipo_star_limits(0, &up, &dn));
    assert_false(evs_ipo_star_limits(NAN, &up, &dn));
}

static void regimes(void **state)
{
    (void)state;
    assert_int_equal(evs_ipo_limit_regime("SSE STAR", NULL), EVS_LIMIT_STAR);
    assert_int_equal(evs_ipo_limit_regime("sse star market", "X"), EVS_LIMIT_STAR);
    assert_int_equal(evs_ipo_limit_regime("HKEX Main Board", "688000.SS"), EVS_LIMIT_NONE);
    assert_int_equal(evs_ipo_limit_regime("SEHK", NULL), EVS_LIMIT_NONE);
    assert_int_equal(evs_ipo_limit_regime("hk", NULL), EVS_LIMIT_NONE);
    assert_int_equal(evs_ipo_limit_regime("NASDAQ", "688795.SS"), EVS_LIMIT_UNKNOWN);
    assert_int_equal(evs_ipo_limit_regime(NULL, "688795.SS"), EVS_LIMIT_STAR);
    assert_int_equal(evs_ipo_limit_regime("", "689009.ss"), EVS_LIMIT_STAR);
    assert_int_equal(evs_ipo_limit_regime(NULL, "600000.SS"), EVS_LIMIT_UNKNOWN);
    assert_int_equal(evs_ipo_limit_regime(NULL, "6082.HK"), EVS_LIMIT_NONE);
    assert_int_equal(evs_ipo_limit_regime(NULL, NULL), EVS_LIMIT_UNKNOWN);
    assert_string_equal(evs_limit_regime_name(EVS_LIMIT_STAR), "star");
    assert_string_equal(evs_ipo_status_name(EVS_IPO_BAD_OFFER), "bad-offer");
}

/* Each problem is the listing's own; the others are still measured. */
static void listing_problems(void **state)
{
    const evs_ipo_metrics *b = get(state, BBB);
    assert_int_equal(b->status, EVS_IPO_NO_PRICES);
    assert_string_equal(b->reason, "no price data for BBB.HK; first-day figures from the IPO file only");
    assert_string_equal(b->first_day_source, "ipo-file");
    assert_close(b->offer_to_open, 5.2 / 5 - 1, 1e-15);
    assert_close(b->offer_to_close, 5.5 / 5 - 1, 1e-15);
    assert_close(b->money_left_on_table, (5.5 - 5) * 2e6, 1e-15);
    assert_true(has_note(b, "no price data for the benchmark HIDX"));
    assert_true(isnan(b->bench_initial_return));
    assert_int_equal(b->regime, EVS_LIMIT_NONE);
    assert_int_equal(b->days_available, 1);
    const struct {
        size_t i;
        evs_ipo_status st;
        const char *reason;
    } bad[] = {
        {CCC, EVS_IPO_BAD_OFFER, "offer price of CCC.SS must be positive, got 0"},
        {DDD, EVS_IPO_BAD_OFFER, "offer price of DDD.SS must be positive, got -1"},
        {NNN, EVS_IPO_BAD_OFFER, "no offer price for NNN.SS"},
        {EEE, EVS_IPO_AFTER_DATA, "listing date 2024-02-01 is after the price data of EEE.SS ends (2024-01-05)"},
        {FFF, EVS_IPO_NOT_IN_DATA, "the price data of FFF.SS starts on 2024-01-04, after the listing date 2024-01-02"},
        {HHH, EVS_IPO_NOT_IN_DATA, "the price data of HHH.SS has no row on the listing date 2024-01-05"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const evs_ipo_metrics *m = get(state, bad[k].i);
        assert_int_equal(m->status, bad[k].st);
        assert_string_equal(m->reason, bad[k].reason);
        assert_true(isnan(m->offer_to_close));
        assert_true(isnan(m->horizons[0].bhar));
    }
    assert_string_equal(get(state, CCC)->horizons[0].note, "no usable offer price");
    fx *f = *state;
    assert_int_equal(evs_ipo_result_count(f->r), NLIST);
    assert_int_equal(evs_ipo_result_n_usable(f->r), 4); /* AAA GGG BBB MMM */
}

static void file_beats_prices(void **state)
{
    const evs_ipo_metrics *m = get(state, MMM);
    assert_string_equal(m->first_day_source, "prices+ipo-file");
    assert_close(m->open, 19, 0);
    assert_close(m->close, 21, 0);
    assert_close(m->offer_to_close, 21.0 / 10 - 1, 1e-15);
    assert_true(has_note(m, "first_close 21 in the IPO file differs from 20 in the price data"));
}

static const evs_ipo_stat *stat(void **state, const char *name, size_t h,
                                const char *cur)
{
    fx *f = *state;
    const evs_ipo_stat *s = evs_ipo_result_stats(f->r);
    for (size_t k = 0; k < evs_ipo_result_n_stats(f->r); k++)
        if (strcmp(s[k].measure, name) == 0 && s[k].horizon == h &&
            ((cur == NULL && s[k].currency == NULL) ||
             (cur && s[k].currency && strcmp(cur, s[k].currency) == 0)))
            return &s[k];
    fail_msg("no stat %s/%zu", name, h);
    return NULL;
}

static void summary(void **state)
{
    /* offer_to_close: AAA 0.6, GGG 0.2, BBB 0.1, MMM 1.1. */
    const evs_ipo_stat *s = stat(state, "offer_to_close", 0, NULL);
    assert_int_equal(s->n, 4);
    assert_close(s->mean, (0.6 + 0.2 + 0.1 + 1.1) / 4, 1e-14);
    assert_close(s->median, (0.2 + 0.6) / 2, 1e-14);
    assert_close(s->min, 0.1, 1e-14);
    assert_close(s->max, 1.1, 1e-14);
    /* offer_to_open: AAA 0.5, GGG 0.1, BBB 0.04, MMM 0.9. */
    s = stat(state, "offer_to_open", 0, NULL);
    assert_int_equal(s->n, 4);
    assert_close(s->median, (0.1 + 0.5) / 2, 1e-14);
    s = stat(state, "money_left_on_table", 0, "CNY");
    assert_int_equal(s->n, 1);
    assert_close(s->mean, 6e6, 1e-15);
    s = stat(state, "money_left_on_table", 0, "HKD");
    assert_close(s->max, 1e6, 1e-15);
    s = stat(state, "money_left_on_table", 0, NULL); /* no currency given */
    assert_int_equal(s->n, 0);
    assert_true(isnan(s->mean));
    s = stat(state, "bhar", 2, NULL); /* AAA and GGG */
    assert_int_equal(s->n, 2);
    assert_close(s->mean, ((1.6 * 17.6 / 16 - 1) - 0.01 + 0.3 - (103.0 / 98 - 1)) / 2, 1e-14);
}

static void wealth_relative(void **state)
{
    fx *f = *state;
    const evs_ipo_wealth *w = evs_ipo_result_wealth(f->r);
    /* N = 1 over AAA, GGG, MMM (BBB has no benchmark return). */
    double mr = (0.6 + 0.2 + 1.1) / 3, mb = (0.02 + (101.0 / 98 - 1) + 0.02) / 3;
    assert_int_equal(w[0].horizon, 1);
    assert_int_equal(w[0].n, 3);
    assert_close(w[0].wealth_relative, (1 + mr) / (1 + mb), 1e-14);
    assert_close(w[0].after_wealth_relative, 1, 1e-15);
    /* N = 7: AAA only. */
    assert_int_equal(w[3].n, 1);
    assert_close(w[3].wealth_relative, 1.8 / 1.06, 1e-14);
    assert_close(w[3].after_wealth_relative, (18.0 / 16) / (106.0 / 102), 1e-14);
    assert_int_equal(w[5].n, 0);
    assert_true(isnan(w[5].wealth_relative));
}

static void config_errors(void **state)
{
    fx *f = *state;
    evs_ipo_config c;
    evs_ipo_result *r = NULL;
    evs_error e = {0};
    evs_ipo_config_init(&c);
    assert_int_equal(c.n_horizons, 5);
    assert_int_equal(c.horizons[4], 120);
    c.horizons[1] = 1;
    assert_int_equal(evs_ipo_analyze(&c, f->ipos, f->ds, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "ascending");
    c.horizons[1] = 0;
    c.horizons[0] = 0;
    assert_int_equal(evs_ipo_analyze(&c, f->ipos, f->ds, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "horizon 0 is not in 1..100000");
    c.n_horizons = 0;
    assert_int_equal(evs_ipo_analyze(&c, f->ipos, f->ds, &r, &e), EVS_EINVAL);
    evs_ipos *empty = evs_ipos_new(&e);
    evs_ipo_config_init(&c);
    assert_int_equal(evs_ipo_analyze(&c, empty, f->ds, &r, &e), EVS_ENODATA);
    assert_null(r);
    evs_ipos_free(empty);
}

static void alloc_failures(void **state)
{
    fx *f = *state;
    int k, saw = 0;
    for (k = 1; k < 2000; k++) {
        evs_ipo_result *r = NULL;
        evs_error e = {0};
        evs__alloc_fail_after((unsigned long)k);
        evs_status st = evs_ipo_analyze(&f->cfg, f->ipos, f->ds, &r, &e);
        evs__alloc_fail_after(0);
        if (st == EVS_OK) {
            evs_ipo_result_free(r);
            break;
        }
        assert_int_equal(st, EVS_ENOMEM);
        assert_null(r);
        saw = 1;
    }
    assert_true(saw && k < 2000);
}

/* The post-listing study runs on the events made from the listings. */
static evs_study_result *post_study(fx *f)
{
    evs_error e = {0};
    evs_events *ev = evs_ipo_events(f->r, &e);
    assert_non_null(ev);
    assert_int_equal(evs_events_count(ev), NLIST - 1); /* NNN: no benchmark */
    assert_string_equal(evs_events_get(ev, 0)->market, "IDX");
    evs_study_config c;
    evs_study_config_init(&c);
    c.model = "market-adjusted";
    c.window = (evs_window){1, 2};
    c.estimation = (evs_window){3, 5};
    c.min_est = c.model_opts.min_obs = 3;
    c.roll = EVS_ROLL_EXACT;
    evs_study_result *post = NULL;
    evs_study_run(&c, f->ds, ev, NULL, &post, &e);
    evs_events_free(ev);
    assert_non_null(post);
    return post;
}

static void post_listing_car(void **state)
{
    fx *f = *state;
    evs_study_result *post = post_study(f);
    /* AAA: market-adjusted ARs of days 1 and 2 after the listing day. */
    double car = (17.6 / 16 - 101.0 / 102) + (17.0 / 17.6 - 103.0 / 101);
    assert_close(evs_study_result_car(post, 0, 0), car, 1e-14);
    evs_study_result_free(post);
}

static char *render(fx *f, evs_format fmt, unsigned tables,
                    const evs_study_result *post)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    evs_report_opts o = {fmt, tables, NULL, 0, "ipo"};
    evs_error e = {0};
    assert_int_equal(evs_report_ipo(m, f->r, post, &o, &e), EVS_OK);
    fclose(m);
    return buf;
}

static void reports(void **state)
{
    fx *f = *state;
    evs_study_result *post = post_study(f);
    char *js = render(f, EVS_FORMAT_JSON, 0, post);
    json_error_t je;
    json_t *root = json_loads(js, 0, &je);
    assert_non_null(root);
    json_t *a = json_array_get(json_object_get(root, "ipos"), AAA);
    assert_close(json_real_value(json_object_get(a, "offer_to_open")), 0.5, 1e-9);
    assert_close(json_number_value(json_object_get(json_object_get(a, "bhar"), "7")), 0.74, 1e-9);
    json_t *pl = json_object_get(a, "post_listing");
    assert_string_equal(json_string_value(json_object_get(pl, "status")), "ok");
    json_t *c = json_array_get(json_object_get(root, "ipos"), CCC);
    assert_true(json_is_null(json_object_get(c, "offer_to_open")));
    assert_string_equal(json_string_value(json_object_get(c, "status")), "bad-offer");
    assert_true(json_is_null(json_object_get(json_array_get(
        json_object_get(root, "ipos"), NNN), "post_listing")));
    json_t *sm = json_object_get(root, "summary");
    assert_int_equal(json_integer_value(json_object_get(sm, "n_usable")), 4);
    assert_true(json_array_size(json_object_get(sm, "measures")) > 10);
    json_decref(root);
    char *csv = render(f, EVS_FORMAT_CSV, 0, post);
    assert_non_null(strstr(csv, ",bhar_1,bhar_2,bhar_5,bhar_7,bhar_8,bhar_20\n"));
    assert_non_null(strstr(csv, "\n4,CCC.SS,,,,2024-01-02,,0,bad-offer,"));
    char *all = render(f, EVS_FORMAT_CSV, EVS_IPO_TABLE_ALL, post);
    assert_non_null(strstr(all, "# table: limits\nindex,symbol,day,date,direction,"
                                "limit_price,closed_at_limit\n1,AAA.SS,6,2024-01-09,up,22.2,1\n"));
    assert_non_null(strstr(all, "# table: post\n"));
    char *tab = render(f, EVS_FORMAT_TABLE, 0, post);
    assert_non_null(strstr(tab, "day 6 2024-01-09 limit up 22.20, closed there"));
    assert_non_null(strstr(tab, "bad-offer"));
    const char *outs[] = {js, csv, all, tab};
    for (size_t k = 0; k < 4; k++)
        if (strstr(outs[k], "nan") || strstr(outs[k], "inf"))
            fail_msg("output %zu prints a NaN or infinity", k);
    free(js);
    free(csv);
    free(all);
    free(tab);
    FILE *full = fopen("/dev/full", "w");
    if (full != NULL) {
        evs_report_opts o = {EVS_FORMAT_CSV, EVS_IPO_TABLE_ALL, NULL, 0, "ipo"};
        evs_error e = {0};
        assert_int_equal(evs_report_ipo(full, f->r, post, &o, &e), EVS_EWRITE);
        assert_msg_has(e, "write error");
        fclose(full);
    }
    unsigned bits;
    assert_true(evs_ipo_table_parse("ipos,summary", &bits));
    assert_int_equal(bits, EVS_IPO_TABLE_IPOS | EVS_IPO_TABLE_SUMMARY);
    assert_false(evs_ipo_table_parse("ipos,events", &bits));
    evs_study_result_free(post);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_day), cmocka_unit_test(pricing_date_span),
        cmocka_unit_test(horizons_aaa), cmocka_unit_test(star_limits),
        cmocka_unit_test(regimes), cmocka_unit_test(listing_problems),
        cmocka_unit_test(file_beats_prices), cmocka_unit_test(summary),
        cmocka_unit_test(wealth_relative), cmocka_unit_test(config_errors),
        cmocka_unit_test(alloc_failures), cmocka_unit_test(post_listing_car),
        cmocka_unit_test(reports)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
