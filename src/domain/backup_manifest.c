/* backup_manifest — the backup snapshot's manifest (see backup_manifest.h). */
#include "domain/backup_manifest.h"

#include <stdlib.h>
#include <string.h>

static bool hex64(const char *s)
{
    return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

bool backup_manifest_add_table(backup_manifest *m, const char *name, int64_t rows, const char *sha256)
{
    backup_table_sum *t = realloc(m->tables, (m->ntables + 1) * sizeof *t);
    if (!t)
        return false;
    m->tables = t;
    t = &m->tables[m->ntables];
    memset(t, 0, sizeof *t);
    t->rows = rows;
    if (!str_copy(t->name, sizeof t->name, name) || !str_copy(t->sha256, sizeof t->sha256, sha256))
        return false;
    m->ntables++;
    return true;
}

bool backup_manifest_format(const backup_manifest *m, buf_t *out)
{
    buf_printf(out, "suido-backup-manifest %d\nversion %s\nschema %lld\ncreated %s\nfile_sha256 %s\nfile_bytes %lld\n",
               BACKUP_MANIFEST_FORMAT, m->version, (long long)m->schema, m->created, m->file_sha256,
               (long long)m->file_bytes);
    for (size_t i = 0; i < m->ntables; i++)
        buf_printf(out, "table %s %lld %s\n", m->tables[i].name, (long long)m->tables[i].rows, m->tables[i].sha256);
    return !out->failed;
}

/* Split line (modified) at spaces into at most max fields; the count. */
static size_t split(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (*p && n < max) {
        f[n++] = p;
        char *sp = strchr(p, ' ');
        if (!sp)
            break;
        *sp = '\0';
        p = sp + 1;
    }
    return n;
}

static bool fail(char *why, size_t whysz, int line, const char *what)
{
    str_fmt(why, whysz, "manifest line %d: %s", line, what);
    return false;
}

bool backup_manifest_parse(const char *text, backup_manifest *m, char *why, size_t whysz)
{
    memset(m, 0, sizeof *m);
    int lineno = 0;
    bool have[6] = {false};
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        char line[256];
        if (len >= sizeof line) {
            backup_manifest_free(m);
            return fail(why, whysz, lineno, "too long");
        }
        memcpy(line, p, len);
        line[len] = '\0';
        p += len + (nl ? 1 : 0);
        char *f[5];
        size_t n = split(line, f, 5);
        long long v = 0;
        bool ok;
        if (lineno == 1)
            ok = n == 2 && strcmp(f[0], "suido-backup-manifest") == 0 && str_to_i64(f[1], &v) &&
                 v == BACKUP_MANIFEST_FORMAT;
        else if (n == 2 && strcmp(f[0], "version") == 0)
            ok = (have[0] = str_copy(m->version, sizeof m->version, f[1]));
        else if (n == 2 && strcmp(f[0], "schema") == 0)
            ok = (have[1] = str_to_i64(f[1], &v) && v >= 0) && ((m->schema = v), true);
        else if (n == 2 && strcmp(f[0], "created") == 0)
            ok = (have[2] = str_copy(m->created, sizeof m->created, f[1]));
        else if (n == 2 && strcmp(f[0], "file_sha256") == 0)
            ok = (have[3] = hex64(f[1])) && str_copy(m->file_sha256, sizeof m->file_sha256, f[1]);
        else if (n == 2 && strcmp(f[0], "file_bytes") == 0)
            ok = (have[4] = str_to_i64(f[1], &v) && v >= 0) && ((m->file_bytes = v), true);
        else if (n == 4 && strcmp(f[0], "table") == 0)
            ok = str_to_i64(f[2], &v) && v >= 0 && hex64(f[3]) && backup_manifest_add_table(m, f[1], v, f[3]);
        else
            ok = false;
        if (!ok) {
            backup_manifest_free(m);
            return fail(why, whysz, lineno, lineno == 1 ? "not a suido backup manifest of this format" : "not understood");
        }
    }
    if (!(have[0] && have[1] && have[2] && have[3] && have[4])) {
        backup_manifest_free(m);
        return fail(why, whysz, lineno, "a field is missing (version, schema, created, file_sha256, file_bytes)");
    }
    return true;
}

void backup_manifest_free(backup_manifest *m)
{
    free(m->tables);
    m->tables = NULL;
    m->ntables = 0;
}

static const backup_table_sum *find(const backup_manifest *m, const char *name)
{
    for (size_t i = 0; i < m->ntables; i++)
        if (strcmp(m->tables[i].name, name) == 0)
            return &m->tables[i];
    return NULL;
}

bool backup_manifest_same_tables(const backup_manifest *want, const backup_manifest *got, char *what, size_t whatsz)
{
    for (size_t i = 0; i < want->ntables; i++) {
        const backup_table_sum *w = &want->tables[i], *g = find(got, w->name);
        if (!g) {
            str_fmt(what, whatsz, "table %s is missing", w->name);
            return false;
        }
        if (g->rows != w->rows) {
            str_fmt(what, whatsz, "table %s: %lld rows, the manifest says %lld", w->name, (long long)g->rows,
                    (long long)w->rows);
            return false;
        }
        if (strcmp(g->sha256, w->sha256) != 0) {
            str_fmt(what, whatsz, "table %s: its rows differ from the manifest (checksum)", w->name);
            return false;
        }
    }
    for (size_t i = 0; i < got->ntables; i++)
        if (!find(want, got->tables[i].name)) {
            str_fmt(what, whatsz, "table %s is not in the manifest", got->tables[i].name);
            return false;
        }
    return true;
}
