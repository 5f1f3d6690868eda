/* tls — the staff server's certificate and key (GnuTLS), swapped in place
 * when the files are renewed (SIGHUP), for libmicrohttpd's certificate
 * callback.  One per process (the callback has no argument of its own). */
#ifndef SUIDO_WEB_TLS_H
#define SUIDO_WEB_TLS_H

#include <gnutls/abstract.h>
#include <stddef.h>

#include "base/err.h"

/* The GnuTLS priority string: TLS 1.2 and 1.3 only, AEAD suites with
 * forward secrecy (ECDHE), no SHA-1 signatures. */
extern const char WEB_TLS_PRIORITIES[];

typedef struct web_tls web_tls;

/* Read cert_file (PEM, the server certificate first, then its chain) and
 * key_file (PEM, unencrypted) and check that they belong together.  NULL
 * with e naming the file at fault.  The caller owns the result (web_tls_free);
 * it becomes the one web_tls_cert_callback answers with. */
web_tls *web_tls_new(const char *cert_file, const char *key_file, err_t *e);

/* Read both files again; new connections get the new pair, handshakes under
 * way keep the old one.  On failure the pair in use stays and e says why. */
int web_tls_reload(web_tls *t, err_t *e);

/* "serial SERIAL, valid until YYYY-MM-DD, SUBJECT" of the pair in use, for the log. */
void web_tls_describe(web_tls *t, char *out, size_t outsz);

/* libmicrohttpd's MHD_OPTION_HTTPS_CERT_CALLBACK (a gnutls_certificate_retrieve_function2):
 * the pair in use of the last web_tls_new.  What it hands out stays owned by that web_tls. */
int web_tls_cert_callback(gnutls_session_t session, const gnutls_datum_t *req_ca_rdn, int nreqs,
                          const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length, gnutls_pcert_st **pcert,
                          unsigned int *pcert_length, gnutls_privkey_t *privkey);

/* Free t and every pair it has loaded (after the server has stopped). */
void web_tls_free(web_tls *t);

#endif
