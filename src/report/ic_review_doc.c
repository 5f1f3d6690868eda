/* ic_review_doc — the 移行結果確認表 as PDF and XLSX (see ic_review_doc.h). */
#include "report/ic_review_doc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/date.h"
#include "report/pdf_draw.h"
#include "report/xlsx_list.h"
#include "report/xlsx_text.h"

#define MM PDF_MM
#define NC 7

static const char *const COLS[NC] = {"区分", "ファイル", "年度・No.", "項目", "旧システム・管理合計", "suido", "相違"};

void ic_review_doc_fy(const ic_run_item_row *it, char *out, size_t outsz)
{
    if (strcmp(it->section, "sample") == 0)
        str_fmt(out, outsz, "No.%lld", (long long)it->fy);
    else if (strcmp(it->section, "count") == 0 && it->fy)
        str_fmt(out, outsz, "%lld年度", (long long)it->fy);
    else if (strcmp(it->section, "count") == 0)
        str_copy(out, outsz, "（日付なし）");
    else
        str_copy(out, outsz, "");
}

static void cells(const ic_run_item_row *it, const char *out[NC], char fy[32])
{
    ic_review_doc_fy(it, fy, 32);
    out[0] = app_ic_section_label(it->section);
    out[1] = it->file[0] ? app_ic_file_label(it->file) : "";
    out[2] = fy;
    out[3] = it->name;
    out[4] = it->legacy;
    out[5] = it->loaded;
    out[6] = it->differs ? "相違" : "";
}

/* ---- PDF ----------------------------------------------------------------- */

static const double X[NC + 1] = {12, 52, 80, 100, 150, 200, 274, 285};

static void page_head(cairo_t *cr, const ic_review_doc *d, int page, double *y)
{
    char s[600], a[20], b[20];
    pdf_text(cr, 12 * MM, 10 * MM, "IPAexGothic Bold 16", "移行結果確認表", PDF_LEFT, 0);
    date_format_ts_jst(d->run->started_at, a);
    date_format_ts_jst(d->run->finished_at, b);
    str_fmt(s, sizeof s, "実行 No.%lld　%s〜%s　%s　実行者 %s　結果 %s　読んだ行 %lld　誤り %lld", (long long)d->run->id, a,
            b + 11, app_ic_kind_label(d->run->kind), d->run->run_by, app_ic_result_label(d->run->result),
            (long long)d->run->rows_read, (long long)d->run->errors);
    pdf_text(cr, 12 * MM, 19 * MM, "IPAexGothic 9", s, PDF_LEFT, 0);
    str_fmt(s, sizeof s, "取込元 %.200s%s%.200s", d->run->source, d->run->mapping[0] ? "　対応表 " : "",
            d->run->mapping);
    pdf_text(cr, 12 * MM, 24 * MM, "IPAexGothic 9", s, PDF_LEFT, 0);
    str_fmt(s, sizeof s, "%d ページ", page);
    pdf_text(cr, 285 * MM, 10 * MM, "IPAexGothic 9", s, PDF_RIGHT, 0);
    *y = 31 * MM;
    for (int c = 0; c < NC; c++)
        pdf_text(cr, (X[c] + 1) * MM, *y + 1.4 * MM, "IPAexGothic Bold 8", COLS[c], PDF_LEFT, 0);
    *y += 6 * MM;
    pdf_line(cr, X[0] * MM, *y, X[NC] * MM, *y, 0.8);
}

int ic_review_pdf_write(const ic_review_doc *d, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 297 * MM, 210 * MM);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "移行結果確認表");
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 0, 0, 0);
    int page = 1;
    double y;
    page_head(cr, d, page, &y);
    const double rh = 5.2 * MM, bottom = 196 * MM;
    for (size_t i = 0; i < d->n; i++) {
        if (y + rh > bottom) {
            cairo_show_page(cr);
            page_head(cr, d, ++page, &y);
        }
        const char *c[NC];
        char fy[32], loaded[120], legacy[120];
        cells(&d->items[i], c, fy);
        /* one line a row: long texts (messages) are cut on the page (whole in the XLSX) */
        str_fmt(legacy, sizeof legacy, "%.100s", c[4]);
        str_fmt(loaded, sizeof loaded, "%.110s", c[5]);
        c[4] = legacy;
        c[5] = loaded;
        for (int k = 0; k < NC; k++) {
            cairo_save(cr);
            cairo_rectangle(cr, X[k] * MM, y, (X[k + 1] - X[k]) * MM, rh);
            cairo_clip(cr);
            pdf_text(cr, (X[k] + 1) * MM, y + 1 * MM, k == 6 ? "IPAexGothic Bold 7.5" : "IPAexGothic 7.5", c[k],
                     PDF_LEFT, 0);
            cairo_restore(cr);
        }
        y += rh;
        pdf_line(cr, X[0] * MM, y, X[NC] * MM, y, 0.2);
    }
    char s[256], when[20];
    date_format_ts_jst(d->printed_at, when);
    str_fmt(s, sizeof s, "印刷日時 %s　印刷者 %s", when, d->printed_by);
    pdf_text(cr, 285 * MM, 200 * MM, "IPAexGothic 8", s, PDF_RIGHT, 0);
    cairo_show_page(cr);
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

/* ---- XLSX ---------------------------------------------------------------- */

static void xlsx_row(lxw_worksheet *ws, lxw_row_t row, size_t i, const void *arg, const xlsx_list_formats *f)
{
    const ic_review_doc *d = arg;
    const char *c[NC];
    char fy[32];
    cells(&d->items[i], c, fy);
    const ic_run_item_row *it = &d->items[i];
    bool numeric = strcmp(it->section, "count") == 0 || strcmp(it->section, "control") == 0;
    for (int k = 0; k < NC; k++) {
        long long v = 0;
        if (numeric && (k == 4 || k == 5) && str_to_i64(c[k], &v))
            worksheet_write_number(ws, row, (lxw_col_t)k, (double)v, strcmp(it->name, "rows") == 0 ? f->num : f->yen);
        else
            xlsx_text_write(ws, row, (lxw_col_t)k, c[k], f->label);
    }
}

int ic_review_xlsx_write(const ic_review_doc *d, const char *path, char *err, size_t errsz)
{
    static const double W[NC] = {22, 18, 12, 34, 30, 40, 8};
    char cond[600], a[20];
    date_format_ts_jst(d->run->started_at, a);
    str_fmt(cond, sizeof cond, "実行 No.%lld %s %s 実行者 %s 結果 %s 取込元 %.200s%s%.200s", (long long)d->run->id, a,
            app_ic_kind_label(d->run->kind), d->run->run_by, app_ic_result_label(d->run->result), d->run->source,
            d->run->mapping[0] ? " 対応表 " : "", d->run->mapping);
    char today[11];
    date_format_iso(date_today_jst(), today);
    xlsx_list l = {
        .sheet = "移行結果確認表", .title = "移行結果確認表", .cols = COLS, .ncols = NC, .widths = W, .freeze_cols = 2,
        .today = today, .conditions = cond, .total = (int64_t)d->n, .printed_by = d->printed_by,
        .printed_at = d->printed_at, .nrows = d->n, .row = xlsx_row, .arg = d,
    };
    return xlsx_list_write(&l, path, err, errsz);
}
