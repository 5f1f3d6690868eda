/* late_charge_store — see late_charge_store.h. */
#include "store/arrears/late_charge_store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define LC_COLS                                                                                              \
    "l.id, l.kind, l.service, l.bill_id, l.letter_id, l.tap_id, l.customer_id, l.amount, l.basis,"          \
    " l.assessed_on, l.due_on, l.payment_id, l.paid_yen, l.status, l.waived_reason, l.closed_by,"            \
    " l.created_by, l.created_at, COALESCE(t.tap_no, ''), COALESCE(b.cycle, '')"
#define LC_FROM " FROM late_charges l LEFT JOIN taps t ON t.id = l.tap_id LEFT JOIN bills b ON b.id = l.bill_id"

static void lc_fn(db_stmt *s, void *p)
{
    late_charge_row *r = p;
    r->id = db_col_i64(s, 0);
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 1));
    str_copy(r->service, sizeof r->service, db_col_text(s, 2));
    r->bill_id = db_col_i64(s, 3);
    r->letter_id = db_col_i64(s, 4);
    r->tap_id = db_col_i64(s, 5);
    r->customer_id = db_col_i64(s, 6);
    r->amount = db_col_i64(s, 7);
    str_copy(r->basis, sizeof r->basis, db_col_text(s, 8));
    str_copy(r->assessed_on, sizeof r->assessed_on, db_col_text(s, 9));
    str_copy(r->due_on, sizeof r->due_on, db_col_text(s, 10));
    r->payment_id = db_col_i64(s, 11);
    r->paid_yen = db_col_i64(s, 12);
    str_copy(r->status, sizeof r->status, db_col_text(s, 13));
    str_copy(r->waived_reason, sizeof r->waived_reason, db_col_text(s, 14));
    str_copy(r->closed_by, sizeof r->closed_by, db_col_text(s, 15));
    str_copy(r->created_by, sizeof r->created_by, db_col_text(s, 16));
    r->created_at = db_col_i64(s, 17);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 18));
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, 19));
}

int late_charge_store_insert(db_conn *c, const late_charge_row *r, int64_t *id, err_t *e)
{
    static const char sql[] =
        "INSERT INTO late_charges (kind, service, bill_id, letter_id, tap_id, customer_id, amount, basis,"
        " assessed_on, due_on, payment_id, paid_yen, status, created_by, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, 'open', $12, $13)"
        " ON CONFLICT DO NOTHING RETURNING id";
    *id = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->kind);
    db_bind_text(s, 2, r->service);
    db_bind_i64(s, 3, r->bill_id);
    db_bind_i64(s, 4, r->letter_id);
    db_bind_i64(s, 5, r->tap_id);
    db_bind_i64(s, 6, r->customer_id);
    db_bind_i64(s, 7, r->amount);
    db_bind_text(s, 8, r->basis);
    db_bind_text(s, 9, r->assessed_on);
    db_bind_text(s, 10, r->due_on);
    db_bind_i64(s, 11, r->payment_id);
    db_bind_text(s, 12, r->created_by);
    db_bind_i64(s, 13, r->created_at);
    return db_insert_id(s, id, e);
}

int late_charge_store_get(db_conn *c, int64_t id, late_charge_row *out, err_t *e)
{
    static const char sql[] = "SELECT " LC_COLS LC_FROM " WHERE l.id = $1";
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    memset(out, 0, sizeof *out);
    return db_one(s, lc_fn, out, e);
}

int late_charge_store_of_letter(db_conn *c, int64_t letter_id, late_charge_row *out, err_t *e)
{
    static const char sql[] = "SELECT " LC_COLS LC_FROM " WHERE l.letter_id = $1 AND l.kind = 'fee'"
                              " AND l.status <> 'cancelled'";
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, letter_id);
    memset(out, 0, sizeof *out);
    return db_one(s, lc_fn, out, e);
}

int late_charge_store_open(db_conn *c, int64_t tap_id, int64_t customer_id, late_charge_row **rows, size_t *n,
                           err_t *e)
{
    static const char by_tap[] =
        "SELECT " LC_COLS LC_FROM " WHERE l.tap_id = $1 AND l.status = 'open' ORDER BY l.assessed_on, l.id";
    static const char by_customer[] =
        "SELECT " LC_COLS LC_FROM " WHERE l.customer_id = $1 AND l.status = 'open' ORDER BY l.assessed_on, l.id";
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, tap_id > 0 ? by_tap : by_customer, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id > 0 ? tap_id : customer_id);
    return db_collect(s, lc_fn, sizeof **rows, (void **)rows, n, e);
}

