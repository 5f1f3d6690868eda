/* db_sqlite — the SQLite driver: WAL, busy timeout, $n parameters bound by
 * name, one connection per thread (the caller's duty; SQLITE_OPEN_NOMUTEX). */
#include "store/db_driver.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/buf.h"
#include "base/log.h"

typedef struct sq_stmt {
    sqlite3_stmt *st;
    int nparam;                 /* highest $n used (prepared as ?n: SQLite's index n) */
    /* "INSERT ... RETURNING id" is run without its RETURNING clause, which
     * doubles the cost of an insert in SQLite; the ids come from
     * sqlite3_last_insert_rowid as synthetic rows, one per row inserted.  A
     * multi-row INSERT takes consecutive rowids (each row gets the largest
     * rowid so far plus one, under the write lock), so row k of n is
     * last - n + 1 + k. */
    bool rowid_returning;
    int synth;                  /* 0 not stepped, 1 an id row is current, 2 done */
    int64_t rowid, left;        /* the current id; synthetic rows after it */
} sq_stmt;

static const char RETURNING_ID[] = " RETURNING id";

/* SQLite keeps allocation statistics behind one process-wide mutex, which
 * threads working on their own connections then queue on; suido does not
 * read those statistics.  Must run before SQLite initialises. */
static pthread_once_t g_config_once = PTHREAD_ONCE_INIT;
static bool g_batch_memory;   /* db_sqlite_batch_memory was called before the first open */
static bool g_server_map;     /* db_sqlite_server_process was called before the first open */
static bool g_server_map_on;  /* ... and the kept map's VFS is registered */

/* The page cache's region for a batch process (db_batch_memory): address
 * space for 384 MiB of page buffers (the page cache's 256 MiB and room to
 * spare; beyond it SQLite's own malloc serves), of which only what is used
 * is ever touched. */
#define BATCH_SLAB_BYTES ((size_t)384 << 20)

/* True when the kernel gives huge pages to a region that asks for them
 * (transparent_hugepage "always" or "madvise"); without them the region
 * would only add a lock to each page's buffer. */
static bool huge_pages_on_request(void)
{
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f)
        return false;
    char line[128] = "";
    bool on = fgets(line, sizeof line, f) && (strstr(line, "[always]") || strstr(line, "[madvise]"));
    fclose(f);
    return on;
}

/* Every page a transaction writes is copied out of the mapped file into a
 * buffer of SQLite's page cache, malloc'd one page at a time: 20,000 or more
 * in a month's batch command, each of which the kernel maps on first touch
 * (a page fault, costly on a virtual machine).  A batch process serves those
 * buffers from one region backed by 2 MiB pages instead: 1/512 of the
 * faults.  SQLite's allocator is wrapped (SQLITE_CONFIG_MALLOC): a request
 * of a page buffer's size (a page and the cache's header for it) takes a
 * slot of the region — a freed one first, else the next never used — and
 * anything else goes to SQLite's own malloc.  The region is touched only as
 * far as it is used: a command that writes few pages pays for few (the
 * earlier SQLITE_CONFIG_PAGECACHE threaded its free list through all of a
 * 128 MiB region as SQLite started, some 0.1 s of faults in every such
 * command however little it wrote). */
static sqlite3_mem_methods g_mem_sqlite;   /* SQLite's own allocator */
static pthread_mutex_t g_slab_lock = PTHREAD_MUTEX_INITIALIZER;
static char *g_slab;
static size_t g_slab_slot;                 /* a page buffer's size, rounded up to 16 */
static size_t g_slab_used;                 /* bytes of the region handed out so far */
static void *g_slab_free;                  /* freed slots, each holding the next */

static bool slab_has(const void *p)
{
    return (const char *)p >= g_slab && (const char *)p < g_slab + BATCH_SLAB_BYTES;
}

