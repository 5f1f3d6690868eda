/* app_job_run — the runner of `suido job run NAME -- COMMAND...` (see
 * app_jobs.h): record the start, run the command as a child, pass its
 * output on, record how it ended, announce a failure.
 *
 * Why a kill is safe: the row is committed before the command starts, so
 * a runner killed outright (SIGKILL, power loss) leaves an unfinished row
 * that the screen shows as 中断 and the next run of the job closes; a
 * SIGTERM or SIGINT to the runner is passed to the command, and the run is
 * then recorded as interrupted when the command has stopped.  The commands
 * themselves are resumable and idempotent (DESIGN.md §7), so the next run
 * finishes the work. */
#include "app/app_jobs.h"
#include "app/app_jobs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/text.h"
#include "domain/job_kinds.h"
#include "store/db.h"
#include "store/job_store.h"

#define TAIL_MAX 4096
#define MAX_ARGS 64

static volatile sig_atomic_t g_child;
static volatile sig_atomic_t g_stopped;

static void on_stop(int sig)
{
    g_stopped = 1;
    if (g_child > 0)
        kill((pid_t)g_child, sig);
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Keep the last TAIL_MAX bytes of the output in tail. */
static void tail_add(char *tail, size_t *len, const char *p, size_t n)
{
    if (n >= TAIL_MAX) {
        memcpy(tail, p + n - TAIL_MAX, TAIL_MAX);
        *len = TAIL_MAX;
        return;
    }
    if (*len + n > TAIL_MAX) {
        size_t drop = *len + n - TAIL_MAX;
        memmove(tail, tail + drop, *len - drop);
        *len -= drop;
    }
    memcpy(tail + *len, p, n);
    *len += n;
}

/* The summary: the last lines of the output that fit in outsz, starting on
 * a whole line and a whole UTF-8 character. */
static void summarize(const char *tail, size_t len, char *out, size_t outsz)
{
    while (len && (tail[len - 1] == '\n' || tail[len - 1] == '\r' || tail[len - 1] == ' '))
        len--;
    size_t start = len > outsz - 1 ? len - (outsz - 1) : 0;
    if (start) {
        const char *nl = memchr(tail + start, '\n', len - start);
        start = nl ? (size_t)(nl - tail) + 1 : start;
        while (start < len && ((unsigned char)tail[start] & 0xC0) == 0x80)
            start++;
    }
    size_t k = 0;
    for (size_t i = start; i < len && k + 1 < outsz; i++)
        out[k++] = tail[i] == '\r' ? '\n' : tail[i];
    out[k] = '\0';
    /* it is stored as TEXT (PostgreSQL refuses invalid UTF-8) and shown: keep it clean */
    if (!text_is_clean(out, true))
        for (char *p = out; *p; p++)
            if ((unsigned char)*p >= 0x80 || ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t'))
                *p = '?';
}

typedef struct outcome {
    int code, signal;     /* exit code, or the killing signal */
    bool started;
    int64_t ms;
    char summary[512];
} outcome;

/* Start self with global options and args (dates expanded), output into
 * the pipe; pass the output to stderr and keep its end; wait. */
static void run_child(const app_job_run_opts *o, char *const *argv, outcome *out)
{
    int fd[2];
    char tail[TAIL_MAX];
    size_t tlen = 0;
    int64_t t0 = now_ms();
    if (pipe2(fd, O_CLOEXEC) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        dup2(fd[1], 2);
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        execv(o->self, argv);
        fprintf(stderr, "cannot run %s: %s\n", o->self, strerror(errno));
        _exit(127);
    }
    close(fd[1]);
    if (pid < 0) {
        close(fd[0]);
        return;
    }
    out->started = true;
    g_child = pid;
    if (g_stopped)   /* asked to stop before the child was known: pass it on now */
        kill(pid, SIGTERM);
    char chunk[4096];
    for (;;) {
        ssize_t r = read(fd[0], chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        fwrite(chunk, 1, (size_t)r, stderr);
        tail_add(tail, &tlen, chunk, (size_t)r);
    }
    fflush(stderr);
    close(fd[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    g_child = 0;
    out->ms = now_ms() - t0;
    out->code = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
    out->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    summarize(tail, tlen, out->summary, sizeof out->summary);
}

static void announce(app_env *env, db_conn *db, int64_t id, const app_job_alert_msg *m)
{
    char how[16] = "";
    err_t e;
    err_clear(&e);
    app_job_alert(env->cfg, m, how);
    if (job_store_set_alert(db, id, how, &e))
        log_error("job %s: cannot record the alert: %s", m->job, e.log);
}

/* Close the runs of this job on this host whose runner is gone, and say so. */
static void close_abandoned(app_env *env, db_conn *db, const char *job, const char *host, int64_t self_id)
{
    job_run_row *rows = NULL;
    size_t n = 0;
    err_t e;
    err_clear(&e);
    if (job_store_unfinished(db, job, host, self_id, &rows, &n, &e)) {
        log_error("job %s: cannot read earlier runs: %s", job, e.log);
        return;
    }
    const job_kind *k = job_kind_find(job);
    int64_t now = date_now_unix();
    for (size_t i = 0; i < n; i++) {
        if (app_job_runner_alive(rows[i].host, rows[i].pid, rows[i].started_at, now))
            continue;
        if (job_store_interrupt(db, rows[i].id, "実行中に止まりました（実行プロセスが残っていません）。", &e))
            continue;
        log_warn("job %s: the run started at %lld never finished: recorded as interrupted", job,
                 (long long)rows[i].started_at);
        app_job_alert_msg m = {job, k ? k->label : job, host, "interrupted",
                               "実行中に止まりました（電源断・強制終了など）。今回の実行で続きから処理します。",
                               rows[i].started_at, -1, -1};
        announce(env, db, rows[i].id, &m);
    }
    free(rows);
}

/* The child's argv: self, the global options, the expanded args. */
static bool build_argv(const app_job_run_opts *o, char *argv[MAX_ARGS + 1], char (*space)[1024], err_t *e)
{
    size_t n = 0;
    argv[n++] = (char *)(uintptr_t)o->self;
    for (size_t i = 0; o->global && o->global[i] && n < MAX_ARGS; i++)
        argv[n++] = (char *)(uintptr_t)o->global[i];
    civil_date today = date_today_jst();
    for (size_t i = 0; i < o->nargs; i++) {
        if (n >= MAX_ARGS)
            return err_set(e, ERR_INVALID, NULL, "引数が多すぎます。", "too many arguments") == 0;
        if (!job_expand_arg(o->args[i], today, space[i], sizeof space[i]))
            return err_set(e, ERR_INVALID, NULL, "日付の置き換え（@today, @today+N, @month）が正しくありません。",
                           "bad date word in %s", o->args[i]) == 0;
        argv[n++] = space[i];
    }
    argv[n] = NULL;
    return true;
}

/* Complete run id from out, announce a result other than ok; *status is
 * what the runner exits with. */
static int record_end(app_env *env, const app_job_run_opts *o, int64_t id, int64_t started, const char *host,
                      outcome *out, int *status, err_t *e)
{
    static const int ZERO[] = {0};
    const char *result = out->started ? job_result_of(out->code, out->signal, g_stopped, o->n_ok ? o->ok_codes : ZERO,
                                                      o->n_ok ? o->n_ok : 1)
                                      : "failed";
    if (!out->started)
        str_copy(out->summary, sizeof out->summary, "コマンドを起動できませんでした。");
    int64_t exit_code = out->signal ? -out->signal : out->code;
    *status = out->signal ? 128 + out->signal : out->started ? out->code : 1;
    if (strcmp(result, "ok") != 0 && *status == 0)
        *status = 1;
    db_conn *db = NULL;
    int rc = app_db_open(env, &db, e);
    if (!rc)
        rc = job_store_finish(db, id, date_now_unix(), out->ms, result, exit_code, out->summary, e);
    if (!rc && strcmp(result, "ok") != 0) {
        const job_kind *k = job_kind_find(o->name);
        app_job_alert_msg m = {o->name, k ? k->label : o->name, host, result, out->summary, started, out->ms, exit_code};
        announce(env, db, id, &m);
    }
    log_info("job %s: %s in %lld ms (exit %lld)", o->name, result, (long long)out->ms, (long long)exit_code);
    app_db_close(db);
    return rc;
}

int app_job_run(app_env *env, const app_job_run_opts *o, int *status, err_t *e)
{
    *status = 1;
    if (!job_name_valid(o->name))
        return err_set(e, ERR_INVALID, "name", "ジョブ名は英小文字・数字・ハイフン（40文字まで）で指定してください。",
                       "bad job name");
    if (!o->nargs || o->nargs > MAX_ARGS)
        return err_set(e, ERR_INVALID, NULL, "実行するコマンドを -- の後に指定してください。", "no command");
    char *argv[MAX_ARGS + 1];
    char(*space)[1024] = calloc(o->nargs, sizeof *space);
    if (!space)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    if (!build_argv(o, argv, space, e)) {
        free(space);
        return e->code;
    }
    char host[64];
    app_job_host(host, sizeof host);
    db_conn *db = NULL;
    int64_t id = 0, started = date_now_unix();
    int rc = app_db_open(env, &db, e);
    if (!rc)
        rc = job_store_start(db, o->name, started, host, (int64_t)getpid(), &id, e);
    if (rc) {
        app_db_close(db);
        free(space);
        return rc;
    }
    close_abandoned(env, db, o->name, host, id);
    app_db_close(db);   /* not held while the command runs (it may take hours) */

    struct sigaction sa = {.sa_handler = on_stop}, old_term, old_int;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGINT, &sa, &old_int);
    outcome out = {0};
    run_child(o, argv, &out);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGINT, &old_int, NULL);
    free(space);

    return record_end(env, o, id, started, host, &out, status, e);
}
