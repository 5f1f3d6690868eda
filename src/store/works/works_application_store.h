/* works_application_store — works applications (給水装置工事の申込) and
 * their dwellings, steps, attachments and charges (migration 28).  Sealed
 * values (_enc) are sealed by the caller; this file never sees plaintext
 * personal data.
 *
 * Ownership: rows are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd (free()). */
#ifndef SUIDO_WORKS_APPLICATION_STORE_H
#define SUIDO_WORKS_APPLICATION_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

#define WORKS_APP_SEALED_MAX 1024   /* a sealed short value (a name, a phone, an address) */

typedef struct works_app_row {
    int64_t id, fy, seq;
    char number[16];
    char type[12], status[12], status_on[11], received_on[11];
    int64_t contractor_id, engineer_id;
    char owner_name_enc[WORKS_APP_SEALED_MAX], owner_phone_enc[WORKS_APP_SEALED_MAX];
    char applicant_name_enc[WORKS_APP_SEALED_MAX], applicant_phone_enc[WORKS_APP_SEALED_MAX];
    char owner_kana_enc[WORKS_APP_SEALED_MAX];   /* the owner's カナ ("" none) */
    char area_code[8];
    char address_enc[WORKS_APP_SEALED_MAX];
    int64_t tap_id, diameter, old_diameter, dwellings, meter_count;
    char meter_place[128], use_code[16];
    char consent_land_on[11], consent_house_on[11], consent_party_on[11];
    char fee_table[64];
    char cancel_reason_enc[WORKS_APP_SEALED_MAX];
    char reviewed_on[11], approved_on[11], paid_on[11], started_on[11], inspected_on[11], completed_on[11],
        cancelled_on[11];
    char entered_by[64];
    int64_t version, created_at, updated_at;
    /* read only (joins) */
    char tap_no[16], area_name[96], contractor_name[256];
} works_app_row;

/* The next number within fiscal year fy (from 1), taken inside the
 * caller's transaction: the year's counter row stays locked until it ends,
 * so that two transactions never get the same number. */
int works_app_store_next_seq(db_conn *c, int64_t fy, int64_t *seq, err_t *e);
int works_app_store_insert(db_conn *c, const works_app_row *r, int64_t *id_out, err_t *e);
/* ERR_NOTFOUND when there is no such application. */
int works_app_store_get(db_conn *c, int64_t id, works_app_row *out, err_t *e);
/* The progress columns (status, status_on, the step dates, the cancel
 * reason) where version matches; bumps version.  ERR_CONFLICT when the row
 * changed since it was read. */
int works_app_store_set_progress(db_conn *c, const works_app_row *r, int64_t now, err_t *e);

/* The search: every member optional ("" / 0 = no condition).  number: the
 * whole number or its beginning; overdue_before: open applications whose
 * latest step is on or before that day. */
typedef struct works_app_filter {
    const char *number, *status, *type, *area_code, *from, *to, *overdue_before;
    int64_t contractor_id;
    int64_t tap_id;               /* the applications naming one tap, or whose dwelling became it */
} works_app_filter;
/* One page in order of received date (newest first) and number. */
int works_app_store_search(db_conn *c, const works_app_filter *f, int64_t limit, int64_t offset, works_app_row **rows,
                           size_t *n, err_t *e);
int works_app_store_count(db_conn *c, const works_app_filter *f, int64_t *count, err_t *e);
/* Every application naming tap_id or one of whose dwellings became it, in the order of
 * works_app_store_search (rows: caller frees). */
int works_app_store_of_tap(db_conn *c, int64_t tap_id, works_app_row **rows, size_t *n, err_t *e);
/* Every open application (not completed nor cancelled), the oldest latest
 * step first: the progress list (進捗一覧). */
int works_app_store_open(db_conn *c, works_app_row **rows, size_t *n, err_t *e);

typedef struct works_dwelling_row {
    int64_t application_id, no;
    char label[64];
    int64_t diameter, tap_id;
    char tap_no[16];              /* read only: the tap's number ("" none) */
} works_dwelling_row;
int works_dwelling_store_insert(db_conn *c, const works_dwelling_row *r, err_t *e);
int works_dwelling_store_list(db_conn *c, int64_t application_id, works_dwelling_row **rows, size_t *n, err_t *e);

