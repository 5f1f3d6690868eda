/* app_writeoff — see app_writeoff.h and docs/arrears-writeoff.md. */
#include "app/arrears/app_writeoff.h"

#include <stdlib.h>
#include <string.h>

#include "app/arrears/app_limitation.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/arrears/writeoff_store.h"
#include "store/billing/bill_store.h"
#include "store/approval_store.h"
#include "store/db.h"

#define MAX_BILLS 200

/* Why bill bl cannot be written off for reason r now (0: it can); *water,
 * *sewer: the parts that would be. */
static int check_bill(const app_bill_limitation *bl, const char *status, int r, int64_t *water, int64_t *sewer,
                      err_t *e)
{
    long long id = (long long)bl->bill_id;
    if (bl->writeoff_id)
        return err_set(e, ERR_CONFLICT, NULL, "調定は既に不納欠損済みです。", "bill %lld written off", id);
    if (strcmp(status, "current") != 0 || !bl->open)
        return err_set(e, ERR_CONFLICT, NULL, "未納のある現在の調定だけを不納欠損にできます（取消・完納の調定は対象外です）。",
                       "bill %lld not open", id);
    if (bl->pending_writeoffs)
        return err_set(e, ERR_CONFLICT, NULL, "この調定の不納欠損は既に承認待ちです。", "bill %lld pending", id);
    const app_claim *w = &bl->claims[0], *s = &bl->claims[1];
    if (writeoff_reason_needs_limitation(r)) {
        if (s->unpaid > 0 && !s->barred)
            return err_set(e, ERR_CONFLICT, NULL, "下水道使用料の時効がまだ完成していません（時効完成日を確認してください）。",
                           "bill %lld sewer not barred (%s)", id, s->barred_from);
        if (w->unpaid > 0 && !w->barred)
            return err_set(e, ERR_CONFLICT, NULL, "水道料金の時効がまだ完成していません（時効完成日を確認してください）。",
                           "bill %lld water not barred (%s)", id, w->barred_from);
        if (w->unpaid > 0 && !w->act)
            return err_set(e, ERR_CONFLICT, NULL,
                           "水道料金（私債権）は時効が完成しても援用または債権放棄がなければ消滅しません。"
                           "先に援用または債権放棄を記録してください。",
                           "bill %lld water without invocation or waiver", id);
        if (r == WRITEOFF_INVOCATION && w->unpaid > 0 && strcmp(w->act_kind, "invocation") != 0)
            return err_set(e, ERR_CONFLICT, NULL, "この調定には援用の記録がありません（債権放棄として起案してください）。",
                           "bill %lld reason invocation without one", id);
        if (r == WRITEOFF_WAIVER && w->unpaid > 0 && strcmp(w->act_kind, "waiver") != 0)
            return err_set(e, ERR_CONFLICT, NULL, "この調定には債権放棄の記録がありません。",
                           "bill %lld reason waiver without one", id);
    }
    *water = w->unpaid;
    *sewer = s->unpaid;
    if (*water + *sewer <= 0)
        return err_set(e, ERR_CONFLICT, NULL, "未納額のない調定は不納欠損にできません。", "bill %lld nothing unpaid", id);
    return 0;
}

static int load(app_ctx *ctx, int64_t bill_id, app_bill_limitation *bl, char status[12], err_t *e)
{
    wo_bill b;
    int rc = wo_store_bill(ctx->db, bill_id, &b, e);
    /* a correction or leak reduction awaiting approval would replace the bill */
    char object[32];
    str_fmt(object, sizeof object, "bill:%lld", (long long)bill_id);
    int64_t pc = 0, pl = 0;
    if (!rc)
        rc = approval_store_count_pending(ctx->db, "bill.correct", object, &pc, e);
    if (!rc)
        rc = approval_store_count_pending(ctx->db, "bill.leak", object, &pl, e);
    if (!rc && pc + pl > 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "更正・減免の申請が承認待ちです。先にその判断を済ませてください。",
                     "bill %lld correction pending", (long long)bill_id);
    if (!rc)
        str_copy(status, 12, b.status);
    if (!rc)
        rc = app_limitation_bill_tx(ctx, bill_id, bl, e);
    return rc;
}

