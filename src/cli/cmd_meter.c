/* cmd_meter — `suido meter receive|issue|return|move|stock|order|reorder|plan|
 * replace`: the meter stock and the expiry replacements at the field
 * office's command line (docs/meters.md).  Each calls the same use case as
 * the screens (app/meter/app_meter_stock.h, app_meter_replace.h);
 * a refusal names the option (exit 2), other failures exit 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/meter/app_meter_replace.h"
#include "app/meter/app_meter_stock.h"
#include "cli/cli.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido meter receive --diameter MM --maker メーカー --serials FROM-TO [--expiry YYYY-MM] [--lot ロット]\n"
    "                      [--model 型式] [--digits 4|5|6] [--date YYYY-MM-DD] [--order 発注番号]\n"
    "      納入されたメーターを庫入します（例: --serials A1000-A1099 で 100 個）。既にある番号と一つでも重なれば\n"
    "      最初の重複を示して何も登録しません。--expiry 検定満了年月（既定: 庫入の月の8年後）。\n"
    "  suido meter issue --serial S --to 指定番号 [--date YYYY-MM-DD]\n"
    "      在庫のメーターを指定給水装置工事事業者に庫出（貸出）します。\n"
    "  suido meter return --serial S [--date YYYY-MM-DD] [--note 備考]\n"
    "      庫出中のメーターの返却を受け、在庫に戻します。\n"
    "  suido meter move --serial S --to repair|testing|scrapped|stock [--expiry YYYY-MM] [--date YYYY-MM-DD]\n"
    "                   [--note 備考]\n"
    "      撤去品・在庫品を修理（repair）・検定（testing）・廃棄（scrapped）に、修理・検定から在庫（stock）に\n"
    "      移します。検定から在庫に戻すときは新しい検定満了年月 --expiry が必要です。\n"
    "  suido meter stock\n"
    "      口径別の在庫を TSV（口径、在庫、庫出中、設置中、修理・検定中）で表示します。\n"
    "  suido meter order --diameter MM --maker メーカー --quantity N [--model 型式] [--date YYYY-MM-DD]\n"
    "      メーターを発注します（発注番号を表示します。庫入の --order に使います）。\n"
    "  suido meter reorder --diameter MM --point N\n"
    "      口径の発注点（在庫がこれを下回れば不足数を表示）を設定します。\n"
    "  suido meter plan --from YYYY-MM --to YYYY-MM [--route 検針区] [--diameter MM]\n"
    "      検定満了が期間内の設置中メーターを検針区・順路順に TSV（水栓番号、検針区、順路、メーター番号、口径、\n"
    "      メーカー、検定満了日、設置日）で表示します。\n"
    "  suido meter replace --tap 水栓番号 --old-final N --serial S --new-start N --flush N --date YYYY-MM-DD\n"
    "                      [--contractor 指定番号] [--change-diameter]\n"
    "      取替の結果を登録します: 旧メーターの取外し指針、工事事業者に庫出した新メーターと取付指針、試験通水量。\n"
    "      新メーターの口径が水栓の登録口径と違うときは --change-diameter で口径を変更します。\n"
    "  終了コード: 0 成功、1 エラー、2 入力の誤り（どのオプションかを示します）。\n";

/* The option a field of the use cases is typed in. */
static const char *option_of(const char *field)
{
    static const struct { const char *field, *option; } MAP[] = {
        {"received_on", "date"}, {"on", "date"}, {"ordered_on", "date"}, {"expiry", "expiry"},
        {"old_final", "old-final"}, {"new_start", "new-start"}, {"start_value", "new-start"},
        {"confirm_diameter", "change-diameter"}, {"meter_no", "serial"}, {NULL, NULL},
    };
    for (size_t i = 0; MAP[i].field; i++)
        if (strcmp(field, MAP[i].field) == 0)
            return MAP[i].option;
    return field;
}

/* Print the refusal naming the option; the exit status. */
static int fail(const char *what, int rc, const err_t *e)
{
    if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
        if (e->field[0])
            fprintf(stderr, "--%s: %s\n", option_of(e->field), e->user);
        else
            fprintf(stderr, "%s: %s\n", what, e->user);
        return 2;
    }
    cli_err(what, e);
    return 1;
}

/* One subcommand: its options checked, a session, the act (which prints
 * what was done and returns 0, or an error code with e filled), the
 * refusal printed as `what`; the exit status. */
