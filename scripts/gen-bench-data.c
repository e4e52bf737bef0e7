/*
 * gen-bench-data.c - writes the benchmark data set deterministically from a
 * seed: a long returns CSV (date,symbol,ret) for N securities over D trading
 * days, the market index as a returns file, and event files of 10,000,
 * 100,000 and 1,000,000 events at random dates (each leaving room for the
 * -250:-11 estimation and -10:10 event windows).
 *
 * Usage: gen-bench-data OUTDIR [SECURITIES [DAYS [SEED]]]
 * Returns follow a one-factor model r = a + b m + e with b in [0.5, 1.5],
 * heavy-ish noise, and 0.2% missing cells, so every code path is exercised.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

static uint64_t state;

static uint64_t next(void) /* splitmix64 */
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double unif(void) { return (double)(next() >> 11) / 9007199254740992.0; }

static double gauss(void) /* Box-Muller */
{
    double u = unif(), v = unif();
    if (u < 1e-300)
        u = 1e-300;
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

static void civil(long z, int *y, int *m, int *d) /* days since 1970 */
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    return f;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gen-bench-data OUTDIR [SECURITIES [DAYS [SEED]]]\n");
        return 2;
    }
    const char *dir = argv[1];
    long nsec = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
    long ndays = argc > 3 ? strtol(argv[3], NULL, 10) : 2520;
    state = argc > 4 ? strtoull(argv[4], NULL, 10) : 20251205;
    if (nsec < 1 || ndays < 300) {
        fprintf(stderr, "gen-bench-data: need SECURITIES >= 1 and DAYS >= 300\n");
        return 2;
    }
    char (*dates)[11] = malloc((size_t)ndays * sizeof *dates);
    double *m = malloc((size_t)ndays * sizeof *m);
    long day = 14613; /* 2010-01-04, a Monday */
    for (long t = 0; t < ndays; t++, day++) {
        while ((day + 3) % 7 >= 5) /* skip Saturday and Sunday */
            day++;
        int y, mo, d;
        civil(day, &y, &mo, &d);
        snprintf(dates[t], sizeof dates[t], "%04d-%02d-%02d", y, mo, d);
        m[t] = 0.0003 + 0.011 * gauss();
    }
    FILE *f = open_out(dir, "market.csv");
    fprintf(f, "date,symbol,ret\n");
    for (long t = 0; t < ndays; t++)
        fprintf(f, "%s,MKT,%.6f\n", dates[t], m[t]);
    fclose(f);
    f = open_out(dir, "returns.csv");
    fprintf(f, "date,symbol,ret\n");
    for (long s = 0; s < nsec; s++) {
        double a = 0.0002 * gauss(), b = 0.5 + unif(), sd = 0.01 + 0.02 * unif();
        for (long t = 0; t < ndays; t++) {
            double e = sd * gauss();
            if (next() % 500 == 0)
                fprintf(f, "%s,S%05ld,\n", dates[t], s);
            else
                fprintf(f, "%s,S%05ld,%.6f\n", dates[t], s, a + b * m[t] + e);
        }
    }
    fclose(f);
    long counts[] = {10000, 100000, 1000000};
    const char *names[] = {"events-10k.csv", "events-100k.csv", "events-1m.csv"};
    for (int k = 0; k < 3; k++) {
        f = open_out(dir, names[k]);
        fprintf(f, "symbol,date\n");
        for (long i = 0; i < counts[k]; i++) {
            long s = (long)(next() % (uint64_t)nsec);
            long t = 250 + (long)(next() % (uint64_t)(ndays - 261));
            fprintf(f, "S%05ld,%s\n", s, dates[t]);
        }
        fclose(f);
    }
    free(dates);
    free(m);
    return 0;
}