int app_writeoff_propose(app_ctx *ctx, const int64_t *bill_ids, size_t n, const char *reason,
                         const char *reason_text, int64_t *writeoff_id, err_t *e)
{
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    int r = writeoff_reason_parse(reason);
    if (r < 0)
        return err_field(e, "reason", "不納欠損の理由を選んでください。");
    if (!reason_text)
        reason_text = "";
    if (r == WRITEOFF_OTHER && !*reason_text)
        return err_field(e, "reason_text", "「その他」の理由を入力してください。");
    if (strlen(reason_text) >= 240)
        return err_field(e, "reason_text", "理由は80文字以内で入力してください。");
    if ((rc = validate_visible(reason_text, "reason_text", "理由", e)))
        return rc;
    if (n == 0)
        return err_field(e, "bills", "不納欠損にする調定を選んでください。");
    if (n > MAX_BILLS)
        return err_field(e, "bills", "一度に起案できるのは200件までです。");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (bill_ids[i] == bill_ids[j])
                return err_field(e, "bills", "同じ調定が二度選ばれています。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    wo_item *items = calloc(n, sizeof *items);
    if (!items)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int64_t total = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        app_bill_limitation bl;
        char status[12];
        if ((rc = load(ctx, bill_ids[i], &bl, status, e)))
            break;
        items[i].bill_id = bill_ids[i];
        rc = check_bill(&bl, status, r, &items[i].water_yen, &items[i].sewer_yen, e);
        if (rc && e->user[0]) {
            /* name the bill in the message */
            char msg[sizeof e->user];
            str_fmt(msg, sizeof msg, "調定 %lld: %s", (long long)bill_ids[i], e->user);
            str_copy(e->user, sizeof e->user, msg);
        }
        total += items[i].water_yen + items[i].sewer_yen;
    }
    wo_row w;
    memset(&w, 0, sizeof w);
    str_copy(w.reason, sizeof w.reason, writeoff_reason_code(r));
    str_copy(w.reason_text, sizeof w.reason_text, reason_text);
    str_copy(w.status, sizeof w.status, "pending");
    w.bills = (int64_t)n;
    w.amount = total;
    str_copy(w.proposed_by, sizeof w.proposed_by, ctx->actor.username);
    w.proposed_at = date_now_unix();
    int64_t id = 0, approval = 0;
    if (!rc)
        rc = wo_store_insert(ctx->db, &w, &id, e);
    for (size_t i = 0; !rc && i < n; i++) {
        items[i].writeoff_id = id;
        rc = wo_store_item_insert(ctx->db, &items[i], e);
    }
    if (!rc) {
        char obj[40], summary[160], why[512];
        str_fmt(obj, sizeof obj, "writeoff:%lld", (long long)id);
        str_fmt(summary, sizeof summary, "不納欠損 %zu件 %lld円（%s）", n, (long long)total, writeoff_reason_label(r));
        str_fmt(why, sizeof why, "%s%s%s", writeoff_reason_label(r), *reason_text ? "：" : "", reason_text);
        rc = app_approval_request_tx(ctx, "arrears.writeoff", obj, summary, why, &approval, e);
        if (!rc)
            rc = wo_store_set_approval(ctx->db, id, approval, e);
        if (!rc) {
            app_audit_detail d;
            app_audit_detail_begin(&d);
            jsonw_kv_string(&d.w, "reason", w.reason);
            jsonw_kv_int(&d.w, "amount", (long long)total);
            jsonw_kv_int(&d.w, "approval", (long long)approval);
            jsonw_key(&d.w, "bills");
            jsonw_array(&d.w);
            for (size_t i = 0; i < n; i++)
                jsonw_int(&d.w, (long long)bill_ids[i]);
            jsonw_end_array(&d.w);
            rc = app_audit_json(ctx, "writeoff.propose", obj, &d, e);
        }
    }
    free(items);
    if (!rc && writeoff_id)
        *writeoff_id = id;
    return app_tx_end(ctx, rc, e);
}

