/* cmd_backup — `suido backup init|run|list|restore|check|prune` (SQLite
 * flavour, restic; app/app_backup.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "app/app_backup.h"

#ifndef SUIDO_VERSION
#define SUIDO_VERSION "dev"
#endif

static const char USAGE[] =
    "使い方: suido backup init\n"
    "       suido backup run [--init]\n"
    "       suido backup list [--json]\n"
    "       suido backup restore ID --to DIR\n"
    "       suido backup check [--id ID] [--subset 10%]\n"
    "       suido backup prune\n\n"
    "SQLite 版のデータベースを restic のリポジトリにバックアップします（PostgreSQL 版は pgBackRest）。\n"
    "init     リポジトリを作成する\n"
    "run      サーバー稼働中でも一貫したスナップショットを取り、リポジトリへ送る（スナップショットIDを表示）\n"
    "list     スナップショットの一覧: ID、日時、大きさ、スキーマ版\n"
    "restore  スナップショットを DIR/suido.db に復元し、整合性・スキーマ版・監査ログ・鍵ファイルを確認する\n"
    "check    一時領域への復元訓練（全テーブルの件数とチェックサムをマニフェストと照合）と restic check\n"
    "         --subset を付けるとリポジトリの一部（例 10%）だけを読む。差異があれば終了コード 1\n"
    "prune    [backup] keep_daily / keep_weekly / keep_monthly に従って古いスナップショットを整理する\n\n"
    "設定 ([backup]): repository (SUIDO_BACKUP_REPO), password_file (SUIDO_BACKUP_PASSWORD_FILE),\n"
    "  keep_daily=14, keep_weekly=8, keep_monthly=12, work_dir, restic.  手順: docs/operations.md\n";

/* On PostgreSQL suido does not wrap pgBackRest: pgBackRest runs as the postgres
 * user on the database host (archive_command calls it there, it reads the data
 * directory), with its own configuration, schedule and retention; suido runs
 * as another user, often on another host.  It says where to look instead. */
static const char PG_GUIDE[] =
    "\nPostgreSQL 版は pgBackRest でバックアップします（postgres ユーザーで、データベースのホストで実行）:\n"
    "  pgbackrest --stanza=suido --type=full backup    毎週（全体）\n"
    "  pgbackrest --stanza=suido --type=diff backup    毎日（前回の全体からの差分）\n"
    "  pgbackrest --stanza=suido info                  バックアップとWALアーカイブの一覧\n"
    "  pgbackrest --stanza=suido check; pgbackrest --stanza=suido verify   アーカイブとリポジトリの検査\n"
    "  pgbackrest --stanza=suido --type=time --target='YYYY-MM-DD HH:MM:SS+09' --pg1-path=新しいDIR restore\n"
    "                                                  指定時刻への復元（PITR）\n"
    "2つ目のリポジトリ（repo2）には --repo=2 を付けます。設定と手順: docs/operations.md"
    "（PostgreSQL: pgBackRest）、試験用: scripts/pg-backrest.sh\n";

/* The settings; prints the problem and returns NULL-equivalent false. */
static bool load(config **cfg, app_backup_settings *s)
{
    if (!(*cfg = cli_config()))
        return false;
    err_t e;
    err_clear(&e);
    if (app_backup_settings_load(*cfg, s, &e)) {
        cli_err("バックアップの設定が正しくありません", &e);
        if (strcmp(e.field, "db.url") == 0)
            fputs(PG_GUIDE, stderr);
        config_free(*cfg);
        *cfg = NULL;
        return false;
    }
    return true;
}

static int do_init(const app_backup_settings *s)
{
    err_t e;
    err_clear(&e);
    if (app_backup_init(s, &e)) {
        cli_err("リポジトリを作成できません", &e);
        return 1;
    }
    printf("repository created: %s\n", s->repository);
    return 0;
}

