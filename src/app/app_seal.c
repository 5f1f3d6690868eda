/* app_seal — see app_seal.h. */
#include "app/app_seal.h"

#include <stdlib.h>

int app_seal_into(const app_ctx *ctx, const char *plain, char *out, size_t outsz, err_t *e)
{
    out[0] = '\0';
    if (!plain || !*plain)
        return 0;
    char *s = crypto_seal(ctx->env->keys, plain);
    bool ok = s && str_copy(out, outsz, s);
    free(s);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "sealing failed (or the sealed value is over %zu bytes)", outsz);
}

void app_open_into(const app_ctx *ctx, const char *sealed, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!sealed || !*sealed)
        return;
    char *p = crypto_open(ctx->env->keys, sealed);
    if (p) {
        str_copy(out, outsz, p);
        free(p);
    }
}
