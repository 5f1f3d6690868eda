/* cmd_bill — `suido bill run|show|skips|confirm-period|runs`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "base/stop.h"
#include "cli/cli.h"
#include "domain/bill_skip.h"
#include "domain/tapinfo.h"
#include "app/billing/app_bill.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido bill run --cycle YYYY-MM [--group odd|even|monthly|all] [--dry-run]\n"
    "      その検針周期の確定した検針から調定（水道料金・下水道使用料）を作成します。何度実行しても\n"
    "      同じ検針に二重に調定されることはなく、途中で止まっても再実行すれば続きから完了します。\n"
    "      --dry-run は計算と集計だけを行い、何も登録しません。\n"
    "      終了コード: 0 すべて調定済み、3 調定できなかった水栓あり（理由を表示）、1 エラー、2 引数の誤り、\n"
    "      75 SIGTERM / SIGINT により処理中の区切り（billing.chunk 件）を登録してから中断（再実行で続きから完了）。\n"
    "      --list は要約の代わりに調定（試算）1件ごとに「水栓番号 水量 水道料金 下水道使用料 合計」を出力します。\n"
    "  suido bill list --cycle YYYY-MM   その周期の有効な調定を同じ形式で出力します。\n"
    "  suido bill show ID [ID ...] | --tap NO --cycle YYYY-MM\n"
    "      調定の明細（なぜこの金額か）を JSON で表示します（番号は16件まで、1件1行）。\n"
    "  suido bill sewer --tap NO --basis water|deduct|well [--persons N]\n"
    "      汚水量の算定方法: 水道メーター、減量（減量メーターの水量を周期ごとに入力）、井戸水（人数による認定）。\n"
    "  suido bill deduct --tap NO --cycle YYYY-MM --m3 N   その周期の減量水量を入力します。\n"
    "  suido bill final --tap NO --date YYYY-MM-DD --value DIAL [--meter NO]\n"
    "      中止精算: 中止日の指針を記録し、使用期間を終え、前回検針からの日割りの精算調定を作成します。\n"
    "      指針が保留になったときは、確認（承認）後に同じ指針で再実行してください。\n"
    "  suido bill skips --cycle YYYY-MM   調定できなかった水栓と理由を表示します。\n"
    "  suido bill confirm-period --tap NO --cycle YYYY-MM\n"
    "      「使用期間が通常より長い」で調定されなかった水栓の使用期間を確認します（係長）。次の調定処理で\n"
    "      調定されます（時効を過ぎた期間は調定されず、水量は日数で按分されます）。\n"
    "  suido bill runs           調定処理の履歴を表示します。\n";

typedef struct progress_state {
    bool tty;
    int64_t last_pct;
} progress_state;

static void on_progress(void *arg, int64_t done, int64_t total, int64_t billed, int64_t skipped)
{
    progress_state *p = arg;
    int64_t pct = total ? done * 100 / total : 100;
    if (!p->tty && pct / 10 == p->last_pct / 10 && done != total)
        return;
    p->last_pct = pct;
    fprintf(stderr, p->tty ? "\r調定中 %lld / %lld (%lld%%)  調定 %lld  保留・対象外 %lld" :
                             "調定中 %lld / %lld (%lld%%)  調定 %lld  保留・対象外 %lld\n",
            (long long)done, (long long)total, (long long)pct, (long long)billed, (long long)skipped);
    fflush(stderr);
}

static void on_bill(void *arg, const char *tap_no, int64_t usage, int64_t water, int64_t sewer, int64_t total)
{
    (void)arg;
    printf("%s\t%lld\t%lld\t%lld\t%lld\n", tap_no, (long long)usage, (long long)water, (long long)sewer,
           (long long)total);
}

static void print_summary(const app_bill_summary *s)
{
    char a[32], b[32], c[32];
    printf("調定処理 %s（%s）%s: 対象 %lld 件、調定 %lld 件（うち認定 %lld 件）、調定できず %lld 件、%.2f 秒\n", s->cycle,
           s->grp, s->dry_run ? "［試算・未登録］" : "", (long long)s->candidates, (long long)s->billed,
           (long long)s->estimated, (long long)s->skipped, s->seconds);
    str_thousands(s->water_yen, a);
    printf("  水道料金     %8lld 件  %10lld m³  %14s 円\n", (long long)s->water_bills, (long long)s->water_m3, a);
    str_thousands(s->sewer_yen, a);
    printf("  下水道使用料 %8lld 件  %10lld m³  %14s 円\n", (long long)s->sewer_bills, (long long)s->sewer_m3, a);
    if (s->other_sewer_m3)
        printf("  他団体の下水道（水量のみ）       %10lld m³\n", (long long)s->other_sewer_m3);
    str_thousands(s->adjust_yen, a);
    str_thousands(s->tax_yen, b);
    str_thousands(s->total_yen, c);
    printf("  減免等 %s 円  うち消費税等 %s 円  合計 %s 円\n", a, b, c);
    printf("  用途・口径別:\n");
    for (size_t i = 0; i < s->ngroups; i++) {
        const app_bill_group *g = &s->groups[i];
        str_thousands(g->total_yen, a);
        printf("    %-10s %3lld mm  %8lld 件  %10lld m³  %14s 円\n", tapinfo_label(TAPINFO_USES, g->use),
               (long long)g->diameter, (long long)g->bills, (long long)g->usage, a);
    }
    for (int i = 0; i < BILL_SKIP__MAX; i++)
        if (s->skip_counts[i])
            printf("  調定できず: %s %lld 件\n", bill_skip_label(i),
                   (long long)s->skip_counts[i]);
}

static int do_run(cli_opts *o)
{
    static const char *const allowed[] = {"cycle", "group", "dry-run", "list", NULL};
    if (!cli_only(o, allowed) || !cli_get(o, "cycle")) {
        fputs(USAGE, stderr);
        return 2;
    }
    app_batch_process();   /* before the first connection: see app.h */
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    progress_state p = {isatty(2) != 0, -100};
    stop_watch_signals();   /* SIGTERM / SIGINT: stop after the chunk in flight */
    app_bill_summary *sum = malloc(sizeof *sum);
    app_bill_hooks hooks = {.progress = on_progress, .bill = cli_has(o, "list") ? on_bill : NULL, .arg = &p};
    int rc = sum ? app_bill_run(&s.ctx, cli_get(o, "cycle"), cli_get(o, "group") ? cli_get(o, "group") : "all",
                                cli_has(o, "dry-run"), &hooks, sum, &e)
                 : ERR_INTERNAL;
    if (p.tty)
        fputc('\n', stderr);
    int status = 0;
    if (rc) {
        cli_err(rc == ERR_STOPPED ? "調定処理を中断しました" : "調定処理を実行できません", &e);
        status = cli_job_status(rc);
    } else if (!cli_has(o, "list")) {
        print_summary(sum);
        if (sum->skipped) {
            app_bill_skip *k = NULL;
            size_t n = 0;
            if (!sum->dry_run && !app_bill_skips(&s.ctx, sum->cycle, 20, &k, &n, &e)) {
                for (size_t i = 0; i < n; i++)
                    printf("    %s  %s: %s\n", k[i].tap_no, app_bill_skip_label(k[i].reason), k[i].detail);
                if ((int64_t)n < sum->skipped)
                    printf("    （ほか。全件は suido bill skips --cycle %s）\n", sum->cycle);
            }
            free(k);
            status = 3;
        }
    }
    free(sum);
    cli_close(&s);
    return status;
}

