/* works_application_store — see works_application_store.h. */
#include "store/works/works_application_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define WA_COLS                                                                                                  \
    "a.id, a.fy, a.seq, a.number, a.type, a.status, a.status_on, a.received_on, a.contractor_id, a.engineer_id," \
    " a.owner_name_enc, a.owner_phone_enc, a.applicant_name_enc, a.applicant_phone_enc, a.area_code,"             \
    " a.address_enc, a.tap_id, a.diameter, a.old_diameter, a.dwellings, a.meter_count, a.meter_place,"            \
    " a.use_code, a.consent_land_on, a.consent_house_on, a.consent_party_on, a.fee_table, a.cancel_reason_enc,"   \
    " a.reviewed_on, a.approved_on, a.paid_on, a.started_on, a.inspected_on, a.completed_on, a.cancelled_on,"     \
    " a.entered_by, a.version, a.created_at, a.updated_at,"                                                       \
    " COALESCE(t.tap_no, ''), COALESCE(ar.name, ''), COALESCE(wc.name, ''), a.owner_kana_enc"
#define WA_FROM                                                                                                  \
    " FROM works_applications a LEFT JOIN taps t ON t.id = a.tap_id LEFT JOIN areas ar ON ar.code = a.area_code" \
    " LEFT JOIN works_contractors wc ON wc.id = a.contractor_id"

static const char SQL_NEXT_SEQ[] =
    "INSERT INTO works_numbers (fy, last) VALUES ($1, 1)"
    " ON CONFLICT (fy) DO UPDATE SET last = works_numbers.last + 1 RETURNING last";
static const char SQL_INSERT[] =
    "INSERT INTO works_applications (fy, seq, number, type, status, status_on, received_on, contractor_id,"
    " engineer_id, owner_name_enc, owner_phone_enc, applicant_name_enc, applicant_phone_enc, area_code, address_enc,"
    " tap_id, diameter, old_diameter, dwellings, meter_count, meter_place, use_code, consent_land_on,"
    " consent_house_on, consent_party_on, fee_table, entered_by, created_at, updated_at, owner_kana_enc)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
    " $23, $24, $25, $26, $27, $28, $28, $29) RETURNING id";
static const char SQL_GET[] = "SELECT " WA_COLS WA_FROM " WHERE a.id = $1";
static const char SQL_SET_PROGRESS[] =
    "UPDATE works_applications SET status = $3, status_on = $4, cancel_reason_enc = $5, reviewed_on = $6,"
    " approved_on = $7, paid_on = $8, started_on = $9, inspected_on = $10, completed_on = $11, cancelled_on = $12,"
    " version = version + 1, updated_at = $13 WHERE id = $1 AND version = $2";

#define WA_FILTER                                                                                               \
    " WHERE ($1 = '' OR a.number = $1 OR a.number LIKE $2 ESCAPE '!') AND ($3 = '' OR a.status = $3)"         \
    " AND ($4 = '' OR a.type = $4) AND ($5 = '' OR a.area_code = $5)"                                          \
    " AND ($6 = '' OR a.received_on >= $6) AND ($7 = '' OR a.received_on <= $7)"                               \
    " AND ($8 = '' OR (a.status NOT IN ('completed', 'cancelled') AND a.status_on <= $8))"                     \
    " AND (CAST($9 AS BIGINT) = 0 OR a.contractor_id = $9) AND (CAST($10 AS BIGINT) = 0 OR a.tap_id = $10"       \
    "      OR EXISTS (SELECT 1 FROM works_dwellings wd WHERE wd.application_id = a.id AND wd.tap_id = $10))"
static const char SQL_SEARCH[] =
    "SELECT " WA_COLS WA_FROM WA_FILTER " ORDER BY a.received_on DESC, a.fy DESC, a.seq DESC LIMIT $11 OFFSET $12";
