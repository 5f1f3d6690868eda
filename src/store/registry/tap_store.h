/* tap_store — taps (水栓) and their areas (町丁目).  The service address is
 * stored encrypted (address_enc) by the caller; this file never sees
 * plaintext personal data. */
#ifndef SUIDO_TAP_STORE_H
#define SUIDO_TAP_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct area_row {
    char code[8];
    char name[96];
    char kana[160];
    char sewer[16];
} area_row;

typedef struct tap_row {
    int64_t id;
    char tap_no[16];
    char area_code[8];
    char address_enc[1024];
    int64_t diameter;
    char use_code[16];
    char sewer[16];
    char route[16];
    int64_t route_order;
    char status[16];
    int64_t version;            /* optimistic lock: bumped on every update */
    int64_t created_at, updated_at;
} tap_row;

int area_store_upsert(db_conn *c, const area_row *a, err_t *e);
/* All areas ordered by code; malloc'd array, free(). */
int area_store_list(db_conn *c, area_row **rows, size_t *n, err_t *e);
int area_store_get(db_conn *c, const char *code, area_row *out, err_t *e);

int tap_store_insert(db_conn *c, const tap_row *t, int64_t *id_out, err_t *e);
/* Update every editable column where version matches; bumps version.
 * ERR_CONFLICT when the row changed since it was read. */
int tap_store_update(db_conn *c, const tap_row *t, int64_t now, err_t *e);
int tap_store_get_by_no(db_conn *c, const char *tap_no, tap_row *out, err_t *e);
int tap_store_get(db_conn *c, int64_t id, tap_row *out, err_t *e);
/* Next free 8-digit tap number (max + 1, starting at 10000001). */
int tap_store_next_no(db_conn *c, char out[16], err_t *e);
int tap_store_count(db_conn *c, int64_t *n, err_t *e);
/* How the sewer volume is found: "water" (the water meter), "deduct" (less a
 * deduction meter's volume per cycle), "well" (plus persons × a volume per
 * person); bumps version. */
int tap_store_set_sewer_basis(db_conn *c, int64_t id, const char *basis, int64_t persons, int64_t now, err_t *e);
int tap_store_get_sewer_basis(db_conn *c, int64_t id, char basis[12], int64_t *persons, err_t *e);
/* Re-encryption during key rotation: visit every tap's id and sealed values
 * (address; the reader's note, "" when none). */
typedef int (*tap_enc_fn)(int64_t id, const char *address_enc, const char *note_enc, void *ctx);
int tap_store_walk_enc(db_conn *c, tap_enc_fn fn, void *ctx, err_t *e);
int tap_store_set_enc(db_conn *c, int64_t id, const char *address_enc, const char *note_enc, err_t *e);

#endif
