/* The streaming loader against the one-window parse: every chunk size from
 * 1 byte up (so that rows, CRLF pairs, quoted fields and a BOM are cut at
 * every position), every split of a file over threads (results, warnings
 * and error messages identical bit for bit), input lines kept as runs, and
 * the binary copy (hit, invalidation, corruption).  The reference is the
 * same file loaded from memory in one piece: the path every earlier test
 * pins to hand-worked values. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "bincache.h"
#include "loadrows.h"
#include "series_internal.h"

typedef struct warns {
    int n;
    char all[8192];
} warns;

static void on_warn(void *ud, const char *msg)
{
    warns *w = ud;
    w->n++;
    size_t k = strlen(w->all);
    snprintf(w->all + k, sizeof w->all - k, "%s\n", msg);
}

typedef struct outcome {
    evs_status st;
    long line;
    char msg[EVS_ERRMSG_MAX];
    char digest[17];
    size_t nseries;
    warns w;
} outcome;

static char tmpdir[64];

static const char *write_tmp(const char *name, const char *data, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* Loads a file (kind by `returns`) with the given options. */
static void load_file(const char *path, int returns, const char *sym,
                      const evs_load_options *o, outcome *out)
{
    memset(out, 0, sizeof *out);
    evs_dataset *ds = evs_dataset_new(NULL);
    evs_error err = {0};
    evs_warner w = {on_warn, &out->w};
    out->st = returns ? evs_load_returns_csv_ex(ds, path, o, &w, &err)
                      : evs_load_prices_csv_ex(ds, path, sym, o, &w, &err);
    out->line = err.line;
    snprintf(out->msg, sizeof out->msg, "%s", out->st ? err.msg : "");
    evs_dataset_digest(ds, out->digest);
    out->nseries = evs_dataset_count(ds);
    evs_dataset_free(ds);
}

/* The one-window reference: the same bytes from memory, named as the file. */
static void load_mem(const char *origin, const char *data, size_t len,
                     int returns, const char *sym, outcome *out)
{
    memset(out, 0, sizeof *out);
    evs_dataset *ds = evs_dataset_new(NULL);
    evs_error err = {0};
    evs_warner w = {on_warn, &out->w};
    out->st = returns
                  ? evs_load_returns_buffer(ds, data, len, origin, &w, &err)
                  : evs_load_prices_buffer(ds, data, len, origin, sym, &w, &err);
    out->line = err.line;
    snprintf(out->msg, sizeof out->msg, "%s", out->st ? err.msg : "");
    evs_dataset_digest(ds, out->digest);
    out->nseries = evs_dataset_count(ds);
    evs_dataset_free(ds);
}

static void same(const outcome *a, const outcome *b, const char *what)
{
    if (a->st != b->st || a->line != b->line || strcmp(a->msg, b->msg) != 0 ||
        strcmp(a->digest, b->digest) != 0 || a->nseries != b->nseries ||
        strcmp(a->w.all, b->w.all) != 0)
        fail_msg("%s: status %d/%d line %ld/%ld msg '%s'/'%s' digest %s/%s "
                 "warnings '%s'/'%s'", what, a->st, b->st, a->line, b->line,
                 a->msg, b->msg, a->digest, b->digest, a->w.all, b->w.all);
}

/* A returns file loaded over 2..max threads gives ref each time. */
static void same_over_threads(const char *path, const outcome *ref,
                              unsigned max, const char *label)
{
    evs_load_options o;
    evs_load_options_init(&o);
    outcome got;
    for (unsigned t = 2; t <= max; t++) {
        char what[96];
        snprintf(what, sizeof what, "%s, threads %u", label, t);
        o.threads = t;
        load_file(path, 1, NULL, &o, &got);
        same(&got, ref, what);
    }
}

/* A returns file read 1, 2, ... 300 bytes at a time, then in steps of
 * 97 (dense), or at a few sizes about the 64-byte windows of the quick
 * path and the page size, gives ref each time (one thread). */
