/* cmd_serve — `suido serve`: the staff web server. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "app/reception/app_application.h"
#include "cli/cli.h"
#include "web/drain.h"
#include "web/metrics.h"
#include "base/ipallow.h"
#include "domain/role.h"
#include "web/server.h"
#include "web/web.h"

/* The route table as TSV, for operators and for the role-by-route test. */
static void print_routes(void)
{
    printf("method\tpath\tpermission\tflags\n");
    for (size_t i = 0; i < WEB_NROUTES; i++) {
        const web_route *r = &WEB_ROUTES[i];
        unsigned f = r->flags;
        printf("%s\t%s\t%s\t%s%s%s%s%s\n", r->method, r->pattern, perm_code(r->perm),
               f & WEB_PUBLIC ? "public," : "", f & WEB_API ? "api," : "", f & WEB_ALLOW_MUST_CHANGE ? "must-change," : "",
               f & WEB_DEVICE ? "device," : "", f & WEB_UPLOAD ? "upload," : "");
    }
}

static const char HELP[] =
    "使い方: suido serve [--listen HOST:PORT] [--threads N] [--max-body BYTES]\n"
    "                   [--tls-cert FILE --tls-key FILE] [--insecure-http]\n"
    "       suido serve --routes\n"
    "\n"
    "職員用のWebサーバーを起動します。SIGTERM / SIGINT で新しい接続の受付をやめ、処理中のリクエストを\n"
    "server.drain_timeout 秒 (default 20) まで待って終えてから、監査ログを書き切って停止します (終了コード 0)。\n"
    "  --listen    待ち受けアドレス (default: server.listen or SUIDO_LISTEN or 127.0.0.1:8080)\n"
    "  --threads   ワーカースレッド数 (default: server.threads or 4)\n"
    "  --max-body  リクエスト本文の上限バイト数 (default: server.max_body or 1048576)\n"
    "  --tls-cert  HTTPS の証明書 (PEM、中間証明書を続けて) (default: server.tls_cert or SUIDO_TLS_CERT)\n"
    "  --tls-key   その秘密鍵 (PEM) (default: server.tls_key or SUIDO_TLS_KEY)\n"
    "              TLS 1.2/1.3 のみ。SIGHUP で証明書と鍵を読み直します（更新後の再起動は不要）。\n"
    "  --insecure-http  ループバック (127.0.0.0/8) 以外でも暗号化なしの HTTP で待ち受ける\n"
    "              (default: server.insecure_http = 0; なければ TLS なしの待ち受けは 127.0.0.1 などに限ります)\n"
    "  --routes    画面・API の一覧 (TSV: method, path, permission, flags) を表示して終わる\n"
    "              (権限ごとに使える役割は suido user roles)\n"
    "The database is migrated on start; the key file is created (mode 0600) if missing.\n";

