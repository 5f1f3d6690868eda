/* app_pledge — negotiations and instalment pledges (see app_pledge.h).  A
 * negotiation's text is sealed here, before it reaches store/, and never
 * written to the log or the audit detail (as app_contact does). */
#include "app/arrears/app_pledge.h"
#include "app/app_seal.h"
#include "app/app_form.h"
#include "app/arrears/app_reopen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry/app_registry.h"
#include "base/config.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "base/text.h"
#include "domain/contact.h"
#include "domain/limitation.h"
#include "domain/pledge.h"
#include "domain/role.h"
#include "domain/validate.h"
#include "store/arrears/arrears_store.h"
#include "store/arrears/pledge_store.h"
#include "store/registry/customer_store.h"
#include "store/registry/tap_store.h"

_Static_assert(CRYPTO_KEYID_MAX + 1 + ((24 + 4 * NEGOTIATION_TEXT_MAX + 16 + 2) / 3) * 4 + 1 <= NEGOTIATION_TEXT_ENC_MAX,
               "NEGOTIATION_TEXT_ENC_MAX too small");

const char *const NEGOTIATION_CHANNEL_CODES[] = {"phone", "counter", "visit", "letter", NULL};
const char *const NEGOTIATION_CHANNEL_LABELS[] = {"電話", "窓口", "訪問", "文書", NULL};

const char *negotiation_channel_label(const char *code)
{
    for (size_t i = 0; code && NEGOTIATION_CHANNEL_CODES[i]; i++)
        if (strcmp(code, NEGOTIATION_CHANNEL_CODES[i]) == 0)
            return NEGOTIATION_CHANNEL_LABELS[i];
    return code ? code : "";
}

static bool given(const char *s)
{
    return s && *s;
}

/* Decimal digits (an optional leading '-'), in [min, max]. */
static bool validate_int_range(const char *s, int64_t min, int64_t max, int64_t *out)
{
    const char *p = s;
    bool neg = *p == '-';
    if (neg)
        p++;
    if (!*p || strlen(p) > 15)
        return false;
    int64_t v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        v = v * 10 + (*p - '0');
    }
    if (neg)
        v = -v;
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* The customer's name (and, when address is given, the mailing address, or
 * else the service address of tap_no). */
