/* cmd_works — `suido works fee|fee-check`: the fees of service-connection
 * works (給水装置工事の加入金・手数料, docs/works-fee-format.md), printed as
 * JSON.  Pure: they read the fee tables named (or the shipped ones) and
 * nothing else (no configuration, no key file, no database). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/works/works_fee_demo.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "cli/cli.h"
#include "domain/works/works_fee.h"

#define MAX_TABLES 16

static const char USAGE[] =
    "使い方:\n"
    "  suido works fee --type new|remodel|removal|branch|complex --diameter MM [--old-diameter MM]\n"
    "                  [--dwellings N] [--date YYYY-MM-DD] [--table FILE …]\n"
    "      給水装置工事の加入金と手数料を計算し、JSON {\"kanyukin\": 円, \"fees\": [{\"code\",\"name\",\"yen\",\"tax\"}, …],\n"
    "      \"total\": 円, …} を表示します。--date（既定は今日）に効力のある版の表を使います。\n"
    "      種別: new 新設、remodel 改造（--old-diameter は改造前の口径。大きくする改造は差額、\n"
    "      小さくする・同じ口径は加入金なし）、removal 撤去、branch 分水、complex 特団（--dwellings は戸数、\n"
    "      --diameter は各戸の口径）。\n"
    "      --table は料金表ファイル（suido-works-fee/1）で、版ごとに何回でも指定できます。省略すると\n"
    "      同梱の表（works-fees/ の山峡市の表）を使います。\n"
    "  suido works fee-check FILE...\n"
    "      料金表ファイルを検査します。正しければ「FILE: OK (id, effective_from, N diameters, M fees)」、\n"
    "      誤りはキーと理由を標準エラーに表示し、終了コード 2 を返します。複数のファイルは同じ表の版として\n"
    "      id と effective_from が重ならないことも確かめます。\n"
    "  suido works contractors [--due DAYS] [--state STATE] [--csv]\n"
    "      指定給水装置工事事業者の一覧（--due: 有効期限まで DAYS 日以内）。データベースを使います。\n"
    "  suido works applications [--status S] [--type T] [--area CODE] [--from D] [--to D] [--overdue] [--csv]\n"
    "      工事申込の一覧（--overdue: 滞留しているもの）。データベースを使います。\n"
    "  suido works complete --application R8-00012 [--on YYYY-MM-DD]\n"
    "      完成検査に合格した申込を完了にし、水栓台帳・受付へ引き継ぎます。データベースを使います。\n"
    "  suido works settle --application R8-00012\n"
    "      工事申込の精算（追徴・還付）を JSON で表示します。データベースを使います。\n"
    "  fee と fee-check はデータベースを使いません。入力の誤りは、どの引数かを示して終了コード 2 を返します。\n"
    "  規則の詳細: docs/works-fee-format.md\n";

/* Parse one table's text; prints "LABEL: message" and returns false when it is refused. */
static bool parse_table(const char *label, const char *text, size_t len, works_fee_table *t)
{
    char err[400];
    if (works_fee_parse(text, len, t, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", label, err);
        return false;
    }
    return true;
}

static bool read_table(const char *label, const char *path, works_fee_table *t)
{
    size_t len = 0;
    char *text = cli_read_file(path, &len);
    if (!text) {
        fprintf(stderr, "%s%s: ファイルを読めません (%s)\n", label, path, strerror(errno));
        return false;
    }
    char where[300];
    str_fmt(where, sizeof where, "%s%s", label, path);
    bool ok = parse_table(where, text, len, t);
    free(text);
    return ok;
}

/* The tables: every --table in the order given, else the shipped ones.
 * Returns the count, 0 after printing why (*status: 2 bad input, 1 ours). */
static size_t load_tables(const cli_opts *o, works_fee_table *t, int *status)
{
    size_t n = 0;
    *status = 2;
    for (size_t i = 0; i < o->n; i++) {
        if (strcmp(o->names[i], "table") != 0)
            continue;
        if (n >= MAX_TABLES) {
            fprintf(stderr, "--table は %d 個までです。\n", MAX_TABLES);
            return 0;
        }
        if (!o->values[i] || !read_table("--table: ", o->values[i], &t[n]))
            return 0;
        n++;
    }
    if (n > 0)
        return n;
    for (const works_fee_file *f = WORKS_FEE_DEMO_FILES; f->name && n < MAX_TABLES; f++) {
        if (!parse_table(f->name, f->text, f->len, &t[n])) {
            *status = 1;   /* the shipped tables are checked by the tests: a bug */
            return 0;
        }
        n++;
    }
    return n;
}

/* The domain's field as the option that carries it ("old_diameter" -> "--old-diameter"). */
static void print_field_error(const err_t *e)
{
    char opt[64];
    str_copy(opt, sizeof opt, e->field);
    for (char *p = opt; *p; p++)
        if (*p == '_')
            *p = '-';
    fprintf(stderr, "--%s: %s\n", opt, e->user);
}

static void write_quote(jsonw *w, const void *q)
{
    works_fee_quote_json(w, q);
}

static int do_fee(const cli_opts *o)
{
    static const char *const allowed[] = {"type", "diameter", "old-diameter", "dwellings", "date", "table", NULL};
    static const char *const single[] = {"type", "diameter", "old-diameter", "dwellings", "date", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, single))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n\n%s", o->args[0], USAGE);
        return 2;
    }
    const char *type = cli_get(o, "type");
    if (!type) {
        fprintf(stderr, "--type（申込種別: new・remodel・removal・branch・complex）を指定してください。\n");
        return 2;
    }
    works_fee_request rq = {.date = date_today_jst()};
    int ty = works_type_parse(type);
    if (ty < 0) {
        fprintf(stderr, "--type は new（新設）・remodel（改造）・removal（撤去）・branch（分水）・complex（特団）の"
                        "いずれかで指定してください（指定値: %s）\n", type);
        return 2;
    }
    rq.type = (works_type)ty;
    if (!cli_get(o, "diameter")) {
        fprintf(stderr, "--diameter（口径、mm）を指定してください。\n");
        return 2;
    }
    long long dia, old, dwellings;
    if (!cli_int(o, "diameter", 0, 1, WORKS_FEE_MAX_DIAMETER, &dia) ||
        !cli_int(o, "old-diameter", 0, 1, WORKS_FEE_MAX_DIAMETER, &old) ||
        !cli_int(o, "dwellings", 0, 1, WORKS_FEE_MAX_DWELLINGS, &dwellings) || !cli_date(o, "date", false, &rq.date))
        return 2;
    rq.diameter = (int)dia;
    rq.old_diameter = (int)old;
    rq.dwellings = (int)dwellings;
    works_fee_table *t = malloc(MAX_TABLES * sizeof *t);
    works_fee_quote *q = malloc(sizeof *q);
    int status = 1;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (!t || !q)
        fprintf(stderr, "メモリが足りません。\n");
    else if ((n = load_tables(o, t, &status)) == 0)
        ;   /* load_tables said why */
    else if (works_fee_quote_for(t, n, &rq, q, &e) != 0) {
        print_field_error(&e);
        status = 2;
    } else {
        cli_print_json(write_quote, q);
        status = 0;
    }
    free(t);
    free(q);
    return status;
}

