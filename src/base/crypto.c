/* crypto — libsodium wrappers: keyring, sealing, blind index, passwords
 * (see crypto.h). */
#include "base/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <nettle/sha2.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"

#define KEYLEN crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCELEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAGLEN crypto_aead_xchacha20poly1305_ietf_ABYTES

typedef struct key_entry {
    char id[CRYPTO_KEYID_MAX];
    unsigned char key[KEYLEN];
} key_entry;

struct crypto_keyring {
    key_entry keys[CRYPTO_MAX_KEYS];
    size_t nkeys;                      /* keys[nkeys-1] is current */
    unsigned char index_key[crypto_generichash_KEYBYTES];
};

int crypto_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

void crypto_keyring_free(crypto_keyring *kr)
{
    if (!kr)
        return;
    sodium_memzero(kr, sizeof *kr);
    free(kr);
}

const char *crypto_keyring_current(const crypto_keyring *kr)
{
    return kr->keys[kr->nkeys - 1].id;
}

static bool parse_hex32(const char *hex, unsigned char out[32])
{
    size_t bin_len = 0;
    const char *end = NULL;
    if (strlen(hex) != 64)
        return false;
    return sodium_hex2bin(out, 32, hex, 64, NULL, &bin_len, &end) == 0 && bin_len == 32 && *end == '\0';
}

static int bad_file(err_t *e, const char *path, const char *why)
{
    return err_set(e, ERR_IO, "key_file",
                   "暗号鍵ファイルが読めないか壊れているため起動できません。管理者に連絡してください。",
                   "key file %s: %s", path, why);
}

/* Write the keyring to path atomically with mode 0600. */
static int write_file(const crypto_keyring *kr, const char *path, err_t *e)
{
    buf_t b;
    buf_init(&b, 1 << 20);
    buf_puts(&b, "# suido field-encryption keys. Keep mode 0600. Back this file up separately from the\n"
                 "# database: the database cannot be read without it. The last k-line is the current key.\n");
    char hex[65];
    for (size_t i = 0; i < kr->nkeys; i++) {
        sodium_bin2hex(hex, sizeof hex, kr->keys[i].key, KEYLEN);
        buf_printf(&b, "%s %s\n", kr->keys[i].id, hex);
    }
    sodium_bin2hex(hex, sizeof hex, kr->index_key, sizeof kr->index_key);
    buf_printf(&b, "index %s\n", hex);
    sodium_memzero(hex, sizeof hex);
    char tmp[1100];
    if (b.failed || !str_fmt(tmp, sizeof tmp, "%s.tmp", path)) {
        buf_free(&b);
        return bad_file(e, path, "path too long");
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        buf_free(&b);
        return err_set(e, ERR_IO, "key_file", "暗号鍵ファイルを作成できません。", "cannot create %s: %s", tmp,
                       strerror(errno));
    }
    fchmod(fd, 0600);
    ssize_t w = write(fd, b.data, b.len);
    bool ok = w == (ssize_t)b.len && fsync(fd) == 0;
    close(fd);
    sodium_memzero(b.data, b.len);
    buf_free(&b);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return err_set(e, ERR_IO, "key_file", "暗号鍵ファイルを書き込めません。", "cannot write %s: %s", path,
                       strerror(errno));
    }
    char dir[1100];
    str_copy(dir, sizeof dir, path);
    int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

