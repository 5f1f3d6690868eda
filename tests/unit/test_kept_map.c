/* Unit tests of a server process's kept memory map of its SQLite file
 * (db_server_process, store/db_sqlite_map.c): a reader's pages come from
 * the one map, and what other connections commit — rows added, the file
 * grown, the file shrunk by a VACUUM here or in another process — is read
 * right, never past the file's end.
 *
 * A process is a server or not from its first connection on, so this file
 * is a program of its own; with "--shrink URL" it is the other process (a
 * batch command, as `suido db compact` run beside the server). */
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/db_driver.h"

extern char **environ;

typedef struct fixture {
    char dir[64];
    char url[512];
    char path[512];
    db_conn *writer;   /* as the audit writer: commits */
    db_conn *reader;   /* as a request worker: reads */
} fixture;

/* (a read snapshot starts by reading schema_migrations, as in every database of ours) */
static const char SQL_MAKE[] = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY);"
                               "CREATE TABLE rows (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, pad TEXT NOT NULL)";
static const char SQL_FILL[] =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)"
    " INSERT INTO rows (k, pad) SELECT $1 + i, printf('%.*c', 400, 'x') FROM n";
static const char SQL_SUM[] = "SELECT COUNT(*), COALESCE(SUM(k), 0), COALESCE(SUM(length(pad)), 0) FROM rows";
static const char SQL_DROP_MOST[] = "DELETE FROM rows WHERE id % 50 <> 0";

/* The test's file t.db in dir, its journals, and dir removed. */
static void remove_db(const char *dir)
{
    char p[160];
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        str_fmt(p, sizeof p, "%s/t.db%s", dir, suffix[i]);
        unlink(p);
    }
    rmdir(dir);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    str_copy(f->dir, sizeof f->dir, "/tmp/suido-keptmap-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    str_fmt(f->path, sizeof f->path, "%s/t.db", f->dir);
    str_fmt(f->url, sizeof f->url, "sqlite:%s", f->path);
    err_t e;
    if (db_conn_open(f->url, false, &f->writer, &e) || db_conn_open(f->url, false, &f->reader, &e))
        return -1;
    db_server_reads(f->writer);
    db_server_reads(f->reader);
    db_autocheckpoint(f->writer, 0);   /* checkpoints only when the test says */
    db_autocheckpoint(f->reader, 0);
    if (db_exec_script(f->writer, SQL_MAKE, &e))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    db_conn_close(f->reader);
    db_conn_close(f->writer);
    remove_db(f->dir);
    free(f);
    return 0;
}

static void fill(db_conn *c, int64_t base, int64_t n)
{
    err_t e;
    db_stmt *s = db_prepare(c, SQL_FILL, &e);
    assert_non_null(s);
    db_bind_i64(s, 1, base);
    db_bind_i64(s, 2, n);
    assert_int_equal(db_exec(s, &e), 0);
}

typedef struct sums {
    int64_t rows, k, pad;
} sums;

static sums read_sums(db_conn *c)
{
    err_t e;
    sums out = {0};
    if (db_begin_read(c, &e))
        fail_msg("begin read: %s", e.log);
    db_stmt *s = db_prepare(c, SQL_SUM, &e);
    assert_non_null(s);
    assert_int_equal(db_step(s, &e), DB_ROW);
    out.rows = db_col_i64(s, 0);
    out.k = db_col_i64(s, 1);
    out.pad = db_col_i64(s, 2);
    db_done(s);
    db_end_read(c);
    return out;
}

/* The sums of rows base+1 .. base+n. */
static sums expect(int64_t base, int64_t n)
{
    return (sums){n, n * base + n * (n + 1) / 2, n * 400};
}

static void assert_sums(sums got, sums want)
{
    assert_int_equal(got.rows, want.rows);
    assert_int_equal(got.k, want.k);
    assert_int_equal(got.pad, want.pad);
}

