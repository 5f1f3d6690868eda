/* page_metrics — GET /metrics: Prometheus text format 0.0.4, for the staff
 * network's monitoring only.  Answered to loopback and to the addresses of
 * [metrics] allow (SUIDO_METRICS_ALLOW), 403 to anyone else.  No personal
 * data: route patterns (not paths), status classes, job names and times,
 * counts.  The families are listed in docs/operations.md ("監視"). */
#include <stdlib.h>
#include <string.h>

#include "app/app_jobs.h"
#include "app/audit_writer.h"
#include "base/ipallow.h"
#include "base/log.h"
#include "base/procmem.h"
#include "domain/job_kinds.h"
#include "web/metrics.h"
#include "web/web.h"

static void family(buf_t *b, const char *name, const char *type, const char *help)
{
    buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void render_jobs(buf_t *b, const app_job_board *o)
{
    family(b, "suido_job_last_duration_seconds", "gauge", "How long each job's last finished run took.");
    for (size_t i = 0; i < o->njobs; i++)
        if (o->jobs[i].ever && o->jobs[i].duration_ms >= 0)
            buf_printf(b, "suido_job_last_duration_seconds{job=\"%s\"} %lld.%03lld\n", o->jobs[i].job,
                       (long long)(o->jobs[i].duration_ms / 1000), (long long)(o->jobs[i].duration_ms % 1000));
    family(b, "suido_job_last_start_timestamp_seconds", "gauge", "When each job's last run started (Unix time).");
    for (size_t i = 0; i < o->njobs; i++)
        if (o->jobs[i].ever)
            buf_printf(b, "suido_job_last_start_timestamp_seconds{job=\"%s\"} %lld\n", o->jobs[i].job,
                       (long long)o->jobs[i].started_at);
    family(b, "suido_job_last_result", "gauge",
           "Each job's last run: 1 for its state (ok, failed, interrupted, running), 0 for the others.");
    for (size_t i = 0; i < o->njobs; i++) {
        if (!o->jobs[i].ever)
            continue;
        for (int s = 0; s < JOB_STATE__MAX; s++)
            buf_printf(b, "suido_job_last_result{job=\"%s\",result=\"%s\"} %d\n", o->jobs[i].job, job_state_word(s),
                       o->jobs[i].state == s);
    }
    family(b, "suido_backup_age_seconds", "gauge",
           "Seconds since the last good backup run finished (absent when none is recorded).");
    if (o->backup_known)
        buf_printf(b, "suido_backup_age_seconds %lld\n", (long long)o->backup_age_s);
}

/* The process's memory: all of it resident (the name every Prometheus client
 * library gives VmRSS), its own pages, and the mapped files' pages — the
 * SQLite file's among them, up to the whole file (base/procmem.h). */
static void render_memory(buf_t *b)
{
    procmem m;
    if (!procmem_read(&m))
        return;
    family(b, "process_resident_memory_bytes", "gauge",
           "Resident memory of the server process (VmRSS), the database file's mapped pages included.");
    buf_printf(b, "process_resident_memory_bytes %lld\n", (long long)m.resident);
    family(b, "suido_process_own_memory_bytes", "gauge",
           "The server's own resident memory (RssAnon): search index, caches, buffers; the figure to alert on.");
    buf_printf(b, "suido_process_own_memory_bytes %lld\n", (long long)m.own);
    family(b, "suido_process_file_memory_bytes", "gauge",
           "Resident pages of files the server maps (RssFile): the database file's, the kernel's page cache, reclaimable.");
    buf_printf(b, "suido_process_file_memory_bytes %lld\n", (long long)m.file);
}

int page_metrics(web_req *rq, web_resp *rs)
{
    const char *allow = config_get(rq->ctx.env->cfg, "metrics.allow", "");
    const char *bad = NULL;
    rs->content_type = "text/plain; charset=utf-8";
    if (!ipallow_match(allow, rq->ctx.actor.ip, &bad)) {
        if (bad)
            log_msg(LOG_ERROR, rq->rid, "metrics: [metrics] allow is not a list of addresses (at \"%s\")", bad);
        rs->status = 403;
        buf_puts(&rs->body, "403 /metrics はループバックと [metrics] allow のアドレスからだけ読めます。\n");
        return 0;
    }
    rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
    buf_t *b = &rs->body;
    web_metrics_render_http(b);
    family(b, "suido_db_errors_total", "counter", "Database statements that failed in this process.");
    buf_printf(b, "suido_db_errors_total %lld\n", app_db_errors());
    family(b, "suido_audit_queue_length", "gauge", "Audit rows of views queued for the audit writer, not yet committed.");
    buf_printf(b, "suido_audit_queue_length %d\n", audit_writer_queued(rq->ctx.env->audit_writer));
    render_memory(b);
    app_job_board o;
    err_t e;
    err_clear(&e);
    if (app_job_metrics_read(&rq->ctx, &o, &e)) {
        log_msg(LOG_ERROR, rq->rid, "metrics: job runs: %s", e.log);
        family(b, "suido_job_runs_readable", "gauge", "1 when the job runs could be read.");
        buf_puts(b, "suido_job_runs_readable 0\n");
        return 0;
    }
    render_jobs(b, &o);
    app_job_board_free(&o);
    return 0;
}
