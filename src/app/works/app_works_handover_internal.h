/* app_works_handover_internal — what the files of the works hand-over
 * share (app_works_handover.h is the public side).  One file a kind:
 *
 *   app_works_handover.c          the dispatcher: one 完了 by the type, its
 *                                 audit row
 *   app_works_handover_common.c   what the kinds use: a new tap, a meter
 *                                 installed, a diameter change
 *   app_works_handover_inspect.c  the meters of a passing inspection
 *   app_works_handover_new.c      新設・私補: a tap and the owner's start
 *   app_works_handover_complex.c  特団: a tap a dwelling
 *   app_works_handover_block.c    特団改造: the block's dwellings by 部屋番号
 *   app_works_handover_remodel.c  改造・撤去: the tap the application names
 *
 * Not for other modules.  Ownership: as app_works_handover.h; nothing here
 * returns memory but the arrays named so. */
#ifndef SUIDO_APP_WORKS_HANDOVER_INTERNAL_H
#define SUIDO_APP_WORKS_HANDOVER_INTERNAL_H

#include "app/works/app_works_handover.h"
#include "store/registry/tap_store.h"
#include "store/works/works_handover_store.h"

/* A form value given (not NULL, not ""). */
bool app_works_handover_given(const char *s);

/* ---- the inspection --------------------------------------------------- */

/* A meter's form field: "meter_no", or "meter_no_3" for dwelling 3. */
void app_works_handover_field(char out[40], const char *base, int64_t dwelling);

/* What one meter of the form says (for dwelling, "" label for the one of
 * the application), checked against the diameter it must have. */
typedef struct app_works_meter_check {
    int64_t dwelling, diameter;
    const char *label;          /* "" or "101号の" */
    bool with_old;              /* the old meter's last dial is needed */
    bool with_new;              /* a new meter is set */
} app_works_meter_check;
/* m (NULL: nothing typed) checked as k says, into out; ERR_INVALID naming
 * the field. */
int app_works_handover_check_meter(app_ctx *ctx, const app_works_meter_input *m, const app_works_meter_check *k,
                                   works_meter_row *out, err_t *e);

/* Whether a meter is on tap_id now. */
int app_works_handover_tap_meter(app_ctx *ctx, int64_t tap_id, bool *has, err_t *e);
/* The tap r names (ERR_INVALID on step when it is not registered) and
 * whether a meter is on it. */
int app_works_handover_named_tap(app_ctx *ctx, const works_app_row *r, tap_row *t, bool *has_meter, err_t *e);

/* ---- 完了 ------------------------------------------------------------- */

/* One 完了 under way. */
typedef struct app_works_handover_run {
    app_ctx *ctx;
    const works_app_row *r;
    const char *on;
    app_works_handover_opts opts;
    works_meter_row *meters;    /* recorded at the inspection (malloc'd) */
    size_t nmeters;
    char first_tap[16];
    int64_t taps_made, request_id, starts, stops, changed;
    char route[16];             /* new taps' route, once picked */
    int64_t route_order;
} app_works_handover_run;

/* The meter recorded for dwelling (0: the application's), or NULL. */
const works_meter_row *app_works_handover_meter_of(const app_works_handover_run *h, int64_t dwelling);
/* The meter m installed at tap_no on the completion day (old_final: the
 * dial of the meter taken off, when one was there). */
int app_works_handover_install_meter(app_works_handover_run *h, const char *tap_no, const works_meter_row *m,
                                     err_t *e);
/* One new tap: numbered, with the diameter, use and place (the address
 * and, for a dwelling, its room "" none), then its meter; made (size 16,
 * may be NULL) receives its number. */
int app_works_handover_make_tap(app_works_handover_run *h, int64_t dwelling, int64_t diameter, const char *room,
                                char made[16], err_t *e);
/* The tap's diameter from the completion day (tap_diameter_changes). */
int app_works_handover_change_diameter(app_works_handover_run *h, int64_t tap_id, int64_t from, int64_t to,
                                       err_t *e);
/* A tap closed as a 撤去's: the stop through 受付 with the last dial m
 * (when it has a customer), the meter off, the tap 「撤去」. */
int app_works_handover_close_tap(app_works_handover_run *h, const tap_row *t, bool has_meter,
                                 const works_meter_row *m, err_t *e);

/* The kinds (each file's one entry). */
int app_works_handover_new(app_works_handover_run *h, err_t *e);        /* 新設・私補 */
int app_works_handover_complex(app_works_handover_run *h, err_t *e);    /* 特団 */
int app_works_handover_block(app_works_handover_run *h, const app_works_block_dwelling *p, size_t np,
                             err_t *e);                                 /* 特団改造 */
int app_works_handover_remodel(app_works_handover_run *h, err_t *e);    /* 改造 */
int app_works_handover_removal(app_works_handover_run *h, err_t *e);    /* 撤去 */

#endif
