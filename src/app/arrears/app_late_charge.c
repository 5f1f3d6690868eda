/* app_late_charge — see app_late_charge.h. */
#include "app/arrears/app_late_charge.h"
#include "app/app_seal.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app_form.h"
#include "app/arrears/app_dunning.h"
#include "app/registry/app_registry.h"
#include "app/collect/payment_alloc.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "base/log.h"
#include "domain/bill_rules.h"
#include "domain/late_charge.h"
#include "domain/role.h"
#include "app/arrears/surcharge_shipped.h"
#include "domain/slipcode.h"
#include "domain/validate.h"
#include "store/arrears/late_charge_store.h"
#include "store/billing/bill_store.h"
#include "store/collect/payment_store.h"
#include "store/db.h"
#include "store/registry/tap_store.h"


typedef struct lc_settings {
    long long on[2];   /* [LATE_WATER], [LATE_SEWER] */
    long long days;
    const char *rates;
} lc_settings;

static int settings(const app_ctx *ctx, lc_settings *s, err_t *e)
{
    const config *cfg = ctx->env->cfg;
    int rc = config_get_int(cfg, "arrears.surcharge_water", 0, 0, 1, &s->on[LATE_WATER], e);
    if (!rc)
        rc = config_get_int(cfg, "arrears.surcharge_sewer", 1, 0, 1, &s->on[LATE_SEWER], e);
    if (!rc)
        rc = config_get_int(cfg, "arrears.late_charge_days", 20, 1, 365, &s->days, e);
    s->rates = config_get(cfg, "arrears.surcharge_rates", "");   /* "": the shipped rates */
    return rc;
}

/* The rates in force: the file arrears.surcharge_rates names, or without the
 * setting the shipped rates compiled in.  Parsed once per process and kept
 * (a file again when its size or time changes), so that a month's thousands
 * of late payments neither read it each time nor log the same complaint
 * each time.  A copy for the caller to free; NULL (logged once per file
 * state) when the file cannot be read or parsed: then nothing is assessed
 * and the money still posts. */
static pthread_mutex_t g_rates_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char path[512];          /* "" for the shipped rates */
    long long mtime, size;   /* of the file when read */
    bool known;              /* path/mtime/size describe the slot */
    surcharge_rates *rates;  /* NULL: that state could not be used (already logged) */
} g_rates;

static surcharge_rates *parse_rates(const char *what, const char *text, size_t len)
{
    surcharge_rates *r = malloc(sizeof *r);
    char err[300];
    if (r && surcharge_rates_parse(text, len, r, err, sizeof err) != 0) {
        log_warn("late charge: rates %s: %s (no 延滞金 assessed)", what, err);
        free(r);
        r = NULL;
    }
    return r;
}

static surcharge_rates *read_rates_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        log_warn("late charge: rates file %s: %s (no 延滞金 assessed)", path, strerror(errno));
        return NULL;
    }
    char *text = malloc(1 << 20);
    size_t len = text ? fread(text, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    surcharge_rates *r = text ? parse_rates(path, text, len) : NULL;
    free(text);
    return r;
}

static surcharge_rates *load_rates(const char *path)
{
    long long mtime = 0, size = 0;
    struct stat st;
    if (*path && stat(path, &st) == 0) {
        mtime = (long long)st.st_mtime;
        size = (long long)st.st_size;
    } else if (*path) {
        mtime = size = -1;   /* missing: one complaint until it appears */
    }
    pthread_mutex_lock(&g_rates_mu);
    if (!g_rates.known || strcmp(g_rates.path, path) != 0 || g_rates.mtime != mtime || g_rates.size != size) {
        free(g_rates.rates);
        g_rates.rates = NULL;
        if (!*path) {
            const surcharge_shipped_file *sf = &SURCHARGE_SHIPPED_FILES[0];
            g_rates.rates = sf->name ? parse_rates(sf->name, sf->text, sf->len) : NULL;
        } else {
            g_rates.rates = read_rates_file(path);
        }
        str_copy(g_rates.path, sizeof g_rates.path, path);
        g_rates.mtime = mtime;
        g_rates.size = size;
        g_rates.known = true;
    }
    surcharge_rates *copy = g_rates.rates ? malloc(sizeof *copy) : NULL;
    if (copy)
        *copy = *g_rates.rates;
    pthread_mutex_unlock(&g_rates_mu);
    return copy;
}

static const char *const SERVICE_CODE[2] = {"water", "sewer"};

/* The basis of a charge: the computation's parts (no personal data). */
static void basis_json(const surcharge_result *r, char *out, size_t outsz)
{
    buf_t b;
    buf_init(&b, 0);
    jsonw w;
    jsonw_begin(&w, &b);
    surcharge_json(&w, r);
    if (!b.failed && b.len < outsz)
        str_copy(out, outsz, buf_cstr(&b));
    else
        str_fmt(out, outsz, "{\"surcharge\":%lld,\"parts\":[],\"parts_omitted\":%d}", (long long)r->surcharge,
                r->nparts);
    buf_free(&b);
}

