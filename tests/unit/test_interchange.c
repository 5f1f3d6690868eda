/* Unit tests: the interchange format suido-interchange/1 (domain/interchange):
 * the table of files (every reference points back, names unique, the key
 * widths of composite references), the check of a field, the key map, and
 * the manifest written and read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/interchange/ic_format.h"
#include "domain/interchange/ic_keymap.h"
#include "domain/interchange/ic_manifest.h"

static void files_refer_back_and_names_are_unique(void **state)
{
    (void)state;
    for (int f = 0; f < IC_FILE__COUNT; f++) {
        const ic_file_def *d = ic_format_file(f);
        assert_non_null(d);
        assert_int_equal(ic_format_find(d->file), f);
        assert_true(ic_format_csv_cols(f) <= IC_MAX_CSV_COLS);
        char names[IC_MAX_CSV_COLS][128];
        int n = 0, keys = 0;
        for (int c = 0; c < d->ncols; c++) {
            const ic_col *col = &d->cols[c];
            keys += (col->flags & IC_KEY) != 0;
            if (col->kind == IC_REF) {
                assert_true(col->ref <= f);   /* an earlier file, or earlier lines of this one */
                if (col->ref == f)
                    assert_true(col->flags & IC_NULL);
            }
            if (col->kind == IC_SEQ)
                assert_true(col->flags & IC_KEY);
            for (int k = 0; k < ic_format_width(f, c); k++)
                ic_format_csv_name(f, c, k, names[n++], sizeof names[0]);
        }
        assert_true(keys > 0);
        assert_int_equal(n, ic_format_csv_cols(f));
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (strcmp(names[i], names[j]) == 0)
                    fail_msg("%s: column %s twice", d->file, names[i]);
    }
    assert_int_equal(ic_format_find("nothing.csv"), -1);
}

/* A bill's key is tap_no, cycle, seq: an allocation names it in three columns. */
static void composite_references_expand(void **state)
{
    (void)state;
    const ic_file_def *d = ic_format_file(IC_ALLOCATIONS);
    char name[128];
    int c_bill = -1;
    for (int c = 0; c < d->ncols; c++)
        if (d->cols[c].kind == IC_REF && d->cols[c].ref == IC_BILLS)
            c_bill = c;
    assert_true(c_bill >= 0);
    assert_int_equal(ic_format_width(IC_ALLOCATIONS, c_bill), 3);
    ic_format_csv_name(IC_ALLOCATIONS, c_bill, 0, name, sizeof name);
    assert_string_equal(name, "bill_tap_no");
    ic_format_csv_name(IC_ALLOCATIONS, c_bill, 2, name, sizeof name);
    assert_string_equal(name, "bill_seq");
    ic_format_csv_name(IC_TAPS, 1, 0, name, sizeof name);
    assert_string_equal(name, "area_code");   /* a code reference: the target's code */
}

static void fields_are_checked_by_kind(void **state)
{
    (void)state;
    char msg[256];
    const ic_col date = {"read_on", IC_DATE, 0, 0}, date_null = {"end_on", IC_DATE, IC_NULL, 0};
    const ic_col yen = {"total_yen", IC_INT, IC_REQ | IC_YEN, 0}, code = {"kind", IC_CODE, IC_REQ, 0};
    const ic_col id = {"customer_no", IC_INT, IC_KEY | IC_REQ | IC_ID, 0}, text = {"note", IC_TEXT, 0, 0};
    assert_true(ic_format_check(&date, "2024-02-29", msg, sizeof msg));
    assert_false(ic_format_check(&date, "2023-02-29", msg, sizeof msg));
    assert_string_equal(msg, "日付は YYYY-MM-DD の実在する日にしてください（2023-02-29）。");
    assert_false(ic_format_check(&date, "2024/02/01", msg, sizeof msg));   /* written exactly */
    assert_false(ic_format_check(&date, "", msg, sizeof msg));
    assert_true(ic_format_check(&date_null, "", msg, sizeof msg));
    assert_true(ic_format_check(&yen, "-1200", msg, sizeof msg));
    assert_false(ic_format_check(&yen, "1,200", msg, sizeof msg));
    assert_false(ic_format_check(&yen, "12.5", msg, sizeof msg));
    assert_false(ic_format_check(&yen, "", msg, sizeof msg));
    assert_string_equal(msg, "空欄にできません。");
    assert_false(ic_format_check(&code, "a b", msg, sizeof msg));
    assert_false(ic_format_check(&id, "0", msg, sizeof msg));
    assert_true(ic_format_check(&text, "二行\n目, \"引用\"", msg, sizeof msg));
    assert_false(ic_format_check(&text, "bell\a", msg, sizeof msg));
}

