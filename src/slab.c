/*
 * slab.c - storage that the series of one load segment share.  A long file
 * grouped by symbol fills its series one after the other, so one big
 * mapping per column, handed out in consecutive pieces, replaces ten
 * thousand small heap blocks.  The mappings ask for transparent huge pages:
 * on the development VM, first touching 300 MB of 4 KiB pages cost four
 * times what huge pages did (README, performance section).  Each series
 * that borrows holds a reference; the last one unmaps.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "series_internal.h"

struct evs__slab {
    atomic_size_t refs;
    size_t rows, used;
    evs_date *dates;
    double *vals;
};

/* Small slabs (what tests make) come from the heap, where sanitizers see
 * their bounds; huge pages would not pay for them anyway. */
#define SLAB_HEAP_MAX ((size_t)1 << 21)

static void *map(size_t bytes)
{
    if (bytes < SLAB_HEAP_MAX)
        return evs__malloc(bytes);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint: fine if refused */
#endif
    return p;
}

static void unmap(void *p, size_t bytes)
{
    if (bytes < SLAB_HEAP_MAX)
        free(p);
    else if (p != NULL)
        munmap(p, bytes);
}

evs__slab *evs__slab_new(size_t rows)
{
    if (rows == 0 || rows > SIZE_MAX / sizeof(double))
        return NULL;
    evs__slab *sl = evs__malloc(sizeof *sl);
    if (sl == NULL)
        return NULL;
    sl->rows = rows;
    sl->used = 0;
    atomic_init(&sl->refs, 1);
    sl->dates = map(rows * sizeof *sl->dates);
    sl->vals = map(rows * sizeof *sl->vals);
    if (sl->dates == NULL || sl->vals == NULL) {
        unmap(sl->dates, rows * sizeof *sl->dates);
        unmap(sl->vals, rows * sizeof *sl->vals);
        free(sl);
        return NULL;
    }
    return sl;
}

void evs__slab_release(evs__slab *sl)
{
    if (sl == NULL || atomic_fetch_sub(&sl->refs, 1) != 1)
        return;
    unmap(sl->dates, sl->rows * sizeof *sl->dates);
    unmap(sl->vals, sl->rows * sizeof *sl->vals);
    free(sl);
}

int evs__series_borrow(evs_series *s, evs__slab *sl)
{
    int f = 0;
    while (f < EVS_FIELD_COUNT && s->present != 1u << f)
        f++;
    if (sl == NULL || f == EVS_FIELD_COUNT || s->cap != 0 || s->slab != NULL ||
        sl->used >= sl->rows)
        return 0;
    atomic_fetch_add(&sl->refs, 1);
    free(s->dates); /* a series with no capacity holds at most empty blocks */
    free(s->col[f]);
    s->slab = sl;
    s->dates = sl->dates + sl->used;
    s->col[f] = sl->vals + sl->used;
    s->cap = sl->rows - sl->used;
    return 1;
}

void evs__series_settle(evs_series *s, evs__slab *sl)
{
    if (s == NULL || sl == NULL || s->slab != sl)
        return; /* it has moved its rows to the heap since */
    sl->used += s->len;
    s->cap = s->len;
}
