/* text — Japanese text helpers on ICU and iconv (see text.h). */
#include "base/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "base/buf.h"

/* Decode one UTF-8 code point at s (len bytes left); returns its length or 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        v = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        v = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const uint32_t MIN[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < MIN[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

static void utf8_put(buf_t *b, uint32_t cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) {
        t[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_append(b, t, n);
}

static bool utf8_valid(const char *s)
{
    size_t len = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    while (len) {
        uint32_t cp;
        size_t n = utf8_decode(p, len, &cp);
        if (!n)
            return false;
        p += n;
        len -= n;
    }
    return true;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000;
}

/* NFKC through ICU; malloc'd UTF-8 or NULL. */
static char *nfkc_raw(const char *s)
{
    if (!s || !utf8_valid(s))
        return NULL;
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nf = unorm2_getNFKCInstance(&st);
    if (U_FAILURE(st))
        return NULL;
    int32_t ulen = 0;
    st = U_ZERO_ERROR;
    u_strFromUTF8(NULL, 0, &ulen, s, -1, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        return NULL;
    UChar *u = malloc(((size_t)ulen + 1) * sizeof *u);
    if (!u)
        return NULL;
    st = U_ZERO_ERROR;
    u_strFromUTF8(u, ulen + 1, NULL, s, -1, &st);
    int32_t cap = ulen * 3 + 16;
    UChar *n = malloc((size_t)cap * sizeof *n);
    char *out = NULL;
    if (!n || U_FAILURE(st))
        goto done;
    st = U_ZERO_ERROR;
    int32_t nlen = unorm2_normalize(nf, u, ulen, n, cap, &st);
    if (U_FAILURE(st))
        goto done;
    int32_t blen = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &blen, n, nlen, &st);
    out = malloc((size_t)blen + 1);
    if (!out)
        goto done;
    st = U_ZERO_ERROR;
    u_strToUTF8(out, blen + 1, NULL, n, nlen, &st);
    if (U_FAILURE(st)) {
        free(out);
        out = NULL;
    }
done:
    free(u);
    free(n);
    return out;
}

char *text_nfkc(const char *s)
{
    char *n = nfkc_raw(s);
    if (!n)
        return NULL;
    /* Trim white space (incl. U+3000, which NFKC maps to ' '). */
    const unsigned char *p = (const unsigned char *)n;
    size_t len = strlen(n);
    size_t start = 0, end = len;
    while (start < len) {
        uint32_t cp;
        size_t k = utf8_decode(p + start, len - start, &cp);
        if (!k || !is_space(cp))
            break;
        start += k;
    }
    while (end > start && (n[end - 1] == ' ' || n[end - 1] == '\t' || n[end - 1] == '\r' || n[end - 1] == '\n'))
        end--;
    memmove(n, n + start, end - start);
    n[end - start] = '\0';
    return n;
}

/* Map a normalised string code point by code point. */
typedef enum { FOLD_KANA, FOLD_TEXT, FOLD_DISPLAY } fold_mode;

static char *fold(const char *s, fold_mode mode)
{
    char *n = text_nfkc(s);
    if (!n)
        return NULL;
    buf_t b;
    buf_init(&b, 0);
    const unsigned char *p = (const unsigned char *)n;
    size_t len = strlen(n);
    uint32_t prev = 0;
    while (len) {
        uint32_t cp;
        size_t k = utf8_decode(p, len, &cp);
        if (!k)
            break;
        p += k;
        len -= k;
        if (is_space(cp)) {
            if (mode == FOLD_DISPLAY && prev != 0x3000)
                utf8_put(&b, prev = 0x3000);
            continue;
        }
        if (cp >= 0x3041 && cp <= 0x3096)
            cp += 0x60;                          /* hiragana -> katakana */
        if (cp >= 'a' && cp <= 'z' && mode != FOLD_DISPLAY)
            cp -= 32;
        if (mode == FOLD_TEXT && (cp == 0x30FC || cp == 0xFF0D || cp == 0x2015 || cp == 0x2010 || cp == 0x2212 ||
                                  cp == 0x2013 || cp == 0x2014 || cp == 0x2011)) {
            uint32_t next = 0;
            if (len)
                utf8_decode(p, len, &next);
            if (prev >= '0' && prev <= '9' && next >= '0' && next <= '9')
                cp = '-';
        }
        utf8_put(&b, cp);
        prev = cp;
    }
    free(n);
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b, NULL);
}

char *text_kana_key(const char *s)
{
    return fold(s, FOLD_KANA);
}

char *text_kana_display(const char *s)
{
    return fold(s, FOLD_DISPLAY);
}

char *text_fold_key(const char *s)
{
    return fold(s, FOLD_TEXT);
}

