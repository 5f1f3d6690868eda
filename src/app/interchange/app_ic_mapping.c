/* app_ic_mapping — a legacy export through a mapping, in memory (see
 * app_ic_mapping.h). */
#include "app/interchange/app_ic_mapping.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/anonfile.h"
#include "base/crypto.h"
#include "base/csv.h"
#include "base/csv_read.h"
#include "base/text.h"
#include "base/vec.h"
#include "domain/interchange/ic_mapping.h"

#define MAX_ERRORS_PER_FILE 20

typedef struct conv {
    app_ic_mapped *out;
    const ic_mapping *map;
    const icm_target *t;
    int f;
    csv_writer w;
    int64_t rows, trailer_line, file_errors;
    int64_t sums[IC_MANIFEST_MAX_SUMS];
    ic_sum names[IC_MANIFEST_MAX_SUMS];
    int nsums;
    int sum_col[IC_MANIFEST_MAX_SUMS];   /* CSV column of each money column */
    int fatal;
    err_t *e;
} conv;

static void error_at(conv *c, int64_t line, const icm_expr *x, const char *msg)
{
    app_ic_mapped *m = c->out;
    m->nerrors++;
    if (c->file_errors++ >= MAX_ERRORS_PER_FILE)
        return;
    const char *file = ic_format_file(c->f)->file;
    char where[160];   /* line 0: the file as a whole */
    if (line > 0)
        str_fmt(where, sizeof where, "%s:%lld", c->t->source, (long long)line);
    else
        str_copy(where, sizeof where, c->t->source);
    if (x)
        buf_printf(&m->errors, "%s: %s の %s（対応表 %s:%d）: %s\n", where, file, x->key, c->map->name, x->line, msg);
    else
        buf_printf(&m->errors, "%s: %s: %s\n", where, file, msg);
    if (c->file_errors == MAX_ERRORS_PER_FILE)
        buf_printf(&m->errors, "%s: (このファイルの誤りは %d 件までを表示します)\n", c->t->source, MAX_ERRORS_PER_FILE);
}

static bool eval(conv *c, const icm_expr *x, int64_t line, const char *raw, size_t len, const char *const *fields,
                 int nfields, buf_t *legacy, buf_t *value)
{
    char msg[400];
    if (ic_mapping_eval(c->map, x, raw, len, fields, nfields, legacy, value, msg, sizeof msg))
        return true;
    error_at(c, line, x, msg);
    return false;
}

/* The control totals of a trailer record (or, without a trailer, of the
 * literal control values: raw NULL). */
static void control(conv *c, int64_t line, const char *raw, size_t len, const char *const *fields, int nfields)
{
    app_ic_control *ctl = &c->out->control[c->f];
    buf_t lg, v;
    buf_init(&lg, 0);
    buf_init(&v, 0);
    ctl->set = true;
    if (raw || fields)
        str_fmt(ctl->from, sizeof ctl->from, "%s:%lld（トレーラー）", c->t->source, (long long)line);
    else
        str_fmt(ctl->from, sizeof ctl->from, "%s（対応表の control）", c->map->name);
    ctl->nsums = 0;
    for (int i = -1; i < c->nsums; i++) {
        const icm_expr *x = i < 0 ? &c->t->control_rows : &c->t->control_sums[i];
        if (!x->set)
            continue;
        if (!eval(c, x, line, raw ? raw : "", raw ? len : 0, fields, nfields, &lg, &v))
            continue;
        long long val = 0;
        if (!str_to_i64(buf_cstr(&v), &val))
            error_at(c, line, x, "管理合計が整数ではありません（| int を付けてください）。");
        else if (i < 0) {
            ctl->rows_set = true;
            ctl->rows = val;
        } else {
            str_copy(ctl->sums[ctl->nsums].col, sizeof ctl->sums[0].col, c->names[i].col);
            ctl->sums[ctl->nsums++].yen = val;
        }
    }
    buf_free(&lg);
    buf_free(&v);
}

static bool has_control(const icm_target *t, int nsums)
{
    bool any = t->control_rows.set;
    for (int i = 0; i < nsums; i++)
        any = any || t->control_sums[i].set;
    return any;
}