static int do_run(const cli_opts *o, const app_backup_settings *s)
{
    err_t e;
    err_clear(&e);
    if (cli_has(o, "init")) {
        int rc = app_backup_init(s, &e);
        if (rc && rc != ERR_CONFLICT) {
            cli_err("リポジトリを作成できません", &e);
            return 1;
        }
        err_clear(&e);
    }
    cli_session ss;
    if (!cli_open(&ss, false, false))
        return 1;
    app_backup_result r;
    int rc = app_backup_run(&ss.ctx, s, SUIDO_VERSION, &r, &e);
    cli_close(&ss);
    if (rc) {
        cli_err("バックアップできません", &e);
        return 1;
    }
    printf("%s\n", r.snapshot);
    fprintf(stderr, "snapshot %s: %lld bytes, schema %lld, %lld tables\n", r.snapshot, (long long)r.bytes,
            (long long)r.schema, (long long)r.tables);
    return 0;
}

typedef struct list_arg {
    const app_backup_snapshot *rows;
    size_t n;
} list_arg;

static void list_json(jsonw *w, const void *arg)
{
    const list_arg *a = arg;
    jsonw_array(w);
    for (size_t i = 0; i < a->n; i++) {
        const app_backup_snapshot *r = &a->rows[i];
        jsonw_object(w);
        jsonw_kv_string(w, "id", r->id);
        jsonw_kv_string(w, "short_id", r->short_id);
        jsonw_kv_string(w, "time", r->time);
        jsonw_kv_int(w, "bytes", r->bytes);
        jsonw_kv_int(w, "schema", r->schema);
        jsonw_kv_string(w, "version", r->version);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
}

static int do_list(const cli_opts *o, const app_backup_settings *s)
{
    err_t e;
    err_clear(&e);
    app_backup_snapshot *rows = NULL;
    size_t n = 0;
    if (app_backup_list(s, &rows, &n, &e)) {
        cli_err("一覧を読めません", &e);
        return 1;
    }
    if (cli_has(o, "json")) {
        list_arg a = {rows, n};
        cli_print_json(list_json, &a);
    } else {
        for (size_t i = 0; i < n; i++)
            printf("%s  %s  %12lld bytes  schema %lld  suido %s\n", rows[i].short_id, rows[i].time,
                   (long long)rows[i].bytes, (long long)rows[i].schema, rows[i].version[0] ? rows[i].version : "?");
    }
    free(rows);
    return 0;
}

static const char *key_words(int state)
{
    switch (state) {
    case APP_BACKUP_KEY_OK:
        return "ok (the key file opens the restored data)";
    case APP_BACKUP_KEY_MISSING:
        return "MISSING";
    case APP_BACKUP_KEY_WRONG:
        return "WRONG (it does not open the restored data)";
    default:
        return "untested (no sealed data to try it on)";
    }
}

static int do_restore(const cli_opts *o, config *cfg, const app_backup_settings *s)
{
    const char *dir = cli_get(o, "to");
    if (o->nargs != 1 || !dir || !*dir) {
        fprintf(stderr, "スナップショットID と --to DIR を指定してください。\n\n%s", USAGE);
        return 2;
    }
    const char *key_file = config_get(cfg, "crypto.key_file", "var/suido.key");
    app_backup_restore_report rep;
    err_t e;
    err_clear(&e);
    int rc = app_backup_restore(s, o->args[0], dir, key_file, &rep, &e);
    if (rc) {
        cli_err("復元できません", &e);
        return rc == ERR_INVALID ? 2 : 1;
    }
    printf("restored snapshot %s to %s\n", rep.snapshot, rep.db_path);
    printf("  file checksum: %s\n", rep.file_ok ? "ok" : "DIFFERS from the manifest");
    printf("  integrity check: %s\n", rep.integrity);
    printf("  schema version: %lld (manifest %lld; this suido needs %d%s)\n", (long long)rep.schema,
           (long long)rep.manifest_schema, rep.latest_schema,
           rep.schema < rep.latest_schema ? ": run `suido migrate` on it before use" : "");
    if (!rep.audit_checked)
        printf("  audit chain: not verified (it needs the key file)\n");
    else if (rep.audit_bad_seq)
        printf("  audit chain: BROKEN at seq %lld: %s\n", (long long)rep.audit_bad_seq, rep.audit_problem);
    else
        printf("  audit chain: ok (%lld rows)\n", (long long)rep.audit_rows);
    printf("  key file %s: %s\n", rep.key_file, key_words(rep.key_state));
    if (rep.key_state == APP_BACKUP_KEY_MISSING || rep.key_state == APP_BACKUP_KEY_WRONG)
        fprintf(stderr,
                "復元したデータベースの鍵ファイル（%s）が%s。鍵はバックアップに含まれていません。\n"
                "預託ファイルから `suido key recover --in FILE` で鍵を戻すまで、氏名・住所などの個人情報は読めません"
                "（docs/operations.md「鍵の預託」）。\n",
                rep.key_file, rep.key_state == APP_BACKUP_KEY_MISSING ? "ありません" : "このデータを開けません");
    if (!rep.ok) {
        fprintf(stderr, "復元したデータベースの確認で問題が見つかりました。使用しないでください。\n");
        return 1;
    }
    return rep.key_state == APP_BACKUP_KEY_MISSING || rep.key_state == APP_BACKUP_KEY_WRONG ? 1 : 0;
}

static int do_check(const cli_opts *o, const app_backup_settings *s)
{
    app_backup_check_report rep;
    err_t e;
    err_clear(&e);
    if (app_backup_check(s, cli_get(o, "id"), cli_get(o, "subset"), &rep, &e)) {
        cli_err("確認できません", &e);
        return 1;
    }
    printf("snapshot %s: restore drill %s%s%s\n", rep.snapshot, rep.drill_ok ? "ok" : "FAILED: ",
           rep.drill_ok ? "" : rep.drill_problem, "");
    if (rep.drill_ok)
        printf("  %lld tables: rows and checksums as in the manifest\n", (long long)rep.tables);
    printf("repository: %s%s\n", rep.repo_ok ? "ok" : "DAMAGED: ", rep.repo_ok ? "" : rep.repo_problem);
    return rep.drill_ok && rep.repo_ok ? 0 : 1;
}

static int do_prune(const app_backup_settings *s)
{
    err_t e;
    err_clear(&e);
    char summary[160];
    if (app_backup_prune(s, summary, sizeof summary, &e)) {
        cli_err("整理できません", &e);
        return 1;
    }
    printf("pruned: %s\n", summary);
    return 0;
}

int cmd_backup(int argc, char **argv)
{
    static const char *const flags[] = {"help", "init", "json", NULL};
    cli_opts o;
    int status;
    if (!cli_sub_begin(argc, argv, USAGE, flags, &o, &status))
        return status;
    static const struct { const char *name; const char *const allowed[4]; size_t nargs; } SUBS[] = {
        {"init", {NULL}, 0},  {"run", {"init", NULL}, 0},           {"list", {"json", NULL}, 0},
        {"restore", {"to", NULL}, 1}, {"check", {"id", "subset", NULL}, 0}, {"prune", {NULL}, 0},
    };
    size_t k = 0;
    while (k < sizeof SUBS / sizeof SUBS[0] && strcmp(argv[0], SUBS[k].name) != 0)
        k++;
    if (k == sizeof SUBS / sizeof SUBS[0]) {
        fprintf(stderr, "不明なサブコマンドです: %s\n\n%s", argv[0], USAGE);
        return 2;
    }
    if (!cli_only(&o, SUBS[k].allowed) || (SUBS[k].nargs == 0 && o.nargs)) {
        fputs(USAGE, stderr);
        return 2;
    }
    config *cfg = NULL;
    app_backup_settings s;
    if (!load(&cfg, &s))
        return 2;
    int rc;
    switch (k) {
    case 0: rc = do_init(&s); break;
    case 1: rc = do_run(&o, &s); break;
    case 2: rc = do_list(&o, &s); break;
    case 3: rc = do_restore(&o, cfg, &s); break;
    case 4: rc = do_check(&o, &s); break;
    default: rc = do_prune(&s); break;
    }
    config_free(cfg);
    return rc;
}
