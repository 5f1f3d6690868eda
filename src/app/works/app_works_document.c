/* app_works_document — see app_works_document.h. */
#include "app/works/app_works_document.h"
#include "app/works/app_works_application_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/config.h"
#include "base/date.h"
#include "domain/calendar.h"
#include "domain/role.h"
#include "domain/slipcode.h"
#include "domain/works/works_slipref.h"

#define DEFAULT_APPROVER "水道事業管理者"
#define DEFAULT_CONDITIONS                                                                                             \
    "1. 工事は、給水条例、同施行規程及び給水装置工事設計施工基準に従って施行すること。\n"                              \
    "2. 着工前に納付が必要な加入金・手数料を納めること。\n"                                                            \
    "3. 工事が完了したときは、速やかに完成検査を申し込むこと。\n"                                                      \
    "4. この認可の内容を変更するときは、あらかじめ変更の申込みをすること。"

static const char *const CODES[APP_WORKS_NDOCS] = {"notice", "copy", "approval", "inspection"};
static const char *const TITLES[APP_WORKS_NDOCS] = {"納入通知書", "給水装置工事申込書（控）", "給水装置工事認可書",
                                                    "給水装置工事完成検査結果通知書"};

const char *app_works_doc_code(int kind)
{
    return kind >= 0 && kind < APP_WORKS_NDOCS ? CODES[kind] : "";
}

const char *app_works_doc_title(int kind)
{
    return kind >= 0 && kind < APP_WORKS_NDOCS ? TITLES[kind] : "";
}

static int64_t unpaid(const app_works_charge *c)
{
    return c->yen > c->paid_yen ? c->yen - c->paid_yen : 0;
}

/* The latest step of the kind (or of either inspection when step is
 * WORKS_STEP_INSPECT), or NULL. */
static const app_works_step_item *latest_step(const app_works_application *a, int step)
{
    const app_works_step_item *found = NULL;
    for (size_t i = 0; i < a->nsteps; i++) {
        int s = a->steps[i].step;
        if (s == step || (step == WORKS_STEP_INSPECT && s == WORKS_STEP_REINSPECT))
            found = &a->steps[i];
    }
    return found;
}

bool app_works_doc_applies(const app_works_application *a, int kind, const char **why)
{
    const char *no = NULL;
    bool cancelled = a->status == WORKS_ST_CANCELLED;
    switch (kind) {
    case APP_WORKS_DOC_NOTICE: {
        int64_t open = 0;
        for (size_t i = 0; i < a->ncharges; i++)
            open += unpaid(&a->charges[i]);
        if (cancelled || a->status == WORKS_ST_COMPLETED)
            no = "取消または完了した申込には納入通知書を発行できません。";
        else if (open <= 0)
            no = "未納の加入金・手数料がないため、納入通知書は発行できません。";
        break;
    }
    case APP_WORKS_DOC_COPY:
        break;
    case APP_WORKS_DOC_APPROVAL:
        if (cancelled)
            no = "取消した申込には認可書を発行できません。";
        else if (!latest_step(a, WORKS_STEP_APPROVE))
            no = "承認（認可）がまだ記録されていないため、認可書は発行できません。";
        break;
    case APP_WORKS_DOC_INSPECTION:
        if (!latest_step(a, WORKS_STEP_INSPECT))
            no = "完成検査がまだ記録されていないため、完成検査結果通知書は発行できません。";
        break;
    default:
        no = "該当する書類がありません。";
    }
    if (why)
        *why = no;
    return no == NULL;
}

static void add_line(app_works_doc *d, const app_works_charge *c, int64_t open)
{
    if (d->nlines >= sizeof d->lines / sizeof d->lines[0])
        return;
    app_works_doc_line *l = &d->lines[d->nlines++];
    str_copy(l->name, sizeof l->name, c->name);
    l->due = c->due;
    l->yen = c->yen;
    l->tax = c->tax;
    l->open = open;
}

/* The tax in the unpaid part of a charge: all of it when nothing is paid,
 * else in proportion (rounded down), as the ledger will allocate it. */
static int64_t open_tax(const app_works_charge *c, int64_t open)
{
    if (open == c->yen || c->yen <= 0)
        return c->tax;
    return c->tax * open / c->yen;
}

