/* app_works_document — the documents of a works application (issue 18 item
 * 3; docs/works.md "Documents"): what each one says, gathered for
 * src/report/works_*_pdf.c to print.
 *
 *   納入通知書 (notice)      the unpaid charges (加入金 and fees, tax in them),
 *                            the total, the step they are due before, the
 *                            deadline (works.notice_deadline_days business
 *                            days from the issue), the payer and the
 *                            contractor, and the slip's 44 digits when the
 *                            total can be paid by slip (the reference:
 *                            domain/works/works_slipref.h)
 *   申込書（控） (copy)       the application as entered
 *   認可書 (approval)         once 承認 is recorded: its date, the approver's
 *                            title (works.approver_title), the conditions
 *                            (works.approval_conditions), the charges due
 *                            before 着工
 *   完成検査結果通知           after a 完成検査 or 再検査: the latest one's
 *   (inspection)             result, date, inspector and notes
 *
 * PERM_WORKS_VIEW.  A document that does not apply to the application's
 * state is ERR_CONFLICT with a message saying why; each one issued is
 * audited (works.document.issue: the kind, the number, the total for a
 * notice — never personal data).
 *
 * Ownership: *out is filled by value with the application's malloc'd
 * parts; free with app_works_doc_free. */
#ifndef SUIDO_APP_WORKS_DOCUMENT_H
#define SUIDO_APP_WORKS_DOCUMENT_H

#include "app/app.h"
#include "app/works/app_works_application.h"

enum app_works_doc_kind {
    APP_WORKS_DOC_NOTICE,       /* 納入通知書 */
    APP_WORKS_DOC_COPY,         /* 給水装置工事申込書（控） */
    APP_WORKS_DOC_APPROVAL,     /* 給水装置工事認可書 */
    APP_WORKS_DOC_INSPECTION,   /* 完成検査結果通知書 */
    APP_WORKS_NDOCS
};

/* "notice", "copy", "approval", "inspection"; the title in Japanese. */
const char *app_works_doc_code(int kind);
const char *app_works_doc_title(int kind);
/* Whether the document applies to the application as it stands (the
 * application page links those that do); why not into why (may be NULL). */
bool app_works_doc_applies(const app_works_application *a, int kind, const char **why);

typedef struct app_works_doc_line {
    char name[96];
    int due;                    /* enum works_fee_due */
    int64_t yen, tax, open;     /* the charge (tax included), the tax in it, what is unpaid */
} app_works_doc_line;

typedef struct app_works_doc {
    int kind;
    app_works_application a;    /* the application, opened */
    char utility[128], contact[256], issued_on[11];
    /* notice: the unpaid charges; approval: those due before 着工 */
    app_works_doc_line lines[WORKS_FEE_MAX_FEES + 1];   /* 加入金 and the fees */
    size_t nlines;
    int64_t total, tax;         /* of the lines' open amounts (notice) or yen (approval) */
    int due;                    /* notice: the earliest step any line is due before */
    char deadline[11];          /* notice */
    char code[45];              /* notice: the slip's 44 digits, "" when not payable by slip */
    char reference[22];         /* notice: the slip's reference (also when not payable) */
    char approved_on[11], approver_title[128], conditions[1024];   /* approval */
    int result;                 /* inspection: enum works_result */
    bool reinspection;
    char inspected_on[11], inspector[64], note[512];
} app_works_doc;

int app_works_document(app_ctx *ctx, int64_t id, int kind, app_works_doc *out, err_t *e);
void app_works_doc_free(app_works_doc *d);

#endif