/* The open ones by the status index (one range per open status). */
static const char SQL_OPEN[] =
    "SELECT " WA_COLS WA_FROM
    " WHERE a.status IN ('received', 'review', 'approved', 'paid', 'started', 'failed', 'inspected')"
    " ORDER BY a.status_on, a.id";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM works_applications a" WA_FILTER;
/* A tap's applications (its カルテ): those naming it, by works_applications_tap, and those one of
 * whose dwellings became it, by works_dwellings_tap — not WA_FILTER's every-row test. */
static const char SQL_OF_TAP[] =
    "SELECT " WA_COLS WA_FROM
    " WHERE a.id IN (SELECT w.id FROM works_applications w WHERE w.tap_id = $1 AND w.tap_id > 0"
    "  UNION SELECT d.application_id FROM works_dwellings d WHERE d.tap_id = $1 AND d.tap_id > 0)"
    " ORDER BY a.received_on DESC, a.fy DESC, a.seq DESC";

static const char SQL_DW_INSERT[] =
    "INSERT INTO works_dwellings (application_id, no, label, diameter, tap_id) VALUES ($1, $2, $3, $4, $5)";
static const char SQL_DW_LIST[] =
    "SELECT d.application_id, d.no, d.label, d.diameter, d.tap_id, COALESCE(t.tap_no, '') FROM works_dwellings d"
    " LEFT JOIN taps t ON t.id = d.tap_id WHERE d.application_id = $1 ORDER BY d.no";
static const char SQL_ST_INSERT[] =
    "INSERT INTO works_steps (application_id, step, result, status, step_on, taken_by, note_enc, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char SQL_ST_LIST[] =
    "SELECT id, application_id, step, result, status, step_on, taken_by, note_enc, created_at FROM works_steps"
    " WHERE application_id = $1 ORDER BY id";
#define AT_COLS "id, application_id, name_enc, content_type, size, sha256, path, added_by, added_at"
static const char SQL_AT_INSERT[] =
    "INSERT INTO works_attachments (application_id, name_enc, content_type, size, sha256, path, added_by, added_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_AT_GET[] = "SELECT " AT_COLS " FROM works_attachments WHERE id = $1";
static const char SQL_AT_LIST[] = "SELECT " AT_COLS " FROM works_attachments WHERE application_id = $1 ORDER BY id";
static const char SQL_CH_INSERT[] =
    "INSERT INTO works_charges (application_id, seq, code, name, yen, tax, due, paid_yen, origin, refundable,"
    " settlement_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
static const char SQL_CH_LIST[] =
    "SELECT id, application_id, seq, code, name, yen, tax, due, paid_yen, origin, refundable, refunded_yen,"
    " settlement_id FROM works_charges WHERE application_id = $1 ORDER BY seq";
static const char SQL_CH_PAID[] = "UPDATE works_charges SET paid_yen = $3 WHERE application_id = $1 AND code = $2";
static const char SQL_CH_MARK_PAID[] =
    "UPDATE works_charges SET paid_yen = yen WHERE application_id = $1 AND ($2 = 'start' OR due = 'approval')";
static const char SQL_AREA_TAPS[] =
    "SELECT id, tap_no, address_enc, diameter, status FROM taps WHERE area_code = $1 ORDER BY tap_no";

static const char SQL_CHOICE_C[] =
    "SELECT id, id, designation_no, name, '' FROM works_contractors WHERE status <> 'revoked' ORDER BY designation_no";
static const char SQL_CHOICE_C_ALL[] =
    "SELECT id, id, designation_no, name, '' FROM works_contractors ORDER BY designation_no";
static const char SQL_CHOICE_E[] =
    "SELECT e.id, e.contractor_id, c.designation_no, c.name, e.licence_no FROM works_engineers e"
    " JOIN works_contractors c ON c.id = e.contractor_id WHERE e.removed_on = '' AND c.status <> 'revoked'"
    " ORDER BY c.designation_no, e.licence_no";

