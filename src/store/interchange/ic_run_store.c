/* ic_run_store — import_runs and their report lines (see ic_run_store.h). */
#include "store/interchange/ic_run_store.h"

#include <stdlib.h>
#include <string.h>

#define COLS "id, started_at, finished_at, run_by, kind, source, mapping, result, rows_read, errors, message"

static const char SQL_ADD[] =
    "INSERT INTO import_runs (started_at, finished_at, run_by, kind, source, mapping, result, rows_read, errors, message)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
static const char SQL_ITEM[] =
    "INSERT INTO import_run_items (run_id, seq, section, file, fy, name, legacy, loaded, differs)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char SQL_RECENT[] = "SELECT " COLS " FROM import_runs ORDER BY id DESC LIMIT $1";
static const char SQL_GET[] = "SELECT " COLS " FROM import_runs WHERE id = $1";
static const char SQL_ITEMS[] =
    "SELECT section, file, fy, name, legacy, loaded, differs FROM import_run_items WHERE run_id = $1 ORDER BY seq";

static void read_run(db_stmt *s, void *row)
{
    ic_run_row *r = row;
    memset(r, 0, sizeof *r);
    r->id = db_col_i64(s, 0);
    r->started_at = db_col_i64(s, 1);
    r->finished_at = db_col_i64(s, 2);
    str_copy(r->run_by, sizeof r->run_by, db_col_text(s, 3));
    str_copy(r->kind, sizeof r->kind, db_col_text(s, 4));
    str_copy(r->source, sizeof r->source, db_col_text(s, 5));
    str_copy(r->mapping, sizeof r->mapping, db_col_text(s, 6));
    str_copy(r->result, sizeof r->result, db_col_text(s, 7));
    r->rows_read = db_col_i64(s, 8);
    r->errors = db_col_i64(s, 9);
    str_copy(r->message, sizeof r->message, db_col_text(s, 10));
}

static void read_item(db_stmt *s, void *row)
{
    ic_run_item_row *r = row;
    memset(r, 0, sizeof *r);
    str_copy(r->section, sizeof r->section, db_col_text(s, 0));
    str_copy(r->file, sizeof r->file, db_col_text(s, 1));
    r->fy = db_col_i64(s, 2);
    str_copy(r->name, sizeof r->name, db_col_text(s, 3));
    str_copy(r->legacy, sizeof r->legacy, db_col_text(s, 4));
    str_copy(r->loaded, sizeof r->loaded, db_col_text(s, 5));
    r->differs = db_col_i64(s, 6) != 0;
}

int ic_run_store_add(db_conn *c, const ic_run_row *run, const ic_run_item_row *items, size_t n, int64_t *id,
                     err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_ADD, e);
    if (!s)
        return e->code;
    db_bind_i64(s, 1, run->started_at);
    db_bind_i64(s, 2, run->finished_at);
    db_bind_text(s, 3, run->run_by);
    db_bind_text(s, 4, run->kind);
    db_bind_text(s, 5, run->source);
    db_bind_text(s, 6, run->mapping);
    db_bind_text(s, 7, run->result);
    db_bind_i64(s, 8, run->rows_read);
    db_bind_i64(s, 9, run->errors);
    db_bind_text(s, 10, run->message);
    int rc = db_insert_id(s, id, e);
    for (size_t i = 0; !rc && i < n; i++) {
        s = db_prepare(c, SQL_ITEM, e);
        if (!s)
            return e->code;
        const ic_run_item_row *it = &items[i];
        db_bind_i64(s, 1, *id);
        db_bind_i64(s, 2, (int64_t)i + 1);
        db_bind_text(s, 3, it->section);
        db_bind_text(s, 4, it->file);
        db_bind_i64(s, 5, it->fy);
        db_bind_text(s, 6, it->name);
        db_bind_text(s, 7, it->legacy);
        db_bind_text(s, 8, it->loaded);
        db_bind_i64(s, 9, it->differs);
        rc = db_exec(s, e);
    }
    return rc;
}

int ic_run_store_recent(db_conn *c, int limit, ic_run_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RECENT, e);
    if (!s)
        return e->code;
    db_bind_i64(s, 1, limit);
    void *v = NULL;
    int rc = db_collect(s, read_run, sizeof **rows, &v, n, e);
    *rows = v;
    return rc;
}

int ic_run_store_get(db_conn *c, int64_t id, ic_run_row *run, ic_run_item_row **items, size_t *n, err_t *e)
{
    *items = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return e->code;
    db_bind_i64(s, 1, id);
    int rc = db_one(s, read_run, run, e);
    if (rc == ERR_NOTFOUND)
        return err_set(e, ERR_NOTFOUND, NULL, "移行の記録が見つかりません。", "import run %lld not found", (long long)id);
    if (rc)
        return rc;
    s = db_prepare(c, SQL_ITEMS, e);
    if (!s)
        return e->code;
    db_bind_i64(s, 1, id);
    void *v = NULL;
    rc = db_collect(s, read_item, sizeof **items, &v, n, e);
    *items = v;
    return rc;
}
