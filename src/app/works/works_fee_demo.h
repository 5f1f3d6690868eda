/* works_fee_demo — the shipped fee tables of service-connection works
 * (the files in works-fees/, format suido-works-fee/1), compiled in by
 * scripts/embed_assets.py: the tables `suido works fee` uses when no --table
 * is given, so that it works from any directory.  Static data: nothing to
 * free. */
#ifndef SUIDO_WORKS_FEE_DEMO_H
#define SUIDO_WORKS_FEE_DEMO_H

#include <stddef.h>

typedef struct works_fee_file {
    const char *name;      /* the file's base name ("sankyo-works-2019.json") */
    const char *text;      /* its bytes, NUL-terminated */
    size_t len;
} works_fee_file;

extern const works_fee_file WORKS_FEE_DEMO_FILES[];   /* ends with a NULL name */

#endif
