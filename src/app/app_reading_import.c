/* app_reading_import — many readings at once from a handheld terminal's CSV
 * file or the JSON API's batch: one transaction, one audit row, every
 * refused row reported with its reason (see app.h). */
#include "app/app.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/reading_engine.h"
#include "base/csv_read.h"
#include "base/date.h"
#include "base/text.h"
#include "base/vec.h"
#include "domain/role.h"

void app_import_report_free(app_import_report *rep)
{
    free(rep->refusals);
    rep->refusals = NULL;
    rep->nrefusals = 0;
}

/* Count one answer; a refusal is kept for the report. */
static int tally(app_import_report *rep, size_t *cap, const app_import_row *row, size_t index,
                 const app_reading_out *out, err_t *e)
{
    if (out->status == READING_REFUSED) {
        rep->refused++;
        app_import_result *r = vec_slot((void **)&rep->refusals, &rep->nrefusals, cap, sizeof *r);
        if (!r)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        r->line = row->line;
        r->index = index;
        r->out = *out;
    } else if (out->duplicate) {
        rep->duplicates++;
    } else if (out->status == READING_HELD) {
        rep->held++;
    } else {
        rep->accepted++;
    }
    return 0;
}

static int keep_reject(app_ctx *ctx, const app_import_report *rep, const app_import_row *row, const app_reading_out *o,
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
    str_copy(r.reasons, sizeof r.reasons, o->message);
    str_copy(r.created_by, sizeof r.created_by, ctx->actor.username);
    r.created_at = date_now_unix();
    return reject_store_insert(ctx->db, &r, e);
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

static void *pipe_reader(void *arg)
{
    import_pipe *p = arg;
    reading_engine rg;
    err_t e;
    err_clear(&e);
    int rc = reading_engine_init(&rg, &p->rctx, &e);
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
            sl->rc = reading_engine_gather(&rg, row->tap_no, row->meter_no, row->read_on, &sl->c, &sl->out, &sl->e);
            if (sl->rc)   /* let the writer meet the error on its own connection */
                sl->regather = true;
        }
        atomic_store(&p->produced, k + 1);
        pipe_wake(p, &p->writer_waits);
    }
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

