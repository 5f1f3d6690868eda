/* backup_store — tables, integrity and a sealed sample for backups (see
 * backup_store.h). */
#include "store/backup_store.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_TABLES[] =
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
static const char SQL_INTEGRITY[] = "PRAGMA integrity_check";
static const char SQL_SEALED[] =
    "SELECT detail_enc FROM audit_log WHERE detail_enc <> '' ORDER BY seq DESC LIMIT 1";

static void read_name(db_stmt *s, void *row)
{
    str_copy(row, BACKUP_TABLE_MAX, db_col_text(s, 0));
}

int backup_store_tables(db_conn *c, char (**names)[BACKUP_TABLE_MAX], size_t *n, err_t *e)
{
    *names = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_TABLES, e);
    if (!s)
        return e->code;
    void *rows = NULL;
    int rc = db_collect(s, read_name, BACKUP_TABLE_MAX, &rows, n, e);
    *names = rows;
    return rc;
}

int backup_store_integrity(db_conn *c, char *out, size_t outsz, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INTEGRITY, e);
    if (!s)
        return e->code;
    int rc = db_step(s, e);
    if (rc == DB_ROW)
        str_copy(out, outsz, db_col_text(s, 0));
    else if (rc == DB_DONE)
        str_copy(out, outsz, "no answer");
    db_done(s);
    return rc == DB_ERROR ? e->code : 0;
}

static void read_text(db_stmt *s, void *row)
{
    buf_t *b = row;
    buf_puts(b, db_col_text(s, 0));
}

int backup_store_sealed_sample(db_conn *c, char *out, size_t outsz, err_t *e)
{
    out[0] = '\0';
    db_stmt *s = db_prepare(c, SQL_SEALED, e);
    if (!s)
        return e->code;
    buf_t b;
    buf_init(&b, 0);
    int rc = db_one(s, read_text, &b, e);
    if (rc == ERR_NOTFOUND)
        rc = 0;
    if (!rc && b.len && !str_copy(out, outsz, buf_cstr(&b)))
        out[0] = '\0';
    buf_free(&b);
    return rc;
}