static void same_at_read_sizes(const char *path, size_t len,
                               const outcome *ref, int dense,
                               const char *label)
{
    static const size_t sparse[] = {1, 13, 63, 64, 65, 127, 251, 1021, 4099};
    evs_load_options o;
    evs_load_options_init(&o);
    o.threads = 1;
    outcome got;
    size_t k = 0;
    for (size_t chunk = 1; chunk <= len + 1;
         chunk = dense ? chunk + (chunk < 300 ? 1 : 97)
                       : ++k < sizeof sparse / sizeof sparse[0] ? sparse[k]
                                                                : len + 2) {
        char what[96];
        snprintf(what, sizeof what, "%s, chunk %zu", label, chunk);
        evs__load_set_chunk(chunk);
        load_file(path, 1, NULL, &o, &got);
        same(&got, ref, what);
    }
    evs__load_set_chunk(0);
}

/* A price file with every variant the tokenizer handles: BOM, quoted
 * header, CRLF, quoted cells with commas, quotes and newlines, blank lines,
 * NA cells, YYYYMMDD, padding, rows out of order, an exact duplicate, and
 * no final newline. */
static const char variants_csv[] =
    "\xEF\xBB\xBF\"Date\",Open,Close,\"Adj Close\",Volume,Note\r\n"
    "2024-01-04,1,10.5,10.4,100,plain\r\n"
    "2024-01-03,1,NA,null,.,\"quoted, with \"\"quotes\"\"\"\r\n"
    "\r\n"
    "20240102,\"1\",10,9.9,,\"two\nlines\"\n"
    "\n"
    "2024-01-08, 2 ,11,11,5, padded \n"
    "2024-01-05,2,11.25,11.2,7,x\n"
    "2024-01-05,2,11.25,11.2,7,x\n"
    "2024-01-09,2,1e1,10,0,\"last\"";

static void chunk_sizes(void **state)
{
    (void)state;
    size_t len = sizeof variants_csv - 1;
    const char *path = write_tmp("v.csv", variants_csv, len);
    outcome ref, got;
    load_mem(path, variants_csv, len, 0, "V", &ref);
    assert_int_equal(ref.st, EVS_OK);
    assert_int_equal(ref.w.n, 1); /* the exact duplicate */
    evs_load_options o;
    evs_load_options_init(&o);
    o.threads = 1;
    for (size_t chunk = 1; chunk <= len + 1; chunk++) {
        char what[64];
        snprintf(what, sizeof what, "chunk %zu", chunk);
        evs__load_set_chunk(chunk);
        load_file(path, 0, "V", &o, &got);
        same(&got, &ref, what);
    }
    evs__load_set_chunk(0);
}

static const char nul_case[] = "date,close\n2024-01-02,1\0\n";

static void chunked_errors(void **state)
{
    (void)state;
    static const char *cases[] = {
        "date,close\n2024-01-02,1\n2024-01-03,abc\n",
        "date,close\r\n2024-01-02,1\r\n2024-01-03,1,2\r\n",
        "date,close\n2024-01-02,1\n\"2024-01-03,1\n",
        "date,close\n2024-01-02,\"1\"x\n",
        "date,close\n\n\n",
        "date,close\n2024-01-02,1\n2024-01-03,2\n2024-01-02,1.5\n",
        "date,close\n2024-01-02,1\n2024-02-30,1\n",
        "date,close\n2024-01-02,0\n",
        "symbol,date,close\nA,2024-01-02,1\n,2024-01-03,1\n",
        "date,close,volume\n2024-01-02,1,-1\n",
        nul_case,
        "close\n1\n",
        "",
    };
    evs_load_options o;
    evs_load_options_init(&o);
    o.threads = 1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i]);
        if (i == 10)
            len = sizeof nul_case - 1;
        const char *path = write_tmp("e.csv", cases[i], len);
        outcome ref, got;
        load_mem(path, cases[i], len, 0, strncmp(cases[i], "symbol", 6) ? "X" : NULL, &ref);
        if (ref.st == EVS_OK)
            fail_msg("case %zu should fail", i);
        for (size_t chunk = 1; chunk <= len + 1; chunk++) {
            char what[64];
            snprintf(what, sizeof what, "case %zu chunk %zu", i, chunk);
            evs__load_set_chunk(chunk);
            load_file(path, 0, strncmp(cases[i], "symbol", 6) ? "X" : NULL, &o, &got);
            same(&got, &ref, what);
        }
    }
    evs__load_set_chunk(0);
}

/* A long returns file: `nsym` symbols by `ndays` days, grouped by symbol
 * or by date, with blank lines, quoted symbols, CRLF rows, an exact
 * duplicate, out-of-order rows, and a multi-line quoted note column. */
