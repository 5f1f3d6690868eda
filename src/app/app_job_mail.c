/* app_job_mail — the mail that says a job failed or was interrupted, through
 * the local MTA's sendmail (see app_jobs.h). */
#include "app/app_jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/log.h"

/* A header value must stay on one line (no header injection through a setting). */
static bool one_line(const char *s)
{
    return s && *s && !strpbrk(s, "\r\n");
}

static const char *result_label(const char *result)
{
    return strcmp(result, "interrupted") == 0 ? "中断" : "失敗";
}

static void write_message(buf_t *b, const config *cfg, const app_job_alert_msg *m)
{
    const char *to = config_get(cfg, "alerts.mail_to", "");
    const char *from = config_get(cfg, "alerts.mail_from", "");
    char at[20], dur[32] = "不明";
    date_format_ts_jst(m->started_at, at);
    if (m->duration_ms >= 0)
        str_fmt(dur, sizeof dur, "%lld.%03lld 秒", (long long)(m->duration_ms / 1000), (long long)(m->duration_ms % 1000));
    buf_printf(b, "To: %s\n", to);
    if (one_line(from))
        buf_printf(b, "From: %s\n", from);
    buf_printf(b, "Subject: [suido] %s: %s on %s\n", strcmp(m->result, "interrupted") == 0 ? "INTERRUPTED" : "FAILED",
               m->job, m->host);
    buf_puts(b, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n");
    buf_printf(b, "suido の定時処理「%s」（%s）が%sしました。\n\n", m->label, m->job, result_label(m->result));
    buf_printf(b, "ホスト:     %s\n開始:       %s（日本時間）\n所要時間:   %s\n終了コード: %lld\n\n", m->host, at, dur,
               (long long)m->exit_code);
    buf_printf(b, "出力の末尾:\n%s\n\n", m->summary && *m->summary ? m->summary : "（なし）");
    buf_puts(b, "管理 → 運用 の画面と `journalctl -u suido-*` で詳細を確認し、必要なら手で再実行してください\n"
                "（docs/operations.md の「Automatic operation」）。\n");
}

/* Run sendmail -t -oi with msg on its stdin; its exit status (-1: not started). */
static int pipe_to(const char *sendmail, const buf_t *msg)
{
    int fd[2];
    if (pipe2(fd, O_CLOEXEC) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[0], 0);
        execl(sendmail, sendmail, "-t", "-oi", (char *)NULL);
        _exit(127);
    }
    close(fd[0]);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    size_t off = 0;
    while (off < msg->len) {
        ssize_t w = write(fd[1], msg->data + off, msg->len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd[1]);
    signal(SIGPIPE, old);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int app_job_alert(const config *cfg, const app_job_alert_msg *m, char how[16])
{
    const char *to = config_get(cfg, "alerts.mail_to", "");
    const char *sendmail = config_get(cfg, "alerts.sendmail", "/usr/sbin/sendmail");
    if (!one_line(to)) {
        str_copy(how, 16, "no-address");
        log_warn("job %s %s: no mail sent ([alerts] mail_to is not set); see the 運用 screen", m->job, m->result);
        return 1;
    }
    if (access(sendmail, X_OK) != 0) {
        str_copy(how, 16, "no-mta");
        log_warn("job %s %s: no mail sent: no MTA (%s is missing; install one, e.g. Debian's dma or postfix)",
                 m->job, m->result, sendmail);
        return 1;
    }
    buf_t msg;
    buf_init(&msg, 64 * 1024);
    write_message(&msg, cfg, m);
    int st = msg.failed ? -1 : pipe_to(sendmail, &msg);
    buf_free(&msg);
    if (st != 0) {
        str_copy(how, 16, "failed");
        log_warn("job %s %s: %s refused the mail (status %d)", m->job, m->result, sendmail, st);
        return 1;
    }
    str_copy(how, 16, "sent");
    log_info("job %s %s: alert mail sent", m->job, m->result);
    return 0;
}
