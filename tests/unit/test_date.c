/* Dates: civil conversion against known day counts, strict parsing. */
#include "testutil.h"

static void known_days(void **state)
{
    (void)state;
    evs_date d;
    /* Day counts from `date -u -d YYYY-MM-DD +%s` / 86400. */
    assert_true(evs_date_from_ymd(1970, 1, 1, &d));
    assert_int_equal(d, 0);
    assert_true(evs_date_from_ymd(2000, 3, 1, &d));
    assert_int_equal(d, 11017);
    assert_true(evs_date_from_ymd(2025, 12, 5, &d));
    assert_int_equal(d, 20427);
    assert_true(evs_date_from_ymd(1969, 12, 31, &d));
    assert_int_equal(d, -1);
    assert_int_equal(evs_date_weekday(20427), 5); /* a Friday */
}

static void round_trip(void **state)
{
    (void)state;
    char b[EVS_DATE_BUFSZ];
    for (evs_date d = -200000; d < 200000; d += 37) {
        int y, m, dd;
        evs_date back;
        evs_date_to_ymd(d, &y, &m, &dd);
        assert_true(evs_date_from_ymd(y, m, dd, &back));
        assert_int_equal(back, d);
        evs_date_format(d, b);
        assert_true(evs_date_parse(b, strlen(b), &back));
        assert_int_equal(back, d);
    }
}

static void strict_parse(void **state)
{
    (void)state;
    evs_date d;
    assert_true(evs_date_parse("20251205", 8, &d));
    assert_int_equal(d, 20427);
    assert_true(evs_date_parse("2024-02-29", 10, &d));
    const char *bad[] = {"2023-02-29", "2023-13-01", "2023-00-10", "2023-1-01",
                         " 2023-01-01", "2023/01/01", "2023-01-32", "", "abcd-ef-gh",
                         "2023-01-01T00", "0999-12-31"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(evs_date_parse(bad[i], strlen(bad[i]), &d));
}

static void windows(void **state)
{
    (void)state;
    evs_window w;
    assert_true(evs_window_parse("-250:-11", &w));
    assert_int_equal(w.first, -250);
    assert_int_equal(w.last, -11);
    assert_int_equal(evs_window_len(w), 240);
    assert_true(evs_window_parse("0:0", &w));
    assert_int_equal(evs_window_len(w), 1);
    const char *bad[] = {"5:-5", "1:", ":1", "1:2:3", "a:b", "1 :2", "",
                         "-:1", "1:200001"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(evs_window_parse(bad[i], &w));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_days), cmocka_unit_test(round_trip),
        cmocka_unit_test(strict_parse), cmocka_unit_test(windows)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
