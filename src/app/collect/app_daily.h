/* app_daily — the daily totals (日計表) of an accounting day and the
 * accounting journal (仕訳) for the finance system, from the collections
 * ledger (see domain/daily_table.h for what is summed and the check, and
 * domain/journal.h for the accounts).
 *
 * Both are reports of the collections section: PERM_PAYMENT_POST (担当,
 * 係長, 管理者), audited as a view ("report.daily", "report.journal"), read
 * in one snapshot so that the figures belong to one moment.
 *
 * Ownership: app_daily is filled by value; the journal is appended to the
 * caller's buffer. */
#ifndef SUIDO_APP_DAILY_H
#define SUIDO_APP_DAILY_H

#include "app/app.h"
#include "domain/daily_table.h"

typedef struct app_daily {
    char date[11];            /* 計上日 YYYY-MM-DD */
    char utility[128];        /* [utility] name */
    char printed_by[128];     /* who asked for it (the 氏名 when set) */
    int64_t printed_at;       /* when (unix seconds) */
    daily_table t;            /* the table and its check */
} app_daily;

/* The totals of date (YYYY-MM-DD; ERR_INVALID on field "date"). */
int app_daily_totals(app_ctx *ctx, const char *date, app_daily *out, err_t *e);

/* The Japanese label of a row: a channel's (app_payment_channel_label),
 * "過誤納充当" for DAILY_SETOFF, "過誤納還付" for the refund lines. */
const char *app_daily_row_label(const char *channel);

/* The journal of the days from..to (inclusive, at most 366 days) as CSV:
 * 計上日, 区分コード, 区分, 科目コード, 科目名, 借方金額, 貸方金額, 摘要 — one
 * line per (day, channel, account), accounts from [journal] (see
 * docs/collections.md).  encoding: "utf8", "utf8bom" (NULL or ""), "cp932".
 * ERR_INVALID names the field (from, to, encoding); ERR_CONFLICT when a
 * day's totals do not balance (nothing is written then).  *lines (may be
 * NULL): the number of journal lines. */
int app_journal(app_ctx *ctx, const char *from, const char *to, buf_t *csv, const char *encoding, size_t *lines,
                err_t *e);

/* The allocations of the days from..to per bill (仕訳明細) as CSV:
 * 計上日, 区分コード, 区分, 種別, 水栓番号, 調定年月, 調定番号, 金額, 水道料金,
 * 下水道使用料, 消費税等.  Same rules as app_journal. */
int app_journal_detail(app_ctx *ctx, const char *from, const char *to, buf_t *csv, const char *encoding,
                       err_t *e);

#endif
