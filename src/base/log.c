/* log — see log.h. */
#include "base/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int g_level = LOG_INFO;
static bool g_buffered;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static char g_buf[64 * 1024];
static size_t g_len;

static void write_all(const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* Caller holds g_lock. */
static void flush_locked(void)
{
    write_all(g_buf, g_len);
    g_len = 0;
}

void log_set_buffered(bool on)
{
    pthread_mutex_lock(&g_lock);
    if (!on)
        flush_locked();
    g_buffered = on;
    pthread_mutex_unlock(&g_lock);
}

void log_flush(void)
{
    pthread_mutex_lock(&g_lock);
    flush_locked();
    pthread_mutex_unlock(&g_lock);
}

void log_set_level(int level)
{
    g_level = level;
}

size_t log_escape(const char *in, char *out, size_t outsz)
{
    static const char HEX[] = "0123456789abcdef";
    size_t o = 0;
    if (!outsz)
        return 0;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        char esc[4];
        size_t n = 0;
        if (*p == '\\' || *p == '\n' || *p == '\r' || *p == '\t') {
            esc[n++] = '\\';
            esc[n++] = *p == '\n' ? 'n' : *p == '\r' ? 'r' : *p == '\t' ? 't' : '\\';
        } else if (*p < 0x20 || *p == 0x7f) {
            esc[n++] = '\\';
            esc[n++] = 'x';
            esc[n++] = HEX[*p >> 4];
            esc[n++] = HEX[*p & 15];
        } else {
            esc[n++] = (char)*p;
        }
        if (o + n >= outsz)
            break;
        memcpy(out + o, esc, n);
        o += n;
    }
    out[o] = '\0';
    return o;
}

void log_msg(int level, const char *rid, const char *fmt, ...)
{
    static const char *const NAMES[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    if (level < g_level)
        return;
    char line[2048];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char erid[64] = "";
    if (rid)
        log_escape(rid, erid, sizeof erid);
    int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s%s%s ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     ts.tv_nsec / 1000000, NAMES[level < 0 ? 0 : level > 3 ? 3 : level],
                     erid[0] ? " rid=" : "", erid);
    if (n < 0 || (size_t)n >= sizeof line)
        n = 0;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (m < 0)
        msg[0] = '\0';
    /* Control characters and backslashes in any field (a decoded path, a
     * user name) are escaped: one call is always exactly one line. */
    size_t len = (size_t)n + log_escape(msg, line + n, sizeof line - (size_t)n - 1);
    line[len++] = '\n';
    pthread_mutex_lock(&g_lock);
    if (g_buffered && level < LOG_WARN) {
        if (g_len + len > sizeof g_buf)
            flush_locked();
        memcpy(g_buf + g_len, line, len);
        g_len += len;
    } else {
        flush_locked();
        write_all(line, len);
    }
    pthread_mutex_unlock(&g_lock);
}
