/* Unit tests: 全銀 direct-debit files (domain/zengin.h) — kana
 * normalisation, a request checked field by field, a result file carrying
 * every result code, and damaged files refused with the line and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/zengin.h"

static void kana(void **state)
{
    (void)state;
    char out[41], err[200];
    out[30] = '\0';
    assert_int_equal(zengin_kana("ヤマダ　タロウ", true, out, 30, err, sizeof err), 0);
    assert_memory_equal(out, "\xD4\xCF\xC0\xDE \xC0\xDB\xB3", 8);                 /* ﾔﾏﾀﾞ ﾀﾛｳ */
    assert_int_equal(out[29], ' ');
    assert_int_equal(zengin_kana("がっこう　ぱーく", true, out, 30, err, sizeof err), 0);
    assert_memory_equal(out, "\xB6\xDE\xC2\xBA\xB3 \xCA\xDF-\xB8", 10);        /* ｶﾞﾂｺｳ ﾊﾟ-ｸ: small ッ full size, ー -> - */
    assert_int_equal(zengin_kana("ｶ)ｻﾝｷｮｳ ｽｲﾄﾞｳ", true, out, 30, err, sizeof err), 0);   /* half-width in, small ｮ -> ﾖ */
    assert_memory_equal(out, "\xB6)\xBB\xDD\xB7\xD6\xB3 \xBD\xB2\xC4\xDE\xB3", 13);
    assert_int_equal(zengin_kana("abc", false, out, 15, err, sizeof err), 0);
    assert_memory_equal(out, "ABC  ", 5);
    assert_int_equal(zengin_kana("(ﾐｽﾞﾎ)", false, out, 15, err, sizeof err), -1);      /* ( ) only in party names */
    assert_int_equal(zengin_kana("山田", true, out, 30, err, sizeof err), -1);
    assert_non_null(strstr(err, "山"));
    /* cut at the width never leaves ﾞ alone: "ｱｲｳｶﾞ" into 4 bytes is "ｱｲｳ " */
    assert_int_equal(zengin_kana("アイウガ", true, out, 4, err, sizeof err), 0);
    assert_memory_equal(out, "\xB1\xB2\xB3 ", 4);
}

/* Lines of the file as a NUL-terminated copy of line k (0-based). */
static const char *line(const char *file, int k)
{
    static char buf[ZENGIN_REC + 1];
    memcpy(buf, file + (size_t)k * (ZENGIN_REC + 2), ZENGIN_REC);
    buf[ZENGIN_REC] = '\0';
    return buf;
}

/* A request of three debits, CR LF after every record. */
static size_t request(char *file, const char *results)
{
    char rec[ZENGIN_REC + 1], err[200];
    zengin_header_in h = {.consignor_code = "1234567890", .consignor_name = "サンキョウシ　スイドウキョク",
                          .debit_on = "2026-12-15", .bank = "0001", .bank_name = "ミズホ", .branch = "001",
                          .branch_name = "トウキョウ", .account_type = 1, .account = "1234567"};
    size_t n = 0;
    assert_int_equal(zengin_header(&h, rec, err, sizeof err), 0);
    memcpy(file + n, rec, ZENGIN_REC), n += ZENGIN_REC, memcpy(file + n, "\r\n", 2), n += 2;
    static const int64_t AMOUNTS[] = {12100, 5280, 74316, 3300, 880, 1, 9999, 123456};
    int64_t sum = 0, dn = 0, da = 0, fnn = 0, fa = 0;
    size_t k = strlen(results);
    for (size_t i = 0; i < k; i++) {
        char acct[24], cust[24];
        snprintf(acct, sizeof acct, "%07zu", 1000 + i);
        snprintf(cust, sizeof cust, "%zu", 10000000 + i);
        zengin_data_in d = {.bank = "0005", .bank_name = "ミツビシユーエフジェイ", .branch = "123", .branch_name = "コウフ",
                            .account_type = 1, .account = acct, .holder = "ヤマダ　ハナコ", .amount = AMOUNTS[i % 8],
                            .new_code = i == 0 ? 1 : 0, .customer = cust};
        assert_int_equal(zengin_data(&d, rec, err, sizeof err), 0);
        rec[111] = results[i];
        memcpy(file + n, rec, ZENGIN_REC), n += ZENGIN_REC, memcpy(file + n, "\r\n", 2), n += 2;
        sum += d.amount;
        if (results[i] == '0')
            dn++, da += d.amount;
        else
            fnn++, fa += d.amount;
    }
    bool is_request = strspn(results, "0") == k;
    assert_int_equal(zengin_trailer((int64_t)k, sum, is_request ? 0 : dn, is_request ? 0 : da, is_request ? 0 : fnn,
                                    is_request ? 0 : fa, rec, err, sizeof err),
                     0);
    memcpy(file + n, rec, ZENGIN_REC), n += ZENGIN_REC, memcpy(file + n, "\r\n", 2), n += 2;
    zengin_end(rec);
    memcpy(file + n, rec, ZENGIN_REC), n += ZENGIN_REC, memcpy(file + n, "\r\n", 2), n += 2;
    return n;
}

