/* notice_pdf — see notice_pdf.h. */
#include "report/notice_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "domain/dunning.h"
#include "domain/slipcode.h"
#include "report/pdf_draw.h"

#define MM PDF_MM
#define SLIP_Y (200 * MM)   /* the top of the slip */

/* Text with one PangoLayout per font, made once per document: a layout and
 * its font description cost more than the text they set (pdf_text makes
 * both for every string). */
enum { F_BODY, F_SMALL, F_ADDR, F_NAME, F_TITLE, F_BOLD, F_CODE, F__MAX };
static const char *const FONTS[F__MAX] = {"IPAexGothic 10", "IPAexGothic 8", "IPAexGothic 11", "IPAexGothic 14",
                                          "IPAexGothic Bold 22", "IPAexGothic Bold 12", "IPAexGothic 9"};
typedef struct pen {
    cairo_t *cr;
    PangoLayout *l[F__MAX];
} pen;

static int pen_init(pen *p, cairo_t *cr)
{
    p->cr = cr;
    for (int i = 0; i < F__MAX; i++) {
        p->l[i] = pango_cairo_create_layout(cr);
        PangoFontDescription *fd = pango_font_description_from_string(FONTS[i]);
        pango_layout_set_font_description(p->l[i], fd);
        pango_font_description_free(fd);
        if (!p->l[i])
            return -1;
    }
    return 0;
}

static void pen_free(pen *p)
{
    for (int i = 0; i < F__MAX; i++)
        if (p->l[i])
            g_object_unref(p->l[i]);
}

/* Text whose top edge is at y; align as pdf_text; width > 0 wraps. */
static void text(pen *p, int f, double x, double y, const char *s, int align, double width)
{
    PangoLayout *l = p->l[f];
    pango_layout_set_width(l, width > 0 ? (int)(width * PANGO_SCALE) : -1);
    pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, s ? s : "", -1);
    double dx = 0;
    if (align != PDF_LEFT) {
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        dx = align == PDF_RIGHT ? -(double)w / PANGO_SCALE : -(double)w / PANGO_SCALE / 2;
    }
    cairo_move_to(p->cr, x + dx, y);
    pango_cairo_show_layout(p->cr, l);
}

static void date_both(const char *iso, char *out, size_t outsz)
{
    char w[32];
    pdf_wareki(iso, w, sizeof w);
    str_fmt(out, outsz, "%s（%s）", w, iso);
}

/* The title of a step, or of a late charge's 納付書. */
static const char *title_of(int step)
{
    return step == APP_NOTICE_LATE_CHARGE ? "延滞金・督促手数料 納入通知書" : dunning_step_title(step);
}

static const char *body_of(int step)
{
    switch (step) {
    case APP_NOTICE_LATE_CHARGE:
        return "下記の延滞金・督促手数料（納期限を過ぎて納められた水道料金・下水道使用料に係るもの）を、"
               "指定期限までにお納めください。";
    case DUNNING_TOKUSOKU:
        return "下記の水道料金・下水道使用料が納期限を過ぎてもまだお納めいただいておりません。"
               "つきましては、指定期限までにお納めくださるよう督促します。"
               "なお、この通知と行き違いにお納めいただいている場合は、ご容赦ください。";
    case DUNNING_SAIKOKU:
        return "さきに督促状をお送りしましたが、下記の水道料金・下水道使用料がまだお納めいただいておりません。"
               "指定期限までに必ずお納めください。お納めいただけない事情がある場合は、至急ご相談ください。";
    default:
        return "これまで督促状・催告書によりお願いしてまいりましたが、下記の水道料金・下水道使用料がまだお納めいただいておりません。"
               "指定期限までにお納めいただけない場合は、給水条例に基づき、下記の給水停止予定日に給水を停止します。"
               "給水停止後も未納額は請求され、給水の再開には全額のお納めが必要です。";
    }
}

