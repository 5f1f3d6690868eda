/* Fuzz target: the tariff file parser, and quotes of what it accepts (for
 * each class: usage 0, around band limits, the maximum; 1, 2, 3 and 12
 * months; partial periods), checking that every quote's lines add up to its
 * total and that its JSON can be written. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "domain/tariff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const tariff *t, const tariff_quote *q)
{
    int64_t sum = 0;
    for (int i = 0; i < q->nlines; i++)
        if (strcmp(q->lines[i].kind, "tax_included") != 0)
            sum += q->lines[i].amount_sen;
    if (sum != q->total * 100 || q->total < 0 || q->tax < 0 || !tariff_class_for(t, q->use, q->diameter))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tariff *t = malloc(sizeof *t);
    tariff_quote *q = malloc(sizeof *q);
    char err[400];
    if (t && q && tariff_parse((const char *)data, size, t, err, sizeof err) == 0) {
        static const int64_t USAGE[] = {0, 1, 19, 20, 21, 99, 100, 101, 12345, TARIFF_MAX_USAGE};
        static const int MONTHS[] = {1, 2, 3, 12};
        for (int c = 0; c < t->nclasses; c++) {
            const tariff_class *k = &t->classes[c];
            const char *use = k->nuses ? k->uses[0] : "household";
            int dia = k->ndiameters ? k->diameters[0] : 20;
            for (size_t i = 0; i < sizeof USAGE / sizeof USAGE[0]; i++)
                for (size_t m = 0; m < sizeof MONTHS / sizeof MONTHS[0]; m++)
                    if (tariff_quote_for(t, use, dia, USAGE[i], MONTHS[m], (int)(i * 7 % 70), q, err, sizeof err) == 0)
                        check(t, q);
            if (tariff_quote_for(t, use, dia, 12345, 0, 0, q, err, sizeof err) == 0) {
                check(t, q);
                buf_t b;
                buf_init(&b, 0);
                jsonw w;
                jsonw_begin(&w, &b);
                tariff_quote_json(&w, t, q);
                buf_free(&b);
            }
        }
    }
    free(t);
    free(q);
    return 0;
}
