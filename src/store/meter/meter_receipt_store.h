/* meter_receipt_store — 庫入: the lots delivered (table meter_receipts,
 * migration 37), one row per serial range, and the orders they answer
 * (meter_orders).
 *
 * Ownership: rows by value; lists malloc'd, free(). */
#ifndef SUIDO_METER_RECEIPT_STORE_H
#define SUIDO_METER_RECEIPT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct meter_receipt_row {
    int64_t id, order_id;        /* order_id 0: none */
    char received_on[11];
    char maker[64], model[64], lot[40];
    int64_t diameter, digits, quantity;
    char certified_until[11];
    char serial_from[24], serial_to[24];
    char created_by[64];
    int64_t created_at;
} meter_receipt_row;

typedef struct meter_order_row {
    int64_t id;
    char ordered_on[11], maker[64], model[64];
    int64_t diameter, quantity, received;
    char note[256], created_by[64];
    int64_t created_at;
} meter_order_row;

int meter_receipt_store_insert(db_conn *c, const meter_receipt_row *r, int64_t *id_out, err_t *e);
/* The latest deliveries, newest first (at most limit). */
int meter_receipt_store_recent(db_conn *c, int64_t limit, meter_receipt_row **rows, size_t *n, err_t *e);

int meter_order_store_insert(db_conn *c, const meter_order_row *r, int64_t *id_out, err_t *e);
/* ERR_NOTFOUND (field "order", message for the user) when none. */
int meter_order_store_get(db_conn *c, int64_t id, meter_order_row *out, err_t *e);
/* Count qty more received against the order. */
int meter_order_store_add_received(db_conn *c, int64_t id, int64_t qty, err_t *e);
/* Orders not yet wholly received, oldest first. */
int meter_order_store_open(db_conn *c, meter_order_row **rows, size_t *n, err_t *e);

#endif
