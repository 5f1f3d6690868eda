/* app_application — applications filed on the citizen portal (使用開始・中止
 * のお申込み): filing and the status page (the portal process), and the
 * staff inbox that turns one into a reception request or rejects it.
 *
 * The form travels sealed to the utility's portal public key (base/sealbox):
 * the portal writes what it cannot read back; staff open it with the secret
 * key.  A resident sees the status with the receipt number and the secret
 * shown at filing (only a keyed hash of the secret is kept).
 * Strings marked malloc'd in returned structs are the caller's, freed with
 * the matching *_free function. */
#ifndef SUIDO_APP_APPLICATION_H
#define SUIDO_APP_APPLICATION_H

#include <jansson.h>

#include "app/app.h"
#include "app/reception/app_reception.h"
#include "domain/application.h"

/* What a resident types (every field text; "" when not given).  Start:
 * tap_no (if known), address (給水場所), name, kana, phone, start_on,
 * postal + mail_address (送付先, when different), company, representative,
 * company_phone (法人).  Stop: tap_no or customer_no, address, name, phone,
 * stop_on, settle (debit | slip), forward_postal + forward_address.  Both:
 * filer_name, filer_phone, filer_relation (届出人, when not the user), note. */
typedef struct app_application_form {
    const char *tap_no, *customer_no, *address, *name, *kana, *phone;
    const char *start_on, *stop_on, *postal, *mail_address;
    const char *company, *representative, *company_phone;
    const char *settle, *forward_postal, *forward_address;
    const char *filer_name, *filer_phone, *filer_relation, *note;
} app_application_form;

/* ---- the portal (no staff session; its own database role) ---------------- */

/* Check and file an application (kind "start" or "stop").  ERR_INVALID names
 * the field with a message for a resident.  On success receipt_no (size 16)
 * and secret (size 16) are the numbers the resident keeps. */
int app_application_file(app_ctx *ctx, const char *kind, const app_application_form *f, char receipt_no[16],
                         char secret[16], err_t *e);

typedef struct app_application_status {
    char receipt_no[16], kind[8], status[12], effective_on[11];
    char reject_reason[512];
    int64_t created_at;
} app_application_status;
/* The status of one application.  A wrong receipt number or secret gives
 * the same ERR_NOTFOUND (nothing told about which was wrong). */
int app_application_status_get(app_ctx *ctx, const char *receipt_no, const char *secret,
                               app_application_status *out, err_t *e);

/* Every problem of a form at once (the portal's error summary names each
 * field; app_application_file reports the first only).  Returns how many;
 * ERR-free: the rules come from [reception] (lead_business_days,
 * max_days_ahead) and today in Asia/Tokyo.  An unknown kind is one problem
 * on no field (field -1). */
size_t app_application_check(app_ctx *ctx, const char *kind, const app_application_form *f,
                             application_problems *out);

/* The days a resident may ask for today (both inclusive): the web's window
 * of [reception] (domain/reception.h). */
void app_application_window(app_ctx *ctx, civil_date *earliest, civil_date *latest);

/* ---- the portal's process (app_application_portal.c) -------------------- */

/* Environment of `suido portal`: the database URL from [portal] db (default
 * db.url), the portal's PUBLIC key only ([portal] public_key_file, into
 * env->portal_keys).  Neither the main key file nor portal.key is opened:
 * env->keys stays NULL. */
int app_portal_env_init(app_env *env, config *cfg, err_t *e);
/* A connection of the portal: env->db_url, restricted to the portal's
 * grants (SQLite: an authorizer; PostgreSQL: its role's grants).  Never
 * migrates, never reads schema_migrations. */
int app_portal_db_open(const app_env *env, db_conn **out, err_t *e);
/* The portal's /healthz: the applications table answers. */
int app_portal_health(app_ctx *ctx, err_t *e);

/* ---- the portal's keys and role (staff side and operator) ---------------- */

/* Load the portal key pair into env->portal_keys (sealbox.h), creating
 * portal.key (0600) and portal.pub (0644) when neither exists and create is
 * true: `suido serve` at start and `suido portal keys`. */
int app_portal_keys_load(app_env *env, bool create, err_t *e);
/* `suido portal grant ROLE` (PostgreSQL; operator): see
 * store/portal_role_store.h.  *created: the role was made now. */
int app_portal_grant(app_ctx *ctx, const char *role, const char *password, bool *created, err_t *e);

/* ---- staff -------------------------------------------------------------- */

typedef struct app_application {
    int64_t id, request_id, created_at, decided_at;
    char receipt_no[16], kind[8], status[12], effective_on[11], decided_by[64];
    char reject_reason[512];
    char *payload;            /* malloc'd: the form as JSON (opened) */
    char matched_tap[16];     /* the tap it names, when it exists and its user's name matches ("" otherwise) */
    int64_t matched_customer; /* that tap's current customer (0: none) */
} app_application;
/* Frees what one application owns (not a itself); app_applications_free frees a list. */
void app_application_free(app_application *a);
void app_applications_free(app_application *rows, size_t n);
/* Applications of a status ("" or NULL: every status), newest first
 * (PERM_CUSTOMER_VIEW; opening them is audited as a view). */
int app_application_list(app_ctx *ctx, const char *status, app_application **rows, size_t *n, err_t *e);
int app_application_get(app_ctx *ctx, int64_t id, app_application *out, err_t *e);
/* Reject with a reason the resident will read on the status page. */
int app_application_reject(app_ctx *ctx, int64_t id, const char *reason, err_t *e);
/* The reception form's fields (by the form's names: source, start_on or
 * stop_on, name, kana, phone, postal, mail_address, settle,
 * forward_address, filer_*, note) from an application: a JSON object the
 * caller releases with json_decref. */
json_t *app_application_reception_fields(const app_application *a);
/* Turn an application into the start or stop request for tap_no, in one
 * action (the reception use cases, the application marked converted with
 * the request).  Refusals as app_reception_start/stop give them. */
int app_application_convert(app_ctx *ctx, int64_t id, const char *tap_no, app_request_out *out, err_t *e);
/* Mark converted into request_id, inside the caller's transaction (the
 * reception use case that made the request); ERR_CONFLICT when it was not
 * waiting. */
int app_application_converted_tx(app_ctx *ctx, int64_t id, int64_t request_id, err_t *e);

#endif
