/* bill_rules — the dates and amounts around a bill that are rules, not
 * pricing (pure): the period a reading bills, the due date, the balance.
 * The prices themselves are domain/bill_calc.h.
 *
 * Days are day numbers (base/date.h date_to_days).  Ownership: outputs are
 * the caller's structs; nothing is allocated. */
#ifndef SUIDO_BILL_RULES_H
#define SUIDO_BILL_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

typedef struct bill_period_in {
    bool monthly;        /* the route's group: monthly, else every two months */
    int64_t read_day;    /* the reading that closes the period */
    int64_t days;        /* days since the previous reading (<= 0: none) */
    bool has_start;      /* the occupancy starts on start_day */
    int64_t start_day;
    bool final;          /* a final bill (閉栓精算) */
} bill_period_in;

typedef struct bill_period {
    int64_t from, to;    /* from: the day before the first billed day; to: read_day */
    int months;          /* months priced: the route's period, or more for a long span (max 12) */
    int partial_days;    /* 0, or the days of a partial period (start inside it, a final bill) */
} bill_period;

/* The period billed by a reading.  A span much longer than the route's
 * period (a reading missed, a tap reopened) is priced over its own months
 * (30.44 days each, rounded, at most 12); an occupancy starting inside the
 * period bills the days from its start; a final bill without such a start
 * bills its days since the previous reading. */
bill_period bill_period_of(const bill_period_in *in);

/* The due date of a bill issued (or read) on day: due_days later, moved
 * to the next business day (weekends, holidays, year end: domain/calendar.h). */
civil_date bill_due_on(int64_t day, int64_t due_days);

/* What is still owed: total less paid.  Flash reports awaiting
 * confirmation (pending_yen) are not deducted: they are owed until
 * confirmed. */
int64_t bill_balance(int64_t total_yen, int64_t paid_yen);
/* The balance of a bill in force ("current"); 0 for a cancelled or
 * replaced one. */
int64_t bill_open_balance(const char *status, int64_t total_yen, int64_t paid_yen);

#endif
