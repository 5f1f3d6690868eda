/* cmd_job — `suido job run NAME [--ok-codes 0,3] -- COMMAND...` (what the
 * systemd timers start) and `suido job list` (app/app_jobs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "app/app_jobs.h"
#include "domain/job_kinds.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido job run NAME [--ok-codes 0,3] -- COMMAND [ARGS...]\n"
    "      suido のサブコマンド COMMAND を定時処理 NAME として実行し、開始・終了・所要時間・結果を記録します\n"
    "      （管理 → 運用 の画面、/metrics）。失敗・中断は [alerts] mail_to へメールで知らせます。\n"
    "      引数の @today は今日（YYYY-MM-DD）、@today+N は N 日後、@month は今月（YYYY-MM）に置き換えます。\n"
    "      --ok-codes は成功とみなす終了コード（既定 0）。例: 調定処理の 3（保留の水栓あり）。\n"
    "      終了コードは COMMAND のもの（シグナルで止まったときは 128+N）。\n"
    "  suido job list   定時処理ごとの最後の実行と、最近の実行を表示します。\n"
    "例: suido job run backup -- backup run\n"
    "    suido job run dunning-tokusoku -- arrears dunning --step tokusoku --as-of @today\n"
    "手順: docs/operations.md の「Automatic operation」\n";

static int do_run(int argc, char **argv)
{
    int dash = -1;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--") == 0) {
            dash = i;
            break;
        }
    if (dash < 1 || dash == argc - 1) {
        fprintf(stderr, "ジョブ名と、-- の後に実行するコマンドを指定してください。\n\n%s", USAGE);
        return 2;
    }
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"ok-codes", NULL};
    cli_opts o;
    if (!cli_parse(dash, argv, flags, &o) || !cli_only(&o, allowed) || o.nargs != 1) {
        fputs(USAGE, stderr);
        return 2;
    }
    int codes[16];
    size_t ncodes = 0;
    const char *ok = cli_get(&o, "ok-codes");
    if (ok && !job_ok_codes_parse(ok, codes, 16, &ncodes)) {
        fprintf(stderr, "--ok-codes は 0 から 255 の数をコンマで区切って指定してください（例: 0,3）。\n");
        return 2;
    }
    const char *global[5] = {NULL};
    size_t ng = 0;
    if (CLI_GLOBAL.db_url) {
        global[ng++] = "--db";
        global[ng++] = CLI_GLOBAL.db_url;
    }
    if (CLI_GLOBAL.config_path) {
        global[ng++] = "--config";
        global[ng++] = CLI_GLOBAL.config_path;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_db_close(s.db);   /* the runner opens its own connections, briefly */
    s.db = NULL;
    app_job_run_opts ro = {o.args[0], "/proc/self/exe", global, argv + dash + 1, (size_t)(argc - dash - 1),
                           ncodes ? codes : NULL, ncodes};
    int status = 1;
    err_t e;
    err_clear(&e);
    int rc = app_job_run(&s.env, &ro, &status, &e);
    cli_close(&s);
    if (rc) {
        cli_err("定時処理を実行できません", &e);
        return rc == ERR_INVALID ? 2 : 1;
    }
    return status;
}

static void print_run(const app_job_status *j)
{
    char at[20] = "—", dur[32] = "—";
    if (j->ever)
        date_format_ts_jst(j->started_at, at);
    if (j->duration_ms >= 0)
        str_fmt(dur, sizeof dur, "%lld ms", (long long)j->duration_ms);
    printf("%-18s %-8s %-19s %10s  %s\n", j->job, j->ever ? job_state_word(j->state) : "never", at, dur,
           j->alert[0] ? j->alert : "");
}

static int do_list(int argc, char **argv)
{
    (void)argv;
    if (argc) {   /* `job list` takes nothing */
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_job_board ov;
    err_t e;
    err_clear(&e);
    int rc = app_job_overview(&s.ctx, 20, &ov, &e);
    cli_close(&s);
    if (rc) {
        cli_err("一覧を読めません", &e);
        return 1;
    }
    for (size_t i = 0; i < ov.njobs; i++)
        print_run(&ov.jobs[i]);
    if (ov.backup_known)
        printf("last good backup: %lld s ago%s\n", (long long)ov.backup_age_s, ov.backup_stale ? " (STALE)" : "");
    else
        printf("last good backup: none recorded\n");
    app_job_board_free(&ov);
    return 0;
}

/* The subcommands take their raw arguments: `run` keeps everything after
 * "--" for the command it starts. */
static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
} SUBS[] = {{"run", do_run}, {"list", do_list}};

int cmd_job(int argc, char **argv)
{
    bool help = argc >= 1 && (strcmp(argv[0], "--help") == 0 || (argc > 1 && strcmp(argv[1], "--help") == 0));
    if (argc < 1 || help) {
        fputs(USAGE, help ? stdout : stderr);
        return help ? 0 : 2;
    }
    for (size_t i = 0; i < sizeof SUBS / sizeof SUBS[0]; i++)
        if (strcmp(argv[0], SUBS[i].name) == 0)
            return SUBS[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "不明なサブコマンドです: job %s\n\n%s", argv[0], USAGE);
    return 2;
}
