/* app_approval_kinds — the registry of approval kinds: every area's
 * APP_*_APPROVAL_KINDS, listed once the way web/routes.c lists handlers.
 * A new kind is a row in its area's table; a new area is a line here. */
#include "app/app.h"
#include "app/app_approval.h"
#include "app/arrears/app_writeoff.h"
#include "app/meter/app_meter_stock.h"
#include "app/works/app_works_settle.h"

#include <string.h>

static const app_approval_kind *const AREAS[] = {
    APP_USER_APPROVAL_KINDS,
    APP_BILL_APPROVAL_KINDS,
    APP_CREDIT_APPROVAL_KINDS,
    APP_WRITEOFF_APPROVAL_KINDS,
    APP_WORKS_APPROVAL_KINDS,
    APP_METER_APPROVAL_KINDS,
};

const app_approval_kind *app_approval_kind_find(const char *kind)
{
    if (!kind)
        return NULL;
    for (size_t i = 0; i < sizeof AREAS / sizeof AREAS[0]; i++)
        for (const app_approval_kind *k = AREAS[i]; k->kind; k++)
            if (strcmp(k->kind, kind) == 0)
                return k;
    return NULL;
}
