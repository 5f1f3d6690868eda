/* app_bank — the bank master (金融機関・支店コード) used by direct-debit
 * mandates: refreshed from the npm package zengin-code (its
 * lib/zengin-data.js, a JSON object of banks each with its branches) and
 * looked up by code.
 *
 * Ownership: outputs are the caller's structs. */
#ifndef SUIDO_APP_BANK_H
#define SUIDO_APP_BANK_H

#include "app/app.h"

typedef struct app_bank_counts {
    int64_t banks, branches;                 /* held after the import */
    int64_t added, changed, removed;         /* banks and branches together */
} app_bank_counts;

/* Replace banks and bank_branches with the data at path (a zengin-code
 * package directory, its lib/ directory, or the data file itself; NULL or
 * "": settings bank.data, else node_modules/zengin-code beside the program's
 * build directory or the current directory), in one transaction: rows not in
 * the data are removed, changed ones updated.  Running it again with the same
 * data changes nothing.  PERM_JOB_RUN, audited ("bank.import").  ERR_INVALID
 * names the entry at fault; ERR_IO when the data cannot be read. */
int app_bank_import(app_ctx *ctx, const char *path, app_bank_counts *out, err_t *e);

/* One branch with its bank, as app_bank_seed adds them. */
typedef struct app_bank_seed_row {
    const char *bank, *bank_name, *bank_kana;
    const char *branch, *branch_name, *branch_kana;
} app_bank_seed_row;
/* Add the given banks and branches where the master lacks them, in one
 * transaction; nothing held is changed or removed (the demo seeds the few it
 * uses so, without reading the whole zengin-code data: `suido bank import`
 * loads the full master).  *added counts the rows added (banks and branches).
 * PERM_JOB_RUN, audited ("bank.seed") when anything is added. */
int app_bank_seed(app_ctx *ctx, const app_bank_seed_row *rows, size_t n, int64_t *added, err_t *e);

typedef struct app_bank_info {
    char code[5], name[96], kana[96];
    char branch[4], branch_name[96], branch_kana[96];   /* "" when no branch was asked */
} app_bank_info;
/* Look a bank (and, when branch is non-empty, its branch) up.  ERR_INVALID
 * naming the field when the code is malformed; ERR_NOTFOUND with
 * 「金融機関コード 0001 の支店 999 は登録されていません」 when unknown.  No
 * permission beyond being logged in (public codes); not audited. */
int app_bank_lookup(app_ctx *ctx, const char *bank, const char *branch, app_bank_info *out, err_t *e);
/* The same inside the caller's transaction. */
int app_bank_lookup_tx(app_ctx *ctx, const char *bank, const char *branch, app_bank_info *out, err_t *e);

#endif
