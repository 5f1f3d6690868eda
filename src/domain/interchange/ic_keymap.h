/* ic_keymap — business keys of an interchange file, in memory: key → row.
 *
 * On import a file's keys map to the ids its rows got (a later file's
 * reference is looked up here, a key seen twice is a duplicate); on export a
 * row's id (as decimal text) maps to its business key (aux), which a later
 * file writes in place of the id; counters number the rows of a group (IC_SEQ).
 * The map owns copies of its keys and aux strings; ic_keymap_free releases
 * everything. */
#ifndef SUIDO_IC_KEYMAP_H
#define SUIDO_IC_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ic_keymap_slot {
    char *key;       /* NULL: empty slot */
    int64_t id;
    char *aux;       /* NULL unless given */
    uint64_t hash;   /* of key: compared before the key itself */
} ic_keymap_slot;

typedef struct ic_keymap {
    ic_keymap_slot *slots;
    size_t cap, n;
} ic_keymap;

void ic_keymap_init(ic_keymap *m);
void ic_keymap_free(ic_keymap *m);
/* The slot of key, or NULL. */
ic_keymap_slot *ic_keymap_get(const ic_keymap *m, const char *key);
/* Add key with id and aux (copied; aux may be NULL).  *dup is set when the key
 * was there already (nothing is changed then).  false when out of memory. */
bool ic_keymap_put(ic_keymap *m, const char *key, int64_t id, const char *aux, bool *dup);
/* Count one more row of group key: returns the new count (1 for the first),
 * 0 when out of memory. */
int64_t ic_keymap_count(ic_keymap *m, const char *key);

#endif
