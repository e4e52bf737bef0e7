/*
 * Hostile and broken input at the library level: lines and rows beyond the
 * documented limits, NUL bytes, numbers beyond a double, deep JSON, files
 * that change or vanish while read, hostile symbols, and outputs that
 * cannot be written.  Each case checks the status and a message
 * substring; the limits come from evs/load.h and evs/studyfile.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "testutil.h"
#include "internal.h"

static char tmpdir[] = "/tmp/evs-hostile-XXXXXX";

static int setup(void **s)
{
    (void)s;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **s)
{
    (void)s;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char p[4200];
    while (d && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.') {
            snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
    return rmdir(tmpdir);
}

static const char *tpath(const char *name)
{
    static char p[4][4200];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
    return p[k];
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Writes "date,close\n" and then `fill` bytes of 'x' on line 2. */
static void long_line_file(const char *path, size_t fill)
{
    char *buf = malloc(fill + 16);
    assert_non_null(buf);
    memcpy(buf, "date,close\n", 11);
    memset(buf + 11, 'x', fill);
    buf[11 + fill] = '\n';
    write_file(path, buf, fill + 12);
    free(buf);
}

static size_t max_read;
static void note_read(const char *path, size_t done)
{
    (void)path;
    if (done > max_read)
        max_read = done;
}

static evs_status load(const char *path, evs_error *e)
{
    evs_dataset *ds = evs_dataset_new(e);
    evs_status st = evs_load_prices_csv(ds, path, "X", NULL, e);
    evs_dataset_free(ds);
    return st;
}

/* An 8 MiB line is refused by the line limit, and reading stops one
 * chunk after the limit: memory stays bounded by the limit, not the line. */
static void long_line_refused_early(void **s)
{
    (void)s;
    const char *p = tpath("long.csv");
    long_line_file(p, 8u << 20);
    evs_error e = {0};
    max_read = 0;
    evs__read_hook_set(note_read);
    assert_int_equal(load(p, &e), EVS_EPARSE);
    evs__read_hook_set(NULL);
    assert_msg_has(e, "long.csv:2: line longer than 1048576 bytes");
    assert_int_equal(e.line, 2);
    /* Reads come in 1 MiB chunks: at most two past the limit. */
    assert_true(max_read <= 3 * EVS_LOAD_MAX_LINE);
}

/* Exactly EVS_LOAD_MAX_LINE bytes is allowed (the cell is then invalid). */
static void line_limit_boundary(void **s)
{
    (void)s;
    const char *p = tpath("edge.csv");
    long_line_file(p, EVS_LOAD_MAX_LINE);
    evs_error e = {0};
    assert_int_equal(load(p, &e), EVS_EPARSE);
    assert_null(strstr(e.msg, "line longer"));
    assert_msg_has(e, "fields, but the header has 2");
    long_line_file(p, EVS_LOAD_MAX_LINE + 1);
    assert_int_equal(load(p, &e), EVS_EPARSE);
    assert_msg_has(e, "line longer than 1048576 bytes");
}

static void nul_bytes(void **s)
{
    (void)s;
    const char *p = tpath("nul.csv");
    write_file(p, "date,close\n2024-01-02,1\n2024-01-03,\0\n", 36);
    evs_error e = {0};
    assert_int_equal(load(p, &e), EVS_EPARSE);
    assert_msg_has(e, "nul.csv:3: NUL byte: not a text file");
    /* In memory, plain or quoted, it is refused the same way. */
    evs_dataset *ds = evs_dataset_new(&e);
    static const char q[] = "date,close\n2024-01-02,\"1\0\"\n";
    assert_int_equal(evs_load_prices_buffer(ds, q, sizeof q - 1, "q.csv", "X",
                                            NULL, &e), EVS_EPARSE);
    assert_msg_has(e, "q.csv:2: NUL byte: not a text file");
    static const char pl[] = "date,close\n2024-01-02,1\0\n";
    assert_int_equal(evs_load_prices_buffer(ds, pl, sizeof pl - 1, "p.csv", "X",
                                            NULL, &e), EVS_EPARSE);
    assert_msg_has(e, "p.csv:2: NUL byte: not a text file");
    assert_int_equal(evs_dataset_count(ds), 0);
    evs_dataset_free(ds);
}

