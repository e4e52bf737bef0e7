/* Factor files: the Kenneth French daily layout (percent, preamble, footer,
 * missing-value codes), named decimal columns, every parse error, and
 * alignment on a calendar.  Values are the literal cells divided by 100
 * (French) or as written (decimal). */
#include "testutil.h"

static const char french[] =
    "This file was created by CMPT_ME_BEME_RETS_DAILY using the 202401 CRSP "
    "database.\n"
    "The 1-month TBill return is from Ibbotson and Associates, Inc.\n"
    "\n"
    ",Mkt-RF,SMB,HML,RF\n"
    "19260701,    0.10,   -0.24,   -0.28,   0.009\n"
    "19260702,    0.45,   -0.32,  -99.99,   0.009\n"
    "19260706,    0.17,    0.27,   -0.35,   0.009\n"
    "\n"
    "Copyright 2024 Kenneth R. French\n";

static void french_layout(void **state)
{
    (void)state;
    evs_error e = {0};
    evs_factors *f = evs_factors_load_buffer(french, sizeof french - 1, "ff.csv",
                                             EVS_FACTOR_UNITS_AUTO, &e);
    assert_non_null(f);
    assert_int_equal(evs_factors_units(f), EVS_FACTOR_UNITS_PERCENT);
    assert_int_equal(evs_factors_rows(f), 3);
    assert_int_equal(evs_factors_columns(f), 4);
    assert_string_equal(evs_factors_name(f, 0), "Mkt-RF");
    assert_int_equal(evs_factors_find(f, "mkt-rf"), 0);
    assert_int_equal(evs_factors_find(f, "RF"), 3);
    assert_int_equal(evs_factors_find(f, "Mom"), -1);
    const double *smb = evs_factors_values(f, 1), *hml = evs_factors_values(f, 2);
    assert_close(smb[0], -0.0024, 1e-15);
    assert_close(smb[2], 0.0027, 1e-15);
    assert_true(isnan(hml[1])); /* -99.99: the library's missing code */
    assert_close(evs_factors_values(f, 3)[0], 0.00009, 1e-15);
    evs_date d;
    evs_date_parse("1926-07-06", 10, &d);
    assert_int_equal(evs_factors_dates(f)[2], d);
    evs_factors_free(f);
}

/* Named decimal columns, ISO dates in any order, UMD as momentum. */
static void decimal_layout(void **state)
{
    (void)state;
    const char txt[] = "date,UMD,Liquidity\n"
                       "2024-01-03,0.002,NA\n"
                       "2024-01-02,-0.001,0.0005\n";
    evs_error e = {0};
    evs_factors *f = evs_factors_load_buffer(txt, sizeof txt - 1, "d.csv",
                                             EVS_FACTOR_UNITS_AUTO, &e);
    assert_non_null(f);
    assert_int_equal(evs_factors_units(f), EVS_FACTOR_UNITS_DECIMAL);
    assert_int_equal(evs_factors_find(f, "Mom"), 0);
    assert_int_equal(evs_factors_find(f, "liquidity"), 1);
    assert_close(evs_factors_values(f, 0)[0], -0.001, 1e-15); /* sorted */
    assert_true(isnan(evs_factors_values(f, 1)[1]));
    /* Aligned on a calendar with a day the file lacks. */
    evs_date cal_d[3];
    evs_date_parse("2024-01-02", 10, &cal_d[0]);
    evs_date_parse("2024-01-03", 10, &cal_d[1]);
    evs_date_parse("2024-01-04", 10, &cal_d[2]);
    evs_calendar *cal = evs_calendar_new_dates(cal_d, 3, &e);
    double out[3];
    assert_int_equal(evs_factors_align(f, 0, cal, out), 1);
    assert_close(out[0], -0.001, 1e-15);
    assert_close(out[1], 0.002, 1e-15);
    assert_true(isnan(out[2]));
    evs_calendar_free(cal);
    evs_factors_free(f);
    /* Forced percent on an ISO file. */
    f = evs_factors_load_buffer(txt, sizeof txt - 1, "d.csv",
                                EVS_FACTOR_UNITS_PERCENT, &e);
    assert_close(evs_factors_values(f, 0)[0], -0.00001, 1e-15);
    evs_factors_free(f);
}

static void expect_error(const char *txt, evs_status code, const char *msg)
{
    evs_error e = {0};
    evs_factors *f = evs_factors_load_buffer(txt, strlen(txt), "bad.csv",
                                             EVS_FACTOR_UNITS_AUTO, &e);
    assert_null(f);
    assert_int_equal(e.code, code);
    assert_msg_has(e, msg);
}

static void errors(void **state)
{
    (void)state;
    expect_error("just a note\n", EVS_EPARSE, "bad.csv: no header line");
    expect_error("date,SMB\n", EVS_ENODATA, "bad.csv:1: no data rows");
    expect_error("date,SMB\n2024-13-01,0.1\n", EVS_EPARSE,
                 "bad.csv:2: invalid date '2024-13-01'");
    expect_error("date,SMB\n20240102,abc\n", EVS_EPARSE,
                 "bad.csv:2: invalid number 'abc'");
    expect_error("date,SMB,HML\n20240102,0.1\n", EVS_EPARSE,
                 "bad.csv:2: 2 cells, the header has 3");
    expect_error("date,SMB\n20240102,0.1\n20240102,0.2\n", EVS_EPARSE,
                 "date 2024-01-02 given twice");
    expect_error("date,SMB,smb\n20240102,0.1,0.2\n", EVS_EPARSE,
                 "column 'SMB' given twice");
    evs_error e = {0};
    assert_null(evs_factors_load_csv("/nonexistent/ff.csv",
                                     EVS_FACTOR_UNITS_AUTO, &e));
    assert_int_equal(e.code, EVS_EIO);
    assert_msg_has(e, "/nonexistent/ff.csv: cannot open");
    evs_factors_free(NULL);
}

/* A footer ends the data; a footer-like line before any data is an error
 * only if it looks like a date. */
static void footer_rules(void **state)
{
    (void)state;
    const char txt[] = ",SMB\n20240102,0.1\n Annual Factors: January-December\n"
                       ",SMB\n1927,5.0\n";
    evs_error e = {0};
    evs_factors *f = evs_factors_load_buffer(txt, sizeof txt - 1, "a.csv",
                                             EVS_FACTOR_UNITS_AUTO, &e);
    assert_non_null(f);
    assert_int_equal(evs_factors_rows(f), 1);
    evs_factors_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(french_layout), cmocka_unit_test(decimal_layout),
        cmocka_unit_test(errors), cmocka_unit_test(footer_rules)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
