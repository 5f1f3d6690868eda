/* cmd_works_contractor — `suido works contractors [--due DAYS] [--csv]`:
 * the designated contractors (指定給水装置工事事業者), or those whose
 * designation expires within DAYS (the renewal reminders; --due without a
 * number of its own is not accepted: give the days, e.g. the setting
 * [works] renewal_notice_days), as a table or as CSV (UTF-8 with BOM). */
#include <stdio.h>
#include <string.h>

#include "app/works/app_works_contractor.h"
#include "cli/cli.h"
#include "cli/cli_list.h"
#include "report/works_contractor_csv.h"

static void print_table(const void *rows)
{
    const app_works_contractor_page *p = rows;
    printf("指定番号\t商号\t有効期限\t期限まで\t状態\t主任技術者\n");
    for (size_t i = 0; i < p->n; i++) {
        const app_works_contractor_item *r = &p->rows[i];
        printf("%s\t%s\t%s\t%lld日\t%s\t%lld\n", r->designation_no, r->name, r->valid_until,
               (long long)r->due_in_days, r->state_label, (long long)r->engineers);
    }
    printf("%lld件（基準日 %s）\n", (long long)p->total, p->today);
}

static bool csv(const void *rows, int encoding, buf_t *out)
{
    return works_contractor_csv_write(rows, encoding, out);
}

static const char USAGE[] =
    "使い方:\n"
    "  suido works contractors [--due DAYS] [--state active|suspended|revoked|expired] [--csv]\n"
    "      指定給水装置工事事業者の一覧を表示します。--due は有効期限まで DAYS 日以内（今日以降）の\n"
    "      事業者（更新の案内の対象、取消済みを除く）に絞ります。--csv は CSV（UTF-8、BOM 付き）で出力します。\n"
    "  suido works contractors --no 指定番号 [--date YYYY-MM-DD]\n"
    "      その日（既定: 今日）に工事申込を受け付けられるか（指定・有効期限・停止・取消・主任技術者）を\n"
    "      表示します。受け付けられないときは理由を示します。\n"
    "  終了コード: 0 成功、1 エラー、2 引数の誤り。\n";

/* --no NO [--date D]: the standing of one contractor on a day. */
static int standing(const cli_opts *o)
{
    civil_date on = date_today_jst();
    if (!cli_date(o, "date", false, &on))
        return 2;
    char day[11], name[256], why[512];
    date_format_iso(on, day);
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    bool ok = false;
    int rc = app_works_contractor_by_no(&s.ctx, cli_get(o, "no"), "no", &id, name, sizeof name, &e);
    if (!rc)
        rc = app_works_contractor_standing(&s.ctx, id, day, &ok, why, sizeof why, &e);
    int status = 0;
    if (rc == ERR_INVALID || rc == ERR_NOTFOUND) {
        fprintf(stderr, "--no: %s\n", e.user);
        status = 2;
    } else if (rc) {
        cli_err("指定工事事業者を読めません", &e);
        status = 1;
    } else if (ok)
        printf("%s %s: %s 受付可\n", cli_get(o, "no"), name, day);
    else
        printf("%s %s: %s 受付不可（%s）\n", cli_get(o, "no"), name, day, why);
    cli_close(&s);
    return status;
}

int cli_works_contractors(int argc, char **argv)
{
    static const char *const flags[] = {"help", "csv", NULL};
    cli_opts opts, *o = &opts;
    int st = 0;
    if (!cli_sub_begin(argc, argv, USAGE, flags, o, &st))
        return st;
    static const char *const allowed[] = {"due", "csv", "state", "no", "date", NULL};
    static const char *const single[] = {"due", "state", "no", "date", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, single))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n", o->args[0]);
        return 2;
    }
    if (cli_get(o, "no"))
        return standing(o);
    long long days = -1;
    if (!cli_int(o, "due", -1, 0, 3650, &days))
        return 2;
    char due[24] = "";
    if (days >= 0)
        str_fmt(due, sizeof due, "%lld", days);
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_works_contractor_query q = {.state = cli_get(o, "state"), .due_days = due, .page = 1, .per_page = -1};
    app_works_contractor_page p;
    err_t e;
    err_clear(&e);
    int rc = app_works_contractor_list(&s.ctx, &q, &p, &e);
    static const cli_list L = {"指定工事事業者を読めません", csv, print_table, "due_days", "due"};
    int status = cli_list_out(&L, o, rc, &e, &p);
    if (!rc)
        app_works_contractor_page_free(&p);
    cli_close(&s);
    return status;
}
