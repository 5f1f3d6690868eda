/* app_ic_writer — the import's writer thread (see app_ic_writer.h).
 *
 * Batches go round between two lists under one lock: full ones from the
 * importer to the writer, emptied ones back.  A batch is a row batch (rows
 * of one file, each a record: id, line, its values, then their texts, all in
 * the batch's memory) or an order (begin a file's load, end it, quit).  A
 * hand-over moves a whole batch — a thousand rows or so — so the lock is
 * taken a few thousand times in an import of millions of rows. */
#include "app/interchange/app_ic_writer.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "domain/interchange/ic_format.h"

enum op { OP_ROWS, OP_BEGIN, OP_END, OP_QUIT };

typedef struct rec {
    int64_t id, line;
    int32_t n;
    uint32_t size;          /* of the record, its texts included, a multiple of 8 */
    ic_store_val v[];
} rec;

typedef struct batch {
    struct batch *next;
    int op;
    int f;                  /* OP_BEGIN: the file */
    const ic_store_table *t;   /* OP_BEGIN: its table */
    bool ok;                /* OP_END: store the file (false: abandon its load) */
    char *mem;              /* OP_ROWS: the records */
    size_t used, cap, nrows;
} batch;

typedef struct list {
    batch *head, *tail;
} list;

struct app_ic_writer {
    db_conn *db;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t to_writer, to_reader;
    list full, empty;
    int made;               /* batches allocated (up to APP_IC_WRITER_BATCHES) */
    batch *cur;             /* the importer's batch being filled, or NULL */
    int cur_f;              /* the importer's file */
    batch quit;             /* the last order (no allocation: it cannot fail) */
    bool done;              /* the thread joined */
    /* the writer's */
    ic_store_load *load;
    int f;
    /* seconds, for the log at the end (SUIDO_LOG_LEVEL=debug): the writer's
     * CPU storing rows (the rest of its CPU) and ending loads (the index
     * builds), the wall each side waited for the other */
    double cpu_rows, cpu_end, writer_idle, reader_blocked;
    /* the first failure: written by the writer before failed is set */
    atomic_bool failed;
    int fail_f;
    int64_t fail_line;
    bool fail_fatal;
    err_t fail_e;
};

static void push(list *l, batch *b)
{
    b->next = NULL;
    if (l->tail)
        l->tail->next = b;
    else
        l->head = b;
    l->tail = b;
}

static batch *pop(list *l)
{
    batch *b = l->head;
    if (b && !(l->head = b->next))
        l->tail = NULL;
    return b;
}

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the writer thread --------------------------------------------------- */

static void fail(app_ic_writer *w, int64_t line, bool fatal, const err_t *e)
{
    if (atomic_load(&w->failed))
        return;
    w->fail_f = w->f;
    w->fail_line = line;
    w->fail_fatal = fatal;
    w->fail_e = *e;
    atomic_store(&w->failed, true);
}

static void store_rows(app_ic_writer *w, batch *b)
{
    err_t e;
    err_clear(&e);
    for (size_t off = 0; off < b->used && w->load && !atomic_load(&w->failed);) {
        const rec *r = (const rec *)(b->mem + off);
        if (ic_store_load_row(w->load, r->id, r->v, r->n, &e))
            fail(w, r->line, false, &e);
        off += r->size;
    }
}

static void end_load(app_ic_writer *w, bool ok)
{
    if (!w->load)
        return;
    err_t e;
    err_clear(&e);
    ok = ok && !atomic_load(&w->failed);
    double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
    if (ic_store_load_end(w->load, ok, &e) && ok)
        fail(w, 0, false, &e);
    w->load = NULL;
    double cpu = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0, wall = clock_s(CLOCK_MONOTONIC) - t0;
    w->cpu_end += cpu;
    if (wall >= 0.1)
        log_msg(LOG_DEBUG, NULL, "import writer: %s ended (indexes made) in %.2f s, %.2f s CPU",
                ic_format_file(w->f)->file, wall, cpu);
}

static void run(app_ic_writer *w, batch *b)
{
    err_t e;
    err_clear(&e);
    switch (b->op) {
    case OP_BEGIN:
        end_load(w, false);   /* never open here: the importer ends each file */
        w->f = b->f;
        if (!atomic_load(&w->failed) && ic_store_load_begin(w->db, b->t, &w->load, &e))
            fail(w, 0, true, &e);
        break;
    case OP_ROWS:
        store_rows(w, b);
        break;
    case OP_END:
        end_load(w, b->ok);
        break;
    default:
        end_load(w, false);
        break;
    }
}

static void *writer_main(void *arg)
{
    app_ic_writer *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        batch *b = pop(&w->full);
        if (!b) {
            double t0 = clock_s(CLOCK_MONOTONIC);
            while (!(b = pop(&w->full)))
                pthread_cond_wait(&w->to_writer, &w->mu);
            w->writer_idle += clock_s(CLOCK_MONOTONIC) - t0;
        }
        pthread_mutex_unlock(&w->mu);
        run(w, b);
        if (b->op == OP_QUIT) {
            w->cpu_rows = clock_s(CLOCK_THREAD_CPUTIME_ID) - w->cpu_end;   /* about: waiting costs little */
            break;   /* w->quit: not given back */
        }
        b->used = b->nrows = 0;
        pthread_mutex_lock(&w->mu);
        push(&w->empty, b);
        pthread_cond_signal(&w->to_reader);
        pthread_mutex_unlock(&w->mu);
    }
    return NULL;
}

