/*
 * bincache.c - binary copies of parsed CSV files (see load.h), and the
 * dataset digest.  The only user of libxxhash.  A copy is: a fixed header
 * (magic, version, byte order, the source's path, size, mtime, inode and
 * first/last 64 KiB hashes, counts, payload length and XXH3-64), then per
 * series its symbol, fields, dates and columns, then the warnings.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "bincache.h"
#include "series_internal.h"

#define BIN_MAGIC "EVSBIN\r\n"
#define BIN_VERSION 1u
#define BIN_ORDER 0x01020304u
#define EDGE ((size_t)64 << 10)

typedef struct bin_header {
    char magic[8];
    uint32_t version, order, kind, path_len, symbol_len, reserved;
    uint64_t src_size, src_ino, src_dev;
    int64_t mtime_sec, mtime_nsec;
    uint64_t head_hash, tail_hash;
    uint64_t n_series, n_rows, n_warn, payload_len, payload_hash;
    char sha256[64];      /* of the source, hex */
    uint64_t header_hash; /* of this header with the field 0, path, symbol */
} bin_header;

typedef struct series_rec {
    uint32_t symbol_len, present;
    uint64_t len;
} series_rec;

static size_t pad8(size_t n) { return (n + 7) & ~(size_t)7; }

static uint64_t edge_hash(int fd, uint64_t size, int tail)
{
    char *b = evs__malloc(EDGE);
    if (b == NULL)
        return 0;
    size_t n = size < EDGE ? (size_t)size : EDGE;
    off_t at = tail ? (off_t)(size - n) : 0;
    ssize_t got = pread(fd, b, n, at);
    uint64_t h = got == (ssize_t)n ? XXH3_64bits(b, n) : 0;
    free(b);
    return h;
}

/* Fills the source-identity part of a header. */
static void source_id(bin_header *h, int fd, const struct stat *sb)
{
    h->src_size = (uint64_t)sb->st_size;
    h->src_ino = (uint64_t)sb->st_ino;
    h->src_dev = (uint64_t)sb->st_dev;
    h->mtime_sec = (int64_t)sb->st_mtim.tv_sec;
    h->mtime_nsec = (int64_t)sb->st_mtim.tv_nsec;
    h->head_hash = edge_hash(fd, h->src_size, 0);
    h->tail_hash = edge_hash(fd, h->src_size, 1);
}

static uint64_t header_hash(const bin_header *h, const char *path,
                            const char *sym)
{
    bin_header c = *h;
    c.header_hash = 0;
    XXH3_state_t st;
    XXH3_INITSTATE(&st);
    XXH3_64bits_reset(&st);
    XXH3_64bits_update(&st, &c, sizeof c);
    XXH3_64bits_update(&st, path, h->path_len);
    XXH3_64bits_update(&st, sym, h->symbol_len);
    return XXH3_64bits_digest(&st);
}

char *evs__bin_path(const char *dir, const char *path, const char *symbol,
                    evs_series_kind kind, char real[PATH_MAX])
{
    if (realpath(path, real) == NULL)
        return NULL;
    XXH3_state_t st;
    XXH3_INITSTATE(&st);
    XXH3_64bits_reset(&st);
    XXH3_64bits_update(&st, real, strlen(real) + 1);
    XXH3_64bits_update(&st, kind == EVS_SERIES_PRICES ? "p" : "r", 1);
    if (symbol != NULL)
        XXH3_64bits_update(&st, symbol, strlen(symbol) + 1);
    size_t n = strlen(dir) + 40;
    char *out = evs__malloc(n);
    if (out != NULL)
        snprintf(out, n, "%s/%016llx.evsbin", dir,
                 (unsigned long long)XXH3_64bits_digest(&st));
    return out;
}

/* ---- writing ------------------------------------------------------------- */

typedef struct writer {
    FILE *f;
    XXH3_state_t st;
    uint64_t len;
    int bad;
} writer;

static void put(writer *w, const void *p, size_t n)
{
    static const char zeros[8];
    if (n == 0 || w->bad)
        return;
    if (fwrite(p, 1, n, w->f) != n)
        w->bad = 1;
    XXH3_64bits_update(&w->st, p, n);
    w->len += n;
    size_t pad = pad8(n) - n;
    if (pad > 0 && fwrite(zeros, 1, pad, w->f) != pad)
        w->bad = 1;
    XXH3_64bits_update(&w->st, zeros, pad);
    w->len += pad;
}

