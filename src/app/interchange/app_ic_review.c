/* app_ic_review — an import with its review report, kept (see
 * app_ic_review.h). */
#include "app/interchange/app_ic_review.h"

#include <stdlib.h>
#include <string.h>

#include "app/interchange/app_ic_mapping.h"
#include "domain/interchange/ic_review.h"
#include "domain/role.h"

typedef struct reviewing {
    ic_review rv;
    app_ic_mapped *mp;     /* NULL without a mapping */
    int64_t rows;
} reviewing;

static void on_row(void *arg, int f, int64_t line, char **fields, int nfields)
{
    (void)line;
    reviewing *x = arg;
    /* the legacy texts of a mapped row (kept for the first ICR_SAMPLES rows, the samples) */
    int64_t n = x->rv.files[f].rows;
    const char *const *legacy = x->mp && n < ICR_SAMPLES ? (const char *const *)x->mp->legacy[f][n] : NULL;
    ic_review_row(&x->rv, f, (const char *const *)fields, nfields, legacy);
    x->rows++;
}

static void on_file(void *arg, int f, const ic_manifest_file *mf, int64_t rows)
{
    (void)rows;
    reviewing *x = arg;
    ic_review_file(&x->rv, f);
    if (x->mp) {
        const app_ic_control *c = &x->mp->control[f];
        if (c->set)
            ic_review_control(&x->rv, f, c->from, c->rows_set, c->rows, c->sums, c->nsums);
    } else if (mf)
        ic_review_control(&x->rv, f, "manifest.json", true, mf->rows, mf->sums, mf->nsums);
}

static void where(void *arg, int f, int64_t line, char *out, size_t outsz)
{
    reviewing *x = arg;
    app_ic_mapped_where(x->mp, f, line, out, outsz);
}

static ssize_t pull(void *arg, int f, char *dst, size_t n)
{
    reviewing *x = arg;
    return app_ic_map_pull(x->mp, f, dst, n);
}

static int64_t failed(void *arg)
{
    reviewing *x = arg;
    return app_ic_map_errors(x->mp);
}

/* "FILE:LINE: field: message" lines into differences (where = up to the
 * field, the rest the message). */
static void differences(reviewing *x, const char *text)
{
    if (!text)
        return;
    buf_t b;
    buf_init(&b, 0);
    buf_puts(&b, text);
    char *save = NULL;
    for (char *ln = b.data; ln && *ln; ln = save) {
        save = strchr(ln, '\n');
        if (save)
            *save++ = '\0';
        char *sep = strstr(ln, ": ");
        char *sep2 = sep ? strstr(sep + 2, ": ") : NULL;
        char file[64] = "";
        char *colon = strchr(ln, ':');
        if (colon && (size_t)(colon - ln) < sizeof file) {
            memcpy(file, ln, (size_t)(colon - ln));
            file[colon - ln] = '\0';
        }
        if (sep2) {
            *sep2 = '\0';
            ic_review_difference(&x->rv, file, ln, sep2 + 2);
        } else
            ic_review_difference(&x->rv, file, "", ln);
    }
    buf_free(&b);
}

static int store_run(app_ctx *ctx, const ic_run_row *run, const icr_item *items, size_t n, int64_t *id, err_t *e)
{
    ic_run_item_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    static const char *const SECTIONS[] = {"count", "control", "sample", "diff"};
    for (size_t i = 0; i < n; i++) {
        str_copy(rows[i].section, sizeof rows[i].section, SECTIONS[items[i].section]);
        str_copy(rows[i].file, sizeof rows[i].file, items[i].file);
        rows[i].fy = items[i].fy;
        str_copy(rows[i].name, sizeof rows[i].name, items[i].name);
        str_copy(rows[i].legacy, sizeof rows[i].legacy, items[i].legacy);
        str_copy(rows[i].loaded, sizeof rows[i].loaded, items[i].loaded);
        rows[i].differs = items[i].differs;
    }
    int rc = db_begin(ctx->db, e);
    if (!rc)
        rc = ic_run_store_add(ctx->db, run, rows, n, id, e);
    free(rows);
    return app_tx_end(ctx, rc, e);
}

