/* meter_widgets — pieces shared by the メーター管理 screens (web/meter/):
 * the diameter <select>, a right-aligned count cell, the frame of a page
 * that shows the stock, and the error line of a part of a page that could
 * not be read.
 *
 * Ownership: nothing is allocated that outlives a call, but the stock rows
 * of web_meter_stock_page_begin (free()). */
#ifndef SUIDO_METER_WIDGETS_H
#define SUIDO_METER_WIDGETS_H

#include "app/meter/app_meter_stock.h"
#include "web/web.h"

/* 口径 as a <select> of the meter diameters (name "diameter"); first_label
 * non-NULL adds an empty first choice with that label. */
void web_meter_diameter_select(web_resp *rs, const char *selected, const char *first_label, const err_t *e);
/* The stock by diameter (*rows malloc'd: free()) and the frame of a
 * メーター page: title as its h1, the sub-menu with current, the refused
 * form's error (fe may be NULL).  false when the stock cannot be read: rs
 * holds the error page. */
bool web_meter_stock_page_begin(web_req *rq, web_resp *rs, const char *title, const char *current, const err_t *fe,
                                app_meter_stock_row **rows, size_t *n);
/* <td class="num">1,234</td> */
void web_meter_count_cell(web_resp *rs, long long v);

/* A part of a page that could not be read: <p class="form-error"
 * role="alert">what: the error</p>. */
void web_meter_error_line(web_resp *rs, const char *what, const err_t *e);

/* The checkbox 「口径を変更する」 (name "confirm_diameter") of a meter
 * exchange: ticked when the form came back ticked, marked invalid when e
 * names it (a meter of another diameter than the tap's, not confirmed). */
void web_meter_confirm_diameter(web_req *rq, web_resp *rs, const err_t *e);

#endif