/* The sealed columns, for key rotation: what to read and how to write one. */
static const struct enc_col {
    const char *column, *select, *update;
} ENC_COLS[] = {
    {"owner_name", "SELECT id, owner_name_enc FROM works_applications WHERE owner_name_enc <> '' ORDER BY id",
     "UPDATE works_applications SET owner_name_enc = $2 WHERE id = $1"},
    {"owner_phone", "SELECT id, owner_phone_enc FROM works_applications WHERE owner_phone_enc <> '' ORDER BY id",
     "UPDATE works_applications SET owner_phone_enc = $2 WHERE id = $1"},
    {"owner_kana", "SELECT id, owner_kana_enc FROM works_applications WHERE owner_kana_enc <> '' ORDER BY id",
     "UPDATE works_applications SET owner_kana_enc = $2 WHERE id = $1"},
    {"applicant_name",
     "SELECT id, applicant_name_enc FROM works_applications WHERE applicant_name_enc <> '' ORDER BY id",
     "UPDATE works_applications SET applicant_name_enc = $2 WHERE id = $1"},
    {"applicant_phone",
     "SELECT id, applicant_phone_enc FROM works_applications WHERE applicant_phone_enc <> '' ORDER BY id",
     "UPDATE works_applications SET applicant_phone_enc = $2 WHERE id = $1"},
    {"address", "SELECT id, address_enc FROM works_applications WHERE address_enc <> '' ORDER BY id",
     "UPDATE works_applications SET address_enc = $2 WHERE id = $1"},
    {"cancel_reason", "SELECT id, cancel_reason_enc FROM works_applications WHERE cancel_reason_enc <> '' ORDER BY id",
     "UPDATE works_applications SET cancel_reason_enc = $2 WHERE id = $1"},
    {"step_note", "SELECT id, note_enc FROM works_steps WHERE note_enc <> '' ORDER BY id",
     "UPDATE works_steps SET note_enc = $2 WHERE id = $1"},
    {"attachment_name", "SELECT id, name_enc FROM works_attachments WHERE name_enc <> '' ORDER BY id",
     "UPDATE works_attachments SET name_enc = $2 WHERE id = $1"},
    {"settlement_reason", "SELECT id, reason_enc FROM works_settlements WHERE reason_enc <> '' ORDER BY id",
     "UPDATE works_settlements SET reason_enc = $2 WHERE id = $1"},
};
#define NENC_COLS (sizeof ENC_COLS / sizeof ENC_COLS[0])

typedef struct enc_row {
    int64_t id;
    char enc[WORKS_APP_SEALED_MAX];
} enc_row;

static void read_enc(db_stmt *s, void *slot)
{
    enc_row *r = slot;
    r->id = db_col_i64(s, 0);
    str_copy(r->enc, sizeof r->enc, db_col_text(s, 1));
}

int works_app_store_walk_enc(db_conn *c, works_app_enc_fn fn, void *ctx, err_t *e)
{
    int rc = 0;
    for (size_t k = 0; !rc && k < NENC_COLS; k++) {
        db_stmt *s = db_prepare(c, ENC_COLS[k].select, e);
        if (!s)
            return ERR_DB;
        enc_row *rows = NULL;
        size_t n = 0;
        rc = db_collect(s, read_enc, sizeof *rows, (void **)&rows, &n, e);
        for (size_t i = 0; !rc && i < n; i++)
            rc = fn(ENC_COLS[k].column, rows[i].id, rows[i].enc, ctx);
        free(rows);
    }
    return rc;
}

int works_app_store_set_enc(db_conn *c, const char *column, int64_t id, const char *enc, err_t *e)
{
    for (size_t k = 0; k < NENC_COLS; k++) {
        if (strcmp(column, ENC_COLS[k].column) != 0)
            continue;
        db_stmt *s = db_prepare(c, ENC_COLS[k].update, e);
        if (!s)
            return ERR_DB;
        db_bind_i64(s, 1, id);
        db_bind_text(s, 2, enc);
        return db_exec(s, e);
    }
    return err_set(e, ERR_INTERNAL, NULL, NULL, "works: no sealed column %s", column);
}

