/* text — Japanese text helpers (UTF-8 in, UTF-8 out), built on ICU.
 *
 * Every function returning char* returns a malloc'd NUL-terminated string the
 * caller frees, or NULL on invalid UTF-8 / allocation failure. */
#ifndef SUIDO_TEXT_H
#define SUIDO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* NFKC normalisation (half-width kana -> full-width, full-width ASCII ->
 * ASCII, etc.) with leading/trailing white space (incl. U+3000) trimmed. */
char *text_nfkc(const char *s);

/* Search key for kana names: NFKC, hiragana -> katakana, all white space
 * (ASCII and U+3000) removed, ASCII letters upper-cased, and the small kana /
 * voiced marks kept as they are.  "やまだ　たろう" and "ﾔﾏﾀﾞ ﾀﾛｳ" and
 * "ヤマダタロウ" all give "ヤマダタロウ". */
char *text_kana_key(const char *s);

/* カナ氏名 as stored and shown: NFKC (half-width -> full-width), hiragana ->
 * katakana, each run of white space -> one ideographic space U+3000.
 * "ﾔﾏﾀﾞ ﾀﾛｳ" and "やまだ　たろう" give "ヤマダ　タロウ". */
char *text_kana_display(const char *s);

/* Search key for free text such as addresses: NFKC, white space removed,
 * ASCII upper-cased, hiragana -> katakana, and the dash family
 * (ー－―‐−–—) folded to '-' only between digits (丁目-番地 forms). */
char *text_fold_key(const char *s);

/* Digits only ("090-1234-5678" / "０９０（１２３４）５６７８" -> "09012345678").
 * Full-width digits are accepted. */
char *text_digits(const char *s);

/* true if s (after NFKC and trimming) is non-empty and consists only of
 * katakana (U+30A1..U+30FA, ー U+30FC, ・ U+30FB), hiragana, spaces (ASCII or
 * U+3000), and is valid UTF-8.  For カナ氏名 fields. */
bool text_is_kana(const char *s);

/* true if s is valid UTF-8 without control characters (other than \t\r\n when
 * allow_newlines). */
bool text_is_clean(const char *s, bool allow_newlines);

/* The first character of s that changes how the text is shown without being
 * seen, or 0 when there is none (also 0 for NULL or invalid UTF-8): bidi
 * controls (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069), zero-width
 * and invisible characters (U+200B..U+200D, U+2060, U+FEFF, U+00AD and every
 * other format character, category Cf), U+2028, U+2029, C1 controls and the
 * Hangul fillers.  Ordinary spaces (incl. U+3000), newlines, tabs and the
 * ideographic variation selectors of names (U+E0100..) are not among them. */
uint32_t text_invisible_char(const char *s);

/* Line ends to LF in place: CR LF and a lone CR each become one LF. */
void text_newlines_lf(char *s);

/* Number of Unicode code points in valid UTF-8 s (0 for NULL). */
size_t text_len_chars(const char *s);

/* UTF-8 -> CP932 (Shift_JIS, Windows) via iconv.  Characters that CP932 cannot
 * hold become '?'.  Returns malloc'd bytes and sets *outlen. */
char *text_to_cp932(const char *s, size_t len, size_t *outlen);
/* CP932 -> UTF-8; NULL on invalid input. */
char *text_from_cp932(const char *s, size_t len, size_t *outlen);

#endif
