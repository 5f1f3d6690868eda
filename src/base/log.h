/* log — line-oriented log to stderr: time (UTC, ISO 8601), level, request id,
 * message.  Never give it personal data.  Thread-safe (one write per line). */
#ifndef SUIDO_LOG_H
#define SUIDO_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(int level);
/* Buffer DEBUG/INFO lines (the access log) in memory and write them in 64 KiB
 * blocks, or when log_flush is called (the server's maintenance thread does so
 * every second, and at shutdown).  WARN/ERROR lines flush the buffer and are
 * written at once.  A crash can lose at most the last second of INFO lines. */
void log_set_buffered(bool on);
void log_flush(void);
/* Copy in to out (NUL-terminated, truncated to outsz) with backslash, CR,
 * LF and tab as \\ \r \n \t and other control bytes as \xHH; returns the
 * length written.  log_msg applies it to every message, so a field taken
 * from a request can never start a forged line. */
size_t log_escape(const char *in, char *out, size_t outsz);
/* rid may be NULL or "". Control characters in the message are escaped. */
void log_msg(int level, const char *rid, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define log_info(...) log_msg(LOG_INFO, NULL, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, NULL, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, NULL, __VA_ARGS__)

#endif