static void read_choice(db_stmt *s, void *slot)
{
    works_choice_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->contractor_id = db_col_i64(s, 1);
    str_copy(r->designation_no, sizeof r->designation_no, db_col_text(s, 2));
    str_copy(r->name, sizeof r->name, db_col_text(s, 3));
    str_copy(r->licence_no, sizeof r->licence_no, db_col_text(s, 4));
}

static int choices(db_conn *c, const char *sql, works_choice_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_choice, sizeof **rows, (void **)rows, n, e);
}

int works_app_store_contractor_choices(db_conn *c, bool all, works_choice_row **rows, size_t *n, err_t *e)
{
    return choices(c, all ? SQL_CHOICE_C_ALL : SQL_CHOICE_C, rows, n, e);
}

int works_app_store_engineer_choices(db_conn *c, works_choice_row **rows, size_t *n, err_t *e)
{
    return choices(c, SQL_CHOICE_E, rows, n, e);
}

int works_app_store_next_seq(db_conn *c, int64_t fy, int64_t *seq, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_NEXT_SEQ, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, fy);
    return db_scalar_i64(s, seq, e);
}

int works_app_store_insert(db_conn *c, const works_app_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    const char *texts[] = {r->number, r->type, r->status, r->status_on, r->received_on};
    db_bind_i64(s, 1, r->fy);
    db_bind_i64(s, 2, r->seq);
    for (int i = 0; i < 5; i++)
        db_bind_text(s, 3 + i, texts[i]);
    db_bind_i64(s, 8, r->contractor_id);
    db_bind_i64(s, 9, r->engineer_id);
    db_bind_text(s, 10, r->owner_name_enc);
    db_bind_text(s, 11, r->owner_phone_enc);
    db_bind_text(s, 12, r->applicant_name_enc);
    db_bind_text(s, 13, r->applicant_phone_enc);
    db_bind_text(s, 14, r->area_code);
    db_bind_text(s, 15, r->address_enc);
    db_bind_i64(s, 16, r->tap_id);
    db_bind_i64(s, 17, r->diameter);
    db_bind_i64(s, 18, r->old_diameter);
    db_bind_i64(s, 19, r->dwellings);
    db_bind_i64(s, 20, r->meter_count);
    db_bind_text(s, 21, r->meter_place);
    db_bind_text(s, 22, r->use_code);
    db_bind_text(s, 23, r->consent_land_on);
    db_bind_text(s, 24, r->consent_house_on);
    db_bind_text(s, 25, r->consent_party_on);
    db_bind_text(s, 26, r->fee_table);
    db_bind_text(s, 27, r->entered_by);
    db_bind_i64(s, 28, r->created_at);
    db_bind_text(s, 29, r->owner_kana_enc);
    return db_insert_id(s, id_out, e);
}

