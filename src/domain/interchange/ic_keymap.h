/* ic_keymap — business keys of an interchange file, in memory: key → row.
 *
 * On import a file's keys map to the ids its rows got (a later file's
 * reference is looked up here, a key seen twice is a duplicate); on export a
 * row's id (an integer key) maps to its business key (aux), which a later
 * file writes in place of the id; counters number the rows of a group (IC_SEQ).
 * A map holds either text keys (ic_keymap_put/get/count) or integer keys
 * (ic_keymap_put_int/get_int), never both.
 * The map owns copies of its keys and aux strings, kept in its own pool (no
 * allocation per key); the strings stay valid until ic_keymap_free, which
 * releases everything; a slot until the next put or count.
 * ic_keymap_reserve makes room for n keys at once (an import knows each
 * file's rows from the manifest): no table rebuilt as the keys come. */
#ifndef SUIDO_IC_KEYMAP_H
#define SUIDO_IC_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ic_keymap_slot {
    uint64_t hash;   /* of the key, never 0; 0: empty slot */
    int64_t id;
    union {
        const char *key; /* a map of text keys */
        int64_t ikey;    /* a map of integer keys */
    };
    const char *aux; /* NULL unless given */
} ic_keymap_slot;

typedef struct ic_keymap {
    ic_keymap_slot *slots;
    size_t cap, n;
    bool ints;           /* integer keys (set by the first ic_keymap_put_int) */
    bool sorted;         /* integer keys that came in increasing order (an export's ids): slots[0..n)
                            in that order, found by position or halving, no hashing; the first key
                            out of order turns the map into a hash table */
    char *pool;          /* the free part of the newest chunk */
    size_t pool_left;
    void *chunks;        /* chunks of strings, each linked to the one before */
} ic_keymap;

void ic_keymap_init(ic_keymap *m);
void ic_keymap_free(ic_keymap *m);
/* Room for n keys (of an empty text map); false when out of memory. */
bool ic_keymap_reserve(ic_keymap *m, size_t n);
/* The slot of key, or NULL. */
ic_keymap_slot *ic_keymap_get(const ic_keymap *m, const char *key);
/* Add key with id and aux (copied; aux may be NULL): its slot.  *dup is set
 * when the key was there already (nothing is changed then; the slot is the
 * one there).  NULL when out of memory. */
ic_keymap_slot *ic_keymap_put(ic_keymap *m, const char *key, int64_t id, const char *aux, bool *dup);
/* Count one more row of group key: returns the new count (1 for the first),
 * 0 when out of memory. */
int64_t ic_keymap_count(ic_keymap *m, const char *key);
/* The same for integer keys (ids): the slot of key, or NULL; add key. */
ic_keymap_slot *ic_keymap_get_int(const ic_keymap *m, int64_t key);
ic_keymap_slot *ic_keymap_put_int(ic_keymap *m, int64_t key, int64_t id, const char *aux, bool *dup);
/* Count one more row of the group of integer key (an id): the new count, 0
 * when out of memory. */
int64_t ic_keymap_count_int(ic_keymap *m, int64_t key);

#endif
