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
#include "store/db.h"

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
/* The utility's name for documents ([utility] name; owned by the config). */
const char *app_utility_name(const app_ctx *ctx);
/* Liveness for /healthz: the database answers and its schema is current. */
int app_health(app_ctx *ctx, err_t *e);
/* Open a connection to env->db_url (caller closes with app_db_close). */
int app_db_open(const app_env *env, db_conn **out, err_t *e);
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

/* ---- staff accounts (app_auth.c, app_user.c) -------------------------- */

#define APP_TOKEN_HEX 64      /* session token: 32 random bytes as hex */

typedef struct app_login_result {
    char token[APP_TOKEN_HEX + 1];   /* give to the browser as the cookie */
    char csrf[65];
    bool must_change;
} app_login_result;

/* Check the password, lockout, disabled; create a session. */
int app_auth_login(app_ctx *ctx, const char *username, const char *password, app_login_result *out, err_t *e);
/* Resolve a session token into ctx->actor (and its csrf); enforces the idle
 * timeout.  ERR_AUTH when unknown or expired; *idle_out (if non-NULL) is set
 * true only when the session ended by the idle timeout, so the login page can
 * say so (e->user then holds that message). */
int app_auth_session(app_ctx *ctx, const char *token, char csrf_out[65], bool *idle_out, err_t *e);
int app_auth_logout(app_ctx *ctx, const char *token, err_t *e);
/* Own password change (current password required). */
int app_auth_change_password(app_ctx *ctx, const char *current, const char *newpw, const char *confirm, err_t *e);
/* Password policy (pure): at least 10 characters, not the username. */
int app_password_policy(const char *username, const char *pw, const char *field, err_t *e);

typedef struct app_user {
    int64_t id;
    char username[64];
    int role;
    bool disabled, must_change, locked;
    int64_t created_at;
} app_user;

/* must_change: true when an administrator sets it on the screen, false when
 * the operator sets it at the command line.  An administrator creating an
 * administrator creates a 閲覧 account and requests the role (approval kind
 * user.role): *pending_id (may be NULL) receives the request id, else 0. */
int app_user_add(app_ctx *ctx, const char *username, const char *role, const char *password, bool must_change,
                 int64_t *id_out, int64_t *pending_id, err_t *e);
int app_user_list(app_ctx *ctx, app_user **rows, size_t *n, err_t *e);
int app_user_get(app_ctx *ctx, const char *username, app_user *out, err_t *e);
/* Demoting, disabling or resetting the password of another administrator,
 * or making anyone an administrator, needs a second administrator's approval: *pending_id receives the approval
 * request id (reason required) and nothing changes yet.  Other accounts
 * change at once (*pending_id = 0); so does anything the operator (CLI) does.
 * While a request is pending on an account, every change to it is refused
 * (ERR_CONFLICT).  A password reset ends all the user's sessions. */
int app_user_set_role(app_ctx *ctx, const char *username, const char *role, const char *reason, int64_t *pending_id,
                      err_t *e);
int app_user_set_password(app_ctx *ctx, const char *username, const char *password, bool must_change,
                          const char *reason, int64_t *pending_id, err_t *e);
int app_user_disable(app_ctx *ctx, const char *username, const char *reason, int64_t *pending_id, err_t *e);
int app_user_enable(app_ctx *ctx, const char *username, err_t *e);
int app_user_unlock(app_ctx *ctx, const char *username, err_t *e);

/* ---- second-person approval (app_approval.c) ------------------------- */

typedef struct app_approval {
    int64_t id;
    char kind[32], object[96], summary[256], reason[512], status[16];
    char requested_by[64], decided_by[64];
    int64_t requested_at, decided_at;
    char decision_note[512];
    bool can_decide;        /* the viewer may approve/reject it */
} app_approval;

/* A kind of request: a row declared by the area whose request it approves
 * (APP_*_APPROVAL_KINDS next to that request), listed in the registry
 * app_approval_kinds.c.  act/reject run inside the decision's transaction
 * with the approval's id and object. */
