/* app_reading_import — many readings at once from a handheld terminal's CSV
 * file or the JSON API's batch: one transaction, one audit row, a bounded
 * number of rows, and a summary of the refused rows whose full list is kept
 * for download (see app.h).  Memory: the rows (at most the limit), the
 * refused rows' reasons, and one line of the file at a time. */
#include "app/app.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/reading/reading_engine.h"
#include "app/reading/app_reading.h"
#include "store/db.h"
#include "base/csv_read.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/log.h"
#include "base/text.h"
#include "base/vec.h"
#include "domain/role.h"
#include "store/reading/reading_store.h"

void app_import_report_free(app_import_report *rep)
{
    free(rep->refusals);
    rep->refusals = NULL;
    rep->nrefusals = 0;
}

int64_t app_reading_import_max_rows(const app_ctx *ctx)
{
    long long v = APP_IMPORT_MAX_ROWS_DEFAULT;
    if (ctx->env && ctx->env->cfg &&
        config_get_int(ctx->env->cfg, "reading.max_import_rows", APP_IMPORT_MAX_ROWS_DEFAULT, 1, 10000000, &v, NULL))
        v = APP_IMPORT_MAX_ROWS_DEFAULT;
    return v;
}

static int too_many_rows(const char *field, int64_t max, err_t *e)
{
    char msg[256];
    str_fmt(msg, sizeof msg, "1回に取り込める行数は %lld 行までです（設定 reading.max_import_rows）。"
            "ファイルを分けて取り込んでください。何も登録していません。", (long long)max);
    return err_set(e, ERR_TOO_LARGE, field, msg, "import over reading.max_import_rows = %lld", (long long)max);
}

int app_reading_import_fits(const app_ctx *ctx, size_t n, const char *field, err_t *e)
{
    int64_t max = app_reading_import_max_rows(ctx);
    return (int64_t)n > max ? too_many_rows(field, max, e) : 0;
}

const char *app_refusal_text(int rf)
{
    return reading_refusal_text(rf);
}

/* The refused rows of one import: which row, why, and the message (in one
 * arena, NUL-separated), so that nothing per row is allocated. */
typedef struct refusal_note {
    size_t index;             /* in the rows given */
    size_t msg;               /* offset in refusal_list.msgs */
    int refusal;
} refusal_note;
typedef struct refusal_list {
    refusal_note *v;
    size_t n, cap;
    buf_t msgs;
} refusal_list;

/* Count one answer; a refusal is noted for the summary and the full list. */
static int tally(app_import_report *rep, refusal_list *rl, size_t index, const app_reading_out *out, err_t *e)
{
    if (out->status == READING_REFUSED) {
        rep->refused++;
        if (out->refusal >= 0 && out->refusal < RF__COUNT)
            rep->by_refusal[out->refusal]++;
        refusal_note *r = vec_slot((void **)&rl->v, &rl->n, &rl->cap, sizeof *r);
        if (!r)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        r->index = index;
        r->refusal = out->refusal;
        r->msg = rl->msgs.len;
        if (!buf_append(&rl->msgs, out->message, strlen(out->message) + 1))
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    } else if (out->duplicate) {
        rep->duplicates++;
    } else if (out->status == READING_HELD) {
        rep->held++;
    } else {
        rep->accepted++;
    }
    return 0;
}

