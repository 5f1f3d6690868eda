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
    int whole = csv_read_all((const char *)data, size, visit, &total, &bad);
    /* The same text fed a line at a time must read the same. */
    size_t total2 = 0;
    int64_t bad2 = 0;
    csv_reader *r = csv_reader_new(visit, &total2);
    if (!r)
        return 0;
    const char *p = (const char *)data, *end = p + size;
    int rc = 0;
    while (p < end && !rc) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        rc = csv_reader_feed(r, p, len, &bad2);
        p += len;
    }
    if (!rc)
        rc = csv_reader_end(r, &bad2);
    csv_reader_free(r);
    if (rc != whole || total2 != total || (rc == -1 && bad2 != bad))
        __builtin_trap();
    return 0;
}