typedef int (*app_approval_act)(app_ctx *ctx, int64_t approval_id, const char *object, err_t *e);
typedef struct app_approval_kind {
    const char *kind;
    const char *label;        /* Japanese, for screens */
    int perm;                 /* to request and to approve (approving also needs PERM_APPROVE) */
    app_approval_act act;
    app_approval_act reject;  /* NULL: nothing to undo on rejection */
} app_approval_kind;
/* Each area's kinds, ended by a row with kind NULL. */
extern const app_approval_kind APP_USER_APPROVAL_KINDS[];
extern const app_approval_kind APP_BILL_APPROVAL_KINDS[];
extern const app_approval_kind APP_CREDIT_APPROVAL_KINDS[];
/* The registered kind named `kind` (static storage), or NULL. */
const app_approval_kind *app_approval_kind_find(const char *kind);

/* Create a request (kind from the registry app_approval_kinds.c). */
int app_approval_request(app_ctx *ctx, const char *kind, const char *object, const char *summary,
                         const char *reason, int64_t *id_out, err_t *e);
/* The same inside the caller's transaction (a use case that records the
 * particulars of its request in the same transaction). */
int app_approval_request_tx(app_ctx *ctx, const char *kind, const char *object, const char *summary,
                            const char *reason, int64_t *id_out, err_t *e);
/* Approve (carries out the act) or reject; the decider must differ from the
 * requester and hold the kind's permission. */
int app_approval_decide(app_ctx *ctx, int64_t id, bool approve, const char *note, err_t *e);
int app_approval_list(app_ctx *ctx, const char *status, app_approval **rows, size_t *n, err_t *e);

/* ---- taps and customers (app_registry.c) ---------------------------- */

typedef struct app_tap_input {
    const char *tap_no;       /* "" on create = assign the next number */
    const char *area_code;
    const char *address;      /* 給水場所 after the area name, e.g. "3番12号" */
    const char *diameter;     /* text from the form, validated here */
    const char *use_code;
    const char *sewer;
    const char *route;        /* 検針区, 1–8 ASCII letters/digits */
    const char *route_order;  /* 順路 */
    const char *status;
    const char *version;      /* for edits */
} app_tap_input;

typedef struct app_customer_input {
    const char *name;         /* 氏名 / 名称 */
    const char *kana;         /* カナ氏名 */
    const char *phone;
    const char *postal;       /* 送付先郵便番号 */
    const char *mail_address; /* 送付先 ("" = the service address) */
    const char *notes;
    const char *version;      /* for edits */
} app_customer_input;

/* Create a tap with its first customer from start_on (開栓日).
 * tap_no_out receives the number (size 16). */
int app_tap_create(app_ctx *ctx, const app_tap_input *t, const app_customer_input *c, const char *start_on,
                   char tap_no_out[16], err_t *e);
int app_tap_update(app_ctx *ctx, const char *tap_no, const app_tap_input *t, err_t *e);
int app_customer_update(app_ctx *ctx, int64_t customer_id, const app_customer_input *c, err_t *e);

typedef struct app_person {
    int64_t customer_id;
    char *name, *kana, *phone, *postal, *mail_address, *notes;  /* malloc'd */
    int64_t version;
} app_person;

typedef struct app_occupancy {
    int64_t id;
    char start_on[11], end_on[11];
    app_person who;
} app_occupancy;

typedef struct app_karte {
    int64_t tap_id;
    char tap_no[16];
    char area_code[8], area_name[96];
    char *address;            /* malloc'd: service address after the area name */
    int64_t diameter;
    char use_code[16], sewer[16], route[16], status[16];
    int64_t route_order, version;
    app_occupancy *occ;       /* newest first; occ[0] is current when its end_on is "" */
    size_t nocc;
} app_karte;

/* The お客様カルテ of a tap (audited as a view of personal data). */
int app_karte_get(app_ctx *ctx, const char *tap_no, app_karte *out, err_t *e);
void app_karte_free(app_karte *k);
/* A customer by id (for the edit form; audited). */
int app_customer_get(app_ctx *ctx, int64_t customer_id, app_person *out, err_t *e);
void app_person_free(app_person *p);

typedef struct app_area { char code[8], name[96], sewer[16]; } app_area;
int app_area_list(app_ctx *ctx, app_area **rows, size_t *n, err_t *e);

/* ---- search (app_search.c, search_index.c) --------------------------- */

