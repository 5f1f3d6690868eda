/* cmd_slip — `suido slip --bill ID --out FILE.pdf`: a payment slip (納付書). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "report/slip_pdf.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido slip --bill ID --out FILE.pdf\n"
    "      調定の納付書（GS1-128 バーコード付き）を PDF で作成し、バーコードの44桁を表示します。\n"
    "  suido slip --cycle YYYY-MM --out FILE.pdf\n"
    "      その周期の納付できる調定すべての納付書を1つの PDF にし、枚数と所要時間を表示します。\n"
    "      コンビニ収納の企業コードは [collection] company_code、事業者名は [utility] name で設定します。\n";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A cycle's slips in one PDF. */
static int print_cycle(const char *cycle, const char *out)
{
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_slip *slips = NULL;
    size_t n = 0, skipped = 0;
    double t0 = now_s();
    int rc = app_slips_cycle(&s.ctx, cycle, &slips, &n, &skipped, &e);
    double t1 = now_s();
    char msg[300];
    if (rc) {
        cli_err("納付書を作成できません", &e);
    } else if (slip_pdf_write(slips, n, out, msg, sizeof msg) != 0) {
        fprintf(stderr, "納付書を作成できません: %s\n", msg);
        rc = 1;
    } else {
        double t2 = now_s();
        printf("%s: %zu slips (%zu bills not payable by slip), gathered %.3f s, rendered %.3f s (%.0f slips/s)\n", out,
               n, skipped, t1 - t0, t2 - t1, (t2 - t1) > 0 ? (double)n / (t2 - t1) : 0.0);
    }
    free(slips);
    cli_close(&s);
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

int cmd_slip(int argc, char **argv)
{
    static const char *const flags[] = {"help", NULL};
    static const char *const allowed[] = {"help", "bill", "cycle", "out", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    long long id = 0;
    if (cli_has(&o, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (cli_get(&o, "cycle") && cli_get(&o, "out") && !cli_get(&o, "bill"))
        return print_cycle(cli_get(&o, "cycle"), cli_get(&o, "out"));
    if (!cli_get(&o, "out") || !cli_int(&o, "bill", 0, 1, INT64_MAX, &id) || id < 1) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_slip slip;
    int rc = app_slip_get(&s.ctx, id, &slip, &e);
    char msg[300];
    if (rc)
        cli_err("納付書を作成できません", &e);
    else if (slip_pdf_write(&slip, 1, cli_get(&o, "out"), msg, sizeof msg) != 0) {
        fprintf(stderr, "納付書を作成できません: %s\n", msg);
        rc = 1;
    } else
        printf("%s\n", slip.code);
    cli_close(&s);
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}