typedef struct works_step_row {
    int64_t id, application_id;
    char step[12], result[8], status[12], step_on[11], taken_by[64];
    char note_enc[WORKS_APP_SEALED_MAX];
    int64_t created_at;
} works_step_row;
int works_step_store_insert(db_conn *c, const works_step_row *r, err_t *e);
/* In the order taken. */
int works_step_store_list(db_conn *c, int64_t application_id, works_step_row **rows, size_t *n, err_t *e);

typedef struct works_attachment_row {
    int64_t id, application_id;
    char name_enc[WORKS_APP_SEALED_MAX];
    char content_type[32];
    int64_t size;
    char sha256[65];
    char path[128];               /* relative to the attachment directory */
    char added_by[64];
    int64_t added_at;
} works_attachment_row;
int works_attachment_store_insert(db_conn *c, const works_attachment_row *r, int64_t *id_out, err_t *e);
int works_attachment_store_get(db_conn *c, int64_t id, works_attachment_row *out, err_t *e);
int works_attachment_store_list(db_conn *c, int64_t application_id, works_attachment_row **rows, size_t *n,
                                err_t *e);

/* A charge (migration 28; origin, refundable, refunded_yen and
 * settlement_id of migration 29): origin "assessed" (at 受付) or
 * "additional" (追徴 of settlement_id); refundable: the fee table's flag;
 * refunded_yen: paid back (還付) of what was paid. */
typedef struct works_charge_row {
    int64_t id, application_id, seq;
    char code[32], name[96];
    int64_t yen, tax;
    char due[12];
    int64_t paid_yen;
    char origin[12];              /* "" on insert: "assessed" */
    bool refundable;
    int64_t refunded_yen, settlement_id;
} works_charge_row;
int works_charge_store_insert(db_conn *c, const works_charge_row *r, err_t *e);
int works_charge_store_list(db_conn *c, int64_t application_id, works_charge_row **rows, size_t *n, err_t *e);
/* What is paid on a charge, set outright (tests and the demo; the
 * collections ledger adds through works_receipt_store). */
int works_charge_store_set_paid(db_conn *c, int64_t application_id, const char *code, int64_t paid_yen, err_t *e);

/* Mark paid in full every charge of an application due at or before due
 * ("approval": those due at approval; "start": all), for the demo. */
int works_charge_store_mark_paid(db_conn *c, int64_t application_id, const char *due, err_t *e);

/* The taps of an area, for matching a typed place (the caller opens
 * address_enc). */
typedef struct works_area_tap {
    int64_t id;
    char tap_no[16];
    char address_enc[WORKS_APP_SEALED_MAX];
    int64_t diameter;
    char status[16];
} works_area_tap;
int works_app_store_area_taps(db_conn *c, const char *area_code, works_area_tap **rows, size_t *n, err_t *e);

/* Key rotation: visit every sealed value of the applications, steps,
 * attachments and settlements (column: "owner_name", "owner_phone",
 * "applicant_name", "applicant_phone", "address", "cancel_reason",
 * "step_note", "attachment_name", "settlement_reason"; empty values are
 * skipped), and write one back. */
typedef int (*works_app_enc_fn)(const char *column, int64_t id, const char *enc, void *ctx);
int works_app_store_walk_enc(db_conn *c, works_app_enc_fn fn, void *ctx, err_t *e);
int works_app_store_set_enc(db_conn *c, const char *column, int64_t id, const char *enc, err_t *e);

/* The contractors an application may name (not revoked; every one when
 * all, for the search) and the chief engineers registered now, for the
 * forms' choices (no personal data). */
typedef struct works_choice_row {
    int64_t id, contractor_id;    /* engineer rows: id is the engineer's; contractor rows: contractor_id = id */
    char designation_no[24], name[256];
    char licence_no[16];          /* "" on a contractor row */
} works_choice_row;
int works_app_store_contractor_choices(db_conn *c, bool all, works_choice_row **rows, size_t *n, err_t *e);
int works_app_store_engineer_choices(db_conn *c, works_choice_row **rows, size_t *n, err_t *e);

#endif
