/* cmd_payment_report — `suido payment daily` (日計表 as TSV, PDF or Excel) and
 * `suido payment journal` (仕訳 CSV for the finance system), listed in the
 * subcommand table of cmd_payment.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/collect/app_daily.h"
#include "cli/cli.h"
#include "report/daily_pdf.h"
#include "report/daily_xlsx.h"

static const char USAGE_DAILY[] =
    "使い方: suido payment daily --date YYYY-MM-DD [--pdf ファイル] [--xlsx ファイル]\n"
    "  計上日の収納日計表（経路別の件数・収納額・水道料金・下水道使用料・消費税等・過誤納・未消込と検算）。\n"
    "  --pdf / --xlsx を付けないときは TSV で標準出力に表示します。検算が一致しないときは終了コード 3。\n";
static const char USAGE_JOURNAL[] =
    "使い方: suido payment journal --from YYYY-MM-DD --to YYYY-MM-DD --out ファイル\n"
    "                             [--encoding utf8|utf8bom|cp932] [--detail ファイル]\n"
    "  期間の仕訳データ（計上日・区分・勘定科目ごとの借方／貸方）を CSV で書き出します（既定 utf8bom）。\n"
    "  科目は設定ファイルの [journal] で指定します。--detail は調定ごとの消込明細の CSV です。\n";

static void tsv_row(const char *code, const char *label, const daily_line *l)
{
    printf("%s\t%s\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\n", code, label, (long long)l->count,
           (long long)l->reversals, (long long)l->amount, (long long)l->water, (long long)l->sewer, (long long)l->tax,
           (long long)l->credit, (long long)l->suspense);
}

static void print_tsv(const app_daily *d)
{
    const daily_table *t = &d->t;
    puts("区分コード\t区分\t件数\tうち取消\t収納額\t水道料金\t下水道使用料\t消費税等\t過誤納\t未消込");
    for (size_t i = 0; i < t->n; i++)
        tsv_row(t->rows[i].channel, app_daily_row_label(t->rows[i].channel), &t->rows[i]);
    tsv_row("total", "収納計", &t->receipts);
    tsv_row(DAILY_SETOFF, "過誤納充当", &t->setoff);
    printf("suspense\t未消込\t発生\t%lld\t消込\t%lld\n", (long long)t->suspense_in, (long long)t->suspense_out);
    printf("credit\t過誤納\t発生\t%lld\t取消\t%lld\t充当\t%lld\t還付\t%lld\t%lld\n", (long long)t->credit_over,
           (long long)t->credit_reversal, (long long)t->credit_setoff, (long long)t->credit_refund,
           (long long)t->refund_count);
    printf("late\t延滞金・督促手数料\t%lld\t%lld\n", (long long)t->receipts.late, (long long)t->late_count);
    printf("kanyukin\t加入金（工事）\t%lld\t%lld\n", (long long)t->receipts.kanyukin, (long long)t->receipts.kanyukin_tax);
    printf("works_fee\t工事手数料\t%lld\t%lld\n", (long long)t->receipts.works_fee, (long long)t->receipts.works_fee_tax);
    printf("works_refund\t工事還付\t%lld\t%lld\n", (long long)(t->works_refund_kanyukin + t->works_refund_fee),
           (long long)t->works_refund_count);
    printf("check\t検算\t%s\t%lld\t%lld\t%lld\t%lld\n", t->balanced ? "一致" : "不一致", (long long)t->check_in,
           (long long)t->check_out, (long long)t->check_parts, (long long)t->check_setoff);
}

int cli_payment_daily(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"date", "pdf", "xlsx", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "date")) {
        fputs(USAGE_DAILY, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_daily *d = malloc(sizeof *d);
    int rc = d ? app_daily_totals(&s.ctx, cli_get(&o, "date"), d, &e)
               : err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
    char msg[300];
    if (rc)
        cli_err("日計表を作成できません", &e);
    if (!rc && cli_get(&o, "pdf")) {
        if (daily_pdf_write(d, cli_get(&o, "pdf"), msg, sizeof msg)) {
            fprintf(stderr, "%s\n", msg);
            rc = ERR_IO;
        } else
            printf("日計表（PDF）: %s\n", cli_get(&o, "pdf"));
    }
    if (!rc && cli_get(&o, "xlsx")) {
        if (daily_xlsx_write(d, cli_get(&o, "xlsx"), msg, sizeof msg)) {
            fprintf(stderr, "%s\n", msg);
            rc = ERR_IO;
        } else
            printf("日計表（Excel）: %s\n", cli_get(&o, "xlsx"));
    }
    if (!rc && !cli_get(&o, "pdf") && !cli_get(&o, "xlsx"))
        print_tsv(d);
    bool balanced = !rc && d->t.balanced;
    if (!rc && !balanced)
        fprintf(stderr, "検算が一致しません（収納額 %lld 円、消込等 %lld 円）。\n", (long long)d->t.check_in,
                (long long)d->t.check_out);
    free(d);
    cli_close(&s);
    return rc == ERR_INVALID ? 2 : rc ? 1 : balanced ? 0 : 3;
}

/* Write buf to path through a temporary file renamed into place, so that a
 * killed run leaves the old file or the whole new one. */
static int write_whole(const char *path, const buf_t *b)
{
    char tmp[4096];
    str_fmt(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return -1;
    bool ok = fwrite(b->data, 1, b->len, f) == b->len;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return -1;
    }
    return 0;
}

int cli_payment_journal(int argc, char **argv)
{
    static const char *const flags[] = {NULL};
    static const char *const allowed[] = {"from", "to", "out", "encoding", "detail", NULL};
    cli_opts o;
    if (!cli_parse(argc, argv, flags, &o) || !cli_only(&o, allowed))
        return 2;
    if (!cli_get(&o, "from") || !cli_get(&o, "to") || !cli_get(&o, "out")) {
        fputs(USAGE_JOURNAL, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    buf_t csv, det;
    buf_init(&csv, 0);
    buf_init(&det, 0);
    size_t lines = 0;
    int rc = app_journal(&s.ctx, cli_get(&o, "from"), cli_get(&o, "to"), &csv, cli_get(&o, "encoding"), &lines, &e);
    if (!rc && cli_get(&o, "detail"))
        rc = app_journal_detail(&s.ctx, cli_get(&o, "from"), cli_get(&o, "to"), &det, cli_get(&o, "encoding"), &e);
    if (rc)
        cli_err("仕訳データを作成できません", &e);
    if (!rc && write_whole(cli_get(&o, "out"), &csv) != 0) {
        fprintf(stderr, "ファイルを書き込めません: %s\n", cli_get(&o, "out"));
        rc = ERR_IO;
    }
    if (!rc && cli_get(&o, "detail") && write_whole(cli_get(&o, "detail"), &det) != 0) {
        fprintf(stderr, "ファイルを書き込めません: %s\n", cli_get(&o, "detail"));
        rc = ERR_IO;
    }
    if (!rc)
        printf("仕訳データ: %s（%zu 行）\n", cli_get(&o, "out"), lines);
    buf_free(&csv);
    buf_free(&det);
    cli_close(&s);
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}
