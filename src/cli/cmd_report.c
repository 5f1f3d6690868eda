/* cmd_report — `suido report list` and `suido report NAME [period]
 * [--format json|csv|csv-sjis|xlsx|pdf] [--out FILE]`: the statistics
 * reports (統計, app/stats/app_stats.h) for the accounting office and for
 * scripts.  The period: --month YYYY-MM (or --cycle, the billing cycle),
 * --year YYYY (a fiscal year), or --from YYYY-MM [--to YYYY-MM]; none:
 * this month.  JSON goes to stdout unless --out; Excel and PDF go to
 * --out (or stdout).  Every export is audited (stats.export).  No
 * personal data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/account/app_staff.h"
#include "app/stats/app_stats.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "cli/cli.h"
#include "cli/cli_list.h"
#include "report/stats_report.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido report list\n"
    "      統計の一覧（名前と内容）を表示します。\n"
    "  suido report NAME [--month YYYY-MM | --cycle YYYY-MM | --year YYYY | --from YYYY-MM [--to YYYY-MM]]\n"
    "                    [--format json|csv|csv-sjis|xlsx|pdf] [--out FILE]\n"
    "      統計 NAME（billing 調定統計、collections 収納統計、yearend 決算・水道統計 など）を作成します。\n"
    "      期間は月（--month、調定周期なら --cycle）、年度（--year: YYYY年4月〜翌年3月）、\n"
    "      または月の範囲（--from 〜 --to）。どれもなければ今月です。\n"
    "      --format の既定は json（標準出力）。csv は UTF-8（BOM 付き）、csv-sjis は Shift_JIS、\n"
    "      xlsx は Excel、pdf は印刷用（A4 横）。--out がなければ標準出力に書きます。\n"
    "  終了コード: 0 成功、1 エラー、2 引数の誤り。\n";

static int list(void)
{
    for (size_t i = 0; i < APP_STATS_NREPORTS; i++)
        printf("%s\t%s\t%s\n", APP_STATS_REPORTS[i].name, APP_STATS_REPORTS[i].title, APP_STATS_REPORTS[i].summary);
    return 0;
}

/* data to path, or to stdout when path is NULL. */
static int put(const char *path, const void *data, size_t len)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (!f) {
        fprintf(stderr, "--out: %s に書き込めません。\n", path);
        return 1;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    if (path)
        ok = fclose(f) == 0 && ok;
    else
        ok = fflush(f) == 0 && ok;
    if (!ok)
        fprintf(stderr, "出力を書き込めません。\n");
    return ok ? 0 : 1;
}

static int text(const stat_report *r, const char *fmt, const char *out)
{
    buf_t b;
    buf_init(&b, 0);
    bool ok = true;
    if (strcmp(fmt, "json") == 0) {
        jsonw w;
        jsonw_begin(&w, &b);
        stats_json_write(&w, r);
        buf_append(&b, "\n", 1);
        ok = !b.failed;
    } else {
        ok = stats_csv_write(r, strcmp(fmt, "csv") == 0 ? CSV_UTF8_BOM : CSV_CP932, &b);
    }
    int st = ok ? put(out, b.data, b.len) : 1;
    if (!ok)
        fprintf(stderr, "統計の CSV を作成できません（Shift_JIS にできない文字があります）。\n");
    buf_free(&b);
    return st;
}

/* Excel or PDF to out, or through a temporary file to stdout. */
static int document(cli_session *s, const stat_report *r, const char *fmt, const char *out)
{
    char by[128], err[256] = "", tmp[] = "/tmp/suido-report-XXXXXX";
    app_staff_display_name(&s->ctx, s->ctx.actor.username, by, sizeof by);
    const char *path = out;
    if (!out) {
        int fd = mkstemp(tmp);
        if (fd < 0) {
            fprintf(stderr, "一時ファイルを作成できません。\n");
            return 1;
        }
        close(fd);
        path = tmp;
    }
    int rc = strcmp(fmt, "pdf") == 0 ? stats_pdf_write(r, by, date_now_unix(), path, err, sizeof err)
                                     : stats_xlsx_write(r, by, date_now_unix(), path, err, sizeof err);
    int st = 0;
    if (rc) {
        fprintf(stderr, "%s\n", err);
        st = 1;
    } else if (!out) {
        size_t len = 0;
        char *data = cli_read_file(path, &len);
        st = data ? put(NULL, data, len) : 1;
        free(data);
    }
    if (!out)
        unlink(tmp);
    return st;
}

static int run(const char *name, const cli_opts *o)
{
    const char *fmt = cli_get(o, "format") ? cli_get(o, "format") : "json";
    if (!app_stats_format_ok(fmt)) {
        fprintf(stderr, "--format: 「%s」は使えません。json、csv、csv-sjis、xlsx、pdf のどれかを指定してください。\n", fmt);
        return 2;
    }
    if (!app_stats_find(name)) {
        fprintf(stderr, "NAME: 統計「%s」はありません。suido report list で一覧を表示できます。\n", name);
        return 2;
    }
    /* A report reads tens of thousands of index pages once: the page cache in
     * one region of huge pages, not a malloc and a page fault per page (see
     * app.h) — a third of a fiscal year's 収納統計 at 120,000 taps. */
    app_batch_process();
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    const char *month = cli_get(o, "month") ? cli_get(o, "month") : cli_get(o, "cycle");
    app_stats_args a = {month, cli_get(o, "year"), cli_get(o, "from"), cli_get(o, "to")};
    stat_report r;
    err_t e;
    err_clear(&e);
    int st = 0;
    if (app_stats_run(&s.ctx, name, &a, &r, &e)) {
        st = cli_list_refused("統計を作成できません", &e, "month", cli_get(o, "cycle") ? "cycle" : "month");
    } else {
        st = strcmp(fmt, "xlsx") == 0 || strcmp(fmt, "pdf") == 0 ? document(&s, &r, fmt, cli_get(o, "out"))
                                                                   : text(&r, fmt, cli_get(o, "out"));
        if (!st && app_stats_export_audit(&s.ctx, &r, fmt, &e)) {
            cli_err("統計の出力を監査ログに記録できません", &e);
            st = 1;
        }
        stat_report_free(&r);
    }
    cli_close(&s);
    return st;
}

int cmd_report(int argc, char **argv)
{
    static const char *const flags[] = {"help", NULL};
    cli_opts opts, *o = &opts;
    int st = 0;
    if (!cli_sub_begin(argc, argv, USAGE, flags, o, &st))
        return st;
    static const char *const allowed[] = {"month", "cycle", "year", "from", "to", "format", "out", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, allowed))
        return 2;
    if (strcmp(argv[0], "list") == 0) {
        if (o->nargs) {
            fprintf(stderr, "余分な引数です: %s\n", o->args[0]);
            return 2;
        }
        return list();
    }
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n", o->args[0]);
        return 2;
    }
    if (cli_get(o, "month") && cli_get(o, "cycle")) {
        fprintf(stderr, "--cycle: --month と --cycle はどちらか一方を指定してください。\n");
        return 2;
    }
    return run(argv[0], o);
}
