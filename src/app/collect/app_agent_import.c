/* app_agent_import — convenience-store and smartphone-app result files
 * (速報・確報・取消) posted through the payment core (see app_collect.h).
 *
 * A profile here names the file layout (domain/agent_result.h) and the
 * channel its money is posted as; adding an agent whose file has another
 * layout is a row in AGENT_PROFILES (agent_result.c) and a row below.
 *
 * Each record's reference is its barcode and its 収納日・収納時刻
 * (44 digits + "-" + YYYYMMDD + HHMM): the 速報, the 確報 and a 取消 of the same
 * payment carry the same three fields, so they meet under one reference. */
#include "app/collect/app_collect.h"

#include <stdlib.h>
#include <string.h>

#include "app/collect/app_slip_route.h"
#include "app/collect/app_payment.h"
#include "base/jsonw.h"
#include "base/text.h"
#include "domain/agent_result.h"
#include "domain/role.h"
#include "store/billing/bill_store.h"
#include "store/collect/flash_store.h"
#include "store/collect/payment_store.h"
#include "store/registry/tap_store.h"

static const struct {
    const char *name, *layout, *channel, *label;
} PROFILES[] = {
    {"standard", "standard", PAY_CVS, "標準形式（コンビニ収納）"},
    {"standard-app", "standard", PAY_APP, "標準形式（スマホ決済）"},
};
const char *const APP_AGENT_PROFILES[] = {"standard", "standard-app", NULL};

const char *app_agent_profile_label(const char *profile)
{
    for (size_t i = 0; i < sizeof PROFILES / sizeof PROFILES[0]; i++)
        if (profile && strcmp(PROFILES[i].name, profile) == 0)
            return PROFILES[i].label;
    return profile ? profile : "";
}

static void add(app_collect_sum *s, int64_t yen)
{
    s->n++;
    s->yen += yen;
}

/* Where a record's money goes.  The barcode names the tap (8 digits) and the
 * bill (13 digits): a bill of that tap is the normal case (*bill_id).  When
 * they do not agree, the money must end in suspense: through the bill id when
 * no such bill exists (the core's "no_bill"), else through the tap (or the
 * bill) with *reason "no_bill" and a detail for the person. */
static int route(app_ctx *ctx, const agent_record *r, int64_t *bill_id, char tap_no[9], const char **reason,
                 char *detail, size_t dsz, err_t *e)
{
    *reason = NULL;
    tap_no[0] = '\0';
    detail[0] = '\0';
    int rc = app_payment_bill_for_code(ctx, r->barcode, bill_id, e);
    if (rc || *bill_id > 0)
        return rc;
    int64_t id = 0;
    for (int i = 16; i < 29; i++)
        id = id * 10 + (r->barcode[i] - '0');
    bill_row b;
    if (id > 0) {
        rc = bill_store_get(ctx->db, id, &b, e);
        if (rc == ERR_NOTFOUND) {
            err_clear(e);
            *bill_id = id;   /* the core records "no_bill" with the id */
            return 0;
        }
        if (rc)
            return rc;
        bill_row_clear(&b);
    }
    memcpy(tap_no, r->barcode + 8, 8);
    tap_no[8] = '\0';
    str_fmt(detail, dsz, "バーコードの水栓番号 %s と調定番号 %lld が一致しません。", tap_no, (long long)id);
    *reason = "no_bill";
    tap_row *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = tap_store_get_by_no(ctx->db, tap_no, t, e);
    free(t);
    if (rc == ERR_NOTFOUND) {
        err_clear(e);
        tap_no[0] = '\0';
        if (id > 0) {
            *bill_id = id;
            return 0;
        }
        return err_field(e, "barcode", "バーコードの水栓番号・調定番号がどちらも見つかりません（未消込にもできません）。");
    }
    return rc;
}

