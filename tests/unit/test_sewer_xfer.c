/* Unit tests: sewer_xfer (domain/sewer_xfer/sewer_xfer.h) — the deduction
 * and well water a bill's volumes imply; what an operator holds after the
 * batches sent; a correction as a 'cancel' of the old bill and a 'new' of
 * its replacement; the CSV's columns and the fixed layout's byte positions
 * (CP932, 220 bytes and CR LF, a trailer of counts and signed sums). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/sewer_xfer/sewer_xfer.h"

static sewer_xfer_rec rec(int entry, int64_t bill, const char *tap, int64_t water, int64_t sewer)
{
    sewer_xfer_rec r;
    memset(&r, 0, sizeof r);
    r.entry = entry;
    r.bill_id = bill;
    str_copy(r.tap_no, sizeof r.tap_no, tap);
    str_copy(r.place, sizeof r.place, "東花輪1-2-3");
    str_copy(r.user, sizeof r.user, "山峡 太郎");
    str_copy(r.period_from, sizeof r.period_from, "2026-02-10");
    str_copy(r.period_to, sizeof r.period_to, "2026-04-10");
    r.water_m3 = water;
    r.sewer_m3 = sewer;
    sewer_xfer_split(water, sewer, &r.deduct_m3, &r.well_m3);
    return r;
}

static void split(void **state)
{
    (void)state;
    int64_t d = -1, w = -1;
    sewer_xfer_split(40, 40, &d, &w);
    assert_int_equal(d, 0);
    assert_int_equal(w, 0);
    sewer_xfer_split(40, 25, &d, &w);   /* 減量認定 */
    assert_int_equal(d, 15);
    assert_int_equal(w, 0);
    sewer_xfer_split(10, 34, &d, &w);   /* 井戸水 */
    assert_int_equal(d, 0);
    assert_int_equal(w, 24);
}

static void codes(void **state)
{
    (void)state;
    assert_int_equal(sewer_xfer_entry_parse(sewer_xfer_entry_code(SEWER_XFER_CANCEL)), SEWER_XFER_CANCEL);
    assert_int_equal(sewer_xfer_entry_parse("new"), SEWER_XFER_NEW);
    assert_int_equal(sewer_xfer_entry_parse("x"), -1);
    assert_int_equal(sewer_xfer_format_parse("fixed"), SEWER_XFER_FIXED);
    assert_int_equal(sewer_xfer_format_parse("csv"), SEWER_XFER_CSV);
    assert_int_equal(sewer_xfer_format_parse("CSV"), -1);
    assert_int_equal(sewer_xfer_format_parse(NULL), -1);
}

/* Batch 1 sent bills 1, 2, 3; bill 2 was corrected into bill 9; bill 3
 * cancelled outright; bill 5 billed late. */
static void correction(void **state)
{
    (void)state;
    sewer_xfer_rec sent[3] = {rec(SEWER_XFER_NEW, 1, "10000001", 20, 20), rec(SEWER_XFER_NEW, 2, "10000002", 30, 30),
                              rec(SEWER_XFER_NEW, 3, "10000003", 10, 10)};
    sewer_xfer_rec held[3], now[3] = {rec(SEWER_XFER_NEW, 1, "10000001", 20, 20),
                                      rec(SEWER_XFER_NEW, 9, "10000002", 25, 25),
                                      rec(SEWER_XFER_NEW, 5, "10000000", 7, 7)};
    assert_int_equal(sewer_xfer_net(sent, 3, held), 3);
    sewer_xfer_rec diff[6];
    size_t n = sewer_xfer_diff(held, 3, now, 3, diff);
    assert_int_equal(n, 4);
    assert_int_equal(diff[0].entry, SEWER_XFER_CANCEL);
    assert_int_equal(diff[0].bill_id, 2);
    assert_int_equal(diff[0].water_m3, 30);   /* the values sent, not today's */
    assert_int_equal(diff[1].entry, SEWER_XFER_CANCEL);
    assert_int_equal(diff[1].bill_id, 3);
    assert_int_equal(diff[2].entry, SEWER_XFER_NEW);
    assert_int_equal(diff[2].bill_id, 5);     /* by tap number */
    assert_int_equal(diff[3].bill_id, 9);
    sewer_xfer_sums s = sewer_xfer_sum(diff, n);
    assert_int_equal(s.records, 4);
    assert_int_equal(s.cancels, 2);
    assert_int_equal(s.water_m3, -30 - 10 + 7 + 25);
    /* after batch 2 the operator holds 1, 5, 9; nothing more differs */
    sewer_xfer_rec all[7];
    memcpy(all, sent, sizeof sent);
    memcpy(all + 3, diff, sizeof diff[0] * n);
    sewer_xfer_rec held2[7];
    size_t nh = sewer_xfer_net(all, 3 + n, held2);
    assert_int_equal(nh, 3);
    assert_int_equal(sewer_xfer_diff(held2, nh, now, 3, diff), 0);
}

