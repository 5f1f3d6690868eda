/* portal_role_store — see portal_role_store.h.  Role names cannot be bound
 * as parameters in DDL: the statements are composed by PostgreSQL's own
 * format() (%I quotes an identifier, %L a literal) from bound values, then
 * run; the role name is also held to a plain pattern first. */
#include "store/portal_role_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static const char *const READ_COLS[] = {"id", "receipt_no", "secret_hash", "kind", "status", "effective_on",
                                        "reject_reason", "created_at", NULL};
static const db_grant GRANTS[] = {{"applications", READ_COLS, true}};

/* The same columns as READ_COLS and the insert of application_store.c. */
static const char SQL_GRANT_SCRIPT[] =
    "SELECT format("
    "'REVOKE ALL ON ALL TABLES IN SCHEMA %1$I FROM %2$I;"
    " REVOKE ALL ON ALL SEQUENCES IN SCHEMA %1$I FROM %2$I;"
    " REVOKE CREATE ON SCHEMA %1$I FROM %2$I;"
    " GRANT USAGE ON SCHEMA %1$I TO %2$I;"
    " GRANT INSERT (receipt_no, secret_hash, kind, effective_on, payload_sealed, created_at)"
    " ON %1$I.applications TO %2$I;"
    " GRANT SELECT (id, receipt_no, secret_hash, kind, status, effective_on, reject_reason, created_at)"
    " ON %1$I.applications TO %2$I;"
    " GRANT USAGE ON SEQUENCE %3$s TO %2$I;',"
    " current_schema(), $1::text, pg_get_serial_sequence(quote_ident(current_schema()) || '.applications', 'id'))";
static const char SQL_ROLE[] =
    "SELECT CASE WHEN rolsuper OR rolname = current_user THEN 2 ELSE 1 END FROM pg_roles WHERE rolname = $1";
static const char SQL_CREATE[] =
    "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION PASSWORD %L',"
    " $1::text, $2::text)";
static const char SQL_ALTER[] = "SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', $1::text, $2::text)";
/* Anything the role reaches in the schema beyond its grants: another
 * relation, or a privilege on applications other than the granted columns. */
static const char SQL_EXTRA[] =
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p', 'f', 'S')"
    " AND c.oid <> pg_get_serial_sequence(quote_ident(current_schema()) || '.applications', 'id')::regclass"
    " AND (CASE WHEN c.relname = 'applications'"
    "   THEN has_table_privilege($1, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')"
    "     OR has_column_privilege($1, c.oid, 'payload_sealed', 'SELECT')"
    "     OR has_any_column_privilege($1, c.oid, 'UPDATE, REFERENCES')"
    "   WHEN c.relkind = 'S' THEN has_sequence_privilege($1, c.oid, 'USAGE, SELECT, UPDATE')"
    "   ELSE has_any_column_privilege($1, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')"
    "     OR has_table_privilege($1, c.oid, 'DELETE, TRUNCATE, TRIGGER') END)"
    " ORDER BY c.relname LIMIT 1";

int portal_role_restrict(db_conn *c, err_t *e)
{
    return db_restrict(c, GRANTS, sizeof GRANTS / sizeof GRANTS[0], e);
}

static bool plain_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 63 || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* Run a "SELECT format(...)" with role ($1) and extra ($2, may be NULL),
 * then the statement it composed. */
static int run_composed(db_conn *c, const char *sql, const char *role, const char *extra, err_t *e)
{
    db_stmt *s = db_prepare(c, sql, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, role);
    if (extra)
        db_bind_text(s, 2, extra);
    int st = db_step(s, e);
    char *script = st == DB_ROW ? strdup(db_col_text(s, 0)) : NULL;
    db_done(s);
    if (st != DB_ROW)
        return st == DB_ERROR ? ERR_DB : err_set(e, ERR_DB, NULL, NULL, "format() returned no row");
    if (!script)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = db_exec_script(c, script, e);
    size_t len = strlen(script);
    memset(script, 0, len);   /* may hold the password literal */
    free(script);
    return rc;
}

int portal_role_grant(db_conn *c, const char *role, const char *password, bool *created, err_t *e)
{
    *created = false;
    if (db_kind(c) != DB_PG)
        return err_set(e, ERR_INVALID, "db",
                       "ロールの設定は PostgreSQL でのみ行えます（SQLite の分離については docs/portal.md を参照）。",
                       "portal grant needs PostgreSQL");
    if (!plain_name(role))
        return err_set(e, ERR_INVALID, "role", "ロール名は英小文字・数字・_ で63文字以内にしてください（先頭は英小文字か _）。",
                       "bad role name");
    int rc = db_begin(c, e);
    if (rc)
        return rc;
    db_stmt *s = db_prepare(c, SQL_ROLE, e);
    int64_t kind = 0;
    if (!s)
        rc = ERR_DB;
    else {
        db_bind_text(s, 1, role);
        rc = db_scalar_i64(s, &kind, e);
    }
    if (!rc && kind == 2)
        rc = err_set(e, ERR_CONFLICT, "role",
                     "そのロールはスーパーユーザーか、接続中のロールです。ポータル専用の新しいロール名を指定してください。",
                     "role %s is a superuser or the current user", role);
    if (!rc)
        rc = run_composed(c, kind == 0 ? SQL_CREATE : SQL_ALTER, role, password, e);
    if (!rc)
        rc = run_composed(c, SQL_GRANT_SCRIPT, role, NULL, e);
    if (!rc && (s = db_prepare(c, SQL_EXTRA, e)) == NULL)
        rc = ERR_DB;
    if (!rc) {
        db_bind_text(s, 1, role);
        int st = db_step(s, e);
        char extra[128] = "";
        if (st == DB_ROW)
            str_copy(extra, sizeof extra, db_col_text(s, 0));
        db_done(s);
        if (st == DB_ERROR)
            rc = ERR_DB;
        else if (st == DB_ROW)
            rc = err_set(e, ERR_CONFLICT, "role",
                         "ロールが申込み以外のテーブルにも届きます（PUBLIC への権限付与など）。権限を見直してください。",
                         "role %s still reaches %s (a grant to PUBLIC?)", role, extra);
    }
    if (rc) {
        db_rollback(c);
        return rc;
    }
    if ((rc = db_commit(c, e)))
        return rc;
    *created = kind == 0;
    return 0;
}
