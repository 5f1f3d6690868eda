/* app_backup — backups of the SQLite flavour with restic (see app_backup.h). */
#include "app/app_backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/restic.h"
#include "base/log.h"
#include "domain/backup_manifest.h"
#include "domain/role.h"
#include "store/backup_store.h"
#include "store/db.h"
#include "store/migrate.h"

#define DB_NAME "suido.db"
#define MANIFEST_NAME "manifest.txt"
#define TAG "suido"

/* ---- settings ---------------------------------------------------------- */

static int bad_setting(err_t *e, const char *key, const char *user, const char *log)
{
    return err_set(e, ERR_INVALID, key, user, "%s: %s", key, log);
}

int app_backup_settings_load(const config *cfg, app_backup_settings *s, err_t *e)
{
    memset(s, 0, sizeof *s);
    const char *url = config_get(cfg, "db.url", "sqlite:var/suido.db");
    if (strncmp(url, "sqlite:", 7) != 0)
        return err_set(e, ERR_INVALID, "db.url",
                       "suido backup は SQLite 版のためのものです。PostgreSQL 版のバックアップは pgBackRest で行います"
                       "（docs/operations.md）。",
                       "suido backup is for SQLite; PostgreSQL is backed up with pgBackRest");
    const char *repo = config_get(cfg, "backup.repository", "");
    if (!*repo)
        return bad_setting(e, "backup.repository",
                           "バックアップ先のリポジトリが設定されていません（[backup] repository または環境変数 "
                           "SUIDO_BACKUP_REPO）。",
                           "not set");
    if (!str_copy(s->repository, sizeof s->repository, repo))
        return bad_setting(e, "backup.repository", "[backup] repository が長すぎます。", "too long");
    const char *pf = config_get(cfg, "backup.password_file", "");
    if (!*pf)
        return bad_setting(e, "backup.password_file",
                           "リポジトリのパスワードファイルが設定されていません（[backup] password_file または環境変数 "
                           "SUIDO_BACKUP_PASSWORD_FILE）。",
                           "not set");
    if (!str_copy(s->password_file, sizeof s->password_file, pf))
        return bad_setting(e, "backup.password_file", "[backup] password_file が長すぎます。", "too long");
    struct stat st;
    if (stat(pf, &st) != 0 || !S_ISREG(st.st_mode)) {
        char msg[1400];
        str_fmt(msg, sizeof msg, "[backup] password_file のパスワードファイル %s がありません。", pf);
        return bad_setting(e, "backup.password_file", msg, "missing");
    }
    if (st.st_mode & 077) {
        char msg[1400];
        str_fmt(msg, sizeof msg,
                "[backup] password_file のパスワードファイル %s が所有者以外からも読めます。chmod 600 にしてください。", pf);
        return bad_setting(e, "backup.password_file", msg, "readable by group or others");
    }
    const char *prog = config_get(cfg, "backup.restic", "restic");
    if (!*prog || !str_copy(s->restic, sizeof s->restic, prog))
        return bad_setting(e, "backup.restic", "[backup] restic にはプログラムのパスを指定してください。", "bad");
    const char *wd = config_get(cfg, "backup.work_dir", "");
    if (!*wd) {
        /* beside the database: room for a copy of it, and not a tmpfs */
        if (!app_sqlite_dir(url, s->work_dir, sizeof s->work_dir))
            return bad_setting(e, "db.url", "データベースのパスが長すぎます。", "too long");
    } else if (!str_copy(s->work_dir, sizeof s->work_dir, wd)) {
        return bad_setting(e, "backup.work_dir", "[backup] work_dir が長すぎます。", "too long");
    }
    s->keep = backup_retention_default();
    const struct { const char *key; int64_t *dst; } K[] = {
        {"backup.keep_daily", &s->keep.daily}, {"backup.keep_weekly", &s->keep.weekly},
        {"backup.keep_monthly", &s->keep.monthly}};
    for (size_t i = 0; i < 3; i++) {
        long long v;
        int rc = config_get_int(cfg, K[i].key, *K[i].dst, 0, 100000, &v, e);
        if (rc)
            return rc;
        *K[i].dst = v;
    }
    char why[160];
    if (!backup_retention_valid(&s->keep, why, sizeof why))
        return bad_setting(e, "backup.keep_daily",
                           "[backup] keep_daily・keep_weekly・keep_monthly がすべて 0 です。どれか一つは 1 以上にしてください。",
                           why);
    return 0;
}