static void charge_base(app_ctx *ctx, late_charge_row *r, const char *kind, const char *assessed, int64_t days)
{
    civil_date a;
    str_copy(r->kind, sizeof r->kind, kind);
    str_copy(r->assessed_on, sizeof r->assessed_on, assessed);
    if (!date_parse(assessed, &a))
        a = date_today_jst();
    date_format_iso(late_charge_due(a, (int)days), r->due_on);
    str_copy(r->created_by, sizeof r->created_by, ctx->actor.username);
    r->created_at = date_now_unix();
}

static int assess_surcharge_on(app_ctx *ctx, const payment_row *p, const bill_row *b, const late_charge_alloc *a,
                               size_t n, const lc_settings *s, surcharge_rates **rates, err_t *e);

/* The 延滞金 of each service of bill b (completed by payment p). */
static int assess_surcharge(app_ctx *ctx, const payment_row *p, const bill_row *b, const lc_settings *s,
                            surcharge_rates **rates, err_t *e)
{
    if (!s->on[LATE_WATER] && !s->on[LATE_SEWER])
        return 0;
    late_charge_alloc *a = NULL;
    size_t n = 0;
    int rc = late_charge_store_allocs(ctx->db, b->id, &a, &n, e);
    if (!rc)
        rc = assess_surcharge_on(ctx, p, b, a, n, s, rates, e);
    free(a);
    return rc;
}

/* The 延滞金 of bill b from its allocations a[0..n) (late_charge_store_allocs). */
static int assess_surcharge_on(app_ctx *ctx, const payment_row *p, const bill_row *b, const late_charge_alloc *a,
                               size_t n, const lc_settings *s, surcharge_rates **rates, err_t *e)
{
    if (!s->on[LATE_WATER] && !s->on[LATE_SEWER])
        return 0;
    civil_date due;
    if (!date_parse(b->due_on, &due))
        return 0;
    if (!*rates && !(*rates = load_rates(s->rates)))
        return 0;
    int rc = 0;
    late_charge_paid *paid = calloc(n ? n : 1, sizeof *paid);
    surcharge_result *res = paid ? malloc(sizeof *res) : NULL;
    late_charge_row *row = res ? calloc(1, sizeof *row) : NULL;
    if (!rc && !row)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t k = 0;
    for (size_t i = 0; !rc && i < n; i++)
        if (date_parse(a[i].paid_on, &paid[k].on)) {
            paid[k].water = a[i].water;
            paid[k].sewer = a[i].sewer;
            paid[k].tax = a[i].tax;
            k++;
        }
    for (int sv = LATE_WATER; !rc && sv <= LATE_SEWER; sv++) {
        if (!s->on[sv])
            continue;
        char err[300];
        if (late_charge_surcharge(*rates, due, b->water_yen, b->sewer_yen, b->adjust_yen, b->tax_yen, sv, paid, k, res,
                                  err, sizeof err) != 0) {
            log_warn("late charge: bill %lld %s: %s (not assessed)", (long long)b->id, SERVICE_CODE[sv], err);
            continue;
        }
        if (res->surcharge <= 0)
            continue;   /* none, or under ¥1,000: waived by the rule, no receivable */
        memset(row, 0, sizeof *row);
        charge_base(ctx, row, "surcharge", p->paid_on, s->days);
        str_copy(row->service, sizeof row->service, SERVICE_CODE[sv]);
        row->bill_id = b->id;
        row->tap_id = b->tap_id;
        row->customer_id = b->customer_id;
        row->amount = res->surcharge;
        row->payment_id = p->id;
        basis_json(res, row->basis, sizeof row->basis);
        int64_t id = 0;
        rc = late_charge_store_insert(ctx->db, row, &id, e);
    }
    free(row);
    free(res);
    free(paid);
    return rc;
}

/* The 督促手数料 of the 督促 letters covering bill b: created on the first
 * of a letter's bills paid in full (once per letter). */
static int assess_fee_on(app_ctx *ctx, const payment_row *p, const bill_row *b, const late_charge_letter *L,
                         size_t n, const lc_settings *s, err_t *e);
static int assess_fee(app_ctx *ctx, const payment_row *p, const bill_row *b, const lc_settings *s, err_t *e)
{
    late_charge_letter *L = NULL;
    size_t n = 0;
    int rc = late_charge_store_letters_of_bill(ctx->db, b->id, &L, &n, e);
    if (!rc)
        rc = assess_fee_on(ctx, p, b, L, n, s, e);
    free(L);
    return rc;
}