static void csv_layout(void **state)
{
    (void)state;
    sewer_xfer_rec r[1] = {rec(SEWER_XFER_NEW, 42, "10000001", 40, 25)};
    sewer_xfer_head h = {.operator_code = "chuo", .cycle = "2026-04", .batch_no = 1};
    buf_t b;
    buf_init(&b, 0);
    assert_true(sewer_xfer_write(&h, r, 1, SEWER_XFER_CSV, &b));
    const char *want = "\xEF\xBB\xBF"
                       "区分,送付回,下水道事業者,調定年月,水栓番号,使用場所,使用者,使用期間開始,使用期間終了,"
                       "上水使用水量,減量水量,井戸水量,汚水量,調定番号\r\n"
                       "1,1,chuo,2026-04,10000001,東花輪1-2-3,山峡 太郎,2026-02-10,2026-04-10,40,15,0,25,42\r\n";
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.data, want, b.len);
    buf_free(&b);
}

static void fixed_layout(void **state)
{
    (void)state;
    sewer_xfer_rec r[2] = {rec(SEWER_XFER_CANCEL, 42, "10000001", 40, 25), rec(SEWER_XFER_NEW, 43, "10000001", 38, 23)};
    sewer_xfer_head h = {.operator_code = "chuo", .cycle = "2026-04", .batch_no = 2};
    buf_t b;
    buf_init(&b, 0);
    assert_true(sewer_xfer_write(&h, r, 2, SEWER_XFER_FIXED, &b));
    assert_int_equal(b.len, 3 * (SEWER_XFER_FIXED_LEN + 2));
    const char *p = b.data;
    /* positions as docs/sewer_transfer.md numbers them, from 1 */
    assert_memory_equal(p, "202chuo    202604", 17);
    assert_memory_equal(p + 17, "10000001        ", 16);
    assert_memory_equal(p + 33, "\x93\x8c\x89\xd4\x97\xd6", 6);   /* 東花輪 in CP932 */
    assert_memory_equal(p + 153, "2026021020260410", 16);
    assert_memory_equal(p + 169, "000000040000000015000000000000000025000000000042", 48);
    assert_memory_equal(p + 217, "   \r\n", 5);
    assert_int_equal(p[SEWER_XFER_FIXED_LEN + 2], '1');
    const char *t = p + 2 * (SEWER_XFER_FIXED_LEN + 2);
    assert_memory_equal(t, "802chuo    202604000000002000000001-000000000002-000000000002", 61);
    buf_free(&b);
}

/* A name longer than its 40 bytes is cut between characters, never inside one. */
static void fixed_cut(void **state)
{
    (void)state;
    sewer_xfer_rec r[1] = {rec(SEWER_XFER_NEW, 7, "10000001", 1, 1)};
    str_copy(r[0].user, sizeof r[0].user, "A株式会社山峡市水道局前営業所第二課長代理補佐");   /* 1 + 22 × 2 bytes */
    sewer_xfer_head h = {.operator_code = "kai", .cycle = "2026-04", .batch_no = 1};
    buf_t b;
    buf_init(&b, 0);
    assert_true(sewer_xfer_write(&h, r, 1, SEWER_XFER_FIXED, &b));
    assert_int_equal(b.len, 2 * (SEWER_XFER_FIXED_LEN + 2));
    const unsigned char *u = (const unsigned char *)b.data + 113;
    assert_int_equal(u[0], 'A');
    assert_int_equal(u[39], ' ');                      /* 1 + 19 × 2 = 39 bytes, then a space */
    assert_true(u[37] >= 0x81);                        /* the 19th character's lead byte */
    assert_memory_equal(b.data + 153, "2026021020260410", 16);   /* nothing after it moved */
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(split), cmocka_unit_test(codes), cmocka_unit_test(correction),
                                       cmocka_unit_test(csv_layout), cmocka_unit_test(fixed_layout),
                                       cmocka_unit_test(fixed_cut)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