typedef int (*meter_act)(app_ctx *ctx, const cli_opts *o, err_t *e);
static int run(const cli_opts *o, const char *const *allowed, const char *what, meter_act act)
{
    if (!cli_only(o, allowed) || !cli_once(o, allowed))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n", o->args[0]);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    int rc = act(&s.ctx, o, &e);
    int status = rc ? fail(what, rc, &e) : 0;
    cli_close(&s);
    return status;
}

static int act_receive(app_ctx *ctx, const cli_opts *o, err_t *e)
{
    app_meter_receive_input in = {.diameter = cli_get(o, "diameter"), .maker = cli_get(o, "maker"),
                                  .serials = cli_get(o, "serials"), .expiry = cli_get(o, "expiry"),
                                  .lot = cli_get(o, "lot"), .model = cli_get(o, "model"),
                                  .digits = cli_get(o, "digits"), .received_on = cli_get(o, "date"),
                                  .order = cli_get(o, "order")};
    app_meter_receive_result r;
    int rc = app_meter_receive(ctx, &in, &r, e);
    if (!rc)
        printf("庫入 %lld: %s〜%s の %lld 個を在庫にしました。\n", (long long)r.receipt_id, r.first, r.last,
               (long long)r.count);
    return rc;
}

static int act_issue(app_ctx *ctx, const cli_opts *o, err_t *e)
{
    char name[256];
    int rc = app_meter_issue(ctx, cli_get(o, "serial"), cli_get(o, "to"), cli_get(o, "date"), name, sizeof name, e);
    if (!rc)
        printf("メーター %s を %s（%s）に庫出しました。\n", cli_get(o, "serial"), name, cli_get(o, "to"));
    return rc;
}

static int act_return(app_ctx *ctx, const cli_opts *o, err_t *e)
{
    int rc = app_meter_return(ctx, cli_get(o, "serial"), cli_get(o, "date"), cli_get(o, "note"), e);
    if (!rc)
        printf("メーター %s の返却を受け、在庫に戻しました。\n", cli_get(o, "serial"));
    return rc;
}

static int act_move(app_ctx *ctx, const cli_opts *o, err_t *e)
{
    int rc = app_meter_move(ctx, cli_get(o, "serial"), cli_get(o, "to"), cli_get(o, "date"), cli_get(o, "expiry"),
                            cli_get(o, "note"), e);
    if (!rc)
        printf("メーター %s を %s にしました。\n", cli_get(o, "serial"), cli_get(o, "to"));
    return rc;
}

static int act_stock(app_ctx *ctx, const cli_opts *o, err_t *e)
{
    (void)o;
    app_meter_stock_row *rows = NULL;
    size_t n = 0;
    int rc = app_meter_stock(ctx, &rows, &n, e);
    if (!rc) {
        printf("diameter\tin_store\tissued\tinstalled\tunder_repair\n");
        for (size_t i = 0; i < n; i++)
            printf("%lld\t%lld\t%lld\t%lld\t%lld\n", (long long)rows[i].diameter, (long long)rows[i].in_store,
                   (long long)rows[i].issued, (long long)rows[i].installed, (long long)rows[i].repair);
    }
    free(rows);
    return rc;
}

static int act_order(app_ctx *ctx, const cli_opts *o, err_t *e)
{
    int64_t id = 0;
    int rc = app_meter_order(ctx, cli_get(o, "diameter"), cli_get(o, "maker"), cli_get(o, "model"),
                             cli_get(o, "quantity"), cli_get(o, "date"), &id, e);
    if (!rc)
        printf("発注 %lld を登録しました（口径 %smm、%s 個）。\n", (long long)id, cli_get(o, "diameter"),
               cli_get(o, "quantity"));
    return rc;
}

static int act_reorder(app_ctx *ctx, const cli_opts *o, err_t *e)
{
    int rc = app_meter_reorder_set(ctx, cli_get(o, "diameter"), cli_get(o, "point"), e);
    if (!rc)
        printf("口径 %smm の発注点を %s 個にしました。\n", cli_get(o, "diameter"), cli_get(o, "point"));
    return rc;
}

