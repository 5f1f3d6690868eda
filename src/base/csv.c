/* csv — RFC 4180 writer and encoding (see csv.h). */
#include "base/csv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"

void csv_begin(csv_writer *w, buf_t *out, bool utf8_bom)
{
    w->out = out;
    w->col = 0;
    if (utf8_bom)
        buf_puts(out, "\xEF\xBB\xBF");
}

static bool needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n && (s[0] == ' ' || s[n - 1] == ' ' || s[0] == '\t' || s[n - 1] == '\t'))   /* a reader trims them */
        return true;
    return strpbrk(s, ",\"\r\n") != NULL;
}

bool csv_text_is_formula(const char *s)
{
    return s && s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

/* One cell as written: text cells that a spreadsheet would read as a formula
 * get a leading apostrophe (OWASP's advice against CSV injection). */
static void put_cell(csv_writer *w, const char *s, bool text)
{
    if (w->col++)
        buf_putc(w->out, ',');
    if (!s)
        return;
    const char *guard = text && csv_text_is_formula(s) ? "'" : "";
    if (!*guard && !needs_quotes(s)) {   /* a guarded cell is always quoted, as OWASP advises */
        buf_puts(w->out, s);
        return;
    }
    buf_putc(w->out, '"');
    buf_puts(w->out, guard);
    /* the text between quotes copied a run at a time (a bill's lines are
     * hundreds of bytes of JSON), each '"' doubled */
    for (const char *p = s, *q; *p; p = q + 1) {
        if (!(q = strchr(p, '"'))) {
            buf_puts(w->out, p);
            break;
        }
        buf_append(w->out, p, (size_t)(q - p) + 1);
        buf_putc(w->out, '"');
    }
    buf_putc(w->out, '"');
}

void csv_field(csv_writer *w, const char *s)
{
    put_cell(w, s, true);
}

void csv_field_exact(csv_writer *w, const char *s)
{
    put_cell(w, s, false);
}

void csv_field_i64(csv_writer *w, long long v)
{
    /* without printf: a print run writes a dozen numbers per slip */
    char t[24];
    put_cell(w, str_i64(v, t), false);
}

void csv_end_row(csv_writer *w)
{
    buf_puts(w->out, "\r\n");
    w->col = 0;
}

int csv_encoding_parse(const char *s)
{
    if (!s)
        return -1;
    if (strcasecmp(s, "utf8bom") == 0 || strcasecmp(s, "utf-8-bom") == 0)
        return CSV_UTF8_BOM;
    if (strcasecmp(s, "utf8") == 0 || strcasecmp(s, "utf-8") == 0)
        return CSV_UTF8;
    if (strcasecmp(s, "cp932") == 0 || strcasecmp(s, "sjis") == 0 || strcasecmp(s, "shift_jis") == 0)
        return CSV_CP932;
    return -1;
}

bool csv_encode(const buf_t *in, int encoding, buf_t *out)
{
    const char *data = in->data ? in->data : "";
    switch (encoding) {
    case CSV_UTF8_BOM:
        buf_puts(out, "\xEF\xBB\xBF");
        /* fall through */
    case CSV_UTF8:
        buf_append(out, data, in->len);
        return !out->failed;
    case CSV_CP932: {
        size_t n = 0;
        char *c = text_to_cp932(data, in->len, &n);
        if (!c)
            return false;
        buf_append(out, c, n);
        free(c);
        return !out->failed;
    }
    default:
        return false;
    }
}
