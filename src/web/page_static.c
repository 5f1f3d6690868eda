/* page_static — compiled-in assets and the health check. */
#include <string.h>

#include "base/log.h"
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
    err_t e;
    err_clear(&e);
    rs->content_type = "text/plain; charset=utf-8";
    if (app_health(&rq->ctx, &e)) {
        log_msg(LOG_ERROR, rq->rid, "healthz: %s", e.log);
        rs->status = 503;
        buf_puts(&rs->body, "database unavailable\n");
        return 0;
    }
    buf_puts(&rs->body, "ok\n");
    return 0;
}
