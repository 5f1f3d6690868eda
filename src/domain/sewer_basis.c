/* sewer_basis — see sewer_basis.h. */
#include "domain/sewer_basis.h"

#include <stddef.h>
#include <string.h>

static const struct {
    const char *code, *label;
} BASES[SEWER_BASIS__MAX] = {
    [SEWER_BASIS_WATER] = {"water", "水道メーター"},
    [SEWER_BASIS_DEDUCT] = {"deduct", "減量（減量メーター）"},
    [SEWER_BASIS_WELL] = {"well", "井戸水（人数による認定）"},
};

const char *sewer_basis_code(int basis)
{
    return basis >= 0 && basis < SEWER_BASIS__MAX ? BASES[basis].code : NULL;
}

const char *sewer_basis_label(int basis)
{
    return basis >= 0 && basis < SEWER_BASIS__MAX ? BASES[basis].label : NULL;
}

int sewer_basis_parse(const char *code)
{
    for (int i = 0; code && i < SEWER_BASIS__MAX; i++)
        if (strcmp(BASES[i].code, code) == 0)
            return i;
    return -1;
}
