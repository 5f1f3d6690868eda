/* app_stoppage — 給水停止 and its 解除 (see app_stoppage.h). */
#include "app/arrears/app_stoppage.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry/app_registry.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/text.h"
#include "domain/role.h"
#include "domain/stoppage.h"
#include "domain/validate.h"
#include "store/arrears/stoppage_store.h"
#include "store/db.h"
#include "store/reception/request_store.h"
#include "store/reception/workorder_store.h"
#include "store/registry/tap_store.h"

#define MAX_ISSUE 500

int app_stoppage_settings_get(app_ctx *ctx, app_stoppage_settings *out, err_t *e)
{
    int rc = config_get_int(ctx->env->cfg, "arrears.stop_min_yen", 1, 0, 100000000, &out->min_yen, e);
    if (!rc)
        rc = config_get_int(ctx->env->cfg, "arrears.stop_min_months", 2, 0, 60, &out->min_months, e);
    return rc;
}

static void today_iso(char out[11])
{
    date_format_iso(date_today_jst(), out);
}

static void copy_cand(const stoppage_cand *c, app_stoppage_cand *o)
{
    memset(o, 0, sizeof *o);
    str_copy(o->tap_no, sizeof o->tap_no, c->tap_no);
    str_copy(o->route, sizeof o->route, c->route);
    o->route_order = c->route_order;
    o->customer_id = c->customer_id;
    str_copy(o->stop_on, sizeof o->stop_on, c->stop_on);
    str_copy(o->oldest_due, sizeof o->oldest_due, c->oldest_due);
    o->owed = c->owed;
    o->bills = c->bills;
    o->absent = c->absent;
}

int app_stoppage_candidates(app_ctx *ctx, app_stoppage_cand **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    app_stoppage_settings st;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc || (rc = app_stoppage_settings_get(ctx, &st, e)))
        return rc;
    char today[11];
    today_iso(today);
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    stoppage_cand *cs = NULL;
    size_t m = 0;
    rc = stoppage_store_candidates(ctx->db, today, &cs, &m, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    app_stoppage_cand *out = calloc(m ? m : 1, sizeof *out);
    if (!out) {
        free(cs);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    size_t k = 0;
    civil_date d = date_today_jst();
    for (size_t i = 0; i < m; i++)
        if (stoppage_due(cs[i].owed, cs[i].oldest_due, d, st.min_yen, st.min_months))
            copy_cand(&cs[i], &out[k++]);
    free(cs);
    *rows = out;
    *n = k;
    return 0;
}

/* By route, round order and tap number (the store's read is unordered). */
static int cmp_stopped(const void *a, const void *b)
{
    const app_stoppage_stopped *x = a, *y = b;
    int c = strcmp(x->route, y->route);
    if (c)
        return c;
    if (x->route_order != y->route_order)
        return x->route_order < y->route_order ? -1 : 1;
    return strcmp(x->tap_no, y->tap_no);
}

int app_stoppage_stopped_list(app_ctx *ctx, app_stoppage_stopped **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc || (rc = db_begin_read(ctx->db, e)))
        return rc;
    char today[11];
    today_iso(today);
    stoppage_stopped *ss = NULL;
    size_t m = 0;
    rc = stoppage_store_stopped(ctx->db, today, &ss, &m, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    app_stoppage_stopped *out = calloc(m ? m : 1, sizeof *out);
    if (!out) {
        free(ss);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < m; i++) {
        str_copy(out[i].tap_no, sizeof out[i].tap_no, ss[i].tap_no);
        str_copy(out[i].route, sizeof out[i].route, ss[i].route);
        out[i].route_order = ss[i].route_order;
        str_copy(out[i].stopped_on, sizeof out[i].stopped_on, ss[i].stopped_on);
        out[i].owed = ss[i].owed;
        out[i].reopen_order = ss[i].reopen_order;
    }
    free(ss);
    if (m > 1)
        qsort(out, m, sizeof *out, cmp_stopped);
    *rows = out;
    *n = m;
    return 0;
}

static int seal_detail(app_ctx *ctx, json_t *j, char *dst, size_t dstsz, err_t *e)
{
    char *plain = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    char *sealed = plain ? crypto_seal(ctx->env->keys, plain) : NULL;
    free(plain);
    bool ok = sealed && str_copy(dst, dstsz, sealed);
    free(sealed);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "sealing a request's detail failed");
}

