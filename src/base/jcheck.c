/* jcheck — see jcheck.h. */
#include "base/jcheck.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"

int jcheck_fail(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
    return -1;
}

json_t *jcheck_load(const char *text, size_t len, const char *format, char *err, size_t errsz)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        jcheck_fail(err, errsz, "JSON として読めません（%d 行 %d 桁: %s）。", je.line, je.column, je.text);
        return NULL;
    }
    char got[32];
    int rc = 0;
    if (!json_is_object(root))
        rc = jcheck_fail(err, errsz, "最上位は JSON オブジェクトにしてください。");
    else if (jcheck_string(root, "format", "", got, sizeof got, err, errsz))
        rc = -1;
    else if (strcmp(got, format) != 0)
        rc = jcheck_fail(err, errsz, "format: \"%s\" ではありません（%s）。", format, got);
    if (rc) {
        json_decref(root);
        return NULL;
    }
    return root;
}

int jcheck_only_keys(json_t *o, const char *path, const char *const *allowed, char *err, size_t errsz)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = strcmp(allowed[i], k) == 0;
        if (!ok)
            return jcheck_fail(err, errsz, "%s%s: 未知のキーです（綴りを確認してください）。", path, k);
    }
    return 0;
}

int jcheck_string(json_t *o, const char *key, const char *path, char *out, size_t outsz, char *err, size_t errsz)
{
    json_t *v = json_object_get(o, key);
    out[0] = '\0';
    if (!v)
        return jcheck_fail(err, errsz, "%s%s: 必須のキーがありません。", path, key);
    if (!json_is_string(v))
        return jcheck_fail(err, errsz, "%s%s: 文字列で指定してください。", path, key);
    if (!str_copy(out, outsz, json_string_value(v)) || !*out) {
        out[0] = '\0';
        return jcheck_fail(err, errsz, "%s%s: 空か、長すぎます（%zu バイトまで）。", path, key, outsz - 1);
    }
    return 0;
}

int jcheck_free_text(json_t *o, const char *key, const char *path, char *err, size_t errsz)
{
    json_t *v = json_object_get(o, key);
    if (v && !json_is_string(v))
        return jcheck_fail(err, errsz, "%s%s: 文字列で指定してください。", path, key);
    return 0;
}

int jcheck_date(json_t *o, const char *key, const char *path, civil_date *out, char *err, size_t errsz)
{
    char s[16];
    if (jcheck_string(o, key, path, s, sizeof s, err, errsz))
        return -1;
    if (strlen(s) != 10 || s[4] != '-' || !date_parse(s, out))
        return jcheck_fail(err, errsz, "%s%s: 実在する日付を YYYY-MM-DD で指定してください（%s）。", path, key, s);
    return 0;
}
