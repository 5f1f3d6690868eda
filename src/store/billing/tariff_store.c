/* tariff_store — see tariff_store.h. */
#include "store/billing/tariff_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static const char SQL_INSERT[] =
    "INSERT INTO tariffs (tariff_id, service, effective_from, name, body, sha256, loaded_by, loaded_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_GET[] =
    "SELECT id, tariff_id, service, effective_from, name, sha256, loaded_by, loaded_at, body"
    " FROM tariffs WHERE tariff_id = $1";
static const char SQL_IN_FORCE[] =
    "SELECT id, tariff_id, service, effective_from, name, sha256, loaded_by, loaded_at, body"
    " FROM tariffs WHERE service = $1 AND effective_from <= $2 ORDER BY effective_from DESC LIMIT 1";
static const char SQL_LIST[] =
    "SELECT id, tariff_id, service, effective_from, name, sha256, loaded_by, loaded_at, ''"
    " FROM tariffs ORDER BY service, effective_from";
static const char SQL_LIST_BODY[] =
    "SELECT id, tariff_id, service, effective_from, name, sha256, loaded_by, loaded_at, body"
    " FROM tariffs ORDER BY service, effective_from";

int tariff_store_insert(db_conn *c, const tariff_row *t, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, t->tariff_id);
    db_bind_text(s, 2, t->service);
    db_bind_text(s, 3, t->effective_from);
    db_bind_text(s, 4, t->name);
    db_bind_text(s, 5, t->body ? t->body : "");
    db_bind_text(s, 6, t->sha256);
    db_bind_text(s, 7, t->loaded_by);
    db_bind_i64(s, 8, t->loaded_at);
    return db_insert_id(s, id_out, e);
}

static void read_row(db_stmt *s, tariff_row *t, bool body)
{
    t->id = db_col_i64(s, 0);
    str_copy(t->tariff_id, sizeof t->tariff_id, db_col_text(s, 1));
    str_copy(t->service, sizeof t->service, db_col_text(s, 2));
    str_copy(t->effective_from, sizeof t->effective_from, db_col_text(s, 3));
    str_copy(t->name, sizeof t->name, db_col_text(s, 4));
    str_copy(t->sha256, sizeof t->sha256, db_col_text(s, 5));
    str_copy(t->loaded_by, sizeof t->loaded_by, db_col_text(s, 6));
    t->loaded_at = db_col_i64(s, 7);
    t->body = body ? strdup(db_col_text(s, 8)) : NULL;
}

static void row_body_fn(db_stmt *s, void *t)
{
    read_row(s, t, true);
}

static void row_fn(db_stmt *s, void *t)
{
    read_row(s, t, false);
}

static int one(db_stmt *s, tariff_row *out, err_t *e)
{
    int rc = db_one(s, row_body_fn, out, e);
    if (!rc && !out->body)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    return rc;
}

int tariff_store_get(db_conn *c, const char *tariff_id, tariff_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, tariff_id);
    return one(s, out, e);
}

int tariff_store_in_force(db_conn *c, const char *service, const char *on, tariff_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_IN_FORCE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, service);
    db_bind_text(s, 2, on);
    return one(s, out, e);
}

int tariff_store_list(db_conn *c, bool with_body, tariff_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, with_body ? SQL_LIST_BODY : SQL_LIST, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, with_body ? row_body_fn : row_fn, sizeof **rows, (void **)rows, n, e);
}

void tariff_store_rows_free(tariff_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].body);
    free(rows);
}
