/* app_works_handover — the hand-over of a works application to billing
 * (issue 18 item 8; docs/works.md 「引き渡し」), inside the transaction of
 * the step that triggers it (app_works_step):
 *
 *   完成検査 / 再検査 合格   the meter(s) set are checked and recorded
 *                          (works_meters): number, maker, diameter, digits,
 *                          the dial they were set at; the old meter's last
 *                          dial for a 改造 that changes it and a 撤去
 *   完了 新設・私補          the 水栓番号 assigned (the registry's numbering),
 *                          the tap made with the application's diameter,
 *                          use and place (read on the route of most of the
 *                          町丁目's taps, after the last of them), the meter
 *                          installed with its first dial, and a start
 *                          request opened in 受付 on the completion day for
 *                          the owner (source 「給水工事」)
 *   完了 特団               one tap per dwelling, each with its own
 *                          diameter, place (the address and the room) and
 *                          meter; no start request (each resident asks)
 *   完了 特団改造            (a 特団 naming a tap of a block a 特団 made) the
 *                          dwellings matched to the block's by 部屋番号:
 *                          kept (a diameter change as a 改造's), new (a tap
 *                          and its meter as a 特団's: no start request, its
 *                          resident asks), or only in the block (closed as a
 *                          撤去's)
 *   完了 改造               a new meter replaces the old one (its last dial
 *                          read), and a diameter change takes effect from
 *                          the completion date: the tap's diameter now,
 *                          the old one for readings dated before
 *                          (tap_diameter_changes), so that the basic charge
 *                          follows the change from the first reading on or
 *                          after that day
 *   完了 撤去               the tap closed as a clerk would: a stop request
 *                          through 受付 on the completion day, its closing
 *                          work order completed with the final dial (the
 *                          final bill), the meter taken off, the tap
 *                          「撤去」
 *
 * Every piece is the registry's, reading's or reception's own _tx use case,
 * so the rules (a start needs a free tap, a meter in stock, a final
 * reading's checks) are theirs; a refusal anywhere rolls the step back.
 * 完了 twice does nothing the second time (app_works_step).  Audited as
 * works.application.handover (the number and the taps: no personal data).
 *
 * Not for adapters: the step's own use case calls these. */
#ifndef SUIDO_APP_WORKS_HANDOVER_H
#define SUIDO_APP_WORKS_HANDOVER_H

#include "app/app.h"
#include "app/works/app_works_application.h"
#include "store/works/works_application_store.h"

/* A passing inspection of r on day on: the meters given (as the form sent
 * them: one, or one per dwelling of a 特団 in dwelling order) checked
 * against the application, then recorded.  ERR_INVALID naming the field
 * (meter_no, meter_maker, meter_diameter, meter_digits, meter_reading,
 * old_final; a dwelling's with "_<no>" after it). */
int app_works_handover_inspect_tx(app_ctx *ctx, const works_app_row *r, const app_works_meter_input *m, size_t n,
                                  const char *on, err_t *e);

/* A 特団改造 (a complex application naming a tap of a block made by an
 * earlier 特団): its dwellings matched to the block's by 部屋番号 (label).
 * no is the inspection form's suffix: the application's dwelling number, or
 * after them, in the block's order, for a dwelling only in the block. */
enum { APP_WORKS_DW_NEW, APP_WORKS_DW_KEEP, APP_WORKS_DW_CHANGE, APP_WORKS_DW_CLOSE };
typedef struct app_works_block_dwelling {
    int64_t no;
    int kind;                   /* APP_WORKS_DW_* */
    char label[64], tap_no[16]; /* tap_no: the block's tap ("" new) */
    int64_t tap_id, old_diameter, diameter;
    bool has_meter;             /* the block's tap has a meter on it */
} app_works_block_dwelling;
/* The plan of r: *out malloc'd (free()), *n 0 when r is not a complex
 * naming a tap; ERR_INVALID (field step) when the tap named is in no
 * block.  Reads only; inside the caller's transaction or a read. */
int app_works_handover_plan_tx(app_ctx *ctx, const works_app_row *r, app_works_block_dwelling **out, size_t *n,
                               err_t *e);

/* The same for application id, for the inspection form (a read). */
int app_works_handover_plan(app_ctx *ctx, int64_t id, app_works_block_dwelling **out, size_t *n, err_t *e);

/* How a hand-over runs: NULL (or all zero) is the clerk's 完了. */
typedef struct app_works_handover_opts {
    /* no start request for a 新設・私補 (the demo city: its past completions
     * would leave year-old open orders in 受付; each tap waits for its
     * resident, as a 特団's dwellings do) */
    bool no_start;
} app_works_handover_opts;

/* The hand-over of r, completed on day on, as opts says (NULL: the
 * clerk's).  *tap_no (size 16, may be NULL) receives the tap made, changed
 * or closed (a 特団: the first). */
int app_works_handover_tx(app_ctx *ctx, const works_app_row *r, const char *on, const app_works_handover_opts *opts,
                          char *tap_no, err_t *e);

#endif
