/*
 * symbols.c - the registry of network sources and markets: source names,
 * the adjustments each source can deliver, the canonical symbol form, and
 * the one table that maps a canonical symbol to each source's own form
 * (documented in /work/shared/WIRE_FORMATS.md sections 4.1-4.4; a market
 * a source does not document is refused rather than guessed).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const source_names[EVS_SOURCE_COUNT] = {
    "auto", "yahoo", "eastmoney", "stooq", "alphavantage"};

const char *evs_source_name(evs_source s)
{
    return (unsigned)s < EVS_SOURCE_COUNT ? source_names[s] : "unknown";
}

int evs_source_from_name(const char *name, evs_source *out)
{
    for (int i = 0; i < EVS_SOURCE_COUNT; i++)
        if (strcmp(name, source_names[i]) == 0) {
            *out = (evs_source)i;
            return 1;
        }
    return 0;
}

const char *evs_adjust_name(evs_adjust a)
{
    switch (a) {
    case EVS_ADJUST_DEFAULT: return "default";
    case EVS_ADJUST_NONE: return "none";
    case EVS_ADJUST_FORWARD: return "forward";
    case EVS_ADJUST_BACKWARD: return "backward";
    case EVS_ADJUST_UNSTATED: return "unstated";
    }
    return "unknown";
}

int evs_adjust_from_name(const char *name, evs_adjust *out)
{
    static const evs_adjust all[] = {EVS_ADJUST_NONE, EVS_ADJUST_FORWARD,
                                     EVS_ADJUST_BACKWARD};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, evs_adjust_name(all[i])) == 0) {
            *out = all[i];
            return 1;
        }
    return 0;
}

/* What each source delivers (WIRE_FORMATS.md): Yahoo's close is split-
 * adjusted and adjclose split- and dividend-adjusted, both forward; the
 * Eastmoney fqt parameter picks 0 none, 1 forward, 2 backward; Stooq does
 * not state one; TIME_SERIES_DAILY is as traded (the adjusted endpoint is
 * premium).  Eastmoney defaults to backward because backward-adjusted
 * history never changes, so cached rows stay consistent with new ones. */
evs_status evs_source_adjust(evs_source src, evs_adjust want,
                             evs_adjust *out, evs_error *err)
{
    evs_adjust only;
    switch (src) {
    case EVS_SOURCE_YAHOO: only = EVS_ADJUST_FORWARD; break;
    case EVS_SOURCE_STOOQ: only = EVS_ADJUST_UNSTATED; break;
    case EVS_SOURCE_ALPHAVANTAGE: only = EVS_ADJUST_NONE; break;
    case EVS_SOURCE_EASTMONEY:
        if (want == EVS_ADJUST_UNSTATED)
            break;
        *out = want == EVS_ADJUST_DEFAULT ? EVS_ADJUST_BACKWARD : want;
        return EVS_OK;
    default:
        return evs__seterr(err, EVS_EINVAL, 0, "no source given");
    }
    if (src != EVS_SOURCE_EASTMONEY && (want == EVS_ADJUST_DEFAULT || want == only)) {
        *out = only;
        return EVS_OK;
    }
    if (src == EVS_SOURCE_EASTMONEY)
        return evs__seterr(err, EVS_EINVAL, 0, "eastmoney offers none, forward "
                           "or backward adjustment");
    return evs__seterr(err, EVS_EINVAL, 0, "%s offers only %s-adjusted prices, "
                       "not %s", evs_source_name(src), evs_adjust_name(only),
                       evs_adjust_name(want));
}

/* ---- markets ------------------------------------------------------------- */

typedef enum { MK_SS, MK_SZ, MK_HK, MK_INDEX, MK_US, MK_OTHER } market_id;

/* Source forms as templates: {sym} canonical, {lower} canonical in lower
 * case, {code} the digits, {code5} digits zero-padded to 5, {num} digits
 * without leading zeros.  NULL: the source documents no form. */
typedef struct market {
    market_id id;
    const char *name;
    evs_source deflt;
    const char *form[EVS_SOURCE_COUNT];
} market;

static const market markets[] = {
    /*                                  auto  yahoo      eastmoney      stooq          alphavantage */
    {MK_SS, "Shanghai", EVS_SOURCE_EASTMONEY, {NULL, "{sym}", "1.{code}", NULL, "{code}.SHH"}},
    {MK_SZ, "Shenzhen", EVS_SOURCE_EASTMONEY, {NULL, "{sym}", "0.{code}", NULL, "{code}.SHZ"}},
    {MK_HK, "Hong Kong", EVS_SOURCE_YAHOO, {NULL, "{sym}", "116.{code5}", "{num}.hk", NULL}},
    {MK_INDEX, "index", EVS_SOURCE_YAHOO, {NULL, "{sym}", NULL, NULL, NULL}},
    {MK_US, "US", EVS_SOURCE_YAHOO, {NULL, "{sym}", NULL, "{lower}.us", "{sym}"}},
    {MK_OTHER, "other-market", EVS_SOURCE_YAHOO, {NULL, "{sym}", NULL, NULL, NULL}},
};