/* Inside the approval's transaction. */
static int writeoff_apply(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    wo_row w;
    int rc = wo_store_by_approval(ctx->db, approval_id, &w, e);
    if (rc)
        return rc;
    int r = writeoff_reason_parse(w.reason);
    wo_item *items = NULL;
    size_t n = 0;
    if ((rc = wo_store_items(ctx->db, w.id, &items, &n, e)))
        return rc;
    int64_t *ids = calloc(n ? n : 1, sizeof *ids);
    if (!ids)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        app_bill_limitation bl;
        char status[12];
        if ((rc = load(ctx, items[i].bill_id, &bl, status, e)))
            break;
        bl.pending_writeoffs = 0;   /* this one */
        int64_t water = 0, sewer = 0;
        rc = check_bill(&bl, status, r, &water, &sewer, e);
        if (!rc && (water != items[i].water_yen || sewer != items[i].sewer_yen))
            rc = err_set(e, ERR_CONFLICT, NULL,
                         "起案の後に入金などで未納額が変わった調定があるため、承認できません（却下して起案し直してください）。",
                         "bill %lld unpaid changed", (long long)items[i].bill_id);
        if (!rc)
            rc = wo_store_bill_written_off(ctx->db, &items[i], e);
        ids[i] = items[i].bill_id;
    }
    if (!rc)
        rc = bill_store_open_resync(ctx->db, ids, n, e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    if (!rc)
        rc = wo_store_decide(ctx->db, w.id, "approved", ctx->actor.username, today, e);
    if (!rc) {
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "reason", w.reason);
        jsonw_kv_int(&d.w, "bills", (long long)n);
        jsonw_kv_int(&d.w, "amount", (long long)w.amount);
        jsonw_kv_string(&d.w, "on", today);
        rc = app_audit_json(ctx, "writeoff.approve", object, &d, e);
    }
    free(ids);
    free(items);
    return rc;
}

static int writeoff_reject(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e)
{
    wo_row w;
    int rc = wo_store_by_approval(ctx->db, approval_id, &w, e);
    char today[11];
    date_format_iso(date_today_jst(), today);
    if (!rc)
        rc = wo_store_decide(ctx->db, w.id, "rejected", ctx->actor.username, today, e);
    if (!rc)
        rc = app_audit(ctx, "writeoff.reject", object, "{}", e);
    return rc;
}

/* arrears.writeoff: the particulars are in writeoffs and writeoff_items. */
const app_approval_kind APP_WRITEOFF_APPROVAL_KINDS[] = {
    {"arrears.writeoff", "不納欠損", PERM_PAYMENT_POST, writeoff_apply, writeoff_reject},
    {NULL, NULL, 0, NULL, NULL},
};

/* ---- the register and the report ------------------------------------------ */

static void to_app(const wo_row *w, app_writeoff *o)
{
    memset(o, 0, sizeof *o);
    o->id = w->id;
    o->approval_id = w->approval_id;
    str_copy(o->reason, sizeof o->reason, w->reason);
    str_copy(o->reason_label, sizeof o->reason_label, writeoff_reason_label(writeoff_reason_parse(w->reason)));
    str_copy(o->reason_text, sizeof o->reason_text, w->reason_text);
    str_copy(o->status, sizeof o->status, w->status);
    o->bills = w->bills;
    o->amount = w->amount;
    str_copy(o->proposed_by, sizeof o->proposed_by, w->proposed_by);
    date_format_ts_jst(w->proposed_at, o->proposed_at);
    str_copy(o->decided_by, sizeof o->decided_by, w->decided_by);
    str_copy(o->decided_on, sizeof o->decided_on, w->decided_on);
}

int app_writeoff_list(app_ctx *ctx, app_writeoff **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    wo_row *ws = NULL;
    size_t k = 0;
    if ((rc = wo_store_list(ctx->db, 500, &ws, &k, e)))
        return rc;
    app_writeoff *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        free(ws);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k && !rc; i++) {
        to_app(&ws[i], &out[i]);
        if (strcmp(ws[i].status, "approved") == 0)
            rc = wo_store_after(ctx->db, 0, ws[i].id, &out[i].after_yen, out[i].after_on, e);
    }
    free(ws);
    if (rc) {
        free(out);
        return rc;
    }
    *rows = out;
    *n = k;
    return 0;
}