static int by_index(const void *a, const void *b)
{
    const refusal_note *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

/* The rows' order is the file's: sorted by index, the notes are in line
 * order.  The first APP_IMPORT_SHOWN go into the report. */
static int summarise(app_import_report *rep, const app_import_row *rows, refusal_list *rl, err_t *e)
{
    if (rl->n)   /* qsort wants a real array even for none */
        qsort(rl->v, rl->n, sizeof *rl->v, by_index);
    size_t shown = rl->n < APP_IMPORT_SHOWN ? rl->n : APP_IMPORT_SHOWN;
    if (!shown)
        return 0;
    rep->refusals = calloc(shown, sizeof *rep->refusals);
    if (!rep->refusals)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rep->nrefusals = shown;
    for (size_t i = 0; i < shown; i++) {
        app_import_result *r = &rep->refusals[i];
        r->line = rows[rl->v[i].index].line;
        r->out.status = READING_REFUSED;
        r->out.refusal = rl->v[i].refusal;
        str_copy(r->out.message, sizeof r->out.message, rl->msgs.data + rl->v[i].msg);
    }
    return 0;
}

static int keep_reject(app_ctx *ctx, const app_import_report *rep, const app_import_row *row, const char *message,
                       err_t *e)
{
    reject_row r;
    memset(&r, 0, sizeof r);
    str_copy(r.batch, sizeof r.batch, rep->batch);
    r.line = row->line;
    str_copy(r.tap_no, sizeof r.tap_no, row->tap_no);
    str_copy(r.meter_no, sizeof r.meter_no, row->meter_no);
    str_copy(r.read_on, sizeof r.read_on, row->read_on);
    str_copy(r.value, sizeof r.value, row->value);
    str_copy(r.reasons, sizeof r.reasons, message);
    str_copy(r.created_by, sizeof r.created_by, ctx->actor.username);
    r.created_at = date_now_unix();
    return reject_store_insert(ctx->db, &r, e);
}

/* The import and every refused row, for the sender to download (in the
 * caller's transaction). */
static int keep_refusals(app_ctx *ctx, const app_import_report *rep, const app_import_row *rows,
                         const refusal_list *rl, bool clean, err_t *e)
{
    import_row ir;
    memset(&ir, 0, sizeof ir);
    str_copy(ir.batch, sizeof ir.batch, rep->batch);
    str_copy(ir.created_by, sizeof ir.created_by, ctx->actor.username);
    str_copy(ir.mode, sizeof ir.mode, clean ? "clean" : "all");
    ir.created_at = date_now_unix();
    ir.applied = clean;
    ir.nrows = rep->rows;
    ir.refused = rep->refused;
    int rc = import_store_purge(ctx->db, ir.created_at - (int64_t)APP_IMPORT_KEEP_DAYS * 86400, e);
    if (!rc)
        rc = import_store_insert(ctx->db, &ir, e);
    for (size_t i = 0; !rc && i < rl->n; i++) {
        const app_import_row *row = &rows[rl->v[i].index];
        import_refusal_row r = {.seq = (int64_t)i + 1, .line = row->line, .tap_no = row->tap_no,
                                .meter_no = row->meter_no, .read_on = row->read_on, .value = row->value,
                                .code = app_refusal_code(rl->v[i].refusal), .message = rl->msgs.data + rl->v[i].msg};
        rc = import_store_refusal_insert(ctx->db, rep->batch, &r, e);
    }
    return rc;
}

/* ---- the pipeline -----------------------------------------------------
 * Two cores: a reader thread gathers each row's history on a second
 * connection (a read snapshot taken inside the import's write transaction,
 * so it sees the database as it was before the import) while this thread
 * checks and writes the previous rows.  Rows are in tap order, so the only
 * rows whose history the import itself changes are a tap's second and later
 * rows in the file: those, and rows with a client id, are gathered again by
 * the writer on its own connection. */

#define PIPE_SLOTS 256

typedef struct pipe_slot {
    bool regather;            /* the writer gathers this row itself */
    bool skip;                /* no value: not read */
    int rc;
    err_t e;
    int64_t value;
    app_reading_out out;
    reading_context c;
} pipe_slot;

typedef struct import_pipe {
    app_ctx rctx;             /* the reader's: its own connection */
    db_conn *rdb;             /* that connection (NULL: none could be had) */
    const app_import_row *const *order;
    size_t n;
    pipe_slot *slots;
    /* Counters move without the lock; a side that must wait says so, and
     * only then does the other side take the lock to wake it (a wake-up per
     * row would cost more than the work it hands over). */
    atomic_size_t produced, consumed;
    atomic_bool stop, reader_waits, writer_waits;
    pthread_mutex_t mu;
    pthread_cond_t changed;
} import_pipe;

/* Wait until ready(p) holds, flagging *waits meanwhile. */
static void pipe_wait(import_pipe *p, atomic_bool *waits, bool (*ready)(import_pipe *, size_t), size_t k)
{
    if (ready(p, k))
        return;
    pthread_mutex_lock(&p->mu);
    atomic_store(waits, true);
    while (!ready(p, k))
        pthread_cond_wait(&p->changed, &p->mu);
    atomic_store(waits, false);
    pthread_mutex_unlock(&p->mu);
}

static void pipe_wake(import_pipe *p, atomic_bool *waits)
{
    if (atomic_load(waits)) {
        pthread_mutex_lock(&p->mu);
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->mu);
    }
}

static bool slot_free(import_pipe *p, size_t k)
{
    return atomic_load(&p->stop) || k - atomic_load(&p->consumed) < PIPE_SLOTS;
}

static bool slot_filled(import_pipe *p, size_t k)
{
    return atomic_load(&p->produced) > k;
}