static void too_many_fields(void **s)
{
    (void)s;
    size_t n = 2 * (EVS_LOAD_MAX_FIELDS + 1);
    char *buf = malloc(n + 32);
    assert_non_null(buf);
    size_t k = 0;
    for (int i = 0; i <= EVS_LOAD_MAX_FIELDS; i++) {
        buf[k++] = 'c';
        buf[k++] = ',';
    }
    buf[k - 1] = '\n';
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    assert_int_equal(evs_load_prices_buffer(ds, buf, k, "wide.csv", "X", NULL,
                                            &e), EVS_EPARSE);
    assert_msg_has(e, "wide.csv:1: more than 4096 fields on one line");
    evs_dataset_free(ds);
    assert_null(evs_events_load_buffer(buf, k, "wide-events.csv", &e));
    assert_msg_has(e, "wide-events.csv:1: more than 4096 fields");
    free(buf);
}

static void numbers_out_of_range(void **s)
{
    (void)s;
    struct {
        const char *cell, *msg;
    } cases[] = {{"1e999", "number out of range '1e999' in column close"},
                 {"-1e999", "number out of range '-1e999'"},
                 {"1e99999999999", "number out of range"},
                 {"1e", "invalid number '1e'"},
                 {"0x10", "invalid number '0x10'"},
                 {"infinity", "invalid number 'infinity'"},
                 {"1e-999", "non-positive price '1e-999'"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128];
        int n = snprintf(text, sizeof text, "date,close\n2024-01-02,%s\n",
                         cases[i].cell);
        evs_error e = {0};
        evs_dataset *ds = evs_dataset_new(&e);
        assert_int_equal(evs_load_prices_buffer(ds, text, (size_t)n, "n.csv",
                                                "X", NULL, &e), EVS_EPARSE);
        assert_msg_has(e, cases[i].msg);
        assert_int_equal(e.line, 2);
        evs_dataset_free(ds);
    }
}

static void json_limits(void **s)
{
    (void)s;
    const char *p = tpath("deep.json");
    size_t depth = 100000;
    char *buf = malloc(depth + 1);
    assert_non_null(buf);
    memset(buf, '[', depth);
    write_file(p, buf, depth);
    free(buf);
    evs_studyfile sf;
    evs_error e = {0};
    assert_int_equal(evs_studyfile_load(p, &sf, &e), EVS_EPARSE);
    assert_msg_has(e, "invalid JSON: maximum parsing depth reached");
    write_file(p, "{\"min_est\": 1e999}", 18);
    assert_int_equal(evs_studyfile_load(p, &sf, &e), EVS_EPARSE);
    assert_msg_has(e, "real number overflow");
    write_file(p, "{\"market\": \"a\\u0000b\"}", 22);
    assert_int_equal(evs_studyfile_load(p, &sf, &e), EVS_EPARSE);
    assert_msg_has(e, "\\u0000 is not allowed");
    write_file(p, "{\"market\": \"A\", \"market\": \"B\"}", 30);
    assert_int_equal(evs_studyfile_load(p, &sf, &e), EVS_EPARSE);
    assert_msg_has(e, "duplicate object key");
    /* A study file over 1 MiB is refused before it is parsed. */
    size_t big = EVS_STUDYFILE_MAX_BYTES + 10;
    buf = malloc(big);
    assert_non_null(buf);
    memset(buf, ' ', big);
    for (size_t i = 4095; i < big; i += 4096)
        buf[i] = '\n';
    buf[0] = '{';
    buf[big - 1] = '}';
    write_file(p, buf, big);
    free(buf);
    assert_int_equal(evs_studyfile_load(p, &sf, &e), EVS_EPARSE);
    assert_msg_has(e, "larger than 1048576 bytes");
}

/* The fuzzer's first find (tests/fuzz/regress/prices): no symbol column and
 * no symbol passed NULL to memcpy and said "invalid symbol ''". */
static void no_symbol_anywhere(void **s)
{
    (void)s;
    static const char t[] = "date,close\n2024-01-02,1\n";
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    assert_int_equal(evs_load_prices_buffer(ds, t, sizeof t - 1, "t.csv", NULL,
                                            NULL, &e), EVS_EINVAL);
    assert_msg_has(e, "t.csv: no 'symbol' column in the header and no symbol "
                      "given");
    evs_dataset_free(ds);
}

/* The fuzzer's second find (tests/fuzz/regress/prices): a symbol column
 * whose header cell is padded with many blanks, or quoted with blanks
 * inside, was missed by the header scan of evs_load_prices_csv, which
 * then also gave the file name as symbol: "a symbol cannot also be given". */
