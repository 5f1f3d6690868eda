/* app — use cases: the verbs of the business.
 *
 * Every app_* function takes an app_ctx (who is acting, on which database
 * connection, with which keys), checks the permission table, runs in one
 * transaction, writes the audit record, and returns 0 or an ERR_* code with
 * err_t filled (user message in Japanese).  The web handlers, the CLI and the
 * tests call the same functions, so a rule is enforced once.
 *
 * Ownership: output structs are filled by value.  Arrays returned through
 * pointer-to-pointer are malloc'd: an array of plain structs (char arrays and
 * numbers only) is released with free(); when its struct holds malloc'd
 * members, the matching *_free function is declared beside it (plural for the
 * array, singular for one struct filled by a *_get), and callers never free
 * members by hand. */
#ifndef SUIDO_APP_H
#define SUIDO_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/config.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/err.h"
#include "base/jsonw.h"
#include "domain/bill_calc.h"
#include "domain/bill_skip.h"
#include "domain/reading_check.h"

struct db_conn;                 /* store/db.h: app/ .c files include it themselves */
typedef struct db_conn db_conn;
struct search_index;
struct audit_writer;
struct maintenance;
struct sealbox_keys;

/* Process-wide, read-only after start-up (except the search index, which
 * locks itself). */
typedef struct app_env {
    config *cfg;
    crypto_keyring *keys;
    char db_url[1024];
    char key_file[1024];
    struct search_index *index;   /* NULL in the CLI until a search needs it */
    struct audit_writer *audit_writer;  /* server only: group commit of view audits */
    struct maintenance *maintenance;    /* server only: checkpoints and session sweep */
    struct sealbox_keys *portal_keys;   /* the portal: its public key only; staff: the pair once
                                           app_portal_keys_load ran (NULL before) */
    int64_t idle_timeout_s;       /* auth.idle_timeout (default 1800) */
    int64_t lock_threshold;       /* auth.lock_threshold (default 5 failures) */
    int64_t lock_seconds;         /* auth.lock_seconds (default 900) */
    bool tls;                     /* cookies get Secure */
    reading_rules reading;        /* [reading] thresholds (domain/reading_check.h) */
    bill_rules billing;           /* [billing] settings (domain/bill_calc.h) */
} app_env;

/* Who is acting.  role -1 with user_id 0 is the operator at the command line
 * (the CLI runs with the operator's authority over the files). */
typedef struct app_actor {
    int64_t user_id;
    char username[64];
    int role;              /* enum role, or APP_ROLE_OPERATOR */
    bool must_change;      /* password change forced: only that is allowed */
    int64_t session_id;    /* the staff session this request came with; 0 if none */
    char ip[64];
    char rid[24];          /* request id for the log */
} app_actor;

#define APP_ROLE_OPERATOR (-1)

/* Deferred audit of views: a server that can hold its answer back hands the
 * view's audit row to the writer thread without waiting, and sends the answer
 * only when done(arg, rc) reports the row committed (rc 0) — so nothing is
 * shown that is not yet in the audit log, and no worker thread sits idle. */
typedef struct app_defer {
    void (*done)(void *arg, int rc);   /* called from the writer thread, once per row */
    void *arg;
    int queued;                        /* rows handed over so far */
} app_defer;

struct app_form;           /* app/app_form.h */
typedef struct app_ctx {
    app_env *env;
    db_conn *db;
    app_actor actor;
    app_defer *defer;      /* NULL: each audit row is committed before the call returns */
    struct app_form *form; /* the posting form's one-time token (NULL: none asked, e.g. the CLI) */
} app_ctx;

/* ---- environment ---------------------------------------------------- */

/* Fill env from the config (already loaded, env vars applied): database URL,
 * key file (created 0600 if missing when create_key), auth settings. */
int app_env_init(app_env *env, config *cfg, bool create_key, err_t *e);
void app_env_free(app_env *env);
/* True when the database at url has no schema yet (a new installation): only
 * then may a missing key file be created.  An existing database without its
 * key file must stop, never start over with a new key. */
bool app_db_is_fresh(const char *url);
/* The directory of a sqlite: URL's file into out ("." for a bare file name,
 * "/" for a file at the root): where its copies (a backup's, VACUUM's log)
 * need room.  False when url is not SQLite or out is too small. */
bool app_sqlite_dir(const char *url, char *out, size_t outsz);
/* The utility's name for documents ([utility] name; owned by the config). */
const char *app_utility_name(const app_ctx *ctx);
/* Liveness for /healthz: the database answers and its schema is current. */
int app_health(app_ctx *ctx, err_t *e);
/* Database errors in this process since it started (for /metrics). */
long long app_db_errors(void);
/* This process is a batch command that writes thousands of pages (a
 * month's readings import, billing run, debit request or result import):
 * call before its first connection opens (see db_batch_memory). */
void app_batch_process(void);
/* This process is the staff server or the portal, up for days with
 * connections that commit beside each other: call before its first
 * connection opens (see db_server_process). */
void app_server_process(void);
/* Open a connection to env->db_url (caller closes with app_db_close). */
int app_db_open(const app_env *env, db_conn **out, err_t *e);
/* app_db_open for a connection of the server's own that lives as long as
 * the server, beside others that commit (a request worker's, the audit
 * writer's, the maintenance thread's): it reads through the process's kept
 * map or its page cache, not a map of its own (db_server_reads in store/db.h).  A job the server runs in
 * the background opens with app_db_open, as a batch command does. */
