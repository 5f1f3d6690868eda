/* form_token_store — one-time form tokens (see form_token_store.h). */
#include "store/form_token_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static const char SQL_INSERT[] =
    "INSERT INTO form_tokens (token_hash, session_hash, purpose, created_at) VALUES ($1, $2, $3, $4)";
static const char SQL_CLAIM[] =
    "UPDATE form_tokens SET used_at = $4 WHERE token_hash = $1 AND session_hash = $2 AND purpose = $3"
    " AND used_at IS NULL";
static const char SQL_RESULT[] =
    "SELECT result FROM form_tokens WHERE token_hash = $1 AND session_hash = $2 AND purpose = $3";
static const char SQL_SET_RESULT[] = "UPDATE form_tokens SET result = $2 WHERE token_hash = $1";
static const char SQL_PRUNE[] = "DELETE FROM form_tokens WHERE created_at < $1";

static void bind3(db_stmt *s, const char *token_hash, const char *session_hash, const char *purpose)
{
    db_bind_text(s, 1, token_hash);
    db_bind_text(s, 2, session_hash);
    db_bind_text(s, 3, purpose);
}

int form_token_store_insert(db_conn *c, const char *token_hash, const char *session_hash, const char *purpose,
                            int64_t now, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_INSERT, e);
    if (!s)
        return ERR_DB;
    bind3(s, token_hash, session_hash, purpose);
    db_bind_i64(s, 4, now);
    return db_exec(s, e);
}

int form_token_store_claim(db_conn *c, const char *token_hash, const char *session_hash, const char *purpose,
                           int64_t now, bool *claimed, err_t *e)
{
    *claimed = false;
    db_stmt *s = db_prepare(c, SQL_CLAIM, e);
    if (!s)
        return ERR_DB;
    bind3(s, token_hash, session_hash, purpose);
    db_bind_i64(s, 4, now);
    int rc = db_exec(s, e);
    if (!rc)
        *claimed = db_changes(s) == 1;
    return rc;
}

typedef struct text_out { char *p; size_t n; } text_out;
static void read_text(db_stmt *s, void *row)
{
    text_out *o = row;
    str_copy(o->p, o->n, db_col_text(s, 0));
}

int form_token_store_result(db_conn *c, const char *token_hash, const char *session_hash, const char *purpose,
                            char *out, size_t outsz, err_t *e)
{
    out[0] = '\0';
    db_stmt *s = db_prepare(c, SQL_RESULT, e);
    if (!s)
        return ERR_DB;
    bind3(s, token_hash, session_hash, purpose);
    text_out o = {out, outsz};
    return db_one(s, read_text, &o, e);
}

int form_token_store_set_result(db_conn *c, const char *token_hash, const char *result, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_SET_RESULT, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, token_hash);
    db_bind_text(s, 2, result);
    return db_exec(s, e);
}

int form_token_store_prune(db_conn *c, int64_t before, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_PRUNE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, before);
    return db_exec(s, e);
}

static const char SQL_RESULT_PUT[] =
    "INSERT INTO import_results (file_id, kind, summary, created_at) VALUES ($1, $2, $3, $4)";
static const char SQL_RESULT_GET[] = "SELECT kind, summary FROM import_results WHERE file_id = $1";

int import_result_store_put(db_conn *c, int64_t file_id, const char *kind, const char *summary, int64_t now,
                            err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_RESULT_PUT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, file_id);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, summary);
    db_bind_i64(s, 4, now);
    return db_exec(s, e);
}

typedef struct result_out { char *kind; size_t kindsz; char **summary; } result_out;
static void read_result(db_stmt *s, void *row)
{
    result_out *o = row;
    str_copy(o->kind, o->kindsz, db_col_text(s, 0));
    *o->summary = strdup(db_col_text(s, 1));
}

int import_result_store_get(db_conn *c, int64_t file_id, char *kind, size_t kindsz, char **summary, err_t *e)
{
    *summary = NULL;
    kind[0] = '\0';
    db_stmt *s = db_prepare(c, SQL_RESULT_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, file_id);
    result_out o = {kind, kindsz, summary};
    int rc = db_one(s, read_result, &o, e);
    if (!rc && !*summary)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    return rc;
}

static const char SQL_BATCH_PURGE[] = "DELETE FROM reading_import_results WHERE created_at < $1";
static const char SQL_BATCH_PUT[] =
    "INSERT INTO reading_import_results (batch, summary, created_at) VALUES ($1, $2, $3)";
static const char SQL_BATCH_GET[] = "SELECT '', summary FROM reading_import_results WHERE batch = $1";

int import_result_store_put_batch(db_conn *c, const char *batch, const char *summary, int64_t now, int64_t before,
                                  err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_BATCH_PURGE, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, before);
    int rc = db_exec(s, e);
    if (rc)
        return rc;
    if (!(s = db_prepare(c, SQL_BATCH_PUT, e)))
        return ERR_DB;
    db_bind_text(s, 1, batch);
    db_bind_text(s, 2, summary);
    db_bind_i64(s, 3, now);
    return db_exec(s, e);
}

int import_result_store_get_batch(db_conn *c, const char *batch, char **summary, err_t *e)
{
    *summary = NULL;
    db_stmt *s = db_prepare(c, SQL_BATCH_GET, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, batch);
    char kind[4];
    result_out o = {kind, sizeof kind, summary};
    int rc = db_one(s, read_result, &o, e);
    if (!rc && !*summary)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    return rc;
}