/* The reader reads ahead READ_AHEAD rows at a time: their taps and meters
 * in one query, and the taps' readings back to the earliest date any of the
 * rows' checks look at in another (two round trips per chunk instead of two
 * per row on PostgreSQL).  Each row then gathers from its tap's slice. */
#define READ_AHEAD METER_STORE_BATCH

typedef struct ahead {
    size_t base, n;                     /* the rows order[base .. base + n) */
    bool ok;                            /* false: each row asks the database itself */
    meter_at at[READ_AHEAD];
    reading_row *recent;                /* the chunk's taps' readings, by tap, newest first */
    size_t nrecent;
    reading_lookup lk[READ_AHEAD];
} ahead;

static void read_ahead(import_pipe *p, ahead *a, size_t base)
{
    free(a->recent);
    a->recent = NULL;
    a->nrecent = 0;
    a->base = base;
    a->n = p->n - base < READ_AHEAD ? p->n - base : READ_AHEAD;
    a->ok = false;
    const char *nos[READ_AHEAD];
    int64_t ids[READ_AHEAD];
    size_t nids = 0;
    char from[11] = "9999-12-31";
    int64_t win = p->rctx.env->reading.ly_window_days;
    for (size_t k = 0; k < a->n; k++) {
        const app_import_row *row = p->order[base + k];
        nos[k] = row->tap_no;
        civil_date d;
        char ly[11];
        if (date_parse(row->read_on, &d)) {
            date_format_iso(date_from_days(date_to_days(d) - 365 - win), ly);
            if (strcmp(ly, from) < 0)
                str_copy(from, sizeof from, ly);
        }
    }
    err_t e;
    err_clear(&e);
    if (meter_store_at_tap_nos(p->rdb, nos, a->n, a->at, &e) != 0)
        return;
    for (size_t k = 0; k < a->n; k++)
        if (a->at[k].found && (nids == 0 || ids[nids - 1] != a->at[k].tap.id))
            ids[nids++] = a->at[k].tap.id;
    if (nids && reading_store_recent_taps(p->rdb, ids, nids, from, &a->recent, &a->nrecent, &e) != 0)
        return;
    for (size_t k = 0; k < a->n; k++) {
        reading_lookup *lk = &a->lk[k];
        memset(lk, 0, sizeof *lk);
        lk->at = &a->at[k];
        str_copy(lk->from, sizeof lk->from, from);
        size_t i = 0, hi = a->nrecent;   /* the first of the tap's rows (recent is by tap) */
        while (i < hi) {
            size_t mid = i + (hi - i) / 2;
            if (a->recent[mid].tap_id < a->at[k].tap.id)
                i = mid + 1;
            else
                hi = mid;
        }
        lk->recent = a->recent + i;
        while (i < a->nrecent && a->recent[i].tap_id == a->at[k].tap.id) {
            i++;
            lk->nrecent++;
        }
    }
    a->ok = true;
}

static void *pipe_reader(void *arg)
{
    import_pipe *p = arg;
    reading_engine rg;
    err_t e;
    err_clear(&e);
    int rc = reading_engine_init(&rg, &p->rctx, &e);
    ahead *a = calloc(1, sizeof *a);
    for (size_t k = 0; k < p->n; k++) {
        pipe_wait(p, &p->reader_waits, slot_free, k);
        if (atomic_load(&p->stop))
            break;
        pipe_slot *sl = &p->slots[k % PIPE_SLOTS];
        const app_import_row *row = p->order[k];
        memset(sl, 0, offsetof(pipe_slot, c));
        sl->skip = !row->value[0];
        sl->regather = rc != 0 || row->client_id[0] || !reading_parse_dial(row->value, &sl->value) ||
                       (k > 0 && strcmp(p->order[k - 1]->tap_no, row->tap_no) == 0);
        if (!sl->skip && !sl->regather) {
            if (a && (k == 0 || k >= a->base + a->n))
                read_ahead(p, a, k);
            const reading_lookup *lk = a && a->ok ? &a->lk[k - a->base] : NULL;
            sl->rc = reading_engine_gather(&rg, row->tap_no, row->meter_no, row->read_on, lk, &sl->c, &sl->out, &sl->e);
            if (sl->rc)   /* let the writer meet the error on its own connection */
                sl->regather = true;
        }
        atomic_store(&p->produced, k + 1);
        pipe_wake(p, &p->writer_waits);
    }
    if (a)
        free(a->recent);
    free(a);
    reading_engine_free(&rg);
    return NULL;
}

