/* workorder_pdf — the crew's sheet of a day's opening and closing work
 * orders (開栓・閉栓 作業票) as A4 landscape PDF pages, twelve orders a page
 * in route order: number, kind (boxed 至急 when urgent), route and round,
 * tap and meter number, place of use, user and phone, the last reading
 * before the visit (value and day), room to write the reading and who did
 * it, and the settlement of a closing.  cairo draws, pango sets the text in IPAex Gothic.
 *
 * Ownership: the caller's struct and rows; the file at path is created or
 * replaced. */
#ifndef SUIDO_WORKORDER_PDF_H
#define SUIDO_WORKORDER_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "app/reception/app_reception.h"

typedef struct workorder_sheet {
    const char *day, *route, *utility, *printed_by;
    int64_t printed_at;
    const app_work_order *rows;
    size_t n;
} workorder_sheet;

/* 0, or -1 with a message in err. */
int workorder_pdf_write(const workorder_sheet *s, const char *path, char *err, size_t errsz);

#endif