static int customer_names(app_ctx *ctx, int64_t customer_id, char *name, size_t namesz, char *address,
                          size_t addrsz, const char *tap_no, err_t *e)
{
    customer_row *c = malloc(sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    err_t le;
    err_clear(&le);
    int rc = customer_store_get(ctx->db, customer_id, c, &le);
    if (rc == ERR_NOTFOUND)
        rc = err_set(e, ERR_NOTFOUND, NULL, "該当するお客様がありません。", "customer %lld not found",
                     (long long)customer_id);
    else if (rc && e)
        *e = le;
    if (!rc) {
        app_open_into(ctx, c->name_enc, name, namesz);
        if (address) {
            app_open_into(ctx, c->mail_address_enc, address, addrsz);
            if (!address[0] && tap_no && *tap_no) {
                tap_row t;
                err_t te;
                err_clear(&te);
                if (app_registry_find_tap(ctx, tap_no, "tap", &t, &te) == 0)
                    app_registry_place_of_use(ctx, &t, address, addrsz);   /* the area's name and the rest */
            }
        }
    }
    free(c);
    return rc;
}

static int grace_days(app_ctx *ctx, int *out, err_t *e)
{
    long long v = 5;
    int rc = config_get_int(ctx->env->cfg, "arrears.pledge_grace_days", 5, 0, 60, &v, e);
    *out = (int)v;
    return rc;
}

/* ---- negotiations ---------------------------------------------------- */

static int neg_add_tx(app_ctx *ctx, negotiation_row *r, size_t chars, int64_t *id, err_t *e)
{
    /* the form's one-time token first: a second click records nothing */
    int rc = app_form_claim_tx(ctx, e);
    if (rc || app_form_replayed(ctx)) {
        *id = rc ? 0 : app_form_result_id(ctx, "negotiation");
        return rc;
    }
    char name[8];
    if ((rc = customer_names(ctx, r->customer_id, name, sizeof name, NULL, 0, NULL, e)))
        return rc;
    if ((rc = negotiation_store_insert(ctx->db, r, id, e)))
        return rc;
    char obj[48];
    str_fmt(obj, sizeof obj, "customer:%lld", (long long)r->customer_id);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_int(&d.w, "negotiation", *id);
    jsonw_kv_string(&d.w, "held_on", r->held_on);
    jsonw_kv_string(&d.w, "channel", r->channel);
    jsonw_kv_int(&d.w, "text_chars", (int64_t)chars);
    if (r->next_on[0])
        jsonw_kv_string(&d.w, "next_on", r->next_on);
    if ((rc = app_audit_json(ctx, "negotiation.add", obj, &d, e)))
        return rc;
    char res[40];
    str_fmt(res, sizeof res, "negotiation:%lld", (long long)*id);
    return app_form_done_tx(ctx, res, e);
}

typedef struct neg_add_arg {
    negotiation_row *r;
    size_t chars;
    int64_t *id;
} neg_add_arg;

/* The negotiation note's transaction. app_tx_run may run it twice (a failover before COMMIT): it only reads and writes the
 * database, its audit rows included, and sets its output afresh. */
static int neg_add_run(app_ctx *ctx, void *arg, err_t *e)
{
    const neg_add_arg *a = arg;
    return neg_add_tx(ctx, a->r, a->chars, a->id, e);
}

int app_negotiation_add(app_ctx *ctx, int64_t customer_id, const char *held_on, const char *channel,
                        const char *text, const char *next_action, const char *next_on, int64_t *id, err_t *e)
{
    int64_t local = 0;
    if (!id)
        id = &local;
    *id = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    civil_date today = date_today_jst(), held, next;
    if (!given(held_on) || !date_parse(held_on, &held))
        return err_field(e, "held_on", "交渉日を YYYY-MM-DD で入力してください。");
    if (date_cmp(held, today) > 0)
        return err_field(e, "held_on", "交渉日に未来の日付は入力できません。");
    bool known = false;
    for (size_t i = 0; channel && NEGOTIATION_CHANNEL_CODES[i]; i++)
        known = known || strcmp(channel, NEGOTIATION_CHANNEL_CODES[i]) == 0;
    if (!known)
        return err_field(e, "channel", "交渉の方法（電話・窓口・訪問・文書）を選んでください。");
    char *t = text ? strdup(text) : NULL;
    if (text && !t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (t)
        contact_summary_tidy(t);
    size_t chars = t ? text_len_chars(t) : 0;
    if (!t || !*t || strspn(t, " \t\n") == strlen(t))
        rc = err_field(e, "text", "交渉内容を入力してください。");
    else if (!text_is_clean(t, true))
        rc = err_field(e, "text", "交渉内容に使えない文字（制御文字）が含まれています。改行とタブは使えます。");
    else if ((rc = validate_visible(t, "text", "交渉内容", e)))
        ;
    else if (chars > NEGOTIATION_TEXT_MAX)
        rc = err_field(e, "text", "交渉内容は2,000文字以内で入力してください（いま%zu文字です）。", chars);
    if (!rc && given(next_action) &&
        (!text_is_clean(next_action, false) || text_len_chars(next_action) > 100))
        rc = err_field(e, "next_action", "次回の対応は改行なしの100文字以内で入力してください。");
    if (!rc && given(next_on)) {
        if (!date_parse(next_on, &next))
            rc = err_field(e, "next_on", "次回予定日を YYYY-MM-DD で入力してください。");
        else if (date_cmp(next, held) < 0)
            rc = err_field(e, "next_on", "次回予定日は交渉日以降の日付にしてください。");
    }
    if (rc) {
        free(t);
        return rc;
    }
    negotiation_row *r = calloc(1, sizeof *r);
    if (!r) {
        free(t);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    r->customer_id = customer_id;
    date_format_iso(held, r->held_on);
    str_copy(r->channel, sizeof r->channel, channel);
    str_copy(r->staff, sizeof r->staff, ctx->actor.username[0] ? ctx->actor.username : "operator");
    str_copy(r->next_action, sizeof r->next_action, given(next_action) ? next_action : "");
    if (given(next_on))
        date_format_iso(next, r->next_on);
    r->created_at = date_now_unix();
    char *sealed = crypto_seal(ctx->env->keys, t);
    bool ok = sealed && str_copy(r->text_enc, sizeof r->text_enc, sealed);
    free(sealed);
    free(t);
    if (!ok) {
        free(r);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "negotiation: sealing the text failed");
    }
    neg_add_arg a = {.r = r, .chars = chars, .id = id};
    rc = app_tx_run(ctx, neg_add_run, &a, e);
    free(r);
    if (rc)
        *id = 0;
    return rc;
}

void app_negotiations_free(app_negotiation *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].text);
    free(rows);
}

