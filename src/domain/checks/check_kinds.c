/* check_kinds — see check_kinds.h. */
#include "domain/checks/check_kinds.h"

#include <stddef.h>
#include <string.h>


static const check_kind_info KINDS[CHECK__MAX] = {
    [CHECK_NO_SEWER] = {"no-sewer", "下水道の未賦課", "下水道のある区域の水栓で、水道だけ調定し下水道を「なし」で調定したもの",
                        "区域の下水道", "調定の下水道"},
    [CHECK_SEWER_ZERO] = {"sewer-zero", "汚水量ゼロ", "水道の使用水量があるのに汚水量が 0 m³ で調定したもの", "使用水量 m³",
                          "汚水量 m³"},
    [CHECK_CHILD_SEWER] = {"child-sewer", "集合住宅の子メーター", "集合住宅（特団）の子メーターで、下水道が親メーターの水栓と違うもの",
                           "親メーターの下水道", "子メーターの下水道"},
    [CHECK_DIAMETER] = {"diameter", "口径の相違", "設置中のメーターの口径と調定の口径が違うもの", "メーター口径 mm",
                        "調定口径 mm"},
    [CHECK_NO_CUSTOMER] = {"no-customer", "使用者なしの使用", "検針日に使用者のいない水栓で使用水量を検針したもの", "検針日",
                           "使用水量 m³"},
    [CHECK_ESTIMATED] = {"estimated", "3期連続の認定", "直近3回の調定がすべて認定（推定）検針によるもの", "最初の周期",
                         "周期"},
    [CHECK_UNDER_BASE] = {"under-base", "基本料金未満", "水道料金が料金表の 0 m³ の料金（基本料金）を下回る調定", "基本料金 円",
                          "水道料金 円"},
};

const check_kind_info *check_kind_get(int kind)
{
    return kind >= 0 && kind < CHECK__MAX ? &KINDS[kind] : NULL;
}

int check_kind_parse(const char *code)
{
    for (int i = 0; code && i < CHECK__MAX; i++)
        if (strcmp(code, KINDS[i].code) == 0)
            return i;
    return -1;
}
