/* Fuzz target: the 全銀 direct-debit result file parser. */
#include <stddef.h>
#include <stdint.h>

#include "domain/zengin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zengin_file f;
    char err[400];
    if (zengin_parse((const char *)data, size, &f, err, sizeof err) == 0) {
        for (size_t i = 0; i < f.n; i++)
            (void)zengin_result_text(f.records[i].result);
        zengin_file_free(&f);
    }
    return 0;
}
