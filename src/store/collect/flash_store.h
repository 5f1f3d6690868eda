/* flash_store — flash reports (速報): payments reported ahead of their
 * confirmed record (payment_flashes), each with its status.
 *
 * Ownership: rows filled by value. */
#ifndef SUIDO_FLASH_STORE_H
#define SUIDO_FLASH_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct flash_row {
    int64_t id, bill_id, amount, file_id;
    char channel[12], ref[96], paid_on[11], status[12];
} flash_row;
int flash_store_insert(db_conn *c, const flash_row *f, err_t *e);
int flash_store_find(db_conn *c, const char *channel, const char *ref, flash_row *out, err_t *e);
int flash_store_set_status(db_conn *c, int64_t id, const char *status, err_t *e);

#endif