int app_db_open_server(const app_env *env, db_conn **out, err_t *e);
/* Close a connection from app_db_open (NULL: nothing). */
void app_db_close(db_conn *db);
/* Bring the schema up to date (*applied: migrations run now). */
int app_schema_migrate(app_ctx *ctx, int *applied, err_t *e);
/* The schema version of the database (*current) and the one this binary
 * needs (*latest). */
int app_schema_version(app_ctx *ctx, int *current, int *latest, err_t *e);
/* Operator context for the CLI (actor "operator", all permissions). */
void app_ctx_operator(app_ctx *ctx, app_env *env, db_conn *db);

/* ---- permission and audit (app_audit.c) ------------------------------ */

int app_require(const app_ctx *ctx, int perm, err_t *e);
/* End the transaction a use case began: roll back and return rc when rc is
 * an error, else commit (and return the commit's result). */
int app_tx_end(app_ctx *ctx, int rc, err_t *e);
/* One use case's transaction, run again once when the database's primary
 * went away before COMMIT was sent (db_retryable: it certainly did not
 * commit; PostgreSQL failover): db_begin, fn, app_tx_end.  fn must start
 * from nothing each time (fill its outputs afresh; everything it wrote was
 * rolled back).  A COMMIT cut off by the failover has an unknown outcome and
 * is not run again: the user is told so (ERR_DB) and may send it again,
 * which the use case must make safe (a one-time form token, or a unique
 * channel+ref). */
typedef int (*app_tx_fn)(app_ctx *ctx, void *arg, err_t *e);
int app_tx_run(app_ctx *ctx, app_tx_fn fn, void *arg, err_t *e);
/* For a use case whose transaction cannot be one callback (app_reading_import_rows: a
 * reader thread, a second transaction for the refusals): after attempt number attempt
 * (1, 2) ended with rc, should the whole be run again?  True only after the first attempt
 * failed because the connection was lost before COMMIT (db_retryable); e is then cleared. */
bool app_tx_again(app_ctx *ctx, int attempt, int rc, err_t *e);
/* A screen that shows several use cases' answers (the カルテ) reads them in one
 * snapshot: app_read_begin opens it (db_begin_shared_read), each use case's own
 * snapshot joins it, app_read_end ends it.  On SQLite the page's reads then share
 * one page cache instead of starting each with an empty one.  A one-time form
 * token issued meanwhile (app_form_issue) ends it for its write and opens a new one
 * after.  Failing to open it is not an error: each use case then reads alone. */
void app_read_begin(app_ctx *ctx);
void app_read_end(app_ctx *ctx);
bool app_can(const app_ctx *ctx, int perm);
/* Append an audit row inside the current transaction.  detail is plaintext
 * JSON (may hold personal data: it is sealed before storage). */
int app_audit(app_ctx *ctx, const char *action, const char *object, const char *detail_json, err_t *e);
/* An audit detail built through the escaping JSON writer (nothing is
 * truncated or left unescaped):
 *     app_audit_detail d;
 *     app_audit_detail_begin(&d);
 *     jsonw_kv_int(&d.w, "bill", id);  jsonw_kv_string(&d.w, "on", day);
 *     rc = app_audit_json(ctx, "bill.x", object, &d, e);
 * app_audit_json closes the object, appends the row (as app_audit) and
 * frees the detail, whatever the outcome; app_audit_detail_free frees a
 * detail that is not written.  app_audit_detail_end closes it and returns
 * the JSON text, owned by d (NULL when out of memory). */
typedef struct app_audit_detail {
    buf_t buf;
    jsonw w;
} app_audit_detail;
void app_audit_detail_begin(app_audit_detail *d);
const char *app_audit_detail_end(app_audit_detail *d);
void app_audit_detail_free(app_audit_detail *d);
int app_audit_json(app_ctx *ctx, const char *action, const char *object, app_audit_detail *d, err_t *e);
/* The same as app_audit_now (a transaction of its own). */
int app_audit_now_json(app_ctx *ctx, const char *action, const char *object, app_audit_detail *d, err_t *e);
/* Several rows at once inside the current transaction (one claim of the
 * chain's head for all of them). */
typedef struct app_audit_item {
    const app_actor *actor;
    const char *action, *object, *detail_json;
} app_audit_item;
int app_audit_many(app_ctx *ctx, const app_audit_item *items, size_t n, err_t *e);
/* Same, in a transaction of its own (for views and failed logins). */
int app_audit_now(app_ctx *ctx, const char *action, const char *object, const char *detail_json, err_t *e);

typedef struct app_audit_report {
    int64_t rows_checked;
    int64_t bad_seq;        /* 0 when the chain is whole */
    char problem[256];      /* English, for the operator */
} app_audit_report;
/* Verify the whole chain. Returns 0 (even when broken: see report.bad_seq). */
int app_audit_verify(app_ctx *ctx, app_audit_report *rep, err_t *e);

typedef struct app_audit_entry {
    int64_t seq, at;
    char actor[64], ip[64], action[64], object[96];
    char *detail;           /* decrypted JSON, malloc'd */
} app_audit_entry;
typedef struct app_audit_query {
    const char *actor, *action, *object;
    const char *from, *to;  /* YYYY-MM-DD (JST days, inclusive), NULL/"" = open */
    int64_t before_seq;
    int limit;
} app_audit_query;
int app_audit_search(app_ctx *ctx, const app_audit_query *q, app_audit_entry **rows, size_t *n, err_t *e);
void app_audit_entries_free(app_audit_entry *rows, size_t n);

#endif
