/* app_ic_export — `suido export`: every file of suido-interchange/1 from one
 * read snapshot (see app_interchange.h).
 *
 * Each file is streamed: rows come from ic_store_each in the file's order,
 * are written through the CSV writer into a buffer flushed to the file every
 * megabyte, and hashed on the way.  A reference is written as the target's
 * business key, which the export of the target file remembered (id → key, in
 * memory, for the files that are referred to by id). */
#include "app/interchange/app_interchange.h"
#include "app/interchange/app_ic_export_pipe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/anonfile.h"
#include "base/csv.h"
#include "base/log.h"
#include "domain/interchange/ic_keymap.h"
#include "domain/interchange/ic_manifest.h"
#include "domain/role.h"
#include "store/db.h"
#include "store/interchange/ic_store.h"

#define FLUSH_AT (1024 * 1024)

typedef struct exporter {
    app_ctx *ctx;
    int dirfd;
    FILE *progress;
    ic_keymap keys[IC_FILE__COUNT];   /* id → business key, for the files with ids others refer to */
    /* the file being written */
    int f, fd;
    const ic_file_def *def;
    int width[IC_MAX_CSV_COLS];       /* ic_format_width of each column */
    bool keep_keys;                   /* the file has ids, and other files refer to it */
    buf_t out, key;
    csv_writer w;
    crypto_sha256 *sha;
    app_ic_file_writer *writer;            /* hashes and writes out behind the formatting */
    int64_t read_cpu_ms;              /* of the reading threads so far */
    ic_manifest_file *mf;
    int rc;
    err_t *e;
} exporter;

/* The writer's failure since its last sync, as the error. */
static int write_failed(exporter *x)
{
    int err_no = 0;
    app_ic_file_writer_sync(x->writer, &err_no);
    return err_set(x->e, ERR_IO, NULL, "出力ファイルに書き込めません（ディスクの空きを確認してください）。",
                   "write %s: %s", x->def->file, strerror(err_no ? err_no : EIO));
}

/* The buffer handed to the writer thread (hashed, then written to the file). */
static int flush(exporter *x)
{
    if (x->out.failed)
        return err_set(x->e, ERR_INTERNAL, NULL, NULL, "export buffer overflow in %s", x->def->file);
    if (!app_ic_file_writer_put(x->writer, x->fd, x->sha, &x->out))
        return write_failed(x);
    return 0;
}

/* One CSV cell that is also part of the row's key when key. */
static void cell(exporter *x, const char *v, bool key)
{
    csv_field_exact(&x->w, v);
    if (key) {
        if (x->key.len)
            buf_putc(&x->key, IC_KEY_SEP);
        buf_puts(&x->key, v);
    }
}

/* A reference: the target's key (its parts as cells), or empty cells. */
static int ref_cells(exporter *x, int c, const char *v, bool key)
{
    const ic_col *col = &x->def->cols[c];
    int width = x->width[c];
    if (!v || ((col->flags & IC_ZERO) && strcmp(v, "0") == 0)) {
        for (int k = 0; k < width; k++)
            cell(x, "", key);
        return 0;
    }
    if (!ic_format_file(col->ref)->has_id) {
        cell(x, v, key);
        return 0;
    }
    long long id = 0;
    ic_keymap_slot *s = str_to_i64(v, &id) ? ic_keymap_get_int(&x->keys[col->ref], id) : NULL;
    if (!s)
        return err_set(x->e, ERR_INTERNAL, NULL, NULL, "%s: row refers to %s id %s, not exported", x->def->file,
                       ic_format_file(col->ref)->file, v);
    const char *p = s->aux;
    for (int k = 0; k < width; k++) {
        const char *end = strchr(p, IC_KEY_SEP);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char part[256];
        if (n >= sizeof part)
            n = sizeof part - 1;
        memcpy(part, p, n);
        part[n] = '\0';
        cell(x, part, key);
        p = end ? end + 1 : p + n;
    }
    return 0;
}

/* A text that names a row by its id ("works:12"): written with the row's
 * business key instead ("works:R08-0001"; the key's parts joined by '/'). */
static int id_text_cell(exporter *x, const char *v, const char *prefix, int target, bool key)
{
    size_t n = strlen(prefix);
    long long id = 0;
    ic_keymap_slot *s = str_to_i64(v + n, &id) ? ic_keymap_get_int(&x->keys[target], id) : NULL;
    if (!s)
        return err_set(x->e, ERR_INTERNAL, NULL, NULL, "%s: text %s names no row of %s", x->def->file, v,
                       ic_format_file(target)->file);
    char text[320];
    str_fmt(text, sizeof text, "%s%s", prefix, (const char *)s->aux);
    for (char *p = text + n; *p; p++)
        if (*p == IC_KEY_SEP)
            *p = '/';
    cell(x, text, key);
    return 0;
}