typedef struct app_hit {
    char tap_no[16];
    int64_t customer_id;
    char name[96], kana[160], phone[24];
    char address[256];        /* area name + address */
    bool current;             /* the occupancy is open */
    char start_on[11], end_on[11];
} app_hit;

#define APP_SEARCH_MAX 200

/* Search by 水栓番号 (8 digits, or a prefix), カナ (prefix; folded), phone
 * digits (prefix or the last 4+ digits) or an address fragment.  The kind is
 * guessed from q: digits -> tap number and phone; kana -> kana; otherwise
 * address.  Audited (the query is sealed in the detail). */
int app_customer_search(app_ctx *ctx, const char *q, size_t limit, app_hit **hits, size_t *n, bool *truncated,
                        err_t *e);
/* CSV of a search (encoding per csv_encoding_parse; NULL -> utf8bom). */
int app_customer_export_csv(app_ctx *ctx, const char *q, const char *encoding, buf_t *out, err_t *e);

/* ---- keys and demo (app_key.c, app_demo.c) --------------------------- */

typedef struct app_rotate_report { int64_t customers, taps, mandates, contacts, audit_rows; char new_key[16]; } app_rotate_report;
/* Add a new key to the key file and re-encrypt every sealed value under it.
 * Resumable: values already under the current key are skipped. */
int app_key_rotate(app_ctx *ctx, app_rotate_report *rep, err_t *e);

typedef struct app_demo_opts {
    int64_t taps;
    int years;
    uint64_t seed;
    bool leave_current_unread;   /* default: about half of this month's routes are read already */
    bool no_tariffs;             /* leave the tariffs to be loaded by hand (default: the demo city's) */
    void (*progress)(int64_t done, int64_t total, void *arg);
    void *progress_arg;
} app_demo_opts;
#define APP_DEMO_ADMIN "admin"
#define APP_DEMO_PASSWORD "suido-demo-2025"
/* Build the demo city into an empty database (refused if taps exist). */
int app_demo_generate(app_ctx *ctx, const app_demo_opts *o, err_t *e);
/* The demo's open cycle (its first day): the current month once the 22nd
 * (the last route day) has passed, else the month before.  Its readings went
 * through the checks; the cycles before it are history. */
void app_demo_open_cycle(civil_date today, civil_date *open);
/* Bill every cycle before the open cycle (after app_demo_generate; a
 * resumable job like `suido bill run`, one run per cycle). */
int app_demo_bill_history(app_ctx *ctx, void (*progress)(const char *cycle, void *arg), void *arg, err_t *e);
/* Pay the demo city's bills as a real city would, up to yesterday (after
 * app_demo_bill_history; app_demo_pay.c): direct debits with a few
 * failures, slips at stores, banks and by app, cards, some arrears, a few
 * double payments (credit) and wrong amounts (suspense).  Resumable.
 * *posted: payments posted by this call. */
int app_demo_payment_history(app_ctx *ctx, uint64_t seed, void (*progress)(const char *cycle, void *arg), void *arg,
                             int64_t *posted, err_t *e);

/* ---- meter reading (app_reading.c, app_reading_import.c, app_route.c,
 *      app_meter.c, app_device.c) ------------------------------------- */

/* One reading as it arrives (from a form, the JSON API, a CSV row).  Text
 * fields are validated here; NULL or "" meter_no means the tap's current
 * meter (required when the meter was replaced during the period). */
typedef struct app_reading_in {
    const char *tap_no, *meter_no, *read_on, *value;
    const char *client_id;    /* optional idempotency key (mobile app) */
    const char *source;       /* "office", "handheld", "csv", "mobile", "api" */
} app_reading_in;

/* Why a reading was refused (nothing stored). */
enum app_refusal {
    RF_NONE, RF_BAD_VALUE, RF_BAD_DATE, RF_FUTURE, RF_UNKNOWN_TAP, RF_CLOSED, RF_NO_METER, RF_UNKNOWN_METER,
    RF_REMOVED_METER, RF_METER_REQUIRED, RF_DIGITS, RF_OUTSIDE_CYCLE, RF_NOT_AFTER_PREV, RF_DUPLICATE,
    RF_CYCLE_DONE, RF__COUNT
};
const char *app_refusal_code(int rf);

