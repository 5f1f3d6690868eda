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

/* ---- Periods far longer than the route's, and limitation (時効) ----
 *
 * A billing run never bills silently a period much longer than its route
 * group's normal one (a reading missed for years, a meter whose previous
 * reading is far in the past): such a tap is held (skip reason long_period)
 * until a 係長 confirms the period; the next run bills it.  And the part of
 * a period older than the claim's limitation is never billed. */

/* The normal length in days of a route group's period: its months at
 * 30.44 days, rounded (monthly 30, every two months 61). */
int64_t bill_period_normal_days(bool monthly);

/* Whether a period of days is longer than ratio_pct / 100 times the
 * group's normal period ([billing] max_period_ratio 1.5: ratio_pct 150;
 * monthly: 45 days bill, 46 are held; every two months: 91 bill, 92 are
 * held).  A period exactly at the ratio is not too long.  ratio_pct <= 0:
 * no limit. */
bool bill_period_too_long(int64_t days, bool monthly, int64_t ratio_pct);

/* The limitation in years of water read on read_day: 2 before 2020-04-01
 * (old 民法), 5 from then on (改正民法166条; docs: arrears.md). */
int bill_limitation_years(int64_t read_day);

/* The earliest period "from" (the day before the first billed day) that a
 * bill issued on bill_day may have: the corresponding day years earlier
 * (29 February of a year without one: 28 February), so that exactly that
 * many years are billed at most. */
int64_t bill_limitation_from(int64_t bill_day, int years);

typedef struct bill_period_check_in {
    bill_period period;     /* from bill_period_of */
    bool monthly;           /* the route group */
    int64_t ratio_pct;      /* [billing] max_period_ratio in hundredths (150); <= 0: no limit */
    bool confirmed;         /* a 係長 confirmed this tap's period of this cycle */
    int64_t bill_day;       /* the billing (issue) date: suido issues a bill on its reading date */
    int64_t read_day;       /* the reading closing the period (its limitation regime) */
    int64_t usage;          /* m³ read over the whole period */
} bill_period_check_in;

typedef struct bill_period_check {
    bool hold;              /* too long and not confirmed: not billed, the tap is skipped */
    bool clipped;           /* days older than the limitation were dropped */
    bill_period period;     /* the period billed (clipped: from moved, months and partial days redone) */
    int64_t usage;          /* m³ billed (clipped: prorated by days) */
    int64_t days_dropped;   /* days cut by the limitation */
} bill_period_check;

/* The verdict on a period before it is priced.
 *
 * Too long (bill_period_too_long on the period's days) and not confirmed:
 * hold.  Otherwise the period is billed, but never further back than the
 * limitation of the claim (bill_limitation_years of the reading day,
 * counted back from the billing date by bill_limitation_from): the older
 * days are dropped and the usage read over the whole period is prorated by
 * days (usage × days kept / days read, fractions of a m³ dropped, in the
 * customer's favour) — a meter shows only the total, so a utility bills
 * the share of the days it may still claim rather than refusing the bill
 * (the usual practice; refusing would leave the claimable years unbilled
 * too).  One period for water and sewer: the sewer volume is the water
 * volume of the same days, so the water claim's limitation (the shorter,
 * 2 years before 2020-04-01) is applied to both.  The months of a clipped
 * period are those of its remaining span (bill_period_of's rule, at most
 * 12); a partial period keeps partial days equal to its remaining days. */
bill_period_check bill_period_judge(const bill_period_check_in *in);

#endif
