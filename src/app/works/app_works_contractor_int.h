/* app_works_contractor_int — helpers shared by the two files of the
 * contractors master in app/ (app_works_contractor.c, the acts;
 * app_works_contractor_view.c, what is read).  Not for other modules.
 *
 * Ownership: nothing is allocated that outlives a call. */
#ifndef SUIDO_APP_WORKS_CONTRACTOR_INT_H
#define SUIDO_APP_WORKS_CONTRACTOR_INT_H

#include "app/app.h"

/* A stored day ("YYYY-MM-DD"; "" or malformed: {0,0,0}). */
civil_date app_works_day(const char *iso);
/* ERR_NOTFOUND: no contractor id (the message for the user). */
int app_works_not_found(err_t *e, int64_t id);
/* NFKC of s (trimmed) into out; ERR_INTERNAL when it does not fit. */
int app_works_nfkc_into(const char *s, char *out, size_t outsz, err_t *e);

#endif
