/* app_meter_demo — the demo city's meter stock (メーター管理, docs/meters.md):
 * what `suido demo` makes after the city is committed, through the stock's
 * own use cases (app_meter_stock.h), each one transaction with its audit
 * row, as the staff would: for every year of history, meters of 13, 20 and
 * 25 mm ordered (発注) and received a fortnight later in one lot each
 * against the order (庫入), a few lent to designated contractors (庫出),
 * and a stocktake (棚卸) counted by the clerk and approved by the chief —
 * one year's with a meter missing, explained; then a reorder point per
 * diameter.  The demo's staff act (tanto counts and orders, kakaricho
 * approves): app_demo_generate made them.  Deterministic for a seed.
 *
 * Ownership: nothing is returned. */
#ifndef SUIDO_APP_METER_DEMO_H
#define SUIDO_APP_METER_DEMO_H

#include "app/app.h"

/* years: of the city's history (at least 1); taps: its size, which sets
 * the lots (at least 10 meters of 13 mm a year). */
int app_meter_demo_stock(app_ctx *ctx, uint64_t seed, int years, int64_t taps, err_t *e);

#endif
