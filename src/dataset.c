/*
 * dataset.c - series by symbol: an insertion-ordered array plus an
 * open-addressing hash index (FNV-1a), so that long files with ten thousand
 * symbols look each row's symbol up in constant time.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct evs_dataset {
    evs_series **items;
    size_t n, cap;
    size_t *slots; /* index + 1, 0 = empty */
    size_t nslots; /* power of two */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

evs_dataset *evs_dataset_new(evs_error *err)
{
    evs_dataset *ds = evs__calloc(1, sizeof *ds);
    if (ds == NULL)
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    return ds;
}

void evs_dataset_free(evs_dataset *ds)
{
    if (ds == NULL)
        return;
    for (size_t i = 0; i < ds->n; i++)
        evs_series_free(ds->items[i]);
    free(ds->items);
    free(ds->slots);
    free(ds);
}

static size_t find_slot(const evs_dataset *ds, const char *symbol)
{
    size_t mask = ds->nslots - 1;
    size_t i = (size_t)hash_str(symbol) & mask;
    while (ds->slots[i] != 0 &&
           strcmp(evs_series_symbol(ds->items[ds->slots[i] - 1]), symbol) != 0)
        i = (i + 1) & mask;
    return i;
}

static int rehash(evs_dataset *ds, size_t nslots)
{
    size_t *slots = evs__calloc(nslots, sizeof *slots);
    if (slots == NULL)
        return 0;
    free(ds->slots);
    ds->slots = slots;
    ds->nslots = nslots;
    for (size_t k = 0; k < ds->n; k++)
        ds->slots[find_slot(ds, evs_series_symbol(ds->items[k]))] = k + 1;
    return 1;
}

evs_status evs_dataset_add_owned(evs_dataset *ds, evs_series *s,
                                 evs_error *err)
{
    if (evs_dataset_find(ds, evs_series_symbol(s)) != NULL) {
        evs__seterr(err, EVS_EPARSE, 0, "symbol %s given twice",
                    evs_series_symbol(s));
        evs_series_free(s);
        return EVS_EPARSE;
    }
    if (ds->n == ds->cap) {
        size_t cap = ds->cap ? ds->cap * 2 : 16;
        evs_series **it = evs__reallocarray(ds->items, cap, sizeof *it);
        if (it == NULL) {
            evs_series_free(s);
            return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        }
        ds->items = it;
        ds->cap = cap;
    }
    if ((ds->n + 1) * 2 > ds->nslots &&
        !rehash(ds, ds->nslots ? ds->nslots * 2 : 32)) {
        evs_series_free(s);
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    ds->items[ds->n++] = s;
    ds->slots[find_slot(ds, evs_series_symbol(s))] = ds->n;
    return EVS_OK;
}

const evs_series *evs_dataset_find(const evs_dataset *ds, const char *symbol)
{
    if (ds->nslots == 0 || symbol == NULL)
        return NULL;
    size_t i = find_slot(ds, symbol);
    return ds->slots[i] ? ds->items[ds->slots[i] - 1] : NULL;
}

long evs__dataset_index(const evs_dataset *ds, const char *symbol)
{
    if (ds->nslots == 0 || symbol == NULL)
        return -1;
    size_t i = find_slot(ds, symbol);
    return ds->slots[i] ? (long)ds->slots[i] - 1 : -1;
}

size_t evs_dataset_count(const evs_dataset *ds) { return ds->n; }

const evs_series *evs_dataset_at(const evs_dataset *ds, size_t i)
{
    return i < ds->n ? ds->items[i] : NULL;
}

#include "loadutil.h"

evs_series *evs__dataset_take(evs_dataset *ds, size_t i)
{
    evs_series *s = ds->items[i];
    ds->items[i] = NULL;
    return s;
}

evs_status evs__dataset_move_all(evs_dataset *dst, evs_dataset *src,
                                 const char *origin, evs_error *err)
{
    for (size_t i = 0; i < src->n; i++)
        if (evs_dataset_find(dst, evs_series_symbol(src->items[i])) != NULL) {
            evs__seterr(err, EVS_EPARSE, 0, "%s: symbol %s is already loaded "
                        "from another input", origin,
                        evs_series_symbol(src->items[i]));
            evs_dataset_free(src);
            return EVS_EPARSE;
        }
    /* Reserve first so that the move itself cannot fail half-way. */
    if (dst->n + src->n > dst->cap) {
        size_t cap = dst->cap ? dst->cap : 16;
        while (cap < dst->n + src->n)
            cap *= 2;
        evs_series **it = evs__reallocarray(dst->items, cap, sizeof *it);
        if (it == NULL) {
            evs_dataset_free(src);
            return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        }
        dst->items = it;
        dst->cap = cap;
    }
    size_t nslots = dst->nslots ? dst->nslots : 32;
    while ((dst->n + src->n + 1) * 2 > nslots)
        nslots *= 2;
    if (nslots != dst->nslots) {
        size_t *slots = evs__calloc(nslots, sizeof *slots);
        if (slots == NULL) {
            evs_dataset_free(src);
            return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        }
        free(dst->slots);
        dst->slots = slots;
        dst->nslots = nslots;
        for (size_t k = 0; k < dst->n; k++)
            dst->slots[find_slot(dst, evs_series_symbol(dst->items[k]))] = k + 1;
    }
    for (size_t i = 0; i < src->n; i++) {
        dst->items[dst->n++] = src->items[i];
        dst->slots[find_slot(dst, evs_series_symbol(src->items[i]))] = dst->n;
    }
    src->n = 0;
    evs_dataset_free(src);
    return EVS_OK;
}
