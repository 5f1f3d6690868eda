/* app_meter_stocktake — 棚卸 (see app_meter_stock.h): the meters counted in
 * store by diameter against the book (the meters whose status is 在庫),
 * each difference with its reason, and a second person's approval (kind
 * meter.stocktake).  The book is not altered by the approval: a difference
 * is found out and put right by the meter's own moves (a 庫出 not entered,
 * a meter found again), and the approved count is the record that it was
 * explained.  docs/meters.md 「棚卸」. */
#include "app/meter/app_meter_stock.h"
#include "app/meter/app_meter_int.h"

#include <stdlib.h>
#include <string.h>

#include "domain/role.h"
#include "domain/validate.h"
#include "store/db.h"
#include "store/meter/meter_stock_store.h"
#include "store/meter/meter_stocktake_store.h"

#define STOCKTAKE_LIST_MAX 50

/* The lines as typed, checked against the book, into out (n of them). */
static int check_lines(const app_meter_count *in, size_t n, const meter_stock_row *book, size_t nb,
                       meter_stocktake_line *out, err_t *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        char f[32], label[48];
        int64_t dia = 0;
        if ((rc = app_meter_diameter(in[i].diameter, "diameter", &dia, e)))
            break;
        for (size_t j = 0; j < i; j++)
            if (out[j].diameter == dia)
                return err_field(e, "diameter", "口径 %lldmm が二度入力されています。", (long long)dia);
        out[i].diameter = dia;
        for (size_t j = 0; j < nb; j++)
            if (book[j].diameter == dia)
                out[i].book = book[j].in_store;
        long long counted = 0;
        str_fmt(f, sizeof f, "counted_%lld", (long long)dia);
        str_fmt(label, sizeof label, "口径%lldmmの実数", (long long)dia);
        if ((rc = validate_int(in[i].counted, 0, 1000000, f, label, &counted, e)))
            break;
        out[i].counted = counted;
        str_fmt(f, sizeof f, "reason_%lld", (long long)dia);
        str_fmt(label, sizeof label, "口径%lldmmの差異の理由", (long long)dia);
        if ((rc = validate_text(in[i].reason, false, 100, f, label, e)))
            break;
        str_copy(out[i].reason, sizeof out[i].reason, in[i].reason ? in[i].reason : "");
        if (out[i].counted != out[i].book && !out[i].reason[0])
            rc = err_field(e, f, "口径 %lldmm は帳簿 %lld 個に対して実数 %lld 個です。差異の理由を入力してください。",
                           (long long)dia, (long long)out[i].book, (long long)out[i].counted);
    }
    for (size_t j = 0; !rc && j < nb; j++) {
        bool seen = false;
        for (size_t i = 0; i < n; i++)
            seen = seen || out[i].diameter == book[j].diameter;
        if (!seen && book[j].in_store > 0) {
            char f[32];
            str_fmt(f, sizeof f, "counted_%lld", (long long)book[j].diameter);
            rc = err_field(e, f, "口径 %lldmm（帳簿 %lld 個）の実数を入力してください。", (long long)book[j].diameter,
                           (long long)book[j].in_store);
        }
    }
    return rc;
}

/* Record the count (inside the transaction) and ask for its approval. */
static int record(app_ctx *ctx, meter_stocktake_row *st, meter_stocktake_line *lines, size_t n, int64_t *id, err_t *e)
{
    int rc = meter_stocktake_store_insert(ctx->db, st, id, e);
    int64_t diffs = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        lines[i].stocktake_id = *id;
        diffs += lines[i].counted != lines[i].book;
        rc = meter_stocktake_store_line_insert(ctx->db, &lines[i], e);
    }
    char obj[40], summary[160], reason[512];
    str_fmt(obj, sizeof obj, "meter_stocktake:%lld", (long long)*id);
    str_fmt(summary, sizeof summary, "メーター棚卸 %s（%zu口径、差異 %lld口径）", st->counted_on, n, (long long)diffs);
    str_fmt(reason, sizeof reason, "%s", st->note[0] ? st->note : (diffs ? "差異の理由は棚卸の明細のとおり" : "差異なし"));
    int64_t approval = 0;
    if (!rc)
        rc = app_approval_request_tx(ctx, "meter.stocktake", obj, summary, reason, &approval, e);
    if (!rc)
        rc = meter_stocktake_store_set_approval(ctx->db, *id, approval, e);
    if (!rc) {
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "on", st->counted_on);
        jsonw_kv_int(&d.w, "approval", approval);
        jsonw_key(&d.w, "lines");
        jsonw_array(&d.w);
        for (size_t i = 0; i < n; i++) {
            jsonw_object(&d.w);
            jsonw_kv_int(&d.w, "diameter", lines[i].diameter);
            jsonw_kv_int(&d.w, "book", lines[i].book);
            jsonw_kv_int(&d.w, "counted", lines[i].counted);
            jsonw_kv_string(&d.w, "reason", lines[i].reason);
            jsonw_end_object(&d.w);
        }
        jsonw_end_array(&d.w);
        rc = app_audit_json(ctx, "meter.stocktake", obj, &d, e);
    }
    return rc;
}

