/* meter_event_store — a meter's history (table meter_events, migration
 * 37): every move of its status with the day, where it went (tap or
 * contractor), what caused it (ref) and who.  Only ever inserted.
 *
 * Ownership: rows by value; lists malloc'd, free(). */
#ifndef SUIDO_METER_EVENT_STORE_H
#define SUIDO_METER_EVENT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct meter_event_row {
    int64_t id, meter_id;
    char on_date[11];
    char from_status[12], to_status[12];   /* from "" for the first */
    int64_t tap_id, contractor_id;         /* 0 none */
    char tap_no[16], contractor_no[24], contractor_name[256];   /* _list only */
    char ref[48];                          /* "receipt:12", "exchange", "stocktake:3", "migration" */
    char note[256];
    char done_by[64];
    int64_t done_at;
} meter_event_row;

int meter_event_store_insert(db_conn *c, const meter_event_row *r, err_t *e);
/* A meter's history, oldest first. */
int meter_event_store_list(db_conn *c, int64_t meter_id, meter_event_row **rows, size_t *n, err_t *e);

#endif
