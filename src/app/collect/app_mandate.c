/* app_mandate — direct-debit mandates (see app_mandate.h). */
#include "app/collect/app_mandate.h"

#include <stdlib.h>
#include <string.h>

#include "app/collect/app_bank.h"
#include "app/registry/app_registry.h"
#include "store/db.h"
#include "base/jsonw.h"
#include "base/text.h"
#include "domain/role.h"
#include "domain/zengin.h"
#include "store/registry/customer_store.h"
#include "store/collect/mandate_store.h"
#include "store/registry/tap_store.h"

#define HOLDER_MAX 30   /* 預金者名: 30 bytes of the bank's set */

const char *app_mandate_type_label(int account_type)
{
    switch (account_type) {
    case 1: return "普通";
    case 2: return "当座";
    case 9: return "その他";
    default: return "?";
    }
}

void app_mandate_mask(const char *account, char out[12])
{
    size_t n = strlen(account);
    if (n > 11)
        n = 11;
    for (size_t i = 0; i < n; i++)
        out[i] = i + 3 < n ? '*' : account[i];
    out[n] = '\0';
}

int app_mandate_holder(const char *holder, char *out, size_t outsz, err_t *e)
{
    char raw[256], msg[160];
    if (!holder || !*holder)
        return err_field(e, "holder", "口座名義（カナ）を入力してください。");
    if (zengin_kana(holder, true, raw, 200, msg, sizeof msg))
        return err_field(e, "holder", "口座名義: %s", msg);
    size_t n = 200;
    while (n > 0 && raw[n - 1] == ' ')
        n--;
    if (n == 0)
        return err_field(e, "holder", "口座名義（カナ）を入力してください。");
    if (n > HOLDER_MAX)
        return err_field(e, "holder", "口座名義が長すぎます（半角カナ %d 文字まで、濁点・半濁点も1文字です）。", HOLDER_MAX);
    /* JIS X 0201 kana bytes to their Unicode half-width forms */
    buf_t b;
    buf_init(&b, 0);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c >= 0xA1 && c <= 0xDF) {
            unsigned cp = 0xFF61 + (c - 0xA1);
            char u[3] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F))};
            buf_append(&b, u, 3);
        } else
            buf_putc(&b, (char)c);
    }
    bool ok = str_copy(out, outsz, buf_cstr(&b));
    buf_free(&b);
    return ok ? 0 : err_field(e, "holder", "口座名義が長すぎます。");
}