static void keymap_finds_counts_and_grows(void **state)
{
    (void)state;
    ic_keymap m;
    ic_keymap_init(&m);
    bool dup;
    char k[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(k, sizeof k, "%08d\x1f" "2024-04", i);
        assert_true(ic_keymap_put(&m, k, i + 1, i % 2 ? "aux" : NULL, &dup));
        assert_false(dup);
    }
    assert_int_equal(m.n, 5000);
    assert_true(ic_keymap_put(&m, "00000042\x1f" "2024-04", 99, NULL, &dup));
    assert_true(dup);
    ic_keymap_slot *s = ic_keymap_get(&m, "00000042\x1f" "2024-04");
    assert_non_null(s);
    assert_int_equal(s->id, 43);   /* the first one kept */
    assert_null(ic_keymap_get(&m, "00000042"));
    assert_int_equal(ic_keymap_count(&m, "group"), 1);
    assert_int_equal(ic_keymap_count(&m, "group"), 2);
    assert_int_equal(ic_keymap_count(&m, "other"), 1);
    ic_keymap_free(&m);
    assert_null(ic_keymap_get(&m, "group"));
}

/* Integer keys (the export's id → business key): found after the table has
 * doubled many times, ids far apart and side by side alike; a key given twice
 * keeps the first; the aux strings stay where they were put (the pool never
 * moves them) and a string longer than a pool chunk is kept whole. */
static void keymap_integer_keys_collide_and_grow(void **state)
{
    (void)state;
    ic_keymap m;
    ic_keymap_init(&m);
    bool dup;
    char aux[40];
    const char *first_aux = NULL;
    for (int64_t i = 1; i <= 20000; i++) {
        int64_t id = i % 2 ? i : i << 40;   /* odd: dense; even: far apart, the same low bits */
        snprintf(aux, sizeof aux, "%08lld" "2024-04", (long long)i);
        ic_keymap_slot *s = ic_keymap_put_int(&m, id, i, aux, &dup);
        assert_non_null(s);
        assert_false(dup);
        if (i == 1)
            first_aux = s->aux;
    }
    assert_int_equal(m.n, 20000);
    assert_true(m.cap >= 2 * m.n);
    for (int64_t i = 1; i <= 20000; i++) {
        ic_keymap_slot *s = ic_keymap_get_int(&m, i % 2 ? i : i << 40);
        assert_non_null(s);
        assert_int_equal(s->id, i);
        snprintf(aux, sizeof aux, "%08lld" "2024-04", (long long)i);
        assert_string_equal(s->aux, aux);
    }
    assert_ptr_equal(ic_keymap_get_int(&m, 1)->aux, first_aux);
    assert_null(ic_keymap_get_int(&m, 2));   /* 2 went in as 2 << 40 */
    assert_null(ic_keymap_get_int(&m, 0));
    ic_keymap_slot *again = ic_keymap_put_int(&m, 3, 99, "other", &dup);
    assert_true(dup);
    assert_int_equal(again->id, 3);
    size_t big = 3 * 1024 * 1024;
    char *long_aux = malloc(big + 1);
    assert_non_null(long_aux);
    memset(long_aux, 'x', big);
    long_aux[big] = '\0';
    assert_non_null(ic_keymap_put_int(&m, -7, -7, long_aux, &dup));
    assert_int_equal(strlen(ic_keymap_get_int(&m, -7)->aux), big);
    assert_string_equal(ic_keymap_get_int(&m, 19999)->aux, "00019999\x1f" "2024-04");
    free(long_aux);
    ic_keymap_free(&m);
    assert_null(ic_keymap_get_int(&m, 1));
}

/* Ids in increasing order (an export reads each table by id): kept in
 * order without hashing, found by their distance from the first (no gaps)
 * or by halving (after a gap); absent ids in the gaps and outside are not
 * found; an id given again keeps the first; one out of order turns the map
 * into a hash table and every id is still found. */