/* One bill as a JSON line on stdout: the figures and, spliced in, its stored lines. */
static void print_bill(const app_bill *b)
{
    buf_t out;
    buf_init(&out, 0);
    jsonw w;
    jsonw_begin(&w, &out);
    jsonw_object(&w);
    jsonw_kv_int(&w, "id", b->id);
    jsonw_kv_string(&w, "tap_no", b->tap_no);
    jsonw_kv_string(&w, "cycle", b->cycle);
    jsonw_kv_string(&w, "kind", b->kind);
    jsonw_kv_string(&w, "status", b->status);
    jsonw_kv_int(&w, "replaces", b->replaces);
    jsonw_kv_string(&w, "period_from", b->period_from);
    jsonw_kv_string(&w, "period_to", b->period_to);
    jsonw_kv_int(&w, "days", b->days);
    jsonw_kv_int(&w, "months", b->months);
    jsonw_kv_string(&w, "use", b->use_code);
    jsonw_kv_int(&w, "diameter", b->diameter);
    jsonw_kv_int(&w, "usage", b->usage);
    jsonw_kv_bool(&w, "estimated", b->estimated != 0);
    jsonw_kv_string(&w, "sewer_operator", b->sewer_operator);
    jsonw_kv_int(&w, "sewer_usage", b->sewer_usage);
    jsonw_kv_string(&w, "water_tariff", b->water_tariff);
    jsonw_kv_string(&w, "sewer_tariff", b->sewer_tariff);
    jsonw_kv_int(&w, "water_yen", b->water_yen);
    jsonw_kv_int(&w, "sewer_yen", b->sewer_yen);
    jsonw_kv_int(&w, "adjust_yen", b->adjust_yen);
    jsonw_kv_int(&w, "tax_yen", b->tax_yen);
    jsonw_kv_int(&w, "total_yen", b->total_yen);
    jsonw_kv_int(&w, "paid_yen", b->paid_yen);
    jsonw_kv_int(&w, "balance_yen", b->balance_yen);
    jsonw_kv_string(&w, "issued_on", b->issued_on);
    jsonw_kv_string(&w, "due_on", b->due_on);
    jsonw_end_object(&w);
    /* the lines are stored JSON: spliced in before the closing brace */
    out.len--;
    buf_printf(&out, ",\"lines\":%s}\n", b->lines ? b->lines : "[]");
    fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
}

