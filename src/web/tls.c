/* tls — the staff server's certificate and key, swapped on SIGHUP (see tls.h).
 *
 * Each load makes a new "pair" (the certificate chain and the private key).
 * GnuTLS does not copy what the callback hands out, and a handshake may still
 * be using the old pair when a new one is loaded, so an old pair is never
 * freed while the server runs: it is kept on a list until web_tls_free
 * (one pair per certificate renewal: a few kilobytes a year). */
#include "web/tls.h"

#include <gnutls/x509.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"

const char WEB_TLS_PRIORITIES[] =
    "SECURE256:+SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-GCM:+CHACHA20-POLY1305:"
    "+AES-128-GCM:-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:-SIGN-RSA-SHA1:-SIGN-ECDSA-SHA1:"
    "-SIGN-DSA-SHA1:%SERVER_PRECEDENCE";

enum { MAX_CHAIN = 8 };

typedef struct tls_pair {
    gnutls_pcert_st pcert[MAX_CHAIN];
    unsigned npcert;
    gnutls_privkey_t key;
    char about[256];            /* serial, expiry, subject: for the log */
    struct tls_pair *older;     /* kept until web_tls_free */
} tls_pair;

struct web_tls {
    char *cert_file, *key_file;
    pthread_mutex_t lock;
    tls_pair *current;          /* under lock */
};

static web_tls *the_tls;   /* the callback's; one staff server per process */

static void pair_free(tls_pair *p)
{
    for (unsigned i = 0; i < p->npcert; i++)
        gnutls_pcert_deinit(&p->pcert[i]);
    if (p->key)
        gnutls_privkey_deinit(p->key);
    free(p);
}

/* field: "tls_cert" or "tls_key"; what: the Japanese reason. */
static int file_error(err_t *e, const char *field, const char *file, const char *what, int gnutls_rc)
{
    char user[512];
    bool cert = strcmp(field, "tls_cert") == 0;
    str_fmt(user, sizeof user, "%s %s %s", cert ? "証明書ファイル" : "秘密鍵ファイル", file, what);
    return err_set(e, ERR_INVALID, field, user, "%s %s: %s", field, file,
                   gnutls_rc ? gnutls_strerror(gnutls_rc) : "the key is not the certificate's");
}

static void describe(tls_pair *p)
{
    gnutls_x509_crt_t crt;
    str_copy(p->about, sizeof p->about, "?");
    if (gnutls_x509_crt_init(&crt) < 0)
        return;
    if (gnutls_x509_crt_import(crt, &p->pcert[0].cert, GNUTLS_X509_FMT_DER) >= 0) {
        unsigned char serial[40];
        size_t slen = sizeof serial;
        char hex[2 * sizeof serial + 1] = "";
        if (gnutls_x509_crt_get_serial(crt, serial, &slen) >= 0)
            for (size_t i = 0; i < slen; i++)
                str_fmt(hex + 2 * i, 3, "%02x", serial[i]);
        char dn[160] = "";
        size_t dlen = sizeof dn;
        if (gnutls_x509_crt_get_dn(crt, dn, &dlen) < 0)
            dn[0] = '\0';
        time_t until = gnutls_x509_crt_get_expiration_time(crt);
        struct tm tm;
        char day[16] = "?";
        if (until != (time_t)-1 && gmtime_r(&until, &tm))
            strftime(day, sizeof day, "%Y-%m-%d", &tm);
        str_fmt(p->about, sizeof p->about, "serial %s, valid until %s, %s", hex, day, dn);
    }
    gnutls_x509_crt_deinit(crt);
}

