/* Unit tests: the daily totals (domain/daily_table.h) and the journal lines
 * of a day (domain/journal.h) — every yen of money in is accounted for by
 * allocation, credit or suspense, and the journal's debits equal its credits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/daily_table.h"
#include "domain/journal.h"

static const daily_line *row(const daily_table *t, const char *channel)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].channel, channel) == 0)
            return &t->rows[i];
    return NULL;
}

/* A day: a debit run, a convenience-store payment that went to suspense, an
 * over-payment at the counter, a reversal, an earlier suspense resolved, a
 * set-off and a refund. */
static const daily_fact DAY[] = {
    {.channel = "debit", .src = DAILY_PAY, .count = 3, .amount = 30000},
    {.channel = "debit", .src = DAILY_ALLOC, .kind = "payment", .count = 3, .amount = 30000, .water = 15000, .sewer = 12273, .tax = 2727},
    {.channel = "cvs", .src = DAILY_PAY, .count = 2, .amount = 9000, .suspense_in = 4000},
    {.channel = "cvs", .src = DAILY_ALLOC, .kind = "payment", .count = 1, .amount = 5000, .water = 2500, .sewer = 2046, .tax = 454},
    /* the resolution of an earlier cvs suspense item: 3,000 allocated, 500 credit */
    {.channel = "cvs", .src = DAILY_ALLOC, .kind = "payment", .count = 1, .amount = 3000, .water = 3000},
    {.channel = "cvs", .src = DAILY_CREDIT, .kind = "over", .count = 1, .amount = 500},
    {.channel = "cvs", .src = DAILY_SUS_OUT, .count = 2, .amount = 3500},
    {.channel = "counter", .src = DAILY_PAY, .count = 2, .reversals = 1, .amount = 12000 - 2000},
    {.channel = "counter", .src = DAILY_ALLOC, .kind = "payment", .count = 1, .amount = 10000, .water = 5000, .sewer = 4091, .tax = 909},
    {.channel = "counter", .src = DAILY_CREDIT, .kind = "over", .count = 1, .amount = 2000},
    {.channel = "counter", .src = DAILY_CREDIT, .kind = "reversal", .count = 1, .amount = -2000},
    {.channel = "app", .src = DAILY_ALLOC, .kind = "setoff", .count = 1, .amount = 1100, .water = 1000, .tax = 100},
    {.channel = "app", .src = DAILY_CREDIT, .kind = "setoff", .count = 1, .amount = -1100},
    {.channel = "app", .src = DAILY_CREDIT, .kind = "refund", .count = 1, .amount = -700},
};

