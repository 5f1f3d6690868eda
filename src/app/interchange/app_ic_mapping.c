/* app_ic_mapping — a legacy export through a mapping, streamed record by
 * record into the importer (see app_ic_mapping.h). */
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
#include "domain/interchange/ic_mapping.h"

#define MAX_ERRORS_PER_FILE 20

#define PIECE (1024 * 1024)

/* The file being converted (one at a time: the importer reads them in order,
 * each to its end). */
typedef struct app_ic_conv {
    app_ic_mapped *out;
    const ic_mapping *map;
    const icm_target *t;
    int f;
    csv_writer w;
    buf_t gen;                  /* generated CSV not yet handed over (from gen_at) */
    size_t gen_at;
    int fd;
    bool eof, done;             /* the source read to its end; then converted and checked */
    buf_t in;                   /* source bytes read, not yet cut into records */
    int64_t line;               /* fixed: the source line of the next record */
    csv_reader *cr;             /* csv: the source's reader */
    crypto_sha256 *sha;         /* of the generated CSV, as handed over */
    int64_t *lines;             /* data row first_row + i → its line in the source (a window) */
    size_t nlines, caplines;
    int64_t first_row, mark;    /* mark: rows made when the previous piece was asked for */
    int64_t rows, trailer_line, file_errors;
    int64_t sums[IC_MANIFEST_MAX_SUMS];
    ic_sum names[IC_MANIFEST_MAX_SUMS];
    int nsums;
    int sum_col[IC_MANIFEST_MAX_SUMS];   /* CSV column of each money column */
    int fatal;
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
    if (c->nlines == c->caplines) {
        size_t cap = c->caplines ? c->caplines * 2 : 1024;
        int64_t *l = realloc(c->lines, cap * sizeof *l);
        if (!l) {
            c->fatal = ERR_INTERNAL;
            return;
        }
        c->lines = l;
        c->caplines = cap;
    }
    c->lines[c->nlines++] = line;
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

/* The whole lines of c->in (all of it at the source's end) cut into records;
 * what is left is the start of the next line. */
static void convert_lines(conv *c)
{
    const char *p = c->in.data ? c->in.data : "", *end = p + c->in.len;
    const char *last = c->eof ? end : memrchr(p, '\n', c->in.len);
    size_t n = last ? (size_t)(last - p) + (c->eof ? 0 : 1) : 0;
    if (c->t->csv) {
        const char *text = p;
        size_t len = n;
        char *u = NULL;
        if (c->map->cp932 && len) {   /* a line end is one byte in CP932, never part of a character */
            u = text_from_cp932(text, len, &len);
            if (!u) {
                error_at(c, 0, NULL, "CP932 として読めない文字があります。");
                c->eof = true;
                n = c->in.len;
            } else
                text = u;
        }
        int64_t bad = 0;
        int rc = !u && c->map->cp932 && len ? 1 : csv_reader_feed(c->cr, text, len, &bad);
        if (!rc && c->eof)
            rc = csv_reader_end(c->cr, &bad);
        if (rc == -1) {
            error_at(c, bad, NULL, "CSV として読めません（引用符が閉じていないか、列が多すぎます）。");
            c->eof = true;   /* the reader cannot go on: the rest of the file is not read */
        }
        free(u);
    } else {
        for (const char *q = p, *stop = p + n; q < stop && !c->fatal; c->line++) {
            const char *nl = memchr(q, '\n', (size_t)(stop - q));
            const char *le = nl ? nl : stop;
            size_t len = (size_t)(le - q);
            if (len && q[len - 1] == '\r')
                len--;
            if (len && !(len == 1 && q[0] == '\x1a'))   /* an MS-DOS end-of-file mark is no record */
                record(c, c->line, q, len, NULL, 0);
            q = nl ? nl + 1 : stop;
        }
    }
    memmove(c->in.data, c->in.data + n, c->in.len - n);
    c->in.len -= n;
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

/* The file's conversion begun: its source opened, the header row made. */
static conv *conv_begin(app_ic_mapped *m, const icm_target *t, err_t *e)
{
    conv *c = calloc(1, sizeof *c);
    if (!c) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return NULL;
    }
    *c = (conv){.out = m, .map = m->map, .t = t, .f = t->file, .fd = -1, .line = 1};
    c->nsums = ic_manifest_sums_init(t->file, c->names);
    const ic_file_def *d = ic_format_file(t->file);
    for (int s = 0; s < c->nsums; s++) {
        c->sum_col[s] = -1;
        for (int col = 0, k = 0; col < d->ncols; k += ic_format_width(t->file, col), col++)
            if (strcmp(d->cols[col].name, c->names[s].col) == 0)
                c->sum_col[s] = k;
    }
    buf_init(&c->gen, 0);
    buf_init(&c->in, 0);
    c->sha = crypto_sha256_begin();
    c->cr = t->csv ? csv_reader_new(on_csv, c) : NULL;
    c->fd = openat(m->dirfd, t->source, O_RDONLY | O_CLOEXEC);
    if (!c->sha || (t->csv && !c->cr)) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        c->fatal = ERR_INTERNAL;
    }
    if (c->fd < 0) {   /* listed by app_ic_map_open, gone since */
        error_at(c, 0, NULL, "ファイルを読めません。");
        c->eof = true;
    }
    csv_begin(&c->w, &c->gen, false);
    for (int col = 0; col < d->ncols; col++)
        for (int k = 0; k < ic_format_width(t->file, col); k++) {
            char name[128];
            ic_format_csv_name(t->file, col, k, name, sizeof name);
            csv_field_exact(&c->w, name);
        }
    csv_end_row(&c->w);
    return c;
}

