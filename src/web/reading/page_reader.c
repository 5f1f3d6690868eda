/* page_reader — the meter reader's mobile page (PWA): a static shell that
 * the service worker can keep for offline use; assets/reader.js does the
 * rest through /api/v1 (docs/reader-app.md). */
#include <string.h>

#include "base/html.h"
#include "web/assets.h"
#include "web/web.h"

int page_reader_shell(web_req *rq, web_resp *rs)
{
    (void)rq;
    html_raw(&rs->body,
             "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             "<meta name=\"theme-color\" content=\"#1f5f8b\">"
             "<title>検針 — suido</title><link rel=\"manifest\" href=\"/static/reader.webmanifest\">"
             "<link rel=\"icon\" href=\"/static/reader-icon.svg\">"
             "<link rel=\"stylesheet\" href=\"/static/reader.css\"><script src=\"/static/reader.js\" defer></script>"
             "</head><body><div id=\"reader-app\" aria-live=\"polite\"><p>読み込み中…</p></div>"
             "<noscript>この画面には JavaScript が必要です。</noscript></body></html>");
    return 0;
}

int page_reader_redirect(web_req *rq, web_resp *rs)
{
    return web_redirect(rq, rs, "/m/", NULL);
}

/* The service worker, served under /m/ so that its scope is the reader's page. */
int page_reader_sw(web_req *rq, web_resp *rs)
{
    for (const web_asset *a = WEB_ASSETS; a->path; a++)
        if (strcmp(a->path, "/static/sw.js") == 0) {
            rs->content_type = a->content_type;
            buf_append(&rs->body, a->data, a->len);
            web_header(rs, "Cache-Control", "no-cache");
            return 0;
        }
    err_t e;
    err_set(&e, ERR_NOTFOUND, NULL, "指定されたファイルは存在しません。", "no service worker asset");
    return web_fail(rq, rs, &e);
}
