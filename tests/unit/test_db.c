/* Unit tests of the database layer on SQLite (and on PostgreSQL when
 * SUIDO_TEST_PG holds a conninfo): migrations, parameters, transactions,
 * the statement cache, constraint errors, and the audit chain's append;
 * and the bills' bulk insert (bill_store_insert_many), which goes by COPY on
 * PostgreSQL with ids drawn from the sequence first. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/account/user_store.h"
#include "store/billing/bill_store.h"
#include "store/collect/alloc_store.h"
#include "store/collect/debit_store.h"
#include "store/collect/mandate_store.h"

typedef struct fixture {
    char dir[64];
    char url[512];
    db_conn *c;
} fixture;

static int open_sqlite(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    str_copy(f->dir, sizeof f->dir, "/tmp/suido-dbtest-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    str_fmt(f->url, sizeof f->url, "sqlite:%s/t.db", f->dir);
    err_t e;
    if (db_conn_open(f->url, false, &f->c, &e))
        return -1;
    *state = f;
    return 0;
}

static int open_pg(void **state)
{
    const char *pg = getenv("SUIDO_TEST_PG");
    if (!pg || !*pg)
        return open_sqlite(state);
    fixture *f = calloc(1, sizeof *f);
    str_copy(f->url, sizeof f->url, pg);
    err_t e;
    if (db_conn_open(f->url, false, &f->c, &e))
        return -1;
    /* Start from an empty schema. */
    db_exec_script(f->c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", &e);
    *state = f;
    return 0;
}

static int close_db(void **state)
{
    fixture *f = *state;
    db_conn_close(f->c);
    if (f->dir[0]) {
        char p[128];
        const char *sfx[] = {"/t.db", "/t.db-wal", "/t.db-shm"};
        for (int i = 0; i < 3; i++) {
            str_fmt(p, sizeof p, "%s%s", f->dir, sfx[i]);
            unlink(p);
        }
        rmdir(f->dir);
    }
    free(f);
    return 0;
}

static void migrations_apply_once(void **state)
{
    fixture *f = *state;
    err_t e;
    int n = -1;
    assert_int_equal(migrate_apply(f->c, &n, &e), 0);
    /* Every migration applied once (versions may have gaps while branches merge). */
    db_stmt *s = db_prepare(f->c, "SELECT COUNT(*) FROM schema_migrations", &e);
    int64_t recorded = 0;
    assert_non_null(s);
    assert_int_equal(db_scalar_i64(s, &recorded, &e), 0);
    assert_true(n > 0);
    assert_int_equal(n, recorded);
    assert_int_equal(migrate_apply(f->c, &n, &e), 0);
    assert_int_equal(n, 0);
    int v = 0;
    assert_int_equal(migrate_current(f->c, &v, &e), 0);
    assert_int_equal(v, migrate_latest());
}

/* A migration below the newest recorded, missing (two branches merged in
 * another order than the database was migrated in), is applied. */
static void migrations_fill_a_gap(void **state)
{
    fixture *f = *state;
    err_t e;
    int n = -1;
    assert_int_equal(migrate_apply(f->c, &n, &e), 0);
    assert_int_equal(db_exec_script(f->c,
                                    "DROP INDEX allocations_posted_bill;"
                                    "DELETE FROM schema_migrations WHERE version = 42;",
                                    &e),
                     0);
    assert_int_equal(migrate_apply(f->c, &n, &e), 0);
    assert_int_equal(n, 1);
    /* the index is back: a statement naming it is accepted */
    db_stmt *s = db_prepare(f->c, "SELECT COUNT(*) FROM schema_migrations WHERE version = 42", &e);
    int64_t has = 0;
    assert_non_null(s);
    assert_int_equal(db_scalar_i64(s, &has, &e), 0);
    assert_int_equal(has, 1);
    assert_int_equal(db_exec_script(f->c, "DROP INDEX allocations_posted_bill;", &e), 0);
}

/* The one number a statement without parameters answers. */
static int64_t count_of(db_conn *c, const char *sql)
{
    err_t e;
    int64_t n = -1;
    db_stmt *s = db_prepare(c, sql, &e);
    assert_non_null(s);
    assert_int_equal(db_scalar_i64(s, &n, &e), 0);
    return n;
}

/* Migration 50 is PostgreSQL's only (migrate_pg_list): the debit items'
 * pages keep room for their results there; SQLite records the version and
 * has nothing to change. */
static void migration_for_postgres_only(void **state)
{
    fixture *f = *state;
    err_t e;
    int n = -1;
    assert_int_equal(migrate_apply(f->c, &n, &e), 0);
    assert_int_equal(count_of(f->c, "SELECT COUNT(*) FROM schema_migrations WHERE version = 50"), 1);
    if (db_kind(f->c) == DB_PG)
        assert_int_equal(count_of(f->c, "SELECT COUNT(*) FROM pg_class WHERE relname = 'debit_items'"
                                        " AND 'fillfactor=40' = ANY(reloptions)"),
                         1);
}

static void users_round_trip_and_conflict(void **state)
{
    fixture *f = *state;
    err_t e;
    assert_int_equal(migrate_apply(f->c, NULL, &e), 0);
    user_row u = {.must_change = 1, .created_at = 1700000000};
    str_copy(u.username, sizeof u.username, "tanaka");
    str_copy(u.role, sizeof u.role, "clerk");
    str_copy(u.pw_hash, sizeof u.pw_hash, "$argon2id$x");
    int64_t id = 0;
    assert_int_equal(user_store_insert(f->c, &u, &id, &e), 0);
    assert_true(id > 0);
    user_row got;
    assert_int_equal(user_store_get_by_name(f->c, "tanaka", &got, &e), 0);
    assert_int_equal(got.id, id);
    assert_string_equal(got.role, "clerk");
    assert_int_equal(got.must_change, 1);
    assert_int_equal(got.created_at, 1700000000);
    /* Same username again: a conflict with a message for the user. */
    assert_int_equal(user_store_insert(f->c, &u, NULL, &e), ERR_CONFLICT);
    assert_non_null(strstr(e.user, "既に"));
    assert_int_equal(user_store_get_by_name(f->c, "nobody", &got, &e), ERR_NOTFOUND);
}