static bool all_digits(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static char *seal(const app_ctx *ctx, const char *plain, char *dst, size_t dstsz)
{
    char *s = crypto_seal(ctx->env->keys, plain);
    bool ok = s && str_copy(dst, dstsz, s);
    free(s);
    return ok ? dst : NULL;
}

int app_mandate_add_tx(app_ctx *ctx, const app_mandate_in *in, int64_t *id, err_t *e)
{
    tap_row t;
    int rc = app_registry_find_tap(ctx, in->tap_no, "tap", &t, e);
    if (rc)
        return rc;
    app_bank_info bi;
    rc = app_bank_lookup_tx(ctx, in->bank, in->branch && *in->branch ? in->branch : "-", &bi, e);
    if (!rc && !(in->branch && *in->branch))
        rc = err_field(e, "branch", "支店コードを入力してください。");
    if (rc == ERR_NOTFOUND && e)
        e->code = ERR_INVALID;
    if (rc)
        return rc == ERR_NOTFOUND ? ERR_INVALID : rc;
    const char *ty = in->account_type ? in->account_type : "";
    if (strcmp(ty, "1") && strcmp(ty, "2") && strcmp(ty, "9"))
        return err_field(e, "account_type", "預金種目は 1（普通）、2（当座）、9（その他）のいずれかです。");
    char *acct = text_nfkc(in->account ? in->account : "");
    char account[8] = "";
    bool acct_ok = acct && *acct && strlen(acct) <= 7 && all_digits(acct);
    if (acct_ok)
        str_fmt(account, sizeof account, "%07lld", strtoll(acct, NULL, 10));
    free(acct);
    if (!acct_ok)
        return err_field(e, "account", "口座番号は7桁以内の数字で入力してください。");
    char holder[128];
    rc = app_mandate_holder(in->holder, holder, sizeof holder, e);
    if (rc)
        return rc;
    civil_date start;
    if (in->start_on && *in->start_on) {
        if (!date_parse(in->start_on, &start))
            return err_field(e, "start_on", "振替開始日は YYYY-MM-DD の形式で入力してください。");
    } else
        start = date_today_jst();
    char start_s[11];
    date_format_iso(start, start_s);
    occupancy_row occ;
    rc = occupancy_store_current(ctx->db, t.id, &occ, e);
    if (rc == ERR_NOTFOUND)
        return err_field(e, "tap", "水栓 %s には現在の使用者がいないため、口座振替を登録できません。", t.tap_no);
    if (rc)
        return rc;
    mandate_row old;
    rc = mandate_store_open(ctx->db, t.id, &old, e);
    if (rc == 0) {
        if (strcmp(old.start_on, start_s) >= 0)
            return err_field(e, "start_on", "振替開始日は、いまの口座振替の開始日（%s）より後にしてください。", old.start_on);
        char end_s[11];
        date_format_iso(date_from_days(date_to_days(start) - 1), end_s);
        rc = mandate_store_end(ctx->db, old.id, end_s, e);
    } else if (rc == ERR_NOTFOUND)
        rc = 0;
    if (rc)
        return rc;
    mandate_row m;
    memset(&m, 0, sizeof m);
    m.tap_id = t.id;
    m.customer_id = occ.customer_id;
    str_copy(m.bank, sizeof m.bank, bi.code);
    str_copy(m.branch, sizeof m.branch, bi.branch);
    m.account_type = ty[0] - '0';
    str_copy(m.start_on, sizeof m.start_on, start_s);
    str_copy(m.created_by, sizeof m.created_by, ctx->actor.username);
    m.created_at = date_now_unix();
    if (!seal(ctx, account, m.account_enc, sizeof m.account_enc) ||
        !seal(ctx, holder, m.holder_enc, sizeof m.holder_enc))
        return err_set(e, ERR_INTERNAL, NULL, NULL, "mandate: sealing failed");
    rc = mandate_store_insert(ctx->db, &m, id, e);
    if (rc)
        return rc;
    char masked[12], obj[48];
    app_mandate_mask(account, masked);
    str_fmt(obj, sizeof obj, "tap:%s", t.tap_no);
    buf_t d;
    buf_init(&d, 0);
    jsonw w;
    jsonw_begin(&w, &d);
    jsonw_object(&w);
    jsonw_kv_int(&w, "mandate", *id);
    jsonw_kv_string(&w, "bank", m.bank);
    jsonw_kv_string(&w, "branch", m.branch);
    jsonw_kv_int(&w, "account_type", m.account_type);
    jsonw_kv_string(&w, "account", masked);
    jsonw_kv_string(&w, "start_on", start_s);
    jsonw_kv_int(&w, "ended", old.id);
    jsonw_end_object(&w);
    rc = app_audit(ctx, "mandate.add", obj, buf_cstr(&d), e);
    buf_free(&d);
    return rc;
}

int app_mandate_add(app_ctx *ctx, const app_mandate_in *in, int64_t *id, err_t *e)
{
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    rc = db_begin(ctx->db, e);
    if (rc)
        return rc;
    return app_tx_end(ctx, app_mandate_add_tx(ctx, in, id, e), e);
}

int app_mandate_end_tx(app_ctx *ctx, const char *tap_no, const char *end_on, err_t *e)
{
    civil_date d;
    if (!end_on || !date_parse(end_on, &d))
        return err_field(e, "on", "終了日は YYYY-MM-DD の形式で入力してください。");
    char end_s[11];
    date_format_iso(d, end_s);
    tap_row t;
    int rc = app_registry_find_tap(ctx, tap_no, "tap", &t, e);
    if (rc)
        return rc;
    mandate_row m;
    rc = mandate_store_open(ctx->db, t.id, &m, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, "tap", "この水栓には登録中の口座振替がありません。", "no open mandate");
    if (rc)
        return rc;
    if (strcmp(end_s, m.start_on) < 0)
        return err_field(e, "on", "終了日は振替開始日（%s）以降にしてください。", m.start_on);
    rc = mandate_store_end(ctx->db, m.id, end_s, e);
    if (rc)
        return rc;
    char obj[48];
    str_fmt(obj, sizeof obj, "tap:%s", t.tap_no);
    app_audit_detail det;
    app_audit_detail_begin(&det);
    jsonw_kv_int(&det.w, "mandate", m.id);
    jsonw_kv_string(&det.w, "end_on", end_s);
    return app_audit_json(ctx, "mandate.end", obj, &det, e);
}

int app_mandate_end(app_ctx *ctx, const char *tap_no, const char *end_on, err_t *e)
{
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    rc = db_begin(ctx->db, e);
    if (rc)
        return rc;
    return app_tx_end(ctx, app_mandate_end_tx(ctx, tap_no, end_on, e), e);
}

int app_mandate_list(app_ctx *ctx, const char *tap_no, app_mandate **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    rc = db_begin_read(ctx->db, e);
    if (rc)
        return rc;
    tap_row t;
    mandate_row *ms = NULL;
    size_t nm = 0;
    rc = app_registry_find_tap(ctx, tap_no, "tap", &t, e);
    if (!rc)
        rc = mandate_store_list_tap(ctx->db, t.id, &ms, &nm, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    app_mandate *out = calloc(nm ? nm : 1, sizeof *out);
    if (!out) {
        free(ms);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < nm && !rc; i++) {
        const mandate_row *m = &ms[i];
        app_mandate *o = &out[i];
        o->id = m->id;
        o->created_at = m->created_at;
        str_copy(o->tap_no, sizeof o->tap_no, t.tap_no);
        str_copy(o->bank, sizeof o->bank, m->bank);
        str_copy(o->bank_name, sizeof o->bank_name, m->bank_name);
        str_copy(o->branch, sizeof o->branch, m->branch);
        str_copy(o->branch_name, sizeof o->branch_name, m->branch_name);
        o->account_type = (int)m->account_type;
        str_copy(o->status, sizeof o->status, m->status);
        str_copy(o->start_on, sizeof o->start_on, m->start_on);
        str_copy(o->end_on, sizeof o->end_on, m->end_on);
        o->first_done = m->first_done != 0;
        str_copy(o->created_by, sizeof o->created_by, m->created_by);
        char *acct = crypto_open(ctx->env->keys, m->account_enc);
        char *holder = crypto_open(ctx->env->keys, m->holder_enc);
        if (!acct || !holder)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "mandate %lld: cannot open sealed fields", (long long)m->id);
        else {
            app_mandate_mask(acct, o->account_masked);
            str_copy(o->holder, sizeof o->holder, holder);
        }
        free(acct);
        free(holder);
    }
    free(ms);
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "tap:%s", t.tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_int(&det.w, "mandates", (int64_t)nm);
        rc = app_audit_now_json(ctx, "mandate.view", obj, &det, e);
    }
    if (rc) {
        free(out);
        return rc;
    }
    *rows = out;
    *n = nm;
    return 0;
}
