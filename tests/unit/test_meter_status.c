/* Unit tests: a meter's life (domain/meter/meter_status.h): the moves the
 * issue names (発注 → 在庫 → 庫出 → 設置 → 撤去 → 修理/検定/廃棄, 返却, the
 * office exchange from store) allowed and every other one refused with a
 * Japanese reason naming both statuses; one kind of place per status; the
 * codes the reading side has always stored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/meter/meter_status.h"

/* The allowed moves, written out apart from the table in meter_status.c. */
static const struct { meter_status from, to; const char *what; } ALLOWED[] = {
    {METER_ORDERED, METER_STOCK, "庫入"},
    {METER_STOCK, METER_ISSUED, "庫出"},
    {METER_ISSUED, METER_STOCK, "返却"},
    {METER_ISSUED, METER_INSTALLED, "工事事業者が設置"},
    {METER_STOCK, METER_INSTALLED, "窓口での取替"},
    {METER_INSTALLED, METER_REMOVED, "撤去"},
    {METER_REMOVED, METER_REPAIR, "修理へ"},
    {METER_REMOVED, METER_TESTING, "検定へ"},
    {METER_REMOVED, METER_SCRAPPED, "廃棄"},
    {METER_STOCK, METER_REPAIR, "在庫品の修理"},
    {METER_STOCK, METER_TESTING, "在庫品の再検定"},
    {METER_STOCK, METER_SCRAPPED, "在庫品の廃棄"},
    {METER_REPAIR, METER_STOCK, "修理済"},
    {METER_REPAIR, METER_TESTING, "修理後の検定"},
    {METER_REPAIR, METER_SCRAPPED, "修理不能"},
    {METER_TESTING, METER_STOCK, "検定合格"},
    {METER_TESTING, METER_REPAIR, "検定不合格で修理"},
    {METER_TESTING, METER_SCRAPPED, "検定不合格で廃棄"},
};

static bool allowed(meter_status f, meter_status t)
{
    for (size_t i = 0; i < sizeof ALLOWED / sizeof ALLOWED[0]; i++)
        if (ALLOWED[i].from == f && ALLOWED[i].to == t)
            return true;
    return false;
}

static void every_move_as_listed(void **state)
{
    (void)state;
    for (int f = 0; f < METER__COUNT; f++) {
        for (int t = 0; t < METER__COUNT; t++) {
            char why[256] = "x";
            bool ok = meter_transition_ok((meter_status)f, (meter_status)t, why, sizeof why);
            if (ok != allowed((meter_status)f, (meter_status)t))
                fail_msg("%s -> %s: got %d", meter_status_code((meter_status)f), meter_status_code((meter_status)t), ok);
            if (ok) {
                assert_string_equal(why, "");
            } else {
                /* the reason names where the meter is going */
                assert_non_null(strstr(why, meter_status_label((meter_status)t)));
            }
        }
    }
}

static void reasons_say_what_to_do(void **state)
{
    (void)state;
    char why[256];
    assert_false(meter_transition_ok(METER_ISSUED, METER_ISSUED, why, sizeof why));
    assert_string_equal(why, "このメーターは既に庫出（貸出）です。");
    assert_false(meter_transition_ok(METER_ISSUED, METER_SCRAPPED, why, sizeof why));
    assert_string_equal(why, "庫出（貸出）のメーターは廃棄にできません（先に返却してください）。");
    assert_false(meter_transition_ok(METER_INSTALLED, METER_ISSUED, why, sizeof why));
    assert_string_equal(why, "設置のメーターは庫出（貸出）にできません（先にメーター取替で撤去してください）。");
    assert_false(meter_transition_ok(METER_INSTALLED, METER_INSTALLED, why, sizeof why));   /* never installed twice */
    assert_false(meter_transition_ok(METER_REMOVED, METER_INSTALLED, why, sizeof why));
    assert_false(meter_transition_ok(METER_REMOVED, METER_STOCK, why, sizeof why));
    assert_non_null(strstr(why, "修理または検定"));
    assert_false(meter_transition_ok(METER_SCRAPPED, METER_STOCK, why, sizeof why));
    assert_false(meter_transition_ok(METER__COUNT, METER_STOCK, why, sizeof why));
    assert_string_equal(why, "メーターの状態が不明です。");
}

static void one_kind_of_place_each(void **state)
{
    (void)state;
    assert_int_equal(meter_status_place(METER_ORDERED), METER_AT_SUPPLIER);
    assert_int_equal(meter_status_place(METER_STOCK), METER_AT_STORE);
    assert_int_equal(meter_status_place(METER_ISSUED), METER_AT_CONTRACTOR);
    assert_int_equal(meter_status_place(METER_INSTALLED), METER_AT_TAP);
    assert_int_equal(meter_status_place(METER_REMOVED), METER_AT_STORE);
    assert_int_equal(meter_status_place(METER_REPAIR), METER_AT_MAKER);
    assert_int_equal(meter_status_place(METER_TESTING), METER_AT_MAKER);
    assert_int_equal(meter_status_place(METER_SCRAPPED), METER_AT_NONE);
    assert_string_equal(meter_place_label(METER_AT_CONTRACTOR), "工事事業者");
}

/* A whole row (the interchange import): the places it names, as the schema's CHECK. */
static void places_of_a_whole_row(void **state)
{
    (void)state;
    char why[256];
    assert_true(meter_status_places_ok("issued", false, true, why, sizeof why));
    assert_true(meter_status_places_ok("installed", true, false, why, sizeof why));
    assert_true(meter_status_places_ok("removed", true, false, why, sizeof why));   /* keeps its tap */
    assert_true(meter_status_places_ok("stock", false, false, why, sizeof why));
    assert_false(meter_status_places_ok("issued", false, false, why, sizeof why));
    assert_non_null(strstr(why, "工事事業者が必要"));
    assert_false(meter_status_places_ok("stock", false, true, why, sizeof why));
    assert_non_null(strstr(why, "庫出のときだけ"));
    assert_false(meter_status_places_ok("installed", false, false, why, sizeof why));
    assert_non_null(strstr(why, "水栓番号が必要"));
    assert_false(meter_status_places_ok("lent", false, true, why, sizeof why));
    assert_non_null(strstr(why, "lent"));
}

static void codes_round_trip(void **state)
{
    (void)state;
    /* the reading side's codes, older than this module */
    assert_int_equal(meter_status_parse("stock"), METER_STOCK);
    assert_int_equal(meter_status_parse("installed"), METER_INSTALLED);
    assert_int_equal(meter_status_parse("removed"), METER_REMOVED);
    for (int s = 0; s < METER__COUNT; s++)
        assert_int_equal(meter_status_parse(meter_status_code((meter_status)s)), s);
    assert_int_equal(meter_status_parse("lost"), -1);
    assert_int_equal(meter_status_parse(NULL), -1);
    assert_string_equal(meter_status_label(METER_ISSUED), "庫出（貸出）");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_move_as_listed),
        cmocka_unit_test(reasons_say_what_to_do),
        cmocka_unit_test(one_kind_of_place_each),
        cmocka_unit_test(places_of_a_whole_row),
        cmocka_unit_test(codes_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