static void rollback_discards_and_commit_keeps(void **state)
{
    fixture *f = *state;
    err_t e;
    assert_int_equal(migrate_apply(f->c, NULL, &e), 0);
    user_row u = {.created_at = 1};
    str_copy(u.role, sizeof u.role, "viewer");
    str_copy(u.pw_hash, sizeof u.pw_hash, "h");
    str_copy(u.username, sizeof u.username, "gone");
    assert_int_equal(db_begin(f->c, &e), 0);
    assert_int_equal(user_store_insert(f->c, &u, NULL, &e), 0);
    db_rollback(f->c);
    user_row got;
    assert_int_equal(user_store_get_by_name(f->c, "gone", &got, &e), ERR_NOTFOUND);
    str_copy(u.username, sizeof u.username, "kept");
    assert_int_equal(db_begin(f->c, &e), 0);
    assert_int_equal(user_store_insert(f->c, &u, NULL, &e), 0);
    assert_int_equal(db_commit(f->c, &e), 0);
    assert_int_equal(user_store_get_by_name(f->c, "kept", &got, &e), 0);
    /* Nested begin is a bug and is refused. */
    assert_int_equal(db_begin(f->c, &e), 0);
    assert_int_equal(db_begin(f->c, &e), ERR_INTERNAL);
    db_rollback(f->c);
}

/* The snapshot tests' start: the schema, a second connection (returned) and
 * a user "before" committed by it; u is left as that user, for more. */
static db_conn *snapshot_start(fixture *f, user_row *u)
{
    err_t e;
    assert_int_equal(migrate_apply(f->c, NULL, &e), 0);
    db_conn *w = NULL;
    assert_int_equal(db_conn_open(f->url, false, &w, &e), 0);
    *u = (user_row){.created_at = 1};
    str_copy(u->role, sizeof u->role, "viewer");
    str_copy(u->pw_hash, sizeof u->pw_hash, "h");
    str_copy(u->username, sizeof u->username, "before");
    assert_int_equal(user_store_insert(w, u, NULL, &e), 0);
    return w;
}

/* A read snapshot sees the state of its begin: another connection's commit
 * in between stays invisible until its end.  Snapshots do not nest: a second
 * db_begin_read inside one is a bug and is refused, as is a write (db_begin)
 * inside it and a snapshot inside a write transaction; the first snapshot
 * goes on unharmed and ends cleanly. */
static void read_snapshot_refuses_nesting(void **state)
{
    fixture *f = *state;
    err_t e;
    user_row u, got;
    db_conn *w = snapshot_start(f, &u);

    assert_int_equal(db_begin_read(f->c, &e), 0);
    assert_int_equal(user_store_get_by_name(f->c, "before", &got, &e), 0);
    str_copy(u.username, sizeof u.username, "during");
    assert_int_equal(user_store_insert(w, &u, NULL, &e), 0);   /* committed by another connection */
    assert_int_equal(db_begin_read(f->c, &e), ERR_INTERNAL);   /* no snapshot inside a snapshot */
    assert_non_null(strstr(e.log, "nested snapshot"));
    assert_int_equal(db_begin(f->c, &e), ERR_INTERNAL);        /* no write inside a snapshot */
    assert_non_null(strstr(e.log, "read snapshot"));
    /* the refusals left the first snapshot as it was: still open, still its state */
    assert_false(db_in_tx(f->c));
    assert_int_equal(user_store_get_by_name(f->c, "during", &got, &e), ERR_NOTFOUND);
    assert_int_equal(user_store_get_by_name(f->c, "before", &got, &e), 0);
    db_end_read(f->c);
    assert_int_equal(user_store_get_by_name(f->c, "during", &got, &e), 0);
    db_end_read(f->c);   /* none open: nothing to do */

    /* after it, snapshots and writes again; no snapshot inside a write */
    assert_int_equal(db_begin_read(f->c, &e), 0);
    db_end_read(f->c);
    assert_int_equal(db_begin(f->c, &e), 0);
    assert_int_equal(db_begin_read(f->c, &e), ERR_INTERNAL);
    assert_non_null(strstr(e.log, "nested transaction"));
    assert_true(db_in_tx(f->c));
    str_copy(u.username, sizeof u.username, "after");
    assert_int_equal(user_store_insert(f->c, &u, NULL, &e), 0);
    assert_int_equal(db_commit(f->c, &e), 0);
    assert_int_equal(user_store_get_by_name(w, "after", &got, &e), 0);
    db_conn_close(w);
}

/* A shared snapshot (db_begin_shared_read, the カルテ's): use cases'
 * db_begin_read join it and their db_end_read leave it open; what another
 * connection commits stays invisible until it ends, or until db_read_pause
 * and db_read_resume (a write on the connection meanwhile) open a new one;
 * db_begin inside it is refused. */
static void shared_snapshot_joins_and_pauses(void **state)
{
    fixture *f = *state;
    err_t e;
    user_row u, got;
    db_conn *w = snapshot_start(f, &u);

    static const char key[] = "memo";
    assert_null(db_shared_memo(f->c, key));                            /* only inside a shared one */
    assert_int_equal(db_begin_shared_read(f->c, &e), 0);
    void **memo = db_shared_memo(f->c, key);
    assert_non_null(memo);
    assert_null(*memo);
    *memo = malloc(8);                                                 /* freed when it ends */
    assert_ptr_equal(db_shared_memo(f->c, key), memo);
    assert_int_equal(db_begin_shared_read(f->c, &e), ERR_INTERNAL);   /* not inside itself */
    assert_int_equal(db_begin_read(f->c, &e), 0);                      /* a use case joins */
    assert_int_equal(user_store_get_by_name(f->c, "before", &got, &e), 0);
    str_copy(u.username, sizeof u.username, "during");
    assert_int_equal(user_store_insert(w, &u, NULL, &e), 0);
    db_end_read(f->c);                                                 /* the shared one stays */
    assert_int_equal(db_begin_read(f->c, &e), 0);
    assert_int_equal(db_begin_read(f->c, &e), 0);
    assert_int_equal(user_store_get_by_name(f->c, "during", &got, &e), ERR_NOTFOUND);
    db_end_read(f->c);
    db_end_read(f->c);
    assert_int_equal(db_begin(f->c, &e), ERR_INTERNAL);                /* no write inside it */
    assert_int_equal(user_store_get_by_name(f->c, "during", &got, &e), ERR_NOTFOUND);

    /* a write on the connection: paused, written, resumed in a new snapshot */
    db_read_state rs = db_read_pause(f->c);
    assert_true(rs.open && rs.shared);
    str_copy(u.username, sizeof u.username, "paused");
    assert_int_equal(user_store_insert(f->c, &u, NULL, &e), 0);
    assert_int_equal(db_read_resume(f->c, rs, &e), 0);
    memo = db_shared_memo(f->c, key);
    assert_true(memo && !*memo);                                       /* the pause emptied it */
    str_copy(u.username, sizeof u.username, "later");
    assert_int_equal(user_store_insert(w, &u, NULL, &e), 0);
    assert_int_equal(user_store_get_by_name(f->c, "during", &got, &e), 0);
    assert_int_equal(user_store_get_by_name(f->c, "paused", &got, &e), 0);
    assert_int_equal(user_store_get_by_name(f->c, "later", &got, &e), ERR_NOTFOUND);
    assert_int_equal(db_begin_read(f->c, &e), 0);                      /* still shared: joins */
    db_end_read(f->c);
    db_end_shared_read(f->c);
    assert_int_equal(user_store_get_by_name(f->c, "later", &got, &e), 0);
    assert_int_equal(user_store_get_by_name(w, "paused", &got, &e), 0);   /* committed */

    /* nothing open: pause and resume do nothing; a plain snapshot still refuses nesting */
    rs = db_read_pause(f->c);
    assert_false(rs.open);
    assert_int_equal(db_read_resume(f->c, rs, &e), 0);
    assert_int_equal(db_begin_read(f->c, &e), 0);
    assert_int_equal(db_begin_read(f->c, &e), ERR_INTERNAL);
    db_end_read(f->c);
    db_end_shared_read(f->c);   /* none open: nothing to do */
    assert_int_equal(db_begin(f->c, &e), 0);
    assert_int_equal(db_begin_shared_read(f->c, &e), ERR_INTERNAL);
    assert_int_equal(db_commit(f->c, &e), 0);
    db_conn_close(w);
}

