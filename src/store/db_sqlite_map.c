/* db_sqlite_map — a server process's reads of a database file through one
 * read-only memory map kept for the life of the process (a VFS over
 * SQLite's own "unix" one; see db_server_process in db.h for why).
 *
 * SQLite's own map belongs to one connection, and the pager drops it
 * (xUnfetch of everything) whenever another connection has committed since
 * its last read: in a server whose audit writer commits every few
 * milliseconds each page then starts by mapping the file again and faulting
 * its pages in, or, with the map off, by reading every page it needs with
 * pread into an emptied cache (docs/performance.md, "The カルテ").  Here
 * every connection of the process to the same file (same device and inode)
 * fetches its pages from one map that is never unmapped, so a page of the
 * file read once by any of them costs no system call again.
 *
 * The map reserves far more address space than the file's size (mapping
 * past the end of a file is allowed; touching it is not), so a growing file
 * never moves it.  A page is handed out only when it lies below the file's
 * size as last seen: the size is read again (fstat) when a fetch asks
 * beyond it and whenever the pager drops its pages (a read transaction
 * finding the file changed), and lowered before this process truncates the
 * file, so a shrunk file (VACUUM) is never read past its end — SQLite
 * asks only for pages of its snapshot that are not in the WAL, and a
 * checkpoint shrinks the file only when no reader's snapshot is older.
 * Anything else falls back to the unix VFS's read.  The map's own
 * descriptor stays open: closing any descriptor of a file drops all of the
 * process's POSIX locks on it, SQLite's among them (session 40's finding).
 *
 * A file of at most a quarter of the machine's memory has its map's pages
 * made present by a thread of low priority when the map is made.  A larger
 * one (a city of millions of taps) has only its b-trees' interior pages read
 * through the map, each once a read has shown it to be one (mf_read; the
 * leaves by pread, populate_start says why); the same thread reads the pages
 * the views of a tap read and write — the audit log's index by object, the
 * tap's tables and their indexes by tap, customer, bill or payment — into
 * the kernel's cache, up to half of the memory, and makes the interior pages
 * among them present in the map (warm, below), so that the first clerks of
 * the day do not wait for the disk.
 *
 * Only main database files are wrapped; journals, WAL and temporary files
 * are the unix VFS's own. */
#include "store/db_driver.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"

#define MAPS_MAX 8
#define RESERVE_MIN ((int64_t)256 << 30) /* 256 GiB of address space, not memory */

typedef struct kept_map {
    char path[4096];         /* the file's name as first opened (the warming thread's connection) */
    dev_t dev;
    ino_t ino;
    int fd;                  /* kept open for the process's life (see above) */
    const char *base;
    int64_t reserve;         /* bytes of address space mapped */
    _Atomic int64_t size;    /* the file's size as last seen */
    bool fetch;              /* pages handed out from the map (the file fit in populate's share when mapped) */
    _Atomic uint64_t *upper; /* a larger file's: one bit per 512 bytes of the reserve, set for a page read that
                              * was an interior b-tree page; NULL for a file fetched whole */
} kept_map;

static kept_map g_maps[MAPS_MAX];
static int g_nmaps;
static pthread_mutex_t g_maps_lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite3_vfs *g_unix;           /* the VFS wrapped */
static sqlite3_vfs g_vfs;
static _Atomic long long g_fetched;   /* pages handed out from a kept map */
static _Atomic long long g_warmed = -1;  /* pages the warming thread read; -1 until it ends */

typedef struct map_file {
    sqlite3_file base;
    kept_map *map;           /* the process's map of this file (found or made at open); NULL when none */
} map_file;

#define REAL(f) ((sqlite3_file *)((map_file *)(f) + 1))

/* The map's pages made present, 32 MiB at a time, by a thread of low
 * priority, so that the first pages a worker reads after the start do not
 * each take a fault (and the kernel reads the file into its cache): only
 * for a file of at most a quarter of the machine's memory, whose pages a
 * server of that size keeps cached anyway (not a city's file larger than
 * its memory).  A kernel without MADV_POPULATE_READ (before 5.14) refuses
 * it at once, and then the faults come as pages are read. */
