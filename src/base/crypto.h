/* crypto — libsodium wrappers: the field-encryption keyring, blind indexes,
 * password hashing, random tokens and digests.
 *
 * Key file format (text, mode 0600, outside the database):
 *     # suido field keys — back this file up separately from the database
 *     k1 <64 hex chars: 32-byte master secret>
 *     k2 <64 hex>            (one line per key; the LAST line is current)
 *     index <64 hex>         (blind-index key; never rotated by key rotate)
 * Each master secret is used directly as the XChaCha20-Poly1305-IETF key.
 *
 * Ciphertext text form: "<keyid>:<base64 url-safe, no padding of nonce||ct>",
 * e.g. "k1:Qm9v...".  Empty plaintext encrypts to "" (not personal data). */
#ifndef SUIDO_CRYPTO_H
#define SUIDO_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include "base/err.h"

#define CRYPTO_KEYID_MAX 16
#define CRYPTO_MAX_KEYS 32

typedef struct crypto_keyring crypto_keyring;

/* Call once at start (sodium_init).  Returns 0 or -1. */
int crypto_init(void);

/* Load the key file.  If it does not exist and create_if_missing, create it
 * with mode 0600 (parent directory must exist) holding k1 and an index key.
 * A file that is unreadable, malformed or group/world-readable is an error
 * (ERR_IO with a clear Japanese+English message naming the path).
 * On success *out is owned by the caller: crypto_keyring_free. */
int crypto_keyring_load(const char *path, bool create_if_missing, crypto_keyring **out, err_t *e);
void crypto_keyring_free(crypto_keyring *kr);
/* Id of the current (newest) key, e.g. "k2"; owned by kr. */
const char *crypto_keyring_current(const crypto_keyring *kr);
/* Append a new key (id k<N+1>) to the file and make it current.  The file is
 * rewritten atomically (temp file + fsync + rename), mode 0600. */
int crypto_keyring_add_key(crypto_keyring *kr, const char *path, err_t *e);

/* Encrypt plaintext (NUL-terminated UTF-8) under the current key.
 * Returns a malloc'd NUL-terminated string the caller frees, or NULL on error. */
char *crypto_seal(const crypto_keyring *kr, const char *plaintext);
/* Decrypt the text form; returns malloc'd plaintext (caller frees) or NULL if
 * the key id is unknown or authentication fails.  "" -> "". */
char *crypto_open(const crypto_keyring *kr, const char *sealed);
/* Key id of a sealed value into out (size >= CRYPTO_KEYID_MAX); false if none. */
bool crypto_sealed_keyid(const char *sealed, char *out, size_t outsz);

/* Blind index: keyed BLAKE2b-256 of (domain || 0x00 || value) with the index
 * key, as 64 lowercase hex chars + NUL into out (size >= 65).  domain
 * separates uses ("kana", "phone", ...).  The caller normalises value first. */
void crypto_blind_index(const crypto_keyring *kr, const char *domain, const char *value, char out[65]);

/* Argon2id (crypto_pwhash_str, interactive limits unless SUIDO_FAST_HASH=1 in
 * the environment, which the tests set to use the minimum limits).
 * out must be crypto_pwhash_STRBYTES (128). Returns 0 or -1. */
int crypto_password_hash(const char *password, char out[128]);
/* true if password matches the stored hash. */
bool crypto_password_verify(const char *stored, const char *password);

/* n random bytes as lowercase hex into out (size >= 2n+1). */
void crypto_random_hex(char *out, size_t nbytes);
/* SHA-256 of data as 64 lowercase hex + NUL. */
void crypto_sha256_hex(const void *data, size_t len, char out[65]);
/* SHA-256 of data given in pieces (a file, a table's rows): begin (NULL when
 * out of memory), add any number of times, end writes 64 hex + NUL into out
 * and frees the state. */
typedef struct crypto_sha256 crypto_sha256;
crypto_sha256 *crypto_sha256_begin(void);
void crypto_sha256_add(crypto_sha256 *h, const void *data, size_t len);
void crypto_sha256_end(crypto_sha256 *h, char out[65]);
/* Message authentication (HMAC-SHA-512-256, crypto_auth) under a 32-byte
 * key, as 64 lowercase hex + NUL; e.g. the portal's CSRF tokens.  A key is
 * 32 random bytes (crypto_random_bytes). */
void crypto_mac_hex(const unsigned char key[32], const char *msg, char out[65]);
void crypto_random_bytes(void *out, size_t n);
/* Constant-time string equality. */
bool crypto_str_eq(const char *a, const char *b);

#endif