static void the_day_balances(void **state)
{
    (void)state;
    daily_table t;
    daily_table_build(DAY, sizeof DAY / sizeof DAY[0], &t);
    assert_true(t.balanced);
    assert_false(t.overflow);
    /* the six channels always, in their fixed order */
    assert_int_equal(t.n, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(t.rows[i].channel, DAILY_CHANNELS[i]);
    assert_int_equal(t.check_in, 30000 + 9000 + 10000);
    assert_int_equal(t.check_out, t.check_in);
    const daily_line *cvs = row(&t, "cvs");
    assert_non_null(cvs);
    assert_int_equal(cvs->amount, 9000);
    assert_int_equal(cvs->suspense, 4000 - 3500);
    assert_int_equal(cvs->credit, 500);
    assert_int_equal(cvs->water + cvs->sewer + cvs->tax, 8000);
    const daily_line *counter = row(&t, "counter");
    assert_int_equal(counter->count, 2);
    assert_int_equal(counter->reversals, 1);
    assert_int_equal(counter->credit, 0);
    assert_int_equal(t.suspense_in, 4000);
    assert_int_equal(t.suspense_out, 3500);
    /* the set-off is a row of its own: no money in, credit moved to the bills */
    assert_int_equal(t.setoff.amount, 0);
    assert_int_equal(t.setoff.credit, -1100);
    assert_int_equal(t.setoff.water + t.setoff.tax, 1100);
    assert_int_equal(row(&t, "app")->water, 0);
    assert_int_equal(t.credit_over, 2500);
    assert_int_equal(t.credit_reversal, -2000);
    assert_int_equal(t.credit_setoff, -1100);
    assert_int_equal(t.credit_refund, -700);
    assert_int_equal(t.refund_count, 1);
    /* the grand total (合計): money in as received, the set-off's parts added */
    assert_int_equal(t.grand.amount, t.receipts.amount);
    assert_int_equal(t.grand.count, t.receipts.count);
    assert_int_equal(t.grand.water, t.receipts.water + 1000);
    assert_int_equal(t.grand.sewer, t.receipts.sewer);
    assert_int_equal(t.grand.tax, t.receipts.tax + 100);
    assert_int_equal(t.grand.credit, t.receipts.credit - 1100);
    assert_int_equal(t.grand.suspense, t.receipts.suspense);
}

static void a_yen_unaccounted_is_caught(void **state)
{
    (void)state;
    daily_fact f[3] = {
        {.channel = "bank", .src = DAILY_PAY, .count = 1, .amount = 5000},
        {.channel = "bank", .src = DAILY_ALLOC, .kind = "payment", .count = 1, .amount = 4999, .water = 4999},
    };
    daily_table t;
    daily_table_build(f, 2, &t);
    assert_false(t.balanced);
    assert_int_equal(t.check_in - t.check_out, 1);
    /* an allocation whose parts do not add up to its amount */
    f[1].amount = 5000;
    daily_table_build(f, 2, &t);
    assert_false(t.balanced);
    assert_int_equal(t.check_parts, 1);
    f[1].water = 5000;
    daily_table_build(f, 2, &t);
    assert_true(t.balanced);
    /* a set-off whose credit side is missing a yen */
    f[2] = (daily_fact){.channel = "bank", .src = DAILY_ALLOC, .kind = "setoff", .amount = 10, .water = 10};
    daily_table_build(f, 3, &t);
    assert_false(t.balanced);
    assert_int_equal(t.check_setoff, 10);
}

static void unknown_channels_follow_the_fixed_ones(void **state)
{
    (void)state;
    daily_fact f[] = {
        {.channel = "zz", .src = DAILY_PAY, .count = 1, .amount = 1, .suspense_in = 1},
        {.channel = "aa", .src = DAILY_PAY, .count = 1, .amount = 2, .suspense_in = 2},
        {.channel = NULL, .src = DAILY_PAY, .count = 1, .amount = 99},
        {.channel = "aa", .src = 42, .amount = 99},
    };
    daily_table t;
    daily_table_build(f, 4, &t);
    assert_int_equal(t.n, 8);
    assert_string_equal(t.rows[6].channel, "aa");
    assert_string_equal(t.rows[7].channel, "zz");
    assert_int_equal(t.check_in, 3);
    assert_true(t.balanced);
}

/* Money for a written-off bill (不納欠損後の収入): inside its channel's row,
 * so the day still balances, and on a line of its own. */
static void money_after_a_writeoff_is_shown_apart(void **state)
{
    (void)state;
    static const daily_fact F[] = {
        {.channel = "cvs", .src = DAILY_PAY, .count = 2, .amount = 8000},
        {.channel = "cvs", .src = DAILY_ALLOC, .kind = "payment", .count = 1, .amount = 5000, .water = 5000},
        {.channel = "cvs", .src = DAILY_ALLOC, .kind = "after_writeoff", .count = 1, .amount = 3000, .water = 1800,
         .sewer = 927, .tax = 273},
    };
    daily_table t;
    daily_table_build(F, sizeof F / sizeof F[0], &t);
    assert_true(t.balanced);
    assert_int_equal(row(&t, "cvs")->water, 6800);
    assert_int_equal(t.after_writeoff.amount, 3000);
    assert_int_equal(t.after_writeoff.count, 1);
    assert_int_equal(t.after_writeoff.water + t.after_writeoff.sewer + t.after_writeoff.tax, 3000);
    daily_table_build(DAY, sizeof DAY / sizeof DAY[0], &t);
    assert_int_equal(t.after_writeoff.amount, 0);
}

static void journal_debits_equal_credits(void **state)
{
    (void)state;
    daily_table t;
    daily_table_build(DAY, sizeof DAY / sizeof DAY[0], &t);
    journal_line l[JOURNAL_MAX_LINES];
    size_t n = journal_lines(&t, l, JOURNAL_MAX_LINES);
    assert_true(n > 0 && n <= JOURNAL_MAX_LINES);
    int64_t debit = 0, credit = 0, cash = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(l[i].debit >= 0 && l[i].credit >= 0);
        assert_true((l[i].debit == 0) != (l[i].credit == 0));   /* one side, never zero */
        debit += l[i].debit;
        credit += l[i].credit;
        if (l[i].account == JOURNAL_CASH)
            cash += l[i].debit - l[i].credit;
    }
    assert_int_equal(debit, credit);
    assert_int_equal(cash, t.check_in);
    /* the cvs suspense: 4,000 in, 3,500 resolved: 500 credited to suspense */
    bool seen = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(l[i].channel, "cvs") == 0 && l[i].account == JOURNAL_SUSPENSE) {
            assert_int_equal(l[i].credit, 500);
            seen = true;
        }
    assert_true(seen);
    /* a refund: credit debited, the refund account credited */
    int64_t refund_dr = 0, refund_cr = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(l[i].channel, JOURNAL_REFUND_ROW) == 0) {
            refund_dr += l[i].account == JOURNAL_CREDIT ? l[i].debit : 0;
            refund_cr += l[i].account == JOURNAL_REFUND ? l[i].credit : 0;
        }
    assert_int_equal(refund_dr, 700);
    assert_int_equal(refund_cr, 700);
    /* a reversal larger than the day's money: the cash goes to the credit side */
    daily_fact f[] = {
        {.channel = "card", .src = DAILY_PAY, .count = 1, .reversals = 1, .amount = -800},
        {.channel = "card", .src = DAILY_ALLOC, .kind = "reversal", .amount = -800, .water = -800},
    };
    daily_table_build(f, 2, &t);
    assert_true(t.balanced);
    n = journal_lines(&t, l, JOURNAL_MAX_LINES);
    assert_int_equal(n, 2);
    assert_int_equal(l[0].account, JOURNAL_CASH);
    assert_int_equal(l[0].credit, 800);
    assert_int_equal(l[1].account, JOURNAL_WATER);
    assert_int_equal(l[1].debit, 800);
    /* too small an array: the count is still right, nothing written past max */
    assert_int_equal(journal_lines(&t, l, 1), 2);
}

