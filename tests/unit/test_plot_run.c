/* The gnuplot runner against stand-in programs (small sh scripts written
 * here): missing programs, non-zero exits, deaths by signal, a program that
 * never reads its input, warnings on success, and the atomic rendering. */
#include <sys/stat.h>
#include <unistd.h>

#include "plot_fixture.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/evs-plot-run.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes an executable stand-in for gnuplot and returns its path. */
static const char *fake(const char *name, const char *body)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    assert_int_equal(chmod(path, 0755), 0);
    return path;
}

/* Files in dir whose name contains `needle`. */
static int count_files(const char *needle)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -c -F '%s' >'%s/count'", dir, needle, dir);
    if (system(cmd) < 0)
        return -1;
    snprintf(cmd, sizeof cmd, "%s/count", dir);
    char *s = slurp(cmd, NULL);
    int n = s ? atoi(s) : -1;
    free(s);
    return n;
}

static void not_found(void **state)
{
    (void)state;
    evs_error e = {0};
    assert_int_equal(evs_plot_run("plot x\n", "/nonexistent/gnuplot", NULL, &e), EVS_EPLOT);
    /* The reason is "No such file or directory" from posix_spawn, or exit
     * status 127 where spawning is emulated with fork (valgrind). */
    assert_msg_has(e, "cannot run gnuplot '/nonexistent/gnuplot': ");
    assert_int_equal(evs_plot_run("plot x\n", "evs-no-such-gnuplot", NULL, &e), EVS_EPLOT);
    assert_msg_has(e, "cannot run gnuplot 'evs-no-such-gnuplot': ");
    char v[64];
    assert_int_equal(evs_plot_gnuplot_version("/nonexistent/gnuplot", v, sizeof v, &e),
                     EVS_EPLOT);
    assert_msg_has(e, "cannot run gnuplot");
    /* The fork-emulation case itself, with a program that exits 127. */
    const char *gp = fake("gone", "exit 127");
    assert_int_equal(evs_plot_run("plot x\n", gp, NULL, &e), EVS_EPLOT);
    assert_msg_has(e, "it exited with status 127 (not found or not executable)");
}

static void exit_status_and_stderr(void **state)
{
    (void)state;
    evs_error e = {0};
    const char *gp = fake("fail", "cat >/dev/null\n"
                                  "echo 'gnuplot> plot foo' >&2\n"
                                  "echo '               ^' >&2\n"
                                  "echo 'line 0: undefined variable: foo' >&2\nexit 3");
    assert_int_equal(evs_plot_run("plot foo\n", gp, NULL, &e), EVS_EPLOT);
    assert_msg_has(e, "exited with status 3: gnuplot> plot foo; line 0: undefined "
                      "variable: foo");
    gp = fake("killed", "kill -9 $$");
    assert_int_equal(evs_plot_run("plot x\n", gp, NULL, &e), EVS_EPLOT);
    assert_msg_has(e, "was killed by signal 9");
}

/* gnuplot that quits without reading: a 4 MB script must not kill us with
 * SIGPIPE, and the answer is its exit status and message. */
static void never_reads(void **state)
{
    (void)state;
    size_t n = 4u << 20;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, '#', n);
    big[n] = '\0';
    evs_error e = {0};
    const char *gp = fake("early", "echo 'early exit' >&2\nexit 1");
    assert_int_equal(evs_plot_run(big, gp, NULL, &e), EVS_EPLOT);
    assert_msg_has(e, "exited with status 1: early exit");
    free(big);
}

typedef struct seen {
    int n;
    char last[EVS_ERRMSG_MAX];
} seen;

static void collect(void *ud, const char *msg)
{
    seen *s = ud;
    s->n++;
    snprintf(s->last, sizeof s->last, "%s", msg);
}

static void warnings_on_success(void **state)
{
    (void)state;
    seen s = {0};
    evs_warner w = {collect, &s};
    const char *gp = fake("warns", "cat >/dev/null\necho 'warning: Skipping data file' >&2\n"
                                   "echo '   ^  ' >&2");
    assert_int_equal(evs_plot_run("plot x\n", gp, &w, NULL), EVS_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.last, "gnuplot: warning: Skipping data file");
    char v[64];
    gp = fake("version", "echo 'gnuplot 9.9 patchlevel 1'");
    assert_int_equal(evs_plot_gnuplot_version(gp, v, sizeof v, NULL), EVS_OK);
    assert_string_equal(v, "gnuplot 9.9 patchlevel 1");
}

/* A stand-in that behaves like gnuplot for rendering: it reads the
 * `outfile = '...'` line that evs_plot_render sends first and writes the
 * rest of its input there. */
static const char writer[] =
    "IFS= read -r first\n"
    "out=$(printf '%s' \"$first\" | sed \"s/^outfile = '\\(.*\\)'$/\\1/\")\n"
    "cat > \"$out\"";

static void render_atomic(void **state)
{
    (void)state;
    char out[128];
    evs_error e = {0};
    snprintf(out, sizeof out, "%s/fig.png", dir);
    const char *gp = fake("writer", writer);
    assert_int_equal(evs_plot_render("the figure\n", out, gp, NULL, &e), EVS_OK);
    char *got = slurp(out, NULL);
    assert_non_null(got);
    assert_string_equal(got, "the figure\n");
    free(got);
    assert_int_equal(count_files(".tmp"), 0);
    /* A failure leaves the previous figure untouched and no temporary. */
    gp = fake("fail2", "cat >/dev/null\necho 'boom' >&2\nexit 1");
    assert_int_equal(evs_plot_render("new\n", out, gp, NULL, &e), EVS_EPLOT);
    assert_msg_has(e, "boom");
    got = slurp(out, NULL);
    assert_string_equal(got, "the figure\n");
    free(got);
    assert_int_equal(count_files(".tmp"), 0);
    gp = fake("silent", "cat >/dev/null");
    assert_int_equal(evs_plot_render("x\n", out, gp, NULL, &e), EVS_EPLOT);
    assert_msg_has(e, "fig.png: gnuplot wrote nothing");
    assert_int_equal(count_files(".tmp"), 0);
    snprintf(out, sizeof out, "%s/no/such/dir/fig.png", dir);
    assert_int_equal(evs_plot_render("x\n", out, gp, NULL, &e), EVS_EWRITE);
    assert_msg_has(e, "fig.png: cannot create: No such file or directory");
}

/* With the caller's stdin closed, the pipe ends may land on fd 0; the
 * child must still get the script on its stdin. */
static void caller_without_stdin(void **state)
{
    (void)state;
    char out[128];
    snprintf(out, sizeof out, "%s/nostdin.png", dir);
    const char *gp = fake("writer2", writer);
    int saved = dup(0);
    assert_true(saved >= 0);
    close(0);
    evs_error e = {0};
    evs_status st = evs_plot_render("via fd 0\n", out, gp, NULL, &e);
    dup2(saved, 0);
    close(saved);
    assert_int_equal(st, EVS_OK);
    char *got = slurp(out, NULL);
    assert_string_equal(got, "via fd 0\n");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(not_found),           cmocka_unit_test(exit_status_and_stderr),
        cmocka_unit_test(never_reads),         cmocka_unit_test(warnings_on_success),
        cmocka_unit_test(render_atomic),       cmocka_unit_test(caller_without_stdin),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
