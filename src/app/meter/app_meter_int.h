/* app_meter_int — helpers shared by the files of app/meter/ only.
 *
 * Ownership: nothing is allocated. */
#ifndef SUIDO_APP_METER_INT_H
#define SUIDO_APP_METER_INT_H

#include "app/app.h"

/* A day as typed (NULL or "": today) into out (size >= 11); not after
 * today.  ERR_INVALID naming field and label. */
int app_meter_day(const char *s, const char *field, const char *label, char *out, err_t *e);
/* A diameter as typed: one of the meter diameters.  ERR_INVALID naming field. */
int app_meter_diameter(const char *s, const char *field, int64_t *out, err_t *e);

#endif