static int notice(app_ctx *ctx, app_works_doc *d, err_t *e)
{
    d->due = WORKS_DUE_START;
    for (size_t i = 0; i < d->a.ncharges; i++) {
        const app_works_charge *c = &d->a.charges[i];
        int64_t open = unpaid(c);
        if (open <= 0)
            continue;
        add_line(d, c, open);
        d->total += open;
        d->tax += open_tax(c, open);
        if (c->due == WORKS_DUE_APPROVAL)
            d->due = WORKS_DUE_APPROVAL;
    }
    long long days = 10;
    if (config_get_int(ctx->env->cfg, "works.notice_deadline_days", 10, 1, 60, &days, NULL) != 0)
        days = 10;
    civil_date today = date_today_jst();
    date_format_iso(calendar_add_business_days(today, (int)days), d->deadline);
    if (works_slipref_build(d->a.number, d->a.id, d->reference) != 0)
        return err_set(e, ERR_INTERNAL, NULL, "納付書の番号を作れません。", "works slip reference of %s", d->a.number);
    if (slipcode_payable(d->total)) {
        char msg[200];
        slipcode_in in = {.company = config_get(ctx->env->cfg, "collection.company_code", "912345"),
                          .reference = d->reference, .reissue = 0, .due = d->deadline, .amount = d->total};
        if (slipcode_build(&in, d->code, msg, sizeof msg) != 0)
            return err_set(e, ERR_INVALID, "collection.company_code", msg, "works slip code: %s", msg);
    }
    return 0;
}

static void approval(app_ctx *ctx, app_works_doc *d)
{
    const app_works_step_item *s = latest_step(&d->a, WORKS_STEP_APPROVE);
    str_copy(d->approved_on, sizeof d->approved_on, s ? s->on : "");
    str_copy(d->approver_title, sizeof d->approver_title,
             config_get(ctx->env->cfg, "works.approver_title", DEFAULT_APPROVER));
    const char *cond = config_get(ctx->env->cfg, "works.approval_conditions", "");
    str_copy(d->conditions, sizeof d->conditions, cond[0] ? cond : DEFAULT_CONDITIONS);
    for (size_t i = 0; i < d->a.ncharges; i++) {
        const app_works_charge *c = &d->a.charges[i];
        if (c->due != WORKS_DUE_START)
            continue;
        add_line(d, c, unpaid(c));
        d->total += c->yen;
        d->tax += c->tax;
    }
}

static void inspection(app_works_doc *d)
{
    const app_works_step_item *s = latest_step(&d->a, WORKS_STEP_INSPECT);
    if (!s)
        return;
    d->result = s->result;
    d->reinspection = s->step == WORKS_STEP_REINSPECT;
    str_copy(d->inspected_on, sizeof d->inspected_on, s->on);
    str_copy(d->inspector, sizeof d->inspector, s->by);
    str_copy(d->note, sizeof d->note, s->note);
}

int app_works_document(app_ctx *ctx, int64_t id, int kind, app_works_doc *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    if (kind < 0 || kind >= APP_WORKS_NDOCS)
        return err_set(e, ERR_NOTFOUND, NULL, "該当する書類がありません。", "works document kind %d", kind);
    int rc = app_works_read(ctx, id, &out->a, e);   /* the issue below is its audit row */
    if (rc)
        return rc;
    const char *why = NULL;
    if (!app_works_doc_applies(&out->a, kind, &why)) {
        rc = err_set(e, ERR_CONFLICT, NULL, why, "works document %s does not apply to %lld", CODES[kind], (long long)id);
        goto out;
    }
    str_copy(out->utility, sizeof out->utility, app_utility_name(ctx));
    str_copy(out->contact, sizeof out->contact, config_get(ctx->env->cfg, "works.contact", ""));
    date_format_iso(date_today_jst(), out->issued_on);
    if (kind == APP_WORKS_DOC_NOTICE)
        rc = notice(ctx, out, e);
    else if (kind == APP_WORKS_DOC_APPROVAL)
        approval(ctx, out);
    else if (kind == APP_WORKS_DOC_INSPECTION)
        inspection(out);
    if (rc)
        goto out;
    char obj[48];
    str_fmt(obj, sizeof obj, "works_application:%lld", (long long)id);
    app_audit_detail ad;
    app_audit_detail_begin(&ad);
    jsonw_kv_string(&ad.w, "document", CODES[kind]);
    jsonw_kv_string(&ad.w, "number", out->a.number);
    if (kind == APP_WORKS_DOC_NOTICE) {
        jsonw_kv_int(&ad.w, "total", out->total);
        jsonw_kv_string(&ad.w, "deadline", out->deadline);
    }
    rc = app_audit_now_json(ctx, "works.document.issue", obj, &ad, e);
out:
    if (rc)
        app_works_doc_free(out);
    return rc;
}

void app_works_doc_free(app_works_doc *d)
{
    if (d)
        app_works_application_free(&d->a);
}