/* A request of kind (source 'office') and its work order, due on day. */
static int insert_order(app_ctx *ctx, const char *kind, const tap_row *t, int64_t customer_id, const char *day,
                        bool urgent, json_t *detail, int64_t *order_id, err_t *e)
{
    request_row *r = calloc(1, sizeof *r);
    if (!r) {
        json_decref(detail);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    r->tap_id = t->id;
    r->customer_id = customer_id;
    str_copy(r->kind, sizeof r->kind, kind);
    str_copy(r->effective_on, sizeof r->effective_on, day);
    str_copy(r->source, sizeof r->source, "office");
    r->urgent = urgent;
    str_copy(r->created_by, sizeof r->created_by, ctx->actor.username);
    r->created_at = date_now_unix();
    int64_t rid = 0;
    int rc = seal_detail(ctx, detail, r->detail_enc, sizeof r->detail_enc, e);
    if (!rc)
        rc = request_store_insert(ctx->db, r, &rid, e);
    free(r);
    if (rc)
        return rc;
    workorder_row w;
    memset(&w, 0, sizeof w);
    w.request_id = rid;
    w.tap_id = t->id;
    str_copy(w.kind, sizeof w.kind, kind);
    str_copy(w.due_on, sizeof w.due_on, day);
    str_copy(w.route, sizeof w.route, t->route);
    w.route_order = t->route_order;
    return workorder_store_insert(ctx->db, &w, order_id, e);
}

static int issue_tx(app_ctx *ctx, const char *const *tap_nos, size_t n, const char *day, bool urgent,
                    const app_stoppage_settings *st, int64_t *order_ids, err_t *e)
{
    char today[11];
    today_iso(today);
    civil_date td = date_today_jst();
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        tap_row t;
        rc = tap_store_get_by_no(ctx->db, tap_nos[i], &t, e);
        if (rc == ERR_NOTFOUND)
            return err_field(e, "tap", "水栓番号 %s はありません。", tap_nos[i]);
        stoppage_cand c;
        if (!rc) {
            rc = stoppage_store_candidate(ctx->db, today, t.id, &c, e);
            if (rc == ERR_NOTFOUND || (!rc && !stoppage_due(c.owed, c.oldest_due, td, st->min_yen, st->min_months)))
                return err_set(e, ERR_CONFLICT, "tap",
                               "水栓番号 %s は給水停止の候補ではありません（納付済み、除外の指定、または作業を発行済み）。"
                               "一覧を開き直してください。",
                               "tap %s is no stoppage candidate", tap_nos[i]);
        }
        int64_t id = 0;
        if (!rc)
            rc = insert_order(ctx, "stoppage", &t, c.customer_id, day, urgent,
                              json_pack("{s{ssssss}sssssssI}", "filer", "name", "", "phone", "", "relation", "", "note",
                                        "", "reason", "arrears", "stop_on", c.stop_on, "owed", (json_int_t)c.owed),
                              &id, e);
        if (!rc && order_ids)
            order_ids[i] = id;
        if (!rc) {
            char obj[32];
            str_fmt(obj, sizeof obj, "tap:%s", t.tap_no);
            app_audit_detail det;
            app_audit_detail_begin(&det);
            jsonw_kv_int(&det.w, "work_order", id);
            jsonw_kv_string(&det.w, "due_on", day);
            jsonw_kv_int(&det.w, "urgent", urgent);
            jsonw_kv_int(&det.w, "owed", c.owed);
            jsonw_kv_string(&det.w, "stop_on", c.stop_on);
            rc = app_audit_json(ctx, "stoppage.issue", obj, &det, e);
        }
    }
    return rc;
}

