/* Fuzz target: the card company's result file (domain/card_result.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "domain/card_result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    card_record *rows = NULL;
    size_t n = 0;
    char err[300];
    if (card_parse((const char *)data, size, &rows, &n, err, sizeof err) == 0)
        free(rows);
    return 0;
}