static void padded_symbol_header(void **s)
{
    (void)s;
    char text[512], pad[100];
    memset(pad, ' ', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    const char *pre[] = {"date,symbol", "date,\"   symbol \"", "date,"};
    const char *post[] = {",close\n", ",close\n", "ticker\t,close\r\n"};
    for (size_t i = 0; i < 3; i++) {
        int n = snprintf(text, sizeof text, "%s%s%s2024-01-02,A,1\n", pre[i],
                         i == 1 ? "" : pad, post[i]);
        const char *p = tpath("padded.csv");
        write_file(p, text, (size_t)n);
        evs_error e = {0};
        evs_dataset *ds = evs_dataset_new(&e);
        if (evs_load_prices_csv(ds, p, NULL, NULL, &e) != EVS_OK)
            fail_msg("header %zu: %s", i, e.msg);
        assert_non_null(evs_dataset_find(ds, "A"));
        evs_dataset_free(ds);
    }
}

/* ---- files that change while they are read -------------------------------- */

static const char *hook_target;
static int hook_mode; /* 0 truncate, 1 append, 2 unlink */
static int hook_done;

static void mutate(const char *path, size_t done)
{
    (void)done;
    if (hook_done || strcmp(path, hook_target) != 0)
        return;
    hook_done = 1;
    if (hook_mode == 0)
        assert_int_equal(truncate(path, 100), 0);
    else if (hook_mode == 1) {
        FILE *f = fopen(path, "ab");
        assert_non_null(f);
        fputs("2099-01-01,1\n", f);
        fclose(f);
    } else
        assert_int_equal(unlink(path), 0);
}

/* 300 kB of valid rows: more than one read chunk. */
static void rows_file(const char *path)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("date,close\n", f);
    for (evs_date d = 0; d < 20000; d++) {
        char b[EVS_DATE_BUFSZ];
        fprintf(f, "%s,%d.25\n", evs_date_format(d, b), 1 + d % 50);
    }
    fclose(f);
}

static void changed_while_read(void **s)
{
    (void)s;
    for (hook_mode = 0; hook_mode < 3; hook_mode++) {
        const char *p = tpath("moving.csv");
        rows_file(p);
        hook_target = p;
        hook_done = 0;
        evs__read_hook_set(mutate);
        evs_error e = {0};
        evs_dataset *ds = evs_dataset_new(&e);
        evs_status st = evs_load_prices_csv(ds, p, "X", NULL, &e);
        evs__read_hook_set(NULL);
        assert_true(hook_done);
        if (hook_mode < 2) {
            /* Truncated or grown mid-read: never parsed half old, half new. */
            assert_int_equal(st, EVS_EIO);
            assert_msg_has(e, "moving.csv: the file changed while it was "
                              "being read");
            assert_int_equal(evs_dataset_count(ds), 0);
        } else {
            /* Removed mid-read: the open file still holds every byte. */
            assert_int_equal(st, EVS_OK);
            assert_int_equal(evs_series_len(evs_dataset_find(ds, "X")), 20000);
        }
        evs_dataset_free(ds);
    }
}

static void unreadable_inputs(void **s)
{
    (void)s;
    evs_error e = {0};
    assert_int_equal(load(tpath("gone.csv"), &e), EVS_EIO);
    assert_msg_has(e, "gone.csv: cannot open: No such file or directory");
    assert_int_equal(load(tmpdir, &e), EVS_EIO);
    assert_msg_has(e, "is a directory");
    assert_null(evs_events_load_csv(tpath("gone.csv"), &e));
    assert_int_equal(e.code, EVS_EIO);
    evs_studyfile sf;
    assert_int_equal(evs_studyfile_load(tpath("gone.json"), &sf, &e), EVS_EIO);
}

/* ---- symbols ---------------------------------------------------------------- */

