/* journal — the accounting journal (仕訳) of a day's totals (pure): which
 * account is debited and which credited for each row of the daily table.
 *
 * For a channel: the channel's cash account is debited with the money in;
 * water, sewer and tax revenue, credit (過誤納金) and suspense (仮受金) are
 * credited with what went to each (late charges paid: the late-charge
 * revenue account; works charges paid: the 加入金 and 工事手数料 revenue
 * accounts net of tax, their tax to 仮受消費税).  The set-off row debits
 * credit and credits the revenue accounts; refunds debit credit and credit
 * the refund account; works refunds debit the works revenue accounts (and
 * the tax) and credit the refund account.  A negative amount (reversals, suspense resolved) moves to the
 * other side, so that no line carries a negative number.  One line per
 * (channel, account); lines of zero are left out.  Debits equal credits for
 * every day by construction of daily_table (when it is balanced).
 *
 * Ownership: the caller's arrays. */
#ifndef SUIDO_JOURNAL_H
#define SUIDO_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "domain/daily_table.h"

/* Account keys (journal_line.account): the cash account of a channel is
 * JOURNAL_CASH; the others are fixed. */
enum journal_account {
    JOURNAL_CASH,      /* the channel's cash or deposit account */
    JOURNAL_WATER,     /* 水道料金収入 */
    JOURNAL_SEWER,     /* 下水道使用料収入 */
    JOURNAL_TAX,       /* 仮受消費税 */
    JOURNAL_CREDIT,    /* 過誤納金（預り金） */
    JOURNAL_SUSPENSE,  /* 仮受金（未消込） */
    JOURNAL_REFUND,    /* 還付の払出口座 */
    JOURNAL_LATE,      /* 延滞金・督促手数料収入 */
    JOURNAL_KANYUKIN,  /* 加入金収入 (works, net of tax) */
    JOURNAL_WORKS_FEE, /* 工事手数料収入 (works, net of tax) */
    JOURNAL__MAX
};

#define JOURNAL_REFUND_ROW "refund"   /* the channel code of the refund lines */
#define JOURNAL_WORKS_REFUND_ROW "works_refund"   /* the channel code of the works refund lines (工事の還付) */

typedef struct journal_line {
    char channel[16];         /* payments.channel, DAILY_SETOFF or JOURNAL_REFUND_ROW */
    int account;              /* enum journal_account */
    int64_t debit, credit;    /* yen, ≥ 0, one of them 0 */
} journal_line;

/* Lines of one day's table into out (at most max); returns how many there
 * are (may exceed max: the rest are not written). */
size_t journal_lines(const daily_table *t, journal_line *out, size_t max);

#define JOURNAL_MAX_LINES ((DAILY_MAX_ROWS + 3) * JOURNAL__MAX)

#endif
