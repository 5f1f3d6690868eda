/* writeoff — see writeoff.h. */
#include "domain/writeoff.h"

#include <string.h>

static const char *const CODES[WRITEOFF__NREASONS] = {"limitation", "invocation", "waiver", "bankruptcy",
                                                      "unknown",    "death",      "other"};
static const char *const LABELS[WRITEOFF__NREASONS] = {"時効完成", "援用",   "債権放棄",       "破産免責",
                                                       "所在不明", "死亡・相続放棄", "その他"};

int writeoff_reason_parse(const char *code)
{
    if (!code)
        return -1;
    for (int i = 0; i < WRITEOFF__NREASONS; i++)
        if (strcmp(code, CODES[i]) == 0)
            return i;
    return -1;
}

const char *writeoff_reason_code(int r)
{
    return r >= 0 && r < WRITEOFF__NREASONS ? CODES[r] : "?";
}

const char *writeoff_reason_label(int r)
{
    return r >= 0 && r < WRITEOFF__NREASONS ? LABELS[r] : "?";
}

bool writeoff_reason_needs_limitation(int r)
{
    return r == WRITEOFF_LIMITATION || r == WRITEOFF_INVOCATION || r == WRITEOFF_WAIVER;
}

void writeoff_split(int64_t balance, int64_t sewer_yen, int64_t alloc_sewer, int64_t *water_out, int64_t *sewer_out)
{
    if (balance < 0)
        balance = 0;
    int64_t sewer = sewer_yen - alloc_sewer;
    if (sewer < 0)
        sewer = 0;
    if (sewer > balance)
        sewer = balance;
    *sewer_out = sewer;
    *water_out = balance - sewer;
}

int writeoff_fiscal_year(const char *iso)
{
    if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
        return -1;
    int y = 0, m = 0;
    for (int i = 0; i < 4; i++) {
        if (iso[i] < '0' || iso[i] > '9')
            return -1;
        y = y * 10 + (iso[i] - '0');
    }
    for (int i = 5; i < 7; i++) {
        if (iso[i] < '0' || iso[i] > '9')
            return -1;
        m = m * 10 + (iso[i] - '0');
    }
    if (m < 1 || m > 12)
        return -1;
    return m >= 4 ? y : y - 1;
}
