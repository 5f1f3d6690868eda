/* ic_review_doc — the 移行結果確認表 (review report of an import run,
 * app/interchange/app_ic_review.h) as PDF (A4 landscape, as many pages as
 * it takes) and XLSX (one sheet of every line, through xlsx_list).
 *
 * Nothing is returned but the file at path (created or replaced). */
#ifndef SUIDO_IC_REVIEW_DOC_H
#define SUIDO_IC_REVIEW_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "app/interchange/app_ic_review.h"

typedef struct ic_review_doc {
    const ic_run_row *run;
    const ic_run_item_row *items;
    size_t n;
    const char *printed_by;
    int64_t printed_at;
} ic_review_doc;

/* "2025年度" / "—" (fy 0) for a count line; "No.2" for a sample; into out. */
void ic_review_doc_fy(const ic_run_item_row *it, char *out, size_t outsz);
/* 0, or -1 with a message in err. */
int ic_review_pdf_write(const ic_review_doc *d, const char *path, char *err, size_t errsz);
int ic_review_xlsx_write(const ic_review_doc *d, const char *path, char *err, size_t errsz);

#endif