static int one_cell(exporter *x, int c, const char *v)
{
    const ic_col *col = &x->def->cols[c];
    bool key = (col->flags & IC_KEY) != 0;
    const char *prefix;
    int target;
    if (col->kind == IC_REF)
        return ref_cells(x, c, v, key);
    if (v && ic_format_id_text(x->f, c, &prefix, &target) && strncmp(v, prefix, strlen(prefix)) == 0)
        return id_text_cell(x, v, prefix, target, key);
    if (col->kind == IC_SEQ) {   /* numbered by the reading thread (app_ic_rows_each) */
        cell(x, v ? v : "", key);
        return 0;
    }
    if (col->kind == IC_SEALED && v) {
        char *plain = crypto_open(x->ctx->env->keys, v);
        if (!plain)
            return err_set(x->e, ERR_IO, NULL, "暗号化された項目を復号できません（鍵ファイルを確認してください）。",
                           "%s: cannot open %s", x->def->file, col->name);
        cell(x, plain, key);
        free(plain);
        return 0;
    }
    if ((col->flags & IC_YEN) && v) {
        long long n = 0;
        str_to_i64(v, &n);
        ic_manifest_sum_add(x->mf->sums, x->mf->nsums, col->name, n);
    }
    cell(x, v ? v : "", key);
    return 0;
}

