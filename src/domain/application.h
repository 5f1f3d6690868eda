/* application — the rules of the citizen portal's forms (使用開始・中止の
 * お申込み): which fields each kind asks for, their checks with messages a
 * resident understands (each names its field), the normalised values kept,
 * and the receipt number and secret given at filing.  Pure functions, no I/O.
 *
 * Ownership: application_clean holds malloc'd strings freed by
 * application_clean_free; everything else is the caller's buffers. */
#ifndef SUIDO_DOMAIN_APPLICATION_H
#define SUIDO_DOMAIN_APPLICATION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "domain/reception.h"

typedef enum application_kind { APPLICATION_START, APPLICATION_STOP } application_kind;

/* "start" / "stop". */
bool application_kind_parse(const char *s, application_kind *out);
const char *application_kind_code(application_kind k);
/* 使用開始 / 使用中止 */
const char *application_kind_label(application_kind k);

/* The form's fields, in the order of the form.  The names are the HTML
 * field names and the keys of the sealed JSON. */
enum application_field {
    APF_TAP_NO, APF_CUSTOMER_NO, APF_ADDRESS, APF_NAME, APF_KANA, APF_PHONE, APF_START_ON, APF_STOP_ON,
    APF_POSTAL, APF_MAIL_ADDRESS, APF_COMPANY, APF_REPRESENTATIVE, APF_COMPANY_PHONE, APF_SETTLE,
    APF_FORWARD_POSTAL, APF_FORWARD_ADDRESS, APF_FILER_NAME, APF_FILER_PHONE, APF_FILER_RELATION, APF_NOTE,
    APF__MAX
};

typedef struct application_field_def {
    const char *name;        /* "tap_no" */
    const char *label;       /* 水栓番号 */
    size_t maxchars;         /* longest value accepted, in characters */
} application_field_def;
extern const application_field_def APPLICATION_FIELDS[APF__MAX];

/* Whether the form of kind has the field (fields of the other kind are
 * ignored and kept empty). */
bool application_field_used(application_kind k, int field);
/* Field by its name, or -1. */
int application_field_find(const char *name);

typedef struct application_problem {
    int field;               /* enum application_field */
    char msg[256];           /* Japanese, names the field */
} application_problem;
typedef struct application_problems {
    application_problem p[APF__MAX];   /* at most one per field, in form order */
    size_t n;
} application_problems;

typedef struct application_clean {
    char *v[APF__MAX];       /* malloc'd normalised values; "" when empty or unused */
    civil_date day;          /* start_on or stop_on */
} application_clean;
void application_clean_free(application_clean *c);

/* Check a form (in[f]: what was typed, NULL = "") against the rules of
 * reception (the web's window: r->lead_business_days ahead at the earliest,
 * r->max_days_ahead at the latest, from today).  Returns the number of
 * problems (listed in probs); when 0, out holds the normalised values:
 * text NFKC-normalised and trimmed, kana as full-width katakana, postal
 * codes as NNN-NNNN, tap numbers as 8 ASCII digits, settle as its code.
 * On problems out is left empty. */
size_t application_check(application_kind kind, const char *const in[APF__MAX], const reception_rules *r,
                         civil_date today, application_clean *out, application_problems *probs);

/* ---- receipt number and secret ---- */
#define APPLICATION_RECEIPT_DIGITS 12
#define APPLICATION_SECRET_LEN 10
/* 32 symbols, upper case and digits without 0 O 1 I (nor l: no lower case):
 * 5 bits each, 50 bits in all. */
extern const char APPLICATION_SECRET_ALPHABET[];
/* 12 digits -> "1234-5678-9012" into out (size >= 15); false if not 12 digits. */
bool application_receipt_format(const char *digits, char out[16]);
/* What a resident typed (full-width digits, hyphens and spaces allowed) ->
 * "1234-5678-9012"; false when it is not 12 digits. */
bool application_receipt_parse(const char *typed, char out[16]);
/* A secret as typed (lower case, full-width, spaces and hyphens allowed) ->
 * its 10 upper-case symbols; false when it cannot be one. */
bool application_secret_parse(const char *typed, char out[16]);

/* 受付中 / 受付済み（担当者が手続きしました） / お受けできませんでした (NULL: unknown). */
const char *application_status_label(const char *status);

#endif
