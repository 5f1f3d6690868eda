/* cmd_db — `suido db compact`: the database compacted (app/app_compact.h),
 * what the monthly timer suido-compact.timer runs. */
#include <stdio.h>

#include "cli/cli.h"
#include "app/app_compact.h"

static const char USAGE[] =
    "使い方: suido db compact\n\n"
    "データベースを最適化します（毎月の定時処理 suido-compact.timer が実行します）。\n"
    "compact  SQLite 版: ファイルを詰め直します（VACUUM）。数か月の検針・調定・入金で表と索引のページが\n"
    "         ファイルの中に散らばり、月次の一括処理が読み書きするページが増えるのを元に戻します。\n"
    "         実行中はほかの処理（サーバーを含む）の書き込みが待たされます（読み取りは続けられます）。\n"
    "         データベースと同じ大きさの空きが、一時ディレクトリ（SQLITE_TMPDIR）とデータベースの\n"
    "         ディレクトリに要ります（同じディスクなら 2 倍）。足りなければ何もせずに理由を表示します。\n"
    "         途中で止めても元のままです。\n"
    "         PostgreSQL 版: VACUUM (ANALYZE) を今すぐ実行します（誰も締め出しません）。\n"
    "手順: docs/operations.md の「Compacting the database」\n";

static int mb(int64_t bytes)
{
    return (int)((bytes + (1 << 19)) >> 20);
}

static int do_compact(const cli_opts *o)
{
    (void)o;
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    err_t e;
    err_clear(&e);
    app_compact_result r;
    int rc = app_db_compact(&s.ctx, &r, &e);
    cli_close(&s);
    if (rc) {
        cli_err("データベースを最適化できません", &e);
        return rc == ERR_INVALID ? 2 : 1;
    }
    if (r.sqlite)
        printf("最適化しました: %d MB → %d MB（空きページ %d MB を解放）、%.1f 秒\n", mb(r.bytes_before),
               mb(r.bytes_after), mb(r.free_before), (double)r.millis / 1000.0);
    else
        printf("VACUUM (ANALYZE) を実行しました: %d MB → %d MB、%.1f 秒\n", mb(r.bytes_before), mb(r.bytes_after),
               (double)r.millis / 1000.0);
    return 0;
}

int cmd_db(int argc, char **argv)
{
    static const cli_sub SUBS[] = {{"compact", do_compact}, {NULL, NULL}};
    return cli_subcommand(argc, argv, USAGE, SUBS);
}
