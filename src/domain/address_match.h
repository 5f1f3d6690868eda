/* address_match — whether an address typed by a resident names a tap's
 * registered place of use (給水場所), whatever way of writing it: full- or
 * half-width digits, kanji numerals, 丁目・番・号 or hyphens, spaces, the
 * city's name before it and a building name after it.  Pure functions; the
 * caller owns every buffer. */
#ifndef SUIDO_DOMAIN_ADDRESS_MATCH_H
#define SUIDO_DOMAIN_ADDRESS_MATCH_H

#include <stdbool.h>
#include <stddef.h>

/* The comparison form of an address into out (size outsz): digits as ASCII
 * (kanji numerals up to 99 read as numbers), 丁目/番地/番/号/の and every
 * dash as "-", spaces dropped, no dash at either end.  "中央四丁目29番8号"
 * and "中央4-29-8" both give "中央4-29-8". */
void address_key(const char *s, char *out, size_t outsz);

/* True when typed contains the registered address (both compared in their
 * key form), not followed by another digit ("…29-8" does not match
 * "…29-81"). An empty registered address never matches. */
bool address_matches(const char *typed, const char *registered);

#endif
