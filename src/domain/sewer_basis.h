/* sewer_basis — how a tap's sewer volume (汚水量) is found: codes and
 * Japanese labels, one table (pure).  The volume itself is
 * bill_sewer_volume (domain/bill_calc.h).
 *
 * Ownership: every string returned is static. */
#ifndef SUIDO_SEWER_BASIS_H
#define SUIDO_SEWER_BASIS_H

enum sewer_basis {
    SEWER_BASIS_WATER,    /* the water meter's volume */
    SEWER_BASIS_DEDUCT,   /* less a deduction meter's volume entered per cycle (減量認定) */
    SEWER_BASIS_WELL,     /* plus well water by persons (井戸水の認定) */
    SEWER_BASIS__MAX
};

/* The stored code ("water", "deduct", "well") and label; NULL outside the enum. */
const char *sewer_basis_code(int basis);
const char *sewer_basis_label(int basis);
/* The basis of a code; -1 if unknown (or NULL). */
int sewer_basis_parse(const char *code);

#endif
