/* cli_common — option parsing and start-up shared by the subcommands. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "base/log.h"

cli_global CLI_GLOBAL;

static bool is_flag(const char *name, const char *const *flags)
{
    for (size_t i = 0; flags && flags[i]; i++)
        if (strcmp(flags[i], name) == 0)
            return true;
    return false;
}

bool cli_parse(int argc, char **argv, const char *const *flags, cli_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (o->nargs >= sizeof o->args / sizeof o->args[0]) {
                fprintf(stderr, "引数が多すぎます: %s\n", a);
                return false;
            }
            o->args[o->nargs++] = a;
            continue;
        }
        if (o->n >= sizeof o->names / sizeof o->names[0]) {
            fprintf(stderr, "オプションが多すぎます\n");
            return false;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        static char namebuf[32][64];
        if (eq) {
            size_t len = (size_t)(eq - name);
            if (len >= sizeof namebuf[0]) {
                fprintf(stderr, "オプション名が長すぎます: %s\n", a);
                return false;
            }
            memcpy(namebuf[o->n], name, len);
            namebuf[o->n][len] = '\0';
            o->names[o->n] = namebuf[o->n];
            o->values[o->n] = eq + 1;
        } else if (is_flag(name, flags)) {
            o->names[o->n] = name;
            o->values[o->n] = NULL;
        } else {
            if (i + 1 >= argc) {
                fprintf(stderr, "--%s には値が必要です (option --%s needs a value)\n", name, name);
                return false;
            }
            o->names[o->n] = name;
            o->values[o->n] = argv[++i];
        }
        o->n++;
    }
    return true;
}

const char *cli_get(const cli_opts *o, const char *name)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->names[i], name) == 0)
            return o->values[i];
    return NULL;
}

bool cli_has(const cli_opts *o, const char *name)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->names[i], name) == 0)
            return true;
    return false;
}

bool cli_only(const cli_opts *o, const char *const *allowed)
{
    for (size_t i = 0; i < o->n; i++) {
        bool ok = false;
        for (size_t k = 0; allowed[k]; k++)
            if (strcmp(allowed[k], o->names[i]) == 0)
                ok = true;
        if (!ok) {
            fprintf(stderr, "不明なオプションです: --%s (unknown option; see --help)\n", o->names[i]);
            return false;
        }
    }
    return true;
}

bool cli_int(const cli_opts *o, const char *name, long long def, long long min, long long max, long long *out)
{
    const char *v = cli_get(o, name);
    if (!v) {
        *out = def;
        return true;
    }
    if (!str_to_i64(v, out) || *out < min || *out > max) {
        fprintf(stderr, "--%s は %lld〜%lld の整数で指定してください（指定値: %s）\n", name, min, max, v);
        return false;
    }
    return true;
}

bool cli_sub_begin(int argc, char **argv, const char *usage, const char *const *flags, cli_opts *o, int *status)
{
    *status = 0;
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        fputs(usage, argc < 1 ? stderr : stdout);
        *status = argc < 1 ? 2 : 0;
        return false;
    }
    if (!cli_parse(argc - 1, argv + 1, flags, o)) {
        *status = 2;
        return false;
    }
    if (cli_has(o, "help")) {
        fputs(usage, stdout);
        return false;
    }
    return true;
}

bool cli_one_path(int argc, char **argv, const char *usage, const char *const *flags, const char *const *allowed,
                  cli_opts *o, int *status)
{
    *status = 2;
    if (!cli_parse(argc, argv, flags, o) || !cli_only(o, allowed))
        return false;
    if (cli_has(o, "help")) {
        fputs(usage, stdout);
        *status = 0;
        return false;
    }
    if (o->nargs != 1) {
        fputs(usage, stderr);
        return false;
    }
    return true;
}

int cli_subcommand(int argc, char **argv, const char *usage, const cli_sub *subs)
{
    static const char *const flags[] = {"help", NULL};
    cli_opts o;
    int status;
    if (!cli_sub_begin(argc, argv, usage, flags, &o, &status))
        return status;
    for (const cli_sub *s = subs; s->name; s++)
        if (strcmp(argv[0], s->name) == 0)
            return s->fn(&o);
    fprintf(stderr, "不明なサブコマンドです: %s\n\n%s", argv[0], usage);
    return 2;
}

bool cli_once(const cli_opts *o, const char *const *names)
{
    for (size_t k = 0; names[k]; k++) {
        int seen = 0;
        for (size_t i = 0; i < o->n; i++)
            seen += strcmp(o->names[i], names[k]) == 0;
        if (seen > 1) {
            fprintf(stderr, "--%s は1回だけ指定してください（%d 回指定されています）。\n", names[k], seen);
            return false;
        }
    }
    return true;
}

bool cli_iso_date(const char *s, civil_date *d)
{
    return s && strlen(s) == 10 && s[4] == '-' && date_parse(s, d);
}

bool cli_date(const cli_opts *o, const char *name, bool required, civil_date *d)
{
    const char *v = cli_get(o, name);
    if (!v) {
        if (required)
            fprintf(stderr, "--%s を指定してください（YYYY-MM-DD）。\n", name);
        return !required;
    }
    if (!cli_iso_date(v, d)) {
        fprintf(stderr, "--%s は実在する日付を YYYY-MM-DD で指定してください（指定値: %s）\n", name, v);
        return false;
    }
    return true;
}

void cli_print_json(void (*fn)(struct jsonw *w, const void *arg), const void *arg)
{
    buf_t out;
    buf_init(&out, 0);
    jsonw w;
    jsonw_begin(&w, &out);
    fn(&w, arg);
    buf_putc(&out, '\n');
    fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
}

void cli_err(const char *what, const err_t *e)
{
    fprintf(stderr, "%s: %s", what, e->user[0] ? e->user : err_default_user(e->code));
    if (e->field[0])
        fprintf(stderr, " [%s]", e->field);
    if (e->log[0])
        fprintf(stderr, " (%s)", e->log);
    fputc('\n', stderr);
}

int cli_job_status(int rc)
{
    return rc == 0 ? 0 : rc == ERR_INVALID ? 2 : rc == ERR_STOPPED ? CLI_EXIT_STOPPED : 1;
}

config *cli_config(void)
{
    err_t e;
    err_clear(&e);
    config *cfg = config_new();
    if (!cfg) {
        fprintf(stderr, "out of memory\n");
        return NULL;
    }
    const char *path = CLI_GLOBAL.config_path ? CLI_GLOBAL.config_path : getenv("SUIDO_CONFIG");
    if (path && config_load_file(cfg, path, &e)) {
        cli_err("設定ファイルを読めません", &e);
        config_free(cfg);
        return NULL;
    }
    config_apply_env(cfg);
    if (CLI_GLOBAL.db_url)
        config_set(cfg, "db.url", CLI_GLOBAL.db_url);
    long long lvl;
    const char *ls = config_get(cfg, "log.level", "info");
    lvl = strcmp(ls, "debug") == 0 ? LOG_DEBUG : strcmp(ls, "warn") == 0 ? LOG_WARN
                                             : strcmp(ls, "error") == 0 ? LOG_ERROR : LOG_INFO;
    log_set_level((int)lvl);
    return cfg;
}

bool cli_open(cli_session *s, bool create_key, bool migrate)
{
    memset(s, 0, sizeof *s);
    err_t e;
    err_clear(&e);
    if (!(s->cfg = cli_config()))
        return false;
    if (app_env_init(&s->env, s->cfg, create_key, &e)) {
        cli_err("起動できません", &e);
        app_env_free(&s->env);
        config_free(s->cfg);
        return false;
    }
    if (app_db_open(&s->env, &s->db, &e)) {
        cli_err("データベースを開けません", &e);
        app_env_free(&s->env);
        config_free(s->cfg);
        return false;
    }
    app_ctx_operator(&s->ctx, &s->env, s->db);
    if (migrate) {
        int applied = 0;
        if (app_schema_migrate(&s->ctx, &applied, &e)) {
            cli_err("マイグレーションに失敗しました", &e);
            cli_close(s);
            return false;
        }
        int cur = 0, latest = 0;
        if (applied && !app_schema_version(&s->ctx, &cur, &latest, &e))
            log_info("applied %d migration(s); schema version %d", applied, latest);
    } else {
        int cur = 0, latest = 0;
        if (app_schema_version(&s->ctx, &cur, &latest, &e) || cur < latest) {
            fprintf(stderr, "データベースのスキーマが古いか未作成です。先に `suido migrate` を実行してください "
                            "(schema version %d, this binary needs %d)\n", cur, latest);
            cli_close(s);
            return false;
        }
    }
    return true;
}

/* Read a password: from stdin when not a terminal (one line), else prompt twice without echo. */
bool cli_read_password(char *out, size_t outsz)
{
    bool tty = isatty(STDIN_FILENO);
    char again[512];
    for (int round = 0; round < (tty ? 2 : 1); round++) {
        char *dst = round == 0 ? out : again;
        size_t dstsz = round == 0 ? outsz : sizeof again;
        struct termios old, quiet;
        if (tty) {
            fputs(round == 0 ? "パスワード: " : "パスワード（確認）: ", stderr);
            tcgetattr(STDIN_FILENO, &old);
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        char *got = fgets(dst, (int)dstsz, stdin);
        if (tty) {
            tcsetattr(STDIN_FILENO, TCSANOW, &old);
            fputc('\n', stderr);
        }
        if (!got) {
            fprintf(stderr, "パスワードが入力されませんでした。\n");
            return false;
        }
        dst[strcspn(dst, "\r\n")] = '\0';
    }
    if (tty && strcmp(out, again) != 0) {
        fprintf(stderr, "確認用のパスワードが一致しません。\n");
        return false;
    }
    return true;
}

void cli_close(cli_session *s)
{
    app_db_close(s->db);
    s->db = NULL;
    app_env_free(&s->env);
    config_free(s->cfg);
    s->cfg = NULL;
}

char *cli_read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    buf_t b;
    buf_init(&b, (size_t)256 * 1048576);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    bool bad = ferror(f) || b.failed;
    if (f != stdin)
        fclose(f);
    if (bad) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b, len);
}