static restic_repo repo_of(const app_backup_settings *s)
{
    return (restic_repo){.program = s->restic, .repository = s->repository, .password_file = s->password_file};
}

/* Run restic; a non-zero exit is ERR_IO with user (Japanese) and restic's
 * last words. */
static int restic_ok(const app_backup_settings *s, const char *const *args, buf_t *out, int out_fd,
                     const char *user, err_t *e)
{
    restic_repo r = repo_of(s);
    restic_out o = {.out = out, .out_fd = out_fd};
    int rc = restic_run(&r, args, &o, e);
    if (rc)
        return rc;
    if (o.status != 0 && strstr(o.err, "Is there a repository"))
        return err_set(e, ERR_IO, "backup.repository",
                       "リポジトリがありません。suido backup init で作成してください（[backup] repository を確認してください）。",
                       "restic %s: no repository at %s", args[0], s->repository);
    if (o.status != 0 && strstr(o.err, "wrong password"))
        return err_set(e, ERR_IO, "backup.password_file",
                       "リポジトリのパスワードが違います（[backup] password_file を確認してください）。",
                       "restic %s: wrong password", args[0]);
    if (o.status != 0) {
        char msg[1024];
        str_fmt(msg, sizeof msg, "%s（restic: %s）", user, o.err[0] ? o.err : "終了コードのみ");
        for (char *p = msg; *p; p++)
            if (*p == '\n')
                *p = ' ';
        return err_set(e, ERR_IO, NULL, msg, "restic %s exited %d: %s", args[0], o.status, o.err);
    }
    return 0;
}

int app_backup_init(const app_backup_settings *s, err_t *e)
{
    restic_repo r = repo_of(s);
    restic_out o = {.out_fd = -1};
    const char *args[] = {"init", NULL};
    int rc = restic_run(&r, args, &o, e);
    if (rc)
        return rc;
    if (o.status != 0 && strstr(o.err, "already"))
        return err_set(e, ERR_CONFLICT, "backup.repository", "リポジトリはすでに作成されています。",
                       "restic init: repository exists");
    if (o.status != 0)
        return err_set(e, ERR_IO, "backup.repository", "リポジトリを作成できません。", "restic init exited %d: %s",
                       o.status, o.err);
    log_info("backup: repository initialised");
    return 0;
}

/* ---- staging ----------------------------------------------------------- */

typedef struct stage {
    char dir[1100];
    char db[1200];
    char manifest[1200];
} stage;

static int stage_make(const char *work_dir, stage *st, err_t *e)
{
    memset(st, 0, sizeof *st);
    if (!str_fmt(st->dir, sizeof st->dir, "%s/.suido-backup-XXXXXX", work_dir) || !mkdtemp(st->dir))
        return err_set(e, ERR_IO, "backup.work_dir", "バックアップの作業用ディレクトリを作れません（[backup] work_dir）。",
                       "mkdtemp in %s: %s", work_dir, strerror(errno));
    str_fmt(st->db, sizeof st->db, "%s/" DB_NAME, st->dir);
    str_fmt(st->manifest, sizeof st->manifest, "%s/" MANIFEST_NAME, st->dir);
    return 0;
}

/* Remove the staging directory and what it holds (only our two files). */
static void stage_remove(stage *st)
{
    if (!st->dir[0])
        return;
    const char *suffix[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < 4; i++) {
        char p[1300];
        str_fmt(p, sizeof p, "%s%s", st->db, suffix[i]);
        unlink(p);
    }
    unlink(st->manifest);
    if (rmdir(st->dir) != 0)
        log_warn("backup: cannot remove %s: %s", st->dir, strerror(errno));
    st->dir[0] = '\0';
}

/* Staging folders left by a run that was killed (a crash, a power cut):
 * removed when they are more than a day old, so that a run going on at the
 * same time is never touched. */