static void *populate(void *arg)
{
    kept_map *m = arg;
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
    int64_t size = atomic_load(&m->size), chunk = (int64_t)32 << 20, off = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (; off < size; off += chunk)
        if (madvise((void *)(m->base + off), (size_t)(size - off < chunk ? size - off : chunk), MADV_POPULATE_READ) != 0)
            break;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (off < size)   /* (the benches wait for either line) */
        log_info("sqlite: the database file's pages not all made present in the server's map (madvise: %s); "
                 "they come as they are read", strerror(errno));
    else
        log_info("sqlite: the database file's %lld MiB present in the server's map in %.1f s", (long long)(size >> 20),
                 (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return NULL;
}

/* First the audit log's index by object, where each view's audit row goes
 * at a random place (its other indexes and the log itself grow at their
 * right edges): every view waits for its row's commit, and the writer's
 * reads of that index from the disk were the カルテ's tail at 2,000,000 taps
 * (docs/performance.md, session 44).  Then the tables a tap's views read
 * (the カルテ: its meters, customers, readings, bills and what was paid,
 * mandates, letters, requests), smallest first; with them their indexes
 * that look a row up by its tap, customer, bill or payment.  Not warmed:
 * the charge lines (bill_lines, about a third of a city's file, read for
 * one bill's detail), the audit log's rows, the statistics' covering
 * indexes and the indexes by cycle or day of the month's batches. */
static const char SQL_WARM_TREES[] =
    "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'audit_object' UNION ALL SELECT * FROM ("
    "WITH t(name, ord) AS (VALUES ('taps', 1), ('meters', 2), ('occupancies', 3), ('areas', 4), ('mandates', 5),"
    " ('bill_open', 6), ('bill_balances', 7), ('credits', 8), ('contacts', 9), ('notices', 10),"
    " ('service_requests', 11), ('late_charges', 12), ('works_applications', 13), ('customers', 14),"
    " ('allocations', 15), ('payments', 16), ('readings', 17), ('bills', 18))"
    " SELECT s.name FROM sqlite_schema s JOIN t ON t.name = s.tbl_name, pragma_index_info(s.name) i"
    " WHERE s.type = 'index' AND i.seqno = 0 AND i.name IN ('tap_id', 'customer_id', 'bill_id', 'payment_id')"
    " UNION ALL SELECT * FROM (SELECT s.name FROM sqlite_schema s JOIN t ON t.name = s.name WHERE s.type = 'table'"
    " ORDER BY t.ord))";
/* Every page of one b-tree read (dbstat walks it through the pager: its
 * leaves by pread, its interior pages marked as they are read); the number
 * of pages. */
static const char SQL_WARM_WALK[] = "SELECT count(*) FROM dbstat WHERE name = ?1";

/* The bitmap of a larger file's interior pages: one bit per 512 bytes of
 * the file (a page's bit is its first 512 bytes'). */
static bool upper_has(const kept_map *m, int64_t off)
{
    uint64_t bit = (uint64_t)off >> 9;
    return (atomic_load_explicit(&m->upper[bit >> 6], memory_order_relaxed) >> (bit & 63)) & 1;
}

static void upper_mark(kept_map *m, int64_t off)
{
    uint64_t bit = (uint64_t)off >> 9;
    atomic_fetch_or_explicit(&m->upper[bit >> 6], (uint64_t)1 << (bit & 63), memory_order_relaxed);
}

/* The interior pages the walk found (mf_read marked them) made present in
 * the map, so that the first pages the workers fetch take no fault each;
 * how many. */
static long long map_upper_pages(kept_map *m, long long page)
{
    long long n = 0;
    int64_t size = atomic_load(&m->size);
    if (!m->upper)
        return 0;
    for (int64_t w = 0; w <= size >> 15; w++)
        for (uint64_t word = atomic_load_explicit(&m->upper[w], memory_order_relaxed); word; word &= word - 1) {
            int64_t off = (w * 64 + __builtin_ctzll(word)) << 9;
            if (off + page <= size && madvise((void *)(m->base + off), (size_t)page, MADV_POPULATE_READ) == 0)
                n++;
        }
    return n;
}

/* A file larger than populate's share of the memory: the views' b-trees
 * read into the kernel's cache instead, one after the other, up to half of
 * the memory (no b-tree is started past it), through a read-only connection
 * of its own.  Each walk is one short read transaction. */
static void *warm(void *arg)
{
    kept_map *m = arg;
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct sysinfo si;
    int64_t budget = sysinfo(&si) == 0 ? (int64_t)si.totalram * si.mem_unit / 2 : 0;
    long long pages = 0;
    int trees = 0;
    sqlite3 *db = NULL;
    sqlite3_stmt *list = NULL, *walk = NULL;
    /* through this VFS: the open finds the map made already */
    int rc = sqlite3_open_v2(m->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, g_vfs.zName);
    if (rc == SQLITE_OK)   /* the server's first connection may hold the file a while (its WAL recovered, migrations) */
        sqlite3_busy_timeout(db, 120000);
    if (rc != SQLITE_OK || sqlite3_exec(db, "PRAGMA cache_size = -1024", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, SQL_WARM_TREES, -1, &list, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, SQL_WARM_WALK, -1, &walk, NULL) != SQLITE_OK) {
        log_info("sqlite: the views' pages not read into the page cache (%s)", db ? sqlite3_errmsg(db) : "no connection");
    } else {
        long long page = 4096;
        sqlite3_stmt *ps = NULL;
        if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &ps, NULL) == SQLITE_OK && sqlite3_step(ps) == SQLITE_ROW)
            page = sqlite3_column_int64(ps, 0);
        sqlite3_finalize(ps);
        char names[64][64];
        int n = 0;
        while (sqlite3_step(list) == SQLITE_ROW && n < 64) {
            const unsigned char *name = sqlite3_column_text(list, 0);
            if (name && strlen((const char *)name) < sizeof names[0])
                memcpy(names[n++], name, strlen((const char *)name) + 1);
        }
        sqlite3_finalize(list);
        list = NULL;
        for (int i = 0; i < n; i++) {
            /* the tree's size from its pages counted so far is not known before the walk: stop
             * once the budget is spent */
            if ((int64_t)pages * page >= budget)
                break;
            sqlite3_bind_text(walk, 1, names[i], -1, SQLITE_STATIC);
            if (sqlite3_step(walk) == SQLITE_ROW) {
                pages += sqlite3_column_int64(walk, 0);
                trees++;
            }
            sqlite3_reset(walk);
        }
        long long upper = map_upper_pages(m, page);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        log_info("sqlite: the views' pages (%d tables and indexes, %lld MiB of the file's %lld MiB) read into the "
                 "page cache, %lld interior pages of their b-trees mapped, in %.1f s",
                 trees, pages * page >> 20, (long long)(atomic_load(&m->size) >> 20), upper,
                 (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    }
    sqlite3_finalize(list);
    sqlite3_finalize(walk);
    sqlite3_close(db);
    atomic_store(&g_warmed, pages);
    return NULL;
}

/* The most of the memory a file may take to be populated whole: a quarter
 * (SUIDO_SQLITE_POPULATE_MAX_MB, for tests: a smaller bound). */
static int64_t populate_max(void)
{
    struct sysinfo si;
    int64_t max = sysinfo(&si) == 0 ? (int64_t)si.totalram * si.mem_unit / 4 : 0;
    const char *x = getenv("SUIDO_SQLITE_POPULATE_MAX_MB");
    long long mb;
    if (x && *x && str_to_i64(x, &mb) && mb >= 0)
        max = (int64_t)mb << 20;
    return max;
}

static void populate_start(kept_map *m)
{
    bool whole = atomic_load(&m->size) <= populate_max();
    /* A larger file's leaves are read with pread into the connections' caches, as without the
     * map: at 2,000,000 taps (23 GB on a 24 GiB machine) every page mapped into the process
     * made every reclaim of the page cache unmap them, and the カルテ's p99 under 50 clients
     * was 368 ms – 1.7 s against 74–117 ms without (docs/performance.md, session 43).  Only its
     * interior pages, a few thousandths of it, come from the map (upper, mf_read); its views'
     * pages are read into the kernel's cache at the start (warm). */
    m->fetch = whole;
    if (!whole) {
        /* one bit per 512 bytes of the reserve: address space, made memory only where set */
        size_t bytes = (size_t)(m->reserve >> 12);
        void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        m->upper = p == MAP_FAILED ? NULL : p;
        log_info("sqlite: the database file (%lld MiB) is larger than a quarter of the memory: only its b-trees' "
                 "interior pages read through the kept map; its views' pages go to the page cache now",
                 (long long)(atomic_load(&m->size) >> 20));
    }
    /* Every signal blocked in it: a process-directed SIGTERM must reach the
     * server's sigwait, not end the process in a thread that may have been
     * started before the server blocked its stop signals (the map is made
     * when the first connection opens). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t t;
    if (pthread_create(&t, NULL, whole ? populate : warm, m) == 0)
        pthread_detach(t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void map_refresh(kept_map *m)
{
    struct stat st;
    if (fstat(m->fd, &st) == 0)
        atomic_store(&m->size, (int64_t)st.st_size);
}

/* The process's map of the file at path (made when first opened); NULL when it
 * cannot be made. */
static kept_map *map_of(const char *path)
{
    struct stat st;
    if (!path || stat(path, &st) != 0)
        return NULL;
    kept_map *m = NULL;
    pthread_mutex_lock(&g_maps_lock);
    for (int i = 0; i < g_nmaps && !m; i++)
        if (g_maps[i].dev == st.st_dev && g_maps[i].ino == st.st_ino)
            m = &g_maps[i];
    if (!m && g_nmaps < MAPS_MAX) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat fst;
        if (fd >= 0 && fstat(fd, &fst) == 0 && fst.st_dev == st.st_dev && fst.st_ino == st.st_ino) {
            int64_t reserve = (int64_t)fst.st_size * 4 > RESERVE_MIN ? (int64_t)fst.st_size * 4 : RESERVE_MIN;
            void *p = mmap(NULL, (size_t)reserve, PROT_READ, MAP_SHARED | MAP_NORESERVE, fd, 0);
            if (p != MAP_FAILED) {
                m = &g_maps[g_nmaps++];
                str_copy(m->path, sizeof m->path, path);
                m->dev = fst.st_dev;
                m->ino = fst.st_ino;
                m->fd = fd;
                m->base = p;
                m->reserve = reserve;
                atomic_store(&m->size, (int64_t)fst.st_size);
                fd = -1;
                populate_start(m);
            }
        }
        if (fd >= 0)
            close(fd);   /* nothing of SQLite's is locked through a descriptor that failed */
    }
    pthread_mutex_unlock(&g_maps_lock);
    return m;
}

static int mf_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
    kept_map *m = ((map_file *)f)->map;
    *pp = NULL;
    if (!m || off < 0 || amt <= 0 || off + amt > m->reserve)
        return SQLITE_OK;   /* the unix VFS reads it */
    if (!m->fetch && !(m->upper && upper_has(m, off)))
        return SQLITE_OK;
    if (off + amt > atomic_load(&m->size))
        map_refresh(m);
    if (off + amt <= atomic_load(&m->size)) {
        *pp = (void *)(m->base + off);
        atomic_fetch_add_explicit(&g_fetched, 1, memory_order_relaxed);
    }
    return SQLITE_OK;
}

static int mf_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    map_file *mf = (map_file *)f;
    /* (0, NULL): the pager drops all its pages, the file having changed. */
    if (!p && off == 0 && mf->map)
        map_refresh(mf->map);
    return SQLITE_OK;
}

