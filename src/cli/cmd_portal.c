/* cmd_portal — `suido portal`: the citizen portal's server, its key pair
 * (`keys`) and its PostgreSQL role (`grant ROLE`).  The server has its own
 * start-up path: it reads the configuration and the portal's PUBLIC key
 * only, never the main key file nor portal.key, and neither migrates nor
 * reads schema_migrations. */
#include <stdio.h>
#include <string.h>

#include "app/reception/app_application.h"
#include "base/sealbox.h"
#include "cli/cli.h"
#include "portal/portal.h"
#include "web/drain.h"

static const char HELP[] =
    "使い方: suido portal [--listen HOST:PORT] [--threads N]\n"
    "        suido portal keys\n"
    "        suido portal grant ROLE      (パスワードは標準入力から)\n"
    "\n"
    "市民向けの受付窓口（使用開始・中止のお申込み、状況の確認、各種様式）を起動します。\n"
    "SIGTERM / SIGINT で処理中のリクエストを終えてから停止します。\n"
    "  --listen   待ち受けアドレス (default: portal.listen or SUIDO_PORTAL_LISTEN or 127.0.0.1:8090)\n"
    "  --threads  ワーカースレッド数 (default: portal.threads or 4)\n"
    "The portal reads only [portal] public_key_file (default portal.pub beside crypto.key_file) and\n"
    "connects with [portal] db (default db.url); it never opens the main key file.\n"
    "\n"
    "keys   ポータルの鍵ペアを作成する（なければ）: portal.key (0600, 職員側のみ) と portal.pub (0644)。\n"
    "grant  PostgreSQL にポータル専用のロールを作成（または更新）し、申込みの登録と状況の参照だけを許可する。\n"
    "See docs/portal.md.\n";

static int serve(const cli_opts *o)
{
    config *cfg = cli_config();
    if (!cfg)
        return 1;
    app_env env;
    err_t e;
    err_clear(&e);
    app_server_process();   /* before the first connection: see app.h */
    if (app_portal_env_init(&env, cfg, &e)) {
        cli_err("受付窓口を起動できません", &e);
        app_env_free(&env);
        config_free(cfg);
        return 1;
    }
    long long threads, timeout, posts, gets, per_address, drain;
    int rc = 2;
    if (config_get_int(cfg, "portal.threads", 4, 1, 64, &threads, &e) ||
        config_get_int(cfg, "portal.request_timeout", 10, 1, 300, &timeout, &e) ||
        config_get_int(cfg, "portal.post_per_minute", 5, 1, 100000, &posts, &e) ||
        config_get_int(cfg, "portal.get_per_minute", 120, 1, 1000000, &gets, &e) ||
        config_get_int(cfg, "portal.max_per_address", 32, 1, 100000, &per_address, &e) ||
        config_get_int(cfg, "portal.drain_timeout", WEB_DRAIN_DEFAULT_S, 1, 600, &drain, &e))
        cli_err("設定が正しくありません", &e);
    else if (cli_int(o, "threads", threads, 1, 64, &threads)) {
        const char *listen = cli_get(o, "listen");
        portal_opts po = {
            .listen = listen ? listen : config_get(cfg, "portal.listen", "127.0.0.1:8090"),
            .threads = (unsigned)threads,
            .request_timeout_s = (unsigned)timeout,
            .max_per_address = (unsigned)per_address,
            .post_per_minute = posts,
            .get_per_minute = gets,
            .trusted_proxies = config_get(cfg, "portal.trusted_proxies", "127.0.0.1"),
            .drain_s = (unsigned)drain,
        };
        rc = 0;
        if (portal_run(&env, &po, &e)) {
            cli_err("受付窓口を起動できません", &e);
            rc = 1;
        }
    }
    app_env_free(&env);
    config_free(cfg);
    return rc;
}

static int keys(void)
{
    config *cfg = cli_config();
    if (!cfg)
        return 1;
    app_env env;
    memset(&env, 0, sizeof env);
    env.cfg = cfg;
    err_t e;
    err_clear(&e);
    char sk[SEALBOX_PATH_MAX], pk[SEALBOX_PATH_MAX];
    int rc = crypto_init() != 0 ? err_set(&e, ERR_INTERNAL, NULL, NULL, "libsodium initialisation failed")
                                : sealbox_paths(cfg, sk, pk, &e);
    if (!rc)
        rc = app_portal_keys_load(&env, true, &e);
    if (rc)
        cli_err("ポータルの鍵を用意できません", &e);
    else
        printf("secret (staff only, 0600): %s\npublic (give to the portal, 0644): %s\n", sk, pk);
    app_env_free(&env);
    config_free(cfg);
    return rc ? 1 : 0;
}

static int grant(const char *role)
{
    char pw[512];
    if (!cli_read_password(pw, sizeof pw))
        return 1;
    cli_session s;
    if (!cli_open(&s, false, false)) {
        memset(pw, 0, sizeof pw);
        return 1;
    }
    err_t e;
    err_clear(&e);
    bool created = false;
    int rc = app_portal_grant(&s.ctx, role, pw, &created, &e);
    memset(pw, 0, sizeof pw);
    if (rc)
        cli_err("ロールを設定できません", &e);
    else
        printf("%s %s: INSERT and status SELECT on applications only\n", created ? "created role" : "updated role",
               role);
    cli_close(&s);
    return rc ? 1 : 0;
}

int cmd_portal(int argc, char **argv)
{
    static const char *const FLAGS[] = {"help", NULL};
    static const char *const ALLOWED[] = {"help", "listen", "threads", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, FLAGS, &o) || !cli_only(&o, ALLOWED))
        return 2;
    if (cli_has(&o, "help")) {
        fputs(HELP, stdout);
        return 0;
    }
    if (o.nargs == 0)
        return serve(&o);
    if (strcmp(o.args[0], "keys") == 0 && o.nargs == 1)
        return keys();
    if (strcmp(o.args[0], "grant") == 0 && o.nargs == 2)
        return grant(o.args[1]);
    fputs(HELP, stderr);
    return 2;
}
