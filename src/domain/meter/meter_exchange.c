/* meter_exchange — see meter_exchange.h. */
#include "domain/meter/meter_exchange.h"

static int64_t span_of(int digits)
{
    int64_t s = 1;
    for (int i = 0; i < digits && i < 9; i++)
        s *= 10;
    return s;
}

void meter_exchange_usage(const meter_exchange_in *in, int64_t value, meter_exchange_out *out)
{
    out->fault = MX_FITS;
    if (value >= in->start) {
        out->new_m3 = value - in->start;
    } else {
        out->new_m3 = value + span_of(in->digits) - in->start;
        out->fault = MX_BELOW_START;
    }
    int64_t flush = in->flush_m3 > 0 ? in->flush_m3 : 0;
    if (out->fault == MX_FITS && flush > out->new_m3)
        out->fault = MX_FLUSH_OVER;
    if (out->fault == MX_FITS && in->old_pending)
        out->fault = MX_OLD_PENDING;
    out->usage = in->old_m3 + out->new_m3 - flush;
    if (out->usage < 0)
        out->usage = 0;
}
