/* notice_store — see notice_store.h. */
#include "store/arrears/notice_store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* From bill_open by its due-date index; the notices' unique (bill_id, step)
 * answers both "not yet sent" and "the previous step sent and past".  The
 * CROSS JOIN keeps SQLite on that order (bill_open, then each bill by its
 * key): left free, it preferred the partial index of current bills and read
 * all 790,000 bills of a 120,000-tap city's year, 2.0 s instead of 0.1 s.
 * PostgreSQL plans a CROSS JOIN like any inner join.  A bill under an active
 * instalment pledge (分納誓約) is not dunned while the pledge is kept. */
#define OPEN_AMOUNT "b.total_yen - COALESCE(x.paid_yen, 0) - COALESCE(x.pending_yen, 0)"
#define CAND_WHERE                                                                                        \
    " FROM bill_open o CROSS JOIN bills b LEFT JOIN bill_balances x ON x.bill_id = b.id"                 \
    " WHERE o.due_on <= $1 AND b.id = o.bill_id AND b.status = 'current' AND " OPEN_AMOUNT " > 0"         \
    " AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.bill_id = b.id AND n.step = $2)"                    \
    " AND NOT EXISTS (SELECT 1 FROM pledge_bills pl JOIN pledges pp ON pp.id = pl.pledge_id"              \
    "  WHERE pl.bill_id = b.id AND pp.status = 'active')"                                                 \
    " AND ($3 = '' OR EXISTS (SELECT 1 FROM notices p WHERE p.bill_id = b.id AND p.step = $3"             \
    "  AND p.deadline <= $4))"
static const char SQL_CANDIDATES[] =
    "SELECT b.id, b.tap_id, b.customer_id, b.cycle, b.due_on, " OPEN_AMOUNT CAND_WHERE " ORDER BY o.bill_id";
static const char SQL_COUNT_DUE[] = "SELECT COUNT(*)" CAND_WHERE;

static const char SQL_LETTER_INSERT[] =
    "INSERT INTO notice_letters (run_id, step, customer_id, tap_id, issued_on, deadline, stop_on, bills, amount, fee,"
    " status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
static const char SQL_NOTICE_INSERT[] =
    "INSERT INTO notices (letter_id, run_id, step, bill_id, customer_id, tap_id, issued_on, deadline, amount, status)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
#define LETTER_COLS                                                                                       \
    "l.id, l.run_id, l.step, l.customer_id, l.tap_id, l.issued_on, l.deadline, l.stop_on, l.bills, l.amount," \
    " l.fee, l.status"
static const char SQL_LIST_TAP[] =
    "SELECT " LETTER_COLS " FROM notice_letters l WHERE l.tap_id = $1 ORDER BY l.issued_on DESC, l.id DESC LIMIT $2";
static const char SQL_PRINT_LETTERS[] =
    "SELECT " LETTER_COLS ", t.tap_no, COALESCE(a.name, ''), COALESCE(c.name_enc, ''), COALESCE(c.postal_enc, ''),"
    " COALESCE(c.mail_address_enc, ''), t.address_enc"
    " FROM notice_letters l JOIN taps t ON t.id = l.tap_id LEFT JOIN areas a ON a.code = t.area_code"
    " LEFT JOIN customers c ON c.id = l.customer_id WHERE l.run_id = $1 ORDER BY l.id LIMIT $2 OFFSET $3";
/* the bills of the letters just read: a range of letter ids (notices_letter),
 * whatever the number of runs before */
static const char SQL_PRINT_BILLS[] =
    "SELECT n.letter_id, n.bill_id, b.cycle, b.due_on, n.amount FROM notices n JOIN bills b ON b.id = n.bill_id"
    " WHERE n.letter_id BETWEEN $2 AND $3 AND n.run_id = $1 ORDER BY n.letter_id, b.due_on, n.bill_id";

#define RUN_COLS                                                                                          \
    "id, step, as_of, status, started_by, pid, started_at, heartbeat_at, COALESCE(finished_at, 0),"        \
    " total_letters, done_letters, bills, amount, summary"