static char *make_long(int nsym, int ndays, int by_date, size_t *len)
{
    size_t cap = (size_t)nsym * (size_t)ndays * 64 + 256, n = 0;
    char *b = malloc(cap);
    n += (size_t)snprintf(b + n, cap - n, "date,symbol,ret,note\n");
    for (int i = 0; i < nsym * ndays; i++) {
        int s = by_date ? i % nsym : i / ndays;
        int d = by_date ? i / nsym : i % ndays;
        if (i % 97 == 13)
            d = (d + 3) % ndays; /* out of order: an exact duplicate */
        evs_date date;
        evs_date_from_ymd(2020, 1, 1, &date);
        char ds[EVS_DATE_BUFSZ];
        evs_date_format(date + d, ds);
        double r = ((s * 7919 + d * 104729) % 2001 - 1000) / 20000.0;
        const char *sym_q = i % 31 == 0 ? "\"" : "";
        if (i % 53 == 0)
            n += (size_t)snprintf(b + n, cap - n, "\n");
        if (i % 89 == 0)
            n += (size_t)snprintf(b + n, cap - n, "%s,%sS%03d%s,%.6f,\"a\nb,c\n\"\r\n",
                                  ds, sym_q, s, sym_q, r);
        else if ((s * 31 + d) % 7 == 0)
            n += (size_t)snprintf(b + n, cap - n, "%s,%sS%03d%s,,n\r\n", ds,
                                  sym_q, s, sym_q);
        else
            n += (size_t)snprintf(b + n, cap - n, "%s,%sS%03d%s,%.6f,\n", ds,
                                  sym_q, s, sym_q, r);
    }
    *len = n;
    return b;
}

static void threads_match_serial(void **state)
{
    (void)state;
    evs__load_set_split_min(1); /* split even small files */
    size_t refused = evs__load_refused_joins();
    evs_load_options o;
    evs_load_options_init(&o);
    for (int by_date = 0; by_date < 2; by_date++) {
        size_t len;
        char *csv = make_long(23, 61, by_date, &len);
        const char *path = write_tmp("l.csv", csv, len);
        outcome ref, got;
        o.threads = 1;
        load_file(path, 1, NULL, &o, &ref);
        assert_int_equal(ref.st, EVS_OK);
        assert_int_equal(ref.nseries, 23);
        assert_true(ref.w.n > 5); /* the out-of-order duplicates */
        /* Segments of at least len/k bytes: up to k segments, so the
         * cuts fall at len/2, len/3, ... len/16; then 2, 3 and 16 threads
         * (fewer threads than segments, as many, more). */
        for (size_t k = 2; k <= 16; k++) {
            evs__load_set_split_min(2 * len / k);
            for (unsigned t = 2; t <= 16; t = t == 3 ? 16 : t + 1) {
                char what[64];
                snprintf(what, sizeof what, "%s, segments >= len/%zu, threads %u",
                         by_date ? "by date" : "by symbol", k, t);
                o.threads = t;
                load_file(path, 1, NULL, &o, &got);
                same(&got, &ref, what);
            }
        }
        free(csv);
    }
    /* Some split fell inside a quoted note, and was parsed again serially. */
    assert_true(evs__load_refused_joins() > refused);
    evs__load_set_split_min(0);
}

/* Rows that only repeat dates exactly, so the load succeeds with warnings
 * naming lines; then an error placed late in the file. */
