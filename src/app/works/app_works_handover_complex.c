/* app_works_handover_complex — 特団: a tap a dwelling, each at its own
 * diameter, its place the address and the room, with its meter; no start
 * request: each dwelling's resident asks for theirs at 受付 (see
 * app_works_handover.h and docs/works.md 「引き渡し」). */
#include <stdlib.h>

#include "app/works/app_works_handover_internal.h"

int app_works_handover_complex(app_works_handover_run *h, err_t *e)
{
    works_dwelling_row *dw = NULL;
    size_t nd = 0;
    int rc = works_dwelling_store_list(h->ctx->db, h->r->id, &dw, &nd, e);
    for (size_t i = 0; !rc && i < nd; i++)
        if (dw[i].tap_id == 0)   /* made before: not again */
            rc = app_works_handover_make_tap(h, dw[i].no, dw[i].diameter, dw[i].label, NULL, e);
    free(dw);
    return rc;
}
