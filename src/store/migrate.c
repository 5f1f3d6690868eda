/* migrate — applies the schema's numbered migrations (store/migrations.c)
 * to a database (see migrate.h): "@ID@" in their SQL becomes the engine's
 * auto-increment key, "@KEY@" a 64-bit integer key. */
#include "store/migrate.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "store/migrations.h"

int migrate_latest(void)
{
    return migrate_list[migrate_count - 1].version;
}

static const char SQL_CREATE_META[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
static const char SQL_CURRENT[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_HAS[] = "SELECT 1 FROM schema_migrations WHERE version = $1";
static const char SQL_APPLIED[] = "SELECT version FROM schema_migrations";
static const char SQL_RECORD[] = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";

static const char SQL_HAS_META_SQLITE[] =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
static const char SQL_HAS_META_PG[] =
    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    " AND table_name = 'schema_migrations'";

/* Read-only: a database without the table is at version 0. */
int migrate_current(db_conn *c, int *version, err_t *e)
{
    *version = 0;
    db_stmt *s = db_prepare(c, db_kind(c) == DB_SQLITE ? SQL_HAS_META_SQLITE : SQL_HAS_META_PG, e);
    int64_t has = 0;
    if (!s || db_scalar_i64(s, &has, e))
        return ERR_DB;
    if (!has)
        return 0;
    s = db_prepare(c, SQL_CURRENT, e);
    if (!s)
        return ERR_DB;
    int st = db_step(s, e);
    *version = st == DB_ROW ? (int)db_col_i64(s, 0) : 0;
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

/* Replace @ID@ by the engine's auto-increment key, and @KEY@ by a 64-bit
 * key given by the row (SQLite: the rowid itself). */
static char *expand(const char *sql, int kind)
{
    const char *id = kind == DB_SQLITE ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
    const char *key = kind == DB_SQLITE ? "INTEGER PRIMARY KEY" : "BIGINT PRIMARY KEY";
    buf_t b;
    buf_init(&b, 0);
    const char *p = sql;
    for (;;) {
        const char *hi = strstr(p, "@ID@"), *hk = strstr(p, "@KEY@");
        const char *hit = hi && (!hk || hi < hk) ? hi : hk;
        if (!hit)
            break;
        buf_append(&b, p, (size_t)(hit - p));
        buf_puts(&b, hit == hi ? id : key);
        p = hit + (hit == hi ? 4 : 5);
    }
    buf_puts(&b, p);
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b, NULL);
}

static int apply_one(db_conn *c, const migration *m, bool *did, err_t *e)
{
    *did = false;
    int rc = db_begin(c, e);
    if (rc)
        return rc;
    /* Re-check inside the write transaction: another process may have won. */
    db_stmt *s = db_prepare(c, SQL_HAS, e);
    if (!s) {
        db_rollback(c);
        return ERR_DB;
    }
    db_bind_i64(s, 1, m->version);
    int st = db_step(s, e);
    db_done(s);
    if (st == DB_ERROR) {
        db_rollback(c);
        return ERR_DB;
    }
    if (st == DB_ROW) {
        db_rollback(c);
        return 0;
    }
    char *sql = expand(m->sql, db_kind(c));
    if (!sql) {
        db_rollback(c);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    rc = *sql ? db_exec_script(c, sql, e) : 0;
    free(sql);
    for (int i = 0; !rc && db_kind(c) == DB_PG && i < migrate_pg_count; i++)
        if (migrate_pg_list[i].version == m->version)
            rc = db_exec_script(c, migrate_pg_list[i].sql, e);
    if (!rc) {
        s = db_prepare(c, SQL_RECORD, e);
        if (!s)
            rc = ERR_DB;
        else {
            db_bind_i64(s, 1, m->version);
            db_bind_text(s, 2, m->name);
            db_bind_i64(s, 3, date_now_unix());
            rc = db_exec(s, e);
        }
    }
    if (rc) {
        db_rollback(c);
        return rc;
    }
    rc = db_commit(c, e);
    if (!rc)
        *did = true;
    return rc;
}

/* done[v] for every version recorded (v < nv). */
static int applied_versions(db_conn *c, bool *done, int nv, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_APPLIED, e);
    if (!s)
        return ERR_DB;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        int64_t v = db_col_i64(s, 0);
        if (v >= 0 && v < nv)
            done[v] = true;
    }
    db_done(s);
    return st == DB_ERROR ? ERR_DB : 0;
}

int migrate_apply(db_conn *c, int *applied, err_t *e)
{
    int n = 0, cur = 0, nv = 0;
    for (int i = 0; i < migrate_count; i++)
        if (migrate_list[i].version >= nv)
            nv = migrate_list[i].version + 1;
    /* Every migration not recorded, not only those above the newest: two
     * branches may add 43 and 46 and merge in either order, and a database
     * migrated between the merges has 46 but not 43. */
    bool *done = calloc((size_t)nv, sizeof *done);
    if (!done)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = db_exec_script(c, SQL_CREATE_META, e);
    if (!rc)
        rc = migrate_current(c, &cur, e);
    if (!rc)
        rc = applied_versions(c, done, nv, e);
    const char *compact = NULL;
    for (int i = 0; !rc && i < migrate_count; i++) {
        if (done[migrate_list[i].version])
            continue;
        bool did = false;
        rc = apply_one(c, &migrate_list[i], &did, e);
        n += did;
        if (did && cur > 0 && migrate_list[i].compact)
            compact = migrate_list[i].compact;   /* a new database has no rows to compact */
    }
    free(done);
    if (!rc && compact)
        rc = db_compact(c, compact, e);
    if (applied)
        *applied = n;
    return rc;
}
