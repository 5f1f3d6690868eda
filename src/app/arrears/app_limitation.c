/* app_limitation — see app_limitation.h and docs/arrears-writeoff.md. */
#include "app/arrears/app_limitation.h"

#include <stdlib.h>
#include <string.h>

#include "domain/role.h"
#include "domain/validate.h"
#include "domain/writeoff.h"
#include "store/arrears/pledge_store.h"
#include "store/arrears/writeoff_store.h"
#include "store/db.h"

#define MAX_ACKS 24
#define LIST_CAP 100000   /* open bills read for one list at most */

/* The acknowledgement events (承認) of a bill, into ev (at most max): the
 * days of its partial payments (allocations) and the days of the
 * instalment pledges (分納誓約) covering it, each day once.  The one place
 * to add a source of acknowledgement. */
static int ack_sources(app_ctx *ctx, int64_t bill_id, limitation_event_in *ev, size_t max, size_t *n, err_t *e)
{
    char days[MAX_ACKS][11];
    size_t k = 0;
    int rc = wo_store_ack_days(ctx->db, bill_id, days, max < MAX_ACKS ? max : MAX_ACKS, &k, e);
    ack_date *pl = NULL;
    size_t np = 0;
    if (!rc)
        rc = pledge_store_ack_dates(ctx->db, bill_id, &pl, &np, e);
    for (size_t i = 0; !rc && i < np && k < MAX_ACKS && k < max; i++) {
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = strcmp(days[j], pl[i].on) == 0;
        if (!seen)
            str_copy(days[k++], sizeof days[0], pl[i].on);
    }
    free(pl);
    *n = 0;
    for (size_t i = 0; !rc && i < k; i++) {
        civil_date d;
        if (!date_parse(days[i], &d))
            continue;
        ev[*n].kind = LIMITATION_ACK;
        ev[*n].date = d;
        (*n)++;
    }
    return rc;
}

static void fill_claim(app_claim *c, const char *service, int64_t unpaid, const limitation_result *r,
                       civil_date today)
{
    str_copy(c->service, sizeof c->service, service);
    c->unpaid = unpaid;
    c->lim = *r;
    date_format_iso(r->barred_from, c->barred_from);
    c->barred = date_cmp(today, r->barred_from) >= 0;
}

