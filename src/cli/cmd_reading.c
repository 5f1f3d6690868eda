/* cmd_reading — `suido reading schedule|route|import|refusals|export|estimate`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "app/reading/app_reading.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido reading schedule --cycle YYYY-MM\n"
    "      その月に検針する検針区（奇数月・偶数月・毎月）の検針予定を作成します。何度実行しても同じです。\n"
    "  suido reading route --code CODE --name NAME --group odd|even|monthly\n"
    "      検針区を登録（または名称・検針月を変更）します。水栓はこの検針区を指定して登録します。\n"
    "  suido reading import FILE [--mode all|clean] [--encoding auto|utf8|cp932]\n"
    "      ハンディターミナルの検針結果 CSV を取り込みます。既定 (all) では誤りが1行でもあれば何も登録せず、\n"
    "      誤りの行をすべて表示して終了コード 1 を返します。clean は正しい行だけを登録し、誤りの行を除外リストに残します。\n"
    "      同じファイルを再度取り込んでも二重登録はされません。1回の取込は reading.max_import_rows 行（既定 200000）まで。\n"
    "      誤りの行は最初の100行と理由ごとの件数を表示し、全行は取込番号で保存されます。\n"
    "  suido reading refusals --batch BATCH\n"
    "      取込で受け付けなかった行の一覧（全行）を CSV で標準出力に書き出します。\n"
    "  suido reading export --route CODE [--cycle YYYY-MM] [--encoding utf8bom|utf8|cp932]\n"
    "      検針区の検針一覧を CSV で標準出力に書き出します（取込と同じ列名）。\n"
    "  suido reading estimate --tap NO --date YYYY-MM-DD --cause locked|car|dog|buried|absent|other\n"
    "      検針できなかったメーターの使用水量を設定の規則で認定します（画面・端末の「認定」と同じ）。\n";

/* The summary's refused rows on stderr: the first ones with their lines,
 * the counts by reason, and how to get them all. */
static void print_refusals(const char *file, const app_import_report *rep)
{
    for (size_t i = 0; i < rep->nrefusals; i++)
        fprintf(stderr, "%s:%lld: %s\n", file, (long long)rep->refusals[i].line, rep->refusals[i].out.message);
    if (!rep->refused)
        return;
    if ((int64_t)rep->nrefusals < rep->refused)
        fprintf(stderr, "%s: ... 他 %lld 行\n", file, (long long)(rep->refused - (int64_t)rep->nrefusals));
    for (int rf = 0; rf < RF__COUNT; rf++)
        if (rep->by_refusal[rf])
            fprintf(stderr, "refused %s: %lld (%s)\n", app_refusal_code(rf), (long long)rep->by_refusal[rf],
                    app_refusal_text(rf));
    if (rep->refusals_kept)
        fprintf(stderr, "all refused rows: suido reading refusals --batch %s > refusals.csv\n", rep->batch);
}