static void *slab_malloc(int n)
{
    if (n > 4096 && (size_t)n <= g_slab_slot) {
        void *p = NULL;
        pthread_mutex_lock(&g_slab_lock);
        if (g_slab_free) {
            p = g_slab_free;
            memcpy(&g_slab_free, p, sizeof g_slab_free);
        } else if (g_slab_used + g_slab_slot <= BATCH_SLAB_BYTES) {
            p = g_slab + g_slab_used;
            g_slab_used += g_slab_slot;
        }
        pthread_mutex_unlock(&g_slab_lock);
        if (p)
            return p;
    }
    return g_mem_sqlite.xMalloc(n);
}

static void slab_free(void *p)
{
    if (!slab_has(p)) {
        g_mem_sqlite.xFree(p);
        return;
    }
    pthread_mutex_lock(&g_slab_lock);
    memcpy(p, &g_slab_free, sizeof g_slab_free);
    g_slab_free = p;
    pthread_mutex_unlock(&g_slab_lock);
}

static int slab_size(void *p)
{
    return slab_has(p) ? (int)g_slab_slot : g_mem_sqlite.xSize(p);
}

static void *slab_realloc(void *p, int n)
{
    if (!slab_has(p))
        return g_mem_sqlite.xRealloc(p, n);
    if (n > 0 && (size_t)n <= g_slab_slot)
        return p;
    void *q = g_mem_sqlite.xMalloc(n);
    if (q) {
        memcpy(q, p, g_slab_slot);
        slab_free(p);
    }
    return q;
}

static int slab_roundup(int n)
{
    return n > 4096 && (size_t)n <= g_slab_slot ? n : g_mem_sqlite.xRoundup(n);
}

static void sq_batch_slab(void)
{
    if (!huge_pages_on_request())
        return;
    int hdr = 0;
    if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK ||
        sqlite3_config(SQLITE_CONFIG_GETMALLOC, &g_mem_sqlite) != SQLITE_OK || !g_mem_sqlite.xMalloc)
        return;
    void *p = mmap(NULL, BATCH_SLAB_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return;
    madvise(p, BATCH_SLAB_BYTES, MADV_HUGEPAGE);
    g_slab = p;
    g_slab_slot = ((size_t)4096 + (size_t)hdr + 15) & ~(size_t)15;   /* a 4 KiB page and its header */
    sqlite3_mem_methods m = g_mem_sqlite;
    m.xMalloc = slab_malloc;
    m.xFree = slab_free;
    m.xRealloc = slab_realloc;
    m.xSize = slab_size;
    m.xRoundup = slab_roundup;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
        g_slab = NULL;
        munmap(p, BATCH_SLAB_BYTES);
    }
    /* otherwise the region serves until the process ends */
}

/* SQLite's own error log, for the faults it does not put in a statement's
 * message: the I/O error's system call, errno and file (an error reported
 * as "disk I/O error (522)" says only that a read came short), corruption
 * found and where, a file that would not open.  Its other entries (every
 * failed statement, constraint conflicts the callers expect among them) are
 * left out.  The messages name files and SQLite's source lines, never
 * values. */
static void sq_errlog(void *arg, int code, const char *msg)
{
    (void)arg;
    int primary = code & 0xff;
    if (primary == SQLITE_IOERR || primary == SQLITE_CORRUPT || primary == SQLITE_CANTOPEN ||
        primary == SQLITE_FULL || primary == SQLITE_NOMEM)
        log_warn("sqlite (%d): %s", code, msg ? msg : "");
}

static int sq_exec_script(db_conn *c, const char *sql, err_t *e);

static void sq_config(void)
{
    sqlite3_config(SQLITE_CONFIG_LOG, sq_errlog, NULL);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (g_batch_memory)
        sq_batch_slab();
    if (g_server_map) {
        g_server_map_on = db_sqlite_map_register() == SQLITE_OK;
        if (!g_server_map_on)
            log_warn("sqlite: the server's kept memory map could not be set up; reads go through each connection's cache");
    }
}

void db_sqlite_batch_memory(void)
{
    g_batch_memory = true;
}

