/* meter_order_pdf — the replacement order (メーター取替指示書) to a
 * designated contractor for one route, as A4 landscape PDF pages, twelve
 * meters a page in route order: route and round, tap, the meter to take off
 * (serial, diameter, 検定満了), and room to write what the contractor
 * reports (old final dial, new serial, start dial, test flush, day).  The
 * result is entered on the screen 取替結果 or with `suido meter replace`.
 * cairo draws, pango sets the text in IPAex Gothic (as workorder_pdf).
 *
 * Ownership: the caller's struct and rows; the file at path is created or
 * replaced. */
#ifndef SUIDO_METER_ORDER_PDF_H
#define SUIDO_METER_ORDER_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "app/meter/app_meter_replace.h"

typedef struct meter_order_sheet {
    const app_meter_order_doc *doc;
    const char *utility, *printed_by;
    int64_t printed_at;
} meter_order_sheet;

/* 0, or -1 with a message in err. */
int meter_order_pdf_write(const meter_order_sheet *s, const char *path, char *err, size_t errsz);

#endif
