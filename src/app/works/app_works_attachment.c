/* app_works_attachment — see app_works_attachment.h and docs/works.md. */
#include "app/works/app_works_attachment.h"
#include "app/works/app_works_application_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_seal.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/text.h"
#include "domain/role.h"
#include "store/db.h"
#include "store/works/works_application_store.h"

static bool given(const char *s)
{
    return s && *s;
}

/* ---- settings -------------------------------------------------------- */

static int64_t attachment_max(const app_ctx *ctx)
{
    long long v = 10 * 1048576LL;
    if (config_get_int(ctx->env->cfg, "works.attachment_max_bytes", 10 * 1048576LL, 1024, 1024 * 1048576LL, &v,
                       NULL) != 0)
        v = 10 * 1048576LL;
    return v;
}

/* The attachment directory: the setting, or "works-files" beside the key
 * file (the data directory, never under the web root). */
static void attachment_dir(const app_ctx *ctx, char *out, size_t outsz)
{
    const char *set = config_get(ctx->env->cfg, "works.attachment_dir", "");
    if (given(set)) {
        str_copy(out, outsz, set);
        return;
    }
    const char *kf = ctx->env->key_file;
    const char *slash = strrchr(kf, '/');
    if (!slash)
        str_copy(out, outsz, "works-files");
    else
        str_fmt(out, outsz, "%.*s/works-files", (int)(slash - kf), kf);
}

/* ---- attachments ----------------------------------------------------- */

/* The kind of a file by its first bytes: PDF, PNG or JPEG (NULL: none of
 * them, whatever its name says). */
static const char *sniff(const unsigned char *p, size_t n, const char **ext)
{
    if (n >= 5 && memcmp(p, "%PDF-", 5) == 0) {
        *ext = "pdf";
        return "application/pdf";
    }
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
        *ext = "png";
        return "image/png";
    }
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) {
        *ext = "jpg";
        return "image/jpeg";
    }
    return NULL;
}

