/* log — line-oriented log to stderr: time (UTC, ISO 8601), level, request id,
 * message.  Never give it personal data.  Thread-safe (one write per line). */
#ifndef SUIDO_LOG_H
#define SUIDO_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(int level);
/* rid may be NULL or "". */
void log_msg(int level, const char *rid, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define log_info(...) log_msg(LOG_INFO, NULL, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, NULL, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, NULL, __VA_ARGS__)

#endif