/* `bill show ID [ID ...]` (up to 16; one JSON line per bill, in the order given; stops
 * at the first that cannot be shown) or `bill show --tap NO --cycle C`. */
static int do_show(cli_opts *o)
{
    bool by_tap = o->nargs == 0 && cli_get(o, "tap") && cli_get(o, "cycle");
    long long id = 0;
    bool ids_ok = by_tap || o->nargs > 0;
    for (size_t i = 0; !by_tap && i < o->nargs; i++)
        ids_ok = ids_ok && str_to_i64(o->args[i], &id) && id > 0;
    if (!ids_ok) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    int rc = 0;
    id = 0;
    if (by_tap) {
        app_bill *rows = NULL;
        size_t n = 0;
        rc = app_bill_list_tap(&s.ctx, cli_get(o, "tap"), 1000, &rows, &n, &e);
        for (size_t i = 0; !rc && i < n && !id; i++)
            if (strcmp(rows[i].cycle, cli_get(o, "cycle")) == 0 && strcmp(rows[i].status, "current") == 0)
                id = rows[i].id;
        app_bill_list_free(rows, n);
        if (!rc && !id)
            rc = err_set(&e, ERR_NOTFOUND, NULL, "その周期の有効な調定はありません。", "no current bill");
    }
    size_t count = by_tap ? 1 : o->nargs;
    for (size_t i = 0; !rc && i < count; i++) {
        if (!by_tap)
            str_to_i64(o->args[i], &id);
        app_bill b;
        if ((rc = app_bill_get(&s.ctx, id, &b, &e)))
            break;
        print_bill(&b);
        app_bill_free(&b);
    }
    if (rc)
        cli_err("調定を表示できません", &e);
    cli_close(&s);
    return rc ? 1 : 0;
}

