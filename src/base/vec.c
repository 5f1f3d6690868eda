/* vec — see vec.h. */
#include "base/vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *vec_slot(void **items, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        if (nc > SIZE_MAX / size)
            return NULL;
        void *p = realloc(*items, nc * size);
        if (!p)
            return NULL;
        *items = p;
        *cap = nc;
    }
    char *slot = (char *)*items + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}
