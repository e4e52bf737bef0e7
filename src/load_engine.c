/*
 * load_engine.c - the streaming CSV loader behind every price and return
 * file.  Plain lines (no quote, no padding, numbers in the fast parser's
 * range) are parsed straight from the read window; any other record goes
 * through the tokenizer and the front's row parser (load_prices.c), which
 * own every message.  Large files are split into segments parsed by
 * threads and joined in file order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loadrows.h"
#include "numparse.h"
#include "series_internal.h"

#define SPLIT_MIN_DEFAULT ((size_t)8 << 20)
#define MAX_SEGS 16
#define SEGS_PER_THREAD 4
#define FAST_LINE_MAX 4096 /* longer lines take the tokenizer's path */
#define SLAB_MIN_DEFAULT ((uint64_t)1 << 20) /* smaller segments: the heap */

static size_t split_min = SPLIT_MIN_DEFAULT;
static int quick_on = 1;
static uint64_t slab_min = SLAB_MIN_DEFAULT;
static size_t slab_rows; /* 0: from the segment's size */

static _Atomic size_t refused_joins;

void evs__load_set_split_min(size_t n) { split_min = n ? n : SPLIT_MIN_DEFAULT; }
size_t evs__load_refused_joins(void) { return refused_joins; }
void evs__load_set_quick(int on) { quick_on = on; }
void evs__load_set_slab_min(uint64_t n) { slab_min = n ? n : SLAB_MIN_DEFAULT; }
void evs__load_set_slab_rows(size_t rows) { slab_rows = rows; }

typedef struct plan { /* read-only, shared by the segments */
    const evs__load_req *req;
    const char *symbol; /* fixed symbol of a file without a symbol column */
    evs__layout lay;
    int quick; /* the layout is date,symbol,value: quick_run applies */
} plan;

typedef struct ctx { /* the parse state of one segment */
    const plan *pl;
    evs_dataset *tmp;
    evs_series *last;
    size_t last_len; /* strlen(last->symbol) */
    size_t rows;
    long line;       /* line number at the stream position */
    long last_line;  /* line of the last record or blank line */
    int month_key;   /* fast_date's cache: yyyymm, its first day, length */
    evs_date month_first;
    int month_days;
    uint64_t month_bytes; /* the cached month's "YYYY-MM-" as read */
    uint64_t span;        /* bytes this segment parses (0: unknown) */
    evs__slab *slab;      /* where its series' rows go, made on first use */
    evs_series *holder;   /* the series holding the slab's free rows */
    int slab_tried;
    evs__csv c;
    evs_status st;
    evs_error err;
} ctx;

/* Bytes a symbol may hold (evs_series_new's rule): printable ASCII other
 * than space, ',' and '"'.  A table: one load per byte. */
static const unsigned char sym_ok[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
    R16(0), R16(0),
    0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* ' ' '"' ',' */
    R16(1), R16(1), R16(1), R16(1),
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* DEL */
    R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0), R16(0)
#undef R16
};

static int dig(const char *p) { return (unsigned)(*p - '0') < 10; }

/* YYYY-MM-DD at p (10 bytes readable), as evs_date_parse would read it.
 * The day number of the month's first day is cached: rows of a long file
 * come a month at a time. */
static int fast_date(ctx *cx, const char *p, evs_date *out)
{
    if (!(dig(p) && dig(p + 1) && dig(p + 2) && dig(p + 3) && p[4] == '-' &&
          dig(p + 5) && dig(p + 6) && p[7] == '-' && dig(p + 8) && dig(p + 9)))
        return 0;
    int ym = ((p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
              (p[3] - '0')) * 100 + (p[5] - '0') * 10 + (p[6] - '0');
    int d = (p[8] - '0') * 10 + (p[9] - '0');
    if (ym != cx->month_key) {
        evs_date first, next;
        int y = ym / 100, m = ym % 100;
        if (!evs_date_from_ymd(y, m, 1, &first) ||
            !evs_date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1,
                               &next))
            return evs_date_parse(p, 10, out); /* 9999-12 or invalid */
        cx->month_key = ym;
        memcpy(&cx->month_bytes, p, 8);
        cx->month_first = first;
        cx->month_days = next - first;
    }
    if (d < 1 || d > cx->month_days)
        return 0;
    *out = cx->month_first + d - 1;
    return 1;
}

