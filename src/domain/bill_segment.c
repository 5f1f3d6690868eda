/* bill_segment — see bill_segment.h. */
#include "domain/bill_segment.h"

#include <stddef.h>

int bill_segments_of(const bill_segments_in *in, bill_segment seg[BILL_SEGMENTS_MAX])
{
    int64_t first = in->from + 1;   /* the first billed day */
    /* the tariff change: its day inside the period, the old tariff on at least one day before it */
    int64_t tb = in->t_old && in->t_old != in->t && in->t_from > first && in->t_from <= in->to ? in->t_from : 0;
    /* the diameter change: strictly inside the period (on the closing reading: the next period's) */
    int64_t db = in->dia_from > first && in->dia_from < in->to && in->dia_old != in->diameter ? in->dia_from : 0;
    int dia_end = in->dia_from == in->to && in->dia_from > first ? in->dia_old : in->diameter;
    int64_t cuts[2];
    int nc = 0;
    if (tb && db) {
        cuts[nc++] = tb < db ? tb : db;
        if (tb != db)
            cuts[nc++] = tb < db ? db : tb;
    } else if (tb || db) {
        cuts[nc++] = tb ? tb : db;
    }
    if (in->to <= in->from || nc == 0) {
        seg[0] = (bill_segment){.t = in->t, .diameter = dia_end, .days = in->to > in->from ? in->to - in->from : 0};
        return 1;
    }
    int n = 0;
    int64_t start = first;
    for (int i = 0; i <= nc; i++) {
        int64_t end = i < nc ? cuts[i] : in->to + 1;   /* the segment is [start, end) */
        seg[n].t = tb && start < tb ? in->t_old : in->t;
        seg[n].diameter = db && start < db ? in->dia_old : dia_end;
        seg[n].days = end - start;
        n++;
        start = end;
    }
    return n;
}
