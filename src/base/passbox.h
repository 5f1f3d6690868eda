/* passbox — a secret encrypted to an operator's passphrase (the key-escrow
 * file of `suido key escrow`): Argon2id (libsodium crypto_pwhash, MODERATE
 * limits; the minimum under SUIDO_FAST_HASH=1, as for passwords) derives a
 * key from the passphrase and a random salt, and XChaCha20-Poly1305 seals
 * the text.
 *
 * Text form, one line: "pp1:<opslimit>:<memlimit>:<salt hex>:<base64 url-safe
 * nonce||ciphertext>".  The limits travel with the text, so a file written
 * with the fast limits in a test still opens anywhere.
 * Returned strings are malloc'd; the caller frees them (and should wipe a
 * plaintext with passbox_free_secret). */
#ifndef SUIDO_PASSBOX_H
#define SUIDO_PASSBOX_H

#include <stddef.h>

/* The sealed text of plaintext, or NULL (out of memory, passphrase empty). */
char *passbox_seal(const char *passphrase, const char *plaintext);
/* The plaintext, or NULL when the passphrase is wrong or the text is not a
 * passbox (damaged, cut short). */
char *passbox_open(const char *passphrase, const char *sealed);
/* Wipe and free a plaintext returned by passbox_open (NULL: nothing). */
void passbox_free_secret(char *s);

#endif
