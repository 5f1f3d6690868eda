/* works_settle — the settlement (精算) of a works application's charges when
 * it changes before 完了 (pure; docs/works.md "Settlement").
 *
 * The charges as they stand (per charge: its code, amount, tax, what was
 * paid and refunded, whether the fee table lets it be refunded) are
 * compared, code by code, with what the fee table in force on the
 * application date asks after the change (a new quote; none for 取消):
 *
 *   - asked more than assessed: 追徴 (an additional charge of the
 *     difference, its tax the difference of the taxes);
 *   - asked less: the assessment comes down to what is asked, and what was
 *     paid beyond it is refunded (還付) — except what is kept:
 *       · on a change (not 取消), a 加入金 paid is kept (既納の加入金は還付
 *         しない: a smaller meter pays nothing and gets nothing back);
 *       · a charge the table marks not refundable (設計審査 by default) is
 *         kept once the application has been reviewed (審査);
 *     what is kept stays assessed (the assessment comes down no further
 *     than what was paid on it).
 *
 * Worked examples (the 2019 demo table): a 新設 13 mm paid (加入金 ¥44,000)
 * enlarged to 20 mm: 追徴 ¥66,000 of 加入金; a 新設 20 mm paid (¥110,000)
 * reduced to 13 mm: no 追徴, no refund (the 加入金 kept); cancelled after
 * payment and review: 加入金 and 完成検査 refunded, 設計審査 kept.
 *
 * Ownership: the caller's structs; nothing is allocated. */
#ifndef SUIDO_WORKS_SETTLE_H
#define SUIDO_WORKS_SETTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/works/works_fee.h"

#define WORKS_SETTLE_MAX_LINES (WORKS_FEE_MAX_FEES + 1)

/* One charge row as it stands (several rows may share a code: a 追徴). */
typedef struct works_settle_charge {
    const char *code, *name;
    int due;                    /* enum works_fee_due */
    bool refundable;
    int64_t yen, tax;           /* assessed */
    int64_t paid, refunded;     /* received, and paid back of it */
} works_settle_charge;

/* One code's settlement. */
typedef struct works_settle_line {
    char code[32], name[96];
    int due;
    bool refundable;
    int64_t before, before_tax; /* assessed before */
    int64_t asked, asked_tax;   /* what the table asks after the change (0: nothing) */
    int64_t after, after_tax;   /* assessed after (asked, or more when paid money is kept) */
    int64_t paid;               /* received net of refunds */
    int64_t additional, additional_tax;   /* 追徴 */
    int64_t refund, refund_tax;           /* 還付 */
    bool kept;                  /* paid money kept above what is asked */
} works_settle_line;

typedef struct works_settlement {
    works_settle_line lines[WORKS_SETTLE_MAX_LINES];
    int n;                      /* in the order the codes first appear (charges, then new ones of the quote) */
    int64_t before, after, paid, additional, refund;   /* totals, yen */
} works_settlement;

/* Settle charges c[0..n) against quote q (NULL: 取消, nothing asked);
 * reviewed: the application has been reviewed (審査).  -1 when there are
 * more codes than WORKS_SETTLE_MAX_LINES (out then holds the first ones). */
int works_settle(const works_settle_charge *c, size_t n, const works_fee_quote *q, bool reviewed,
                 works_settlement *out);

/* Bring the rows c[0..n) of one code (in their order) down to after yen
 * in all: the unpaid parts go first, from the last row back, then the paid
 * parts, from the last row back; excess[i] is what row i now holds paid
 * above its new amount (to be refunded: Σ excess = max(0, paid − after)).
 * The tax of a row falls in proportion (0 with the amount). */
void works_settle_reduce(const works_settle_charge *c, size_t n, int64_t after, int64_t *yen, int64_t *tax,
                         int64_t *excess);

#endif