/* Write data to dir/name through a temporary file (0600); 0 or -1. */
static int write_file(const char *dir, const char *name, const void *data, size_t len)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return -1;
    char tmp[1200], path[1200];
    str_fmt(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    str_fmt(path, sizeof path, "%s/%s", dir, name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    const unsigned char *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, p + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    bool ok = done == len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int attach_tx(app_ctx *ctx, int64_t id, works_attachment_row *r, int64_t *att_id, err_t *e)
{
    works_app_row *a = calloc(1, sizeof *a);
    if (!a)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = works_app_store_get(ctx->db, id, a, e);
    if (rc == ERR_NOTFOUND)
        rc = app_works_application_not_found(e, id);
    if (!rc)
        rc = works_attachment_store_insert(ctx->db, r, att_id, e);
    if (!rc) {
        char obj[48];
        str_fmt(obj, sizeof obj, "works_application:%lld", (long long)id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_string(&d.w, "number", a->number);
        jsonw_kv_int(&d.w, "attachment", *att_id);
        jsonw_kv_string(&d.w, "content_type", r->content_type);
        jsonw_kv_int(&d.w, "size", r->size);
        jsonw_kv_string(&d.w, "sha256", r->sha256);
        rc = app_audit_json(ctx, "works.application.attach", obj, &d, e);
    }
    free(a);
    return rc;
}

int app_works_attach(app_ctx *ctx, int64_t id, const char *name, const void *data, size_t len, int64_t *att_id,
                     err_t *e)
{
    *att_id = 0;
    int rc = app_require(ctx, PERM_WORKS, e);
    if (rc)
        return rc;
    int64_t max = attachment_max(ctx);
    if (!data || len == 0)
        return err_field(e, "file", "添付するファイルを選んでください。");
    if ((int64_t)len > max)
        return err_field(e, "file", "添付ファイルが大きすぎます（%lld KB）。%lld MB までにしてください。",
                         (long long)(len / 1024), (long long)(max / 1048576));
    const char *ext = "";
    const char *type = sniff(data, len, &ext);
    if (!type)
        return err_field(e, "file", "添付できるのは PDF・PNG・JPEG のファイルだけです（ファイルの中身で判定しています）。");
    char shown[256];
    str_copy(shown, sizeof shown, given(name) ? name : "添付ファイル");
    if (!text_is_clean(shown, false))
        str_copy(shown, sizeof shown, "添付ファイル");
    works_attachment_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    r->application_id = id;
    str_copy(r->content_type, sizeof r->content_type, type);
    r->size = (int64_t)len;
    crypto_sha256_hex(data, len, r->sha256);
    char rnd[33];
    crypto_random_hex(rnd, 16);
    str_fmt(r->path, sizeof r->path, "%lld-%s.%s", (long long)id, rnd, ext);
    str_copy(r->added_by, sizeof r->added_by, ctx->actor.username[0] ? ctx->actor.username : "operator");
    r->added_at = date_now_unix();
    char dir[1024];
    attachment_dir(ctx, dir, sizeof dir);
    rc = app_seal_into(ctx, shown, r->name_enc, sizeof r->name_enc, e);
    if (!rc && write_file(dir, r->path, data, len) != 0)
        rc = err_set(e, ERR_INTERNAL, NULL, "添付ファイルを保存できませんでした。", "works attachment: cannot write %s/%s: %s",
                     dir, r->path, strerror(errno));
    bool written = !rc;
    if (!rc && !(rc = db_begin(ctx->db, e)))
        rc = app_tx_end(ctx, attach_tx(ctx, id, r, att_id, e), e);
    if (rc && written) {   /* the row was not made: the file goes too */
        char path[1200];
        str_fmt(path, sizeof path, "%s/%s", dir, r->path);
        unlink(path);
    }
    free(r);
    return rc;
}

static int read_whole(const char *path, int64_t size, buf_t *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char chunk[65536];
    int64_t got = 0;
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += r;
        if (got > size || !buf_append(out, chunk, (size_t)r))
            break;
    }
    close(fd);
    return got == size && !out->failed ? 0 : -1;
}

int app_works_attachment_read(app_ctx *ctx, int64_t id, int64_t att_id, app_works_attachment *info, buf_t *out,
                              err_t *e)
{
    memset(info, 0, sizeof *info);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    works_attachment_row *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if ((rc = db_begin(ctx->db, e))) {
        free(r);
        return rc;
    }
    rc = works_attachment_store_get(ctx->db, att_id, r, e);
    if (rc == ERR_NOTFOUND || (!rc && id > 0 && r->application_id != id))
        rc = err_set(e, ERR_NOTFOUND, NULL, "該当する添付ファイルがありません。", "works attachment %lld/%lld not found",
                     (long long)id, (long long)att_id);
    char dir[1024], path[1200], sum[65];
    if (!rc) {
        attachment_dir(ctx, dir, sizeof dir);
        str_fmt(path, sizeof path, "%s/%s", dir, r->path);
        if (read_whole(path, r->size, out) != 0)
            rc = err_set(e, ERR_INTERNAL, NULL, "添付ファイルを読めません。", "works attachment: cannot read %s", path);
    }
    if (!rc) {
        crypto_sha256_hex(out->data, out->len, sum);
        if (strcmp(sum, r->sha256) != 0)
            rc = err_set(e, ERR_INTERNAL, NULL, "添付ファイルが保存したときと違っています。管理者に連絡してください。",
                         "works attachment %lld: checksum differs", (long long)att_id);
    }
    if (!rc) {
        info->id = r->id;
        app_open_into(ctx, r->name_enc, info->name, sizeof info->name);
        str_copy(info->content_type, sizeof info->content_type, r->content_type);
        info->size = r->size;
        str_copy(info->sha256, sizeof info->sha256, r->sha256);
        str_copy(info->by, sizeof info->by, r->added_by);
        info->at = r->added_at;
        char obj[48];
        str_fmt(obj, sizeof obj, "works_application:%lld", (long long)id);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "attachment", att_id);
        rc = app_audit_json(ctx, "works.attachment.view", obj, &d, e);
    }
    free(r);
    rc = app_tx_end(ctx, rc, e);
    if (rc)
        buf_reset(out);
    return rc;
}

