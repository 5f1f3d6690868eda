/* app_meter_replace — 検定満了による取替 (issue 21 items 3-4, docs/meters.md):
 * the plan of the installed meters whose certification expires in a
 * period, by route and diameter with the counts by month; the replacement
 * order to a designated contractor (printed by route); and the result of a
 * replacement as the contractor reports it, through the one exchange
 * (app_meter_exchange_tx): the old meter's final dial, the new meter from
 * the contractor's issued stock with its start dial, and the test flush
 * (試験通水量), so that the period is billed as old part + new part - flush
 * and a reading whose parts do not fit is held (domain/meter/
 * meter_exchange.h).  A new meter of another diameter than the tap's
 * changes the tap's diameter from that day only when confirmed
 * (「口径を変更する」); the bill then splits by days (domain/bill_segment.h).
 *
 * Permissions: PERM_METER_VIEW for the plan; PERM_METER for an order and a
 * result.  Audited: meter.replace (the exchange's row, with the flush and
 * any diameter change), meter.replace_order.
 *
 * Ownership: structs by value; arrays malloc'd, freed by the _free named. */
#ifndef SUIDO_APP_METER_REPLACE_H
#define SUIDO_APP_METER_REPLACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/reading/app_reading.h"

/* The plan's filter as typed: from and to YYYY-MM (fields "from", "to";
 * the months of expiry, both included), route (optional), diameter
 * (optional, field "diameter"). */
typedef struct app_meter_plan_in {
    const char *from, *to, *route, *diameter;
} app_meter_plan_in;
typedef struct app_meter_plan_item {
    char tap_no[16], route[16];
    int64_t route_order;
    char serial[24], maker[64];
    int64_t diameter, digits;
    char certified_until[11], installed_on[11];
} app_meter_plan_item;
typedef struct app_meter_plan_month {
    char month[8];
    int64_t diameter, count;
} app_meter_plan_month;
typedef struct app_meter_plan {
    char from_day[11], to_day[11];      /* the period as days */
    app_meter_plan_item *items;         /* by route and round; at most the limit asked */
    size_t n;
    app_meter_plan_month *months;       /* by month and diameter */
    size_t nmonths;
    int64_t total;                      /* every meter in the plan (items may be fewer) */
} app_meter_plan;
/* limit 0: every item. */
int app_meter_plan_get(app_ctx *ctx, const app_meter_plan_in *in, int64_t limit, app_meter_plan *out, err_t *e);
void app_meter_plan_free(app_meter_plan *p);

/* A replacement order: the plan's meters of one route (field "route",
 * required) for the contractor of 指定番号 contractor (field "contractor"),
 * who must be able to take works today.  Audited meter.replace_order. */
typedef struct app_meter_order_doc {
    char contractor_no[24], contractor_name[256], route[16];
    app_meter_plan plan;
} app_meter_order_doc;
int app_meter_replace_order(app_ctx *ctx, const app_meter_plan_in *in, const char *contractor,
                            app_meter_order_doc *out, err_t *e);
void app_meter_order_doc_free(app_meter_order_doc *d);

/* The result of a replacement, as typed (fields as named): tap 水栓番号,
 * on 取替日 (not in the future), old_final 旧メーター取外し指針 (required when
 * a meter is there), serial 新メーター番号 (a meter lent to a contractor:
 * to contractor 指定番号 when given), new_start 取付指針 (required), flush
 * 試験通水量 m³ (required, 0..99: never skipped), confirm_diameter
 * ("1": change the tap's diameter to the new meter's). */
typedef struct app_meter_result_in {
    const char *tap, *on, *old_final, *serial, *new_start, *flush, *contractor, *confirm_diameter;
} app_meter_result_in;
int app_meter_replace_result(app_ctx *ctx, const app_meter_result_in *in, app_meter_exchange_done *out, err_t *e);

#endif