static int act_plan(app_ctx *ctx, const cli_opts *o, err_t *e)
{
    app_meter_plan_in in = {cli_get(o, "from"), cli_get(o, "to"), cli_get(o, "route"), cli_get(o, "diameter")};
    app_meter_plan p;
    int rc = app_meter_plan_get(ctx, &in, 0, &p, e);
    if (rc)
        return rc;
    printf("tap_no\troute\troute_order\tserial\tdiameter\tmaker\tcertified_until\tinstalled_on\n");
    for (size_t i = 0; i < p.n; i++) {
        const app_meter_plan_item *m = &p.items[i];
        printf("%s\t%s\t%lld\t%s\t%lld\t%s\t%s\t%s\n", m->tap_no, m->route, (long long)m->route_order, m->serial,
               (long long)m->diameter, m->maker, m->certified_until, m->installed_on);
    }
    app_meter_plan_free(&p);
    return 0;
}

static int act_replace(app_ctx *ctx, const cli_opts *o, err_t *e)
{
    app_meter_result_in in = {.tap = cli_get(o, "tap"), .on = cli_get(o, "date"), .old_final = cli_get(o, "old-final"),
                              .serial = cli_get(o, "serial"), .new_start = cli_get(o, "new-start"),
                              .flush = cli_get(o, "flush"), .contractor = cli_get(o, "contractor"),
                              .confirm_diameter = cli_has(o, "change-diameter") ? "1" : ""};
    app_meter_exchange_done d;
    int rc = app_meter_replace_result(ctx, &in, &d, e);
    if (rc)
        return rc;
    printf("水栓 %s のメーターを %s から %s に取り替えました。", in.tap, d.old_no[0] ? d.old_no : "（なし）", d.new_no);
    if (d.old_diameter != d.new_diameter)
        printf("口径を %lldmm から %lldmm に変更しました。", (long long)d.old_diameter, (long long)d.new_diameter);
    if (d.final_held)
        printf("旧メーターの取外し指針は確認待ち（保留）です。");
    printf("\n");
    return 0;
}

static int sub_plan(const cli_opts *o)
{
    static const char *const allowed[] = {"from", "to", "route", "diameter", NULL};
    return run(o, allowed, "取替計画を読めません", act_plan);
}

static int sub_replace(const cli_opts *o)
{
    static const char *const allowed[] = {"tap",  "old-final",  "serial",          "new-start", "flush",
                                          "date", "contractor", "change-diameter", NULL};
    return run(o, allowed, "取替を登録できません", act_replace);
}

static int sub_receive(const cli_opts *o)
{
    static const char *const allowed[] = {"diameter", "maker", "serials", "expiry", "lot", "model", "digits",
                                          "date", "order", NULL};
    return run(o, allowed, "庫入できません", act_receive);
}

static int sub_issue(const cli_opts *o)
{
    static const char *const allowed[] = {"serial", "to", "date", NULL};
    return run(o, allowed, "庫出できません", act_issue);
}

static int sub_return(const cli_opts *o)
{
    static const char *const allowed[] = {"serial", "date", "note", NULL};
    return run(o, allowed, "返却を受けられません", act_return);
}

static int sub_move(const cli_opts *o)
{
    static const char *const allowed[] = {"serial", "to", "date", "expiry", "note", NULL};
    return run(o, allowed, "移せません", act_move);
}

static int sub_stock(const cli_opts *o)
{
    static const char *const allowed[] = {NULL};
    return run(o, allowed, "在庫を読めません", act_stock);
}

static int sub_order(const cli_opts *o)
{
    static const char *const allowed[] = {"diameter", "maker", "quantity", "model", "date", NULL};
    return run(o, allowed, "発注を登録できません", act_order);
}

static int sub_reorder(const cli_opts *o)
{
    static const char *const allowed[] = {"diameter", "point", NULL};
    return run(o, allowed, "発注点を設定できません", act_reorder);
}

int cmd_meter(int argc, char **argv)
{
    static const cli_sub SUBS[] = {
        {"receive", sub_receive}, {"issue", sub_issue}, {"return", sub_return}, {"move", sub_move}, {"stock", sub_stock},
        {"order", sub_order},     {"reorder", sub_reorder}, {"plan", sub_plan}, {"replace", sub_replace},
        {NULL, NULL},
    };
    static const char *const flags[] = {"help", "change-diameter", NULL};   /* options without a value */
    cli_opts o;
    int status;
    if (!cli_sub_begin(argc, argv, USAGE, flags, &o, &status))
        return status;
    for (const cli_sub *sub = SUBS; sub->name; sub++)
        if (strcmp(argv[0], sub->name) == 0)
            return sub->fn(&o);
    fprintf(stderr, "不明なサブコマンドです: %s\n\n%s", argv[0], USAGE);
    return 2;
}
