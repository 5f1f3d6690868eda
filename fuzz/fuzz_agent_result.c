/* Fuzz target: collection agents' result files (the standard profile). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "domain/agent_result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    agent_record *rows = NULL;
    size_t n = 0;
    char err[300];
    if (agent_parse((const char *)data, size, agent_profile_find("standard"), &rows, &n, err, sizeof err) == 0)
        free(rows);
    return 0;
}
