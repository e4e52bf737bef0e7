/*
 * csv.c - the CSV tokenizer (see csv.h).
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "loadutil.h"

void evs__csv_init(evs__csv *c, char *data, size_t len, const char *origin)
{
    memset(c, 0, sizeof *c);
    c->data = data;
    c->len = len;
    c->origin = origin;
    c->next_line = 1;
    if (len >= 3 && (unsigned char)data[0] == 0xEF &&
        (unsigned char)data[1] == 0xBB && (unsigned char)data[2] == 0xBF)
        c->pos = 3; /* UTF-8 byte-order mark */
}

void evs__csv_free(evs__csv *c)
{
    free(c->fields);
    c->fields = NULL;
    c->cap = c->nfields = 0;
}

static int add_field(evs__csv *c, char *p, size_t len, evs_error *err)
{
    if (c->nfields == c->cap) {
        if (c->cap >= EVS__CSV_MAX_FIELDS) {
            evs__seterr(err, EVS_EPARSE, c->line,
                        "%s:%ld: more than %d fields on one line", c->origin,
                        c->line, EVS__CSV_MAX_FIELDS);
            return 0;
        }
        size_t cap = c->cap ? c->cap * 2 : 16;
        evs__field *f = evs__reallocarray(c->fields, cap, sizeof *f);
        if (f == NULL) {
            evs__seterr(err, EVS_ENOMEM, c->line, "%s: out of memory",
                        c->origin);
            return 0;
        }
        c->fields = f;
        c->cap = cap;
    }
    c->fields[c->nfields++] = (evs__field){p, len};
    return 1;
}

/* Parses a quoted field starting at the opening quote; unescapes in place. */
static int quoted_field(evs__csv *c, evs_error *err)
{
    size_t start = ++c->pos, w = start;
    for (;;) {
        if (c->pos >= c->len) {
            evs__seterr(err, EVS_EPARSE, c->line,
                        "%s:%ld: unterminated quoted field", c->origin,
                        c->line);
            return 0;
        }
        char ch = c->data[c->pos];
        if (ch == '"') {
            if (c->pos + 1 < c->len && c->data[c->pos + 1] == '"') {
                c->data[w++] = '"';
                c->pos += 2;
                continue;
            }
            c->pos++;
            break;
        }
        if (ch == '\n')
            c->next_line++;
        else if (ch == '\0') {
            /* As in plain fields: a NUL would cut the C string short. */
            evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: NUL byte in a "
                        "field", c->origin, c->line);
            return 0;
        }
        c->data[w++] = ch;
        c->pos++;
    }
    while (c->pos < c->len && (c->data[c->pos] == ' ' || c->data[c->pos] == '\t'))
        c->pos++;
    if (c->pos < c->len && c->data[c->pos] == '\r')
        c->pos++;
    if (c->pos < c->len && c->data[c->pos] != ',' && c->data[c->pos] != '\n') {
        evs__seterr(err, EVS_EPARSE, c->line,
                    "%s:%ld: unexpected character after a closing quote",
                    c->origin, c->line);
        return 0;
    }
    return add_field(c, c->data + start, w - start, err);
}

static int plain_field(evs__csv *c, evs_error *err)
{
    size_t start = c->pos;
    const char *base = c->data + start;
    size_t room = c->len - start;
    const char *comma = memchr(base, ',', room);
    const char *nl = memchr(base, '\n', comma ? (size_t)(comma - base) : room);
    const char *end = nl ? nl : comma ? comma : c->data + c->len;
    size_t n = (size_t)(end - base);
    c->pos = start + n;
    if (n > 0 && base[n - 1] == '\r' && (nl != NULL || c->pos == c->len))
        n--;
    if (memchr(base, '\0', n) != NULL) {
        evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: NUL byte in a field",
                    c->origin, c->line);
        return 0;
    }
    return add_field(c, c->data + start, n, err);
}

