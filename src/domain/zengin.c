/* zengin — see zengin.h. */
#include "domain/zengin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

/* Full-width katakana U+30A1..U+30F6 -> JIS X 0201 bytes (base, and ﾞ/ﾟ when
 * voiced); small kana become full size, ヰ/ヱ become ｲ/ｴ. */
static const char *const KATA[] = {
    "\xB1", "\xB1", "\xB2", "\xB2", "\xB3", "\xB3", "\xB4", "\xB4", "\xB5", "\xB5", "\xB6", "\xB6\xDE", "\xB7",
    "\xB7\xDE", "\xB8", "\xB8\xDE", "\xB9", "\xB9\xDE", "\xBA", "\xBA\xDE", "\xBB", "\xBB\xDE", "\xBC", "\xBC\xDE",
    "\xBD", "\xBD\xDE", "\xBE", "\xBE\xDE", "\xBF", "\xBF\xDE", "\xC0", "\xC0\xDE", "\xC1", "\xC1\xDE", "\xC2", "\xC2",
    "\xC2\xDE", "\xC3", "\xC3\xDE", "\xC4", "\xC4\xDE", "\xC5", "\xC6", "\xC7", "\xC8", "\xC9", "\xCA", "\xCA\xDE",
    "\xCA\xDF", "\xCB", "\xCB\xDE", "\xCB\xDF", "\xCC", "\xCC\xDE", "\xCC\xDF", "\xCD", "\xCD\xDE", "\xCD\xDF", "\xCE",
    "\xCE\xDE", "\xCE\xDF", "\xCF", "\xD0", "\xD1", "\xD2", "\xD3", "\xD4", "\xD4", "\xD5", "\xD5", "\xD6", "\xD6",
    "\xD7", "\xD8", "\xD9", "\xDA", "\xDB", "\xDC", "\xDC", "\xB2", "\xB4", "\xA6", "\xDD", "\xB3\xDE", "\xB6", "\xB9",
};

static int fail(char *err, size_t errsz, const char *msg, const char *detail)
{
    snprintf(err, errsz, "%s%s", msg, detail ? detail : "");
    return -1;
}

/* Next code point of valid UTF-8 (advances *p); 0 at the end. */
static unsigned next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = s[0];
    int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    if (c >= 0x80)
        c &= n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07;
    for (int i = 1; i <= n; i++)
        c = (c << 6) | (s[i] & 0x3F);
    *p = s + n + 1;
    return c;
}

int zengin_kana(const char *utf8, bool party, char *out, size_t width, char *err, size_t errsz)
{
    char *norm = text_kana_display(utf8 ? utf8 : "");   /* NFKC, hiragana -> katakana, spaces -> U+3000 */
    if (!norm)
        return fail(err, errsz, "文字コードが正しくありません。", NULL);
    char buf[512];
    size_t n = 0;
    int rc = 0;
    const unsigned char *p = (const unsigned char *)norm;
    while (*p && n + 2 < sizeof buf) {
        const unsigned char *at = p;
        unsigned c = next_cp(&p);
        const char *put = NULL;
        char one[2] = {0, 0};
        if (c >= 0x30A1 && c <= 0x30F6)
            put = KATA[c - 0x30A1];
        else if (c == 0x30FC || c == 0x2010 || c == 0x2212)
            put = "-";
        else if (c == 0x3000 || c == ' ')
            put = " ";
        else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
            one[0] = (char)c, put = one;
        else if (c >= 'a' && c <= 'z')
            one[0] = (char)(c - 'a' + 'A'), put = one;
        else if (party && (c == '(' || c == ')' || c == '-' || c == '.'))
            one[0] = (char)c, put = one;
        if (!put) {
            char ch[8] = {0};
            memcpy(ch, at, (size_t)(p - at) < 7 ? (size_t)(p - at) : 7);
            rc = fail(err, errsz, "カナに変換できない文字があります: ", ch);
            break;
        }
        size_t k = strlen(put);
        memcpy(buf + n, put, k);
        n += k;
    }
    free(norm);
    if (rc)
        return rc;
    /* trim trailing spaces, cut to width without splitting a voiced mark */
    while (n > 0 && buf[n - 1] == ' ')
        n--;
    if (n > width) {
        n = width;
        if ((unsigned char)buf[n] == 0xDE || (unsigned char)buf[n] == 0xDF)
            n--;
    }
    memcpy(out, buf, n);
    memset(out + n, ' ', width - n);
    return 0;
}