static void read_app(db_stmt *s, void *slot)
{
    works_app_row *r = slot;
    int k = 0;
    r->id = db_col_i64(s, k++);
    r->fy = db_col_i64(s, k++);
    r->seq = db_col_i64(s, k++);
    str_copy(r->number, sizeof r->number, db_col_text(s, k++));
    str_copy(r->type, sizeof r->type, db_col_text(s, k++));
    str_copy(r->status, sizeof r->status, db_col_text(s, k++));
    str_copy(r->status_on, sizeof r->status_on, db_col_text(s, k++));
    str_copy(r->received_on, sizeof r->received_on, db_col_text(s, k++));
    r->contractor_id = db_col_i64(s, k++);
    r->engineer_id = db_col_i64(s, k++);
    str_copy(r->owner_name_enc, sizeof r->owner_name_enc, db_col_text(s, k++));
    str_copy(r->owner_phone_enc, sizeof r->owner_phone_enc, db_col_text(s, k++));
    str_copy(r->applicant_name_enc, sizeof r->applicant_name_enc, db_col_text(s, k++));
    str_copy(r->applicant_phone_enc, sizeof r->applicant_phone_enc, db_col_text(s, k++));
    str_copy(r->area_code, sizeof r->area_code, db_col_text(s, k++));
    str_copy(r->address_enc, sizeof r->address_enc, db_col_text(s, k++));
    r->tap_id = db_col_i64(s, k++);
    r->diameter = db_col_i64(s, k++);
    r->old_diameter = db_col_i64(s, k++);
    r->dwellings = db_col_i64(s, k++);
    r->meter_count = db_col_i64(s, k++);
    str_copy(r->meter_place, sizeof r->meter_place, db_col_text(s, k++));
    str_copy(r->use_code, sizeof r->use_code, db_col_text(s, k++));
    str_copy(r->consent_land_on, sizeof r->consent_land_on, db_col_text(s, k++));
    str_copy(r->consent_house_on, sizeof r->consent_house_on, db_col_text(s, k++));
    str_copy(r->consent_party_on, sizeof r->consent_party_on, db_col_text(s, k++));
    str_copy(r->fee_table, sizeof r->fee_table, db_col_text(s, k++));
    str_copy(r->cancel_reason_enc, sizeof r->cancel_reason_enc, db_col_text(s, k++));
    char *dates[] = {r->reviewed_on, r->approved_on, r->paid_on, r->started_on, r->inspected_on, r->completed_on,
                     r->cancelled_on};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        str_copy(dates[i], 11, db_col_text(s, k++));
    str_copy(r->entered_by, sizeof r->entered_by, db_col_text(s, k++));
    r->version = db_col_i64(s, k++);
    r->created_at = db_col_i64(s, k++);
    r->updated_at = db_col_i64(s, k++);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, k++));
    str_copy(r->area_name, sizeof r->area_name, db_col_text(s, k++));
    str_copy(r->contractor_name, sizeof r->contractor_name, db_col_text(s, k++));
    str_copy(r->owner_kana_enc, sizeof r->owner_kana_enc, db_col_text(s, k++));
}

int works_app_store_get(db_conn *c, int64_t id, works_app_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_one(s, read_app, out, e);
}

int works_app_store_set_progress(db_conn *c, const works_app_row *r, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_PROGRESS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->id);
    db_bind_i64(s, 2, r->version);
    db_bind_text(s, 3, r->status);
    db_bind_text(s, 4, r->status_on);
    db_bind_text(s, 5, r->cancel_reason_enc);
    const char *dates[] = {r->reviewed_on, r->approved_on, r->paid_on, r->started_on, r->inspected_on,
                           r->completed_on, r->cancelled_on};
    for (int i = 0; i < 7; i++)
        db_bind_text(s, 6 + i, dates[i]);
    db_bind_i64(s, 13, now);
    int rc = db_exec(s, e);
    if (rc)
        return rc;
    if (db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この申込は他の操作で変更されました。画面を開き直してください。",
                       "works application %lld changed (version %lld)", (long long)r->id, (long long)r->version);
    return 0;
}

/* The filter's parameters $1..$10; like holds the number's LIKE pattern. */
static void bind_filter(db_stmt *s, const works_app_filter *f, char like[40])
{
    const char *num = f->number ? f->number : "";
    size_t o = 0;
    for (const char *p = num; *p && o + 3 < 40; p++) {
        if (*p == '%' || *p == '_' || *p == '!')
            like[o++] = '!';
        like[o++] = *p;
    }
    like[o++] = '%';
    like[o] = '\0';
    db_bind_text(s, 1, num);
    db_bind_text(s, 2, like);
    db_bind_text(s, 3, f->status ? f->status : "");
    db_bind_text(s, 4, f->type ? f->type : "");
    db_bind_text(s, 5, f->area_code ? f->area_code : "");
    db_bind_text(s, 6, f->from ? f->from : "");
    db_bind_text(s, 7, f->to ? f->to : "");
    db_bind_text(s, 8, f->overdue_before ? f->overdue_before : "");
    db_bind_i64(s, 9, f->contractor_id);
    db_bind_i64(s, 10, f->tap_id);
}