static void threads_warnings_and_late_error(void **state)
{
    (void)state;
    evs__load_set_split_min(1);
    char *b = malloc(1 << 20);
    size_t n = (size_t)snprintf(b, 1 << 20, "date,symbol,ret\n");
    for (int s = 0; s < 40; s++)
        for (int d = 0; d < 50; d++) {
            char ds[EVS_DATE_BUFSZ];
            evs_date_format(18000 + d, ds);
            n += (size_t)snprintf(b + n, (1 << 20) - n, "%s,T%02d,0.%03d\n", ds, s, d);
            if (d % 17 == 5) /* exact duplicate: a warning with two lines */
                n += (size_t)snprintf(b + n, (1 << 20) - n, "%s,T%02d,0.%03d\n", ds, s, d);
        }
    const char *path = write_tmp("w.csv", b, n);
    evs_load_options o;
    evs_load_options_init(&o);
    outcome ref;
    o.threads = 1;
    load_file(path, 1, NULL, &o, &ref);
    assert_int_equal(ref.st, EVS_OK);
    assert_int_equal(ref.w.n, 40 * 3);
    assert_non_null(strstr(ref.w.all, "w.csv:8: T00: duplicate row for 2019-04-19 ignored (same as line 7)"));
    same_over_threads(path, &ref, 9, "warnings");
    memcpy(b + n - 6, "x.xxx\n", 6); /* the last row's number */
    path = write_tmp("w.csv", b, n);
    o.threads = 1;
    load_file(path, 1, NULL, &o, &ref);
    assert_int_equal(ref.st, EVS_EPARSE);
    assert_int_equal(ref.line, 2121);
    assert_msg_has(ref, "w.csv:2121: invalid number 'x.xxx' in column ret");
    same_over_threads(path, &ref, 9, "late error");
    free(b);
    evs__load_set_split_min(0);
}

/* Lines of rows far apart in a file grouped by date (stride = symbols):
 * the messages name the right lines, as worked out by hand below. */
static void line_runs(void **state)
{
    (void)state;
    /* Lines 2..7: A,B,C at 01-02 then at 01-03; line 8 repeats A 01-02
     * with another value; lines 9-10 a blank and C 01-04. */
    const char *csv = "date,symbol,ret\n2024-01-02,A,0.1\n2024-01-02,B,0.1\n"
                      "2024-01-02,C,0.1\n2024-01-03,A,0.2\n2024-01-03,B,0.2\n"
                      "2024-01-03,C,0.2\n2024-01-02,A,0.3\n\n2024-01-04,C,0.3\n";
    const char *path = write_tmp("r.csv", csv, strlen(csv));
    outcome got;
    evs_load_options o;
    evs_load_options_init(&o);
    load_file(path, 1, NULL, &o, &got);
    assert_int_equal(got.st, EVS_EPARSE);
    assert_int_equal(got.line, 8);
    assert_msg_has(got, "r.csv:8: A: date 2024-01-02 given twice with different values (lines 2 and 8)");
    /* The public push keeps any line pattern. */
    evs_series *s = evs_series_new("Z", EVS_SERIES_RETURNS, 0, NULL);
    double v[EVS_FIELD_COUNT] = {0};
    long lines[] = {5, 9, 13, 14, 40, 2, 1000000000000L, 7};
    evs_date dates[] = {10, 11, 12, 13, 14, 15, 16, 12};
    for (int i = 0; i < 8; i++) {
        v[EVS_FIELD_RET] = i == 7 ? 0.5 : 0.1;
        assert_int_equal(evs_series_push(s, dates[i], v, lines[i], NULL), EVS_OK);
    }
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(evs__series_line(s, i), lines[i]);
    evs_error err = {0};
    assert_int_equal(evs_series_finish(s, "z", NULL, &err), EVS_EPARSE);
    /* Ties sort by line (then push order), as before runs: line 7 is kept. */
    assert_msg_has(err, "z:13: Z: date 1970-01-13 given twice with different values (lines 7 and 13)");
    evs_series_free(s);
}

/* A bad row: NULL parts are those of the good row it replaces. */
typedef struct quick_bad {
    const char *date, *sym, *val; /* val NULL and sym given: no ret cell */
    int loads; /* the file still loads */
} quick_bad;

/* A date,symbol,ret file (the layout quick_run shortcuts) whose rows
 * change month, day and symbol in every way the shortcut compares: a
 * symbol that is a prefix of the next, symbols past 8 bytes that share
 * their first 8, CRLF, empty and quoted cells, signs, exponents, 20-digit
 * numbers.  The first series starts interleaved with another (input lines
 * at a stride of 2, rows 0-5) and has a blank line after row 9, so that
 * its line runs break.  `bad` (if any) replaces row 60, in series ABC, whose line is set
 * in *bad_line. */
