/* IPO listings: the CSV reader (known fields, every error path), the record
 * checks of evs_ipos_add, the study file's inline "ipos", and robustness
 * of the buffer entry point (truncations, byte flips, failed allocations). */
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"
#include "testutil.h"

static const char good[] =
    "symbol,name,exchange,listing_date,offer_price,currency,shares_offered,"
    "shares_outstanding,benchmark,pricing_date,first_open,first_high,"
    "first_low,first_close\n"
    "688795.SS,Moore Threads,SSE STAR,2025-12-05,114.28,CNY,70000000,"
    "470028217,000688.SS,,,,,\n"
    "6082.HK,\"Biren, Shanghai\",HKEX,20260102,19.60,HKD,,,HSI,2025-12-29,"
    "35.70,42.88,NA,34.46\r\n";

static evs_ipos *load(const char *text, evs_error *e)
{
    memset(e, 0, sizeof *e);
    return evs_ipos_load_buffer(text, strlen(text), "t.csv", NULL, e);
}

static void reads_fields(void **state)
{
    (void)state;
    evs_error e;
    evs_ipos *l = load(good, &e);
    assert_non_null(l);
    assert_int_equal(evs_ipos_count(l), 2);
    const evs_ipo *a = evs_ipos_get(l, 0), *b = evs_ipos_get(l, 1);
    assert_string_equal(a->symbol, "688795.SS");
    assert_string_equal(a->exchange, "SSE STAR");
    assert_int_equal(a->listing_date, 20427); /* 2025-12-05, test_date.c */
    assert_close(a->offer_price, 114.28, 0);
    assert_close(a->shares_offered, 7e7, 0);
    assert_close(a->shares_outstanding, 470028217, 0);
    assert_true(isnan(a->first_open) && isnan(a->first_close));
    assert_false(a->has_pricing_date);
    assert_int_equal(a->line, 2);
    assert_string_equal(b->name, "Biren, Shanghai"); /* quoted comma */
    assert_true(b->has_pricing_date);
    assert_int_equal(b->listing_date - b->pricing_date, 4);
    assert_true(isnan(b->first_low)); /* NA */
    assert_close(b->first_close, 34.46, 0);
    assert_true(isnan(b->shares_offered));
    assert_null(evs_ipos_get(l, 2));
    evs_ipos_free(l);
}

typedef struct warned {
    int n;
    char last[256];
} warned;

static void on_warn(void *ud, const char *msg)
{
    warned *w = ud;
    w->n++;
    snprintf(w->last, sizeof w->last, "%s", msg);
}

static void unknown_column_warns(void **state)
{
    (void)state;
    const char *t = "symbol,listing_date,offer_price,remark\nA.SS,2024-01-02,10,hi\n";
    warned w = {0};
    evs_warner wr = {on_warn, &w};
    evs_error e = {0};
    evs_ipos *l = evs_ipos_load_buffer(t, strlen(t), "t.csv", &wr, &e);
    assert_non_null(l);
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.last, "t.csv:1: ignoring unknown column 'remark'"));
    evs_ipos_free(l);
}

