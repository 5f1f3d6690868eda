/* agent_result — see agent_result.h. */
#include "domain/agent_result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv_read.h"
#include "base/date.h"
#include "domain/slipcode.h"

const agent_profile AGENT_PROFILES[] = {
    {.name = "standard", .ncols = 13, .col_kind = 0, .col_date = 1, .col_time = 2, .col_barcode = 3,
     .col_amount = 7, .col_chain = 8, .col_store = 10, .col_transfer = 11,
     .kind_codes = {NULL, "01", "02", "03"}, .barcode_prefix = "EAN", .header_rows = 0},
    {.name = NULL},
};

const agent_profile *agent_profile_find(const char *name)
{
    for (const agent_profile *p = AGENT_PROFILES; name && p->name; p++)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

typedef struct parse_state {
    const agent_profile *p;
    agent_record *rows;
    size_t n, cap;
    int64_t seen;
    char *err;
    size_t errsz;
} parse_state;

static int bad(parse_state *st, int64_t line, const char *field, const char *what)
{
    snprintf(st->err, st->errsz, "%lld 行目の%s: %s", (long long)line, field, what);
    return 1;
}

/* "YYYYMMDD" -> "YYYY-MM-DD" (a real date); false otherwise. */
static bool ymd(const char *s, char out[11])
{
    if (!s || strlen(s) != 8 || strspn(s, "0123456789") != 8)
        return false;
    char iso[11] = {s[0], s[1], s[2], s[3], '-', s[4], s[5], '-', s[6], s[7], 0};
    civil_date d;
    if (!date_parse(iso, &d))
        return false;
    memcpy(out, iso, 11);
    return true;
}

static int row_fn(int64_t line, char **f, size_t nf, void *arg)
{
    parse_state *st = arg;
    const agent_profile *p = st->p;
    if (st->seen++ < p->header_rows)
        return 0;
    if (nf == 1 && f[0][0] == '\0')
        return 0;   /* a blank line */
    if ((int)nf != p->ncols) {
        char what[80];
        snprintf(what, sizeof what, "列の数が %zu です（%d 列の形式です）。", nf, p->ncols);
        return bad(st, line, "行", what);
    }
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 256;
        agent_record *r = realloc(st->rows, cap * sizeof *r);
        if (!r)
            return bad(st, line, "行", "メモリが足りません。");
        st->rows = r;
        st->cap = cap;
    }
    agent_record *r = &st->rows[st->n];
    memset(r, 0, sizeof *r);
    r->line = line;
    for (int k = AGENT_FLASH; k <= AGENT_CANCEL; k++)
        if (p->kind_codes[k] && strcmp(f[p->col_kind], p->kind_codes[k]) == 0)
            r->kind = k;
    if (!r->kind)
        return bad(st, line, "種別", "速報・確報・取消のいずれでもありません（未知の種別は推測しません）。");
    if (!ymd(f[p->col_date], r->paid_on))
        return bad(st, line, "収納日", "YYYYMMDD の実在する日付ではありません。");
    const char *t = f[p->col_time];
    if (strlen(t) != 4 || strspn(t, "0123456789") != 4 || (t[0] - '0') * 10 + (t[1] - '0') > 23 ||
        (t[2] - '0') * 10 + (t[3] - '0') > 59)
        return bad(st, line, "収納時刻", "HHMM ではありません。");
    snprintf(r->paid_at, sizeof r->paid_at, "%.2s:%.2s", t, t + 2);
    const char *bc = f[p->col_barcode];
    size_t pl = strlen(p->barcode_prefix);
    if (strncmp(bc, p->barcode_prefix, pl) != 0)
        return bad(st, line, "バーコード情報", "先頭の識別子がありません。");
    bc += pl;
    if (!slipcode_valid(bc))
        return bad(st, line, "バーコード情報", "44桁の数字でないか、チェックデジットが合いません。");
    memcpy(r->barcode, bc, 45);
    long long amount = 0;
    if (!str_to_i64(f[p->col_amount], &amount) || !slipcode_payable(amount))
        return bad(st, line, "金額", "1〜999,999 の整数ではありません。");
    long long in_code = 0;
    char amt[7];
    memcpy(amt, bc + 37, 6);
    amt[6] = '\0';
    if (!str_to_i64(amt, &in_code) || in_code != amount)
        return bad(st, line, "金額", "バーコードの支払金額と一致しません。");
    r->amount = amount;
    str_copy(r->chain, sizeof r->chain, f[p->col_chain]);
    str_copy(r->store, sizeof r->store, f[p->col_store]);
    if (*f[p->col_transfer] && !ymd(f[p->col_transfer], r->transfer_on))
        return bad(st, line, "振込日", "YYYYMMDD の実在する日付ではありません。");
    st->n++;
    return 0;
}

int agent_parse(const char *data, size_t len, const agent_profile *p, agent_record **rows, size_t *n, char *err,
                size_t errsz)
{
    *rows = NULL;
    *n = 0;
    parse_state st = {.p = p, .err = err, .errsz = errsz};
    int64_t bad_line = 0;
    int rc = csv_read_all(data, len, row_fn, &st, &bad_line);
    if (rc == -1)
        snprintf(err, errsz, "%lld 行目: CSV として読めません。", (long long)bad_line);
    if (rc) {
        free(st.rows);
        return -1;
    }
    if (st.n == 0) {
        free(st.rows);
        snprintf(err, errsz, "収納データが1件もありません。");
        return -1;
    }
    *rows = st.rows;
    *n = st.n;
    return 0;
}