typedef struct issue_arg {
    const char *const *tap_nos;
    size_t n;
    const char *day;
    bool urgent;
    const app_stoppage_settings *st;
    int64_t *order_ids;
} issue_arg;

/* app_stoppage_issue's transaction. app_tx_run may run it twice (a failover before COMMIT): it only reads and writes the
 * database, its audit rows included, and fills its outputs afresh. */
static int issue_run(app_ctx *ctx, void *arg, err_t *e)
{
    const issue_arg *a = arg;
    return issue_tx(ctx, a->tap_nos, a->n, a->day, a->urgent, a->st, a->order_ids, e);
}

int app_stoppage_issue(app_ctx *ctx, const char *const *tap_nos, size_t n, const char *due_on, bool urgent,
                       int64_t *order_ids, err_t *e)
{
    int rc = app_require(ctx, PERM_APPROVE, e);
    if (rc)
        return rc;
    civil_date d;
    if (!due_on || !*due_on || !date_parse(due_on, &d))
        return err_field(e, "due_on", "作業日を YYYY-MM-DD の形式で入力してください。");
    if (date_cmp(d, date_today_jst()) < 0)
        return err_field(e, "due_on", "作業日は今日以降にしてください。");
    if (n == 0)
        return err_field(e, "tap", "給水停止する水栓を一つ以上選んでください。");
    if (n > MAX_ISSUE)
        return err_field(e, "tap", "一度に発行できるのは %d 件までです。", MAX_ISSUE);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(tap_nos[i], tap_nos[j]) == 0)
                return err_field(e, "tap", "水栓番号 %s が二度選ばれています。", tap_nos[i]);
    app_stoppage_settings st;
    if ((rc = app_stoppage_settings_get(ctx, &st, e)))
        return rc;
    char day[11];
    date_format_iso(d, day);
    issue_arg a = {.tap_nos = tap_nos, .n = n, .day = day, .urgent = urgent, .st = &st, .order_ids = order_ids};
    return app_tx_run(ctx, issue_run, &a, e);
}

static int result_tx(app_ctx *ctx, int64_t id, const char *result, const char *note, int64_t *tap_id, err_t *e)
{
    workorder_row w;
    int rc = workorder_store_get(ctx->db, id, &w, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "その作業はありません。", "work order %lld not found", (long long)id);
    if (rc)
        return rc;
    *tap_id = w.tap_id;
    if (strcmp(w.kind, "stoppage") != 0 && strcmp(w.kind, "reopen") != 0)
        return err_field(e, "result", "この作業は給水停止・解除の作業ではありません。");
    if (!stoppage_result_valid(w.kind, result))
        return err_field(e, "result", strcmp(w.kind, "stoppage") == 0
                                          ? "結果を「停止済」「不在」「納付済で中止」から選んでください。"
                                          : "結果を「再開済」にしてください。");
    if (strcmp(w.status, "open") != 0)
        return err_set(e, ERR_CONFLICT, NULL, "この作業はすでに完了または取消されています。", "work order not open");
    char today[11];
    today_iso(today);
    int64_t now = date_now_unix();
    bool paid = strcmp(result, "paid") == 0;
    if (strcmp(result, "stopped") == 0)
        rc = stoppage_store_stop(ctx->db, w.tap_id, today, now, e);
    else if (strcmp(result, "reopened") == 0)
        rc = stoppage_store_reopen(ctx->db, w.tap_id, now, e);
    const char *label = stoppage_result_label(result);
    char memo[600];
    str_fmt(memo, sizeof memo, "%s%s%s", label, note && *note ? "：" : "", note ? note : "");
    if (!rc)
        rc = workorder_store_finish(ctx->db, id, paid ? "cancelled" : "done", -1, 0, memo, ctx->actor.username, now, e);
    if (!rc)
        rc = stoppage_store_set_result(ctx->db, id, result, e);
    if (!rc)
        rc = request_store_finish(ctx->db, w.request_id, paid ? "cancelled" : "done", ctx->actor.username, now, e);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", w.tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_int(&det.w, "work_order", id);
        jsonw_kv_string(&det.w, "kind", w.kind);
        jsonw_kv_string(&det.w, "result", result);
        jsonw_kv_string(&det.w, "on", today);
        rc = app_audit_json(ctx, "stoppage.result", obj, &det, e);
    }
    return rc;
}

