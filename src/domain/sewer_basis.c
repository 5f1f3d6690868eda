/* sewer_basis — see sewer_basis.h. */
#include "domain/sewer_basis.h"

#include "base/codes.h"

static const code_label BASES[SEWER_BASIS__MAX] = {
    [SEWER_BASIS_WATER] = {"water", "水道メーター"},
    [SEWER_BASIS_DEDUCT] = {"deduct", "減量（減量メーター）"},
    [SEWER_BASIS_WELL] = {"well", "井戸水（人数による認定）"},
};

const char *sewer_basis_code(int basis)
{
    return codes_code(BASES, SEWER_BASIS__MAX, basis);
}

const char *sewer_basis_label(int basis)
{
    return codes_label(BASES, SEWER_BASIS__MAX, basis);
}

int sewer_basis_parse(const char *code)
{
    return codes_parse(BASES, SEWER_BASIS__MAX, code);
}
