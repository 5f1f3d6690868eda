/* bank_store — the bank master (金融機関・支店, refreshed from the npm
 * zengin-code data by `suido bank import`): banks and bank_branches
 * (schema: migration 6).
 *
 * Ownership: rows are filled by value; lists are malloc'd arrays (free()). */
#ifndef SUIDO_BANK_STORE_H
#define SUIDO_BANK_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct bank_row {
    char code[5];           /* 4 digits */
    char name[96];          /* 金融機関名 (kanji) */
    char kana[96];          /* カナ (full-width, as published) */
} bank_row;

typedef struct branch_row {
    char bank_code[5];
    char code[4];           /* 3 digits */
    char name[96];
    char kana[96];
} branch_row;

/* Every bank ordered by code; every branch ordered by (bank_code, code). */
int bank_store_list_all(db_conn *c, bank_row **rows, size_t *n, err_t *e);
int branch_store_list_all(db_conn *c, branch_row **rows, size_t *n, err_t *e);
/* Insert or replace one row (by its key); delete one. */
int bank_store_put(db_conn *c, const bank_row *b, bool insert, int64_t now, err_t *e);
int bank_store_delete(db_conn *c, const char *code, err_t *e);
int branch_store_put(db_conn *c, const branch_row *b, bool insert, err_t *e);
int branch_store_delete(db_conn *c, const char *bank_code, const char *code, err_t *e);
/* Insert n new rows (none may exist yet), BANK_STORE_BATCH to a statement:
 * the full master is some 30,000 branches, one round trip each on
 * PostgreSQL otherwise. */
#define BANK_STORE_BATCH 128
int bank_store_insert_many(db_conn *c, const bank_row *rows, size_t n, int64_t now, err_t *e);
int branch_store_insert_many(db_conn *c, const branch_row *rows, size_t n, err_t *e);
/* One row; ERR_NOTFOUND (e untouched) when unknown. */
int bank_store_get(db_conn *c, const char *code, bank_row *out, err_t *e);
int branch_store_get(db_conn *c, const char *bank_code, const char *code, branch_row *out, err_t *e);
/* Counts of banks and branches held. */
int bank_store_counts(db_conn *c, int64_t *banks, int64_t *branches, err_t *e);

#endif
