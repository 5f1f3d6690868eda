/* bill_store — see bill_store.h. */
#include "store/billing/bill_store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define BILL_COLS                                                                                               \
    "b.id, b.tap_id, b.customer_id, b.reading_id, COALESCE(b.run_id, 0), t.tap_no, b.cycle, b.kind, b.status," \
    " COALESCE(b.replaces, 0), b.period_from, b.period_to, b.days, b.months, b.use_code, b.diameter, b.usage,"  \
    " b.estimated, b.sewer_operator, b.sewer_usage, b.water_yen, b.sewer_yen, b.adjust_yen, b.tax_yen,"         \
    " b.total_yen, COALESCE(x.paid_yen, 0), b.water_tariff, b.sewer_tariff, b.issued_on, b.due_on, b.reason,"   \
    " b.created_by, b.created_at, COALESCE(b.cancelled_at, 0), COALESCE(x.pending_yen, 0), COALESCE(x.collect, '')"
/* A bill with its tap number and its balance (bill_balances: no row while
 * nothing is paid or pending). */
#define BILL_FROM " FROM bills b JOIN taps t ON t.id = b.tap_id LEFT JOIN bill_balances x ON x.bill_id = b.id"

static const char SQL_INSERT[] =
    "INSERT INTO bills (tap_id, customer_id, reading_id, run_id, cycle, kind, status, replaces, period_from,"
    " period_to, days, months, use_code, diameter, usage, estimated, sewer_operator, sewer_usage, water_yen,"
    " sewer_yen, adjust_yen, tax_yen, total_yen, water_tariff, sewer_tariff, issued_on, due_on,"
    " reason, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
    " $23, $24, $25, $26, $27, $28, $29, $30) RETURNING id";
/* The charge lines live in bill_lines (one row per bill, written with it):
 * only the reads of one whole bill join them. */
#define LINES_JOIN " LEFT JOIN bill_lines l ON l.bill_id = b.id"
static const char SQL_GET[] = "SELECT " BILL_COLS ", COALESCE(l.lines, '[]')" BILL_FROM LINES_JOIN " WHERE b.id = $1";
static const char SQL_GET_HEAD[] = "SELECT " BILL_COLS ", ''" BILL_FROM " WHERE b.id = $1";
static const char SQL_FOR_READING[] = "SELECT " BILL_COLS ", COALESCE(l.lines, '[]')" BILL_FROM LINES_JOIN
                                      " WHERE b.reading_id = $1 AND b.status = 'current'";
static const char SQL_LINES_PUT[] = "INSERT INTO bill_lines (bill_id, lines) VALUES ($1, $2)";
static const char SQL_LIST_TAP[] = "SELECT " BILL_COLS ", ''" BILL_FROM
                                   " WHERE b.tap_id = $1 ORDER BY b.period_to DESC, b.id DESC LIMIT $2";
static const char SQL_LIST_CYCLE[] = "SELECT " BILL_COLS ", ''" BILL_FROM
                                     " WHERE b.cycle = $1 AND b.status = 'current' ORDER BY t.tap_no";
static const char SQL_LIST_CYCLE_ADDRESSED[] =
    "SELECT " BILL_COLS ", COALESCE(c.name_enc, ''), t.address_enc, COALESCE(a.name, '')" BILL_FROM
    " LEFT JOIN customers c ON c.id = b.customer_id LEFT JOIN areas a ON a.code = t.area_code"
    " WHERE b.cycle = $1 AND b.status = 'current' ORDER BY t.tap_no";
static const char SQL_BALANCE_PUT[] =
    "INSERT INTO bill_balances (bill_id, paid_yen, pending_yen, collect) VALUES ($1, $2, $3, $4)";
static const char SQL_CANCEL[] =
    "UPDATE bills SET status = 'cancelled', cancelled_at = $2 WHERE id = $1 AND status = 'current'";

static const char SQL_TOTALS[] =
    "SELECT COUNT(*), COALESCE(SUM(usage), 0), COALESCE(SUM(water_yen), 0), COALESCE(SUM(sewer_yen), 0),"
    " COALESCE(SUM(adjust_yen), 0), COALESCE(SUM(tax_yen), 0), COALESCE(SUM(total_yen), 0)"
    " FROM bills WHERE cycle = $1 AND status = 'current'";
static const char SQL_DEDUCT_PUT[] =
    "INSERT INTO sewer_deductions (tap_id, cycle, m3, entered_by, created_at) VALUES ($1, $2, $3, $4, $5)"
    " ON CONFLICT (tap_id, cycle) DO UPDATE SET m3 = excluded.m3, entered_by = excluded.entered_by,"
    " created_at = excluded.created_at";

void bill_row_clear(bill_row *b)
{
    free(b->lines);
    b->lines = NULL;
}

void bill_store_rows_free(bill_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        bill_row_clear(&rows[i]);
    free(rows);
}

#define BILL_INSERT_COLS                                                                                       \
    "INSERT INTO bills (tap_id, customer_id, reading_id, run_id, cycle, kind, status, replaces, period_from,"    \
    " period_to, days, months, use_code, diameter, usage, estimated, sewer_operator, sewer_usage, water_yen,"  \
    " sewer_yen, adjust_yen, tax_yen, total_yen, water_tariff, sewer_tariff, issued_on, due_on,"                \
    " reason, created_by, created_at) VALUES "
#define BILL_NCOLS 30

/* The multi-row INSERT, built once (static storage: the statement cache
 * keys on its address). */