typedef struct result_arg {
    int64_t order_id;
    const char *result, *note;
    int64_t tap_id;
} result_arg;

/* app_stoppage_result's transaction. app_tx_run may run it twice (a failover before COMMIT): it only reads and writes the
 * database, its audit rows included, and fills its outputs afresh. */
static int result_run(app_ctx *ctx, void *arg, err_t *e)
{
    result_arg *a = arg;
    a->tap_id = 0;
    return result_tx(ctx, a->order_id, a->result, a->note, &a->tap_id, e);
}

int app_stoppage_result(app_ctx *ctx, int64_t order_id, const char *result, const char *note, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (!rc)
        rc = validate_text(note, false, 200, "note", "作業メモ", e);
    if (!rc && note && !text_is_clean(note, false))
        rc = err_field(e, "note", "作業メモに使えない文字が含まれています。");
    if (!rc && (!result || !*result))
        rc = err_field(e, "result", "作業の結果を選んでください。");
    if (rc)
        return rc;
    result_arg a = {.order_id = order_id, .result = result, .note = note};
    rc = app_tx_run(ctx, result_run, &a, e);
    if (!rc && a.tap_id > 0)   /* the search index: after COMMIT only */
        app_registry_refresh_tap(ctx, a.tap_id);
    return rc;
}

int app_stoppage_reopen_tx(app_ctx *ctx, const char *tap_no, const char *reason, const char *by, int64_t *order_id,
                           err_t *e)
{
    tap_row t;
    int rc = tap_store_get_by_no(ctx->db, tap_no, &t, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "その水栓はありません。", "tap %s not found", tap_no);
    stoppage_tap s;
    if (!rc)
        rc = stoppage_store_tap(ctx->db, tap_no, &s, e);
    if (rc)
        return rc;
    if (!s.stopped_on[0])
        return err_set(e, ERR_CONFLICT, NULL, "この水栓は給水停止中ではありません。", "tap %s not stopped", tap_no);
    int64_t open = 0;
    if ((rc = stoppage_store_open_order(ctx->db, t.id, "reopen", &open, e)))
        return rc;
    if (open > 0)
        return err_set(e, ERR_CONFLICT, NULL, "解除（再開栓）の作業はすでに出ています。", "reopen order %lld open",
                       (long long)open);
    occupancy_row occ;
    int64_t customer = 0;
    int r2 = occupancy_store_current(ctx->db, t.id, &occ, e);
    if (r2 == 0)
        customer = occ.customer_id;
    else if (r2 != ERR_NOTFOUND)
        return r2;
    err_clear(e);
    char today[11];
    today_iso(today);
    rc = insert_order(ctx, "reopen", &t, customer, today, true,
                      json_pack("{s{ssssss}ssssss}", "filer", "name", "", "phone", "", "relation", "", "note", "", "reason",
                                reason, "stopped_on", s.stopped_on),
                      order_id, e);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", t.tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_int(&det.w, "work_order", *order_id);
        jsonw_kv_string(&det.w, "reason", reason);
        jsonw_kv_string(&det.w, "due_on", today);
        if (by && *by)
            jsonw_kv_string(&det.w, "by", by);
        rc = app_audit_json(ctx, "stoppage.reopen", obj, &det, e);
    }
    return rc;
}

typedef struct reopen_arg {
    const char *tap_no, *reason;
    int64_t *order_id;
} reopen_arg;