/* The value checks of evs__parse_row for field m, as a bound: a value x
 * is accepted when x > lo, or x >= lo when *incl.  Volumes are not
 * negative, returns are above -100%, prices are positive. */
static double value_bound(int m, int prices, int *incl)
{
    *incl = m == EVS_FIELD_VOLUME;
    return m == EVS_FIELD_RET ? -1 : *incl || prices ? 0 : -HUGE_VAL;
}

static int value_ok(int m, int prices, double x)
{
    int incl;
    double lo = value_bound(m, prices, &incl);
    return incl ? x >= lo : x > lo;
}

/* Parses a plain row at p (the window ends at e) and returns the byte
 * after its '\n'; NULL sends the row to the tokenizer.  Accepts only what
 * evs__parse_row would accept, with the same result. */
static const char *fast_row(ctx *cx, const char *p, const char *e,
                            evs_date *date, const char **sym, size_t *symlen,
                            double *v)
{
    const evs__layout *lay = &cx->pl->lay;
    int prices = cx->pl->req->kind == EVS_SERIES_PRICES;
    const char *p0 = p;
    for (size_t i = 0; i < lay->ncols; i++) {
        int m = lay->map[i];
        if (m == EVS__COL_DATE) {
            if (e - p < 11 || !fast_date(cx, p, date))
                return NULL;
            p += 10;
        } else if (m == EVS__COL_SYMBOL) {
            const char *s0 = p;
            while (p < e && sym_ok[(unsigned char)*p])
                p++;
            if (p == s0 || p - s0 > EVS_SYMBOL_MAX)
                return NULL;
            *sym = s0;
            *symlen = (size_t)(p - s0);
        } else if (m == EVS__COL_IGNORE) {
            if (p < e && (*p == '"' || *p == ' ' || *p == '\t'))
                return NULL;
            for (; p < e && *p != ',' && *p != '\n'; p++)
                if (*p == '\0')
                    return NULL;
            if (p > p0 && p[-1] == '\r')
                p--;
        } else if (p < e && *p != ',' && *p != '\n' && *p != '\r') {
            double x;
            const char *q = evs__num_prefix(p, e, &x);
            if (q == NULL || !value_ok(m, prices, x))
                return NULL;
            p = q;
            v[m] = x;
        } else {
            v[m] = NAN; /* empty cell: missing */
        }
        if (p >= e || *p != (i + 1 < lay->ncols ? ',' : *p == '\r' ? '\r' : '\n'))
            return NULL;
        p++;
    }
    if (p[-1] == '\r') {
        if (p >= e || *p != '\n')
            return NULL;
        p++;
    }
    return p - p0 > FAST_LINE_MAX ? NULL : p;
}

/* a (a series' symbol, a 65-byte array) equals the n bytes at b, which
 * has `room` readable bytes: one 8-byte compare for short symbols. */
static int same_sym(const char *a, const char *b, size_t n, size_t room)
{
    if (EVS__LE && n <= 8 && room >= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        uint64_t mask = n == 8 ? ~0ull : (1ull << (8 * n)) - 1; /* little-endian */
        return ((x ^ y) & mask) == 0;
    }
    return memcmp(a, b, n) == 0;
}

/* Rows that continue the current series of a date,symbol,value file on
 * the next line, in the month of the row before: the run a long file
 * grouped by symbol is made of.  Each row is compared with what the row
 * before established (month bytes, symbol, separators) instead of being
 * scanned, and the series' state stays in locals until the run ends.  The
 * first row that is not such a row ends the run, and fast_row takes it, so
 * this accepts a subset of fast_row's rows with the same result.  Returns
 * the first byte not taken. */
