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
    char stopped_on[11];      /* the tap's 給水停止 since ("" not stopped) */
} app_hit;

#define APP_SEARCH_MAX 200

enum { SEARCH_SCOPE_ALL, SEARCH_SCOPE_CURRENT, SEARCH_SCOPE_PAST };
/* SEARCH_SORT_DEFAULT: the current occupants first, then by カナ. */
enum { SEARCH_SORT_DEFAULT, SEARCH_SORT_KANA, SEARCH_SORT_ADDRESS, SEARCH_SORT_TAP };

typedef struct app_search_request {
    const char *q;            /* terms separated by spaces, matched together */
    int scope, sort;          /* SEARCH_SCOPE_*, SEARCH_SORT_* */
    size_t offset, limit;     /* the page: limit 1..APP_SEARCH_MAX */
} app_search_request;

/* Search by terms in any order, all matching together: 水栓番号 (8 digits,
 * or a prefix), お客様番号, カナ (the first a prefix of the カナ氏名, folded),
 * phone digits (prefix or the last 4+ digits), or a fragment of the name or
 * the place of use ("たなか 若松町", "0552 田中").  *hits (malloc'd, free())
 * receives one page of them; *total how many matched in all.  Audited (the
 * query is sealed in the detail). */
int app_customer_find(app_ctx *ctx, const app_search_request *rq, app_hit **hits, size_t *n, size_t *total,
                      err_t *e);
/* The names of scopes and orders in URLs: "all" "current" "past"; "" (or
 * "default") "kana" "address" "tap".  -1 for any other name (NULL: the
 * default). */
int app_search_scope_parse(const char *name);
int app_search_sort_parse(const char *name);
extern const char *const APP_SEARCH_SCOPE_NAMES[3];
extern const char *const APP_SEARCH_SORT_NAMES[4];

/* The first page of app_customer_find in the default order; *truncated when
 * more matched than limit. */
int app_customer_search(app_ctx *ctx, const char *q, size_t limit, app_hit **hits, size_t *n, bool *truncated,
                        err_t *e);
/* CSV of a search (encoding per csv_encoding_parse; NULL -> utf8bom). */
int app_customer_export_csv(app_ctx *ctx, const char *q, const char *encoding, buf_t *out, err_t *e);

#endif
