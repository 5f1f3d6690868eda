/* bill_skip — see bill_skip.h. */
#include "domain/bill_skip.h"

#include <stddef.h>
#include <string.h>

static const struct {
    const char *code, *label;
} REASONS[BILL_SKIP__MAX] = {
    [BILL_SKIP_NO_TARIFF] = {"no_tariff", "料金表なし"},
    [BILL_SKIP_NO_CLASS] = {"no_class", "料金区分なし"},
    [BILL_SKIP_HELD] = {"held", "検針値保留中"},
    [BILL_SKIP_NO_CUSTOMER] = {"no_customer", "使用者なし（閉栓）"},
    [BILL_SKIP_NO_DEDUCTION] = {"no_deduction", "減量水量の未入力"},
};

const char *bill_skip_code(int reason)
{
    return reason >= 0 && reason < BILL_SKIP__MAX ? REASONS[reason].code : NULL;
}

const char *bill_skip_label(int reason)
{
    return reason >= 0 && reason < BILL_SKIP__MAX ? REASONS[reason].label : NULL;
}

int bill_skip_parse(const char *code)
{
    for (int i = 0; code && i < BILL_SKIP__MAX; i++)
        if (strcmp(REASONS[i].code, code) == 0)
            return i;
    return -1;
}
