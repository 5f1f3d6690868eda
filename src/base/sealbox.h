/* sealbox — the citizen portal's key pair and sealed boxes (libsodium
 * crypto_box_seal: X25519 + XSalsa20-Poly1305, an ephemeral sender key per
 * message).  The portal seals each application to the PUBLIC key and can
 * never open it again; staff open it with the SECRET key.
 *
 * Files (text, outside the database):
 *   [portal] key_file         default: portal.key beside crypto.key_file, mode 0600
 *       public <64 hex>
 *       secret <64 hex>
 *   [portal] public_key_file  default: portal.pub beside it, mode 0644
 *       public <64 hex>
 * A secret file readable by group or others is refused, as for the main key
 * file (base/crypto.c).  The portal process reads only the public file.
 *
 * Sealed text form: "pb1:<base64 url-safe, no padding>".
 * Strings returned as char* are malloc'd and the caller frees them;
 * sealbox_keys is freed (and wiped) with sealbox_keys_free. */
#ifndef SUIDO_SEALBOX_H
#define SUIDO_SEALBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "base/err.h"

#define SEALBOX_KEYBYTES 32
#define SEALBOX_PATH_MAX 1024

typedef struct sealbox_keys {
    unsigned char pk[SEALBOX_KEYBYTES];
    unsigned char sk[SEALBOX_KEYBYTES];
    bool has_secret;     /* false when only the public file was loaded */
} sealbox_keys;

/* A new key pair (has_secret true).  sodium_init must have run
 * (crypto_init). */
void sealbox_generate(sealbox_keys *k);

/* Seal plaintext (NUL-terminated) to pk: "pb1:..." or NULL (out of memory). */
char *sealbox_seal(const unsigned char pk[SEALBOX_KEYBYTES], const char *plaintext);
/* Open a sealed text: the plaintext, or NULL when it is not ours, altered,
 * or holds a NUL byte. */
char *sealbox_open(const unsigned char pk[SEALBOX_KEYBYTES], const unsigned char sk[SEALBOX_KEYBYTES],
                   const char *sealed);

/* The two paths from the settings: [portal] key_file and public_key_file,
 * defaulting to portal.key / portal.pub in the directory of crypto.key_file
 * (itself defaulting to var/suido.key).  The main key file is not opened. */
int sealbox_paths(const config *cfg, char secret_path[SEALBOX_PATH_MAX], char public_path[SEALBOX_PATH_MAX],
                  err_t *e);

/* The staff side: load the pair.  When create_if_missing and neither file
 * exists, a new pair is written (secret 0600 first, then public 0644); a
 * missing public file is rewritten from the secret one.  A public file
 * without its secret file, or one that does not match it, is an error (the
 * applications sealed to it could not be opened).  *out: sealbox_keys_free. */
int sealbox_keys_load(const char *secret_path, const char *public_path, bool create_if_missing, sealbox_keys **out,
                      err_t *e);
/* The portal: the public key only (has_secret false). */
int sealbox_public_load(const char *public_path, sealbox_keys **out, err_t *e);
void sealbox_keys_free(sealbox_keys *k);

/* The kept form of a resident's status secret: keyed BLAKE2b-256 of the
 * secret under a fixed domain key, salted with the receipt number, as 64
 * hex + NUL.  Not a password hash: the secret carries 50 random bits and the
 * status look-up is rate-limited (docs/portal.md). */
void sealbox_secret_hash(const char *receipt_no, const char *secret, char out[65]);

/* n characters drawn uniformly from alphabet (CSPRNG) into out (size > n). */
void sealbox_random_code(char *out, size_t n, const char *alphabet);

#endif
