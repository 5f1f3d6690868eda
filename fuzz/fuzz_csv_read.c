/* Fuzz target: reading CSV (handheld terminals' files) through libcsv. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/csv_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int visit(int64_t line, char **fields, size_t n, void *arg)
{
    size_t *total = arg;
    for (size_t i = 0; i < n; i++)
        *total += strlen(fields[i]) + (size_t)(line > 0);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t total = 0;
    int64_t bad = 0;
    csv_read_all((const char *)data, size, visit, &total, &bad);
    return 0;
}