static void keymap_increasing_ids_are_kept_in_order(void **state)
{
    (void)state;
    ic_keymap m;
    ic_keymap_init(&m);
    bool dup;
    char aux[32];
    int64_t n = 0;
    for (int64_t id = 10; id < 30000; id += id % 1000 == 0 ? 7 : 1) {   /* runs of ids with gaps of 6 */
        snprintf(aux, sizeof aux, "key%lld", (long long)id);
        assert_non_null(ic_keymap_put_int(&m, id, id * 2, aux, &dup));
        assert_false(dup);
        n++;
    }
    assert_true(m.sorted);
    assert_int_equal(m.n, n);
    assert_int_equal(ic_keymap_get_int(&m, 10)->id, 20);
    assert_string_equal(ic_keymap_get_int(&m, 999)->aux, "key999");
    assert_string_equal(ic_keymap_get_int(&m, 1007)->aux, "key1007");   /* past the first gap */
    assert_string_equal(ic_keymap_get_int(&m, 29999)->aux, "key29999");
    for (int64_t id = 1001; id < 1007; id++)
        assert_null(ic_keymap_get_int(&m, id));   /* in a gap */
    assert_null(ic_keymap_get_int(&m, 9));
    assert_null(ic_keymap_get_int(&m, 30000));
    ic_keymap_slot *again = ic_keymap_put_int(&m, 500, 1, "other", &dup);
    assert_true(dup);
    assert_int_equal(again->id, 1000);
    assert_true(m.sorted);
    /* out of order: 1003 (in a gap) comes after 29999 */
    assert_non_null(ic_keymap_put_int(&m, 1003, 5, "late", &dup));
    assert_false(dup);
    assert_false(m.sorted);
    assert_int_equal(m.n, n + 1);
    for (int64_t id = 10; id < 30000; id += id % 1000 == 0 ? 7 : 1)
        assert_int_equal(ic_keymap_get_int(&m, id)->id, id * 2);
    assert_string_equal(ic_keymap_get_int(&m, 1003)->aux, "late");
    assert_null(ic_keymap_get_int(&m, 1004));
    ic_keymap_free(&m);
    /* a text map given room for its keys at once takes them without growing */
    ic_keymap_init(&m);
    assert_true(ic_keymap_reserve(&m, 5000));
    size_t cap = m.cap;
    for (int i = 0; i < 5000; i++) {
        snprintf(aux, sizeof aux, "k%d", i);
        assert_non_null(ic_keymap_put(&m, aux, i, NULL, &dup));
    }
    assert_int_equal(m.cap, cap);
    assert_int_equal(ic_keymap_get(&m, "k4999")->id, 4999);
    ic_keymap_free(&m);
}

static void manifest_written_and_read_back(void **state)
{
    (void)state;
    ic_manifest m = {.schema_version = 28, .nfiles = 2};
    str_copy(m.format, sizeof m.format, IC_FORMAT_NAME);
    str_copy(m.created_at, sizeof m.created_at, "2026-04-01T00:00:00Z");
    str_copy(m.encoding, sizeof m.encoding, "UTF-8");
    str_copy(m.files[0].name, sizeof m.files[0].name, "taps.csv");
    m.files[0].rows = 3;
    memset(m.files[0].sha256, 'a', 64);
    str_copy(m.files[1].name, sizeof m.files[1].name, "bills.csv");
    m.files[1].rows = 2;
    memset(m.files[1].sha256, 'b', 64);
    m.files[1].nsums = ic_manifest_sums_init(IC_BILLS, m.files[1].sums);
    assert_int_equal(m.files[1].nsums, 5);
    assert_true(ic_manifest_sum_add(m.files[1].sums, m.files[1].nsums, "total_yen", 7656));
    assert_true(ic_manifest_sum_add(m.files[1].sums, m.files[1].nsums, "total_yen", -1200));
    assert_false(ic_manifest_sum_add(m.files[1].sums, m.files[1].nsums, "total_yen", INT64_MAX));
    buf_t b;
    buf_init(&b, 0);
    ic_manifest_write(&m, &b);
    ic_manifest back;
    char msg[256];
    assert_true(ic_manifest_parse(buf_cstr(&b), &back, msg, sizeof msg));
    assert_int_equal(back.nfiles, 2);
    assert_int_equal(back.schema_version, 28);
    const ic_manifest_file *bills = ic_manifest_find(&back, "bills.csv");
    assert_non_null(bills);
    assert_int_equal(bills->rows, 2);
    assert_string_equal(bills->sums[4].col, "total_yen");
    assert_int_equal(bills->sums[4].yen, 6456);
    assert_null(ic_manifest_find(&back, "meters.csv"));
    buf_free(&b);
    assert_false(ic_manifest_parse("{\"format\": \"other/1\", \"schema_version\": 1, \"files\": []}", &back, msg,
                                   sizeof msg));
    assert_string_equal(msg, "manifest.json: format が suido-interchange/1 ではありません。");
    assert_false(ic_manifest_parse("{\"format\": \"suido-interchange/1\", \"schema_version\": 1, \"files\":"
                                   " [{\"name\": \"taps.csv\", \"rows\": 1, \"sha256\": \"ab\"}]}",
                                   &back, msg, sizeof msg));
    assert_false(ic_manifest_parse("not json", &back, msg, sizeof msg));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_refer_back_and_names_are_unique),
        cmocka_unit_test(composite_references_expand),
        cmocka_unit_test(fields_are_checked_by_kind),
        cmocka_unit_test(keymap_finds_counts_and_grows),
        cmocka_unit_test(keymap_integer_keys_collide_and_grow),
        cmocka_unit_test(keymap_increasing_ids_are_kept_in_order),
        cmocka_unit_test(manifest_written_and_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