static void hostile_symbols(void **s)
{
    (void)s;
    assert_true(evs_symbol_valid("../../etc/passwd")); /* a name, not a path */
    /* The last is EVS_SYMBOL_MAX + 1 = 65 bytes long. */
    static const char too_long[] = "0123456789012345678901234567890123456789"
                                   "0123456789012345678901234";
    const char *bad[] = {"a b", "a,b", "a\"b", "a\nb", "", "\x7f", "\xc3\xa9",
                         too_long};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(evs_symbol_valid(bad[i]));
    /* Quoted symbols with a newline or quote are refused, with the cell
     * shown on one line. */
    static const char t[] = "symbol,date\n\"a\nevil\",2024-01-02\n";
    evs_error e = {0};
    assert_null(evs_events_load_buffer(t, sizeof t - 1, "ev.csv", &e));
    assert_msg_has(e, "ev.csv:2: invalid symbol 'a?evil'");
    static const char q[] = "symbol,date\n\"a\"\"b\",2024-01-02\n";
    assert_null(evs_events_load_buffer(q, sizeof q - 1, "ev.csv", &e));
    assert_msg_has(e, "invalid symbol 'a\"b'");
    /* A study's default market is checked like any symbol. */
    evs_events *ev = evs_events_new(&e);
    assert_int_equal(evs_events_add(ev, "A", 0, NULL, NULL, &e), EVS_OK);
    evs_dataset *ds = evs_dataset_new(&e);
    evs_study_config cfg;
    evs_study_config_init(&cfg);
    cfg.market = "M\nevstudy: error: forged";
    evs_study_result *r = NULL;
    assert_int_equal(evs_study_run(&cfg, ds, ev, NULL, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "invalid market symbol 'M?evstudy: error: forged'");
    assert_null(r);
    evs_dataset_free(ds);
    evs_events_free(ev);
}

static void dates_any_int32(void **s)
{
    (void)s;
    evs_date ds[] = {INT32_MIN, INT32_MAX, INT32_MAX - 719468, EVS_DATE_MIN - 1,
                     EVS_DATE_MAX + 1, -719468};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        char b[EVS_DATE_BUFSZ];
        assert_int_equal(strlen(evs_date_format(ds[i], b)), 10);
    }
}

/* ---- outputs ---------------------------------------------------------------- */

static size_t dir_entries(void)
{
    size_t n = 0;
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void outfile_failures(void **s)
{
    (void)s;
    evs_error e = {0};
    evs_outfile *of = evs_outfile_open("/dev/full", &e);
    assert_non_null(of);
    fputs("data\n", evs_outfile_stream(of));
    assert_int_equal(evs_outfile_commit(of, &e), EVS_EWRITE);
    assert_msg_has(e, "/dev/full: write failed: No space left on device");
    assert_null(evs_outfile_open(tmpdir, &e));
    assert_int_equal(e.code, EVS_EWRITE);
    assert_msg_has(e, "cannot create: Is a directory");
    assert_null(evs_outfile_open(tpath("no/such/dir.csv"), &e));
    assert_msg_has(e, "cannot create: No such file or directory");
    /* /dev/null is written in place, never replaced by a regular file. */
    of = evs_outfile_open("/dev/null", &e);
    assert_non_null(of);
    fputs("data\n", evs_outfile_stream(of));
    assert_int_equal(evs_outfile_commit(of, &e), EVS_OK);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void outfile_atomic(void **s)
{
    (void)s;
    const char *p = tpath("out.csv");
    write_file(p, "old\n", 4);
    size_t before = dir_entries();
    evs_error e = {0};
    evs_outfile *of = evs_outfile_open(p, &e);
    assert_non_null(of);
    fputs("new\n", evs_outfile_stream(of));
    fflush(evs_outfile_stream(of));
    /* Until commit the old file is untouched and nothing else is visible. */
    char buf[16] = {0};
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, sizeof buf, f), 4);
    fclose(f);
    assert_string_equal(buf, "old\n");
    assert_int_equal(dir_entries(), before);
    assert_int_equal(evs_outfile_commit(of, &e), EVS_OK);
    f = fopen(p, "rb");
    assert_non_null(f);
    memset(buf, 0, sizeof buf);
    assert_int_equal(fread(buf, 1, sizeof buf, f), 4);
    fclose(f);
    assert_string_equal(buf, "new\n");
    assert_int_equal(dir_entries(), before);
    /* Abort leaves the old content and no temporary file. */
    of = evs_outfile_open(p, &e);
    assert_non_null(of);
    fputs("partial", evs_outfile_stream(of));
    evs_outfile_abort(of);
    assert_int_equal(dir_entries(), before);
    f = fopen(p, "rb");
    memset(buf, 0, sizeof buf);
    assert_int_equal(fread(buf, 1, sizeof buf, f), 4);
    fclose(f);
    assert_string_equal(buf, "new\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(long_line_refused_early),
        cmocka_unit_test(line_limit_boundary),
        cmocka_unit_test(nul_bytes),
        cmocka_unit_test(too_many_fields),
        cmocka_unit_test(numbers_out_of_range),
        cmocka_unit_test(json_limits),
        cmocka_unit_test(no_symbol_anywhere),
        cmocka_unit_test(padded_symbol_header),
        cmocka_unit_test(changed_while_read),
        cmocka_unit_test(unreadable_inputs),
        cmocka_unit_test(hostile_symbols),
        cmocka_unit_test(dates_any_int32),
        cmocka_unit_test(outfile_failures),
        cmocka_unit_test(outfile_atomic)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
