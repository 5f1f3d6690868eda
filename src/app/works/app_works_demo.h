/* app_works_demo — the demo city's designated contractors (指定給水装置工事
 * 事業者) and their chief engineers, made by app_demo_generate inside its
 * transaction (the _tx convention: the caller begins and commits).
 *
 * Ownership: nothing is returned but the count. */
#ifndef SUIDO_APP_WORKS_DEMO_H
#define SUIDO_APP_WORKS_DEMO_H

#include "app/app.h"

/* About one contractor per 500 taps (at least 5), with engineers and their
 * history: two expiring within 90 days, one suspended now, one revoked.
 * *made (may be NULL): contractors made. */
int app_works_demo_contractors_tx(app_ctx *ctx, uint64_t seed, int64_t taps, int64_t *made, err_t *e);

#endif
