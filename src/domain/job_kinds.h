/* job_kinds — the unattended batch jobs (the systemd timers of dist/systemd/)
 * and the rules about their runs: which names exist and how they are shown,
 * what a run's result is from its exit, when a run counts as 中断, when the
 * last good backup is too old, and the date words of a job's command line
 * (@today, @month, @today+N) that the runner fills in.  No I/O.
 *
 * Ownership: everything returned points into static tables. */
#ifndef SUIDO_JOB_KINDS_H
#define SUIDO_JOB_KINDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

typedef struct job_kind {
    const char *name;      /* as given to `suido job run NAME` and used by the timers */
    const char *label;     /* Japanese, for the 運用 screen and the alert mail */
    const char *schedule;  /* when the shipped timer starts it (Japanese) */
} job_kind;

extern const job_kind JOB_KINDS[];
extern const size_t JOB_NKINDS;

/* The name of the job whose good runs are the backups (the age of the last one). */
#define JOB_BACKUP "backup"
/* A backup older than this is shown in red (and is what to alert on). */
#define JOB_BACKUP_MAX_AGE_S 86400

/* The known job called name, or NULL (other names are allowed and shown by name). */
const job_kind *job_kind_find(const char *name);
/* A job name: 1 to 40 of a-z, 0-9 and '-', starting with a letter or digit. */
bool job_name_valid(const char *name);

enum job_state { JOB_STATE_OK, JOB_STATE_FAILED, JOB_STATE_INTERRUPTED, JOB_STATE_RUNNING, JOB_STATE__MAX };
/* The state of a run: result as stored ("ok", "failed", "interrupted", or ""
 * while unfinished); an unfinished run is 中断 when its runner is gone
 * (runner_alive false), else running. */
int job_state_of(const char *result, bool runner_alive);
/* 正常 / 失敗 / 中断 / 実行中, and the stored word ("ok", ...; "running"). */
const char *job_state_label(int state);
const char *job_state_word(int state);

/* The result of a finished command: exited with code (signal 0) or killed by
 * signal.  ok_codes (n of them) are the exit codes that count as success
 * (e.g. 0 and 3 for a billing run that left taps to look at).  stopped: the
 * runner itself was asked to stop (SIGTERM, SIGINT), so the run is
 * interrupted whatever the command did; a command killed by SIGTERM,
 * SIGINT, SIGHUP or SIGKILL is interrupted too, any other signal (a crash)
 * is failed. */
const char *job_result_of(int code, int signal, bool stopped, const int *ok_codes, size_t n);
/* Parse "0,3" into codes (at most max, each 0..255); false when malformed. */
bool job_ok_codes_parse(const char *s, int *codes, size_t max, size_t *n);

/* Replace the date words in arg: @today (YYYY-MM-DD), @today+N / @today-N
 * (N days, 0..366), @month (YYYY-MM of today).  "@@" is a literal "@".
 * false when a word is unknown or out is too small. */
bool job_expand_arg(const char *arg, civil_date today, char *out, size_t outsz);

#endif