static void put_series(writer *w, const evs_series *s)
{
    series_rec r = {(uint32_t)strlen(s->symbol), s->present, s->len};
    put(w, &r, sizeof r);
    put(w, s->symbol, r.symbol_len);
    put(w, s->dates, s->len * sizeof *s->dates);
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if (s->present & (1u << f))
            put(w, s->col[f], s->len * sizeof(double));
}

static evs_status write_all(FILE *f, const evs_dataset *ds,
                            const evs__bin_warns *wn, bin_header *h,
                            const char *real, const char *sym)
{
    writer w;
    memset(&w, 0, sizeof w);
    w.f = f;
    XXH3_INITSTATE(&w.st);
    XXH3_64bits_reset(&w.st);
    size_t hl = sizeof *h + pad8(h->path_len) + pad8(h->symbol_len);
    if (fseek(f, (long)hl, SEEK_SET) != 0)
        return EVS_EWRITE;
    for (size_t i = 0; i < evs_dataset_count(ds); i++) {
        const evs_series *s = evs_dataset_at(ds, i);
        put_series(&w, s);
        h->n_rows += s->len;
    }
    for (size_t i = 0; i < wn->n; i++) {
        uint64_t n = strlen(wn->msg[i]);
        put(&w, &n, sizeof n);
        put(&w, wn->msg[i], (size_t)n);
    }
    h->n_series = evs_dataset_count(ds);
    h->n_warn = wn->n;
    h->payload_len = w.len;
    h->payload_hash = XXH3_64bits_digest(&w.st);
    h->header_hash = header_hash(h, real, sym);
    static const char zeros[8];
    if (w.bad || fseek(f, 0, SEEK_SET) != 0 || fwrite(h, sizeof *h, 1, f) != 1 ||
        fwrite(real, 1, h->path_len, f) != h->path_len ||
        fwrite(zeros, 1, pad8(h->path_len) - h->path_len, f) !=
            pad8(h->path_len) - h->path_len ||
        fwrite(sym, 1, h->symbol_len, f) != h->symbol_len ||
        fwrite(zeros, 1, pad8(h->symbol_len) - h->symbol_len, f) !=
            pad8(h->symbol_len) - h->symbol_len)
        return EVS_EWRITE;
    return EVS_OK;
}

static int make_dirs(const char *dir)
{
    char *p = evs__strdup(dir);
    if (p == NULL)
        return 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return 0;
        }
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    return 1;
}

evs_status evs__bin_write(const char *dir, const char *cpath, const char *real,
                          const char *symbol, evs_series_kind kind, int fd,
                          const struct stat *sb, const char *sha256,
                          const evs_dataset *ds, const evs__bin_warns *wn,
                          evs_error *err)
{
    if (!make_dirs(dir))
        return evs__seterr(err, EVS_EWRITE, 0, "%s: cannot create: %s", dir,
                           strerror(errno));
    bin_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, BIN_MAGIC, 8);
    h.version = BIN_VERSION;
    h.order = BIN_ORDER;
    h.kind = (uint32_t)kind;
    h.path_len = (uint32_t)strlen(real);
    h.symbol_len = symbol ? (uint32_t)strlen(symbol) : 0;
    source_id(&h, fd, sb);
    memcpy(h.sha256, sha256, sizeof h.sha256);
    evs_outfile *of = evs_outfile_open(cpath, err);
    if (of == NULL)
        return EVS_EWRITE;
    if (write_all(evs_outfile_stream(of), ds, wn, &h, real,
                  symbol ? symbol : "") != EVS_OK) {
        evs_outfile_abort(of);
        return evs__seterr(err, EVS_EWRITE, 0, "%s: write failed: %s", cpath,
                           strerror(errno ? errno : EIO));
    }
    return evs_outfile_commit(of, err);
}

/* ---- reading ------------------------------------------------------------- */

typedef struct reader {
    int fd;
    char *buf;
    size_t pos, len;
    uint64_t left; /* payload bytes not yet read */
    XXH3_state_t st;
} reader;

#define RBUF ((size_t)64 << 10)
#define SLAB_MIN_ROWS 65536 /* smaller copies: heap blocks per series */

static uint64_t slab_min_rows = SLAB_MIN_ROWS;

void evs__bin_set_slab_min_rows(uint64_t rows)
{
    slab_min_rows = rows ? rows : SLAB_MIN_ROWS;
}