static char *make_quick(const quick_bad *bad, size_t *len, long *bad_line)
{
    static const char *syms[] = {"AB", "ABC", "A", "LONGSYMBOL1",
                                 "LONGSYMBOL2", "X.Y-Z_9", "ABCDEFGH",
                                 "ABCDEFGHI"};
    static const char *nums[] = {"0.012345", "-0.5", "+0.25", "1e-3", "",
                                 "0.12345678901234567890", "-0.999999", "3",
                                 ".5", "0"};
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    n += (size_t)snprintf(b + n, cap - n, "date,symbol,ret\n");
    int row = 0;
    long line = 2;
    for (int s = 0; s < 8; s++) /* A: long enough to fill its capacity */
        for (int d = 0; d < (s == 2 ? 400 : 70); d += 1 + (s + d) % 3, row++, line++) {
            char ds[EVS_DATE_BUFSZ];
            evs_date_format(19748 + d, ds); /* 2024-01-26 on: months turn */
            const char *date = ds, *sym = syms[s], *num = nums[(row * 7) % 10];
            if (bad != NULL && row == 60) {
                date = bad->date ? bad->date : date;
                sym = bad->sym ? bad->sym : sym;
                num = bad->val ? bad->val : num;
                *bad_line = line;
            }
            const char *eol = row % 11 == 3 ? "\r\n" : "\n";
            const char *q = row % 13 == 5 ? "\"" : "";
            if (bad != NULL && row == 60 && bad->sym && !bad->val)
                n += (size_t)snprintf(b + n, cap - n, "%s,%s\n", date, sym);
            else
                n += (size_t)snprintf(b + n, cap - n, "%s,%s%s%s,%s%s", date,
                                      q, sym, q, num, eol);
            if (row < 6) /* AB's first rows: every other line */
                n += (size_t)snprintf(b + n, cap - n, "%s,ZZ,0.1\n", ds), line++;
            if (row == 9) /* after a run of three lines */
                n += (size_t)snprintf(b + n, cap - n, "\n"), line++;
        }
    *len = n;
    return b;
}

/* The shortcut changes nothing: results, warnings and errors with it equal
 * those without it, at every read size and over threads. */
static void quick_rows_match(void **state)
{
    (void)state;
    static const quick_bad bads[] = { /* row 60's month: 2024-02 */
        {NULL, NULL, "-1", 0},      /* a return of -100% or less */
        {"2024-02-32", NULL, NULL, 0}, /* no such day */
        {"2024-02-30", NULL, NULL, 0},
        {"2024-02-00", NULL, NULL, 0},
        {"2024-02-0x", NULL, NULL, 0},
        {"2024-02-1", NULL, NULL, 0},
        {"2024-02-0?", NULL, NULL, 0}, /* '?' - '0' is 15 */
        {"2024-02-1/", NULL, NULL, 0}, /* 10 + '/' - '0' is 9 */
        {"2024-02-10XABC", "0.5", NULL, 0}, /* no comma after the date */
        {NULL, NULL, "0.1x", 0},
        {NULL, " QQ", "0.1", 1}, /* padded symbol */
        {NULL, "ABC_0.5", NULL, 0}, /* two cells, the symbol's start */
        {NULL, NULL, "0.1,", 0}, /* an extra cell */
        {NULL, NULL, "1e400", 0},
        {NULL, NULL, "0.1\r\r", 0},
        {"2024-01-26", NULL, NULL, 0}, /* a date given before, another value */
        {NULL, "A\tBC", "0.1", 0},
        {NULL, "AB", "0.1", 1},  /* a series seen before */
        /* AB's rows 7 (after its stride-2 run) and 10 (after the blank
         * line) again, with other values: the messages name their lines. */
        {"2024-02-05", "AB", "0.5", 0},
        {"2024-02-10", "AB", "0.5", 0},
    };
    evs_load_options o;
    evs_load_options_init(&o);
    evs__load_set_split_min(1);
    const size_t nb = sizeof bads / sizeof bads[0];
    for (size_t i = 0; i <= nb; i++) {
        size_t len;
        long bad_line = 0;
        char *csv = make_quick(i ? &bads[i - 1] : NULL, &len, &bad_line);
        const char *path = write_tmp("q.csv", csv, len);
        outcome ref;
        o.threads = 1;
        evs__load_set_quick(0); /* the reference: no shortcut, no slab */
        evs__load_set_slab_min(UINT64_MAX);
        load_file(path, 1, NULL, &o, &ref);
        evs__load_set_quick(1);
        evs__load_set_slab_min(1); /* segments of any size use a slab */
        if (i == 0) {
            assert_int_equal(ref.st, EVS_OK);
            assert_int_equal(ref.nseries, 9);
        } else if ((ref.st == EVS_OK) != bads[i - 1].loads ||
                   (ref.st != EVS_OK && ref.line != bad_line)) {
            fail_msg("case %zu: status %d (%s)", i, ref.st, ref.msg);
        }
        /* A slab with room for all, then one that fills in ABC's run,
         * which goes on on the heap. */
        for (size_t rows = 0; rows <= 50; rows += 50) {
            char what[64];
            snprintf(what, sizeof what, "case %zu slab %zu", i, rows);
            evs__load_set_slab_rows(rows);
            if (rows == 0) /* reads cut rows the same way with any slab */
                same_at_read_sizes(path, len, &ref, i == 0 || i + 2 >= nb, what);
            same_over_threads(path, &ref, 5, what);
            outcome got;
            load_file(path, 1, NULL, &o, &got);
            same(&got, &ref, what);
        }
        evs__load_set_slab_rows(0);
        free(csv);
    }
    evs__load_set_split_min(0);
    evs__load_set_slab_min(0);
    /* Prices in the same layout: a close must be positive. */
    static const char *closes[] = {"10.25", "0", "-1.5", "0.0001"};
    for (size_t c = 0; c < 4; c++) {
        char b[2048]; /* long enough for the 64-byte window after row 10 */
        int n = snprintf(b, sizeof b, "date,symbol,close\n");
        for (int d = 2; d <= 29; d++)
            n += snprintf(b + n, sizeof b - (size_t)n, "2024-01-%02d,P,%s\n", d,
                          d == 10 ? closes[c] : "12.5");
        const char *path = write_tmp("pq.csv", b, (size_t)n);
        outcome ref, got;
        evs__load_set_quick(0);
        load_file(path, 0, NULL, &o, &ref);
        evs__load_set_quick(1);
        load_file(path, 0, NULL, &o, &got);
        same(&got, &ref, closes[c]);
        assert_int_equal(ref.st, c == 1 || c == 2 ? EVS_EPARSE : EVS_OK);
    }
}

