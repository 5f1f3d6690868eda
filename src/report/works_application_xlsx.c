/* works_application_xlsx — see works_application_xlsx.h (the frame is
 * report/xlsx_list's). */
#include "report/works_application_xlsx.h"

#include "report/works_application_csv.h"
#include "report/xlsx_list.h"
#include "report/xlsx_text.h"

static void write_row(lxw_worksheet *ws, lxw_row_t row, size_t i, const void *arg, const xlsx_list_formats *f)
{
    const app_works_page *p = arg;
    const app_works_row *r = &p->rows[i];
    char dia[48];
    works_application_diameter_text(r, dia, sizeof dia);
    xlsx_text_write(ws, row, 0, r->number, f->label);
    xlsx_text_write(ws, row, 1, works_application_type_label(r->type), f->label);
    xlsx_text_write(ws, row, 2, works_status_label(r->status), f->label);
    xlsx_text_write(ws, row, 3, r->received_on, f->label);
    xlsx_text_write(ws, row, 4, r->status_on, f->label);
    worksheet_write_number(ws, row, 5, (double)r->days_open, f->num);
    xlsx_text_write(ws, row, 6, r->overdue ? "滞留" : "", f->label);
    xlsx_text_write(ws, row, 7, r->contractor_name, f->label);
    xlsx_text_write(ws, row, 8, r->area_name, f->label);
    xlsx_text_write(ws, row, 9, r->tap_no, f->label);
    xlsx_text_write(ws, row, 10, dia, f->label);
    xlsx_text_write(ws, row, 11, p->today, f->label);
}

int works_application_xlsx_titled(const app_works_page *p, const char *sheet, const char *title, const char *conditions,
                                  const char *printed_by, int64_t printed_at, const char *path, char *err, size_t errsz)
{
    static const double WIDTHS[WORKS_APPLICATION_NCOLS] = {12, 12, 20, 12, 12, 8, 8, 24, 20, 12, 12, 12};
    xlsx_list l = {sheet, title, WORKS_APPLICATION_COL_TITLES, WORKS_APPLICATION_NCOLS,
                   WIDTHS, 1, p->today, conditions, p->total, printed_by, printed_at, p->n, write_row, p};
    return xlsx_list_write(&l, path, err, errsz);
}

int works_application_xlsx_write(const app_works_page *p, const char *conditions, const char *printed_by,
                                 int64_t printed_at, const char *path, char *err, size_t errsz)
{
    return works_application_xlsx_titled(p, "工事申込", "給水装置工事申込一覧", conditions, printed_by, printed_at, path,
                                         err, errsz);
}
