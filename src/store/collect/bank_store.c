/* bank_store — banks and bank_branches (see bank_store.h). */
#include "store/collect/bank_store.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "base/buf.h"

static const char SQL_BANK_ALL[] = "SELECT code, name, kana FROM banks ORDER BY code";
static const char SQL_BRANCH_ALL[] = "SELECT bank_code, code, name, kana FROM bank_branches ORDER BY bank_code, code";
static const char SQL_BANK_INS[] = "INSERT INTO banks (code, name, kana, updated_at) VALUES ($1, $2, $3, $4)";
static const char SQL_BANK_UPD[] = "UPDATE banks SET name = $2, kana = $3, updated_at = $4 WHERE code = $1";
static const char SQL_BANK_DEL[] = "DELETE FROM banks WHERE code = $1";
static const char SQL_BRANCH_INS[] = "INSERT INTO bank_branches (bank_code, code, name, kana) VALUES ($1, $2, $3, $4)";
static const char SQL_BRANCH_UPD[] = "UPDATE bank_branches SET name = $3, kana = $4 WHERE bank_code = $1 AND code = $2";
static const char SQL_BRANCH_DEL[] = "DELETE FROM bank_branches WHERE bank_code = $1 AND code = $2";
static const char SQL_BANK_GET[] = "SELECT code, name, kana FROM banks WHERE code = $1";
static const char SQL_BRANCH_GET[] =
    "SELECT bank_code, code, name, kana FROM bank_branches WHERE bank_code = $1 AND code = $2";
static const char SQL_BANK_COUNT[] = "SELECT COUNT(*) FROM banks";
static const char SQL_BRANCH_COUNT[] = "SELECT COUNT(*) FROM bank_branches";

static void read_bank(db_stmt *s, void *row)
{
    bank_row *b = row;
    str_copy(b->code, sizeof b->code, db_col_text(s, 0));
    str_copy(b->name, sizeof b->name, db_col_text(s, 1));
    str_copy(b->kana, sizeof b->kana, db_col_text(s, 2));
}

static void read_branch(db_stmt *s, void *row)
{
    branch_row *b = row;
    str_copy(b->bank_code, sizeof b->bank_code, db_col_text(s, 0));
    str_copy(b->code, sizeof b->code, db_col_text(s, 1));
    str_copy(b->name, sizeof b->name, db_col_text(s, 2));
    str_copy(b->kana, sizeof b->kana, db_col_text(s, 3));
}

int bank_store_list_all(db_conn *c, bank_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BANK_ALL, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_bank, sizeof(bank_row), (void **)rows, n, e);
}

int branch_store_list_all(db_conn *c, branch_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BRANCH_ALL, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_branch, sizeof(branch_row), (void **)rows, n, e);
}

static void bind_bank(db_stmt *s, int at, const void *row, int64_t now)
{
    const bank_row *b = row;
    db_bind_text(s, at + 1, b->code);
    db_bind_text(s, at + 2, b->name);
    db_bind_text(s, at + 3, b->kana);
    db_bind_i64(s, at + 4, now);
}

static void bind_branch(db_stmt *s, int at, const void *row, int64_t now)
{
    (void)now;
    const branch_row *b = row;
    db_bind_text(s, at + 1, b->bank_code);
    db_bind_text(s, at + 2, b->code);
    db_bind_text(s, at + 3, b->name);
    db_bind_text(s, at + 4, b->kana);
}

int bank_store_put(db_conn *c, const bank_row *b, bool insert, int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, insert ? SQL_BANK_INS : SQL_BANK_UPD, e);
    if (!s)
        return ERR_DB;
    bind_bank(s, 0, b, now);
    return db_exec(s, e);
}

/* ---- many rows at once: BANK_STORE_BATCH rows a statement ---- */

static char SQL_BANK_INS_MANY[BANK_STORE_BATCH * 4 * 8 + 128];
static char SQL_BRANCH_INS_MANY[BANK_STORE_BATCH * 4 * 8 + 128];
static pthread_once_t many_once = PTHREAD_ONCE_INIT;

static void build_many_one(char *out, size_t outsz, const char *head)
{
    buf_t b;
    buf_init(&b, 0);
    buf_puts(&b, head);
    db_sql_values(&b, 1, BANK_STORE_BATCH, 4);
    str_copy(out, outsz, buf_cstr(&b));
    buf_free(&b);
}

static void build_many(void)
{
    build_many_one(SQL_BANK_INS_MANY, sizeof SQL_BANK_INS_MANY, "INSERT INTO banks (code, name, kana, updated_at) VALUES ");
    build_many_one(SQL_BRANCH_INS_MANY, sizeof SQL_BRANCH_INS_MANY,
                   "INSERT INTO bank_branches (bank_code, code, name, kana) VALUES ");
}

/* n rows of size bytes each: BANK_STORE_BATCH to a statement (sql_many),
 * the rest one at a time (sql_one). */
static int insert_many(db_conn *c, const char *sql_many, const char *sql_one, const void *rows, size_t size, size_t n,
                       void (*bind)(db_stmt *s, int at, const void *row, int64_t now), int64_t now, err_t *e)
{
    pthread_once(&many_once, build_many);
    const char *at = rows;
    size_t i = 0;
    int rc = 0;
    while (!rc && i < n) {
        bool many = n - i >= BANK_STORE_BATCH;
        db_stmt *s = db_prepare(c, many ? sql_many : sql_one, e);
        if (!s)
            return ERR_DB;
        for (int r = 0; r < (many ? BANK_STORE_BATCH : 1); r++, i++)
            bind(s, r * 4, at + i * size, now);
        rc = db_exec(s, e);
    }
    return rc;
}

int bank_store_insert_many(db_conn *c, const bank_row *rows, size_t n, int64_t now, err_t *e)
{
    return insert_many(c, SQL_BANK_INS_MANY, SQL_BANK_INS, rows, sizeof *rows, n, bind_bank, now, e);
}

int branch_store_insert_many(db_conn *c, const branch_row *rows, size_t n, err_t *e)
{
    return insert_many(c, SQL_BRANCH_INS_MANY, SQL_BRANCH_INS, rows, sizeof *rows, n, bind_branch, 0, e);
}

int bank_store_delete(db_conn *c, const char *code, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BANK_DEL, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, code);
    return db_exec(s, e);
}

int branch_store_put(db_conn *c, const branch_row *b, bool insert, err_t *e)
{
    db_stmt *s = db_prepare(c, insert ? SQL_BRANCH_INS : SQL_BRANCH_UPD, e);
    if (!s)
        return ERR_DB;
    bind_branch(s, 0, b, 0);
    return db_exec(s, e);
}

int branch_store_delete(db_conn *c, const char *bank_code, const char *code, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BRANCH_DEL, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, bank_code);
    db_bind_text(s, 2, code);
    return db_exec(s, e);
}

int bank_store_get(db_conn *c, const char *code, bank_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_BANK_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, code);
    return db_one(s, read_bank, out, e);
}

int branch_store_get(db_conn *c, const char *bank_code, const char *code, branch_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_BRANCH_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, bank_code);
    db_bind_text(s, 2, code);
    return db_one(s, read_branch, out, e);
}

int bank_store_counts(db_conn *c, int64_t *banks, int64_t *branches, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BANK_COUNT, e);
    if (!s)
        return ERR_DB;
    int rc = db_scalar_i64(s, banks, e);
    if (rc)
        return rc;
    s = db_prepare(c, SQL_BRANCH_COUNT, e);
    if (!s)
        return ERR_DB;
    return db_scalar_i64(s, branches, e);
}