static int sym_char_ok(char c)
{
    return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '^' ||
           c == '=' || c == '_';
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

/* The market of a canonical symbol. */
static const market *market_of(const char *sym)
{
    size_t n = strlen(sym);
    market_id id = MK_OTHER;
    if (sym[0] == '^')
        id = MK_INDEX;
    else if (n > 3 && strcmp(sym + n - 3, ".SS") == 0)
        id = MK_SS;
    else if (n > 3 && strcmp(sym + n - 3, ".SZ") == 0)
        id = MK_SZ;
    else if (n > 3 && strcmp(sym + n - 3, ".HK") == 0)
        id = MK_HK;
    else if (strchr(sym, '.') == NULL)
        id = MK_US;
    for (size_t i = 0; i < sizeof markets / sizeof markets[0]; i++)
        if (markets[i].id == id)
            return &markets[i];
    return &markets[sizeof markets / sizeof markets[0] - 1];
}

static evs_status bad_symbol(const char *in, const char *why, evs_error *err)
{
    return evs__seterr(err, EVS_EINVAL, 0, "invalid symbol '%.*s': %s",
                       EVS_SYMBOL_MAX, in, why);
}

evs_status evs_symbol_canonical(const char *in, char *out, evs_error *err)
{
    size_t n = strlen(in);
    if (n == 0 || n > EVS_SYMBOL_MAX)
        return bad_symbol(in, "want 1 to 64 characters", err);
    for (size_t i = 0; i < n; i++)
        if (!sym_char_ok(in[i]))
            return bad_symbol(in, "letters, digits and . - ^ = _ only", err);
    char up[EVS_SYMBOL_MAX + 1];
    for (size_t i = 0; i <= n; i++)
        up[i] = (char)toupper((unsigned char)in[i]);
    const char *dot = strrchr(up, '.');
    size_t code_len = dot ? (size_t)(dot - up) : 0;
    if (dot && (strcmp(dot, ".SS") == 0 || strcmp(dot, ".SZ") == 0)) {
        if (code_len != 6 || !all_digits(up, 6))
            return bad_symbol(in, "Shanghai and Shenzhen codes have 6 digits", err);
    } else if (dot && strcmp(dot, ".HK") == 0) {
        if (code_len > 5 || !all_digits(up, code_len))
            return bad_symbol(in, "Hong Kong codes have 1 to 5 digits", err);
        size_t z = 0;
        while (z < code_len && up[z] == '0')
            z++;
        if (z == code_len)
            return bad_symbol(in, "a Hong Kong code cannot be 0", err);
        /* Yahoo's form: leading zeros dropped, padded to 4 (0700.HK). */
        snprintf(out, EVS_SYMBOL_MAX + 1, "%04ld.HK", strtol(up + z, NULL, 10));
        return EVS_OK;
    } else if (up[0] == '^' && (n == 1 || strchr(up + 1, '^') != NULL)) {
        return bad_symbol(in, "an index is ^ and a name", err);
    } else if (up[0] == '.' || up[n - 1] == '.') {
        return bad_symbol(in, "a dot needs text on both sides", err);
    }
    memcpy(out, up, n + 1);
    return EVS_OK;
}

evs_source evs_symbol_default_source(const char *canonical)
{
    return market_of(canonical)->deflt;
}

/* Appends text to out[*k..n); returns 0 when it does not fit. */
static int put(char *out, size_t n, size_t *k, const char *s, size_t len)
{
    if (*k + len >= n)
        return 0;
    memcpy(out + *k, s, len);
    *k += len;
    out[*k] = '\0';
    return 1;
}

static int expand(const char *tpl, const char *sym, char *out, size_t n)
{
    const char *dot = strrchr(sym, '.');
    size_t code_len = dot ? (size_t)(dot - sym) : strlen(sym);
    size_t k = 0, z = 0;
    char tmp[EVS_SYMBOL_MAX + 8];
    while (z + 1 < code_len && sym[z] == '0')
        z++;
    out[0] = '\0';
    for (const char *p = tpl; *p;) {
        int ok = 1;
        if (strncmp(p, "{sym}", 5) == 0) {
            ok = put(out, n, &k, sym, strlen(sym)), p += 5;
        } else if (strncmp(p, "{lower}", 7) == 0) {
            size_t len = strlen(sym);
            for (size_t i = 0; i <= len; i++)
                tmp[i] = (char)tolower((unsigned char)sym[i]);
            ok = put(out, n, &k, tmp, len), p += 7;
        } else if (strncmp(p, "{code}", 6) == 0) {
            ok = put(out, n, &k, sym, code_len), p += 6;
        } else if (strncmp(p, "{code5}", 7) == 0) {
            snprintf(tmp, sizeof tmp, "%05ld", strtol(sym, NULL, 10));
            ok = put(out, n, &k, tmp, strlen(tmp)), p += 7;
        } else if (strncmp(p, "{num}", 5) == 0) {
            ok = put(out, n, &k, sym + z, code_len - z), p += 5;
        } else {
            ok = put(out, n, &k, p, 1), p++;
        }
        if (!ok)
            return 0;
    }
    return 1;
}

evs_status evs_symbol_for_source(const char *canonical, evs_source src,
                                 char *out, size_t n, evs_error *err)
{
    if ((unsigned)src >= EVS_SOURCE_COUNT || src == EVS_SOURCE_AUTO)
        return evs__seterr(err, EVS_EINVAL, 0, "no source given");
    const market *m = market_of(canonical);
    const char *tpl = m->form[src];
    if (tpl == NULL) {
        char list[128] = "";
        size_t used = 0;
        for (int s = 1; s < EVS_SOURCE_COUNT && used < sizeof list; s++)
            if (m->form[s]) {
                int w = snprintf(list + used, sizeof list - used, "%s%s",
                                 used ? ", " : "", source_names[s]);
                used += w > 0 ? (size_t)w : 0;
            }
        return evs__seterr(err, EVS_EINVAL, 0, "%s: %s has no documented "
                           "symbol form for %s listings (use --source %s)",
                           canonical, source_names[src], m->name, list);
    }
    if (!expand(tpl, canonical, out, n))
        return evs__seterr(err, EVS_EINVAL, 0, "%s: symbol too long", canonical);
    return EVS_OK;
}
