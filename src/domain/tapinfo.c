/* tapinfo — codes and labels of tap attributes (see tapinfo.h). */
#include "domain/tapinfo.h"

#include <stddef.h>
#include <string.h>

const tapinfo_code TAPINFO_USES[] = {
    {"household", "一般用"}, {"business", "業務用"}, {"factory", "工場用"},
    {"bath", "公衆浴場用"}, {"temporary", "臨時用"}, {"shared", "共用"}, {NULL, NULL},
};
const tapinfo_code TAPINFO_STATUSES[] = {
    {"active", "使用中"}, {"closed", "閉栓中"}, {"suspended", "休止"}, {"removed", "撤去"}, {NULL, NULL},
};
const tapinfo_code TAPINFO_SEWERS[] = {
    {"self", "当局（下水道使用料を請求）"}, {"chuo", "中央市"}, {"kai", "甲斐市"}, {"showa", "昭和町"},
    {"none", "下水道なし"}, {NULL, NULL},
};
const int TAPINFO_DIAMETERS[] = {13, 20, 25, 30, 40, 50, 75, 100, 150, 200, 0};

const char *tapinfo_label(const tapinfo_code *table, const char *code)
{
    for (const tapinfo_code *t = table; code && t->code; t++)
        if (strcmp(t->code, code) == 0)
            return t->label;
    return code ? code : "";
}

/* One static code array per table (the tables are few and fixed). */
const char *const *tapinfo_codes(const tapinfo_code *table)
{
    static const char *uses[8], *statuses[8], *sewers[8];
    const char **dst = table == TAPINFO_USES ? uses : table == TAPINFO_STATUSES ? statuses
                     : table == TAPINFO_SEWERS ? sewers : NULL;
    if (!dst)
        return NULL;
    if (!dst[0]) {
        size_t i = 0;
        for (; table[i].code && i < 7; i++)
            dst[i] = table[i].code;
        dst[i] = NULL;
    }
    return dst;
}
