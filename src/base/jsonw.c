/* jsonw — see jsonw.h. */
#include "base/jsonw.h"

static void sep(jsonw *w)
{
    if (w->depth > 0) {
        if (!w->first[w->depth])
            buf_putc(w->out, ',');
        w->first[w->depth] = false;
    }
}

void jsonw_begin(jsonw *w, buf_t *out)
{
    w->out = out;
    w->depth = 0;
    w->first[0] = true;
}

static void jw_open(jsonw *w, char c)
{
    sep(w);
    buf_putc(w->out, c);
    if (w->depth < 31)
        w->depth++;
    w->first[w->depth] = true;
}

void jsonw_object(jsonw *w)
{
    jw_open(w, '{');
}

void jsonw_array(jsonw *w)
{
    jw_open(w, '[');
}

static void jw_close(jsonw *w, char c)
{
    buf_putc(w->out, c);
    if (w->depth > 0)
        w->depth--;
}

void jsonw_end_object(jsonw *w)
{
    jw_close(w, '}');
}

void jsonw_end_array(jsonw *w)
{
    jw_close(w, ']');
}

static void str(buf_t *b, const char *s)
{
    static const char HEX[] = "0123456789abcdef";
    buf_putc(b, '"');
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        buf_append(b, run, (size_t)((const char *)p - run));
        switch (*p) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', HEX[*p >> 4], HEX[*p & 15], 0};
            buf_puts(b, u);
        }
        }
        run = (const char *)p + 1;
    }
    buf_puts(b, run);
    buf_putc(b, '"');
}

void jsonw_key(jsonw *w, const char *key)
{
    sep(w);
    str(w->out, key);
    buf_putc(w->out, ':');
    /* The value that follows must not add a comma. */
    w->first[w->depth] = true;
}

static void value_sep(jsonw *w)
{
    sep(w);
}

void jsonw_string(jsonw *w, const char *s)
{
    value_sep(w);
    if (s)
        str(w->out, s);
    else
        buf_puts(w->out, "null");
    w->first[w->depth] = false;
}

void jsonw_int(jsonw *w, int64_t v)
{
    value_sep(w);
    char d[24];
    buf_puts(w->out, str_i64(v, d));
    w->first[w->depth] = false;
}

void jsonw_bool(jsonw *w, bool v)
{
    value_sep(w);
    buf_puts(w->out, v ? "true" : "false");
    w->first[w->depth] = false;
}

void jsonw_kv_string(jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    jsonw_string(w, s);
}

void jsonw_kv_int(jsonw *w, const char *key, int64_t v)
{
    jsonw_key(w, key);
    jsonw_int(w, v);
}

void jsonw_kv_bool(jsonw *w, const char *key, bool v)
{
    jsonw_key(w, key);
    jsonw_bool(w, v);
}