int app_negotiation_list(app_ctx *ctx, int64_t customer_id, size_t limit, app_negotiation **rows, size_t *n,
                         err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (limit == 0 || limit > 500)
        limit = APP_NEGOTIATION_LIST_DEFAULT;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    negotiation_row *nr = NULL;
    size_t k = 0;
    rc = negotiation_store_list(ctx->db, customer_id, limit, &nr, &k, e);
    db_end_read(ctx->db);
    if (rc)
        return rc;
    app_negotiation *out = calloc(k ? k : 1, sizeof *out);
    if (!out) {
        free(nr);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k && !rc; i++) {
        app_negotiation *o = &out[i];
        o->id = nr[i].id;
        o->customer_id = nr[i].customer_id;
        str_copy(o->held_on, sizeof o->held_on, nr[i].held_on);
        str_copy(o->channel, sizeof o->channel, nr[i].channel);
        str_copy(o->staff, sizeof o->staff, nr[i].staff);
        str_copy(o->next_action, sizeof o->next_action, nr[i].next_action);
        str_copy(o->next_on, sizeof o->next_on, nr[i].next_on);
        o->created_at = nr[i].created_at;
        o->text = crypto_open(ctx->env->keys, nr[i].text_enc);
        if (!o->text)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "negotiation %lld cannot be decrypted", (long long)nr[i].id);
    }
    free(nr);
    if (!rc && k) {
        char obj[48];
        str_fmt(obj, sizeof obj, "customer:%lld", (long long)customer_id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "negotiations", (int64_t)k);
        rc = app_audit_now_json(ctx, "negotiation.view", obj, &d, e);
    }
    if (rc) {
        app_negotiations_free(out, k);
        return rc;
    }
    *rows = out;
    *n = k;
    return 0;
}

/* ---- pledges: the status check --------------------------------------- */

static int load_lines(app_ctx *ctx, int64_t pledge_id, pledge_line **lines, pledge_inst_row **raw, size_t *n,
                      err_t *e)
{
    *lines = NULL;
    int rc = pledge_store_instalments(ctx->db, pledge_id, raw, n, e);
    if (rc)
        return rc;
    *lines = calloc(*n ? *n : 1, sizeof **lines);
    if (!*lines) {
        free(*raw);
        *raw = NULL;
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < *n; i++) {
        if (!date_parse((*raw)[i].due_on, &(*lines)[i].due))
            memset(&(*lines)[i].due, 0, sizeof(*lines)[i].due);
        (*lines)[i].amount = (*raw)[i].amount;
    }
    return 0;
}

/* Inside a transaction: move an active pledge to kept or breached when its
 * progress as of as_of says so, with its audit row.  *moved: the new status
 * ("" none). */
static int check_one_tx(app_ctx *ctx, int64_t id, civil_date as_of, int grace, const char **moved, err_t *e)
{
    *moved = "";
    pledge_row p;
    err_t le;
    err_clear(&le);
    int rc = pledge_store_get(ctx->db, id, &p, &le);
    if (rc)
        return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, NULL, "該当する分納誓約がありません。", "pledge %lld",
                                            (long long)id)
                                  : (e ? (*e = le, rc) : rc);
    if (strcmp(p.status, "active") != 0)
        return 0;
    pledge_line *lines = NULL;
    pledge_inst_row *raw = NULL;
    size_t n = 0;
    if ((rc = load_lines(ctx, id, &lines, &raw, &n, e)))
        return rc;
    char as_iso[11];
    date_format_iso(as_of, as_iso);
    int64_t paid = 0;
    rc = pledge_store_paid(ctx->db, id, as_iso, &paid, e);
    pledge_progress pg;
    if (!rc)
        pledge_progress_of(lines, n, paid, as_of, grace, &pg);
    free(lines);
    free(raw);
    if (rc || pg.state == PLEDGE_ON_TRACK)
        return rc;
    const char *status = pg.state == PLEDGE_KEPT ? "kept" : "breached";
    bool changed = false;
    if ((rc = pledge_store_close(ctx->db, id, status, as_iso, date_now_unix(), &changed, e)) || !changed)
        return rc;
    *moved = status;
    char obj[32];
    str_fmt(obj, sizeof obj, "pledge:%lld", (long long)id);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_int(&d.w, "customer", p.customer_id);
    jsonw_kv_string(&d.w, "as_of", as_iso);
    jsonw_kv_int(&d.w, "paid", paid);
    jsonw_kv_int(&d.w, "met", (int64_t)pg.met);
    if (pg.breached_seq) {
        char day[11];
        date_format_iso(pg.breached_after, day);
        jsonw_kv_int(&d.w, "instalment", pg.breached_seq);
        jsonw_kv_string(&d.w, "grace_end", day);
    }
    return app_audit_json(ctx, pg.state == PLEDGE_KEPT ? "pledge.kept" : "pledge.breached", obj, &d, e);
}

