/* app_search — search of taps and customers (app/registry/app_search.c, search_index.c).
 * Split from app/app.h (conventions there: permission, one transaction,
 * audit; _tx functions run in the caller's transaction).
 *
 * Ownership: output structs are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd and freed by the matching *_free function
 * named beside them (else free()). */
#ifndef SUIDO_REGISTRY_APP_SEARCH_H
#define SUIDO_REGISTRY_APP_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* ---- search (app_search.c, search_index.c) --------------------------- */

typedef struct app_hit {
    char tap_no[16];
    int64_t customer_id;
    char name[96], kana[160], phone[24];
    char address[256];        /* area name + address */
    bool current;             /* the occupancy is open */
    char start_on[11], end_on[11];
} app_hit;

#define APP_SEARCH_MAX 200

/* Search by 水栓番号 (8 digits, or a prefix), カナ (prefix; folded), phone
 * digits (prefix or the last 4+ digits) or an address fragment.  The kind is
 * guessed from q: digits -> tap number and phone; kana -> kana; otherwise
 * address.  Audited (the query is sealed in the detail). */
int app_customer_search(app_ctx *ctx, const char *q, size_t limit, app_hit **hits, size_t *n, bool *truncated,
                        err_t *e);
/* CSV of a search (encoding per csv_encoding_parse; NULL -> utf8bom). */
int app_customer_export_csv(app_ctx *ctx, const char *q, const char *encoding, buf_t *out, err_t *e);

#endif
