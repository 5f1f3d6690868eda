/* app_ic_export_pipe — reading ahead and writing behind (see
 * app_ic_export_pipe.h).
 *
 * Rows pass in batches through a ring of NBATCH slots: the reading thread
 * fills the slot at head (the consumer never touches it until head moves
 * past it), the calling thread empties the one at tail.  A batch holds its
 * rows' texts in one buffer, each value as an offset into it (the buffer
 * may move while it grows) or NULL_OFF for SQL NULL. */
#include "app/interchange/app_ic_export_pipe.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/anonfile.h"
#include "domain/interchange/ic_format.h"
#include "domain/interchange/ic_keymap.h"

#define NBATCH 6
#define BATCH_ROWS 4096
#define BATCH_BYTES (1024 * 1024)
#define MAX_VALS 64          /* columns of a row (ic_store's widest table has fewer) */
#define NULL_OFF SIZE_MAX

typedef struct batch {
    buf_t text;
    size_t *off;     /* nrows × ncols */
    int64_t *ids;
    int nrows;
} batch;

typedef struct reader {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch slot[NBATCH];
    unsigned head, tail;     /* batches filled / emptied (the ring's positions mod NBATCH) */
    bool done, stop;         /* done: the reading ended (rc, e); stop: the consumer wants no more */
    bool filling;            /* the reading thread holds the slot at head (it was free) */
    int ncols;
    /* the row numbers of a group (IC_SEQ), counted here */
    int seq;                 /* the IC_SEQ column, -1 when none */
    int group[IC_MAX_CSV_COLS], ngroup;   /* the key columns before it */
    bool by_id;              /* the group is one reference by id: counted by the id */
    bool zero[IC_MAX_CSV_COLS];           /* group column k: an IC_ZERO reference ("0": empty) */
    ic_keymap counts;
    buf_t gkey;
    db_conn *db;
    const ic_store_table *t;
    int rc;
    err_t e;
    int64_t cpu_ms;          /* the reading thread's CPU, when it ended */
} reader;