static int one_record(app_ctx *ctx, const char *channel, int64_t file_id, const agent_record *r,
                      app_collect_summary *out, err_t *e)
{
    char ref[96];
    str_fmt(ref, sizeof ref, "%s-%.4s%.2s%.2s%.2s%.2s", r->barcode, r->paid_on, r->paid_on + 5, r->paid_on + 8,
            r->paid_at, r->paid_at + 3);
    add(&out->records, r->amount);
    int rc = 0;
    if (r->kind == AGENT_CANCEL) {
        add(&out->cancel, r->amount);
        bool done = false;
        flash_row f;
        rc = flash_store_find(ctx->db, channel, ref, &f, e);
        if (rc && rc != ERR_NOTFOUND)
            return rc;
        if (!rc && strcmp(f.status, "pending") == 0) {
            if ((rc = app_payment_flash_settle_tx(ctx, channel, ref, "cancelled", e)))
                return rc;
            add(&out->flash_cancelled, r->amount);
            done = true;
        } else if (!rc && strcmp(f.status, "cancelled") == 0) {
            add(&out->duplicate, r->amount);
            return 0;
        }
        err_clear(e);
        payment_row p;
        rc = payment_store_find_ref(ctx->db, channel, ref, &p, e);
        if (rc && rc != ERR_NOTFOUND)
            return rc;
        if (!rc) {
            int64_t rid = 0;
            bool already = false;
            if ((rc = app_payment_reverse_tx(ctx, channel, ref, NULL, "取消データ", &rid, &already, e)))
                return rc;
            if (already)
                add(&out->duplicate, r->amount);
            else
                add(&out->reversed, r->amount);
            return 0;
        }
        err_clear(e);
        if (!done)
            add(&out->unmatched_cancel, r->amount);
        return 0;
    }
    int64_t bill_id = 0;
    char tap_no[9], detail[160];
    const char *reason = NULL;
    if ((rc = route(ctx, r, &bill_id, tap_no, &reason, detail, sizeof detail, e)))
        return rc;
    if (r->kind == AGENT_FLASH) {
        add(&out->flash, r->amount);
        /* a flash for money that cannot be matched to a bill of ours marks
         * nothing (its 確報 will go to suspense) */
        bool matched = !reason && app_payment_bill_for_code(ctx, r->barcode, &bill_id, e) == 0 && bill_id > 0;
        err_clear(e);
        return app_payment_flash_tx(ctx, channel, ref, matched ? bill_id : 0, r->amount, r->paid_on, file_id, e);
    }
    add(&out->confirmed, r->amount);
    char note[160];
    if (reason)
        str_copy(note, sizeof note, detail);
    else
        str_fmt(note, sizeof note, "本部 %s 店舗 %s %s", r->chain, r->store, r->paid_at);
    app_pay_in in = {.channel = channel, .bill_id = bill_id, .tap_no = tap_no[0] ? tap_no : NULL,
                     .amount = r->amount, .paid_on = r->paid_on, .posted_on = NULL, .ref = ref,
                     .file_id = file_id, .line = r->line, .exact = true, .note = note, .suspense_reason = reason};
    app_pay_out po;
    if ((rc = app_slip_route_post_tx(ctx, r->barcode, &in, &po, e)))   /* a bill, a letter, a late charge or a works slip */
        return rc;
    if (po.duplicate)
        add(&out->duplicate, r->amount);
    else if (po.suspense_id)
        add(&out->suspense, r->amount);
    else {
        add(&out->posted, r->amount);
        out->credited += po.credited;
    }
    return app_payment_flash_settle_tx(ctx, channel, ref, "confirmed", e);
}

static void summary_members(const app_collect_summary *s, const char *name, jsonw *w)
{
    jsonw_kv_string(w, "file", name ? name : "");
    jsonw_kv_int(w, "file_id", s->file_id);
    jsonw_kv_string(w, "kind", s->kind);
    const struct { const char *k; const app_collect_sum *v; } F[] = {
        {"records", &s->records},     {"flash", &s->flash},         {"confirmed", &s->confirmed},
        {"cancel", &s->cancel},       {"ng", &s->ng},               {"posted", &s->posted},
        {"suspense", &s->suspense},   {"duplicate", &s->duplicate}, {"flash_cancelled", &s->flash_cancelled},
        {"reversed", &s->reversed},   {"unmatched_cancel", &s->unmatched_cancel},
    };
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++) {
        jsonw_key(w, F[i].k);
        jsonw_array(w);
        jsonw_int(w, F[i].v->n);
        jsonw_int(w, F[i].v->yen);
        jsonw_end_array(w);
    }
    jsonw_kv_int(w, "credited", s->credited);
}