/* Right-justified zero-filled digits of v in width; false when it does not fit. */
static bool put_num(char *at, size_t width, int64_t v)
{
    if (v < 0)
        return false;
    for (size_t i = width; i-- > 0;) {
        at[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return v == 0;
}

/* A digit string right-justified zero-filled into width. */
static bool put_digits(char *at, size_t width, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > width)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    memset(at, '0', width - n);
    memcpy(at + width - n, s, n);
    return true;
}

int zengin_header(const zengin_header_in *h, char out[ZENGIN_REC + 1], char *err, size_t errsz)
{
    memset(out, ' ', ZENGIN_REC);
    out[ZENGIN_REC] = '\0';
    memcpy(out, "1910", 4);
    int m = 0, d = 0, y = 0;
    if (!h->consignor_code || strlen(h->consignor_code) != 10 || !put_digits(out + 4, 10, h->consignor_code))
        return fail(err, errsz, "委託者コード: 10桁の数字で設定してください。", NULL);
    if (zengin_kana(h->consignor_name, true, out + 14, 40, err, errsz))
        return -1;
    if (!h->debit_on || sscanf(h->debit_on, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return fail(err, errsz, "引落日: YYYY-MM-DD で指定してください。", NULL);
    put_num(out + 54, 2, m);
    put_num(out + 56, 2, d);
    if (!put_digits(out + 58, 4, h->bank) || !h->bank || strlen(h->bank) != 4)
        return fail(err, errsz, "取引銀行番号: 4桁の数字です。", NULL);
    if (zengin_kana(h->bank_name, false, out + 62, 15, err, errsz))
        return -1;
    if (!put_digits(out + 77, 3, h->branch) || !h->branch || strlen(h->branch) != 3)
        return fail(err, errsz, "取引支店番号: 3桁の数字です。", NULL);
    if (zengin_kana(h->branch_name, false, out + 80, 15, err, errsz))
        return -1;
    if (h->account_type != 1 && h->account_type != 2 && h->account_type != 9)
        return fail(err, errsz, "預金種目: 1（普通）・2（当座）・9（その他）です。", NULL);
    out[95] = (char)('0' + h->account_type);
    if (!put_digits(out + 96, 7, h->account))
        return fail(err, errsz, "口座番号: 7桁以内の数字です。", NULL);
    return 0;
}

int zengin_data(const zengin_data_in *r, char out[ZENGIN_REC + 1], char *err, size_t errsz)
{
    memset(out, ' ', ZENGIN_REC);
    out[ZENGIN_REC] = '\0';
    out[0] = '2';
    if (!r->bank || strlen(r->bank) != 4 || !put_digits(out + 1, 4, r->bank))
        return fail(err, errsz, "引落銀行番号: 4桁の数字です。", NULL);
    if (zengin_kana(r->bank_name, false, out + 5, 15, err, errsz))
        return -1;
    if (!r->branch || strlen(r->branch) != 3 || !put_digits(out + 20, 3, r->branch))
        return fail(err, errsz, "引落支店番号: 3桁の数字です。", NULL);
    if (zengin_kana(r->branch_name, false, out + 23, 15, err, errsz))
        return -1;
    if (r->account_type != 1 && r->account_type != 2 && r->account_type != 3 && r->account_type != 9)
        return fail(err, errsz, "預金種目: 1・2・3・9 のいずれかです。", NULL);
    out[42] = (char)('0' + r->account_type);
    if (!put_digits(out + 43, 7, r->account))
        return fail(err, errsz, "口座番号: 7桁以内の数字です。", NULL);
    if (zengin_kana(r->holder, true, out + 50, 30, err, errsz))
        return -1;
    if (r->amount < 1 || !put_num(out + 80, 10, r->amount))
        return fail(err, errsz, "引落金額: 1〜9999999999 円です。", NULL);
    if (r->new_code < 0 || r->new_code > 2)
        return fail(err, errsz, "新規コード: 0・1・2 のいずれかです。", NULL);
    out[90] = (char)('0' + r->new_code);
    if (!put_digits(out + 91, 20, r->customer))
        return fail(err, errsz, "顧客番号: 20桁以内の数字です。", NULL);
    out[111] = '0';
    return 0;
}

int zengin_trailer(int64_t count, int64_t amount, int64_t done_count, int64_t done_amount, int64_t failed_count,
                   int64_t failed_amount, char out[ZENGIN_REC + 1], char *err, size_t errsz)
{
    memset(out, ' ', ZENGIN_REC);
    out[ZENGIN_REC] = '\0';
    out[0] = '8';
    if (!put_num(out + 1, 6, count) || !put_num(out + 7, 12, amount) || !put_num(out + 19, 6, done_count) ||
        !put_num(out + 25, 12, done_amount) || !put_num(out + 37, 6, failed_count) ||
        !put_num(out + 43, 12, failed_amount))
        return fail(err, errsz, "トレーラ: 件数または金額が桁数を超えます。", NULL);
    return 0;
}

void zengin_end(char out[ZENGIN_REC + 1])
{
    memset(out, ' ', ZENGIN_REC);
    out[0] = '9';
    out[ZENGIN_REC] = '\0';
}

const char *zengin_result_text(char code)
{
    switch (code) {
    case '0': return "振替済";
    case '1': return "資金不足";
    case '2': return "取引なし";
    case '3': return "預金者の都合による振替停止";
    case '4': return "預金口座振替依頼書なし";
    case '8': return "委託者の都合による振替停止";
    case '9': return "その他";
    default: return NULL;
    }
}

/* A fixed field of digits only (any width: a 20-digit 顧客番号 is no number). */
static bool all_digits(const char *at, size_t width)
{
    for (size_t i = 0; i < width; i++)
        if (at[i] < '0' || at[i] > '9')
            return false;
    return true;
}

/* Digits of a fixed field (at most 18); false if any byte is not a digit. */
static bool get_num(const char *at, size_t width, int64_t *v)
{
    if (width > 18)
        return false;
    int64_t x = 0;
    for (size_t i = 0; i < width; i++) {
        if (at[i] < '0' || at[i] > '9')
            return false;
        x = x * 10 + (at[i] - '0');
    }
    *v = x;
    return true;
}

static void get_text(char *dst, const char *at, size_t width)
{
    memcpy(dst, at, width);
    dst[width] = '\0';
    for (size_t i = width; i > 0 && dst[i - 1] == ' '; i--)
        dst[i - 1] = '\0';
}

static int line_fail(char *err, size_t errsz, size_t line, const char *field, const char *what)
{
    snprintf(err, errsz, "%zu 行目の%s: %s", line, field, what);
    return -1;
}

void zengin_file_free(zengin_file *f)
{
    free(f->records);
    f->records = NULL;
    f->n = 0;
}

int zengin_parse(const char *data, size_t len, zengin_file *f, char *err, size_t errsz)
{
    memset(f, 0, sizeof *f);
    /* line layout: 120 bytes each, with CR LF after each (the last may lack it), or no separator */
    bool crlf = len >= ZENGIN_REC + 2 && data[ZENGIN_REC] == '\r' && data[ZENGIN_REC + 1] == '\n';
    if (!crlf && len > ZENGIN_REC && (data[ZENGIN_REC] == '\r' || data[ZENGIN_REC] == '\n'))
        return line_fail(err, errsz, 1, "行末", "改行は CR LF にしてください（CR のみ・LF のみは受け付けません）。");
    size_t stride = crlf ? ZENGIN_REC + 2 : ZENGIN_REC, nlines = 0;
    if (crlf && len % stride == 0)
        nlines = len / stride;
    else if (crlf && len % stride == ZENGIN_REC)
        nlines = len / stride + 1;   /* no line end after the last record */
    else if (!crlf && len % stride == 0)
        nlines = len / stride;
    if (nlines < 3)
        return line_fail(err, errsz, len / stride + 1, "長さ",
                         "1行は120バイトです（ファイルが途中で切れているか、行の長さが違います）。");
    if (crlf)
        for (size_t i = 0; i + 1 < nlines; i++) {
            const char *end = data + i * stride + ZENGIN_REC;
            if (end[0] != '\r' || end[1] != '\n')
                return line_fail(err, errsz, i + 1, "長さ", "1行は120バイト + CR LF です。");
        }
    const char *h = data;
    int64_t v;
    if (h[0] != '1' || memcmp(h + 1, "91", 2) != 0)
        return line_fail(err, errsz, 1, "データ区分・種別コード", "ヘッダ（1・91）ではありません。");
    get_text(f->consignor_code, h + 4, 10);
    get_text(f->debit_mmdd, h + 54, 4);
    get_text(f->bank, h + 58, 4);
    get_text(f->branch, h + 77, 3);
    get_text(f->account, h + 96, 7);
    if (!all_digits(h + 4, 10))
        return line_fail(err, errsz, 1, "委託者コード", "数字ではありません。");
    if (!get_num(h + 54, 4, &v) || !get_num(h + 58, 4, &v) || !get_num(h + 77, 3, &v))
        return line_fail(err, errsz, 1, "引落日・取引銀行・支店", "数字ではありません。");
    size_t ndata = nlines - 3;
    const char *t = data + (nlines - 2) * stride, *e = data + (nlines - 1) * stride;
    if (t[0] != '8')
        return line_fail(err, errsz, nlines - 1, "データ区分", "トレーラ（8）がありません。");
    if (e[0] != '9')
        return line_fail(err, errsz, nlines, "データ区分", "エンド（9）がありません。");
    f->records = calloc(ndata ? ndata : 1, sizeof *f->records);
    if (!f->records)
        return fail(err, errsz, "メモリが足りません。", NULL);
    int64_t sum = 0, done_n = 0, done_sum = 0, fail_n = 0, fail_sum = 0;
    for (size_t i = 0; i < ndata; i++) {
        const char *r = data + (i + 1) * stride;
        size_t line = i + 2;
        zengin_record *z = &f->records[i];
        if (r[0] != '2') {
            zengin_file_free(f);
            return line_fail(err, errsz, line, "データ区分", "データレコード（2）ではありません。");
        }
        int64_t a;
        if (!get_num(r + 1, 4, &v) || !get_num(r + 20, 3, &v)) {
            zengin_file_free(f);
            return line_fail(err, errsz, line, "引落銀行番号・支店番号", "数字ではありません。");
        }
        if (!get_num(r + 43, 7, &v)) {
            zengin_file_free(f);
            return line_fail(err, errsz, line, "口座番号", "数字ではありません。");
        }
        if (!get_num(r + 80, 10, &a) || a < 1) {
            zengin_file_free(f);
            return line_fail(err, errsz, line, "引落金額", "1円以上の数字ではありません。");
        }
        if (!all_digits(r + 91, 20)) {
            zengin_file_free(f);
            return line_fail(err, errsz, line, "顧客番号", "数字ではありません。");
        }
        get_text(z->bank, r + 1, 4);
        get_text(z->bank_name, r + 5, 15);
        get_text(z->branch, r + 20, 3);
        get_text(z->branch_name, r + 23, 15);
        z->account_type = r[42] - '0';
        get_text(z->account, r + 43, 7);
        get_text(z->holder, r + 50, 30);
        z->amount = a;
        z->new_code = r[90] - '0';
        get_text(z->customer, r + 91, 20);
        z->result = r[111];
        sum += a;
        if (z->result == '0') {
            done_n++;
            done_sum += a;
        } else {
            fail_n++;
            fail_sum += a;
        }
    }
    f->n = ndata;
    int64_t tn, ta, dn, da, fn, fa;
    if (!get_num(t + 1, 6, &tn) || !get_num(t + 7, 12, &ta) || !get_num(t + 19, 6, &dn) || !get_num(t + 25, 12, &da) ||
        !get_num(t + 37, 6, &fn) || !get_num(t + 43, 12, &fa)) {
        zengin_file_free(f);
        return line_fail(err, errsz, nlines - 1, "トレーラの件数・金額", "数字ではありません。");
    }
    char what[320];
    if (tn != (int64_t)ndata || ta != sum) {
        snprintf(what, sizeof what, "合計 %lld 件 %lld 円ですが、データは %zu 件 %lld 円です。", (long long)tn,
                 (long long)ta, ndata, (long long)sum);
        zengin_file_free(f);
        return line_fail(err, errsz, nlines - 1, "合計件数・合計金額", what);
    }
    /* A request carries zeros; a result carries the split, which must agree. */
    bool request = dn == 0 && da == 0 && fn == 0 && fa == 0;
    if (!request && (dn != done_n || da != done_sum || fn != fail_n || fa != fail_sum)) {
        snprintf(what, sizeof what, "振替済 %lld 件 %lld 円・不能 %lld 件 %lld 円が、データ（%lld 件 %lld 円・%lld 件 %lld 円）と合いません。",
                 (long long)dn, (long long)da, (long long)fn, (long long)fa, (long long)done_n, (long long)done_sum,
                 (long long)fail_n, (long long)fail_sum);
        zengin_file_free(f);
        return line_fail(err, errsz, nlines - 1, "振替済・振替不能", what);
    }
    f->total_amount = sum;
    f->done_count = done_n;
    f->done_amount = done_sum;
    f->failed_count = fail_n;
    f->failed_amount = fail_sum;
    return 0;
}