typedef struct app_reading_out {
    int status;               /* READING_ACCEPTED, READING_HELD, READING_REFUSED */
    int64_t reading_id;       /* 0 when refused */
    int64_t usage;            /* m³ of the period (when not refused) */
    unsigned reasons;         /* enum reading_reason bits (when not refused) */
    int refusal;              /* enum app_refusal when refused */
    char message[256];        /* Japanese: the refusal with its particulars */
    bool duplicate;           /* the same reading was already stored: this is its answer */
    char cycle[8];
} app_reading_out;

/* Record one reading (its own transaction and audit row).  A refusal is not
 * an error: rc 0 with out->status READING_REFUSED. */
int app_reading_record(app_ctx *ctx, const app_reading_in *in, app_reading_out *out, err_t *e);

/* Several readings at once, all-or-nothing (mode "all": any refusal rolls the
 * whole file back) or "clean" (the clean rows are applied and the refused ones
 * kept in the rejects list for a clerk).  Idempotent: a row already stored
 * with the same value is answered as a duplicate, not stored twice.
 *
 * At most reading.max_import_rows rows (setting, default 200,000) per import:
 * more is refused whole (ERR_TOO_LARGE naming the limit; nothing stored).
 * The report is the one summary that the API, the screen and the CLI show:
 * counts, counts by reason, the first APP_IMPORT_SHOWN refused rows (in line
 * order), and, when any row was refused, the batch under which the full list
 * of refused rows is kept for download (app_reading_import_refusals_csv) —
 * also when an all-or-nothing import stored nothing else — for
 * APP_IMPORT_KEEP_DAYS. */
#define APP_IMPORT_SHOWN 100
#define APP_IMPORT_MAX_ROWS_DEFAULT 200000
#define APP_IMPORT_KEEP_DAYS 60   /* the refused rows of an import can be downloaded this long */
typedef struct app_import_row {
    int64_t line;             /* line in the file (1 = header) or index in a JSON array */
    char tap_no[32], meter_no[32], read_on[16], value[24];
    char client_id[48];
} app_import_row;
typedef struct app_import_result {
    int64_t line;
    app_reading_out out;      /* status READING_REFUSED, refusal and message */
} app_import_result;
typedef struct app_import_report {
    int64_t rows, accepted, held, refused, duplicates, skipped;
    int64_t by_refusal[RF__COUNT];   /* refused rows per enum app_refusal */
    int64_t max_rows;         /* the limit that applied */
    bool applied;             /* false: nothing was stored (mode "all" with refusals) */
    bool refusals_kept;       /* the full list is stored under batch */
    char batch[40];
    app_import_result *refusals;   /* the first APP_IMPORT_SHOWN by line; malloc'd; app_import_report_free */
    size_t nrefusals;
    double seconds;           /* wall time of the checks and writes, commit included */
    double commit_seconds;    /* of which the commit */
    double parse_seconds;     /* before that: decoding and parsing the CSV file (0 for JSON) */
} app_import_report;
/* The row limit in force (reading.max_import_rows); app_reading_import_fits:
 * 0, or ERR_TOO_LARGE naming the limit (on field) when n rows exceed it. */
int64_t app_reading_import_max_rows(const app_ctx *ctx);
int app_reading_import_fits(const app_ctx *ctx, size_t n, const char *field, err_t *e);
/* Japanese text of an enum app_refusal (static). */
const char *app_refusal_text(int rf);
int app_reading_import_rows(app_ctx *ctx, const app_import_row *rows, size_t n, const char *mode, const char *source,
                            app_import_report *rep, err_t *e);
/* A CSV file (UTF-8 with or without BOM, or CP932; encoding "auto", "utf8" or
 * "cp932") with a header row naming the columns 水栓番号 (tap_no), 検針日
 * (read_on), 指針 (value) and optionally メーター番号 (meter_no); other
 * columns are ignored, so a route list exported by suido can be filled in and
 * imported.  Rows with an empty 指針 are skipped (not read).  The file is
 * decoded and parsed a line at a time (no copy of it is made). */
int app_reading_import_csv(app_ctx *ctx, const char *data, size_t len, const char *encoding, const char *mode,
                           app_import_report *rep, err_t *e);