static void checkpoint(db_conn *c)
{
    err_t e;
    assert_int_equal(db_exec_script(c, "PRAGMA wal_checkpoint(TRUNCATE)", &e), 0);
}

static int64_t file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (int64_t)st.st_size;
}

static void reads_come_from_the_map_and_follow_the_growing_file(void **state)
{
    fixture *f = *state;
    fill(f->writer, 0, 2000);
    checkpoint(f->writer);   /* the pages now in the file, not in the WAL */
    long long before = db_sqlite_map_fetched();
    assert_sums(read_sums(f->reader), expect(0, 2000));
    long long first = db_sqlite_map_fetched() - before;
    assert_true(first > 100);   /* some 230 pages of 4 KiB: all but page 1 from the map */

    /* Rows added by the other connection: first in the WAL, then in the file grown past the
     * size the map saw. */
    int64_t small = file_size(f->path);
    fill(f->writer, 2000, 8000);
    assert_sums(read_sums(f->reader), expect(0, 10000));
    checkpoint(f->writer);
    assert_true(file_size(f->path) > 3 * small);
    before = db_sqlite_map_fetched();
    assert_sums(read_sums(f->reader), expect(0, 10000));
    assert_true(db_sqlite_map_fetched() - before > 4 * first);   /* the new pages from the map too */
}

static void a_file_shrunk_here_is_not_read_past_its_end(void **state)
{
    fixture *f = *state;
    fill(f->writer, 0, 20000);
    checkpoint(f->writer);
    assert_sums(read_sums(f->reader), expect(0, 20000));   /* the map has seen the large file */
    int64_t large = file_size(f->path);

    err_t e;
    assert_int_equal(db_exec_script(f->writer, SQL_DROP_MOST, &e), 0);
    db_compact_info ci;
    assert_int_equal(db_compact_all(f->writer, &ci, &e), 0);   /* VACUUM, WAL checkpointed and truncated */
    assert_true(file_size(f->path) < large / 10);

    sums got = read_sums(f->reader);
    assert_int_equal(got.rows, 400);   /* ids 50, 100, … 20000: k = id */
    assert_int_equal(got.k, 50 * 400 * 401 / 2);
    fill(f->writer, 100000, 10);
    got = read_sums(f->reader);
    assert_int_equal(got.rows, 410);
}

static void a_file_shrunk_by_another_process_is_read_right(void **state)
{
    fixture *f = *state;
    fill(f->writer, 0, 20000);
    checkpoint(f->writer);
    assert_sums(read_sums(f->reader), expect(0, 20000));
    int64_t large = file_size(f->path);

    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    assert_true(n > 0);
    self[n] = '\0';
    char *argv[] = {self, "--shrink", f->url, NULL};
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, self, NULL, NULL, argv, environ), 0);
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    assert_true(file_size(f->path) < large / 10);

    sums got = read_sums(f->reader);
    assert_int_equal(got.rows, 400);
    assert_int_equal(got.k, 50 * 400 * 401 / 2);
    assert_int_equal(got.pad, 400 * 400);
}

/* The other process: a batch command's connection (no kept map). */
static int shrink(const char *url)
{
    db_conn *c = NULL;
    err_t e;
    db_compact_info ci;
    if (db_conn_open(url, false, &c, &e) || db_exec_script(c, SQL_DROP_MOST, &e) || db_compact_all(c, &ci, &e)) {
        fprintf(stderr, "shrink: %s\n", e.log);
        return 1;
    }
    db_conn_close(c);
    return 0;
}

/* A new t.db made by sql in a new directory (dir: mkdtemp's template, made
 * the directory's name; url: how db_conn_open names the file), through a
 * connection of SQLite's own VFS — no map of the file yet; left open, it is
 * as another process would be.  The caller closes it. */