static int64_t thread_cpu_ms(void)
{
    struct timespec t;
    return clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0 ? (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000 : 0;
}

/* The reading thread: publish the batch at head (under the lock). */
static bool publish(reader *r)
{
    pthread_mutex_lock(&r->mu);
    r->head++;
    r->filling = false;
    bool stop = r->stop;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    return !stop;
}

/* The number of the row among those of its group so far (1 for the first);
 * 0 when out of memory. */
static int64_t count_row(reader *r, const char *const *vals)
{
    if (r->by_id) {
        const char *v = vals[r->group[0]];
        long long id = 0;
        if (!v || (r->zero[0] && strcmp(v, "0") == 0) || !str_to_i64(v, &id))
            id = 0;   /* the empty reference (ids are 1, 2, ...) */
        return ic_keymap_count_int(&r->counts, id);
    }
    buf_reset(&r->gkey);
    for (int k = 0; k < r->ngroup; k++) {
        const char *v = vals[r->group[k]];
        if (k)
            buf_putc(&r->gkey, IC_KEY_SEP);
        if (v && !(r->zero[k] && strcmp(v, "0") == 0))
            buf_puts(&r->gkey, v);
    }
    return r->gkey.failed ? 0 : ic_keymap_count(&r->counts, buf_cstr(&r->gkey));
}

static int pack(void *arg, int64_t id, const char *const *vals, int n)
{
    reader *r = arg;
    if (!r->filling) {   /* a new batch: wait for its slot to be emptied */
        pthread_mutex_lock(&r->mu);
        while (r->head - r->tail >= NBATCH && !r->stop)
            pthread_cond_wait(&r->cv, &r->mu);
        bool stop = r->stop;
        pthread_mutex_unlock(&r->mu);
        if (stop)
            return 1;
        r->filling = true;
    }
    batch *b = &r->slot[r->head % NBATCH];
    if (n != r->ncols)
        return err_set(&r->e, ERR_INTERNAL, NULL, NULL, "export: %d values, %d expected", n, r->ncols);
    size_t *off = b->off + (size_t)b->nrows * (size_t)n;
    char digits[24];
    const char *number = "";
    if (r->seq >= 0) {
        int64_t k = count_row(r, vals);
        if (!k)
            return err_set(&r->e, ERR_INTERNAL, NULL, NULL, "export: out of memory counting rows");
        number = str_i64(k, digits);
    }
    for (int c = 0; c < n; c++) {
        if (c == r->seq) {
            off[c] = b->text.len;
            buf_append(&b->text, number, strlen(number) + 1);
            continue;
        }
        if (!vals[c]) {
            off[c] = NULL_OFF;
            continue;
        }
        off[c] = b->text.len;
        buf_append(&b->text, vals[c], strlen(vals[c]) + 1);
    }
    if (b->text.failed)
        return err_set(&r->e, ERR_INTERNAL, NULL, NULL, "export: out of memory reading ahead");
    b->ids[b->nrows++] = id;
    if (b->nrows == BATCH_ROWS || b->text.len >= BATCH_BYTES)
        return publish(r) ? 0 : 1;
    return 0;
}

static void *read_all(void *arg)
{
    reader *r = arg;
    int64_t hint = 0;   /* the groups sized for the rows to come */
    int rc = r->seq >= 0 ? ic_store_rows_hint(r->db, r->t, &hint, &r->e) : 0;
    if (!rc && hint > 0 && !r->by_id)
        ic_keymap_reserve(&r->counts, (size_t)hint);
    if (!rc)
        rc = ic_store_each(r->db, r->t, pack, r, &r->e);
    if (!rc && r->filling && r->slot[r->head % NBATCH].nrows > 0)   /* the last, partly filled batch */
        publish(r);
    pthread_mutex_lock(&r->mu);
    r->rc = rc;
    r->cpu_ms = thread_cpu_ms();
    r->done = true;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* Which columns make the group of an IC_SEQ column of file f. */
static void find_groups(reader *r, int f)
{
    const ic_file_def *def = ic_format_file(f);
    r->seq = -1;
    for (int c = 0; c < def->ncols && r->seq < 0; c++) {
        const ic_col *col = &def->cols[c];
        if (col->kind == IC_SEQ)
            r->seq = c;
        else if ((col->flags & IC_KEY) && r->ngroup < IC_MAX_CSV_COLS) {
            r->zero[r->ngroup] = col->kind == IC_REF && (col->flags & IC_ZERO);
            r->group[r->ngroup++] = c;
        }
    }
    const ic_col *g = r->ngroup == 1 ? &def->cols[r->group[0]] : NULL;
    r->by_id = g && g->kind == IC_REF && ic_format_file(g->ref)->has_id;
}

static void reader_free(reader *r)
{
    for (int i = 0; r && i < NBATCH; i++) {
        buf_free(&r->slot[i].text);
        free(r->slot[i].off);
        free(r->slot[i].ids);
    }
    if (r) {
        ic_keymap_free(&r->counts);
        buf_free(&r->gkey);
    }
    free(r);
}

int app_ic_rows_each(db_conn *db, const ic_store_table *t, int f, ic_store_row_fn fn, void *arg, int64_t *cpu_ms,
                     err_t *e)
{
    int ncols = ic_store_cols(t);
    if (ncols <= 0 || ncols > MAX_VALS || ncols != ic_format_file(f)->ncols)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "export: %d columns", ncols);
    reader *r = calloc(1, sizeof *r);
    bool ok = r != NULL;
    if (ok) {
        ic_keymap_init(&r->counts);
        buf_init(&r->gkey, 4096);
        find_groups(r, f);
    }
    for (int i = 0; ok && i < NBATCH; i++) {
        buf_init(&r->slot[i].text, 0);
        r->slot[i].off = malloc(sizeof(size_t) * BATCH_ROWS * (size_t)ncols);
        r->slot[i].ids = malloc(sizeof(int64_t) * BATCH_ROWS);
        ok = r->slot[i].off && r->slot[i].ids;
    }
    pthread_t th;
    if (ok) {
        r->ncols = ncols;
        r->db = db;
        r->t = t;
        pthread_mutex_init(&r->mu, NULL);
        pthread_cond_init(&r->cv, NULL);
        if (pthread_create(&th, NULL, read_all, r) != 0) {
            pthread_mutex_destroy(&r->mu);
            pthread_cond_destroy(&r->cv);
            ok = false;
        }
    }
    if (!ok) {
        reader_free(r);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "export: cannot start the reading thread");
    }
    int rc = 0;
    const char *vals[MAX_VALS];
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (r->tail == r->head && !r->done)
            pthread_cond_wait(&r->cv, &r->mu);
        bool empty = r->tail == r->head;
        pthread_mutex_unlock(&r->mu);
        if (empty)
            break;
        batch *b = &r->slot[r->tail % NBATCH];
        for (int i = 0; !rc && i < b->nrows; i++) {
            const size_t *off = b->off + (size_t)i * (size_t)ncols;
            for (int c = 0; c < ncols; c++)
                vals[c] = off[c] == NULL_OFF ? NULL : b->text.data + off[c];
            rc = fn(arg, b->ids[i], vals, ncols);
        }
        buf_reset(&b->text);
        b->nrows = 0;
        pthread_mutex_lock(&r->mu);
        r->tail++;
        if (rc)
            r->stop = true;
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
        if (rc)
            break;
    }
    pthread_join(th, NULL);
    *cpu_ms += r->cpu_ms;
    if (!rc && r->rc) {
        *e = r->e;
        rc = r->rc;
    }
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    reader_free(r);
    return rc;
}