static int mf_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    map_file *mf = (map_file *)f;
    kept_map *m = mf->map;
    if (m && size < atomic_load(&m->size))
        atomic_store(&m->size, (int64_t)size);   /* before the pages go */
    int rc = REAL(f)->pMethods->xTruncate(REAL(f), size);
    if (m)
        map_refresh(m);
    return rc;
}

static int mf_close(sqlite3_file *f)
{
    return REAL(f)->pMethods->xClose(REAL(f));
}
static int mf_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
    int rc = REAL(f)->pMethods->xRead(REAL(f), buf, amt, off);
    kept_map *m = ((map_file *)f)->map;
    /* A larger file's page read whole (a page of SQLite's: a power of two from 512 bytes, at a
     * multiple of its size; not page 1, which the pager never fetches) that is an interior
     * page of a table or index b-tree (its first byte 5 or 2): fetched from the map from now
     * on.  A bit left set after the page has become something else costs nothing wrong: the
     * map shows the file's page as it is now. */
    if (rc == SQLITE_OK && m && m->upper && off > 0 && amt >= 512 && (amt & (amt - 1)) == 0 && off % amt == 0 &&
        off + amt <= m->reserve) {
        unsigned char kind = ((const unsigned char *)buf)[0];
        if (kind == 5 || kind == 2)
            upper_mark(m, off);
    }
    return rc;
}
static int mf_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xWrite(REAL(f), buf, amt, off);
}
static int mf_sync(sqlite3_file *f, int flags)
{
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int mf_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int mf_lock(sqlite3_file *f, int lock)
{
    return REAL(f)->pMethods->xLock(REAL(f), lock);
}
static int mf_unlock(sqlite3_file *f, int lock)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}
static int mf_check_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int mf_file_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int mf_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int mf_device(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int mf_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), region, size, extend, pp);
}
static int mf_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}
static void mf_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int mf_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static const sqlite3_io_methods g_methods = {
    .iVersion = 3,
    .xClose = mf_close,
    .xRead = mf_read,
    .xWrite = mf_write,
    .xTruncate = mf_truncate,
    .xSync = mf_sync,
    .xFileSize = mf_file_size,
    .xLock = mf_lock,
    .xUnlock = mf_unlock,
    .xCheckReservedLock = mf_check_reserved,
    .xFileControl = mf_file_control,
    .xSectorSize = mf_sector_size,
    .xDeviceCharacteristics = mf_device,
    .xShmMap = mf_shm_map,
    .xShmLock = mf_shm_lock,
    .xShmBarrier = mf_shm_barrier,
    .xShmUnmap = mf_shm_unmap,
    .xFetch = mf_fetch,
    .xUnfetch = mf_unfetch,
};

