/* limitation — the limitation period (消滅時効) of a bill, as docs/arrears.md
 * says.  Pure: no I/O, no database.
 *
 * Regime: water charges are a private claim — 2 years when the read date
 * (検針日) is before 2020-04-01 (the old 民法), else 5 years — and a barred
 * water claim needs invocation (援用) or a formal waiver; sewer charges are a
 * public claim (地方自治法236条): 5 years, extinguished without invocation.
 *
 * Period: it starts the day after the due date (初日不算入) and ends on the
 * day before the same day N years later, or at the end of that month when
 * it has no such day (29 February); the claim is barred from the next day
 * (barred_from).  No extension for holidays.
 *
 * Renewal (時効の更新), the events taken in date order:
 *  - an acknowledgement (承認: a partial payment, an instalment pledge, a
 *    signed acknowledgement) on day A restarts the period from A+1;
 *  - for sewer, the first 督促 restarts it from the day after the deadline
 *    the 督促状 states (the event's date is that deadline); later ones do
 *    not.  For water a reminder is only a 催告 and renews nothing (its six
 *    months' 完成猶予 is not computed here).
 * An event is ignored, with its reason, when it is dated on or after the
 * current barred_from (judged for a 督促 by its deadline: an event after the
 * claim is barred does not revive it), when it is dated on or before the due
 * date (the period has not started), or as above.  After a renewal the
 * period has the claim's own length.
 *
 * Ownership: limitation_result is a plain struct filled by value; nothing
 * needs freeing.  limitation_json appends to the caller's writer. */
#ifndef SUIDO_LIMITATION_H
#define SUIDO_LIMITATION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"

#define LIMITATION_MAX_EVENTS 32

typedef enum limitation_service { LIMITATION_WATER, LIMITATION_SEWER } limitation_service;
typedef enum limitation_kind { LIMITATION_ACK, LIMITATION_DUNNING } limitation_kind;

/* Why an event did not move the period (LIMITATION_RENEWED: it did). */
typedef enum limitation_effect {
    LIMITATION_RENEWED,
    LIMITATION_IGNORED_BARRED,        /* on or after barred_from */
    LIMITATION_IGNORED_BEFORE_START,  /* on or before the due date */
    LIMITATION_IGNORED_NOT_FIRST,     /* sewer: a 督促 after the first */
    LIMITATION_IGNORED_PRIVATE,       /* water: a 督促 (催告) renews nothing */
} limitation_effect;

typedef struct limitation_event_in {
    limitation_kind kind;
    civil_date date;       /* the acknowledgement's day, or the 督促状's deadline */
} limitation_event_in;

typedef struct limitation_event {
    limitation_kind kind;
    civil_date date;
    limitation_effect effect;
    civil_date barred_from;   /* renewed: the barred_from it gave; ignored: the one in force */
} limitation_event;

typedef struct limitation_result {
    civil_date barred_from;
    bool needs_invocation;
    int years;                /* 2 or 5 */
    int nevents;
    limitation_event events[LIMITATION_MAX_EVENTS];   /* in date order */
} limitation_result;

/* The day a period whose first counted day is start, of years years, is
 * barred from: the same day years later, or the 1st of March when that is a
 * 29 February that does not exist. */
civil_date limitation_barred_from(civil_date start, int years);

/* Compute.  Returns 0, or -1 with a Japanese message in err: an invalid
 * date, a read date after the due date, a 督促 deadline on or before the due
 * date, more than LIMITATION_MAX_EVENTS events. */
int limitation_compute(limitation_service service, civil_date read_on, civil_date due,
                       const limitation_event_in *events, size_t nevents, limitation_result *out, char *err,
                       size_t errsz);

/* Codes and Japanese explanations of kinds and effects ("ack", "dunning";
 * "renewed", "barred", "before_start", "not_first_dunning",
 * "private_claim"); static strings. */
const char *limitation_kind_code(limitation_kind k);
const char *limitation_effect_code(limitation_effect e);
const char *limitation_effect_text(limitation_effect e);

/* {"barred_from", "needs_invocation", "years", "events": [{"kind", "date",
 * "barred_from"} or {"kind", "date", "ignored", "why"}, …]}, appended to w
 * as a value. */
struct jsonw;
void limitation_json(struct jsonw *w, const limitation_result *r);

#endif
