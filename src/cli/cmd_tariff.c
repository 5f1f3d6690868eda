/* cmd_tariff — `suido tariff check|quote|load|list`: tariff files
 * (docs/tariff-format.md).  check and quote read files only (no database). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "cli/cli.h"
#include "domain/tariff.h"
#include "app/billing/app_tariff.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido tariff check FILE...\n"
    "      料金表ファイルを検査します。正しければ「FILE: OK (id, service, effective_from, N classes)」、\n"
    "      誤りはキーと理由を標準エラーに表示し、終了コード 2 を返します。\n"
    "  suido tariff quote --tariff FILE --use USE --diameter MM --usage M3 [--months N] [--days D]\n"
    "      料金を試算し、内訳を JSON で表示します（total と tax は円）。--months の既定は料金表の期間、\n"
    "      --days は使用日数（開始・中止の日割り、partial_period）です。\n"
    "  suido tariff load FILE    料金表をデータベースに登録します（監査ログに記録）。\n"
    "  suido tariff list         登録済みの料金表の版を表示します（* は適用中）。\n";

static bool load_file(const char *path, tariff *t, char **text, size_t *len)
{
    *text = cli_read_file(path, len);
    if (!*text) {
        fprintf(stderr, "%s: ファイルを読めません (%s)\n", path, strerror(errno));
        return false;
    }
    char err[400];
    if (tariff_parse(*text, *len, t, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", path, err);
        free(*text);
        *text = NULL;
        return false;
    }
    return true;
}

static int do_check(const cli_opts *o)
{
    if (o->nargs == 0 || o->n) {
        fputs(USAGE, stderr);
        return 2;
    }
    tariff *t = malloc(sizeof *t);
    int status = 0;
    for (size_t i = 0; t && i < o->nargs; i++) {
        char *text = NULL;
        size_t len = 0;
        if (!load_file(o->args[i], t, &text, &len)) {
            status = 2;
            continue;
        }
        printf("%s: OK (%s, %s, %s, %d %s)\n", o->args[i], t->id, t->service, t->effective_from, t->nclasses,
               t->nclasses == 1 ? "class" : "classes");
        free(text);
    }
    free(t);
    return t ? status : 1;
}

static int do_quote(const cli_opts *o)
{
    static const char *const allowed[] = {"tariff", "use", "diameter", "usage", "months", "days", NULL};
    long long dia, usage, months, days;
    if (!cli_only(o, allowed) || o->nargs || !cli_get(o, "tariff") || !cli_get(o, "use") ||
        !cli_get(o, "diameter") || !cli_get(o, "usage")) {
        fputs(USAGE, stderr);
        return 2;
    }
    /* --months absent: the tariff's period (0 to tariff_quote_for); --days absent or 0: a full period */
    if (!cli_int(o, "diameter", 0, 1, 10000, &dia) || !cli_int(o, "usage", 0, 0, TARIFF_MAX_USAGE, &usage) ||
        !cli_int(o, "months", 0, 1, 12, &months) || !cli_int(o, "days", 0, 0, 366, &days))
        return 2;
    tariff *t = malloc(sizeof *t);
    tariff_quote *q = malloc(sizeof *q);
    char *text = NULL;
    size_t len = 0;
    int status = 2;
    char err[400];
    if (!t || !q) {
        status = 1;
    } else if (load_file(cli_get(o, "tariff"), t, &text, &len)) {
        if (tariff_quote_for(t, cli_get(o, "use"), (int)dia, usage, (int)months, (int)days, q, err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
        } else {
            buf_t out;
            buf_init(&out, 0);
            jsonw w;
            jsonw_begin(&w, &out);
            tariff_quote_json(&w, t, q);
            buf_putc(&out, '\n');
            fwrite(out.data, 1, out.len, stdout);
            buf_free(&out);
            status = 0;
        }
    }
    free(text);
    free(t);
    free(q);
    return status;
}

static int do_load(const cli_opts *o)
{
    if (o->nargs != 1 || o->n) {
        fputs(USAGE, stderr);
        return 2;
    }
    size_t len = 0;
    char *text = cli_read_file(o->args[0], &len);
    if (!text) {
        fprintf(stderr, "%s: ファイルを読めません (%s)\n", o->args[0], strerror(errno));
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, true)) {
        free(text);
        return 1;
    }
    err_t e;
    err_clear(&e);
    char id[64];
    bool already = false;
    int rc = app_tariff_load(&s.ctx, text, len, id, &already, &e);
    free(text);
    if (rc)
        cli_err("料金表を登録できません", &e);
    else
        printf(already ? "tariff %s: already loaded (same content)\n" : "tariff %s loaded\n", id);
    cli_close(&s);
    return rc == ERR_INVALID ? 2 : rc ? 1 : 0;
}

static int do_list(const cli_opts *o)
{
    if (o->nargs || o->n) {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_tariff *t = NULL;
    size_t n = 0;
    int rc = app_tariff_list(&s.ctx, &t, &n, &e);
    if (rc)
        cli_err("表示できません", &e);
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\t%s\t%s\n", t[i].in_force ? "*" : " ", t[i].service, t[i].effective_from, t[i].tariff_id,
               t[i].name);
    free(t);
    cli_close(&s);
    return rc ? 1 : 0;
}

int cmd_tariff(int argc, char **argv)
{
    static const cli_sub SUBS[] = {
        {"check", do_check}, {"quote", do_quote}, {"load", do_load}, {"list", do_list}, {NULL, NULL}};
    return cli_subcommand(argc, argv, USAGE, SUBS);
}
