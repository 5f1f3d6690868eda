/* assets — static files compiled into the binary (generated assets.c). */
#ifndef SUIDO_ASSETS_H
#define SUIDO_ASSETS_H

#include <stddef.h>

typedef struct web_asset {
    const char *path;          /* "/static/app.css" */
    const char *content_type;
    const unsigned char *data;
    size_t len;
} web_asset;

extern const web_asset WEB_ASSETS[];   /* ends with a NULL path */

#endif
