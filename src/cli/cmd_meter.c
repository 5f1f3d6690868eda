/* cmd_meter — `suido meter receive|issue|return|move|stock|order|reorder`: the
 * meter stock at the field office's command line (docs/meters.md).  Each
 * calls the same use case as the screens (app/meter/app_meter_stock.h);
 * a refusal names the option (exit 2), other failures exit 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    "  終了コード: 0 成功、1 エラー、2 入力の誤り（どのオプションかを示します）。\n";

/* The option a field of the use cases is typed in. */
static const char *option_of(const char *field)
{
    static const struct { const char *field, *option; } MAP[] = {
        {"received_on", "date"}, {"on", "date"}, {"ordered_on", "date"}, {"expiry", "expiry"}, {NULL, NULL},
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
        {"order", sub_order},     {"reorder", sub_reorder}, {NULL, NULL},
    };
    return cli_subcommand(argc, argv, USAGE, SUBS);
}