void app_import_report_free(app_import_report *rep);
/* The full list of an import's refused rows as CSV (UTF-8 with BOM; columns
 * 行,水栓番号,メーター番号,検針日,指針,理由コード,理由), appended to out.
 * Only for whoever sent the import (the same device or staff account), or
 * staff with PERM_READING_ENTER; a staff view is audited.  ERR_NOTFOUND for
 * an unknown batch or one the actor may not see. */
int app_reading_import_refusals_csv(app_ctx *ctx, const char *batch, buf_t *out, err_t *e);

/* Held readings: confirm (a second person: not whoever entered it), ask for
 * a re-read, or replace by an estimate (認定) when the meter cannot be read. */
int app_reading_confirm(app_ctx *ctx, int64_t reading_id, err_t *e);
int app_reading_request_reread(app_ctx *ctx, int64_t reading_id, err_t *e);
/* Estimated usage by the rule in settings; cause: a code of
 * domain/reading_cause.h ("locked", "car", ...). */
int app_reading_estimate(app_ctx *ctx, const char *tap_no, const char *read_on, const char *cause,
                         app_reading_out *out, err_t *e);

typedef struct app_reading {
    int64_t id;
    char tap_no[16], meter_no[24], cycle[8], read_on[11];
    int64_t value, prev_value, days, usage;
    char kind[12], status[12], source[16], entered_by[64], decided_by[64];
    unsigned reasons;
    bool reread;
} app_reading;
/* A tap's readings, newest first (not the replaced ones). */
int app_reading_history(app_ctx *ctx, const char *tap_no, size_t limit, app_reading **rows, size_t *n, err_t *e);
/* Readings with status "held" (cycle "" = all), oldest first. */
int app_reading_held(app_ctx *ctx, const char *cycle, app_reading **rows, size_t *n, err_t *e);
/* Leak suspects of a cycle (宅内漏水簡易調査). */
int app_reading_leaks(app_ctx *ctx, const char *cycle, app_reading **rows, size_t *n, err_t *e);

/* Rejected rows kept from "clean" imports. */
typedef struct app_reject {
    int64_t id, line, created_at;
    char batch[40], tap_no[32], meter_no[32], read_on[16], value[24], reason[64], created_by[64];
} app_reject;
int app_reading_rejects(app_ctx *ctx, app_reject **rows, size_t *n, err_t *e);
int app_reading_reject_resolve(app_ctx *ctx, int64_t id, err_t *e);

/* Routes and the schedule (app_route.c). */
typedef struct app_route_progress {
    char code[16], name[96], grp[12], from_on[11], to_on[11];
    int64_t taps, read, held;
} app_route_progress;
/* The current cycle ("YYYY-MM" of today in JST) into out (size 8). */
void app_cycle_today(char out[8]);
/* Check a cycle "YYYY-MM" (the field error names "cycle"); y and m receive
 * the year and month. */
int app_cycle_field(const char *cycle, int *y, int *m, err_t *e);
/* Schedule the routes due in a cycle (odd/even months, monthly ones every
 * month) with the month as the window; idempotent: *added counts new rows. */
int app_schedule_make(app_ctx *ctx, const char *cycle, int *added, err_t *e);
/* Register a route or change its name and group ("odd", "even", "monthly"). */
int app_route_save(app_ctx *ctx, const char *code, const char *name, const char *grp, err_t *e);
typedef struct app_route_def { char code[16], name[96], grp[12]; int64_t taps; } app_route_def;
/* Every registered route with its number of taps (not closed). */
int app_route_defs(app_ctx *ctx, app_route_def **rows, size_t *n, err_t *e);
/* The routes scheduled in a cycle with their progress. */
int app_route_progress_list(app_ctx *ctx, const char *cycle, app_route_progress **rows, size_t *n, err_t *e);

typedef struct app_route_item {
    char tap_no[16], meter_no[24], address[256], name[96], note[256];
    int64_t order, digits;
    bool has_prev, has_range;
    char prev_read_on[11];
    int64_t prev_value, expected_low, expected_high;
    bool read;                 /* a reading of this cycle exists */
    char read_on[11], read_status[12];
    int64_t read_value, read_usage;
    unsigned read_reasons;
    bool reread;               /* a re-read is asked for */
} app_route_item;
typedef struct app_route_list {
    app_route_progress route;
    char cycle[8];
    app_route_item *items;     /* malloc'd: app_route_list_free */
    size_t n;
} app_route_list;
/* A route's reading list for a cycle, in walking order (audited: it shows
 * names and addresses). */