/* Booleans differ between engines (1 vs "t"): SQL in store/ returns integers. */
static const char SQL_ECHO[] =
    "SELECT CAST($2 AS TEXT), CAST($1 AS BIGINT), CASE WHEN CAST($3 AS TEXT) IS NULL THEN 1 ELSE 0 END";

static void parameters_bind_by_number(void **state)
{
    fixture *f = *state;
    err_t e;
    db_stmt *s = db_prepare(f->c, SQL_ECHO, &e);
    assert_non_null(s);
    assert_ptr_equal(db_prepare(f->c, SQL_ECHO, &e), s);   /* cached by the SQL's address */
    db_bind_i64(s, 1, 9007199254740993LL);
    db_bind_text(s, 2, "水道 'quote' \"dq\"");
    db_bind_null(s, 3);
    assert_int_equal(db_step(s, &e), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "水道 'quote' \"dq\"");
    assert_int_equal(db_col_i64(s, 1), 9007199254740993LL);
    assert_int_equal(db_col_i64(s, 2), 1);
    assert_int_equal(db_step(s, &e), DB_DONE);
    db_done(s);
}

/* Parameters named out of order and again: SQLite gets a bare ? for each $n
 * that is the next number after the highest so far, ?n for the others
 * (db_sqlite.c); every one must still be the value bound to its number. */
static const char SQL_MIXED[] = "SELECT CAST($1 AS BIGINT), CAST($3 AS BIGINT), CAST($2 AS BIGINT),"
                                " CAST($1 AS BIGINT) + CAST($4 AS BIGINT), CAST($5 AS BIGINT)";

static void parameters_out_of_order_and_repeated(void **state)
{
    fixture *f = *state;
    err_t e;
    db_stmt *s = db_prepare(f->c, SQL_MIXED, &e);
    assert_non_null(s);
    for (int i = 1; i <= 5; i++)
        db_bind_i64(s, i, 10 * i);
    assert_int_equal(db_step(s, &e), DB_ROW);
    assert_int_equal(db_col_i64(s, 0), 10);
    assert_int_equal(db_col_i64(s, 1), 30);
    assert_int_equal(db_col_i64(s, 2), 20);
    assert_int_equal(db_col_i64(s, 3), 50);
    assert_int_equal(db_col_i64(s, 4), 50);
    assert_int_equal(db_step(s, &e), DB_DONE);
    db_done(s);
}

/* A multi-row INSERT ... RETURNING id yields one id per row, in the rows'
 * order, each naming its own row (SQLite computes them from the last rowid
 * instead of running RETURNING: see db_sqlite.c). */
static const char SQL_THREE[] = "INSERT INTO t3 (v) VALUES ($1), ($2), ($3) RETURNING id";
static const char SQL_V_OF[] = "SELECT v FROM t3 WHERE id = $1";

static void multi_row_insert_returns_every_id(void **state)
{
    fixture *f = *state;
    err_t e;
    assert_int_equal(db_exec_script(f->c,
                                    db_kind(f->c) == DB_SQLITE
                                        ? "CREATE TABLE t3 (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);"
                                          "INSERT INTO t3 (v) VALUES ('first'); DELETE FROM t3;"
                                        : "CREATE TABLE t3 (id BIGSERIAL PRIMARY KEY, v TEXT);"
                                          "INSERT INTO t3 (v) VALUES ('first'); DELETE FROM t3;",
                                    &e),
                     0);
    static const char *const v[] = {"a", "b", "c"};
    for (int round = 0; round < 2; round++) {
        db_stmt *s = db_prepare(f->c, SQL_THREE, &e);
        assert_non_null(s);
        /* the second round binds text kept by the caller (read in place on
         * SQLite), then overwrites it once done: the rows keep what was bound */
        char kept[3][4];
        for (int k = 0; k < 3; k++) {
            str_copy(kept[k], sizeof kept[k], v[k]);
            if (round == 0)
                db_bind_text(s, k + 1, v[k]);
            else
                db_bind_text_kept(s, k + 1, kept[k]);
        }
        int64_t ids[3];
        for (int k = 0; k < 3; k++) {
            assert_int_equal(db_step(s, &e), DB_ROW);
            ids[k] = db_col_i64(s, 0);
        }
        assert_int_equal(db_step(s, &e), DB_DONE);
        db_done(s);
        for (int k = 0; k < 3; k++)
            str_copy(kept[k], sizeof kept[k], "zz");
        for (int k = 0; k < 3; k++) {
            assert_true(ids[k] > 1);   /* not the deleted first row's id */
            db_stmt *q = db_prepare(f->c, SQL_V_OF, &e);
            assert_non_null(q);
            db_bind_i64(q, 1, ids[k]);
            assert_int_equal(db_step(q, &e), DB_ROW);
            assert_string_equal(db_col_text(q, 0), v[k]);
            db_done(q);
        }
    }
}

