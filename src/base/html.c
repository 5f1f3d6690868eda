/* html — see html.h. */
#include "base/html.h"

#include <stdarg.h>
#include <string.h>

void html_esc(buf_t *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(b, run, (size_t)(p - run));
        buf_puts(b, rep);
        run = p + 1;
    }
    buf_puts(b, run);
}

static void html_attrs(buf_t *b, va_list ap)
{
    for (;;) {
        const char *name = va_arg(ap, const char *);
        if (!name)
            break;
        const char *val = va_arg(ap, const char *);
        if (!val)
            continue;
        buf_putc(b, ' ');
        buf_puts(b, name);
        if (*val) {
            buf_puts(b, "=\"");
            html_esc(b, val);
            buf_putc(b, '"');
        }
    }
}

void html_open(buf_t *b, const char *tag, ...)
{
    buf_putc(b, '<');
    buf_puts(b, tag);
    va_list ap;
    va_start(ap, tag);
    html_attrs(b, ap);
    va_end(ap);
    buf_putc(b, '>');
}

void html_close(buf_t *b, const char *tag)
{
    buf_puts(b, "</");
    buf_puts(b, tag);
    buf_putc(b, '>');
}

void html_elem(buf_t *b, const char *tag, const char *text, ...)
{
    buf_putc(b, '<');
    buf_puts(b, tag);
    va_list ap;
    va_start(ap, text);
    html_attrs(b, ap);
    va_end(ap);
    buf_putc(b, '>');
    html_esc(b, text);
    html_close(b, tag);
}

void html_text(buf_t *b, const char *s)
{
    html_esc(b, s);
}

void html_textf(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_t t;
    buf_init(&t, 0);
    buf_vprintf(&t, fmt, ap);
    va_end(ap);
    html_esc(b, buf_cstr(&t));
    buf_free(&t);
}

void html_raw(buf_t *b, const char *literal)
{
    buf_puts(b, literal);
}