/* Reads n payload bytes (plus padding) into dst, hashing them. */
static int get(reader *r, void *dst, size_t n)
{
    size_t want = pad8(n);
    if (want > r->left)
        return 0;
    char *d = dst;
    for (size_t done = 0; done < want;) {
        if (r->pos == r->len) {
            if (want - done >= RBUF && done < n) { /* big: straight in */
                size_t k = n - done;
                ssize_t got = read(r->fd, d + done, k);
                if (got <= 0)
                    return 0;
                XXH3_64bits_update(&r->st, d + done, (size_t)got);
                done += (size_t)got;
                continue;
            }
            ssize_t got = read(r->fd, r->buf, RBUF);
            if (got <= 0)
                return 0;
            r->pos = 0;
            r->len = (size_t)got;
        }
        size_t k = r->len - r->pos;
        if (k > want - done)
            k = want - done;
        XXH3_64bits_update(&r->st, r->buf + r->pos, k);
        if (done < n)
            memcpy(d + done, r->buf + r->pos, k < n - done ? k : n - done);
        r->pos += k;
        done += k;
    }
    r->left -= want;
    return 1;
}

/* A series of one column read straight into the slab's next rows. */
static evs_series *get_into_slab(reader *r, const char *sym,
                                 evs_series_kind kind, unsigned present,
                                 size_t n, evs__slab *sl)
{
    evs_series *s = evs_series_new(sym, kind, present, NULL);
    if (s == NULL)
        return NULL;
    int f = 0;
    while (s->present != 1u << f)
        f++;
    if (!evs__series_borrow(s, sl) || s->cap < n ||
        !get(r, s->dates, n * sizeof *s->dates) ||
        !get(r, s->col[f], n * sizeof(double))) {
        evs_series_free(s);
        return NULL;
    }
    s->len = n;
    s->ascending = 0; /* unknown: finish looks */
    evs__series_settle(s, sl);
    (void)evs_series_finish(s, "", NULL, NULL); /* sorted unique dates */
    return s;
}

static evs_series *get_series(reader *r, evs_series_kind kind,
                              uint64_t rows_left, evs__slab *sl)
{
    series_rec rec;
    char sym[EVS_SYMBOL_MAX + 8];
    if (!get(r, &rec, sizeof rec) || rec.symbol_len == 0 ||
        rec.symbol_len > EVS_SYMBOL_MAX || rec.len > rows_left ||
        (rec.present & ~((1u << EVS_FIELD_COUNT) - 1)) != 0 ||
        !get(r, sym, rec.symbol_len))
        return NULL;
    sym[rec.symbol_len] = '\0';
    size_t n = (size_t)rec.len;
    unsigned one = rec.present & (rec.present - 1) ? 0 : rec.present;
    if (sl != NULL && one != 0 &&
        (kind != EVS_SERIES_RETURNS || one == 1u << EVS_FIELD_RET))
        return get_into_slab(r, sym, kind, one, n, sl);
    evs_date *dates = evs__mallocarray(n ? n : 1, sizeof *dates);
    double *cols[EVS_FIELD_COUNT] = {0};
    int ok = dates != NULL && get(r, dates, n * sizeof *dates);
    for (int f = 0; f < EVS_FIELD_COUNT && ok; f++) {
        if (!(rec.present & (1u << f)))
            continue;
        cols[f] = evs__mallocarray(n ? n : 1, sizeof(double));
        ok = cols[f] != NULL && get(r, cols[f], n * sizeof(double));
    }
    if (!ok) {
        free(dates);
        for (int f = 0; f < EVS_FIELD_COUNT; f++)
            free(cols[f]);
        return NULL;
    }
    return evs__series_adopt(sym, kind, rec.present, n, dates, cols, NULL);
}

static int get_warnings(reader *r, uint64_t n, evs__bin_warns *wn)
{
    for (uint64_t i = 0; i < n; i++) {
        uint64_t len;
        if (!get(r, &len, sizeof len) || len > EVS_ERRMSG_MAX * 4)
            return 0;
        char *m = evs__malloc((size_t)len + 8);
        if (m == NULL || !get(r, m, (size_t)len)) {
            free(m);
            return 0;
        }
        m[len] = '\0';
        if (wn->n == wn->cap) {
            size_t cap = wn->cap ? wn->cap * 2 : 8;
            char **nm = evs__reallocarray(wn->msg, cap, sizeof *nm);
            if (nm == NULL) {
                free(m);
                return 0;
            }
            wn->msg = nm;
            wn->cap = cap;
        }
        wn->msg[wn->n++] = m;
    }
    return 1;
}