static char SQL_INSERT_MANY[sizeof BILL_INSERT_COLS + BILL_STORE_BATCH * BILL_NCOLS * 8 + 16];
static pthread_once_t insert_many_once = PTHREAD_ONCE_INIT;

#define LINES_INSERT_COLS "INSERT INTO bill_lines (bill_id, lines) VALUES "
static char SQL_LINES_PUT_MANY[sizeof LINES_INSERT_COLS + BILL_STORE_BATCH * 2 * 8 + 16];

static void build_insert_many(void)
{
    buf_t b;
    buf_init(&b, 0);
    buf_puts(&b, BILL_INSERT_COLS);
    db_sql_values(&b, 1, BILL_STORE_BATCH, BILL_NCOLS);
    buf_puts(&b, " RETURNING id");
    str_copy(SQL_INSERT_MANY, sizeof SQL_INSERT_MANY, buf_cstr(&b));
    buf_reset(&b);
    buf_puts(&b, LINES_INSERT_COLS);
    db_sql_values(&b, 1, BILL_STORE_BATCH, 2);
    str_copy(SQL_LINES_PUT_MANY, sizeof SQL_LINES_PUT_MANY, buf_cstr(&b));
    buf_free(&b);
}

static const char *lines_of(const bill_row *b)
{
    return b->lines ? b->lines : "[]";
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}


/* ---- open bills (bill_open) ------------------------------------------------
 * bill_open lists the current bills with something left to pay (total above
 * paid), with their due date, cycle and what is owed (total less paid): the
 * debit request and the arrears lists start from it instead of every bill of
 * every year, and the 収納統計 sum it alone.  Every write here that can
 * change a bill's status or paid amount ends with open_sync on its ids,
 * which recomputes their rows from the bill and its balance. */
#define NOT_WRITTEN_OFF " AND NOT EXISTS (SELECT 1 FROM bill_writeoffs w WHERE w.bill_id = b.id)"
/* bill b's paid yen by a look-up (lists of many bills: no hash of every balance) */
#define PAID_OF_B "COALESCE((SELECT x.paid_yen FROM bill_balances x WHERE x.bill_id = b.id), 0)"
#define OPEN_WHERE " AND b.status = 'current' AND b.total_yen > COALESCE(x.paid_yen, 0)" NOT_WRITTEN_OFF
static const char SQL_OPEN_DROP[] = "DELETE FROM bill_open WHERE bill_id = $1";
#define OPEN_COLS "bill_id, due_on, cycle, owed_yen, tap_id, customer_id"
#define OPEN_INSERT                                                                                    \
    "INSERT INTO bill_open (" OPEN_COLS ")"                                                             \
    " SELECT b.id, b.due_on, b.cycle, b.total_yen - COALESCE(x.paid_yen, 0), b.tap_id, b.customer_id"   \
    " FROM bills b LEFT JOIN bill_balances x ON x.bill_id = b.id"
static const char SQL_OPEN_ADD[] = OPEN_INSERT " WHERE b.id = $1" OPEN_WHERE;
/* the same for BILL_STORE_BATCH ids ($1 .. $64), built once, and for
 * OPEN_WIDE ids (payments: bills of an import, one round trip each) */
#define OPEN_WIDE DB_CHUNK_MAX
static char SQL_OPEN_DROP_MANY[128 + BILL_STORE_BATCH * 5];
static char SQL_OPEN_ADD_MANY[704 + BILL_STORE_BATCH * 5];
static char SQL_OPEN_DROP_WIDE[128 + OPEN_WIDE * 5];
static char SQL_OPEN_ADD_WIDE[960 + OPEN_WIDE * 5];
/* bills just inserted, with their due dates, cycles, totals, taps and customers (open_add_fresh) */
static char SQL_OPEN_FRESH_MANY[128 + BILL_STORE_BATCH * 40];
static pthread_once_t open_many_once = PTHREAD_ONCE_INIT;

static void build_open_many(void)
{
    buf_t in;
    buf_init(&in, 0);
    buf_puts(&in, "(");
    db_sql_params(&in, 1, BILL_STORE_BATCH);
    buf_puts(&in, ")");
    str_fmt(SQL_OPEN_DROP_MANY, sizeof SQL_OPEN_DROP_MANY, "DELETE FROM bill_open WHERE bill_id IN %s", buf_cstr(&in));
    str_fmt(SQL_OPEN_ADD_MANY, sizeof SQL_OPEN_ADD_MANY,
            OPEN_INSERT " WHERE b.id IN %s" OPEN_WHERE,
            buf_cstr(&in));
    buf_reset(&in);
    buf_puts(&in, "(");
    db_sql_params(&in, 1, OPEN_WIDE);
    buf_puts(&in, ")");
    str_fmt(SQL_OPEN_DROP_WIDE, sizeof SQL_OPEN_DROP_WIDE, "DELETE FROM bill_open WHERE bill_id IN %s", buf_cstr(&in));
    str_fmt(SQL_OPEN_ADD_WIDE, sizeof SQL_OPEN_ADD_WIDE,
            "INSERT INTO bill_open (" OPEN_COLS ") SELECT b.id, b.due_on, b.cycle, b.total_yen - "
            PAID_OF_B ", b.tap_id, b.customer_id FROM bills b WHERE b.id IN %s AND b.status = 'current' AND b.total_yen > " PAID_OF_B
            NOT_WRITTEN_OFF, buf_cstr(&in));
    buf_reset(&in);
    buf_puts(&in, "INSERT INTO bill_open (" OPEN_COLS ") VALUES ");
    db_sql_values(&in, 1, BILL_STORE_BATCH, 6);
    str_copy(SQL_OPEN_FRESH_MANY, sizeof SQL_OPEN_FRESH_MANY, buf_cstr(&in));
    buf_free(&in);
}

