/* config — settings from an INI file and environment variables.
 *
 * Precedence (highest first): command-line flags (applied by cli/), then the
 * environment (SUIDO_DB, SUIDO_KEY_FILE, SUIDO_LISTEN, SUIDO_LOG_LEVEL, ...),
 * then the file (--config PATH or SUIDO_CONFIG), then built-in defaults.
 *
 * INI syntax: [section] headers, key = value lines, '#' or ';' comments,
 * values trimmed; optional double quotes around the value are removed.
 * Keys are addressed as "section.key" ("db.url", "server.listen"); keys
 * before any section have no prefix.  An unknown key is kept (later issues
 * add settings) but a syntax error names the line. */
#ifndef SUIDO_CONFIG_H
#define SUIDO_CONFIG_H

#include "base/err.h"

typedef struct config config;

/* Empty config holding only defaults.  Caller owns: config_free. */
config *config_new(void);
void config_free(config *c);
/* Parse the file into c (later keys override earlier).  ERR_IO if unreadable,
 * ERR_INVALID naming "path:line" on syntax errors. */
int config_load_file(config *c, const char *path, err_t *e);
/* Parse INI text (for tests); name is used in messages. */
int config_load_string(config *c, const char *text, const char *name, err_t *e);
/* Apply the environment overrides listed in config.c's table
 * (e.g. SUIDO_DB -> db.url). */
void config_apply_env(config *c);
/* Set a value (copies). */
void config_set(config *c, const char *key, const char *value);
/* Value or def when missing; the pointer is owned by c. */
const char *config_get(const config *c, const char *key, const char *def);
/* Integer value; def when missing; ERR_INVALID naming the key when present
 * but not an integer in [min,max]. */
int config_get_int(const config *c, const char *key, long long def, long long min, long long max,
                   long long *out, err_t *e);

#endif