static void stage_sweep(const char *work_dir)
{
    DIR *d = opendir(work_dir);
    if (!d)
        return;
    struct dirent *de;
    time_t now = time(NULL);
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, ".suido-backup-", 14) != 0 || strlen(de->d_name) != 20)
            continue;
        stage old;
        memset(&old, 0, sizeof old);
        struct stat st;
        if (!str_fmt(old.dir, sizeof old.dir, "%s/%s", work_dir, de->d_name) || lstat(old.dir, &st) != 0 ||
            !S_ISDIR(st.st_mode) || now - st.st_mtime < 86400)
            continue;
        str_fmt(old.db, sizeof old.db, "%s/" DB_NAME, old.dir);
        str_fmt(old.manifest, sizeof old.manifest, "%s/" MANIFEST_NAME, old.dir);
        log_warn("backup: removing %s, left by an interrupted run", old.dir);
        stage_remove(&old);
    }
    closedir(d);
}

/* SHA-256 and size of a file. */
static int file_digest(const char *path, char hex[65], int64_t *bytes, err_t *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, ERR_IO, NULL, NULL, "open %s: %s", path, strerror(errno));
    crypto_sha256 *h = crypto_sha256_begin();
    if (!h) {
        close(fd);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    static char chunk[1 << 16];
    int64_t total = 0;
    ssize_t got;
    while ((got = read(fd, chunk, sizeof chunk)) > 0) {
        crypto_sha256_add(h, chunk, (size_t)got);
        total += got;
    }
    int err = errno;
    close(fd);
    crypto_sha256_end(h, hex);
    if (got < 0)
        return err_set(e, ERR_IO, NULL, NULL, "read %s: %s", path, strerror(err));
    *bytes = total;
    return 0;
}

/* The tables of the database file at path, into m (rows and checksums),
 * and its schema version. */
static int digest_db(const char *path, backup_manifest *m, char *integrity, size_t integritysz, err_t *e)
{
    char url[1300];
    str_fmt(url, sizeof url, "sqlite:%s", path);
    db_conn *db = NULL;
    int rc = db_conn_open(url, true, &db, e);
    if (rc)
        return rc;
    int version = 0;
    char (*names)[BACKUP_TABLE_MAX] = NULL;
    size_t n = 0;
    if (integrity)
        rc = backup_store_integrity(db, integrity, integritysz, e);
    if (!rc)
        rc = migrate_current(db, &version, e);
    m->schema = version;
    if (!rc)
        rc = backup_store_tables(db, &names, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        int64_t rows = 0;
        char hex[65];
        rc = db_table_digest(db, names[i], &rows, hex, e);
        if (!rc && !backup_manifest_add_table(m, names[i], rows, hex))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    free(names);
    db_conn_close(db);
    return rc;
}

static int write_text_file(const char *path, const buf_t *b, err_t *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_set(e, ERR_IO, NULL, NULL, "create %s: %s", path, strerror(errno));
    ssize_t w = write(fd, b->data, b->len);
    int ok = w == (ssize_t)b->len && fsync(fd) == 0;
    close(fd);
    return ok ? 0 : err_set(e, ERR_IO, NULL, NULL, "write %s failed", path);
}

/* The snapshot id from `restic backup --json` output (its summary line). */
static bool summary_id(const char *out, char *id, size_t idsz)
{
    bool found = false;
    const char *p = out;
    while (p && *p && !found) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        json_t *j = json_loadb(p, len, 0, NULL);
        const char *type = j ? json_string_value(json_object_get(j, "message_type")) : NULL;
        const char *sid = j ? json_string_value(json_object_get(j, "snapshot_id")) : NULL;
        if (type && strcmp(type, "summary") == 0 && sid)
            found = str_copy(id, idsz, sid);
        json_decref(j);
        p = nl ? nl + 1 : NULL;
    }
    return found;
}

