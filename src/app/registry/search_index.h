/* search_index — the in-memory index for partial search of personal data.
 *
 * The database holds only ciphertext, so kana-prefix, phone-digit and
 * address-fragment searches run here, over values decrypted inside the server
 * process (DESIGN.md §5).  Sorted arrays give O(log n) prefix look-ups for kana
 * and phone digits (and the phone's last digits, the digits compared from
 * their end);
 * taps changed since the last rebuild sit in a short list scanned linearly.
 * Readers and writers are separated by a rwlock. */
#ifndef SUIDO_SEARCH_INDEX_H
#define SUIDO_SEARCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/registry/app_search.h"

typedef struct search_index search_index;

search_index *search_index_new(void);
void search_index_free(search_index *ix);
/* (Re)load every occupancy from the database, decrypting with ctx's keys. */
int search_index_load(search_index *ix, app_ctx *ctx, err_t *e);
/* Replace the entries of one tap after it or its customers changed. */
int search_index_refresh_tap(search_index *ix, app_ctx *ctx, int64_t tap_id, err_t *e);
/* Entries in the index (live ones). */
size_t search_index_size(search_index *ix);

/* Every entry matching all the terms of rq->q (see search_index.c), within
 * rq->scope, in rq->sort order: out[] receives those from rq->offset, up to
 * rq->limit of them (caller's array); *total all that matched.  Returns how
 * many were put in out. */
size_t search_index_find(search_index *ix, const app_search_request *rq, app_hit *out, size_t *total);

#endif