/* A new pair from the files, or NULL with e naming the file at fault. */
static tls_pair *pair_load(const char *cert_file, const char *key_file, err_t *e)
{
    tls_pair *p = calloc(1, sizeof *p);
    if (!p) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return NULL;
    }
    gnutls_datum_t data = {NULL, 0};
    int rc = gnutls_load_file(cert_file, &data);
    if (rc < 0) {
        file_error(e, "tls_cert", cert_file, "を読めません。", rc);
        goto fail;
    }
    p->npcert = MAX_CHAIN;
    rc = gnutls_pcert_list_import_x509_raw(p->pcert, &p->npcert, &data, GNUTLS_X509_FMT_PEM, 0);
    gnutls_free(data.data);
    data.data = NULL;
    if (rc < 0 || p->npcert == 0) {
        p->npcert = 0;
        file_error(e, "tls_cert", cert_file, "は PEM 形式の証明書ではありません。", rc);
        goto fail;
    }
    rc = gnutls_load_file(key_file, &data);
    if (rc < 0) {
        file_error(e, "tls_key", key_file, "を読めません。", rc);
        goto fail;
    }
    if ((rc = gnutls_privkey_init(&p->key)) < 0 ||
        (rc = gnutls_privkey_import_x509_raw(p->key, &data, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0) {
        gnutls_free(data.data);
        file_error(e, "tls_key", key_file, "は PEM 形式の秘密鍵ではありません（暗号化された鍵は使えません）。", rc);
        goto fail;
    }
    gnutls_free(data.data);
    /* The key must be the certificate's: compare the public keys' ids. */
    gnutls_pubkey_t pub = NULL;
    unsigned char id_key[64], id_cert[64];
    size_t n_key = sizeof id_key, n_cert = sizeof id_cert;
    bool match = gnutls_pubkey_init(&pub) >= 0 && gnutls_pubkey_import_privkey(pub, p->key, 0, 0) >= 0 &&
                 gnutls_pubkey_get_key_id(pub, 0, id_key, &n_key) >= 0 &&
                 gnutls_pubkey_get_key_id(p->pcert[0].pubkey, 0, id_cert, &n_cert) >= 0 && n_key == n_cert &&
                 memcmp(id_key, id_cert, n_key) == 0;
    if (pub)
        gnutls_pubkey_deinit(pub);
    if (!match) {
        file_error(e, "tls_key", key_file, "は証明書の鍵ではありません。", 0);
        goto fail;
    }
    describe(p);
    return p;
fail:
    pair_free(p);
    return NULL;
}

web_tls *web_tls_new(const char *cert_file, const char *key_file, err_t *e)
{
    if (gnutls_global_init() < 0) {
        err_set(e, ERR_INTERNAL, NULL, NULL, "gnutls_global_init failed");
        return NULL;
    }
    web_tls *t = calloc(1, sizeof *t);
    if (!t || !(t->cert_file = strdup(cert_file)) || !(t->key_file = strdup(key_file))) {
        if (t)
            free(t->cert_file);
        free(t);
        gnutls_global_deinit();
        err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&t->lock, NULL);
    if (!(t->current = pair_load(cert_file, key_file, e))) {
        web_tls_free(t);
        return NULL;
    }
    the_tls = t;
    return t;
}

int web_tls_reload(web_tls *t, err_t *e)
{
    tls_pair *p = pair_load(t->cert_file, t->key_file, e);
    if (!p)
        return e ? e->code : ERR_INVALID;
    pthread_mutex_lock(&t->lock);
    p->older = t->current;
    t->current = p;
    pthread_mutex_unlock(&t->lock);
    return 0;
}

void web_tls_describe(web_tls *t, char *out, size_t outsz)
{
    pthread_mutex_lock(&t->lock);
    str_copy(out, outsz, t->current ? t->current->about : "-");
    pthread_mutex_unlock(&t->lock);
}

int web_tls_cert_callback(gnutls_session_t session, const gnutls_datum_t *req_ca_rdn, int nreqs,
                          const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length, gnutls_pcert_st **pcert,
                          unsigned int *pcert_length, gnutls_privkey_t *privkey)
{
    (void)session, (void)req_ca_rdn, (void)nreqs, (void)pk_algos, (void)pk_algos_length;
    web_tls *t = the_tls;
    if (!t)
        return -1;
    pthread_mutex_lock(&t->lock);
    tls_pair *p = t->current;
    *pcert = p->pcert;
    *pcert_length = p->npcert;
    *privkey = p->key;
    pthread_mutex_unlock(&t->lock);
    return 0;
}

void web_tls_free(web_tls *t)
{
    if (!t)
        return;
    if (the_tls == t)
        the_tls = NULL;
    for (tls_pair *p = t->current, *next; p; p = next) {
        next = p->older;
        pair_free(p);
    }
    pthread_mutex_destroy(&t->lock);
    free(t->cert_file);
    free(t->key_file);
    free(t);
    gnutls_global_deinit();
}
