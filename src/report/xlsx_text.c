/* xlsx_text — see xlsx_text.h. */
#include "report/xlsx_text.h"

#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

lxw_error xlsx_text_write(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
    if (!s || !*s)
        return worksheet_write_blank(ws, row, col, f);
    if (!csv_text_is_formula(s))
        return worksheet_write_string(ws, row, col, s, f);
    size_t n = strlen(s);
    char *guarded = malloc(n + 2);
    if (!guarded)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    guarded[0] = '\'';
    memcpy(guarded + 1, s, n + 1);
    lxw_error le = worksheet_write_string(ws, row, col, guarded, f);
    free(guarded);
    return le;
}
