/* job_kinds — see job_kinds.h. */
#include "domain/job_kinds.h"

#include <signal.h>
#include <string.h>

#include "base/buf.h"

/* In the order the 運用 screen lists them; the schedules are those of the
 * shipped timers (dist/systemd/suido-*.timer). */
const job_kind JOB_KINDS[] = {
    {"backup", "バックアップ", "毎日 02:30"},
    {"backup-prune", "古いバックアップの整理", "毎日 02:30（バックアップの後）"},
    {"backup-check", "復元訓練（バックアップの確認）", "毎週日曜 04:00"},
    {"billing", "調定処理", "毎日 01:30"},
    {"debit", "口座振替依頼ファイルの作成", "毎月 20日 02:00"},
    {"daily", "収納日計表（前日分）と検算", "毎日 00:30"},
    {"dunning-tokusoku", "督促状の作成", "毎日 03:00"},
    {"dunning-saikoku", "催告書の作成", "毎日 03:00"},
    {"dunning-yokoku", "給水停止予告通知書の作成", "毎日 03:00"},
    {"pledges", "分納誓約の履行確認", "毎日 03:00"},
    {"checks", "漏れ防止の点検（件数）", "毎月 1日 04:30"},
    {"compact", "データベースの最適化", "毎月 2日 04:00"},
};
const size_t JOB_NKINDS = sizeof JOB_KINDS / sizeof JOB_KINDS[0];

const job_kind *job_kind_find(const char *name)
{
    for (size_t i = 0; name && i < JOB_NKINDS; i++)
        if (strcmp(JOB_KINDS[i].name, name) == 0)
            return &JOB_KINDS[i];
    return NULL;
}

bool job_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 40 || name[0] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

static const struct {
    const char *label, *word;
} STATES[JOB_STATE__MAX] = {
    [JOB_STATE_OK] = {"正常", "ok"},
    [JOB_STATE_FAILED] = {"失敗", "failed"},
    [JOB_STATE_INTERRUPTED] = {"中断", "interrupted"},
    [JOB_STATE_RUNNING] = {"実行中", "running"},
};

int job_state_of(const char *result, bool runner_alive)
{
    for (int i = 0; result && *result && i < JOB_STATE_RUNNING; i++)
        if (strcmp(result, STATES[i].word) == 0)
            return i;
    return runner_alive ? JOB_STATE_RUNNING : JOB_STATE_INTERRUPTED;
}

const char *job_state_label(int state)
{
    return state >= 0 && state < JOB_STATE__MAX ? STATES[state].label : "?";
}

const char *job_state_word(int state)
{
    return state >= 0 && state < JOB_STATE__MAX ? STATES[state].word : "?";
}

const char *job_result_of(int code, int signal, bool stopped, const int *ok_codes, size_t n)
{
    if (stopped)
        return "interrupted";
    if (signal)
        return signal == SIGTERM || signal == SIGINT || signal == SIGHUP || signal == SIGKILL ? "interrupted" : "failed";
    for (size_t i = 0; i < n; i++)
        if (ok_codes[i] == code)
            return "ok";
    return "failed";
}

bool job_ok_codes_parse(const char *s, int *codes, size_t max, size_t *n)
{
    *n = 0;
    if (!s || !*s)
        return false;
    while (*s) {
        int v = 0, digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 4) {
            v = v * 10 + (*s++ - '0');
            digits++;
        }
        if (!digits || v > 255 || *n >= max || (*s && *s != ','))
            return false;
        codes[(*n)++] = v;
        if (*s == ',' && !*++s)
            return false;
    }
    return true;
}

/* One word at s (just after '@'): its text into b; *used the characters read. */
static bool expand_word(const char *s, civil_date today, buf_t *b, size_t *used)
{
    char iso[11];
    if (strncmp(s, "month", 5) == 0) {
        date_format_iso(today, iso);
        buf_append(b, iso, 7);
        *used = 5;
        return true;
    }
    if (strncmp(s, "today", 5) != 0)
        return false;
    size_t k = 5;
    int64_t days = 0;
    if (s[k] == '+' || s[k] == '-') {
        int sign = s[k] == '-' ? -1 : 1, digits = 0;
        k++;
        while (s[k] >= '0' && s[k] <= '9' && digits < 3) {
            days = days * 10 + (s[k++] - '0');
            digits++;
        }
        if (!digits || days > 366)
            return false;
        days *= sign;
    }
    date_format_iso(date_from_days(date_to_days(today) + days), iso);
    buf_puts(b, iso);
    *used = k;
    return true;
}

bool job_expand_arg(const char *arg, civil_date today, char *out, size_t outsz)
{
    buf_t b;
    buf_init(&b, outsz);
    bool ok = true;
    for (const char *p = arg; ok && *p;) {
        if (*p != '@') {
            buf_append(&b, p++, 1);
            continue;
        }
        if (p[1] == '@') {
            buf_append(&b, "@", 1);
            p += 2;
            continue;
        }
        size_t used = 0;
        ok = expand_word(p + 1, today, &b, &used);
        p += 1 + used;
    }
    ok = ok && !b.failed && str_copy(out, outsz, buf_cstr(&b));
    buf_free(&b);
    return ok;
}
