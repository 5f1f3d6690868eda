/* cmd_works_complete — `suido works complete --application R8-00012
 * [--on YYYY-MM-DD]`: 完了 of an application whose completion inspection
 * passed, with the hand-over to billing (the tap made or changed, its
 * meter, the start or stop in 受付: docs/works.md 「引き渡し」) — the step
 * the application page takes, for a batch of works finished in the field.
 * The meter is the one the passing inspection recorded.  A completed
 * application completes again without doing anything (exit 0). */
#include <stdio.h>
#include <string.h>

#include "app/works/app_works_application.h"
#include "cli/cli.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido works complete --application R8-00012 [--on YYYY-MM-DD]\n"
    "      完成検査に合格した工事申込を完了にし、水栓台帳・受付へ引き継ぎます（新設・私補・特団は\n"
    "      水栓番号の付番とメーターの設置と使用開始の受付、改造は口径とメーター、撤去は閉栓）。\n"
    "      --on は完了日（既定は今日）。完了済みの申込には何もしません。\n"
    "  終了コード: 0 成功、1 エラー、2 引数の誤り・申込の状態が違うなど。\n";

/* The application numbered number (exactly): its id, or 0. */
static int64_t find(app_ctx *ctx, const char *number, err_t *e)
{
    app_works_query q = {.number = number, .page = 1, .per_page = -1};
    app_works_page p;
    int64_t id = 0;
    if (app_works_search(ctx, &q, &p, e))
        return 0;
    for (size_t i = 0; i < p.n && !id; i++)
        if (strcmp(p.rows[i].number, number) == 0)
            id = p.rows[i].id;
    app_works_page_free(&p);
    return id;
}

static int complete(const cli_opts *o)
{
    const char *number = cli_get(o, "application");
    if (!number || !*number) {
        fprintf(stderr, "--application: 申込番号（R8-00012 など）を指定してください。\n");
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    char tap[16] = "";
    int status = 0;
    int64_t id = find(&s.ctx, number, &e);
    if (!id && !e.code) {
        fprintf(stderr, "--application: 工事申込 %s はありません。\n", number);
        status = 2;
    } else if (id && app_works_step_meters(&s.ctx, id, "complete", cli_get(o, "on"), "", "", NULL, 0, tap, &e) == 0) {
        if (tap[0])
            printf("%s: 完了しました。水栓 %s として水栓台帳・受付へ引き継ぎました。\n", number, tap);
        else
            printf("%s: 完了しています（引継ぎ済み）。\n", number);
    }
    if (e.code) {
        if (e.code == ERR_INVALID)
            fprintf(stderr, "%s%s: %s\n", strcmp(e.field, "on") == 0 ? "--" : "", e.field, e.user);
        else
            cli_err("工事申込を完了にできません", &e);
        status = e.code == ERR_INVALID ? 2 : 1;
    }
    cli_close(&s);
    return status;
}

int cli_works_complete(int argc, char **argv)
{
    static const char *const flags[] = {"help", NULL};
    cli_opts opts, *o = &opts;
    int st = 0;
    if (!cli_sub_begin(argc, argv, USAGE, flags, o, &st))
        return st;
    static const char *const allowed[] = {"application", "on", NULL};
    if (!cli_only(o, allowed) || !cli_once(o, allowed))
        return 2;
    if (o->nargs) {
        fprintf(stderr, "余分な引数です: %s\n", o->args[0]);
        return 2;
    }
    return complete(o);
}