int late_charge_store_of_payment(db_conn *c, int64_t payment_id, late_charge_row **rows, size_t *n, err_t *e)
{
    static const char sql[] = "SELECT " LC_COLS LC_FROM " WHERE l.payment_id = $1 AND l.payment_id > 0 ORDER BY l.id";
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    return db_collect(s, lc_fn, sizeof **rows, (void **)rows, n, e);
}

int late_charge_store_add_paid(db_conn *c, int64_t id, int64_t delta, const char *status, err_t *e)
{
    static const char sql[] = "UPDATE late_charges SET paid_yen = paid_yen + $2, status = $3 WHERE id = $1";
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, delta);
    db_bind_text(s, 3, status);
    return db_exec(s, e);
}

int late_charge_store_close(db_conn *c, int64_t id, const char *status, const char *reason, const char *by,
                            err_t *e)
{
    static const char sql[] = "UPDATE late_charges SET status = $2, waived_reason = $3, closed_by = $4"
                              " WHERE id = $1 AND status = 'open' AND paid_yen = 0";
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, reason ? reason : "");
    db_bind_text(s, 4, by ? by : "");
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) == 0)
        return err_set(e, ERR_CONFLICT, NULL, "この延滞金・督促手数料は未納のものではないため、処理できません。",
                       "late charge %lld not open and unpaid", (long long)id);
    return rc;
}

int late_charge_store_pay_insert(db_conn *c, const late_charge_pay_row *r, err_t *e)
{
    static const char sql[] = "INSERT INTO late_charge_payments (payment_id, charge_id, amount, posted_on, created_at)"
                              " VALUES ($1, $2, $3, $4, $5)";
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, r->payment_id);
    db_bind_i64(s, 2, r->charge_id);
    db_bind_i64(s, 3, r->amount);
    db_bind_text(s, 4, r->posted_on);
    db_bind_i64(s, 5, r->created_at);
    return db_exec(s, e);
}

static void pay_fn(db_stmt *s, void *p)
{
    late_charge_pay_row *r = p;
    r->id = db_col_i64(s, 0);
    r->payment_id = db_col_i64(s, 1);
    r->charge_id = db_col_i64(s, 2);
    r->amount = db_col_i64(s, 3);
    str_copy(r->posted_on, sizeof r->posted_on, db_col_text(s, 4));
    r->created_at = db_col_i64(s, 5);
}

int late_charge_store_pays_of_payment(db_conn *c, int64_t payment_id, late_charge_pay_row **rows, size_t *n,
                                      err_t *e)
{
    static const char sql[] = "SELECT id, payment_id, charge_id, amount, posted_on, created_at"
                              " FROM late_charge_payments WHERE payment_id = $1 ORDER BY id";
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    return db_collect(s, pay_fn, sizeof **rows, (void **)rows, n, e);
}

/* A bill's allocations as the assessment reads them (after the bill's key). */
#define ALLOC_COLS "CASE WHEN a.kind = 'setoff' THEN a.posted_on ELSE p.paid_on END, a.water_yen, a.sewer_yen, a.tax_yen"
#define ALLOC_FROM                                                                                           \
    " FROM allocations a JOIN payments p ON p.id = a.payment_id"                                              \
    " WHERE a.kind <> 'reversal' AND p.reversed_by IS NULL AND p.reverses IS NULL"

/* ALLOC_COLS from column i on. */
static void alloc_at(db_stmt *s, int i, late_charge_alloc *r)
{
    str_copy(r->paid_on, sizeof r->paid_on, db_col_text(s, i));
    r->water = db_col_i64(s, i + 1);
    r->sewer = db_col_i64(s, i + 2);
    r->tax = db_col_i64(s, i + 3);
}

static void alloc_fn(db_stmt *s, void *p)
{
    alloc_at(s, 0, p);
}

int late_charge_store_allocs(db_conn *c, int64_t bill_id, late_charge_alloc **rows, size_t *n, err_t *e)
{
    static const char sql[] = "SELECT " ALLOC_COLS ALLOC_FROM " AND a.bill_id = $1 ORDER BY 1, a.id";
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    return db_collect(s, alloc_fn, sizeof **rows, (void **)rows, n, e);
}

#define LETTER_COLS                                                                                          \
    "l.id, l.tap_id, l.customer_id, l.fee, l.amount,"                                                        \
    " (SELECT MIN(x.bill_id) FROM notices x WHERE x.letter_id = l.id), l.deadline, l.status"

/* The 督促 letters with a fee of the bills m.bill_id. */
#define LETTER_OF_BILL                                                                                       \
    " FROM notices m JOIN notice_letters l ON l.id = m.letter_id WHERE m.step = 'tokusoku' AND l.fee > 0"

static void letter_at(db_stmt *s, int i, late_charge_letter *r);
static void letter_fn(db_stmt *s, void *p)
{
    letter_at(s, 0, p);
}

