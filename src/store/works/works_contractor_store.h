/* works_contractor_store — the designated contractors master (tables
 * works_contractors, works_engineers, works_contractor_events of migration
 * 27).  The representative's and the engineers' names and an event's reason
 * arrive sealed (_enc) from app/; this file never sees them in plaintext.
 * Events are only ever inserted.
 *
 * Ownership: rows are filled by value; lists are malloc'd arrays the caller
 * frees with free(); a works_contractor_rec from _load is released with
 * works_contractor_rec_free. */
#ifndef SUIDO_WORKS_CONTRACTOR_STORE_H
#define SUIDO_WORKS_CONTRACTOR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* Room for a sealed text of up to WORKS_SEALED_CHARS characters of 4 bytes. */
#define WORKS_SEALED_CHARS 200
#define WORKS_SEALED_MAX 1200

typedef struct works_contractor_row {
    int64_t id;
    char designation_no[24];
    char name[256], name_kana[256];
    char address[512], phone[32];
    char representative_enc[WORKS_SEALED_MAX];
    char designated_on[11], valid_until[11];
    char status[16];                    /* active | suspended | revoked */
    char suspended_from[11], suspended_until[11], revoked_on[11];
    char created_by[64];
    int64_t created_at;
    char updated_by[64];
    int64_t updated_at;
    int64_t version;                    /* counts the changes */
    int64_t engineers;                  /* _page only: engineers registered on the filter's today */
} works_contractor_row;

typedef struct works_engineer_row {
    int64_t id, contractor_id;
    char licence_no[16];
    char name_enc[WORKS_SEALED_MAX];
    char registered_on[11], removed_on[11];   /* removed_on "" = registered now */
    char created_by[64];
    int64_t created_at;
} works_engineer_row;

#define WORKS_CHANGES_MAX 4096
typedef struct works_event_row {
    int64_t id, contractor_id;
    char kind[24];
    char from_on[11], until_on[11];
    char reason_enc[WORKS_SEALED_MAX * 2];
    char changes[WORKS_CHANGES_MAX];      /* JSON, no personal data */
    char done_by[64];
    int64_t done_at;
} works_event_row;

/* ---- the contractor ---------------------------------------------------- */

/* ERR_CONFLICT (field "designation_no") when the number is taken. */
int works_contractor_store_insert(db_conn *c, const works_contractor_row *r, int64_t *id_out, err_t *e);
/* The editable fields (number, names, address, phone, representative,
 * designated_on, valid_until) and updated_by/_at, when the row is still at
 * r->version (else ERR_CONFLICT: another change came first); ERR_CONFLICT
 * as for insert.  The version moves on by one. */
int works_contractor_store_update(db_conn *c, const works_contractor_row *r, err_t *e);
/* status, suspended_from/_until, revoked_on, valid_until and updated_by/_at
 * (the version moves on by one). */
int works_contractor_store_set_state(db_conn *c, const works_contractor_row *r, err_t *e);
/* ERR_NOTFOUND (e untouched) when there is none. */
int works_contractor_store_get(db_conn *c, int64_t id, works_contractor_row *out, err_t *e);
int works_contractor_store_by_no(db_conn *c, const char *designation_no, works_contractor_row *out, err_t *e);

/* One contractor with its engineers (by registered_on) and its events
 * (in the order made). */
typedef struct works_contractor_rec {
    works_contractor_row c;
    works_engineer_row *engineers;
    size_t nengineers;
    works_event_row *events;
    size_t nevents;
} works_contractor_rec;
int works_contractor_store_load(db_conn *c, int64_t id, works_contractor_rec *out, err_t *e);
void works_contractor_rec_free(works_contractor_rec *r);

/* ---- the list ---------------------------------------------------------- */

/* Every member "" = no condition.  no: 指定番号 prefix; name: part of the
 * 商号; kana: prefix of the kana (stored form); state: active | suspended
 * | revoked | expired, as of today (the effective state: a suspension whose
 * period has not begun or has ended is 'active'); due_by: valid_until on or
 * before it and not before today (not revoked). */
typedef struct works_contractor_filter {
    const char *no, *name, *kana, *state, *due_by, *today;
} works_contractor_filter;

int works_contractor_store_page(db_conn *c, const works_contractor_filter *f, int64_t limit, int64_t offset,
                                works_contractor_row **rows, size_t *n, err_t *e);
int works_contractor_store_count(db_conn *c, const works_contractor_filter *f, int64_t *count, err_t *e);

/* ---- engineers and events ---------------------------------------------- */

int works_engineer_store_insert(db_conn *c, const works_engineer_row *r, int64_t *id_out, err_t *e);
int works_engineer_store_get(db_conn *c, int64_t id, works_engineer_row *out, err_t *e);
/* Set removed_on of a registered engineer; *changed false when it was
 * already removed. */
int works_engineer_store_remove(db_conn *c, int64_t id, const char *removed_on, bool *changed, err_t *e);
/* The contractor's engineers still registered with that licence number. */
int works_engineer_store_count_licence(db_conn *c, int64_t contractor_id, const char *licence_no, int64_t *n,
                                       err_t *e);

int works_event_store_insert(db_conn *c, const works_event_row *r, int64_t *id_out, err_t *e);

/* Key rotation: visit every sealed value of the master (fn returning
 * non-zero stops the walk and is returned): table is "contractor",
 * "engineer" or "event". */
typedef int (*works_enc_fn)(const char *table, int64_t id, const char *enc, void *ctx);
int works_contractor_store_walk_enc(db_conn *c, works_enc_fn fn, void *ctx, err_t *e);
int works_contractor_store_set_enc(db_conn *c, const char *table, int64_t id, const char *enc, err_t *e);

#endif
