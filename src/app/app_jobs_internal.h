/* app_jobs_internal — what the files of app_jobs share (not for adapters). */
#ifndef SUIDO_APP_JOBS_INTERNAL_H
#define SUIDO_APP_JOBS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* This machine's name, as job runs record it. */
void app_job_host(char *out, size_t outsz);
/* Whether the runner of an unfinished run may still be working: on this
 * host, its process exists; on another, it started less than a day ago. */
bool app_job_runner_alive(const char *host, int64_t pid, int64_t started_at, int64_t now);

#endif