/* ---- writing behind --------------------------------------------------------- */

struct app_ic_file_writer {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th;
    buf_t pending, work;      /* handed over, waiting / being written */
    int pending_fd, work_fd;
    crypto_sha256 *pending_sha, *work_sha;
    bool has_pending, busy, quit;
    int64_t cpu_ms;           /* the thread's CPU, when it ended */
    int err_no;               /* of a failed write since the last sync; 0 when none */
};

static void *write_all(void *arg)
{
    app_ic_file_writer *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->has_pending && !w->quit)
            pthread_cond_wait(&w->cv, &w->mu);
        if (!w->has_pending)
            break;
        buf_t t = w->work;    /* take the waiting buffer; leave an empty one in its place */
        w->work = w->pending;
        w->pending = t;
        w->work_fd = w->pending_fd;
        w->work_sha = w->pending_sha;
        w->has_pending = false;
        w->busy = true;
        bool failed = w->err_no != 0;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        int err_no = 0;
        if (!failed) {
            crypto_sha256_add(w->work_sha, w->work.data, w->work.len);
            if (!anonfile_write_all(w->work_fd, w->work.data, w->work.len))
                err_no = errno ? errno : EIO;
        }
        buf_reset(&w->work);
        pthread_mutex_lock(&w->mu);
        if (err_no && !w->err_no)
            w->err_no = err_no;
        w->busy = false;
        pthread_cond_broadcast(&w->cv);
    }
    w->cpu_ms = thread_cpu_ms();
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

app_ic_file_writer *app_ic_file_writer_start(void)
{
    app_ic_file_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    buf_init(&w->pending, 0);
    buf_init(&w->work, 0);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->th, NULL, write_all, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
        return NULL;
    }
    return w;
}

bool app_ic_file_writer_put(app_ic_file_writer *w, int fd, crypto_sha256 *sha, buf_t *b)
{
    pthread_mutex_lock(&w->mu);
    while (w->has_pending)
        pthread_cond_wait(&w->cv, &w->mu);
    buf_t t = w->pending;   /* empty: the writer left it so */
    w->pending = *b;
    *b = t;
    w->pending_fd = fd;
    w->pending_sha = sha;
    w->has_pending = true;
    bool ok = w->err_no == 0;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return ok;
}

bool app_ic_file_writer_sync(app_ic_file_writer *w, int *err_no)
{
    pthread_mutex_lock(&w->mu);
    while (w->has_pending || w->busy)
        pthread_cond_wait(&w->cv, &w->mu);
    *err_no = w->err_no;
    w->err_no = 0;
    pthread_mutex_unlock(&w->mu);
    return *err_no == 0;
}

void app_ic_file_writer_stop(app_ic_file_writer *w, int64_t *cpu_ms)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->quit = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->th, NULL);
    if (cpu_ms)
        *cpu_ms = w->cpu_ms;
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    buf_free(&w->pending);
    buf_free(&w->work);
    free(w);
}
