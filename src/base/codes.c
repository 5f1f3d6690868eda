/* codes — see codes.h. */
#include "base/codes.h"

#include <stddef.h>
#include <string.h>

const char *codes_code(const code_label *t, int n, int i)
{
    return i >= 0 && i < n ? t[i].code : NULL;
}

const char *codes_label(const code_label *t, int n, int i)
{
    return i >= 0 && i < n ? t[i].label : NULL;
}

int codes_parse(const code_label *t, int n, const char *code)
{
    for (int i = 0; code && i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return i;
    return -1;
}
