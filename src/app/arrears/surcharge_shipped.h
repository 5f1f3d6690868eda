/* surcharge_shipped — the 延滞金 rates shipped with suido (the files in surcharge/,
 * format suido-surcharge/1), compiled in by scripts/embed_assets.py: the
 * rates a late charge is assessed by when arrears.surcharge_rates names no
 * file of the utility's own, so that the server and `make run` assess from
 * any directory.  Static data: nothing to free. */
#ifndef SUIDO_SURCHARGE_SHIPPED_H
#define SUIDO_SURCHARGE_SHIPPED_H

#include <stddef.h>

typedef struct surcharge_shipped_file {
    const char *name;      /* the file's base name ("tokurei.json") */
    const char *text;      /* its bytes, NUL-terminated */
    size_t len;
} surcharge_shipped_file;

extern const surcharge_shipped_file SURCHARGE_SHIPPED_FILES[];   /* ends with a NULL name */

#endif