int app_writeoff_get(app_ctx *ctx, int64_t id, app_writeoff *out, app_writeoff_item **items, size_t *n, err_t *e)
{
    *items = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    wo_row w;
    if ((rc = wo_store_get(ctx->db, id, &w, e)))
        return rc;
    to_app(&w, out);
    wo_item *it = NULL;
    size_t k = 0;
    if ((rc = wo_store_items(ctx->db, id, &it, &k, e)))
        return rc;
    app_writeoff_item *o = calloc(k ? k : 1, sizeof *o);
    if (!o)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < k; i++) {
        wo_bill b;
        if ((rc = wo_store_bill(ctx->db, it[i].bill_id, &b, e)))
            break;
        o[i].bill_id = b.id;
        str_copy(o[i].tap_no, sizeof o[i].tap_no, b.tap_no);
        str_copy(o[i].cycle, sizeof o[i].cycle, b.cycle);
        str_copy(o[i].due_on, sizeof o[i].due_on, b.due_on);
        o[i].water_yen = it[i].water_yen;
        o[i].sewer_yen = it[i].sewer_yen;
        if (strcmp(w.status, "approved") == 0)
            rc = wo_store_after(ctx->db, it[i].bill_id, 0, &o[i].after_yen, o[i].after_on, e);
    }
    free(it);
    if (rc) {
        free(o);
        return rc;
    }
    *items = o;
    *n = k;
    return 0;
}

int app_writeoff_of_tap(app_ctx *ctx, const char *tap_no, app_writeoff_of_bill **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    wo_tap_row *t = NULL;
    size_t k = 0;
    if ((rc = wo_store_of_tap(ctx->db, tap_no, &t, &k, e)))
        return rc;
    app_writeoff_of_bill *o = calloc(k ? k : 1, sizeof *o);
    if (!o) {
        free(t);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        o[i].bill_id = t[i].bill_id;
        o[i].writeoff_id = t[i].writeoff_id;
        str_copy(o[i].reason_label, sizeof o[i].reason_label, writeoff_reason_label(writeoff_reason_parse(t[i].reason)));
        str_copy(o[i].decided_on, sizeof o[i].decided_on, t[i].decided_on);
        o[i].water_yen = t[i].water_yen;
        o[i].sewer_yen = t[i].sewer_yen;
    }
    free(t);
    *rows = o;
    *n = k;
    return 0;
}

int app_writeoff_report_get(app_ctx *ctx, const char *fy, app_writeoff_report *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    char today[11];
    date_format_iso(date_today_jst(), today);
    int y = writeoff_fiscal_year(today);
    if (fy && *fy) {
        y = 0;
        for (const char *p = fy; *p; p++) {
            if (*p < '0' || *p > '9' || y > 10000)
                return err_field(e, "fy", "年度は西暦4桁で入力してください（例: 2026）。");
            y = y * 10 + (*p - '0');
        }
        if (y < 1900 || y > 2999)
            return err_field(e, "fy", "年度は西暦4桁で入力してください（例: 2026）。");
    }
    out->fy = y;
    str_fmt(out->from, sizeof out->from, "%04d-04-01", y);
    str_fmt(out->to, sizeof out->to, "%04d-03-31", y + 1);
    char end[11];
    str_fmt(end, sizeof end, "%04d-04-01", y + 1);
    wo_sum *s = NULL;
    size_t n = 0;
    if ((rc = wo_store_sums(ctx->db, out->from, end, &s, &n, e)))
        return rc;
    for (int r = 0; r < WRITEOFF__NREASONS; r++)
        out->rows[r].reason = r;
    out->total.reason = -1;
    for (size_t i = 0; i < n; i++) {
        int r = writeoff_reason_parse(s[i].reason);
        if (r < 0)
            continue;
        app_writeoff_report_row *o = &out->rows[r];
        o->water_n += s[i].water_n;
        o->water_yen += s[i].water_yen;
        o->sewer_n += s[i].sewer_n;
        o->sewer_yen += s[i].sewer_yen;
        out->total.water_n += s[i].water_n;
        out->total.water_yen += s[i].water_yen;
        out->total.sewer_n += s[i].sewer_n;
        out->total.sewer_yen += s[i].sewer_yen;
    }
    free(s);
    return 0;
}

int app_writeoff_alloc_kind(app_ctx *ctx, int64_t bill_id, const char **kind, err_t *e)
{
    bool written_off = false;
    int rc = wo_store_is_written_off(ctx->db, bill_id, &written_off, e);
    if (!rc && written_off)
        *kind = WO_AFTER_KIND;
    return rc;
}