/* app_stoppage_reopen's transaction. app_tx_run may run it twice (a failover before COMMIT): it only reads and writes the
 * database, its audit rows included, and fills its outputs afresh. */
static int reopen_run(app_ctx *ctx, void *arg, err_t *e)
{
    const reopen_arg *a = arg;
    return app_stoppage_reopen_tx(ctx, a->tap_no, a->reason, NULL, a->order_id, e);
}

int app_stoppage_reopen(app_ctx *ctx, const char *tap_no, const char *reason, int64_t *order_id, err_t *e)
{
    *order_id = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    if (!reason || (strcmp(reason, "paid") != 0 && strcmp(reason, "pledge") != 0))
        return err_field(e, "reason", "解除の理由を「納付」か「分納誓約」から選んでください。");
    if (!tap_no || !*tap_no)
        return err_field(e, "tap", "水栓番号を入力してください。");
    reopen_arg a = {.tap_no = tap_no, .reason = reason, .order_id = order_id};
    return app_tx_run(ctx, reopen_run, &a, e);
}

static int flags_tx(app_ctx *ctx, const char *tap_no, bool sensitive, bool welfare, err_t *e)
{
    stoppage_tap s;
    int rc = stoppage_store_tap(ctx->db, tap_no, &s, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "その水栓はありません。", "tap %s not found", tap_no);
    if (rc)
        return rc;
    if (s.sensitive == sensitive && s.welfare == welfare)
        return 0;
    rc = stoppage_store_set_flags(ctx->db, s.id, sensitive, welfare, date_now_unix(), e);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "tap:%s", s.tap_no);
        app_audit_detail det;
        app_audit_detail_begin(&det);
        jsonw_kv_int(&det.w, "sensitive", sensitive);
        jsonw_kv_int(&det.w, "welfare", welfare);
        jsonw_kv_int(&det.w, "sensitive_was", s.sensitive);
        jsonw_kv_int(&det.w, "welfare_was", s.welfare);
        rc = app_audit_json(ctx, "tap.stop_exempt", obj, &det, e);
    }
    return rc;
}

typedef struct flags_arg {
    const char *tap_no;
    bool sensitive, welfare;
} flags_arg;

/* app_stoppage_set_flags's transaction. app_tx_run may run it twice (a failover before COMMIT): it only reads and writes the
 * database, its audit rows included, and fills its outputs afresh. */
static int flags_run(app_ctx *ctx, void *arg, err_t *e)
{
    const flags_arg *a = arg;
    return flags_tx(ctx, a->tap_no, a->sensitive, a->welfare, e);
}

int app_stoppage_set_flags(app_ctx *ctx, const char *tap_no, bool sensitive, bool welfare, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EDIT, e);
    if (rc)
        return rc;
    if (!tap_no || !*tap_no)
        return err_field(e, "tap", "水栓番号を入力してください。");
    flags_arg a = {.tap_no = tap_no, .sensitive = sensitive, .welfare = welfare};
    return app_tx_run(ctx, flags_run, &a, e);
}

int app_stoppage_state_get(app_ctx *ctx, const char *tap_no, app_stoppage_state *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc || (rc = db_begin_read(ctx->db, e)))
        return rc;
    stoppage_tap s;
    rc = stoppage_store_tap(ctx->db, tap_no ? tap_no : "", &s, e);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, NULL, "その水栓はありません。", "tap not found");
    if (!rc)
        rc = stoppage_store_open_order(ctx->db, s.id, "stoppage", &out->stoppage_order, e);
    if (!rc)
        rc = stoppage_store_open_order(ctx->db, s.id, "reopen", &out->reopen_order, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    str_copy(out->tap_no, sizeof out->tap_no, s.tap_no);
    str_copy(out->status, sizeof out->status, s.status);
    str_copy(out->stopped_on, sizeof out->stopped_on, s.stopped_on);
    out->sensitive = s.sensitive != 0;
    out->welfare = s.welfare != 0;
    return 0;
}
