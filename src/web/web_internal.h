/* web_internal — encoding and parsing helpers shared inside src/web/ (not part of the handler contract in web.h). */
#ifndef SUIDO_WEB_INTERNAL_H
#define SUIDO_WEB_INTERNAL_H

#include "web/web.h"

/* Percent-decoding ('+' is a space); malloc'd result. */
char *web_url_decode(const char *s, size_t len);
/* Parse a=b&c=d into kv (malloc'd keys/values); -1 on too many fields or OOM.
 * Either way *n counts the pairs stored, which the caller frees (web_kv_free). */
int web_parse_urlencoded(const char *body, size_t len, web_kv *kv, size_t max, size_t *n);
void web_kv_free(web_kv *kv, size_t n);
/* Percent-encode s (all but A-Z a-z 0-9 - _ .) into b: cookie values, query strings. */
void web_percent_encode(buf_t *b, const char *s);
/* Free the response's headers and body. */
void web_resp_free(web_resp *rs);

#endif
