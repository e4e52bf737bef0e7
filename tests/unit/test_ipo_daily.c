/* Daily listing paths (evs_ipo_daily_new) on a small hand-made market:
 * every expected value is the README's BHAR formula worked by hand on the
 * prices below, written as that arithmetic.  Then the path against the
 * horizon table (day N of the path is horizon N, on the hand-made market
 * and on the bundled GPU listings), every error path, and every
 * allocation failure. */
#include <stdlib.h>

#include "internal.h"
#include "testutil.h"

/* The benchmark: its rows are the trading calendar. */
static const char idx_csv[] =
    "date,close\n2023-12-29,100\n2024-01-02,102\n2024-01-03,101\n"
    "2024-01-04,103\n2024-01-05,104\n2024-01-08,102\n";
/* Listed 2024-01-02 at 10; no row on 2024-01-04; data end 2024-01-05. */
static const char aaa_csv[] =
    "date,open,high,low,close\n2024-01-02,15,18,14,16\n2024-01-03,16.5,17.8,16.2,17.6\n"
    "2024-01-05,17,18.2,17,18\n";
/* Returns on the adjusted close, prices drawn from the raw close. */
static const char adj_csv[] =
    "date,close,adj_close\n2024-01-03,10,5\n2024-01-04,,\n2024-01-05,12,6.6\n";
/* Its benchmark has no data: the stock's own rows are the calendar. */
static const char own_csv[] = "date,close\n2024-01-02,20\n2024-01-04,22\n";
static const char late_csv[] = "date,close\n2024-01-02,5\n";
static const char nor_csv[] = "date,close\n2024-01-03,5\n";

static const char ipos_csv[] =
    "symbol,listing_date,offer_price,benchmark,pricing_date\n"
    "AAA.SS,2024-01-02,10,IDX,\n"
    "ADJ.SS,2024-01-03,8,IDX,2023-12-29\n"
    "OWN.SS,2024-01-02,10,NOPE,\n"
    "NNN.SS,2024-01-02,,IDX,\n"
    "ZZZ.SS,2024-01-02,10,IDX,\n"
    "LATE.SS,2024-01-05,10,IDX,\n"
    "NOR.SS,2024-01-02,10,NOPE,\n";

enum { AAA, ADJ, OWN, NNN, ZZZ, LATE, NOR, NLIST };

typedef struct fx {
    evs_dataset *ds;
    evs_ipos *ipos;
    evs_ipo_result *r;
} fx;

static void add_prices(evs_dataset *ds, const char *sym, const char *csv)
{
    evs_error e = {0};
    if (evs_load_prices_buffer(ds, csv, strlen(csv), sym, sym, NULL, &e) != EVS_OK)
        fail_msg("%s: %s", sym, e.msg);
}

