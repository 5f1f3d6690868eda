/* db_sqlite_backup — the SQLite online backup API and table digests for
 * `suido backup` (see db.h: db_snapshot_to, db_table_digest). */
#include "store/db_driver.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/crypto.h"

static int bk_fail(sqlite3 *db, int rc, err_t *e, const char *what)
{
    return err_set(e, ERR_DB, NULL, "バックアップを作成できません。", "sqlite %s: %s (%d)", what,
                   db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), rc);
}

int db_sqlite_backup_to(db_conn *c, const char *path, err_t *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_set(e, ERR_IO, NULL, "バックアップ用の一時ファイルを作れません。", "create %s: %s", path,
                       strerror(errno));
    close(fd);
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        int r = bk_fail(dst, rc, e, "open snapshot");
        sqlite3_close(dst);
        return r;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->handle, "main");
    if (!b) {
        int r = bk_fail(dst, 0, e, "backup_init");
        sqlite3_close(dst);
        return r;
    }
    /* All pages in one step: one read snapshot of the source, so the copy is
     * consistent; in WAL mode the writers are not held up.  A writer holding
     * the source locked (journal mode) only delays us. */
    for (int tries = 0;; tries++) {
        rc = sqlite3_backup_step(b, -1);
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < 600) {
            struct timespec ts = {0, 100 * 1000 * 1000};
            nanosleep(&ts, NULL);
            continue;
        }
        break;
    }
    int frc = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE || frc != SQLITE_OK) {
        int r = bk_fail(dst, rc != SQLITE_DONE ? rc : frc, e, "backup_step");
        sqlite3_close(dst);
        return r;
    }
    char *msg = NULL;
    if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, ERR_DB, NULL, "バックアップを作成できません。", "snapshot journal_mode: %s", msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(dst);
        return ERR_DB;
    }
    if (sqlite3_close(dst) != SQLITE_OK)
        return err_set(e, ERR_DB, NULL, "バックアップを作成できません。", "close snapshot");
    return 0;
}

/* One value into the hash: a type byte, then the value (8 bytes big-endian
 * for an integer, the length and bytes for text and blobs, the shortest
 * round-trip text for a real). */
static void hash_value(crypto_sha256 *h, sqlite3_stmt *st, int col)
{
    unsigned char tag = (unsigned char)sqlite3_column_type(st, col);
    crypto_sha256_add(h, &tag, 1);
    unsigned char be[8];
    switch (tag) {
    case SQLITE_INTEGER: {
        uint64_t v = (uint64_t)sqlite3_column_int64(st, col);
        for (int i = 0; i < 8; i++)
            be[i] = (unsigned char)(v >> (56 - 8 * i));
        crypto_sha256_add(h, be, 8);
        break;
    }
    case SQLITE_FLOAT: {
        char t[40];
        str_fmt(t, sizeof t, "%.17g", sqlite3_column_double(st, col));
        crypto_sha256_add(h, t, strlen(t) + 1);
        break;
    }
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
        const void *p = tag == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, col) : sqlite3_column_blob(st, col);
        uint64_t n = (uint64_t)sqlite3_column_bytes(st, col);
        for (int i = 0; i < 8; i++)
            be[i] = (unsigned char)(n >> (56 - 8 * i));
        crypto_sha256_add(h, be, 8);
        if (n)
            crypto_sha256_add(h, p, (size_t)n);
        break;
    }
    default:
        break;   /* NULL: the tag alone */
    }
}

int db_sqlite_table_digest(db_conn *c, const char *table, int64_t *rows, char hex[65], err_t *e)
{
    size_t n = strspn(table, "abcdefghijklmnopqrstuvwxyz0123456789_");
    if (n == 0 || table[n] != '\0' || n > 63)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "db_table_digest: bad table name");
    sqlite3 *db = c->handle;
    sqlite3_stmt *st = NULL;
    buf_t sql;
    buf_init(&sql, 256);
    buf_printf(&sql, "SELECT * FROM \"%s\" ORDER BY rowid", table);
    if (sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &st, NULL) != SQLITE_OK) {
        /* WITHOUT ROWID: every column, in order, is a total order of distinct rows */
        sqlite3_finalize(st);
        st = NULL;
        buf_reset(&sql);
        buf_printf(&sql, "SELECT * FROM \"%s\"", table);
        int ncol = 0;
        if (sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &st, NULL) == SQLITE_OK)
            ncol = sqlite3_column_count(st);
        sqlite3_finalize(st);
        st = NULL;
        for (int i = 1; i <= ncol; i++)
            buf_printf(&sql, i == 1 ? " ORDER BY %d" : ",%d", i);
        if (sqlite3_prepare_v2(db, buf_cstr(&sql), -1, &st, NULL) != SQLITE_OK) {
            buf_free(&sql);
            return err_set(e, ERR_DB, NULL, NULL, "digest %s: %s", table, sqlite3_errmsg(db));
        }
    }
    buf_free(&sql);
    crypto_sha256 *h = crypto_sha256_begin();
    if (!h) {
        sqlite3_finalize(st);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    int ncol = sqlite3_column_count(st);
    for (int i = 0; i < ncol; i++) {
        const char *name = sqlite3_column_name(st, i);
        crypto_sha256_add(h, name ? name : "", name ? strlen(name) + 1 : 1);
    }
    int64_t count = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < ncol; i++)
            hash_value(h, st, i);
        count++;
    }
    crypto_sha256_end(h, hex);
    if (rc != SQLITE_DONE) {
        int r = err_set(e, ERR_DB, NULL, NULL, "digest %s: %s", table, sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return r;
    }
    sqlite3_finalize(st);
    *rows = count;
    return 0;
}