int app_ic_review_import(app_ctx *ctx, const char *dir, const char *mapping, bool dry_run, FILE *progress,
                         int64_t *run_id, app_ic_result *r, err_t *e)
{
    memset(r, 0, sizeof *r);
    *run_id = 0;
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    if (rc)
        return rc;
    ic_run_row run = {.started_at = date_now_unix()};
    str_copy(run.run_by, sizeof run.run_by, ctx->actor.username);
    str_copy(run.kind, sizeof run.kind, dry_run ? "dry-run" : "import");
    str_copy(run.source, sizeof run.source, dir);
    str_copy(run.mapping, sizeof run.mapping, mapping ? mapping : "");
    reviewing x;
    ic_review_init(&x.rv);
    x.mp = NULL;
    x.rows = 0;
    app_ic_mapped mp;
    bool mapped = false;
    if (mapping) {
        /* the legacy files converted as the importer reads them */
        rc = app_ic_map_open(dir, mapping, &mp, e);
        mapped = true;
        x.mp = &mp;
    }
    if (!rc) {
        app_ic_hooks h = {.on_row = on_row, .on_file = on_file, .arg = &x};
        if (x.mp) {
            h.manifest = &mp.manifest;
            h.pull = pull;
            h.failed = failed;
            h.where = where;
        }
        rc = app_interchange_import_with(ctx, dir, dry_run, progress, &h, r, e);
    }
    if (x.mp && mp.nerrors) {
        /* the legacy files did not convert: their errors first (the importer's may follow from them) */
        buf_t all;
        buf_init(&all, 0);
        buf_puts(&all, buf_cstr(&mp.errors));
        buf_puts(&all, r->errors ? r->errors : "");
        free(r->errors);
        r->errors = buf_steal(&all, NULL);
        buf_free(&all);
        r->nerrors += mp.nerrors;
        if (!rc)
            rc = err_set(e, ERR_INVALID, NULL, "旧システムのファイルに誤りがあります。何も保存していません。",
                         "%lld mapping errors", (long long)mp.nerrors);
    }
    differences(&x, r->errors);
    if (rc && !r->errors)
        ic_review_difference(&x.rv, "", "", e && e->user[0] ? e->user : "取り込めませんでした。");
    run.finished_at = date_now_unix();
    str_copy(run.result, sizeof run.result, rc ? "refused" : "ok");
    run.rows_read = x.rows;
    run.errors = rc ? (r->nerrors ? r->nerrors : 1) : 0;
    if (rc && e)
        str_copy(run.message, sizeof run.message, e->user[0] ? e->user : e->log);
    const icr_item *items = NULL;
    size_t n = 0;
    int64_t ctl = 0;
    if (!ic_review_finish(&x.rv, &items, &n, &ctl))
        n = 0;
    err_t e2;
    err_clear(&e2);
    if (store_run(ctx, &run, items, n, run_id, &e2))
        *run_id = 0;
    if (!rc && !*run_id)
        rc = err_set(e, e2.code ? e2.code : ERR_INTERNAL, NULL, "移行結果確認表を保存できませんでした。", "%s", e2.log);
    ic_review_free(&x.rv);
    if (mapped)
        app_ic_mapped_free(&mp);
    return rc;
}

int app_ic_runs(app_ctx *ctx, int limit, ic_run_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    return rc ? rc : ic_run_store_recent(ctx->db, limit, rows, n, e);
}

int app_ic_run(app_ctx *ctx, int64_t id, ic_run_row *run, ic_run_item_row **items, size_t *n, err_t *e)
{
    *items = NULL;
    *n = 0;
    int rc = app_require(ctx, PERM_USER_ADMIN, e);
    return rc ? rc : ic_run_store_get(ctx->db, id, run, items, n, e);
}

const char *app_ic_section_label(const char *section)
{
    if (strcmp(section, "count") == 0)
        return "件数・金額（年度別）";
    if (strcmp(section, "control") == 0)
        return "管理合計との照合";
    if (strcmp(section, "sample") == 0)
        return "抽出確認（旧システム ↔ suido）";
    return "相違・誤りの一覧";
}

const char *app_ic_result_label(const char *result)
{
    return strcmp(result, "ok") == 0 ? "正常" : "取込不可";
}

const char *app_ic_kind_label(const char *kind)
{
    return strcmp(kind, "dry-run") == 0 ? "検査のみ（--dry-run）" : "取込";
}

const char *app_ic_file_label(const char *file)
{
    int f = ic_format_find(file);
    return f >= 0 ? ic_format_file(f)->label : file;
}
