/* main — `suido` entry point: global options and subcommand dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

#ifndef SUIDO_VERSION
#define SUIDO_VERSION "dev"
#endif

static const char USAGE[] =
    "suido — 上下水道料金・給水工事受付システム (version " SUIDO_VERSION ")\n"
    "\n"
    "使い方: suido [--db URL] [--config PATH] COMMAND [options]\n"
    "\n"
    "COMMAND:\n"
    "  serve         職員用Webサーバーを起動する (staff web server)\n"
    "  portal        市民向け受付窓口（使用開始・中止のお申込み）を起動する; keys, grant (citizen portal)\n"
    "  migrate       データベースのスキーマを最新にする (apply migrations)\n"
    "  user          職員アカウントの管理: add, list, disable, enable, password, role, unlock\n"
    "  demo          デモ用の架空の市（山峡市）を作成する (build a demo city)\n"
    "  audit verify  監査ログのハッシュチェーンを検証する (verify the audit log)\n"
    "  key rotate    個人情報の暗号鍵を更新し、全データを再暗号化する (rotate the field key)\n"
    "  reading       検針: 予定の作成、CSV の取込・出力 (schedule, import, export)\n"
    "  device        検針端末のトークン発行・一覧・無効化 (handheld terminal tokens)\n"
    "  calendar      祝日の一覧、営業日の計算 (holidays, business days)\n"
    "  tariff        料金表: 検査、試算、登録、一覧 (tariff files: check, quote, load, list)\n"
    "  bill          調定: 調定処理の実行、調定の表示 (billing run, bills)\n"
    "  slip          納付書（バーコード付き PDF）の作成 (payment slip)\n"
    "  payment       収納: 入金の計上・取消・消込、未消込、過誤納の充当 (payments)\n"
    "  bank          金融機関・支店コードの取込（zengin-code）と表示 (bank master)\n"
    "  mandate       口座振替の登録・一覧・終了 (direct-debit mandates)\n"
    "  debit         口座振替: 依頼ファイルの作成、振替結果の取込 (direct debit files)\n"
    "  contact       対応履歴の記録・一覧、送付先の確認（郵便不着） (contact log)\n"
    "  version       バージョンを表示する\n"
    "\n"
    "データベースの指定 (database URL), in order of precedence:\n"
    "  --db URL, environment SUIDO_DB, db.url in the config file (--config PATH or SUIDO_CONFIG),\n"
    "  default sqlite:var/suido.db.  URL is sqlite:PATH or a PostgreSQL conninfo/URI\n"
    "  (e.g. \"host=/run/postgresql dbname=suido\" or postgresql://user@host/suido).\n"
    "暗号鍵ファイル (key file): SUIDO_KEY_FILE or crypto.key_file (default var/suido.key).\n"
    "\n"
    "各コマンドの詳細: suido COMMAND --help\n";

int main(int argc, char **argv)
{
    /* Everything suido creates (the SQLite database with its -wal and -shm,
     * keys, slips, exports) holds personal data: no access for "other". */
    umask(027);
    /* A moved clock is for tests and rehearsals only (base/date.c): say so loudly. */
    const char *shift = getenv("SUIDO_CLOCK_SHIFT_DAYS");
    if (shift && *shift)
        fprintf(stderr, "警告: SUIDO_CLOCK_SHIFT_DAYS=%s により日付をずらして動作しています（試験専用。本番では設定しないこと）。\n", shift);
    int i = 1;
    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0) {
            puts("suido " SUIDO_VERSION);
            return 0;
        }
        const char **slot = strcmp(a, "--db") == 0 ? &CLI_GLOBAL.db_url
                            : strcmp(a, "--config") == 0 ? &CLI_GLOBAL.config_path : NULL;
        if (slot && i + 1 < argc) {
            *slot = argv[i + 1];
            i += 2;
            continue;
        }
        if (strncmp(a, "--db=", 5) == 0) {
            CLI_GLOBAL.db_url = a + 5;
            i++;
            continue;
        }
        if (strncmp(a, "--config=", 9) == 0) {
            CLI_GLOBAL.config_path = a + 9;
            i++;
            continue;
        }
        fprintf(stderr, "不明なオプションです: %s\n\n%s", a, USAGE);
        return 2;
    }
    if (i >= argc) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *cmd = argv[i];
    int sub_argc = argc - i - 1;
    char **sub_argv = argv + i + 1;
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(sub_argc, sub_argv);
    if (strcmp(cmd, "portal") == 0)
        return cmd_portal(sub_argc, sub_argv);
    if (strcmp(cmd, "migrate") == 0)
        return cmd_migrate(sub_argc, sub_argv);
    if (strcmp(cmd, "user") == 0)
        return cmd_user(sub_argc, sub_argv);
    if (strcmp(cmd, "demo") == 0)
        return cmd_demo(sub_argc, sub_argv);
    if (strcmp(cmd, "audit") == 0)
        return cmd_audit(sub_argc, sub_argv);
    if (strcmp(cmd, "key") == 0)
        return cmd_key(sub_argc, sub_argv);
    if (strcmp(cmd, "reading") == 0)
        return cmd_reading(sub_argc, sub_argv);
    if (strcmp(cmd, "device") == 0)
        return cmd_device(sub_argc, sub_argv);
    if (strcmp(cmd, "calendar") == 0)
        return cmd_calendar(sub_argc, sub_argv);
    if (strcmp(cmd, "tariff") == 0)
        return cmd_tariff(sub_argc, sub_argv);
    if (strcmp(cmd, "slip") == 0)
        return cmd_slip(sub_argc, sub_argv);
    if (strcmp(cmd, "bill") == 0)
        return cmd_bill(sub_argc, sub_argv);
    if (strcmp(cmd, "payment") == 0)
        return cmd_payment(sub_argc, sub_argv);
    if (strcmp(cmd, "bank") == 0)
        return cmd_bank(sub_argc, sub_argv);
    if (strcmp(cmd, "mandate") == 0)
        return cmd_mandate(sub_argc, sub_argv);
    if (strcmp(cmd, "debit") == 0)
        return cmd_debit(sub_argc, sub_argv);
    if (strcmp(cmd, "contact") == 0)
        return cmd_contact(sub_argc, sub_argv);
    if (strcmp(cmd, "version") == 0) {
        if (sub_argc && strcmp(sub_argv[0], "--help") == 0) {
            puts("使い方: suido version\nバージョンを表示します。");
            return 0;
        }
        puts("suido " SUIDO_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0) {
        fputs(USAGE, stdout);
        return 0;
    }
    fprintf(stderr, "不明なコマンドです: %s\n\n%s", cmd, USAGE);
    return 2;
}