/* The source read to its end: the control totals checked, the manifest's
 * rows and sums filled. */
static void conv_checks(conv *c)
{
    if (!c->trailer_line && has_control(c->t, c->nsums)) {
        if (c->t->trailer[0])
            error_at(c, 0, NULL, "トレーラー記録（管理合計）がありません。");
        else
            control(c, 0, NULL, 0, NULL, 0);
    }
    check_control(c);
    ic_manifest_file *mf = (ic_manifest_file *)ic_manifest_find(&c->out->manifest, ic_format_file(c->f)->file);
    if (mf) {
        mf->rows = c->rows;
        mf->nsums = c->nsums;
        for (int s = 0; s < c->nsums; s++) {
            mf->sums[s] = c->names[s];
            mf->sums[s].yen = c->sums[s];
        }
    }
}

static void conv_free(conv *c)
{
    if (!c)
        return;
    if (c->fd >= 0)
        close(c->fd);
    if (c->gen.data)
        explicit_bzero(c->gen.data, c->gen.len);   /* personal data in plaintext */
    buf_free(&c->gen);
    buf_free(&c->in);
    csv_reader_free(c->cr);
    if (c->sha) {
        char hex[65];
        crypto_sha256_end(c->sha, hex);
    }
    free(c->lines);
    free(c);
}

/* More of the source converted into c->gen: a piece read, its whole lines
 * made into rows (at the end: the rest, and the checks). */
static void conv_more(conv *c)
{
    if (!c->eof) {
        if (!buf_grow(&c->in, PIECE)) {
            c->fatal = ERR_INTERNAL;
            return;
        }
        ssize_t got = read(c->fd, c->in.data + c->in.len, PIECE);
        if (got < 0) {
            error_at(c, 0, NULL, "ファイルを読めません。");
            got = 0;
        }
        c->in.len += (size_t)got;
        c->eof = got == 0;
    }
    convert_lines(c);
    if (c->eof && !c->done) {
        c->done = true;
        conv_checks(c);
    }
}