static int create_file(const char *path, crypto_keyring **out, err_t *e)
{
    crypto_keyring *kr = calloc(1, sizeof *kr);
    if (!kr)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    str_copy(kr->keys[0].id, sizeof kr->keys[0].id, "k1");
    randombytes_buf(kr->keys[0].key, KEYLEN);
    randombytes_buf(kr->index_key, sizeof kr->index_key);
    kr->nkeys = 1;
    /* O_EXCL: never overwrite a key file that appeared meanwhile. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        crypto_keyring_free(kr);
        return err_set(e, ERR_IO, "key_file", "暗号鍵ファイルを作成できません。", "cannot create %s: %s", path,
                       strerror(errno));
    }
    close(fd);
    int rc = write_file(kr, path, e);
    if (rc) {
        crypto_keyring_free(kr);
        return rc;
    }
    *out = kr;
    return 0;
}

int crypto_keyring_load(const char *path, bool create_if_missing, crypto_keyring **out, err_t *e)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT && create_if_missing)
            return create_file(path, out, e);
        return err_set(e, ERR_IO, "key_file",
                       "暗号鍵ファイルが見つかりません。鍵なしで個人情報を扱うことはできないため停止します。",
                       "key file %s: %s (set SUIDO_KEY_FILE or crypto.key_file)", path, strerror(errno));
    }
    if (st.st_mode & 077)
        return bad_file(e, path, "readable by group or others; run: chmod 600 <key file>");
    FILE *f = fopen(path, "r");
    if (!f)
        return bad_file(e, path, strerror(errno));
    crypto_keyring *kr = calloc(1, sizeof *kr);
    if (!kr) {
        fclose(f);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    char line[256];
    int lineno = 0;
    bool have_index = false;
    int rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *sp = strchr(line, ' ');
        char why[96];
        if (!sp) {
            str_fmt(why, sizeof why, "line %d: expected \"<id> <64 hex>\"", lineno);
            rc = bad_file(e, path, why);
            break;
        }
        *sp = '\0';
        const char *id = line, *hex = sp + 1;
        unsigned char key[32];
        if (!parse_hex32(hex, key)) {
            str_fmt(why, sizeof why, "line %d: key must be 64 hex characters", lineno);
            rc = bad_file(e, path, why);
        } else if (strcmp(id, "index") == 0) {
            memcpy(kr->index_key, key, sizeof kr->index_key);
            have_index = true;
        } else if (id[0] == 'k' && strlen(id) < CRYPTO_KEYID_MAX && strlen(id) > 1 &&
                   strspn(id + 1, "0123456789") == strlen(id + 1) && kr->nkeys < CRYPTO_MAX_KEYS) {
            str_copy(kr->keys[kr->nkeys].id, CRYPTO_KEYID_MAX, id);
            memcpy(kr->keys[kr->nkeys].key, key, KEYLEN);
            kr->nkeys++;
        } else {
            str_fmt(why, sizeof why, "line %d: unknown key id \"%.20s\"", lineno, id);
            rc = bad_file(e, path, why);
        }
        sodium_memzero(key, sizeof key);
    }
    sodium_memzero(line, sizeof line);
    fclose(f);
    if (!rc && (!have_index || kr->nkeys == 0))
        rc = bad_file(e, path, kr->nkeys == 0 ? "no k<N> key line" : "no index key line");
    if (rc) {
        crypto_keyring_free(kr);
        return rc;
    }
    *out = kr;
    return 0;
}

int crypto_keyring_add_key(crypto_keyring *kr, const char *path, err_t *e)
{
    if (kr->nkeys >= CRYPTO_MAX_KEYS)
        return err_set(e, ERR_CONFLICT, NULL, "鍵の数が上限に達しています。", "too many keys");
    long long maxn = 0;
    for (size_t i = 0; i < kr->nkeys; i++) {
        long long n;
        if (str_to_i64(kr->keys[i].id + 1, &n) && n > maxn)
            maxn = n;
    }
    key_entry *k = &kr->keys[kr->nkeys];
    str_fmt(k->id, sizeof k->id, "k%lld", maxn + 1);
    randombytes_buf(k->key, KEYLEN);
    kr->nkeys++;
    int rc = write_file(kr, path, e);
    if (rc) {
        kr->nkeys--;
        sodium_memzero(k, sizeof *k);
    }
    return rc;
}

static const key_entry *find_key(const crypto_keyring *kr, const char *id, size_t idlen)
{
    for (size_t i = 0; i < kr->nkeys; i++)
        if (strlen(kr->keys[i].id) == idlen && memcmp(kr->keys[i].id, id, idlen) == 0)
            return &kr->keys[i];
    return NULL;
}

char *crypto_seal(const crypto_keyring *kr, const char *plaintext)
{
    if (!plaintext)
        return NULL;
    size_t plen = strlen(plaintext);
    if (plen == 0)
        return strdup("");
    const key_entry *k = &kr->keys[kr->nkeys - 1];
    size_t blen = NONCELEN + plen + TAGLEN;
    unsigned char *bin = malloc(blen);
    if (!bin)
        return NULL;
    randombytes_buf(bin, NONCELEN);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(bin + NONCELEN, &clen, (const unsigned char *)plaintext, plen,
                                               (const unsigned char *)k->id, strlen(k->id), NULL, bin, k->key);
    size_t idlen = strlen(k->id);
    size_t b64len = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(idlen + 1 + b64len);
    if (out) {
        memcpy(out, k->id, idlen);
        out[idlen] = ':';
        sodium_bin2base64(out + idlen + 1, b64len, bin, NONCELEN + (size_t)clen,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    }
    free(bin);
    return out;
}

char *crypto_open(const crypto_keyring *kr, const char *sealed)
{
    if (!sealed)
        return NULL;
    if (!*sealed)
        return strdup("");
    const char *colon = strchr(sealed, ':');
    if (!colon)
        return NULL;
    const key_entry *k = find_key(kr, sealed, (size_t)(colon - sealed));
    if (!k)
        return NULL;
    const char *b64 = colon + 1;
    size_t b64len = strlen(b64);
    size_t cap = b64len * 3 / 4 + 4;
    unsigned char *bin = malloc(cap);
    if (!bin)
        return NULL;
    size_t blen = 0;
    if (sodium_base642bin(bin, cap, b64, b64len, NULL, &blen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        blen < NONCELEN + TAGLEN) {
        free(bin);
        return NULL;
    }
    size_t plen_max = blen - NONCELEN - TAGLEN;
    char *out = malloc(plen_max + 1);
    unsigned long long plen = 0;
    if (!out || crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &plen, NULL, bin + NONCELEN,
                                                           blen - NONCELEN, (const unsigned char *)k->id,
                                                           strlen(k->id), bin, k->key) != 0) {
        free(bin);
        free(out);
        return NULL;
    }
    free(bin);
    out[plen] = '\0';
    if (strlen(out) != plen) {   /* embedded NUL: not text we wrote */
        free(out);
        return NULL;
    }
    return out;
}