int app_backup_run(app_ctx *ctx, const app_backup_settings *s, const char *version, app_backup_result *r, err_t *e)
{
    memset(r, 0, sizeof *r);
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    if (db_kind(ctx->db) != DB_SQLITE)
        return err_set(e, ERR_INVALID, "db.url", "suido backup は SQLite 版のためのものです。", "not SQLite");
    stage_sweep(s->work_dir);
    stage st;
    if ((rc = stage_make(s->work_dir, &st, e)))
        return rc;
    backup_manifest m = {0};
    buf_t text, out;
    buf_init(&text, 0);
    buf_init(&out, 0);
    rc = db_snapshot_to(ctx->db, st.db, e);
    if (!rc)
        rc = digest_db(st.db, &m, NULL, 0, e);
    if (!rc)
        rc = file_digest(st.db, m.file_sha256, &m.file_bytes, e);
    if (!rc) {
        str_copy(m.version, sizeof m.version, version && *version ? version : "dev");
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(m.created, sizeof m.created, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (!backup_manifest_format(&m, &text))
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    if (!rc)
        rc = write_text_file(st.manifest, &text, e);
    if (!rc) {
        char t_schema[40], t_version[48], t_bytes[48];
        str_fmt(t_schema, sizeof t_schema, "schema=%lld", (long long)m.schema);
        str_fmt(t_version, sizeof t_version, "version=%s", m.version);
        str_fmt(t_bytes, sizeof t_bytes, "bytes=%lld", (long long)m.file_bytes);
        const char *args[] = {"backup", "--json", "--host", "suido", "--tag", TAG, "--tag", t_schema,
                              "--tag", t_version, "--tag", t_bytes, st.dir, NULL};
        rc = restic_ok(s, args, &out, -1, "リポジトリへ送れません。", e);
        if (!rc && !summary_id(buf_cstr(&out), r->snapshot, sizeof r->snapshot))
            rc = err_set(e, ERR_IO, NULL, "restic がスナップショットIDを返しませんでした。", "no summary from restic backup");
    }
    stage_remove(&st);
    r->bytes = m.file_bytes;
    r->schema = m.schema;
    r->tables = (int64_t)m.ntables;
    backup_manifest_free(&m);
    buf_free(&text);
    buf_free(&out);
    if (rc)
        return rc;
    log_info("backup: snapshot %s (%lld bytes, schema %lld)", r->snapshot, (long long)r->bytes, (long long)r->schema);
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "snapshot", r->snapshot);
    jsonw_kv_int(&d.w, "bytes", r->bytes);
    jsonw_kv_int(&d.w, "schema", r->schema);
    return app_audit_now_json(ctx, "backup.run", r->snapshot, &d, e);
}

/* ---- snapshots --------------------------------------------------------- */

static void read_snapshot(json_t *j, app_backup_snapshot *o, char *path, size_t pathsz)
{
    memset(o, 0, sizeof *o);
    o->bytes = o->schema = -1;
    const char *id = json_string_value(json_object_get(j, "id"));
    const char *sid = json_string_value(json_object_get(j, "short_id"));
    const char *t = json_string_value(json_object_get(j, "time"));
    str_copy(o->id, sizeof o->id, id ? id : "");
    str_copy(o->short_id, sizeof o->short_id, sid ? sid : "");
    /* "2026-12-05T20:14:04.123456789+09:00": the seconds and the offset */
    if (t) {
        const char *frac = strchr(t, '.');
        const char *zone = frac ? frac + strspn(frac + 1, "0123456789") + 1 : NULL;
        if (frac && (size_t)(frac - t) < sizeof o->time)
            str_fmt(o->time, sizeof o->time, "%.*s%s", (int)(frac - t), t, zone);
        else
            str_copy(o->time, sizeof o->time, t);
    }
    size_t i;
    json_t *tag;
    json_array_foreach(json_object_get(j, "tags"), i, tag) {
        const char *v = json_string_value(tag);
        long long n;
        if (!v)
            continue;
        if (strncmp(v, "bytes=", 6) == 0 && str_to_i64(v + 6, &n))
            o->bytes = n;
        else if (strncmp(v, "schema=", 7) == 0 && str_to_i64(v + 7, &n))
            o->schema = n;
        else if (strncmp(v, "version=", 8) == 0)
            str_copy(o->version, sizeof o->version, v + 8);
    }
    if (path) {
        const char *p = json_string_value(json_array_get(json_object_get(j, "paths"), 0));
        str_copy(path, pathsz, p ? p : "");
    }
}

static int snapshots_json(const app_backup_settings *s, const char *id, json_t **arr, err_t *e)
{
    buf_t out;
    buf_init(&out, 0);
    const char *all[] = {"snapshots", "--json", "--tag", TAG, NULL};
    const char *one[] = {"snapshots", "--json", "--tag", TAG, id, NULL};
    int rc = restic_ok(s, id ? one : all, &out, -1, "リポジトリのスナップショットを読めません。", e);
    *arr = NULL;
    if (!rc) {
        json_error_t je;
        *arr = json_loads(buf_cstr(&out), 0, &je);
        if (!json_is_array(*arr)) {
            json_decref(*arr);
            *arr = NULL;
            rc = err_set(e, ERR_IO, NULL, "restic の応答を読めません。", "restic snapshots: %s", je.text);
        }
    }
    buf_free(&out);
    return rc;
}

int app_backup_list(const app_backup_settings *s, app_backup_snapshot **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    json_t *arr;
    int rc = snapshots_json(s, NULL, &arr, e);
    if (rc)
        return rc;
    size_t cnt = json_array_size(arr);
    if (cnt) {
        *rows = calloc(cnt, sizeof **rows);
        if (!*rows) {
            json_decref(arr);
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        }
    }
    for (size_t i = 0; i < cnt; i++)
        read_snapshot(json_array_get(arr, i), &(*rows)[i], NULL, 0);
    *n = cnt;
    json_decref(arr);
    return 0;
}

/* The snapshot named id ("latest" or an id, short or long): its full id and
 * the staging directory it was taken of. */
static int find_snapshot(const app_backup_settings *s, const char *id, app_backup_snapshot *o, char *path,
                         size_t pathsz, err_t *e)
{
    bool hex = id && *id && strlen(id) <= 64 && strspn(id, "0123456789abcdef") == strlen(id);
    if (!hex && !(id && strcmp(id, "latest") == 0))
        return err_set(e, ERR_INVALID, "id", "スナップショットIDは suido backup list の ID（16進数）か latest を指定してください。",
                       "bad snapshot id");
    json_t *arr;
    int rc = snapshots_json(s, id, &arr, e);
    if (rc) {
        if (strstr(e->log, "no matching ID") || strstr(e->log, "no snapshot"))
            return err_set(e, ERR_NOTFOUND, "id", "そのIDのスナップショットはありません（suido backup list で確認してください）。",
                           "snapshot %s not found", id);
        return rc;
    }
    if (json_array_size(arr) == 0) {
        json_decref(arr);
        return err_set(e, ERR_NOTFOUND, "id", "そのIDのスナップショットはありません（suido backup list で確認してください）。",
                       "snapshot %s not found", id);
    }
    read_snapshot(json_array_get(arr, json_array_size(arr) - 1), o, path, pathsz);
    json_decref(arr);
    if (!path[0])
        return err_set(e, ERR_IO, NULL, "スナップショットの内容を読めません。", "snapshot without paths");
    return 0;
}

/* restic dump of snapshot's file name into a new file at dest (0600). */
static int dump_file(const app_backup_settings *s, const app_backup_snapshot *snap, const char *snap_dir,
                     const char *name, const char *dest, err_t *e)
{
    char inside[1300];
    str_fmt(inside, sizeof inside, "%s/%s", snap_dir, name);
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_set(e, ERR_IO, NULL, "復元するファイルを作れません。", "create %s: %s", dest, strerror(errno));
    const char *args[] = {"dump", snap->id, inside, NULL};
    int rc = restic_ok(s, args, NULL, fd, "スナップショットからデータベースを取り出せません。", e);
    if (!rc && fsync(fd) != 0)
        rc = err_set(e, ERR_IO, NULL, NULL, "fsync %s: %s", dest, strerror(errno));
    close(fd);
    return rc;
}

static int dump_manifest(const app_backup_settings *s, const app_backup_snapshot *snap, const char *snap_dir,
                         backup_manifest *m, err_t *e)
{
    char inside[1300];
    str_fmt(inside, sizeof inside, "%s/" MANIFEST_NAME, snap_dir);
    buf_t b;
    buf_init(&b, 0);
    const char *args[] = {"dump", snap->id, inside, NULL};
    int rc = restic_ok(s, args, &b, -1, "スナップショットのマニフェストを読めません。", e);
    char why[160];
    if (!rc && !backup_manifest_parse(buf_cstr(&b), m, why, sizeof why))
        rc = err_set(e, ERR_IO, NULL, "スナップショットのマニフェストが壊れています。", "%s", why);
    buf_free(&b);
    return rc;
}

/* true when dir has no entry but . and .. (a missing dir counts as empty). */
static bool dir_empty(const char *dir, bool *exists)
{
    DIR *d = opendir(dir);
    *exists = d != NULL || errno != ENOENT;
    if (!d)
        return !*exists;
    struct dirent *de;
    bool empty = true;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            empty = false;
            break;
        }
    closedir(d);
    return empty;
}