/* PostgreSQL only: a session ended under the connection (here by
 * pg_terminate_backend, as a failover ends it).  A transaction cut off
 * before COMMIT is retryable and the next db_begin opens a new session,
 * where the cached statements are prepared again; a COMMIT cut off is not
 * retryable and says its outcome is unknown; a statement on its own after
 * the loss fails once, the next one runs on a new session. */
static const char SQL_TL_INSERT[] = "INSERT INTO tl (v) VALUES ($1)";
static const char SQL_TL_COUNT[] = "SELECT COUNT(*) FROM tl WHERE v = $1";
static const char SQL_PID[] = "SELECT pg_backend_pid()";
static const char SQL_TERMINATE[] = "SELECT pg_terminate_backend($1, 5000)";

static int64_t backend_pid(db_conn *c)
{
    err_t e;
    int64_t pid = 0;
    db_stmt *s = db_prepare(c, SQL_PID, &e);
    assert_non_null(s);
    assert_int_equal(db_scalar_i64(s, &pid, &e), 0);
    return pid;
}

static void terminate(db_conn *killer, int64_t pid)
{
    err_t e;
    int64_t ok = 0;
    db_stmt *s = db_prepare(killer, SQL_TERMINATE, &e);
    assert_non_null(s);
    db_bind_i64(s, 1, pid);
    assert_int_equal(db_scalar_i64(s, &ok, &e), 0);
}

static int64_t count_v(db_conn *c, int64_t v)
{
    err_t e;
    int64_t n = -1;
    db_stmt *s = db_prepare(c, SQL_TL_COUNT, &e);
    assert_non_null(s);
    db_bind_i64(s, 1, v);
    assert_int_equal(db_scalar_i64(s, &n, &e), 0);
    return n;
}

static int insert_v(db_conn *c, int64_t v, err_t *e)
{
    db_stmt *s = db_prepare(c, SQL_TL_INSERT, e);
    if (!s)
        return ERR_DB;
    db_bind_i64(s, 1, v);
    return db_exec(s, e);
}

static void lost_session_is_replaced_and_retry_told_from_unknown(void **state)
{
    fixture *f = *state;
    if (db_kind(f->c) != DB_PG)
        skip();
    err_t e;
    db_conn *killer = NULL;
    assert_int_equal(db_conn_open(f->url, false, &killer, &e), 0);
    assert_int_equal(db_exec_script(f->c, "CREATE TABLE tl (v BIGINT)", &e), 0);

    /* cut off before COMMIT: retryable; run again on a new session */
    assert_int_equal(db_begin(f->c, &e), 0);
    assert_int_equal(insert_v(f->c, 1, &e), 0);
    int64_t pid = backend_pid(f->c);
    terminate(killer, pid);
    err_clear(&e);
    assert_int_not_equal(insert_v(f->c, 2, &e), 0);
    db_rollback(f->c);
    assert_true(db_retryable(f->c));
    assert_int_equal(db_begin(f->c, &e), 0);   /* a new session */
    assert_false(db_retryable(f->c));
    assert_int_not_equal(backend_pid(f->c), pid);
    assert_int_equal(insert_v(f->c, 1, &e), 0);   /* the cached statement, prepared again */
    assert_int_equal(insert_v(f->c, 2, &e), 0);
    assert_int_equal(db_commit(f->c, &e), 0);
    assert_int_equal(count_v(f->c, 1), 1);
    assert_int_equal(count_v(f->c, 2), 1);

    /* the COMMIT itself cut off: not retryable, the outcome unknown to the user (a 503: a form
     * sent again is answered from its one-time token) */
    assert_int_equal(db_begin(f->c, &e), 0);
    assert_int_equal(insert_v(f->c, 10, &e), 0);
    terminate(killer, backend_pid(f->c));
    err_clear(&e);
    assert_int_equal(db_commit(f->c, &e), ERR_UNAVAILABLE);
    assert_non_null(strstr(e.user, "記録されたかどうか確かめられませんでした"));
    assert_false(db_retryable(f->c));
    assert_false(db_in_tx(f->c));

    /* a statement on its own: the loss is found by it, the next one gets a new session */
    assert_int_equal(count_v(f->c, 10), 0);   /* lost before: a new session first */
    terminate(killer, backend_pid(f->c));
    db_stmt *s = db_prepare(f->c, SQL_TL_COUNT, &e);
    assert_non_null(s);
    db_bind_i64(s, 1, 1);
    int64_t n = 0;
    assert_int_not_equal(db_scalar_i64(s, &n, &e), 0);
    assert_int_equal(count_v(f->c, 1), 1);
    db_conn_close(killer);
}

/* ---- bill_store_insert_many: each bill gets the next id in the order given, its
 * own lines, and a bill_open row exactly when it is current with something to pay. */

#define NREAD 72

/* A schema with one customer, one tap, one meter and NREAD readings (ids 1..NREAD). */
static void seed(db_conn *c)
{
    err_t e;
    int n = 0;
    assert_int_equal(migrate_apply(c, &n, &e), 0);
    assert_int_equal(db_exec_script(c,
                                    "INSERT INTO areas (code, name, kana, sewer) VALUES ('A1', '中央', 'チュウオウ', 'public');"
                                    "INSERT INTO customers (name_enc, kana_enc, kana_bidx, phone_enc, phone_bidx,"
                                    " postal_enc, mail_address_enc, notes_enc, created_at, updated_at)"
                                    " VALUES ('x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 1, 1);"
                                    "INSERT INTO taps (tap_no, area_code, address_enc, diameter, use_code, sewer, route,"
                                    " route_order, status, created_at, updated_at)"
                                    " VALUES ('T1', 'A1', 'x', 13, 'home', 'public', 'R1', 1, 'active', 1, 1);"
                                    "INSERT INTO meters (meter_no, maker, diameter, digits, certified_until, tap_id,"
                                    " installed_on, status, created_at)"
                                    " VALUES ('M1', 'x', 13, 4, '2030-01-01', 1, '2020-01-01', 'installed', 1);",
                                    &e),
                     0);
    static const char SQL_READ[] =
        "INSERT INTO readings (tap_id, meter_id, cycle, read_on, value, prev_value, days, meter_usage, usage,"
        " kind, status, reasons, source, entered_by, created_at)"
        " VALUES (1, 1, '2026-11', $1, $2, 0, 30, 10, 10, 'actual', 'accepted', '', 'office', 'test', 1)";
    for (int i = 1; i <= NREAD; i++) {
        char on[11];
        str_fmt(on, sizeof on, "2020-%02d-%02d", 1 + (i - 1) / 28, 1 + (i - 1) % 28);
        db_stmt *s = db_prepare(c, SQL_READ, &e);
        assert_non_null(s);
        db_bind_text(s, 1, on);
        db_bind_i64(s, 2, i);
        assert_int_equal(db_exec(s, &e), 0);
    }
}