/* Checks the header against the source; EVS__BIN_HIT when it matches. */
static int check_header(int cfd, bin_header *h, const char *real,
                        const char *sym, evs_series_kind kind, int fd,
                        const struct stat *sb)
{
    char path[PATH_MAX + 8], s[EVS_SYMBOL_MAX + 8];
    if (pread(cfd, h, sizeof *h, 0) != (ssize_t)sizeof *h ||
        memcmp(h->magic, BIN_MAGIC, 8) != 0)
        return EVS__BIN_CORRUPT;
    if (h->version != BIN_VERSION || h->order != BIN_ORDER)
        return EVS__BIN_MISS; /* another build's format: rewrite */
    if (h->path_len > PATH_MAX || h->symbol_len > EVS_SYMBOL_MAX ||
        pread(cfd, path, h->path_len, sizeof *h) != (ssize_t)h->path_len ||
        pread(cfd, s, h->symbol_len,
              (off_t)(sizeof *h + pad8(h->path_len))) != (ssize_t)h->symbol_len ||
        header_hash(h, path, s) != h->header_hash)
        return EVS__BIN_CORRUPT;
    if (h->kind != (uint32_t)kind || h->path_len != strlen(real) ||
        memcmp(path, real, h->path_len) != 0 ||
        h->symbol_len != strlen(sym) || memcmp(s, sym, h->symbol_len) != 0)
        return EVS__BIN_MISS; /* another input that hashed to this name */
    bin_header now;
    source_id(&now, fd, sb);
    if (now.src_size != h->src_size || now.src_ino != h->src_ino ||
        now.src_dev != h->src_dev || now.mtime_sec != h->mtime_sec ||
        now.mtime_nsec != h->mtime_nsec || now.head_hash != h->head_hash ||
        now.tail_hash != h->tail_hash)
        return EVS__BIN_MISS; /* the source changed */
    struct stat cs;
    if (fstat(cfd, &cs) != 0 ||
        (uint64_t)cs.st_size != sizeof *h + pad8(h->path_len) +
                                    pad8(h->symbol_len) + h->payload_len)
        return EVS__BIN_CORRUPT;
    return EVS__BIN_HIT;
}

int evs__bin_read(const char *cpath, const char *real, const char *symbol,
                  evs_series_kind kind, int fd, const struct stat *sb,
                  evs_dataset **out, evs__bin_warns *wn, char sha256[65])
{
    *out = NULL;
    int cfd = open(cpath, O_RDONLY | O_CLOEXEC);
    if (cfd < 0)
        return EVS__BIN_MISS;
    bin_header h;
    memset(&h, 0, sizeof h);
    int res = check_header(cfd, &h, real, symbol ? symbol : "", kind, fd, sb);
    reader r;
    memset(&r, 0, sizeof r);
    r.fd = cfd;
    r.left = h.payload_len;
    evs_dataset *ds = NULL;
    if (res == EVS__BIN_HIT) {
        r.buf = evs__malloc(RBUF);
        ds = evs_dataset_new(NULL);
        XXH3_INITSTATE(&r.st);
        XXH3_64bits_reset(&r.st);
        if (r.buf == NULL || ds == NULL ||
            lseek(cfd, (off_t)(sizeof h + pad8(h.path_len) +
                               pad8(h.symbol_len)), SEEK_SET) < 0)
            res = EVS__BIN_MISS;
    }
    /* One slab for all the rows when they fit the header's count; series
     * of one column take their piece, others go to the heap. */
    evs__slab *sl = res == EVS__BIN_HIT && h.n_rows >= slab_min_rows &&
                            h.n_rows <= SIZE_MAX / sizeof(double)
                        ? evs__slab_new((size_t)h.n_rows)
                        : NULL;
    uint64_t rows = 0;
    for (uint64_t i = 0; res == EVS__BIN_HIT && i < h.n_series; i++) {
        evs_series *s = get_series(&r, kind, h.n_rows - rows, sl);
        if (s == NULL || evs_dataset_add_owned(ds, s, NULL) != EVS_OK)
            res = EVS__BIN_CORRUPT;
        else
            rows += evs_series_len(s);
    }
    if (res == EVS__BIN_HIT &&
        (!get_warnings(&r, h.n_warn, wn) || r.left != 0 ||
         rows != h.n_rows || XXH3_64bits_digest(&r.st) != h.payload_hash))
        res = EVS__BIN_CORRUPT;
    evs__slab_release(sl); /* the series hold their own references */
    free(r.buf);
    close(cfd);
    if (res == EVS__BIN_HIT) {
        *out = ds;
        memcpy(sha256, h.sha256, 64);
        sha256[64] = '\0';
    } else
        evs_dataset_free(ds);
    return res;
}