int works_app_store_search(db_conn *c, const works_app_filter *f, int64_t limit, int64_t offset, works_app_row **rows,
                           size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_SEARCH, e);
    if (!s)
        return ERR_DB;
    char like[40];
    bind_filter(s, f, like);
    db_bind_i64(s, 11, limit);
    db_bind_i64(s, 12, offset);
    return db_collect(s, read_app, sizeof **rows, (void **)rows, n, e);
}

int works_app_store_open(db_conn *c, works_app_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_OPEN, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_app, sizeof **rows, (void **)rows, n, e);
}

int works_app_store_of_tap(db_conn *c, int64_t tap_id, works_app_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_OF_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    return db_collect(s, read_app, sizeof **rows, (void **)rows, n, e);
}

int works_app_store_count(db_conn *c, const works_app_filter *f, int64_t *count, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_COUNT, e);
    if (!s)
        return ERR_DB;
    char like[40];
    bind_filter(s, f, like);
    return db_scalar_i64(s, count, e);
}

int works_dwelling_store_insert(db_conn *c, const works_dwelling_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_DW_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->application_id);
    db_bind_i64(s, 2, r->no);
    db_bind_text(s, 3, r->label);
    db_bind_i64(s, 4, r->diameter);
    db_bind_i64(s, 5, r->tap_id);
    return db_exec(s, e);
}

static void read_dwelling(db_stmt *s, void *slot)
{
    works_dwelling_row *r = slot;
    r->application_id = db_col_i64(s, 0);
    r->no = db_col_i64(s, 1);
    str_copy(r->label, sizeof r->label, db_col_text(s, 2));
    r->diameter = db_col_i64(s, 3);
    r->tap_id = db_col_i64(s, 4);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 5));
}

int works_dwelling_store_list(db_conn *c, int64_t application_id, works_dwelling_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_DW_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    return db_collect(s, read_dwelling, sizeof **rows, (void **)rows, n, e);
}

int works_step_store_insert(db_conn *c, const works_step_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ST_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->application_id);
    db_bind_text(s, 2, r->step);
    db_bind_text(s, 3, r->result);
    db_bind_text(s, 4, r->status);
    db_bind_text(s, 5, r->step_on);
    db_bind_text(s, 6, r->taken_by);
    db_bind_text(s, 7, r->note_enc);
    db_bind_i64(s, 8, r->created_at);
    return db_exec(s, e);
}

static void read_step(db_stmt *s, void *slot)
{
    works_step_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->application_id = db_col_i64(s, 1);
    str_copy(r->step, sizeof r->step, db_col_text(s, 2));
    str_copy(r->result, sizeof r->result, db_col_text(s, 3));
    str_copy(r->status, sizeof r->status, db_col_text(s, 4));
    str_copy(r->step_on, sizeof r->step_on, db_col_text(s, 5));
    str_copy(r->taken_by, sizeof r->taken_by, db_col_text(s, 6));
    str_copy(r->note_enc, sizeof r->note_enc, db_col_text(s, 7));
    r->created_at = db_col_i64(s, 8);
}

int works_step_store_list(db_conn *c, int64_t application_id, works_step_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_ST_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    return db_collect(s, read_step, sizeof **rows, (void **)rows, n, e);
}

int works_attachment_store_insert(db_conn *c, const works_attachment_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_AT_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->application_id);
    db_bind_text(s, 2, r->name_enc);
    db_bind_text(s, 3, r->content_type);
    db_bind_i64(s, 4, r->size);
    db_bind_text(s, 5, r->sha256);
    db_bind_text(s, 6, r->path);
    db_bind_text(s, 7, r->added_by);
    db_bind_i64(s, 8, r->added_at);
    return db_insert_id(s, id_out, e);
}