static const char SQL_RUN_INSERT[] =
    "INSERT INTO dunning_runs (step, as_of, status, started_by, started_at, heartbeat_at, pid, total_letters)"
    " VALUES ($1, $2, $3, $4, $5, $5, $6, $7) RETURNING id";
static const char SQL_RUN_PROGRESS[] =
    "UPDATE dunning_runs SET done_letters = $2, bills = $3, amount = $4, heartbeat_at = $5 WHERE id = $1";
static const char SQL_RUN_TOTAL[] = "UPDATE dunning_runs SET total_letters = $2, heartbeat_at = $3 WHERE id = $1";
static const char SQL_RUN_FINISH[] =
    "UPDATE dunning_runs SET status = $2, summary = $3, finished_at = $4, heartbeat_at = $4 WHERE id = $1";
static const char SQL_RUN_STATUS[] = "UPDATE dunning_runs SET status = $2 WHERE id = $1";
static const char SQL_RUN_RUNNING[] = "SELECT " RUN_COLS " FROM dunning_runs WHERE status = 'running'";
static const char SQL_RUN_GET[] = "SELECT " RUN_COLS " FROM dunning_runs WHERE id = $1";
static const char SQL_RUN_LIST[] = "SELECT " RUN_COLS " FROM dunning_runs ORDER BY id DESC LIMIT $1";

static void bind_sel(db_stmt *s, const char *step, const char *due_cutoff, const char *prev, const char *prev_cutoff)
{
    db_bind_text(s, 1, due_cutoff);
    db_bind_text(s, 2, step);
    db_bind_text(s, 3, prev ? prev : "");
    db_bind_text(s, 4, prev_cutoff ? prev_cutoff : "");
}

static void cand_fn(db_stmt *s, void *p)
{
    notice_cand *r = p;
    r->bill_id = db_col_i64(s, 0);
    r->tap_id = db_col_i64(s, 1);
    r->customer_id = db_col_i64(s, 2);
    str_copy(r->cycle, sizeof r->cycle, db_col_text(s, 3));
    str_copy(r->due_on, sizeof r->due_on, db_col_text(s, 4));
    r->amount = db_col_i64(s, 5);
}

int notice_store_candidates(db_conn *c, const char *step, const char *due_cutoff, const char *prev,
                            const char *prev_cutoff, notice_cand **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_CANDIDATES, e);
    if (!s)
        return ERR_DB;
    bind_sel(s, step, due_cutoff, prev, prev_cutoff);
    return db_collect(s, cand_fn, sizeof **rows, (void **)rows, n, e);
}

int notice_store_count_due(db_conn *c, const char *step, const char *due_cutoff, const char *prev,
                           const char *prev_cutoff, int64_t *count, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_COUNT_DUE, e);
    if (!s)
        return ERR_DB;
    bind_sel(s, step, due_cutoff, prev, prev_cutoff);
    return db_scalar_i64(s, count, e);
}

int notice_store_letter_insert(db_conn *c, const notice_letter *l, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LETTER_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, l->run_id);
    db_bind_text(s, 2, l->step);
    db_bind_i64(s, 3, l->customer_id);
    db_bind_i64(s, 4, l->tap_id);
    db_bind_text(s, 5, l->issued_on);
    db_bind_text(s, 6, l->deadline);
    db_bind_text(s, 7, l->stop_on);
    db_bind_i64(s, 8, l->bills);
    db_bind_i64(s, 9, l->amount);
    db_bind_i64(s, 10, l->fee);
    db_bind_text(s, 11, l->status);
    return db_insert_id(s, id_out, e);
}

int notice_store_notice_insert(db_conn *c, const notice_letter *l, const notice_cand *b, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_NOTICE_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, l->id);
    db_bind_i64(s, 2, l->run_id);
    db_bind_text(s, 3, l->step);
    db_bind_i64(s, 4, b->bill_id);
    db_bind_i64(s, 5, l->customer_id);
    db_bind_i64(s, 6, l->tap_id);
    db_bind_text(s, 7, l->issued_on);
    db_bind_text(s, 8, l->deadline);
    db_bind_i64(s, 9, b->amount);
    db_bind_text(s, 10, l->status);
    return db_exec(s, e);
}