static int row(void *arg, int64_t id, const char *const *vals, int n)
{
    exporter *x = arg;
    buf_reset(&x->key);
    for (int c = 0; c < n; c++)
        if ((x->rc = one_cell(x, c, vals[c])))
            return x->rc;
    csv_end_row(&x->w);
    if (x->keep_keys) {
        bool dup;
        if (!ic_keymap_put_int(&x->keys[x->f], id, id, buf_cstr(&x->key), &dup))
            return x->rc = err_set(x->e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    if (++x->mf->rows % APP_IC_PROGRESS_ROWS == 0 && x->progress)
        fprintf(x->progress, "  %s: %lld 行\n", x->def->file, (long long)x->mf->rows);
    if (x->out.len >= FLUSH_AT)
        x->rc = flush(x);
    return x->rc;
}

static int create_file(exporter *x, const char *name, int *fd)
{
    *fd = openat(x->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (*fd < 0)
        return err_set(x->e, ERR_IO, NULL, "出力ファイルを作成できません。", "create %s: %s", name, strerror(errno));
    return 0;
}

static int export_file(exporter *x, int f, ic_manifest_file *mf)
{
    x->f = f;
    x->def = ic_format_file(f);
    x->mf = mf;
    memset(mf, 0, sizeof *mf);
    str_copy(mf->name, sizeof mf->name, x->def->file);
    mf->nsums = ic_manifest_sums_init(f, mf->sums);
    const ic_store_table *t = ic_store_table_of(x->def->file);
    if (!t || ic_store_cols(t) != x->def->ncols)
        return err_set(x->e, ERR_INTERNAL, NULL, NULL, "no store table for %s", x->def->file);
    for (int c = 0; c < x->def->ncols && c < IC_MAX_CSV_COLS; c++)
        x->width[c] = ic_format_width(f, c);
    x->keep_keys = x->def->has_id && ic_format_referred(f);
    int rc = create_file(x, x->def->file, &x->fd);
    if (rc)
        return rc;
    x->sha = crypto_sha256_begin();
    csv_begin(&x->w, &x->out, false);
    for (int c = 0; c < x->def->ncols; c++)
        for (int k = 0; k < ic_format_width(f, c); k++) {
            char name[128];
            ic_format_csv_name(f, c, k, name, sizeof name);
            csv_field_exact(&x->w, name);
        }
    csv_end_row(&x->w);
    x->rc = 0;
    rc = x->sha ? app_ic_rows_each(x->ctx->db, t, f, row, x, &x->read_cpu_ms, x->e) : err_set(x->e, ERR_INTERNAL, NULL, NULL, "oom");
    if (!rc)
        rc = flush(x);
    int err_no = 0;   /* the writer done with this file (its hash and fd) before either is let go */
    if (!app_ic_file_writer_sync(x->writer, &err_no) && !rc)
        rc = err_set(x->e, ERR_IO, NULL, "出力ファイルに書き込めません（ディスクの空きを確認してください）。",
                     "write %s: %s", x->def->file, strerror(err_no));
    crypto_sha256_end(x->sha, mf->sha256);
    x->sha = NULL;
    if (!rc && fsync(x->fd) != 0)
        rc = err_set(x->e, ERR_IO, NULL, NULL, "fsync %s: %s", x->def->file, strerror(errno));
    close(x->fd);
    if (!rc && x->progress)
        fprintf(x->progress, "%s: %lld 行\n", x->def->file, (long long)mf->rows);
    return rc;
}

/* dir created 0700, or an empty directory already there. */
static int open_dir(const char *dir, int *dirfd, err_t *e)
{
    if (mkdir(dir, 0700) != 0) {
        if (errno != EEXIST)
            return err_set(e, ERR_IO, "dir", "出力先のディレクトリを作成できません。", "mkdir %s: %s", dir,
                           strerror(errno));
        DIR *d = opendir(dir);
        if (!d)
            return err_set(e, ERR_IO, "dir", "出力先のディレクトリを開けません。", "opendir: %s", strerror(errno));
        struct dirent *de;
        bool empty = true;
        while ((de = readdir(d)))
            if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
                empty = false;
        closedir(d);
        if (!empty)
            return err_set(e, ERR_CONFLICT, "dir", "出力先のディレクトリが空ではありません。空のディレクトリか、まだない名前を指定してください。",
                           "export dir not empty");
    }
    *dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (*dirfd < 0)
        return err_set(e, ERR_IO, "dir", "出力先のディレクトリを開けません。", "open dir: %s", strerror(errno));
    return 0;
}

static int write_manifest(exporter *x, ic_manifest *m)
{
    buf_t b;
    buf_init(&b, 0);
    ic_manifest_write(m, &b);
    int fd = -1;
    int rc = b.failed ? err_set(x->e, ERR_INTERNAL, NULL, NULL, "manifest overflow") : create_file(x, "manifest.json", &fd);
    if (!rc) {
        if (!anonfile_write_all(fd, b.data, b.len) || fsync(fd) != 0)
            rc = err_set(x->e, ERR_IO, NULL, NULL, "write manifest: %s", strerror(errno));
        close(fd);
    }
    buf_free(&b);
    return rc;
}

/* After a failure: the files written so far hold personal data in plaintext;
 * remove them (the directory was empty or new: every file in it is ours). */
static void remove_partial(int dirfd)
{
    for (int f = 0; f < IC_FILE__COUNT; f++)
        unlinkat(dirfd, ic_format_file(f)->file, 0);
    unlinkat(dirfd, "manifest.json", 0);
}

static int audit_export(app_ctx *ctx, const char *dir, const char *reason, const app_ic_result *r, err_t *e)
{
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "reason", reason);
    jsonw_kv_string(&d.w, "format", IC_FORMAT_NAME);
    jsonw_key(&d.w, "rows");
    jsonw_object(&d.w);
    for (int f = 0; f < IC_FILE__COUNT; f++)
        jsonw_kv_int(&d.w, ic_format_file(f)->file, r->rows[f]);
    jsonw_end_object(&d.w);
    return app_audit_now_json(ctx, "interchange.export", dir, &d, e);
}

static int64_t cpu_ms(clockid_t clock)
{
    struct timespec t;
    return clock_gettime(clock, &t) == 0 ? (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000 : 0;
}

int app_interchange_export(app_ctx *ctx, const char *dir, const char *reason, FILE *progress, app_ic_result *r,
                           err_t *e)
{
    memset(r, 0, sizeof *r);
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    if (!reason || !*reason)
        return err_field(e, "reason", "出力の理由（--reason）を入力してください。監査ログに残ります。");
    exporter x = {.ctx = ctx, .progress = progress, .e = e, .dirfd = -1};
    if ((rc = open_dir(dir, &x.dirfd, e)))
        return rc;
    if (!(x.writer = app_ic_file_writer_start())) {
        close(x.dirfd);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "export: cannot start the writing thread");
    }
    buf_init(&x.out, 0);
    buf_init(&x.key, 4096);
    ic_manifest m = {.nfiles = IC_FILE__COUNT};
    str_copy(m.format, sizeof m.format, IC_FORMAT_NAME);
    str_copy(m.encoding, sizeof m.encoding, "UTF-8");
    time_t now = (time_t)date_now_unix();
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(m.created_at, sizeof m.created_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int latest = 0, current = 0;
    rc = app_schema_version(ctx, &current, &latest, e);
    m.schema_version = current;
    if (!rc)
        rc = db_begin_read(ctx->db, e);
    for (int f = 0; f < IC_FILE__COUNT; f++)
        ic_keymap_init(&x.keys[f]);
    int64_t own0 = cpu_ms(CLOCK_THREAD_CPUTIME_ID), all0 = cpu_ms(CLOCK_PROCESS_CPUTIME_ID), rows = 0;
    for (int f = 0; !rc && f < IC_FILE__COUNT; f++) {
        rc = export_file(&x, f, &m.files[f]);
        r->rows[f] = m.files[f].rows;
        rows += r->rows[f];
    }
    db_end_read(ctx->db);
    /* what bounds the wall on two idle cores: the busiest thread, or half of all */
    int64_t own = cpu_ms(CLOCK_THREAD_CPUTIME_ID) - own0, all = cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - all0;
    log_info("export: %lld rows; CPU %lld ms: formatting %lld ms, reading %lld ms", (long long)rows, (long long)all,
             (long long)own, (long long)x.read_cpu_ms);
    for (int f = 0; f < IC_FILE__COUNT; f++)
        ic_keymap_free(&x.keys[f]);
    if (!rc)
        rc = write_manifest(&x, &m);
    int64_t write_ms = 0;
    app_ic_file_writer_stop(x.writer, &write_ms);
    log_info("export: hashing and writing %lld ms of CPU", (long long)write_ms);
    if (rc)
        remove_partial(x.dirfd);
    buf_free(&x.out);
    buf_free(&x.key);
    close(x.dirfd);
    if (!rc)
        rc = audit_export(ctx, dir, reason, r, e);
    return rc;
}

void app_interchange_result_free(app_ic_result *r)
{
    free(r->errors);
    r->errors = NULL;
}
