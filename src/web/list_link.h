/* list_link — the links of a list screen with filters in its query string:
 * the URL of a page of it (filters, export options, page number) and the
 * pager (前へ / n / m ページ / 次へ), so that a new list screen does not write
 * them again.  Its first user is the works search (web/works/page_works.c).
 *
 * Ownership: appends to the caller's buffers. */
#ifndef SUIDO_WEB_LIST_LINK_H
#define SUIDO_WEB_LIST_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* The filters of a list: n keys and their values as the URL gave them
 * (NULL or "" = not given). */
typedef struct web_list_query {
    const char *const *keys;
    const char *const *vals;
    size_t n;
} web_list_query;

/* path, then key=value for each value given (percent-encoded), then extra
 * (already encoded, e.g. "encoding=cp932"; NULL none), then page=N when
 * page > 1. */
void web_list_href(buf_t *h, const char *path, const web_list_query *q, const char *extra, int64_t page);
/* <nav class="pager" aria-label=label> with 前へ, "page / pages ページ" and
 * 次へ; nothing when there is one page. */
void web_list_pager(buf_t *b, const char *label, const char *path, const web_list_query *q, int64_t page,
                    int64_t pages);

#endif