static const char *quick_run(ctx *cx, const char *p, const char *lim,
                             const char *e)
{
    evs_series *s = cx->last;
    int f = cx->pl->lay.map[2];
    if (s->present != 1u << f || s->nruns == 0 || cx->month_key < 0)
        return p;
    const evs__linerun *r = &s->runs[s->nruns - 1];
    /* The run of input lines goes on by itself: step 1 (a run of one row
     * has step 0), next line. */
    if (r->step != 1 ||
        s->last_line + 1 != (unsigned long)cx->line)
        return p;
    size_t n = cx->last_len;
    int word = EVS__LE && n <= 8;
    uint64_t mask = n >= 8 ? ~0ull : (1ull << (8 * n)) - 1, symw = 0;
    memcpy(&symw, s->symbol, 8); /* a 65-byte array */
    symw &= mask;
    const uint64_t month = cx->month_bytes;
    const int days = cx->month_days;
    const evs_date first = cx->month_first;
    const int prices = cx->pl->req->kind == EVS_SERIES_PRICES;
    int incl; /* value_ok's bound, fixed for the run */
    const double lo = value_bound(f, prices, &incl);
    evs_date *dates = s->dates;
    double *vals = s->col[f];
    size_t len = s->len;
    const size_t len0 = len, cap = s->cap;
    /* 64 bytes: what the reads below may touch, the symbol's besides. */
    while (p < lim && e - p >= 64 + (ptrdiff_t)n && len < cap) {
        uint64_t ym, w;
        memcpy(&ym, p, 8);
        unsigned d1 = (unsigned char)p[8] - '0', d0 = (unsigned char)p[9] - '0';
        if (ym != month || d1 > 9 || d0 > 9 || p[10] != ',')
            break;
        int d = (int)(d1 * 10 + d0);
        if (d < 1 || d > days)
            break;
        if (first + d - 1 <= dates[len - 1])
            break; /* out of order: the general path records it */
        const char *sp = p + 11;
        memcpy(&w, sp, 8);
        if (sp[n] != ',' ||
            (word ? (w & mask) != symw : memcmp(s->symbol, sp, n) != 0))
            break;
        double x; /* short_frac ends at the '\n', well inside the window */
        const char *q = evs__num_short_frac(sp + n + 1, &x);
        if (q == NULL) { /* an empty cell has no digits: NULL */
            q = evs__num_prefix(sp + n + 1, e, &x);
            if (q == NULL || q >= e || *q != '\n' || q + 1 - p > FAST_LINE_MAX)
                break;
        }
        if (incl ? !(x >= lo) : !(x > lo))
            break;
        dates[len] = first + d - 1;
        vals[len++] = x;
        p = q + 1;
    }
    size_t k = len - len0;
    s->len = len;
    s->last_line += k;
    cx->line += (long)k;
    cx->rows += k;
    return p;
}

/* Makes the series of `sym` current; a new one is sized like the last
 * (files hold securities of similar length). */
static evs_series *switch_series(ctx *cx, const char *sym, size_t len,
                                 long line)
{
    const plan *pl = cx->pl;
    evs__field f = {(char *)sym, len};
    if (sym == NULL)
        f = (evs__field){(char *)pl->symbol, pl->symbol ? strlen(pl->symbol) : 0};
    evs_series *prev = cx->last;
    evs_series *s = evs__series_for(cx->tmp, f, pl->req->kind,
                                    pl->lay.present, pl->req->origin, line,
                                    &cx->err);
    if (s == NULL) {
        cx->st = cx->err.code;
        return NULL;
    }
    if (cx->holder != NULL && s != cx->holder) {
        evs__series_settle(cx->holder, cx->slab);
        cx->holder = NULL;
    }
    if (s->cap == 0 && !cx->slab_tried && pl->quick && cx->span >= slab_min) {
        /* Room for every row when a row takes 12 bytes or more; a file of
         * shorter rows fills the slab, and the series go on on the heap. */
        cx->slab = evs__slab_new(slab_rows ? slab_rows : cx->span / 12 + 16);
        cx->slab_tried = 1;
    }
    if (s->cap == 0 && evs__series_borrow(s, cx->slab))
        cx->holder = s;
    else if (s->cap == 0 && prev != NULL && prev->len >= 64)
        evs__series_reserve(s, prev->len + prev->len / 16 + 16);
    cx->last = s;
    cx->last_len = strlen(s->symbol);
    return s;
}

