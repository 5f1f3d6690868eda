/* works_slipref — the reference (自由使用欄, 21 digits) of a works payment
 * slip (the 納入通知書 of an application's 加入金 and fees), and telling one
 * apart from the other slips' in a slip's 44 digits (pure).
 *
 * The 21 digits, positions 9–29 of the 44 (1-based, as docs/works.md):
 *
 *   9–16   the application's number as 8 digits: the 令和 year (2) and
 *          the sequence within the fiscal year (6): R8-00012 → 08000012
 *   17     '7', the works mark
 *   18–29  the application's id (12 digits)
 *
 * The other slips' references put a tap number (8) first and then either a
 * water bill's id as 13 digits (its first digit 0 until bill ids reach 10^12)
 * or a mark and 12 digits: '8' a late charge (延滞金・督促手数料), '9' a
 * dunning letter.  '7' is reserved for works, so a works slip is never taken
 * for a bill (no bill id starts with 7 × 10^12) nor for a late charge or a
 * letter; the application's id routes the receipt to its charges.
 *
 * Ownership: outputs are the caller's buffers. */
#ifndef SUIDO_WORKS_SLIPREF_H
#define SUIDO_WORKS_SLIPREF_H

#include <stdbool.h>
#include <stdint.h>

#define WORKS_SLIPREF_LEN 21
#define WORKS_SLIPREF_MARK '7'

/* The reference of application id numbered number ("R8-00012") into out
 * (21 digits and NUL).  -1 when the number is not "R<year>-<sequence>"
 * with a year of 1..99 and a sequence of 1..999,999, or id is not
 * 1..999,999,999,999. */
int works_slipref_build(const char *number, int64_t id, char out[WORKS_SLIPREF_LEN + 1]);

/* Whether the 44 digits of a slip carry a works reference; if so, the
 * application's id into *id and its number ("R8-00012") into number. */
bool works_slipref_parse(const char *digits44, int64_t *id, char number[16]);

#endif
