/* config — INI file plus environment (see config.h). */
#include "base/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

typedef struct config_kv { char *key, *value; } config_kv;

struct config {
    config_kv *kv;
    size_t n, cap;
};

/* Environment variable -> key. */
static const struct { const char *env, *key; } ENV_MAP[] = {
    {"SUIDO_DB", "db.url"},
    {"SUIDO_KEY_FILE", "crypto.key_file"},
    {"SUIDO_LISTEN", "server.listen"},
    {"SUIDO_TLS_CERT", "server.tls_cert"},
    {"SUIDO_TLS_KEY", "server.tls_key"},
    {"SUIDO_LOG_LEVEL", "log.level"},
    {"SUIDO_PORTAL_LISTEN", "portal.listen"},
    {"SUIDO_PORTAL_DB", "portal.db"},
    {"SUIDO_DATE_STYLE", "ui.date_style"},
    {"SUIDO_BACKUP_REPO", "backup.repository"},
    {"SUIDO_BACKUP_PASSWORD_FILE", "backup.password_file"},
    {"SUIDO_ALERT_MAIL_TO", "alerts.mail_to"},
    {"SUIDO_SENDMAIL", "alerts.sendmail"},
    {"SUIDO_METRICS_ALLOW", "metrics.allow"},
    {"SUIDO_METRICS_ENABLED", "metrics.enabled"},
    {"SUIDO_CHECKS_HOME_MAX_AGE", "checks.home_max_age"},
};

config *config_new(void)
{
    return calloc(1, sizeof(config));
}

void config_free(config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->kv[i].key);
        free(c->kv[i].value);
    }
    free(c->kv);
    free(c);
}

void config_set(config *c, const char *key, const char *value)
{
    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->kv[i].key, key) == 0) {
            char *v = strdup(value);
            if (v) {
                free(c->kv[i].value);
                c->kv[i].value = v;
            }
            return;
        }
    }
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 16;
        config_kv *kv = realloc(c->kv, nc * sizeof *kv);
        if (!kv)
            return;
        c->kv = kv;
        c->cap = nc;
    }
    char *k = strdup(key), *v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return;
    }
    c->kv[c->n].key = k;
    c->kv[c->n].value = v;
    c->n++;
}

const char *config_get(const config *c, const char *key, const char *def)
{
    for (size_t i = 0; c && i < c->n; i++)
        if (strcmp(c->kv[i].key, key) == 0)
            return c->kv[i].value;
    return def;
}

int config_get_int(const config *c, const char *key, long long def, long long min, long long max, long long *out,
                   err_t *e)
{
    const char *v = config_get(c, key, NULL);
    if (!v) {
        *out = def;
        return 0;
    }
    if (!str_to_i64(v, out) || *out < min || *out > max)
        return err_set(e, ERR_INVALID, key, NULL, "setting %s must be an integer in [%lld, %lld], got \"%s\"", key,
                       min, max, v);
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

int config_load_string(config *c, const char *text, const char *name, err_t *e)
{
    char section[64] = "";
    int lineno = 0;
    const char *p = text;
    while (*p) {
        lineno++;
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[2048];
        if (len >= sizeof line)
            return err_set(e, ERR_INVALID, NULL, NULL, "%s:%d: line too long", name, lineno);
        memcpy(line, p, len);
        line[len] = '\0';
        p = nl ? nl + 1 : p + len;
        char *s = trim(line);
        if (!*s || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end || end == s + 1 || *trim(end + 1))
                return err_set(e, ERR_INVALID, NULL, NULL, "%s:%d: malformed section header", name, lineno);
            *end = '\0';
            if (!str_copy(section, sizeof section, trim(s + 1)))
                return err_set(e, ERR_INVALID, NULL, NULL, "%s:%d: section name too long", name, lineno);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq)
            return err_set(e, ERR_INVALID, NULL, NULL, "%s:%d: expected key = value", name, lineno);
        *eq = '\0';
        char *key = trim(s);
        char *val = trim(eq + 1);
        if (!*key)
            return err_set(e, ERR_INVALID, NULL, NULL, "%s:%d: empty key", name, lineno);
        /* Inline comments after a value: " ; ..." or " # ...". */
        if (*val != '"') {
            for (char *q = val; *q; q++) {
                if ((*q == ';' || *q == '#') && q > val && (q[-1] == ' ' || q[-1] == '\t')) {
                    *q = '\0';
                    val = trim(val);
                    break;
                }
            }
        } else {
            char *close = strrchr(val + 1, '"');
            if (!close)
                return err_set(e, ERR_INVALID, NULL, NULL, "%s:%d: unterminated quote", name, lineno);
            *close = '\0';
            val++;
        }
        char full[192];
        if (!str_fmt(full, sizeof full, "%s%s%s", section, *section ? "." : "", key))
            return err_set(e, ERR_INVALID, NULL, NULL, "%s:%d: key too long", name, lineno);
        config_set(c, full, val);
    }
    return 0;
}

int config_load_file(config *c, const char *path, err_t *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, ERR_IO, NULL, "設定ファイルを開けません。", "cannot open %s: %s", path, strerror(errno));
    buf_t b;
    buf_init(&b, 1024 * 1024);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    bool err = ferror(f);
    fclose(f);
    if (err || b.failed) {
        buf_free(&b);
        return err_set(e, ERR_IO, NULL, "設定ファイルを読めません。", "cannot read %s", path);
    }
    int rc = config_load_string(c, buf_cstr(&b), path, e);
    buf_free(&b);
    return rc;
}

void config_apply_env(config *c)
{
    for (size_t i = 0; i < sizeof ENV_MAP / sizeof ENV_MAP[0]; i++) {
        const char *v = getenv(ENV_MAP[i].env);
        if (v && *v)
            config_set(c, ENV_MAP[i].key, v);
    }
}