static int check_one(app_ctx *ctx, int64_t id, civil_date as_of, int grace, const char **moved, err_t *e)
{
    int rc = db_begin(ctx->db, e);
    if (rc)
        return rc;
    return app_tx_end(ctx, check_one_tx(ctx, id, as_of, grace, moved, e), e);
}

static int check_all(app_ctx *ctx, civil_date day, app_pledge_check_summary *out, err_t *e);

int app_pledge_check(app_ctx *ctx, const char *as_of, app_pledge_check_summary *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_JOB_RUN, e);
    if (rc)
        return rc;
    civil_date day = date_today_jst();
    if (given(as_of) && !date_parse(as_of, &day))
        return err_field(e, "as_of", "基準日を YYYY-MM-DD で指定してください。");
    date_format_iso(day, out->as_of);
    return check_all(ctx, day, out, e);
}

/* Every active pledge as of day, each in a transaction of its own. */
static int check_all(app_ctx *ctx, civil_date day, app_pledge_check_summary *out, err_t *e)
{
    int grace = 5;
    int rc = grace_days(ctx, &grace, e);
    if (rc)
        return rc;
    int64_t after = 0;
    for (;;) {
        /* in pages of active pledges by id (each moved one leaves the list) */
        pledge_row *rows = NULL;
        size_t n = 0;
        if ((rc = db_begin_read(ctx->db, e)))
            return rc;
        rc = pledge_store_list_status(ctx->db, "active", 1000000, &rows, &n, e);
        db_end_read(ctx->db);
        if (rc)
            return rc;
        size_t done = 0;
        for (size_t i = 0; i < n && !rc; i++) {
            if (rows[i].id <= after)
                continue;
            const char *moved = "";
            rc = check_one(ctx, rows[i].id, day, grace, &moved, e);
            after = rows[i].id;
            out->checked++;
            done++;
            out->breached += strcmp(moved, "breached") == 0;
            out->kept += strcmp(moved, "kept") == 0;
        }
        free(rows);
        if (rc || done == 0)
            return rc;
    }
}

/* ---- pledges: create ------------------------------------------------- */