char *text_digits(const char *s)
{
    if (!s || !utf8_valid(s))
        return NULL;
    buf_t b;
    buf_init(&b, 0);
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    while (len) {
        uint32_t cp;
        size_t k = utf8_decode(p, len, &cp);
        p += k;
        len -= k;
        if (cp >= '0' && cp <= '9')
            buf_putc(&b, (char)cp);
        else if (cp >= 0xFF10 && cp <= 0xFF19)
            buf_putc(&b, (char)('0' + (cp - 0xFF10)));
    }
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b, NULL);
}

bool text_is_kana(const char *s)
{
    char *n = text_nfkc(s);
    if (!n)
        return false;
    bool ok = n[0] != '\0';
    const unsigned char *p = (const unsigned char *)n;
    size_t len = strlen(n);
    while (ok && len) {
        uint32_t cp;
        size_t k = utf8_decode(p, len, &cp);
        p += k;
        len -= k;
        ok = (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC || cp == 0x30FB || (cp >= 0x3041 && cp <= 0x3096) ||
             cp == 0x309D || cp == 0x309E || cp == 0x30FD || cp == 0x30FE || is_space(cp);
    }
    free(n);
    return ok;
}

bool text_is_clean(const char *s, bool allow_newlines)
{
    if (!s)
        return false;
    /* one pass: ASCII byte by byte, the rest decoded (a byte of a multi-byte
     * character is never below 0x80, so the control check is on ASCII only) */
    const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
    while (p < end) {
        if (*p < 0x80) {
            if (*p == 0x7F || (*p < 0x20 && !(allow_newlines && (*p == '\t' || *p == '\r' || *p == '\n'))))
                return false;
            p++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(p, (size_t)(end - p), &cp);
        if (!n)
            return false;
        p += n;
    }
    return true;
}

/* Characters that change how text around them is shown without showing
 * themselves: every format character (general category Cf: the bidi
 * embeddings, overrides and isolates U+202A..U+202E U+2066..U+2069, the marks
 * U+200E U+200F U+061C, the zero-width U+200B..U+200D U+2060 U+FEFF, soft
 * hyphen, tags...), the line and paragraph separators U+2028 U+2029, the C1
 * controls, and the blank fillers that render as nothing. */
static bool is_invisible(uint32_t cp)
{
    if (cp >= 0x80 && cp <= 0x9F)
        return true;
    switch (cp) {
    case 0x034F: case 0x115F: case 0x1160: case 0x17B4: case 0x17B5: case 0x3164: case 0xFFA0:
        return true;
    default:
        break;
    }
    int8_t t = u_charType((UChar32)cp);
    return t == U_FORMAT_CHAR || t == U_LINE_SEPARATOR || t == U_PARAGRAPH_SEPARATOR;
}

uint32_t text_invisible_char(const char *s)
{
    if (!s)
        return 0;
    size_t len = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    while (len) {
        uint32_t cp;
        size_t n = utf8_decode(p, len, &cp);
        if (!n)
            return 0;   /* invalid UTF-8 is text_is_clean's to refuse */
        if (is_invisible(cp))
            return cp;
        p += n;
        len -= n;
    }
    return 0;
}

void text_newlines_lf(char *s)
{
    if (!s)
        return;
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == '\r') {
            *w++ = '\n';
            if (r[1] == '\n')
                r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

size_t text_len_chars(const char *s)
{
    if (!s)
        return 0;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

static char *convert(const char *to, const char *from, const char *s, size_t len, size_t *outlen, bool lossy)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 4 + 16;
    char *out = malloc(cap);
    if (!out) {
        iconv_close(cd);
        return NULL;
    }
    char *in = (char *)(uintptr_t)s;
    size_t inleft = len;
    char *op = out;
    size_t outleft = cap - 1;
    while (inleft > 0) {
        size_t r = iconv(cd, &in, &inleft, &op, &outleft);
        if (r != (size_t)-1)
            break;
        if (errno == EILSEQ && lossy) {
            uint32_t cp;
            size_t k = utf8_decode((const unsigned char *)in, inleft, &cp);
            if (!k)
                k = 1;
            in += k;
            inleft -= k;
            if (outleft < 1)
                break;
            *op++ = '?';
            outleft--;
            continue;
        }
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    *op = '\0';
    if (outlen)
        *outlen = (size_t)(op - out);
    return out;
}

char *text_to_cp932(const char *s, size_t len, size_t *outlen)
{
    if (!s)
        return NULL;
    return convert("CP932", "UTF-8", s, len, outlen, true);
}

char *text_from_cp932(const char *s, size_t len, size_t *outlen)
{
    if (!s)
        return NULL;
    return convert("UTF-8", "CP932", s, len, outlen, false);
}