/* Series in a slab (slab.c) against series on the heap, for a file grouped
 * by date: every series borrows one row, then moves to the heap when its
 * next row comes; plus rows out of order, an exact duplicate and a late
 * error, over threads and read sizes. */
static void slab_by_date(void **state)
{
    (void)state;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    n += (size_t)snprintf(b + n, cap - n, "date,symbol,ret\n");
    for (int d = 0; d < 40; d++)
        for (int k = 0; k < 30; k++) {
            char ds[EVS_DATE_BUFSZ];
            evs_date_format(19748 + (d == 17 && k == 3 ? 100 : d), ds);
            n += (size_t)snprintf(b + n, cap - n, "%s,K%02d,0.%03d\n", ds, k,
                                  (d * 31 + k) % 1000);
            if (d == 25 && k == 7) /* exact duplicate */
                n += (size_t)snprintf(b + n, cap - n, "%s,K07,0.%03d\n", ds,
                                      (d * 31 + k) % 1000);
        }
    for (int bad = 0; bad < 2; bad++) {
        if (bad) /* K03's day 2 given again with another value */
            n += (size_t)snprintf(b + n, cap - n, "2024-01-28,K03,0.5\n");
        const char *path = write_tmp("d.csv", b, n);
        evs_load_options o;
        evs_load_options_init(&o);
        o.threads = 1;
        outcome ref;
        evs__load_set_slab_min(UINT64_MAX);
        load_file(path, 1, NULL, &o, &ref);
        evs__load_set_slab_min(1);
        assert_int_equal(ref.st, bad ? EVS_EPARSE : EVS_OK);
        assert_int_equal(ref.w.n, bad ? 0 : 1); /* K03 fails before K07 */
        static const size_t rows[] = {0, 1, 7, 100};
        for (size_t r = 0; r < 4; r++) {
            char what[64];
            snprintf(what, sizeof what, "bad %d slab %zu", bad, rows[r]);
            evs__load_set_slab_rows(rows[r]);
            if (r == 0)
                same_at_read_sizes(path, n, &ref, 0, what);
            outcome got;
            load_file(path, 1, NULL, &o, &got);
            same(&got, &ref, what);
            evs__load_set_split_min(1);
            same_over_threads(path, &ref, 6, what);
            evs__load_set_split_min(0);
        }
        evs__load_set_slab_rows(0);
    }
    evs__load_set_slab_min(0);
    free(b);
}