/* Bill k for reading `reading`: every tenth (from the fourth) owes nothing,
 * every tenth (from the eighth) is cancelled; the rest are open. */
static void make_bill(bill_row *b, int64_t reading, int k)
{
    memset(b, 0, sizeof *b);
    b->tap_id = 1;
    b->customer_id = 1;
    b->reading_id = reading;
    b->run_id = 5;
    str_copy(b->cycle, sizeof b->cycle, "2026-11");
    str_copy(b->kind, sizeof b->kind, "regular");
    str_copy(b->status, sizeof b->status, k % 10 == 7 ? "cancelled" : "current");
    str_copy(b->period_from, sizeof b->period_from, "2026-10-01");
    str_copy(b->period_to, sizeof b->period_to, "2026-10-31");
    b->days = 30;
    b->months = 1;
    str_copy(b->use_code, sizeof b->use_code, "home");
    b->diameter = 13;
    b->usage = 10;
    str_copy(b->sewer_operator, sizeof b->sewer_operator, "city");
    b->water_yen = k % 10 == 3 ? 0 : 1000 + k;
    b->total_yen = b->water_yen;
    str_copy(b->water_tariff, sizeof b->water_tariff, "W1");
    str_copy(b->sewer_tariff, sizeof b->sewer_tariff, "S1");
    str_copy(b->issued_on, sizeof b->issued_on, "2026-11-05");
    str_fmt(b->due_on, sizeof b->due_on, "2026-12-%02d", 1 + k % 28);
    str_copy(b->reason, sizeof b->reason, k % 5 == 0 ? "tab\there\\ and a\nnewline" : "");
    str_copy(b->created_by, sizeof b->created_by, "test");
    b->created_at = 1700000000 + k;
    char lines[64];
    str_fmt(lines, sizeof lines, "[{\"r\":%lld}]", (long long)reading);
    b->lines = strdup(lines);
}

static int64_t scalar(db_conn *c, const char *sql)
{
    err_t e;
    db_stmt *s = db_prepare(c, sql, &e);
    assert_non_null(s);
    int64_t v = -1;
    assert_int_equal(db_scalar_i64(s, &v, &e), 0);
    return v;
}

static void insert_bills(db_conn *c, int64_t first_reading, int n)
{
    bill_row *rows = calloc((size_t)n, sizeof *rows);
    for (int k = 0; k < n; k++)
        make_bill(&rows[k], first_reading + k, (int)first_reading + k);
    err_t e;
    assert_int_equal(db_begin(c, &e), 0);
    assert_int_equal(bill_store_insert_many(c, rows, (size_t)n, &e), 0);
    assert_int_equal(db_commit(c, &e), 0);
    bill_store_rows_free(rows, (size_t)n);
}

static void bills_take_ids_in_order_with_their_lines_and_open_rows(void **state)
{
    fixture *f = *state;
    db_conn *c = f->c;
    seed(c);
    insert_bills(c, 1, 70);      /* SQLite: one statement of 64, then 6 one by one */
    insert_bills(c, 71, 2);      /* ids go on from the sequence */
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills"), NREAD);
    /* the k-th row given took the k-th id */
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills WHERE id = reading_id"), NREAD);
    /* each bill's own lines */
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills b JOIN bill_lines l ON l.bill_id = b.id"
                               " WHERE l.lines = '[{\"r\":' || CAST(b.reading_id AS TEXT) || '}]'"),
                     NREAD);
    /* text with a tab, a backslash and a newline kept as given */
    err_t e;
    db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM bills WHERE reason = $1", &e);
    assert_non_null(s);
    db_bind_text(s, 1, "tab\there\\ and a\nnewline");
    int64_t odd = 0;
    assert_int_equal(db_scalar_i64(s, &odd, &e), 0);
    assert_int_equal(odd, 14);
    /* open rows: the current bills with something to pay, with their due dates,
     * cycles and what is owed (nothing paid yet: the total) */
    int64_t open = 0;
    for (int k = 1; k <= NREAD; k++)
        open += k % 10 != 3 && k % 10 != 7;
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bill_open"), open);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bill_open o JOIN bills b ON b.id = o.bill_id"
                               " WHERE b.status = 'current' AND b.total_yen > 0 AND o.due_on = b.due_on"
                               " AND o.cycle = b.cycle AND o.owed_yen = b.total_yen"
                               " AND o.tap_id = b.tap_id AND o.customer_id = b.customer_id"),
                     open);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills WHERE run_id = 5 AND replaces IS NULL"), NREAD);
}

/* A reference to a row that does not exist is refused on both engines, the
 * whole statement with it, and a row still referenced is not deleted.  On
 * PostgreSQL the month's tables check their references a statement at a time
 * (migration 57's triggers, in place of row-by-row foreign keys); SQLite keeps
 * its constraints. */