/* Rows in tap order (then file order): the taps' index entries and history
 * are then visited in key order, which keeps the database's pages hot. */
static int by_tap(const void *a, const void *b)
{
    const app_import_row *const *x = a, *const *y = b;
    int c = strcmp((*x)->tap_no, (*y)->tap_no);
    return c ? c : ((*x)->line > (*y)->line) - ((*x)->line < (*y)->line);
}

/* The reader thread, when a second connection can be had: it gathers the
 * rows ahead of the writer.  false: the writer gathers each row itself. */
static bool pipe_start(app_ctx *ctx, import_pipe *p, pthread_t *reader, err_t *e)
{
    atomic_init(&p->produced, 0);
    atomic_init(&p->consumed, 0);
    atomic_init(&p->stop, false);
    atomic_init(&p->reader_waits, false);
    atomic_init(&p->writer_waits, false);
    if (p->n < 2 || app_db_open(ctx->env, &p->rdb, e) != 0 || db_begin_read(p->rdb, e) != 0 ||
        (p->slots = malloc(PIPE_SLOTS * sizeof *p->slots)) == NULL)
        return false;
    p->rctx = *ctx;
    p->rctx.db = p->rdb;
    p->rctx.defer = NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->changed, NULL);
    if (pthread_create(reader, NULL, pipe_reader, p) == 0)
        return true;
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->changed);
    return false;
}

static void pipe_stop(import_pipe *p, pthread_t reader, bool piped)
{
    if (piped) {
        atomic_store(&p->stop, true);
        pthread_mutex_lock(&p->mu);
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->mu);
        pthread_join(reader, NULL);
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->changed);
    }
    free(p->slots);
    if (p->rdb) {
        db_end_read(p->rdb);
        db_conn_close(p->rdb);
    }
}

/* Record every row in tap order (from the reader's slots when piped),
 * tallying the outcomes into rep and the refusals into rl. */
static int record_rows(reading_engine *g, import_pipe *p, bool piped, const app_import_row *rows,
                       const char *source, app_import_report *rep, refusal_list *rl, err_t *e)
{
    int rc = 0;
    for (size_t k = 0; k < p->n && !rc; k++) {
        const app_import_row *row = p->order[k];
        size_t i = (size_t)(row - rows);
        pipe_slot *sl = NULL;
        if (piped) {
            pipe_wait(p, &p->writer_waits, slot_filled, k);
            sl = &p->slots[k % PIPE_SLOTS];
        }
        if (!row->value[0]) {
            rep->skipped++;
        } else {
            rep->rows++;
            app_reading_in in = {.tap_no = row->tap_no, .meter_no = row->meter_no, .read_on = row->read_on,
                                 .value = row->value, .client_id = row->client_id, .source = source};
            app_reading_out out;
            if (!sl || sl->regather) {
                rc = reading_engine_record(g, &in, &out, e);
            } else {
                out = sl->out;
                if (out.status != READING_REFUSED)
                    rc = reading_engine_finish(g, &sl->c, &in, sl->value, &out, e);
            }
            if (!rc)
                rc = tally(rep, rl, i, &out, e);
        }
        if (piped) {
            atomic_store(&p->consumed, k + 1);
            pipe_wake(p, &p->reader_waits);
        }
    }
    return rc;
}

/* All or nothing, and some rows refused: nothing is stored; the file is
 * fixed and sent again, with the full list of what to fix kept in a
 * transaction of its own. */
static void refuse_all(app_ctx *ctx, app_import_report *rep, const app_import_row *rows, refusal_list *rl)
{
    db_rollback(ctx->db);
    db_bulk(ctx->db, false);
    err_t ke;
    err_clear(&ke);
    int krc = db_begin(ctx->db, &ke);
    if (!krc)
        krc = app_tx_end(ctx, keep_refusals(ctx, rep, rows, rl, false, &ke), &ke);
    if (krc)
        log_warn("import %s: the refused rows could not be kept: %s", rep->batch, ke.log);
    rep->refusals_kept = krc == 0;
}

/* Clean rows stored: the refused rows go to the rejects list (and the
 * download list); then the audit row of the import. */
