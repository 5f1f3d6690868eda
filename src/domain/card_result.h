/* card_result — the card company's result file of a continuous-billing run
 * (クレジットカード継続課金の売上結果): one row per charge, OK (売上確定) or NG
 * (与信不可), read all-or-nothing (pure).
 *
 * The layout (docs/collections.md, "カード売上結果"): a CSV, UTF-8 (a BOM is
 * allowed) or CP932, a header row, then
 *   売上日 (YYYYMMDD or YYYY-MM-DD), 水栓番号, 調定番号 (the bill id), 金額,
 *   承認番号 (OK rows: required, unique in the file), 結果 (OK / NG),
 *   エラーコード (NG rows: the company's reason code; may be empty).
 * Blank lines are skipped.  A malformed row refuses the whole file, with the
 * line and the field named.
 *
 * Ownership: card_parse returns a malloc'd array freed with free(). */
#ifndef SUIDO_CARD_RESULT_H
#define SUIDO_CARD_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CARD_COLUMNS 7

typedef struct card_record {
    int64_t line;              /* line of the file (the header is line 1) */
    char sold_on[11];          /* 売上日, YYYY-MM-DD */
    char tap_no[16];           /* 水栓番号 */
    int64_t bill_id;           /* 調定番号 */
    int64_t amount;            /* yen */
    char approval[24];         /* 承認番号 ("" on NG rows without one) */
    bool ok;                   /* 結果: OK (true) / NG (false) */
    char error_code[16];       /* エラーコード (NG rows) */
} card_record;

/* The header's column names, in order (for documents and messages). */
extern const char *const CARD_HEADER[CARD_COLUMNS];

/* Parse a whole file; -1 with a Japanese message naming the line and the
 * field, and nothing returned. */
int card_parse(const char *data, size_t len, card_record **rows, size_t *n, char *err, size_t errsz);

#endif