static void references_are_checked_a_statement_at_a_time(void **state)
{
    fixture *f = *state;
    db_conn *c = f->c;
    seed(c);
    insert_bills(c, 1, 8);
    /* eight bills, the fourth naming reading 999 (there are NREAD readings) */
    bill_row rows[8];
    for (int k = 0; k < 8; k++)
        make_bill(&rows[k], 9 + k, 9 + k);
    rows[3].reading_id = 999;
    err_t e;
    assert_int_equal(db_begin(c, &e), 0);
    assert_int_equal(bill_store_insert_many(c, rows, 8, &e), ERR_CONFLICT);
    db_rollback(c);
    for (int k = 0; k < 8; k++)
        free(rows[k].lines);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills"), 8);
    /* an update naming a missing bill; one leaving its references as they were */
    assert_int_equal(db_exec_script(c, "UPDATE bill_open SET bill_id = 999 WHERE bill_id = 1", &e), ERR_CONFLICT);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bill_open WHERE bill_id = 999"), 0);
    assert_int_equal(db_exec_script(c, "UPDATE bills SET status = 'cancelled' WHERE id = 2", &e), 0);
    assert_int_equal(db_exec_script(c, "UPDATE readings SET tap_id = 1, meter_id = 1 WHERE id <= 3", &e), 0);
    assert_int_equal(db_exec_script(c, "UPDATE readings SET meter_id = 77 WHERE id = 3", &e), ERR_CONFLICT);
    /* a referenced tap, reading or bill stays; an unreferenced reading may go */
    assert_int_equal(db_exec_script(c, "DELETE FROM taps WHERE id = 1", &e), ERR_CONFLICT);
    assert_int_equal(db_exec_script(c, "DELETE FROM readings WHERE id = 5", &e), ERR_CONFLICT);
    assert_int_equal(db_exec_script(c, "DELETE FROM bills WHERE id = 1", &e), ERR_CONFLICT);
    assert_int_equal(db_exec_script(c, "UPDATE bills SET id = 500 WHERE id = 1", &e), ERR_CONFLICT);
    assert_int_equal(db_exec_script(c, "DELETE FROM readings WHERE id = 50", &e), 0);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM readings"), NREAD - 1);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills WHERE id = 1"), 1);
    if (db_kind(c) == DB_PG) {
        assert_int_equal(scalar(c, "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f'"
                                   " AND conrelid IN ('bills'::regclass, 'readings'::regclass, 'payments'::regclass)"),
                         0);
        assert_int_not_equal(db_exec_script(c, "TRUNCATE bills", &e), 0);
    }
}

/* ---- the multi-row writers of debits and mandates: any number of rows goes
 * in statements of 1 << slot rows (db_chunk), each row once. */

#define NMAND 300   /* pairs marked at once: 256 + 32 + 8 + 4 */

/* The items of a batch for bills first..first+n-1: amount bill * 10 + batch,
 * reference "B" and the bill. */
static void insert_items(db_conn *c, int64_t batch_id, int64_t first, size_t n)
{
    debit_item *its = calloc(n, sizeof *its);
    assert_non_null(its);
    for (size_t k = 0; k < n; k++) {
        debit_item *it = &its[k];
        it->batch_id = batch_id;
        it->bill_id = first + (int64_t)k;
        it->mandate_id = 1;
        it->amount = it->bill_id * 10 + batch_id;
        str_fmt(it->customer_ref, sizeof it->customer_ref, "B%lld", (long long)it->bill_id);
    }
    err_t e;
    assert_int_equal(db_begin(c, &e), 0);
    assert_int_equal(debit_store_items_insert(c, its, n, &e), 0);
    assert_int_equal(db_commit(c, &e), 0);
    free(its);
}

static void debit_items_and_first_done_marks_in_chunks(void **state)
{
    fixture *f = *state;
    db_conn *c = f->c;
    err_t e;
    seed(c);
    insert_bills(c, 1, NREAD);

    /* three batches: NREAD items (SQLite 64 + 8; PostgreSQL by COPY), one, and 7 (4 + 2 + 1) */
    int64_t batch[3];
    for (int i = 0; i < 3; i++) {
        debit_batch b = {.attempt = 1, .created_at = 1};
        str_copy(b.debit_on, sizeof b.debit_on, "2026-12-01");
        str_copy(b.status, sizeof b.status, "sent");
        str_copy(b.created_by, sizeof b.created_by, "test");
        assert_int_equal(debit_store_batch_insert(c, &b, &batch[i], &e), 0);
    }
    /* the mandates of taps 1..NMAND+1, each of the customer of its number: every
     * fifth ended, every seventh marked already */
    buf_t b;
    buf_init(&b, 0);
    for (int i = 2; i <= NMAND + 1; i++) {
        buf_printf(&b, "INSERT INTO customers (name_enc, kana_enc, kana_bidx, phone_enc, phone_bidx, postal_enc,"
                       " mail_address_enc, notes_enc, created_at, updated_at) VALUES ('x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 1, 1);"
                       "INSERT INTO taps (tap_no, area_code, address_enc, diameter, use_code, sewer, route, route_order,"
                       " status, created_at, updated_at) VALUES ('T%d', 'A1', 'x', 13, 'home', 'public', 'R1', %d, 'active', 1, 1);",
                   i, i);
    }
    for (int i = 1; i <= NMAND + 1; i++)
        buf_printf(&b, "INSERT INTO mandates (tap_id, customer_id, bank, branch, account_type, account_enc, holder_enc,"
                       " status, start_on, first_done, created_by, created_at)"
                       " VALUES (%d, %d, '0001', '001', 1, 'x', 'x', '%s', '2020-01-01', %d, 'test', 1);",
                   i, i, i % 5 == 0 ? "ended" : "active", i % 7 == 0);
    assert_int_equal(db_exec_script(c, buf_cstr(&b), &e), 0);
    buf_free(&b);

    insert_items(c, batch[0], 1, NREAD);
    insert_items(c, batch[1], 5, 1);
    insert_items(c, batch[2], 11, 7);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM debit_items"), NREAD + 1 + 7);
    int64_t bills = 0;
    for (int k = 1; k <= NREAD; k++)
        bills += k;
    bills += 5 + (11 + 17) * 7 / 2;
    assert_int_equal(scalar(c, "SELECT SUM(bill_id) FROM debit_items"), bills);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM debit_items WHERE amount = bill_id * 10 + batch_id"
                               " AND customer_ref = 'B' || CAST(bill_id AS TEXT) AND mandate_id = 1 AND result = ''"),
                     NREAD + 1 + 7);

    /* NMAND pairs (taps 2..NMAND+1); every eleventh names another customer */
    int64_t taps[NMAND], customers[NMAND], marked = 0, marked_taps = 0;
    for (int i = 2; i <= NMAND + 1; i++) {
        taps[i - 2] = i;
        customers[i - 2] = i % 11 == 0 ? 1 : i;
    }
    for (int i = 1; i <= NMAND + 1; i++)
        if (i % 7 == 0 || (i >= 2 && i % 5 != 0 && i % 11 != 0)) {
            marked++;
            marked_taps += i;
        }
    assert_int_equal(mandate_store_first_done_many(c, taps, customers, NMAND, &e), 0);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM mandates WHERE first_done = 1"), marked);
    assert_int_equal(scalar(c, "SELECT SUM(tap_id) FROM mandates WHERE first_done = 1"), marked_taps);
    /* again, and a count below one chunk: nothing more changes */
    assert_int_equal(mandate_store_first_done_many(c, taps, customers, NMAND, &e), 0);
    assert_int_equal(mandate_store_first_done_many(c, taps, customers, 3, &e), 0);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM mandates WHERE first_done = 1"), marked);
}

