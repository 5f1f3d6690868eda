/* app_contact — the contact log (対応履歴) of a tap and returned mail (不着).
 *
 * Every phone call, counter visit, letter, web message or visit about a tap
 * is recorded with its channel (受付方法), reason (用件, domain/contact.h), a
 * summary of what was said (対応内容, sealed: personal data), who took it and
 * when.  The contact belongs to the tap and to the tap's current customer, if
 * any.  A contact with reason returned_mail (郵便不着) marks that customer's
 * mailing address doubtful (customers.mail_doubtful_since) until a person
 * confirms it (app_contact_mail_checked).
 *
 * Permissions: adding a contact and confirming an address need
 * PERM_CUSTOMER_EDIT (担当+) and are audited ("contact.add",
 * "contact.mail_checked"; the detail never holds the summary).  Reading
 * needs PERM_CUSTOMER_VIEW; a list that shows summaries is audited as a view
 * ("contact.view").
 *
 * Ownership: outputs are the caller's structs; a list is a malloc'd array
 * freed with app_contacts_free (which frees each summary too). */
#ifndef SUIDO_APP_CONTACT_H
#define SUIDO_APP_CONTACT_H

#include "app/app.h"

#define APP_CONTACT_LIST_DEFAULT 20
#define APP_CONTACT_LIST_MAX 500

typedef struct app_contact {
    int64_t id;
    int64_t created_at;        /* unix seconds UTC */
    int64_t customer_id;       /* the tap's customer then; 0 when it had none */
    char channel[16];          /* code: phone, counter, mail, web, visit */
    char reason[24];           /* code: domain/contact.h */
    char taken_by[64];         /* staff username */
    char *summary;             /* plaintext, malloc'd */
} app_contact;

typedef struct app_contact_added {
    int64_t id;
    int64_t customer_id;          /* 0: the tap has no current customer */
    int64_t mail_doubtful_since;  /* returned mail: since when the address is doubtful (0 otherwise) */
    bool newly_doubtful;          /* this contact made it doubtful (it was not before) */
} app_contact_added;

typedef struct app_contact_state {
    int64_t customer_id;          /* the current customer, 0 when none (閉栓中) */
    int64_t mail_doubtful_since;  /* of the current customer; 0 = the address is not in doubt */
    int64_t total;                /* contacts recorded for the tap */
} app_contact_state;

/* Record a contact.  channel and reason are codes (domain/contact.h);
 * summary is required, at most 2,000 characters, line breaks allowed.
 * ERR_INVALID names the field ("tap", "channel", "reason", "summary");
 * ERR_NOTFOUND (field "tap") when the tap does not exist.  out may be NULL. */
int app_contact_add(app_ctx *ctx, const char *tap_no, const char *channel, const char *reason, const char *summary,
                    app_contact_added *out, err_t *e);
/* A person confirmed the current customer's mailing address: clear the
 * doubt.  *was_since (may be NULL) receives when it had become doubtful, 0
 * when it was not (then nothing is changed or audited).  ERR_CONFLICT when
 * the tap has no current customer. */
int app_contact_mail_checked(app_ctx *ctx, const char *tap_no, int64_t *was_since, err_t *e);
/* The tap's contacts, newest first, at most limit (0: the default 20; at
 * most APP_CONTACT_LIST_MAX).  Audited as a view when any row is returned. */
int app_contact_list(app_ctx *ctx, const char *tap_no, size_t limit, app_contact **rows, size_t *n, err_t *e);
void app_contacts_free(app_contact *rows, size_t n);
/* The current customer's mail state and the number of contacts (no personal
 * data: not audited). */
int app_contact_state_get(app_ctx *ctx, const char *tap_no, app_contact_state *out, err_t *e);

#endif
