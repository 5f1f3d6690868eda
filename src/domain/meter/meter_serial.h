/* meter_serial — meter serial numbers (メーター番号) and the ranges a lot
 * is delivered in (docs/meters.md 「庫入」).
 *
 * A serial is 4 to 20 characters of A-Z, 0-9 and '-' (as the exchange form
 * has always taken them).  A range "FROM-TO" names the serials that share
 * FROM's prefix and count up its trailing digits to TO's, keeping their
 * width: "A1000-A1099" is A1000, A1001, ... A1099 (100 meters).  As a
 * serial may itself hold '-', the range's separator is the '-' in the
 * middle of the text (both ends are as long as each other): when the text
 * has one there and both ends are serials, it is a range (and refused when
 * the ends do not make one); else the text is one serial.
 *
 * Pure: no I/O. */
#ifndef SUIDO_METER_SERIAL_H
#define SUIDO_METER_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define METER_SERIAL_MAX 20
#define METER_RANGE_MAX 5000   /* meters in one delivery line */

typedef struct meter_range {
    char prefix[METER_SERIAL_MAX + 1];   /* the part before the counted digits */
    int width;                           /* digits counted (1..18) */
    int64_t from, to;                    /* from <= to */
} meter_range;

/* A valid serial? */
bool meter_serial_ok(const char *s);
/* Parse "FROM-TO" (or one serial) into r; false with the reason in
 * Japanese in why (e.g. 「範囲の始めと終わりは同じ英字で始まる同じ桁数の番号にしてください」). */
bool meter_range_parse(const char *s, meter_range *r, char *why, size_t whysz);
/* How many serials r names. */
int64_t meter_range_count(const meter_range *r);
/* The k-th serial of r (0-based, k < count) into out (size > METER_SERIAL_MAX). */
void meter_range_serial(const meter_range *r, int64_t k, char *out, size_t outsz);
/* Is serial s one of r? (*k its index when so; k may be NULL) */
bool meter_range_has(const meter_range *r, const char *s, int64_t *k);

/* A certification expiry typed as "YYYY-MM" (検定満了年月): the month's
 * last day "YYYY-MM-DD" into out (size >= 11); false when malformed. */
bool meter_expiry_parse(const char *s, char *out, size_t outsz);

#endif