static int push(ctx *cx, evs_series *s, evs_date d, const double *v,
                long line)
{
    if (evs__series_push_quick(s, d, v, line))
        return 1;
    cx->st = evs__seterr(&cx->err, EVS_ENOMEM, line, "%s: out of memory",
                         cx->pl->req->origin);
    return 0;
}

enum { FAST_STOP, FAST_MORE, FAST_ODD, FAST_ERR };


/* Takes plain lines from the window until `stop`, the window's end, or a
 * line for the tokenizer. */
static int fast_lines(ctx *cx, evs__stream *st, uint64_t stop)
{
    const char *p = st->buf + st->beg, *e = st->buf + st->end;
    uint64_t room = stop - evs__stream_pos(st);
    const char *lim = room < (uint64_t)(e - p) ? p + room : e;
    int why = FAST_STOP;
    while (p < lim) {
        if (cx->pl->quick && cx->last != NULL) {
            p = quick_run(cx, p, lim, e);
            if (p >= lim)
                break;
        }
        if (*p == '\n' || (*p == '\r' && p + 1 < e && p[1] == '\n')) {
            cx->last_line = cx->line++; /* blank line */
            p += *p == '\n' ? 1 : 2;
            continue;
        }
        evs_date d;
        const char *sym = NULL;
        size_t sl = 0;
        double v[EVS_FIELD_COUNT];
        const char *q = fast_row(cx, p, e, &d, &sym, &sl, v);
        if (q == NULL) {
            why = memchr(p, '\n', (size_t)(e - p)) ? FAST_ODD : FAST_MORE;
            break;
        }
        evs_series *s = cx->last;
        if (s == NULL || (sym != NULL && (sl != cx->last_len ||
                                          !same_sym(s->symbol, sym, sl,
                                                    (size_t)(e - sym)))))
            s = switch_series(cx, sym, sl, cx->line);
        if (s == NULL || !push(cx, s, d, v, cx->line)) {
            why = FAST_ERR;
            break;
        }
        cx->rows++;
        cx->line++;
        p = q;
    }
    st->beg = (size_t)(p - st->buf);
    return why;
}

/* One record through the tokenizer and evs__parse_row.  1: a row; 0: end
 * of input; -1: error (cx->st). */
static int slow_record(ctx *cx, evs__stream *st)
{
    const plan *pl = cx->pl;
    int r = evs__stream_record(st, &cx->c, &cx->line, &cx->err);
    if (cx->c.line > 0)
        cx->last_line = cx->c.line;
    if (r <= 0) {
        if (r < 0)
            cx->st = cx->err.code;
        return r;
    }
    evs_date date = 0;
    evs__field sym = {0};
    double v[EVS_FIELD_COUNT];
    cx->st = evs__parse_row(&cx->c, &pl->lay, pl->req->kind, &date, &sym, v,
                            &cx->err);
    if (cx->st != EVS_OK)
        return -1;
    evs_series *s = cx->last;
    if (!pl->lay.has_symbol)
        sym.p = NULL;
    if (s == NULL || (sym.p != NULL && (sym.len != cx->last_len ||
                                        memcmp(s->symbol, sym.p, sym.len) != 0)))
        s = switch_series(cx, sym.p, sym.len, cx->c.line);
    if (s == NULL || !push(cx, s, date, v, cx->c.line))
        return -1;
    cx->rows++;
    return 1;
}