static void read_attachment(db_stmt *s, void *slot)
{
    works_attachment_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->application_id = db_col_i64(s, 1);
    str_copy(r->name_enc, sizeof r->name_enc, db_col_text(s, 2));
    str_copy(r->content_type, sizeof r->content_type, db_col_text(s, 3));
    r->size = db_col_i64(s, 4);
    str_copy(r->sha256, sizeof r->sha256, db_col_text(s, 5));
    str_copy(r->path, sizeof r->path, db_col_text(s, 6));
    str_copy(r->added_by, sizeof r->added_by, db_col_text(s, 7));
    r->added_at = db_col_i64(s, 8);
}

int works_attachment_store_get(db_conn *c, int64_t id, works_attachment_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_AT_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_one(s, read_attachment, out, e);
}

int works_attachment_store_list(db_conn *c, int64_t application_id, works_attachment_row **rows, size_t *n,
                                err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_AT_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    return db_collect(s, read_attachment, sizeof **rows, (void **)rows, n, e);
}

int works_charge_store_insert(db_conn *c, const works_charge_row *r, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CH_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->application_id);
    db_bind_i64(s, 2, r->seq);
    db_bind_text(s, 3, r->code);
    db_bind_text(s, 4, r->name);
    db_bind_i64(s, 5, r->yen);
    db_bind_i64(s, 6, r->tax);
    db_bind_text(s, 7, r->due);
    db_bind_i64(s, 8, r->paid_yen);
    db_bind_text(s, 9, r->origin[0] ? r->origin : "assessed");
    db_bind_i64(s, 10, r->refundable ? 1 : 0);
    db_bind_i64(s, 11, r->settlement_id);
    return db_exec(s, e);
}

static void read_charge(db_stmt *s, void *slot)
{
    works_charge_row *r = slot;
    r->id = db_col_i64(s, 0);
    r->application_id = db_col_i64(s, 1);
    r->seq = db_col_i64(s, 2);
    str_copy(r->code, sizeof r->code, db_col_text(s, 3));
    str_copy(r->name, sizeof r->name, db_col_text(s, 4));
    r->yen = db_col_i64(s, 5);
    r->tax = db_col_i64(s, 6);
    str_copy(r->due, sizeof r->due, db_col_text(s, 7));
    r->paid_yen = db_col_i64(s, 8);
    str_copy(r->origin, sizeof r->origin, db_col_text(s, 9));
    r->refundable = db_col_i64(s, 10) != 0;
    r->refunded_yen = db_col_i64(s, 11);
    r->settlement_id = db_col_i64(s, 12);
}

int works_charge_store_list(db_conn *c, int64_t application_id, works_charge_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_CH_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    return db_collect(s, read_charge, sizeof **rows, (void **)rows, n, e);
}

int works_charge_store_set_paid(db_conn *c, int64_t application_id, const char *code, int64_t paid_yen, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CH_PAID, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    db_bind_text(s, 2, code);
    db_bind_i64(s, 3, paid_yen);
    return db_exec(s, e);
}

int works_charge_store_mark_paid(db_conn *c, int64_t application_id, const char *due, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CH_MARK_PAID, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, application_id);
    db_bind_text(s, 2, due);
    return db_exec(s, e);
}

static void read_area_tap(db_stmt *s, void *slot)
{
    works_area_tap *r = slot;
    r->id = db_col_i64(s, 0);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 1));
    str_copy(r->address_enc, sizeof r->address_enc, db_col_text(s, 2));
    r->diameter = db_col_i64(s, 3);
    str_copy(r->status, sizeof r->status, db_col_text(s, 4));
}

int works_app_store_area_taps(db_conn *c, const char *area_code, works_area_tap **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_AREA_TAPS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, area_code);
    return db_collect(s, read_area_tap, sizeof **rows, (void **)rows, n, e);
}