/* The SHA-256 a parse reports (hashed on its own thread) is the file's;
 * a failed parse reports none. */
static void sha_beside_parse(void **state)
{
    (void)state;
    size_t len;
    char *csv = make_long(7, 30, 1, &len);
    const char *path = write_tmp("h.csv", csv, len);
    char want[65], sha[65] = "x";
    assert_int_equal(evs_sha256_file(path, want, NULL), EVS_OK);
    evs_load_options o;
    evs_load_options_init(&o);
    o.sha256_out = sha;
    outcome got;
    load_file(path, 1, NULL, &o, &got);
    assert_int_equal(got.st, EVS_OK);
    assert_string_equal(sha, want);
    char *bad = malloc(len + 32); /* a bad number on the last line */
    memcpy(bad, csv, len);
    memcpy(bad + len, "2020-01-01,S000,abc,\n", 21);
    path = write_tmp("h.csv", bad, len + 21);
    free(bad);
    load_file(path, 1, NULL, &o, &got);
    assert_int_equal(got.st, EVS_EPARSE);
    assert_string_equal(sha, "");
    free(csv);
}

static char cachedir[96];

static int bin_state(const char *path, int returns)
{
    char real[PATH_MAX];
    evs_series_kind k = returns ? EVS_SERIES_RETURNS : EVS_SERIES_PRICES;
    char *cp = evs__bin_path(cachedir, path, NULL, k, real);
    assert_non_null(cp);
    int fd = open(path, O_RDONLY);
    struct stat sb;
    fstat(fd, &sb);
    evs_dataset *ds = NULL;
    evs__bin_warns wn = {0};
    char sha[65];
    int r = evs__bin_read(cp, real, NULL, k, fd, &sb, &ds, &wn, sha);
    evs__bin_warns_clear(&wn);
    evs_dataset_free(ds);
    close(fd);
    free(cp);
    return r;
}

static char *bin_file(const char *path)
{
    char real[PATH_MAX];
    return evs__bin_path(cachedir, path, NULL, EVS_SERIES_RETURNS, real);
}

static void flip_byte(const char *file, long at)
{
    FILE *f = fopen(file, "r+b");
    assert_non_null(f);
    fseek(f, at, at < 0 ? SEEK_END : SEEK_SET);
    int c = fgetc(f);
    fseek(f, -1, SEEK_CUR);
    fputc(c ^ 0x40, f);
    fclose(f);
}

