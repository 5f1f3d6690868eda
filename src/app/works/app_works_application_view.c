/* app_works_application_view — the read side of the works applications
 * (see app_works_application.h): one application with its charges, steps,
 * attachments and dwellings, the search and its exports, a tap's
 * applications.  Only reads; one application's personal data is opened
 * here and its view audited. */
#include "app/works/app_works_application.h"
#include "app/works/app_works_application_int.h"

#include <stdlib.h>
#include <string.h>

#include "app/app_seal.h"
#include "base/text.h"
#include "domain/role.h"
#include "store/db.h"
#include "store/registry/tap_store.h"
#include "store/works/works_application_store.h"
#include "store/works/works_contractor_store.h"

static bool given(const char *s)
{
    return s && *s;
}

/* ---- reading one ----------------------------------------------------- */

void app_works_application_free(app_works_application *a)
{
    if (!a)
        return;
    free(a->charges);
    free(a->steps);
    free(a->attachments);
    free(a->dwelling_rows);
    a->charges = NULL;
    a->steps = NULL;
    a->attachments = NULL;
    a->dwelling_rows = NULL;
}

bool app_works_is_overdue(const app_ctx *ctx, int status, const char *status_on, int64_t *days)
{
    civil_date on;
    *days = 0;
    if (!works_status_open(status) || !date_parse(status_on, &on))
        return false;
    *days = date_to_days(date_today_jst()) - date_to_days(on);
    return *days > app_works_overdue_days(ctx);
}

static void fill_head(app_ctx *ctx, const works_app_row *r, app_works_application *a)
{
    a->id = r->id;
    str_copy(a->number, sizeof a->number, r->number);
    a->type = works_type_parse(r->type);
    a->status = works_status_parse(r->status);
    str_copy(a->status_on, sizeof a->status_on, r->status_on);
    str_copy(a->received_on, sizeof a->received_on, r->received_on);
    a->contractor_id = r->contractor_id;
    a->engineer_id = r->engineer_id;
    str_copy(a->contractor_name, sizeof a->contractor_name, r->contractor_name);
    app_open_into(ctx, r->owner_name_enc, a->owner_name, sizeof a->owner_name);
    app_open_into(ctx, r->owner_phone_enc, a->owner_phone, sizeof a->owner_phone);
    if (r->owner_kana_enc[0])
        app_open_into(ctx, r->owner_kana_enc, a->owner_kana, sizeof a->owner_kana);
    app_open_into(ctx, r->applicant_name_enc, a->applicant_name, sizeof a->applicant_name);
    app_open_into(ctx, r->applicant_phone_enc, a->applicant_phone, sizeof a->applicant_phone);
    app_open_into(ctx, r->address_enc, a->address, sizeof a->address);
    app_open_into(ctx, r->cancel_reason_enc, a->cancel_reason, sizeof a->cancel_reason);
    str_copy(a->area_code, sizeof a->area_code, r->area_code);
    str_copy(a->area_name, sizeof a->area_name, r->area_name);
    str_copy(a->tap_no, sizeof a->tap_no, r->tap_no);
    a->diameter = r->diameter;
    a->old_diameter = r->old_diameter;
    a->dwellings = r->dwellings;
    a->meter_count = r->meter_count;
    str_copy(a->meter_place, sizeof a->meter_place, r->meter_place);
    str_copy(a->use_code, sizeof a->use_code, r->use_code);
    str_copy(a->consent_land_on, sizeof a->consent_land_on, r->consent_land_on);
    str_copy(a->consent_house_on, sizeof a->consent_house_on, r->consent_house_on);
    str_copy(a->consent_party_on, sizeof a->consent_party_on, r->consent_party_on);
    str_copy(a->fee_table, sizeof a->fee_table, r->fee_table);
    str_copy(a->entered_by, sizeof a->entered_by, r->entered_by);
    int64_t days;
    a->overdue = app_works_is_overdue(ctx, a->status, a->status_on, &days);
    works_engineer_row eng;
    if (r->engineer_id && works_engineer_store_get(ctx->db, r->engineer_id, &eng, NULL) == 0)
        str_copy(a->engineer_licence, sizeof a->engineer_licence, eng.licence_no);
}