/* One record of the source: raw/len (fixed) or fields (csv). */
static void record(conv *c, int64_t line, const char *raw, size_t len, const char *const *fields, int nfields)
{
    int kind = ic_mapping_record(c->map, c->t, raw ? raw : "", len, fields, nfields);
    if (kind == ICM_REC_SKIP)
        return;
    if (kind == ICM_REC_UNKNOWN) {
        error_at(c, line, &c->t->record, "記録の種別がデータ（source.data）でもトレーラーでもありません。");
        return;
    }
    if (kind == ICM_REC_TRAILER) {
        if (c->trailer_line)
            error_at(c, line, &c->t->record, "トレーラー記録が二つあります。");
        c->trailer_line = line;
        control(c, line, raw, len, fields, nfields);
        return;
    }
    app_ic_mapped *m = c->out;
    int64_t *slot = vec_slot((void **)&m->lines[c->f], &m->nlines[c->f], &m->caplines[c->f], sizeof *slot);
    if (!slot) {
        c->fatal = err_set(c->e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return;
    }
    *slot = line;
    int ncols = ic_format_csv_cols(c->f);
    int sample = (int)c->rows;
    c->rows++;
    buf_t lg, v;
    buf_init(&lg, 0);
    buf_init(&v, 0);
    for (int k = 0; k < ncols; k++) {
        const icm_expr *x = &c->t->cols[k];
        buf_reset(&v);
        buf_reset(&lg);
        if (x->set && !eval(c, x, line, raw ? raw : "", len, fields, nfields, &lg, &v))
            buf_reset(&v);
        const char *val = buf_cstr(&v);
        csv_field_exact(&c->w, val);
        for (int s = 0; s < c->nsums; s++) {
            long long n = 0;
            if (c->sum_col[s] == k && str_to_i64(val, &n))
                c->sums[s] += n;
        }
        if (sample < ICR_SAMPLES && x->set && x->src != ICM_LITERAL)
            m->legacy[c->f][sample][k] = strdup(buf_cstr(&lg));
    }
    csv_end_row(&c->w);
    buf_free(&lg);
    buf_free(&v);
}

static int on_csv(int64_t line, char **fields, size_t nfields, void *arg)
{
    conv *c = arg;
    if (line > c->t->header)
        record(c, line, NULL, 0, (const char *const *)fields, (int)nfields);
    return c->fatal;
}

static void convert(conv *c, buf_t *src)
{
    if (c->t->csv) {
        char *text = src->data ? src->data : (char *)"";
        size_t len = src->len;
        char *u = NULL;
        if (c->map->cp932 && len) {
            u = text_from_cp932(text, len, &len);
            if (!u) {
                error_at(c, 0, NULL, "CP932 として読めない文字があります。");
                return;
            }
            text = u;
        }
        int64_t bad = 0;
        if (csv_read_all(text, len, on_csv, c, &bad) == -1)
            error_at(c, bad, NULL, "CSV として読めません（引用符が閉じていないか、列が多すぎます）。");
        free(u);
        return;
    }
    const char *p = src->data ? src->data : "", *end = p + src->len;
    for (int64_t line = 1; p < end && !c->fatal; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t len = (size_t)(le - p);
        if (len && p[len - 1] == '\r')
            len--;
        if (len && !(len == 1 && p[0] == '\x1a'))   /* an MS-DOS end-of-file mark is no record */
            record(c, line, p, len, NULL, 0);
        p = nl ? nl + 1 : end;
    }
}

static void check_control(conv *c)
{
    app_ic_control *ctl = &c->out->control[c->f];
    if (!ctl->set)
        return;
    int64_t line = c->trailer_line;
    char msg[256];
    if (ctl->rows_set && ctl->rows != c->rows) {
        str_fmt(msg, sizeof msg, "読んだ件数 %lld が旧システムの管理合計 %lld と違います。", (long long)c->rows,
                (long long)ctl->rows);
        error_at(c, line, &c->t->control_rows, msg);
    }
    for (int i = 0; i < ctl->nsums; i++)
        for (int s = 0; s < c->nsums; s++)
            if (strcmp(ctl->sums[i].col, c->names[s].col) == 0 && ctl->sums[i].yen != c->sums[s]) {
                str_fmt(msg, sizeof msg, "読んだ合計 %lld 円が旧システムの管理合計 %lld 円と違います。",
                        (long long)c->sums[s], (long long)ctl->sums[i].yen);
                error_at(c, line, &c->t->control_sums[s], msg);
            }
}

static int map_target(app_ic_mapped *m, const ic_mapping *map, const icm_target *t, int dirfd, err_t *e)
{
    conv c = {.out = m, .map = map, .t = t, .f = t->file, .e = e};
    c.nsums = ic_manifest_sums_init(t->file, c.names);
    for (int s = 0; s < c.nsums; s++) {
        c.sum_col[s] = -1;
        const ic_file_def *d = ic_format_file(t->file);
        for (int col = 0, k = 0; col < d->ncols; k += ic_format_width(t->file, col), col++)
            if (strcmp(d->cols[col].name, c.names[s].col) == 0)
                c.sum_col[s] = k;
    }
    str_copy(m->source[t->file], sizeof m->source[0], t->source);
    int fd = openat(dirfd, t->source, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error_at(&c, 0, NULL, errno == ENOENT ? "ファイルがありません（対応表の source.file）。" : "ファイルを読めません。");
        return 0;
    }
    buf_t src;
    buf_init(&src, 0);
    bool ok = anonfile_read(fd, &src);
    close(fd);
    if (!ok) {
        buf_free(&src);
        error_at(&c, 0, NULL, "ファイルを読めません。");
        return 0;
    }
    buf_t *out = &m->files[t->file];
    m->has[t->file] = true;
    csv_begin(&c.w, out, false);
    for (int k = 0; k < ic_format_csv_cols(t->file); k++) {
        const ic_file_def *d = ic_format_file(t->file);
        for (int col = 0, at = 0; col < d->ncols; at += ic_format_width(t->file, col), col++)
            if (k >= at && k < at + ic_format_width(t->file, col)) {
                char name[128];
                ic_format_csv_name(t->file, col, k - at, name, sizeof name);
                csv_field_exact(&c.w, name);
            }
    }
    csv_end_row(&c.w);
    convert(&c, &src);
    buf_free(&src);
    if (c.fatal)
        return c.fatal;
    if (!c.trailer_line && has_control(t, c.nsums)) {
        if (t->trailer[0])
            error_at(&c, 0, NULL, "トレーラー記録（管理合計）がありません。");
        else
            control(&c, 0, NULL, 0, NULL, 0);
    }
    check_control(&c);
    ic_manifest_file *mf = &m->manifest.files[m->manifest.nfiles++];
    str_copy(mf->name, sizeof mf->name, ic_format_file(t->file)->file);
    mf->rows = c.rows;
    crypto_sha256_hex(out->data ? out->data : "", out->len, mf->sha256);
    mf->nsums = c.nsums;
    for (int s = 0; s < c.nsums; s++) {
        mf->sums[s] = c.names[s];
        mf->sums[s].yen = c.sums[s];
    }
    return 0;
}

int app_ic_map(const char *dir, const char *mapping_path, app_ic_mapped *m, err_t *e)
{
    memset(m, 0, sizeof *m);
    buf_init(&m->errors, 0);
    str_copy(m->manifest.format, sizeof m->manifest.format, IC_FORMAT_NAME);
    str_copy(m->manifest.encoding, sizeof m->manifest.encoding, "UTF-8");
    int fd = open(mapping_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, ERR_IO, "mapping", "対応表（--mapping）のファイルを開けません。", "open %s: %s", mapping_path,
                       strerror(errno));
    buf_t text;
    buf_init(&text, 0);
    bool ok = anonfile_read(fd, &text);
    close(fd);
    const char *base = strrchr(mapping_path, '/');
    char msg[400] = "";
    ic_mapping *map = ok ? ic_mapping_parse(buf_cstr(&text), base ? base + 1 : mapping_path, msg, sizeof msg) : NULL;
    buf_free(&text);
    if (!map)
        return err_set(e, ERR_INVALID, "mapping", msg[0] ? msg : "対応表を読めません。", "bad mapping");
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        ic_mapping_free(map);
        return err_set(e, ERR_IO, "dir", "取り込むディレクトリを開けません。", "open %s: %s", dir, strerror(errno));
    }
    /* in the format's order, whatever the mapping's */
    int rc = 0;
    for (int f = 0; !rc && f < IC_FILE__COUNT; f++)
        for (int i = 0; !rc && i < map->ntargets; i++)
            if (map->targets[i].file == f)
                rc = map_target(m, map, &map->targets[i], dirfd, e);
    close(dirfd);
    ic_mapping_free(map);
    return rc;
}

void app_ic_mapped_where(const app_ic_mapped *m, int f, int64_t line, char *out, size_t outsz)
{
    if (f >= 0 && f < IC_FILE__COUNT && line >= 2 && (size_t)(line - 2) < m->nlines[f])
        str_fmt(out, outsz, "%s:%lld（%s）", m->source[f], (long long)m->lines[f][line - 2], ic_format_file(f)->file);
    else
        str_fmt(out, outsz, "%s:%lld", f >= 0 && f < IC_FILE__COUNT ? ic_format_file(f)->file : "?", (long long)line);
}

void app_ic_mapped_free(app_ic_mapped *m)
{
    for (int f = 0; f < IC_FILE__COUNT; f++) {
        if (m->files[f].data)
            explicit_bzero(m->files[f].data, m->files[f].len);   /* personal data in plaintext */
        buf_free(&m->files[f]);
        free(m->lines[f]);
        for (int s = 0; s < ICR_SAMPLES; s++)
            for (int k = 0; k < IC_MAX_CSV_COLS; k++)
                free(m->legacy[f][s][k]);
    }
    buf_free(&m->errors);
}