/* What every letter of a step shows the same way (the text of the step,
 * the table's heads, how to pay, the slip's frame and notes): drawn once per
 * step and payability on a recording surface and painted on every page of
 * the kind, which the PDF then holds once (a form XObject shared by the
 * pages) instead of setting the same glyphs again on each page. */
static int fixed_layer(pen *p, int step, bool payable)
{
    cairo_t *cr = p->cr;
    char line[256];
    cairo_set_source_rgb(cr, 0, 0, 0);
    text(p, F_TITLE, 105 * MM, 56 * MM, title_of(step), PDF_CENTER, 0);
    text(p, F_BODY, 20 * MM, 70 * MM, body_of(step), PDF_LEFT, 170 * MM);
    text(p, F_BOLD, 105 * MM, 86 * MM, "記", PDF_CENTER, 0);
    text(p, F_BODY, 30 * MM, 93 * MM, step == APP_NOTICE_LATE_CHARGE ? "内容" : "検針周期", PDF_LEFT, 0);
    text(p, F_BODY, 70 * MM, 93 * MM, step == APP_NOTICE_LATE_CHARGE ? "元の調定" : "納期限", PDF_LEFT, 0);
    text(p, F_BODY, 180 * MM, 93 * MM, "未納額", PDF_RIGHT, 0);
    pdf_line(cr, 28 * MM, 98.5 * MM, 182 * MM, 98.5 * MM, 0.5);
    const char *how = payable
        ? "【お納めの方法】下の納付書で、指定期限までに金融機関・コンビニエンスストア・スマートフォン決済アプリ、"
          "または水道局の窓口でお納めください。口座振替をご利用の方も、この通知の分は納付書でお納めください。"
        : "【お納めの方法】合計が999,999円を超えるため、バーコードによる納付（コンビニエンスストア・スマートフォン決済アプリ）"
          "はできません。指定期限までに金融機関または水道局の窓口で、この通知をお持ちのうえお納めください。";
    text(p, F_SMALL, 20 * MM, 177 * MM, how, PDF_LEFT, 170 * MM);
    /* the slip, below the perforation */
    double sy = SLIP_Y;
    pdf_slip_frame(cr, sy);
    if (step == APP_NOTICE_LATE_CHARGE)
        str_copy(line, sizeof line, "延滞金・督促手数料 納付書");
    else
        str_fmt(line, sizeof line, "水道料金・下水道使用料 納付書（%s）", dunning_step_title(step));
    text(p, F_BOLD, 18 * MM, sy + 4 * MM, line, PDF_LEFT, 0);
    if (payable)
        text(p, F_SMALL, 18 * MM, sy + 58 * MM,
             "この納付書は、金融機関・コンビニエンスストア・スマートフォン決済アプリでお納めいただけます。"
             "納付期限を過ぎるとコンビニエンスストア・スマートフォン決済アプリではお納めいただけません。",
             PDF_LEFT, 172 * MM);
    else
        text(p, F_BODY, 18 * MM, sy + 36 * MM,
             "金額が999,999円を超えるため、この納付書にはバーコードを印刷していません（コンビニエンスストア・"
             "スマートフォン決済アプリではお納めいただけません）。金融機関または水道局の窓口でお納めください。",
             PDF_LEFT, 172 * MM);
    return 0;
}

#define MAX_ROWS 7   /* bills listed one by one; more are summed on an eighth line */

