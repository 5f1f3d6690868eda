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
/* Parse a multipart/form-data body (content_type gives the boundary) in
 * place: fields copied into rq->form, the first file as rq->upload.data/len
 * pointing INTO body (not owned: body must outlive rq; never buf_free it).
 * -1 on a malformed body, a field over 64 KiB or too many fields. */
int web_parse_multipart(const char *content_type, const char *body, size_t len, web_req *rq);
/* The route for a method and path (NULL if none); *path_known tells whether
 * the path exists for another method. */
const web_route *web_route_find(const char *method, const char *path, char *param, size_t paramsz, bool *path_known);
/* The flash message stored under a cookie's id, removed from the store
 * (shown once); malloc'd, caller frees; NULL if unknown or expired. */
char *web_flash_take(const char *id);
/* Free the response's headers and body. */
void web_resp_free(web_resp *rs);

#endif