static int open_run(db_conn *c, const char *sql, const int64_t *ids, int n, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    for (int r = 0; r < n; r++)
        db_bind_i64(s, r + 1, ids[r]);
    return db_exec(s, e);
}

/* Recompute bill_open for bills ids[0..n-1] (each at most once); fresh:
 * bills just inserted (BILL_STORE_BATCH a statement), which have no row to
 * drop; else (payments) OPEN_WIDE a statement. */
static int open_sync_as(db_conn *c, const int64_t *ids, size_t n, bool fresh, err_t *e)
{
    pthread_once(&open_many_once, build_open_many);
    size_t w = fresh ? BILL_STORE_BATCH : OPEN_WIDE;
    const char *drop = fresh ? SQL_OPEN_DROP_MANY : SQL_OPEN_DROP_WIDE, *add = fresh ? SQL_OPEN_ADD_MANY : SQL_OPEN_ADD_WIDE;
    int rc = 0;
    for (size_t i = 0, k; !rc && i < n; i += k) {
        k = n - i < w ? n - i : w;
        if (k == 1) {
            if (!fresh)
                rc = open_run(c, SQL_OPEN_DROP, ids + i, 1, e);
            if (!rc)
                rc = open_run(c, SQL_OPEN_ADD, ids + i, 1, e);
            continue;
        }
        /* a short list padded with its last id again (IN takes each bill
         * once, however often named) */
        int64_t pad[OPEN_WIDE];
        for (size_t r = 0; r < w; r++)
            pad[r] = ids[i + (r < k ? r : k - 1)];
        if (!fresh)
            rc = open_run(c, drop, pad, (int)w, e);
        if (!rc)
            rc = open_run(c, add, pad, (int)w, e);
    }
    return rc;
}

/* The bill_open rows of BILL_STORE_BATCH bills just inserted by
 * bill_store_insert_many (ids[k] the id of rows[k]).  Such a bill has no
 * balance and no write-off yet, so it is open when current with a total
 * above zero: when all of them are, their rows are written from the values
 * at hand instead of read back through bills (OPEN_WHERE); else as any. */
static int open_add_fresh(db_conn *c, const int64_t *ids, const bill_row *rows, err_t *e)
{
    for (int r = 0; r < BILL_STORE_BATCH; r++)
        if (strcmp(rows[r].status, "current") != 0 || rows[r].total_yen <= 0)
            return open_sync_as(c, ids, BILL_STORE_BATCH, true, e);
    pthread_once(&open_many_once, build_open_many);
    db_stmt *s = db_prepare(c, SQL_OPEN_FRESH_MANY, e);
    if (!s)
        return ERR_DB;
    for (int r = 0; r < BILL_STORE_BATCH; r++) {
        db_bind_i64(s, 6 * r + 1, ids[r]);
        db_bind_text_kept(s, 6 * r + 2, rows[r].due_on);
        db_bind_text_kept(s, 6 * r + 3, rows[r].cycle);
        db_bind_i64(s, 6 * r + 4, rows[r].total_yen);
        db_bind_i64(s, 6 * r + 5, rows[r].tap_id);
        db_bind_i64(s, 6 * r + 6, rows[r].customer_id);
    }
    return db_exec(s, e);
}

static int open_sync(db_conn *c, const int64_t *ids, size_t n, err_t *e)
{
    return open_sync_as(c, ids, n, false, e);
}

int bill_store_open_resync(db_conn *c, const int64_t *ids, size_t n, err_t *e)
{
    return open_sync(c, ids, n, e);
}

static const char SQL_OPEN_REBUILD[] = OPEN_INSERT " WHERE b.id > 0" OPEN_WHERE;

int bill_store_open_rebuild(db_conn *c, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_OPEN_REBUILD, e);
    return s ? db_exec(s, e) : ERR_DB;
}

int bill_store_open_changed(db_conn *c, err_t *e)
{
    return db_analyze(c, "bill_open", e);
}

/* Bind one bill's 30 values at parameters o+1 .. o+30. */
static void bind_bill(db_stmt *s, int o, const bill_row *b)
{
    db_bind_i64(s, o + 1, b->tap_id);
    db_bind_i64(s, o + 2, b->customer_id);
    db_bind_i64(s, o + 3, b->reading_id);
    db_bind_id_or_null(s, o + 4, b->run_id);
    db_bind_text_kept(s, o + 5, b->cycle);
    db_bind_text_kept(s, o + 6, b->kind);
    db_bind_text_kept(s, o + 7, b->status);
    db_bind_id_or_null(s, o + 8, b->replaces);
    db_bind_text_kept(s, o + 9, b->period_from);
    db_bind_text_kept(s, o + 10, b->period_to);
    db_bind_i64(s, o + 11, b->days);
    db_bind_i64(s, o + 12, b->months);
    db_bind_text_kept(s, o + 13, b->use_code);
    db_bind_i64(s, o + 14, b->diameter);
    db_bind_i64(s, o + 15, b->usage);
    db_bind_i64(s, o + 16, b->estimated);
    db_bind_text_kept(s, o + 17, b->sewer_operator);
    db_bind_i64(s, o + 18, b->sewer_usage);
    db_bind_i64(s, o + 19, b->water_yen);
    db_bind_i64(s, o + 20, b->sewer_yen);
    db_bind_i64(s, o + 21, b->adjust_yen);
    db_bind_i64(s, o + 22, b->tax_yen);
    db_bind_i64(s, o + 23, b->total_yen);
    db_bind_text_kept(s, o + 24, b->water_tariff);
    db_bind_text_kept(s, o + 25, b->sewer_tariff);
    db_bind_text_kept(s, o + 26, b->issued_on);
    db_bind_text_kept(s, o + 27, b->due_on);
    db_bind_text_kept(s, o + 28, b->reason);
    db_bind_text_kept(s, o + 29, b->created_by);
    db_bind_i64(s, o + 30, b->created_at);
}

