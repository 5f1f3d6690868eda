/* slip_route — see slip_route.h. */
#include "domain/slip_route.h"

#include <string.h>

#include "domain/slipcode.h"
#include "domain/works/works_slipref.h"

slip_route slip_route_of(const char *digits44, int64_t *id, char tap_no[9], char number[16])
{
    *id = 0;
    tap_no[0] = '\0';
    number[0] = '\0';
    if (!digits44 || strlen(digits44) != SLIPCODE_LEN)
        return SLIP_ROUTE_BILL;
    for (int i = 0; i < SLIPCODE_LEN; i++)
        if (digits44[i] < '0' || digits44[i] > '9')
            return SLIP_ROUTE_BILL;
    if (works_slipref_parse(digits44, id, number))
        return SLIP_ROUTE_WORKS;
    *id = 0;
    number[0] = '\0';
    char mark = digits44[16];
    if (mark != '8' && mark != '9')
        return SLIP_ROUTE_BILL;
    memcpy(tap_no, digits44 + 8, 8);
    tap_no[8] = '\0';
    for (int i = 17; i < 29; i++)
        *id = *id * 10 + (digits44[i] - '0');
    return mark == '8' ? SLIP_ROUTE_CHARGE : SLIP_ROUTE_LETTER;
}