static int create_tx(app_ctx *ctx, const app_pledge_input *in, const char *today, civil_date tday, int64_t *id,
                     err_t *e)
{
    int rc = app_form_claim_tx(ctx, e);
    if (rc || app_form_replayed(ctx)) {
        *id = rc ? 0 : app_form_result_id(ctx, "pledge");
        return rc;
    }
    char name[8];
    if ((rc = customer_names(ctx, in->customer_id, name, sizeof name, NULL, 0, NULL, e)))
        return rc;
    arrears_bill *bs = NULL;
    size_t nb = 0;
    if ((rc = arrears_store_customer_bills(ctx->db, in->customer_id, today, &bs, &nb, e)))
        return rc;
    /* the bills covered: those chosen (each must be overdue and this customer's), or all */
    bool *take = calloc(nb ? nb : 1, sizeof *take);
    if (!take) {
        free(bs);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    int64_t total = 0;
    size_t ntake = 0;
    for (size_t j = 0; j < in->nbills && !rc; j++) {
        bool found = false;
        for (size_t i = 0; i < nb; i++)
            if (bs[i].bill_id == in->bills[j]) {
                found = true;
                take[i] = true;
            }
        if (!found)
            rc = err_field(e, "bills", "調定 %lld はこのお客様の期限経過の未納調定ではありません。", (long long)in->bills[j]);
    }
    for (size_t i = 0; i < nb && !rc; i++) {
        if (in->nbills == 0)
            take[i] = true;
        if (!take[i])
            continue;
        int64_t bal = bs[i].total - bs[i].paid;
        if (bal <= 0) {
            take[i] = false;
            continue;
        }
        int64_t other = 0;
        if ((rc = pledge_store_active_bill(ctx->db, bs[i].bill_id, &other, e)))
            break;
        if (other)
            rc = err_set(e, ERR_CONFLICT, "bills", NULL, "bill %lld under pledge %lld", (long long)bs[i].bill_id,
                         (long long)other);
        if (rc) {
            if (e)
                str_fmt(e->user, sizeof e->user, "調定 %lld は既に履行中の分納誓約（番号 %lld）の対象です。",
                        (long long)bs[i].bill_id, (long long)other);
            break;
        }
        total += bal;
        ntake++;
    }
    if (!rc && ntake == 0)
        rc = err_field(e, "bills", "分納の対象となる期限経過の未納調定がありません。");
    /* the schedule */
    pledge_line *lines = NULL;
    size_t nl = 0;
    char field[32] = "", msg[256] = "";
    if (!rc) {
        bool equal = !given(in->mode) || strcmp(in->mode, "equal") == 0;
        if (!equal && strcmp(in->mode, "lines") != 0) {
            rc = err_field(e, "mode", "分納の指定方法は「均等割」か「1回ずつ入力」から選んでください。");
        } else if (equal) {
            int64_t cnt = 0;
            civil_date first;
            if (!given(in->count) || !validate_int_range(in->count, 1, PLEDGE_MAX_INSTALMENTS, &cnt))
                rc = err_field(e, "count", "分納回数を1から%dまでの数字で入力してください。", PLEDGE_MAX_INSTALMENTS);
            else if (!given(in->first) || !date_parse(in->first, &first))
                rc = err_field(e, "first", "初回納付日を YYYY-MM-DD で入力してください。");
            else if (!(lines = calloc((size_t)cnt, sizeof *lines)))
                rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            else if (pledge_equal_schedule(total, (int)cnt, first, lines, field, sizeof field, msg, sizeof msg))
                rc = err_field(e, field, "%s", msg);
            else
                nl = (size_t)cnt;
        } else {
            lines = calloc(in->nlines ? in->nlines : 1, sizeof *lines);
            if (!lines)
                rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            for (size_t i = 0; i < in->nlines && !rc; i++) {
                const char *d = in->due[i], *a = in->amount[i];
                if (!given(d) && !given(a))
                    continue;
                str_fmt(field, sizeof field, "due_%zu", nl + 1);
                if (!given(d) || !date_parse(d, &lines[nl].due)) {
                    rc = err_field(e, field, "第%zu回の納付日を YYYY-MM-DD で入力してください。", nl + 1);
                    break;
                }
                str_fmt(field, sizeof field, "amount_%zu", nl + 1);
                int64_t yen = 0;
                if (!given(a) || !validate_int_range(a, INT64_MIN / 4, INT64_MAX / 4, &yen)) {
                    rc = err_field(e, field, "第%zu回の金額を円単位の数字で入力してください。", nl + 1);
                    break;
                }
                lines[nl++].amount = yen;
            }
        }
        if (!rc && pledge_check_schedule(lines, nl, total, tday, field, sizeof field, msg, sizeof msg))
            rc = err_field(e, field, "%s", msg);
    }
    pledge_row pr;
    memset(&pr, 0, sizeof pr);
    if (!rc) {
        pr.customer_id = in->customer_id;
        str_copy(pr.pledged_on, sizeof pr.pledged_on, today);
        str_copy(pr.status, sizeof pr.status, "active");
        pr.total = total;
        pr.instalments = (int64_t)nl;
        str_copy(pr.created_by, sizeof pr.created_by, ctx->actor.username[0] ? ctx->actor.username : "operator");
        pr.created_at = date_now_unix();
        rc = pledge_store_insert(ctx->db, &pr, id, e);
    }
    for (size_t i = 0; i < nb && !rc; i++)
        if (take[i])
            rc = pledge_store_add_bill(ctx->db, *id, bs[i].bill_id, bs[i].total - bs[i].paid, e);
    for (size_t i = 0; i < nl && !rc; i++) {
        char d[11];
        date_format_iso(lines[i].due, d);
        rc = pledge_store_add_instalment(ctx->db, *id, (int64_t)i + 1, d, lines[i].amount, e);
    }
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "pledge:%lld", (long long)*id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "customer", in->customer_id);
        jsonw_kv_int(&d.w, "total", total);
        jsonw_kv_int(&d.w, "bills", (int64_t)ntake);
        jsonw_kv_int(&d.w, "instalments", (int64_t)nl);
        char d0[11];
        date_format_iso(lines[0].due, d0);
        jsonw_kv_string(&d.w, "first", d0);
        rc = app_audit_json(ctx, "pledge.create", obj, &d, e);
    }
    if (!rc) {   /* a stopped tap whose debt the pledge now covers: its 解除 */
        int64_t *taps = calloc(nb ? nb : 1, sizeof *taps);
        size_t nt = 0;
        for (size_t i = 0; taps && i < nb; i++)
            if (take[i])
                taps[nt++] = bs[i].tap_id;
        rc = taps ? app_reopen_after_pledge_tx(ctx, *id, taps, nt, NULL, e)
                  : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        free(taps);
    }
    if (!rc) {
        char res[40];
        str_fmt(res, sizeof res, "pledge:%lld", (long long)*id);
        rc = app_form_done_tx(ctx, res, e);
    }
    free(lines);
    free(take);
    free(bs);
    return rc;
}

