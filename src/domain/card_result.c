/* card_result — see card_result.h. */
#include "domain/card_result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv_read.h"
#include "base/date.h"
#include "base/text.h"

const char *const CARD_HEADER[CARD_COLUMNS] = {"売上日", "水栓番号", "調定番号", "金額", "承認番号", "結果", "エラーコード"};

typedef struct parse_state {
    card_record *rows;
    size_t n, cap;
    bool header_seen;
    char *err;
    size_t errsz;
} parse_state;

static int bad(parse_state *st, int64_t line, const char *field, const char *what)
{
    snprintf(st->err, st->errsz, "%lld 行目の%s: %s", (long long)line, field, what);
    return 1;
}

/* "YYYYMMDD" or "YYYY-MM-DD" -> "YYYY-MM-DD" (a real date). */
static bool day(const char *s, char out[11])
{
    char iso[11];
    size_t len = strlen(s);
    if (len == 8 && strspn(s, "0123456789") == 8) {
        char t[11] = {s[0], s[1], s[2], s[3], '-', s[4], s[5], '-', s[6], s[7], 0};
        memcpy(iso, t, sizeof t);
    } else if (len == 10 && s[4] == '-' && s[7] == '-' && strspn(s, "0123456789-") == 10) {
        memcpy(iso, s, 11);
    } else {
        return false;
    }
    civil_date d;
    if (!date_parse(iso, &d))
        return false;
    memcpy(out, iso, 11);
    return true;
}

/* Digits only, 1..max characters. */
static bool digits(const char *s, size_t max)
{
    size_t len = strlen(s);
    return len >= 1 && len <= max && strspn(s, "0123456789") == len;
}

/* Letters and digits only (承認番号, エラーコード), 1..max characters. */
static bool alnum(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len < 1 || len > max)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
              s[i] == '-'))
            return false;
    return true;
}

static int row_fn(int64_t line, char **f, size_t nf, void *arg)
{
    parse_state *st = arg;
    if (nf == 1 && f[0][0] == '\0')
        return 0;   /* a blank line */
    if (!st->header_seen) {
        st->header_seen = true;
        for (size_t i = 0; i < CARD_COLUMNS; i++)
            if (nf != CARD_COLUMNS || strcmp(f[i], CARD_HEADER[i]) != 0) {
                char what[200];
                snprintf(what, sizeof what, "見出しが「%s,%s,%s,%s,%s,%s,%s」ではありません。", CARD_HEADER[0],
                         CARD_HEADER[1], CARD_HEADER[2], CARD_HEADER[3], CARD_HEADER[4], CARD_HEADER[5],
                         CARD_HEADER[6]);
                return bad(st, line, "見出し行", what);
            }
        return 0;
    }
    if (nf != CARD_COLUMNS) {
        char what[80];
        snprintf(what, sizeof what, "列の数が %zu です（%d 列の形式です）。", nf, CARD_COLUMNS);
        return bad(st, line, "行", what);
    }
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 256;
        card_record *r = realloc(st->rows, cap * sizeof *r);
        if (!r)
            return bad(st, line, "行", "メモリが足りません。");
        st->rows = r;
        st->cap = cap;
    }
    card_record *r = &st->rows[st->n];
    memset(r, 0, sizeof *r);
    r->line = line;
    if (!day(f[0], r->sold_on))
        return bad(st, line, "売上日", "YYYYMMDD または YYYY-MM-DD の実在する日付ではありません。");
    if (!digits(f[1], sizeof r->tap_no - 1))
        return bad(st, line, "水栓番号", "数字（15桁まで）ではありません。");
    str_copy(r->tap_no, sizeof r->tap_no, f[1]);
    long long v = 0;
    if (!digits(f[2], 13) || !str_to_i64(f[2], &v) || v < 1)
        return bad(st, line, "調定番号", "1以上の整数（13桁まで）ではありません。");
    r->bill_id = v;
    if (!digits(f[3], 8) || !str_to_i64(f[3], &v) || v < 1)
        return bad(st, line, "金額", "1〜99,999,999 の整数（円）ではありません。");
    r->amount = v;
    if (strcmp(f[5], "OK") == 0)
        r->ok = true;
    else if (strcmp(f[5], "NG") != 0)
        return bad(st, line, "結果", "OK か NG でなければなりません。");
    if (r->ok || f[4][0]) {
        if (!alnum(f[4], sizeof r->approval - 1))
            return bad(st, line, "承認番号", r->ok ? "OK の行には承認番号（英数字23文字まで）が必要です。"
                                                 : "英数字（23文字まで）ではありません。");
        str_copy(r->approval, sizeof r->approval, f[4]);
    }
    if (f[6][0]) {
        if (r->ok)
            return bad(st, line, "エラーコード", "OK の行にエラーコードがあります。");
        if (!alnum(f[6], sizeof r->error_code - 1))
            return bad(st, line, "エラーコード", "英数字（15文字まで）ではありません。");
        str_copy(r->error_code, sizeof r->error_code, f[6]);
    }
    for (size_t i = 0; r->ok && i < st->n; i++)
        if (st->rows[i].ok && strcmp(st->rows[i].approval, r->approval) == 0) {
            char what[120];
            snprintf(what, sizeof what, "%s は %lld 行目と重複しています。", r->approval, (long long)st->rows[i].line);
            return bad(st, line, "承認番号", what);
        }
    st->n++;
    return 0;
}

/* Whether s is well-formed UTF-8 (no overlongs, no surrogates). */
static bool utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t k;
        if (c < 0x80)
            k = 0;
        else if (c >= 0xC2 && c <= 0xDF)
            k = 1;
        else if ((c & 0xF0) == 0xE0)
            k = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3;
        else
            return false;
        if (k > len - i - 1)
            return false;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
        if (k == 2 && ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0)))
            return false;
        if (k == 3 && ((c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90)))
            return false;
        i += k + 1;
    }
    return true;
}

int card_parse(const char *data, size_t len, card_record **rows, size_t *n, char *err, size_t errsz)
{
    *rows = NULL;
    *n = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    if (memchr(data, '\0', len)) {
        snprintf(err, errsz, "テキストのファイルではありません（NUL 文字を含みます）。");
        return -1;
    }
    char *conv = NULL;
    if (!utf8_valid((const unsigned char *)data, len)) {
        size_t clen = 0;
        conv = text_from_cp932(data, len, &clen);
        if (!conv) {
            snprintf(err, errsz, "文字コードが UTF-8 でも Shift_JIS (CP932) でもありません。");
            return -1;
        }
        data = conv;
        len = clen;
    }
    parse_state st = {.err = err, .errsz = errsz};
    int64_t bad_line = 0;
    int rc = csv_read_all(data, len, row_fn, &st, &bad_line);
    free(conv);
    if (rc == -1)
        snprintf(err, errsz, "%lld 行目: CSV として読めません。", (long long)bad_line);
    if (!rc && st.n == 0) {
        snprintf(err, errsz, st.header_seen ? "売上結果が1件もありません。" : "ファイルが空です（見出し行がありません）。");
        rc = -1;
    }
    if (rc) {
        free(st.rows);
        return -1;
    }
    *rows = st.rows;
    *n = st.n;
    return 0;
}
