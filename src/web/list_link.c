/* list_link — see list_link.h. */
#include "web/list_link.h"

#include "base/html.h"
#include "web/web_internal.h"

void web_list_href(buf_t *h, const char *path, const web_list_query *q, const char *extra, int64_t page)
{
    buf_puts(h, path);
    char sep = '?';
    for (size_t i = 0; i < q->n; i++) {
        if (!q->vals[i] || !*q->vals[i])
            continue;
        buf_printf(h, "%c%s=", sep, q->keys[i]);
        web_percent_encode(h, q->vals[i]);
        sep = '&';
    }
    if (extra) {
        buf_printf(h, "%c%s", sep, extra);
        sep = '&';
    }
    if (page > 1)
        buf_printf(h, "%cpage=%lld", sep, (long long)page);
}

void web_list_pager(buf_t *b, const char *label, const char *path, const web_list_query *q, int64_t page,
                    int64_t pages)
{
    if (pages <= 1)
        return;
    html_open(b, "nav", "class", "pager", "aria-label", label, NULL);
    buf_t h;
    buf_init(&h, 256);
    if (page > 1) {
        web_list_href(&h, path, q, NULL, page - 1);
        html_elem(b, "a", "← 前へ", "href", buf_cstr(&h), "rel", "prev", NULL);
    }
    html_open(b, "span", NULL);
    html_textf(b, "%lld / %lld ページ", (long long)page, (long long)pages);
    html_close(b, "span");
    if (page < pages) {
        buf_reset(&h);
        web_list_href(&h, path, q, NULL, page + 1);
        html_elem(b, "a", "次へ →", "href", buf_cstr(&h), "rel", "next", NULL);
    }
    buf_free(&h);
    html_close(b, "nav");
}
