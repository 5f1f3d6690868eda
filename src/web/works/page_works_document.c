/* page_works_document — the documents of a works application as PDF
 * (GET /works/<id>/notice.pdf, copy.pdf, approval.pdf, inspection.pdf) and
 * the application page's panel linking those that apply now.  Thin: what
 * each says and when it applies is app/works/app_works_document.c's; the
 * drawing is report/works_*_pdf.c's. */
#include "web/web.h"
#include "web/works/works_nav.h"

#include <stdlib.h>

#include "app/works/app_works_document.h"
#include "base/html.h"
#include "report/works_approval_pdf.h"
#include "report/works_copy_pdf.h"
#include "report/works_inspection_pdf.h"
#include "report/works_notice_pdf.h"

static int write_pdf(const void *arg, const char *path, char *msg, size_t msgsz)
{
    const app_works_doc *d = arg;
    switch (d->kind) {
    case APP_WORKS_DOC_NOTICE: return works_notice_pdf_write(d, path, msg, msgsz);
    case APP_WORKS_DOC_COPY: return works_copy_pdf_write(d, path, msg, msgsz);
    case APP_WORKS_DOC_APPROVAL: return works_approval_pdf_write(d, path, msg, msgsz);
    default: return works_inspection_pdf_write(d, path, msg, msgsz);
    }
}

static int send(web_req *rq, web_resp *rs, int kind)
{
    int64_t id;
    if (!web_path_id(rq, rs, "該当する工事申込がありません。", &id))
        return 0;
    err_t e;
    err_clear(&e);
    app_works_doc *d = calloc(1, sizeof *d);
    if (!d) {
        err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return web_fail(rq, rs, &e);
    }
    if (app_works_document(&rq->ctx, id, kind, d, &e)) {
        free(d);
        return web_fail(rq, rs, &e);
    }
    /* ASCII only: the application's number ("R8-00012") and the kind */
    char name[96], fail[160];
    str_fmt(name, sizeof name, "works-%s-%s.pdf", d->a.number, app_works_doc_code(kind));
    str_fmt(fail, sizeof fail, "%sの PDF を作成できませんでした。", app_works_doc_title(kind));
    int rc = web_send_document(rq, rs, write_pdf, d, "application/pdf", "inline", name, fail);
    web_header(rs, "Cache-Control", "no-store");
    app_works_doc_free(d);
    free(d);
    return rc;
}

int page_works_doc_notice(web_req *rq, web_resp *rs)
{
    return send(rq, rs, APP_WORKS_DOC_NOTICE);
}

int page_works_doc_copy(web_req *rq, web_resp *rs)
{
    return send(rq, rs, APP_WORKS_DOC_COPY);
}

int page_works_doc_approval(web_req *rq, web_resp *rs)
{
    return send(rq, rs, APP_WORKS_DOC_APPROVAL);
}

int page_works_doc_inspection(web_req *rq, web_resp *rs)
{
    return send(rq, rs, APP_WORKS_DOC_INSPECTION);
}

void web_works_documents_panel(web_resp *rs, const app_works_application *a)
{
    buf_t *b = &rs->body;
    html_open(b, "section", "class", "panel", "id", "wa-documents", NULL);
    html_elem(b, "h2", "書類（PDF）", NULL);
    html_open(b, "ul", NULL);
    static const int ORDER[] = {APP_WORKS_DOC_COPY, APP_WORKS_DOC_NOTICE, APP_WORKS_DOC_APPROVAL,
                                APP_WORKS_DOC_INSPECTION};
    for (size_t i = 0; i < sizeof ORDER / sizeof ORDER[0]; i++) {
        int k = ORDER[i];
        const char *why = NULL;
        html_open(b, "li", NULL);
        if (app_works_doc_applies(a, k, &why)) {
            char href[96], id[32];
            str_fmt(href, sizeof href, "/works/%lld/%s.pdf", (long long)a->id, app_works_doc_code(k));
            str_fmt(id, sizeof id, "wa-doc-%s", app_works_doc_code(k));
            html_elem(b, "a", app_works_doc_title(k), "href", href, "id", id, "target", "_blank", "rel", "noopener",
                      NULL);
        } else {
            html_elem(b, "span", app_works_doc_title(k), "class", "empty", NULL);
            html_textf(b, "（%s）", why);
        }
        html_close(b, "li");
    }
    html_close(b, "ul");
    html_close(b, "section");
}
