/* daily_table — the daily totals (日計表) of one accounting day (計上日), laid
 * out from the ledger's sums (pure).
 *
 * The ledger of a day, by the payment's channel (経路):
 *   money in   Σ payments.amount posted that day (a reversal is negative);
 *   allocated  Σ allocations posted that day, split into water, sewer and tax
 *              (each net of tax), except set-offs (充当), which are credit
 *              moved to bills, not money in;
 *   credit     Σ credits of kind over / reversal posted that day (過誤納);
 *   suspense   money that went to suspense that day less the suspense
 *              resolved that day (未消込の増減);
 *   late       late charges paid that day (延滞金・督促手数料, receivables of
 *              their own apart from the bills; a reversal is negative);
 *   works      works charges paid that day (加入金 and 工事手数料 of the works
 *              applications, apart from water and sewer; a reversal negative).
 * For every channel, money in = allocated + credit + suspense + late + works to the yen:
 * the check line of the report.  Set-offs form a row of their own (the parts
 * allocated from credit, credit negative, no money in), refunds (還付) are
 * money paid out of credit, outside the check.
 *
 * Ownership: the caller's structs; nothing is allocated. */
#ifndef SUIDO_DAILY_TABLE_H
#define SUIDO_DAILY_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a sum comes from (daily_fact.src). */
enum daily_src {
    DAILY_PAY,      /* payments: count, reversals, amount, suspense_in */
    DAILY_ALLOC,    /* allocations of kind: amount, water, sewer, tax, count */
    DAILY_CREDIT,   /* credits of kind: amount, count */
    DAILY_SUS_OUT,  /* suspense resolved: amount (allocated + credited) */
    DAILY_LATE,     /* late charges paid (延滞金・督促手数料): amount, count */
    DAILY_WORKS,    /* works charges paid, kind "kanyukin" | "fee": amount (tax included), tax, count */
    DAILY_WORKS_REFUND,   /* works refunds paid out (還付), kind as DAILY_WORKS: amount, tax, count */
};

/* One sum of the ledger for a channel. */
typedef struct daily_fact {
    const char *channel;      /* payments.channel */
    int src;                  /* enum daily_src */
    const char *kind;         /* allocations.kind / credits.kind ("" for the others) */
    int64_t count;            /* rows */
    int64_t reversals;        /* DAILY_PAY: rows with a negative amount */
    int64_t amount;           /* yen */
    int64_t suspense_in;      /* DAILY_PAY: yen of it that went to suspense */
    int64_t water, sewer, tax;   /* DAILY_ALLOC: the parts; DAILY_WORKS*: tax is the tax contained */
} daily_fact;

#define DAILY_MAX_ROWS 16
#define DAILY_SETOFF "setoff"   /* the channel code of the set-off row */

/* A row of the table. */
typedef struct daily_line {
    char channel[16];         /* payments.channel, or DAILY_SETOFF */
    int64_t count;            /* payments (set-off row: set-offs) */
    int64_t reversals;        /* of which reversals (取消) */
    int64_t amount;           /* money in (収納額) */
    int64_t water, sewer, tax;   /* allocated: 水道料金, 下水道使用料 (net), 消費税等 */
    int64_t credit;           /* to credit (過誤納; set-off row: negative) */
    int64_t suspense;         /* into suspense, net of what was resolved (未消込) */
    int64_t late;             /* to late charges (延滞金・督促手数料) */
    int64_t kanyukin, works_fee;     /* to works charges: 加入金, 工事手数料 (tax included) */
    int64_t kanyukin_tax, works_fee_tax;   /* the tax contained in them */
    int64_t alloc_amount;     /* Σ allocations.amount (= water + sewer + tax when whole) */
} daily_line;

typedef struct daily_table {
    daily_line rows[DAILY_MAX_ROWS];   /* the six channels in their fixed order, then others by code */
    size_t n;
    daily_line receipts;      /* Σ rows: 収納計 */
    daily_line setoff;        /* 過誤納充当 */
    daily_line grand;         /* 合計: receipts plus the set-off's water, sewer, tax and credit */
    int64_t suspense_in, suspense_out;           /* 未消込: 発生 and 消込 */
    int64_t credit_over, credit_reversal, credit_setoff, credit_refund;   /* 過誤納の増減 (signed) */
    int64_t refund_count;
    int64_t late_count;       /* late-charge payment rows (延滞金・督促手数料); the yen are receipts.late */
    int64_t works_count;      /* works_payments rows (明細: one per payment and charge); the yen are receipts.kanyukin, .works_fee */
    /* works refunds paid out (工事の還付): outside the check, as credit refunds */
    int64_t works_refund_kanyukin, works_refund_fee, works_refund_kanyukin_tax, works_refund_fee_tax;
    int64_t works_refund_count;   /* refund items (明細: one per charge refunded) */
    /* 不納欠損後の収入: allocations of kind after_writeoff (money received
     * for bills written off), already in their channels' rows above and
     * shown apart: count, alloc_amount (= amount), water, sewer, tax */
    daily_line after_writeoff;
    /* the check: money in against where it went */
    int64_t check_in;         /* receipts.amount */
    int64_t check_out;        /* receipts: water + sewer + tax + credit + suspense + late + kanyukin + works_fee */
    int64_t check_parts;      /* Σ allocation amounts − Σ their parts (0 when none is split wrongly) */
    int64_t check_setoff;     /* setoff: water + sewer + tax + credit (0: credit moved whole) */
    bool balanced;            /* all four hold, on every row */
    bool overflow;            /* more channels than DAILY_MAX_ROWS (the rest are summed into the last) */
} daily_table;

/* The fixed channels, in the order of the report. */
extern const char *const DAILY_CHANNELS[6];

/* Lay out the table from the facts of one day (any order; unknown sources
 * and kinds are ignored; a fact with a NULL channel is ignored). */
void daily_table_build(const daily_fact *facts, size_t n, daily_table *out);

/* Whether one row balances (amount = water + sewer + tax + credit + suspense
 * + late + kanyukin + works_fee and its allocations are whole). */
bool daily_line_balanced(const daily_line *l);

#endif