/* The limitation of bill b as of today: both claims. */
static int compute(app_ctx *ctx, const wo_bill *b, civil_date today, app_bill_limitation *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->bill_id = b->id;
    out->tap_id = b->tap_id;
    str_copy(out->tap_no, sizeof out->tap_no, b->tap_no);
    str_copy(out->cycle, sizeof out->cycle, b->cycle);
    str_copy(out->read_on, sizeof out->read_on, b->read_on);
    str_copy(out->due_on, sizeof out->due_on, b->due_on);
    date_format_iso(today, out->today);
    out->open = b->open;
    civil_date read_on, due;
    if (!date_parse(b->due_on, &due))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "bill %lld: bad due date", (long long)b->id);
    if (!date_parse(b->read_on, &read_on) || date_cmp(read_on, due) > 0)
        read_on = due;
    limitation_event_in ev[LIMITATION_MAX_EVENTS];
    size_t n = 0;
    int rc = ack_sources(ctx, b->id, ev, LIMITATION_MAX_EVENTS - 1, &n, e);
    char dl[11];
    if (!rc)
        rc = wo_store_first_dunning(ctx->db, b->id, dl, e);
    civil_date d;
    if (!rc && dl[0] && date_parse(dl, &d) && date_cmp(d, due) > 0) {
        ev[n].kind = LIMITATION_DUNNING;
        ev[n].date = d;
        n++;
    }
    if (rc)
        return rc;
    int64_t water = 0, sewer = 0;
    if (b->writeoff_id) {
        water = b->wo_water;
        sewer = b->wo_sewer;
    } else {
        writeoff_split(b->total_yen - b->paid_yen, b->sewer_yen, b->alloc_sewer, &water, &sewer);
    }
    char msg[256];
    limitation_result r;
    if (limitation_compute(LIMITATION_WATER, read_on, due, ev, n, &r, msg, sizeof msg))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "bill %lld: %s", (long long)b->id, msg);
    fill_claim(&out->claims[0], "water", water, &r, today);
    if (limitation_compute(LIMITATION_SEWER, read_on, due, ev, n, &r, msg, sizeof msg))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "bill %lld: %s", (long long)b->id, msg);
    fill_claim(&out->claims[1], "sewer", sewer, &r, today);
    out->claims[1].extinguished = out->claims[1].barred;

    wo_act a;
    bool found = false;
    if ((rc = wo_store_act_get(ctx->db, b->id, "water", &a, &found, e)))
        return rc;
    if (found) {
        app_claim *w = &out->claims[0];
        w->act = true;
        str_copy(w->act_kind, sizeof w->act_kind, a.kind);
        str_copy(w->act_on, sizeof w->act_on, a.act_on);
        str_copy(w->act_how, sizeof w->act_how, a.how);
        str_copy(w->act_by, sizeof w->act_by, a.recorded_by);
        w->extinguished = w->barred;
    }
    if (b->writeoff_id) {
        wo_row wr;
        if ((rc = wo_store_get(ctx->db, b->writeoff_id, &wr, e)))
            return rc;
        out->writeoff_id = wr.id;
        str_copy(out->wo_reason, sizeof out->wo_reason, wr.reason);
        str_copy(out->wo_reason_label, sizeof out->wo_reason_label,
                 writeoff_reason_label(writeoff_reason_parse(wr.reason)));
        str_copy(out->wo_reason_text, sizeof out->wo_reason_text, wr.reason_text);
        str_copy(out->wo_by, sizeof out->wo_by, wr.decided_by);
        str_copy(out->wo_proposed_by, sizeof out->wo_proposed_by, wr.proposed_by);
        str_copy(out->wo_on, sizeof out->wo_on, wr.decided_on);
        out->wo_water = b->wo_water;
        out->wo_sewer = b->wo_sewer;
        if ((rc = wo_store_after(ctx->db, b->id, 0, &out->wo_after_yen, out->wo_after_on, e)))
            return rc;
    }
    return wo_store_pending_of_bill(ctx->db, b->id, &out->pending_writeoffs, e);
}

int app_limitation_bill_tx(app_ctx *ctx, int64_t bill_id, app_bill_limitation *out, err_t *e)
{
    wo_bill b;
    int rc = wo_store_bill(ctx->db, bill_id, &b, e);
    if (!rc)
        rc = compute(ctx, &b, date_today_jst(), out, e);
    return rc;
}

int app_limitation_bill(app_ctx *ctx, int64_t bill_id, app_bill_limitation *out, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = app_limitation_bill_tx(ctx, bill_id, out, e);
    db_end_read(ctx->db);
    return rc;
}

/* ---- the list ------------------------------------------------------------- */

static civil_date add_months(civil_date d, int months)
{
    int m0 = d.y * 12 + (d.m - 1) + months;
    civil_date r = {m0 / 12, m0 % 12 + 1, d.d};
    while (!date_valid(r) && r.d > 28)
        r.d--;
    return r;
}

static int cmp_row(const void *a, const void *b)
{
    const app_limitation_row *x = a, *y = b;
    int c = strcmp(x->barred_from, y->barred_from);
    if (c)
        return c;
    if (x->bill_id != y->bill_id)
        return x->bill_id < y->bill_id ? -1 : 1;
    return strcmp(x->service, y->service) > 0 ? -1 : strcmp(x->service, y->service) < 0;
}

