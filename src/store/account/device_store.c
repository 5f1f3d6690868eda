/* device_store — see device_store.h. */
#include "store/account/device_store.h"

#include "base/buf.h"

#define DEVICE_COLS \
    "id, name, token_hash, created_by, created_at, COALESCE(revoked_at, 0), COALESCE(last_used_at, 0) FROM devices"

static const char SQL_INSERT[] =
    "INSERT INTO devices (name, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
static const char SQL_LIST[] = "SELECT " DEVICE_COLS " ORDER BY id DESC";
static const char SQL_BY_HASH[] = "SELECT " DEVICE_COLS " WHERE token_hash = $1";
static const char SQL_BY_ID[] = "SELECT " DEVICE_COLS " WHERE id = $1";
static const char SQL_REVOKE[] = "UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
/* At most once a minute, so that every API call is not a write. */
static const char SQL_TOUCH[] =
    "UPDATE devices SET last_used_at = $2 WHERE id = $1 AND COALESCE(last_used_at, 0) < CAST($2 AS BIGINT) - 60";

static void read_device(db_stmt *s, void *p)
{
    device_row *d = p;
    d->id = db_col_i64(s, 0);
    str_copy(d->name, sizeof d->name, db_col_text(s, 1));
    str_copy(d->token_hash, sizeof d->token_hash, db_col_text(s, 2));
    str_copy(d->created_by, sizeof d->created_by, db_col_text(s, 3));
    d->created_at = db_col_i64(s, 4);
    d->revoked_at = db_col_i64(s, 5);
    d->last_used_at = db_col_i64(s, 6);
}

int device_store_insert(db_conn *c, const device_row *d, int64_t *id_out, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, d->name);
    db_bind_text(s, 2, d->token_hash);
    db_bind_text(s, 3, d->created_by);
    db_bind_i64(s, 4, d->created_at);
    int rc = db_insert_id(s, id_out, e);
    if (rc == ERR_CONFLICT) {
        str_copy(e->field, sizeof e->field, "name");
        str_copy(e->user, sizeof e->user, "その端末名は既に使われています。別の名前にしてください。");
    }
    return rc;
}

int device_store_list(db_conn *c, device_row **rows, size_t *n, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_LIST, e);
    if (!s)
        return ERR_DB;
    return db_collect(s, read_device, sizeof **rows, (void **)rows, n, e);
}

static int get_one(db_conn *c, const char *sql, const char *text, int64_t id, device_row *out, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    if (text)
        db_bind_text(s, 1, text);
    else
        db_bind_i64(s, 1, id);
    int rc = db_one(s, read_device, out, e);
    return rc == ERR_NOTFOUND ? err_set(e, ERR_NOTFOUND, NULL, "端末が見つかりません。", "device not found") : rc;
}

int device_store_get_by_hash(db_conn *c, const char *token_hash, device_row *out, err_t *e)
{
    return get_one(c, SQL_BY_HASH, token_hash, 0, out, e);
}

int device_store_get(db_conn *c, int64_t id, device_row *out, err_t *e)
{
    return get_one(c, SQL_BY_ID, NULL, id, out, e);
}

int device_store_revoke(db_conn *c, int64_t id, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_REVOKE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, at);
    int rc = db_exec(s, e);
    if (!rc && db_changes(s) != 1)
        return err_set(e, ERR_CONFLICT, NULL, "この端末は既に無効です。", "device %lld already revoked", (long long)id);
    return rc;
}

int device_store_touch(db_conn *c, int64_t id, int64_t at, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_TOUCH, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_i64(s, 2, at);
    return db_exec(s, e);
}