static int keep_and_audit(app_ctx *ctx, app_import_report *rep, const app_import_row *rows, const refusal_list *rl,
                          bool clean, const char *source, err_t *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < rl->n; i++)
        rc = keep_reject(ctx, rep, &rows[rl->v[i].index], rl->msgs.data + rl->v[i].msg, e);
    if (!rc && rep->refused)
        rc = keep_refusals(ctx, rep, rows, rl, true, e);
    rep->refusals_kept = !rc && rep->refused;
    if (rc)
        return rc;
    app_audit_detail d;
    app_audit_detail_begin(&d);
    jsonw_kv_string(&d.w, "batch", rep->batch);
    jsonw_kv_string(&d.w, "mode", clean ? "clean" : "all");
    jsonw_kv_string(&d.w, "source", source ? source : "");
    jsonw_kv_int(&d.w, "rows", rep->rows);
    jsonw_kv_int(&d.w, "accepted", rep->accepted);
    jsonw_kv_int(&d.w, "held", rep->held);
    jsonw_kv_int(&d.w, "refused", rep->refused);
    jsonw_kv_int(&d.w, "duplicates", rep->duplicates);
    jsonw_kv_int(&d.w, "skipped", rep->skipped);
    char obj[48];
    str_fmt(obj, sizeof obj, "reading_import:%s", rep->batch);
    return app_audit_json(ctx, "reading.import", obj, &d, e);
}

/* Check the mode, the permission and the row limit; name the batch. */
static int import_start(app_ctx *ctx, size_t n, const char *mode, const char *source, bool *clean,
                        app_import_report *rep, err_t *e)
{
    *clean = mode && strcmp(mode, "clean") == 0;
    if (mode && *mode && !*clean && strcmp(mode, "all") != 0)
        return err_field(e, "mode", "取込方法は all（全件か0件）か clean（正しい行だけ）を指定してください。");
    /* Applying the clean rows and keeping the rest is a supervisor's decision. */
    int rc = app_require(ctx, *clean ? PERM_READING_CONFIRM : PERM_READING_ENTER, e);
    if (rc)
        return rc;
    rep->max_rows = app_reading_import_max_rows(ctx);
    if ((int64_t)n > rep->max_rows)
        return too_many_rows(source && strcmp(source, "csv") == 0 ? "file" : "readings", rep->max_rows, e);
    char hex[17];
    crypto_random_hex(hex, 8);
    char today[11];
    date_format_iso(date_today_jst(), today);
    str_fmt(rep->batch, sizeof rep->batch, "%s-%s", today, hex);
    return 0;
}

/* One run of app_reading_import_rows.  Run again after a failover before COMMIT
 * (app_tx_again), it is safe: rep starts afresh (a failed run freed what it held) under a
 * new batch name, the reader's connection is opened anew, and everything written (readings,
 * rejects, the refusal list, the audit row) was in the transaction that was rolled back;
 * nothing outside the database is touched. */
