/* works_handover_store — what the hand-over of a completed works
 * application to billing reads and writes (migration 30; docs/works.md
 * 「引き渡し」): the meters recorded at the completion inspection
 * (works_meters), the tap an application or a dwelling became, the route a
 * new tap of an area is read on, and a tap's diameter changes
 * (tap_diameter_changes: billing prices a reading dated before a change
 * with the old diameter).
 *
 * Ownership: rows are filled by value; arrays returned through
 * pointer-to-pointer are malloc'd (free()). */
#ifndef SUIDO_WORKS_HANDOVER_STORE_H
#define SUIDO_WORKS_HANDOVER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct works_meter_row {
    int64_t application_id, dwelling_no;    /* dwelling_no 0: the application's one meter */
    char meter_no[24], maker[64];
    int64_t diameter, digits, start_value;
    int64_t old_final;                      /* the dial of the meter taken off; -1 none */
    char recorded_on[11];
} works_meter_row;

/* Replace the meters recorded for an application by rows[0..n). */
int works_meter_store_replace(db_conn *c, int64_t application_id, const works_meter_row *rows, size_t n, err_t *e);
/* In dwelling order. */
int works_meter_store_list(db_conn *c, int64_t application_id, works_meter_row **rows, size_t *n, err_t *e);

/* The tap an application (dwelling_no 0) or one of a complex's dwellings
 * became or names. */
int works_handover_store_set_tap(db_conn *c, int64_t application_id, int64_t dwelling_no, int64_t tap_id, err_t *e);

/* The route most of an area's taps are read on and the last round on it
 * (ERR_NOTFOUND: the area has no taps). */
int works_handover_store_area_route(db_conn *c, const char *area_code, char route[16], int64_t *last_order,
                                    err_t *e);
/* The last round of a route (0 when it has no taps). */
int works_handover_store_route_last(db_conn *c, const char *route, int64_t *last_order, err_t *e);

/* A tap's diameter from from_on: taps.diameter set (version bumped) and
 * the change recorded with the old one; source e.g. "works:12". */
int works_handover_store_change_diameter(db_conn *c, int64_t tap_id, const char *from_on, int64_t old_diameter,
                                         int64_t new_diameter, const char *source, int64_t now, err_t *e);
/* One dwelling of an existing block (特団改造): the dwellings of the latest
 * completed complex application one of whose dwellings became or named
 * tap_id, whose taps are not removed, in dwelling order. */
typedef struct works_block_row {
    int64_t tap_id, diameter;
    char tap_no[16], label[64];
} works_block_row;
/* The block tap_id is a dwelling of (*n 0: none). */
int works_handover_store_block(db_conn *c, int64_t tap_id, works_block_row **rows, size_t *n, err_t *e);

/* A removed tap (撤去): status "removed", version bumped. */
int works_handover_store_tap_removed(db_conn *c, int64_t tap_id, int64_t now, err_t *e);

#endif
