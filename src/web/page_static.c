/* page_static — compiled-in assets and the health check. */
#include <string.h>

#include "web/assets.h"
#include "web/web.h"

int page_static(web_req *rq, web_resp *rs)
{
    for (const web_asset *a = WEB_ASSETS; a->path; a++) {
        if (strcmp(a->path, rq->path) == 0) {
            rs->content_type = a->content_type;
            buf_append(&rs->body, a->data, a->len);
            web_header(rs, "Cache-Control", "public, max-age=3600");
            return 0;
        }
    }
    err_t e;
    err_set(&e, ERR_NOTFOUND, NULL, "指定されたファイルは存在しません。", "no asset %s", rq->path);
    return web_fail(rq, rs, &e);
}

int page_healthz(web_req *rq, web_resp *rs)
{
    (void)rq;
    rs->content_type = "text/plain; charset=utf-8";
    buf_puts(&rs->body, "ok\n");
    return 0;
}