static evs_ipo_result *analyze(const fx *f, const size_t *hz, size_t n)
{
    evs_ipo_config cfg;
    evs_ipo_config_init(&cfg);
    memcpy(cfg.horizons, hz, n * sizeof *hz);
    cfg.n_horizons = n;
    evs_ipo_result *r = NULL;
    evs_error e = {0};
    if (evs_ipo_analyze(&cfg, f->ipos, f->ds, &r, &e) != EVS_OK)
        fail_msg("%s", e.msg);
    return r;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    evs_error e = {0};
    f->ds = evs_dataset_new(&e);
    add_prices(f->ds, "IDX", idx_csv);
    add_prices(f->ds, "AAA.SS", aaa_csv);
    add_prices(f->ds, "ADJ.SS", adj_csv);
    add_prices(f->ds, "OWN.SS", own_csv);
    add_prices(f->ds, "LATE.SS", late_csv);
    add_prices(f->ds, "NOR.SS", nor_csv);
    f->ipos = evs_ipos_load_buffer(ipos_csv, strlen(ipos_csv), "ipos.csv", NULL, &e);
    if (f->ipos == NULL)
        fail_msg("%s", e.msg);
    static const size_t hz[] = {1, 2, 3, 4};
    f->r = analyze(f, hz, 4);
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

static evs_ipo_daily *daily(const fx *f, size_t i)
{
    evs_ipo_daily *d = NULL;
    evs_error e = {0};
    if (evs_ipo_daily_new(f->r, i, f->ds, &d, &e) != EVS_OK)
        fail_msg("listing %zu: %s", i, e.msg);
    return d;
}

static evs_date day(const char *s)
{
    evs_date d = 0;
    assert_true(evs_date_parse(s, strlen(s), &d));
    return d;
}

/* AAA: offer 10, first close 16, IDX 100 the day before listing. */
static void hand_path(void **state)
{
    evs_ipo_daily *d = daily(*state, AAA);
    assert_int_equal(d->n, 4); /* 01-02 .. 01-05 on the IDX calendar */
    assert_int_equal(d->dates[0], day("2024-01-02"));
    assert_int_equal(d->dates[2], day("2024-01-04"));
    assert_int_equal(d->dates[3], day("2024-01-05"));
    assert_close(d->close[0], 16, 0);
    assert_close(d->close[1], 17.6, 0);
    assert_true(isnan(d->close[2])); /* no row on 2024-01-04 */
    assert_close(d->close[3], 18, 0);
    assert_non_null(d->bench);
    assert_close(d->bench[2], 103, 0);
    assert_close(d->bench_base, 100, 0);
    /* BHAR_d = (1 + IR) P_d / P_1 - 1 - (B_d / B_0 - 1). */
    assert_close(d->bhar[0], 0.6 - 0.02, 1e-15);
    assert_close(d->bhar[1], (1.6 * 17.6 / 16 - 1) - (101.0 / 100 - 1), 1e-14);
    assert_true(isnan(d->bhar[2]));
    assert_close(d->bhar[3], (1.6 * 18 / 16 - 1) - (104.0 / 100 - 1), 1e-14);
    /* From the first close: P_d / P_1 - 1 - (B_d / B_1 - 1). */
    assert_close(d->after_bhar[0], 0, 0);
    assert_close(d->after_bhar[1], (17.6 / 16 - 1) - (101.0 / 102 - 1), 1e-14);
    assert_true(isnan(d->after_bhar[2]));
    assert_close(d->after_bhar[3], (18.0 / 16 - 1) - (104.0 / 102 - 1), 1e-14);
    evs_ipo_daily_free(d);
}

/* ADJ: returns on the adjusted close, the span from the pricing date
 * (IDX 100 on 2023-12-29), the drawn price the raw close. */
static void adjusted_and_pricing_date(void **state)
{
    evs_ipo_daily *d = daily(*state, ADJ);
    assert_int_equal(d->n, 3);
    assert_close(d->close[0], 10, 0);
    assert_true(isnan(d->close[1]));
    assert_close(d->close[2], 12, 0);
    assert_close(d->bench_base, 100, 0);
    assert_close(d->bhar[0], (10.0 / 8 - 1) - (101.0 / 100 - 1), 1e-14);
    assert_close(d->bhar[2], (1.25 * 6.6 / 5 - 1) - (104.0 / 100 - 1), 1e-14);
    assert_close(d->after_bhar[2], (6.6 / 5 - 1) - (104.0 / 101 - 1), 1e-14);
    evs_ipo_daily_free(d);
}

/* OWN: no benchmark data, so the stock's rows are the calendar and there
 * is no benchmark line and no BHAR. */
static void own_calendar(void **state)
{
    evs_ipo_daily *d = daily(*state, OWN);
    assert_int_equal(d->n, 2);
    assert_int_equal(d->dates[1], day("2024-01-04"));
    assert_close(d->close[1], 22, 0);
    assert_null(d->bench);
    assert_true(isnan(d->bench_base));
    assert_true(isnan(d->bhar[0]) && isnan(d->bhar[1]));
    assert_true(isnan(d->after_bhar[1]));
    evs_ipo_daily_free(d);
}

/* Same (both NaN, or equal to the last bit: the same formula). */
static void same(double a, double b, const char *what, size_t day_n)
{
    if (isnan(a) && isnan(b))
        return;
    if (!(a == b))
        fail_msg("%s day %zu: path %.17g, horizon %.17g", what, day_n, a, b);
}

static void check_against_horizons(const evs_ipo_daily *d, const evs_ipo_metrics *m)
{
    for (size_t k = 0; k < m->n_horizons; k++) {
        size_t N = m->horizons[k].days;
        if (N > d->n)
            continue;
        same(d->bhar[N - 1], m->horizons[k].bhar, "bhar", N);
        same(d->after_bhar[N - 1], m->horizons[k].after_bhar, "after_bhar", N);
        if (m->horizons[k].have_date)
            assert_int_equal(d->dates[N - 1], m->horizons[k].date);
    }
}

static void matches_horizons(void **state)
{
    fx *f = *state;
    for (size_t i = AAA; i <= OWN; i++) {
        evs_ipo_daily *d = daily(f, i);
        check_against_horizons(d, evs_ipo_result_get(f->r, i));
        evs_ipo_daily_free(d);
    }
}

static void load_file(evs_dataset *ds, const char *sym)
{
    char path[128];
    evs_error e = {0};
    snprintf(path, sizeof path, "../data/%s.csv", sym);
    if (evs_load_prices_csv(ds, path, NULL, NULL, &e) != EVS_OK)
        fail_msg("%s", e.msg);
}

/* The bundled listings: every day 1..121 of each path against the table's
 * horizons, 16 horizons per analysis. */
static void matches_horizons_bundled(void **state)
{
    (void)state;
    evs_error e = {0};
    fx f = {evs_dataset_new(&e), NULL, NULL};
    static const char *const syms[] = {"688795.SS", "688802.SS", "000688.SS",
                                       "6082.HK", "HSI"};
    for (size_t k = 0; k < 5; k++)
        load_file(f.ds, syms[k]);
    f.ipos = evs_ipos_load_csv("../data/ipos.csv", NULL, &e);
    assert_non_null(f.ipos);
    size_t checked = 0;
    for (size_t first = 1; first <= 121; first += 16) {
        size_t hz[16];
        for (size_t k = 0; k < 16; k++)
            hz[k] = first + k;
        f.r = analyze(&f, hz, 16);
        for (size_t i = 0; i < 3; i++) { /* Moore Threads, MetaX, Biren */
            evs_ipo_daily *d = daily(&f, i);
            check_against_horizons(d, evs_ipo_result_get(f.r, i));
            checked += d->n >= first;
            evs_ipo_daily_free(d);
        }
        evs_ipo_result_free(f.r);
    }
    assert_true(checked >= 3 * 7);
    evs_ipos_free(f.ipos);
    evs_dataset_free(f.ds);
}

static void errors(void **state)
{
    fx *f = *state;
    static const struct {
        size_t i;
        evs_status st;
        const char *msg;
    } cases[] = {
        {NNN, EVS_ENODATA, "NNN.SS: no usable offer price"},
        {ZZZ, EVS_ENODATA, "no price data for ZZZ.SS"},
        {LATE, EVS_ENODATA, "the price data of LATE.SS end on 2024-01-02, before "
                            "the listing date 2024-01-05"},
        {NOR, EVS_ENODATA, "NOR.SS: neither the price data nor a benchmark has a "
                           "row on the listing date 2024-01-02"},
        {NLIST, EVS_EINVAL, "ipo: listing 8 does not exist (7 listings)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        evs_ipo_daily *d = (evs_ipo_daily *)&d; /* must be reset to NULL */
        evs_error e = {0};
        assert_int_equal(evs_ipo_daily_new(f->r, cases[k].i, f->ds, &d, &e), cases[k].st);
        assert_null(d);
        assert_msg_has(e, cases[k].msg);
    }
    evs_ipo_daily_free(NULL);
}

static void alloc_failures(void **state)
{
    fx *f = *state;
    int k, saw = 0;
    for (k = 1; k < 100; k++) {
        evs_ipo_daily *d = NULL;
        evs_error e = {0};
        evs__alloc_fail_after((unsigned long)k);
        evs_status st = evs_ipo_daily_new(f->r, AAA, f->ds, &d, &e);
        evs__alloc_fail_after(0);
        if (st == EVS_OK) {
            evs_ipo_daily_free(d);
            break;
        }
        assert_int_equal(st, EVS_ENOMEM);
        assert_msg_has(e, "out of memory");
        assert_null(d);
        saw = 1;
    }
    assert_true(saw && k < 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_path), cmocka_unit_test(adjusted_and_pricing_date),
        cmocka_unit_test(own_calendar), cmocka_unit_test(matches_horizons),
        cmocka_unit_test(matches_horizons_bundled), cmocka_unit_test(errors),
        cmocka_unit_test(alloc_failures)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
