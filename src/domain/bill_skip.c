/* bill_skip — see bill_skip.h. */
#include "domain/bill_skip.h"

#include "base/codes.h"

static const code_label REASONS[BILL_SKIP__MAX] = {
    [BILL_SKIP_NO_TARIFF] = {"no_tariff", "料金表なし"},
    [BILL_SKIP_NO_CLASS] = {"no_class", "料金区分なし"},
    [BILL_SKIP_HELD] = {"held", "検針値保留中"},
    [BILL_SKIP_NO_CUSTOMER] = {"no_customer", "使用者なし（閉栓）"},
    [BILL_SKIP_NO_DEDUCTION] = {"no_deduction", "減量水量の未入力"},
    [BILL_SKIP_LONG_PERIOD] = {"long_period", "使用期間が通常より長い"},
};

const char *bill_skip_code(int reason)
{
    return codes_code(REASONS, BILL_SKIP__MAX, reason);
}

const char *bill_skip_label(int reason)
{
    return codes_label(REASONS, BILL_SKIP__MAX, reason);
}

int bill_skip_parse(const char *code)
{
    return codes_parse(REASONS, BILL_SKIP__MAX, code);
}