/* Parses from the stream position until `stop` (or the end of input). */
static void seg_run(ctx *cx, evs__stream *st, uint64_t stop)
{
    evs__locale_guard g;
    evs__locale_push(&g);
    while (cx->st == EVS_OK && evs__stream_pos(st) < stop) {
        int why = fast_lines(cx, st, stop);
        if (why == FAST_ERR || evs__stream_pos(st) >= stop)
            break;
        /* A pending line past the limit goes to the slow path, which
         * refuses it before reading any further. */
        if (why == FAST_MORE && !st->eof &&
            st->end - st->beg <= (size_t)EVS_LOAD_MAX_LINE + 1) {
            int r = evs__stream_more(st, &cx->err);
            if (r < 0)
                cx->st = cx->err.code;
            if (r != 0)
                continue;
        }
        if (slow_record(cx, st) <= 0)
            break;
    }
    /* Joins append to the series: the last one gives back what it holds. */
    evs__series_settle(cx->holder, cx->slab);
    cx->holder = NULL;
    evs__locale_pop(&g);
}

static void ctx_init(ctx *cx, const plan *pl, long line)
{
    memset(cx, 0, sizeof *cx);
    cx->pl = pl;
    cx->line = line;
    cx->month_key = -1;
    cx->tmp = evs_dataset_new(&cx->err);
    cx->st = cx->tmp ? EVS_OK : EVS_ENOMEM;
}

static void ctx_clear(ctx *cx)
{
    evs_dataset_free(cx->tmp);
    cx->tmp = NULL;
    evs__slab_release(cx->slab);
    cx->slab = NULL;
    evs__csv_free(&cx->c);
}

/* Moves the series of b (the segment after a's) into a, shifting b's
 * lines by `shift`; b's dataset is left to be freed. */
static evs_status merge_ctx(ctx *a, ctx *b, long shift)
{
    size_t n = evs_dataset_count(b->tmp);
    char last[EVS_SYMBOL_MAX + 1] = "";
    if (b->last != NULL) /* b's series are freed or moved below */
        memcpy(last, b->last->symbol, sizeof last);
    for (size_t i = 0; i < n; i++) {
        evs_series *s = evs__dataset_take(b->tmp, i);
        evs_series *d = (evs_series *)evs_dataset_find(a->tmp, s->symbol);
        if (d != NULL) {
            int ok = evs__series_append(d, s, shift);
            evs_series_free(s);
            if (!ok)
                return evs__seterr(&a->err, EVS_ENOMEM, 0, "%s: out of "
                                   "memory", a->pl->req->origin);
            continue;
        }
        evs__series_shift_lines(s, shift);
        if (evs_dataset_add_owned(a->tmp, s, &a->err) != EVS_OK)
            return a->err.code;
    }
    a->rows += b->rows;
    a->line = b->line + shift;
    if (b->last_line > 0)
        a->last_line = b->last_line + shift;
    if (last[0] != '\0') {
        a->last = (evs_series *)evs_dataset_find(a->tmp, last);
        a->last_len = strlen(last);
    }
    return EVS_OK;
}

typedef struct seg {
    ctx cx;
    evs__stream st;
    uint64_t start, stop;
    int ran;
} seg;

/* Segments 1..n-1, taken in file order by whichever thread is free: more
 * segments than threads, so that a slow one (page faults, a busy core)
 * does not leave the other threads idle at the end. */
typedef struct seg_pool {
    seg *sg;
    size_t n;
    _Atomic size_t next;
} seg_pool;

static void *pool_main(void *arg)
{
    seg_pool *p = arg;
    for (size_t i; (i = p->next++) < p->n;) {
        seg *g = &p->sg[i];
        if (g->cx.st == EVS_OK)
            seg_run(&g->cx, &g->st, g->stop);
        g->ran = 1;
    }
    return NULL;
}

/* Offset just after the first '\n' at or after `at`, or 0 when none. */
static uint64_t line_start_after(int fd, uint64_t at, uint64_t size)
{
    char b[4096];
    while (at < size) {
        ssize_t n = pread(fd, b, sizeof b, (off_t)at);
        if (n <= 0)
            return 0;
        const char *nl = memchr(b, '\n', (size_t)n);
        if (nl != NULL)
            return at + (uint64_t)(nl - b) + 1;
        at += (uint64_t)n;
    }
    return 0;
}

