/* The SQLite price cache: creation, coverage arithmetic (gaps worked by
 * hand below), rows in and out, replace, list/fetches/clear, two handles
 * on one file, and a write that fails half-way rolled back whole. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/evs-cache-test.XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(path, sizeof path, "%s/a/b/prices.sqlite", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static evs_date ymd(int y, int m, int d)
{
    evs_date out;
    assert_true(evs_date_from_ymd(y, m, d, &out));
    return out;
}

static evs_cache *open_new(void)
{
    evs_error e = {0};
    evs_cache *c = evs_cache_open(path, EVS_CACHE_CREATE, &e);
    if (c == NULL)
        fail_msg("%s", e.msg);
    return c;
}

/* A series with one row per day of [first, last], close = 100 + day. */
static evs_series *days(evs_date first, evs_date last)
{
    evs_error e = {0};
    unsigned all = 0;
    for (int f = EVS_FIELD_OPEN; f <= EVS_FIELD_VOLUME; f++)
        all |= 1u << f;
    evs_series *s = evs_series_new("X.SS", EVS_SERIES_PRICES, all, &e);
    for (evs_date d = first; d <= last; d++) {
        double v[EVS_FIELD_COUNT] = {NAN, NAN, NAN, 100.0 + (d - first), NAN, 1000, NAN};
        assert_int_equal(evs_series_push(s, d, v, 0, &e), EVS_OK);
    }
    assert_int_equal(evs_series_finish(s, "t", NULL, &e), EVS_OK);
    return s;
}

static const evs_cache_key KEY = {EVS_SOURCE_EASTMONEY, "X.SS", EVS_ADJUST_BACKWARD};

/* Stores a day per date of r; returns how many rows the series gained. */
static size_t store(evs_cache *c, evs_range r, int64_t at, int replace)
{
    evs_series *s = days(r.first, r.last);
    evs_cache_fetch f = {r, "http://h/u", at, evs_series_len(s)};
    evs_error e = {0};
    size_t added = 99;
    assert_int_equal(evs_cache_store(c, &KEY, s, &f, 1, replace, &added, &e), EVS_OK);
    evs_series_free(s);
    return added;
}

