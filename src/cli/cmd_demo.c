/* cmd_demo — `suido demo`: build the demo city. */
#include <stdio.h>
#include <time.h>

#include "base/stop.h"
#include "cli/cli.h"
#include "app/app_operator.h"
#include "app/meter/app_meter_demo.h"

static void progress(int64_t done, int64_t total, void *arg)
{
    (void)arg;
    fprintf(stderr, "\r水栓 %lld / %lld 件 (%lld%%)", (long long)done, (long long)total,
            (long long)(done * 100 / (total ? total : 1)));
    if (done == total)
        fputc('\n', stderr);
}

static void bill_progress(const char *cycle, void *arg)
{
    (void)arg;
    fprintf(stderr, "\r調定 %s", cycle);
}

static void pay_progress(const char *cycle, void *arg)
{
    (void)arg;
    fprintf(stderr, "\r入金 %s", cycle);
}

/* The payment history of the demo city (each cycle a transaction; a rerun
 * goes on from the first cycle not posted). */
static int payments(cli_session *s, long long seed, err_t *e)
{
    int64_t posted = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = app_demo_payment_history(&s->ctx, (uint64_t)seed, pay_progress, NULL, &posted, e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fputc('\n', stderr);
    long long ms = (long long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    if (rc)
        cli_err("過去の入金を作成できません（suido demo --continue-payments --seed S で続きから作成します）", e);
    else
        printf("demo payments: %lld payments posted up to yesterday, %lld.%03lld s\n", (long long)posted, ms / 1000,
               ms % 1000);
    return rc;
}

int cmd_demo(int argc, char **argv)
{
    static const char *const FLAGS[] = {"help", "leave-current-unread", "no-bills", "no-payments", "no-tariffs",
                                        "continue-payments", NULL};
    static const char *const ALLOWED[] = {"help", "taps", "years", "seed", "leave-current-unread", "no-bills", "no-payments",
                                          "no-tariffs", "continue-payments", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, FLAGS, &o) || !cli_only(&o, ALLOWED))
        return 2;
    if (cli_has(&o, "help")) {
        puts("使い方: suido demo --taps N [--years Y] [--seed S] [--leave-current-unread] [--no-bills] [--no-payments] [--no-tariffs]\n"
             "       suido demo --continue-payments [--seed S]\n\n"
             "架空の市「山峡市」のデモデータ（町丁目、水栓、使用者と使用期間の履歴、デモ職員）を作成します。\n"
             "同じ --seed からは同じ市ができます。空のデータベースにのみ作成できます（1トランザクション）。\n"
             "  --taps   水栓数 (1–2000000)\n  --years  履歴の年数 (0–15, default 0)\n  --seed   乱数の種 (default 1)\n"
             "  --leave-current-unread  今月の検針を未入力のままにする（既定では約半数の検針区が入力済み）\n"
             "  --no-bills  過去の検針周期の調定を作成しない（既定では今月より前の全周期を調定処理します。\n"
             "              料金表は山峡市の水道・下水道料金表が登録されます）\n"
             "  --no-payments  過去の入金（口座振替・コンビニ・カード等、一部の未納・過誤納・未消込を含む）を作成しない\n"
             "  --no-tariffs  料金表を登録しない（調定もしません。suido tariff load で登録します）\n"
             "  --continue-payments  作成途中で止まったデモ都市の過去の入金を、入金済みでない周期から作成する\n"
             "              （--seed は作成時と同じもの。--taps は不要）\n"
             "デモ職員: admin (管理者), kakaricho (係長), tanto (担当), kenshin (検針), etsuran (閲覧),\n"
             "kansa (監査), koji (工事) — password " APP_DEMO_PASSWORD);
        return 0;
    }
    long long taps, years, seed;
    if (cli_has(&o, "continue-payments")) {
        if (!cli_int(&o, "seed", 1, 0, 0x7fffffffffffffffLL, &seed))
            return 2;
        cli_session s;
        if (!cli_open(&s, true, true))
            return 1;
        err_t e;
        err_clear(&e);
        stop_watch_signals();   /* SIGTERM / SIGINT: stop between cycles */
        int rc = payments(&s, seed, &e);
        cli_close(&s);
        return rc == ERR_STOPPED ? CLI_EXIT_STOPPED : rc ? 1 : 0;
    }
    if (!cli_has(&o, "taps")) {
        fprintf(stderr, "--taps を指定してください（例: suido demo --taps 5000）\n");
        return 2;
    }
    if (!cli_int(&o, "taps", 0, 1, 2000000, &taps) || !cli_int(&o, "years", 0, 0, 15, &years) ||
        !cli_int(&o, "seed", 1, 0, 0x7fffffffffffffffLL, &seed))
        return 2;
    cli_session s;
    if (!cli_open(&s, true, true))
        return 1;
    app_demo_opts d = {.taps = taps, .years = (int)years, .seed = (uint64_t)seed, .progress = progress,
                       .leave_current_unread = cli_has(&o, "leave-current-unread"),
                       .no_tariffs = cli_has(&o, "no-tariffs")};
    err_t e;
    err_clear(&e);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    stop_watch_signals();   /* SIGTERM / SIGINT: the city is one transaction; bills and payments stop between units */
    int rc = app_demo_generate(&s.ctx, &d, &e);
    if (!rc)   /* the meter stock: orders, lots received, lent, counted (each through its use case) */
        rc = app_meter_demo_stock(&s.ctx, (uint64_t)seed, (int)years, taps, &e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc)
        cli_err("デモ都市を作成できません", &e);
    else
    {
        long long ms = (long long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        printf("demo city: %lld taps, %lld years of history, seed %lld, %lld.%03lld s\n", taps, years, seed,
               ms / 1000, ms % 1000);
        fflush(stdout);
        if (!cli_has(&o, "no-bills") && !cli_has(&o, "no-tariffs")) {
            clock_gettime(CLOCK_MONOTONIC, &t0);
            rc = app_demo_bill_history(&s.ctx, bill_progress, NULL, &e);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            fputc('\n', stderr);
            ms = (long long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
            if (rc)
                cli_err("過去の調定を作成できません（suido bill run --cycle で続きを実行できます）", &e);
            else
                printf("demo bills: every cycle before this month billed, %lld.%03lld s\n", ms / 1000, ms % 1000);
            if (!rc && !cli_has(&o, "no-payments"))
                rc = payments(&s, seed, &e);
        }
    }
    cli_close(&s);
    return rc == ERR_STOPPED ? CLI_EXIT_STOPPED : rc ? 1 : 0;
}
