/* app_arrears — the arrears ledger (滞納整理簿, issue 17): the overdue bills
 * of the city gathered per customer across all their taps (名寄せ) or per
 * tap, filtered and paged; one customer's overdue bills; the same list for
 * export; the カルテ's 滞納 line.
 *
 * Permission: PERM_PAYMENT_POST (担当・係長・管理者, the 収納 staff who work
 * the debts, as for the daily totals and the debit screens), not
 * PERM_CUSTOMER_VIEW: a city-wide list of who owes what is more than a 閲覧
 * desk answering one caller needs (it sees one tap's debt on the カルテ).
 * The export also needs PERM_CUSTOMER_EXPORT, as the customer CSV does.
 * Every list, page and export opens names only for the rows it returns and
 * is audited as a view (arrears.view, arrears.customer) or an export
 * (arrears.export) of personal data; the detail names the filters and the
 * row count, never a name.
 *
 * Ownership: the page's rows are malloc'd: app_arrears_page_free /
 * app_arrears_customer_free. */
#ifndef SUIDO_APP_ARREARS_H
#define SUIDO_APP_ARREARS_H

#include "app/app.h"
#include "domain/arrears.h"

#define APP_ARREARS_PAGE 50

/* The filters as typed (NULL or "" = none); bad input: ERR_INVALID naming
 * the field (area, route, amount_min, amount_max, age, method, stage, view, sort, page). */
typedef struct app_arrears_filter {
    const char *area, *route, *amount_min, *amount_max, *age, *method;
    const char *stage;    /* ARREARS_STAGE_CODES ("" all): a row's stage, the highest of its bills' */
    const char *view;     /* "customer" (使用者別, default) or "tap" (水栓別) */
    const char *sort;     /* "amount" (default) or "age" */
    int64_t page;
} app_arrears_filter;

typedef struct app_arrears_row {
    int64_t customer_id, tap_id;
    char name[256], kana[256];          /* opened for this row only */
    char taps[256];                     /* tap numbers joined by "・" */
    char tap_no[16];                    /* the tap of a row per tap ("" per customer) */
    int64_t ntaps, bills, amount;
    char oldest_due[11];
    int age_months;
    int64_t bucket[ARREARS_NBUCKETS];
    bool debit, slip;                   /* 口座振替 (a mandate in force) / 納付書 */
    int stage;                          /* 0 .. ARREARS_NSTAGES-1 (ARREARS_STAGE_LABELS) */
} app_arrears_row;

typedef struct app_arrears_page {
    int64_t total, bills, sum;          /* over every page */
    int64_t bucket[ARREARS_NBUCKETS];   /* over every page */
    int64_t page, pages;
    char today[11];
    app_arrears_row *rows;
    size_t n;
} app_arrears_page;

int app_arrears_find(app_ctx *ctx, const app_arrears_filter *f, app_arrears_page *out, err_t *e);
/* Every row of the filtered list (page ignored), for a file in format
 * ("csv" or "xlsx": named in the audit row). */
int app_arrears_export(app_ctx *ctx, const app_arrears_filter *f, const char *format, app_arrears_page *out,
                       err_t *e);
void app_arrears_page_free(app_arrears_page *p);

typedef struct app_arrears_bill {
    int64_t bill_id;
    char tap_no[16], cycle[8], due_on[11];
    int64_t total, paid, balance;
    int age_months;
} app_arrears_bill;

typedef struct app_arrears_customer {
    int64_t customer_id;
    char name[256], kana[256];
    char today[11];
    int64_t amount;
    int age_months;
    int64_t bucket[ARREARS_NBUCKETS];
    app_arrears_bill *bills;           /* oldest due first */
    size_t n;
} app_arrears_customer;

/* ERR_NOTFOUND when there is no such customer (a customer who owes nothing
 * overdue has n 0). */
int app_arrears_customer_get(app_ctx *ctx, int64_t customer_id, app_arrears_customer *out, err_t *e);
void app_arrears_customer_free(app_arrears_customer *c);

/* The カルテ's 滞納 line for a tap: the arrears of its current customer
 * (current_customer 0: none) across all their taps, or when that customer
 * owes nothing overdue, of the customer of the tap's oldest overdue bill.
 * bills 0: nothing overdue.  PERM_CUSTOMER_VIEW (the カルテ's own audit). */
typedef struct app_arrears_brief {
    int64_t customer_id;
    int64_t bills, amount, ntaps;
    char oldest_due[11];
    int age_months;
    /* this tap on the arrears path: the stage (督促前, 督促済, 催告済,
     * 給水停止予告済, 給水停止中（…から）, 分納誓約の履行中; "" none), the next
     * step (督促状, 催告書, 給水停止予告通知書, 給水停止; "" none) and the day
     * it is due, the deadline of the last notice ("" none) */
    char stage[64], next[40], next_on[11], deadline[11];
} app_arrears_brief;
int app_arrears_brief_get(app_ctx *ctx, const char *tap_no, int64_t current_customer, app_arrears_brief *out,
                          err_t *e);

/* The choices of the filter form: areas and routes (code, name). */
typedef struct app_arrears_choice { char code[16], name[96]; } app_arrears_choice;
int app_arrears_choices(app_ctx *ctx, app_arrears_choice **areas, size_t *nareas, app_arrears_choice **routes,
                        size_t *nroutes, err_t *e);

#endif