void app_collect_summary_json(const app_collect_summary *s, const char *name, buf_t *b)
{
    jsonw w;
    jsonw_begin(&w, b);
    jsonw_object(&w);
    summary_members(s, name, &w);
    jsonw_end_object(&w);
}


void app_collect_import_again(void *arg)
{
    app_collect_summary *s = ((app_collect_job *)arg)->out;
    app_collect_summary fresh;
    memset(&fresh, 0, sizeof fresh);
    memcpy(fresh.kind, s->kind, sizeof fresh.kind);
    memcpy(fresh.channel, s->channel, sizeof fresh.channel);
    *s = fresh;
}

int app_collect_import_finish(app_ctx *ctx, void *arg, int64_t file_id, app_import_totals *t, err_t *e)
{
    app_collect_summary *s = ((app_collect_job *)arg)->out;
    s->file_id = file_id;
    *t = (app_import_totals){.records = s->records.n, .amount = s->records.yen, .posted = s->posted.n,
                             .suspense = s->suspense.n};
    return 0;
}

void app_collect_import_audit(const void *arg, const app_import_in *in, int64_t file_id, char *object, size_t osz,
                              jsonw *d)
{
    summary_members(((const app_collect_job *)arg)->out, in->name, d);
}

/* The skeleton's row callbacks: arg is an app_collect_job of agent_records. */
static int job_row(app_ctx *ctx, void *arg, int64_t file_id, size_t i, err_t *e)
{
    app_collect_job *j = arg;
    return one_record(ctx, j->out->channel, file_id, (const agent_record *)j->rows + i, j->out, e);
}

static int64_t job_line(const void *arg, size_t i)
{
    return ((const agent_record *)((const app_collect_job *)arg)->rows)[i].line;
}

static const app_import_kind AGENT_IMPORT = {
    .audit_action = "payment.import", .row = job_row, .line = job_line, .finish = app_collect_import_finish,
    .audit = app_collect_import_audit, .again = app_collect_import_again,
};

/* The file as UTF-8 text without a BOM: agents write UTF-8 or Shift_JIS
 * (CP932); a file that is not valid UTF-8 is read as CP932 when it converts
 * (else as it is, and the parser names what it cannot read).  malloc'd. */
static char *utf8_text(const char *data, size_t len)
{
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, data, len);
    copy[len] = '\0';
    if (text_is_clean(copy, true))
        return copy;
    size_t clen = 0;
    char *conv = text_from_cp932(data, len, &clen);
    if (conv && text_is_clean(conv, true)) {
        free(copy);
        return conv;
    }
    free(conv);
    return copy;
}

int app_agent_import(app_ctx *ctx, const char *profile, const char *name, const char *data, size_t len,
                     app_collect_summary *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (!profile || !*profile)
        profile = APP_AGENT_PROFILES[0];
    size_t pi = 0;
    while (pi < sizeof PROFILES / sizeof PROFILES[0] && strcmp(PROFILES[pi].name, profile) != 0)
        pi++;
    const agent_profile *layout = pi < sizeof PROFILES / sizeof PROFILES[0] ? agent_profile_find(PROFILES[pi].layout)
                                                                            : NULL;
    if (!layout)
        return err_field(e, "profile", "取込形式「%s」はありません。", profile);
    str_copy(out->channel, sizeof out->channel, PROFILES[pi].channel);
    str_copy(out->kind, sizeof out->kind, PROFILES[pi].channel);
    if (!data || len == 0)
        return err_field(e, "file", "ファイルが空です。収納データのファイルを選んでください。");
    agent_record *rows = NULL;
    size_t n = 0;
    char msg[300];
    if (memchr(data, '\0', len))
        return err_field(e, "file", "テキストのファイルではありません（NUL 文字を含みます）。収納データの CSV を選んでください。");
    char *text = utf8_text(data, len);
    if (!text)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int prc = agent_parse(text, strlen(text), layout, &rows, &n, msg, sizeof msg);
    free(text);
    if (prc != 0)
        return err_set(e, ERR_INVALID, "file", msg, "agent file refused: %s", msg);
    app_collect_job job = {.rows = rows, .out = out};
    app_import_in in = {.file_kind = out->kind, .name = name, .data = data, .len = len, .nrows = n, .arg = &job};
    rc = app_import_run(ctx, &AGENT_IMPORT, &in, &out->file_id, e);
    free(rows);
    return rc;
}
