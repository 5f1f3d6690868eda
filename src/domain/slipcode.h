/* slipcode — the 44-digit code of a payment slip's GS1-128 barcode
 * (コンビニ収納, the 標準料金代理収納 layout read by convenience stores and
 * smartphone payment apps) and its check digit (pure).
 *
 *   91 | company (6) | reference (21) | reissue (1) | due YYMMDD (6) |
 *   stamp flag (1) | amount (6) | check digit (1)
 *
 * Ownership: outputs are caller's buffers. */
#ifndef SUIDO_SLIPCODE_H
#define SUIDO_SLIPCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SLIPCODE_LEN 44
#define SLIPCODE_AMOUNT_MAX 999999   /* six digits: the agents' limit per slip */

typedef struct slipcode_in {
    const char *company;      /* 6 digits: 請求書発行企業コード */
    const char *reference;    /* up to 21 digits (zero-filled on the left): 自由使用欄 */
    int reissue;              /* 0 first issue, 1..9 reissues */
    const char *due;          /* YYYY-MM-DD, or NULL / "" for none (999999) */
    int64_t amount;           /* yen, 1..999,999 */
} slipcode_in;

/* Check digit of 43 digits: weights 3,1,3,... from the right-most digit,
 * (10 − sum mod 10) mod 10.  -1 if s is not 43 digits. */
int slipcode_check_digit(const char *digits43);
/* The 44 digits (out[45]); -1 with a Japanese message naming the field. */
int slipcode_build(const slipcode_in *in, char out[SLIPCODE_LEN + 1], char *err, size_t errsz);
/* Whether amount (yen) can be paid by one slip: 1..SLIPCODE_AMOUNT_MAX. */
bool slipcode_payable(int64_t amount);
/* 44 digits with a right check digit. */
bool slipcode_valid(const char *digits44);

#endif
