/* portal_form_pdf — the paper form for residents who apply at the counter
 * or by mail (水道使用開始・中止届), one A4 page drawn by cairo with the
 * Japanese text set by pango in the IPAex fonts, offered by the portal's
 * 各種様式 page.  The form is blank: no personal data passes here.
 *
 * Ownership: the PDF's bytes are appended to the caller's buffer. */
#ifndef SUIDO_PORTAL_FORM_PDF_H
#define SUIDO_PORTAL_FORM_PDF_H

#include <stddef.h>

#include "base/buf.h"

/* 0, or -1 with a message in err.  utility: the name printed at the foot. */
int portal_form_pdf_write(const char *utility, buf_t *out, char *err, size_t errsz);

#endif