static void letter_cols(db_stmt *s, notice_letter *l)
{
    int i = 0;
    l->id = db_col_i64(s, i++);
    l->run_id = db_col_i64(s, i++);
    str_copy(l->step, sizeof l->step, db_col_text(s, i++));
    l->customer_id = db_col_i64(s, i++);
    l->tap_id = db_col_i64(s, i++);
    str_copy(l->issued_on, sizeof l->issued_on, db_col_text(s, i++));
    str_copy(l->deadline, sizeof l->deadline, db_col_text(s, i++));
    str_copy(l->stop_on, sizeof l->stop_on, db_col_text(s, i++));
    l->bills = db_col_i64(s, i++);
    l->amount = db_col_i64(s, i++);
    l->fee = db_col_i64(s, i++);
    str_copy(l->status, sizeof l->status, db_col_text(s, i++));
}

static void tap_fn(db_stmt *s, void *p)
{
    notice_tap_row *r = p;
    notice_letter l;
    letter_cols(s, &l);
    r->id = l.id;
    r->run_id = l.run_id;
    str_copy(r->step, sizeof r->step, l.step);
    str_copy(r->issued_on, sizeof r->issued_on, l.issued_on);
    str_copy(r->deadline, sizeof r->deadline, l.deadline);
    str_copy(r->stop_on, sizeof r->stop_on, l.stop_on);
    r->bills = l.bills;
    r->amount = l.amount;
    r->fee = l.fee;
}

int notice_store_list_tap(db_conn *c, int64_t tap_id, size_t limit, notice_tap_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, (int64_t)limit);
    return db_collect(s, tap_fn, sizeof **rows, (void **)rows, n, e);
}

static void print_fn(db_stmt *s, void *p)
{
    notice_print_letter *r = p;
    letter_cols(s, &r->l);
    str_copy(r->tap_no, sizeof r->tap_no, db_col_text(s, 12));
    str_copy(r->area_name, sizeof r->area_name, db_col_text(s, 13));
    r->name_enc = strdup(db_col_text(s, 14));
    r->postal_enc = strdup(db_col_text(s, 15));
    r->mail_enc = strdup(db_col_text(s, 16));
    r->address_enc = strdup(db_col_text(s, 17));
}

typedef struct print_bill_row {
    int64_t letter_id;
    notice_print_bill b;
} print_bill_row;

static void print_bill_fn(db_stmt *s, void *p)
{
    print_bill_row *r = p;
    r->letter_id = db_col_i64(s, 0);
    r->b.bill_id = db_col_i64(s, 1);
    str_copy(r->b.cycle, sizeof r->b.cycle, db_col_text(s, 2));
    str_copy(r->b.due_on, sizeof r->b.due_on, db_col_text(s, 3));
    r->b.amount = db_col_i64(s, 4);
}

void notice_store_print_free(notice_print_letter *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].name_enc);
        free(rows[i].postal_enc);
        free(rows[i].mail_enc);
        free(rows[i].address_enc);
        free(rows[i].bills);
    }
    free(rows);
}