static int fill_charges(app_ctx *ctx, app_works_application *a, err_t *e)
{
    works_charge_row *rows = NULL;
    size_t n = 0;
    int rc = works_charge_store_list(ctx->db, a->id, &rows, &n, e);
    if (!rc && n && !(a->charges = calloc(n, sizeof *a->charges)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        app_works_charge *c = &a->charges[i];
        str_copy(c->code, sizeof c->code, rows[i].code);
        str_copy(c->name, sizeof c->name, rows[i].name);
        c->yen = rows[i].yen;
        c->tax = rows[i].tax;
        c->paid_yen = rows[i].paid_yen;
        c->due = works_fee_due_parse(rows[i].due);
        a->ncharges++;
    }
    free(rows);
    return rc;
}

static int fill_steps(app_ctx *ctx, app_works_application *a, err_t *e)
{
    works_step_row *rows = NULL;
    size_t n = 0;
    int rc = works_step_store_list(ctx->db, a->id, &rows, &n, e);
    if (!rc && n && !(a->steps = calloc(n, sizeof *a->steps)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        app_works_step_item *s = &a->steps[i];
        s->step = works_step_parse(rows[i].step);
        s->result = works_result_parse(rows[i].result);
        s->status = works_status_parse(rows[i].status);
        str_copy(s->on, sizeof s->on, rows[i].step_on);
        str_copy(s->by, sizeof s->by, rows[i].taken_by);
        app_open_into(ctx, rows[i].note_enc, s->note, sizeof s->note);
        a->nsteps++;
    }
    free(rows);
    return rc;
}

static int fill_attachments(app_ctx *ctx, app_works_application *a, err_t *e)
{
    works_attachment_row *rows = NULL;
    size_t n = 0;
    int rc = works_attachment_store_list(ctx->db, a->id, &rows, &n, e);
    if (!rc && n && !(a->attachments = calloc(n, sizeof *a->attachments)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        app_works_attachment *x = &a->attachments[i];
        x->id = rows[i].id;
        app_open_into(ctx, rows[i].name_enc, x->name, sizeof x->name);
        str_copy(x->content_type, sizeof x->content_type, rows[i].content_type);
        x->size = rows[i].size;
        str_copy(x->sha256, sizeof x->sha256, rows[i].sha256);
        str_copy(x->by, sizeof x->by, rows[i].added_by);
        x->at = rows[i].added_at;
        a->nattachments++;
    }
    free(rows);
    return rc;
}

static int fill_dwellings(app_ctx *ctx, app_works_application *a, err_t *e)
{
    works_dwelling_row *rows = NULL;
    size_t n = 0;
    int rc = works_dwelling_store_list(ctx->db, a->id, &rows, &n, e);
    if (!rc && n && !(a->dwelling_rows = calloc(n, sizeof *a->dwelling_rows)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        a->dwelling_rows[i].no = rows[i].no;
        a->dwelling_rows[i].diameter = rows[i].diameter;
        str_copy(a->dwelling_rows[i].tap_no, sizeof a->dwelling_rows[i].tap_no, rows[i].tap_no);
        str_copy(a->dwelling_rows[i].label, sizeof a->dwelling_rows[i].label, rows[i].label);
        a->ndwelling_rows++;
    }
    free(rows);
    return rc;
}

/* The row and everything filled into out, inside the caller's transaction
 * (r: the caller's, for the audit detail). */
static int read_one(app_ctx *ctx, int64_t id, works_app_row *r, app_works_application *out, err_t *e)
{
    int rc = works_app_store_get(ctx->db, id, r, e);
    if (rc == ERR_NOTFOUND)
        return app_works_application_not_found(e, id);
    if (rc)
        return rc;
    fill_head(ctx, r, out);
    if (!(rc = fill_charges(ctx, out, e)) && !(rc = fill_steps(ctx, out, e)) && !(rc = fill_attachments(ctx, out, e)))
        rc = fill_dwellings(ctx, out, e);
    return rc;
}

int app_works_get(app_ctx *ctx, int64_t id, app_works_application *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    works_app_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if ((rc = db_begin(ctx->db, e))) {
        free(r);
        return rc;
    }
    rc = read_one(ctx, id, r, out, e);
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "works_application:%lld", (long long)id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "number", r->number);
        rc = app_audit_json(ctx, "works.application.view", obj, &d, e);
    }
    free(r);
    rc = app_tx_end(ctx, rc, e);
    if (rc)
        app_works_application_free(out);
    return rc;
}

int app_works_read(app_ctx *ctx, int64_t id, app_works_application *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    works_app_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!(rc = db_begin_read(ctx->db, e))) {
        rc = read_one(ctx, id, r, out, e);
        db_end_read(ctx->db);
    }
    free(r);
    if (rc)
        app_works_application_free(out);
    return rc;
}

/* ---- search ---------------------------------------------------------- */

void app_works_page_free(app_works_page *p)
{
    if (!p)
        return;
    free(p->rows);
    p->rows = NULL;
    p->n = 0;
}

static int search_filter(app_ctx *ctx, const app_works_query *q, works_app_filter *f, char overdue_day[11],
                         err_t *e)
{
    memset(f, 0, sizeof *f);
    civil_date d;
    if (given(q->number) && (strlen(q->number) > 12 || !text_is_clean(q->number, false)))
        return err_field(e, "number", "申込番号は「R8-00001」のように入力してください。");
    if (given(q->status) && works_status_parse(q->status) < 0)
        return err_field(e, "status", "状態の指定が正しくありません。");
    if (given(q->type) && works_type_parse(q->type) < 0)
        return err_field(e, "type", "申込種別の指定が正しくありません。");
    if (given(q->contractor)) {
        int64_t cid;
        if (!app_works_parse_id(q->contractor, &cid))
            return err_field(e, "contractor", "事業者の指定が正しくありません。");
        f->contractor_id = cid;
    }
    if (given(q->area) && (strlen(q->area) > 7 || !text_is_clean(q->area, false)))
        return err_field(e, "area", "町丁目の指定が正しくありません。");
    if (given(q->from) && !date_parse(q->from, &d))
        return err_field(e, "from", "申込日（から）を YYYY-MM-DD で入力してください。");
    if (given(q->to) && !date_parse(q->to, &d))
        return err_field(e, "to", "申込日（まで）を YYYY-MM-DD で入力してください。");
    if (given(q->overdue) && strcmp(q->overdue, "1") != 0)
        return err_field(e, "overdue", "滞留の指定が正しくありません。");
    f->number = q->number;
    f->status = q->status;
    f->type = q->type;
    f->area_code = q->area;
    f->from = q->from;
    f->to = q->to;
    if (given(q->overdue)) {
        date_format_iso(date_from_days(date_to_days(date_today_jst()) - app_works_overdue_days(ctx) - 1), overdue_day);
        f->overdue_before = overdue_day;
    }
    return 0;
}

static int search_rows(app_ctx *ctx, const works_app_filter *f, app_works_page *out, err_t *e)
{
    int rc = works_app_store_count(ctx->db, f, &out->total, e);
    if (rc)
        return rc;
    int64_t limit = out->per_page < 0 ? out->total : out->per_page;
    out->pages = out->per_page < 0 ? 1 : (out->total + out->per_page - 1) / out->per_page;
    if (out->pages < 1)
        out->pages = 1;
    if (out->page > out->pages)
        out->page = out->pages;
    works_app_row *rows = NULL;
    size_t n = 0;
    if (limit > 0 &&
        (rc = works_app_store_search(ctx->db, f, limit, out->per_page < 0 ? 0 : (out->page - 1) * out->per_page, &rows,
                                     &n, e)))
        return rc;
    rc = app_works_rows_from(ctx, rows, n, out, e);
    free(rows);
    return rc;
}

int app_works_rows_from(app_ctx *ctx, const works_app_row *rows, size_t n, app_works_page *out, err_t *e)
{
    if (n && !(out->rows = calloc(n, sizeof *out->rows)))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        app_works_row *x = &out->rows[i];
        const works_app_row *r = &rows[i];
        x->id = r->id;
        str_copy(x->number, sizeof x->number, r->number);
        x->type = works_type_parse(r->type);
        x->status = works_status_parse(r->status);
        str_copy(x->status_on, sizeof x->status_on, r->status_on);
        str_copy(x->received_on, sizeof x->received_on, r->received_on);
        str_copy(x->contractor_name, sizeof x->contractor_name, r->contractor_name);
        str_copy(x->area_name, sizeof x->area_name, r->area_name);
        str_copy(x->tap_no, sizeof x->tap_no, r->tap_no);
        x->diameter = r->diameter;
        x->old_diameter = r->old_diameter;
        x->dwellings = r->dwellings;
        x->overdue = app_works_is_overdue(ctx, x->status, x->status_on, &x->days_open);
    }
    out->n = n;
    return 0;
}

