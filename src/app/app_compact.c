/* app_compact — see app_compact.h. */
#include "app/app_compact.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "domain/compact_space.h"
#include "store/db.h"

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Where SQLite puts its temporary files (the first of these that is a
 * directory this process may write, as SQLite's unix layer chooses). */
static const char *sqlite_tmp_dir(void)
{
    const char *dirs[] = {getenv("SQLITE_TMPDIR"), getenv("TMPDIR"), "/var/tmp", "/usr/tmp", "/tmp", "."};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        struct stat st;
        if (dirs[i] && dirs[i][0] && stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode) &&
            access(dirs[i], W_OK | X_OK) == 0)
            return dirs[i];
    }
    return ".";
}

static bool disk_of(const char *dir, compact_disk *d)
{
    struct stat st;
    struct statvfs vf;
    if (stat(dir, &st) != 0 || statvfs(dir, &vf) != 0)
        return false;
    d->dev = (uint64_t)st.st_dev;
    d->free_bytes = (int64_t)vf.f_bavail * (int64_t)vf.f_frsize;
    return true;
}

/* SQLite: is there room on the disks for VACUUM's copy and log? */
static int check_room(const app_ctx *ctx, err_t *e)
{
    const char *path = ctx->env->db_url + strlen("sqlite:");
    char dir[1024];
    if (!app_sqlite_dir(ctx->env->db_url, dir, sizeof dir))
        return err_set(e, ERR_INVALID, "db", "データベースのパスが長すぎます。", "db path too long");
    struct stat st;
    compact_disk db, tmp;
    const char *tmp_dir = sqlite_tmp_dir();
    if (stat(path, &st) != 0 || !disk_of(dir, &db) || !disk_of(tmp_dir, &tmp))
        return err_set(e, ERR_INVALID, "db", "データベースのファイルか一時ディレクトリの空き容量を調べられません。",
                       "stat/statvfs of %s or %s failed", path, tmp_dir);
    char why[512];
    if (!compact_space_ok((int64_t)st.st_size, db, dir, tmp, tmp_dir, why, sizeof why))
        return err_set(e, ERR_INVALID, "disk", why, "db compact: no room (%s)", why);
    return 0;
}

int app_db_compact(app_ctx *ctx, app_compact_result *r, err_t *e)
{
    *r = (app_compact_result){0};
    if (ctx->actor.role != APP_ROLE_OPERATOR)
        return err_set(e, ERR_FORBIDDEN, NULL, NULL, "db compact is for the operator");
    r->sqlite = db_kind(ctx->db) == DB_SQLITE;
    int rc;
    if (r->sqlite && (rc = check_room(ctx, e)))
        return rc;
    int64_t t0 = now_ms();
    db_compact_info info;
    if ((rc = db_compact_all(ctx->db, &info, e)))
        return rc;
    r->millis = now_ms() - t0;
    r->bytes_before = info.bytes_before;
    r->bytes_after = info.bytes_after;
    r->free_before = info.free_before;
    log_info("db compact: %lld → %lld bytes in %lld ms", (long long)r->bytes_before, (long long)r->bytes_after,
             (long long)r->millis);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_int(&d.w, "bytes_before", r->bytes_before);
    jsonw_kv_int(&d.w, "bytes_after", r->bytes_after);
    if (r->sqlite)
        jsonw_kv_int(&d.w, "free_before", r->free_before);
    jsonw_kv_int(&d.w, "millis", r->millis);
    return app_audit_now_json(ctx, "db.compact", r->sqlite ? "sqlite" : "postgresql", &d, e);
}