int app_limitation_list(app_ctx *ctx, const char *service, const char *months, int64_t page, bool exporting,
                        app_limitation_page *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (!rc && exporting)
        rc = app_require(ctx, PERM_CUSTOMER_EXPORT, e);
    if (rc)
        return rc;
    if (!service)
        service = "";
    if (*service && strcmp(service, "water") != 0 && strcmp(service, "sewer") != 0)
        return err_field(e, "service", "料金の種類は「水道」か「下水道」を選んでください。");
    int nm = 6;
    if (months && *months) {
        nm = 0;
        for (const char *p = months; *p; p++) {
            if (*p < '0' || *p > '9' || nm > 1000)
                return err_field(e, "months", "月数は1から120までの数字で入力してください。");
            nm = nm * 10 + (*p - '0');
        }
        if (nm < 1 || nm > 120)
            return err_field(e, "months", "月数は1から120までの数字で入力してください。");
    }
    civil_date today = date_today_jst(), horizon = add_months(today, nm);
    out->months = nm;
    date_format_iso(today, out->today);
    date_format_iso(horizon, out->horizon);
    /* barred_from is never before (due + 1 day) + 2 years (water under the
     * old law; 5 years for sewer only): only bills due before the horizon
     * less that can reach it */
    civil_date cut = {horizon.y - (strcmp(service, "sewer") == 0 ? 5 : 2), horizon.m, horizon.d};
    if (!date_valid(cut))
        cut.d = 28;
    char cut_iso[11];
    date_format_iso(cut, cut_iso);

    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    wo_bill *bills = NULL;
    size_t nb = 0;
    rc = wo_store_open_due_before(ctx->db, cut_iso, LIST_CAP, &bills, &nb, e);
    app_limitation_row *rows = calloc(nb * 2 + 1, sizeof *rows);
    size_t n = 0;
    if (!rc && !rows)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < nb; i++) {
        app_bill_limitation bl;
        if ((rc = compute(ctx, &bills[i], today, &bl, e)))
            break;
        for (int k = 0; k < 2; k++) {
            const app_claim *c = &bl.claims[k];
            if (c->unpaid <= 0 || (*service && strcmp(service, c->service) != 0))
                continue;
            if (date_cmp(c->lim.barred_from, horizon) > 0)
                continue;
            app_limitation_row *r = &rows[n++];
            r->bill_id = bl.bill_id;
            str_copy(r->tap_no, sizeof r->tap_no, bl.tap_no);
            str_copy(r->cycle, sizeof r->cycle, bl.cycle);
            str_copy(r->service, sizeof r->service, c->service);
            str_copy(r->read_on, sizeof r->read_on, bl.read_on);
            str_copy(r->due_on, sizeof r->due_on, bl.due_on);
            str_copy(r->barred_from, sizeof r->barred_from, c->barred_from);
            r->years = c->lim.years;
            r->unpaid = c->unpaid;
            r->barred = c->barred;
            r->needs_invocation = c->lim.needs_invocation;
            r->act = c->act;
            for (int j = 0; j < c->lim.nevents; j++)
                r->renewals += c->lim.events[j].effect == LIMITATION_RENEWED;
        }
    }
    db_end_read(ctx->db);
    free(bills);
    if (rc) {
        free(rows);
        return rc;
    }
    if (n > 1)
        qsort(rows, n, sizeof *rows, cmp_row);
    out->total = (int64_t)n;
    for (size_t i = 0; i < n; i++)
        out->sum += rows[i].unpaid;
    out->pages = n ? ((int64_t)n + APP_LIMITATION_PAGE - 1) / APP_LIMITATION_PAGE : 1;
    if (page > 0) {
        if (page > out->pages)
            page = out->pages;
        size_t from = (size_t)(page - 1) * APP_LIMITATION_PAGE;
        size_t cnt = n - from < APP_LIMITATION_PAGE ? n - from : APP_LIMITATION_PAGE;
        if (from && cnt)
            memmove(rows, rows + from, cnt * sizeof *rows);
        n = cnt;
        out->page = page;
    }
    out->rows = rows;
    out->n = n;
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "service", service);
    jsonw_kv_int(&d.w, "months", nm);
    jsonw_kv_int(&d.w, "rows", (long long)out->n);
    rc = app_audit_now_json(ctx, exporting ? "limitation.export" : "limitation.view", "limitation", &d, e);
    if (rc)
        app_limitation_page_free(out);
    return rc;
}

