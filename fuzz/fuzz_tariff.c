/* Fuzz target: the tariff file parser, and a few quotes of what it accepts
 * (usage 0, a band limit's neighbourhood, the maximum; partial periods). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "domain/tariff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tariff *t = malloc(sizeof *t);
    tariff_quote *q = malloc(sizeof *q);
    char err[300];
    if (t && q && tariff_parse((const char *)data, size, t, err, sizeof err) == 0) {
        static const int64_t USAGE[] = {0, 1, 19, 20, 21, 99, 100, 101, 12345, TARIFF_MAX_USAGE};
        for (int c = 0; c < t->nclasses; c++) {
            const tariff_class *k = &t->classes[c];
            const char *use = k->nuses ? k->uses[0] : "household";
            int dia = k->ndiameters ? k->diameters[0] : 20;
            for (size_t i = 0; i < sizeof USAGE / sizeof USAGE[0]; i++)
                for (int months = 1; months <= 3; months++)
                    tariff_quote_for(t, use, dia, USAGE[i], months, (int)(i * 7 % 70), q, err, sizeof err);
        }
    }
    free(t);
    free(q);
    return 0;
}