typedef struct create_arg {
    const app_pledge_input *in;
    const char *today;
    civil_date tday;
    int64_t *id;
} create_arg;

/* app_pledge_create's transaction. app_tx_run may run it twice (a failover before COMMIT): it only reads and writes the
 * database, its audit rows included, and sets its output afresh. */
static int create_run(app_ctx *ctx, void *arg, err_t *e)
{
    const create_arg *a = arg;
    *a->id = 0;
    return create_tx(ctx, a->in, a->today, a->tday, a->id, e);
}

int app_pledge_create(app_ctx *ctx, const app_pledge_input *in, int64_t *id, err_t *e)
{
    int64_t local = 0;
    if (!id)
        id = &local;
    *id = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    civil_date tday = date_today_jst();
    char today[11];
    date_format_iso(tday, today);
    create_arg a = {.in = in, .today = today, .tday = tday, .id = id};
    rc = app_tx_run(ctx, create_run, &a, e);
    if (rc)
        *id = 0;
    return rc;
}

/* ---- pledges: read ---------------------------------------------------- */

void app_pledge_free(app_pledge *p)
{
    free(p->bills);
    free(p->inst);
    p->bills = NULL;
    p->inst = NULL;
    p->nbills = p->ninst = 0;
}

/* barred_from of a bill's service part with the acknowledgement dates. */
static void barred(limitation_service svc, const char *read_on, const char *due_on, const ack_date *acks, size_t na,
                   char out[11])
{
    out[0] = '\0';
    civil_date r, d;
    if (!date_parse(read_on, &r) || !date_parse(due_on, &d))
        return;
    limitation_event_in ev[LIMITATION_MAX_EVENTS];
    size_t n = 0;
    for (size_t i = 0; i < na && n < LIMITATION_MAX_EVENTS; i++)
        if (date_parse(acks[i].on, &ev[n].date)) {
            ev[n].kind = LIMITATION_ACK;
            n++;
        }
    limitation_result res;
    char err[256];
    if (limitation_compute(svc, r, d, ev, n, &res, err, sizeof err) == 0)
        date_format_iso(res.barred_from, out);
}