int app_meter_stocktake(app_ctx *ctx, const char *on, const app_meter_count *in, size_t n, const char *note,
                        int64_t *id_out, err_t *e)
{
    meter_stocktake_row st;
    memset(&st, 0, sizeof st);
    int rc = app_require(ctx, PERM_METER, e);
    if (rc || (rc = app_meter_day(on, "counted_on", "棚卸日", st.counted_on, e)) ||
        (rc = validate_text(note, false, 100, "note", "備考", e)))
        return rc;
    str_copy(st.note, sizeof st.note, note ? note : "");
    str_copy(st.created_by, sizeof st.created_by, ctx->actor.username[0] ? ctx->actor.username : "operator");
    st.created_at = date_now_unix();
    meter_stocktake_line *lines = calloc(n ? n : 1, sizeof *lines);
    if (!lines)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    meter_stock_row *book = NULL;
    size_t nb = 0;
    int64_t id = 0;
    if (!(rc = db_begin(ctx->db, e))) {
        rc = meter_stock_store_by_diameter(ctx->db, &book, &nb, e);
        if (!rc)
            rc = check_lines(in, n, book, nb, lines, e);
        if (!rc)
            rc = record(ctx, &st, lines, n, &id, e);
        rc = app_tx_end(ctx, rc, e);
    }
    free(book);
    free(lines);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

/* ---- the approval ---------------------------------------------------------- */

static int decide(app_ctx *ctx, int64_t approval_id, const char *object, const char *status, const char *action,
                  err_t *e)
{
    meter_stocktake_row st;
    int rc = meter_stocktake_store_by_approval(ctx->db, approval_id, &st, e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    if (!rc)
        rc = meter_stocktake_store_decide(ctx->db, st.id, status, ctx->actor.username, today, e);
    if (!rc)
        rc = app_audit(ctx, action, object, "{}", e);
    return rc;
}

static int stocktake_approve(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    return decide(ctx, approval_id, object, "approved", "meter.stocktake.approve", e);
}

static int stocktake_reject(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    return decide(ctx, approval_id, object, "rejected", "meter.stocktake.reject", e);
}

/* meter.stocktake: the particulars are in meter_stocktakes and _lines. */
const app_approval_kind APP_METER_APPROVAL_KINDS[] = {
    {"meter.stocktake", "メーター棚卸", PERM_METER, stocktake_approve, stocktake_reject},
    {NULL, NULL, 0, NULL, NULL},
};

/* ---- reading them ---------------------------------------------------------- */

static const char *status_label(const char *s)
{
    return strcmp(s, "approved") == 0 ? "承認済" : strcmp(s, "rejected") == 0 ? "却下" : "承認待ち";
}

static void info_of(const meter_stocktake_row *r, app_meter_stocktake_info *o)
{
    memset(o, 0, sizeof *o);
    o->id = r->id;
    o->approval_id = r->approval_id;
    str_copy(o->counted_on, sizeof o->counted_on, r->counted_on);
    str_copy(o->status, sizeof o->status, r->status);
    str_copy(o->status_label, sizeof o->status_label, status_label(r->status));
    str_copy(o->note, sizeof o->note, r->note);
    str_copy(o->created_by, sizeof o->created_by, r->created_by);
    str_copy(o->decided_by, sizeof o->decided_by, r->decided_by);
    str_copy(o->decided_on, sizeof o->decided_on, r->decided_on);
    o->lines = r->lines;
    o->differences = r->differences;
}

int app_meter_stocktake_get(app_ctx *ctx, int64_t id, app_meter_stocktake_info *out, app_meter_stocktake_line **lines,
                            size_t *n, err_t *e)
{
    *lines = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_METER_VIEW, e);
    meter_stocktake_row st;
    meter_stocktake_line *l = NULL;
    size_t nl = 0;
    if (rc || (rc = meter_stocktake_store_get(ctx->db, id, &st, e)) ||
        (rc = meter_stocktake_store_lines(ctx->db, id, &l, &nl, e)))
        return rc;
    *lines = calloc(nl ? nl : 1, sizeof **lines);
    if (!*lines) {
        free(l);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < nl; i++) {
        app_meter_stocktake_line *a = &(*lines)[i];
        a->diameter = l[i].diameter;
        a->book = l[i].book;
        a->counted = l[i].counted;
        a->difference = l[i].counted - l[i].book;
        str_copy(a->reason, sizeof a->reason, l[i].reason);
        st.differences += a->difference != 0;
    }
    st.lines = (int64_t)nl;
    info_of(&st, out);
    *n = nl;
    free(l);
    return 0;
}

int app_meter_stocktakes(app_ctx *ctx, app_meter_stocktake_info **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_METER_VIEW, e);
    meter_stocktake_row *r = NULL;
    size_t nr = 0;
    if (rc || (rc = meter_stocktake_store_list(ctx->db, STOCKTAKE_LIST_MAX, &r, &nr, e)))
        return rc;
    *rows = calloc(nr ? nr : 1, sizeof **rows);
    if (!*rows) {
        free(r);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < nr; i++)
        info_of(&r[i], &(*rows)[i]);
    *n = nr;
    free(r);
    return 0;
}
