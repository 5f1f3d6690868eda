/* app_meter_stock — メーター管理 (issue 21 items 1-2, docs/meters.md): the
 * meter master's stock side.  庫入 of a delivered lot by serial range
 * (against an order or not), 庫出 to a designated contractor and 返却, the
 * stock by diameter with the reorder points and the shortfall, one meter
 * with its history, and 棚卸 (counted against the book by diameter, the
 * difference explained, approved by a second person).
 *
 * Invariants (tests/integration/meter_stock.test.mjs): a meter is in one
 * place (its status names the kind of place, the schema the one contractor
 * or tap: domain/meter/meter_status.h); every move is one the rules allow
 * and is written to the meter's history and the audit log in the same
 * transaction; a delivery that clashes with an existing serial is refused
 * whole, naming the first clash; stock counts are counted from the meters,
 * so they are never negative.
 *
 * Permissions: PERM_METER_VIEW to read; PERM_METER for every change
 * (issuing also reads the contractor master: PERM_WORKS_VIEW, which the
 * roles with PERM_METER hold).  A stocktake is approved through the
 * approvals (kind "meter.stocktake": PERM_METER and PERM_APPROVE, never by
 * the person who counted).  Audited: meter.receive, meter.issue,
 * meter.return, meter.order, meter.reorder, meter.stocktake,
 * meter.stocktake.approve, meter.stocktake.reject.
 *
 * Inputs are the text as typed (web form or command line); each is
 * validated here and a refusal names its field (ERR_INVALID), a state that
 * forbids the move is ERR_CONFLICT naming the field.
 *
 * Ownership: structs by value; arrays malloc'd: free(). */
#ifndef SUIDO_APP_METER_STOCK_H
#define SUIDO_APP_METER_STOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/app_approval.h"

extern const app_approval_kind APP_METER_APPROVAL_KINDS[];

/* ---- the history, for every area that moves a meter (app_meter_event.c) */

/* Inside the caller's transaction: check that a meter may go from status
 * `from` to `to` (domain/meter/meter_status.h; ERR_CONFLICT naming field,
 * with the reason) and append the move to its history: day on, where it
 * went (tap_id, contractor_id: 0 none), what caused it (ref) and a note.
 * It does not change the meter's row: the caller does. */
int app_meter_event_tx(app_ctx *ctx, int64_t meter_id, const char *on, const char *from, const char *to,
                       int64_t tap_id, int64_t contractor_id, const char *ref, const char *note, const char *field,
                       err_t *e);

/* ---- 庫入 (app_meter_stock.c) ------------------------------------------ */

/* Fields (names as in the form): diameter 口径, maker メーカー, model 型式
 * (optional), serials 「A1000-A1099」 or one serial, expiry 検定満了年月
 * YYYY-MM (optional: the month of receipt plus 8 years), lot 製造ロット
 * (optional), digits 桁数 (optional: 4 up to 25mm, 5 up to 75mm, else 6),
 * received_on 庫入日 (optional: today), order 発注番号 (optional). */
typedef struct app_meter_receive_input {
    const char *diameter, *maker, *model, *serials, *expiry, *lot, *digits, *received_on, *order;
} app_meter_receive_input;
typedef struct app_meter_receive_result {
    int64_t receipt_id, count;
    char first[24], last[24];
} app_meter_receive_result;
int app_meter_receive(app_ctx *ctx, const app_meter_receive_input *in, app_meter_receive_result *out, err_t *e);

/* 発注: diameter, maker, model (optional), quantity, ordered_on (optional: today). */
int app_meter_order(app_ctx *ctx, const char *diameter, const char *maker, const char *model, const char *quantity,
                    const char *ordered_on, int64_t *id_out, err_t *e);

/* ---- 庫出・返却 ------------------------------------------------------- */

/* Issue the meter `serial` (field "serial") to the contractor of 指定番号
 * `to` (field "to"), on day `on` (field "on", NULL/"" today).  The
 * contractor must be able to take works that day; the meter must be in
 * store and its certification not expired.  *name gets the contractor's
 * 商号 when not NULL (size namesz). */
int app_meter_issue(app_ctx *ctx, const char *serial, const char *to, const char *on, char *name, size_t namesz,
                    err_t *e);
/* A meter issued and not installed comes back into store; note optional. */
int app_meter_return(app_ctx *ctx, const char *serial, const char *on, const char *note, err_t *e);

