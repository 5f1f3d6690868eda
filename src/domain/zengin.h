/* zengin — 全銀協 direct-debit files, 種別コード 91 (口座振替): the request
 * we send to a bank and the result file it returns (pure).
 *
 * Records are 120 bytes of JIS X 0201 (half-width kana are single bytes
 * 0xA1–0xDF, as in CP932), joined by CR LF.  N fields are right-justified and
 * zero-filled; C fields left-justified and space-filled.  Names are
 * normalised to the bank's character set by zengin_kana.
 *
 * Ownership: record builders write into the caller's 121-byte buffers;
 * zengin_parse fills a zengin_file whose records array is malloc'd and freed
 * by zengin_file_free. */
#ifndef SUIDO_ZENGIN_H
#define SUIDO_ZENGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZENGIN_REC 120

/* Normalise UTF-8 text (kana in any width, hiragana, ASCII) to the bank's
 * half-width set, left-justified and space-filled to width bytes: voiced kana
 * split (ガ -> ｶﾞ), small kana to full size (ッ -> ﾂ), ー -> '-', lower case
 * to upper; party names (委託者名, 預金者名) also keep ( ) - . ; truncation
 * never separates ﾞ/ﾟ from its kana.  -1 with a Japanese message naming the
 * first character that cannot be written (kanji, for example). */
int zengin_kana(const char *utf8, bool party, char *out, size_t width, char *err, size_t errsz);

typedef struct zengin_header_in {
    const char *consignor_code;   /* 委託者コード, 10 digits */
    const char *consignor_name;   /* 委託者名 (UTF-8 kana) */
    const char *debit_on;         /* 引落日 YYYY-MM-DD (written MMDD) */
    const char *bank, *bank_name;       /* 取引銀行: 4 digits, kana */
    const char *branch, *branch_name;   /* 取引支店: 3 digits, kana */
    int account_type;             /* 1 普通, 2 当座, 9 その他 */
    const char *account;          /* 7 digits */
} zengin_header_in;

typedef struct zengin_record {
    char bank[5], bank_name[16];        /* name: the 15 bytes as written (half-width kana) */
    char branch[4], branch_name[16];
    int account_type;                   /* 1 普通, 2 当座, 3 納税準備, 9 その他 */
    char account[8];
    char holder[31];                    /* 預金者名, 30 bytes */
    int64_t amount;                     /* yen */
    int new_code;                       /* 0 その他, 1 第1回, 2 変更分 */
    char customer[21];                  /* 顧客番号, 20 digits */
    char result;                        /* 振替結果コード as written ('0' in a request) */
} zengin_record;

/* One record each (out[121], NUL-terminated, no line end).  -1 with a
 * message naming the field when a value does not fit. */
int zengin_header(const zengin_header_in *h, char out[ZENGIN_REC + 1], char *err, size_t errsz);
typedef struct zengin_data_in {
    const char *bank, *bank_name;       /* 4 digits; UTF-8 kana (normalised) */
    const char *branch, *branch_name;   /* 3 digits; UTF-8 kana */
    int account_type;
    const char *account;                /* up to 7 digits */
    const char *holder;                 /* 預金者名, UTF-8 kana */
    int64_t amount;                     /* yen, 1..9,999,999,999 */
    int new_code;
    const char *customer;               /* 顧客番号, up to 20 digits */
} zengin_data_in;
int zengin_data(const zengin_data_in *r, char out[ZENGIN_REC + 1], char *err, size_t errsz);
int zengin_trailer(int64_t count, int64_t amount, int64_t done_count, int64_t done_amount, int64_t failed_count,
                   int64_t failed_amount, char out[ZENGIN_REC + 1], char *err, size_t errsz);
void zengin_end(char out[ZENGIN_REC + 1]);

typedef struct zengin_file {
    char consignor_code[11];
    char debit_mmdd[5];
    char bank[5], branch[4], account[8];
    zengin_record *records;
    size_t n;
    int64_t total_amount, done_count, done_amount, failed_count, failed_amount;
} zengin_file;

/* Parse a whole file (a request or a bank's result): CR LF line ends (no
 * separator also accepted; CR-only or LF-only refused), header, data,
 * trailer, end; every N field digits; the trailer's counts and sums equal to
 * the records'.  -1 with a Japanese message naming the line and the field;
 * nothing is returned half-read. */
int zengin_parse(const char *data, size_t len, zengin_file *out, char *err, size_t errsz);
void zengin_file_free(zengin_file *f);

/* The meaning of a 振替結果コード ("振替済", "資金不足", ...), or NULL when the
 * code is not one of the standard's (report it; never guess). */
const char *zengin_result_text(char code);

#endif
