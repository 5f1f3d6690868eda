/* compact_space: the room `suido db compact` asks for before it starts, on one
 * disk and on two, and the message naming the directory short of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/compact_space.h"

#define MB ((int64_t)1 << 20)

static void one_disk_needs_the_copy_and_the_log(void **state)
{
    (void)state;
    compact_disk d = {.dev = 7, .free_bytes = 0}, t = {.dev = 7, .free_bytes = 0};
    int64_t need_db, need_tmp;
    compact_space_need(1000 * MB, d, t, &need_db, &need_tmp);
    assert_int_equal(need_db, 2200 * MB);   /* the copy and the log, a tenth more each */
    assert_int_equal(need_tmp, 0);
    char why[512];
    d.free_bytes = t.free_bytes = 2200 * MB;
    assert_true(compact_space_ok(1000 * MB, d, "/var/lib/suido", t, "/var/tmp", why, sizeof why));
    assert_string_equal(why, "");
    d.free_bytes = t.free_bytes = 2199 * MB;
    assert_false(compact_space_ok(1000 * MB, d, "/var/lib/suido", t, "/var/tmp", why, sizeof why));
    assert_non_null(strstr(why, "/var/lib/suido の空き容量が足りません"));
    assert_non_null(strstr(why, "空き 2199 MB、必要 2200 MB"));
    assert_non_null(strstr(why, "データベース 1000 MB"));
}

static void two_disks_each_need_one_size(void **state)
{
    (void)state;
    compact_disk d = {.dev = 7, .free_bytes = 1100 * MB}, t = {.dev = 9, .free_bytes = 1100 * MB};
    int64_t need_db, need_tmp;
    compact_space_need(1000 * MB, d, t, &need_db, &need_tmp);
    assert_int_equal(need_db, 1100 * MB);
    assert_int_equal(need_tmp, 1100 * MB);
    char why[512];
    assert_true(compact_space_ok(1000 * MB, d, "/srv/suido", t, "/tmp", why, sizeof why));
    t.free_bytes = 500 * MB;   /* the temporary directory is the short one: named, with the way out */
    assert_false(compact_space_ok(1000 * MB, d, "/srv/suido", t, "/tmp", why, sizeof why));
    assert_non_null(strstr(why, "一時ディレクトリ /tmp の空き容量が足りません"));
    assert_non_null(strstr(why, "SQLITE_TMPDIR"));
    d.free_bytes = 1099 * MB;
    t.free_bytes = 1100 * MB;
    assert_false(compact_space_ok(1000 * MB, d, "/srv/suido", t, "/tmp", why, sizeof why));
    assert_non_null(strstr(why, "/srv/suido の空き容量が足りません"));
}

static void an_empty_database_needs_nothing(void **state)
{
    (void)state;
    compact_disk d = {.dev = 1, .free_bytes = 0}, t = {.dev = 1, .free_bytes = 0};
    char why[64];
    assert_true(compact_space_ok(0, d, "/x", t, "/x", why, sizeof why));
    assert_true(compact_space_ok(-5, d, "/x", t, "/x", why, sizeof why));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_disk_needs_the_copy_and_the_log),
        cmocka_unit_test(two_disks_each_need_one_size),
        cmocka_unit_test(an_empty_database_needs_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