int app_works_search(app_ctx *ctx, const app_works_query *q, app_works_page *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    works_app_filter f;
    char overdue_day[11] = "";
    if ((rc = search_filter(ctx, q, &f, overdue_day, e)))
        return rc;
    out->page = q->page > 0 ? q->page : 1;
    out->per_page = q->per_page == 0 ? APP_WORKS_PAGE : q->per_page;
    out->overdue_days = app_works_overdue_days(ctx);
    date_format_iso(date_today_jst(), out->today);
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = search_rows(ctx, &f, out, e);
    db_end_read(ctx->db);
    if (rc)
        app_works_page_free(out);
    return rc;
}

int app_works_of_tap(app_ctx *ctx, const char *tap_no, app_works_page *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    tap_row *t = calloc(1, sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    out->page = out->pages = 1;
    out->per_page = -1;
    out->overdue_days = app_works_overdue_days(ctx);
    date_format_iso(date_today_jst(), out->today);
    if ((rc = db_begin_read(ctx->db, e))) {
        free(t);
        return rc;
    }
    rc = tap_store_get_by_no(ctx->db, tap_no ? tap_no : "", t, e);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, "tap_no", "水栓番号が登録されていません。", "tap %s not found", tap_no ? tap_no : "");
    works_app_row *rows = NULL;
    size_t n = 0;
    if (!rc && !(rc = works_app_store_of_tap(ctx->db, t->id, &rows, &n, e))) {
        out->total = (int64_t)n;
        rc = app_works_rows_from(ctx, rows, n, out, e);
    }
    free(rows);
    db_end_read(ctx->db);
    free(t);
    if (rc)
        app_works_page_free(out);
    return rc;
}
