/* device_store — handheld terminals' API tokens (kept as SHA-256 hashes). */
#ifndef SUIDO_DEVICE_STORE_H
#define SUIDO_DEVICE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct device_row {
    int64_t id;
    char name[64];
    char token_hash[65];
    char created_by[64];
    int64_t created_at, revoked_at, last_used_at;   /* 0 = never */
} device_row;

int device_store_insert(db_conn *c, const device_row *d, int64_t *id_out, err_t *e);
/* All devices, newest first; malloc'd, free(). */
int device_store_list(db_conn *c, device_row **rows, size_t *n, err_t *e);
int device_store_get_by_hash(db_conn *c, const char *token_hash, device_row *out, err_t *e);
int device_store_get(db_conn *c, int64_t id, device_row *out, err_t *e);
int device_store_revoke(db_conn *c, int64_t id, int64_t at, err_t *e);
int device_store_touch(db_conn *c, int64_t id, int64_t at, err_t *e);

#endif
