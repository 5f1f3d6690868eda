/* slip_route — which part of the system a paid slip's money belongs to, read
 * from its 44 digits (domain/slipcode: the 自由使用欄 after the company code):
 * a water/sewer bill (tap + 13 digits of the bill id), a late charge (tap +
 * mark 8 + 12 digits), a 督促 letter (tap + mark 9 + 12 digits), or a works
 * application (its number + mark 7 + 12 digits, domain/works/works_slipref).
 * Pure; outputs are the caller's. */
#ifndef SUIDO_SLIP_ROUTE_H
#define SUIDO_SLIP_ROUTE_H

#include <stdint.h>

typedef enum slip_route {
    SLIP_ROUTE_BILL = 'b',        /* a bill's, or nothing of ours: the general posting path */
    SLIP_ROUTE_LETTER = 'l',      /* a 督促 letter: *id the letter's, tap_no its tap */
    SLIP_ROUTE_CHARGE = 'c',      /* a late charge (延滞金): *id the charge's, tap_no its tap */
    SLIP_ROUTE_WORKS = 'w',       /* a works application: *id its id, number its number (R8-00012) */
} slip_route;

/* What digits44 names; *id, tap_no ("" unless letter or charge) and number
 * ("" unless works) as above.  Anything not 44 digits is SLIP_ROUTE_BILL
 * with id 0. */
slip_route slip_route_of(const char *digits44, int64_t *id, char tap_no[9], char number[16]);

#endif