int late_charge_store_letters_of_bill(db_conn *c, int64_t bill_id, late_charge_letter **rows, size_t *n,
                                      err_t *e)
{
    static const char sql[] = "SELECT " LETTER_COLS LETTER_OF_BILL " AND m.bill_id = $1 ORDER BY l.id";
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    return db_collect(s, letter_fn, sizeof **rows, (void **)rows, n, e);
}

typedef struct id_row { int64_t id; } id_row;
static void id_fn(db_stmt *s, void *p)
{
    ((id_row *)p)->id = db_col_i64(s, 0);
}

/* The ids of a statement's rows (first column) as an int64_t array. */
static int collect_ids(db_stmt *s, int64_t **out, size_t *n, err_t *e)
{
    id_row *ids = NULL;
    size_t k = 0;
    *out = NULL;
    *n = 0;
    int rc = db_collect(s, id_fn, sizeof *ids, (void **)&ids, &k, e);
    if (rc)
        return rc;
    *out = malloc((k ? k : 1) * sizeof **out);
    if (!*out) {
        free(ids);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < k; i++)
        (*out)[i] = ids[i].id;
    *n = k;
    free(ids);
    return 0;
}

/* The bills completed late by the payments a.payment_id. */
#define COMPLETED_LATE                                                                                       \
    " FROM allocations a JOIN payments p ON p.id = a.payment_id"                                              \
    " JOIN bills b ON b.id = a.bill_id LEFT JOIN bill_balances x ON x.bill_id = b.id"                         \
    " WHERE a.kind = 'payment' AND a.amount > 0 AND p.paid_on > b.due_on"                                     \
    " AND b.status = 'current' AND COALESCE(x.paid_yen, 0) >= b.total_yen"

int late_charge_store_completed_late(db_conn *c, int64_t payment_id, int64_t **ids, size_t *n, err_t *e)
{
    static const char sql[] = "SELECT DISTINCT b.id" COMPLETED_LATE " AND a.payment_id = $1 ORDER BY b.id";
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, payment_id);
    return collect_ids(s, ids, n, e);
}

int late_charge_store_letter(db_conn *c, int64_t letter_id, late_charge_letter *out, int64_t **bills, size_t *nb,
                             err_t *e)
{
    static const char sql[] = "SELECT " LETTER_COLS " FROM notice_letters l WHERE l.id = $1";
    static const char sql_bills[] = "SELECT bill_id FROM notices WHERE letter_id = $1 ORDER BY bill_id";
    *bills = NULL;
    *nb = 0;
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, letter_id);
    memset(out, 0, sizeof *out);
    int rc = db_one(s, letter_fn, out, e);
    if (rc)
        return rc;
    if (!(s = db_prepare(c, sql_bills, e)))
        return ERR_DB;
    db_bind_i64(s, 1, letter_id);
    return collect_ids(s, bills, nb, e);
}

static void addressee_fn(db_stmt *s, void *p)
{
    late_charge_addressee *a = p;
    str_copy(a->tap_no, sizeof a->tap_no, db_col_text(s, 0));
    str_copy(a->area_name, sizeof a->area_name, db_col_text(s, 1));
    a->name_enc = strdup(db_col_text(s, 2));
    a->postal_enc = strdup(db_col_text(s, 3));
    a->mail_enc = strdup(db_col_text(s, 4));
    a->address_enc = strdup(db_col_text(s, 5));
}

int late_charge_store_addressee(db_conn *c, int64_t tap_id, int64_t customer_id, late_charge_addressee *out,
                                err_t *e)
{
    static const char sql[] =
        "SELECT t.tap_no, COALESCE(a.name, ''), COALESCE(c.name_enc, ''), COALESCE(c.postal_enc, ''),"
        " COALESCE(c.mail_address_enc, ''), t.address_enc"
        " FROM taps t LEFT JOIN areas a ON a.code = t.area_code LEFT JOIN customers c ON c.id = $2"
        " WHERE t.id = $1";
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, customer_id);
    int rc = db_one(s, addressee_fn, out, e);
    if (!rc && (!out->name_enc || !out->postal_enc || !out->mail_enc || !out->address_enc)) {
        late_charge_store_addressee_free(out);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    return rc;
}

void late_charge_store_addressee_free(late_charge_addressee *a)
{
    free(a->name_enc);
    free(a->postal_enc);
    free(a->mail_enc);
    free(a->address_enc);
    memset(a, 0, sizeof *a);
}

/* ---- many at once: IN lists of LATE_CHARGE_STORE_IN ids ------------------ */