static int page(pen *p, cairo_surface_t *fixed, const app_notice_doc *d, char *err, size_t errsz)
{
    cairo_t *cr = p->cr;
    char line[640], a[64], b[64];
    cairo_set_source_surface(cr, fixed, 0, 0);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    /* the window of a 長形3号 window envelope: about 90 × 45 mm from 20 mm
     * left and 14 mm down once the sheet is folded in three */
    const double wx = 24 * MM, wy = 18 * MM;
    if (d->postal[0]) {
        str_fmt(line, sizeof line, "〒%s", d->postal);
        text(p, F_ADDR, wx, wy, line, PDF_LEFT, 0);
    }
    text(p, F_ADDR, wx, wy + 6 * MM, d->mail_address[0] ? d->mail_address : d->place, PDF_LEFT, 84 * MM);
    str_fmt(line, sizeof line, "%s 様", d->customer[0] ? d->customer : "水道ご使用者");
    text(p, F_NAME, wx, wy + 20 * MM, line, PDF_LEFT, 84 * MM);
    str_fmt(line, sizeof line, "水栓番号 %s", d->tap_no);
    text(p, F_SMALL, wx, wy + 31 * MM, line, PDF_LEFT, 0);
    /* the sender, top right */
    date_both(d->issued_on, a, sizeof a);
    str_fmt(line, sizeof line, "発行日 %s", a);
    text(p, F_BODY, 196 * MM, 18 * MM, line, PDF_RIGHT, 0);
    text(p, F_BOLD, 196 * MM, 25 * MM, d->utility, PDF_RIGHT, 0);
    if (d->letter_id > 0) {
        str_fmt(line, sizeof line, "通知番号 %lld", (long long)d->letter_id);
        text(p, F_SMALL, 196 * MM, 32 * MM, line, PDF_RIGHT, 0);
    }
    if (d->contact[0])
        text(p, F_SMALL, 196 * MM, 37 * MM, d->contact, PDF_RIGHT, 0);
    /* the bills */
    double y = 100 * MM;
    size_t shown = d->nbills <= MAX_ROWS + 1 ? d->nbills : MAX_ROWS;
    for (size_t i = 0; i < shown; i++) {
        text(p, F_BODY, 30 * MM, y, d->step == APP_NOTICE_LATE_CHARGE ? d->charge_label : d->bills[i].cycle, PDF_LEFT,
             0);
        if (d->step == APP_NOTICE_LATE_CHARGE)   /* the bill it arose from */
            str_fmt(a, sizeof a, "調定番号 %lld（%s）", (long long)d->bills[i].bill_id, d->bills[i].cycle);
        else
            date_both(d->bills[i].due_on, a, sizeof a);
        text(p, F_BODY, 70 * MM, y, a, PDF_LEFT, 0);
        pdf_yen(d->bills[i].amount, b);
        text(p, F_BODY, 180 * MM, y, b, PDF_RIGHT, 0);
        y += 5.5 * MM;
    }
    if (shown < d->nbills) {
        int64_t rest = 0;
        for (size_t i = shown; i < d->nbills; i++)
            rest += d->bills[i].amount;
        pdf_yen(rest, b);
        str_fmt(line, sizeof line, "ほか %zu 件", d->nbills - shown);
        text(p, F_BODY, 30 * MM, y, line, PDF_LEFT, 0);
        text(p, F_BODY, 180 * MM, y, b, PDF_RIGHT, 0);
        y += 5.5 * MM;
    }
    if (d->fee) {
        pdf_yen(d->fee, b);
        text(p, F_BODY, 30 * MM, y, "督促手数料", PDF_LEFT, 0);
        text(p, F_BODY, 180 * MM, y, b, PDF_RIGHT, 0);
        y += 5.5 * MM;
    }
    pdf_line(cr, 28 * MM, y, 182 * MM, y, 0.5);
    y += 2 * MM;
    pdf_yen(d->total, b);
    text(p, F_BOLD, 30 * MM, y, "合計", PDF_LEFT, 0);
    text(p, F_BOLD, 180 * MM, y, b, PDF_RIGHT, 0);
    y += 9 * MM;
    date_both(d->deadline, a, sizeof a);
    str_fmt(line, sizeof line, "指定期限　%s", a);
    text(p, F_BOLD, 30 * MM, y, line, PDF_LEFT, 0);
    y += 7 * MM;
    if (d->step == DUNNING_YOKOKU && d->stop_on[0]) {
        date_both(d->stop_on, a, sizeof a);
        str_fmt(line, sizeof line, "給水停止予定日　%s", a);
        text(p, F_BOLD, 30 * MM, y, line, PDF_LEFT, 0);
    }
    /* the slip's particulars */
    double sy = SLIP_Y;
    text(p, F_BODY, 192 * MM, sy + 5 * MM, d->utility, PDF_RIGHT, 0);
    str_fmt(line, sizeof line, "%s 様　　水栓番号 %s　　（%zu 件分）", d->customer, d->tap_no, d->nbills);
    text(p, F_BODY, 18 * MM, sy + 13 * MM, line, PDF_LEFT, 0);
    pdf_yen(d->total, b);
    str_fmt(line, sizeof line, "納付金額　%s", b);
    text(p, F_BOLD, 18 * MM, sy + 21 * MM, line, PDF_LEFT, 0);
    date_both(d->deadline, a, sizeof a);
    str_fmt(line, sizeof line, "納付期限　%s", a);
    text(p, F_BODY, 100 * MM, sy + 22 * MM, line, PDF_LEFT, 0);
    if (d->code[0]) {
        if (pdf_gs1_128(cr, d->code, 22 * MM, sy + 34 * MM, 0.33 * MM, 12 * MM, err, errsz))
            return -1;
        pdf_slip_digits(d->code, line, sizeof line);
        text(p, F_CODE, 22 * MM, sy + 48 * MM, line, PDF_LEFT, 0);
    }
    cairo_show_page(cr);
    return 0;
}

