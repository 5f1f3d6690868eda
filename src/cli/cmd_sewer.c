/* cmd_sewer — `suido sewer export`: 他市町下水データ, the file of an
 * operator's cycle and its transmittal (docs/sewer_transfer.md). */
#include <stdio.h>
#include <string.h>

#include "app/sewer_xfer/app_sewer_xfer.h"
#include "cli/cli.h"
#include "report/sewer_xfer_pdf.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido sewer export --operator NAME --cycle YYYY-MM --out FILE [--format csv|fixed]\n"
    "                     [--corrections | --batch N] [--transmittal PDF]\n"
    "      下水道を他の市町（chuo 中央市・kai 甲斐市・showa 昭和町）が受け持つ水栓の、その周期の\n"
    "      使用水量・汚水量のデータを作ります（docs/sewer_transfer.md）。最初の作成が第1回です。\n"
    "      同じ周期をもう一度指定すると第1回と同じファイルを作り直します（--batch N で第N回）。\n"
    "      --corrections は前回までの送付からの差分（取消と新規の記録）だけを次の回として作ります。\n"
    "      --transmittal は送付書（PDF）も作ります。ファイルは 0600 で作成します。\n"
    "終了コード: 0 成功（差分なしを含む）、1 エラー、2 引数の誤り。\n";

static int exit_code(int rc)
{
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

static int run(const cli_opts *o)
{
    long long batch = 0;
    if (!cli_int(o, "batch", 0, 1, 99, &batch))
        return 2;
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_sewer_export_in in = {.operator_code = cli_get(o, "operator"), .cycle = cli_get(o, "cycle"),
                              .format = cli_get(o, "format"), .corrections = cli_has(o, "corrections"),
                              .batch_no = batch, .out_path = cli_get(o, "out")};
    app_sewer_export_out x;
    int rc = app_sewer_export(&s.ctx, &in, &x, &e);
    if (rc)
        cli_err("下水データを作れません", &e);
    else if (!x.batch_no)
        printf("%s %s: 前回（第 %lld 回）の送付から差分はありません。ファイルは作っていません。\n", x.operator_label,
               in.cycle, (long long)x.batches);
    else {
        printf("%s: %s %s 第 %lld 回%s %lld 件（取消 %lld 件）上水 %lld m3 汚水 %lld m3\n", in.out_path,
               x.operator_label, in.cycle, (long long)x.batch_no, x.again ? "（作り直し）" : "",
               (long long)x.records, (long long)x.cancels, (long long)x.water_m3, (long long)x.sewer_m3);
        const char *pdf = cli_get(o, "transmittal");
        char msg[256];
        const char *slash = strrchr(in.out_path, '/');
        sewer_xfer_pdf_in p = {.x = &x, .utility = app_utility_name(&s.ctx), .cycle = in.cycle,
                               .format = in.format ? in.format : "csv", .file_name = slash ? slash + 1 : in.out_path};
        if (pdf && sewer_xfer_pdf_write(&p, pdf, msg, sizeof msg)) {
            fprintf(stderr, "%s\n", msg);
            rc = ERR_IO;
        } else if (pdf)
            printf("%s: 送付書\n", pdf);
    }
    app_sewer_export_free(&x);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_export(int argc, char **argv)
{
    static const char *const flags[] = {"corrections", "help", NULL};
    static const char *const allowed[] = {"operator", "cycle", "out", "format", "corrections", "batch",
                                          "transmittal", "help", NULL};
    static const char *const once[] = {"operator", "cycle", "out", "format", "batch", "transmittal", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) || !cli_once(&o, once))
        return 2;
    if (cli_has(&o, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (!cli_get(&o, "operator") || !cli_get(&o, "cycle") || !cli_get(&o, "out") || o.nargs) {
        fputs(USAGE, stderr);
        return 2;
    }
    return run(&o);
}

int cmd_sewer(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "export") == 0)
        return sub_export(argc - 1, argv + 1);
    FILE *f = argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) ? stdout : stderr;
    fputs(USAGE, f);
    return f == stdout ? 0 : 2;
}