/* ---- allocation_days: the allocations' sums by day, channel and cycle, shared
 * by every writer of a day and channel.  Two imports of one channel at once
 * add to the same rows; each transaction upserts its sums once, before its
 * COMMIT, in the order of their keys, so that they never lock two rows in
 * opposite orders (PostgreSQL: a deadlock, one import failing). */

#define NPAY 128

/* NPAY payments of channel "agent" (ids 1..NPAY) and NREAD bills, the first
 * half of cycle 2026-09, the rest of 2026-11. */
static void seed_payments(db_conn *c)
{
    seed(c);
    insert_bills(c, 1, NREAD);
    err_t e;
    assert_int_equal(db_exec_script(c, "UPDATE bills SET cycle = '2026-09' WHERE id <= 36", &e), 0);
    buf_t b;
    buf_init(&b, 0);
    buf_puts(&b, "INSERT INTO payments (channel, status, amount, paid_on, posted_on, ref, created_by, created_at) VALUES ");
    for (int i = 1; i <= NPAY; i++)
        buf_printf(&b, "%s('agent', 'posted', 100, '2026-12-01', '2026-12-01', 'r%d', 'test', 1)", i > 1 ? "," : "", i);
    assert_int_equal(db_exec_script(c, buf_cstr(&b), &e), 0);
    buf_free(&b);
}

/* Allocations of payments first..first+31 (100 yen each), to bills of one cycle
 * (old: 2026-09, else 2026-11), posted 2026-12-01. */
static void alloc_batch(alloc_row *rows, int first, bool old)
{
    for (int r = 0; r < 32; r++) {
        alloc_row *a = &rows[r];
        memset(a, 0, sizeof *a);
        a->payment_id = first + r;
        a->bill_id = (old ? 1 : 37) + r % 30;
        a->amount = a->water_yen = 100;
        str_copy(a->kind, sizeof a->kind, "payment");
        str_copy(a->posted_on, sizeof a->posted_on, "2026-12-01");
        str_copy(a->created_by, sizeof a->created_by, "test");
        a->created_at = 1;
    }
}

/* Rows of allocation_days that differ from the allocations counted afresh. */
static int64_t days_drift(db_conn *c)
{
    return scalar(c, "SELECT COUNT(*) FROM (SELECT a.posted_on, p.channel, b.cycle, COUNT(*) AS n, SUM(a.amount) AS y"
                     " FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN bills b ON b.id = a.bill_id"
                     " GROUP BY a.posted_on, p.channel, b.cycle) r FULL JOIN allocation_days d"
                     " ON d.posted_on = r.posted_on AND d.channel = r.channel AND d.cycle = r.cycle"
                     " WHERE d.allocations IS NULL OR r.n IS NULL OR d.allocations <> r.n OR d.amount <> r.y");
}

typedef struct writer {
    db_conn *c;
    alloc_row rows[32];
    int rc;
    err_t e;
} writer;

/* The second batch of writer 1 and its commit (another thread). */
static void *writer_finish(void *arg)
{
    writer *w = arg;
    w->rc = alloc_store_insert_many(w->c, w->rows, 32, &w->e);
    if (!w->rc)
        w->rc = db_commit(w->c, &w->e);
    else
        db_rollback(w->c);
    return NULL;
}

static void allocation_days_two_writers_of_one_day(void **state)
{
    fixture *f = *state;
    db_conn *c1 = f->c, *c2 = NULL;
    seed_payments(c1);
    err_t e;
    alloc_row a[32];
    if (db_kind(c1) != DB_PG) {
        /* one writer at a time (SQLite): the sums as the allocations, none from a rollback */
        assert_int_equal(db_begin(c1, &e), 0);
        alloc_batch(a, 1, false);
        assert_int_equal(alloc_store_insert_many(c1, a, 32, &e), 0);
        db_rollback(c1);
        assert_int_equal(scalar(c1, "SELECT COUNT(*) FROM allocation_days"), 0);
        assert_int_equal(db_begin(c1, &e), 0);
        alloc_batch(a, 1, false);
        assert_int_equal(alloc_store_insert_many(c1, a, 32, &e), 0);
        alloc_batch(a, 33, true);
        assert_int_equal(alloc_store_insert_many(c1, a, 32, &e), 0);
        assert_int_equal(db_commit(c1, &e), 0);
        alloc_batch(a, 65, true);
        assert_int_equal(alloc_store_insert(c1, &a[0], &e), 0);   /* no transaction: written at once */
        assert_int_equal(scalar(c1, "SELECT SUM(allocations) FROM allocation_days"), 65);
        assert_int_equal(days_drift(c1), 0);
        return;
    }
    assert_int_equal(db_conn_open(f->url, false, &c2, &e), 0);
    /* writer 1: a batch of 2026-11's bills, then one of 2026-09's;
     * writer 2 the other way round, its first batch between them */
    assert_int_equal(db_begin(c1, &e), 0);
    alloc_batch(a, 1, false);
    assert_int_equal(alloc_store_insert_many(c1, a, 32, &e), 0);
    assert_int_equal(db_begin(c2, &e), 0);
    alloc_batch(a, 65, true);
    assert_int_equal(alloc_store_insert_many(c2, a, 32, &e), 0);
    writer w1 = {.c = c1};
    alloc_batch(w1.rows, 33, true);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, writer_finish, &w1), 0);
    usleep(300 * 1000);   /* writer 1 busy with its second batch (or waiting) */
    alloc_batch(a, 97, false);
    int rc2 = alloc_store_insert_many(c2, a, 32, &e);
    if (!rc2)
        rc2 = db_commit(c2, &e);
    else
        db_rollback(c2);
    pthread_join(t, NULL);
    if (rc2)
        print_error("writer 2: %s\n", e.log);
    if (w1.rc)
        print_error("writer 1: %s\n", w1.e.log);
    assert_int_equal(w1.rc, 0);
    assert_int_equal(rc2, 0);
    assert_int_equal(scalar(c1, "SELECT COUNT(*) FROM allocations"), 128);
    assert_int_equal(scalar(c1, "SELECT SUM(allocations) FROM allocation_days"), 128);
    assert_int_equal(days_drift(c1), 0);
    db_conn_close(c2);
}

/* Any count of rows goes in whole chunks: powers of two up to DB_CHUNK_MAX,
 * the largest that fits first, so a tail takes at most DB_CHUNK_SIZES. */
