/* html — the only way HTML is written.
 *
 * Text and attribute values always pass through html_esc; tag and attribute
 * names are compile-time literals chosen by the caller.  All functions append
 * to a buf_t owned by the caller. */
#ifndef SUIDO_HTML_H
#define SUIDO_HTML_H

#include "base/buf.h"

/* Append s escaped for text or attribute context (& < > " '). NULL -> "". */
void html_esc(buf_t *b, const char *s);
/* <tag a1="v1" a2="v2"...> : attrs are name/value pairs ending with NULL.
 * A NULL value skips the attribute; "" writes a bare boolean attribute
 * (e.g. "disabled", ""). */
void html_open(buf_t *b, const char *tag, ...) __attribute__((sentinel));
void html_close(buf_t *b, const char *tag);
/* <tag attrs...>text</tag> with text escaped. */
void html_elem(buf_t *b, const char *tag, const char *text, ...) __attribute__((sentinel));
/* Escaped text. */
void html_text(buf_t *b, const char *s);
/* printf-style text, result escaped. */
void html_textf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Literal markup known at compile time (e.g. "<br>").  Never pass data here. */
void html_raw(buf_t *b, const char *literal);

#endif
