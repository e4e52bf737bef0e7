/* Price, return and event CSV loading: the variants sites emit, and every
 * malformed input with its status, line and message. */
#include "testutil.h"

typedef struct warns {
    int n;
    char last[EVS_ERRMSG_MAX];
} warns;

static void on_warn(void *ud, const char *msg)
{
    warns *w = ud;
    w->n++;
    snprintf(w->last, sizeof w->last, "%s", msg);
}

static evs_status load(evs_dataset *ds, const char *csv, const char *sym,
                       warns *w, evs_error *err)
{
    evs_warner wr = {on_warn, w};
    return evs_load_prices_buffer(ds, csv, strlen(csv), "t.csv", sym, &wr, err);
}

static void variants(void **state)
{
    (void)state;
    /* BOM, quoted header, CRLF, descending order, "Adj Close", NA/null/.,
     * extra column, no final newline. */
    const char *csv = "\xEF\xBB\xBF\"Date\",Open,Close,\"Adj Close\",Volume,Extra\r\n"
                      "2024-01-04,1,10.5,10.4,100,x\r\n"
                      "2024-01-03,1,NA,null,.,y\r\n"
                      "20240102,\"1\",10,9.9,,z";
    evs_dataset *ds = evs_dataset_new(NULL);
    warns w = {0};
    evs_error err = {0};
    assert_int_equal(load(ds, csv, "ABC", &w, &err), EVS_OK);
    const evs_series *s = evs_dataset_find(ds, "ABC");
    assert_non_null(s);
    assert_int_equal(evs_series_len(s), 3);
    const evs_date *d = evs_series_dates(s);
    assert_true(d[0] < d[1] && d[1] < d[2]);
    assert_int_equal(evs_series_basis_field(s), EVS_FIELD_ADJ_CLOSE);
    const double *adj = evs_series_basis(s);
    assert_close(adj[0], 9.9, 0);
    assert_true(isnan(adj[1]));
    assert_close(adj[2], 10.4, 0);
    assert_null(evs_series_field(s, EVS_FIELD_HIGH));
    assert_true(isnan(evs_series_field(s, EVS_FIELD_VOLUME)[0]));
    assert_int_equal(w.n, 0);
    evs_dataset_free(ds);
}

static void close_when_adj_empty(void **state)
{
    (void)state;
    const char *csv = "date,close,adj_close\n2024-01-02,10,\n2024-01-03,11,\n";
    evs_dataset *ds = evs_dataset_new(NULL);
    assert_int_equal(load(ds, csv, "X", NULL, NULL), EVS_OK);
    const evs_series *s = evs_dataset_find(ds, "X");
    assert_int_equal(evs_series_basis_field(s), EVS_FIELD_CLOSE);
    evs_dataset_free(ds);
}

static void long_file_and_duplicates(void **state)
{
    (void)state;
    const char *csv = "symbol,date,close\nA,2024-01-02,1\nB,2024-01-02,2\n"
                      "A,2024-01-03,1.5\nA,2024-01-03,1.5\nB,2024-01-03,2.5\n";
    evs_dataset *ds = evs_dataset_new(NULL);
    warns w = {0};
    assert_int_equal(load(ds, csv, NULL, &w, NULL), EVS_OK);
    assert_int_equal(evs_dataset_count(ds), 2);
    assert_int_equal(evs_series_len(evs_dataset_find(ds, "A")), 2);
    assert_int_equal(w.n, 1); /* the exact duplicate */
    assert_non_null(strstr(w.last, "t.csv:5: A: duplicate row for 2024-01-03"));
    /* The same symbol from a second input is an error; ds stays as it was. */
    evs_error err = {0};
    assert_int_equal(load(ds, "date,close\n2024-01-02,3\n", "A", NULL, &err), EVS_EPARSE);
    assert_msg_has(err, "symbol A is already loaded");
    assert_int_equal(evs_dataset_count(ds), 2);
    evs_dataset_free(ds);
}

