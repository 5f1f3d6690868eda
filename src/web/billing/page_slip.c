/* page_slip — a bill's payment slip (納付書) as PDF, from the bill page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/slip_pdf.h"
#include "web/web.h"
#include "app/billing/app_bill.h"

static int write_slip(const void *slip, const char *path, char *msg, size_t msgsz)
{
    return slip_pdf_write(slip, 1, path, msg, msgsz);
}

int page_bill_slip(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    if (!web_path_id(rq, rs, "調定が見つかりません。", &id))
        return 0;
    app_slip slip;
    if (app_slip_get(&rq->ctx, id, &slip, &e))
        return web_fail(rq, rs, &e);
    char name[64];
    str_fmt(name, sizeof name, "slip-%s-%s.pdf", slip.tap_no, slip.cycle);
    return web_send_document(rq, rs, write_slip, &slip, "application/pdf", "inline", name,
                             "納付書を作成できませんでした。");
}

int page_bill_slip_reissue(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    app_slip slip;
    if (!web_path_id(rq, rs, "調定が見つかりません。", &id))
        return 0;
    char to[48], msg[200];
    str_fmt(to, sizeof to, "/bills/%lld", (long long)id);
    if (app_slip_reissue(&rq->ctx, id, &slip, &e)) {
        if (e.code != ERR_CONFLICT)
            return web_fail(rq, rs, &e);
        return web_redirect(rq, rs, to, e.user);
    }
    str_fmt(msg, sizeof msg, "納付書を再発行しました（再発行区分 %d、納期限 %s）。「納付書（PDF）」から印刷できます。", slip.reissue,
            slip.due_on);
    return web_redirect(rq, rs, to, msg);
}
