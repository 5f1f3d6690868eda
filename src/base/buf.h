/* buf — growable byte buffer with a hard size cap.
 *
 * Every append checks the cap; on overflow or allocation failure the buffer
 * is marked failed (b->failed), further appends are ignored, and the caller
 * checks once at the end.  The buffer owns b->data; buf_free releases it.
 * b->data is always NUL-terminated when b->len > 0 or after buf_cstr(). */
#ifndef SUIDO_BUF_H
#define SUIDO_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define BUF_DEFAULT_CAP ((size_t)64 * 1024 * 1024)

typedef struct buf {
    char *data;
    size_t len;
    size_t alloc;
    size_t cap;     /* maximum len; 0 means BUF_DEFAULT_CAP */
    bool failed;
} buf_t;

#define BUF_INIT {0}

void buf_init(buf_t *b, size_t cap);
/* Let b hold at least bytes in all (raise its cap, never lower it): for a
 * writer that knows its output, such as a whole city's file, is larger than
 * BUF_DEFAULT_CAP. */
void buf_allow(buf_t *b, size_t bytes);
void buf_free(buf_t *b);
void buf_reset(buf_t *b);
/* Make room for extra more bytes now (fewer reallocations later). */
bool buf_grow(buf_t *b, size_t extra);
bool buf_append(buf_t *b, const void *p, size_t n);
bool buf_puts(buf_t *b, const char *s);
bool buf_putc(buf_t *b, char c);
bool buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool buf_vprintf(buf_t *b, const char *fmt, va_list ap);
/* NUL-terminated contents ("" when empty); pointer owned by b. */
const char *buf_cstr(buf_t *b);
/* Hand the data to the caller (who frees it with free()); b is reset. */
char *buf_steal(buf_t *b, size_t *len_out);

/* Bounded string copy: always NUL-terminates, returns false if truncated. */
bool str_copy(char *dst, size_t dstsz, const char *src);
/* Checked decimal conversion of the whole string; false on junk or range. */
bool str_to_i64(const char *s, long long *out);
/* printf into a fixed array; false if truncated. */
bool str_fmt(char *dst, size_t dstsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* v with thousands separators: 1234567 -> "1,234,567", -1200 -> "-1,200"
 * (every long long, LLONG_MIN too), into out (size >= 32). */
void str_thousands(long long v, char out[32]);
/* v in decimal ("%lld") without printf, written at the end of out; returns
 * where it starts (inside out). */
const char *str_i64(long long v, char out[24]);

#endif