/* Does the key file open the restored data?  *out: the loaded keyring
 * (crypto_keyring_free) when there is one, for the audit check. */
static void check_key(db_conn *db, const char *key_file, app_backup_restore_report *rep, crypto_keyring **out)
{
    *out = NULL;
    str_copy(rep->key_file, sizeof rep->key_file, key_file);
    crypto_keyring *kr = NULL;
    err_t ke;
    err_clear(&ke);
    if (crypto_init() != 0 || crypto_keyring_load(key_file, false, &kr, &ke) != 0) {
        rep->key_state = APP_BACKUP_KEY_MISSING;
        str_copy(rep->key_problem, sizeof rep->key_problem, ke.log[0] ? ke.log : "cannot load");
        return;
    }
    char *sample = malloc(65536);
    rep->key_state = APP_BACKUP_KEY_UNTESTED;
    if (sample && backup_store_sealed_sample(db, sample, 65536, &ke) == 0 && sample[0]) {
        char *plain = crypto_open(kr, sample);
        rep->key_state = plain ? APP_BACKUP_KEY_OK : APP_BACKUP_KEY_WRONG;
        if (!plain)
            str_copy(rep->key_problem, sizeof rep->key_problem, "the key file does not open the sealed data");
        free(plain);
    }
    free(sample);
    if (rep->key_state == APP_BACKUP_KEY_WRONG)
        crypto_keyring_free(kr);
    else
        *out = kr;
}

