/* cmd_key — `suido key rotate`, `suido key escrow`, `suido key recover`. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "app/app_key_escrow.h"
#include "app/app_operator.h"

static const char USAGE[] =
    "使い方: suido key rotate\n"
    "       suido key escrow --out FILE\n"
    "       suido key recover --in FILE\n\n"
    "rotate   鍵ファイルに新しい鍵を追加し、データベース内の暗号化された値をすべて新しい鍵で再暗号化します。\n"
    "         古い鍵はファイルに残るため、途中で止まっても読めなくなる値はなく、再実行で続きから完了します。\n"
    "         実行後は鍵ファイルを改めて預託してください（key escrow）。\n"
    "escrow   鍵ファイルを運用担当者のパスフレーズ（12文字以上）で暗号化して FILE に書き出します（鍵の預託）。\n"
    "         データベースのバックアップには鍵が含まれません。FILE はバックアップとは別の場所に保管し、\n"
    "         パスフレーズはさらに別に（封筒・金庫など）保管してください。\n"
    "recover  預託ファイルとパスフレーズから鍵ファイル（crypto.key_file / SUIDO_KEY_FILE）を復元します。\n"
    "         すでに鍵ファイルがあるときは上書きしません。\n"
    "パスフレーズは端末では2回、端末でなければ標準入力の1行で読みます。\n";

static int rotate(void)
{
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_rotate_report rep;
    err_t e;
    err_clear(&e);
    int rc = app_key_rotate(&s.ctx, &rep, &e);
    if (rc)
        cli_err("鍵を更新できません", &e);
    else
        printf("new key %s: re-encrypted %lld customers, %lld taps, %lld mandates, %lld contacts, %lld audit rows, "
               "%lld staff names\n",
               rep.new_key, (long long)rep.customers, (long long)rep.taps, (long long)rep.mandates,
               (long long)rep.contacts, (long long)rep.audit_rows, (long long)rep.staff);
    cli_close(&s);
    return rc ? 1 : 0;
}

static int escrow(const cli_opts *o, bool recover)
{
    static const char *const out_only[] = {"out", NULL}, *const in_only[] = {"in", NULL};
    const char *file = cli_get(o, recover ? "in" : "out");
    if (!cli_only(o, recover ? in_only : out_only) || !file || o->nargs) {
        fputs(USAGE, stderr);
        return 2;
    }
    config *cfg = cli_config();
    if (!cfg)
        return 1;
    const char *key_file = config_get(cfg, "crypto.key_file", "var/suido.key");
    char pass[512];
    err_t e;
    err_clear(&e);
    int rc = 1;
    if (cli_read_password(pass, sizeof pass)) {
        rc = recover ? app_key_recover(file, pass, key_file, &e) : app_key_escrow(key_file, pass, file, &e);
        if (rc)
            cli_err(recover ? "鍵ファイルを復元できません" : "鍵を預託できません", &e);
        else if (recover)
            printf("key file recovered: %s\n", key_file);
        else
            printf("key escrow written: %s (keep it apart from the backups; the passphrase apart from both)\n", file);
    }
    memset(pass, 0, sizeof pass);
    config_free(cfg);
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

int cmd_key(int argc, char **argv)
{
    static const char *const flags[] = {"help", NULL};
    cli_opts o;
    int status;
    if (!cli_sub_begin(argc, argv, USAGE, flags, &o, &status))
        return status;
    if (strcmp(argv[0], "rotate") == 0 && o.n == 0 && o.nargs == 0)
        return rotate();
    if (strcmp(argv[0], "escrow") == 0 || strcmp(argv[0], "recover") == 0)
        return escrow(&o, strcmp(argv[0], "recover") == 0);
    fputs(USAGE, stderr);
    return 2;
}
