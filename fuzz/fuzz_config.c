/* Fuzz target: the INI configuration parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    config *c = config_new();
    err_t e;
    config_load_string(c, text, "fuzz", &e);
    long long v;
    config_get_int(c, "server.threads", 4, 1, 64, &v, &e);
    config_free(c);
    free(text);
    return 0;
}