static int mv_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    if (!(flags & SQLITE_OPEN_MAIN_DB) || !name)
        return g_unix->xOpen(g_unix, name, f, flags, out_flags);   /* the unix VFS's file, in our room */
    map_file *mf = (map_file *)f;
    memset(mf, 0, sizeof *mf);
    int rc = g_unix->xOpen(g_unix, name, REAL(f), flags, out_flags);
    if (rc != SQLITE_OK || !REAL(f)->pMethods) {
        f->pMethods = NULL;
        return rc;
    }
    /* at open, not at the first fetch: a connection that only writes (the one a VACUUM
     * truncates the file through) must lower the size every reader's fetch checks */
    mf->map = map_of(name);
    f->pMethods = &g_methods;
    return SQLITE_OK;
}

static int mv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return g_unix->xDelete(g_unix, name, sync_dir);
}
static int mv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return g_unix->xAccess(g_unix, name, flags, out);
}
static int mv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return g_unix->xFullPathname(g_unix, name, n, out);
}
static void *mv_dlopen(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return g_unix->xDlOpen(g_unix, name);
}
static void mv_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    g_unix->xDlError(g_unix, n, msg);
}
static void (*mv_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return g_unix->xDlSym(g_unix, h, sym);
}
static void mv_dlclose(sqlite3_vfs *vfs, void *h)
{
    (void)vfs;
    g_unix->xDlClose(g_unix, h);
}
static int mv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return g_unix->xRandomness(g_unix, n, out);
}
static int mv_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return g_unix->xSleep(g_unix, us);
}
static int mv_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return g_unix->xCurrentTime(g_unix, out);
}
static int mv_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return g_unix->xGetLastError(g_unix, n, out);
}
static int mv_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return g_unix->xCurrentTimeInt64(g_unix, out);
}

int db_sqlite_map_register(void)
{
    g_unix = sqlite3_vfs_find("unix");
    if (!g_unix || g_unix->iVersion < 2)
        return SQLITE_ERROR;
    g_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(map_file) + g_unix->szOsFile,
        .mxPathname = g_unix->mxPathname,
        .zName = "suido-kept-map",
        .xOpen = mv_open,
        .xDelete = mv_delete,
        .xAccess = mv_access,
        .xFullPathname = mv_full_pathname,
        .xDlOpen = mv_dlopen,
        .xDlError = mv_dlerror,
        .xDlSym = mv_dlsym,
        .xDlClose = mv_dlclose,
        .xRandomness = mv_randomness,
        .xSleep = mv_sleep,
        .xCurrentTime = mv_current_time,
        .xGetLastError = mv_last_error,
        .xCurrentTimeInt64 = mv_current_time64,
    };
    return sqlite3_vfs_register(&g_vfs, 1);
}

long long db_sqlite_map_fetched(void)
{
    return atomic_load(&g_fetched);
}

long long db_sqlite_map_warmed(void)
{
    return atomic_load(&g_warmed);
}
