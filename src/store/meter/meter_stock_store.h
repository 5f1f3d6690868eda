/* meter_stock_store — the stock by diameter (counted from the meter
 * master: nothing is kept that could drift from it, so a count is never
 * negative) and the reorder points (table meter_reorder_points, migration
 * 37).
 *
 * Ownership: lists malloc'd, free(). */
#ifndef SUIDO_METER_STOCK_STORE_H
#define SUIDO_METER_STOCK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct meter_stock_row {
    int64_t diameter;
    int64_t ordered, in_store, issued, installed, removed, repair, testing, scrapped;
    int64_t reorder_point;    /* -1: none set */
} meter_stock_row;

/* One row per diameter that has a meter or a reorder point, by diameter. */
int meter_stock_store_by_diameter(db_conn *c, meter_stock_row **rows, size_t *n, err_t *e);
/* The meters lent (issued) by contractor and diameter, by 指定番号. */
typedef struct meter_held_row {
    char contractor_no[24], contractor_name[256];
    int64_t diameter, count;
} meter_held_row;
int meter_stock_store_by_contractor(db_conn *c, meter_held_row **rows, size_t *n, err_t *e);
/* Meters in store (status stock) of one diameter. */
int meter_stock_store_in_store(db_conn *c, int64_t diameter, int64_t *count, err_t *e);
/* Set (insert or replace) the reorder point of a diameter. */
int meter_stock_store_set_reorder(db_conn *c, int64_t diameter, int64_t point, const char *by, int64_t at,
                                  err_t *e);

#endif
