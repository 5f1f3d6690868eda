/* cmd_user — `suido user add|list|name|disable|enable|password|role|unlock`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "domain/role.h"
#include "app/account/app_staff.h"

static const char HELP[] =
    "使い方: suido user COMMAND [options]\n"
    "\n"
    "  add --username NAME --role ROLE [--name 氏名]\n"
    "                                    職員を追加（パスワードは標準入力から。端末なら2回入力）\n"
    "  list                              職員の一覧\n"
    "  name --username NAME --name 氏名  氏名の設定（領収書の取扱者・印刷者として表示。40文字以内）\n"
    "  disable --username NAME [--reason TEXT]   無効化（オペレーター権限で即時）\n"
    "  enable --username NAME            有効化\n"
    "  password --username NAME [--force-change] パスワード再設定（標準入力から）\n"
    "  role --username NAME --role ROLE  権限の変更\n"
    "  unlock --username NAME            ログイン失敗によるロックの解除\n"
    "  roles                             役割ごとの権限の一覧 (TSV: role, label, permissions)\n"
    "\n"
    "ROLE: viewer(閲覧) reader(検針) clerk(担当) chief(係長) admin(管理者) auditor(監査) works(工事)\n"
    "A password given here by the operator is not forced to change at first login\n"
    "(unless --force-change); one set by an administrator on the screens is.\n"
    "The operator acts at once; an account with a pending approval request cannot be changed\n"
    "until the request is approved or rejected on /approvals.\n";

/* The permission table as TSV: one line per role, its permissions comma-separated. */
static int user_roles(void)
{
    printf("role\tlabel\tpermissions\n");
    for (int r = 0; r < ROLE__MAX; r++) {
        printf("%s\t%s\t", role_code(r), role_label(r));
        const char *sep = "";
        for (int p = 0; p < PERM__MAX; p++)
            if (role_has(r, p)) {
                printf("%s%s", sep, perm_code(p));
                sep = ",";
            }
        putchar('\n');
    }
    return 0;
}

static int user_list(cli_session *s)
{
    app_user *us = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (app_user_list(&s->ctx, &us, &n, &e)) {
        cli_err("一覧を取得できません", &e);
        return 1;
    }
    printf("%-24s %-8s %-8s %-19s %s\n", "username", "role", "state", "created (JST)", "name");
    for (size_t i = 0; i < n; i++) {
        char ts[20];
        date_format_ts_jst(us[i].created_at, ts);
        const char *state = us[i].disabled ? "disabled" : us[i].locked ? "locked" : us[i].must_change ? "must-chg" : "active";
        printf("%-24s %-8s %-8s %-19s %s\n", us[i].username, role_code(us[i].role), state, ts, us[i].full_name);
    }
    free(us);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    static const char *const FLAGS[] = {"help", "force-change", NULL};
    static const char *const ALLOWED[] = {"help", "username", "name", "role", "reason", "force-change", NULL};
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
        fputs(HELP, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    const char *sub = argv[0];
    if (strcmp(sub, "roles") == 0 && argc == 1)
        return user_roles();
    cli_opts o;
    if (!cli_parse(argc - 1, argv + 1, FLAGS, &o) || !cli_only(&o, ALLOWED))
        return 2;
    if (cli_has(&o, "help")) {
        fputs(HELP, stdout);
        return 0;
    }
    static const char *const SUBS[] = {"add", "list", "name", "disable", "enable", "password", "role", "unlock", NULL};
    bool known = false;
    for (size_t i = 0; SUBS[i]; i++)
        known |= strcmp(SUBS[i], sub) == 0;
    if (!known) {
        fprintf(stderr, "不明なサブコマンドです: user %s\n\n%s", sub, HELP);
        return 2;
    }
    const char *username = cli_get(&o, "username");
    if (strcmp(sub, "list") != 0 && (!username || !*username)) {
        fprintf(stderr, "--username を指定してください。\n");
        return 2;
    }
    char pw[512] = "";
    if ((strcmp(sub, "add") == 0 || strcmp(sub, "password") == 0) && !cli_read_password(pw, sizeof pw))
        return 2;
    cli_session s;
    if (!cli_open(&s, true, false))
        return 1;
    err_t e;
    err_clear(&e);
    int rc = 0;
    const char *done = NULL;
    if (strcmp(sub, "list") == 0) {
        rc = user_list(&s);
        cli_close(&s);
        return rc;
    } else if (strcmp(sub, "add") == 0) {
        /* --name is optional here (NULL when absent); `user name` sets it later */
        rc = app_user_add(&s.ctx, username, cli_get(&o, "name"), cli_get(&o, "role"), pw, cli_has(&o, "force-change"),
                          NULL, NULL, &e);
        done = "追加しました";
    } else if (strcmp(sub, "name") == 0) {
        const char *name = cli_get(&o, "name");
        rc = app_user_set_name(&s.ctx, username, name ? name : "", &e);
        done = "氏名を設定しました";
    } else if (strcmp(sub, "disable") == 0) {
        int64_t pending = 0;
        rc = app_user_disable(&s.ctx, username, cli_get(&o, "reason"), &pending, &e);
        done = "無効にしました";
    } else if (strcmp(sub, "enable") == 0) {
        rc = app_user_enable(&s.ctx, username, &e);
        done = "有効にしました";
    } else if (strcmp(sub, "password") == 0) {
        int64_t pending = 0;
        rc = app_user_set_password(&s.ctx, username, pw, cli_has(&o, "force-change"), cli_get(&o, "reason"), &pending,
                                   &e);
        done = "パスワードを設定しました";
    } else if (strcmp(sub, "role") == 0) {
        int64_t pending = 0;
        rc = app_user_set_role(&s.ctx, username, cli_get(&o, "role"), cli_get(&o, "reason"), &pending, &e);
        done = "権限を変更しました";
    } else {
        rc = app_user_unlock(&s.ctx, username, &e);
        done = "ロックを解除しました";
    }
    memset(pw, 0, sizeof pw);
    if (rc)
        cli_err("処理できませんでした", &e);
    else
        printf("%s: %s\n", username, done);
    cli_close(&s);
    return rc ? 1 : 0;
}
