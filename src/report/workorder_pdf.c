/* workorder_pdf — see workorder_pdf.h. */
#include "report/workorder_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "report/pdf_draw.h"
#include "report/pdf_table.h"

#define MM PDF_MM
#define ROWS_PER_PAGE 12
#define ROW_H 13.0   /* mm: room to write a reading and a name */
#define HEAD_H 10.0  /* mm: two lines of headings */
#define BODY_Y (26.0 + HEAD_H)

/* Columns (mm, left edges, then the right edge of the last). */
#define NCOLS 10
static const char *const HEAD[NCOLS] = {"番号", "作業", "検針区・順路", "水栓番号\nメーター番号", "給水場所",
                                        "使用者・電話", "前回指針", "指針", "作業者・時刻", "備考"};
static const double COLX[NCOLS + 1] = {12, 25, 39, 60, 88, 132, 176, 202, 222, 250, 285};

static const pdf_sheet SHEET = {COLX, NCOLS, 26.0, HEAD_H, ROW_H};

static void cell(cairo_t *cr, int c, double y, const char *font, const char *s)
{
    pdf_sheet_cell(cr, &SHEET, c, y, font, s);
}

static void header(cairo_t *cr, const workorder_sheet *s, int page, int pages)
{
    civil_date d;
    char day[64] = "", title[200];
    if (date_parse(s->day, &d)) {
        char w[40];
        date_format_wareki(d, w, sizeof w);
        str_fmt(day, sizeof day, "%s（%s）", w, s->day);
    }
    str_fmt(title, sizeof title, "作業日 %s　検針区 %s", day, s->route && *s->route ? s->route : "すべて");
    pdf_sheet_page_head(cr, &SHEET, "開栓・閉栓 作業票", title, s->utility, page, pages, HEAD);
}

static void row(cairo_t *cr, const app_work_order *w, double y)
{
    char s[600];
    str_fmt(s, sizeof s, "%lld", (long long)w->id);
    cell(cr, 0, y, "IPAexGothic 9", s);
    cell(cr, 1, y, "IPAexGothic Bold 9.5", strcmp(w->kind, "close") == 0      ? "閉栓"
                                          : strcmp(w->kind, "stoppage") == 0 ? "停止"
                                          : strcmp(w->kind, "reopen") == 0   ? "解除"
                                                                             : "開栓");
    if (w->urgent) {   /* 至急: boxed, so that it shows in black and white too */
        double x = (COLX[1] + 1.5) * MM, top = y + 7.0 * MM;
        cairo_rectangle(cr, x - 0.8 * MM, top - 0.5 * MM, 10.5 * MM, 5.2 * MM);
        cairo_set_line_width(cr, 1.2);
        cairo_stroke(cr);
        pdf_text(cr, x, top, "IPAexGothic Bold 9.5", "至急", PDF_LEFT, 0);
    }
    str_fmt(s, sizeof s, "%s\n順路 %lld", w->route, (long long)w->route_order);
    cell(cr, 2, y, "IPAexGothic 9", s);
    str_fmt(s, sizeof s, "%s\n%s", w->tap_no, w->meter_no[0] ? w->meter_no : "—");
    cell(cr, 3, y, "IPAexGothic 9.5", s);
    cell(cr, 4, y, "IPAexGothic 9", w->address);
    str_fmt(s, sizeof s, "%s\n%s", w->customer_name, w->phone);
    cell(cr, 5, y, "IPAexGothic 9", s);
    if (w->last_reading >= 0) {
        str_fmt(s, sizeof s, "%lld", (long long)w->last_reading);
        cell(cr, 6, y, "IPAexGothic 9.5", s);
        cell(cr, 6, y + 4.6 * MM, "IPAexGothic 8", w->last_read_on);
    } else {
        cell(cr, 6, y, "IPAexGothic 9", "—");
    }
    if (w->reading >= 0) {   /* done: what was found */
        str_fmt(s, sizeof s, "%lld", (long long)w->reading);
        cell(cr, 7, y, "IPAexGothic Bold 11", s);
        cell(cr, 8, y, "IPAexGothic 8", w->done_by);
    }
    if (strcmp(w->kind, "close") == 0)
        str_fmt(s, sizeof s, "精算: %s%s%s", strcmp(w->settle, "debit") == 0 ? "口座振替" : "納付書",
                w->note[0] ? "\n" : "", w->note);
    else
        str_copy(s, sizeof s, w->note);
    cell(cr, 9, y, "IPAexGothic 8", s);
}

int workorder_pdf_write(const workorder_sheet *s, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 297 * MM, 210 * MM);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        str_fmt(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "開栓・閉栓 作業票");
    cairo_t *cr = cairo_create(surf);
    int pages = s->n ? (int)((s->n + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE) : 1;
    char when[20], foot[160];
    date_format_ts_jst(s->printed_at, when);
    str_fmt(foot, sizeof foot, "印刷日時 %s　印刷者 %s　指針は読んだとおりに記入し、完了は画面で登録してください。", when,
            s->printed_by);
    for (int p = 0; p < pages; p++) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        header(cr, s, p + 1, pages);
        size_t from = (size_t)p * ROWS_PER_PAGE, to = from + ROWS_PER_PAGE < s->n ? from + ROWS_PER_PAGE : s->n;
        for (size_t i = from; i < to; i++)
            row(cr, &s->rows[i], (BODY_Y + (double)(i - from) * ROW_H) * MM);
        pdf_sheet_grid(cr, &SHEET, s->n ? (int)(to - from) : 1);
        if (!s->n)
            pdf_text(cr, 14 * MM, (BODY_Y + 2) * MM, "IPAexGothic 10", "この日の作業はありません。", PDF_LEFT, 0);
        pdf_text(cr, 285 * MM, 200 * MM, "IPAexGothic 8", foot, PDF_RIGHT, 0);
        cairo_show_page(cr);
    }
    return pdf_table_close(surf, cr, path, err, errsz);
}
