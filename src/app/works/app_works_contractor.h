/* app_works_contractor — the designated contractors master
 * (指定給水装置工事事業者, issue 18 item 1): designation, edits, renewal,
 * suspension, reinstatement, revocation, the chief engineers
 * (給水装置工事主任技術者), the history of every act, renewal reminders, and
 * the standing on a day that an application needs (domain/works/
 * works_contractor.h has the rules).
 *
 * Every change is one transaction: the contractor's row, an event row
 * (works_contractor_events: kind, period, reason sealed, changes as JSON
 * without personal data) and an audit row (works.contractor.*).  The
 * representative's and the engineers' names and the reasons are personal
 * data: sealed before they reach store/, never in the log, the audit detail
 * or the events' changes.
 *
 * Permissions: PERM_WORKS_CONTRACTOR (the 工事 role and 管理者) for every
 * change; PERM_WORKS_VIEW for reading.  Viewing a contractor (its
 * representative's and engineers' names) is audited
 * (works.contractor.view).
 *
 * Transactions: app_works_contractor_standing runs inside the caller's
 * transaction when there is one (an application being entered), else in a
 * read transaction of its own.
 *
 * Ownership: outputs are filled by value or malloc'd inside the caller's
 * structs; free with the matching _free. */
#ifndef SUIDO_APP_WORKS_CONTRACTOR_H
#define SUIDO_APP_WORKS_CONTRACTOR_H

#include "app/app.h"

#define APP_WORKS_NAME_MAX 100        /* characters: 商号, カナ */
#define APP_WORKS_ADDRESS_MAX 200
#define APP_WORKS_PERSON_MAX 60       /* a person's name */
#define APP_WORKS_REASON_MAX 200
#define APP_WORKS_PAGE_DEFAULT 50

/* The standing of contractor id on day date ("YYYY-MM-DD"; NULL or "":
 * today): *ok, and when not ok the reason in Japanese (reason, size
 * reasonsz), e.g. 「指定の有効期限（令和8年9月30日）を過ぎています」.
 * Needs PERM_WORKS_VIEW or PERM_WORKS.  ERR_NOTFOUND: no such contractor;
 * ERR_INVALID (field "date"): a bad date. */
int app_works_contractor_standing(app_ctx *ctx, int64_t id, const char *date, bool *ok, char *reason,
                                  size_t reasonsz, err_t *e);

/* The contractor of a 指定番号 as typed (full-width, 第…号 accepted): *id and
 * its 商号 (name, size namesz; may be NULL).  ERR_INVALID or ERR_NOTFOUND
 * naming field (the caller's form field, e.g. "contractor_no").  Needs
 * PERM_WORKS_VIEW or PERM_WORKS; runs in the caller's transaction when there
 * is one, as app_works_contractor_standing. */
int app_works_contractor_by_no(app_ctx *ctx, const char *designation_no, const char *field, int64_t *id, char *name,
                               size_t namesz, err_t *e);

/* What a form sends (as typed; NULL = not sent). */
typedef struct app_works_contractor_input {
    const char *designation_no, *name, *name_kana, *address, *phone, *representative;
    const char *designated_on;
    const char *valid_until;   /* edit only: a correction of the expiry ("" = keep) */
    const char *version;       /* edit only: the version the form showed (NULL or "": not checked) */
} app_works_contractor_input;

/* Designate: checks every field (ERR_INVALID naming it: designation_no,
 * name, name_kana, address, phone, representative, designated_on;
 * ERR_CONFLICT for a number taken), computes valid_until
 * (works_contractor_first_until), event 'designated'. */
int app_works_contractor_create(app_ctx *ctx, const app_works_contractor_input *in, int64_t *id, err_t *e);
/* Edit the same fields (and valid_until when given, a correction); event
 * 'edited' with the names of the fields changed (old and new values of
 * those that are not personal data).  ERR_CONFLICT when revoked, or when
 * the contractor changed since the form was shown (version). */
int app_works_contractor_edit(app_ctx *ctx, int64_t id, const app_works_contractor_input *in, err_t *e);
/* Renew on renewed_on (the decision; not after today nor after the
 * current expiry): valid_until five years on.  Event 'renewed'.
 * ERR_CONFLICT when revoked. */
int app_works_contractor_renew(app_ctx *ctx, int64_t id, const char *renewed_on, err_t *e);
/* Suspend for from..until (required: six months at most, 水道法25条の11)
 * with a reason.
 * ERR_CONFLICT when revoked or already suspended. */
int app_works_contractor_suspend(app_ctx *ctx, int64_t id, const char *from, const char *until, const char *reason,
                                 err_t *e);
