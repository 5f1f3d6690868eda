/* jcheck — the shared steps of checking a data file written in JSON against
 * its format (the 延滞金 rates, the works fee tables): each names the key at
 * fault in a Japanese message, so that an administrator can mend the file.
 *
 * A path is the prefix of the key's name: "" at the top, "periods[2]." or
 * "kanyukin." inside (ending in a dot).  Every function that finds a problem
 * writes the message, beginning with the path and key, into err (size errsz)
 * and returns -1; it returns 0 when all is well.
 *
 * Ownership: jcheck_load returns a new reference (json_decref it); the
 * others borrow what they are given and copy into the caller's buffers. */
#ifndef SUIDO_JCHECK_H
#define SUIDO_JCHECK_H

#include <jansson.h>
#include <stddef.h>

#include "base/date.h"

/* Write the formatted message into err; returns -1 (for `return jcheck_fail(...)`). */
int jcheck_fail(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Parse text as one JSON object (duplicate keys refused) whose "format" is
 * exactly format; NULL with the message otherwise. */
json_t *jcheck_load(const char *text, size_t len, const char *format, char *err, size_t errsz);

/* Every key of o is one of allowed (NULL-terminated). */
int jcheck_only_keys(json_t *o, const char *path, const char *const *allowed, char *err, size_t errsz);

/* A required, non-empty string that fits out (size outsz). */
int jcheck_string(json_t *o, const char *key, const char *path, char *out, size_t outsz, char *err, size_t errsz);

/* Optional free text (source, note): a string when present. */
int jcheck_free_text(json_t *o, const char *key, const char *path, char *err, size_t errsz);

/* A required real date written "YYYY-MM-DD". */
int jcheck_date(json_t *o, const char *key, const char *path, civil_date *out, char *err, size_t errsz);

#endif
