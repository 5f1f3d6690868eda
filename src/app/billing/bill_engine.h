/* bill_engine — assembling one bill from a billable reading, shared by the
 * billing run, corrections, leak reductions and final bills (app-internal).
 *
 * The engine loads and parses every tariff version once; it never begins or
 * ends a transaction and writes no audit row (the calling use case does).
 * Ownership: bill_engine_free releases the tariffs; a bill assembled into a
 * bill_row owns its lines (bill_row_clear). */
#ifndef SUIDO_BILL_ENGINE_H
#define SUIDO_BILL_ENGINE_H

#include "app/app.h"
#include "domain/bill_skip.h"
#include "domain/tariff.h"
#include "store/billing/bill_run_store.h"
#include "store/billing/bill_store.h"

typedef struct bill_engine {
    app_ctx *ctx;
    tariff *tariffs;          /* sorted by service, then effective date */
    size_t ntariffs;
    bool hold_long;           /* the billing run: a period over [billing] max_period_ratio × the route's
                               * is not billed without a 係長's confirmation (bill_period_judge) */
} bill_engine;

/* A tap that cannot be billed: the row stored (reason code, Japanese
 * detail) and its reason as the enum. */
typedef struct bill_engine_skip {
    bill_skip row;
    enum bill_skip_reason reason;
} bill_engine_skip;

int bill_engine_init(bill_engine *g, app_ctx *ctx, err_t *e);
void bill_engine_free(bill_engine *g);
/* The version of service in force on date (YYYY-MM-DD), or NULL. */
const tariff *bill_engine_tariff(const bill_engine *g, const char *service, const char *on);

/* Assemble the bill of candidate c (usage_override >= 0 replaces the
 * reading's usage: a correction).  A tap that cannot be billed fills skip
 * (reason code and Japanese detail) and sets *skipped; that is not an
 * error.  kind: "regular" or "final".  The days of the period older than
 * the claim's limitation are never billed (domain/bill_rules.h
 * bill_period_judge): the reading's usage is prorated to the days kept (an
 * override is taken as the usage of the period kept). */
int bill_engine_assemble(bill_engine *g, const bill_cand *c, int64_t usage_override, const char *kind,
                         bill_row *out, bill_engine_skip *skip, bool *skipped);

#endif