int app_reading_import_rows(app_ctx *ctx, const app_import_row *rows, size_t n, const char *mode, const char *source,
                            app_import_report *rep, err_t *e)
{
    memset(rep, 0, sizeof *rep);
    double t0 = date_mono_seconds();
    bool clean = mode && strcmp(mode, "clean") == 0;
    if (mode && *mode && !clean && strcmp(mode, "all") != 0)
        return err_field(e, "mode", "取込方法は all（全件か0件）か clean（正しい行だけ）を指定してください。");
    /* Applying the clean rows and keeping the rest is a supervisor's decision. */
    int rc = app_require(ctx, clean ? PERM_READING_CONFIRM : PERM_READING_ENTER, e);
    if (rc)
        return rc;
    char hex[17];
    crypto_random_hex(hex, 8);
    char today[11];
    date_format_iso(date_today_jst(), today);
    str_fmt(rep->batch, sizeof rep->batch, "%s-%s", today, hex);
    db_bulk(ctx->db, true);
    if ((rc = db_begin(ctx->db, e))) {
        db_bulk(ctx->db, false);
        return rc;
    }
    const app_import_row **order = n ? malloc(n * sizeof *order) : NULL;
    if (n && !order) {
        rc = app_tx_end(ctx, err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory"), e);
        db_bulk(ctx->db, false);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &rows[i];
    qsort(order, n, sizeof *order, by_tap);
    reading_engine g;
    if ((rc = reading_engine_init(&g, ctx, e))) {
        free(order);
        rc = app_tx_end(ctx, rc, e);
        db_bulk(ctx->db, false);
        return rc;
    }
    /* The reader thread, when a second connection can be had. */
    import_pipe p = {.order = order, .n = n};
    atomic_init(&p.produced, 0);
    atomic_init(&p.consumed, 0);
    atomic_init(&p.stop, false);
    atomic_init(&p.reader_waits, false);
    atomic_init(&p.writer_waits, false);
    pthread_t reader;
    bool piped = false;
    db_conn *rdb = NULL;
    if (n >= 2 && app_db_open(ctx->env, &rdb, e) == 0 && db_begin_read(rdb, e) == 0 &&
        (p.slots = malloc(PIPE_SLOTS * sizeof *p.slots)) != NULL) {
        p.rctx = *ctx;
        p.rctx.db = rdb;
        p.rctx.defer = NULL;
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.changed, NULL);
        piped = pthread_create(&reader, NULL, pipe_reader, &p) == 0;
        if (!piped) {
            pthread_mutex_destroy(&p.mu);
            pthread_cond_destroy(&p.changed);
        }
    }
    err_clear(e);
    size_t cap = 0;
    for (size_t k = 0; k < n && !rc; k++) {
        const app_import_row *row = order[k];
        size_t i = (size_t)(row - rows);
        pipe_slot *sl = NULL;
        if (piped) {
            pipe_wait(&p, &p.writer_waits, slot_filled, k);
            sl = &p.slots[k % PIPE_SLOTS];
        }
        if (!row->value[0]) {
            rep->skipped++;
        } else {
            rep->rows++;
            app_reading_in in = {.tap_no = row->tap_no, .meter_no = row->meter_no, .read_on = row->read_on,
                                 .value = row->value, .client_id = row->client_id, .source = source};
            app_reading_out out;
            if (!sl || sl->regather) {
                rc = reading_engine_record(&g, &in, &out, e);
            } else {
                out = sl->out;
                if (out.status != READING_REFUSED)
                    rc = reading_engine_finish(&g, &sl->c, &in, sl->value, &out, e);
            }
            if (!rc)
                rc = tally(rep, &cap, row, i, &out, e);
        }
        if (piped) {
            atomic_store(&p.consumed, k + 1);
            pipe_wake(&p, &p.reader_waits);
        }
    }
    if (piped) {
        atomic_store(&p.stop, true);
        pthread_mutex_lock(&p.mu);
        pthread_cond_broadcast(&p.changed);
        pthread_mutex_unlock(&p.mu);
        pthread_join(reader, NULL);
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.changed);
    }
    free(p.slots);
    if (rdb) {
        db_end_read(rdb);
        db_conn_close(rdb);
    }
    reading_engine_free(&g);
    free(order);
    if (!rc && rep->refused && !clean) {
        db_rollback(ctx->db);   /* all or nothing: the file is fixed and sent again */
        db_bulk(ctx->db, false);
        rep->seconds = date_mono_seconds() - t0;
        return 0;
    }
    for (size_t i = 0; !rc && i < rep->nrefusals; i++)
        rc = keep_reject(ctx, rep, &rows[rep->refusals[i].index], &rep->refusals[i].out, e);
    if (!rc) {
        char d[320];
        str_fmt(d, sizeof d,
                "{\"batch\":\"%s\",\"mode\":\"%s\",\"source\":\"%s\",\"rows\":%lld,\"accepted\":%lld,\"held\":%lld,"
                "\"refused\":%lld,\"duplicates\":%lld,\"skipped\":%lld}",
                rep->batch, clean ? "clean" : "all", source ? source : "", (long long)rep->rows,
                (long long)rep->accepted, (long long)rep->held, (long long)rep->refused, (long long)rep->duplicates,
                (long long)rep->skipped);
        char obj[48];
        str_fmt(obj, sizeof obj, "reading_import:%s", rep->batch);
        rc = app_audit(ctx, "reading.import", obj, d, e);
    }
    double tc = date_mono_seconds();
    rc = app_tx_end(ctx, rc, e);
    db_bulk(ctx->db, false);
    rep->commit_seconds = date_mono_seconds() - tc;
    rep->applied = rc == 0;
    rep->seconds = date_mono_seconds() - t0;
    return rc;
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
    char *text = malloc(len + 1);
    if (!text)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    memcpy(text, data, len);
    text[len] = '\0';
    char *body = text;
    size_t blen = len;
    if (blen >= 3 && (unsigned char)body[0] == 0xEF && (unsigned char)body[1] == 0xBB && (unsigned char)body[2] == 0xBF) {
        body += 3;
        blen -= 3;
    }
    bool nul_inside = strlen(body) != blen;
    bool as_cp932 = strcmp(enc, "cp932") == 0 || strcmp(enc, "sjis") == 0 ||
                    (strcmp(enc, "auto") == 0 && (nul_inside || !text_is_clean(body, true)));
    char *conv = NULL;
    if (as_cp932) {
        size_t olen = 0;
        conv = nul_inside ? NULL : text_from_cp932(body, blen, &olen);
        if (!conv || !text_is_clean(conv, true)) {
            free(conv);
            free(text);
            return err_field(e, "file", "ファイルの文字コードを読み取れません。UTF-8 か Shift_JIS (CP932) の CSV にしてください。");
        }
        body = conv;
        blen = olen;
    } else if (nul_inside || !text_is_clean(body, true)) {
        free(text);
        return err_field(e, "file", "ファイルが UTF-8 として正しくありません（制御文字または不正なバイト列）。");
    }
    csv_state st = {.e = e};
    int64_t bad_line = 0;
    int prc = csv_read_all(body, blen, on_row, &st, &bad_line);
    free(conv);
    free(text);
    if (st.rc) {
        free(st.rows);
        return st.rc;
    }
    if (prc) {
        free(st.rows);
        char msg[160];
        str_fmt(msg, sizeof msg, "%lld行目: CSV として読めません（引用符が閉じていないか、列が多すぎます）。",
                (long long)bad_line);
        return err_set(e, ERR_INVALID, "file", msg, "CSV parse error at line %lld", (long long)bad_line);
    }
    if (!st.header_seen) {
        free(st.rows);
        return err_field(e, "file", "ファイルに見出し行がありません。");
    }
    double parse = date_mono_seconds() - t0;
    rc = app_reading_import_rows(ctx, st.rows, st.n, mode, "csv", rep, e);
    rep->parse_seconds = parse;
    free(st.rows);
    return rc;
}
