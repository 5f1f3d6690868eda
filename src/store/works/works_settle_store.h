/* works_settle_store — settlements of works applications (精算: 追徴 and
 * 還付, migration 29): the settlement rows, the refunds with their items,
 * and the changes a settlement makes to an application (its sizes, its
 * dwellings) and to its charges (amounts brought down, refunded amounts).
 * reason_enc is sealed by the caller; no plaintext personal data here.
 *
 * Ownership: rows filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_WORKS_SETTLE_STORE_H
#define SUIDO_WORKS_SETTLE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/works/works_application_store.h"

typedef struct works_settlement_row {
    int64_t id, application_id;
    char kind[8];                 /* "change" | "cancel" */
    char reason_enc[WORKS_APP_SEALED_MAX];
    char before_json[512], after_json[512];
    int64_t assessed_yen, paid_yen, additional_yen, refund_yen;
    char created_by[64];
    int64_t created_at;
} works_settlement_row;

int works_settlement_store_insert(db_conn *c, const works_settlement_row *r, int64_t *id, err_t *e);
/* Oldest first. */
int works_settlement_store_list(db_conn *c, int64_t application_id, works_settlement_row **rows, size_t *n,
                                err_t *e);

typedef struct works_refund_row {
    int64_t id, application_id, settlement_id, amount, approval_id;
    char status[12];              /* requested | approved | rejected | paid */
    char requested_by[64];
    int64_t requested_at;
    char paid_on[11], paid_by[64];
    char number[16];              /* the application's (read only) */
} works_refund_row;

typedef struct works_refund_item {
    int64_t refund_id, charge_id;
    char kind[12];                /* kanyukin | fee */
    int64_t amount, tax;
    char name[96];                /* the charge's (read only) */
} works_refund_item;

int works_refund_store_insert(db_conn *c, const works_refund_row *r, int64_t *id, err_t *e);
int works_refund_store_item_insert(db_conn *c, const works_refund_item *it, err_t *e);
int works_refund_store_set_approval(db_conn *c, int64_t id, int64_t approval_id, err_t *e);
/* ERR_NOTFOUND (e untouched) when there is none. */
int works_refund_store_get(db_conn *c, int64_t id, works_refund_row *out, err_t *e);
int works_refund_store_by_approval(db_conn *c, int64_t approval_id, works_refund_row *out, err_t *e);
/* Oldest first. */
int works_refund_store_list(db_conn *c, int64_t application_id, works_refund_row **rows, size_t *n, err_t *e);
int works_refund_store_items(db_conn *c, int64_t refund_id, works_refund_item **rows, size_t *n, err_t *e);
/* status, and (paid) the day and who. */
int works_refund_store_set_status(db_conn *c, int64_t id, const char *status, const char *paid_on,
                                  const char *paid_by, err_t *e);

/* A charge's amount and tax brought down (a settlement). */
int works_settle_store_set_charge(db_conn *c, int64_t charge_id, int64_t yen, int64_t tax, err_t *e);
/* Add to a charge's refunded_yen (a refund paid out). */
int works_settle_store_add_refunded(db_conn *c, int64_t charge_id, int64_t delta, err_t *e);
/* The application's sizes where version matches (bumps it; ERR_CONFLICT
 * when the row changed since it was read). */
int works_settle_store_set_size(db_conn *c, int64_t id, int64_t version, int64_t diameter, int64_t old_diameter,
                                int64_t dwellings, int64_t now, err_t *e);
/* A 特団's dwellings: those numbered above keep are removed; each
 * remaining one takes diameter. */
int works_settle_store_dwellings(db_conn *c, int64_t application_id, int64_t keep, int64_t diameter, err_t *e);

#endif
