/* cmd_device — `suido device add|list|revoke`: handheld terminals' tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "app/reading/app_reading.h"

static const char USAGE[] =
    "使い方:\n"
    "  suido device add --name NAME   検針端末のトークンを発行して表示します（表示は一度だけ）。\n"
    "  suido device list              端末の一覧\n"
    "  suido device revoke ID         端末を無効にします（紛失・廃棄のとき）。\n";

int cmd_device(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        fputs(USAGE, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    static const char *const flags[] = {NULL};
    cli_opts o;
    if (!cli_parse(argc - 1, argv + 1, flags, &o))
        return 2;
    cli_session s;
    err_t e;
    err_clear(&e);
    int rc = 0;
    if (strcmp(argv[0], "add") == 0 && cli_get(&o, "name")) {
        if (!cli_open(&s, false, false))
            return 1;
        char token[65];
        int64_t id = 0;
        if ((rc = app_device_issue(&s.ctx, cli_get(&o, "name"), token, &id, &e)))
            cli_err("発行できません", &e);
        else
            printf("device %lld %s\ntoken %s\n", (long long)id, cli_get(&o, "name"), token);
    } else if (strcmp(argv[0], "list") == 0) {
        if (!cli_open(&s, false, false))
            return 1;
        app_device *d = NULL;
        size_t n = 0;
        if ((rc = app_device_list(&s.ctx, &d, &n, &e)))
            cli_err("一覧を表示できません", &e);
        for (size_t i = 0; i < n; i++) {
            char at[20] = "-";
            if (d[i].last_used_at)
                date_format_ts_jst(d[i].last_used_at, at);
            printf("%lld\t%s\t%s\tlast used %s\n", (long long)d[i].id, d[i].name, d[i].revoked_at ? "revoked" : "active",
                   at);
        }
        free(d);
    } else if (strcmp(argv[0], "revoke") == 0 && o.nargs == 1) {
        long long id;
        if (!str_to_i64(o.args[0], &id)) {
            fputs(USAGE, stderr);
            return 2;
        }
        if (!cli_open(&s, false, false))
            return 1;
        if ((rc = app_device_revoke(&s.ctx, id, &e)))
            cli_err("無効にできません", &e);
        else
            printf("device %lld revoked\n", id);
    } else {
        fputs(USAGE, stderr);
        return 2;
    }
    cli_close(&s);
    return rc ? 1 : 0;
}