void db_sqlite_server_process(void)
{
    /* SUIDO_SQLITE_KEPT_MAP=0: the connections' own caches, as before session 42
     * (docs/operations.md; for a file on a filesystem where a map misbehaves). */
    const char *x = getenv("SUIDO_SQLITE_KEPT_MAP");
    g_server_map = !(x && strcmp(x, "0") == 0);
}

void db_sqlite_server_reads(db_conn *c)
{
    /* With the process's kept map (db_sqlite_map.c) the connection keeps
     * fetching pages from it (mmap_size > 0); without, it reads through its
     * cache rather than a map of its own that every other commit drops. */
    sq_exec_script(c, g_server_map_on ? "PRAGMA cache_size=-16384" : "PRAGMA mmap_size=0; PRAGMA cache_size=-16384", NULL);
}

static int sq_fail(sqlite3 *db, err_t *e, const char *what)
{
    int code = sqlite3_extended_errcode(db);
    int ec = ERR_DB;
    const char *user = NULL;
    if ((code & 0xff) == SQLITE_CONSTRAINT)
        ec = ERR_CONFLICT;
    /* Another process held the file past the busy timeout (10 s): the night's `suido db
     * compact`, a long batch.  Nothing was written (the transaction is rolled back), and
     * the same request succeeds once the other is done: say so, not "system error". */
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
        ec = ERR_UNAVAILABLE;
        user = "データベースが他の処理（夜間の最適化など）で使用中でした。何も書き込んでいません。"
               "しばらくしてからもう一度操作してください。";
    }
    return err_set(e, ec, NULL, user, "sqlite %s: %s (%d)", what, sqlite3_errmsg(db), code);
}

/* SUIDO_SQL_PROFILE=1 (developers, bench/ and docs/performance.md): each
 * statement's run time and text, one line on stderr when it finishes
 * ("sql-profile\tMICROSECONDS\tSQL"); scripts/sql-profile.sh sums them per
 * statement.  The text is the prepared one, with $n in place of values, so
 * no personal data is written. */
static int sq_profile(unsigned type, void *arg, void *p, void *x)
{
    (void)arg;
    if (type == SQLITE_TRACE_PROFILE) {
        const char *sql = sqlite3_sql((sqlite3_stmt *)p);
        fprintf(stderr, "sql-profile\t%lld\t%s\n", (long long)(*(const sqlite3_int64 *)x / 1000), sql ? sql : "?");
    }
    return 0;
}