int bill_store_insert(db_conn *c, const bill_row *b, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    bind_bill(s, 0, b);
    int64_t id = 0;
    int rc = db_insert_id(s, &id, e);
    if (id_out)
        *id_out = id;
    if (!rc) {
        s = db_prepare(c, SQL_LINES_PUT, e);
        if (!s)
            return ERR_DB;
        db_bind_i64(s, 1, id);
        db_bind_text(s, 2, lines_of(b));
        rc = db_exec(s, e);
    }
    if (!rc && (b->paid_yen != 0 || b->pending_yen != 0 || b->collect[0])) {
        /* a replacement carries what was paid on the bill it replaces */
        s = db_prepare(c, SQL_BALANCE_PUT, e);
        if (!s)
            return ERR_DB;
        db_bind_i64(s, 1, id);
        db_bind_i64(s, 2, b->paid_yen);
        db_bind_i64(s, 3, b->pending_yen);
        db_bind_text(s, 4, b->collect);
        rc = db_exec(s, e);
    }
    return rc ? rc : open_sync_as(c, &id, 1, true, e);
}

/* ---- PostgreSQL: the bills by COPY ------------------------------------------
 * A multi-row INSERT of 64 bills is 1,920 parameters the server parses and
 * plans each time; COPY streams the rows.  COPY returns no ids, so the ids
 * are drawn first from the table's sequence in one statement: the same ids,
 * in the same order, as the INSERTs would have taken (rows[k] the k-th). */
static const char SQL_NEXT_IDS[] =
    "SELECT nextval(pg_get_serial_sequence('bills', 'id')) FROM generate_series(1, $1)";

/* The n ids a statement returns (first column), ascending: the order in
 * which the rows took them (one statement, one writer), whatever order they
 * come back in. */
static int take_ids(db_stmt *s, int64_t *ids, size_t n, err_t *e)
{
    size_t got = 0;
    int st;
    while ((st = db_step(s, e)) == DB_ROW)
        if (got < n)
            ids[got++] = db_col_i64(s, 0);
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    if (got != n)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "insert_many: %zu ids for %zu bills", got, n);
    qsort(ids, n, sizeof ids[0], cmp_id);
    return 0;
}

static int next_ids(db_conn *c, int64_t *ids, size_t n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_NEXT_IDS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, (int64_t)n);
    return take_ids(s, ids, n, e);
}

#define BILL_COPY_COLS                                                                                        \
    "id, tap_id, customer_id, reading_id, run_id, cycle, kind, status, replaces, period_from, period_to, days," \
    " months, use_code, diameter, usage, estimated, sewer_operator, sewer_usage, water_yen, sewer_yen,"        \
    " adjust_yen, tax_yen, total_yen, water_tariff, sewer_tariff, issued_on, due_on, reason, created_by,"       \
    " created_at"

/* One bill as COPY's texts (the numbers in num, 24 bytes each). */
static void copy_bill_vals(const bill_row *b, int64_t id, char num[][24], const char *v[BILL_NCOLS + 1])
{
    int k = 0;
#define NUM(x) (str_i64((long long)(x), num[k]))
#define ID_OR_NULL(x) ((x) > 0 ? NUM(x) : NULL)
    v[0] = NUM(id), k++;
    v[1] = NUM(b->tap_id), k++;
    v[2] = NUM(b->customer_id), k++;
    v[3] = NUM(b->reading_id), k++;
    v[4] = ID_OR_NULL(b->run_id), k++;
    v[5] = b->cycle;
    v[6] = b->kind;
    v[7] = b->status;
    v[8] = ID_OR_NULL(b->replaces), k++;
    v[9] = b->period_from;
    v[10] = b->period_to;
    v[11] = NUM(b->days), k++;
    v[12] = NUM(b->months), k++;
    v[13] = b->use_code;
    v[14] = NUM(b->diameter), k++;
    v[15] = NUM(b->usage), k++;
    v[16] = NUM(b->estimated), k++;
    v[17] = b->sewer_operator;
    v[18] = NUM(b->sewer_usage), k++;
    v[19] = NUM(b->water_yen), k++;
    v[20] = NUM(b->sewer_yen), k++;
    v[21] = NUM(b->adjust_yen), k++;
    v[22] = NUM(b->tax_yen), k++;
    v[23] = NUM(b->total_yen), k++;
    v[24] = b->water_tariff;
    v[25] = b->sewer_tariff;
    v[26] = b->issued_on;
    v[27] = b->due_on;
    v[28] = b->reason;
    v[29] = b->created_by;
    v[30] = NUM(b->created_at), k++;
#undef NUM
#undef ID_OR_NULL
}

static bool fresh_open(const bill_row *b)
{
    return strcmp(b->status, "current") == 0 && b->total_yen > 0;
}

/* The bills, their lines and (for those open from the start) their
 * bill_open rows, three COPYs; bills not open from the start have their
 * row computed as any (open_sync_as). */
