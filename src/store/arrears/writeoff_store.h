/* writeoff_store — the facts limitation and write-off (不納欠損) read and
 * write: a bill's claims base, its acknowledgement sources, its first 督促,
 * the claims nearing limitation (from bill_open by due date), the acts
 * (援用・債権放棄), the write-offs with their bills, the register and the
 * fiscal-year sums.  See docs/arrears-writeoff.md.
 *
 * Ownership: arrays through pointer-to-pointer are malloc'd; free(). */
#ifndef SUIDO_WRITEOFF_STORE_H
#define SUIDO_WRITEOFF_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/db.h"

/* A bill as its two claims see it. */
typedef struct wo_bill {
    int64_t id, tap_id, customer_id;
    char tap_no[16], cycle[8], status[12], read_on[11], due_on[11];
    int64_t water_yen, sewer_yen, total_yen, paid_yen, alloc_sewer;
    bool open;                  /* in bill_open */
    int64_t writeoff_id;        /* 0: not written off */
    int64_t wo_water, wo_sewer; /* written off */
} wo_bill;
int wo_store_bill(db_conn *c, int64_t bill_id, wo_bill *out, err_t *e);

/* Acknowledgement days of a bill (承認): the days paid (payments.paid_on)
 * of its positive allocations of kind payment (partial payments; a
 * set-off of an overpayment is no act of the debtor), ascending, distinct;
 * at most max. */
int wo_store_ack_days(db_conn *c, int64_t bill_id, char (*days)[11], size_t max, size_t *n, err_t *e);
/* The first 督促's deadline ("" when none). */
int wo_store_first_dunning(db_conn *c, int64_t bill_id, char out[11], err_t *e);

/* Open bills due before due_before (bill_open by due date), oldest first,
 * at most limit; tap filled. */
int wo_store_open_due_before(db_conn *c, const char *due_before, size_t limit, wo_bill **rows, size_t *n,
                             err_t *e);

/* 援用 / 債権放棄 of a claim. */
typedef struct wo_act {
    int64_t id, bill_id;
    char service[8], kind[12], act_on[11], how[64], recorded_by[64];
    int64_t recorded_at;
} wo_act;
int wo_store_act_insert(db_conn *c, const wo_act *a, err_t *e);
/* found false when none. */
int wo_store_act_get(db_conn *c, int64_t bill_id, const char *service, wo_act *out, bool *found, err_t *e);

typedef struct wo_row {
    int64_t id, approval_id;
    char reason[16], reason_text[256], status[12];
    int64_t bills, amount;
    char proposed_by[64];
    int64_t proposed_at;
    char decided_by[64], decided_on[11];
} wo_row;
typedef struct wo_item {
    int64_t writeoff_id, bill_id;
    int64_t water_yen, sewer_yen;
} wo_item;
int wo_store_insert(db_conn *c, const wo_row *w, int64_t *id_out, err_t *e);
/* The approval that decides it (inserted first with approval_id 0, so that
 * the approval's object can name the write-off). */
int wo_store_set_approval(db_conn *c, int64_t id, int64_t approval_id, err_t *e);
int wo_store_item_insert(db_conn *c, const wo_item *it, err_t *e);
int wo_store_by_approval(db_conn *c, int64_t approval_id, wo_row *out, err_t *e);
int wo_store_get(db_conn *c, int64_t id, wo_row *out, err_t *e);
int wo_store_items(db_conn *c, int64_t writeoff_id, wo_item **rows, size_t *n, err_t *e);
/* Pending proposals naming a bill. */
int wo_store_pending_of_bill(db_conn *c, int64_t bill_id, int64_t *count, err_t *e);
int wo_store_decide(db_conn *c, int64_t id, const char *status, const char *by, const char *on, err_t *e);
/* The bill leaves the receivables (bill_writeoffs; the caller syncs bill_open). */
int wo_store_bill_written_off(db_conn *c, const wo_item *it, err_t *e);
/* The register, newest first, at most limit. */
int wo_store_list(db_conn *c, size_t limit, wo_row **rows, size_t *n, err_t *e);

/* The written-off bills of a tap (the カルテ), by bill. */
typedef struct wo_tap_row {
    int64_t bill_id, writeoff_id;
    char reason[16], decided_on[11];
    int64_t water_yen, sewer_yen;
} wo_tap_row;
int wo_store_of_tap(db_conn *c, const char *tap_no, wo_tap_row **rows, size_t *n, err_t *e);

/* 不納欠損後の収入: money received for a bill after its write-off is
 * allocated to it with kind WO_AFTER_KIND (the write-off stays, the bill
 * stays out of bill_open).  Whether a bill is written off (by key): */
#define WO_AFTER_KIND "after_writeoff"
int wo_store_is_written_off(db_conn *c, int64_t bill_id, bool *yes, err_t *e);
/* What was received so far for a bill (bill_id > 0) or for the bills of a
 * write-off (bill_id 0, writeoff_id > 0): the net sum of its after_writeoff
 * allocations and the last day one was posted ("" none). */
int wo_store_after(db_conn *c, int64_t bill_id, int64_t writeoff_id, int64_t *yen, char last_on[11], err_t *e);

/* Approved write-offs decided in [from, to): per reason and service. */
typedef struct wo_sum { char reason[16]; int64_t water_n, water_yen, sewer_n, sewer_yen; } wo_sum;
int wo_store_sums(db_conn *c, const char *from, const char *to, wo_sum **rows, size_t *n, err_t *e);

#endif
