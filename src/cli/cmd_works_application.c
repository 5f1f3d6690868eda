/* cmd_works_application — `suido works applications [--status S] [--type T]
 * [--area CODE] [--from D] [--to D] [--overdue] [--csv]`: the works
 * applications (工事申込) the search screen lists, every row, as a table or
 * as CSV (UTF-8 with BOM) — for a daily list of the overdue ones, say.  No
 * personal data (docs/works.md). */
#include <stdio.h>
#include <string.h>

#include "app/works/app_works_application.h"
#include "app/works/app_works_settle.h"
#include "base/csv.h"
#include "cli/cli.h"
#include "report/works_application_csv.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido works applications [--number R8-00001] [--status STATUS] [--type TYPE] [--contractor ID]\n"
    "                           [--area CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--overdue] [--csv]\n"
    "      工事申込の一覧（申込日の新しい順、全件）を表示します。--overdue は最後の手続きから\n"
    "      [works] overdue_days 日（既定 14 日）を超えて次の手続きがない申込に絞ります。\n"
    "      STATUS: received review approved paid started failed inspected completed cancelled\n"
    "      TYPE: new remodel removal branch complex。--csv は CSV（UTF-8、BOM 付き）で出力します。\n"
    "  終了コード: 0 成功、1 エラー、2 引数の誤り。\n";

static void print_table(const app_works_page *p)
{
    printf("申込番号\t種別\t状態\t申込日\t最終手続日\t経過\t事業者\t町丁目\t口径\n");
    for (size_t i = 0; i < p->n; i++) {
        const app_works_row *r = &p->rows[i];
        char dia[48];
        works_application_diameter_text(r, dia, sizeof dia);
        printf("%s\t%s\t%s\t%s\t%s\t%lld日%s\t%s\t%s\t%s\n", r->number, works_application_type_label(r->type),
               works_status_label(r->status), r->received_on, r->status_on, (long long)r->days_open,
               r->overdue ? "（滞留）" : "", r->contractor_name, r->area_name, dia);
    }
    printf("%lld件（基準日 %s）\n", (long long)p->total, p->today);
}

static int list(const cli_opts *o)
{
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_works_query q = {cli_get(o, "number"), cli_get(o, "status"), cli_get(o, "type"), cli_get(o, "contractor"),
                         cli_get(o, "area"), cli_get(o, "from"), cli_get(o, "to"), cli_has(o, "overdue") ? "1" : NULL,
                         1, -1};
    app_works_page p;
    err_t e;
    err_clear(&e);
    int status = 0;
    if (app_works_search(&s.ctx, &q, &p, &e)) {
        if (e.code == ERR_INVALID)
            fprintf(stderr, "--%s: %s\n", e.field, e.user);
        else
            cli_err("工事申込を読めません", &e);
        status = e.code == ERR_INVALID ? 2 : 1;
    } else {
        if (cli_has(o, "csv")) {
            buf_t out;
            buf_init(&out, 0);
            if (works_application_csv_write(&p, CSV_UTF8_BOM, &out))
                fwrite(out.data, 1, out.len, stdout);
            else
                status = 1;
            buf_free(&out);
        } else
            print_table(&p);
        app_works_page_free(&p);
    }
    cli_close(&s);
    return status;
}

int cli_works_applications(int argc, char **argv)
{
    static const char *const flags[] = {"help", "csv", "overdue", NULL};
    cli_opts opts, *o = &opts;
    int st = 0;
    if (!cli_sub_begin(argc, argv, USAGE, flags, o, &st))
        return st;
    static const char *const allowed[] = {"number", "status", "type", "contractor", "area", "from", "to", "overdue",
                                          "csv", NULL};
    static const char *const single[] = {"number", "status", "type", "contractor", "area", "from", "to", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, single))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n", o->args[0]);
        return 2;
    }
    return list(o);
}

static const char USAGE_SETTLE[] =
    "使い方:\n"
    "  suido works settle --application R8-00012\n"
    "      工事申込の精算（料金ごとの調定額・納付額・還付額・未納額、変更・取消による精算の記録、\n"
    "      還付とその状態）を JSON で表示します。\n"
    "  終了コード: 0 成功、1 エラー、2 引数の誤り。\n";

int cli_works_settle(int argc, char **argv)
{
    static const char *const flags[] = {"help", NULL};
    cli_opts opts, *o = &opts;
    int st = 0;
    if (!cli_sub_begin(argc, argv, USAGE_SETTLE, flags, o, &st))
        return st;
    static const char *const allowed[] = {"application", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, allowed))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n", o->args[0]);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    buf_t out;
    buf_init(&out, 0);
    err_t e;
    err_clear(&e);
    int status = 0;
    if (app_works_settle_json(&s.ctx, cli_get(o, "application"), &out, &e)) {
        if (e.code == ERR_INVALID)
            fprintf(stderr, "--%s: %s\n", e.field, e.user);
        else
            cli_err("工事申込の精算を読めません", &e);
        status = e.code == ERR_INVALID ? 2 : 1;
    } else {
        fwrite(out.data, 1, out.len, stdout);
        putchar('\n');
    }
    buf_free(&out);
    cli_close(&s);
    return status;
}