void app_limitation_page_free(app_limitation_page *p)
{
    free(p->rows);
    p->rows = NULL;
    p->n = 0;
}

/* ---- 援用・債権放棄 ---------------------------------------------------------- */

int app_limitation_act(app_ctx *ctx, int64_t bill_id, const char *kind, const char *act_on, const char *how,
                       err_t *e)
{
    bool waiver = kind && strcmp(kind, "waiver") == 0;
    if (!waiver && (!kind || strcmp(kind, "invocation") != 0))
        return err_field(e, "kind", "「援用」か「債権放棄」を選んでください。");
    int rc = app_require(ctx, waiver ? PERM_APPROVE : PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    civil_date on;
    if (!act_on || !date_parse(act_on, &on))
        return err_field(e, "act_on", waiver ? "債権放棄を決定した日を YYYY-MM-DD で入力してください。"
                                             : "援用を受けた日を YYYY-MM-DD で入力してください。");
    if (!how || !*how)
        return err_field(e, "how", waiver ? "決定の記録（決裁番号など）を入力してください。"
                                          : "援用の方法（書面・口頭など）を入力してください。");
    if (strlen(how) >= 60)
        return err_field(e, "how", "20文字以内で入力してください。");
    if ((rc = validate_visible(how, "how", waiver ? "決定の記録" : "援用の方法", e)))
        return rc;
    civil_date today = date_today_jst();
    if (date_cmp(on, today) > 0)
        return err_field(e, "act_on", "将来の日付は入力できません。");
    if ((rc = db_begin(ctx->db, e)))
        return rc;
    app_bill_limitation bl;
    rc = app_limitation_bill_tx(ctx, bill_id, &bl, e);
    const app_claim *w = &bl.claims[0];
    if (!rc && bl.writeoff_id)
        rc = err_set(e, ERR_CONFLICT, NULL, "この調定は不納欠損済みです。", "bill %lld written off", (long long)bill_id);
    if (!rc && w->act)
        rc = err_set(e, ERR_CONFLICT, NULL, "この水道料金の援用・債権放棄は既に記録されています。", "act exists");
    if (!rc && !w->barred)
        rc = err_set(e, ERR_CONFLICT, NULL,
                     "水道料金の時効がまだ完成していないため、援用・債権放棄は記録できません（時効完成日を確認してください）。",
                     "water claim of bill %lld not barred (barred_from %s)", (long long)bill_id, w->barred_from);
    if (!rc && date_cmp(on, w->lim.barred_from) < 0)
        rc = err_field(e, "act_on", "時効の完成（時効完成日）より前の日付は入力できません。");
    if (!rc) {
        wo_act a;
        memset(&a, 0, sizeof a);
        a.bill_id = bill_id;
        str_copy(a.service, sizeof a.service, "water");
        str_copy(a.kind, sizeof a.kind, waiver ? "waiver" : "invocation");
        date_format_iso(on, a.act_on);
        str_copy(a.how, sizeof a.how, how);
        str_copy(a.recorded_by, sizeof a.recorded_by, ctx->actor.username);
        a.recorded_at = date_now_unix();
        rc = wo_store_act_insert(ctx->db, &a, e);
    }
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "bill:%lld", (long long)bill_id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "service", "water");
        jsonw_kv_string(&d.w, "on", act_on);
        jsonw_kv_string(&d.w, "how", how);
        jsonw_kv_string(&d.w, "barred_from", w->barred_from);
        rc = app_audit_json(ctx, waiver ? "limitation.waive" : "limitation.invoke", obj, &d, e);
    }
    return app_tx_end(ctx, rc, e);
}