int evs__csv_next(evs__csv *c, evs_error *err)
{
    for (;;) {
        if (c->pos >= c->len)
            return 0;
        c->nfields = 0;
        c->line = c->next_line;
        /* Blank line (possibly "\r\n"): skip. */
        if (c->data[c->pos] == '\n' ||
            (c->data[c->pos] == '\r' && c->pos + 1 < c->len &&
             c->data[c->pos + 1] == '\n') ||
            (c->data[c->pos] == '\r' && c->pos + 1 == c->len)) {
            while (c->pos < c->len && c->data[c->pos] != '\n')
                c->pos++;
            c->pos++;
            c->next_line++;
            continue;
        }
        for (;;) {
            size_t p = c->pos;
            while (p < c->len && (c->data[p] == ' ' || c->data[p] == '\t'))
                p++;
            int ok;
            if (p < c->len && c->data[p] == '"') {
                c->pos = p;
                ok = quoted_field(c, err);
            } else {
                ok = plain_field(c, err);
            }
            if (!ok)
                return -1;
            if (c->pos < c->len && c->data[c->pos] == ',') {
                c->pos++;
                continue;
            }
            if (c->pos < c->len) { /* '\n' */
                c->pos++;
                c->next_line++;
            }
            return 1;
        }
    }
}

evs__field evs__field_trim(evs__field f)
{
    while (f.len > 0 && (f.p[0] == ' ' || f.p[0] == '\t')) {
        f.p++;
        f.len--;
    }
    while (f.len > 0 && (f.p[f.len - 1] == ' ' || f.p[f.len - 1] == '\t'))
        f.len--;
    return f;
}

int evs__field_is_missing(evs__field f)
{
    f = evs__field_trim(f);
    return f.len == 0 || evs__strieq(f.p, f.len, "na") ||
           evs__strieq(f.p, f.len, "n/a") || evs__strieq(f.p, f.len, "nan") ||
           evs__strieq(f.p, f.len, "null") || (f.len == 1 && f.p[0] == '.');
}

const char *evs__field_show(evs__field f, char *buf, size_t n)
{
    size_t k = f.len < n - 1 ? f.len : n - 1;
    if (k > 0) /* an empty field may have p == NULL */
        memcpy(buf, f.p, k);
    buf[k] = '\0';
    if (f.len > n - 1 && n > 4)
        memcpy(buf + n - 4, "...", 4);
    for (size_t i = 0; i < k; i++)
        if ((unsigned char)buf[i] < 0x20)
            buf[i] = '?';
    return buf;
}

/* Copies the header field starting at data[*i] as the tokenizer and
 * evs__field_trim would see it (unquoted; spaces and tabs trimmed; a plain
 * field's '\r' before the newline dropped), keeping at most n - 1 bytes:
 * *over is set when a further non-blank byte did not fit.  Leaves *i on
 * the ',' or '\n' that ends the field. */
static size_t header_field(const char *data, size_t len, size_t *i,
                           char *buf, size_t n, int *over)
{
    size_t k = 0, p = *i;
    while (p < len && (data[p] == ' ' || data[p] == '\t'))
        p++;
    int quoted = p < len && data[p] == '"', inside = quoted;
    p += quoted;
    for (; p < len; p++) {
        char ch = data[p];
        if (inside && ch == '"') {
            if (p + 1 < len && data[p + 1] == '"') {
                p++;
            } else {
                inside = 0;
                continue;
            }
        } else if (!inside && (ch == ',' || ch == '\n')) {
            break;
        } else if (!inside && ch == '\r' &&
                   (p + 1 == len || data[p + 1] == '\n')) {
            continue;
        } else if (!inside && quoted) {
            continue; /* after the closing quote: blanks (or an error) */
        }
        int blank = ch == ' ' || ch == '\t';
        if (k == 0 && blank)
            continue;
        if (k < n - 1)
            buf[k++] = ch;
        else if (!blank)
            *over = 1;
    }
    *i = p;
    while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == '\t'))
        k--;
    return k;
}

/* Reads the header without tokenizing (which would allocate and write):
 * this answer must not depend on an allocation succeeding. */
int evs__csv_has_column(const char *data, size_t len, const char *name)
{
    size_t i = 0;
    if (len >= 3 && (unsigned char)data[0] == 0xEF &&
        (unsigned char)data[1] == 0xBB && (unsigned char)data[2] == 0xBF)
        i = 3;
    while (i < len && (data[i] == '\n' || data[i] == '\r'))
        i++; /* blank lines before the header, as evs__csv_next skips */
    char buf[64];
    while (i < len) {
        int over = 0;
        size_t k = header_field(data, len, &i, buf, sizeof buf, &over);
        if (!over && evs__strieq(buf, k, name))
            return 1;
        if (i >= len || data[i] == '\n')
            break;
        i++;
    }
    return 0;
}
