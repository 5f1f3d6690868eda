/* search_store — the rows the in-memory search index is built from: one row
 * per occupancy (tap joined with customer), sealed values only. */
#ifndef SUIDO_SEARCH_STORE_H
#define SUIDO_SEARCH_STORE_H

#include <stdint.h>
#include "store/db.h"

typedef struct search_src {
    int64_t tap_id, customer_id, occupancy_id;
    const char *tap_no;
    const char *area_code;
    const char *address_enc;
    const char *name_enc, *kana_enc, *phone_enc;
    const char *start_on, *end_on;   /* end_on "" while open */
    const char *stopped_on;          /* the tap's 給水停止 since ("" not stopped) */
} search_src;

/* Visit every occupancy (all of them when tap_id == 0, else one tap's);
 * pointers in *r are valid only during the callback. */
typedef int (*search_visit_fn)(const search_src *r, void *ctx);
int search_store_walk(db_conn *c, int64_t tap_id, search_visit_fn fn, void *ctx, err_t *e);

#endif