/* Every parse error names the file and line. */
static void parse_errors(void **state)
{
    (void)state;
    const struct {
        const char *text, *needle;
        long line;
    } bad[] = {
        {"", "t.csv:1: empty file", 1},
        {"symbol,offer_price\nA,1\n", "needs a 'listing_date' column", 1},
        {"symbol,listing_date\nA,2024-01-02\n", "needs a 'offer_price' column", 1},
        {"Symbol,symbol,listing_date,offer_price\n", "column 'symbol' given twice", 1},
        {"symbol,listing_date,offer_price\n", "t.csv: no listings", 1},
        {"symbol,listing_date,offer_price\nA,2024-01-02,abc\n",
         "t.csv:2: invalid offer_price 'abc'", 2},
        {"symbol,listing_date,offer_price\nA,2024-01-02,1e999\n",
         "invalid offer_price", 2},
        {"symbol,listing_date,offer_price\nA,2024-02-30,1\n",
         "t.csv:2: invalid listing_date '2024-02-30'", 2},
        {"symbol,listing_date,offer_price\n,2024-01-02,1\n", "t.csv:2: no symbol", 2},
        {"symbol,listing_date,offer_price\nA,,1\n", "no listing_date for A", 2},
        {"symbol,listing_date,offer_price\nA,2024-01-02\n", "2 fields, but the header has 3", 2},
        {"symbol,listing_date,offer_price\nA B,2024-01-02,1\n", "invalid symbol 'A B'", 2},
        {"symbol,listing_date,offer_price,benchmark\nA,2024-01-02,1,X Y\n",
         "invalid benchmark symbol 'X Y'", 2},
        {"symbol,listing_date,offer_price,shares_offered\nA,2024-01-02,1,-5\n",
         "shares_offered must be a positive number", 2},
        {"symbol,listing_date,offer_price,first_close\nA,2024-01-02,1,0\n",
         "first_close must be a positive number", 2},
        {"symbol,listing_date,offer_price,first_high,first_low\nA,2024-01-02,1,5,6\n",
         "first_low 6 is above first_high 5", 2},
        {"symbol,listing_date,offer_price,pricing_date\nA,2024-01-02,1,2024-01-02\n",
         "pricing_date must be before listing_date", 2},
        {"symbol,listing_date,offer_price\nA,2024-01-02,1\nA,2024-02-02,2\n",
         "t.csv:3: A is listed twice (first on line 2)", 3},
        {"symbol,listing_date,offer_price\n\"A,2024-01-02,1\n", "unterminated quoted field", 2},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        evs_error e;
        evs_ipos *l = load(bad[k].text, &e);
        if (l != NULL)
            fail_msg("case %zu accepted", k);
        assert_int_equal(e.code, EVS_EPARSE);
        assert_msg_has(e, bad[k].needle);
        assert_int_equal(e.line, bad[k].line);
    }
}

/* Zero and negative offers are accepted here: the analysis reports them
 * per listing so that the others are still studied. */
static void offer_checked_later(void **state)
{
    (void)state;
    evs_error e;
    evs_ipos *l = load("symbol,listing_date,offer_price\nA,2024-01-02,0\n"
                       "B,2024-01-02,-3\nC,2024-01-02,\n", &e);
    assert_non_null(l);
    assert_int_equal(evs_ipos_count(l), 3);
    assert_true(isnan(evs_ipos_get(l, 2)->offer_price));
    evs_ipos_free(l);
}

static void add_checks(void **state)
{
    (void)state;
    evs_error e = {0};
    evs_ipos *l = evs_ipos_new(&e);
    evs_ipo r;
    evs_ipo_init(&r);
    assert_int_equal(evs_ipos_add(l, &r, &e), EVS_EINVAL); /* no symbol */
    assert_msg_has(e, "invalid symbol ''");
    r.symbol = "X.SS";
    r.offer_price = 5;
    r.listing_date = 100;
    assert_int_equal(evs_ipos_add(l, &r, &e), EVS_OK);
    r.line = 7;
    assert_int_equal(evs_ipos_add(l, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "line 7: X.SS is listed twice");
    evs_ipos_free(l);
    assert_int_equal(evs_ipos_load_csv("/nonexistent/ipos.csv", NULL, &e) == NULL, 1);
    assert_int_equal(e.code, EVS_EIO);
    assert_msg_has(e, "/nonexistent/ipos.csv");
}

/* The buffer entry point survives every truncation and byte flip of a good
 * file (a deterministic fuzz pass): it either loads or fails with a
 * status and a message, never crashes (ASan/UBSan check the rest). */
static void buffer_robust(void **state)
{
    (void)state;
    size_t n = strlen(good);
    char *buf = malloc(n);
    assert_non_null(buf);
    unsigned seed = 12345;
    for (size_t cut = 0; cut <= n; cut++) {
        evs_error e = {0};
        evs_ipos *l = evs_ipos_load_buffer(good, cut, "t", NULL, &e);
        if (l == NULL)
            assert_true(e.code != EVS_OK && e.msg[0] != '\0');
        evs_ipos_free(l);
    }
    for (int round = 0; round < 2000; round++) {
        memcpy(buf, good, n);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            buf[(seed >> 8) % n] = (char)(seed >> 16);
        }
        evs_error e = {0};
        evs_ipos *l = evs_ipos_load_buffer(buf, n, "t", NULL, &e);
        if (l == NULL)
            assert_true(e.code != EVS_OK && e.msg[0] != '\0');
        evs_ipos_free(l);
    }
    free(buf);
    evs_error e = {0};
    evs_ipos *l = evs_ipos_load_buffer(NULL, 0, "t", NULL, &e);
    assert_null(l);
    assert_msg_has(e, "empty file");
}

