/* flash_store — see flash_store.h. */
#include "store/collect/flash_store.h"

#include <string.h>

#include "base/buf.h"
#include "base/date.h"

/* ---- flash reports ------------------------------------------------------- */

static const char SQL_FLASH_INSERT[] =
    "INSERT INTO payment_flashes (channel, ref, bill_id, amount, paid_on, status, file_id, created_at)"
    " VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)";
static const char SQL_FLASH_FIND[] =
    "SELECT id, COALESCE(bill_id, 0), amount, COALESCE(file_id, 0), channel, ref, paid_on, status"
    " FROM payment_flashes WHERE channel = $1 AND ref = $2";
static const char SQL_FLASH_STATUS[] = "UPDATE payment_flashes SET status = $2 WHERE id = $1";

int flash_store_insert(db_conn *c, const flash_row *f, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FLASH_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, f->channel);
    db_bind_text(s, 2, f->ref);
    db_bind_id_or_null(s, 3, f->bill_id);
    db_bind_i64(s, 4, f->amount);
    db_bind_text(s, 5, f->paid_on);
    db_bind_id_or_null(s, 6, f->file_id);
    db_bind_i64(s, 7, date_now_unix());
    return db_exec(s, e);
}

static void read_flash(db_stmt *s, void *row)
{
    flash_row *f = row;
    f->id = db_col_i64(s, 0);
    f->bill_id = db_col_i64(s, 1);
    f->amount = db_col_i64(s, 2);
    f->file_id = db_col_i64(s, 3);
    str_copy(f->channel, sizeof f->channel, db_col_text(s, 4));
    str_copy(f->ref, sizeof f->ref, db_col_text(s, 5));
    str_copy(f->paid_on, sizeof f->paid_on, db_col_text(s, 6));
    str_copy(f->status, sizeof f->status, db_col_text(s, 7));
}

int flash_store_find(db_conn *c, const char *channel, const char *ref, flash_row *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(c, SQL_FLASH_FIND, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, channel);
    db_bind_text(s, 2, ref);
    return db_one(s, read_flash, out, e);
}

int flash_store_set_status(db_conn *c, int64_t id, const char *status, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_FLASH_STATUS, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, id);
    db_bind_text(s, 2, status);
    return db_exec(s, e);
}
