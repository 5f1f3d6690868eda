/* req — request parsing helpers: urlencoded forms, fields, JSON members. */
#include "web/web_internal.h"

#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *web_url_decode(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            out[k++] = ' ';
        } else if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[k++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = '\0';
    return out;
}

int web_parse_urlencoded(const char *body, size_t len, web_kv *kv, size_t max, size_t *n)
{
    *n = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && body[j] != '&')
            j++;
        if (j > i) {
            if (*n >= max)
                return -1;
            const char *eq = memchr(body + i, '=', j - i);
            size_t klen = eq ? (size_t)(eq - (body + i)) : j - i;
            char *k = web_url_decode(body + i, klen);
            char *v = eq ? web_url_decode(eq + 1, (size_t)(body + j - (eq + 1))) : strdup("");
            if (!k || !v) {
                free(k);
                free(v);
                return -1;
            }
            kv[*n].key = k;
            kv[*n].value = v;
            (*n)++;
        }
        i = j + 1;
    }
    return 0;
}

void web_kv_free(web_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(kv[i].key);
        free(kv[i].value);
    }
}

static const char *kv_get(const web_kv *kv, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kv[i].key, name) == 0)
            return kv[i].value;
    return NULL;
}

const char *web_form(const web_req *rq, const char *name)
{
    return kv_get(rq->form, rq->nform, name);
}

const char *web_form_or(const web_req *rq, const char *name)
{
    const char *v = web_form(rq, name);
    return v ? v : "";
}

const char *web_query(const web_req *rq, const char *name)
{
    return kv_get(rq->query, rq->nquery, name);
}

const char *web_cookie(const web_req *rq, const char *name)
{
    return kv_get(rq->cookie, rq->ncookie, name);
}

const char *web_json_str(const web_req *rq, const char *name)
{
    if (!rq->json || !json_is_object(rq->json))
        return NULL;
    return json_string_value(json_object_get(rq->json, name));
}

enum { WEB_ID_DIGITS = 15 };   /* ids and amounts stay far below 10^15 */

bool web_digits_param(const char *s, int64_t *v)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > WEB_ID_DIGITS || strspn(s, "0123456789") != n)
        return false;
    int64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = x * 10 + (s[i] - '0');
    *v = x;
    return true;
}

bool web_id_param(const char *s, int64_t *id)
{
    int64_t v = 0;
    if (!web_digits_param(s, &v) || v < 1)
        return false;
    *id = v;
    return true;
}

int web_form_id(const web_req *rq, const char *name, const char *user, int64_t *id, err_t *e)
{
    const char *s = web_form(rq, name);
    *id = 0;
    if (!s || !*s || web_id_param(s, id))
        return 0;
    return err_field(e, name, "%s", user);
}

const char *web_tap_param(const char *s)
{
    return s && strlen(s) == 8 && strspn(s, "0123456789") == 8 ? s : NULL;
}