static int do_final(cli_opts *o)
{
    static const char *const allowed[] = {"tap", "date", "value", "meter", NULL};
    if (!cli_only(o, allowed) || !cli_get(o, "tap") || !cli_get(o, "date") || !cli_get(o, "value")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_final_result r;
    int rc = app_bill_final(&s.ctx, cli_get(o, "tap"), cli_get(o, "date"), cli_get(o, "value"), cli_get(o, "meter"), &r,
                            &e);
    int status = 0;
    if (rc) {
        cli_err("中止精算ができません", &e);
        status = 1;
    } else if (r.reading.status == READING_REFUSED) {
        fprintf(stderr, "指針を受け付けられません: %s\n", r.reading.message);
        status = 1;
    } else if (r.reading.status == READING_HELD) {
        printf("held: reading %lld (%lld m³) is held; confirm it, then run again with the same dial\n",
               (long long)r.reading.reading_id, (long long)r.reading.usage);
        status = 3;
    } else {
        printf("final bill %lld: %lld m³, total %lld yen\n", (long long)r.bill_id, (long long)r.reading.usage,
               (long long)r.total_yen);
    }
    cli_close(&s);
    return status;
}

int cmd_bill(int argc, char **argv)
{
    static const char *const flags[] = {"help", "dry-run", "list", NULL};
    cli_opts o;
    int status;
    if (!cli_sub_begin(argc, argv, USAGE, flags, &o, &status))
        return status;
    if (strcmp(argv[0], "run") == 0)
        return do_run(&o);
    if (strcmp(argv[0], "show") == 0)
        return do_show(&o);
    if (strcmp(argv[0], "final") == 0)
        return do_final(&o);
    if (strcmp(argv[0], "sewer") == 0 || strcmp(argv[0], "deduct") == 0) {
        bool sewer = strcmp(argv[0], "sewer") == 0;
        static const char *const a1[] = {"tap", "basis", "persons", NULL};
        static const char *const a2[] = {"tap", "cycle", "m3", NULL};
        if (!cli_only(&o, sewer ? a1 : a2) || !cli_get(&o, "tap")) {
            fputs(USAGE, stderr);
            return 2;
        }
        cli_session s;
        if (!cli_open(&s, false, false))
            return 1;
        err_t e;
        err_clear(&e);
        int rc = sewer ? app_sewer_basis_set(&s.ctx, cli_get(&o, "tap"), cli_get(&o, "basis"), cli_get(&o, "persons"), &e)
                       : app_sewer_deduction_set(&s.ctx, cli_get(&o, "tap"), cli_get(&o, "cycle"), cli_get(&o, "m3"), &e);
        if (rc)
            cli_err("登録できません", &e);
        else
            printf("tap %s: saved\n", cli_get(&o, "tap"));
        cli_close(&s);
        return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
    }
    if (strcmp(argv[0], "confirm-period") == 0) {
        static const char *const a[] = {"tap", "cycle", NULL};
        if (!cli_only(&o, a) || !cli_get(&o, "tap") || !cli_get(&o, "cycle")) {
            fputs(USAGE, stderr);
            return 2;
        }
        cli_session s;
        if (!cli_open(&s, false, false))
            return 1;
        err_t e;
        err_clear(&e);
        int64_t days = 0;
        int rc = app_bill_period_confirm(&s.ctx, cli_get(&o, "tap"), cli_get(&o, "cycle"), &days, &e);
        if (rc)
            cli_err("使用期間を確認できません", &e);
        else
            printf("tap %s %s: period of %lld days confirmed; the next billing run bills it\n", cli_get(&o, "tap"),
                   cli_get(&o, "cycle"), (long long)days);
        cli_close(&s);
        return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
    }
    cli_session s;
    err_t e;
    err_clear(&e);
    int rc = 0;
    if (strcmp(argv[0], "skips") == 0 && cli_get(&o, "cycle")) {
        if (!cli_open(&s, false, false))
            return 1;
        app_bill_skip *k = NULL;
        size_t n = 0;
        if ((rc = app_bill_skips(&s.ctx, cli_get(&o, "cycle"), 100000, &k, &n, &e)))
            cli_err("表示できません", &e);
        for (size_t i = 0; i < n; i++)
            printf("%s\t%s\t%s\n", k[i].tap_no, k[i].reason, k[i].detail);
        free(k);
    } else if (strcmp(argv[0], "list") == 0 && cli_get(&o, "cycle")) {
        if (!cli_open(&s, false, false))
            return 1;
        buf_t out;
        buf_init(&out, 0);
        if ((rc = app_bill_cycle_list(&s.ctx, cli_get(&o, "cycle"), &out, &e)))
            cli_err("表示できません", &e);
        else
            fwrite(out.data, 1, out.len, stdout);
        buf_free(&out);
    } else if (strcmp(argv[0], "runs") == 0) {
        if (!cli_open(&s, false, false))
            return 1;
        app_bill_run_info *r = NULL;
        size_t n = 0;
        if ((rc = app_bill_runs(&s.ctx, 50, &r, &n, &e)))
            cli_err("表示できません", &e);
        for (size_t i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%lld/%lld\tbilled %lld\tskipped %lld\t%s\n", (long long)r[i].id, r[i].cycle,
                   r[i].grp, r[i].status, (long long)r[i].done_taps, (long long)r[i].total_taps,
                   (long long)r[i].billed, (long long)r[i].skipped, r[i].started_by);
        app_bill_runs_free(r, n);
    } else {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_close(&s);
    return rc ? 1 : 0;
}
