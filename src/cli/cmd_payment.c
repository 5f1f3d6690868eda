/* cmd_payment — `suido payment ...`: money in (収納) from the command line.
 *
 * The subcommands are a table: this file has posting, reversal, the account
 * of a tap, set-off, refund requests and suspense; result-file imports,
 * counter receipts and the daily reports live in their own files
 * (cmd_payment_*.c) and are listed here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/collect/app_payment.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "cli/cli.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido payment post (--bill ID | --tap NO) --amount 円 --channel 経路 --paid-on YYYY-MM-DD\n"
    "                     [--posted-on YYYY-MM-DD] [--ref 識別番号] [--exact] [--note 文]\n"
    "      入金を計上して消込します。経路: debit cvs app card counter bank。--bill は調定に、--tap は\n"
    "      未納の古い調定から順に充て、残りは過誤納（預り）にします。--exact は調定の未納額と一致しない\n"
    "      入金を未消込にします。同じ経路・識別番号の入金は二重に計上されません。\n"
    "  suido payment reverse --channel 経路 --ref 識別番号 [--posted-on D] [--note 文]   入金の取消\n"
    "  suido payment account --tap NO   水栓の収納状況（調定額・収納額・未納額・過誤納・入金一覧）を JSON で表示\n"
    "  suido payment list --date YYYY-MM-DD   その計上日の入金を1行ずつ（ID 経路 水栓 調定 金額 充当 過誤納）\n"
    "  suido payment setoff --tap NO [--bill ID]   過誤納を未納の調定に充当します。\n"
    "  suido payment suspense [--status open|resolved|cancelled]   未消込の入金の一覧\n"
    "  suido payment resolve --id ID (--bill ID | --tap NO) --note 理由   未消込の入金を消込します。\n"
    "  suido payment daily --date YYYY-MM-DD [--pdf F] [--xlsx F]   収納日計表（TSV / PDF / Excel）\n"
    "  suido payment journal --from D --to D --out F [--encoding utf8|utf8bom|cp932]   仕訳データ（CSV）\n"
    "  suido payment import [--profile standard|standard-app] ファイル   コンビニ・スマホ決済の収納データ（速報・確報・取消）\n"
    "  suido payment card ファイル   クレジットカードの売上結果（OK は計上、NG は件数のみ）\n"
    "  suido payment counter --tap NO [--bill ID] --amount 円 [--receipt F.pdf]   窓口収納と領収書\n"
    "  (還付の依頼と承認は画面から行います。)\n";

typedef int (*sub_fn)(int argc, char **argv);

static void print_out(const app_pay_out *o)
{
    if (o->duplicate)
        printf("計上済み（二重計上しません）: 入金 %lld\n", (long long)o->payment_id);
    else if (o->suspense_id)
        printf("未消込: 入金 %lld（未消込 %lld、理由: %s）\n", (long long)o->payment_id, (long long)o->suspense_id,
               app_suspense_label(o->reason));
    else
        printf("入金 %lld: 充当 %lld 円、過誤納 %lld 円\n", (long long)o->payment_id, (long long)o->allocated,
               (long long)o->credited);
}

static int exit_code(int rc)
{
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

static int sub_post(int argc, char **argv)
{
    static const char *const flags[] = {"exact", NULL};
    static const char *const allowed[] = {"bill", "tap", "amount", "channel", "paid-on", "posted-on", "ref", "exact",
                                          "note", NULL};
    cli_opts o;
    long long bill = 0, amount = 0;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) || !cli_int(&o, "bill", 0, 0, INT64_MAX, &bill) ||
        !cli_int(&o, "amount", 0, 1, 99999999999LL, &amount))
        return 2;
    if (amount < 1 || !cli_get(&o, "channel") || !cli_get(&o, "paid-on") || (bill == 0 && !cli_get(&o, "tap"))) {
        fputs(USAGE, stderr);
        return 2;
    }
    char ref[64];
    if (cli_get(&o, "ref"))
        str_copy(ref, sizeof ref, cli_get(&o, "ref"));
    else {
        char rnd[17];
        crypto_random_hex(rnd, 8);
        str_fmt(ref, sizeof ref, "manual-%lld-%s", (long long)date_now_unix(), rnd);
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_pay_in in = {.channel = cli_get(&o, "channel"), .bill_id = bill, .tap_no = cli_get(&o, "tap"),
                     .amount = amount, .paid_on = cli_get(&o, "paid-on"), .posted_on = cli_get(&o, "posted-on"),
                     .ref = ref, .exact = cli_has(&o, "exact"), .note = cli_get(&o, "note")};
    app_pay_out out;
    err_t e;
    err_clear(&e);
    int rc = app_payment_post(&s.ctx, &in, &out, &e);
    if (rc)
        cli_err("入金を計上できません", &e);
    else
        print_out(&out);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_reverse(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"channel", "ref", "posted-on", "note", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "channel") || !cli_get(&o, "ref")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    int64_t rid = 0;
    bool already = false;
    int rc = app_payment_reverse(&s.ctx, cli_get(&o, "channel"), cli_get(&o, "ref"), cli_get(&o, "posted-on"),
                                 cli_get(&o, "note"), &rid, &already, &e);
    if (rc)
        cli_err("入金を取り消せません", &e);
    else
        printf(already ? "取消済み: 入金 %lld\n" : "取消: 入金 %lld\n", (long long)rid);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_account(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"tap", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "tap")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_account a;
    int rc = app_account_get(&s.ctx, cli_get(&o, "tap"), &a, &e);
    if (rc)
        cli_err("収納状況を表示できません", &e);
    else {
        buf_t b;
        buf_init(&b, 0);
        jsonw w;
        jsonw_begin(&w, &b);
        jsonw_object(&w);
        jsonw_kv_int(&w, "billed", a.billed);
        jsonw_kv_int(&w, "paid", a.paid);
        jsonw_kv_int(&w, "balance", a.balance);
        jsonw_kv_int(&w, "overdue", a.overdue);
        jsonw_kv_int(&w, "open_bills", a.open_bills);
        jsonw_kv_int(&w, "pending", a.pending);
        jsonw_kv_int(&w, "credit", a.credit);
        jsonw_key(&w, "payments");
        jsonw_array(&w);
        for (size_t i = 0; i < a.n; i++) {
            const app_payment *p = &a.payments[i];
            jsonw_object(&w);
            jsonw_kv_int(&w, "id", p->id);
            jsonw_kv_string(&w, "channel", p->channel);
            jsonw_kv_string(&w, "status", p->status);
            jsonw_kv_int(&w, "amount", p->amount);
            jsonw_kv_int(&w, "bill", p->bill_id);
            jsonw_kv_string(&w, "paid_on", p->paid_on);
            jsonw_kv_string(&w, "posted_on", p->posted_on);
            jsonw_kv_string(&w, "ref", p->ref);
            jsonw_kv_int(&w, "allocated", p->allocated);
            jsonw_kv_int(&w, "credited", p->credited);
            jsonw_kv_int(&w, "reversed_by", p->reversed_by);
            jsonw_kv_int(&w, "reverses", p->reverses);
            jsonw_kv_string(&w, "receipt_no", p->receipt_no);
            jsonw_kv_string(&w, "note", p->note);
            jsonw_end_object(&w);
        }
        jsonw_end_array(&w);
        jsonw_end_object(&w);
        puts(buf_cstr(&b));
        buf_free(&b);
        app_account_free(&a);
    }
    cli_close(&s);
    return exit_code(rc);
}

static int sub_list(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"date", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "date")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_payment *rows = NULL;
    size_t n = 0;
    int rc = app_payment_list_day(&s.ctx, cli_get(&o, "date"), &rows, &n, &e);
    if (rc)
        cli_err("入金の一覧を表示できません", &e);
    for (size_t i = 0; !rc && i < n; i++)
        printf("%lld\t%s\t%s\t%lld\t%lld\t%lld\t%lld\t%s\n", (long long)rows[i].id, rows[i].channel, rows[i].status,
               (long long)rows[i].bill_id, (long long)rows[i].amount, (long long)rows[i].allocated,
               (long long)rows[i].credited, rows[i].ref);
    free(rows);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_setoff(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"tap", "bill", NULL};
    cli_opts o;
    long long bill = 0;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) || !cli_int(&o, "bill", 0, 0, INT64_MAX, &bill))
        return 2;
    if (!cli_get(&o, "tap")) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    int64_t applied = 0;
    int rc = app_credit_setoff(&s.ctx, cli_get(&o, "tap"), bill, &applied, &e);
    if (rc)
        cli_err("充当できません", &e);
    else
        printf("充当 %lld 円\n", (long long)applied);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_suspense(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"status", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_suspense *rows = NULL;
    size_t n = 0;
    int rc = app_suspense_list(&s.ctx, cli_get(&o, "status"), &rows, &n, &e);
    if (rc)
        cli_err("未消込の一覧を表示できません", &e);
    for (size_t i = 0; !rc && i < n; i++)
        printf("%lld\t%s\t%s\t%lld\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].channel, rows[i].paid_on,
               (long long)rows[i].amount, rows[i].reason, rows[i].ref, rows[i].detail);
    free(rows);
    cli_close(&s);
    return exit_code(rc);
}

static int sub_resolve(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"id", "bill", "tap", "note", NULL};
    cli_opts o;
    long long id = 0, bill = 0;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed) || !cli_int(&o, "id", 0, 0, INT64_MAX, &id) ||
        !cli_int(&o, "bill", 0, 0, INT64_MAX, &bill))
        return 2;
    if (id < 1) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_pay_out out;
    int rc = app_suspense_resolve(&s.ctx, id, bill, cli_get(&o, "tap"), cli_get(&o, "note"), &out, &e);
    if (rc)
        cli_err("消込できません", &e);
    else
        print_out(&out);
    cli_close(&s);
    return exit_code(rc);
}

static const struct {
    const char *name;
    sub_fn fn;
} SUBCOMMANDS[] = {
    {"post", sub_post},
    {"reverse", sub_reverse},
    {"account", sub_account},
    {"list", sub_list},
    {"setoff", sub_setoff},
    {"suspense", sub_suspense},
    {"resolve", sub_resolve},
    {"daily", cli_payment_daily},
    {"journal", cli_payment_journal},
    {"import", cli_payment_import},
    {"card", cli_payment_card},
    {"counter", cli_payment_counter},
};

int cmd_payment(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
        fputs(USAGE, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof SUBCOMMANDS / sizeof SUBCOMMANDS[0]; i++)
        if (strcmp(SUBCOMMANDS[i].name, argv[0]) == 0)
            return SUBCOMMANDS[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "不明なサブコマンドです: payment %s\n\n%s", argv[0], USAGE);
    return 2;
}