/* The k-th allocation fails: ENOMEM, nothing leaks (ASan's leak check). */
static void alloc_failures(void **state)
{
    (void)state;
    int saw_oom = 0, k;
    for (k = 1; k < 200; k++) {
        evs_error e = {0};
        evs__alloc_fail_after((unsigned long)k);
        evs_ipos *l = evs_ipos_load_buffer(good, strlen(good), "t", NULL, &e);
        evs__alloc_fail_after(0);
        if (l != NULL) {
            evs_ipos_free(l);
            break;
        }
        assert_int_equal(e.code, EVS_ENOMEM);
        saw_oom = 1;
    }
    assert_true(saw_oom);
    assert_true(k < 200);
}

static const char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/evs-ipo-study-%ld.json", (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void studyfile_inline(void **state)
{
    (void)state;
    evs_studyfile sf;
    evs_error e = {0};
    const char *p = write_tmp(
        "{\"ipos\": [{\"symbol\": \"6082.HK\", \"listing_date\": \"2026-01-02\","
        " \"offer_price\": 19.6, \"first_close\": 34.46, \"first_low\": null,"
        " \"name\": \"Biren\", \"shares_offered\": 1000}],"
        " \"market\": \"HSI\"}");
    assert_int_equal(evs_studyfile_load(p, &sf, &e), EVS_OK);
    assert_non_null(sf.ipo_list);
    assert_null(sf.ipos);
    const evs_ipo *r = evs_ipos_get(sf.ipo_list, 0);
    assert_string_equal(r->symbol, "6082.HK");
    assert_close(r->first_close, 34.46, 0);
    assert_true(isnan(r->first_low));
    assert_close(r->shares_offered, 1000, 0);
    evs_studyfile_clear(&sf);
    p = write_tmp("{\"ipos\": \"sub/ipos.csv\"}");
    assert_int_equal(evs_studyfile_load(p, &sf, &e), EVS_OK);
    assert_string_equal(sf.ipos, "/tmp/sub/ipos.csv"); /* resolved */
    evs_studyfile_clear(&sf);
    const struct {
        const char *text, *needle;
    } bad[] = {
        {"{\"ipos\": []}", "non-empty array"},
        {"{\"ipos\": 3}", "non-empty array"},
        {"{\"ipos\": [3]}", "ipos[0] must be an object"},
        {"{\"ipos\": [{\"symbol\": \"A\", \"listing_date\": \"2024-01-02\", \"offerprice\": 1}]}",
         "ipos[0]: unknown key \"offerprice\""},
        {"{\"ipos\": [{\"symbol\": \"A\", \"listing_date\": \"2024-01-02\", \"offer_price\": \"1\"}]}",
         "\"offer_price\" must be a number"},
        {"{\"ipos\": [{\"symbol\": 5, \"listing_date\": \"2024-01-02\"}]}",
         "\"symbol\" must be a string"},
        {"{\"ipos\": [{\"symbol\": \"A\", \"listing_date\": \"2024-13-02\"}]}",
         "invalid listing_date '2024-13-02'"},
        {"{\"ipos\": [{\"symbol\": \"A\"}]}", "\"listing_date\" are required"},
        {"{\"ipos\": [{\"symbol\": \"A\", \"listing_date\": \"2024-01-02\"},"
         " {\"symbol\": \"A\", \"listing_date\": \"2024-01-03\"}]}",
         "ipos[1]: A is listed twice"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        p = write_tmp(bad[k].text);
        memset(&e, 0, sizeof e);
        if (evs_studyfile_load(p, &sf, &e) == EVS_OK)
            fail_msg("case %zu accepted", k);
        assert_int_equal(e.code, EVS_EPARSE);
        assert_msg_has(e, bad[k].needle);
    }
    remove(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_fields), cmocka_unit_test(unknown_column_warns),
        cmocka_unit_test(parse_errors), cmocka_unit_test(offer_checked_later),
        cmocka_unit_test(add_checks), cmocka_unit_test(buffer_robust),
        cmocka_unit_test(alloc_failures), cmocka_unit_test(studyfile_inline)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
