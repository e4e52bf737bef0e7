/*
 * studyfile.c - the JSON study file reader (see evs/studyfile.h).
 * Relative paths are resolved against the study file's directory, so a
 * study and its data can move together.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ipo_internal.h"

static char *resolve(const char *dir, size_t dirlen, const char *p)
{
    if (p[0] == '/' || dirlen == 0 || strcmp(p, "-") == 0)
        return evs__strdup(p);
    size_t n = strlen(p);
    char *out = evs__malloc(dirlen + 1 + n + 1);
    if (out == NULL)
        return NULL;
    memcpy(out, dir, dirlen);
    out[dirlen] = '/';
    memcpy(out + dirlen + 1, p, n + 1);
    return out;
}

static evs_status paths(json_t *v, const char *key, char **out, size_t *n,
                        const char *path, const char *dir, size_t dl,
                        evs_error *err)
{
    if (json_is_string(v)) {
        out[0] = resolve(dir, dl, json_string_value(v));
        *n = out[0] != NULL;
        return out[0] ? EVS_OK : evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    if (!json_is_array(v))
        return evs__seterr(err, EVS_EPARSE, 0, "%s: \"%s\" must be a string or "
                           "an array of strings", path, key);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!json_is_string(x))
            return evs__seterr(err, EVS_EPARSE, 0, "%s: \"%s\" must hold "
                               "strings", path, key);
        if (*n >= EVS_STUDYFILE_MAX_PATHS)
            return evs__seterr(err, EVS_EPARSE, 0, "%s: too many entries in "
                               "\"%s\"", path, key);
        out[*n] = resolve(dir, dl, json_string_value(x));
        if (out[*n] == NULL)
            return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        (*n)++;
    }
    return EVS_OK;
}

/* A string, or an array of strings joined by commas. */
static evs_status list(json_t *v, const char *key, char **out,
                       const char *path, evs_error *err)
{
    if (json_is_string(v)) {
        *out = evs__strdup(json_string_value(v));
        return *out ? EVS_OK : evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    if (!json_is_array(v))
        return evs__seterr(err, EVS_EPARSE, 0, "%s: \"%s\" must be a string or "
                           "an array of strings", path, key);
    evs__buf b = {0};
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (!json_is_string(x)) {
            evs__buf_clear(&b);
            return evs__seterr(err, EVS_EPARSE, 0, "%s: \"%s\" must hold "
                               "strings", path, key);
        }
        const char *s = json_string_value(x);
        if ((i > 0 && !evs__buf_append(&b, ",", 1)) ||
            !evs__buf_append(&b, s, strlen(s))) {
            evs__buf_clear(&b);
            return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        }
    }
    if (b.data == NULL && !evs__buf_append(&b, "", 0))
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    *out = b.data;
    return EVS_OK;
}

/* The integer keys of the statistics options; *found says whether key
 * was one of them. */
static evs_status int_key(evs_studyfile *sf, const char *key, json_t *v,
                          const char *path, int *found, evs_error *err)
{
    *found = 0;
    struct {
        const char *name;
        long *dst, max;
    } ints[] = {{"dimson_lags", &sf->dimson_lags, 5},
                {"dimson_leads", &sf->dimson_leads, 5},
                {"bootstrap", &sf->bootstrap, 1000000},
                {"seed", &sf->seed, 2147483647L}};
    for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
        if (strcmp(key, ints[k].name) != 0)
            continue;
        *found = 1;
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > ints[k].max)
            return evs__seterr(err, EVS_EPARSE, 0, "%s: \"%s\" must be an "
                               "integer from 0 to %ld", path, key,
                               ints[k].max);
        *ints[k].dst = (long)json_integer_value(v);
        return EVS_OK;
    }
    return EVS_OK;
}

