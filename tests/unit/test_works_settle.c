/* Unit tests: the settlement of a works application's charges
 * (domain/works/works_settle.h) with worked examples on the shipped 2019
 * table: a 新設 13 mm paid then enlarged to 20 mm (追徴 of the 加入金
 * difference); a 新設 20 mm paid then reduced to 13 mm (nothing to pay and
 * the 加入金 kept); a remodel 13→20 changed to 20→13 (its 加入金 of ¥66,000
 * kept on a change); cancellation after payment and review (加入金 and
 * 完成検査 refunded, 設計審査 kept) and before review (all refunded); a change
 * before any payment (the assessment just moves); a 追徴 paid then reduced
 * again; a 特団 with more dwellings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/works/works_fee_demo.h"
#include "base/err.h"
#include "domain/works/works_settle.h"

static works_fee_table SHIPPED[4];
static size_t NSHIPPED;
static works_fee_quote Q;
static works_settlement S;

static int setup(void **state)
{
    (void)state;
    char err[400];
    for (const works_fee_file *f = WORKS_FEE_DEMO_FILES; f->name; f++) {
        if (NSHIPPED == 4 || works_fee_parse(f->text, f->len, &SHIPPED[NSHIPPED], err, sizeof err)) {
            print_error("%s: %s\n", f->name, err);
            return -1;
        }
        NSHIPPED++;
    }
    return 0;
}

static const works_fee_quote *quote(works_type type, int d, int old, int dwellings)
{
    works_fee_request rq = {type, d, old, dwellings, {2026, 12, 5}};
    err_t e;
    err_clear(&e);
    if (works_fee_quote_for(SHIPPED, NSHIPPED, &rq, &Q, &e) != 0)
        fail_msg("%s %d mm: %s", works_type_code(type), d, e.user);
    return &Q;
}

/* The charges of quote q, each paid as given (-1: in full). */
static size_t charges_of(const works_fee_quote *q, const int64_t *paid, works_settle_charge *c)
{
    size_t n = 0;
    for (int i = -1; i < q->nfees; i++) {
        const works_fee_line *l = i < 0 ? &q->kanyukin : &q->fees[i];
        if (i < 0 && l->yen == 0)
            continue;
        c[n] = (works_settle_charge){l->code, l->name, l->due, l->refundable, l->yen, l->tax, 0, 0};
        c[n].paid = paid[n] < 0 ? l->yen : paid[n];
        n++;
    }
    return n;
}

static const works_settle_line *line(const char *code)
{
    for (int i = 0; i < S.n; i++)
        if (strcmp(S.lines[i].code, code) == 0)
            return &S.lines[i];
    fail_msg("no line %s", code);
    return NULL;
}

static void enlarged_after_payment_pays_the_difference(void **state)
{
    (void)state;
    works_settle_charge c[4];
    static const int64_t all[] = {-1, -1, -1};
    size_t n = charges_of(quote(WORKS_NEW, 13, 0, 0), all, c);   /* 44,000 + 2,000 + 3,000 */
    assert_int_equal(works_settle(c, n, quote(WORKS_NEW, 20, 0, 0), true, &S), 0);
    const works_settle_line *k = line("kanyukin");
    assert_int_equal(k->before, 44000);
    assert_int_equal(k->asked, 110000);
    assert_int_equal(k->additional, 66000);
    assert_int_equal(k->additional_tax, 6000);   /* 10,000 − 4,000 */
    assert_int_equal(k->refund, 0);
    assert_int_equal(line("design")->additional, 0);   /* ¥2,000 for 13 and 20 mm */
    assert_int_equal(line("inspection")->additional, 0);
    assert_int_equal(S.before, 49000);
    assert_int_equal(S.after, 115000);
    assert_int_equal(S.paid, 49000);
    assert_int_equal(S.additional, 66000);
    assert_int_equal(S.refund, 0);
}

static void reduced_after_payment_pays_and_refunds_nothing_of_kanyukin(void **state)
{
    (void)state;
    works_settle_charge c[4];
    static const int64_t all[] = {-1, -1, -1};
    size_t n = charges_of(quote(WORKS_NEW, 20, 0, 0), all, c);   /* 110,000 + 2,000 + 3,000 */
    assert_int_equal(works_settle(c, n, quote(WORKS_NEW, 13, 0, 0), true, &S), 0);
    const works_settle_line *k = line("kanyukin");
    assert_int_equal(k->asked, 44000);
    assert_int_equal(k->after, 110000);   /* kept: 既納の加入金は還付しない */
    assert_true(k->kept);
    assert_int_equal(k->refund, 0);
    assert_int_equal(k->additional, 0);
    assert_int_equal(S.additional, 0);
    assert_int_equal(S.refund, 0);

    /* a remodel 13→20 (加入金 ¥66,000 paid) changed to 20→13: the smaller meter asks none, the paid one is kept */
    n = charges_of(quote(WORKS_REMODEL, 20, 13, 0), all, c);
    assert_int_equal(c[0].yen, 66000);
    assert_int_equal(works_settle(c, n, quote(WORKS_REMODEL, 13, 20, 0), true, &S), 0);
    assert_int_equal(line("kanyukin")->asked, 0);
    assert_int_equal(line("kanyukin")->refund, 0);
    assert_int_equal(S.additional + S.refund, 0);
}

