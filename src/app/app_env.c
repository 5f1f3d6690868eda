/* app_env — process environment for use cases: database URL, keys, auth
 * settings (see app.h). */
#include "app/app.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "app/audit_writer.h"
#include "app/maintenance.h"
#include "app/registry/search_index.h"
#include "store/db.h"
#include "base/batch_heap.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/sealbox.h"
#include "domain/tariff.h"
#include "store/migrate.h"

/* Create the parent directory of path (one level) if it is missing. */
static void ensure_parent_dir(const char *path)
{
    char dir[1024];
    if (!str_copy(dir, sizeof dir, path))
        return;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return;
    *slash = '\0';
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        log_warn("cannot create directory %s: %s", dir, strerror(errno));
}

/* [reading] thresholds: see domain/reading_check.h and docs/suido.ini.example. */
static int reading_settings(app_env *env, const config *cfg, err_t *e)
{
    reading_rules *r = &env->reading;
    reading_rules_default(r);
    const struct { const char *key; int64_t *dst; long long min, max; } INTS[] = {
        {"reading.high_pct", &r->high_pct, 110, 10000},       {"reading.low_pct", &r->low_pct, 0, 99},
        {"reading.min_diff_m3", &r->min_diff_m3, 0, 100000},  {"reading.zero_hold_m3", &r->zero_hold_m3, 0, 100000},
        {"reading.leak_pct", &r->leak_pct, 101, 10000},       {"reading.last_year_window_days", &r->ly_window_days, 1, 60},
    };
    for (size_t i = 0; i < sizeof INTS / sizeof INTS[0]; i++) {
        long long v;
        int rc = config_get_int(cfg, INTS[i].key, *INTS[i].dst, INTS[i].min, INTS[i].max, &v, e);
        if (rc)
            return rc;
        *INTS[i].dst = v;
    }
    const char *est = config_get(cfg, "reading.estimate", "average3");
    if (strcmp(est, "average3") != 0 && strcmp(est, "last_year") != 0)
        return err_set(e, ERR_INVALID, "reading.estimate", "reading.estimate は average3 か last_year を指定してください。",
                       "reading.estimate must be average3 or last_year, not %s", est);
    r->estimate_last_year = strcmp(est, "last_year") == 0;
    return 0;
}

/* [billing]: see domain/bill_calc.h and docs/suido.ini.example. */
static int billing_settings(app_env *env, const config *cfg, err_t *e)
{
    bill_rules *b = &env->billing;
    const struct { const char *key; int64_t *dst; long long def, min, max; } INTS[] = {
        {"billing.due_days", &b->due_days, 20, 0, 120},
        {"billing.well_m3_per_person", &b->well_m3_per_person, 8, 0, 100},
        {"billing.chunk", &b->chunk, 5000, 1, 100000},
    };
    for (size_t i = 0; i < sizeof INTS / sizeof INTS[0]; i++) {
        long long v;
        int rc = config_get_int(cfg, INTS[i].key, INTS[i].def, INTS[i].min, INTS[i].max, &v, e);
        if (rc)
            return rc;
        *INTS[i].dst = v;
    }
    const char *chg = config_get(cfg, "billing.tariff_change", "reading");
    if (strcmp(chg, "reading") != 0 && strcmp(chg, "days") != 0)
        return err_set(e, ERR_INVALID, "billing.tariff_change",
                       "billing.tariff_change は reading（検針日の料金表）か days（日割り）を指定してください。",
                       "billing.tariff_change must be reading or days, not %s", chg);
    b->change_by_days = strcmp(chg, "days") == 0;
    /* max_period_ratio: a decimal with at most two places (the tariffs' price
     * syntax, read into hundredths), 1.00 to 100 */
    const char *ratio = config_get(cfg, "billing.max_period_ratio", "1.5");
    int64_t pct = 0;
    if (!tariff_parse_yen(ratio, &pct) || pct < 100 || pct > 10000)
        return err_set(e, ERR_INVALID, "billing.max_period_ratio",
                       "billing.max_period_ratio は 1.0 から 100 までの数（小数点以下2桁まで、例 1.5）を指定してください。",
                       "billing.max_period_ratio must be a decimal from 1.0 to 100, not %s", ratio);
    b->max_period_pct = pct;
    return 0;
}

