/* validate — typed checks of input fields, shared by every adapter.
 *
 * Each function returns 0 or ERR_INVALID with e->field set to `field` and a
 * Japanese e->user message that names the field's label, e.g.
 * "水栓番号は半角数字8桁で入力してください。".  Pure functions. */
#ifndef SUIDO_VALIDATE_H
#define SUIDO_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>
#include "base/err.h"
#include "base/date.h"

/* 水栓番号: exactly 8 ASCII digits. */
int validate_tap_no(const char *s, const char *field, const char *label, err_t *e);
/* Required non-empty clean text up to maxchars code points. */
int validate_text(const char *s, bool required, size_t maxchars, const char *field, const char *label, err_t *e);
/* Free text over several lines (備考, 連絡事項): like validate_text but line
 * breaks (LF or CR LF, counted as one character) are allowed; tabs are not. */
int validate_note(const char *s, bool required, size_t maxchars, const char *field, const char *label, err_t *e);
/* No bidi control and no zero-width or other invisible character in s
 * (text_invisible_char); the check every text field passes, for callers with
 * rules of their own.  NULL and "" pass. */
int validate_visible(const char *s, const char *field, const char *label, err_t *e);
/* カナ氏名: kana and spaces only (text_is_kana), up to maxchars. */
int validate_kana(const char *s, bool required, size_t maxchars, const char *field, const char *label, err_t *e);
/* Phone: after removing - ( ) spaces, 10 or 11 digits starting with 0; empty allowed if !required. */
int validate_phone(const char *s, bool required, const char *field, const char *label, err_t *e);
/* Postal code NNN-NNNN or NNNNNNN; empty allowed if !required. */
int validate_postal(const char *s, bool required, const char *field, const char *label, err_t *e);
/* Date YYYY-MM-DD; empty allowed if !required (out untouched then, returns 0). */
int validate_date(const char *s, bool required, const char *field, const char *label, civil_date *out, err_t *e);
/* Integer in [min,max]. */
int validate_int(const char *s, long long min, long long max, const char *field, const char *label, long long *out, err_t *e);
/* An amount of yen or a range of them, as typed into a list's filter:
 * "3456" (that amount), "1000-5000" (also 〜 ～ ~ between), "1000-" (that
 * much or more), "-5000" (up to that); thousands commas, spaces, full-width
 * digits and 円 are allowed.  Empty: *min 0 and *max INT64_MAX, returns 0.
 * A lower bound above the upper one is refused. */
int validate_amount_range(const char *s, const char *field, const char *label, int64_t *min, int64_t *max,
                          err_t *e);
/* A code from a NULL-terminated list of allowed codes. */
int validate_code(const char *s, const char *const *allowed, const char *field, const char *label, err_t *e);

/* Meter diameters in mm: 13 20 25 30 40 50 75 100 150 200. */
bool validate_is_diameter(long long mm);

#endif