/* Lift a suspension from day `on` (the first day in good standing again). */
int app_works_contractor_reinstate(app_ctx *ctx, int64_t id, const char *on, const char *reason, err_t *e);
/* Revoke from day `on` with a reason (for good). */
int app_works_contractor_revoke(app_ctx *ctx, int64_t id, const char *on, const char *reason, err_t *e);
/* Register a chief engineer: licence_no, name, registered_on.  ERR_CONFLICT
 * (field "licence_no") when the contractor has that licence registered. */
int app_works_engineer_add(app_ctx *ctx, int64_t contractor_id, const char *licence_no, const char *name,
                           const char *registered_on, int64_t *id, err_t *e);
/* Remove one on removed_on (its first day no longer registered). */
int app_works_engineer_remove(app_ctx *ctx, int64_t contractor_id, int64_t engineer_id, const char *removed_on,
                              err_t *e);

typedef struct app_works_engineer {
    int64_t id;
    char licence_no[16];
    char name[256];
    char registered_on[11], removed_on[11];
} app_works_engineer;

typedef struct app_works_event {
    int64_t id;
    char kind[24];
    const char *label;          /* static: 指定, 変更 … */
    char from_on[11], until_on[11];
    char reason[1024];
    char *changes;              /* JSON, malloc'd */
    char done_by[64];
    int64_t done_at;
} app_works_event;

typedef struct app_works_contractor {
    int64_t id;
    char designation_no[24], name[256], name_kana[256], address[512], phone[32];
    char representative[256];
    char designated_on[11], valid_until[11];
    char status[16];            /* active | suspended | revoked: the last act */
    char state[16];             /* as of today: active | suspended | revoked | expired */
    const char *state_label;    /* static: 有効, 指定停止中, 指定取消, 期限切れ */
    char suspended_from[11], suspended_until[11], revoked_on[11];
    char updated_by[64];
    int64_t updated_at, version;
    char today[11];
    bool standing_ok;
    char standing_reason[512];
    int64_t due_in_days;        /* days from today to valid_until (negative: past) */
    app_works_engineer *engineers;
    size_t nengineers;
    app_works_event *events;    /* in the order made */
    size_t nevents;
} app_works_contractor;

/* One contractor with its engineers, history and standing today; audited
 * as a view. */
int app_works_contractor_get(app_ctx *ctx, int64_t id, app_works_contractor *out, err_t *e);
void app_works_contractor_free(app_works_contractor *c);

/* The list: every member as typed (NULL or "" = no condition).  q: a
 * designation number prefix, or a part of the 商号, or a kana prefix;
 * state: active | suspended | revoked | expired; due: "1" = expiring
 * within the notice days ([works] renewal_notice_days, default 90), or
 * due_days: a number of days (overrides). */
typedef struct app_works_contractor_query {
    const char *q, *state, *due, *due_days;
    int64_t page;               /* from 1 */
    int64_t per_page;           /* 0: default; -1: every row (exports) */
} app_works_contractor_query;

typedef struct app_works_contractor_item {
    int64_t id;
    char designation_no[24], name[256], name_kana[256], address[512], phone[32];
    char designated_on[11], valid_until[11];
    char state[16];
    const char *state_label;
    char suspended_from[11], suspended_until[11], revoked_on[11];
    int64_t engineers;          /* registered today */
    int64_t due_in_days;
} app_works_contractor_item;

typedef struct app_works_contractor_page {
    app_works_contractor_item *rows;
    size_t n;
    int64_t total, page, pages, per_page;
    int64_t notice_days;        /* the setting */
    int64_t due_count;          /* not revoked, expiring within notice_days (the banner) */
    int64_t due_days;           /* the filter's days (-1: none) */
    char today[11];
} app_works_contractor_page;

int app_works_contractor_list(app_ctx *ctx, const app_works_contractor_query *q, app_works_contractor_page *out,
                              err_t *e);
void app_works_contractor_page_free(app_works_contractor_page *l);
/* Every row of the query for a file (format "csv" or "xlsx"); audited as
 * works.contractor.export with the conditions and the count. */
int app_works_contractor_export(app_ctx *ctx, const app_works_contractor_query *q, const char *format,
                                app_works_contractor_page *out, err_t *e);

/* The label of a state code (有効 …); "" when unknown. */
const char *app_works_state_label(const char *state);

/* Key rotation: re-seal the master's sealed values not under the current
 * key (app_key calls it inside its transaction).  *count: values re-sealed. */
int app_works_contractor_reseal_tx(app_ctx *ctx, int64_t *count, err_t *e);

#endif