bool crypto_sealed_keyid(const char *sealed, char *out, size_t outsz)
{
    const char *colon = sealed ? strchr(sealed, ':') : NULL;
    if (!colon || (size_t)(colon - sealed) >= outsz)
        return false;
    memcpy(out, sealed, (size_t)(colon - sealed));
    out[colon - sealed] = '\0';
    return true;
}

void crypto_blind_index(const crypto_keyring *kr, const char *domain, const char *value, char out[65])
{
    unsigned char h[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, kr->index_key, sizeof kr->index_key, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain));
    unsigned char zero = 0;
    crypto_generichash_update(&st, &zero, 1);
    crypto_generichash_update(&st, (const unsigned char *)(value ? value : ""), value ? strlen(value) : 0);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

int crypto_password_hash(const char *password, char out[128])
{
    const char *fast = getenv("SUIDO_FAST_HASH");
    bool f = fast && strcmp(fast, "1") == 0;
    return crypto_pwhash_str(out, password, strlen(password),
                             f ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             f ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
               ? 0
               : -1;
}

bool crypto_password_verify(const char *stored, const char *password)
{
    return stored && *stored && crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
}

void crypto_random_hex(char *out, size_t nbytes)
{
    unsigned char buf[64];
    if (nbytes > sizeof buf)
        nbytes = sizeof buf;
    randombytes_buf(buf, nbytes);
    sodium_bin2hex(out, nbytes * 2 + 1, buf, nbytes);
}

/* SHA-256 by Nettle, which uses the processor's SHA instructions where it has
 * them (libsodium's portable code took a third of suido export's CPU: every
 * byte of a migration is hashed). */
void crypto_sha256_hex(const void *data, size_t len, char out[65])
{
    struct sha256_ctx c;
    unsigned char h[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, data);
    sha256_digest(&c, sizeof h, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

struct crypto_sha256 {
    struct sha256_ctx st;
};

crypto_sha256 *crypto_sha256_begin(void)
{
    crypto_sha256 *h = malloc(sizeof *h);
    if (h)
        sha256_init(&h->st);
    return h;
}

void crypto_sha256_add(crypto_sha256 *h, const void *data, size_t len)
{
    sha256_update(&h->st, len, data);
}

void crypto_sha256_end(crypto_sha256 *h, char out[65])
{
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&h->st, sizeof d, d);
    sodium_bin2hex(out, 65, d, sizeof d);
    free(h);
}

void crypto_mac_hex(const unsigned char key[32], const char *msg, char out[65])
{
    unsigned char mac[crypto_auth_BYTES];
    crypto_auth(mac, (const unsigned char *)msg, strlen(msg), key);
    sodium_bin2hex(out, 65, mac, sizeof mac);
}

void crypto_random_bytes(void *out, size_t n)
{
    randombytes_buf(out, n);
}

bool crypto_str_eq(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return false;
    return sodium_memcmp(a, b, la) == 0;
}
