/* writeoff — the words and sums of 不納欠損 (write-off, docs/arrears-writeoff.md).
 * Pure: no I/O.
 *
 * A bill is two claims: its water part and its sewer part.  What is unpaid
 * of each: the sewer part is the sewer charge less what allocations gave to
 * sewer (never below 0 nor above the bill's balance); the water part is the
 * rest of the balance (water charge, adjustments and the tax). */
#ifndef SUIDO_WRITEOFF_H
#define SUIDO_WRITEOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reasons, in the order of the register and the report. */
typedef enum writeoff_reason {
    WRITEOFF_LIMITATION,   /* 時効完成 (sewer: extinguished; water: with 援用 or 債権放棄) */
    WRITEOFF_INVOCATION,   /* 援用 */
    WRITEOFF_WAIVER,       /* 債権放棄 */
    WRITEOFF_BANKRUPTCY,   /* 破産免責 */
    WRITEOFF_UNKNOWN,      /* 所在不明 */
    WRITEOFF_DEATH,        /* 死亡・相続放棄 */
    WRITEOFF_OTHER,        /* その他 (with text) */
    WRITEOFF__NREASONS
} writeoff_reason;

/* "limitation", "invocation", "waiver", "bankruptcy", "unknown", "death",
 * "other"; -1 for anything else. */
int writeoff_reason_parse(const char *code);
const char *writeoff_reason_code(int r);
const char *writeoff_reason_label(int r);
/* Reasons resting on limitation: every claim written off must be past its
 * barred_from, and a water claim needs invocation or waiver. */
bool writeoff_reason_needs_limitation(int r);

/* The unpaid parts of a bill (balance = total - paid). */
void writeoff_split(int64_t balance, int64_t sewer_yen, int64_t alloc_sewer, int64_t *water_out, int64_t *sewer_out);

/* The fiscal year (4月〜3月) of an ISO date "YYYY-MM-DD": 2025 for
 * 2025-04-01 .. 2026-03-31; -1 when malformed. */
int writeoff_fiscal_year(const char *iso);

#endif
