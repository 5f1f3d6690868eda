/* portal_form_pdf — see portal_form_pdf.h.  The page is a table of boxes:
 * each row a label cell and a blank cell to write in, some with choices to
 * tick, laid out from one static table. */
#include "report/portal_form_pdf.h"
#include "report/pdf_draw.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#define MM PDF_MM

typedef struct form_row {
    const char *label;     /* the label cell */
    const char *inside;    /* printed in the blank cell (small), or NULL */
    double height_mm;
} form_row;

static const form_row ROWS[] = {
    {"届出の種類", "□ 使用開始　　　□ 使用中止", 10},
    {"使用開始日・中止日", "令和　　　年　　　月　　　日（　　）", 10},
    {"水栓番号", "（検針票に記載の8桁。わかる場合）", 10},
    {"お客様番号", "（使用中止で水栓番号がわからない場合）", 10},
    {"ご使用場所", "〒　　　－", 16},
    {"フリガナ", NULL, 8},
    {"ご使用者のお名前", NULL, 13},
    {"電話番号", "（日中に連絡のつく番号）", 10},
    {"料金のお知らせの送付先", "〒　　　－　　　　（ご使用場所と異なる場合のみ）", 16},
    {"法人名・代表者名", "（法人の場合）", 13},
    {"最終料金のお支払い方法", "□ 口座振替　　　□ 納付書　　（使用中止の場合）", 13},
    {"転居先", "〒　　　－　　　　（使用中止の場合）", 16},
    {"届出人", "お名前　　　　　　　　　　ご関係　　　　　　電話", 13},
    {"連絡事項", NULL, 22},
};

static void draw(cairo_t *cr, const char *utility)
{
    const double left = 18 * MM, right = 192 * MM, split = 70 * MM;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.8);
    pdf_text(cr, 68 * MM, 16 * MM, "IPAexGothic Bold 18", "水道使用開始・中止届", PDF_LEFT, 0);
    pdf_text(cr, 120 * MM, 30 * MM, "IPAexGothic 10", "届出日　令和　　年　　月　　日", PDF_LEFT, 0);
    pdf_text(cr, left, 30 * MM, "IPAexGothic 10", "宛先　" "水道事業管理者", PDF_LEFT, 0);
    double y = 38 * MM;
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++) {
        double h = ROWS[i].height_mm * MM;
        cairo_rectangle(cr, left, y, right - left, h);
        cairo_move_to(cr, split, y);
        cairo_line_to(cr, split, y + h);
        cairo_stroke(cr);
        pdf_text(cr, left + 2 * MM, y + 2 * MM, "IPAexGothic 10", ROWS[i].label, PDF_LEFT, split - left - 4 * MM);
        if (ROWS[i].inside)
            pdf_text(cr, split + 2 * MM, y + 2 * MM, "IPAexGothic 8", ROWS[i].inside, PDF_LEFT, right - split - 4 * MM);
        y += h;
    }
    y += 4 * MM;
    pdf_text(cr, left, y, "IPAexGothic 8",
        "・使用開始・中止の日の3営業日前までにお届けください。インターネット（受付窓口）からもお申し込みいただけます。\n"
        "・ご記入いただいた個人情報は、水道の使用と料金に関する事務にのみ使用します。", PDF_LEFT, right - left);
    y += 14 * MM;
    cairo_rectangle(cr, 132 * MM, y, 60 * MM, 24 * MM);
    cairo_stroke(cr);
    pdf_text(cr, 134 * MM, y + 2 * MM, "IPAexGothic 8", "受付欄（局記入）", PDF_LEFT, 0);
    pdf_text(cr, left, y + 18 * MM, "IPAexGothic 12", utility, PDF_LEFT, 0);
    cairo_show_page(cr);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    return buf_append(closure, data, length) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int portal_form_pdf_write(const char *utility, buf_t *out, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(to_buf, out, 210 * MM, 297 * MM);   /* A4 */
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, "水道使用開始・中止届");
    cairo_t *cr = cairo_create(surf);
    draw(cr, utility);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    int rc = cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS && !out->failed ? 0 : -1;
    cairo_surface_destroy(surf);
    if (rc)
        str_fmt(err, errsz, "PDF を作成できません");
    return rc;
}
