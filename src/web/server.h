/* server — the staff HTTP server (libmicrohttpd, thread pool). */
#ifndef SUIDO_SERVER_H
#define SUIDO_SERVER_H

#include "app/app.h"

typedef struct web_server_opts {
    const char *listen;          /* "HOST:PORT" */
    unsigned threads;            /* worker threads (thread pool size) */
    size_t max_body;             /* bytes; larger bodies get 413 */
    size_t max_upload;           /* bytes, for routes flagged WEB_UPLOAD (file imports); 0 = 64 MiB */
    size_t max_buffered;         /* bytes of request bodies held in memory server-wide; 0 = 256 MiB; past it 503 */
    unsigned max_per_address;    /* connections one client address may hold; 0 = no cap */
    size_t max_header;           /* bytes of request line + headers (per-connection memory) */
    unsigned request_timeout_s;  /* a request that takes longer to arrive gets 408 (headers: min(10 s, this)) */
    const char *tls_cert;        /* PEM certificate chain: HTTPS when set (with tls_key); NULL = plain HTTP */
    const char *tls_key;         /* PEM private key (unencrypted) */
    bool insecure_http;          /* allow plain HTTP on an address other than loopback */
    unsigned drain_s;            /* on SIGTERM/SIGINT, wait this long for requests in flight; 0 = 20 */
} web_server_opts;

/* Serve until SIGTERM or SIGINT, then drain and return 0: no new
 * connections, the requests in flight get up to drain_s seconds (a job run
 * in a request — a bill run — is asked to stop after its unit in flight,
 * base/stop.h), the audit writer's queue is committed, the database
 * connections are closed; each step is logged ("drained: ...").
 * env must be initialised; the search index is loaded before listening.
 * Refuses to start (ERR_INVALID) on plain HTTP at an address other than
 * 127.0.0.0/8 unless insecure_http, and when the certificate or key cannot
 * be used (e->field "tls_cert" or "tls_key", the message names the file).
 * With TLS: SIGHUP reads the certificate and key again (a bad pair is
 * logged and the old one kept); every answer carries HSTS. */
int web_server_run(app_env *env, const web_server_opts *o, err_t *e);

#endif