/* Split points of [pos, size) into up to `want` segments when there are
 * at least split_min bytes, each segment at least half of that; returns
 * the number of segments. */
static size_t plan_splits(int fd, uint64_t pos, uint64_t size, size_t want,
                          uint64_t *starts)
{
    uint64_t rest = size > pos ? size - pos : 0;
    uint64_t half = split_min / 2 ? split_min / 2 : 1;
    if (want > MAX_SEGS)
        want = MAX_SEGS;
    if (rest < split_min)
        want = 1;
    else if (rest / half < want)
        want = (size_t)(rest / half);
    size_t n = 1;
    starts[0] = pos;
    for (size_t i = 1; i < want; i++) {
        uint64_t at = line_start_after(fd, pos + rest / want * i, size);
        if (at == 0 || at >= size || at <= starts[n - 1])
            break;
        starts[n++] = at;
    }
    return n;
}

static unsigned thread_count(unsigned asked)
{
    if (asked != 0)
        return asked;
    unsigned n = evs__threads(0);
    return n > MAX_SEGS ? MAX_SEGS : n;
}

/* Runs segment 0 here and segments 1..n-1 on `threads` threads (this one
 * included), then joins them in order.  A segment that failed, or whose
 * predecessor ended past its start (a quoted newline at the split), is
 * parsed again serially from where the joined part ends, so that the
 * result and every message are those of a serial parse. */
static void run_parallel(ctx *c0, evs__stream *st0, seg *sg, size_t n,
                         unsigned threads)
{
    seg_pool pool = {sg, n, 1};
    pthread_t th[MAX_SEGS];
    size_t nth = 0;
    while (nth + 1 < threads && nth + 1 < n &&
           pthread_create(&th[nth], NULL, pool_main, &pool) == 0)
        nth++;
    seg_run(c0, st0, sg[1].start);
    pool_main(&pool);
    for (size_t t = 0; t < nth; t++)
        pthread_join(th[t], NULL);
    evs__stream *cur = st0;
    size_t i = 1;
    for (; i < n && c0->st == EVS_OK; i++) {
        if (evs__stream_pos(cur) != sg[i].start || !sg[i].ran ||
            sg[i].cx.st != EVS_OK)
            break;
        c0->st = merge_ctx(c0, &sg[i].cx, c0->line - 1);
        cur = &sg[i].st;
    }
    if (c0->st == EVS_OK && i < n) {
        refused_joins++;
        seg_run(c0, cur, UINT64_MAX);
    }
}

static evs_status run_segments(ctx *c0, evs__stream *st, unsigned threads)
{
    uint64_t starts[MAX_SEGS];
    uint64_t pos = evs__stream_pos(st), size = 0; /* 0: not known */
    struct stat sb;
    size_t n = 1;
    if (st->fd < 0)
        size = pos + (st->end - st->beg); /* all of it is in memory */
    else if (st->seekable && fstat(st->fd, &sb) == 0 && S_ISREG(sb.st_mode))
        size = (uint64_t)sb.st_size;
    if (st->fd >= 0 && size > 0 && threads > 1)
        n = plan_splits(st->fd, pos, size, (size_t)threads * SEGS_PER_THREAD,
                        starts);
    if (n < 2) {
        c0->span = size > pos ? size - pos : 0;
        seg_run(c0, st, UINT64_MAX);
        return c0->st;
    }
    c0->span = starts[1] - pos;
    seg sg[MAX_SEGS];
    memset(sg, 0, sizeof sg);
    for (size_t i = 1; i < n; i++) {
        sg[i].start = starts[i];
        sg[i].stop = i + 1 < n ? starts[i + 1] : UINT64_MAX;
        ctx_init(&sg[i].cx, c0->pl, 1);
        sg[i].cx.span = (i + 1 < n ? starts[i + 1] : size) - starts[i];
        if (sg[i].cx.st == EVS_OK)
            sg[i].cx.st = evs__stream_open_fd(&sg[i].st, st->fd, 1, starts[i],
                                              st->chunk, st->origin,
                                              &sg[i].cx.err);
    }
    sg[1].start = starts[1];
    run_parallel(c0, st, sg, n, threads);
    for (size_t i = 1; i < n; i++) {
        ctx_clear(&sg[i].cx);
        evs__stream_close(&sg[i].st);
    }
    return c0->st;
}