ssize_t app_ic_map_pull(app_ic_mapped *m, int f, char *dst, size_t n)
{
    conv *c = m->cur;
    if (!c || c->f != f) {
        conv_free(c);
        m->cur = c = NULL;
        for (int i = 0; i < m->map->ntargets && !c && m->has[f]; i++)
            if (m->map->targets[i].file == f && !(m->cur = c = conv_begin(m, &m->map->targets[i], NULL)))
                return -1;
        if (!c)
            return 0;
    }
    /* the rows handed over two pieces ago have been read: their lines are no longer asked for */
    int64_t drop = c->mark - c->first_row;
    if (drop > 0 && (size_t)drop <= c->nlines) {
        memmove(c->lines, c->lines + drop, (c->nlines - (size_t)drop) * sizeof *c->lines);
        c->nlines -= (size_t)drop;
        c->first_row = c->mark;
    }
    c->mark = c->rows;
    while (!c->fatal && !c->done && c->gen.len - c->gen_at < n)
        conv_more(c);
    if (c->fatal || c->gen.failed || c->w.out->failed)
        return -1;
    size_t k = c->gen.len - c->gen_at < n ? c->gen.len - c->gen_at : n;
    memcpy(dst, c->gen.data + c->gen_at, k);
    if (c->sha)
        crypto_sha256_add(c->sha, dst, k);
    c->gen_at += k;
    if (c->gen_at == c->gen.len) {
        explicit_bzero(c->gen.data, c->gen.len);
        buf_reset(&c->gen);
        c->gen_at = 0;
    } else if (c->gen_at > PIECE) {
        memmove(c->gen.data, c->gen.data + c->gen_at, c->gen.len - c->gen_at);
        c->gen.len -= c->gen_at;
        c->gen_at = 0;
    }
    if (k == 0 && c->sha) {   /* the end: the manifest's SHA-256 is that of what was handed over */
        ic_manifest_file *mf = (ic_manifest_file *)ic_manifest_find(&m->manifest, ic_format_file(f)->file);
        char hex[65];
        crypto_sha256_end(c->sha, hex);
        c->sha = NULL;
        if (mf)
            str_copy(mf->sha256, sizeof mf->sha256, hex);
    }
    return (ssize_t)k;
}

int64_t app_ic_map_errors(const app_ic_mapped *m)
{
    return m->nerrors;
}

int app_ic_map_open(const char *dir, const char *mapping_path, app_ic_mapped *m, err_t *e)
{
    memset(m, 0, sizeof *m);
    m->dirfd = -1;
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
    m->map = ok ? ic_mapping_parse(buf_cstr(&text), base ? base + 1 : mapping_path, msg, sizeof msg) : NULL;
    buf_free(&text);
    if (!m->map)
        return err_set(e, ERR_INVALID, "mapping", msg[0] ? msg : "対応表を読めません。", "bad mapping");
    m->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m->dirfd < 0)
        return err_set(e, ERR_IO, "dir", "取り込むディレクトリを開けません。", "open %s: %s", dir, strerror(errno));
    /* the files to make, in the format's order whatever the mapping's: each
     * listed when its source is there (rows, sums and SHA-256 as it is read) */
    for (int f = 0; f < IC_FILE__COUNT; f++)
        for (int i = 0; i < m->map->ntargets; i++) {
            const icm_target *t = &m->map->targets[i];
            if (t->file != f)
                continue;
            str_copy(m->source[f], sizeof m->source[0], t->source);
            if (faccessat(m->dirfd, t->source, R_OK, 0) != 0) {
                conv c = {.out = m, .map = m->map, .t = t, .f = f};
                error_at(&c, 0, NULL, errno == ENOENT ? "ファイルがありません（対応表の source.file）。" : "ファイルを読めません。");
                continue;
            }
            m->has[f] = true;
            ic_manifest_file *mf = &m->manifest.files[m->manifest.nfiles++];
            str_copy(mf->name, sizeof mf->name, ic_format_file(f)->file);
        }
    return 0;
}

void app_ic_mapped_where(const app_ic_mapped *m, int f, int64_t line, char *out, size_t outsz)
{
    const conv *c = m->cur;
    int64_t row = line - 2;   /* line 1 is the header */
    if (c && c->f == f && row >= c->first_row && row - c->first_row < (int64_t)c->nlines)
        str_fmt(out, outsz, "%s:%lld（%s）", m->source[f], (long long)c->lines[row - c->first_row],
                ic_format_file(f)->file);
    else
        str_fmt(out, outsz, "%s:%lld", f >= 0 && f < IC_FILE__COUNT ? ic_format_file(f)->file : "?", (long long)line);
}

void app_ic_mapped_free(app_ic_mapped *m)
{
    conv_free(m->cur);
    m->cur = NULL;
    if (m->map)
        ic_mapping_free(m->map);
    m->map = NULL;
    if (m->dirfd >= 0)
        close(m->dirfd);
    m->dirfd = -1;
    for (int f = 0; f < IC_FILE__COUNT; f++) {
        for (int s = 0; s < ICR_SAMPLES; s++)
            for (int k = 0; k < IC_MAX_CSV_COLS; k++)
                free(m->legacy[f][s][k]);
    }
    buf_free(&m->errors);
}
