/* cmd_debit — `suido debit export|import`: the direct-debit request file for
 * the bank and the result file it returns (全銀協 91). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/collect/app_debit.h"
#include "cli/cli.h"
#include "domain/zengin.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido debit export --date YYYY-MM-DD --out FILE [--retry]\n"
    "      引落日の口座振替依頼ファイル（全銀協 91・120バイト固定長）を作ります。対象は、その日に\n"
    "      口座振替が登録されていて、納期限が引落日以前で未納額のある調定です。--retry は1回目の\n"
    "      振替不能で再振替に回った調定だけを対象にします。結果待ちの同じ引落日・回を再び指定すると\n"
    "      同じファイルを作り直します（二重に依頼しません）。引落日は金融機関の営業日です。\n"
    "  suido debit import FILE\n"
    "      金融機関の振替結果ファイルを取り込みます。振替済は入金として計上し、振替不能は理由を\n"
    "      記録して再振替または納付書に回します。ファイルに誤りがあれば何も計上しません。\n"
    "  suido debit items BATCH\n"
    "      依頼の明細を1行ずつ（調定 水栓 金額 顧客番号 結果コード 結果 入金 回収方法）表示します。\n"
    "終了コード: 0 成功、1 エラー（取込済みのファイルなど）、2 引数・日付・ファイルの内容の誤り。\n";

static int exit_code(int rc)
{
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

static int sub_export(int argc, char **argv)
{
    static const char *const flags[] = {"retry", NULL};
    static const char *const allowed[] = {"date", "out", "retry", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "date") || !cli_get(&o, "out") || o.nargs) {
        fputs(USAGE, stderr);
        return 2;
    }
    app_batch_process();   /* before the first connection: see app.h */
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_debit_export_out out;
    int rc = app_debit_export(&s.ctx, cli_get(&o, "date"), cli_has(&o, "retry"), cli_get(&o, "out"), &out, &e);
    if (rc)
        cli_err("口座振替依頼ファイルを作れません", &e);
    else if (out.batch_id == 0)
        printf("引落日 %s（%s）の対象の調定はありません。ファイルは作っていません。\n", cli_get(&o, "date"),
               out.attempt == 2 ? "再振替" : "1回目");
    else
        printf("%s: 依頼 %lld（引落日 %s・%s）%lld 件 %lld 円（新規 %lld 件）%s\n", cli_get(&o, "out"),
               (long long)out.batch_id, cli_get(&o, "date"), out.attempt == 2 ? "再振替" : "1回目",
               (long long)out.records, (long long)out.amount, (long long)out.first,
               out.rewritten ? "— 結果待ちの依頼のファイルを作り直しました" : "");
    cli_close(&s);
    return exit_code(rc);
}

static int sub_import(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) || o.nargs != 1) {
        fputs(USAGE, stderr);
        return 2;
    }
    app_batch_process();   /* before the file is read and the first connection opens: see app.h */
    size_t len = 0;
    char *data = cli_read_file(o.args[0], &len);
    if (!data) {
        fprintf(stderr, "ファイルを読めません: %s\n", o.args[0]);
        return 1;
    }
    cli_session s;
    if (!cli_open(&s, false, false)) {
        free(data);
        return 1;
    }
    err_t e;
    err_clear(&e);
    const char *slash = strrchr(o.args[0], '/');
    app_debit_import_out out;
    int rc = app_debit_import(&s.ctx, slash ? slash + 1 : o.args[0], data, len, &out, &e);
    free(data);
    if (rc)
        cli_err("振替結果を取り込めません", &e);
    else {
        printf("依頼 %lld（引落日 %s・%s）%lld 件\n", (long long)out.batch_id, out.debit_on,
               out.attempt == 2 ? "再振替" : "1回目", (long long)out.records);
        printf("振替済 %lld 件 %lld 円", (long long)out.done_count, (long long)out.done_amount);
        if (out.suspense)
            printf("（うち未消込 %lld 件）", (long long)out.suspense);
        printf("\n振替不能 %lld 件 %lld 円（再振替へ %lld 件、納付書へ %lld 件）\n", (long long)out.failed_count,
               (long long)out.failed_amount, (long long)out.to_retry, (long long)out.to_slip);
        for (int k = 1; k < 10; k++)
            if (out.code_count[k]) {
                const char *t = zengin_result_text((char)('0' + k));
                printf("  %d %s: %lld 件 %lld 円\n", k, t ? t : "?", (long long)out.code_count[k],
                       (long long)out.code_amount[k]);
            }
        printf("取込 %.3f 秒\n", out.seconds);
    }
    cli_close(&s);
    return exit_code(rc);
}

static int sub_items(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {NULL};
    cli_opts o;
    long long id = 0;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) || o.nargs != 1 || !str_to_i64(o.args[0], &id) ||
        id < 1) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_debit_batch b;
    app_debit_item *rows = NULL;
    size_t n = 0;
    int rc = app_debit_items(&s.ctx, id, &b, &rows, &n, &e);
    if (rc)
        cli_err("口座振替の依頼を表示できません", &e);
    else {
        printf("# 依頼 %lld 引落日 %s %s %lld 件 %lld 円 %s\n", (long long)b.id, b.debit_on,
               b.attempt == 2 ? "再振替" : "1回目", (long long)b.records, (long long)b.amount,
               strcmp(b.status, "sent") == 0 ? "結果待ち" : "結果取込済");
        for (size_t i = 0; i < n; i++)
            printf("%lld\t%s\t%lld\t%s\t%s\t%s\t%lld\t%s\n", (long long)rows[i].bill_id, rows[i].tap_no,
                   (long long)rows[i].amount, rows[i].customer_ref, rows[i].result, rows[i].result_text,
                   (long long)rows[i].payment_id, rows[i].collect);
    }
    free(rows);
    cli_close(&s);
    return exit_code(rc);
}

int cmd_debit(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
        fputs(USAGE, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    if (strcmp(argv[0], "export") == 0)
        return sub_export(argc - 1, argv + 1);
    if (strcmp(argv[0], "import") == 0)
        return sub_import(argc - 1, argv + 1);
    if (strcmp(argv[0], "items") == 0)
        return sub_items(argc - 1, argv + 1);
    fprintf(stderr, "不明なサブコマンドです: debit %s\n\n%s", argv[0], USAGE);
    return 2;
}