/* The same from the letters L[0..n) of bill b (late_charge_store_letters_of_bill). */
static int assess_fee_on(app_ctx *ctx, const payment_row *p, const bill_row *b, const late_charge_letter *L,
                         size_t n, const lc_settings *s, err_t *e)
{
    int rc = 0;
    late_charge_row *row = n == 0 ? NULL : calloc(1, sizeof *row);
    if (n > 0 && !row)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        if (L[i].fee <= 0)
            continue;
        memset(row, 0, sizeof *row);
        charge_base(ctx, row, "fee", p->paid_on, s->days);
        row->bill_id = L[i].first_bill > 0 ? L[i].first_bill : b->id;
        row->letter_id = L[i].id;
        row->tap_id = L[i].tap_id;
        row->customer_id = L[i].customer_id;
        row->amount = L[i].fee;
        row->payment_id = p->id;
        str_fmt(row->basis, sizeof row->basis, "{\"letter\":%lld,\"deadline\":\"%s\"}", (long long)L[i].id,
                L[i].deadline);
        int64_t id = 0;
        rc = late_charge_store_insert(ctx->db, row, &id, e);
    }
    free(row);
    return rc;
}

int app_late_charge_on_payment_tx(app_ctx *ctx, int64_t payment_id, err_t *e)
{
    if (payment_id <= 0)
        return 0;
    /* the bills this payment completed after their due date (usually none: one look-up) */
    int64_t *ids = NULL;
    size_t k = 0;
    int rc = late_charge_store_completed_late(ctx->db, payment_id, &ids, &k, e);
    if (rc || k == 0) {
        free(ids);
        return rc;
    }
    payment_row p;
    if ((rc = payment_store_get(ctx->db, payment_id, &p, e)) || strcmp(p.status, "posted") != 0 || p.amount <= 0 ||
        p.reverses > 0) {
        free(ids);
        return rc;
    }
    lc_settings s;
    surcharge_rates *rates = NULL;
    rc = settings(ctx, &s, e);
    for (size_t i = 0; !rc && i < k; i++) {
        bill_row b;
        if ((rc = bill_store_get_money(ctx->db, ids[i], &b, e)))
            break;
        if (!(rc = assess_surcharge(ctx, &p, &b, &s, &rates, e)))
            rc = assess_fee(ctx, &p, &b, &s, e);
    }
    free(rates);
    free(ids);
    return rc;
}

/* Where the rows of key id begin in rows (sorted by key, size bytes each,
 * the key an int64_t first), and how many there are. */
static size_t rows_of_key(const void *rows, size_t n, size_t size, int64_t id, size_t *count)
{
    const char *r = rows;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t v;
        memcpy(&v, r + mid * size, sizeof v);
        if (v < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = lo;
    for (;; k++) {
        int64_t v;
        if (k >= n || (memcpy(&v, r + k * size, sizeof v), v != id))
            break;
    }
    *count = k - lo;
    return lo;
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

int app_late_charge_on_batch_tx(app_ctx *ctx, const payment_row *p, size_t n, err_t *e)
{
    int64_t *pids = calloc(n ? n : 1, sizeof *pids);
    size_t np = 0;
    int rc = pids ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < n; i++)
        if (p[i].id > 0 && strcmp(p[i].status, "posted") == 0 && p[i].amount > 0 && p[i].reverses <= 0)
            pids[np++] = p[i].id;
    /* the pairs (payment, bill it completed late), by payment (ids ascending,
     * so that each statement's rows follow the last's) */
    late_charge_done *done = NULL;
    size_t nd = 0;
    if (!rc && np > 1)
        qsort(pids, np, sizeof *pids, cmp_id);
    if (!rc && np > 0)
        rc = late_charge_store_completed_late_many(ctx->db, pids, np, &done, &nd, e);
    int64_t *bills = nd ? calloc(nd, sizeof *bills) : NULL;
    bill_row *money = nd ? calloc(nd, sizeof *money) : NULL;
    if (!rc && nd > 0 && (!bills || !money))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < nd; i++)
        bills[i] = done[i].bill_id;
    if (!rc && nd > 0)
        rc = bill_store_get_money_many(ctx->db, bills, nd, money, e);
    /* the bills' allocations and letters, read once for all of them, by
     * bill id ascending (each statement's rows come by bill, so the whole
     * list is by bill: rows_of_key finds a bill's rows, in their order) */
    int64_t *sorted = nd ? calloc(nd, sizeof *sorted) : NULL;
    size_t ns = 0;
    if (!rc && nd > 0 && !sorted)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc && nd > 0) {
        memcpy(sorted, bills, nd * sizeof *sorted);
        qsort(sorted, nd, sizeof *sorted, cmp_id);
        for (size_t i = 0; i < nd; i++)
            if (ns == 0 || sorted[ns - 1] != sorted[i])
                sorted[ns++] = sorted[i];
    }
    late_charge_bill_alloc *al = NULL;
    late_charge_bill_letter *lt = NULL;
    size_t nal = 0, nlt = 0;
    if (!rc && ns > 0)
        rc = late_charge_store_allocs_many(ctx->db, sorted, ns, &al, &nal, e);
    if (!rc && ns > 0)
        rc = late_charge_store_letters_many(ctx->db, sorted, ns, &lt, &nlt, e);
    free(sorted);
    late_charge_alloc *a = calloc(nal ? nal : 1, sizeof *a);
    late_charge_letter *L = calloc(nlt ? nlt : 1, sizeof *L);
    if (!rc && (!a || !L))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    lc_settings s;
    surcharge_rates *rates = NULL;
    if (!rc && nd > 0)
        rc = settings(ctx, &s, e);
    /* in the order of the payments, as one by one would */
    for (size_t at = 0; !rc && nd > 0 && at < n; at++) {
        size_t kd = 0;
        size_t fd = p[at].id > 0 ? rows_of_key(done, nd, sizeof *done, p[at].id, &kd) : 0;
        for (size_t i = fd; !rc && i < fd + kd; i++) {
            if (money[i].id != done[i].bill_id) {
                rc = err_set(e, ERR_INTERNAL, NULL, NULL, "late charge: bill %lld not read", (long long)done[i].bill_id);
                break;
            }
            size_t ka = 0, kl = 0;
            size_t fa = rows_of_key(al, nal, sizeof *al, done[i].bill_id, &ka);
            size_t fl = rows_of_key(lt, nlt, sizeof *lt, done[i].bill_id, &kl);
            for (size_t k = 0; k < ka; k++)
                a[k] = al[fa + k].a;
            for (size_t k = 0; k < kl; k++)
                L[k] = lt[fl + k].l;
            if (!(rc = assess_surcharge_on(ctx, &p[at], &money[i], a, ka, &s, &rates, e)))
                rc = assess_fee_on(ctx, &p[at], &money[i], L, kl, &s, e);
        }
    }
    free(rates);
    free(a);
    free(L);
    free(al);
    free(lt);
    free(money);
    free(bills);
    free(done);
    free(pids);
    return rc;
}

