/* late_charge — the 延滞金 of one service of a bill from what was paid on it
 * and when (pure; the arithmetic is domain/surcharge.h's).
 *
 * A bill's principal of a service is its charge with its share of the
 * consumption tax and of any adjustment, exactly as domain/alloc.h splits
 * a bill (alloc_bill_parts): gross water + gross sewer = the bill's total.
 * What a payment paid of a service: the allocations carry water and sewer
 * net of tax and the tax apart; the service's share of the tax paid is
 * taken cumulatively — after the payments up to a day, the service has
 * been paid its net part so far plus floor(tax paid so far × the service's
 * tax / the bill's tax) — so that when the bill is paid in full the
 * service's payments add up to its principal exactly.  Payments are taken
 * by the day the money was paid (収納日); those of one day add up; a day
 * whose service share is 0 is left out.
 *
 * Ownership: the caller's structs; nothing is allocated. */
#ifndef SUIDO_LATE_CHARGE_H
#define SUIDO_LATE_CHARGE_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/surcharge.h"

enum late_charge_service { LATE_WATER, LATE_SEWER };

/* One allocation to the bill: the day paid and its parts (net water, net
 * sewer, tax). */
typedef struct late_charge_paid {
    civil_date on;
    int64_t water, sewer, tax;
} late_charge_paid;

/* The principal of a service of a bill (its gross charge: net part plus its
 * share of the tax), from the bill's water_yen, sewer_yen, adjust_yen and
 * tax_yen. */
int64_t late_charge_principal(int64_t water_yen, int64_t sewer_yen, int64_t adjust_yen, int64_t tax_yen,
                              int service);

/* The dated payments of a service (what surcharge_compute takes) from the
 * allocations paid[0..n) in ascending date order: out[0..*nout), at most
 * max; -1 when there are more days than max or a day's share is
 * negative. */
int late_charge_payments(int64_t water_yen, int64_t sewer_yen, int64_t adjust_yen, int64_t tax_yen, int service,
                         const late_charge_paid *paid, size_t n, surcharge_payment *out, size_t max, size_t *nout);

/* The 延滞金 of a service of a bill due on due: 0 in out->surcharge when
 * the principal is 0, when nothing of it was paid after due, or when
 * surcharge_compute gives 0 (under ¥2,000, or a sum under ¥1,000).
 * Returns 0, or -1 with a Japanese message in err (the rates do not cover
 * a day; more than SURCHARGE_MAX_PAYMENTS days of payments). */
int late_charge_surcharge(const surcharge_rates *rates, civil_date due, int64_t water_yen, int64_t sewer_yen,
                          int64_t adjust_yen, int64_t tax_yen, int service, const late_charge_paid *paid, size_t n,
                          surcharge_result *out, char *err, size_t errsz);

/* The day a late charge assessed on day must be paid by: day + days. */
civil_date late_charge_due(civil_date assessed, int days);

#endif
