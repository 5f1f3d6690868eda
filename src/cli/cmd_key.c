/* cmd_key — `suido key rotate`. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "app/app_operator.h"

int cmd_key(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || (argc > 1 && strcmp(argv[1], "--help") == 0)) {
        puts("使い方: suido key rotate\n\n"
             "鍵ファイルに新しい鍵を追加し、データベース内の暗号化された値をすべて新しい鍵で再暗号化します。\n"
             "古い鍵はファイルに残るため、途中で止まっても読めなくなる値はなく、再実行で続きから完了します。\n"
             "実行後は鍵ファイルを改めてバックアップしてください（データベースとは別の場所に）。");
        return argc < 1 ? 2 : 0;
    }
    if (strcmp(argv[0], "rotate") != 0 || argc > 1) {
        fprintf(stderr, "使い方: suido key rotate\n");
        return 2;
    }
    cli_session s;
    if (!cli_open(&s, false, false))
        return 1;
    app_rotate_report rep;
    err_t e;
    err_clear(&e);
    int rc = app_key_rotate(&s.ctx, &rep, &e);
    if (rc)
        cli_err("鍵を更新できません", &e);
    else
        printf("new key %s: re-encrypted %lld customers, %lld taps, %lld mandates, %lld contacts, %lld audit rows, "
               "%lld staff names\n",
               rep.new_key, (long long)rep.customers, (long long)rep.taps, (long long)rep.mandates,
               (long long)rep.contacts, (long long)rep.audit_rows, (long long)rep.staff);
    cli_close(&s);
    return rc ? 1 : 0;
}