static void reduced_before_payment_just_lowers_the_assessment(void **state)
{
    (void)state;
    works_settle_charge c[4];
    static const int64_t none[] = {0, 0, 0};
    size_t n = charges_of(quote(WORKS_NEW, 20, 0, 0), none, c);
    assert_int_equal(works_settle(c, n, quote(WORKS_NEW, 13, 0, 0), false, &S), 0);
    const works_settle_line *k = line("kanyukin");
    assert_int_equal(k->after, 44000);
    assert_int_equal(k->after_tax, 4000);
    assert_false(k->kept);
    assert_int_equal(S.after, 49000);
    assert_int_equal(S.refund + S.additional, 0);
}

static void cancelled_after_payment_and_review_refunds_but_design(void **state)
{
    (void)state;
    works_settle_charge c[4];
    static const int64_t all[] = {-1, -1, -1};
    size_t n = charges_of(quote(WORKS_NEW, 13, 0, 0), all, c);
    assert_int_equal(works_settle(c, n, NULL, true, &S), 0);
    assert_int_equal(line("kanyukin")->refund, 44000);
    assert_int_equal(line("kanyukin")->refund_tax, 4000);
    assert_int_equal(line("inspection")->refund, 3000);
    assert_int_equal(line("design")->refund, 0);   /* reviewed: not refundable */
    assert_true(line("design")->kept);
    assert_int_equal(line("design")->after, 2000);
    assert_int_equal(S.refund, 47000);
    assert_int_equal(S.after, 2000);

    /* before the review everything paid goes back */
    assert_int_equal(works_settle(c, n, NULL, false, &S), 0);
    assert_int_equal(S.refund, 49000);
    assert_int_equal(S.after, 0);

    /* only the design fee paid, then cancelled after review: nothing to refund, nothing more asked */
    static const int64_t design_only[] = {0, -1, 0};
    n = charges_of(quote(WORKS_NEW, 13, 0, 0), design_only, c);
    assert_int_equal(works_settle(c, n, NULL, true, &S), 0);
    assert_int_equal(S.refund, 0);
    assert_int_equal(S.additional, 0);
    assert_int_equal(S.after, 2000);
    assert_int_equal(line("kanyukin")->after, 0);
}

static void additional_paid_then_reduced_again(void **state)
{
    (void)state;
    /* 13 mm paid, 追徴 of 66,000 to 20 mm paid as well, then back to 13 mm: kept (a change) */
    works_settle_charge c[4] = {
        {"kanyukin", "加入金", WORKS_DUE_START, true, 44000, 4000, 44000, 0},
        {"design", "設計審査手数料", WORKS_DUE_APPROVAL, false, 2000, 0, 2000, 0},
        {"inspection", "完成検査手数料", WORKS_DUE_START, true, 3000, 0, 3000, 0},
        {"kanyukin", "加入金", WORKS_DUE_START, true, 66000, 6000, 66000, 0},
    };
    assert_int_equal(works_settle(c, 4, quote(WORKS_NEW, 13, 0, 0), true, &S), 0);
    assert_int_equal(S.n, 3);
    assert_int_equal(line("kanyukin")->before, 110000);
    assert_int_equal(line("kanyukin")->paid, 110000);
    assert_int_equal(S.refund, 0);
    /* and cancelled: all of the 加入金 back, refunds already made not twice */
    c[3].refunded = 6000;
    assert_int_equal(works_settle(c, 4, NULL, true, &S), 0);
    assert_int_equal(line("kanyukin")->refund, 104000);
}

static void complex_with_more_dwellings(void **state)
{
    (void)state;
    works_settle_charge c[4];
    static const int64_t all[] = {-1, -1, -1};
    size_t n = charges_of(quote(WORKS_COMPLEX, 13, 0, 10), all, c);   /* 440,000 + 2,000 + 30,000 */
    assert_int_equal(works_settle(c, n, quote(WORKS_COMPLEX, 13, 0, 12), true, &S), 0);
    assert_int_equal(line("kanyukin")->additional, 88000);
    assert_int_equal(line("inspection")->additional, 6000);
    assert_int_equal(S.additional, 94000);
}

static void rows_come_down_unpaid_first(void **state)
{
    (void)state;
    /* 加入金 44,000 unpaid and its 追徴 66,000 paid, brought down to 44,000: the unpaid row goes, 22,000 back */
    works_settle_charge c[2] = {
        {"kanyukin", "加入金", WORKS_DUE_START, true, 44000, 4000, 0, 0},
        {"kanyukin", "加入金", WORKS_DUE_START, true, 66000, 6000, 66000, 0},
    };
    int64_t yen[2], tax[2], excess[2];
    works_settle_reduce(c, 2, 44000, yen, tax, excess);
    assert_int_equal(yen[0], 0);
    assert_int_equal(tax[0], 0);
    assert_int_equal(yen[1], 44000);
    assert_int_equal(tax[1], 4000);
    assert_int_equal(excess[0] + excess[1], 22000);
    /* all the way down */
    works_settle_reduce(c, 2, 0, yen, tax, excess);
    assert_int_equal(yen[0] + yen[1], 0);
    assert_int_equal(excess[1], 66000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(enlarged_after_payment_pays_the_difference),
        cmocka_unit_test(reduced_after_payment_pays_and_refunds_nothing_of_kanyukin),
        cmocka_unit_test(reduced_before_payment_just_lowers_the_assessment),
        cmocka_unit_test(cancelled_after_payment_and_review_refunds_but_design),
        cmocka_unit_test(additional_paid_then_reduced_again),
        cmocka_unit_test(complex_with_more_dwellings),
        cmocka_unit_test(rows_come_down_unpaid_first),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
