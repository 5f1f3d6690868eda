/* Fuzz target: the urlencoded form parser that reads every POST body. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    web_kv kv[WEB_MAX_FIELDS];
    size_t n = 0;
    /* On failure (too many fields) n counts what was parsed; the caller frees it. */
    web_parse_urlencoded((const char *)data, size, kv, WEB_MAX_FIELDS, &n);
    for (size_t i = 0; i < n; i++)
        if (!kv[i].key || !kv[i].value)
            abort();
    web_kv_free(kv, n);
    char *d = web_url_decode((const char *)data, size);
    free(d);
    return 0;
}
