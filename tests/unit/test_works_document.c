/* Unit tests: when each document of a works application applies
 * (app_works_doc_applies, app/works/app_works_document.h) and the reason
 * given when it does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/works/app_works_document.h"

static app_works_charge CHARGES[2] = {
    {.code = "kanyukin", .name = "加入金", .yen = 44000, .tax = 4000, .due = WORKS_DUE_START},
    {.code = "design", .name = "設計審査手数料", .yen = 2000, .due = WORKS_DUE_APPROVAL},
};

static void received(app_works_application *a, app_works_step_item *steps)
{
    memset(a, 0, sizeof *a);
    CHARGES[0].paid_yen = CHARGES[1].paid_yen = 0;
    a->status = WORKS_ST_RECEIVED;
    a->charges = CHARGES;
    a->ncharges = 2;
    a->steps = steps;
    steps[0] = (app_works_step_item){.step = WORKS_STEP_RECEIVE, .status = WORKS_ST_RECEIVED};
    a->nsteps = 1;
}

static void a_received_application(void **state)
{
    (void)state;
    app_works_application a;
    app_works_step_item steps[8];
    received(&a, steps);
    const char *why = NULL;
    assert_true(app_works_doc_applies(&a, APP_WORKS_DOC_COPY, &why));
    assert_null(why);
    assert_true(app_works_doc_applies(&a, APP_WORKS_DOC_NOTICE, NULL));
    assert_false(app_works_doc_applies(&a, APP_WORKS_DOC_APPROVAL, &why));
    assert_string_equal(why, "承認（認可）がまだ記録されていないため、認可書は発行できません。");
    assert_false(app_works_doc_applies(&a, APP_WORKS_DOC_INSPECTION, &why));
    assert_non_null(strstr(why, "完成検査がまだ記録されていない"));
    assert_false(app_works_doc_applies(&a, APP_WORKS_NDOCS, &why));
}

static void nothing_unpaid_no_notice(void **state)
{
    (void)state;
    app_works_application a;
    app_works_step_item steps[8];
    received(&a, steps);
    CHARGES[0].paid_yen = 44000;
    CHARGES[1].paid_yen = 1999;   /* one yen left: still a notice */
    assert_true(app_works_doc_applies(&a, APP_WORKS_DOC_NOTICE, NULL));
    CHARGES[1].paid_yen = 2000;
    const char *why = NULL;
    assert_false(app_works_doc_applies(&a, APP_WORKS_DOC_NOTICE, &why));
    assert_non_null(strstr(why, "未納の加入金・手数料がない"));
}

static void approved_then_inspected_then_cancelled(void **state)
{
    (void)state;
    app_works_application a;
    app_works_step_item steps[8];
    received(&a, steps);
    steps[a.nsteps++] = (app_works_step_item){.step = WORKS_STEP_REVIEW};
    steps[a.nsteps++] = (app_works_step_item){.step = WORKS_STEP_APPROVE};
    a.status = WORKS_ST_APPROVED;
    assert_true(app_works_doc_applies(&a, APP_WORKS_DOC_APPROVAL, NULL));
    assert_false(app_works_doc_applies(&a, APP_WORKS_DOC_INSPECTION, NULL));
    steps[a.nsteps++] = (app_works_step_item){.step = WORKS_STEP_REINSPECT, .result = WORKS_RESULT_PASS};
    a.status = WORKS_ST_INSPECTED;
    assert_true(app_works_doc_applies(&a, APP_WORKS_DOC_INSPECTION, NULL));
    a.status = WORKS_ST_CANCELLED;
    const char *why = NULL;
    assert_false(app_works_doc_applies(&a, APP_WORKS_DOC_APPROVAL, &why));
    assert_non_null(strstr(why, "取消した申込"));
    assert_false(app_works_doc_applies(&a, APP_WORKS_DOC_NOTICE, NULL));
    assert_true(app_works_doc_applies(&a, APP_WORKS_DOC_COPY, NULL));
    assert_true(app_works_doc_applies(&a, APP_WORKS_DOC_INSPECTION, NULL));   /* what was found stays on record */
}

static void codes_and_titles(void **state)
{
    (void)state;
    assert_string_equal(app_works_doc_code(APP_WORKS_DOC_NOTICE), "notice");
    assert_string_equal(app_works_doc_title(APP_WORKS_DOC_APPROVAL), "給水装置工事認可書");
    assert_string_equal(app_works_doc_code(-1), "");
    assert_string_equal(app_works_doc_title(APP_WORKS_NDOCS), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_received_application),
        cmocka_unit_test(nothing_unpaid_no_notice),
        cmocka_unit_test(approved_then_inspected_then_cancelled),
        cmocka_unit_test(codes_and_titles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
