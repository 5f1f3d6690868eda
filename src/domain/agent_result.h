/* agent_result — collection agents' result files (コンビニ・スマホ決済の
 * 収納データ): 速報 (flash), 確報 (confirmed) and 取消 (cancellation) records,
 * read through a profile that says where each field is (pure).
 *
 * Agents define their own layouts; a profile is a table row, so a new agent
 * is configuration, not code.  The first profile ("standard") is the CSV of
 * the published example: 種別, 収納日, 収納時刻, バーコード情報 ("EAN" + 44
 * digits), 利用者欄 1–2, 印紙フラグ, 金額, 本部コード, 店舗名, 店舗コード, 振込日,
 * データ作成日.  Every record's barcode must carry a right check digit and the
 * same amount as the record.
 *
 * Ownership: agent_parse returns a malloc'd array freed with free(). */
#ifndef SUIDO_AGENT_RESULT_H
#define SUIDO_AGENT_RESULT_H

#include <stddef.h>
#include <stdint.h>

enum agent_kind { AGENT_FLASH = 1, AGENT_CONFIRMED = 2, AGENT_CANCEL = 3 };

typedef struct agent_profile {
    const char *name;
    int ncols;                       /* fields per row */
    int col_kind, col_date, col_time, col_barcode, col_amount, col_chain, col_store, col_transfer;  /* 0-based */
    const char *kind_codes[4];       /* [AGENT_FLASH..AGENT_CANCEL]: the file's codes */
    const char *barcode_prefix;      /* text before the 44 digits ("EAN"), "" for none */
    int header_rows;                 /* rows to skip at the top */
} agent_profile;

/* The built-in profiles, ending with a NULL name; agent_profile_find by name. */
extern const agent_profile AGENT_PROFILES[];
const agent_profile *agent_profile_find(const char *name);

typedef struct agent_record {
    int64_t line;
    int kind;                        /* enum agent_kind */
    char paid_on[11];                /* YYYY-MM-DD */
    char paid_at[6];                 /* HH:MM */
    char barcode[45];                /* the 44 digits */
    int64_t amount;
    char chain[16], store[24];
    char transfer_on[11];            /* YYYY-MM-DD, "" when none */
} agent_record;

/* Parse a whole file (UTF-8); all-or-nothing: -1 with a Japanese message
 * naming the line and the field, and nothing returned. */
int agent_parse(const char *data, size_t len, const agent_profile *p, agent_record **rows, size_t *n, char *err,
                size_t errsz);

#endif