int app_late_charge_on_reverse_tx(app_ctx *ctx, int64_t payment_id, int64_t reversal_id, const char *posted_on,
                                  err_t *e)
{
    late_charge_row *c = NULL;
    size_t n = 0;
    int rc = late_charge_store_of_payment(ctx->db, payment_id, &c, &n, e);
    for (size_t i = 0; !rc && i < n; i++)
        if (strcmp(c[i].status, "open") == 0 && c[i].paid_yen == 0)
            rc = late_charge_store_close(ctx->db, c[i].id, "cancelled", "元の入金の取消", ctx->actor.username, e);
    free(c);
    late_charge_pay_row *pr = NULL;
    if (!rc)
        rc = late_charge_store_pays_of_payment(ctx->db, payment_id, &pr, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        late_charge_pay_row r = {.payment_id = reversal_id, .charge_id = pr[i].charge_id, .amount = -pr[i].amount,
                                 .created_at = date_now_unix()};
        str_copy(r.posted_on, sizeof r.posted_on, posted_on);
        if (!(rc = late_charge_store_pay_insert(ctx->db, &r, e)))
            rc = late_charge_store_add_paid(ctx->db, pr[i].charge_id, -pr[i].amount, "open", e);
    }
    free(pr);
    return rc;
}

/* ---- reading ------------------------------------------------------------ */

/* The parts of a surcharge's basis as lines a person reads. */
static void basis_text(const char *basis, char *out, size_t outsz)
{
    out[0] = '\0';
    json_error_t je;
    json_t *root = basis && *basis ? json_loads(basis, 0, &je) : NULL;
    json_t *parts = root ? json_object_get(root, "parts") : NULL;
    buf_t b;
    buf_init(&b, 0);
    for (size_t i = 0; json_is_array(parts) && i < json_array_size(parts); i++) {
        json_t *p = json_array_get(parts, i);
        char base[32], yen[32];
        str_thousands((long long)json_integer_value(json_object_get(p, "base")), base);
        str_thousands((long long)json_integer_value(json_object_get(p, "yen")), yen);
        const char *from = json_string_value(json_object_get(p, "from")), *to = json_string_value(json_object_get(p, "to"));
        const char *rate = json_string_value(json_object_get(p, "rate"));
        buf_printf(&b, "%s%s〜%s：元金 %s 円 × 年 %s%% × %lld 日 ÷ 365 ＝ %s 円", i ? "\n" : "", from ? from : "",
                   to ? to : "", base, rate ? rate : "", (long long)json_integer_value(json_object_get(p, "days")), yen);
    }
    if (!b.failed && b.len < outsz)
        str_copy(out, outsz, buf_cstr(&b));
    buf_free(&b);
    json_decref(root);
}

