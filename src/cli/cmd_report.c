/* cmd_report — `suido report list` and `suido report NAME [period]
 * [--format tsv|json|csv|xlsx|pdf] [--encoding utf8bom|utf8|cp932] [--out
 * FILE]`: a statistics report (統計, app_stats_more.h) for the office:
 * TSV on a terminal by default, JSON, CSV, Excel or PDF.  The period: a
 * month (--month YYYY-MM, or --from and --to YYYY-MM for a range), a
 * fiscal year (--year YYYY) or, for the reports of a day, --on YYYY-MM-DD.
 * No personal data. */
#include <stdio.h>
#include <string.h>

#include "app/stats/app_stats_more.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "cli/cli.h"
#include "cli/cli_list.h"
#include "report/stats_table_out.h"
#include "report/stats_table_pdf.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido report list\n"
    "      統計の一覧（名前・表題・期間の指定）を表示します。\n"
    "  suido report NAME [--month YYYY-MM | --year YYYY | --from YYYY-MM [--to YYYY-MM] | --on YYYY-MM-DD]\n"
    "                    [--format tsv|json|csv|xlsx|pdf] [--encoding utf8bom|utf8|cp932] [--out FILE]\n"
    "      統計 NAME を作ります。期間は月（--month）、年度（--year: YYYY年4月〜翌年3月）、月の範囲\n"
    "      （--from〜--to）のいずれか（なければ今月）。ある日現在の統計は --on（なければ今日）。\n"
    "      既定はタブ区切り（TSV）で標準出力へ。xlsx と pdf は --out が必要です。csv の文字コードは\n"
    "      --encoding（既定 utf8bom、Excel 用に cp932 も）。\n"
    "  終了コード: 0 成功、1 エラー、2 引数の誤り。\n";

static const char *kind_text(int kind)
{
    return kind == APP_STATS_PERIOD ? "期間（--month / --year / --from --to）"
           : kind == APP_STATS_DAY  ? "基準日（--on）"
                                    : "現在";
}

static int list_reports(void)
{
    size_t n;
    const app_stats_more_info *r = app_stats_more_list(&n);
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\n", r[i].name, r[i].title, kind_text(r[i].kind));
    return 0;
}

static void print_json(jsonw *w, const void *arg)
{
    stats_table_json_write(arg, w);
}

static int write_buf(const buf_t *b, const char *out)
{
    FILE *f = out ? fopen(out, "wb") : stdout;
    if (!f) {
        fprintf(stderr, "--out: ファイルを作成できません: %s\n", out);
        return 1;
    }
    size_t w = fwrite(b->data, 1, b->len, f);
    int rc = w == b->len ? 0 : 1;
    if (out && fclose(f) != 0)
        rc = 1;
    if (rc)
        fprintf(stderr, "書き込めません: %s\n", out ? out : "標準出力");
    return rc;
}

/* The table in format; 0, 1 or 2 (a bad option). */
static int emit(const stats_table *t, const char *format, int encoding, const char *out, const char *by)
{
    char err[256] = "";
    if (strcmp(format, "xlsx") == 0 || strcmp(format, "pdf") == 0) {
        char today[11];
        date_format_iso(date_today_jst(), today);
        int rc = format[0] == 'x' ? stats_table_xlsx_write(t, today, by, date_now_unix(), out, err, sizeof err)
                                  : stats_table_pdf_write(t, by, date_now_unix(), out, err, sizeof err);
        if (rc)
            fprintf(stderr, "%s\n", err);
        return rc ? 1 : 0;
    }
    if (strcmp(format, "json") == 0 && !out) {
        cli_print_json(print_json, t);
        return 0;
    }
    buf_t b;
    buf_init(&b, 0);
    bool ok = true;
    if (strcmp(format, "csv") == 0)
        ok = stats_table_csv_write(t, encoding, &b);
    else if (strcmp(format, "json") == 0) {
        jsonw w;
        jsonw_begin(&w, &b);
        stats_table_json_write(t, &w);
        buf_putc(&b, '\n');
    } else
        stats_table_tsv_write(t, &b);
    int rc = ok && !b.failed ? write_buf(&b, out) : 1;
    buf_free(&b);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    static const char *const flags[] = {"help", NULL};
    cli_opts opts, *o = &opts;
    int st = 0;
    if (!cli_sub_begin(argc, argv, USAGE, flags, o, &st))
        return st;
    const char *name = argv[0];
    if (strcmp(name, "list") == 0)
        return list_reports();
    static const char *const allowed[] = {"month", "year", "from", "to", "on", "format", "encoding", "out", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, allowed))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n", o->args[0]);
        return 2;
    }
    if (!app_stats_more_find(name)) {
        fprintf(stderr, "report: その名前の統計はありません: %s（suido report list で一覧）\n", name);
        return 2;
    }
    const char *format = cli_get(o, "format") ? cli_get(o, "format") : "tsv";
    static const char *const FORMATS[] = {"tsv", "json", "csv", "xlsx", "pdf", NULL};
    bool known = false;
    for (int i = 0; FORMATS[i]; i++)
        known = known || strcmp(format, FORMATS[i]) == 0;
    if (!known) {
        fprintf(stderr, "--format: 出力形式は tsv, json, csv, xlsx, pdf のいずれかです: %s\n", format);
        return 2;
    }
    int encoding = cli_get(o, "encoding") ? csv_encoding_parse(cli_get(o, "encoding")) : CSV_UTF8_BOM;
    if (encoding < 0) {
        fprintf(stderr, "--encoding: 文字コードは utf8bom, utf8, cp932 のいずれかです\n");
        return 2;
    }
    const char *out = cli_get(o, "out");
    if (!out && (strcmp(format, "xlsx") == 0 || strcmp(format, "pdf") == 0)) {
        fprintf(stderr, "--out: %s の出力先ファイルを指定してください\n", format);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_stats_params p = {cli_get(o, "month"), cli_get(o, "year"), cli_get(o, "from"), cli_get(o, "to"),
                          cli_get(o, "on")};
    stats_table t;
    err_t e;
    err_clear(&e);
    int status;
    if (app_stats_more_build(&s.ctx, name, &p, strcmp(format, "tsv") == 0 ? "" : format, &t, &e)) {
        status = cli_list_refused("統計を作れません", &e, NULL, NULL);
    } else {
        status = emit(&t, format, encoding, out, s.ctx.actor.username);
        stats_table_free(&t);
    }
    cli_close(&s);
    return status;
}
