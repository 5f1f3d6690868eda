/* Unit tests: the audit screen's Japanese names for actions and detail keys
 * (a code without one is shown as itself). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/audit_labels.h"

static void known_actions_and_keys_read_in_japanese(void **state)
{
    (void)state;
    assert_string_equal(audit_action_label("reading.confirm"), "検針の確定");
    assert_string_equal(audit_action_label("customer.search"), "お客様検索");
    assert_string_equal(audit_key_label("usage"), "使用水量");
    assert_string_equal(audit_key_label("reason"), "理由");
    assert_string_equal(audit_action_label("arrears.export"), "滞納整理簿の出力");
    assert_string_equal(audit_key_label("amount_min"), "滞納額（から）");
}

static void unknown_codes_have_no_label(void **state)
{
    (void)state;
    assert_null(audit_action_label("no.such_action"));
    assert_null(audit_action_label(NULL));
    assert_null(audit_key_label(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_actions_and_keys_read_in_japanese),
        cmocka_unit_test(unknown_codes_have_no_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