static int read_pledge_tx(app_ctx *ctx, int64_t id, app_pledge *out, err_t *e)
{
    pledge_row p;
    err_t le;
    err_clear(&le);
    int rc = pledge_store_get(ctx->db, id, &p, &le);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "該当する分納誓約がありません。", "pledge %lld not found", (long long)id);
    if (rc) {
        if (e)
            *e = le;
        return rc;
    }
    out->id = p.id;
    out->customer_id = p.customer_id;
    str_copy(out->pledged_on, sizeof out->pledged_on, p.pledged_on);
    str_copy(out->status, sizeof out->status, p.status);
    str_copy(out->closed_on, sizeof out->closed_on, p.closed_on);
    str_copy(out->created_by, sizeof out->created_by, p.created_by);
    out->total = p.total;
    pledge_bill_row *bs = NULL;
    size_t nb = 0;
    if ((rc = pledge_store_bills(ctx->db, id, &bs, &nb, e)))
        return rc;
    rc = customer_names(ctx, p.customer_id, out->name, sizeof out->name, out->address, sizeof out->address,
                        nb ? bs[0].tap_no : NULL, e);
    if (!rc && !(out->bills = calloc(nb ? nb : 1, sizeof *out->bills)))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; i < nb && !rc; i++) {
        app_pledge_bill *o = &out->bills[i];
        o->bill_id = bs[i].bill_id;
        str_copy(o->tap_no, sizeof o->tap_no, bs[i].tap_no);
        str_copy(o->cycle, sizeof o->cycle, bs[i].cycle);
        str_copy(o->due_on, sizeof o->due_on, bs[i].due_on);
        str_copy(o->read_on, sizeof o->read_on, bs[i].read_on);
        o->amount = bs[i].amount;
        o->balance = bs[i].total - bs[i].paid;
        o->sewer = bs[i].sewer > 0;
        ack_date *acks = NULL;
        size_t na = 0;
        if ((rc = pledge_store_ack_dates(ctx->db, o->bill_id, &acks, &na, e)))
            break;
        barred(LIMITATION_WATER, o->read_on, o->due_on, acks, na, o->barred_water);
        if (o->sewer)
            barred(LIMITATION_SEWER, o->read_on, o->due_on, acks, na, o->barred_sewer);
        buf_t b;
        buf_init(&b, 64);
        for (size_t k = 0; k < na; k++)
            buf_printf(&b, "%s%s", k ? "、" : "", acks[k].on);
        str_copy(o->acks, sizeof o->acks, buf_cstr(&b));
        buf_free(&b);
        free(acks);
        out->nbills = i + 1;
    }
    free(bs);
    if (rc)
        return rc;
    pledge_line *lines = NULL;
    pledge_inst_row *raw = NULL;
    size_t n = 0;
    if ((rc = load_lines(ctx, id, &lines, &raw, &n, e)))
        return rc;
    civil_date today;
    if (!date_parse(out->today, &today))
        today = date_today_jst();
    /* every payment known (the check moves the status as of its day) */
    rc = pledge_store_paid(ctx->db, id, "9999-12-31", &out->paid, e);
    pledge_progress pg;
    if (!rc) {
        pledge_progress_of(lines, n, out->paid, today, out->grace_days, &pg);
        out->met = pg.met;
        if (!(out->inst = calloc(n ? n : 1, sizeof *out->inst)))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    int64_t cum = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        app_pledge_inst *o = &out->inst[i];
        o->seq = (int)raw[i].seq;
        str_copy(o->due_on, sizeof o->due_on, raw[i].due_on);
        date_format_iso(pledge_grace_end(lines[i].due, out->grace_days), o->grace_end);
        o->amount = raw[i].amount;
        cum += o->amount;
        o->cum = cum;
        o->met = out->paid >= cum;
        out->ninst = i + 1;
    }
    free(lines);
    free(raw);
    return rc;
}

int app_pledge_get(app_ctx *ctx, int64_t id, const char *purpose, app_pledge *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    civil_date today = date_today_jst();
    date_format_iso(today, out->today);
    if ((rc = grace_days(ctx, &out->grace_days, e)))
        return rc;
    const char *moved = "";
    if ((rc = check_one(ctx, id, today, out->grace_days, &moved, e)))   /* the check on viewing */
        return rc;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = read_pledge_tx(ctx, id, out, e);
    db_end_read(ctx->db);
    if (!rc) {
        char obj[32];
        str_fmt(obj, sizeof obj, "pledge:%lld", (long long)id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "customer", out->customer_id);
        rc = app_audit_now_json(ctx, purpose && strcmp(purpose, "print") == 0 ? "pledge.print" : "pledge.view", obj,
                                &d, e);
    }
    if (rc)
        app_pledge_free(out);
    return rc;
}