/* The other moves, in the store and at the maker (修理, 検定, 廃棄, and back
 * to 在庫): serial (field "serial"), to a status code (field "to":
 * repair, testing, scrapped or stock; 庫出, 返却 and 設置 have their own
 * use cases), on (field "on"), note (optional).  A meter back from 検定
 * to 在庫 passed it: expiry (field "expiry", YYYY-MM) is its new
 * 検定満了 and is required.  Audited meter.move. */
int app_meter_move(app_ctx *ctx, const char *serial, const char *to, const char *on, const char *expiry,
                   const char *note, err_t *e);

/* ---- the stock -------------------------------------------------------- */

typedef struct app_meter_stock_row {
    int64_t diameter;
    int64_t ordered, in_store, issued, installed, removed, repair;   /* repair: 修理 + 検定 */
    int64_t on_order;        /* ordered and not yet received (meter_orders) */
    int64_t reorder_point;   /* -1 none */
    int64_t shortfall;       /* reorder_point - in_store when below it, else 0 */
} app_meter_stock_row;
int app_meter_stock(app_ctx *ctx, app_meter_stock_row **rows, size_t *n, err_t *e);
/* The meters lent, by contractor (指定番号 order) and diameter. */
typedef struct app_meter_held {
    char contractor_no[24], contractor_name[256];
    int64_t diameter, count;
} app_meter_held;
int app_meter_held_list(app_ctx *ctx, app_meter_held **rows, size_t *n, err_t *e);
/* Set a diameter's reorder point (field "point", 0..100000). */
int app_meter_reorder_set(app_ctx *ctx, const char *diameter, const char *point, err_t *e);

/* ---- one meter (app_meter_view.c) --------------------------------------- */

typedef struct app_meter_event {
    char on_date[11], from_label[24], to_label[24], where[320], ref[48], note[256], done_by[64], done_at[20];
} app_meter_event;
typedef struct app_meter_info {
    char serial[24], maker[64], model[64], lot[40];
    int64_t diameter, digits;
    char certified_until[11];
    bool expired;
    char status[12], status_label[24], place_label[32];
    char where[320];          /* 「倉庫」「工事事業者 第12号 ○○設備」「水栓 1000123」... */
    char contractor_no[24], tap_no[16];
    app_meter_event *events;  /* oldest first; free() */
    size_t nevents;
} app_meter_info;
/* ERR_NOTFOUND naming field "serial" when there is no such meter. */
int app_meter_show(app_ctx *ctx, const char *serial, app_meter_info *out, err_t *e);
void app_meter_info_free(app_meter_info *m);

typedef struct app_meter_item {
    char serial[24], maker[64], lot[40], status_label[24], where[320], certified_until[11];
    int64_t diameter;
} app_meter_item;
/* Meters by serial prefix q, status code ("" any), diameter ("" any); at most 200. */
int app_meter_find(app_ctx *ctx, const char *q, const char *status, const char *diameter, app_meter_item **rows,
                   size_t *n, err_t *e);

/* ---- 棚卸 (app_meter_stocktake.c) -------------------------------------- */

/* One line of a count: diameter and the meters counted in store, with the
 * reason when it differs from the book (field "reason_<diameter>"). */
typedef struct app_meter_count {
    const char *diameter, *counted, *reason;
} app_meter_count;
/* Record a count on day on (NULL/"" today) and ask for its approval.
 * Every diameter with a meter in store must be counted (field
 * "counted_<diameter>"); a difference needs its reason. */
int app_meter_stocktake(app_ctx *ctx, const char *on, const app_meter_count *lines, size_t n, const char *note,
                        int64_t *id_out, err_t *e);
typedef struct app_meter_stocktake_line {
    int64_t diameter, book, counted, difference;
    char reason[256];
} app_meter_stocktake_line;
typedef struct app_meter_stocktake_info {
    int64_t id, approval_id;
    char counted_on[11], status[12], status_label[16], note[256], created_by[64], decided_by[64], decided_on[11];
    int64_t lines, differences;
} app_meter_stocktake_info;
int app_meter_stocktake_get(app_ctx *ctx, int64_t id, app_meter_stocktake_info *out, app_meter_stocktake_line **lines,
                            size_t *n, err_t *e);
/* Newest first (at most 50). */
int app_meter_stocktakes(app_ctx *ctx, app_meter_stocktake_info **rows, size_t *n, err_t *e);

#endif