int app_route_list_get(app_ctx *ctx, const char *route, const char *cycle, app_route_list *out, err_t *e);
void app_route_list_free(app_route_list *l);
/* The list as CSV for handheld terminals (docs/api.md lists the columns). */
int app_route_export_csv(app_ctx *ctx, const char *route, const char *cycle, const char *encoding, buf_t *out,
                         err_t *e);
/* The reader's note on a tap (犬あり, 鍵箱 1234 ...); sealed in the database. */
int app_reader_note_set(app_ctx *ctx, const char *tap_no, const char *note, err_t *e);
/* The note in plain text into out ("" when none). */
int app_reader_note_get(app_ctx *ctx, const char *tap_no, char *out, size_t outsz, err_t *e);

/* Meters (app_meter.c). */
typedef struct app_meter_input {
    const char *meter_no, *maker, *diameter, *digits, *certified_until;
} app_meter_input;
typedef struct app_meter {
    char meter_no[24], maker[64], certified_until[11], installed_on[11], removed_on[11], status[12];
    int64_t diameter, digits;
    bool expired;              /* certification has run out */
} app_meter;
/* Register a meter in stock. */
int app_meter_add(app_ctx *ctx, const app_meter_input *m, err_t *e);
/* Install a meter at a tap, or replace the one there: the old meter's final
 * dial (old_final) and the new meter's start dial are recorded as readings on
 * `on`, so the period's usage is the sum of both parts.  The new meter is
 * registered when it is not in stock yet (m gives its particulars). */
int app_meter_replace(app_ctx *ctx, const char *tap_no, const char *on, const char *old_final,
                      const app_meter_input *m, const char *start_value, err_t *e);
/* Meters that have been at a tap, newest first. */
int app_meter_list_tap(app_ctx *ctx, const char *tap_no, app_meter **rows, size_t *n, err_t *e);

/* Handheld terminals' API tokens (app_device.c). */
typedef struct app_device {
    int64_t id;
    char name[64], created_by[64];
    int64_t created_at, revoked_at, last_used_at;
} app_device;
/* Issue a token for a new device: token_out (size 65) is shown once. */
int app_device_issue(app_ctx *ctx, const char *name, char token_out[65], int64_t *id_out, err_t *e);
int app_device_revoke(app_ctx *ctx, int64_t id, err_t *e);
int app_device_list(app_ctx *ctx, app_device **rows, size_t *n, err_t *e);
/* Resolve a bearer token into ctx->actor (role 検針, name "device:<name>");
 * ERR_AUTH when unknown or revoked. */
int app_auth_device(app_ctx *ctx, const char *token, err_t *e);

/* ---- tariffs (app_tariff.c) ------------------------------------------ */

typedef struct app_tariff {
    char tariff_id[64], service[8], effective_from[11], name[160], sha256[65], loaded_by[64];
    int64_t loaded_at;
    bool in_force;             /* the version applying today */
} app_tariff;
/* Load a tariff file (管理者; audited).  Validated by domain/tariff.h; the
 * same file again is answered with *already set; another file with a loaded
 * id, or a second version for the same service and date, is refused. */
int app_tariff_load(app_ctx *ctx, const char *json, size_t len, char id_out[64], bool *already, err_t *e);
/* Every version, by service then date. */
int app_tariff_list(app_ctx *ctx, app_tariff **rows, size_t *n, err_t *e);
/* One version's JSON text (malloc'd, free()). */
int app_tariff_body(app_ctx *ctx, const char *tariff_id, char **json_out, err_t *e);

/* ---- billing (app_bill_run.c, app_bill.c) ---------------------------- */

