/* Fuzz target: the legacy mapping (domain/interchange/ic_mapping): any text
 * is parsed or refused with a message; a mapping that is accepted evaluates
 * every expression it holds on a record made of the same bytes (cut past its
 * end, split inside a CP932 character, codes missing from their tables, bad
 * dates) and either gives a value or a message, never more. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/interchange/ic_mapping.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char msg[400];
    ic_mapping *m = ic_mapping_parse(text, "fuzz.ini", msg, sizeof msg);
    if (!m) {
        if (!msg[0])
            abort();   /* a refusal always says why */
        free(text);
        return 0;
    }
    const char *fields[3] = {text, "R070401", "01"};
    buf_t raw, out;
    buf_init(&raw, 0);
    buf_init(&out, 0);
    for (int i = 0; i < m->ntargets; i++) {
        const icm_target *t = &m->targets[i];
        ic_mapping_record(m, t, text, size, fields, 3);
        for (int k = 0; k < IC_MAX_CSV_COLS; k++)
            if (t->cols[k].set && !ic_mapping_eval(m, &t->cols[k], text, size, fields, 3, &raw, &out, msg, sizeof msg) &&
                !msg[0])
                abort();
    }
    buf_free(&raw);
    buf_free(&out);
    ic_mapping_free(m);
    free(text);
    return 0;
}