static int insert_many_copy(db_conn *c, const bill_row *rows, size_t n, err_t *e)
{
    int64_t *ids = malloc(n * sizeof *ids);
    if (!ids)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = next_ids(c, ids, n, e);
    db_copy *cp = NULL;
    char num[BILL_NCOLS + 1][24];
    const char *v[BILL_NCOLS + 1];
    if (!rc)
        rc = db_copy_begin(c, "bills", BILL_COPY_COLS, BILL_NCOLS + 1, &cp, e);
    for (size_t k = 0; !rc && k < n; k++) {
        copy_bill_vals(&rows[k], ids[k], num, v);
        rc = db_copy_row(cp, v, e);
    }
    rc = db_copy_finish(cp, rc, e);
    cp = NULL;
    if (!rc)
        rc = db_copy_begin(c, "bill_lines", "bill_id, lines", 2, &cp, e);
    for (size_t k = 0; !rc && k < n; k++) {
        v[0] = str_i64((long long)ids[k], num[0]);
        v[1] = lines_of(&rows[k]);
        rc = db_copy_row(cp, v, e);
    }
    rc = db_copy_finish(cp, rc, e);
    cp = NULL;
    size_t others = 0;
    if (!rc)
        rc = db_copy_begin(c, "bill_open", OPEN_COLS, 6, &cp, e);
    for (size_t k = 0; !rc && k < n; k++) {
        if (!fresh_open(&rows[k])) {
            ids[others++] = ids[k];   /* k >= others: the ids still to read are ahead */
            continue;
        }
        v[0] = str_i64((long long)ids[k], num[0]);
        v[1] = rows[k].due_on;
        v[2] = rows[k].cycle;
        v[3] = str_i64((long long)rows[k].total_yen, num[3]);   /* nothing paid yet */
        v[4] = str_i64((long long)rows[k].tap_id, num[4]);
        v[5] = str_i64((long long)rows[k].customer_id, num[5]);
        rc = db_copy_row(cp, v, e);
    }
    rc = db_copy_finish(cp, rc, e);
    if (!rc && others)
        rc = open_sync_as(c, ids, others, true, e);
    free(ids);
    return rc;
}

int bill_store_insert_many(db_conn *c, const bill_row *rows, size_t n, err_t *e)
{
    pthread_once(&insert_many_once, build_insert_many);
    for (size_t k = 0; k < n; k++)
        if (rows[k].paid_yen || rows[k].pending_yen || rows[k].collect[0])
            return err_set(e, ERR_INTERNAL, NULL, NULL, "insert_many: bill %zu has a balance (use bill_store_insert)", k);
    if (db_kind(c) == DB_PG && n > 1)
        return insert_many_copy(c, rows, n, e);
    size_t i = 0;
    int rc = 0;
    for (; !rc && n - i >= BILL_STORE_BATCH; i += BILL_STORE_BATCH) {
        db_stmt *s = db_prepare(c, SQL_INSERT_MANY, e);
        if (!s)
            return ERR_DB;
        for (int r = 0; r < BILL_STORE_BATCH; r++)
            bind_bill(s, r * BILL_NCOLS, &rows[i + (size_t)r]);
        int64_t ids[BILL_STORE_BATCH];
        if ((rc = take_ids(s, ids, BILL_STORE_BATCH, e)))
            return rc;
        s = db_prepare(c, SQL_LINES_PUT_MANY, e);
        if (!s)
            return ERR_DB;
        for (int r = 0; r < BILL_STORE_BATCH; r++) {
            db_bind_i64(s, 2 * r + 1, ids[r]);
            db_bind_text_kept(s, 2 * r + 2, lines_of(&rows[i + (size_t)r]));
        }
        rc = db_exec(s, e);
        if (!rc)
            rc = open_add_fresh(c, ids, &rows[i], e);
    }
    for (; !rc && i < n; i++)
        rc = bill_store_insert(c, &rows[i], NULL, e);
    return rc;
}

static void read_bill(db_stmt *s, bill_row *b, bool lines)
{
    int i = 0;
    b->id = db_col_i64(s, i++);
    b->tap_id = db_col_i64(s, i++);
    b->customer_id = db_col_i64(s, i++);
    b->reading_id = db_col_i64(s, i++);
    b->run_id = db_col_i64(s, i++);
    str_copy(b->tap_no, sizeof b->tap_no, db_col_text(s, i++));
    str_copy(b->cycle, sizeof b->cycle, db_col_text(s, i++));
    str_copy(b->kind, sizeof b->kind, db_col_text(s, i++));
    str_copy(b->status, sizeof b->status, db_col_text(s, i++));
    b->replaces = db_col_i64(s, i++);
    str_copy(b->period_from, sizeof b->period_from, db_col_text(s, i++));
    str_copy(b->period_to, sizeof b->period_to, db_col_text(s, i++));
    b->days = db_col_i64(s, i++);
    b->months = db_col_i64(s, i++);
    str_copy(b->use_code, sizeof b->use_code, db_col_text(s, i++));
    b->diameter = db_col_i64(s, i++);
    b->usage = db_col_i64(s, i++);
    b->estimated = db_col_i64(s, i++);
    str_copy(b->sewer_operator, sizeof b->sewer_operator, db_col_text(s, i++));
    b->sewer_usage = db_col_i64(s, i++);
    b->water_yen = db_col_i64(s, i++);
    b->sewer_yen = db_col_i64(s, i++);
    b->adjust_yen = db_col_i64(s, i++);
    b->tax_yen = db_col_i64(s, i++);
    b->total_yen = db_col_i64(s, i++);
    b->paid_yen = db_col_i64(s, i++);
    str_copy(b->water_tariff, sizeof b->water_tariff, db_col_text(s, i++));
    str_copy(b->sewer_tariff, sizeof b->sewer_tariff, db_col_text(s, i++));
    str_copy(b->issued_on, sizeof b->issued_on, db_col_text(s, i++));
    str_copy(b->due_on, sizeof b->due_on, db_col_text(s, i++));
    str_copy(b->reason, sizeof b->reason, db_col_text(s, i++));
    str_copy(b->created_by, sizeof b->created_by, db_col_text(s, i++));
    b->created_at = db_col_i64(s, i++);
    b->cancelled_at = db_col_i64(s, i++);
    b->pending_yen = db_col_i64(s, i++);
    str_copy(b->collect, sizeof b->collect, db_col_text(s, i++));
    b->lines = lines ? strdup(db_col_text(s, i)) : NULL;
}

