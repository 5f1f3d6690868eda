/* works_contractor — the rules of the designated contractors master
 * (指定給水装置工事事業者, issue 18 item 1).  Pure: no I/O, no database.
 *
 * Validity (水道法25条の3の2, from 2019-10-01): a designation lasts five
 * years and lapses unless renewed.  A designation made from 2019-10-01 is
 * valid to the day before its fifth anniversary (2021-04-01 → 2026-03-31);
 * a renewal runs five more years from the day after the old expiry
 * (2026-03-31 → 2031-03-31).  Designations made before 2019-10-01 got a
 * first expiry by the cabinet order's table (水道法施行令附則), by the day
 * they were designated:
 *     … 1999-03-31 → 2020-09-29        2007-04-01 … 2013-03-31 → 2023-09-29
 *     1999-04-01 … 2003-03-31 → 2021-09-29   2013-04-01 … 2019-09-30 → 2024-09-29
 *     2003-04-01 … 2007-03-31 → 2022-09-29
 *
 * Standing (an application names a contractor in good standing on its
 * date): designated on or before the date, the date not past valid_until,
 * not revoked on or before it, no suspension period covering it, and at
 * least one chief engineer (給水装置工事主任技術者) registered on that date.
 * Suspension periods come from the contractor's events in the order made
 * (works_contractor_suspensions): a reinstatement (解除) on day R ends the
 * suspension covering R on R-1.
 *
 * Ownership: plain structs and the caller's buffers; nothing to free. */
#ifndef SUIDO_WORKS_CONTRACTOR_H
#define SUIDO_WORKS_CONTRACTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"

#define WORKS_DESIGNATION_NO_MAX 16   /* characters of 指定番号 */
#define WORKS_LICENCE_NO_MAX 10       /* digits of 免状番号 */
#define WORKS_VALID_YEARS 5
#define WORKS_REASON_MAX 512          /* bytes of a standing's reason */

/* The kinds of event in a contractor's history; the codes are the
 * database's (works_contractor_events.kind). */
typedef enum works_event_kind {
    WORKS_EV_DESIGNATED,
    WORKS_EV_EDITED,
    WORKS_EV_RENEWED,
    WORKS_EV_SUSPENDED,
    WORKS_EV_REINSTATED,
    WORKS_EV_REVOKED,
    WORKS_EV_ENGINEER_ADDED,
    WORKS_EV_ENGINEER_REMOVED,
    WORKS_EV__COUNT
} works_event_kind;

/* "designated" … ; label: 指定, 変更, 更新, 指定停止, 停止解除, 指定取消,
 * 主任技術者登録, 主任技術者削除.  _from_code returns -1 when unknown. */
const char *works_event_code(works_event_kind k);
const char *works_event_label(works_event_kind k);
int works_event_from_code(const char *code);

/* A period of days, both ends included; until {0,0,0} = open-ended. */
typedef struct stat_period {
    civil_date from, until;
} stat_period;

typedef struct works_event {
    works_event_kind kind;
    civil_date from, until;     /* suspended: the period; reinstated, revoked: from = the day */
} works_event;

/* The suspension periods of events (in the order made) into out (at most
 * max; more are dropped).  Returns the count. */
size_t works_contractor_suspensions(const works_event *ev, size_t n, stat_period *out, size_t max);

typedef enum works_standing {
    WORKS_STANDING_OK,
    WORKS_STANDING_NOT_DESIGNATED,   /* designated after the date */
    WORKS_STANDING_EXPIRED,          /* the date past valid_until */
    WORKS_STANDING_REVOKED,          /* revoked on or before the date */
    WORKS_STANDING_SUSPENDED,        /* a suspension covers the date */
    WORKS_STANDING_NO_ENGINEER       /* no chief engineer registered on the date */
} works_standing;

typedef struct works_standing_input {
    civil_date designated_on, valid_until;
    bool revoked;
    civil_date revoked_on;
    const stat_period *suspensions;   /* from works_contractor_suspensions */
    size_t nsuspensions;
    const stat_period *engineers;     /* registered_on .. the day before removed_on (open: until {0}) */
    size_t nengineers;
} works_standing_input;

/* The standing on day on; when not OK, the reason in Japanese (dates in
 * 和暦) into reason (size reasonsz; "" when OK). */
works_standing works_contractor_standing(const works_standing_input *in, civil_date on, char *reason,
                                         size_t reasonsz);

/* The expiry of a designation made on designated_on (the table above for
 * those before 2019-10-01). */
civil_date works_contractor_first_until(civil_date designated_on);
/* The expiry after a renewal of a designation valid until old_until. */
civil_date works_contractor_renewed_until(civil_date old_until);
/* The first day of the new period after a renewal (old_until + 1). */
civil_date works_contractor_renewal_start(civil_date old_until);

/* 指定番号: 1..16 characters of digits, Latin letters and '-' with at least
 * one digit, after NFKC (full-width accepted) and upper-casing; 第…号
 * around it is dropped.  The normalised number into out (size >= 17).
 * False when malformed. */
bool works_contractor_designation_no(const char *in, char *out, size_t outsz);
/* 免状番号 (給水装置工事主任技術者免状): 1..10 digits after NFKC, 第…号 around
 * them dropped; leading zeros kept.  Into out (size >= 11).  False when
 * malformed. */
bool works_contractor_licence_no(const char *in, char *out, size_t outsz);

/* The last day a suspension from `from` may run to: a period of six months
 * at most (水道法25条の11: 4/1 → 9/30; 8/31 → 2/28 or 29). */
#define WORKS_SUSPEND_MAX_MONTHS 6
civil_date works_contractor_suspension_last(civil_date from);

/* A designation day: from 1998-04-01 (the designation system of the 1996
 * amendment) to today.  False with the Japanese reason in err. */
bool works_contractor_designated_on_ok(civil_date d, civil_date today, char *err, size_t errsz);

#endif