static int rows_of(app_ctx *ctx, pledge_row *pr, size_t k, app_pledge_row **rows, size_t *n, bool names, err_t *e)
{
    app_pledge_row *out = calloc(k ? k : 1, sizeof *out);
    if (!out)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < k && !rc; i++) {
        app_pledge_row *o = &out[i];
        o->id = pr[i].id;
        o->customer_id = pr[i].customer_id;
        str_copy(o->pledged_on, sizeof o->pledged_on, pr[i].pledged_on);
        str_copy(o->status, sizeof o->status, pr[i].status);
        str_copy(o->closed_on, sizeof o->closed_on, pr[i].closed_on);
        o->total = pr[i].total;
        o->instalments = pr[i].instalments;
        if (names)
            rc = customer_names(ctx, o->customer_id, o->name, sizeof o->name, NULL, 0, NULL, e);
    }
    if (rc) {
        free(out);
        return rc;
    }
    *rows = out;
    *n = k;
    return 0;
}

int app_pledge_list_customer(app_ctx *ctx, int64_t customer_id, app_pledge_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    int grace = 5;
    if ((rc = grace_days(ctx, &grace, e)))
        return rc;
    civil_date today = date_today_jst();
    pledge_row *pr = NULL;
    size_t k = 0;
    for (int pass = 0; pass < 2 && !rc; pass++) {
        free(pr);
        pr = NULL;
        if ((rc = db_begin_read(ctx->db, e)))
            return rc;
        rc = pledge_store_list_customer(ctx->db, customer_id, &pr, &k, e);
        db_end_read(ctx->db);
        bool any = false;
        for (size_t i = 0; pass == 0 && i < k && !rc; i++)
            if (strcmp(pr[i].status, "active") == 0) {   /* the check on viewing */
                const char *moved = "";
                rc = check_one(ctx, pr[i].id, today, grace, &moved, e);
                any = any || *moved;
            }
        if (!any)
            break;
    }
    if (!rc)
        rc = rows_of(ctx, pr, k, rows, n, false, e);
    free(pr);
    return rc;
}

int app_pledge_list_status(app_ctx *ctx, const char *status, app_pledge_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    if (!status || (strcmp(status, "active") && strcmp(status, "breached") && strcmp(status, "kept") &&
                    strcmp(status, "cancelled")))
        return err_field(e, "status", "状態は 履行中・不履行・完了・取消 のいずれかを選んでください。");
    app_pledge_check_summary sum;   /* the check on viewing */
    memset(&sum, 0, sizeof sum);
    if ((rc = check_all(ctx, date_today_jst(), &sum, e)))
        return rc;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    pledge_row *pr = NULL;
    size_t k = 0;
    rc = pledge_store_list_status(ctx->db, status, 1000, &pr, &k, e);
    if (!rc)
        rc = rows_of(ctx, pr, k, rows, n, true, e);
    db_end_read(ctx->db);
    free(pr);
    if (!rc && *n) {
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "status", status);
        jsonw_kv_int(&d.w, "rows", (int64_t)*n);
        if ((rc = app_audit_now_json(ctx, "pledge.list", "pledges", &d, e))) {
            free(*rows);
            *rows = NULL;
            *n = 0;
        }
    }
    return rc;
}

static int cancel_tx(app_ctx *ctx, int64_t id, err_t *e)
{
    pledge_row p;
    err_t le;
    err_clear(&le);
    int rc = pledge_store_get(ctx->db, id, &p, &le);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "該当する分納誓約がありません。", "pledge %lld not found", (long long)id);
    if (rc)
        return e ? (*e = le, rc) : rc;
    char today[11];
    date_format_iso(date_today_jst(), today);
    bool changed = false;
    if ((rc = pledge_store_close(ctx->db, id, "cancelled", today, date_now_unix(), &changed, e)))
        return rc;
    if (!changed)
        return err_set(e, ERR_CONFLICT, NULL, "この分納誓約は履行中ではないため取り消せません。", "pledge %lld is %s",
                       (long long)id, p.status);
    char obj[32];
    str_fmt(obj, sizeof obj, "pledge:%lld", (long long)id);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_int(&d.w, "customer", p.customer_id);
    return app_audit_json(ctx, "pledge.cancel", obj, &d, e);
}

/* app_pledge_cancel's transaction (arg: the pledge's id). app_tx_run may run it twice (a failover before COMMIT): it only reads and writes the
 * database, its audit rows included, and sets its output afresh. */
static int cancel_run(app_ctx *ctx, void *arg, err_t *e)
{
    return cancel_tx(ctx, *(const int64_t *)arg, e);
}

int app_pledge_cancel(app_ctx *ctx, int64_t id, err_t *e)
{
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc)
        return rc;
    return app_tx_run(ctx, cancel_run, &id, e);
}
