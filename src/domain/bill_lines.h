/* bill_lines — the stored lines of a bill ("why this amount", written by
 * bill_calc) read back into typed groups for display (pure).
 *
 * A group is one service priced by one tariff version (svc "water" or
 * "sewer", its lines), a prorated amount (kind "prorate") or a leak
 * reduction (svc "adjust").  A field absent from the stored document reads
 * as "" or 0.
 * Ownership: bill_lines_parse allocates *out; the caller frees it with
 * bill_lines_free.  bill_lines_json returns a new reference the caller
 * releases with json_decref. */
#ifndef SUIDO_BILL_LINES_H
#define SUIDO_BILL_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

typedef struct bill_line {
    char kind[16];         /* base, band, tax, tax_included, rounding */
    int64_t part;          /* 0, or the part of a period split by a tariff change */
    char from[32], to[32]; /* a band's bounds in m³ as written ("" = open) */
    char m3[32], unit[32]; /* the volume and the unit price (yen, as written) */
    char amount[32];       /* yen, as written */
} bill_line;

typedef struct bill_line_group {
    char svc[12];          /* water, sewer, adjust */
    char kind[12];         /* "", prorate, leak */
    char tariff[64];       /* the tariff version's id */
    int64_t m3, days, total, tax;
    bool shared;           /* a split period (a tariff or a diameter change): this group's share by days */
    int64_t diameter;      /* a split period's group: the tap's diameter on its days (0: not written) */
    int64_t share_days, of_days;
    int64_t water_m3, sewer_m3;   /* a leak reduction's volumes */
    bill_line *lines;
    size_t nlines;
} bill_line_group;

/* Parse json (NULL reads as "[]"); 0, or -1 if it is not an array of
 * groups or memory ran out (*out NULL, *n 0). */
int bill_lines_parse(const char *json, bill_line_group **out, size_t *n);
void bill_lines_free(bill_line_group *groups, size_t n);
/* The groups as the stored document has them (keys in bill_calc's order, a
 * field that reads as "" or 0 left out as there), for the JSON API; NULL
 * if memory ran out. */
json_t *bill_lines_json(const bill_line_group *groups, size_t n);

#endif