#define APP_BILL_GROUPS 96
/* Totals of a run by use and diameter. */
typedef struct app_bill_group {
    char use[16];
    int64_t diameter, bills, usage, water_yen, sewer_yen, adjust_yen, tax_yen, total_yen;
} app_bill_group;
typedef struct app_bill_summary {
    int64_t run_id;            /* 0 for a dry run */
    char cycle[8], grp[12];
    bool dry_run;
    int64_t candidates, billed, skipped;
    int64_t water_bills, water_m3, water_yen;
    int64_t sewer_bills, sewer_m3, sewer_yen;
    int64_t other_sewer_m3;    /* volume kept for other sewer operators */
    int64_t adjust_yen, tax_yen, total_yen, estimated;
    int64_t skip_counts[BILL_SKIP__MAX];   /* by enum bill_skip_reason (domain/bill_skip.h) */
    app_bill_group groups[APP_BILL_GROUPS];
    size_t ngroups;
    double seconds;
} app_bill_summary;
/* The Japanese label of a stored skip reason code (the code itself if unknown). */
const char *app_bill_skip_label(const char *reason);
/* Optional callbacks of a run (any may be NULL): progress after each
 * committed chunk; each bill as assembled (also in a dry run: the list of
 * what would be billed). */
typedef struct app_bill_hooks {
    void (*progress)(void *arg, int64_t done, int64_t total, int64_t billed, int64_t skipped);
    void (*bill)(void *arg, const char *tap_no, int64_t usage, int64_t water_yen, int64_t sewer_yen, int64_t total_yen);
    void *arg;
} app_bill_hooks;
/* The billing run of a cycle (係長; a job): every accepted reading of the
 * cycle (and route group: "odd", "even", "monthly" or "all") without a
 * current bill is billed, a chunk of taps per transaction, so a killed run
 * leaves whole bills only and a rerun finishes the work; taps that cannot be
 * billed are recorded with the reason.  dry_run: nothing is written.
 * ERR_CONFLICT when another run is under way. */
int app_bill_run(app_ctx *ctx, const char *cycle, const char *grp, bool dry_run, const app_bill_hooks *hooks,
                 app_bill_summary *out, err_t *e);
/* The current bills of a cycle, one line per bill into out (TSV: tap_no,
 * usage, water, sewer, total), ordered by tap; and the cycle's totals. */
int app_bill_cycle_list(app_ctx *ctx, const char *cycle, buf_t *out, err_t *e);
/* The summary as JSON (malloc'd, free()). */
char *app_bill_summary_json(const app_bill_summary *s);

typedef struct app_bill_run_info {
    int64_t id;
    char cycle[8], grp[12], status[16], started_by[64];
    int64_t dry_run, started_at, finished_at, total_taps, done_taps, billed, skipped;
    char *summary;             /* malloc'd JSON ("" while running) */
} app_bill_run_info;
int app_bill_runs(app_ctx *ctx, size_t limit, app_bill_run_info **rows, size_t *n, err_t *e);
void app_bill_runs_free(app_bill_run_info *rows, size_t n);

typedef struct app_bill {
    int64_t id, reading_id, replaces, customer_id;
    char tap_no[16], cycle[8], kind[12], status[12];
    char period_from[11], period_to[11], issued_on[11], due_on[11];
    int64_t days, months, diameter, usage, estimated, sewer_usage;
    char use_code[16], sewer_operator[16], water_tariff[64], sewer_tariff[64];
    int64_t water_yen, sewer_yen, adjust_yen, tax_yen, total_yen, paid_yen, balance_yen, pending_yen;
    char collect[8];           /* "" (the tap's way), "retry" (second debit) or "slip" */
    char reason[256], created_by[64];
    int64_t created_at, cancelled_at;
    char *lines;               /* malloc'd JSON (app_bill_get only) */
    char customer_name[256];   /* app_bill_get only */
    char water_tariff_name[160], sewer_tariff_name[160];   /* app_bill_get only */
    int64_t replaced_total;    /* the total of the bill this one replaced (0: none) */
} app_bill;
/* One bill with its lines and the customer's name (audited as a view). */
int app_bill_get(app_ctx *ctx, int64_t id, app_bill *out, err_t *e);
void app_bill_free(app_bill *b);
/* A tap's bills, newest first (without lines). */
int app_bill_list_tap(app_ctx *ctx, const char *tap_no, size_t limit, app_bill **rows, size_t *n, err_t *e);
void app_bill_list_free(app_bill *rows, size_t n);
/* Ask for a correction (更正) of a current bill: recomputed from the tap's
 * present use, diameter and sewer settings and, when usage >= 0, that usage.
 * A 係長 other than the requester approves it (the approval cancels the bill
 * and issues its replacement). */