int app_backup_restore(const app_backup_settings *s, const char *id, const char *dir, const char *key_file,
                       app_backup_restore_report *rep, err_t *e)
{
    memset(rep, 0, sizeof *rep);
    bool exists;
    if (!dir_empty(dir, &exists)) {
        char msg[1300];
        str_fmt(msg, sizeof msg, "復元先 %s は空ではありません。空のディレクトリか、まだ無いディレクトリを指定してください。", dir);
        return err_set(e, ERR_CONFLICT, "--to", msg, "restore target not empty");
    }
    if (!exists && mkdir(dir, 0700) != 0) {
        char msg[1300];
        str_fmt(msg, sizeof msg, "復元先 %s を作れません。", dir);
        return err_set(e, ERR_IO, "--to", msg, "mkdir %s: %s", dir, strerror(errno));
    }
    app_backup_snapshot snap;
    char snap_dir[1100];
    int rc = find_snapshot(s, id, &snap, snap_dir, sizeof snap_dir, e);
    if (rc)
        return rc;
    str_copy(rep->snapshot, sizeof rep->snapshot, snap.id);
    str_fmt(rep->db_path, sizeof rep->db_path, "%s/" DB_NAME, dir);
    backup_manifest want = {0};
    if ((rc = dump_manifest(s, &snap, snap_dir, &want, e)))
        return rc;
    rc = dump_file(s, &snap, snap_dir, DB_NAME, rep->db_path, e);
    char hex[65];
    int64_t bytes = 0;
    if (!rc)
        rc = file_digest(rep->db_path, hex, &bytes, e);
    if (rc) {
        unlink(rep->db_path);
        backup_manifest_free(&want);
        return rc;
    }
    rep->file_ok = strcmp(hex, want.file_sha256) == 0 && bytes == want.file_bytes;
    rep->manifest_schema = want.schema;
    rep->latest_schema = migrate_latest();
    backup_manifest_free(&want);
    /* the checks: SQLite's, the schema, the audit chain */
    char url[1300];
    str_fmt(url, sizeof url, "sqlite:%s", rep->db_path);
    db_conn *db = NULL;
    if ((rc = db_conn_open(url, true, &db, e)))
        return rc;
    int version = 0;
    rc = backup_store_integrity(db, rep->integrity, sizeof rep->integrity, e);
    if (!rc)
        rc = migrate_current(db, &version, e);
    rep->schema = version;
    crypto_keyring *kr = NULL;
    if (!rc)
        check_key(db, key_file, rep, &kr);
    if (!rc && kr) {
        /* the chain's hashes cover the plaintext details: only with the key */
        app_env env;
        memset(&env, 0, sizeof env);
        env.keys = kr;
        app_ctx ctx;
        app_ctx_operator(&ctx, &env, db);
        app_audit_report ar;
        rc = app_audit_verify(&ctx, &ar, e);
        rep->audit_checked = true;
        rep->audit_rows = ar.rows_checked;
        rep->audit_bad_seq = ar.bad_seq;
        str_copy(rep->audit_problem, sizeof rep->audit_problem, ar.problem);
    }
    crypto_keyring_free(kr);
    db_conn_close(db);
    if (rc)
        return rc;
    rep->ok = rep->file_ok && strcmp(rep->integrity, "ok") == 0 && rep->schema == rep->manifest_schema &&
              rep->audit_bad_seq == 0;
    log_info("backup: restored snapshot %s to %s (%s)", snap.id, rep->db_path, rep->ok ? "checks ok" : "CHECKS FAILED");
    return 0;
}

