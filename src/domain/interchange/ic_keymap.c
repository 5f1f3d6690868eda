/* ic_keymap — open addressing on a 64-bit hash (FNV-1a for text, its bits
 * mixed so that the low ones the table uses depend on every byte; the same
 * mix alone for integers), doubled at half full.  Each slot keeps its key's
 * hash: a probe compares hashes and reads a key only when they match.  Keys
 * and aux strings are copied into chunks of a megabyte, one after another in
 * the order they came (a file's rows are mostly referred to in the order they
 * were read, so the strings a run of lookups reads lie together), which saves
 * an allocation and its header per key. */
#include "domain/interchange/ic_keymap.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK (1024 * 1024)

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;   /* the final mix of MurmurHash3 */
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h ? h : 1;   /* 0 marks an empty slot */
}

static uint64_t hash_text(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return mix(h);
}

static uint64_t hash_int(int64_t k)
{
    return mix((uint64_t)k * 0x9e3779b97f4a7c15ULL);
}

void ic_keymap_init(ic_keymap *m)
{
    memset(m, 0, sizeof *m);
}

void ic_keymap_free(ic_keymap *m)
{
    void *c = m->chunks;
    while (c) {
        void *prev;
        memcpy(&prev, c, sizeof prev);
        free(c);
        c = prev;
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/* A copy of s in the pool, or NULL when out of memory. */
static const char *pool_copy(ic_keymap *m, const char *s)
{
    size_t n = strlen(s) + 1;
    if (n > m->pool_left) {
        size_t size = n + sizeof(void *) > CHUNK ? n + sizeof(void *) : CHUNK;
        char *c = malloc(size);
        if (!c)
            return NULL;
        memcpy(c, &m->chunks, sizeof m->chunks);
        m->chunks = c;
        m->pool = c + sizeof(void *);
        m->pool_left = size - sizeof(void *);
    }
    char *p = m->pool;
    memcpy(p, s, n);
    m->pool += n;
    m->pool_left -= n;
    return p;
}

static ic_keymap_slot *find_text(ic_keymap_slot *slots, size_t cap, const char *key, uint64_t h)
{
    size_t i = (size_t)(h & (cap - 1));
    while (slots[i].hash && (slots[i].hash != h || strcmp(slots[i].key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static ic_keymap_slot *find_int(ic_keymap_slot *slots, size_t cap, int64_t key, uint64_t h)
{
    size_t i = (size_t)(h & (cap - 1));
    while (slots[i].hash && (slots[i].hash != h || slots[i].ikey != key))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

ic_keymap_slot *ic_keymap_get(const ic_keymap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    ic_keymap_slot *s = find_text(m->slots, m->cap, key, hash_text(key));
    return s->hash ? s : NULL;
}

/* A sorted map's slot of key, or NULL: ids mostly come without gaps, so
 * the key's distance from the first is tried first, then halving. */
static ic_keymap_slot *find_sorted(const ic_keymap *m, int64_t key)
{
    if (!m->n || key < m->slots[0].ikey || key > m->slots[m->n - 1].ikey)
        return NULL;
    uint64_t guess = (uint64_t)(key - m->slots[0].ikey);
    if (guess < m->n && m->slots[guess].ikey == key)
        return &m->slots[guess];
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->slots[mid].ikey < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->n && m->slots[lo].ikey == key ? &m->slots[lo] : NULL;
}

ic_keymap_slot *ic_keymap_get_int(const ic_keymap *m, int64_t key)
{
    if (m->sorted)
        return find_sorted(m, key);
    if (!m->cap)
        return NULL;
    ic_keymap_slot *s = find_int(m->slots, m->cap, key, hash_int(key));
    return s->hash ? s : NULL;
}

/* Room for one more key: the table doubled at half full (a slot moves as is;
 * the strings stay where they are in the pool). */
static bool room(ic_keymap *m)
{
    if ((m->n + 1) * 2 <= m->cap)
        return true;
    size_t cap = m->cap ? m->cap * 2 : 1024;
    ic_keymap_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < m->cap; i++) {
        const ic_keymap_slot *s = &m->slots[i];
        if (s->hash)
            *(m->ints ? find_int(slots, cap, s->ikey, s->hash) : find_text(slots, cap, s->key, s->hash)) = *s;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return true;
}

/* Fill the empty slot s: s, or NULL when out of memory. */
static ic_keymap_slot *fill(ic_keymap *m, ic_keymap_slot *s, uint64_t h, const char *key, int64_t ikey, int64_t id,
                 const char *aux)
{
    const char *k = key ? pool_copy(m, key) : NULL, *a = aux ? pool_copy(m, aux) : NULL;
    if ((key && !k) || (aux && !a))
        return NULL;   /* what was copied stays in the pool until ic_keymap_free */
    *s = (ic_keymap_slot){.hash = h, .id = id, .aux = a};
    if (key)
        s->key = k;
    else
        s->ikey = ikey;
    m->n++;
    return s;
}

/* The slot of a text key (key) or an integer key (ikey, key NULL), added
 * when new; *dup when it was there. */
static ic_keymap_slot *put(ic_keymap *m, const char *key, int64_t ikey, int64_t id, const char *aux, bool *dup)
{
    *dup = false;
    if (!room(m))
        return NULL;
    uint64_t h = key ? hash_text(key) : hash_int(ikey);
    ic_keymap_slot *s = key ? find_text(m->slots, m->cap, key, h) : find_int(m->slots, m->cap, ikey, h);
    if (s->hash) {
        *dup = true;
        return s;
    }
    return fill(m, s, h, key, ikey, id, aux);
}

ic_keymap_slot *ic_keymap_put(ic_keymap *m, const char *key, int64_t id, const char *aux, bool *dup)
{
    return put(m, key, 0, id, aux, dup);
}

/* The sorted slots made into a hash table (a key came out of order). */
static bool unsort(ic_keymap *m)
{
    size_t cap = 1024;
    while (cap < (m->n + 1) * 2)
        cap *= 2;
    ic_keymap_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < m->n; i++) {
        ic_keymap_slot s = m->slots[i];
        s.hash = hash_int(s.ikey);
        *find_int(slots, cap, s.ikey, s.hash) = s;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    m->sorted = false;
    return true;
}

ic_keymap_slot *ic_keymap_put_int(ic_keymap *m, int64_t key, int64_t id, const char *aux, bool *dup)
{
    if (!m->ints && !m->n)
        m->sorted = true;
    m->ints = true;
    if (m->sorted && m->n && key <= m->slots[m->n - 1].ikey) {
        ic_keymap_slot *s = find_sorted(m, key);
        if (s) {
            *dup = true;
            return s;
        }
        if (!unsort(m))
            return NULL;
    }
    if (!m->sorted)
        return put(m, NULL, key, id, aux, dup);
    *dup = false;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        ic_keymap_slot *slots = realloc(m->slots, cap * sizeof *slots);
        if (!slots)
            return NULL;
        m->slots = slots;
        m->cap = cap;
    }
    /* fill() counts the key; hash 1: a taken slot */
    return fill(m, &m->slots[m->n], 1, NULL, key, id, aux);
}

bool ic_keymap_reserve(ic_keymap *m, size_t n)
{
    if (m->n || m->ints || n > ((size_t)1 << 26))
        return true;   /* only an empty text map, and no more than a file could hold */
    size_t cap = 1024;
    while (cap < n * 2 + 2)
        cap *= 2;
    if (cap <= m->cap)
        return true;
    ic_keymap_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return true;
}

int64_t ic_keymap_count(ic_keymap *m, const char *key)
{
    if (!room(m))
        return 0;
    uint64_t h = hash_text(key);
    ic_keymap_slot *s = find_text(m->slots, m->cap, key, h);
    if (s->hash)
        return ++s->id;
    return fill(m, s, h, key, 0, 1, NULL) ? 1 : 0;
}

int64_t ic_keymap_count_int(ic_keymap *m, int64_t key)
{
    ic_keymap_slot *s = ic_keymap_get_int(m, key);
    if (s)
        return ++s->id;
    bool dup;
    return ic_keymap_put_int(m, key, 1, NULL, &dup) ? 1 : 0;
}