/* ---- warnings ------------------------------------------------------------ */

void evs__bin_warn_cb(void *ud, const char *msg)
{
    evs__bin_warns *w = ud;
    if (w->fwd != NULL && w->fwd->fn != NULL)
        w->fwd->fn(w->fwd->userdata, msg);
    size_t ol = strlen(w->origin);
    int strip = strncmp(msg, w->origin, ol) == 0 && msg[ol] == ':';
    const char *rest = strip ? msg + ol : msg;
    char *m = evs__malloc(strlen(rest) + 2);
    if (w->n == w->cap && m != NULL) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        char **nm = evs__reallocarray(w->msg, cap, sizeof *nm);
        if (nm == NULL) {
            free(m);
            m = NULL;
        } else {
            w->msg = nm;
            w->cap = cap;
        }
    }
    if (m == NULL) {
        w->oom = 1; /* the copy would lose a warning: it is not written */
        return;
    }
    m[0] = strip ? '\1' : '\2';
    memcpy(m + 1, rest, strlen(rest) + 1);
    w->msg[w->n++] = m;
}

void evs__bin_warns_replay(const evs__bin_warns *w, const char *origin,
                           const evs_warner *to)
{
    for (size_t i = 0; i < w->n; i++) {
        if (w->msg[i][0] == '\1')
            evs__warn(to, "%s%s", origin, w->msg[i] + 1);
        else
            evs__warn(to, "%s", w->msg[i] + 1);
    }
}

void evs__bin_warns_clear(evs__bin_warns *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->msg[i]);
    free(w->msg);
    w->msg = NULL;
    w->n = w->cap = 0;
}

/* ---- digest -------------------------------------------------------------- */

/* The XXH3-64 of one series: symbol, kind, fields, dates, values. */
static uint64_t series_digest(const evs_series *s)
{
    XXH3_state_t st;
    XXH3_INITSTATE(&st);
    XXH3_64bits_reset(&st);
    series_rec r = {(uint32_t)strlen(s->symbol), s->present, s->len};
    uint32_t kind = (uint32_t)s->kind;
    XXH3_64bits_update(&st, &r, sizeof r);
    XXH3_64bits_update(&st, &kind, sizeof kind);
    XXH3_64bits_update(&st, s->symbol, r.symbol_len);
    XXH3_64bits_update(&st, s->dates, s->len * sizeof *s->dates);
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if (s->present & (1u << f))
            XXH3_64bits_update(&st, s->col[f], s->len * sizeof(double));
    return XXH3_64bits_digest(&st);
}

typedef struct digest_job {
    const evs_dataset *ds;
    uint64_t *h;
} digest_job;

static void digest_one(void *arg, size_t i)
{
    digest_job *j = arg;
    j->h[i] = series_digest(evs_dataset_at(j->ds, i));
}

void evs_dataset_digest(const evs_dataset *ds, char hex[17])
{
    /* The series' digests are independent: threads make them, and one
     * hash of them in order makes the dataset's. */
    size_t n = evs_dataset_count(ds);
    uint64_t *h = evs__mallocarray(n ? n : 1, sizeof *h), d;
    if (h != NULL) {
        digest_job j = {ds, h};
        evs__parallel_for(n, n < 16 ? 1 : evs__threads(0), digest_one, &j);
        d = XXH3_64bits(h, n * sizeof *h);
        free(h);
    } else { /* the same hash of the same list, one series at a time */
        XXH3_state_t st;
        XXH3_INITSTATE(&st);
        XXH3_64bits_reset(&st);
        for (size_t i = 0; i < n; i++) {
            uint64_t one = series_digest(evs_dataset_at(ds, i));
            XXH3_64bits_update(&st, &one, sizeof one);
        }
        d = XXH3_64bits_digest(&st);
    }
    snprintf(hex, 17, "%016llx", (unsigned long long)d);
}
