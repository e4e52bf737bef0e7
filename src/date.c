/*
 * date.c - civil-date arithmetic on day counts.  Uses Howard Hinnant's
 * days_from_civil / civil_from_days algorithms ("chrono-compatible low-level
 * date algorithms") instead of mktime/strptime, which depend on TZ and
 * locale.
 */
#include <stdio.h>

#include "internal.h"

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

int evs_date_from_ymd(int y, int m, int d, evs_date *out)
{
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m))
        return 0;
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = (evs_date)(era * 146097 + doe - 719468);
    return 1;
}

void evs_date_to_ymd(evs_date date, int *y, int *m, int *d)
{
    /* 64-bit intermediates: date + 719468 overflows int32 near INT32_MAX,
     * and any int32 day count must be safe to format. */
    long z = (long)date + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp + (mp < 10 ? 3 : -9);
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

static int digits(const char *s, size_t n, int *v)
{
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 1;
}

int evs_date_parse(const char *s, size_t len, evs_date *out)
{
    int y, m, d;
    if (len == 10) {
        if (s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
            !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
            return 0;
    } else if (len == 8) {
        if (!digits(s, 4, &y) || !digits(s + 4, 2, &m) || !digits(s + 6, 2, &d))
            return 0;
    } else {
        return 0;
    }
    return evs_date_from_ymd(y, m, d, out);
}

char *evs_date_format(evs_date date, char buf[EVS_DATE_BUFSZ])
{
    int y, m, d;
    evs_date_to_ymd(date, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = 0; /* out of range: keep the buffer bounded */
    snprintf(buf, EVS_DATE_BUFSZ, "%04d-%02d-%02d", y, m, d);
    return buf;
}

int evs_date_weekday(evs_date date)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int w = (int)((date % 7 + 7 + 3) % 7);
    return w + 1;
}