static int do_refusals(cli_opts *o)
{
    static const char *const allowed[] = {"batch", NULL};
    if (!cli_only(o, allowed) || !cli_get(o, "batch")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    buf_t out;
    buf_init(&out, 0);
    int rc = app_reading_import_refusals_csv(&s.ctx, cli_get(o, "batch"), &out, &e);
    if (rc)
        cli_err("除外行を出力できません", &e);
    else
        fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
    cli_close(&s);
    return rc ? 1 : 0;
}

static int do_import(cli_opts *o)
{
    static const char *const allowed[] = {"mode", "encoding", NULL};
    if (!cli_only(o, allowed) || o->nargs != 1) {
        fputs(USAGE, stderr);
        return 2;
    }
    app_batch_process();   /* before the file is read and the first connection opens: see app.h */
    size_t len = 0;
    char *data = cli_read_file(o->args[0], &len);
    if (!data) {
        fprintf(stderr, "ファイルを読めません: %s (%s)\n", o->args[0], strerror(errno));
        return 1;
    }
    cli_session s;
    if (!cli_open(&s, false, false)) {
        free(data);
        return 1;
    }
    err_t e;
    err_clear(&e);
    app_import_report rep;
    int rc = app_reading_import_csv(&s.ctx, data, len, cli_get(o, "encoding"), cli_get(o, "mode"), &rep, &e);
    free(data);
    if (rc) {
        cli_err("取り込めません", &e);
        cli_close(&s);
        return 1;
    }
    print_refusals(o->args[0], &rep);
    printf("%s: batch %s, rows %lld, accepted %lld, held %lld, duplicates %lld, skipped %lld, refused %lld, "
           "parse %.3f s, commit %.3f s, %.3f s\n",
           rep.applied ? "applied" : "NOT applied (fix the refused rows or use --mode clean)", rep.batch,
           (long long)rep.rows, (long long)rep.accepted, (long long)rep.held, (long long)rep.duplicates,
           (long long)rep.skipped, (long long)rep.refused, rep.parse_seconds, rep.commit_seconds,
           rep.parse_seconds + rep.seconds);
    bool applied = rep.applied;
    app_import_report_free(&rep);
    cli_close(&s);
    return applied ? 0 : 1;
}

int cmd_reading(int argc, char **argv)
{
    static const char *const flags[] = {"help", NULL};
    cli_opts o;
    int status;
    if (!cli_sub_begin(argc, argv, USAGE, flags, &o, &status))
        return status;
    if (strcmp(argv[0], "import") == 0)
        return do_import(&o);
    if (strcmp(argv[0], "refusals") == 0)
        return do_refusals(&o);
    cli_session s;
    err_t e;
    err_clear(&e);
    int rc = 0;
    if (strcmp(argv[0], "schedule") == 0) {
        static const char *const allowed[] = {"cycle", NULL};
        if (!cli_only(&o, allowed) || !cli_get(&o, "cycle")) {
            fputs(USAGE, stderr);
            return 2;
        }
        if (!cli_open(&s, false, false))
            return 1;
        int added = 0;
        if ((rc = app_schedule_make(&s.ctx, cli_get(&o, "cycle"), &added, &e)))
            cli_err("検針予定を作成できません", &e);
        else
            printf("cycle %s: %d route(s) scheduled\n", cli_get(&o, "cycle"), added);
    } else if (strcmp(argv[0], "route") == 0) {
        static const char *const allowed[] = {"code", "name", "group", NULL};
        if (!cli_only(&o, allowed) || !cli_get(&o, "code")) {
            fputs(USAGE, stderr);
            return 2;
        }
        if (!cli_open(&s, false, true))
            return 1;
        if ((rc = app_route_save(&s.ctx, cli_get(&o, "code"), cli_get(&o, "name"), cli_get(&o, "group"), &e)))
            cli_err("検針区を登録できません", &e);
        else
            printf("route %s saved\n", cli_get(&o, "code"));
    } else if (strcmp(argv[0], "export") == 0) {
        static const char *const allowed[] = {"route", "cycle", "encoding", NULL};
        if (!cli_only(&o, allowed) || !cli_get(&o, "route")) {
            fputs(USAGE, stderr);
            return 2;
        }
        if (!cli_open(&s, false, false))
            return 1;
        char cycle[8];
        app_cycle_today(cycle);
        buf_t out;
        buf_init(&out, 0);
        if ((rc = app_route_export_csv(&s.ctx, cli_get(&o, "route"), cli_get(&o, "cycle") ? cli_get(&o, "cycle") : cycle,
                                       cli_get(&o, "encoding"), &out, &e)))
            cli_err("出力できません", &e);
        else
            fwrite(out.data, 1, out.len, stdout);
        buf_free(&out);
    } else if (strcmp(argv[0], "estimate") == 0) {
        static const char *const allowed[] = {"tap", "date", "cause", NULL};
        if (!cli_only(&o, allowed) || !cli_get(&o, "tap") || !cli_get(&o, "date") || !cli_get(&o, "cause")) {
            fputs(USAGE, stderr);
            return 2;
        }
        if (!cli_open(&s, false, false))
            return 1;
        app_reading_out out;
        if ((rc = app_reading_estimate(&s.ctx, cli_get(&o, "tap"), cli_get(&o, "date"), cli_get(&o, "cause"), &out,
                                       &e)))
            cli_err("認定できません", &e);
        else
            printf("estimated: reading %lld, %lld m3\n", (long long)out.reading_id, (long long)out.usage);
    } else {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_close(&s);
    return rc ? 1 : 0;
}
