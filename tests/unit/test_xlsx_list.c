/* Unit tests: report/xlsx_list — a workbook of several sheets is written whatever the sheets'
 * names: a title longer than Excel's 31 characters is cut (never inside a character), Excel's
 * forbidden characters are replaced, and two sheets of the same name are told apart; before,
 * libxlsxwriter refused such a name and the export crashed on the missing sheet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/xlsx_list.h"

static const char *const COLS[] = {"区分", "件数"};
static const char *const ROWS[] = {"一般用", "業務用"};

static void row(lxw_worksheet *ws, lxw_row_t r, size_t i, const void *arg, const xlsx_list_formats *f)
{
    (void)arg;
    worksheet_write_string(ws, r, 0, ROWS[i], f->label);
    worksheet_write_number(ws, r, 1, (double)(i + 1), f->num);
}

static void long_forbidden_and_repeated_names(void **state)
{
    (void)state;
    char path[] = "/tmp/test-xlsx-list-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    const char *names[] = {
        "用途別・口径別・地区別・下水道別の調定件数と有収水量と料金の内訳（更正・減免を含む）",  /* 40+ characters */
        "用途別・口径別・地区別・下水道別の調定件数と有収水量と料金の内訳（更正・減免を含む）",  /* the same again */
        "A/B:C [D]*?",
        "",
    };
    xlsx_list l[4];
    for (int i = 0; i < 4; i++)
        l[i] = (xlsx_list){names[i], "表題", COLS, 2, NULL, 1, "2026-12-06", "", 2, "tester", 0, 2, row, NULL};
    char err[256] = "";
    assert_int_equal(xlsx_list_write_sheets(l, 4, path, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 1000);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(long_forbidden_and_repeated_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