static int do_fee_check(const cli_opts *o)
{
    if (o->nargs == 0 || o->n) {
        fputs(USAGE, stderr);
        return 2;
    }
    if (o->nargs > MAX_TABLES) {
        fprintf(stderr, "一度に検査できるのは %d ファイルまでです。\n", MAX_TABLES);
        return 2;
    }
    works_fee_table *t = malloc(o->nargs * sizeof *t);
    if (!t) {
        fprintf(stderr, "メモリが足りません。\n");
        return 1;
    }
    int status = 0;
    for (size_t i = 0; i < o->nargs; i++) {
        if (!read_table("", o->args[i], &t[i])) {
            status = 2;
            continue;
        }
        char from[11];
        date_format_iso(t[i].effective_from, from);
        printf("%s: OK (%s, %s, %d diameters, %d %s)\n", o->args[i], t[i].id, from, t[i].kanyukin.n, t[i].nfees,
               t[i].nfees == 1 ? "fee" : "fees");
    }
    char err[400];
    if (status == 0 && works_fee_versions_check(t, o->nargs, err, sizeof err) != 0) {
        fprintf(stderr, "版の組み合わせ: %s\n", err);
        status = 2;
    }
    free(t);
    return status;
}

int cmd_works(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "contractors") == 0)   /* cmd_works_contractor.c: flags of its own */
        return cli_works_contractors(argc, argv);
    if (argc >= 1 && strcmp(argv[0], "applications") == 0)   /* cmd_works_application.c */
        return cli_works_applications(argc, argv);
    if (argc >= 1 && strcmp(argv[0], "complete") == 0)   /* cmd_works_complete.c */
        return cli_works_complete(argc, argv);
    if (argc >= 1 && strcmp(argv[0], "settle") == 0)   /* cmd_works_application.c */
        return cli_works_settle(argc, argv);
    static const cli_sub SUBS[] = {{"fee", do_fee}, {"fee-check", do_fee_check}, {NULL, NULL}};
    return cli_subcommand(argc, argv, USAGE, SUBS);
}
