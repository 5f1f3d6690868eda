/* tariff_store — tariff files (料金表) as loaded, one row per version.
 *
 * The body is the JSON text exactly as loaded (parsed and validated by
 * domain/tariff.h before it gets here); versions are told apart by service
 * and effective date, and a loaded version is never changed.  Ownership:
 * rows are filled by value; lists are malloc'd arrays the caller frees,
 * each row's body a malloc'd string freed by tariff_store_rows_free. */
#ifndef SUIDO_TARIFF_STORE_H
#define SUIDO_TARIFF_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct tariff_row {
    int64_t id;
    char tariff_id[64];
    char service[8];
    char effective_from[11];
    char name[160];
    char *body;                 /* malloc'd JSON text (NULL in summary lists) */
    char sha256[65];
    char loaded_by[64];
    int64_t loaded_at;
} tariff_row;

int tariff_store_insert(db_conn *c, const tariff_row *t, int64_t *id_out, err_t *e);
/* ERR_NOTFOUND (e untouched) when no tariff has that id. */
int tariff_store_get(db_conn *c, const char *tariff_id, tariff_row *out, err_t *e);
/* The version of service in force on `on` (NOTFOUND when none). */
int tariff_store_in_force(db_conn *c, const char *service, const char *on, tariff_row *out, err_t *e);
/* Every version, by service then effective date; with_body: also the JSON. */
int tariff_store_list(db_conn *c, bool with_body, tariff_row **rows, size_t *n, err_t *e);
void tariff_store_rows_free(tariff_row *rows, size_t n);

#endif