static void fill(const late_charge_row *r, app_late_charge *o)
{
    memset(o, 0, sizeof *o);
    o->id = r->id;
    o->bill_id = r->bill_id;
    o->letter_id = r->letter_id;
    o->tap_id = r->tap_id;
    o->customer_id = r->customer_id;
    o->amount = r->amount;
    o->paid_yen = r->paid_yen;
    o->open_yen = strcmp(r->status, "open") == 0 ? r->amount - r->paid_yen : 0;
    o->payment_id = r->payment_id;
    str_copy(o->kind, sizeof o->kind, r->kind);
    str_copy(o->kind_label, sizeof o->kind_label, strcmp(r->kind, "fee") == 0 ? "督促手数料" : "延滞金");
    str_copy(o->service, sizeof o->service, r->service);
    str_copy(o->service_label, sizeof o->service_label,
             strcmp(r->service, "water") == 0 ? "水道" : strcmp(r->service, "sewer") == 0 ? "下水道" : "");
    str_copy(o->tap_no, sizeof o->tap_no, r->tap_no);
    str_copy(o->cycle, sizeof o->cycle, r->cycle);
    str_copy(o->assessed_on, sizeof o->assessed_on, r->assessed_on);
    str_copy(o->due_on, sizeof o->due_on, r->due_on);
    str_copy(o->status, sizeof o->status, r->status);
    static const struct { const char *code, *label; } ST[] = {
        {"open", "未納"}, {"paid", "納付済"}, {"waived", "減免"}, {"cancelled", "取消"}};
    for (size_t i = 0; i < sizeof ST / sizeof ST[0]; i++)
        if (strcmp(ST[i].code, r->status) == 0)
            str_copy(o->status_label, sizeof o->status_label, ST[i].label);
    str_copy(o->basis, sizeof o->basis, r->basis);
    basis_text(r->basis, o->basis_text, sizeof o->basis_text);
    str_copy(o->waived_reason, sizeof o->waived_reason, r->waived_reason);
}

int app_late_charge_list(app_ctx *ctx, const char *tap_no, int64_t customer_id, app_late_charge **rows, size_t *n,
                         err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    int64_t tap_id = 0;
    if (tap_no && *tap_no) {
        tap_row *t = malloc(sizeof *t);
        rc = t ? tap_store_get_by_no(ctx->db, tap_no, t, e) : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        tap_id = rc ? 0 : t->id;
        free(t);
        if (rc == ERR_NOTFOUND)
            return err_set(e, ERR_NOTFOUND, NULL, "水栓が見つかりません。", "tap %s", tap_no);
        if (rc)
            return rc;
    }
    late_charge_row *r = NULL;
    size_t k = 0;
    if ((rc = late_charge_store_open(ctx->db, tap_id, customer_id, &r, &k, e)))
        return rc;
    app_late_charge *out = k ? calloc(k, sizeof *out) : NULL;
    if (k && !out) {
        free(r);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++)
        fill(&r[i], &out[i]);
    free(r);
    *rows = out;
    *n = k;
    return 0;
}

static int get_row(app_ctx *ctx, int64_t id, late_charge_row *r, err_t *e)
{
    int rc = late_charge_store_get(ctx->db, id, r, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "延滞金・督促手数料が見つかりません。", "late charge %lld not found",
                       (long long)id);
    return rc;
}

int app_late_charge_get(app_ctx *ctx, int64_t id, app_late_charge *out, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    late_charge_row *r = malloc(sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!(rc = get_row(ctx, id, r, e)))
        fill(r, out);
    free(r);
    return rc;
}

/* ---- paying ------------------------------------------------------------- */

/* amount of payment pid to charge c (its whole open amount or less). */
static int pay_charge(app_ctx *ctx, int64_t pid, const late_charge_row *c, int64_t amount, const char *posted_on,
                      err_t *e)
{
    late_charge_pay_row r = {.payment_id = pid, .charge_id = c->id, .amount = amount, .created_at = date_now_unix()};
    str_copy(r.posted_on, sizeof r.posted_on, posted_on);
    int rc = late_charge_store_pay_insert(ctx->db, &r, e);
    if (!rc)
        rc = late_charge_store_add_paid(ctx->db, c->id, amount, c->paid_yen + amount >= c->amount ? "paid" : "open", e);
    return rc;
}

static void payment_base(app_ctx *ctx, payment_row *p, const char *channel, int64_t tap_id, int64_t customer_id,
                         int64_t amount, const char *paid_on, const char *posted_on, const char *ref)
{
    memset(p, 0, sizeof *p);
    str_copy(p->channel, sizeof p->channel, channel);
    str_copy(p->status, sizeof p->status, "posted");
    p->tap_id = tap_id;
    p->customer_id = customer_id;
    p->amount = amount;
    str_copy(p->paid_on, sizeof p->paid_on, paid_on);
    str_copy(p->posted_on, sizeof p->posted_on, posted_on);
    str_copy(p->ref, sizeof p->ref, ref);
    str_copy(p->created_by, sizeof p->created_by, ctx->actor.username);
    p->created_at = date_now_unix();
}

static void audit_charge(app_ctx *ctx, const late_charge_row *c, int64_t amount, int64_t pid, const char *reason,
                         buf_t *d)
{
    jsonw w;
    jsonw_begin(&w, d);
    jsonw_object(&w);
    jsonw_kv_int(&w, "charge", c->id);
    jsonw_kv_string(&w, "kind", c->kind);
    jsonw_kv_int(&w, "bill", c->bill_id);
    jsonw_kv_int(&w, "amount", amount);
    if (pid)
        jsonw_kv_int(&w, "payment", pid);
    if (reason)
        jsonw_kv_string(&w, "reason", reason);
    jsonw_end_object(&w);
}