static void bill_lines_fn(db_stmt *s, void *b)
{
    read_bill(s, b, true);
}

static void bill_fn(db_stmt *s, void *b)
{
    read_bill(s, b, false);
}

static int one_bill(db_stmt *s, bill_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = db_one(s, bill_lines_fn, out, e);
    if (!rc && !out->lines)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    return rc;
}

int bill_store_get(db_conn *c, int64_t id, bill_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    int rc = one_bill(s, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "調定が見つかりません。", "bill %lld not found", (long long)id);
    return rc;
}

static const char SQL_REPLACED_BY[] = "SELECT COALESCE(MAX(id), 0) FROM bills WHERE replaces = $1";

int bill_store_replaced_by(db_conn *c, int64_t id, int64_t *out, err_t *e)
{
    *out = 0;
    db_stmt *s = db_prepare(c, SQL_REPLACED_BY, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_scalar_i64(s, out, e);
}

int bill_store_get_head(db_conn *c, int64_t id, bill_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_GET_HEAD, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    int rc = db_one(s, bill_fn, out, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "調定が見つかりません。", "bill %lld not found", (long long)id);
    return rc;
}

/* whether the bill was written off (不納欠損): its key in bill_writeoffs */
#define MONEY_WRITTEN_OFF "CASE WHEN EXISTS (SELECT 1 FROM bill_writeoffs w WHERE w.bill_id = b.id) THEN 1 ELSE 0 END"
static const char SQL_GET_MONEY[] =
    "SELECT b.id, b.tap_id, b.customer_id, b.status, b.water_yen, b.sewer_yen, b.adjust_yen, b.tax_yen, b.total_yen,"
    " COALESCE(x.paid_yen, 0), b.due_on, " MONEY_WRITTEN_OFF ", b.cycle FROM bills b LEFT JOIN bill_balances x"
    " ON x.bill_id = b.id WHERE b.id = $1";

static void read_money(db_stmt *s, void *row)
{
    bill_row *b = row;
    b->id = db_col_i64(s, 0);
    b->tap_id = db_col_i64(s, 1);
    b->customer_id = db_col_i64(s, 2);
    str_copy(b->status, sizeof b->status, db_col_text(s, 3));
    b->water_yen = db_col_i64(s, 4);
    b->sewer_yen = db_col_i64(s, 5);
    b->adjust_yen = db_col_i64(s, 6);
    b->tax_yen = db_col_i64(s, 7);
    b->total_yen = db_col_i64(s, 8);
    b->paid_yen = db_col_i64(s, 9);
    str_copy(b->due_on, sizeof b->due_on, db_col_text(s, 10));
    b->written_off = db_col_i64(s, 11) != 0;
    str_copy(b->cycle, sizeof b->cycle, db_col_text(s, 12));
}

int bill_store_get_money(db_conn *c, int64_t id, bill_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_GET_MONEY, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_one(s, read_money, out, e);
}

/* The money of up to MONEY_BATCH bills per statement. */
#define MONEY_BATCH BILL_STORE_MONEY_BATCH
static char SQL_GET_MONEY_MANY[MONEY_BATCH * 8 + 512];
static pthread_once_t money_once = PTHREAD_ONCE_INIT;

static void build_money_many(void)
{
    buf_t b;
    buf_init(&b, 0);
    /* the balance by a look-up per bill: for a list of 256 PostgreSQL
     * otherwise hashed every balance of a small city */
    buf_puts(&b, "SELECT b.id, b.tap_id, b.customer_id, b.status, b.water_yen, b.sewer_yen, b.adjust_yen, b.tax_yen,"
                 " b.total_yen, " PAID_OF_B ", b.due_on, " MONEY_WRITTEN_OFF ", b.cycle FROM bills b WHERE b.id IN (");
    db_sql_params(&b, 1, MONEY_BATCH);
    buf_putc(&b, ')');
    str_copy(SQL_GET_MONEY_MANY, sizeof SQL_GET_MONEY_MANY, buf_cstr(&b));
    buf_free(&b);
}

int bill_store_get_money_many(db_conn *c, const int64_t *ids, size_t n, bill_row *out, err_t *e)
{
    pthread_once(&money_once, build_money_many);
    memset(out, 0, n * sizeof *out);
    for (size_t i = 0; i < n; i += MONEY_BATCH) {
        size_t k = n - i < MONEY_BATCH ? n - i : MONEY_BATCH;
        db_stmt *s = db_prepare(c, SQL_GET_MONEY_MANY, e);
        if (!s)
            return ERR_DB;
        for (size_t r = 0; r < MONEY_BATCH; r++) {
            if (r < k)
                db_bind_i64(s, (int)r + 1, ids[i + r]);
            else
                db_bind_null(s, (int)r + 1);
        }
        /* rows come in no set order; an id may be named twice; after a
         * row, the search starts where it was found (ids are mostly in order) */
        int st;
        size_t next = 0;
        while ((st = db_step(s, e)) == DB_ROW) {
            int64_t id = db_col_i64(s, 0);
            for (size_t t = 0; t < k; t++) {
                size_t r = (next + t) % k;
                if (ids[i + r] == id && out[i + r].id == 0) {
                    read_money(s, &out[i + r]);
                    next = r + 1;
                }
            }
        }
        db_done(s);
        if (st == DB_ERROR)
            return ERR_DB;
    }
    return 0;
}

int bill_store_current_for_reading(db_conn *c, int64_t reading_id, bill_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FOR_READING, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, reading_id);
    return one_bill(s, out, e);
}