static void request_field_by_field(void **state)
{
    (void)state;
    char *file = malloc(20000);
    size_t n = request(file, "000");
    assert_int_equal(n, 6 * 122);
    for (int k = 0; k < 6; k++) {
        assert_memory_equal(file + k * 122 + 120, "\r\n", 2);
        for (int i = 0; i < 120; i++) {
            unsigned char c = (unsigned char)file[k * 122 + i];
            /* only digits, A-Z, space, half-width kana, ( ) - . */
            assert_true((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == ' ' || (c >= 0xA6 && c <= 0xDF) ||
                        c == '(' || c == ')' || c == '-' || c == '.');
        }
    }
    const char *h = line(file, 0);
    assert_memory_equal(h, "1910", 4);
    assert_memory_equal(h + 4, "1234567890", 10);
    assert_memory_equal(h + 54, "1215", 4);            /* 引落日 MMDD */
    assert_memory_equal(h + 58, "0001", 4);
    assert_memory_equal(h + 77, "001", 3);
    assert_int_equal(h[95], '1');
    assert_memory_equal(h + 96, "1234567", 7);
    const char *d = line(file, 1);
    assert_int_equal(d[0], '2');
    assert_memory_equal(d + 1, "0005", 4);
    /* ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ: voiced kana split, ー -> '-', the small ェ written full size */
    assert_memory_equal(d + 5, "\xD0\xC2\xCB\xDE\xBC\xD5-\xB4\xCC\xBC\xDE\xB4\xB2  ", 15);
    assert_memory_equal(d + 80, "0000012100", 10);     /* N: zero-filled */
    assert_int_equal(d[90], '1');                      /* 新規コード: first debit */
    assert_memory_equal(d + 91, "00000000000010000000", 20);
    assert_int_equal(d[111], '0');
    const char *t = line(file, 4);
    assert_memory_equal(t, "8000003000000091696", 19);   /* 3 records, ¥91,696 */
    assert_memory_equal(t + 19, "000000000000000000", 18);
    zengin_file f;
    char err[300];
    assert_int_equal(zengin_parse(file, n, &f, err, sizeof err), 0);
    assert_int_equal(f.n, 3);
    assert_int_equal(f.total_amount, 91696);
    zengin_file_free(&f);
    free(file);
}

static void result_with_every_code(void **state)
{
    (void)state;
    char *file = malloc(20000);
    size_t n = request(file, "0123489");
    zengin_file f;
    char err[300];
    assert_int_equal(zengin_parse(file, n, &f, err, sizeof err), 0);
    assert_int_equal(f.n, 7);
    assert_int_equal(f.done_count, 1);
    assert_int_equal(f.failed_count, 6);
    const char *want[] = {"振替済", "資金不足", "取引なし", "預金者の都合による振替停止", "預金口座振替依頼書なし",
                          "委託者の都合による振替停止", "その他"};
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(zengin_result_text(f.records[i].result), want[i]);
    assert_null(zengin_result_text('N'));   /* an agent's own code: reported, never guessed */
    assert_string_equal(f.records[1].customer, "00000000000010000001");
    zengin_file_free(&f);
    /* the same file without a line end after the last record is accepted too */
    assert_int_equal(zengin_parse(file, n - 2, &f, err, sizeof err), 0);
    zengin_file_free(&f);
    free(file);
}

static void damaged_files_are_refused(void **state)
{
    (void)state;
    char *file = malloc(20000), *bad = malloc(20000);
    size_t n = request(file, "0110");
    zengin_file f;
    char err[300];
    /* truncated in the middle of a record */
    assert_int_equal(zengin_parse(file, n - 50, &f, err, sizeof err), -1);
    assert_non_null(strstr(err, "長さ"));
    /* trailer count disagrees with the records */
    memcpy(bad, file, n);
    bad[5 * 122 + 6] = '5';
    assert_int_equal(zengin_parse(bad, n, &f, err, sizeof err), -1);
    assert_non_null(strstr(err, "6 行目の合計件数・合計金額"));
    /* the split of the result disagrees */
    memcpy(bad, file, n);
    bad[2 * 122 + 111] = '0';   /* record 2 turned into a success without changing the trailer */
    assert_int_equal(zengin_parse(bad, n, &f, err, sizeof err), -1);
    assert_non_null(strstr(err, "振替済・振替不能"));
    /* a letter in an amount */
    memcpy(bad, file, n);
    bad[3 * 122 + 85] = 'X';
    assert_int_equal(zengin_parse(bad, n, &f, err, sizeof err), -1);
    assert_non_null(strstr(err, "4 行目の引落金額"));
    /* LF-only line ends */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (file[i] != '\r')
            bad[m++] = file[i];
    assert_int_equal(zengin_parse(bad, m, &f, err, sizeof err), -1);
    assert_non_null(strstr(err, "CR LF"));
    /* no trailer */
    memcpy(bad, file, n);
    bad[5 * 122] = '2';
    assert_int_equal(zengin_parse(bad, n, &f, err, sizeof err), -1);
    assert_non_null(strstr(err, "トレーラ"));
    free(file);
    free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kana),
        cmocka_unit_test(request_field_by_field),
        cmocka_unit_test(result_with_every_code),
        cmocka_unit_test(damaged_files_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