static evs_status one_key(evs_studyfile *sf, const char *key, json_t *v,
                          const char *path, const char *dir, size_t dl,
                          evs_error *err)
{
    struct {
        const char *name;
        char **dst;
    } strs[] = {{"market", &sf->market}, {"model", &sf->model},
                {"estimation", &sf->estimation}, {"window", &sf->window},
                {"roll", &sf->roll}, {"returns_kind", &sf->returns_kind},
                {"format", &sf->format}, {"factor_units", &sf->factor_units},
                {"compat", &sf->compat}};
    for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++) {
        if (strcmp(key, strs[k].name) != 0)
            continue;
        if (!json_is_string(v))
            return evs__seterr(err, EVS_EPARSE, 0, "%s: \"%s\" must be a "
                               "string", path, key);
        *strs[k].dst = evs__strdup(json_string_value(v));
        return *strs[k].dst ? EVS_OK
                            : evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    if (strcmp(key, "prices") == 0)
        return paths(v, key, sf->prices, &sf->n_prices, path, dir, dl, err);
    if (strcmp(key, "returns") == 0)
        return paths(v, key, sf->returns, &sf->n_returns, path, dir, dl, err);
    if (strcmp(key, "events") == 0) {
        if (!json_is_string(v))
            return evs__seterr(err, EVS_EPARSE, 0, "%s: \"events\" must be a "
                               "string", path);
        sf->events = resolve(dir, dl, json_string_value(v));
        return sf->events ? EVS_OK
                          : evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    if (strcmp(key, "ipos") == 0 && json_is_string(v)) {
        sf->ipos = resolve(dir, dl, json_string_value(v));
        return sf->ipos ? EVS_OK : evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    if (strcmp(key, "ipos") == 0)
        return evs__studyfile_ipo_list(v, path, &sf->ipo_list, err);
    if (strcmp(key, "factors") == 0) {
        if (!json_is_string(v))
            return evs__seterr(err, EVS_EPARSE, 0, "%s: \"factors\" must "
                               "be a string", path);
        sf->factors = resolve(dir, dl, json_string_value(v));
        return sf->factors ? EVS_OK
                           : evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    if (strcmp(key, "conventions") == 0)
        return list(v, key, &sf->conventions, path, err);
    int found;
    evs_status st = int_key(sf, key, v, path, &found, err);
    if (found)
        return st;
    if (strcmp(key, "car") == 0)
        return list(v, key, &sf->car, path, err);
    if (strcmp(key, "tests") == 0)
        return list(v, key, &sf->tests, path, err);
    if (strcmp(key, "tables") == 0)
        return list(v, key, &sf->tables, path, err);
    if (strcmp(key, "min_est") == 0) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > 1000000)
            return evs__seterr(err, EVS_EPARSE, 0, "%s: \"min_est\" must be "
                               "an integer from 1 to 1000000", path);
        sf->min_est = (long)json_integer_value(v);
        return EVS_OK;
    }
    return evs__seterr(err, EVS_EPARSE, 0, "%s: unknown key \"%s\"", path, key);
}

evs_status evs__studyfile_parse(const char *data, size_t len,
                                const char *path, evs_studyfile *sf,
                                evs_error *err)
{
    memset(sf, 0, sizeof *sf);
    sf->min_est = -1;
    sf->dimson_lags = sf->dimson_leads = sf->bootstrap = sf->seed = -1;
    json_error_t je;
    /* jansson refuses nesting deeper than 2048 levels, NUL in strings and
     * numbers beyond a double ("real number overflow") by itself. */
    errno = 0;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    /* jansson 2.14 reports some allocation failures of its lexer as syntax
     * errors ("string or '}' expected"), and others not at all: it drops
     * the byte it could not store ("eents.csv", found by
     * tests/unit/test_alloc_fail.c).  malloc's errno gives them away unless
     * jansson cleared it since (it does before each integer). */
    if (errno == ENOMEM ||
        (root == NULL && json_error_code(&je) == json_error_out_of_memory)) {
        json_decref(root);
        return evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", path);
    }
    if (root == NULL)
        return evs__seterr(err, EVS_EPARSE, je.line, "%s:%d: invalid JSON: %s",
                           path, je.line, je.text);
    if (!json_is_object(root)) {
        json_decref(root);
        return evs__seterr(err, EVS_EPARSE, 1, "%s: a study file is a JSON "
                           "object", path);
    }
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) : 0;
    const char *key;
    json_t *v;
    evs_status st = EVS_OK;
    json_object_foreach(root, key, v) {
        st = one_key(sf, key, v, path, path, dl, err);
        if (st != EVS_OK)
            break;
    }
    json_decref(root);
    if (st != EVS_OK)
        evs_studyfile_clear(sf);
    return st;
}

evs_status evs_studyfile_load(const char *path, evs_studyfile *sf,
                              evs_error *err)
{
    memset(sf, 0, sizeof *sf);
    sf->min_est = -1;
    evs__buf b = {0};
    evs_status st = evs__read_text(path, EVS_LOAD_MAX_LINE,
                                   EVS_STUDYFILE_MAX_BYTES, &b, err);
    if (st != EVS_OK)
        return st;
    st = evs__studyfile_parse(b.data, b.len, path, sf, err);
    evs__buf_clear(&b);
    return st;
}

void evs_studyfile_clear(evs_studyfile *sf)
{
    for (size_t i = 0; i < sf->n_prices; i++)
        free(sf->prices[i]);
    for (size_t i = 0; i < sf->n_returns; i++)
        free(sf->returns[i]);
    char *s[] = {sf->events, sf->market, sf->model, sf->estimation,
                 sf->window, sf->car, sf->tests, sf->roll, sf->returns_kind,
                 sf->format, sf->tables, sf->ipos, sf->factors, sf->factor_units,
                 sf->compat, sf->conventions};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(s[i]);
    evs_ipos_free(sf->ipo_list);
    memset(sf, 0, sizeof *sf);
    sf->min_est = -1;
    sf->dimson_lags = sf->dimson_leads = sf->bootstrap = sf->seed = -1;
}