int bill_store_list_tap(db_conn *c, int64_t tap_id, size_t limit, bill_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_i64(s, 2, (int64_t)limit);
    return db_collect(s, bill_fn, sizeof **rows, (void **)rows, n, e);
}

int bill_store_list_cycle(db_conn *c, const char *cycle, bill_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_CYCLE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    return db_collect(s, bill_fn, sizeof **rows, (void **)rows, n, e);
}

int bill_store_each_cycle_addressed(db_conn *c, const char *cycle, bill_addressed_fn fn, void *arg, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST_CYCLE_ADDRESSED, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    db_stream(s);
    bill_addressed r;
    int st = DB_DONE, rc = 0;
    while (!rc && (st = db_step(s, e)) == DB_ROW) {
        memset(&r, 0, sizeof r);
        read_bill(s, &r.b, false);
        r.name_enc = db_col_text(s, 36);
        r.address_enc = db_col_text(s, 37);
        r.area_name = db_col_text(s, 38);
        rc = fn(&r, arg, e);
    }
    db_done(s);
    return !rc && st == DB_ERROR ? ERR_DB : rc;
}

int bill_store_cancel(db_conn *c, int64_t id, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CANCEL, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, at);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この調定は既に取り消されています。", "bill %lld not current",
                       (long long)id);
    return rc ? rc : open_sync(c, &id, 1, e);
}

static void totals_fn(db_stmt *s, void *p)
{
    bill_totals *t = p;
    t->bills = db_col_i64(s, 0);
    t->usage = db_col_i64(s, 1);
    t->water_yen = db_col_i64(s, 2);
    t->sewer_yen = db_col_i64(s, 3);
    t->adjust_yen = db_col_i64(s, 4);
    t->tax_yen = db_col_i64(s, 5);
    t->total_yen = db_col_i64(s, 6);
}

int bill_store_totals(db_conn *c, const char *cycle, bill_totals *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_TOTALS, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, cycle);
    memset(out, 0, sizeof *out);
    int rc = db_one(s, totals_fn, out, e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

int bill_store_deduction_put(db_conn *c, int64_t tap_id, const char *cycle, int64_t m3, const char *by, int64_t at,
                             err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_DEDUCT_PUT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    db_bind_text(s, 2, cycle);
    db_bind_i64(s, 3, m3);
    db_bind_text(s, 4, by);
    db_bind_i64(s, 5, at);
    return db_exec(s, e);
}

static const char SQL_SLIP_LAST[] =
    "SELECT reissue, due_on FROM slip_reissues WHERE bill_id = $1 ORDER BY reissue DESC LIMIT 1";
static const char SQL_SLIP_ADD[] =
    "INSERT INTO slip_reissues (bill_id, reissue, due_on, amount, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6)";

typedef struct slip_last { int64_t *reissue; char *due_on; } slip_last;

static void slip_last_fn(db_stmt *s, void *p)
{
    slip_last *o = p;
    *o->reissue = db_col_i64(s, 0);
    str_copy(o->due_on, 11, db_col_text(s, 1));
}

int bill_store_slip_last(db_conn *c, int64_t bill_id, int64_t *reissue, char due_on[11], err_t *e)
{
    *reissue = 0;
    due_on[0] = '\0';
    db_stmt *s = db_prepare(c, SQL_SLIP_LAST, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    slip_last o = {reissue, due_on};
    int rc = db_one(s, slip_last_fn, &o, e);
    return rc == ERR_NOTFOUND ? 0 : rc;
}

int bill_store_slip_add(db_conn *c, int64_t bill_id, int64_t reissue, const char *due_on, int64_t amount,
                        const char *by, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SLIP_ADD, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, bill_id);
    db_bind_i64(s, 2, reissue);
    db_bind_text(s, 3, due_on);
    db_bind_i64(s, 4, amount);
    db_bind_text(s, 5, by);
    db_bind_i64(s, 6, at);
    return db_exec(s, e);
}

/* ---- collections: what is paid and pending on a bill ---------------------- */

/* A bill's balance row is made on its first change (the SELECT finds the
 * bill: no row changed when there is none). */
static const char SQL_ADD_PAID[] =
    "INSERT INTO bill_balances (bill_id, paid_yen) SELECT id, $2 FROM bills WHERE id = $1"
    " ON CONFLICT (bill_id) DO UPDATE SET paid_yen = bill_balances.paid_yen + excluded.paid_yen";
static const char SQL_ADD_PENDING[] =
    "INSERT INTO bill_balances (bill_id, pending_yen) SELECT id, $2 FROM bills WHERE id = $1"
    " ON CONFLICT (bill_id) DO UPDATE SET pending_yen = bill_balances.pending_yen + excluded.pending_yen";
static const char SQL_SET_COLLECT[] =
    "INSERT INTO bill_balances (bill_id, collect) SELECT id, $2 FROM bills WHERE id = $1"
    " ON CONFLICT (bill_id) DO UPDATE SET collect = excluded.collect";
static const char SQL_OPEN_TAP[] = "SELECT " BILL_COLS ", ''" BILL_FROM
                                   " WHERE b.tap_id = $1 AND b.status = 'current' AND b.total_yen > COALESCE(x.paid_yen, 0)"
                                   NOT_WRITTEN_OFF " ORDER BY b.due_on, b.id";
static const char SQL_REPLACEMENT[] = "SELECT id FROM bills WHERE replaces = $1 ORDER BY id DESC LIMIT 1";

static int bill_update_i64(db_conn *c, const char *sql, int64_t id, int64_t v, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, v);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_NOTFOUND, NULL, "調定が見つかりません。", "bill %lld not found", (long long)id);
    return rc;
}

