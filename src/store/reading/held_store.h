/* held_store — the held readings as the office works through them: by
 * route and route order, each beside the tap's previous accepted usage and
 * the usage of the same cycle a year before, in one statement (the held
 * rows through their partial index readings_held; each comparison one
 * lookup in readings_tap).
 *
 * Ownership: a malloc'd array, free(). */
#ifndef SUIDO_HELD_STORE_H
#define SUIDO_HELD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct held_row {
    int64_t id;
    char tap_no[16], meter_no[24], cycle[8], read_on[11], route[16];
    int64_t value, prev_value, days, usage, reread;
    char reasons[200], entered_by[64];
    int64_t prev_usage, prev_days;     /* -1: none before */
    int64_t ly_usage, ly_days;         /* -1: none a year before */
} held_row;
/* cycle "" = every cycle, route "" = every route; at most limit rows. */
int held_store_list(db_conn *c, const char *cycle, const char *route, size_t limit, held_row **rows, size_t *n,
                    err_t *e);

#endif
