/* sealbox — the portal key pair, its files and sealed boxes (see sealbox.h). */
#include "base/sealbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"

static const char PREFIX[] = "pb1:";

void sealbox_generate(sealbox_keys *k)
{
    crypto_box_keypair(k->pk, k->sk);
    k->has_secret = true;
}

char *sealbox_seal(const unsigned char pk[SEALBOX_KEYBYTES], const char *plaintext)
{
    size_t plen = strlen(plaintext), clen = plen + crypto_box_SEALBYTES;
    unsigned char *c = malloc(clen);
    if (!c)
        return NULL;
    if (crypto_box_seal(c, (const unsigned char *)plaintext, plen, pk) != 0) {
        free(c);
        return NULL;
    }
    size_t b64 = sodium_base64_ENCODED_LEN(clen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(sizeof PREFIX - 1 + b64);
    if (out) {
        memcpy(out, PREFIX, sizeof PREFIX - 1);
        sodium_bin2base64(out + sizeof PREFIX - 1, b64, c, clen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    }
    free(c);
    return out;
}

char *sealbox_open(const unsigned char pk[SEALBOX_KEYBYTES], const unsigned char sk[SEALBOX_KEYBYTES],
                   const char *sealed)
{
    if (!sealed || strncmp(sealed, PREFIX, sizeof PREFIX - 1) != 0)
        return NULL;
    const char *b64 = sealed + sizeof PREFIX - 1;
    size_t blen = strlen(b64), cap = blen * 3 / 4 + 4, clen = 0;
    unsigned char *c = malloc(cap);
    if (!c)
        return NULL;
    if (sodium_base642bin(c, cap, b64, blen, NULL, &clen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        clen < crypto_box_SEALBYTES) {
        free(c);
        return NULL;
    }
    size_t plen = clen - crypto_box_SEALBYTES;
    char *out = malloc(plen + 1);
    if (!out || crypto_box_seal_open((unsigned char *)out, c, clen, pk, sk) != 0 || memchr(out, '\0', plen)) {
        free(c);
        free(out);
        return NULL;
    }
    free(c);
    out[plen] = '\0';
    return out;
}

int sealbox_paths(const config *cfg, char secret_path[SEALBOX_PATH_MAX], char public_path[SEALBOX_PATH_MAX],
                  err_t *e)
{
    const char *main_key = config_get(cfg, "crypto.key_file", "var/suido.key");
    const char *slash = strrchr(main_key, '/');
    char dir[SEALBOX_PATH_MAX], defsk[SEALBOX_PATH_MAX], defpk[SEALBOX_PATH_MAX];
    bool ok = !slash ? str_copy(dir, sizeof dir, ".")
                     : str_fmt(dir, sizeof dir, "%.*s", (int)(slash - main_key), main_key);   /* "" for "/" */
    ok = ok && str_fmt(defsk, sizeof defsk, "%s/portal.key", dir) && str_fmt(defpk, sizeof defpk, "%s/portal.pub", dir);
    ok = ok && str_copy(secret_path, SEALBOX_PATH_MAX, config_get(cfg, "portal.key_file", defsk)) &&
         str_copy(public_path, SEALBOX_PATH_MAX, config_get(cfg, "portal.public_key_file", defpk));
    return ok ? 0 : err_set(e, ERR_INVALID, "portal.key_file", NULL, "portal key file path too long");
}

static int bad_file(err_t *e, const char *path, const char *why)
{
    return err_set(e, ERR_IO, "portal.key_file",
                   "受付窓口（ポータル）の鍵ファイルが読めないか壊れているため起動できません。管理者に連絡してください。",
                   "portal key file %s: %s", path, why);
}

/* Read "public <hex>" (and "secret <hex>" when sk) from path. */
static int read_keys(const char *path, unsigned char pk[32], unsigned char *sk, err_t *e)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return bad_file(e, path, strerror(errno));
    char line[256];
    bool have_pk = false, have_sk = false;
    int rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        bool is_pk = strncmp(line, "public ", 7) == 0, is_sk = sk && strncmp(line, "secret ", 7) == 0;
        const char *hex = line + 7, *end = NULL;
        size_t n = 0;
        if ((!is_pk && !is_sk) || strlen(hex) != 64 ||
            sodium_hex2bin(is_pk ? pk : sk, 32, hex, 64, NULL, &n, &end) != 0 || n != 32 || *end)
            rc = bad_file(e, path, "expected lines \"public <64 hex>\" (and \"secret <64 hex>\")");
        have_pk |= is_pk;
        have_sk |= is_sk;
    }
    sodium_memzero(line, sizeof line);
    fclose(f);
    if (!rc && (!have_pk || (sk && !have_sk)))
        rc = bad_file(e, path, have_pk ? "no secret line" : "no public line");
    return rc;
}

/* Create path (never replacing a file) with mode and the given text. */
static int write_new(const char *path, mode_t mode, const char *text, err_t *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return err_set(e, ERR_IO, "portal.key_file", "受付窓口（ポータル）の鍵ファイルを作成できません。",
                       "cannot create %s: %s", path, strerror(errno));
    fchmod(fd, mode);
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
    close(fd);
    if (!ok) {
        unlink(path);
        return err_set(e, ERR_IO, "portal.key_file", "受付窓口（ポータル）の鍵ファイルを書き込めません。",
                       "cannot write %s", path);
    }
    return 0;
}

static int write_public(const char *path, const unsigned char pk[32], err_t *e)
{
    char hex[65], text[256];
    sodium_bin2hex(hex, sizeof hex, pk, 32);
    str_fmt(text, sizeof text,
            "# suido portal public key: `suido portal` seals applications to it. Not secret (mode 0644).\n"
            "public %s\n", hex);
    return write_new(path, 0644, text, e);
}

static int write_secret(const char *path, const sealbox_keys *k, err_t *e)
{
    char pkhex[65], skhex[65], text[400];
    sodium_bin2hex(pkhex, sizeof pkhex, k->pk, 32);
    sodium_bin2hex(skhex, sizeof skhex, k->sk, 32);
    str_fmt(text, sizeof text,
            "# suido portal key pair: staff open the portal's applications with it. Keep mode 0600 and back it\n"
            "# up with the main key file; never give it to the portal host.\n"
            "public %s\nsecret %s\n", pkhex, skhex);
    int rc = write_new(path, 0600, text, e);
    sodium_memzero(skhex, sizeof skhex);
    sodium_memzero(text, sizeof text);
    return rc;
}

int sealbox_keys_load(const char *secret_path, const char *public_path, bool create_if_missing, sealbox_keys **out,
                      err_t *e)
{
    *out = NULL;
    sealbox_keys *k = calloc(1, sizeof *k);
    if (!k)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    struct stat st;
    bool have_sk = stat(secret_path, &st) == 0, have_pk = access(public_path, F_OK) == 0;
    int rc = 0;
    if (!have_sk) {
        if (have_pk)
            rc = bad_file(e, secret_path, "missing while the public key file exists (restore it from the backup)");
        else if (!create_if_missing)
            rc = bad_file(e, secret_path, "missing (run `suido portal keys`)");
        else {
            sealbox_generate(k);
            if (!(rc = write_secret(secret_path, k, e)) && !(rc = write_public(public_path, k->pk, e)))
                fprintf(stderr, "suido: new portal key pair in %s and %s\n", secret_path, public_path);
        }
    } else if (st.st_mode & 077) {
        rc = bad_file(e, secret_path, "readable by group or others; run: chmod 600 <portal key file>");
    } else if (!(rc = read_keys(secret_path, k->pk, k->sk, e))) {
        k->has_secret = true;
        unsigned char derived[32];
        crypto_scalarmult_base(derived, k->sk);
        if (sodium_memcmp(derived, k->pk, 32) != 0)
            rc = bad_file(e, secret_path, "the public key does not belong to the secret key");
        unsigned char pub[32];
        if (!rc && have_pk && !(rc = read_keys(public_path, pub, NULL, e)) && sodium_memcmp(pub, k->pk, 32) != 0)
            rc = bad_file(e, public_path, "does not match the portal key pair (copy the public key anew)");
        if (!rc && !have_pk && create_if_missing)
            rc = write_public(public_path, k->pk, e);
    }
    if (rc) {
        sealbox_keys_free(k);
        return rc;
    }
    *out = k;
    return 0;
}

int sealbox_public_load(const char *public_path, sealbox_keys **out, err_t *e)
{
    *out = NULL;
    sealbox_keys *k = calloc(1, sizeof *k);
    if (!k)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    int rc = read_keys(public_path, k->pk, NULL, e);
    if (rc) {
        free(k);
        return rc;
    }
    *out = k;
    return 0;
}

void sealbox_keys_free(sealbox_keys *k)
{
    if (!k)
        return;
    sodium_memzero(k, sizeof *k);
    free(k);
}

void sealbox_random_code(char *out, size_t n, const char *alphabet)
{
    uint32_t len = (uint32_t)strlen(alphabet);
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[randombytes_uniform(len)];
    out[n] = '\0';
}

void sealbox_secret_hash(const char *receipt_no, const char *secret, char out[65])
{
    static const unsigned char DOMAIN_KEY[32] = "suido portal status secret v1..";
    unsigned char h[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, DOMAIN_KEY, sizeof DOMAIN_KEY, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)receipt_no, strlen(receipt_no));
    unsigned char zero = 0;
    crypto_generichash_update(&st, &zero, 1);
    crypto_generichash_update(&st, (const unsigned char *)secret, strlen(secret));
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}
