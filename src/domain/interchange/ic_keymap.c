/* ic_keymap — open addressing on an FNV-1a hash (its bits mixed, so that the
 * low ones the table uses depend on every byte), doubled at half full.  Each
 * slot keeps its key's hash: a probe compares hashes and reads a key only
 * when they match (keys are separate allocations: each read is a likely
 * cache miss in a map of millions). */
#include "domain/interchange/ic_keymap.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h ^= h >> 33;   /* the final mix of MurmurHash3 */
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

void ic_keymap_init(ic_keymap *m)
{
    memset(m, 0, sizeof *m);
}

void ic_keymap_free(ic_keymap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->slots[i].key);
        free(m->slots[i].aux);
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static ic_keymap_slot *find(ic_keymap_slot *slots, size_t cap, const char *key, uint64_t h)
{
    size_t i = (size_t)(h & (cap - 1));
    while (slots[i].key && (slots[i].hash != h || strcmp(slots[i].key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

ic_keymap_slot *ic_keymap_get(const ic_keymap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    ic_keymap_slot *s = find(m->slots, m->cap, key, hash(key));
    return s->key ? s : NULL;
}

static bool grow(ic_keymap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    ic_keymap_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find(slots, cap, m->slots[i].key, m->slots[i].hash) = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return true;
}

bool ic_keymap_put(ic_keymap *m, const char *key, int64_t id, const char *aux, bool *dup)
{
    *dup = false;
    if ((m->n + 1) * 2 > m->cap && !grow(m))
        return false;
    uint64_t h = hash(key);
    ic_keymap_slot *s = find(m->slots, m->cap, key, h);
    if (s->key) {
        *dup = true;
        return true;
    }
    char *k = strdup(key), *a = aux ? strdup(aux) : NULL;
    if (!k || (aux && !a)) {
        free(k);
        free(a);
        return false;
    }
    s->key = k;
    s->id = id;
    s->aux = a;
    s->hash = h;
    m->n++;
    return true;
}

int64_t ic_keymap_count(ic_keymap *m, const char *key)
{
    ic_keymap_slot *s = ic_keymap_get(m, key);
    if (s)
        return ++s->id;
    bool dup;
    return ic_keymap_put(m, key, 1, NULL, &dup) ? 1 : 0;
}
