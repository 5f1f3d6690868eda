/* app_seal — personal data into and out of its sealed form (crypto_seal,
 * crypto_open under the process's keyring) for fixed-size row fields: the
 * step every use case that keeps a person's name or free text takes before
 * store/ and after it.
 *
 * Ownership: both write into the caller's buffer; nothing is allocated
 * that outlives the call. */
#ifndef SUIDO_APP_SEAL_H
#define SUIDO_APP_SEAL_H

#include "app/app.h"

/* Seal plain into out (size outsz); "" or NULL stays "".  ERR_INTERNAL when
 * sealing fails or the sealed text does not fit. */
int app_seal_into(const app_ctx *ctx, const char *plain, char *out, size_t outsz, err_t *e);
/* Open sealed into out ("" when sealed is empty or cannot be opened). */
void app_open_into(const app_ctx *ctx, const char *sealed, char *out, size_t outsz);

#endif
