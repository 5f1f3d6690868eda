/* Unit tests: the legacy mapping's parser and evaluation
 * (domain/interchange/ic_mapping) and the 和暦 reader (base/date). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/date.h"
#include "domain/interchange/ic_mapping.h"
#include "domain/interchange/ic_review.h"

static void wareki(const char *s, bool month, const char *want)
{
    civil_date d;
    bool ok = date_parse_wareki(s, month, &d);
    if (!want) {
        if (ok)
            fail_msg("%s should be refused", s);
        return;
    }
    if (!ok)
        fail_msg("%s should be read", s);
    char iso[11];
    date_format_iso(d, iso);
    assert_string_equal(iso, want);
}

static void wareki_dates_are_read_within_their_era(void **state)
{
    (void)state;
    wareki("R070401", false, "2025-04-01");
    wareki("r07.04.01", false, "2025-04-01");
    wareki("R7.4.1", false, "2025-04-01");
    wareki("5070401", false, "2025-04-01");
    wareki("令和7年4月1日", false, "2025-04-01");
    wareki("令和元年5月1日", false, "2019-05-01");
    wareki("H310430", false, "2019-04-30");
    wareki("平成元年1月8日", false, "1989-01-08");
    wareki("S640107", false, "1989-01-07");
    wareki("昭和64年1月7日", false, "1989-01-07");
    wareki("S50.12.31", false, "1975-12-31");
    /* outside the era, not a date, or not wareki */
    wareki("H310501", false, NULL);
    wareki("R010430", false, NULL);
    wareki("S640108", false, NULL);
    wareki("R070229", false, NULL);
    wareki("R071301", false, NULL);
    wareki("R00.04.01", false, NULL);
    wareki("X070401", false, NULL);
    wareki("2025-04-01", false, NULL);
    wareki("R0704", false, NULL);
    wareki("R070401x", false, NULL);
    /* months */
    wareki("R0704", true, "2025-04-01");
    wareki("令和元年5月", true, "2019-05-01");
    wareki("H3104", true, "2019-04-01");
    wareki("H3105", true, NULL);
    wareki("R0104", true, NULL);
    wareki("S6401", true, "1989-01-01");
    wareki("H0101", true, "1989-01-08");
}

static const char MAPPING[] =
    "# a legacy system\n"
    "[mapping]\n"
    "format = suido-mapping/1\n"
    "encoding = UTF-8\n"
    "[code.use]\n"
    "01 = general\n"
    "02 = business\n"
    "[bills.csv]\n"
    "source.file = BILL.DAT\n"
    "source.record = @1-1\n"
    "source.data = D\n"
    "source.trailer = T\n"
    "source.skip = H\n"
    "control.rows = @2-7 | int\n"
    "control.total_yen = @8-17 | int\n"
    "tap_no = @2-9\n"
    "cycle = @10-14 | month wareki\n"
    "issued_on = @15-21 | date wareki\n"
    "use_code = @22-23 | code use\n"
    "total_yen = @24-30 | decimals 1\n"
    "reason = @31-40 | default \"移行\"\n"
    "seq = \"1\"\n";

static ic_mapping *parse(const char *text, char *msg, size_t msgsz)
{
    return ic_mapping_parse(text, "legacy.ini", msg, msgsz);
}