int bill_store_add_paid(db_conn *c, int64_t id, int64_t delta, err_t *e)
{
    int rc = bill_update_i64(c, SQL_ADD_PAID, id, delta, e);
    return rc ? rc : open_sync(c, &id, 1, e);
}

int bill_store_add_pending(db_conn *c, int64_t id, int64_t delta, err_t *e)
{
    return bill_update_i64(c, SQL_ADD_PENDING, id, delta, e);
}

int bill_store_set_collect(db_conn *c, int64_t id, const char *collect, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_COLLECT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, collect);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_NOTFOUND, NULL, "調定が見つかりません。", "bill %lld not found", (long long)id);
    return rc;
}

static buf_t collect_bufs[DB_CHUNK_SIZES];
static const char *collect_sql[DB_CHUNK_SIZES];
static pthread_once_t collect_once = PTHREAD_ONCE_INIT;

static void build_collect_many(void)
{
    db_sql_chunks(collect_bufs, collect_sql, "INSERT INTO bill_balances (bill_id, collect) VALUES ", 2,
                  " ON CONFLICT (bill_id) DO UPDATE SET collect = excluded.collect");
}

int bill_store_set_collect_many(db_conn *c, const int64_t *ids, const char *const *collects, size_t n, err_t *e)
{
    pthread_once(&collect_once, build_collect_many);
    for (size_t i = 0, k; i < n; i += k) {
        k = db_chunk(n - i);
        db_stmt *s = db_prepare(c, collect_sql[db_chunk_slot(k)], e);
        if (!s)
            return ERR_DB;
        for (size_t r = 0; r < k; r++) {
            db_bind_i64(s, 2 * (int)r + 1, ids[i + r]);
            db_bind_text(s, 2 * (int)r + 2, collects[i + r]);
        }
        int rc = db_exec(s, e);
        if (rc)
            return rc;
        if (db_changes(s) != (int64_t)k)
            return err_set(e, ERR_NOTFOUND, NULL, "調定が見つかりません。", "set_collect_many: %lld of %zu bills",
                           (long long)db_changes(s), k);
    }
    return 0;
}

int bill_store_open_tap(db_conn *c, int64_t tap_id, bill_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_OPEN_TAP, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, tap_id);
    return db_collect(s, bill_fn, sizeof **rows, (void **)rows, n, e);
}

int bill_store_replacement(db_conn *c, int64_t id, int64_t *next, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REPLACEMENT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    return db_scalar_i64(s, next, e);
}

static const char SQL_CYCLES[] = "SELECT DISTINCT cycle FROM bills WHERE status = 'current'";

static void read_cycle(db_stmt *s, void *row)
{
    *(char **)row = strdup(db_col_text(s, 0));
}

int bill_store_cycles(db_conn *c, char ***cycles, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_CYCLES, e);
    if (!s)
        return ERR_DB;
    int rc = db_collect(s, read_cycle, sizeof **cycles, (void **)cycles, n, e);
    for (size_t i = 0; !rc && i < *n; i++)
        if (!(*cycles)[i])
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    return rc;
}

/* Many bills' paid amounts at once (imports): up to DB_CHUNK_MAX per
 * statement (db_chunk), then their open-list rows OPEN_WIDE per statement.
 * Each bill at most once per call. */
static buf_t add_paid_bufs[DB_CHUNK_SIZES];
static const char *add_paid_sql[DB_CHUNK_SIZES];
static pthread_once_t add_paid_once = PTHREAD_ONCE_INIT;

static void build_add_paid_many(void)
{
    db_sql_chunks(add_paid_bufs, add_paid_sql, "INSERT INTO bill_balances (bill_id, paid_yen) VALUES ", 2,
                  " ON CONFLICT (bill_id) DO UPDATE SET paid_yen = bill_balances.paid_yen + excluded.paid_yen");
}

int bill_store_add_paid_many(db_conn *c, const int64_t *ids, const int64_t *deltas, size_t n, err_t *e)
{
    pthread_once(&add_paid_once, build_add_paid_many);
    int rc = 0;
    for (size_t i = 0, k; !rc && i < n; i += k) {
        k = db_chunk(n - i);
        db_stmt *s = db_prepare(c, add_paid_sql[db_chunk_slot(k)], e);
        if (!s)
            return ERR_DB;
        for (size_t r = 0; r < k; r++) {
            db_bind_i64(s, 2 * (int)r + 1, ids[i + r]);
            db_bind_i64(s, 2 * (int)r + 2, deltas[i + r]);
        }
        rc = db_exec(s, e);
        if (!rc && db_changes(s) != (int64_t)k)
            rc = err_set(e, ERR_NOTFOUND, NULL, "調定が見つかりません。", "add_paid_many: %lld of %zu bills",
                         (long long)db_changes(s), k);
    }
    return rc ? rc : open_sync(c, ids, n, e);
}