static void finish_one(void *ds, size_t i)
{
    evs__series_finish_quiet((evs_series *)evs_dataset_at(ds, i));
}

/* Finishes, over threads, every series that needs no message (sorted
 * dates, newest first or oldest first); the serial pass that follows
 * finishes the rest in order, so every warning and error comes as from a
 * serial load. */
static void finish_quiet(evs_dataset *ds, unsigned threads)
{
    size_t n = evs_dataset_count(ds);
    evs__parallel_for(n, n < 16 ? 1 : threads, finish_one, ds);
}

/* Header: the symbol rule of price files (by the raw first line, as
 * evs_load_prices_csv documents), then the column map and its checks. */
static evs_status read_head(plan *pl, ctx *cx, evs__stream *st)
{
    const evs__load_req *req = pl->req;
    if (!evs__stream_prepare(st, &cx->c, cx->line, &cx->err))
        return cx->err.code;
    pl->symbol = req->symbol;
    if (req->kind == EVS_SERIES_PRICES && req->symbol == NULL &&
        req->stem != NULL &&
        !evs__csv_has_column(st->buf + st->beg, st->end - st->beg, "symbol") &&
        !evs__csv_has_column(st->buf + st->beg, st->end - st->beg, "ticker"))
        pl->symbol = req->stem;
    evs_status rc = evs__read_header(&cx->c, req->kind, &pl->lay, &cx->err);
    if (rc != EVS_OK)
        return rc;
    evs__stream_advance(st, &cx->c, &cx->line);
    cx->last_line = cx->c.line;
    const evs__layout *l = &pl->lay;
    pl->quick = quick_on && l->ncols == 3 && l->map[0] == EVS__COL_DATE &&
                l->map[1] == EVS__COL_SYMBOL && l->map[2] >= 0 &&
                l->map[2] < EVS_FIELD_COUNT;
    return evs__check_header(&pl->lay, req->kind, pl->symbol, req->origin,
                             &cx->err);
}

evs_status evs__load_stream(evs_dataset *ds, evs__stream *st,
                            const evs__load_req *req, const evs_warner *warn,
                            evs_error *err)
{
    plan pl = {req, NULL, {0}, 0};
    ctx c0;
    ctx_init(&c0, &pl, 1);
    evs__locale_guard g;
    evs__locale_push(&g);
    if (c0.st == EVS_OK)
        c0.st = read_head(&pl, &c0, st);
    if (c0.st == EVS_OK)
        c0.st = run_segments(&c0, st, thread_count(req->threads));
    if (c0.st == EVS_OK && c0.rows == 0)
        c0.st = evs__seterr(&c0.err, EVS_EPARSE,
                            c0.last_line ? c0.last_line : 1,
                            "%s: no data rows after the header", req->origin);
    if (c0.st == EVS_OK)
        finish_quiet(c0.tmp, thread_count(req->threads));
    for (size_t i = 0; c0.st == EVS_OK && i < evs_dataset_count(c0.tmp); i++)
        c0.st = evs_series_finish((evs_series *)evs_dataset_at(c0.tmp, i),
                                  req->origin, warn, &c0.err);
    evs_status rc = c0.st;
    if (rc == EVS_OK) {
        rc = evs__dataset_move_all(ds, c0.tmp, req->origin, err);
        c0.tmp = NULL;
    } else if (err != NULL) {
        *err = c0.err;
    }
    evs__locale_pop(&g);
    free(pl.lay.map);
    ctx_clear(&c0);
    evs__stream_close(st);
    return rc;
}
