/* buf — see buf.h. */
#include "base/buf.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(buf_t *b, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->cap = cap;
}

void buf_allow(buf_t *b, size_t bytes)
{
    size_t cap = b->cap ? b->cap : BUF_DEFAULT_CAP;
    if (bytes > cap)
        b->cap = bytes;
}

void buf_free(buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
    b->failed = false;
}

void buf_reset(buf_t *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

static bool buf_reserve(buf_t *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : BUF_DEFAULT_CAP;
    if (b->failed)
        return false;
    if (extra > cap || b->len > cap - extra) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return true;
    size_t n = b->alloc ? b->alloc : 256;
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    char *p = realloc(b->data, n);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->alloc = n;
    return true;
}

bool buf_grow(buf_t *b, size_t extra)
{
    return buf_reserve(b, extra);
}

bool buf_append(buf_t *b, const void *p, size_t n)
{
    if (n == 0)
        return !b->failed;
    if (!buf_reserve(b, n))
        return false;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool buf_puts(buf_t *b, const char *s)
{
    return s ? buf_append(b, s, strlen(s)) : !b->failed;
}

bool buf_putc(buf_t *b, char c)
{
    return buf_append(b, &c, 1);
}

bool buf_vprintf(buf_t *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->failed = true;
        return false;
    }
    if ((size_t)n < sizeof small)
        return buf_append(b, small, (size_t)n);
    if (!buf_reserve(b, (size_t)n))
        return false;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return true;
}

bool buf_printf(buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool ok = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return ok;
}

const char *buf_cstr(buf_t *b)
{
    return b->data ? b->data : "";
}

char *buf_steal(buf_t *b, size_t *len_out)
{
    char *p = b->data;
    if (!p)
        p = calloc(1, 1);
    if (len_out)
        *len_out = b->len;
    b->data = NULL;
    b->len = b->alloc = 0;
    b->failed = false;
    return p;
}

bool str_copy(char *dst, size_t dstsz, const char *src)
{
    if (dstsz == 0)
        return false;
    if (!src)
        src = "";
    size_t n = strlen(src);
    bool fits = n < dstsz;
    if (!fits)
        n = dstsz - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return fits;
}

bool str_to_i64(const char *s, long long *out)
{
    if (!s || !*s)
        return false;
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (*p < '0' || *p > '9')
        return false;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    *out = v;
    return true;
}

void str_thousands(long long v, char out[32])
{
    char d[24];
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    str_fmt(d, sizeof d, "%llu", u);
    size_t n = strlen(d), k = 0;
    if (v < 0)
        out[k++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = d[i];
    }
    out[k] = '\0';
}

const char *str_i64(long long v, char out[24])
{
    size_t i = 23;
    out[i] = '\0';
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        out[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        out[--i] = '-';
    return out + i;
}

bool str_fmt(char *dst, size_t dstsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst, dstsz, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < dstsz;
}
