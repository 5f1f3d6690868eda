/* ic_days — the daily sums of imported allocations (see ic_days.h). */
#include "domain/interchange/ic_days.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/vec.h"
#include "domain/interchange/ic_format.h"

void ic_days_init(ic_days *d)
{
    memset(d, 0, sizeof *d);
    ic_keymap_init(&d->groups);
}

bool ic_days_add(ic_days *d, const char *posted_on, const char *kind, const char *payment_channel,
                 const char *bill_cycle, int64_t amount)
{
    const char *channel = strcmp(kind, "setoff") == 0 ? "setoff" : payment_channel;
    size_t lp = strlen(posted_on), lc = strlen(channel), ly = strlen(bill_cycle);
    char small[128], *key = lp + lc + ly + 3 <= sizeof small ? small : malloc(lp + lc + ly + 3);
    if (!key)
        return false;
    memcpy(key, posted_on, lp);
    key[lp] = IC_KEY_SEP;
    memcpy(key + lp + 1, channel, lc);
    key[lp + 1 + lc] = IC_KEY_SEP;
    memcpy(key + lp + lc + 2, bill_cycle, ly + 1);
    bool dup = false, ok = true;
    ic_keymap_slot *s = ic_keymap_put(&d->groups, key, (int64_t)d->n, NULL, &dup);
    ic_day *day = NULL;
    if (!s)
        ok = false;
    else if (dup)
        day = &d->v[s->id];
    else {
        /* the three parts, each its own string: one copy of the key with NULs between */
        char *parts = malloc(lp + lc + ly + 3);
        day = parts ? vec_slot((void **)&d->v, &d->n, &d->cap, sizeof *day) : NULL;
        if (!day) {
            free(parts);
            ok = false;   /* the map names a group that is not there: the caller stops */
        } else {
            memcpy(parts, key, lp + lc + ly + 3);
            parts[lp] = parts[lp + 1 + lc] = '\0';
            *day = (ic_day){.posted_on = parts, .channel = parts + lp + 1, .cycle = parts + lp + lc + 2};
        }
    }
    if (day) {
        day->allocations++;
        day->amount += amount;
    }
    if (key != small)
        free(key);
    return ok;
}

static int day_cmp(const void *x, const void *y)
{
    const ic_day *a = x, *b = y;
    int r = strcmp(a->posted_on, b->posted_on);
    if (!r)
        r = strcmp(a->channel, b->channel);
    return r ? r : strcmp(a->cycle, b->cycle);
}

void ic_days_sort(ic_days *d)
{
    if (d->n > 1)
        qsort(d->v, d->n, sizeof *d->v, day_cmp);
    ic_keymap_free(&d->groups);   /* its indexes no longer hold */
}

void ic_days_free(ic_days *d)
{
    for (size_t i = 0; i < d->n; i++)
        free((char *)d->v[i].posted_on);
    free(d->v);
    ic_keymap_free(&d->groups);
    memset(d, 0, sizeof *d);
}