/* ---- the importer's side ------------------------------------------------- */

/* An empty batch: one given back, a new one while fewer than the cap are
 * made, else the first the writer gives back.  NULL when out of memory. */
static batch *take(app_ic_writer *w)
{
    pthread_mutex_lock(&w->mu);
    batch *b = pop(&w->empty);
    if (!b && w->made < APP_IC_WRITER_BATCHES) {
        if ((b = calloc(1, sizeof *b)))
            w->made++;
    } else if (!b) {
        double t0 = clock_s(CLOCK_MONOTONIC);
        while (!b) {
            pthread_cond_wait(&w->to_reader, &w->mu);
            b = pop(&w->empty);
        }
        w->reader_blocked += clock_s(CLOCK_MONOTONIC) - t0;
    }
    pthread_mutex_unlock(&w->mu);
    return b;
}

static void give(app_ic_writer *w, batch *b)
{
    pthread_mutex_lock(&w->mu);
    push(&w->full, b);
    pthread_cond_signal(&w->to_writer);
    pthread_mutex_unlock(&w->mu);
}

/* The rows gathered so far to the writer. */
static void flush(app_ic_writer *w)
{
    if (w->cur && w->cur->nrows)
        give(w, w->cur);
    else if (w->cur) {
        pthread_mutex_lock(&w->mu);
        push(&w->empty, w->cur);
        pthread_mutex_unlock(&w->mu);
    }
    w->cur = NULL;
}

static int order(app_ic_writer *w, int op, int f, const ic_store_table *t, bool ok, err_t *e)
{
    flush(w);
    batch *b = take(w);
    if (!b)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    b->op = op;
    b->f = f;
    b->t = t;
    b->ok = ok;
    give(w, b);
    return 0;
}

int app_ic_writer_start(db_conn *db, app_ic_writer **out, err_t *e)
{
    *out = NULL;
    app_ic_writer *w = calloc(1, sizeof *w);
    if (!w)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    w->db = db;
    atomic_init(&w->failed, false);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->to_writer, NULL);
    pthread_cond_init(&w->to_reader, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->to_writer);
        pthread_cond_destroy(&w->to_reader);
        free(w);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "no writer thread");
    }
    *out = w;
    return 0;
}

int app_ic_writer_begin(app_ic_writer *w, int f, const ic_store_table *t, err_t *e)
{
    w->cur_f = f;
    return order(w, OP_BEGIN, f, t, false, e);
}

int app_ic_writer_end(app_ic_writer *w, bool ok, err_t *e)
{
    return order(w, OP_END, w->cur_f, NULL, ok, e);
}

int app_ic_writer_row(app_ic_writer *w, int64_t id, int64_t line, const ic_store_val *v, int n, err_t *e)
{
    size_t size = sizeof(rec) + (size_t)n * sizeof(ic_store_val);
    for (int i = 0; i < n; i++)
        if (!v[i].is_id && v[i].text)
            size += strlen(v[i].text) + 1;
    size = (size + 7) & ~(size_t)7;
    if (size > UINT32_MAX)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "row too large");
    if (w->cur && w->cur->used + size > w->cur->cap)
        flush(w);
    if (!w->cur) {
        if (!(w->cur = take(w)))
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        w->cur->op = OP_ROWS;
        w->cur->f = w->cur_f;
    }
    batch *b = w->cur;
    if (size > b->cap) {   /* an empty batch: made big enough */
        size_t cap = size > APP_IC_WRITER_BATCH ? size : APP_IC_WRITER_BATCH;
        char *mem = realloc(b->mem, cap);
        if (!mem)
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        b->mem = mem;
        b->cap = cap;
    }
    rec *r = (rec *)(b->mem + b->used);
    r->id = id;
    r->line = line;
    r->n = n;
    r->size = (uint32_t)size;
    char *text = (char *)&r->v[n];
    for (int i = 0; i < n; i++) {
        r->v[i] = v[i];
        if (!v[i].is_id && v[i].text) {
            size_t len = strlen(v[i].text) + 1;
            memcpy(text, v[i].text, len);
            r->v[i].text = text;
            text += len;
        }
    }
    b->used += size;
    b->nrows++;
    return 0;
}

bool app_ic_writer_failed(app_ic_writer *w, int *f, int64_t *line, bool *fatal, err_t *err)
{
    if (!w || !atomic_load(&w->failed))
        return false;
    if (f)
        *f = w->fail_f;
    if (line)
        *line = w->fail_line;
    if (fatal)
        *fatal = w->fail_fatal;
    if (err)
        *err = w->fail_e;
    return true;
}

void app_ic_writer_finish(app_ic_writer *w)
{
    if (!w || w->done)
        return;
    flush(w);
    w->quit.op = OP_QUIT;
    give(w, &w->quit);
    pthread_join(w->thread, NULL);
    w->done = true;
    log_msg(LOG_DEBUG, NULL,
            "import writer: %.1f s CPU storing rows, %.1f s ending loads; waited for rows %.1f s, the reader for room %.1f s",
            w->cpu_rows, w->cpu_end, w->writer_idle, w->reader_blocked);
}

void app_ic_writer_free(app_ic_writer *w)
{
    if (!w)
        return;
    app_ic_writer_finish(w);
    for (batch *b; (b = pop(&w->empty)) || (b = pop(&w->full));) {
        free(b->mem);
        free(b);
    }
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->to_writer);
    pthread_cond_destroy(&w->to_reader);
    free(w);
}
