/* works_contractor_xlsx — see works_contractor_xlsx.h (the frame is
 * report/xlsx_list's). */
#include "report/works_contractor_xlsx.h"

#include "report/works_contractor_csv.h"
#include "report/xlsx_list.h"
#include "report/xlsx_text.h"

static void write_row(lxw_worksheet *ws, lxw_row_t row, size_t i, const void *arg, const xlsx_list_formats *f)
{
    const app_works_contractor_page *p = arg;
    const app_works_contractor_item *r = &p->rows[i];
    char note[64];
    xlsx_text_write(ws, row, 0, r->designation_no, f->label);
    xlsx_text_write(ws, row, 1, r->name, f->label);
    xlsx_text_write(ws, row, 2, r->name_kana, f->label);
    xlsx_text_write(ws, row, 3, r->address, f->label);
    xlsx_text_write(ws, row, 4, r->phone, f->label);
    xlsx_text_write(ws, row, 5, r->designated_on, f->label);
    xlsx_text_write(ws, row, 6, r->valid_until, f->label);
    worksheet_write_number(ws, row, 7, (double)r->due_in_days, f->num);
    xlsx_text_write(ws, row, 8, r->state_label, f->label);
    works_contractor_state_note(r, note, sizeof note);
    xlsx_text_write(ws, row, 9, note, f->label);
    worksheet_write_number(ws, row, 10, (double)r->engineers, f->num);
    xlsx_text_write(ws, row, 11, p->today, f->label);
}

int works_contractor_xlsx_write(const app_works_contractor_page *p, const char *conditions, const char *printed_by,
                                int64_t printed_at, const char *path, char *err, size_t errsz)
{
    static const double WIDTHS[WORKS_CONTRACTOR_NCOLS] = {12, 24, 24, 24, 13, 13, 13, 13, 13, 13, 13, 13};
    xlsx_list l = {"指定工事事業者", "指定給水装置工事事業者一覧", WORKS_CONTRACTOR_COL_TITLES, WORKS_CONTRACTOR_NCOLS,
                   WIDTHS, 2, p->today, conditions, p->total, printed_by, printed_at, p->n, write_row, p};
    return xlsx_list_write(&l, path, err, errsz);
}
