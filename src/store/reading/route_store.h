/* route_store — reading routes (検針区), the reading schedule per cycle, and
 * the taps of a route in walking order (順路) with their current meter.
 *
 * A cycle is a month "YYYY-MM"; a route's group says in which months it is
 * read: "odd", "even" or "monthly".  The schedule holds, per cycle and
 * route, the window of dates in which readings belong to that cycle. */
#ifndef SUIDO_ROUTE_STORE_H
#define SUIDO_ROUTE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct route_row {
    char code[16];
    char name[96];
    char grp[12];
} route_row;

typedef struct schedule_row {
    char cycle[8];
    char route[16];
    char from_on[11], to_on[11];
} schedule_row;

/* A tap of a route with its installed meter (meter_id 0 when none). */
typedef struct route_tap {
    int64_t tap_id;
    char tap_no[16];
    int64_t route_order;
    char area_code[8];
    char address_enc[1024];
    char note_enc[1024];
    char status[16];
    char stopped_on[11];        /* 給水停止 since ("" not stopped): no reading expected */
    int64_t meter_id;
    char meter_no[24];
    int64_t digits;
} route_tap;

/* Counts per route for a cycle's progress. */
typedef struct route_count {
    char route[16];
    int64_t taps;        /* taps of the route that are not closed nor stopped (給水停止) */
    int64_t read;        /* of them, with an accepted reading in the cycle */
    int64_t held;        /* with a held reading and no accepted one */
} route_count;

int route_store_upsert(db_conn *c, const route_row *r, err_t *e);
int route_store_get(db_conn *c, const char *code, route_row *out, err_t *e);
/* malloc'd arrays, free(). */
int route_store_list(db_conn *c, route_row **rows, size_t *n, err_t *e);
/* Insert the row unless the cycle already has the route (*added 1 or 0). */
int schedule_store_add(db_conn *c, const schedule_row *s, int *added, err_t *e);
int schedule_store_list(db_conn *c, const char *cycle, schedule_row **rows, size_t *n, err_t *e);
/* Every schedule row (for the importer's cache). */
int schedule_store_all(db_conn *c, schedule_row **rows, size_t *n, err_t *e);
/* The taps of a route in walking order (closed taps left out). */
int route_store_taps(db_conn *c, const char *route, route_tap **rows, size_t *n, err_t *e);
/* Progress of every route for a cycle. */
int route_store_counts(db_conn *c, const char *cycle, route_count **rows, size_t *n, err_t *e);

#endif