int app_backup_check(const app_backup_settings *s, const char *id, const char *subset, app_backup_check_report *rep,
                     err_t *e)
{
    memset(rep, 0, sizeof *rep);
    app_backup_snapshot snap;
    char snap_dir[1100];
    int rc = find_snapshot(s, id && *id ? id : "latest", &snap, snap_dir, sizeof snap_dir, e);
    if (rc)
        return rc;
    str_copy(rep->snapshot, sizeof rep->snapshot, snap.id);
    stage st;
    if ((rc = stage_make(s->work_dir, &st, e)))
        return rc;
    backup_manifest want = {0}, got = {0};
    char hex[65], integrity[128] = "";
    int64_t bytes = 0;
    err_t de;
    err_clear(&de);
    int drc = dump_manifest(s, &snap, snap_dir, &want, &de);
    if (!drc)
        drc = dump_file(s, &snap, snap_dir, DB_NAME, st.db, &de);
    if (!drc)
        drc = file_digest(st.db, hex, &bytes, &de);
    if (drc) {
        str_fmt(rep->drill_problem, sizeof rep->drill_problem, "the snapshot cannot be restored: %s", de.log);
    } else if (strcmp(hex, want.file_sha256) != 0 || bytes != want.file_bytes) {
        str_fmt(rep->drill_problem, sizeof rep->drill_problem,
                "the restored file differs from the manifest (sha256 or size)");
    } else if ((drc = digest_db(st.db, &got, integrity, sizeof integrity, &de))) {
        str_fmt(rep->drill_problem, sizeof rep->drill_problem, "the restored database cannot be read: %s", de.log);
    } else if (strcmp(integrity, "ok") != 0) {
        str_fmt(rep->drill_problem, sizeof rep->drill_problem, "integrity check: %s", integrity);
    } else if (got.schema != want.schema) {
        str_fmt(rep->drill_problem, sizeof rep->drill_problem, "schema %lld, the manifest says %lld",
                (long long)got.schema, (long long)want.schema);
    } else if (backup_manifest_same_tables(&want, &got, rep->drill_problem, sizeof rep->drill_problem)) {
        rep->drill_ok = true;
    }
    rep->tables = (int64_t)got.ntables;
    stage_remove(&st);
    backup_manifest_free(&want);
    backup_manifest_free(&got);
    /* the repository itself: every pack read back and verified */
    char opt[64] = "--read-data";
    if (subset && *subset)
        str_fmt(opt, sizeof opt, "--read-data-subset=%s", subset);
    const char *args[] = {"check", opt, NULL};
    restic_repo r = repo_of(s);
    restic_out o = {.out_fd = -1};
    if ((rc = restic_run(&r, args, &o, e)))
        return rc;
    rep->repo_ok = o.status == 0;
    if (!rep->repo_ok)
        str_copy(rep->repo_problem, sizeof rep->repo_problem, o.err[0] ? o.err : "restic check failed");
    log_info("backup check: snapshot %s: drill %s, repository %s", snap.id, rep->drill_ok ? "ok" : "FAILED",
             rep->repo_ok ? "ok" : "DAMAGED");
    return 0;
}

int app_backup_prune(const app_backup_settings *s, char *summary, size_t summarysz, err_t *e)
{
    const char *keep[6];
    char nums[3][24];
    size_t nk = backup_retention_args(&s->keep, keep, nums);
    const char *args[16] = {"forget", "--tag", TAG, "--group-by", "host", "--prune"};
    size_t n = 6;
    for (size_t i = 0; i < nk; i++)
        args[n++] = keep[i];
    args[n] = NULL;
    int rc = restic_ok(s, args, NULL, -1, "古いスナップショットを整理できません。", e);
    if (!rc)
        str_fmt(summary, summarysz, "kept daily %lld, weekly %lld, monthly %lld", (long long)s->keep.daily,
                (long long)s->keep.weekly, (long long)s->keep.monthly);
    return rc;
}
