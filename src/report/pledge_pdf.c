/* pledge_pdf — see pledge_pdf.h. */
#include "report/pledge_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "report/pdf_draw.h"

#define MM PDF_MM

static void date_label(const char *iso, char *out, size_t outsz)
{
    char w[64];
    pdf_wareki(iso, w, sizeof w);
    str_fmt(out, outsz, "%s（%s）", w, iso);
}

/* One page; returns the index of the next instalment to draw (pages go on
 * while the schedule does not fit). */
static size_t page(cairo_t *cr, const app_pledge *p, const char *utility, size_t from_bill, size_t from_inst,
                   size_t *next_bill)
{
    char a[128], b[128], line[512];
    const char *F = "IPAexGothic 10", *FS = "IPAexGothic 8", *FM = "IPAexMincho 11";
    double L = 20 * MM, R = 190 * MM, bottom = 230 * MM;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.6);
    pdf_text(cr, 105 * MM, 18 * MM, "IPAexMincho Bold 20", "分納誓約書", PDF_CENTER, 0);
    str_fmt(line, sizeof line, "誓約番号　%lld", (long long)p->id);
    pdf_text(cr, R, 30 * MM, F, line, PDF_RIGHT, 0);
    date_label(p->pledged_on, a, sizeof a);
    str_fmt(line, sizeof line, "誓約日　%s", a);
    pdf_text(cr, R, 35 * MM, F, line, PDF_RIGHT, 0);
    str_fmt(line, sizeof line, "%s　様", utility);
    pdf_text(cr, L, 42 * MM, "IPAexMincho 12", line, PDF_LEFT, 0);
    double y = 52 * MM;
    if (from_bill == 0 && from_inst == 0) {
        pdf_yen(p->total, a);
        str_fmt(line, sizeof line,
                "私は、下記の水道料金・下水道使用料の未納額 %s を、下記の分納計画のとおり納付することを誓約します。", a);
        pdf_text(cr, L, y, FM, line, PDF_LEFT, 170 * MM);
        y += 12 * MM;
        pdf_text(cr, L, y, FM, "なお、分納計画のとおり納付しないときは、給水停止等の措置を受けても異議ありません。", PDF_LEFT,
                 170 * MM);
        y += 12 * MM;
    }
    /* the bills covered */
    size_t i = from_bill;
    if (i < p->nbills) {
        pdf_text(cr, L, y, "IPAexGothic Bold 11", "対象の調定", PDF_LEFT, 0);
        y += 6 * MM;
        pdf_text(cr, L, y, F, "水栓番号", PDF_LEFT, 0);
        pdf_text(cr, 50 * MM, y, F, "調定番号", PDF_LEFT, 0);
        pdf_text(cr, 80 * MM, y, F, "検針周期", PDF_LEFT, 0);
        pdf_text(cr, 105 * MM, y, F, "納期限", PDF_LEFT, 0);
        pdf_text(cr, R, y, F, "誓約時の未納額", PDF_RIGHT, 0);
        pdf_line(cr, L, y + 5 * MM, R, y + 5 * MM, 0.5);
        y += 6 * MM;
        for (; i < p->nbills && y < bottom; i++) {
            const app_pledge_bill *x = &p->bills[i];
            pdf_text(cr, L, y, F, x->tap_no, PDF_LEFT, 0);
            str_fmt(line, sizeof line, "%lld", (long long)x->bill_id);
            pdf_text(cr, 50 * MM, y, F, line, PDF_LEFT, 0);
            pdf_text(cr, 80 * MM, y, F, x->cycle, PDF_LEFT, 0);
            pdf_text(cr, 105 * MM, y, F, x->due_on, PDF_LEFT, 0);
            pdf_yen(x->amount, a);
            pdf_text(cr, R, y, F, a, PDF_RIGHT, 0);
            y += 5 * MM;
        }
        if (i >= p->nbills) {
            pdf_line(cr, L, y + 0.5 * MM, R, y + 0.5 * MM, 0.5);
            y += 1.5 * MM;
            pdf_text(cr, L, y, F, "合計", PDF_LEFT, 0);
            pdf_yen(p->total, a);
            pdf_text(cr, R, y, "IPAexGothic Bold 10", a, PDF_RIGHT, 0);
            y += 9 * MM;
        }
    }
    *next_bill = i;
    size_t k = from_inst;
    if (i >= p->nbills && y < bottom - 20 * MM) {
        pdf_text(cr, L, y, "IPAexGothic Bold 11", "分納計画", PDF_LEFT, 0);
        y += 6 * MM;
        pdf_text(cr, L, y, F, "回", PDF_LEFT, 0);
        pdf_text(cr, 40 * MM, y, F, "納付日", PDF_LEFT, 0);
        pdf_text(cr, 152 * MM, y, F, "金額", PDF_RIGHT, 0);
        pdf_text(cr, R, y, F, "累計", PDF_RIGHT, 0);
        pdf_line(cr, L, y + 5 * MM, R, y + 5 * MM, 0.5);
        y += 6 * MM;
        for (; k < p->ninst && y < bottom; k++) {
            const app_pledge_inst *x = &p->inst[k];
            str_fmt(line, sizeof line, "第%d回", x->seq);
            pdf_text(cr, L, y, F, line, PDF_LEFT, 0);
            date_label(x->due_on, a, sizeof a);
            pdf_text(cr, 40 * MM, y, F, a, PDF_LEFT, 0);
            pdf_yen(x->amount, a);
            pdf_text(cr, 152 * MM, y, F, a, PDF_RIGHT, 0);
            pdf_yen(x->cum, b);
            pdf_text(cr, R, y, F, b, PDF_RIGHT, 0);
            y += 5 * MM;
        }
    }
    if (i >= p->nbills && k >= p->ninst) {
        /* the debtor and the signature lines */
        double s = 238 * MM;
        pdf_text(cr, L, s, F, "住所", PDF_LEFT, 0);
        pdf_text(cr, 40 * MM, s, F, p->address[0] ? p->address : "", PDF_LEFT, 150 * MM);
        pdf_line(cr, 38 * MM, s + 6 * MM, R, s + 6 * MM, 0.5);
        s += 10 * MM;
        pdf_text(cr, L, s, F, "氏名", PDF_LEFT, 0);
        str_fmt(line, sizeof line, "%s", p->name);
        pdf_text(cr, 40 * MM, s, "IPAexMincho 12", line, PDF_LEFT, 0);
        pdf_line(cr, 38 * MM, s + 6 * MM, 160 * MM, s + 6 * MM, 0.5);   /* clear of the seal's box */
        s += 10 * MM;
        pdf_text(cr, L, s, F, "署名", PDF_LEFT, 0);
        pdf_line(cr, 38 * MM, s + 6 * MM, 160 * MM, s + 6 * MM, 0.5);
        cairo_rectangle(cr, 168 * MM, s - 8 * MM, 20 * MM, 20 * MM);
        cairo_stroke(cr);
        pdf_text(cr, 173 * MM, s, FS, "印", PDF_LEFT, 0);
        s += 10 * MM;
        pdf_text(cr, L, s, F, "電話番号", PDF_LEFT, 0);
        pdf_line(cr, 38 * MM, s + 6 * MM, 120 * MM, s + 6 * MM, 0.5);
        str_fmt(line, sizeof line, "受付者　%s", p->created_by);
        pdf_text(cr, R, s + 8 * MM, FS, line, PDF_RIGHT, 0);
    } else {
        pdf_text(cr, R, 285 * MM, FS, "（次ページへ続く）", PDF_RIGHT, 0);
    }
    cairo_show_page(cr);
    return k;
}

int pledge_pdf_write(const app_pledge *p, const char *utility, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 210 * MM, 297 * MM);   /* A4 portrait */
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_t *cr = cairo_create(surf);
    size_t nb = 0, ni = 0;
    for (int pages = 0; pages < 50; pages++) {
        size_t b0 = nb;
        ni = page(cr, p, utility && *utility ? utility : "水道事業管理者", b0, ni, &nb);
        if (nb >= p->nbills && ni >= p->ninst)
            break;
    }
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    int rc = 0;
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を書き込めません: %s", path);
        rc = -1;
    }
    cairo_surface_destroy(surf);
    return rc;
}