static int import_rows_once(app_ctx *ctx, const app_import_row *rows, size_t n, const char *mode, const char *source,
                            app_import_report *rep, err_t *e)
{
    memset(rep, 0, sizeof *rep);
    double t0 = date_mono_seconds();
    bool clean;
    int rc = import_start(ctx, n, mode, source, &clean, rep, e);
    if (rc)
        return rc;
    db_bulk(ctx->db, true);
    if ((rc = db_begin(ctx->db, e))) {
        db_bulk(ctx->db, false);
        return rc;
    }
    const app_import_row **order = n ? malloc(n * sizeof *order) : NULL;
    reading_engine g = {0};
    if (n && !order)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    else if (!(rc = reading_engine_init(&g, ctx, e)))
        rc = reading_engine_defer(&g, e);   /* readings written 64 at a time */
    if (rc) {
        reading_engine_free(&g);
        free(order);
        rc = app_tx_end(ctx, rc, e);
        db_bulk(ctx->db, false);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &rows[i];
    if (n)
        qsort(order, n, sizeof *order, by_tap);
    import_pipe p = {.order = order, .n = n};
    pthread_t reader;
    bool piped = pipe_start(ctx, &p, &reader, e);
    err_clear(e);
    refusal_list rl = {0};
    buf_init(&rl.msgs, (size_t)256 * (size_t)(n + 1));
    rc = record_rows(&g, &p, piped, rows, source, rep, &rl, e);
    if (!rc)
        rc = reading_engine_flush(&g, e);
    pipe_stop(&p, reader, piped);
    reading_engine_free(&g);
    free(order);
    if (!rc)
        rc = summarise(rep, rows, &rl, e);
    bool refused_whole = !rc && rep->refused && !clean;
    if (refused_whole)
        refuse_all(ctx, rep, rows, &rl);
    else if (!rc)
        rc = keep_and_audit(ctx, rep, rows, &rl, clean, source, e);
    free(rl.v);
    buf_free(&rl.msgs);
    if (refused_whole) {
        rep->seconds = date_mono_seconds() - t0;
        return 0;
    }
    double tc = date_mono_seconds();
    rc = app_tx_end(ctx, rc, e);
    db_bulk(ctx->db, false);
    rep->commit_seconds = date_mono_seconds() - tc;
    rep->applied = rc == 0;
    if (rc) {
        rep->refusals_kept = false;
        app_import_report_free(rep);
    }
    rep->seconds = date_mono_seconds() - t0;
    return rc;
}

int app_reading_import_rows(app_ctx *ctx, const app_import_row *rows, size_t n, const char *mode, const char *source,
                            app_import_report *rep, err_t *e)
{
    for (int attempt = 1;; attempt++) {
        int rc = import_rows_once(ctx, rows, n, mode, source, rep, e);
        if (!app_tx_again(ctx, attempt, rc, e))
            return rc;
    }
}

/* ---- CSV ------------------------------------------------------------- */

enum { COL_TAP, COL_METER, COL_READ_ON, COL_VALUE, COL__N };
static const char *const HEADERS[COL__N][2] = {
    {"水栓番号", "tap_no"}, {"メーター番号", "meter_no"}, {"検針日", "read_on"}, {"指針", "value"}};

typedef struct csv_state {
    int col[COL__N];          /* index of each column, -1 when absent */
    bool header_seen;
    app_import_row *rows;
    size_t n, cap;
    int64_t max;              /* rows allowed (reading.max_import_rows) */
    err_t *e;
    int rc;
} csv_state;

static int on_row(int64_t line, char **f, size_t nf, void *arg)
{
    csv_state *st = arg;
    if (!st->header_seen) {
        for (int c = 0; c < COL__N; c++)
            st->col[c] = -1;
        for (size_t i = 0; i < nf; i++) {
            const char *h = f[i];
            while (*h == ' ')
                h++;
            for (int c = 0; c < COL__N; c++)
                if (strcmp(h, HEADERS[c][0]) == 0 || strcmp(h, HEADERS[c][1]) == 0)
                    st->col[c] = (int)i;
        }
        for (int c = 0; c < COL__N; c++)
            if (c != COL_METER && st->col[c] < 0) {
                char msg[256];
                str_fmt(msg, sizeof msg, "1行目の見出しに「%s」(%s) の列がありません。見出しは 水栓番号,検針日,指針"
                        "（とメーター番号）としてください。", HEADERS[c][0], HEADERS[c][1]);
                st->rc = err_set(st->e, ERR_INVALID, "file", msg, "CSV header lacks %s", HEADERS[c][1]);
                return 1;
            }
        st->header_seen = true;
        return 0;
    }
    if ((int64_t)st->n >= st->max) {   /* stop here: the rest is not even read */
        st->rc = too_many_rows("file", st->max, st->e);
        return 1;
    }
    app_import_row *r = vec_slot((void **)&st->rows, &st->n, &st->cap, sizeof *r);
    if (!r) {
        st->rc = err_set(st->e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return 1;
    }
    r->line = line;
    char *const dst[COL__N] = {r->tap_no, r->meter_no, r->read_on, r->value};
    const size_t sz[COL__N] = {sizeof r->tap_no, sizeof r->meter_no, sizeof r->read_on, sizeof r->value};
    for (int c = 0; c < COL__N; c++) {
        int k = st->col[c];
        if (k < 0 || (size_t)k >= nf)
            continue;
        const char *v = f[k];
        while (*v == ' ')
            v++;
        if (!str_copy(dst[c], sz[c], v))
            str_copy(dst[c], sz[c], "?");   /* too long: refused as unknown / bad value */
    }
    return 0;
}

/* The file a physical line at a time: decoded (CP932) and checked (clean
 * UTF-8) per line, then handed to the CSV reader.  Nothing holds the whole
 * text; a line is at most MAX_LINE bytes. */
#define MAX_LINE ((size_t)64 * 1024)

enum { TEXT_OK, TEXT_BAD, TEXT_LONG };

typedef struct line_feed {
    buf_t tmp;                /* one line, NUL-terminated, for the checks */
    int64_t line;             /* the line being read (1-based) */
} line_feed;

/* Is this line (without a NUL inside) clean UTF-8? */
static int line_clean(line_feed *lf, const char *p, size_t len)
{
    if (len > MAX_LINE)
        return TEXT_LONG;
    if (memchr(p, '\0', len))
        return TEXT_BAD;
    buf_reset(&lf->tmp);
    if (!buf_append(&lf->tmp, p, len))
        return TEXT_LONG;
    return text_is_clean(buf_cstr(&lf->tmp), true) ? TEXT_OK : TEXT_BAD;
}

/* Each line of body through fn (a line ends after its '\n'); stops at the
 * first non-zero return. */
static int each_line(line_feed *lf, const char *body, size_t blen, int (*fn)(line_feed *, const char *, size_t, void *),
                     void *arg)
{
    size_t i = 0;
    lf->line = 1;
    while (i < blen) {
        const char *nl = memchr(body + i, '\n', blen - i);
        size_t len = nl ? (size_t)(nl - (body + i)) + 1 : blen - i;
        int rc = fn(lf, body + i, len, arg);
        if (rc)
            return rc;
        i += len;
        lf->line++;
    }
    return 0;
}

static int check_utf8(line_feed *lf, const char *p, size_t len, void *arg)
{
    (void)arg;
    return line_clean(lf, p, len);
}

typedef struct feed_state {
    csv_reader *cr;
    bool cp932, checked;      /* checked: the UTF-8 lines were checked already */
    int text;                 /* TEXT_BAD / TEXT_LONG when a line was refused */
    int parse;                /* the CSV reader's answer */
    int64_t bad_line;
} feed_state;

static int feed_line(line_feed *lf, const char *p, size_t len, void *arg)
{
    feed_state *fs = arg;
    if (!fs->cp932) {
        if (!fs->checked && (fs->text = line_clean(lf, p, len)) != TEXT_OK)
            return 1;
        return (fs->parse = csv_reader_feed(fs->cr, p, len, &fs->bad_line)) != 0;
    }
    if (len > MAX_LINE) {
        fs->text = TEXT_LONG;
        return 1;
    }
    size_t olen = 0;
    char *conv = memchr(p, '\0', len) ? NULL : text_from_cp932(p, len, &olen);
    if (!conv || line_clean(lf, conv, olen) != TEXT_OK) {
        free(conv);
        fs->text = TEXT_BAD;
        return 1;
    }
    fs->parse = csv_reader_feed(fs->cr, conv, olen, &fs->bad_line);
    free(conv);
    return fs->parse != 0;
}

static int text_error(int text, bool cp932, int64_t line, err_t *e)
{
    if (text == TEXT_LONG)
        return err_field(e, "file", "%lld行目が長すぎます（1行 %zu バイトまで）。", (long long)line, MAX_LINE);
    if (cp932)
        return err_field(e, "file", "ファイルの文字コードを読み取れません。UTF-8 か Shift_JIS (CP932) の CSV にしてください。");
    return err_field(e, "file", "ファイルが UTF-8 として正しくありません（制御文字または不正なバイト列）。");
}

/* Decode and parse body into st->rows. */
static int parse_csv(const char *body, size_t blen, const char *enc, csv_state *st, err_t *e)
{
    line_feed lf = {.line = 1};
    buf_init(&lf.tmp, MAX_LINE + 1);
    feed_state fs = {.cp932 = strcmp(enc, "cp932") == 0 || strcmp(enc, "sjis") == 0};
    if (strcmp(enc, "auto") == 0) {   /* UTF-8 when every line is clean UTF-8, else CP932 */
        int t = each_line(&lf, body, blen, check_utf8, NULL);
        if (t == TEXT_LONG) {
            buf_free(&lf.tmp);
            return text_error(t, false, lf.line, e);
        }
        fs.cp932 = t != TEXT_OK;
        fs.checked = !fs.cp932;
    }
    fs.cr = csv_reader_new(on_row, st);
    if (!fs.cr) {
        buf_free(&lf.tmp);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    each_line(&lf, body, blen, feed_line, &fs);
    if (!fs.text && !fs.parse)
        fs.parse = csv_reader_end(fs.cr, &fs.bad_line);
    csv_reader_free(fs.cr);
    buf_free(&lf.tmp);
    if (fs.text)
        return text_error(fs.text, fs.cp932, lf.line, e);
    if (st->rc)
        return st->rc;
    if (fs.parse) {
        char msg[160];
        str_fmt(msg, sizeof msg, "%lld行目: CSV として読めません（引用符が閉じていないか、列が多すぎます）。",
                (long long)fs.bad_line);
        return err_set(e, ERR_INVALID, "file", msg, "CSV parse error at line %lld", (long long)fs.bad_line);
    }
    if (!st->header_seen)
        return err_field(e, "file", "ファイルに見出し行がありません。");
    return 0;
}

int app_reading_import_csv(app_ctx *ctx, const char *data, size_t len, const char *encoding, const char *mode,
                           app_import_report *rep, err_t *e)
{
    memset(rep, 0, sizeof *rep);
    double t0 = date_mono_seconds();
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    if (rc)
        return rc;
    const char *enc = encoding && *encoding ? encoding : "auto";
    if (strcmp(enc, "auto") != 0 && strcmp(enc, "utf8") != 0 && strcmp(enc, "cp932") != 0 && strcmp(enc, "sjis") != 0)
        return err_field(e, "encoding", "文字コードは auto, utf8, cp932 のいずれかを指定してください。");
    if (len == 0)
        return err_field(e, "file", "ファイルが空です。");
    const char *body = data;
    size_t blen = len;
    if (blen >= 3 && (unsigned char)body[0] == 0xEF && (unsigned char)body[1] == 0xBB && (unsigned char)body[2] == 0xBF) {
        body += 3;
        blen -= 3;
    }
    csv_state st = {.e = e, .max = app_reading_import_max_rows(ctx)};
    /* The rows array sized once from the lines (at most the limit, plus the
     * header): no doubling, no copy while it grows. */
    size_t lines = 1;
    for (const char *p = body, *end = body + blen; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        lines++;
    st.cap = lines < (size_t)st.max + 1 ? lines : (size_t)st.max + 1;
    st.rows = malloc(st.cap * sizeof *st.rows);
    if (!st.rows)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    rc = parse_csv(body, blen, enc, &st, e);
    if (rc) {
        free(st.rows);
        return rc;
    }
    double parse = date_mono_seconds() - t0;
    rc = app_reading_import_rows(ctx, st.rows, st.n, mode, "csv", rep, e);
    rep->parse_seconds = parse;
    free(st.rows);
    return rc;
}

/* ---- the full list of refused rows ------------------------------------ */

static int refusal_csv_row(const import_refusal_row *r, void *arg)
{
    csv_writer *w = arg;
    csv_field_i64(w, r->line);
    csv_field(w, r->tap_no);
    csv_field(w, r->meter_no);
    csv_field(w, r->read_on);
    csv_field(w, r->value);
    csv_field(w, r->code);
    csv_field(w, r->message);
    csv_end_row(w);
    return w->out->failed ? ERR_TOO_LARGE : 0;
}

int app_reading_import_refusals_csv(app_ctx *ctx, const char *batch, buf_t *out, err_t *e)
{
    int rc = app_require(ctx, PERM_READING_ENTER, e);
    if (rc)
        return rc;
    import_row ir;
    rc = batch && *batch ? import_store_get(ctx->db, batch, &ir, e) : ERR_NOTFOUND;
    bool device = ctx->actor.user_id < 0;   /* a handheld: only its own imports */
    bool own = rc == 0 && strcmp(ir.created_by, ctx->actor.username) == 0;
    if (rc == ERR_NOTFOUND || (rc == 0 && device && !own))
        return err_set(e, ERR_NOTFOUND, NULL, "その取込番号の除外行は見つかりません。", "no import %s for this actor",
                       batch ? batch : "");
    if (rc)
        return rc;
    if (!device) {   /* a staff view is audited before anything is shown (the sender's own too) */
        char obj[64];
        str_fmt(obj, sizeof obj, "reading_import:%s", batch);
        app_audit_detail d;
        app_audit_detail_begin(&d);
        jsonw_kv_int(&d.w, "refused", ir.refused);
        jsonw_kv_string(&d.w, "created_by", own ? "self" : "other");
        if ((rc = app_audit_now_json(ctx, "reading.import.refusals.view", obj, &d, e)))
            return rc;
    }
    csv_writer w;
    csv_begin(&w, out, true);
    static const char *const HEAD[] = {"行", "水栓番号", "メーター番号", "検針日", "指針", "理由コード", "理由"};
    for (size_t i = 0; i < sizeof HEAD / sizeof HEAD[0]; i++)
        csv_field(&w, HEAD[i]);
    csv_end_row(&w);
    rc = import_store_refusals_each(ctx->db, batch, refusal_csv_row, &w, e);
    if (rc == ERR_TOO_LARGE)
        return err_set(e, ERR_TOO_LARGE, NULL, NULL, "refusal list of %s too large", batch);
    return rc;
}
