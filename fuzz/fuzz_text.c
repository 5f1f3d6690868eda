/* Fuzz target: Japanese text folding and CP932 decoding of untrusted bytes
 * (form fields, imported files). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    free(text_nfkc(s));
    free(text_kana_key(s));
    free(text_kana_display(s));
    free(text_fold_key(s));
    free(text_digits(s));
    (void)text_is_kana(s);
    (void)text_is_clean(s, true);
    size_t n;
    free(text_from_cp932(s, strlen(s), &n));
    free(text_to_cp932(s, strlen(s), &n));
    free(s);
    return 0;
}
