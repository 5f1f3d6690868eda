/* meter_order_pdf — see meter_order_pdf.h. */
#include "report/meter_order_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/pdf_draw.h"

#define MM PDF_MM
#define ROWS_PER_PAGE 12
#define ROW_H 13.0   /* mm: room to write the dials */
#define HEAD_H 10.0
#define BODY_Y (30.0 + HEAD_H)

#define NCOLS 10
static const char *const HEAD[NCOLS] = {"検針区・順路", "水栓番号", "撤去メーター\n番号・口径", "検定満了",
                                        "取外し指針", "新メーター番号", "取付指針", "試験通水量\n(m³)",
                                        "取替日", "備考"};
static const double COLX[NCOLS + 1] = {12, 36, 60, 96, 120, 146, 184, 208, 230, 256, 285};

static const pdf_sheet SHEET = {COLX, NCOLS, 30.0, HEAD_H, ROW_H};

static void cell(cairo_t *cr, int c, double y, const char *font, const char *s)
{
    pdf_sheet_cell(cr, &SHEET, c, y, font, s);
}

static void header(cairo_t *cr, const meter_order_sheet *s, int page, int pages)
{
    const app_meter_order_doc *d = s->doc;
    char line[400];
    str_fmt(line, sizeof line, "工事事業者 第%s号 %s　検針区 %s　検定満了 %s〜%s　%zu 個", d->contractor_no,
            d->contractor_name, d->route, d->plan.from_day, d->plan.to_day, d->plan.n);
    pdf_sheet_page_head(cr, &SHEET, "メーター取替指示書（検定満了）", line, s->utility, page, pages, HEAD);
}

static void row(cairo_t *cr, const app_meter_plan_item *m, double y)
{
    char s[160];
    str_fmt(s, sizeof s, "%s\n順路 %lld", m->route, (long long)m->route_order);
    cell(cr, 0, y, "IPAexGothic 9", s);
    cell(cr, 1, y, "IPAexGothic 9.5", m->tap_no);
    str_fmt(s, sizeof s, "%s\n%lldmm", m->serial, (long long)m->diameter);
    cell(cr, 2, y, "IPAexGothic 9", s);
    cell(cr, 3, y, "IPAexGothic 9", m->certified_until);
}

int meter_order_pdf_write(const meter_order_sheet *s, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 297 * MM, 210 * MM);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        str_fmt(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "メーター取替指示書");
    cairo_t *cr = cairo_create(surf);
    size_t n = s->doc->plan.n;
    int pages = n ? (int)((n + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE) : 1;
    char when[20], foot[240];
    date_format_ts_jst(s->printed_at, when);
    str_fmt(foot, sizeof foot,
            "印刷日時 %s　印刷者 %s　新メーターは庫出したものを使い、試験通水量は必ず記入してください（0 でも記入）。",
            when, s->printed_by);
    for (int p = 0; p < pages; p++) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        header(cr, s, p + 1, pages);
        size_t from = (size_t)p * ROWS_PER_PAGE, to = from + ROWS_PER_PAGE < n ? from + ROWS_PER_PAGE : n;
        for (size_t i = from; i < to; i++)
            row(cr, &s->doc->plan.items[i], (BODY_Y + (double)(i - from) * ROW_H) * MM);
        pdf_sheet_grid(cr, &SHEET, n ? (int)(to - from) : 1);
        if (!n)
            pdf_text(cr, 14 * MM, (BODY_Y + 2) * MM, "IPAexGothic 10", "この期間に検定満了となるメーターはありません。",
                     PDF_LEFT, 0);
        pdf_text(cr, 285 * MM, 200 * MM, "IPAexGothic 8", foot, PDF_RIGHT, 0);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    int rc = 0;
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        str_fmt(err, errsz, "PDF を書き込めません: %s", path);
        rc = -1;
    }
    cairo_surface_destroy(surf);
    return rc;
}