typedef struct bad_case {
    const char *csv;
    long line;
    const char *msg;
} bad_case;

static void malformed(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        {"", 1, "empty file"},
        {"close,volume\n1,2\n", 1, "no 'date' column"},
        {"date,volume\n2024-01-02,2\n", 1, "no 'close' or 'adj_close' column"},
        {"date,close\n", 1, "no data rows"},
        {"date,close\n2024-13-01,1\n", 2, "invalid date '2024-13-01' in column date"},
        {"date,close\n2024-01-02,abc\n", 2, "invalid number 'abc' in column close"},
        {"date,close\n2024-01-02,1e999\n", 2, "number out of range '1e999'"},
        {"date,close\n2024-01-02,0\n", 2, "non-positive price '0' in column close"},
        {"date,close\n2024-01-02,-3\n", 2, "non-positive price '-3'"},
        {"date,close,volume\n2024-01-02,1,-5\n", 2, "negative volume"},
        {"date,close\n2024-01-02,1\n2024-01-03\n", 3, "1 fields, but the header has 2"},
        {"date,close\n2024-01-02,1\n2024-01-03,2\n2024-01-02,1.5\n", 4,
         "date 2024-01-02 given twice with different values (lines 2 and 4)"},
        {"date,close\n\"2024-01-02,1\n", 2, "unterminated quoted field"},
        {"date,date,close\n2024-01-02,2024-01-02,1\n", 1, "column 'date' given twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        evs_dataset *ds = evs_dataset_new(NULL);
        evs_error err = {0};
        evs_status st = load(ds, cases[i].csv, "X", NULL, &err);
        if (st != EVS_EPARSE)
            fail_msg("case %zu: status %d, want EPARSE", i, (int)st);
        if (err.line != cases[i].line)
            fail_msg("case %zu: line %ld, want %ld (%s)", i, err.line, cases[i].line, err.msg);
        assert_msg_has(err, cases[i].msg);
        assert_msg_has(err, "t.csv");
        assert_int_equal(evs_dataset_count(ds), 0);
        evs_dataset_free(ds);
    }
}

static void returns_file(void **state)
{
    (void)state;
    const char *csv = "date,symbol,ret\n2024-01-03,A,0.01\n2024-01-02,A,\n2024-01-02,B,-0.5\n";
    evs_dataset *ds = evs_dataset_new(NULL);
    evs_error err = {0};
    assert_int_equal(evs_load_returns_buffer(ds, csv, strlen(csv), "r.csv", NULL, &err), EVS_OK);
    const evs_series *a = evs_dataset_find(ds, "A");
    assert_int_equal(evs_series_kind_of(a), EVS_SERIES_RETURNS);
    assert_true(isnan(evs_series_basis(a)[0]));
    assert_close(evs_series_basis(a)[1], 0.01, 0);
    const char *bad = "date,symbol,ret\n2024-01-02,A,-1.0\n";
    assert_int_equal(evs_load_returns_buffer(ds, bad, strlen(bad), "r.csv", NULL, &err), EVS_EPARSE);
    assert_msg_has(err, "r.csv:2: return of -100% or less");
    const char *nosym = "date,ret\n2024-01-02,0.1\n";
    assert_int_equal(evs_load_returns_buffer(ds, nosym, strlen(nosym), "r.csv", NULL, &err), EVS_EPARSE);
    assert_msg_has(err, "no 'symbol' column");
    evs_dataset_free(ds);
}

