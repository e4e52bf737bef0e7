/*
 * studyfile_ipo.c - the inline "ipos" array of a study file: listing
 * objects with the IPO CSV's column names as keys, checked by the same
 * evs_ipos_add as the CSV reader.  Unknown keys are errors, as everywhere
 * in a study file, so that typos do not pass silently.
 */
#include <jansson.h>
#include <string.h>

#include "ipo_internal.h"

typedef struct key_slot {
    const char *name;
    int kind; /* 0 text, 1 number, 2 date */
} key_slot;

static const key_slot keys[] = {
    {"symbol", 0},       {"name", 0},          {"exchange", 0},
    {"currency", 0},     {"benchmark", 0},     {"listing_date", 2},
    {"pricing_date", 2}, {"offer_price", 1},   {"shares_offered", 1},
    {"shares_outstanding", 1}, {"first_open", 1}, {"first_high", 1},
    {"first_low", 1},    {"first_close", 1}};

static double *num_slot(evs_ipo *r, const char *k)
{
    if (strcmp(k, "offer_price") == 0) return &r->offer_price;
    if (strcmp(k, "shares_offered") == 0) return &r->shares_offered;
    if (strcmp(k, "shares_outstanding") == 0) return &r->shares_outstanding;
    if (strcmp(k, "first_open") == 0) return &r->first_open;
    if (strcmp(k, "first_high") == 0) return &r->first_high;
    if (strcmp(k, "first_low") == 0) return &r->first_low;
    return &r->first_close;
}

static const char **text_slot(evs_ipo *r, const char *k)
{
    if (strcmp(k, "symbol") == 0) return &r->symbol;
    if (strcmp(k, "name") == 0) return &r->name;
    if (strcmp(k, "exchange") == 0) return &r->exchange;
    if (strcmp(k, "currency") == 0) return &r->currency;
    return &r->benchmark;
}

/* One key of listing k; strings stay borrowed from the JSON tree, which
 * outlives the evs_ipos_add that copies them. */
static evs_status one(evs_ipo *r, const char *key, json_t *v, int *have_date,
                      const char *path, size_t k, evs_error *err)
{
    size_t j = 0, nk = sizeof keys / sizeof keys[0];
    while (j < nk && strcmp(keys[j].name, key) != 0)
        j++;
    if (j == nk)
        return evs__seterr(err, EVS_EPARSE, 0, "%s: ipos[%zu]: unknown key "
                           "\"%s\"", path, k, key);
    if (json_is_null(v))
        return EVS_OK;
    if (keys[j].kind == 1) {
        if (!json_is_number(v))
            return evs__seterr(err, EVS_EPARSE, 0, "%s: ipos[%zu]: \"%s\" must "
                               "be a number", path, k, key);
        *num_slot(r, key) = json_number_value(v);
        return EVS_OK;
    }
    if (!json_is_string(v))
        return evs__seterr(err, EVS_EPARSE, 0, "%s: ipos[%zu]: \"%s\" must be "
                           "a string", path, k, key);
    const char *s = json_string_value(v);
    if (keys[j].kind == 0) {
        *text_slot(r, key) = s;
        return EVS_OK;
    }
    evs_date d;
    if (!evs_date_parse(s, strlen(s), &d))
        return evs__seterr(err, EVS_EPARSE, 0, "%s: ipos[%zu]: invalid %s "
                           "'%.40s'", path, k, key, s);
    if (strcmp(key, "listing_date") == 0) {
        r->listing_date = d;
        *have_date = 1;
    } else {
        r->pricing_date = d;
        r->has_pricing_date = 1;
    }
    return EVS_OK;
}

static evs_status listing(evs_ipos *l, json_t *o, const char *path, size_t k,
                          evs_error *err)
{
    if (!json_is_object(o))
        return evs__seterr(err, EVS_EPARSE, 0, "%s: ipos[%zu] must be an "
                           "object", path, k);
    evs_ipo r;
    evs_ipo_init(&r);
    int have_date = 0;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        evs_status st = one(&r, key, v, &have_date, path, k, err);
        if (st != EVS_OK)
            return st;
    }
    if (r.symbol == NULL || !have_date)
        return evs__seterr(err, EVS_EPARSE, 0, "%s: ipos[%zu]: \"symbol\" and "
                           "\"listing_date\" are required", path, k);
    evs_error e = {0};
    evs_status st = evs_ipos_add(l, &r, &e);
    if (st == EVS_EINVAL)
        return evs__seterr(err, EVS_EPARSE, 0, "%s: ipos[%zu]: %s", path, k,
                           e.msg);
    if (st != EVS_OK && err)
        *err = e;
    return st;
}

evs_status evs__studyfile_ipo_list(struct json_t *v, const char *path,
                                   evs_ipos **out, evs_error *err)
{
    if (!json_is_array(v) || json_array_size(v) == 0)
        return evs__seterr(err, EVS_EPARSE, 0, "%s: \"ipos\" must be a path "
                           "or a non-empty array of listing objects", path);
    evs_ipos *l = evs_ipos_new(err);
    if (l == NULL)
        return EVS_ENOMEM;
    size_t k;
    json_t *o;
    json_array_foreach(v, k, o) {
        evs_status st = listing(l, o, path, k, err);
        if (st != EVS_OK) {
            evs_ipos_free(l);
            return st;
        }
    }
    evs_ipos_free(*out);
    *out = l;
    return EVS_OK;
}