int app_late_charge_pay(app_ctx *ctx, int64_t charge_id, int64_t *payment_id, err_t *e)
{
    *payment_id = 0;
    int rc = app_require(ctx, PERM_PAYMENT_POST, e);
    if (rc || (rc = db_begin(ctx->db, e)))
        return rc;
    if ((rc = app_form_claim_tx(ctx, e)) || app_form_replayed(ctx)) {
        *payment_id = app_form_result_id(ctx, "payment");
        return app_tx_end(ctx, rc, e);
    }
    late_charge_row *c = malloc(sizeof *c);
    rc = c ? get_row(ctx, charge_id, c, e) : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc && strcmp(c->status, "open") != 0)
        rc = err_set(e, ERR_CONFLICT, NULL, "この延滞金・督促手数料は未納ではありません（納付済・減免・取消）。",
                     "late charge %lld is %s", (long long)charge_id, c->status);
    char today[11], ref[64];
    date_format_iso(date_today_jst(), today);
    int64_t amount = c && !rc ? c->amount - c->paid_yen : 0;
    payment_row p;
    app_pay_out po;
    memset(&po, 0, sizeof po);
    if (!rc) {
        str_fmt(ref, sizeof ref, "延滞金%lld-%lld", (long long)c->id, (long long)date_now_unix());
        payment_base(ctx, &p, PAY_COUNTER, c->tap_id, c->customer_id, amount, today, today, ref);
        str_fmt(p.note, sizeof p.note, "%s（調定番号 %lld）", strcmp(c->kind, "fee") == 0 ? "督促手数料" : "延滞金",
                (long long)c->bill_id);
        rc = payment_insert(ctx, &p, &po, e);
        if (!rc && po.duplicate)
            rc = err_set(e, ERR_CONFLICT, NULL, "入金を計上できませんでした。もう一度操作してください。",
                         "late charge payment %s exists", ref);
    }
    if (!rc)
        rc = pay_charge(ctx, po.payment_id, c, amount, today, e);
    if (!rc) {
        buf_t d;
        buf_init(&d, 0);
        audit_charge(ctx, c, amount, po.payment_id, NULL, &d);
        char obj[40];
        str_fmt(obj, sizeof obj, "payment:%lld", (long long)po.payment_id);
        rc = app_audit(ctx, "late_charge.pay", obj, buf_cstr(&d), e);
        buf_free(&d);
        if (!rc)
            rc = app_form_done_tx(ctx, obj, e);
    }
    free(c);
    rc = app_tx_end(ctx, rc, e);
    if (!rc)
        *payment_id = po.payment_id;
    return rc;
}

int app_late_charge_waive(app_ctx *ctx, int64_t charge_id, const char *reason, err_t *e)
{
    int rc = app_require(ctx, PERM_APPROVE, e);
    if (rc)
        return rc;
    if (!reason || !*reason)
        return err_field(e, "reason", "減免の理由を入力してください。");
    if (strlen(reason) >= 200)
        return err_field(e, "reason", "減免の理由は60文字程度までで入力してください。");
    if ((rc = validate_visible(reason, "reason", "減免の理由", e)) || (rc = db_begin(ctx->db, e)))
        return rc;
    late_charge_row *c = malloc(sizeof *c);
    rc = c ? get_row(ctx, charge_id, c, e) : err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc)
        rc = late_charge_store_close(ctx->db, charge_id, "waived", reason, ctx->actor.username, e);
    if (!rc) {
        buf_t d;
        buf_init(&d, 0);
        audit_charge(ctx, c, c->amount, 0, reason, &d);
        char obj[40];
        str_fmt(obj, sizeof obj, "late_charge:%lld", (long long)charge_id);
        rc = app_audit(ctx, "late_charge.waive", obj, buf_cstr(&d), e);
        buf_free(&d);
    }
    free(c);
    return app_tx_end(ctx, rc, e);
}

/* Into suspense through the core, with the tap and a detail for the person. */
static int to_suspense(app_ctx *ctx, const app_pay_in *in, const char *tap_no, const char *reason,
                       const char *detail, app_pay_out *out, err_t *e)
{
    app_pay_in s = *in;
    s.bill_id = 0;
    s.tap_no = tap_no;
    s.exact = false;
    s.suspense_reason = reason;
    s.note = detail;
    return app_payment_post_tx(ctx, &s, out, e);
}

