/* import_file_store — see import_file_store.h. */
#include "store/collect/import_file_store.h"

#include <string.h>

#include "base/buf.h"

/* ---- result files -------------------------------------------------------- */

static const char SQL_FILE_FIND[] =
    "SELECT id, records, amount, posted, suspense, imported_at, kind, name, sha256, imported_by"
    " FROM import_files WHERE sha256 = $1";
static const char SQL_FILE_INSERT[] =
    "INSERT INTO import_files (kind, name, sha256, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char SQL_FILE_FINISH[] =
    "UPDATE import_files SET records = $2, amount = $3, posted = $4, suspense = $5 WHERE id = $1";

static void read_file_row(db_stmt *s, void *row)
{
    import_file_row *f = row;
    f->id = db_col_i64(s, 0);
    f->records = db_col_i64(s, 1);
    f->amount = db_col_i64(s, 2);
    f->posted = db_col_i64(s, 3);
    f->suspense = db_col_i64(s, 4);
    f->imported_at = db_col_i64(s, 5);
    str_copy(f->kind, sizeof f->kind, db_col_text(s, 6));
    str_copy(f->name, sizeof f->name, db_col_text(s, 7));
    str_copy(f->sha256, sizeof f->sha256, db_col_text(s, 8));
    str_copy(f->imported_by, sizeof f->imported_by, db_col_text(s, 9));
}

int import_file_store_find(db_conn *c, const char *sha256, import_file_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_FILE_FIND, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, sha256);
    return db_one(s, read_file_row, out, e);
}

int import_file_store_insert(db_conn *c, const import_file_row *f, int64_t *id, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FILE_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, f->kind);
    db_bind_text(s, 2, f->name);
    db_bind_text(s, 3, f->sha256);
    db_bind_text(s, 4, f->imported_by);
    db_bind_i64(s, 5, f->imported_at);
    return db_insert_id(s, id, e);
}

int import_file_store_finish(db_conn *c, int64_t id, int64_t records, int64_t amount, int64_t posted,
                             int64_t suspense, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FILE_FINISH, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, records);
    db_bind_i64(s, 3, amount);
    db_bind_i64(s, 4, posted);
    db_bind_i64(s, 5, suspense);
    return db_exec(s, e);
}
