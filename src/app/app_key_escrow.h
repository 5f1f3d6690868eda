/* app_key_escrow — the key file kept apart from the backups: written
 * encrypted to an operator's passphrase (base/passbox.h) and recovered from
 * it.  The database backups never hold the key (docs/operations.md: key
 * escrow), so the escrow file and its passphrase are what bring a restored
 * database's personal data back.
 *
 * Escrow file (text, 0600):
 *     # suido key escrow: the field key file sealed to a passphrase
 *     # created <UTC time>; keys <ids>; recover: suido key recover --in FILE
 *     pp1:...
 */
#ifndef SUIDO_APP_KEY_ESCROW_H
#define SUIDO_APP_KEY_ESCROW_H

#include "base/err.h"

#define APP_ESCROW_PASSPHRASE_MIN 12

/* Seal the key file at key_file (it must load) to passphrase (at least
 * APP_ESCROW_PASSPHRASE_MIN characters) into a NEW file out (refused when it
 * exists).  ERR_INVALID naming the field for a short passphrase. */
int app_key_escrow(const char *key_file, const char *passphrase, const char *out, err_t *e);
/* Open the escrow file in with passphrase and write the key file at
 * key_file (0600), which must not exist yet; the recovered text is checked
 * to be a key file before it is put in place. */
int app_key_recover(const char *in, const char *passphrase, const char *key_file, err_t *e);

#endif
