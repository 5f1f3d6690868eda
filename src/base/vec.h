/* vec — growing a malloc'd array of fixed-size elements one slot at a time.
 *
 * The array (*items) is owned by the caller and released with free(). */
#ifndef SUIDO_VEC_H
#define SUIDO_VEC_H

#include <stddef.h>

/* A zeroed slot at the end of *items (which grows as needed), with *n
 * incremented; NULL when memory runs out (the array is left as it was). */
void *vec_slot(void **items, size_t *n, size_t *cap, size_t size);

#endif