static void events(void **state)
{
    (void)state;
    const char *csv = "Symbol,Date,Label,market,sector\nAAA,2024-03-01,\"a, b\",MKT,tech\nBBB,20240302,,,\n";
    evs_error err = {0};
    evs_events *ev = evs_events_load_buffer(csv, strlen(csv), "e.csv", &err);
    assert_non_null(ev);
    assert_int_equal(evs_events_count(ev), 2);
    const evs_event *e = evs_events_get(ev, 0);
    assert_string_equal(e->symbol, "AAA");
    assert_string_equal(e->label, "a, b");
    assert_string_equal(e->market, "MKT");
    assert_int_equal(e->line, 2);
    assert_null(evs_events_get(ev, 1)->market);
    assert_int_equal(evs_events_extra_count(ev), 1);
    assert_string_equal(evs_events_extra_name(ev, 0), "sector");
    assert_string_equal(evs_events_extra_value(ev, 0, 0), "tech");
    evs_events_free(ev);
    const char *bads[][2] = {{"symbol\nA\n", "needs 'symbol' and 'date'"},
                             {"symbol,date\nA,2024-02-30\n", "e.csv:2: invalid date '2024-02-30'"},
                             {"symbol,date\n,2024-02-01\n", "e.csv:2: invalid symbol ''"},
                             {"symbol,date\n", "no events"},
                             {"symbol,date\nA,2024-02-01,x\n", "3 fields, but the header has 2"}};
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        assert_null(evs_events_load_buffer(bads[i][0], strlen(bads[i][0]), "e.csv", &err));
        assert_int_equal(err.code, EVS_EPARSE);
        assert_msg_has(err, bads[i][1]);
    }
}

static void calendar_returns(void **state)
{
    (void)state;
    /* Market has a row with a missing value on 01-04: still a trading day. */
    const char *mk = "date,close\n2024-01-02,100\n2024-01-03,101\n2024-01-04,\n2024-01-05,103\n2024-01-08,104\n";
    const char *sec = "date,close\n2024-01-02,10\n2024-01-03,11\n2024-01-05,12\n2024-01-06,99\n2024-01-08,12\n";
    evs_dataset *ds = evs_dataset_new(NULL);
    assert_int_equal(load(ds, mk, "M", NULL, NULL), EVS_OK);
    assert_int_equal(load(ds, sec, "S", NULL, NULL), EVS_OK);
    evs_calendar *cal = evs_calendar_new(evs_dataset_find(ds, "M"), NULL);
    assert_int_equal(evs_calendar_len(cal), 5);
    double r[5];
    size_t off = 0;
    assert_int_equal(evs_calendar_returns(cal, evs_dataset_find(ds, "S"), EVS_RET_SIMPLE, r, &off, NULL), EVS_OK);
    assert_true(isnan(r[0]));
    assert_close(r[1], 0.1, 1e-15);
    assert_true(isnan(r[2])); /* no price on 01-04: missing, never zero */
    assert_true(isnan(r[3])); /* previous day missing */
    assert_close(r[4], 0.0, 0);
    assert_int_equal(off, 1); /* the Saturday row */
    assert_int_equal(evs_calendar_returns(cal, evs_dataset_find(ds, "M"), EVS_RET_LOG, r, NULL, NULL), EVS_OK);
    assert_close(r[1], log(1.01), 1e-15);
    assert_true(isnan(r[2]) && isnan(r[3]));
    size_t idx;
    evs_date sat, d;
    evs_date_parse("2024-01-06", 10, &sat);
    assert_true(evs_calendar_locate(cal, sat, EVS_ROLL_NEXT, &idx));
    assert_int_equal(idx, 4);
    assert_true(evs_calendar_locate(cal, sat, EVS_ROLL_PREV, &idx));
    assert_int_equal(idx, 3);
    assert_false(evs_calendar_locate(cal, sat, EVS_ROLL_EXACT, &idx));
    evs_date_parse("2024-01-04", 10, &d);
    assert_true(evs_calendar_locate(cal, d, EVS_ROLL_EXACT, &idx));
    assert_int_equal(idx, 2);
    evs_date_parse("2023-12-29", 10, &d);
    assert_false(evs_calendar_locate(cal, d, EVS_ROLL_NEXT, &idx));
    evs_calendar_free(cal);
    evs_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(variants),       cmocka_unit_test(close_when_adj_empty),
        cmocka_unit_test(long_file_and_duplicates), cmocka_unit_test(malformed),
        cmocka_unit_test(returns_file),   cmocka_unit_test(events),
        cmocka_unit_test(calendar_returns)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
