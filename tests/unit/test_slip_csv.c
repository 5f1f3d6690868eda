/* Unit tests: the print vendor's slip CSV, written to its file as the slips
 * come — the header once, the BOM once however many chunks, and a run that
 * fails leaves no file behind (neither PATH nor its temporary). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/slip_csv.h"

static void a_slip(app_slip *s, int i, const char *name)
{
    memset(s, 0, sizeof *s);
    str_fmt(s->tap_no, sizeof s->tap_no, "%08d", 10000000 + i);
    str_copy(s->customer, sizeof s->customer, name);
    str_copy(s->address, sizeof s->address, "山峡市中央一丁目1-1");
    str_copy(s->cycle, sizeof s->cycle, "2026-11");
    str_copy(s->period_from, sizeof s->period_from, "2026-09-30");
    str_copy(s->period_to, sizeof s->period_to, "2026-11-30");
    str_copy(s->due_on, sizeof s->due_on, "2026-12-21");
    s->usage = 20;
    s->total_yen = s->amount = 4180;
    str_copy(s->code, sizeof s->code, "91912345100000010000000000000112012210041800");
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    p[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return p;
}

static size_t files_in(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static size_t count(const char *hay, size_t len, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        n += memcmp(hay + i, needle, k) == 0;
    return n;
}

/* A CSV at a new folder's name, opened in encoding, with n rows named name
 * already added: path receives the file's path. */
static void open_with_rows(slip_csv_file *c, char dir[], char *path, size_t pathsz, const char *file, int encoding,
                           int n, const char *name)
{
    assert_non_null(mkdtemp(dir));
    str_fmt(path, pathsz, "%s/%s", dir, file);
    assert_true(slip_csv_open(c, path, encoding));
    app_slip s;
    for (int i = 0; i < n; i++) {
        a_slip(&s, i, name);
        assert_true(slip_csv_add(c, &s));
    }
}

/* 20,000 rows (several flushes): one BOM at the head, one header, every row. */
static void many_rows_one_bom(void **state)
{
    (void)state;
    char dir[] = "/tmp/suido-unit-slipcsv-XXXXXX", path[128];
    slip_csv_file c;
    open_with_rows(&c, dir, path, sizeof path, "slips.csv", CSV_UTF8_BOM, 20000, "山峡 太郎");
    assert_true(slip_csv_close(&c, true));
    size_t len;
    char *p = slurp(path, &len);
    assert_true(len > (size_t)2 << 20);   /* well past one chunk */
    assert_memory_equal(p, "\xEF\xBB\xBF水栓番号,", 3 + strlen("水栓番号,"));
    assert_int_equal(count(p, len, "\xEF\xBB\xBF"), 1);
    assert_int_equal(count(p, len, "水栓番号"), 1);
    assert_int_equal(count(p, len, "\r\n"), 20001);
    assert_non_null(strstr(p, "\r\n10019999,山峡 太郎,"));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);   /* names and places of use: the owner's only */
    assert_int_equal(files_in(dir), 1);          /* no temporary left beside it */
    free(p);
    unlink(path);
    rmdir(dir);
}

/* A run that fails after rows were already written out (the database walk
 * broke off; the caller closes without keeping): no file at the path, no
 * temporary left. */
static void a_failed_run_leaves_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/suido-unit-slipcsv-XXXXXX", path[128];
    slip_csv_file c;
    open_with_rows(&c, dir, path, sizeof path, "vendor.csv", CSV_CP932, 5000, "山峡 花子");
    app_slip s;
    assert_int_equal(files_in(dir), 1);   /* the temporary, already holding rows */
    assert_false(slip_csv_close(&c, false));
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(files_in(dir), 0);
    /* a path that is taken by a folder: the rename fails, nothing is left */
    assert_int_equal(mkdir(path, 0700), 0);
    assert_true(slip_csv_open(&c, path, CSV_UTF8));
    a_slip(&s, 1, "山峡 花子");
    assert_true(slip_csv_add(&c, &s));
    assert_false(slip_csv_close(&c, true));
    assert_int_equal(files_in(dir), 1);   /* the folder only */
    rmdir(path);
    rmdir(dir);
}

/* A folder that does not exist: refused at open, nothing created. */
static void no_such_folder(void **state)
{
    (void)state;
    slip_csv_file c;
    assert_false(slip_csv_open(&c, "/nonexistent-suido-dir/slips.csv", CSV_UTF8));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_rows_one_bom),
        cmocka_unit_test(a_failed_run_leaves_nothing),
        cmocka_unit_test(no_such_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
