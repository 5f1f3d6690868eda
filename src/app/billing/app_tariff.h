/* app_tariff — tariffs (app/billing/app_tariff.c).
 * Split from app/app.h (conventions there: permission, one transaction,
 * audit; _tx functions run in the caller's transaction).
 *
 * Ownership: output structs are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd and freed by the matching *_free function
 * named beside them (else free()). */
#ifndef SUIDO_BILLING_APP_TARIFF_H
#define SUIDO_BILLING_APP_TARIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* ---- tariffs (app_tariff.c) ------------------------------------------ */

typedef struct app_tariff {
    char tariff_id[64], service[8], effective_from[11], name[160], sha256[65], loaded_by[64];
    int64_t loaded_at;
    bool in_force;             /* the version applying today */
} app_tariff;
/* Load a tariff file (管理者; audited).  Validated by domain/tariff.h; the
 * same file again is answered with *already set; another file with a loaded
 * id, or a second version for the same service and date, is refused. */
int app_tariff_load(app_ctx *ctx, const char *json, size_t len, char id_out[64], bool *already, err_t *e);
/* Every version, by service then date. */
int app_tariff_list(app_ctx *ctx, app_tariff **rows, size_t *n, err_t *e);
/* One version, parsed (*out malloc'd: app_tariff_free).  ERR_NOTFOUND for
 * an unknown id; a stored text that no longer parses is ERR_INTERNAL. */
struct tariff;
int app_tariff_get(app_ctx *ctx, const char *tariff_id, struct tariff **out, err_t *e);
void app_tariff_free(struct tariff *t);

#endif
