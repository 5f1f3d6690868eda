/* app_works_application_int — helpers shared by the two files of the works
 * applications in app/ (app_works_application.c, the acts: entering, the
 * steps, attachments; app_works_application_view.c, what is read: one
 * application, the search, a tap's applications) and by the documents
 * (app_works_document.c).  Not for other modules.
 *
 * Ownership: as app_works_application.h. */
#ifndef SUIDO_APP_WORKS_APPLICATION_INT_H
#define SUIDO_APP_WORKS_APPLICATION_INT_H

#include "app/works/app_works_application.h"

/* A record id as a form sends it: decimal digits, at most 15, not 0. */
bool app_works_parse_id(const char *s, int64_t *id);
/* The setting works.overdue_days (default 14): a step open longer is overdue. */
int64_t app_works_overdue_days(const app_ctx *ctx);
/* ERR_NOTFOUND: no application id (the message for the user). */
int app_works_application_not_found(err_t *e, int64_t id);
/* Is an application in status, its latest step on status_on, overdue
 * today?  *days: the days since that step (0 when closed). */
bool app_works_is_overdue(const app_ctx *ctx, int status, const char *status_on, int64_t *days);

/* The list rows of store rows into out->rows (malloc'd) and out->n. */
struct works_app_row;
int app_works_rows_from(app_ctx *ctx, const struct works_app_row *rows, size_t n, app_works_page *out, err_t *e);

/* One application as app_works_get reads it (PERM_WORKS_VIEW), in a read
 * transaction of its own, with no view audit: for a caller that writes its
 * own audit row for what it shows (a document issued). */
int app_works_read(app_ctx *ctx, int64_t id, app_works_application *out, err_t *e);

#endif
