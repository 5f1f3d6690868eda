/* cmd_dunning — `suido arrears dunning`: the dunning batch (督促状・催告書・
 * 給水停止予告通知書) from the terminal, the same job as /arrears/dunning,
 * with its progress and, with --pdf, the run's letters as one PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/stop.h"
#include "cli/cli.h"
#include "app/arrears/app_dunning.h"
#include "report/notice_pdf.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido arrears dunning --step tokusoku|saikoku|yokoku --as-of YYYY-MM-DD [--dry-run] [--pdf FILE]\n"
    "      基準日に期限の来た未納の調定に、その段階の通知（督促状・催告書・給水停止予告通知書）を作成します。\n"
    "      お客様・水栓ごとに1通。同じ調定に同じ段階の通知が二重に作られることはなく、途中で止まっても\n"
    "      再実行すれば続きから完了します。--dry-run は件数だけを数え、何も登録しません。\n"
    "      --pdf FILE はこの処理で作成した通知を1つの PDF（A4、窓あき封筒用、納付書付き）に出力します。\n"
    "      日数・手数料は設定ファイルの [arrears] で変えられます（docs/arrears-dunning.md）。\n"
    "  suido arrears dunning --run ID --pdf FILE   実行済みの処理の通知を PDF に出力します。\n"
    "  suido arrears dunning --runs                 督促処理の履歴を表示します。\n"
    "  終了コード: 0 成功、1 エラー、2 引数の誤り、75 SIGTERM / SIGINT により区切り（arrears.chunk 通）で中断\n"
    "  （作成済みの通知は登録済み。同じコマンドの再実行で残りを作成）。\n";

typedef struct progress_state {
    bool tty;
    int64_t last_pct;
} progress_state;

static void on_progress(void *arg, int64_t done, int64_t total, int64_t bills)
{
    progress_state *p = arg;
    int64_t pct = total ? done * 100 / total : 100;
    if (!p->tty && pct / 10 == p->last_pct / 10 && done != total)
        return;
    p->last_pct = pct;
    fprintf(stderr, p->tty ? "\r通知作成中 %lld / %lld 通 (%lld%%)  調定 %lld 件" : "通知作成中 %lld / %lld 通 (%lld%%)  調定 %lld 件\n",
            (long long)done, (long long)total, (long long)pct, (long long)bills);
    fflush(stderr);
}

static int write_pdf(cli_session *s, int64_t run_id, const char *path)
{
    err_t e;
    err_clear(&e);
    double t0 = date_mono_seconds();
    app_notice_doc *d = NULL;
    size_t n = 0;
    if (app_dunning_letters(&s->ctx, run_id, 0, 0, &d, &n, &e)) {
        cli_err("通知の PDF を作成できません", &e);
        return 1;
    }
    double t1 = date_mono_seconds();
    char msg[256];
    int rc = notice_pdf_write(d, n, path, msg, sizeof msg);
    double t2 = date_mono_seconds();
    app_notice_docs_free(d, n);
    if (rc) {
        fprintf(stderr, "通知の PDF を作成できません: %s\n", msg);
        return 1;
    }
    printf("PDF %s: %zu pages, data %.3f s, rendered %.3f s (%.0f pages/s)\n", path, n, t1 - t0, t2 - t1,
           t2 > t1 ? (double)n / (t2 - t1) : 0.0);
    return 0;
}

int cli_arrears_dunning(int argc, char **argv)
{
    static const char *const flags[] = {"help", "dry-run", "runs", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o))
        return 2;
    if (cli_has(&o, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    static const char *const allowed[] = {"step", "as-of", "dry-run", "pdf", "run", "runs", NULL};
    if (!cli_only(&o, allowed) || o.nargs) {
        fputs(USAGE, stderr);
        return 2;
    }
    long long run = 0;
    if (!cli_int(&o, "run", 0, 1, (long long)1 << 50, &run))
        return 2;
    const char *step = cli_get(&o, "step"), *as_of = cli_get(&o, "as-of"), *pdf = cli_get(&o, "pdf");
    if (!cli_has(&o, "runs") && !run) {
        if (!step) {
            fputs("--step: 段階を tokusoku・saikoku・yokoku のいずれかで指定してください。\n", stderr);
            return 2;
        }
        if (!as_of) {
            fputs("--as-of: 基準日を YYYY-MM-DD で指定してください。\n", stderr);
            return 2;
        }
        if (pdf && cli_has(&o, "dry-run")) {
            fputs("--pdf: --dry-run では通知を作成しないため、PDF は出力できません。\n", stderr);
            return 2;
        }
    } else if (run && !pdf) {
        fputs("--pdf: --run には出力先の --pdf FILE が必要です。\n", stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    int status = 0;
    if (cli_has(&o, "runs")) {
        app_dunning_run_info *r = NULL;
        size_t n = 0;
        if (app_dunning_runs(&s.ctx, 50, &r, &n, &e)) {
            cli_err("表示できません", &e);
            status = 1;
        }
        for (size_t i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%lld/%lld\tbills %lld\tamount %lld\t%s\n", (long long)r[i].id, r[i].step,
                   r[i].as_of, r[i].status, (long long)r[i].done_letters, (long long)r[i].total_letters,
                   (long long)r[i].bills, (long long)r[i].amount, r[i].started_by);
        free(r);
    } else if (run) {
        status = write_pdf(&s, run, pdf);
    } else {
        progress_state p = {isatty(2) != 0, -100};
        app_dunning_hooks hooks = {.progress = on_progress, .arg = &p};
        app_dunning_summary sum;
        stop_watch_signals();   /* SIGTERM / SIGINT: stop after the chunk in flight */
        int rc = app_dunning_run(&s.ctx, step, as_of, cli_has(&o, "dry-run"), &hooks, &sum, &e);
        if (p.tty)
            fputc('\n', stderr);
        if (rc) {
            if (rc == ERR_INVALID && (strcmp(e.field, "as_of") == 0 || strcmp(e.field, "step") == 0)) {
                fprintf(stderr, "--%s: %s\n", strcmp(e.field, "as_of") == 0 ? "as-of" : e.field, e.user);
            } else if (rc == ERR_INVALID && e.field[0]) {
                fprintf(stderr, "設定 %s の値が正しくありません（%s）。\n", e.field, e.log);
            } else {
                cli_err(rc == ERR_STOPPED ? "督促処理を中断しました" : "督促処理を実行できません", &e);
            }
            status = cli_job_status(rc);
        } else {
            char yen[32];
            str_thousands(sum.amount, yen);
            printf("督促処理 %s（%s）基準日 %s%s: 通知 %lld 通、調定 %lld 件、合計 %s 円、指定期限 %s%s%s",
                   sum.step, dunning_step_title(dunning_step_parse(sum.step)), sum.as_of,
                   sum.dry_run ? "［試算・未登録］" : "", (long long)sum.letters, (long long)sum.bills, yen, sum.deadline,
                   sum.stop_on[0] ? "、給水停止予定日 " : "", sum.stop_on);
            if (sum.over_limit)
                printf("（うち999,999円超でバーコードなし %lld 通）", (long long)sum.over_limit);
            printf("\nrun %lld: selected in %.3f s, written in %.3f s, total %.3f s\n", (long long)sum.run_id,
                   sum.select_s, sum.write_s, sum.seconds);
            if (pdf && sum.run_id)
                status = write_pdf(&s, sum.run_id, pdf);
        }
    }
    cli_close(&s);
    return status;
}