static void mapping_is_parsed_and_evaluated(void **state)
{
    (void)state;
    char msg[400] = "";
    ic_mapping *m = parse(MAPPING, msg, sizeof msg);
    if (!m)
        fail_msg("%s", msg);
    assert_int_equal(m->ntargets, 1);
    const icm_target *t = &m->targets[0];
    assert_int_equal(t->file, IC_BILLS);
    assert_string_equal(t->source, "BILL.DAT");
    const char *line = "D00000012R0704R070410010001230  　　  ";
    size_t len = strlen(line);
    assert_int_equal(ic_mapping_record(m, t, line, len, NULL, 0), ICM_REC_DATA);
    assert_int_equal(ic_mapping_record(m, t, "T000001", 7, NULL, 0), ICM_REC_TRAILER);
    assert_int_equal(ic_mapping_record(m, t, "H", 1, NULL, 0), ICM_REC_SKIP);
    assert_int_equal(ic_mapping_record(m, t, "X", 1, NULL, 0), ICM_REC_UNKNOWN);
    buf_t raw, out;
    buf_init(&raw, 0);
    buf_init(&out, 0);
    struct { const char *col, *want; } cases[] = {
        {"tap_no", "00000012"}, {"cycle", "2025-04"}, {"issued_on", "2025-04-10"}, {"use_code", "general"},
        {"total_yen", "123"}, {"reason", "移行"}, {"seq", "1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int k = ic_format_csv_find(IC_BILLS, cases[i].col);
        assert_true(k >= 0);
        assert_true(t->cols[k].set);
        if (!ic_mapping_eval(m, &t->cols[k], line, len, NULL, 0, &raw, &out, msg, sizeof msg))
            fail_msg("%s: %s", cases[i].col, msg);
        assert_string_equal(buf_cstr(&out), cases[i].want);
    }
    /* errors: past the line's end, a bad date, an unknown code, a fraction */
    int k = ic_format_csv_find(IC_BILLS, "issued_on");
    assert_false(ic_mapping_eval(m, &t->cols[k], line, 18, NULL, 0, &raw, &out, msg, sizeof msg));
    assert_non_null(strstr(msg, "行の終わり"));
    const char *bad = "D00000012R0704R071310030001235";
    assert_false(ic_mapping_eval(m, &t->cols[k], bad, strlen(bad), NULL, 0, &raw, &out, msg, sizeof msg));
    assert_non_null(strstr(msg, "R071310"));
    k = ic_format_csv_find(IC_BILLS, "use_code");
    assert_false(ic_mapping_eval(m, &t->cols[k], bad, strlen(bad), NULL, 0, &raw, &out, msg, sizeof msg));
    assert_non_null(strstr(msg, "[code.use]"));
    k = ic_format_csv_find(IC_BILLS, "total_yen");
    assert_false(ic_mapping_eval(m, &t->cols[k], bad, strlen(bad), NULL, 0, &raw, &out, msg, sizeof msg));
    assert_non_null(strstr(msg, "端数"));
    buf_free(&raw);
    buf_free(&out);
    ic_mapping_free(m);
}

static void broken_mappings_name_their_line(void **state)
{
    (void)state;
    struct { const char *text, *want; } cases[] = {
        {"[mapping]\nformat = suido-mapping/1\n[nosuch.csv]\n", "legacy.ini:3: 移行形式にないファイル"},
        {"[mapping]\nformat = suido-mapping/1\n[taps.csv]\nsource.file = T\nnosuch = @1-2\n", "legacy.ini:5: このファイルにない列"},
        {"[mapping]\nformat = suido-mapping/1\n[taps.csv]\nsource.file = T\ntap_no = @5-2\n", "legacy.ini:5: バイト位置"},
        {"[mapping]\nformat = suido-mapping/1\n[taps.csv]\nsource.file = T\ntap_no = @1-2 | frobnicate\n", "legacy.ini:5: 知らないフィルタ"},
        {"[mapping]\nformat = suido-mapping/1\n[taps.csv]\nsource.file = T\nuse_code = @1-2 | code use\n", "legacy.ini:5: 対応表がありません"},
        {"[mapping]\nformat = suido-mapping/1\n[taps.csv]\ntap_no = @1-2\n", "legacy.ini:3: source.file がありません"},
        {"[mapping]\nencoding = UTF-8\n", "[mapping] に format"},
        {"tap_no = @1-2\n", "legacy.ini:1: 最初に [mapping]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char msg[400] = "";
        ic_mapping *m = parse(cases[i].text, msg, sizeof msg);
        if (m)
            fail_msg("case %zu should be refused", i);
        if (!strstr(msg, cases[i].want))
            fail_msg("case %zu: %s (wanted %s)", i, msg, cases[i].want);
    }
}

static void full_width_spaces_are_trimmed(void **state)
{
    (void)state;
    char s[64];
    str_copy(s, sizeof s, "　 山田　太郎 　");
    ic_mapping_trim(s);
    assert_string_equal(s, "山田　太郎");
}

static void review_counts_by_fiscal_year_and_masks_personal_data(void **state)
{
    (void)state;
    assert_int_equal(ic_review_fiscal_year("2025-03-31"), 2024);
    assert_int_equal(ic_review_fiscal_year("2025-04-01"), 2025);
    ic_review rv;
    ic_review_init(&rv);
    int n = ic_format_csv_cols(IC_CUSTOMERS);
    const char *fields[IC_MAX_CSV_COLS];
    for (int k = 0; k < n; k++)
        fields[k] = "0";
    fields[ic_format_csv_find(IC_CUSTOMERS, "name")] = "山田太郎";
    ic_review_row(&rv, IC_CUSTOMERS, fields, n, NULL);
    ic_review_file(&rv, IC_CUSTOMERS);
    ic_sum none[1];
    ic_review_control(&rv, IC_CUSTOMERS, "manifest.json", true, 2, none, 0);
    const icr_item *items;
    size_t ni;
    int64_t differ;
    assert_true(ic_review_finish(&rv, &items, &ni, &differ));
    assert_int_equal(differ, 1);   /* 2 rows said, 1 read */
    bool masked = false;
    for (size_t i = 0; i < ni; i++) {
        assert_null(strstr(items[i].loaded, "山田"));
        assert_null(strstr(items[i].legacy, "山田"));
        if (items[i].section == ICR_SAMPLE && strcmp(items[i].name, "name") == 0)
            masked = strcmp(items[i].loaded, ICR_MASK) == 0;
    }
    assert_true(masked);
    ic_review_free(&rv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wareki_dates_are_read_within_their_era),
        cmocka_unit_test(mapping_is_parsed_and_evaluated),
        cmocka_unit_test(broken_mappings_name_their_line),
        cmocka_unit_test(full_width_spaces_are_trimmed),
        cmocka_unit_test(review_counts_by_fiscal_year_and_masks_personal_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
