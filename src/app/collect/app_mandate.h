/* app_mandate — direct-debit mandates (口座振替依頼書): a tap's bank account
 * for debits.  One mandate in force per tap: registering a new one ends the
 * old one the day before the new one starts.  The account number and the
 * holder's kana (normalised to the bank's half-width set) are sealed in the
 * database; screens and lists show the account masked (****567).
 *
 * Permissions: registering and ending need PERM_PAYMENT_POST (担当+) and are
 * audited; listing needs PERM_CUSTOMER_VIEW and is audited as a view.
 *
 * Ownership: outputs are the caller's structs; lists are malloc'd arrays
 * freed with free(). */
#ifndef SUIDO_APP_MANDATE_H
#define SUIDO_APP_MANDATE_H

#include "app/app.h"

typedef struct app_mandate_in {
    const char *tap_no;
    const char *bank;          /* 金融機関コード, 4 digits */
    const char *branch;        /* 支店コード, 3 digits */
    const char *account_type;  /* "1" 普通, "2" 当座, "9" その他 */
    const char *account;       /* 口座番号, 1–7 digits (zero-filled to 7) */
    const char *holder;        /* 口座名義 (カナ) */
    const char *start_on;      /* 振替開始日 YYYY-MM-DD; NULL/"": today (JST) */
} app_mandate_in;

typedef struct app_mandate {
    int64_t id, created_at;
    char tap_no[16];
    char bank[5], bank_name[96], branch[4], branch_name[96];
    int account_type;
    char account_masked[12];   /* "****567" */
    char holder[128];          /* 口座名義, half-width kana (UTF-8) */
    char status[12];           /* "active", "ended" */
    char start_on[11], end_on[11];
    bool first_done;           /* its first debit went through */
    char created_by[64];
} app_mandate;

/* The label of an account type ("普通", "当座", "その他"). */
const char *app_mandate_type_label(int account_type);
/* Mask an account number: all but the last three digits as '*'. */
void app_mandate_mask(const char *account, char out[12]);

/* Register a mandate.  ERR_INVALID names the field (tap, bank, branch,
 * account_type, account, holder, start_on) with a Japanese message, e.g.
 * 「金融機関コード 0001 の支店 999 は登録されていません。」 or the kanji in
 * the holder's name. */
int app_mandate_add(app_ctx *ctx, const app_mandate_in *in, int64_t *id, err_t *e);
/* The same inside the caller's transaction, without the permission check (the demo registers
 * its mandates 256 to a transaction).  Every check comes before the first write: a mandate
 * refused (ERR_INVALID) leaves the transaction as it was. */
int app_mandate_add_tx(app_ctx *ctx, const app_mandate_in *in, int64_t *id, err_t *e);
/* End the tap's mandate on end_on (the last day debits may be taken).
 * ERR_NOTFOUND when the tap has none in force. */
int app_mandate_end(app_ctx *ctx, const char *tap_no, const char *end_on, err_t *e);
/* The same inside the caller's transaction (no permission check: the
 * caller's use case holds its own). */
int app_mandate_end_tx(app_ctx *ctx, const char *tap_no, const char *end_on, err_t *e);
/* A tap's mandates, newest first (rows[0] is the one in force when its
 * end_on is ""). */
int app_mandate_list(app_ctx *ctx, const char *tap_no, app_mandate **rows, size_t *n, err_t *e);

/* Normalise a holder's name to the bank's half-width kana (at most 30
 * bytes) as UTF-8, into out (size >= 128).  ERR_INVALID on field "holder"
 * naming the character that cannot be written. */
int app_mandate_holder(const char *holder, char *out, size_t outsz, err_t *e);

#endif