static sqlite3 *make_raw(char *dir, char url[160], const char *sql)
{
    char path[128];
    assert_non_null(mkdtemp(dir));
    str_fmt(path, sizeof path, "%s/t.db", dir);
    str_fmt(url, 160, "sqlite:%s", path);
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "unix"), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
    return raw;
}

/* Pages of the named b-trees, counted by dbstat on a connection of SQLite's own VFS. */
static long long tree_pages(sqlite3 *db, const char *names)
{
    char sql[256];
    str_fmt(sql, sizeof sql, "SELECT count(*) FROM dbstat WHERE name IN (%s)", names);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    long long n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* A file larger than what is populated whole (here every file: the bound set to
 * 0 MB): the warming thread reads the pages of the audit log's index by object
 * (where each view's row goes), of the views' tables and of their indexes by
 * tap, and of nothing else (not the log's rows, nor its index by time). */
static void a_large_file_has_only_the_views_pages_made_present(void **state)
{
    (void)state;
    char dir[] = "/tmp/suido-keptwarm-XXXXXX", url[160];
    const char *make =
        "CREATE TABLE taps (id INTEGER PRIMARY KEY, tap_no TEXT NOT NULL);"
        "CREATE TABLE readings (id INTEGER PRIMARY KEY, tap_id INTEGER NOT NULL, cycle TEXT NOT NULL, pad TEXT);"
        "CREATE INDEX readings_tap ON readings(tap_id);"
        "CREATE INDEX readings_cycle ON readings(cycle, tap_id);"
        "CREATE TABLE bill_lines (bill_id INTEGER PRIMARY KEY, lines TEXT NOT NULL);"
        "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, object TEXT, pad TEXT);"
        "CREATE INDEX audit_at ON audit_log(at);"
        "CREATE INDEX audit_object ON audit_log(object, at);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)"
        " INSERT INTO audit_log (at, object, pad) SELECT printf('2026-12-%06d', i), printf('customer:%d', i * 7919 % 5000),"
        " printf('%.*c', 300, 'a') FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
        " INSERT INTO taps (tap_no) SELECT printf('%08d', i) FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
        " INSERT INTO readings (tap_id, cycle, pad) SELECT i % 5000 + 1, printf('2026-%02d', i % 12 + 1),"
        " printf('%.*c', 200, 'r') FROM n;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
        " INSERT INTO bill_lines (lines) SELECT printf('%.*c', 500, 'l') FROM n;";
    sqlite3 *raw = make_raw(dir, url, make);
    long long want = tree_pages(raw, "'audit_object', 'taps', 'readings', 'readings_tap'");
    long long all = tree_pages(raw, "'audit_object', 'taps', 'readings', 'readings_tap', 'readings_cycle', 'bill_lines',"
                                    " 'audit_log', 'audit_at'");
    sqlite3_close(raw);
    assert_true(want > 100 && all > 2 * want);

    setenv("SUIDO_SQLITE_POPULATE_MAX_MB", "0", 1);
    assert_int_equal(db_sqlite_map_warmed(), -1);
    db_conn *c = NULL;
    err_t e;
    assert_int_equal(db_conn_open(url, true, &c, &e), 0);   /* the map made: the warming starts */
    for (int i = 0; i < 3000 && db_sqlite_map_warmed() < 0; i++)
        usleep(10000);
    unsetenv("SUIDO_SQLITE_POPULATE_MAX_MB");
    assert_int_equal(db_sqlite_map_warmed(), want);
    db_conn_close(c);
    remove_db(dir);
}

/* COUNT and SUM of readings' tap ids through the index by tap (its interior
 * pages are what a larger file's connections fetch from the map). */
static void by_index(db_conn *c, int64_t *n, int64_t *sum)
{
    err_t e;
    if (db_begin_read(c, &e))
        fail_msg("begin read: %s", e.log);
    db_stmt *s = db_prepare(c, "SELECT count(*), COALESCE(sum(tap_id), 0) FROM readings INDEXED BY readings_tap"
                               " WHERE tap_id BETWEEN 1 AND 5000", &e);
    assert_non_null(s);
    assert_int_equal(db_step(s, &e), DB_ROW);
    *n = db_col_i64(s, 0);
    *sum = db_col_i64(s, 1);
    db_done(s);
    db_end_read(c);
}

/* A file larger than what is fetched whole: a page read once that is an
 * interior page of a b-tree is fetched from the map from then on (no pread),
 * and what the map shows after another connection has rewritten the file
 * (a VACUUM: those offsets now hold leaves, other trees, or nothing) is still
 * read right. */
static void a_large_files_interior_pages_come_from_the_map_and_follow_a_vacuum(void **state)
{
    (void)state;
    char dir[] = "/tmp/suido-keptupper-XXXXXX", url[160];
    const char *make =
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY);"
        "CREATE TABLE readings (id INTEGER PRIMARY KEY, tap_id INTEGER NOT NULL, pad TEXT);"
        "CREATE INDEX readings_tap ON readings(tap_id, pad);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)"
        " INSERT INTO readings (tap_id, pad) SELECT i % 5000 + 1, printf('%.*c', 100, 'r') FROM n;";
    sqlite3 *raw = make_raw(dir, url, make);   /* kept open: the other process that rewrites the file */
    sqlite3_busy_timeout(raw, 30000);   /* (the warming thread's reads of the file) */

    setenv("SUIDO_SQLITE_POPULATE_MAX_MB", "0", 1);
    db_conn *c = NULL;
    err_t e;
    assert_int_equal(db_conn_open(url, true, &c, &e), 0);
    unsetenv("SUIDO_SQLITE_POPULATE_MAX_MB");
    int64_t want_n = 30000, want_sum = 0;
    for (int64_t i = 1; i <= 30000; i++)
        want_sum += i % 5000 + 1;
    int64_t n, sum;
    by_index(c, &n, &sum);   /* the index's pages read, its interior ones marked */
    assert_int_equal(n, want_n);
    assert_int_equal(sum, want_sum);
    long long before = db_sqlite_map_fetched();
    by_index(c, &n, &sum);   /* now fetched from the map */
    assert_int_equal(sum, want_sum);
    assert_int_equal(sqlite3_exec(raw, "UPDATE readings SET pad = 'x' WHERE id = 1", NULL, NULL, NULL), SQLITE_OK);
    by_index(c, &n, &sum);   /* the file changed: the cache dropped, the interior pages fetched */
    assert_int_equal(n, want_n);
    assert_int_equal(sum, want_sum);
    long long fetched = db_sqlite_map_fetched() - before;
    assert_true(fetched > 0);

    /* rewritten under the map: most rows gone, the file shrunk */
    assert_int_equal(sqlite3_exec(raw, "DELETE FROM readings WHERE id % 3 = 0; VACUUM", NULL, NULL, NULL), SQLITE_OK);
    want_n = 0, want_sum = 0;
    for (int64_t i = 1; i <= 30000; i++)
        if (i % 3 != 0)
            want_n++, want_sum += i % 5000 + 1;
    by_index(c, &n, &sum);
    assert_int_equal(n, want_n);
    assert_int_equal(sum, want_sum);
    by_index(c, &n, &sum);
    assert_int_equal(n, want_n);
    assert_int_equal(sum, want_sum);
    db_conn_close(c);
    sqlite3_close(raw);
    remove_db(dir);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--shrink") == 0)
        return shrink(argv[2]);
    db_server_process();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(reads_come_from_the_map_and_follow_the_growing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(a_file_shrunk_here_is_not_read_past_its_end, setup, teardown),
        cmocka_unit_test_setup_teardown(a_file_shrunk_by_another_process_is_read_right, setup, teardown),
        cmocka_unit_test(a_large_file_has_only_the_views_pages_made_present),
        cmocka_unit_test(a_large_files_interior_pages_come_from_the_map_and_follow_a_vacuum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
