/* Fuzz target: the 延滞金 rates file parser (suido-surcharge/1), and charges
 * computed with what it accepts (a principal paid in one go, in parts out of
 * order, on the due date), checking that the parts add up, that the charge
 * is cut to ¥100 and waived under ¥1,000, and that its JSON can be written. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "domain/surcharge.h"
#include "domain/surcharge_rates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const surcharge_result *r)
{
    int64_t sum = 0;
    for (int i = 0; i < r->nparts; i++) {
        const surcharge_part *p = &r->parts[i];
        if (p->yen < 0 || p->days < 1 || p->base < 2000 || p->base % 1000 != 0)
            abort();
        sum += p->yen;
    }
    if (sum != r->parts_sum || r->surcharge % 100 != 0 || r->surcharge > sum ||
        (r->surcharge != 0 && r->surcharge < 1000) || (sum >= 1000 && r->surcharge != sum / 100 * 100))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    surcharge_rates *rates = malloc(sizeof *rates);
    surcharge_result *r = malloc(sizeof *r);
    char err[400];
    if (rates && r && surcharge_rates_parse((const char *)data, size, rates, err, sizeof err) == 0) {
        civil_date from = rates->periods[rates->nperiods - 1].from;
        civil_date due = date_from_days(date_to_days(from) + 20);
        surcharge_payment pay[3] = {
            {date_from_days(date_to_days(due) + 400), 60000},
            {date_from_days(date_to_days(due) + 31), 50000},
            {due, 10000},
        };
        static const int64_t PRINCIPAL[] = {1999, 2000, 120500, SURCHARGE_MAX_PRINCIPAL};
        for (size_t i = 0; i < sizeof PRINCIPAL / sizeof PRINCIPAL[0]; i++)
            for (size_t n = 1; n <= 3; n++)
                if (surcharge_compute(rates, PRINCIPAL[i], due, pay, n, r, err, sizeof err) == 0)
                    check(r);
        buf_t b;
        buf_init(&b, 0);
        jsonw w;
        jsonw_begin(&w, &b);
        surcharge_json(&w, r);
        buf_free(&b);
    }
    free(rates);
    free(r);
    return 0;
}
