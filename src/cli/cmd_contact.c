/* cmd_contact — `suido contact add|list|mail-checked`: the contact log
 * (対応履歴) of a tap and its returned-mail mark, at the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/reception/app_contact.h"
#include "base/date.h"
#include "cli/cli.h"
#include "domain/contact.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido contact add --tap NO --channel 受付方法 --reason 用件 --summary 対応内容\n"
    "      対応履歴を記録します（--summary - で標準入力から読みます）。\n"
    "      受付方法: phone 電話, counter 窓口, mail 郵便, web ウェブ, visit 訪問\n"
    "      用件: billing 料金の問合せ, start_stop 開栓・閉栓, name_address 名義・送付先,\n"
    "            payment_method 支払方法, leak_repair 漏水・修繕, reading 検針, arrears 滞納・督促,\n"
    "            returned_mail 郵便不着（現在の使用者の送付先を「要確認」にします）, other その他\n"
    "  suido contact list --tap NO [--limit N]   対応履歴（新しい順、既定 20 件）\n"
    "  suido contact mail-checked --tap NO       送付先を確認済みにします（郵便不着の要確認を外す）。\n";

static int exit_code(int rc)
{
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

static int sub_add(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"tap", "channel", "reason", "summary", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "tap") || !cli_get(&o, "channel") || !cli_get(&o, "reason") || !cli_get(&o, "summary")) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *summary = cli_get(&o, "summary");
    char *stdin_text = NULL;
    if (strcmp(summary, "-") == 0) {
        size_t len = 0;
        stdin_text = cli_read_file("-", &len);
        if (!stdin_text) {
            fputs("対応内容を標準入力から読めません。\n", stderr);
            return 1;
        }
        while (len > 0 && (stdin_text[len - 1] == '\n' || stdin_text[len - 1] == '\r'))
            stdin_text[--len] = '\0';
        summary = stdin_text;
    }
    cli_session s;
    if (!cli_open(&s, false, false)) {
        free(stdin_text);
        return 1;
    }
    err_t e;
    err_clear(&e);
    app_contact_added out;
    int rc = app_contact_add(&s.ctx, cli_get(&o, "tap"), cli_get(&o, "channel"), cli_get(&o, "reason"), summary, &out,
                             &e);
    free(stdin_text);
    if (rc)
        cli_err("対応履歴を記録できません", &e);
    else {
        printf("対応履歴 %lld を記録しました（水栓 %s、%s・%s）。\n", (long long)out.id, cli_get(&o, "tap"),
               contact_channel_label(cli_get(&o, "channel")), contact_reason_label(cli_get(&o, "reason")));
        if (out.mail_doubtful_since) {
            char ts[20];
            date_format_ts_jst(out.mail_doubtful_since, ts);
            ts[10] = '\0';
            printf("送付先は %s から要確認です%s。\n", ts, out.newly_doubtful ? "（いま付けました）" : "");
        }
    }
    cli_close(&s);
    return exit_code(rc);
}

static int sub_list(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"tap", "limit", NULL};
    cli_opts o;
    long long limit = 0;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) ||
        !cli_int(&o, "limit", APP_CONTACT_LIST_DEFAULT, 1, APP_CONTACT_LIST_MAX, &limit))
        return 2;
    if (!cli_get(&o, "tap")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_contact_state st;
    app_contact *rows = NULL;
    size_t n = 0;
    int rc = app_contact_state_get(&s.ctx, cli_get(&o, "tap"), &st, &e);
    if (!rc)
        rc = app_contact_list(&s.ctx, cli_get(&o, "tap"), (size_t)limit, &rows, &n, &e);
    if (rc)
        cli_err("対応履歴を表示できません", &e);
    else {
        if (st.mail_doubtful_since) {
            char ts[20];
            date_format_ts_jst(st.mail_doubtful_since, ts);
            ts[10] = '\0';
            printf("送付先要確認: 郵便が届きませんでした（%s）。\n", ts);
        }
        if (n == 0)
            puts("対応履歴はまだありません。");
    }
    for (size_t i = 0; i < n; i++) {
        const app_contact *c = &rows[i];
        char ts[20];
        date_format_ts_jst(c->created_at, ts);
        ts[16] = '\0';
        /* one line per contact: line breaks in the summary shown as " / " */
        printf("%lld\t%s\t%s\t%s\t%s\t", (long long)c->id, ts, contact_channel_label(c->channel),
               contact_reason_label(c->reason), c->taken_by);
        for (const char *p = c->summary; *p; p++) {
            if (*p == '\r')
                continue;
            if (*p == '\n')
                fputs(" / ", stdout);
            else
                putchar(*p == '\t' ? ' ' : *p);
        }
        putchar('\n');
    }
    app_contacts_free(rows, n);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_mail_checked(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"tap", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "tap")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    int64_t was = 0;
    int rc = app_contact_mail_checked(&s.ctx, cli_get(&o, "tap"), &was, &e);
    if (rc)
        cli_err("送付先を確認済みにできません", &e);
    else if (was)
        printf("水栓 %s の送付先を確認済みにしました。\n", cli_get(&o, "tap"));
    else
        printf("水栓 %s の送付先は要確認になっていませんでした。\n", cli_get(&o, "tap"));
    cli_close(&s);
    return exit_code(rc);
}

int cmd_contact(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
        fputs(USAGE, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    if (strcmp(argv[0], "add") == 0)
        return sub_add(argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return sub_list(argc - 1, argv + 1);
    if (strcmp(argv[0], "mail-checked") == 0)
        return sub_mail_checked(argc - 1, argv + 1);
    fprintf(stderr, "不明なサブコマンドです: contact %s\n\n%s", argv[0], USAGE);
    return 2;
}