static void open_create_and_refuse(void **state)
{
    (void)state;
    evs_error e = {0};
    assert_null(evs_cache_open(path, 0, &e));
    assert_int_equal(e.code, EVS_EIO);
    assert_msg_has(e, "no cache at");
    evs_cache *c = open_new();
    evs_cache_close(c);
    char parent[160];
    snprintf(parent, sizeof parent, "%s/a/b", dir);
    struct stat st;
    assert_int_equal(stat(parent, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    c = evs_cache_open(path, 0, &e); /* exists now */
    assert_non_null(c);
    assert_string_equal(evs_cache_path(c), path);
    evs_cache_close(c);
    char junk[160];
    snprintf(junk, sizeof junk, "%s/junk.sqlite", dir);
    FILE *f = fopen(junk, "w");
    fputs("date,close\n2025-01-02,1\n", f);
    fclose(f);
    assert_null(evs_cache_open(junk, 0, &e));
    assert_msg_has(e, "not an evstudy cache: file is not a database");
}

static void schema_version_checked(void **state)
{
    (void)state;
    evs_cache_close(open_new());
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = '2' WHERE key = 'schema'",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    evs_error e = {0};
    assert_null(evs_cache_open(path, 0, &e));
    assert_msg_has(e, "cache schema '2', this evstudy reads schema 1");
}

static void default_path(void **state)
{
    (void)state;
    char b[256];
    evs_error e = {0};
    setenv("XDG_CACHE_HOME", "/x/cache", 1);
    assert_int_equal(evs_cache_default_path(b, sizeof b, &e), EVS_OK);
    assert_string_equal(b, "/x/cache/evstudy/prices.sqlite");
    /* The XDG spec: a relative value is ignored. */
    setenv("XDG_CACHE_HOME", "rel", 1);
    setenv("HOME", "/home/u", 1);
    assert_int_equal(evs_cache_default_path(b, sizeof b, &e), EVS_OK);
    assert_string_equal(b, "/home/u/.cache/evstudy/prices.sqlite");
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    assert_int_equal(evs_cache_default_path(b, sizeof b, &e), EVS_EINVAL);
    assert_msg_has(e, "give --cache FILE");
    setenv("HOME", "/home/u", 1);
    assert_int_equal(evs_cache_default_path(b, 10, &e), EVS_EINVAL);
}

static size_t gaps(evs_cache *c, evs_range want, int final_only, evs_range *g, size_t max)
{
    size_t n = 99;
    evs_error e = {0};
    assert_int_equal(evs_cache_missing(c, &KEY, want, final_only, g, max, &n, &e), EVS_OK);
    return n;
}

/* Fetched: January and March 2026 (fetched long after).  Wanted:
 * 2025-12-15..2026-04-10.  Missing, by hand: 12-15..12-31, 02-01..02-28,
 * 04-01..04-10; with room for two gaps the second runs to the end. */
static void coverage_gaps(void **state)
{
    (void)state;
    evs_cache *c = open_new();
    evs_range g[4];
    evs_range want = {ymd(2025, 12, 15), ymd(2026, 4, 10)};
    assert_int_equal(gaps(c, want, 1, g, 4), 1);
    assert_int_equal(g[0].first, want.first);
    assert_int_equal(g[0].last, want.last);
    int64_t later = 1800000000; /* 2027-01-15 */
    store(c, (evs_range){ymd(2026, 1, 1), ymd(2026, 1, 31)}, later, 0);
    store(c, (evs_range){ymd(2026, 3, 1), ymd(2026, 3, 31)}, later, 0);
    assert_int_equal(gaps(c, want, 1, g, 4), 3);
    assert_int_equal(g[0].first, ymd(2025, 12, 15));
    assert_int_equal(g[0].last, ymd(2025, 12, 31));
    assert_int_equal(g[1].first, ymd(2026, 2, 1));
    assert_int_equal(g[1].last, ymd(2026, 2, 28));
    assert_int_equal(g[2].first, ymd(2026, 4, 1));
    assert_int_equal(g[2].last, ymd(2026, 4, 10));
    assert_int_equal(gaps(c, want, 1, g, 2), 2);
    assert_int_equal(g[1].first, ymd(2026, 2, 1));
    assert_int_equal(g[1].last, ymd(2026, 4, 10));
    assert_int_equal(gaps(c, (evs_range){ymd(2026, 1, 5), ymd(2026, 1, 20)}, 1, g, 4), 0);
    /* Overlapping fetches count once; only February's 28 rows are new. */
    assert_int_equal(store(c, (evs_range){ymd(2026, 1, 20), ymd(2026, 3, 5)}, later, 0), 28);
    assert_int_equal(gaps(c, (evs_range){ymd(2026, 1, 1), ymd(2026, 3, 31)}, 1, g, 4), 0);
    evs_cache_close(c);
}

/* A fetch at 2026-03-31T12:00Z (1774958400) reaching 03-31: its days from
 * 03-30 (the UTC day before) on may be provisional. */
static void provisional_days(void **state)
{
    (void)state;
    evs_cache *c = open_new();
    store(c, (evs_range){ymd(2026, 3, 1), ymd(2026, 3, 31)}, 1774958400, 0);
    evs_range g[2], want = {ymd(2026, 3, 1), ymd(2026, 3, 31)};
    assert_int_equal(gaps(c, want, 0, g, 2), 0);
    assert_int_equal(gaps(c, want, 1, g, 2), 1);
    assert_int_equal(g[0].first, ymd(2026, 3, 30));
    assert_int_equal(g[0].last, ymd(2026, 3, 31));
    evs_cache_close(c);
}

static void rows_in_and_out(void **state)
{
    (void)state;
    evs_cache *c = open_new();
    evs_error e = {0};
    /* Rows outside the fetch ranges are not written. */
    evs_series *s = days(ymd(2026, 1, 1), ymd(2026, 1, 10));
    evs_cache_fetch f[2] = {{{ymd(2026, 1, 2), ymd(2026, 1, 3)}, "u1", 1, 2},
                            {{ymd(2026, 1, 8), ymd(2026, 1, 9)}, "u2", 1, 2}};
    size_t w = 0;
    assert_int_equal(evs_cache_store(c, &KEY, s, f, 2, 0, &w, &e), EVS_OK);
    assert_int_equal(w, 4);
    evs_series_free(s);
    evs_series *back = evs_cache_load(c, &KEY, (evs_range){ymd(2026, 1, 1), ymd(2026, 1, 31)},
                                      "x.ss", &e);
    assert_non_null(back);
    assert_string_equal(evs_series_symbol(back), "x.ss");
    assert_int_equal(evs_series_len(back), 4);
    assert_int_equal(evs_series_dates(back)[2], ymd(2026, 1, 8));
    assert_true(evs_series_field(back, EVS_FIELD_CLOSE)[2] == 107);
    assert_true(isnan(evs_series_field(back, EVS_FIELD_OPEN)[2]));
    assert_true(evs_series_field(back, EVS_FIELD_VOLUME)[2] == 1000);
    evs_series_free(back);
    /* Another adjustment is another series. */
    evs_cache_key other = KEY;
    other.adjust = EVS_ADJUST_NONE;
    back = evs_cache_load(c, &other, (evs_range){EVS_DATE_MIN, EVS_DATE_MAX}, "x", &e);
    assert_int_equal(evs_series_len(back), 0);
    evs_series_free(back);
    /* replace: the old rows and fetch records go (4 rows out, 2 in). */
    assert_int_equal(store(c, (evs_range){ymd(2026, 2, 1), ymd(2026, 2, 2)}, 5, 1), 0);
    assert_int_equal(store(c, (evs_range){ymd(2026, 2, 1), ymd(2026, 2, 2)}, 6, 0), 0);
    back = evs_cache_load(c, &KEY, (evs_range){EVS_DATE_MIN, EVS_DATE_MAX}, "x", &e);
    assert_int_equal(evs_series_len(back), 2);
    evs_series_free(back);
    evs_range g[2];
    assert_int_equal(gaps(c, (evs_range){ymd(2026, 1, 2), ymd(2026, 1, 3)}, 0, g, 2), 1);
    evs_cache_close(c);
}

static int count_entry(void *ud, const evs_cache_entry *e)
{
    size_t *n = ud;
    if (*n == 0) {
        assert_string_equal(e->symbol, "A.SS");
        assert_int_equal(e->rows, 3);
        assert_int_equal(e->fetches, 1);
        assert_int_equal(e->last_fetch, 77);
        assert_int_equal(e->source, EVS_SOURCE_YAHOO);
        assert_int_equal(e->adjust, EVS_ADJUST_FORWARD);
    }
    (*n)++;
    return 0;
}

static int count_fetch(void *ud, const evs_cache_fetch_rec *f)
{
    size_t *n = ud;
    assert_string_equal(f->url, "http://h/a");
    assert_int_equal(f->rows, 3);
    (*n)++;
    return 0;
}

static void list_show_clear(void **state)
{
    (void)state;
    evs_cache *c = open_new();
    evs_error e = {0};
    store(c, (evs_range){ymd(2026, 1, 1), ymd(2026, 1, 2)}, 5, 0);
    evs_cache_key a = {EVS_SOURCE_YAHOO, "A.SS", EVS_ADJUST_FORWARD};
    evs_series *s = days(ymd(2026, 1, 1), ymd(2026, 1, 3));
    evs_cache_fetch f = {{ymd(2026, 1, 1), ymd(2026, 1, 3)}, "http://h/a", 77, 3};
    assert_int_equal(evs_cache_store(c, &a, s, &f, 1, 0, NULL, &e), EVS_OK);
    evs_series_free(s);
    size_t n = 0;
    assert_int_equal(evs_cache_list(c, NULL, count_entry, &n, &e), EVS_OK);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(evs_cache_fetches(c, &a, count_fetch, &n, &e), EVS_OK);
    assert_int_equal(n, 1);
    size_t ns = 0, nr = 0;
    assert_int_equal(evs_cache_clear(c, "A.SS", &ns, &nr, &e), EVS_OK);
    assert_int_equal(ns, 1);
    assert_int_equal(nr, 3);
    assert_int_equal(evs_cache_clear(c, NULL, &ns, &nr, &e), EVS_OK);
    assert_int_equal(ns, 1);
    assert_int_equal(nr, 2);
    n = 0;
    assert_int_equal(evs_cache_list(c, NULL, count_entry, &n, &e), EVS_OK);
    assert_int_equal(n, 0);
    evs_cache_close(c);
}

/* WAL: what one handle commits, another open handle reads. */
static void two_handles(void **state)
{
    (void)state;
    evs_cache *a = open_new(), *b = open_new();
    store(a, (evs_range){ymd(2026, 1, 1), ymd(2026, 1, 5)}, 5, 0);
    evs_error e = {0};
    evs_series *s = evs_cache_load(b, &KEY, (evs_range){EVS_DATE_MIN, EVS_DATE_MAX}, "x", &e);
    assert_int_equal(evs_series_len(s), 5);
    evs_series_free(s);
    evs_cache_close(a);
    evs_cache_close(b);
}

/* A trigger makes recording the fetch fail after the rows were inserted
 * in the same transaction: nothing of the write may remain. */
static void failed_write_rolls_back(void **state)
{
    (void)state;
    evs_cache *c = open_new();
    store(c, (evs_range){ymd(2026, 1, 1), ymd(2026, 1, 5)}, 5, 0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TRIGGER boom BEFORE INSERT ON fetches "
                                      "BEGIN SELECT RAISE(ABORT, 'boom'); END", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    evs_series *s = days(ymd(2026, 2, 1), ymd(2026, 2, 10));
    evs_cache_fetch f = {{ymd(2026, 2, 1), ymd(2026, 2, 10)}, "u", 9, 10};
    evs_error e = {0};
    assert_int_equal(evs_cache_store(c, &KEY, s, &f, 1, 1, NULL, &e), EVS_EIO);
    assert_msg_has(e, "cannot record the fetch: boom");
    evs_series_free(s);
    s = evs_cache_load(c, &KEY, (evs_range){EVS_DATE_MIN, EVS_DATE_MAX}, "x", &e);
    assert_int_equal(evs_series_len(s), 5); /* the replace was undone too */
    assert_int_equal(evs_series_dates(s)[0], ymd(2026, 1, 1));
    evs_series_free(s);
    evs_cache_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(open_create_and_refuse, setup, teardown),
        cmocka_unit_test_setup_teardown(schema_version_checked, setup, teardown),
        cmocka_unit_test(default_path),
        cmocka_unit_test_setup_teardown(coverage_gaps, setup, teardown),
        cmocka_unit_test_setup_teardown(provisional_days, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_in_and_out, setup, teardown),
        cmocka_unit_test_setup_teardown(list_show_clear, setup, teardown),
        cmocka_unit_test_setup_teardown(two_handles, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_write_rolls_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
