/* demo_tariffs — the demo city's tariff files (tariffs/sankyo-*.json),
 * compiled in by scripts/embed_assets.py so that `suido demo` works from any
 * directory (app-internal). */
#ifndef SUIDO_DEMO_TARIFFS_H
#define SUIDO_DEMO_TARIFFS_H

#include <stddef.h>

typedef struct demo_tariff_file {
    const char *name;
    const char *text;
    size_t len;
} demo_tariff_file;

extern const demo_tariff_file DEMO_TARIFF_FILES[];   /* ends with a NULL name */

#endif
