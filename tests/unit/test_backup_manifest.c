/* Unit tests: backup_manifest (domain/backup_manifest.h) — a manifest
 * written and read back, tables compared (same, a row more, a changed
 * checksum, a table missing or extra: each names the table), text that is
 * not a manifest refused naming the line; and backup_retention
 * (domain/backup_retention.h): the restic forget options, a zero count left
 * out, all zero refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "domain/backup_manifest.h"
#include "domain/backup_retention.h"

static const char H1[] = "1111111111111111111111111111111111111111111111111111111111111111";
static const char H2[] = "2222222222222222222222222222222222222222222222222222222222222222";

static void sample(backup_manifest *m)
{
    memset(m, 0, sizeof *m);
    str_copy(m->version, sizeof m->version, "0.9.0");
    m->schema = 29;
    str_copy(m->created, sizeof m->created, "2026-12-05T20:30:00Z");
    str_copy(m->file_sha256, sizeof m->file_sha256, H1);
    m->file_bytes = 4096;
    assert_true(backup_manifest_add_table(m, "customers", 120, H1));
    assert_true(backup_manifest_add_table(m, "payments", 0, H2));
}

static void round_trip(void **state)
{
    (void)state;
    backup_manifest m, back;
    sample(&m);
    buf_t b;
    buf_init(&b, 0);
    assert_true(backup_manifest_format(&m, &b));
    assert_string_equal(buf_cstr(&b), "suido-backup-manifest 1\nversion 0.9.0\nschema 29\ncreated 2026-12-05T20:30:00Z\n"
                                      "file_sha256 1111111111111111111111111111111111111111111111111111111111111111\n"
                                      "file_bytes 4096\n"
                                      "table customers 120 1111111111111111111111111111111111111111111111111111111111111111\n"
                                      "table payments 0 2222222222222222222222222222222222222222222222222222222222222222\n");
    char why[160];
    assert_true(backup_manifest_parse(buf_cstr(&b), &back, why, sizeof why));
    assert_int_equal(back.schema, 29);
    assert_int_equal(back.file_bytes, 4096);
    assert_string_equal(back.version, "0.9.0");
    assert_int_equal(back.ntables, 2);
    assert_int_equal(back.tables[0].rows, 120);
    assert_true(backup_manifest_same_tables(&m, &back, why, sizeof why));
    buf_free(&b);
    backup_manifest_free(&m);
    backup_manifest_free(&back);
}

static void differences_name_the_table(void **state)
{
    (void)state;
    backup_manifest want, got;
    char what[160];
    sample(&want);
    sample(&got);
    got.tables[1].rows = 1;
    assert_false(backup_manifest_same_tables(&want, &got, what, sizeof what));
    assert_string_equal(what, "table payments: 1 rows, the manifest says 0");
    got.tables[1].rows = 0;
    got.tables[0].sha256[0] = '3';
    assert_false(backup_manifest_same_tables(&want, &got, what, sizeof what));
    assert_string_equal(what, "table customers: its rows differ from the manifest (checksum)");
    got.tables[0].sha256[0] = '1';
    assert_true(backup_manifest_add_table(&got, "extra", 1, H1));
    assert_false(backup_manifest_same_tables(&want, &got, what, sizeof what));
    assert_string_equal(what, "table extra is not in the manifest");
    assert_false(backup_manifest_same_tables(&got, &want, what, sizeof what));
    assert_string_equal(what, "table extra is missing");
    backup_manifest_free(&want);
    backup_manifest_free(&got);
}

static void not_a_manifest(void **state)
{
    (void)state;
    backup_manifest m;
    char why[160];
    assert_false(backup_manifest_parse("hello\n", &m, why, sizeof why));
    assert_string_equal(why, "manifest line 1: not a suido backup manifest of this format");
    assert_false(backup_manifest_parse("suido-backup-manifest 2\n", &m, why, sizeof why));
    assert_false(backup_manifest_parse("suido-backup-manifest 1\nversion x\nschema 3\ntable t -1 abc\n", &m, why,
                                       sizeof why));
    assert_string_equal(why, "manifest line 4: not understood");
    assert_false(backup_manifest_parse("suido-backup-manifest 1\nversion x\nschema 3\n", &m, why, sizeof why));
    assert_non_null(strstr(why, "missing"));
    assert_null(m.tables);
}

static void retention_args(void **state)
{
    (void)state;
    backup_retention r = backup_retention_default();
    const char *args[6];
    char nums[3][24];
    size_t n = backup_retention_args(&r, args, nums);
    assert_int_equal(n, 6);
    assert_string_equal(args[0], "--keep-daily");
    assert_string_equal(args[1], "14");
    assert_string_equal(args[3], "8");
    assert_string_equal(args[5], "12");
    r.weekly = 0;
    n = backup_retention_args(&r, args, nums);
    assert_int_equal(n, 4);
    assert_string_equal(args[2], "--keep-monthly");
    char why[160];
    assert_true(backup_retention_valid(&r, why, sizeof why));
    r.daily = r.monthly = 0;
    assert_false(backup_retention_valid(&r, why, sizeof why));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(differences_name_the_table),
        cmocka_unit_test(not_a_manifest),
        cmocka_unit_test(retention_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