int app_bill_request_correction(app_ctx *ctx, int64_t bill_id, int64_t usage, const char *reason,
                                int64_t *approval_id, err_t *e);
/* Ask for a leak reduction (漏水減免) on a bill: leak_m3 > 0, or 0 for the
 * rule (half of the excess over the same period last year). */
int app_bill_request_leak(app_ctx *ctx, int64_t bill_id, int64_t leak_m3, const char *reason, int64_t *approval_id,
                          err_t *e);
typedef struct app_final_result {
    app_reading_out reading;   /* the final reading's answer */
    int64_t bill_id;           /* 0: no bill (the reading was refused or is held) */
    int64_t total_yen;
} app_final_result;
/* 中止精算: record a stop's final reading on stop_on (meter_no NULL or "":
 * the installed meter), close the customer's occupancy on that day and issue
 * the final bill for the period since the last reading (partial-period rules
 * of the tariff apply), in one transaction.  A refused reading stores
 * nothing (rc 0, reading.status READING_REFUSED); a held one is stored and
 * the bill waits: call again with the same dial once it is confirmed. */
int app_bill_final(app_ctx *ctx, const char *tap_no, const char *stop_on, const char *value, const char *meter_no,
                   app_final_result *out, err_t *e);
/* The same inside the caller's transaction (a stop's work order): on a
 * refused reading (rc 0, READING_REFUSED) the caller rolls back. */
int app_bill_final_tx(app_ctx *ctx, const char *tap_no, const char *stop_on, const char *value, const char *meter_no,
                      app_final_result *out, err_t *e);
/* The sewer volume of a tap (汚水量の認定): basis "water" (the water meter),
 * "deduct" (a deduction meter: its volume is entered per cycle), or "well"
 * (well water: persons × [billing] well_m3_per_person per month is added).
 * 担当 and above; audited. */
int app_sewer_basis_set(app_ctx *ctx, const char *tap_no, const char *basis, const char *persons, err_t *e);
int app_sewer_basis_get(app_ctx *ctx, const char *tap_no, char basis[12], int64_t *persons, err_t *e);
/* A deduction meter's volume for a cycle (減量水量), replacing an earlier one. */
int app_sewer_deduction_set(app_ctx *ctx, const char *tap_no, const char *cycle, const char *m3, err_t *e);
/* A payment slip (納付書) for a bill's balance: what the printed slip shows
 * and the 44 digits of its barcode (domain/slipcode.h).  The reference is
 * the tap number and the bill id; the company code and the utility's name
 * come from [collection] company_code and [utility] name. */
typedef struct app_slip {
    char utility[128];
    char customer[256], address[512], tap_no[16];
    char cycle[8], period_from[11], period_to[11], due_on[11], issued_on[11];
    int64_t bill_id, usage, water_yen, sewer_yen, adjust_yen, tax_yen, total_yen, paid_yen, amount;
    bool estimated;
    int reissue;
    char code[45];
} app_slip;
/* The slip of a current bill (audited as a view); ERR_CONFLICT when its
 * balance cannot be paid by slip (nothing due, or over ¥999,999). */
int app_slip_get(app_ctx *ctx, int64_t bill_id, app_slip *out, err_t *e);
/* Reissue a bill's slip (担当+; audited): 再発行区分 + 1 (at most 9); a slip
 * past its due date gets a new deadline, today + [collection] reissue_days
 * (14) moved to the next business day. */
int app_slip_reissue(app_ctx *ctx, int64_t bill_id, app_slip *out, err_t *e);
/* Every payable current bill of a cycle, by tap (a print run; one audit
 * row for the whole run).  *skipped: bills that cannot be paid by slip.
 * The array is malloc'd (free()). */
int app_slips_cycle(app_ctx *ctx, const char *cycle, app_slip **slips, size_t *n, size_t *skipped, err_t *e);
/* Skipped taps of a cycle. */
typedef struct app_bill_skip { char tap_no[16], reason[24], detail[256]; } app_bill_skip;
int app_bill_skips(app_ctx *ctx, const char *cycle, size_t limit, app_bill_skip **rows, size_t *n, err_t *e);

#endif