static void chunks_cover_any_count(void **state)
{
    (void)state;
    assert_int_equal(db_chunk(1), 1);
    assert_int_equal(db_chunk(255), 128);
    assert_int_equal(db_chunk(256), 256);
    assert_int_equal(db_chunk(100000), DB_CHUNK_MAX);
    assert_int_equal(db_chunk_slot(1), 0);
    assert_int_equal(db_chunk_slot(256), DB_CHUNK_SIZES - 1);
    for (size_t n = 1; n <= 3 * DB_CHUNK_MAX; n++) {
        size_t done = 0, statements = 0;
        while (done < n) {
            size_t k = db_chunk(n - done);
            assert_true(k >= 1 && k <= n - done && (k & (k - 1)) == 0);
            assert_int_equal((size_t)1 << db_chunk_slot(k), k);
            done += k;
            statements++;
        }
        assert_true(statements <= n / DB_CHUNK_MAX + DB_CHUNK_SIZES);
    }
}

/* SQLite's own account of an I/O fault (the system call, errno and file)
 * reaches the log: a database path that is a directory. */
static void sqlite_io_faults_reach_the_log(void **state)
{
    (void)state;
    char dir[] = "/tmp/suido-dbdir-XXXXXX", logf[] = "/tmp/suido-dblog-XXXXXX", url[64];
    assert_non_null(mkdtemp(dir));
    int lfd = mkstemp(logf);
    assert_true(lfd >= 0);
    str_fmt(url, sizeof url, "sqlite:%s", dir);
    fflush(stderr);
    int saved = dup(2);
    dup2(lfd, 2);
    db_conn *c = NULL;
    err_t e;
    int rc = db_conn_open(url, false, &c, &e);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    assert_int_equal(rc, ERR_DB);
    char got[4096] = "";
    ssize_t n = pread(lfd, got, sizeof got - 1, 0);
    assert_true(n > 0);
    got[n] = '\0';
    assert_non_null(strstr(got, "WARN sqlite (14): os_unix.c"));
    assert_non_null(strstr(got, dir));
    close(lfd);
    unlink(logf);
    rmdir(dir);
}

/* A database another process holds past the busy timeout (the night's compaction): the
 * write is refused as "unavailable, send again" (503 on the web), not as a system error, and
 * nothing of it is written.  The other process holds its write transaction until told to
 * let go, so the 10 s wait is certain, not a race. */
static void a_busy_database_says_so(void **state)
{
    fixture *f = *state;
    db_conn *c = f->c;
    err_t e;
    assert_int_equal(db_exec_script(c, "CREATE TABLE t (v BIGINT)", &e), 0);
    int held[2], go[2];
    assert_int_equal(pipe(held), 0);
    assert_int_equal(pipe(go), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {   /* the other process: a write transaction held open */
        db_conn *o = NULL;
        err_t oe;
        char b = 0;
        if (db_conn_open(f->url, false, &o, &oe) || db_begin(o, &oe) ||
            db_exec_script(o, "INSERT INTO t VALUES (1)", &oe))
            _exit(1);
        if (write(held[1], "h", 1) != 1 || read(go[0], &b, 1) != 1)
            _exit(1);
        db_rollback(o);
        db_conn_close(o);
        _exit(0);
    }
    char b = 0;
    assert_int_equal(read(held[0], &b, 1), 1);
    err_clear(&e);
    int rc = db_begin(c, &e);
    if (!rc) {
        rc = db_exec_script(c, "INSERT INTO t VALUES (2)", &e);
        if (!rc)
            rc = db_commit(c, &e);
        else
            db_rollback(c);
    }
    assert_int_equal(rc, ERR_UNAVAILABLE);
    assert_non_null(strstr(e.user, "使用中でした"));
    assert_int_equal(write(go[1], "g", 1), 1);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM t", &e);
    int64_t n = -1;
    assert_non_null(s);
    assert_int_equal(db_scalar_i64(s, &n, &e), 0);
    assert_int_equal(n, 0);   /* neither write is there */
    close(held[0]);
    close(held[1]);
    close(go[0]);
    close(go[1]);
}

#define DB_TESTS(setup)                                                             \
    cmocka_unit_test_setup_teardown(migrations_apply_once, setup, close_db),        \
    cmocka_unit_test_setup_teardown(migrations_fill_a_gap, setup, close_db),        \
    cmocka_unit_test_setup_teardown(migration_for_postgres_only, setup, close_db),  \
    cmocka_unit_test_setup_teardown(users_round_trip_and_conflict, setup, close_db), \
    cmocka_unit_test_setup_teardown(rollback_discards_and_commit_keeps, setup, close_db), \
    cmocka_unit_test_setup_teardown(read_snapshot_refuses_nesting, setup, close_db), \
    cmocka_unit_test_setup_teardown(shared_snapshot_joins_and_pauses, setup, close_db), \
    cmocka_unit_test_setup_teardown(parameters_bind_by_number, setup, close_db), \
    cmocka_unit_test_setup_teardown(parameters_out_of_order_and_repeated, setup, close_db), \
    cmocka_unit_test_setup_teardown(multi_row_insert_returns_every_id, setup, close_db), \
    cmocka_unit_test_setup_teardown(lost_session_is_replaced_and_retry_told_from_unknown, setup, close_db), \
    cmocka_unit_test_setup_teardown(bills_take_ids_in_order_with_their_lines_and_open_rows, setup, close_db), \
    cmocka_unit_test_setup_teardown(references_are_checked_a_statement_at_a_time, setup, close_db), \
    cmocka_unit_test_setup_teardown(debit_items_and_first_done_marks_in_chunks, setup, close_db), \
    cmocka_unit_test_setup_teardown(allocation_days_two_writers_of_one_day, setup, close_db)

int main(void)
{
    const struct CMUnitTest sqlite_tests[] = {cmocka_unit_test(chunks_cover_any_count),
                                              cmocka_unit_test(sqlite_io_faults_reach_the_log),
                                              cmocka_unit_test_setup_teardown(a_busy_database_says_so, open_sqlite,
                                                                              close_db),
                                              DB_TESTS(open_sqlite)};
    int fails = cmocka_run_group_tests_name("db on SQLite", sqlite_tests, NULL, NULL);
    if (getenv("SUIDO_TEST_PG") && *getenv("SUIDO_TEST_PG")) {
        const struct CMUnitTest pg_tests[] = {DB_TESTS(open_pg)};
        fails += cmocka_run_group_tests_name("db on PostgreSQL", pg_tests, NULL, NULL);
    }
    return fails;
}