int cmd_serve(int argc, char **argv)
{
    static const char *const FLAGS[] = {"help", "insecure-http", "routes", NULL};
    static const char *const ALLOWED[] = {"help", "listen", "threads", "max-body", "tls-cert", "tls-key", "insecure-http",
                                          "routes", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, FLAGS, &o) || !cli_only(&o, ALLOWED))
        return 2;
    if (cli_has(&o, "help")) {
        fputs(HELP, stdout);
        return 0;
    }
    if (cli_has(&o, "routes")) {
        print_routes();
        return 0;
    }
    cli_session s;
    app_server_process();   /* before the first connection: see app.h */
    if (!cli_open(&s, true, true))
        return 1;
    long long threads, max_body, max_upload, timeout, max_buffered, per_address, drain;
    err_t e;
    err_clear(&e);
    /* the citizen portal seals applications to this pair's public key */
    if (app_portal_keys_load(&s.env, true, &e)) {
        cli_err("ウェブ申込の鍵を用意できません", &e);
        cli_close(&s);
        return 1;
    }
    int rc = 0;
    if (config_get_int(s.cfg, "server.threads", 4, 1, 64, &threads, &e) ||
        config_get_int(s.cfg, "server.max_body", 1048576, 1024, 64 * 1048576LL, &max_body, &e) ||
        config_get_int(s.cfg, "server.max_upload", 64 * 1048576LL, 1024, 1024 * 1048576LL, &max_upload, &e) ||
        config_get_int(s.cfg, "server.request_timeout", 30, 1, 3600, &timeout, &e) ||
        config_get_int(s.cfg, "server.max_buffered", 256 * 1048576LL, 1024, 64 * 1024 * 1048576LL, &max_buffered, &e) ||
        config_get_int(s.cfg, "server.max_per_address", 32, 1, 100000, &per_address, &e) ||
        config_get_int(s.cfg, "server.drain_timeout", WEB_DRAIN_DEFAULT_S, 1, 600, &drain, &e)) {
        cli_err("設定が正しくありません", &e);
        cli_close(&s);
        return 2;
    }
    if (!ipallow_valid(config_get(s.cfg, "metrics.allow", ""))) {
        fprintf(stderr, "設定 [metrics] allow（SUIDO_METRICS_ALLOW）は IP アドレスか CIDR（例: 10.1.2.0/24）を"
                        "コンマで区切って指定してください: %s\n", config_get(s.cfg, "metrics.allow", ""));
        cli_close(&s);
        return 2;
    }
    const char *menabled = config_get(s.cfg, "metrics.enabled", "yes");
    bool metrics_on = strcmp(menabled, "yes") == 0 || strcmp(menabled, "1") == 0 || strcmp(menabled, "true") == 0;
    if (!metrics_on && strcmp(menabled, "no") != 0 && strcmp(menabled, "0") != 0 && strcmp(menabled, "false") != 0) {
        fprintf(stderr, "設定 [metrics] enabled（SUIDO_METRICS_ENABLED）は yes か no で指定してください: %s\n", menabled);
        cli_close(&s);
        return 2;
    }
    web_metrics_set_enabled(metrics_on);
    if (!cli_int(&o, "threads", threads, 1, 64, &threads) || !cli_int(&o, "max-body", max_body, 1024, 64 * 1048576LL, &max_body)) {
        cli_close(&s);
        return 2;
    }
    const char *listen = cli_get(&o, "listen");
    if (!listen)
        listen = config_get(s.cfg, "server.listen", "127.0.0.1:8080");
    const char *tls_cert = cli_get(&o, "tls-cert"), *tls_key = cli_get(&o, "tls-key");
    if (!tls_cert)
        tls_cert = config_get(s.cfg, "server.tls_cert", NULL);
    if (!tls_key)
        tls_key = config_get(s.cfg, "server.tls_key", NULL);
    const char *insecure = config_get(s.cfg, "server.insecure_http", "0");
    web_server_opts wo = {
        .listen = listen,
        .threads = (unsigned)threads,
        .max_body = (size_t)max_body,
        .max_upload = (size_t)max_upload,
        .max_buffered = (size_t)max_buffered,
        .max_per_address = (unsigned)per_address,
        .max_header = 64 * 1024,
        .request_timeout_s = (unsigned)timeout,
        .tls_cert = tls_cert && *tls_cert ? tls_cert : NULL,
        .tls_key = tls_key && *tls_key ? tls_key : NULL,
        .insecure_http = cli_has(&o, "insecure-http") || strcmp(insecure, "1") == 0 || strcmp(insecure, "true") == 0,
        .drain_s = (unsigned)drain,
    };
    /* The server opens one connection per worker thread; the CLI one is not needed. */
    app_db_close(s.db);
    s.db = NULL;
    if (web_server_run(&s.env, &wo, &e)) {
        cli_err("サーバーを起動できません", &e);
        rc = 1;
    }
    cli_close(&s);
    return rc;
}
