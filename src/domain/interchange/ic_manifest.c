/* ic_manifest — writing and reading manifest.json (see ic_manifest.h). */
#include "domain/interchange/ic_manifest.h"

#include <jansson.h>
#include <string.h>


int ic_manifest_sums_init(int f, ic_sum *sums)
{
    const ic_file_def *d = ic_format_file(f);
    int n = 0;
    for (int c = 0; c < d->ncols && n < IC_MANIFEST_MAX_SUMS; c++)
        if (d->cols[c].flags & IC_YEN) {
            str_copy(sums[n].col, sizeof sums[n].col, d->cols[c].name);
            sums[n++].yen = 0;
        }
    return n;
}

bool ic_manifest_sum_add(ic_sum *sums, int nsums, const char *col, int64_t v)
{
    for (int i = 0; i < nsums; i++)
        if (strcmp(sums[i].col, col) == 0) {
            int64_t t;
            if (__builtin_add_overflow(sums[i].yen, v, &t))
                return false;   /* the sum is left as it was */
            sums[i].yen = t;
            return true;
        }
    return true;
}

void ic_manifest_write(const ic_manifest *m, buf_t *out)
{
    /* Written by hand (one member a line) so that a person can read and
     * diff it; the strings are ours (names, hex, ISO time), never data. */
    buf_printf(out, "{\n  \"format\": \"%s\",\n  \"schema_version\": %lld,\n", m->format,
               (long long)m->schema_version);
    buf_printf(out, "  \"created_at\": \"%s\",\n  \"encoding\": \"%s\",\n  \"files\": [", m->created_at, m->encoding);
    for (int i = 0; i < m->nfiles; i++) {
        const ic_manifest_file *f = &m->files[i];
        buf_printf(out, "%s\n    {\"name\": \"%s\", \"rows\": %lld, \"sha256\": \"%s\", \"sums\": {", i ? "," : "",
                   f->name, (long long)f->rows, f->sha256);
        for (int s = 0; s < f->nsums; s++)
            buf_printf(out, "%s\"%s\": %lld", s ? ", " : "", f->sums[s].col, (long long)f->sums[s].yen);
        buf_puts(out, "}}");
    }
    buf_puts(out, "\n  ]\n}\n");
}

static bool str_member(json_t *o, const char *key, char *dst, size_t dstsz)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && str_copy(dst, dstsz, s);
}

static bool bad(char *msg, size_t msgsz, const char *what)
{
    str_fmt(msg, msgsz, "manifest.json: %s", what);
    return false;
}

static bool parse_file(json_t *o, ic_manifest_file *f, char *msg, size_t msgsz)
{
    json_t *rows = json_object_get(o, "rows"), *sums = json_object_get(o, "sums");
    if (!json_is_object(o) || !str_member(o, "name", f->name, sizeof f->name))
        return bad(msg, msgsz, "files の name がありません。");
    if (!json_is_integer(rows) || json_integer_value(rows) < 0)
        return bad(msg, msgsz, "files の rows は 0 以上の整数にしてください。");
    f->rows = (int64_t)json_integer_value(rows);
    if (!str_member(o, "sha256", f->sha256, sizeof f->sha256) || strlen(f->sha256) != 64)
        return bad(msg, msgsz, "files の sha256 は 64 桁の16進数にしてください。");
    f->nsums = 0;
    if (sums && !json_is_object(sums))
        return bad(msg, msgsz, "files の sums はオブジェクトにしてください。");
    const char *k;
    json_t *v;
    json_object_foreach(sums, k, v) {
        if (f->nsums >= IC_MANIFEST_MAX_SUMS || !json_is_integer(v))
            return bad(msg, msgsz, "files の sums の値は整数（円）にしてください。");
        str_copy(f->sums[f->nsums].col, sizeof f->sums[f->nsums].col, k);
        f->sums[f->nsums++].yen = (int64_t)json_integer_value(v);
    }
    return true;
}

bool ic_manifest_parse(const char *json, ic_manifest *m, char *msg, size_t msgsz)
{
    memset(m, 0, sizeof *m);
    json_error_t je;
    json_t *root = json_loads(json, 0, &je);
    if (!json_is_object(root)) {
        json_decref(root);
        return bad(msg, msgsz, "JSON として読めません。");
    }
    bool ok = false;
    json_t *files = json_object_get(root, "files"), *sv = json_object_get(root, "schema_version");
    if (!str_member(root, "format", m->format, sizeof m->format) || strcmp(m->format, IC_FORMAT_NAME) != 0)
        bad(msg, msgsz, "format が " IC_FORMAT_NAME " ではありません。");
    else if (!json_is_integer(sv))
        bad(msg, msgsz, "schema_version がありません。");
    else if (!json_is_array(files) || json_array_size(files) > IC_FILE__COUNT)
        bad(msg, msgsz, "files の一覧がありません（または多すぎます）。");
    else {
        m->schema_version = (int64_t)json_integer_value(sv);
        str_member(root, "created_at", m->created_at, sizeof m->created_at);
        if (!str_member(root, "encoding", m->encoding, sizeof m->encoding))
            str_copy(m->encoding, sizeof m->encoding, "UTF-8");
        ok = true;
        size_t i;
        json_t *o;
        json_array_foreach(files, i, o) {
            if (!(ok = parse_file(o, &m->files[m->nfiles], msg, msgsz)))
                break;
            m->nfiles++;
        }
    }
    json_decref(root);
    return ok;
}

const ic_manifest_file *ic_manifest_find(const ic_manifest *m, const char *name)
{
    for (int i = 0; i < m->nfiles; i++)
        if (strcmp(m->files[i].name, name) == 0)
            return &m->files[i];
    return NULL;
}
