/* restic — the restic child process (see restic.h). */
#include "app/restic.h"
#include "base/anonfile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RESTIC_MAX_ARGS 40

/* Keep the last part of stderr in o->err (a ring would be overkill: restic's
 * useful line is the last one). */
static void keep_err(restic_out *o, const char *p, size_t n)
{
    size_t have = strlen(o->err), cap = sizeof o->err - 1;
    if (n >= cap) {
        memcpy(o->err, p + n - cap, cap);
        o->err[cap] = '\0';
        return;
    }
    if (have + n > cap) {
        size_t drop = have + n - cap;
        memmove(o->err, o->err + drop, have - drop + 1);
        have -= drop;
    }
    memcpy(o->err + have, p, n);
    o->err[have + n] = '\0';
}

int restic_run(const restic_repo *r, const char *const *args, restic_out *o, err_t *e)
{
    o->err[0] = '\0';
    o->status = -1;
    const char *argv[RESTIC_MAX_ARGS + 1];
    size_t n = 0;
    argv[n++] = r->program;
    argv[n++] = "--repo";
    argv[n++] = r->repository;
    argv[n++] = "--password-file";
    argv[n++] = r->password_file;
    argv[n++] = "--quiet";
    for (size_t i = 0; args[i]; i++) {
        if (n >= RESTIC_MAX_ARGS)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "restic: too many arguments");
        argv[n++] = args[i];
    }
    argv[n] = NULL;
    int outp[2], errp[2];
    if (pipe2(outp, O_CLOEXEC) != 0)
        return err_set(e, ERR_IO, NULL, NULL, "pipe: %s", strerror(errno));
    if (pipe2(errp, O_CLOEXEC) != 0) {
        close(outp[0]);
        close(outp[1]);
        return err_set(e, ERR_IO, NULL, NULL, "pipe: %s", strerror(errno));
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(outp[0]), close(outp[1]), close(errp[0]), close(errp[1]);
        return err_set(e, ERR_IO, NULL, NULL, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        dup2(outp[1], 1);
        dup2(errp[1], 2);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        unsetenv("RESTIC_PASSWORD");
        unsetenv("RESTIC_PASSWORD_COMMAND");
        unsetenv("RESTIC_PASSWORD_FILE");
        unsetenv("RESTIC_REPOSITORY");
        unsetenv("RESTIC_REPOSITORY_FILE");
        execvp(argv[0], (char *const *)argv);
        const char msg[] = "suido: cannot run restic\n";
        if (write(2, msg, sizeof msg - 1) < 0) {
        }
        _exit(127);
    }
    close(outp[1]);
    close(errp[1]);
    struct pollfd pf[2] = {{.fd = outp[0], .events = POLLIN}, {.fd = errp[0], .events = POLLIN}};
    int open_fds = 2;
    bool out_ok = true;
    char chunk[65536];
    while (open_fds) {
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t got = read(pf[i].fd, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                close(pf[i].fd);
                pf[i].fd = -1;
                open_fds--;
                continue;
            }
            if (i == 1)
                keep_err(o, chunk, (size_t)got);
            else if (o->out)
                buf_append(o->out, chunk, (size_t)got);
            else if (o->out_fd >= 0 && out_ok)
                out_ok = anonfile_write_all(o->out_fd, chunk, (size_t)got);
        }
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    size_t el = strlen(o->err);
    while (el && (o->err[el - 1] == '\n' || o->err[el - 1] == '\r' || o->err[el - 1] == ' '))
        o->err[--el] = '\0';
    for (char *c = o->err; *c; c++)
        if (*c == '\n')
            *c = ' ';
    o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    if (o->status == 127 && strstr(o->err, "cannot run restic"))
        return err_set(e, ERR_IO, "backup.restic",
                       "restic を起動できません。restic をインストールしてください（Debian: apt-get install restic）。",
                       "cannot run %s", r->program);
    if (!out_ok)
        return err_set(e, ERR_IO, NULL, "バックアップの内容を書き出せません（ディスクの空きを確認してください）。",
                       "restic output: write failed: %s", strerror(errno));
    if (o->out && o->out->failed)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "restic output: out of memory");
    return 0;
}