/* A letter's slip: the exact current total to its bills and its fee. */
static int post_letter(app_ctx *ctx, int64_t letter_id, const tap_row *t, const app_pay_in *in, app_pay_out *out,
                       err_t *e)
{
    late_charge_letter L;
    int64_t *ids = NULL;
    size_t nb = 0;
    char d[200];
    int rc = late_charge_store_letter(ctx->db, letter_id, &L, &ids, &nb, e);
    if (rc == ERR_NOTFOUND || (!rc && L.tap_id != t->id)) {
        /* no letter of this tap: the core's way, as any reference naming nothing of ours */
        free(ids);
        err_clear(e);
        return app_payment_post_tx(ctx, in, out, e);
    }
    if (rc)
        return rc;
    bill_row *bills = calloc(nb ? nb : 1, sizeof *bills);
    int64_t total = 0, fee_open = L.fee;
    if (!bills)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < nb; i++) {
        if ((rc = bill_store_get_money(ctx->db, ids[i], &bills[i], e)))
            break;
        total += bill_open_balance(bills[i].status, bills[i].total_yen, bills[i].paid_yen);
    }
    late_charge_row *fee = rc ? NULL : malloc(sizeof *fee);
    if (!rc && !fee)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!rc && L.fee > 0) {
        int r2 = late_charge_store_of_letter(ctx->db, letter_id, fee, e);
        if (r2 == 0)
            fee_open = strcmp(fee->status, "open") == 0 ? fee->amount - fee->paid_yen : 0;
        else if (r2 != ERR_NOTFOUND)
            rc = r2;
    }
    total += fee_open;
    if (!rc && (total <= 0 || total != in->amount)) {
        str_fmt(d, sizeof d, "督促状等（通知書番号 %lld）の現在の請求額 %lld 円に対し入金額 %lld 円（差額 %lld 円）。",
                (long long)letter_id, (long long)total, (long long)in->amount, (long long)(in->amount - total));
        rc = to_suspense(ctx, in, t->tap_no, "amount", d, out, e);
    } else if (!rc) {
        payment_row p;
        char today[11];
        date_format_iso(date_today_jst(), today);
        const char *posted = in->posted_on && *in->posted_on ? in->posted_on : today;
        payment_base(ctx, &p, in->channel, L.tap_id, L.customer_id, in->amount, in->paid_on, posted, in->ref);
        p.file_id = in->file_id;
        p.line = in->line;
        str_fmt(p.note, sizeof p.note, "督促状等（通知書番号 %lld）の納付書", (long long)letter_id);
        memset(out, 0, sizeof *out);
        rc = payment_insert(ctx, &p, out, e);
        for (size_t i = 0; !rc && !out->duplicate && i < nb; i++) {
            int64_t bal = bill_open_balance(bills[i].status, bills[i].total_yen, bills[i].paid_yen);
            if (bal > 0 && !(rc = payment_allocate(ctx, out->payment_id, &bills[i], bal, "payment", posted, e)))
                out->allocated += bal;
        }
        /* the bills' late charges (and the letter's fee) are assessed, then the fee paid */
        if (!rc && !out->duplicate)
            rc = app_late_charge_on_payment_tx(ctx, out->payment_id, e);
        if (!rc && !out->duplicate && fee_open > 0) {
            if (!(rc = late_charge_store_of_letter(ctx->db, letter_id, fee, e)))
                rc = pay_charge(ctx, out->payment_id, fee, fee_open, posted, e);
            else if (rc == ERR_NOTFOUND)
                rc = err_set(e, ERR_INTERNAL, NULL, NULL, "letter %lld: fee not assessed", (long long)letter_id);
        }
    }
    free(fee);
    free(bills);
    free(ids);
    return rc;
}

