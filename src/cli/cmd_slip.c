/* cmd_slip — `suido slip --bill ID --out FILE.pdf`: a payment slip (納付書). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/csv.h"
#include "base/date.h"
#include "cli/cli.h"
#include "report/slip_csv.h"
#include "report/slip_pdf.h"
#include "app/billing/app_bill.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido slip --bill ID --out FILE.pdf [--reissue]\n"
    "      調定の納付書（GS1-128 バーコード付き）を PDF で作成し、バーコードの44桁を表示します。\n"
    "      --reissue は再発行（再発行区分 +1）。納期限を過ぎた納付書には新しい納期限が付きます。\n"
    "  suido slip --cycle YYYY-MM --out FILE.pdf\n"
    "      その周期の納付できる調定すべての納付書を1つの PDF にし、枚数と所要時間を表示します。\n"
    "  suido slip --cycle YYYY-MM --csv FILE.csv [--encoding utf8bom|utf8|cp932]\n"
    "      同じ納付書を印刷業者向けの CSV（印字項目とバーコード44桁）で書き出します。\n"
    "      コンビニ収納の企業コードは [collection] company_code、事業者名は [utility] name で設定します。\n";

/* A slip's row on the way to the print vendor's CSV. */
static int csv_row(const app_slip *slip, void *arg, err_t *e)
{
    if (!slip_csv_add(arg, slip))
        return err_set(e, ERR_INVALID, NULL, "CSV を書き出せません（ディスクの空き不足など）。",
                       "slip csv row of tap %s", slip->tap_no);
    return 0;
}

/* A cycle's slips as the print vendor's CSV, written as they are read. */
static int csv_cycle(const char *cycle, const char *csv, int encoding)
{
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    size_t n = 0, skipped = 0;
    slip_csv_file f;
    int rc;
    if (!slip_csv_open(&f, csv, encoding)) {
        fprintf(stderr, "CSV を書き出せません: %s\n", csv);
        rc = 1;
    } else {
        rc = app_slips_cycle_each(&s.ctx, cycle, csv_row, &f, &n, &skipped, &e);
        if (rc)
            cli_err("納付書を作成できません", &e);
        if (!slip_csv_close(&f, rc == 0) && !rc) {
            fprintf(stderr, "CSV を書き出せません: %s\n", csv);
            rc = 1;
        }
        if (!rc)
            printf("%s: %zu slips (%zu bills not payable by slip)\n", csv, n, skipped);
    }
    cli_close(&s);
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
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
    double t0 = date_mono_seconds();
    int rc = app_slips_cycle(&s.ctx, cycle, &slips, &n, &skipped, &e);
    double t1 = date_mono_seconds();
    char msg[300];
    if (rc) {
        cli_err("納付書を作成できません", &e);
    } else if (slip_pdf_write(slips, n, out, msg, sizeof msg) != 0) {
        fprintf(stderr, "納付書を作成できません: %s\n", msg);
        rc = 1;
    } else {
        double t2 = date_mono_seconds();
        printf("%s: %zu slips (%zu bills not payable by slip), gathered %.3f s, rendered %.3f s (%.0f slips/s)\n", out,
               n, skipped, t1 - t0, t2 - t1, (t2 - t1) > 0 ? (double)n / (t2 - t1) : 0.0);
    }
    free(slips);
    cli_close(&s);
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

int cmd_slip(int argc, char **argv)
{
    static const char *const flags[] = {"help", "reissue", NULL};
    static const char *const allowed[] = {"help", "bill", "cycle", "out", "csv", "encoding", "reissue", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    long long id = 0;
    if (cli_has(&o, "help")) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (cli_get(&o, "cycle") && (cli_get(&o, "out") || cli_get(&o, "csv")) && !cli_get(&o, "bill")) {
        int enc = csv_encoding_parse(cli_get(&o, "encoding") ? cli_get(&o, "encoding") : "utf8bom");
        if (enc < 0) {
            fputs("--encoding は utf8bom・utf8・cp932 のいずれかです。\n", stderr);
            return 2;
        }
        return cli_get(&o, "csv") ? csv_cycle(cli_get(&o, "cycle"), cli_get(&o, "csv"), enc)
                                  : print_cycle(cli_get(&o, "cycle"), cli_get(&o, "out"));
    }
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
    int rc = cli_has(&o, "reissue") ? app_slip_reissue(&s.ctx, id, &slip, &e) : app_slip_get(&s.ctx, id, &slip, &e);
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
