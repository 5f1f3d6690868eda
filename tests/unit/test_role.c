/* Unit tests: the permission table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/role.h"

static void hierarchy_grows_upwards(void **state)
{
    (void)state;
    assert_true(role_has(ROLE_VIEWER, PERM_CUSTOMER_VIEW));
    assert_false(role_has(ROLE_VIEWER, PERM_CUSTOMER_EDIT));
    assert_true(role_has(ROLE_READER, PERM_READING_ENTER));
    assert_false(role_has(ROLE_READER, PERM_CUSTOMER_EDIT));
    /* A reader enters readings but cannot confirm a held one: a second person does. */
    assert_false(role_has(ROLE_READER, PERM_READING_CONFIRM));
    assert_true(role_has(ROLE_CLERK, PERM_READING_CONFIRM));
    assert_true(role_has(ROLE_CLERK, PERM_CUSTOMER_EDIT));
    assert_false(role_has(ROLE_CLERK, PERM_APPROVE));
    assert_true(role_has(ROLE_CHIEF, PERM_APPROVE));
    assert_false(role_has(ROLE_CHIEF, PERM_USER_ADMIN));
    assert_true(role_has(ROLE_ADMIN, PERM_USER_ADMIN));
    assert_true(role_has(ROLE_ADMIN, PERM_APPROVE));
    /* Each role in the chain holds everything the role below it holds. */
    for (int r = ROLE_READER; r <= ROLE_ADMIN; r++)
        for (int p = 0; p < PERM__MAX; p++)
            if (role_has(r - 1, p))
                assert_true(role_has(r, p));
}

static void auditor_and_works_stand_aside(void **state)
{
    (void)state;
    assert_true(role_has(ROLE_AUDITOR, PERM_AUDIT_VIEW));
    assert_false(role_has(ROLE_AUDITOR, PERM_CUSTOMER_VIEW));
    assert_false(role_has(ROLE_ADMIN, PERM_AUDIT_VIEW));       /* separation of duties */
    assert_true(role_has(ROLE_WORKS, PERM_WORKS));
    assert_false(role_has(ROLE_WORKS, PERM_CUSTOMER_EDIT));
    /* the works section keeps the contractor master; 認可 is a 係長's; a
     * billing clerk may read works applications (receipts at the counter) */
    assert_true(role_has(ROLE_WORKS, PERM_WORKS_CONTRACTOR));
    assert_false(role_has(ROLE_WORKS, PERM_WORKS_APPROVE));
    assert_true(role_has(ROLE_CHIEF, PERM_WORKS_APPROVE));
    assert_true(role_has(ROLE_CLERK, PERM_WORKS_VIEW));
    assert_false(role_has(ROLE_CLERK, PERM_WORKS));
    assert_false(role_has(ROLE_AUDITOR, PERM_WORKS_VIEW));
    assert_false(role_has(-1, PERM_NONE));
    assert_false(role_has(ROLE_ADMIN, PERM__MAX));
}

/* The 403 page names who may: every role that has the permission, in order. */
static void the_roles_that_may_are_named(void **state)
{
    (void)state;
    char out[128];
    role_labels_with(PERM_APPROVE, out, sizeof out);
    for (int r = 0; r < ROLE__MAX; r++)
        assert_int_equal(strstr(out, role_label(r)) != NULL, role_has(r, PERM_APPROVE));
    assert_non_null(strstr(out, "係長"));
    assert_null(strstr(out, "閲覧"));
    char tiny[8];
    role_labels_with(PERM_CUSTOMER_VIEW, tiny, sizeof tiny);   /* cut at a whole label, never mid-character */
    assert_true(strlen(tiny) < sizeof tiny);
    assert_true(strlen(tiny) == 0 || strlen(tiny) % 3 == 0);
}

static void names_parse_both_ways(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE__MAX; r++) {
        assert_int_equal(role_parse(role_code(r)), r);
        assert_int_equal(role_parse(role_label(r)), r);
    }
    assert_int_equal(role_parse("係長"), ROLE_CHIEF);
    assert_int_equal(role_parse("root"), -1);
    assert_int_equal(role_parse(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hierarchy_grows_upwards),
        cmocka_unit_test(auditor_and_works_stand_aside),
        cmocka_unit_test(names_parse_both_ways),
        cmocka_unit_test(the_roles_that_may_are_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