/* The SQL of the _many statements: head, then the IN list, then tail. */
enum { SQL_MANY_DONE, SQL_MANY_ALLOCS, SQL_MANY_LETTERS, SQL_MANY_N };
static const char *const MANY_HEAD[SQL_MANY_N] = {
    "SELECT DISTINCT a.payment_id, b.id" COMPLETED_LATE " AND a.payment_id IN (",
    "SELECT a.bill_id, " ALLOC_COLS ALLOC_FROM " AND a.bill_id IN (",
    "SELECT m.bill_id, " LETTER_COLS LETTER_OF_BILL " AND m.bill_id IN (",
};
static const char *const MANY_TAIL[SQL_MANY_N] = {") ORDER BY 1, 2", ") ORDER BY 1, 2, a.id", ") ORDER BY 1, l.id"};
static char SQL_MANY[SQL_MANY_N][1024 + LATE_CHARGE_STORE_IN * 8];
static pthread_once_t many_once = PTHREAD_ONCE_INIT;

static void build_many(void)
{
    for (int k = 0; k < SQL_MANY_N; k++) {
        buf_t b;
        buf_init(&b, 0);
        buf_puts(&b, MANY_HEAD[k]);
        db_sql_params(&b, 1, LATE_CHARGE_STORE_IN);
        buf_puts(&b, MANY_TAIL[k]);
        str_copy(SQL_MANY[k], sizeof SQL_MANY[k], buf_cstr(&b));
        buf_free(&b);
    }
}

/* Statement k over ids[0..n), LATE_CHARGE_STORE_IN at a time (the rest of
 * the list NULL), each row read by fn into rows of size bytes, appended. */
static int collect_many(db_conn *c, int k, const int64_t *ids, size_t n, db_row_fn fn, size_t size, void **rows,
                        size_t *nrows, err_t *e)
{
    pthread_once(&many_once, build_many);
    *rows = NULL;
    *nrows = 0;
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i += LATE_CHARGE_STORE_IN) {
        db_stmt *s = db_prepare(c, SQL_MANY[k], e);
        if (!s) {
            rc = ERR_DB;
            break;
        }
        for (size_t r = 0; r < LATE_CHARGE_STORE_IN; r++) {
            if (i + r < n)
                db_bind_i64(s, (int)r + 1, ids[i + r]);
            else
                db_bind_null(s, (int)r + 1);
        }
        void *part = NULL;
        size_t np = 0;
        if ((rc = db_collect(s, fn, size, &part, &np, e)))
            break;
        if (np > 0) {
            char *all = realloc(*rows, (*nrows + np) * size);
            if (!all) {
                free(part);
                rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
                break;
            }
            memcpy(all + *nrows * size, part, np * size);
            *rows = all;
            *nrows += np;
        }
        free(part);
    }
    if (rc) {
        free(*rows);
        *rows = NULL;
        *nrows = 0;
    }
    return rc;
}

static void done_fn(db_stmt *s, void *p)
{
    late_charge_done *r = p;
    r->payment_id = db_col_i64(s, 0);
    r->bill_id = db_col_i64(s, 1);
}

int late_charge_store_completed_late_many(db_conn *c, const int64_t *pids, size_t n, late_charge_done **rows,
                                          size_t *nrows, err_t *e)
{
    return collect_many(c, SQL_MANY_DONE, pids, n, done_fn, sizeof **rows, (void **)rows, nrows, e);
}

static void bill_alloc_fn(db_stmt *s, void *p)
{
    late_charge_bill_alloc *r = p;
    r->bill_id = db_col_i64(s, 0);
    alloc_at(s, 1, &r->a);
}

int late_charge_store_allocs_many(db_conn *c, const int64_t *ids, size_t n, late_charge_bill_alloc **rows,
                                  size_t *nrows, err_t *e)
{
    return collect_many(c, SQL_MANY_ALLOCS, ids, n, bill_alloc_fn, sizeof **rows, (void **)rows, nrows, e);
}

/* LETTER_COLS from column i on. */
static void letter_at(db_stmt *s, int i, late_charge_letter *r)
{
    r->id = db_col_i64(s, i);
    r->tap_id = db_col_i64(s, i + 1);
    r->customer_id = db_col_i64(s, i + 2);
    r->fee = db_col_i64(s, i + 3);
    r->amount = db_col_i64(s, i + 4);
    r->first_bill = db_col_i64(s, i + 5);
    str_copy(r->deadline, sizeof r->deadline, db_col_text(s, i + 6));
    str_copy(r->status, sizeof r->status, db_col_text(s, i + 7));
}

static void bill_letter_fn(db_stmt *s, void *p)
{
    late_charge_bill_letter *r = p;
    r->bill_id = db_col_i64(s, 0);
    letter_at(s, 1, &r->l);
}

int late_charge_store_letters_many(db_conn *c, const int64_t *ids, size_t n, late_charge_bill_letter **rows,
                                   size_t *nrows, err_t *e)
{
    return collect_many(c, SQL_MANY_LETTERS, ids, n, bill_letter_fn, sizeof **rows, (void **)rows, nrows, e);
}