static void binary_copy(void **state)
{
    (void)state;
    size_t len;
    char *csv = make_long(11, 40, 0, &len);
    const char *p = write_tmp("b.csv", csv, len);
    char path[128];
    snprintf(path, sizeof path, "%s", p);
    evs_load_options o;
    evs_load_options_init(&o);
    o.bin_cache = cachedir;
    o.bin_min_size = 0;
    outcome ref, got;
    load_mem(path, csv, len, 1, NULL, &ref);
    assert_int_equal(ref.st, EVS_OK);
    assert_true(ref.w.n > 0);
    assert_int_equal(bin_state(path, 1), EVS__BIN_MISS);
    load_file(path, 1, NULL, &o, &got); /* parses and writes the copy */
    same(&got, &ref, "first load");
    assert_int_equal(bin_state(path, 1), EVS__BIN_HIT);
    assert_int_equal(bin_state(path, 0), EVS__BIN_MISS); /* other kind */
    char sha[65], want[65];
    o.sha256_out = sha;
    load_file(path, 1, NULL, &o, &got); /* from the copy, warnings too */
    same(&got, &ref, "from the copy");
    evs__bin_set_slab_min_rows(1); /* read into one slab */
    load_file(path, 1, NULL, &o, &got);
    same(&got, &ref, "from the copy, into a slab");
    evs__bin_set_slab_min_rows(0);
    assert_int_equal(evs_sha256_file(path, want, NULL), EVS_OK);
    assert_string_equal(sha, want); /* the provenance, without a re-read */
    o.sha256_out = NULL;
    /* The same file under another spelling replays its own name. */
    char other[160];
    snprintf(other, sizeof other, "%s/./b.csv", tmpdir);
    load_file(other, 1, NULL, &o, &got);
    assert_int_equal(got.st, EVS_OK);
    assert_string_equal(got.digest, ref.digest);
    assert_non_null(strstr(got.w.all, "/./b.csv:"));
    /* Corruption anywhere in the payload: ignored, warned, rewritten. */
    char *cf = bin_file(path);
    flip_byte(cf, -20);
    assert_int_equal(bin_state(path, 1), EVS__BIN_CORRUPT);
    load_file(path, 1, NULL, &o, &got);
    assert_string_equal(got.digest, ref.digest);
    assert_non_null(strstr(got.w.all, "does not check out; reading the CSV"));
    assert_int_equal(bin_state(path, 1), EVS__BIN_HIT);
    flip_byte(cf, 40); /* a header field */
    assert_int_equal(bin_state(path, 1), EVS__BIN_CORRUPT);
    assert_int_equal(truncate(cf, 100), 0);
    assert_int_equal(bin_state(path, 1), EVS__BIN_CORRUPT);
    load_file(path, 1, NULL, &o, &got);
    assert_string_equal(got.digest, ref.digest);
    assert_non_null(strstr(got.w.all, "does not check out"));
    /* The source changes: same size, same mtime, first bytes differ. */
    struct stat sb;
    stat(path, &sb);
    csv[6] = '1'; /* "date,s" -> "date,1": a different header */
    memcpy(csv, "date,symbol,ret,not1\n", 21);
    write_tmp("b.csv", csv, len);
    struct timespec ts[2] = {sb.st_atim, sb.st_mtim};
    utimensat(AT_FDCWD, path, ts, 0);
    assert_int_equal(bin_state(path, 1), EVS__BIN_MISS);
    /* Appending a row changes the size: stale, and the load sees the row. */
    load_file(path, 1, NULL, &o, &got);
    assert_int_equal(bin_state(path, 1), EVS__BIN_HIT);
    FILE *f = fopen(path, "ab");
    fputs("2021-01-01,NEW,0.5,\n", f);
    fclose(f);
    assert_int_equal(bin_state(path, 1), EVS__BIN_MISS);
    load_file(path, 1, NULL, &o, &got);
    assert_int_equal(got.nseries, 12);
    /* An unwritable cache directory is a warning, not a failure. */
    o.bin_cache = "/dev/null/evs";
    load_file(path, 1, NULL, &o, &got);
    assert_int_equal(got.st, EVS_OK);
    assert_non_null(strstr(got.w.all, "no binary copy written"));
    free(cf);
    free(csv);
    /* Price copies: series of one column go to the slab, of two the heap. */
    evs__bin_set_slab_min_rows(1);
    o.bin_cache = cachedir;
    static const char *prices[] = {
        "symbol,date,close\nA,2024-01-02,10\nA,2024-01-03,11\nB,2024-01-02,5\n",
        "symbol,date,close,volume\nA,2024-01-02,10,1\nA,2024-01-03,11,2\n"
        "B,2024-01-02,5,3\n"};
    for (int i = 0; i < 2; i++) {
        p = write_tmp(i ? "p2.csv" : "p1.csv", prices[i], strlen(prices[i]));
        load_mem(p, prices[i], strlen(prices[i]), 0, NULL, &ref);
        assert_int_equal(ref.st, EVS_OK);
        load_file(p, 0, NULL, &o, &got); /* writes the copy */
        same(&got, &ref, "prices, first load");
        assert_int_equal(bin_state(p, 0), EVS__BIN_HIT);
        load_file(p, 0, NULL, &o, &got);
        same(&got, &ref, "prices, from the copy");
    }
    evs__bin_set_slab_min_rows(0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/evs-ls-XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    snprintf(cachedir, sizeof cachedir, "%s/cache/bin", tmpdir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chunk_sizes), cmocka_unit_test(chunked_errors),
        cmocka_unit_test(threads_match_serial),
        cmocka_unit_test(threads_warnings_and_late_error),
        cmocka_unit_test(line_runs), cmocka_unit_test(quick_rows_match),
        cmocka_unit_test(slab_by_date), cmocka_unit_test(sha_beside_parse),
        cmocka_unit_test(binary_copy)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
