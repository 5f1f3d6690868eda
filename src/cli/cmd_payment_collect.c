/* cmd_payment_collect — `suido payment import` (コンビニ・スマホ決済の収納データ),
 * `suido payment card` (カード売上結果) and `suido payment counter` (窓口収納と
 * 領収書), listed in the subcommand table of cmd_payment.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/collect/app_collect.h"
#include "app/collect/app_payment.h"
#include "cli/cli.h"
#include "report/receipt_pdf.h"

static const char USAGE_IMPORT[] =
    "使い方: suido payment import [--profile 形式] [--json] ファイル\n"
    "  コンビニ・スマホ決済の収納データ（速報・確報・取消）を取り込みます。形式: standard（コンビニ、既定）、\n"
    "  standard-app（スマホ決済）。1件でも誤りがあればファイル全体を取り込みません（行と項目を表示）。\n"
    "  同じファイルは二度取り込めません。調定と照合できない入金は未消込になります。\n";
static const char USAGE_CARD[] =
    "使い方: suido payment card [--json] ファイル\n"
    "  クレジットカード継続課金の売上結果（CSV: 売上日,水栓番号,調定番号,金額,承認番号,結果,エラーコード）を\n"
    "  取り込みます。OK の行を入金として計上し、NG の行は件数だけ数えます（調定は未納のまま）。\n";
static const char USAGE_COUNTER[] =
    "使い方: suido payment counter --tap 水栓番号 [--bill 調定番号] --amount 円 [--note 備考] [--receipt 領収書.pdf]\n"
    "  窓口で受けた現金を計上します。--bill がなければ未納の古い調定から順に充て、残りは過誤納（預り）。\n"
    "  領収書番号を表示し、--receipt で領収書の PDF を書き出します。\n";

static int exit_code(int rc)
{
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

static void sum_line(const char *label, const app_collect_sum *s)
{
    if (s->n)
        printf("  %-10s %6lld 件 %12lld 円\n", label, (long long)s->n, (long long)s->yen);
}

static void print_summary(const app_collect_summary *s, const char *file, bool json)
{
    if (json) {
        buf_t b;
        buf_init(&b, 0);
        app_collect_summary_json(s, file, &b);
        puts(buf_cstr(&b));
        buf_free(&b);
        return;
    }
    printf("取り込みました: %s（取込番号 %lld、%s）\n", file, (long long)s->file_id, app_payment_channel_label(s->channel));
    sum_line("全件", &s->records);
    sum_line("速報", &s->flash);
    sum_line(strcmp(s->kind, "card") == 0 ? "売上OK" : "確報", &s->confirmed);
    sum_line("売上NG", &s->ng);
    sum_line("取消", &s->cancel);
    sum_line("消込", &s->posted);
    sum_line("未消込", &s->suspense);
    sum_line("計上済み", &s->duplicate);
    sum_line("速報取消", &s->flash_cancelled);
    sum_line("入金取消", &s->reversed);
    sum_line("取消対象なし", &s->unmatched_cancel);
    if (s->credited)
        printf("  うち過誤納 %lld 円\n", (long long)s->credited);
}

/* The import subcommands share everything but the app function. */
static int import_common(int argc, char **argv, bool card)
{
    static const char *const flags[] = {"json", NULL};
    static const char *const allowed_agent[] = {"profile", "json", NULL};
    static const char *const allowed_card[] = {"json", NULL};
    const char *usage = card ? USAGE_CARD : USAGE_IMPORT;
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, card ? allowed_card : allowed_agent))
        return 2;
    if (o.nargs != 1) {
        fputs(usage, stderr);
        return 2;
    }
    const char *path = o.args[0];
    size_t len = 0;
    char *data = cli_read_file(path, &len);
    if (!data) {
        fprintf(stderr, "ファイルを読めません: %s (%s)\n", path, strerror(errno));
        return 1;
    }
    cli_session s;
    if (!cli_open(&s, false, false)) {
        free(data);
        return 1;
    }
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    err_t e;
    err_clear(&e);
    app_collect_summary sum;
    int rc = card ? app_card_import(&s.ctx, name, data, len, &sum, &e)
                  : app_agent_import(&s.ctx, cli_get(&o, "profile"), name, data, len, &sum, &e);
    free(data);
    if (rc)
        cli_err(card ? "カード売上結果を取り込めません（何も登録していません）"
                     : "収納データを取り込めません（何も登録していません）",
                &e);
    else
        print_summary(&sum, name, cli_has(&o, "json"));
    cli_close(&s);
    return exit_code(rc);
}

int cli_payment_import(int argc, char **argv)
{
    return import_common(argc, argv, false);
}

int cli_payment_card(int argc, char **argv)
{
    return import_common(argc, argv, true);
}

int cli_payment_counter(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"tap", "bill", "amount", "note", "receipt", NULL};
    cli_opts o;
    long long bill = 0;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) || !cli_int(&o, "bill", 0, 0, INT64_MAX, &bill))
        return 2;
    if (!cli_get(&o, "tap") || !cli_get(&o, "amount")) {
        fputs(USAGE_COUNTER, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_counter_out out;
    int rc = app_counter_pay(&s.ctx, cli_get(&o, "tap"), bill, cli_get(&o, "amount"), cli_get(&o, "note"), &out, &e);
    if (rc)
        cli_err("窓口の入金を計上できません", &e);
    else
        printf("領収書番号 %s: 入金 %lld、充当 %lld 円、過誤納 %lld 円\n", out.receipt_no, (long long)out.payment_id,
               (long long)out.allocated, (long long)out.credited);
    if (!rc && cli_get(&o, "receipt")) {
        app_receipt r;
        char msg[300];
        rc = app_receipt_get(&s.ctx, out.payment_id, &r, &e);
        if (rc)
            cli_err("領収書を作成できません", &e);
        else if (receipt_pdf_write(&r, cli_get(&o, "receipt"), msg, sizeof msg)) {
            fprintf(stderr, "%s\n", msg);
            rc = ERR_IO;
        } else
            printf("領収書（PDF）: %s\n", cli_get(&o, "receipt"));
    }
    cli_close(&s);
    return exit_code(rc);
}