/* Works receipts (加入金 with its tax, a fee) on their own lines, a
 * reversal of one, and a works refund paid out outside the check; the
 * journal credits the works accounts net of tax and debits them for the
 * refund. */
static void works_receipts_and_refunds(void **state)
{
    (void)state;
    daily_fact f[] = {
        {.channel = "cvs", .src = DAILY_PAY, .count = 2, .amount = 49000 + 1000},
        {.channel = "cvs", .src = DAILY_ALLOC, .kind = "payment", .count = 1, .amount = 1000, .water = 500, .sewer = 409, .tax = 91},
        {.channel = "cvs", .src = DAILY_WORKS, .kind = "kanyukin", .count = 1, .amount = 44000, .tax = 4000},
        {.channel = "cvs", .src = DAILY_WORKS, .kind = "fee", .count = 2, .amount = 5000},
        {.channel = "counter", .src = DAILY_PAY, .count = 1, .reversals = 1, .amount = -2000},
        {.channel = "counter", .src = DAILY_WORKS, .kind = "fee", .count = 1, .amount = -2000},
        {.channel = "works_refund", .src = DAILY_WORKS_REFUND, .kind = "kanyukin", .count = 1, .amount = 110000, .tax = 10000},
        {.channel = "works_refund", .src = DAILY_WORKS_REFUND, .kind = "fee", .count = 1, .amount = 3000},
    };
    daily_table t;
    daily_table_build(f, sizeof f / sizeof f[0], &t);
    assert_true(t.balanced);
    assert_int_equal(t.n, 6);   /* no row of its own for the refunds */
    assert_int_equal(row(&t, "cvs")->kanyukin, 44000);
    assert_int_equal(row(&t, "cvs")->kanyukin_tax, 4000);
    assert_int_equal(row(&t, "cvs")->works_fee, 5000);
    assert_int_equal(row(&t, "counter")->works_fee, -2000);
    assert_int_equal(row(&t, "cvs")->water, 500);   /* water and sewer untouched by works money */
    assert_int_equal(t.receipts.kanyukin + t.receipts.works_fee, 47000);
    assert_int_equal(t.works_count, 4);
    assert_int_equal(t.works_refund_kanyukin + t.works_refund_fee, 113000);
    assert_int_equal(t.works_refund_count, 2);
    assert_int_equal(t.check_in, 48000);
    assert_int_equal(t.check_out, 48000);
    /* a yen lost from the works: caught */
    f[2].amount = 43999;
    daily_table_build(f, sizeof f / sizeof f[0], &t);
    assert_false(t.balanced);
    f[2].amount = 44000;
    daily_table_build(f, sizeof f / sizeof f[0], &t);
    journal_line l[JOURNAL_MAX_LINES];
    size_t n = journal_lines(&t, l, JOURNAL_MAX_LINES);
    int64_t debit = 0, credit = 0, kanyukin = 0, fee = 0, refund = 0;
    for (size_t i = 0; i < n; i++) {
        debit += l[i].debit;
        credit += l[i].credit;
        bool rf = strcmp(l[i].channel, JOURNAL_WORKS_REFUND_ROW) == 0;
        if (!rf && l[i].account == JOURNAL_KANYUKIN)
            kanyukin += l[i].credit - l[i].debit;
        if (!rf && l[i].account == JOURNAL_WORKS_FEE)
            fee += l[i].credit - l[i].debit;
        if (rf && l[i].account == JOURNAL_REFUND)
            refund += l[i].credit;
    }
    assert_int_equal(debit, credit);
    assert_int_equal(kanyukin, 40000);   /* net of its tax */
    assert_int_equal(fee, 3000);         /* 5,000 less the 2,000 reversed */
    assert_int_equal(refund, 113000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_day_balances),
        cmocka_unit_test(a_yen_unaccounted_is_caught),
        cmocka_unit_test(unknown_channels_follow_the_fixed_ones),
        cmocka_unit_test(journal_debits_equal_credits),
        cmocka_unit_test(money_after_a_writeoff_is_shown_apart),
        cmocka_unit_test(works_receipts_and_refunds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