/* The fixed layer of (step, payable), made on first use. */
static cairo_surface_t *fixed_of(cairo_surface_t *cache[DUNNING__MAX + 1][2], int step, bool payable)
{
    if (step < 0 || step > APP_NOTICE_LATE_CHARGE)
        step = DUNNING_TOKUSOKU;
    cairo_surface_t **slot = &cache[step][payable ? 1 : 0];
    if (*slot)
        return *slot;
    cairo_rectangle_t ext = {0, 0, 210 * MM, 297 * MM};
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
    cairo_t *cr = cairo_create(rec);
    pen p;
    memset(&p, 0, sizeof p);
    if (pen_init(&p, cr) == 0)
        fixed_layer(&p, step, payable);
    pen_free(&p);
    cairo_destroy(cr);
    *slot = rec;
    return rec;
}

int notice_pdf_write(const app_notice_doc *docs, size_t n, const char *path, char *err, size_t errsz)
{
    cairo_surface_t *surf = cairo_pdf_surface_create(path, 210 * MM, 297 * MM);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を作成できません: %s", path);
        cairo_surface_destroy(surf);
        return -1;
    }
    cairo_t *cr = cairo_create(surf);
    pen p;
    memset(&p, 0, sizeof p);
    int rc = pen_init(&p, cr);
    if (rc)
        snprintf(err, errsz, "PDF の文字組みを準備できません。");
    cairo_surface_t *fixed[DUNNING__MAX + 1][2] = {{NULL}};
    for (size_t i = 0; !rc && i < n; i++)
        rc = page(&p, fixed_of(fixed, docs[i].step, docs[i].code[0] != '\0'), &docs[i], err, errsz);
    if (!rc && n == 0) {
        text(&p, F_BODY, 20 * MM, 20 * MM, "この処理で作成した通知はありません。", PDF_LEFT, 0);
        cairo_show_page(cr);
    }
    pen_free(&p);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    for (int i = 0; i <= DUNNING__MAX; i++)
        for (int j = 0; j < 2; j++)
            if (fixed[i][j])
                cairo_surface_destroy(fixed[i][j]);
    if (!rc && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errsz, "PDF を書き込めません: %s", path);
        rc = -1;
    }
    cairo_surface_destroy(surf);
    return rc;
}
