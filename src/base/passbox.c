/* passbox — a secret sealed to a passphrase (see passbox.h). */
#include "base/passbox.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define NONCELEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAGLEN crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SALTLEN crypto_pwhash_SALTBYTES
#define PREFIX "pp1"

static int derive(unsigned char key[32], const char *pass, const unsigned char salt[SALTLEN],
                  unsigned long long ops, size_t mem)
{
    return crypto_pwhash(key, 32, pass, strlen(pass), salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13);
}

char *passbox_seal(const char *passphrase, const char *plaintext)
{
    if (!passphrase || !*passphrase || !plaintext || sodium_init() < 0)
        return NULL;
    const char *fast = getenv("SUIDO_FAST_HASH");
    bool f = fast && strcmp(fast, "1") == 0;
    unsigned long long ops = f ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_MODERATE;
    size_t mem = f ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_MODERATE;
    unsigned char salt[SALTLEN], key[32];
    randombytes_buf(salt, sizeof salt);
    if (derive(key, passphrase, salt, ops, mem) != 0)
        return NULL;
    size_t plen = strlen(plaintext), blen = NONCELEN + plen + TAGLEN;
    unsigned char *bin = malloc(blen);
    char *out = NULL;
    if (bin) {
        randombytes_buf(bin, NONCELEN);
        unsigned long long clen = 0;
        crypto_aead_xchacha20poly1305_ietf_encrypt(bin + NONCELEN, &clen, (const unsigned char *)plaintext, plen,
                                                   (const unsigned char *)PREFIX, strlen(PREFIX), NULL, bin, key);
        size_t b64len = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        char *b64 = malloc(b64len);
        char salthex[2 * SALTLEN + 1];
        sodium_bin2hex(salthex, sizeof salthex, salt, sizeof salt);
        buf_t b;
        buf_init(&b, b64len + 128);
        if (b64) {
            sodium_bin2base64(b64, b64len, bin, blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
            buf_printf(&b, PREFIX ":%llu:%zu:%s:%s", ops, mem, salthex, b64);
            out = buf_steal(&b, NULL);
        }
        buf_free(&b);
        free(b64);
        free(bin);
    }
    sodium_memzero(key, sizeof key);
    return out;
}

/* The next ':'-separated field of *p into out (size outsz); false if none or too long. */
static bool field(const char **p, char *out, size_t outsz)
{
    const char *c = strchr(*p, ':');
    if (!c || (size_t)(c - *p) >= outsz)
        return false;
    memcpy(out, *p, (size_t)(c - *p));
    out[c - *p] = '\0';
    *p = c + 1;
    return true;
}

char *passbox_open(const char *passphrase, const char *sealed)
{
    if (!passphrase || !sealed || sodium_init() < 0)
        return NULL;
    const char *p = sealed;
    char tag[8], opss[24], mems[24], salthex[2 * SALTLEN + 1];
    long long ops = 0, mem = 0;
    unsigned char salt[SALTLEN];
    if (!field(&p, tag, sizeof tag) || strcmp(tag, PREFIX) != 0 || !field(&p, opss, sizeof opss) ||
        !field(&p, mems, sizeof mems) || !field(&p, salthex, sizeof salthex) || !str_to_i64(opss, &ops) ||
        !str_to_i64(mems, &mem) || ops < (long long)crypto_pwhash_OPSLIMIT_MIN || ops > 64 ||
        mem < (long long)crypto_pwhash_MEMLIMIT_MIN || mem > (4LL << 30) ||
        sodium_hex2bin(salt, sizeof salt, salthex, strlen(salthex), NULL, NULL, NULL) != 0)
        return NULL;
    size_t b64len = strlen(p);
    while (b64len && (p[b64len - 1] == '\n' || p[b64len - 1] == '\r'))
        b64len--;
    size_t cap = b64len * 3 / 4 + 4, blen = 0;
    unsigned char *bin = malloc(cap);
    if (!bin)
        return NULL;
    char *out = NULL;
    unsigned char key[32];
    if (sodium_base642bin(bin, cap, p, b64len, NULL, &blen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
        blen >= NONCELEN + TAGLEN && derive(key, passphrase, salt, (unsigned long long)ops, (size_t)mem) == 0) {
        out = malloc(blen - NONCELEN - TAGLEN + 1);
        unsigned long long plen = 0;
        if (out && crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &plen, NULL, bin + NONCELEN,
                                                              blen - NONCELEN, (const unsigned char *)PREFIX,
                                                              strlen(PREFIX), bin, key) == 0) {
            out[plen] = '\0';
        } else {
            free(out);
            out = NULL;
        }
        sodium_memzero(key, sizeof key);
    }
    free(bin);
    return out;
}

void passbox_free_secret(char *s)
{
    if (s) {
        sodium_memzero(s, strlen(s));
        free(s);
    }
}
