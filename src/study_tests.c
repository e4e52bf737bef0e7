/*
 * study_tests.c - runs the selected tests over every day and CAR window of
 * a study, the tests spread over worker threads.  Each test reads only the
 * shared, read-only test data and writes only its own result slots, so
 * the results are the same bit for bit for any thread count.
 */
#include <stdatomic.h>
#include <string.h>

#include "study_internal.h"

static void not_run(evs_test_result *o, size_t n_ok)
{
    memset(o, 0, sizeof *o);
    o->statistic = o->p_value = o->df = NAN;
    o->status = n_ok ? EVS_TEST_NOT_APPLICABLE : EVS_TEST_TOO_FEW;
}

/* One test over every day and window: in one pass when the test has a
 * batch form (rank tests rank each event once), else day by day. */
static evs_status run_test(evs_study_result *r, const evs_stattest_info *t,
                           const evs_test_window *tw, evs_test_result *day,
                           evs_test_result *win)
{
    size_t L = r->win_len, C = r->n_car, N = r->n_ok;
    if (t->batch != NULL && N > 0) {
        memset(day, 0, L * sizeof *day);
        memset(win, 0, C * sizeof *win);
        return t->batch(&r->tdata, tw, C, day, win);
    }
    for (size_t k = 0; k < L; k++) {
        not_run(&day[k], N);
        if (t->day != NULL && N > 0)
            t->day(&r->tdata, k, &day[k]);
    }
    for (size_t w = 0; w < C; w++) {
        not_run(&win[w], N);
        if (t->window != NULL && N > 0)
            t->window(&r->tdata, &tw[w], &win[w]);
    }
    return EVS_OK;
}

typedef struct test_job {
    evs_study_result *r;
    const evs_test_window *tw;
    size_t order[EVS_MAX_TESTS]; /* tests, costliest first */
    atomic_size_t next;
    atomic_int oom;
} test_job;

/* CPU of a test relative to the t test, measured at 100,000 events
 * (README "The study at a million events").  Only the order in which the
 * workers take tests depends on it: longest first keeps a late GRANK from
 * running alone at the end.  Results do not depend on the order. */
static unsigned cost(const char *name)
{
    static const struct {
        const char *name;
        unsigned cost;
    } known[] = {{"grank", 30}, {"skewness-adjusted-boot", 20},
                 {"corrado-rank", 9}, {"corrado-zivney", 9},
                 {"corrado-sign", 3}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(name, known[i].name) == 0)
            return known[i].cost;
    return 1;
}

/* Stable: equal costs keep the configured order. */
static void plan_order(const evs_study_result *r, size_t *order)
{
    size_t n = 0;
    for (unsigned c = 30; c >= 1; c--)
        for (size_t j = 0; j < r->n_tests; j++)
            if (cost(r->tests[j]->name) == c)
                order[n++] = j;
}

static void *test_worker(void *arg)
{
    test_job *jb = arg;
    evs_study_result *r = jb->r;
    size_t L = r->win_len, C = r->n_car;
    for (;;) {
        size_t k = atomic_fetch_add(&jb->next, 1);
        if (k >= r->n_tests || atomic_load(&jb->oom))
            return NULL;
        size_t j = jb->order[k];
        if (run_test(r, r->tests[j], jb->tw, &r->day_tests[j * L],
                     &r->win_tests[j * C]) != EVS_OK)
            atomic_store(&jb->oom, 1);
    }
}

/* Threads as configured (0: one per online core), never more than tests;
 * the study's 64-thread cap applies. */
static unsigned test_threads(const evs_study_result *r)
{
    unsigned t = evs__threads(r->cfg.threads);
    if (t > r->n_tests)
        t = r->n_tests ? (unsigned)r->n_tests : 1;
    /* Small studies finish before a thread starts. */
    if (r->n_ok < 256)
        t = 1;
    return t;
}

evs_status evs__run_tests(evs_study_result *r, const evs_test_window *tw)
{
    test_job jb = {.r = r, .tw = tw};
    plan_order(r, jb.order);
    atomic_init(&jb.next, 0);
    atomic_init(&jb.oom, 0);
    evs__parallel(test_threads(r), test_worker, &jb);
    return atomic_load(&jb.oom) ? EVS_ENOMEM : EVS_OK;
}
