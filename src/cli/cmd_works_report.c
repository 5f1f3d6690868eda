/* cmd_works_report — `suido works report --month YYYY-MM | --year FY
 * [--json]`: the works statistics of a month or a fiscal year (工事統計,
 * app_works_report.h) for the accounting office: as TSV (the counts by
 * type, diameter, area and contractor, a blank line, the 加入金 and fees by
 * diameter; the columns of the CSV exports) or as one JSON object.  No
 * personal data. */
#include <stdio.h>
#include <string.h>

#include "app/works/app_works_report.h"
#include "base/jsonw.h"
#include "cli/cli.h"
#include "cli/cli_list.h"
#include "report/works_report.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido works report [--month YYYY-MM | --year YYYY] [--json]\n"
    "      給水装置工事の統計（種別・口径・町丁目・指定工事事業者別の受付・承認・完了・取消の件数と、\n"
    "      口径別の加入金・手数料の調定額と収納済額）を表示します。--month は月次、--year は年度\n"
    "      （YYYY年4月〜翌年3月）。どちらもなければ今月です。既定はタブ区切り（TSV: 統計の表、空行、\n"
    "      加入金・手数料の表）、--json は JSON で出力します。\n"
    "  終了コード: 0 成功、1 エラー、2 引数の誤り。\n";

static void print_tsv(const app_works_stats *s)
{
    for (int c = 0; c < WORKS_STATS_NCOLS; c++)
        printf("%s%s", c ? "\t" : "", WORKS_STATS_COL_TITLES[c]);
    printf("\n");
    char label[320];
    for (size_t i = 0, n = works_stats_nrows(s); i < n; i++) {
        int d;
        const works_stat_row *r = works_stats_row(s, i, &d, label, sizeof label);
        printf("%s\t%s\t%lld\t%lld\t%lld\t%lld\t%s〜%s\n", app_works_dim_title(d), label, (long long)r->received,
               (long long)r->approved, (long long)r->completed, (long long)r->cancelled, s->period.from_iso,
               s->period.to_iso);
    }
    printf("\n");
    for (int c = 0; c < WORKS_FEES_NCOLS; c++)
        printf("%s%s", c ? "\t" : "", WORKS_FEES_COL_TITLES[c]);
    printf("\n");
    for (size_t i = 0; i <= s->nfees; i++) {
        long long v[WORKS_FEES_NCOLS];
        works_fees_values(s, i, v);
        if (i < s->nfees)
            printf("%lld", v[0]);
        else
            printf("合計");
        for (int c = 1; c < WORKS_FEES_NCOLS - 1; c++)
            printf("\t%lld", v[c]);
        printf("\t%s〜%s\n", s->period.from_iso, s->period.to_iso);
    }
}

static void json_counts(jsonw *w, const works_stat_row *r)
{
    jsonw_kv_int(w, "received", r->received);
    jsonw_kv_int(w, "approved", r->approved);
    jsonw_kv_int(w, "completed", r->completed);
    jsonw_kv_int(w, "cancelled", r->cancelled);
}

static void json_fee(jsonw *w, const works_fee_row *f)
{
    jsonw_kv_int(w, "applications", f->applications);
    jsonw_kv_int(w, "kanyukin", f->kanyukin);
    jsonw_kv_int(w, "kanyukin_paid", f->kanyukin_paid);
    jsonw_kv_int(w, "fees", f->fees);
    jsonw_kv_int(w, "fees_paid", f->fees_paid);
}

static void print_json(jsonw *w, const void *arg)
{
    static const char *const DIMS[WORKS_NDIMS] = {"type", "diameter", "area", "contractor"};
    const app_works_stats *s = arg;
    jsonw_object(w);
    jsonw_key(w, "period");
    jsonw_object(w);
    jsonw_kv_string(w, "code", s->period.code);
    jsonw_kv_string(w, "kind", s->period.year ? "year" : "month");
    jsonw_kv_string(w, "from", s->period.from_iso);
    jsonw_kv_string(w, "to", s->period.to_iso);
    jsonw_kv_string(w, "label", s->period.label);
    jsonw_end_object(w);
    jsonw_key(w, "total");
    jsonw_object(w);
    json_counts(w, &s->total);
    jsonw_end_object(w);
    char label[320];
    for (int d = 0; d < WORKS_NDIMS; d++) {
        jsonw_key(w, DIMS[d]);
        jsonw_array(w);
        for (size_t i = 0; i < s->n[d]; i++) {
            jsonw_object(w);
            jsonw_kv_string(w, "key", s->dims[d][i].key);
            app_works_stat_label(d, &s->dims[d][i], label, sizeof label);
            jsonw_kv_string(w, "label", label);
            json_counts(w, &s->dims[d][i]);
            jsonw_end_object(w);
        }
        jsonw_end_array(w);
    }
    jsonw_key(w, "fees");
    jsonw_array(w);
    for (size_t i = 0; i < s->nfees; i++) {
        jsonw_object(w);
        jsonw_kv_int(w, "diameter", s->fees[i].diameter);
        json_fee(w, &s->fees[i]);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
    jsonw_key(w, "fee_total");
    jsonw_object(w);
    json_fee(w, &s->fee_total);
    jsonw_end_object(w);
    jsonw_end_object(w);
}

int cli_works_report(int argc, char **argv)
{
    static const char *const flags[] = {"help", "json", NULL};
    cli_opts opts, *o = &opts;
    int st = 0;
    if (!cli_sub_begin(argc, argv, USAGE, flags, o, &st))
        return st;
    static const char *const allowed[] = {"month", "year", "json", NULL};
    static const char *const single[] = {"month", "year", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, single))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n", o->args[0]);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_works_stats stats;
    err_t e;
    err_clear(&e);
    int status = 0;
    if (app_works_report_stats(&s.ctx, cli_get(o, "month"), cli_get(o, "year"), &stats, &e)) {
        status = cli_list_refused("工事の統計を作れません", &e, NULL, NULL);
    } else {
        if (cli_has(o, "json"))
            cli_print_json(print_json, &stats);
        else
            print_tsv(&stats);
        app_works_stats_free(&stats);
    }
    cli_close(&s);
    return status;
}