static int sq_open(db_conn *c, const char *path, bool readonly, err_t *e)
{
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_NOMUTEX | (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    pthread_once(&g_config_once, sq_config);
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        err_set(e, ERR_DB, NULL, "データベースを開けません。", "sqlite open %s: %s", path,
                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return ERR_DB;
    }
    sqlite3_busy_timeout(db, 10000);
    const char *prof = getenv("SUIDO_SQL_PROFILE");
    if (prof && strcmp(prof, "1") == 0)
        sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, sq_profile, NULL);
    c->handle = db;
    c->autocheckpoint = 1000;
    /* Page cache up to 64 MiB per connection (used only as needed) and reads
     * through mmap: a city's database is a few hundred MB, and a month's
     * import would otherwise spend its time in pread() and in spilling a
     * small cache to the WAL mid-transaction. */
    const char *pragmas = readonly ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON; PRAGMA cache_size=-65536; "
                                     "PRAGMA mmap_size=2147418112;"
                                   : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                     "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; "
                                     "PRAGMA mmap_size=2147418112;";
    char *msg = NULL;
    if (sqlite3_exec(db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, ERR_DB, NULL, "データベースを開けません。", "sqlite pragmas: %s", msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(db);
        c->handle = NULL;
        return ERR_DB;
    }
    return 0;
}

static void sq_close(db_conn *c)
{
    sqlite3_close_v2(c->handle);
    c->handle = NULL;
}

static int sq_exec_script(db_conn *c, const char *sql, err_t *e)
{
    char *msg = NULL;
    if (sqlite3_exec(c->handle, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = sq_fail(c->handle, e, "exec");
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

/* The SQL with each $n (outside quotes) written ?n, into out (as long as
 * sql); the highest n in *max.  SQLite numbers a ?n parameter n at once,
 * while a $n is a name, looked up in a list of the names before it as the
 * statement is parsed (and again by sqlite3_bind_parameter_name): a chunk
 * statement of 4,096 parameters spent some 16 million string comparisons
 * being prepared.  A ?n still has its name looked up in that list once more
 * when its code is generated (sqlite3VListNumToName, a scan: 2 % of the
 * result import's samples), so a $n that is the next number after the
 * highest so far — most of them, in the chunk statements all — is written a
 * bare ?, which SQLite numbers the same (one more than the highest so far)
 * and keeps no name for.  false: a parameter that is not $1..$DB_MAX_PARAMS
 * (a bare ?, a :name, a $ without digits). */
static bool sq_numbered(const char *sql, char *out, int *max)
{
    bool quoted = false;
    *max = 0;
    for (const char *p = sql; *p; p++) {
        *out++ = *p;
        if (*p == '\'')
            quoted = !quoted;
        if (quoted)
            continue;
        if (*p == '?' || *p == ':' || *p == '@')
            return false;
        if (*p != '$')
            continue;
        if (p[1] < '1' || p[1] > '9')
            return false;
        out[-1] = '?';
        int n = 0;
        char *digits = out;
        while (p[1] >= '0' && p[1] <= '9') {
            n = n * 10 + (p[1] - '0');
            if (n > DB_MAX_PARAMS)
                return false;
            *out++ = *++p;
        }
        if (n == *max + 1)
            out = digits;   /* the next number: a bare ? */
        if (n > *max)
            *max = n;
    }
    *out = '\0';
    return true;
}

static int sq_prepare(db_conn *c, db_stmt *s, err_t *e)
{
    sq_stmt *q = calloc(1, sizeof *q);
    size_t len = strlen(s->sql), rl = sizeof RETURNING_ID - 1;
    char *sql = malloc(len + 1);
    if (!q || !sql) {
        free(q);
        free(sql);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    if (!sq_numbered(s->sql, sql, &q->nparam)) {
        free(q);
        free(sql);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "sqlite: a parameter is not $1..$%d", DB_MAX_PARAMS);
    }
    len = strlen(sql);   /* shorter than s->sql where a $n became a bare ? */
    q->rowid_returning = strncmp(sql, "INSERT ", 7) == 0 && !strstr(sql, "ON CONFLICT") && len > rl &&
                         strcmp(sql + len - rl, RETURNING_ID) == 0;
    int plen = q->rowid_returning ? (int)(len - rl) : -1;
    int rc = sqlite3_prepare_v3(c->handle, sql, plen, SQLITE_PREPARE_PERSISTENT, &q->st, NULL);
    free(sql);
    if (rc != SQLITE_OK) {
        rc = sq_fail(c->handle, e, "prepare");
        free(q);
        return rc;
    }
    /* ?n is SQLite's parameter n: a $n the SQL never names stays unbound */
    s->drv = q;
    return 0;
}

static void sq_finalize(db_stmt *s)
{
    sq_stmt *q = s->drv;
    if (!q)
        return;
    sqlite3_finalize(q->st);
    free(q);
    s->drv = NULL;
}

static int sq_index(db_stmt *s, int idx)
{
    sq_stmt *q = s->drv;
    return idx >= 1 && idx <= q->nparam ? idx : 0;
}

static void sq_bind_text(db_stmt *s, int idx, const char *v)
{
    int i = sq_index(s, idx);
    if (i)
        sqlite3_bind_text(((sq_stmt *)s->drv)->st, i, v, -1, SQLITE_TRANSIENT);
}

static void sq_bind_text_kept(db_stmt *s, int idx, const char *v)
{
    int i = sq_index(s, idx);
    if (i)
        sqlite3_bind_text(((sq_stmt *)s->drv)->st, i, v, -1, SQLITE_STATIC);
}

static void sq_bind_i64(db_stmt *s, int idx, int64_t v)
{
    int i = sq_index(s, idx);
    if (i)
        sqlite3_bind_int64(((sq_stmt *)s->drv)->st, i, v);
}

static void sq_bind_null(db_stmt *s, int idx)
{
    int i = sq_index(s, idx);
    if (i)
        sqlite3_bind_null(((sq_stmt *)s->drv)->st, i);
}

static int sq_step(db_stmt *s, err_t *e)
{
    sq_stmt *q = s->drv;
    if (q->rowid_returning && q->synth) {
        if (q->synth == 1 && q->left > 0) {
            q->rowid++;
            q->left--;
            return DB_ROW;
        }
        q->synth = 2;
        return DB_DONE;
    }
    int rc = sqlite3_step(q->st);
    if (q->rowid_returning && rc == SQLITE_DONE) {
        s->changes = sqlite3_changes64(s->conn->handle);
        if (s->changes < 1)
            return DB_DONE;
        q->left = s->changes - 1;
        q->rowid = sqlite3_last_insert_rowid(s->conn->handle) - q->left;
        q->synth = 1;
        return DB_ROW;
    }
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE) {
        s->changes = sqlite3_changes64(s->conn->handle);
        return DB_DONE;
    }
    sq_fail(s->conn->handle, e, "step");
    return DB_ERROR;
}

static const char *sq_col_text(db_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(((sq_stmt *)s->drv)->st, col);
    return t ? (const char *)t : "";
}

static int64_t sq_col_i64(db_stmt *s, int col)
{
    sq_stmt *q = s->drv;
    if (q->rowid_returning)
        return q->synth == 1 && col == 0 ? q->rowid : 0;
    return sqlite3_column_int64(q->st, col);
}

static bool sq_col_is_null(db_stmt *s, int col)
{
    sq_stmt *q = s->drv;
    if (q->rowid_returning)
        return !(q->synth == 1 && col == 0);
    return sqlite3_column_type(q->st, col) == SQLITE_NULL;
}

static void sq_done(db_stmt *s)
{
    sq_stmt *q = s->drv;
    q->synth = 0;
    sqlite3_reset(q->st);
    sqlite3_clear_bindings(q->st);
}

static void sq_autocheckpoint(db_conn *c, int pages)
{
    sqlite3_wal_autocheckpoint(c->handle, pages);
    c->autocheckpoint = pages;
}

static void sq_bulk(db_conn *c, bool on)
{
    if (on) {
        c->saved_autocheckpoint = c->autocheckpoint;
        sqlite3_wal_autocheckpoint(c->handle, 0);
        sqlite3_exec(c->handle, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
    } else {
        sqlite3_exec(c->handle, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
        sqlite3_wal_autocheckpoint(c->handle, c->saved_autocheckpoint);
    }
}

/* Loading an empty database (db_load_empty): besides the journal, up to
 * two helper threads for the sorts of the index builds after each table
 * (PRAGMA threads: a CREATE INDEX bigger than the page cache sorts its runs
 * on them while the connection's thread reads the table on). */
void db_sqlite_journal(db_conn *c, bool rollback)
{
    sqlite3_exec(c->handle,
                 rollback ? "PRAGMA journal_mode=DELETE; PRAGMA threads=2" : "PRAGMA journal_mode=WAL; PRAGMA threads=0",
                 NULL, NULL, NULL);
}

static int sq_checkpoint(db_conn *c, err_t *e)
{
    int rc = sqlite3_wal_checkpoint_v2(c->handle, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return rc == SQLITE_OK || rc == SQLITE_BUSY ? 0 : sq_fail(c->handle, e, "checkpoint");
}

static const db_grant *grant_of(const db_conn *c, const char *table)
{
    for (size_t i = 0; table && i < c->ngrants; i++)
        if (strcmp(c->grants[i].table, table) == 0)
            return &c->grants[i];
    return NULL;
}

/* db_restrict's authorizer: called when a statement is prepared. */
static int sq_authorize(void *arg, int action, const char *a1, const char *a2, const char *dbname, const char *trigger)
{
    (void)dbname;
    (void)trigger;
    const db_conn *c = arg;
    const db_grant *g;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_FUNCTION:
    case SQLITE_TRANSACTION:
        return SQLITE_OK;
    case SQLITE_READ:
        /* a2 "" (or NULL): the table without a column, e.g. for COUNT(*) */
        if ((g = grant_of(c, a1)) && (!a2 || !*a2))
            return SQLITE_OK;
        if (g)
            for (size_t k = 0; g->read_cols && g->read_cols[k]; k++)
                if (a2 && strcmp(g->read_cols[k], a2) == 0)
                    return SQLITE_OK;
        return SQLITE_DENY;
    case SQLITE_INSERT:
        return (g = grant_of(c, a1)) && g->insert ? SQLITE_OK : SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

static int sq_restrict(db_conn *c, err_t *e)
{
    if (sqlite3_set_authorizer(c->handle, sq_authorize, c) != SQLITE_OK)
        return sq_fail(c->handle, e, "authorizer");
    /* Statements prepared before are not checked again: drop them. */
    for (int i = 0; i < c->capstmts; i++) {
        if (c->stmts[i]) {
            sq_finalize(c->stmts[i]);
            free(c->stmts[i]);
            c->stmts[i] = NULL;
        }
    }
    c->nstmts = 0;
    return 0;
}

/* ---- db_copy: one prepared INSERT run per row ---- */

static int sq_copy_begin(db_copy *cp, const char *table, const char *cols, err_t *e)
{
    buf_t sql;
    buf_init(&sql, 0);
    buf_printf(&sql, "INSERT INTO %s (%s) VALUES (", table, cols);
    for (int i = 1; i <= cp->ncols; i++)
        buf_printf(&sql, "%s?%d", i > 1 ? ", " : "", i);
    buf_putc(&sql, ')');
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(cp->conn->handle, buf_cstr(&sql), -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    buf_free(&sql);
    if (rc != SQLITE_OK)
        return sq_fail(cp->conn->handle, e, "copy prepare");
    cp->drv = st;
    return 0;
}

static int sq_copy_row(db_copy *cp, const char *const *vals, err_t *e)
{
    sqlite3_stmt *st = cp->drv;
    for (int i = 0; i < cp->ncols; i++) {
        if (vals[i])
            sqlite3_bind_text(st, i + 1, vals[i], -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, i + 1);
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : sq_fail(cp->conn->handle, e, "copy insert");
}

static int sq_copy_values(db_copy *cp, const db_val *vals, err_t *e)
{
    sqlite3_stmt *st = cp->drv;
    for (int i = 0; i < cp->ncols; i++) {
        if (vals[i].is_int)
            sqlite3_bind_int64(st, i + 1, vals[i].i64);
        else if (vals[i].text)
            sqlite3_bind_text(st, i + 1, vals[i].text, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, i + 1);
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_fail(cp->conn->handle, e, "copy insert");
}

static int sq_copy_end(db_copy *cp, bool ok, err_t *e)
{
    (void)ok;
    (void)e;
    sqlite3_finalize(cp->drv);
    cp->drv = NULL;
    return 0;
}

const db_driver DB_DRIVER_SQLITE = {
    .kind = DB_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .exec_script = sq_exec_script,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_text_kept = sq_bind_text_kept,
    .bind_i64 = sq_bind_i64,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_text = sq_col_text,
    .col_i64 = sq_col_i64,
    .col_is_null = sq_col_is_null,
    .done = sq_done,
    .autocheckpoint = sq_autocheckpoint,
    .checkpoint = sq_checkpoint,
    .bulk = sq_bulk,
    .restrict_to = sq_restrict,
    .copy_begin = sq_copy_begin,
    .copy_row = sq_copy_row,
    .copy_values = sq_copy_values,
    .copy_end = sq_copy_end,
};
