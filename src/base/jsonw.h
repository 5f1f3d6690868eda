/* jsonw — a streaming JSON writer into a buf_t, for large responses.
 *
 * jansson builds a tree of allocated values; for a list of a hundred search
 * hits that costs more than the search itself.  This writer appends directly,
 * escaping every string (RFC 8259), and inserts commas itself.  Parsing and
 * small replies stay with jansson. */
#ifndef SUIDO_JSONW_H
#define SUIDO_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

typedef struct jsonw {
    buf_t *out;
    int depth;
    bool first[32];     /* no member written yet at this depth */
} jsonw;

void jsonw_begin(jsonw *w, buf_t *out);
void jsonw_object(jsonw *w);            /* { as a value */
void jsonw_array(jsonw *w);             /* [ as a value */
void jsonw_end_object(jsonw *w);
void jsonw_end_array(jsonw *w);
void jsonw_key(jsonw *w, const char *key);
void jsonw_string(jsonw *w, const char *s);   /* NULL writes null */
void jsonw_int(jsonw *w, int64_t v);
void jsonw_bool(jsonw *w, bool v);
/* Shorthands for "key": value members. */
void jsonw_kv_string(jsonw *w, const char *key, const char *s);
void jsonw_kv_int(jsonw *w, const char *key, int64_t v);
void jsonw_kv_bool(jsonw *w, const char *key, bool v);

#endif