/* A late charge's slip: its open amount, exactly. */
static int post_charge(app_ctx *ctx, int64_t charge_id, const tap_row *t, const app_pay_in *in, app_pay_out *out,
                       err_t *e)
{
    char d[200];
    late_charge_row *c = malloc(sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = late_charge_store_get(ctx->db, charge_id, c, e);
    if (rc == ERR_NOTFOUND || (!rc && c->tap_id != t->id)) {
        /* no charge of this tap: the core's way, as any reference naming nothing of ours */
        err_clear(e);
        rc = app_payment_post_tx(ctx, in, out, e);
    } else if (!rc) {
        int64_t open = strcmp(c->status, "open") == 0 ? c->amount - c->paid_yen : 0;
        if (open <= 0 || open != in->amount) {
            str_fmt(d, sizeof d, "延滞金・督促手数料（番号 %lld）の未納額 %lld 円に対し入金額 %lld 円（差額 %lld 円）。",
                    (long long)charge_id, (long long)open, (long long)in->amount, (long long)(in->amount - open));
            rc = to_suspense(ctx, in, t->tap_no, "amount", d, out, e);
        } else {
            payment_row p;
            char today[11];
            date_format_iso(date_today_jst(), today);
            const char *posted = in->posted_on && *in->posted_on ? in->posted_on : today;
            payment_base(ctx, &p, in->channel, c->tap_id, c->customer_id, in->amount, in->paid_on, posted, in->ref);
            p.file_id = in->file_id;
            p.line = in->line;
            str_fmt(p.note, sizeof p.note, "%s（番号 %lld）の納付書", strcmp(c->kind, "fee") == 0 ? "督促手数料" : "延滞金",
                    (long long)charge_id);
            memset(out, 0, sizeof *out);
            rc = payment_insert(ctx, &p, out, e);
            if (!rc && !out->duplicate)
                rc = pay_charge(ctx, out->payment_id, c, open, posted, e);
        }
    }
    free(c);
    return rc;
}

int app_late_charge_post_slip_tx(app_ctx *ctx, char kind, int64_t id, const char *tap_no, const app_pay_in *in,
                                 app_pay_out *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    tap_row *t = malloc(sizeof *t);
    if (!t)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = tap_store_get_by_no(ctx->db, tap_no, t, e);
    if (rc == ERR_NOTFOUND) {
        /* no such tap: the core's way (suspense through the reference) */
        err_clear(e);
        free(t);
        return app_payment_post_tx(ctx, in, out, e);
    }
    if (!rc) {
        /* a payment seen before is answered as a duplicate, whatever its amount */
        int64_t seen = 0;
        rc = payment_store_exists(ctx->db, in->channel, in->ref, &seen, e);
        if (!rc && seen > 0) {
            out->duplicate = true;
            out->payment_id = seen;
        } else if (!rc) {
            rc = kind == 'l' ? post_letter(ctx, id, t, in, out, e) : post_charge(ctx, id, t, in, out, e);
        }
    }
    free(t);
    return rc;
}

/* ---- the 納付書 of a charge ---------------------------------------------- */

int app_late_charge_slip(app_ctx *ctx, int64_t charge_id, struct app_notice_doc *d, err_t *e)
{
    memset(d, 0, sizeof *d);
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    late_charge_row *c = malloc(sizeof *c);
    if (!c)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if ((rc = get_row(ctx, charge_id, c, e)))
        goto out;
    if (strcmp(c->status, "open") != 0 || c->amount - c->paid_yen <= 0) {
        rc = err_set(e, ERR_CONFLICT, NULL, "未納の延滞金・督促手数料ではないため、納付書は作れません。",
                     "late charge %lld not open", (long long)charge_id);
        goto out;
    }
    d->step = APP_NOTICE_LATE_CHARGE;
    str_copy(d->utility, sizeof d->utility, app_utility_name(ctx));
    str_copy(d->contact, sizeof d->contact, config_get(ctx->env->cfg, "arrears.contact", ""));
    late_charge_addressee a;
    if ((rc = late_charge_store_addressee(ctx->db, c->tap_id, c->customer_id, &a, e))) {
        if (rc == ERR_NOTFOUND)
            rc = err_set(e, ERR_NOTFOUND, NULL, "水栓が見つかりません。", "tap %lld", (long long)c->tap_id);
        goto out;
    }
    app_open_into(ctx, a.name_enc, d->customer, sizeof d->customer);
    app_open_into(ctx, a.postal_enc, d->postal, sizeof d->postal);
    app_open_into(ctx, a.mail_enc, d->mail_address, sizeof d->mail_address);
    app_registry_place_format(ctx, a.area_name, a.address_enc, d->place, sizeof d->place);
    str_copy(d->tap_no, sizeof d->tap_no, a.tap_no);
    late_charge_store_addressee_free(&a);
    date_format_iso(date_today_jst(), d->issued_on);
    str_copy(d->deadline, sizeof d->deadline, c->due_on);
    d->total = c->amount - c->paid_yen;
    d->bills = calloc(1, sizeof *d->bills);
    if (!d->bills) {
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        goto out;
    }
    d->nbills = 1;
    d->bills[0].bill_id = c->bill_id;
    str_copy(d->bills[0].cycle, sizeof d->bills[0].cycle, c->cycle);
    str_copy(d->bills[0].due_on, sizeof d->bills[0].due_on, c->due_on);
    d->bills[0].amount = d->total;
    str_fmt(d->charge_label, sizeof d->charge_label, "%s%s", strcmp(c->kind, "fee") == 0 ? "督促手数料" : "延滞金",
            strcmp(c->service, "sewer") == 0 ? "（下水道）" : strcmp(c->service, "water") == 0 ? "（水道）" : "");
    if (slipcode_payable(d->total)) {
        char ref[32], msg[200];
        str_fmt(ref, sizeof ref, "%.8s8%012lld", d->tap_no, (long long)c->id);
        slipcode_in in = {.company = config_get(ctx->env->cfg, "collection.company_code", "912345"), .reference = ref,
                          .reissue = 0, .due = d->deadline, .amount = d->total};
        if (slipcode_build(&in, d->code, msg, sizeof msg) != 0) {
            rc = err_set(e, ERR_INVALID, "collection.company_code", msg, "late charge slip code: %s", msg);
            goto out;
        }
    }
    char obj[40];
    str_fmt(obj, sizeof obj, "late_charge:%lld", (long long)charge_id);
    app_audit_detail ad;
    app_audit_detail_begin(&ad);
    jsonw_kv_int(&ad.w, "amount", d->total);
    rc = app_audit_now_json(ctx, "late_charge.slip", obj, &ad, e);
out:
    free(c);
    if (rc) {
        free(d->bills);
        d->bills = NULL;
        d->nbills = 0;
    }
    return rc;
}