int notice_store_print(db_conn *c, int64_t run_id, size_t first, size_t limit, notice_print_letter **rows,
                       size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_PRINT_LETTERS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, run_id);
    db_bind_i64(s, 2, limit ? (int64_t)limit : INT64_MAX);
    db_bind_i64(s, 3, (int64_t)first);
    int rc = db_collect(s, print_fn, sizeof **rows, (void **)rows, n, e);
    for (size_t i = 0; !rc && i < *n; i++)
        if (!(*rows)[i].name_enc || !(*rows)[i].postal_enc || !(*rows)[i].mail_enc || !(*rows)[i].address_enc)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    print_bill_row *b = NULL;
    size_t nb = 0;
    if (!rc && !(s = db_prepare(c, SQL_PRINT_BILLS, e)))
        rc = ERR_DB;
    if (!rc) {
        db_bind_i64(s, 1, run_id);
        db_bind_i64(s, 2, *n ? (*rows)[0].l.id : 0);
        db_bind_i64(s, 3, *n ? (*rows)[*n - 1].l.id : -1);
        rc = db_collect(s, print_bill_fn, sizeof *b, (void **)&b, &nb, e);
    }
    /* both ordered by letter id: hand each letter its run of bills */
    size_t j = 0;
    for (size_t i = 0; !rc && i < *n; i++) {
        notice_print_letter *l = &(*rows)[i];
        while (j < nb && b[j].letter_id < l->l.id)
            j++;
        size_t k = j;
        while (k < nb && b[k].letter_id == l->l.id)
            k++;
        l->bills = k > j ? malloc((k - j) * sizeof *l->bills) : NULL;
        if (k > j && !l->bills) {
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
            break;
        }
        for (size_t m = j; m < k; m++)
            l->bills[m - j] = b[m].b;
        l->nbills = k - j;
        j = k;
    }
    free(b);
    if (rc) {
        notice_store_print_free(*rows, *n);
        *rows = NULL;
        *n = 0;
    }
    return rc;
}

/* ---- runs ---------------------------------------------------------------- */

int dunning_run_insert(db_conn *c, const dunning_run_row *r, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, r->step);
    db_bind_text(s, 2, r->as_of);
    db_bind_text(s, 3, r->status);
    db_bind_text(s, 4, r->started_by);
    db_bind_i64(s, 5, r->started_at);
    db_bind_i64(s, 6, r->pid);
    db_bind_i64(s, 7, r->total_letters);
    return db_insert_id(s, id_out, e);
}

int dunning_run_progress(db_conn *c, int64_t id, int64_t done, int64_t bills, int64_t amount, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_PROGRESS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, done);
    db_bind_i64(s, 3, bills);
    db_bind_i64(s, 4, amount);
    db_bind_i64(s, 5, at);
    return db_exec(s, e);
}

int dunning_run_total(db_conn *c, int64_t id, int64_t total_letters, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_TOTAL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, total_letters);
    db_bind_i64(s, 3, at);
    return db_exec(s, e);
}

int dunning_run_finish(db_conn *c, int64_t id, const char *status, const char *summary, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_FINISH, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, summary ? summary : "");
    db_bind_i64(s, 4, at);
    return db_exec(s, e);
}

int dunning_run_set_status(db_conn *c, int64_t id, const char *status, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    return db_exec(s, e);
}

static void run_fn(db_stmt *s, void *p)
{
    dunning_run_row *r = p;
    int i = 0;
    r->id = db_col_i64(s, i++);
    str_copy(r->step, sizeof r->step, db_col_text(s, i++));
    str_copy(r->as_of, sizeof r->as_of, db_col_text(s, i++));
    str_copy(r->status, sizeof r->status, db_col_text(s, i++));
    str_copy(r->started_by, sizeof r->started_by, db_col_text(s, i++));
    r->pid = db_col_i64(s, i++);
    r->started_at = db_col_i64(s, i++);
    r->heartbeat_at = db_col_i64(s, i++);
    r->finished_at = db_col_i64(s, i++);
    r->total_letters = db_col_i64(s, i++);
    r->done_letters = db_col_i64(s, i++);
    r->bills = db_col_i64(s, i++);
    r->amount = db_col_i64(s, i++);
    r->summary = strdup(db_col_text(s, i));
}

int dunning_run_get(db_conn *c, int64_t id, dunning_run_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    memset(out, 0, sizeof *out);
    int rc = db_one(s, run_fn, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "督促処理が見つかりません。", "dunning run %lld not found", (long long)id);
    return rc;
}

int dunning_run_list(db_conn *c, size_t limit, dunning_run_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_LIST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, (int64_t)limit);
    return db_collect(s, run_fn, sizeof **rows, (void **)rows, n, e);
}

int dunning_run_list_running(db_conn *c, dunning_run_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RUN_RUNNING, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, run_fn, sizeof **rows, (void **)rows, n, e);
}

void dunning_run_rows_free(dunning_run_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].summary);
    free(rows);
}
