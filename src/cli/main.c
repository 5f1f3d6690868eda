/* main — `suido` entry point: global options and subcommand dispatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

#ifndef SUIDO_VERSION
#define SUIDO_VERSION "dev"
#endif

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

/* Every subcommand, in the order `suido --help` lists them.  shown is the
 * name as listed (NULL: the name); summary NULL keeps it out of the list. */
static const struct cli_command {
    const char *name, *shown;
    int (*fn)(int argc, char **argv);
    const char *summary;
} COMMANDS[] = {
    {"serve", NULL, cmd_serve, "職員用Webサーバーを起動する (staff web server)"},
    {"portal", NULL, cmd_portal, "市民向け受付窓口（使用開始・中止のお申込み）を起動する; keys, grant (citizen portal)"},
    {"migrate", NULL, cmd_migrate, "データベースのスキーマを最新にする (apply migrations)"},
    {"user", NULL, cmd_user, "職員アカウントの管理: add, list, disable, enable, password, role, unlock"},
    {"demo", NULL, cmd_demo, "デモ用の架空の市（山峡市）を作成する (build a demo city)"},
    {"audit", "audit verify", cmd_audit, "監査ログのハッシュチェーンを検証する (verify the audit log)"},
    {"key", NULL, cmd_key, "個人情報の暗号鍵: rotate（更新・再暗号化）、escrow / recover（預託と復元）"},
    {"backup", NULL, cmd_backup, "SQLite 版のバックアップ（restic）: init, run, list, restore, check, prune"},
    {"db", NULL, cmd_db, "データベースの最適化（月次の定時処理）: compact"},
    {"job", NULL, cmd_job, "定時処理（systemd タイマー）の実行と記録: run NAME -- COMMAND, list"},
    {"reading", NULL, cmd_reading, "検針: 予定の作成、CSV の取込・出力 (schedule, import, export)"},
    {"device", NULL, cmd_device, "検針端末のトークン発行・一覧・無効化 (handheld terminal tokens)"},
    {"calendar", NULL, cmd_calendar, "祝日の一覧、営業日の計算 (holidays, business days)"},
    {"tariff", NULL, cmd_tariff, "料金表: 検査、試算、登録、一覧 (tariff files: check, quote, load, list)"},
    {"bill", NULL, cmd_bill, "調定: 調定処理の実行、調定の表示 (billing run, bills)"},
    {"slip", NULL, cmd_slip, "納付書（バーコード付き PDF）の作成 (payment slip)"},
    {"payment", NULL, cmd_payment, "収納: 入金の計上・取消・消込、未消込、過誤納の充当 (payments)"},
    {"bank", NULL, cmd_bank, "金融機関・支店コードの取込（zengin-code）と表示 (bank master)"},
    {"mandate", NULL, cmd_mandate, "口座振替の登録・一覧・終了 (direct-debit mandates)"},
    {"debit", NULL, cmd_debit, "口座振替: 依頼ファイルの作成、振替結果の取込 (direct debit files)"},
    {"arrears", NULL, cmd_arrears, "滞納整理: 督促状・催告書・給水停止予告の作成、延滞金と消滅時効の計算 (dunning, late charge, limitation)"},
    {"works", NULL, cmd_works, "給水装置工事: 加入金・手数料の計算、料金表の検査 (works fees)"},
    {"meter", NULL, cmd_meter, "メーター管理: 庫入、庫出、返却、口径別在庫、発注、発注点 (meter stock)"},
    {"report", NULL, cmd_report, "統計: 調定・収納・決算（水道統計）などの統計表を JSON・CSV・Excel・PDF で (statistics reports)"},
    {"contact", NULL, cmd_contact, "対応履歴の記録・一覧、送付先の確認（郵便不着） (contact log)"},
    {"sewer", NULL, cmd_sewer, "他市町下水データ: 下水道を他の市町が受け持つ水栓の水量データと送付書 (sewer data for other municipalities)"},
    {"check", NULL, cmd_check, "漏れ防止の点検: 下水道の未賦課・口径の相違などの一覧 (consistency lists)"},
    {"export", NULL, cmd_export, "全データを移行用の形式（suido-interchange/1）で書き出す (data export)"},
    {"import", NULL, cmd_import, "移行用の形式のデータを空のデータベースに取り込む (data migration import)"},
    {"version", NULL, cmd_version, "バージョンを表示する"},
    {"help", NULL, cmd_help, NULL},
};

static const char USAGE_HEAD[] =
    "suido — 上下水道料金・給水工事受付システム (version " SUIDO_VERSION ")\n"
    "\n"
    "使い方: suido [--db URL] [--config PATH] COMMAND [options]\n"
    "\n"
    "COMMAND:\n";

static const char USAGE_TAIL[] =
    "\n"
    "データベースの指定 (database URL), in order of precedence:\n"
    "  --db URL, environment SUIDO_DB, db.url in the config file (--config PATH or SUIDO_CONFIG),\n"
    "  default sqlite:var/suido.db.  URL is sqlite:PATH or a PostgreSQL conninfo/URI\n"
    "  (e.g. \"host=/run/postgresql dbname=suido\" or postgresql://user@host/suido).\n"
    "暗号鍵ファイル (key file): SUIDO_KEY_FILE or crypto.key_file (default var/suido.key).\n"
    "\n"
    "各コマンドの詳細: suido COMMAND --help\n";

/* The overall help: head, one line per listed command, tail. */
static void usage(FILE *out)
{
    fputs(USAGE_HEAD, out);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) {
        const struct cli_command *c = &COMMANDS[i];
        if (c->summary)
            fprintf(out, "  %-12s  %s\n", c->shown ? c->shown : c->name, c->summary);
    }
    fputs(USAGE_TAIL, out);
}

static int cmd_version(int argc, char **argv)
{
    if (argc && strcmp(argv[0], "--help") == 0) {
        puts("使い方: suido version\nバージョンを表示します。");
        return 0;
    }
    puts("suido " SUIDO_VERSION);
    return 0;
}

static int cmd_help(int argc, char **argv)
{
    usage(stdout);
    return 0;
}

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
            usage(stdout);
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
        fprintf(stderr, "不明なオプションです: %s\n\n", a);
        usage(stderr);
        return 2;
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[i];
    int sub_argc = argc - i - 1;
    char **sub_argv = argv + i + 1;
    for (size_t k = 0; k < sizeof COMMANDS / sizeof COMMANDS[0]; k++)
        if (strcmp(cmd, COMMANDS[k].name) == 0)
            return COMMANDS[k].fn(sub_argc, sub_argv);
    fprintf(stderr, "不明なコマンドです: %s\n\n", cmd);
    usage(stderr);
    return 2;
}