int app_env_init(app_env *env, config *cfg, bool create_key, err_t *e)
{
    memset(env, 0, sizeof *env);
    env->cfg = cfg;
    const char *url = config_get(cfg, "db.url", "sqlite:var/suido.db");
    if (!str_copy(env->db_url, sizeof env->db_url, url))
        return err_set(e, ERR_INVALID, "db", "データベースURLが長すぎます。", "db.url too long");
    const char *kf = config_get(cfg, "crypto.key_file", "var/suido.key");
    if (!str_copy(env->key_file, sizeof env->key_file, kf))
        return err_set(e, ERR_INVALID, "key_file", NULL, "crypto.key_file too long");
    if (strncmp(env->db_url, "sqlite:", 7) == 0)
        ensure_parent_dir(env->db_url + 7);
    if (create_key && !app_db_is_fresh(env->db_url))
        create_key = false;     /* data exists: its key must be there, not a new one */
    if (create_key)
        ensure_parent_dir(env->key_file);
    long long v;
    int rc;
    if ((rc = config_get_int(cfg, "auth.idle_timeout", 1800, 60, 86400, &v, e)))
        return rc;
    env->idle_timeout_s = v;
    if ((rc = config_get_int(cfg, "auth.lock_threshold", 5, 1, 100, &v, e)))
        return rc;
    env->lock_threshold = v;
    if ((rc = config_get_int(cfg, "auth.lock_seconds", 900, 1, 86400 * 7, &v, e)))
        return rc;
    env->lock_seconds = v;
    const char *tls = config_get(cfg, "server.tls", "0");
    env->tls = strcmp(tls, "1") == 0 || strcmp(tls, "true") == 0;
    if ((rc = reading_settings(env, cfg, e)) || (rc = billing_settings(env, cfg, e)))
        return rc;
    if (crypto_init() != 0)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "libsodium initialisation failed");
    return crypto_keyring_load(env->key_file, create_key, &env->keys, e);
}

void app_env_free(app_env *env)
{
    audit_writer_stop(env->audit_writer);
    env->audit_writer = NULL;
    maintenance_stop(env->maintenance);
    env->maintenance = NULL;
    crypto_keyring_free(env->keys);
    env->keys = NULL;
    sealbox_keys_free(env->portal_keys);
    env->portal_keys = NULL;
    if (env->index) {
        search_index_free(env->index);
        env->index = NULL;
    }
}

bool app_sqlite_dir(const char *url, char *out, size_t outsz)
{
    if (strncmp(url, "sqlite:", 7) != 0 || !str_copy(out, outsz, url + 7))
        return false;
    char *slash = strrchr(out, '/');
    if (!slash)
        return str_copy(out, outsz, ".");
    if (slash == out)
        slash[1] = '\0';   /* "/x.db": the root */
    else
        *slash = '\0';
    return true;
}

bool app_db_is_fresh(const char *url)
{
    if (strncmp(url, "sqlite:", 7) == 0) {
        struct stat st;
        if (stat(url + 7, &st) != 0 || st.st_size == 0)
            return true;
    }
    db_conn *c = NULL;
    if (db_conn_open(url, false, &c, NULL) != 0)
        return false;
    int v = 0;
    bool fresh = migrate_current(c, &v, NULL) == 0 && v == 0;
    db_conn_close(c);
    return fresh;
}

int app_health(app_ctx *ctx, err_t *e)
{
    int v = 0;
    int rc = migrate_current(ctx->db, &v, e);
    if (!rc && v != migrate_latest())
        rc = err_set(e, ERR_DB, NULL, NULL, "schema version %d, expected %d", v, migrate_latest());
    return rc;
}

long long app_db_errors(void)
{
    return db_error_count();
}

void app_batch_process(void)
{
    batch_heap_huge();
    db_batch_memory();
}

void app_server_process(void)
{
    db_server_process();
}

int app_db_open(const app_env *env, db_conn **out, err_t *e)
{
    int rc = db_conn_open(env->db_url, false, out, e);
    if (!rc && env->maintenance)
        db_autocheckpoint(*out, 0);   /* the maintenance thread checkpoints */
    return rc;
}

int app_db_open_server(const app_env *env, db_conn **out, err_t *e)
{
    int rc = app_db_open(env, out, e);
    if (!rc)
        db_server_reads(*out);
    return rc;
}

void app_db_close(db_conn *db)
{
    db_conn_close(db);
}

int app_schema_migrate(app_ctx *ctx, int *applied, err_t *e)
{
    return migrate_apply(ctx->db, applied, e);
}

int app_schema_version(app_ctx *ctx, int *current, int *latest, err_t *e)
{
    *latest = migrate_latest();
    return migrate_current(ctx->db, current, e);
}

void app_ctx_operator(app_ctx *ctx, app_env *env, db_conn *db)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->env = env;
    ctx->db = db;
    ctx->actor.role = APP_ROLE_OPERATOR;
    str_copy(ctx->actor.username, sizeof ctx->actor.username, "operator");
    str_copy(ctx->actor.ip, sizeof ctx->actor.ip, "cli");
}

const char *app_utility_name(const app_ctx *ctx)
{
    return config_get(ctx->env->cfg, "utility.name", "山峡市上下水道局");
}
