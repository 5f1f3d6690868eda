/* search_index — see search_index.h. */
#include "app/registry/search_index.h"
#include "app/registry/app_search.h"

#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "base/text.h"
#include "base/vec.h"
#include "store/registry/search_store.h"
#include "store/db.h"
#include "store/registry/tap_store.h"

/* An entry's strings lie one after another in text[] (one allocation with
 * the entry): the tap number first, each other at its offset (ESTR); those a
 * search reaches for in every entry of a range (tap number, the phone's
 * digits, the カナ key) right after the fixed part, in its cache lines.
 * S_DIGITS is the phone's digits; by_rev orders them read from the end (the
 * last digits), compared backwards rather than stored reversed.  The dates
 * are day numbers; one that would not be given back exactly as read (""
 * aside) keeps its text instead, after the last string (E_RAW_DATES). */
enum { S_TAP_NO, S_DIGITS, S_KANA_KEY, S_TEXT_KEY, S_NAME, S_KANA, S_PHONE, S_ADDRESS, NSTR };
enum { E_DEAD = 1, E_CURRENT = 2, E_OWN = 4, E_RAW_DATES = 8 };
#define DAY_NONE INT32_MIN   /* "" (open, not stopped) */
typedef struct entry {
    int64_t tap_id, customer_id;
    int32_t start_on, end_on, stopped_on;   /* days since 1970-01-01, DAY_NONE for "" */
    uint16_t off[NSTR - 1];   /* text[] offsets of S_DIGITS .. S_ADDRESS (S_TAP_NO is at 0) */
    uint8_t flags;            /* E_*: E_DEAD replaced by a refresh; E_CURRENT the occupancy is open;
                               * E_OWN a malloc of its own (not in a block of the load) */
    char text[];
} entry;
#define ESTR(en, which) ((en)->text + ((which) ? (en)->off[(which) - 1] : 0))
#define EDEAD(en) (((en)->flags & E_DEAD) != 0)
#define ECUR(en) (((en)->flags & E_CURRENT) != 0)

/* The load's entries lie in a few large blocks, one after another (no
 * allocation of its own each: the header and rounding of a malloc were 16
 * of ~300 bytes an entry, and freed SQLite pages fell between them).  A
 * block's entries retired by refreshes are counted; at a rebuild a block
 * half dead has its live entries moved to allocations of their own and is
 * freed.  Entries of a refresh are each a malloc (E_OWN). */
#define BLOCK_BYTES ((size_t)4 << 20)
typedef struct block {
    char *base;
    size_t used, dead;
} block;

struct search_index {
    pthread_rwlock_t lock;
    entry **e;          /* all entries (dead ones included until rebuild) */
    size_t n, cap;
    block *blocks;      /* where the load's entries lie */
    size_t nblocks;
    uint32_t *by_kana, *by_phone, *by_rev, *by_tap, *by_cust;   /* sorted indexes over e[0..nsorted) */
    size_t nsorted;
    uint8_t *kana_cur;  /* by_kana's entries' current flags, in its order: counted without reaching the entries */
    size_t ndead;
    uint32_t *dead;     /* entries marked dead since the last rebuild (ndead of them) */
    size_t dead_cap;
    pthread_mutex_t area_lock;
    area_row *areas;    /* area names for display */
    size_t nareas;
};

search_index *search_index_new(void)
{
    search_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    pthread_rwlock_init(&ix->lock, NULL);
    pthread_mutex_init(&ix->area_lock, NULL);
    return ix;
}

static void free_blocks(block *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(b[i].base);
    free(b);
}

static void free_entries(search_index *ix)
{
    for (size_t i = 0; i < ix->n; i++)
        if (ix->e[i]->flags & E_OWN)
            free(ix->e[i]);
    free(ix->e);
    free_blocks(ix->blocks, ix->nblocks);
    ix->blocks = NULL;
    ix->nblocks = 0;
    free(ix->by_kana);
    free(ix->by_phone);
    free(ix->by_rev);
    free(ix->by_tap);
    free(ix->by_cust);
    free(ix->kana_cur);
    free(ix->dead);
    ix->kana_cur = NULL;
    ix->dead = NULL;
    ix->dead_cap = 0;
    ix->e = NULL;
    ix->by_kana = ix->by_phone = ix->by_rev = ix->by_tap = ix->by_cust = NULL;
    ix->n = ix->cap = ix->nsorted = ix->ndead = 0;
}

void search_index_free(search_index *ix)
{
    if (!ix)
        return;
    free_entries(ix);
    free(ix->areas);
    pthread_rwlock_destroy(&ix->lock);
    pthread_mutex_destroy(&ix->area_lock);
    free(ix);
}

size_t search_index_size(search_index *ix)
{
    pthread_rwlock_rdlock(&ix->lock);
    size_t n = ix->n - ix->ndead;
    pthread_rwlock_unlock(&ix->lock);
    return n;
}

/* ---- building entries ---- */

typedef struct build_ctx {
    search_index *ix;
    app_ctx *ctx;
    entry **out;
    size_t n, cap;
    bool in_blocks;     /* the load: entries in blocks; a refresh: a malloc each */
    block *blocks;
    size_t nblocks, blocks_cap;
    int failed;
} build_ctx;

/* Room for an entry of size bytes (8-aligned), in the build's blocks or a
 * malloc of its own. */
static entry *entry_alloc(build_ctx *b, size_t size)
{
    if (!b->in_blocks) {
        entry *en = malloc(size);
        if (en)
            en->flags = E_OWN;
        return en;
    }
    size = (size + 7) & ~(size_t)7;
    block *last = b->nblocks ? &b->blocks[b->nblocks - 1] : NULL;
    if (!last || BLOCK_BYTES - last->used < size) {
        char *base = malloc(size > BLOCK_BYTES ? size : BLOCK_BYTES);
        if (!base || !(last = vec_slot((void **)&b->blocks, &b->nblocks, &b->blocks_cap, sizeof *last))) {
            free(base);
            return NULL;
        }
        last->base = base;
    }
    entry *en = (entry *)(last->base + last->used);
    last->used += size;
    en->flags = 0;
    return en;
}

/* The bytes an entry takes (its last string's end). */
static size_t entry_size(const entry *en)
{
    const char *s = ESTR(en, NSTR - 1);
    size_t n = strlen(s) + 1;
    if (en->flags & E_RAW_DATES)
        for (int i = 0; i < 3; i++) {
            size_t k = strlen(s + n) + 1;
            n += k;
        }
    return (size_t)(s - (const char *)en) + n;
}

/* A date as a day number, or DAY_NONE for "": false when it would not be
 * given back exactly as it reads. */
static bool day_of(const char *s, int32_t *out)
{
    if (!*s) {
        *out = DAY_NONE;
        return true;
    }
    civil_date d;
    char back[11];
    if (!date_parse(s, &d))
        return false;
    date_format_iso(d, back);
    if (strcmp(back, s) != 0)
        return false;
    *out = (int32_t)date_to_days(d);
    return true;
}

/* An entry's date as text into out (11 bytes): which 0 start_on, 1 end_on,
 * 2 stopped_on. */
static const char *entry_date(const entry *en, int which, char out[11])
{
    if (en->flags & E_RAW_DATES) {
        const char *s = ESTR(en, NSTR - 1);
        for (int i = 0; i <= which; i++)
            s += strlen(s) + 1;
        return s;
    }
    int32_t d = which == 0 ? en->start_on : which == 1 ? en->end_on : en->stopped_on;
    if (d == DAY_NONE)
        out[0] = '\0';
    else
        date_format_iso(date_from_days(d), out);
    return out;
}

static const char *area_name(search_index *ix, const char *code)
{
    size_t lo = 0, hi = ix->nareas;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(ix->areas[mid].code, code);
        if (c == 0)
            return ix->areas[mid].name;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return "";
}

static entry *make_entry(build_ctx *b, const search_src *r)
{
    search_index *ix = b->ix;
    const app_ctx *ctx = b->ctx;
    crypto_keyring *kr = ctx->env->keys;
    char *name = crypto_open(kr, r->name_enc);
    char *kana = crypto_open(kr, r->kana_enc);
    char *phone = crypto_open(kr, r->phone_enc);
    char *addr = crypto_open(kr, r->address_enc);
    entry *en = NULL;
    char *kana_key = NULL, *text_key = NULL, *digits = NULL;
    buf_t full = BUF_INIT, tk = BUF_INIT;
    if (!name || !kana || !phone || !addr)
        goto out;
    buf_puts(&full, area_name(ix, r->area_code));
    buf_puts(&full, addr);
    kana_key = text_kana_key(kana);
    buf_puts(&tk, name);
    buf_putc(&tk, '|');
    buf_puts(&tk, buf_cstr(&full));
    text_key = text_fold_key(buf_cstr(&tk));
    digits = text_digits(phone);
    if (!kana_key || !text_key || !digits || full.failed)
        goto out;
    const char *stopped = r->stopped_on ? r->stopped_on : "";
    int32_t days[3];
    bool raw = !day_of(r->start_on, &days[0]) || !day_of(r->end_on, &days[1]) || !day_of(stopped, &days[2]);
    enum { NALL = NSTR + 3 };
    const char *src[NALL] = {[S_TAP_NO] = r->tap_no, [S_DIGITS] = digits, [S_KANA_KEY] = kana_key,
                             [S_TEXT_KEY] = text_key, [S_NAME] = name, [S_KANA] = kana, [S_PHONE] = phone,
                             [S_ADDRESS] = buf_cstr(&full), [NSTR] = r->start_on, r->end_on, stopped};
    size_t lens[NALL], total = 0, nall = raw ? NALL : NSTR;
    for (size_t i = 0; i < nall; i++)
        total += lens[i] = (i == S_ADDRESS ? full.len : strlen(src[i])) + 1;
    if (total - lens[nall - 1] > UINT16_MAX)
        goto out;   /* beyond the offsets (the fields' limits keep an entry well under) */
    en = entry_alloc(b, offsetof(entry, text) + total);
    if (!en)
        goto out;
    size_t at = 0;
    for (size_t i = 0; i < nall; i++) {
        if (i && i < NSTR)
            en->off[i - 1] = (uint16_t)at;
        memcpy(en->text + at, src[i], lens[i]);
        at += lens[i];
    }
    en->tap_id = r->tap_id;
    en->customer_id = r->customer_id;
    en->flags |= (r->end_on[0] == '\0' ? E_CURRENT : 0) | (raw ? E_RAW_DATES : 0);
    en->start_on = raw ? DAY_NONE : days[0];
    en->end_on = raw ? DAY_NONE : days[1];
    en->stopped_on = raw ? DAY_NONE : days[2];
out:
    free(name);
    free(kana);
    free(phone);
    free(addr);
    free(kana_key);
    free(text_key);
    free(digits);
    buf_free(&full);
    buf_free(&tk);
    return en;
}

static int collect(const search_src *r, void *arg)
{
    build_ctx *b = arg;
    entry *en = make_entry(b, r);
    if (!en) {
        b->failed = 1;
        return 1;
    }
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 1024;
        entry **ne = realloc(b->out, nc * sizeof *ne);
        if (!ne) {
            if (en->flags & E_OWN)
                free(en);
            b->failed = 1;
            return 1;
        }
        b->out = ne;
        b->cap = nc;
    }
    b->out[b->n++] = en;
    return 0;
}

static void discard(build_ctx *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->out[i]->flags & E_OWN)
            free(b->out[i]);
    free(b->out);
    free_blocks(b->blocks, b->nblocks);
    b->blocks = NULL;
    b->nblocks = 0;
    b->out = NULL;
    b->n = 0;
}

/* ---- sorting ---- */

static search_index *g_sort_ix;   /* qsort has no context argument; guarded by the write lock */
static int g_sort_field;

/* strncmp(the reverse of a, b, n), a read backwards in place. */
static int rev_ncmp(const char *a, const char *b, size_t n)
{
    size_t al = strlen(a);
    for (size_t i = 0; i < n; i++) {
        unsigned char x = i < al ? (unsigned char)a[al - 1 - i] : 0, y = (unsigned char)b[i];
        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            break;
    }
    return 0;
}

/* strcmp of the reverses of a and b. */
static int rev_cmp(const char *a, const char *b)
{
    size_t al = strlen(a), bl = strlen(b);
    for (size_t i = 0;; i++) {
        unsigned char x = i < al ? (unsigned char)a[al - 1 - i] : 0, y = i < bl ? (unsigned char)b[bl - 1 - i] : 0;
        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            return 0;
    }
}

/* The sorted indexes' keys: 0 the カナ key (by_kana), 1 the phone's digits
 * (by_phone), 2 the same read from the end (by_rev), 3 the tap number
 * (by_tap).  strncmp of the entry's key with key (n SIZE_MAX: strcmp). */
static int field_ncmp(const entry *en, int field, const char *key, size_t n)
{
    switch (field) {
    case 0: return strncmp(ESTR(en, S_KANA_KEY), key, n);
    case 1: return strncmp(ESTR(en, S_DIGITS), key, n);
    case 2: return rev_ncmp(ESTR(en, S_DIGITS), key, n);
    default: return strncmp(ESTR(en, S_TAP_NO), key, n);
    }
}

/* Field 4 (by_cust) is ordered by the customer's number. */
/* The order of SEARCH_SORT_KANA, which by_kana keeps: カナ, then tap number,
 * the current occupant before past ones, the newest first, the customer. */
/* Entries equal by the chosen key: tap number, the current occupant before
 * past ones, the newest first, the customer. */
static int start_cmp(const entry *x, const entry *y)
{
    if (!((x->flags | y->flags) & E_RAW_DATES))
        return (x->start_on > y->start_on) - (x->start_on < y->start_on);
    char a[11], b[11];
    return strcmp(entry_date(x, 0, a), entry_date(y, 0, b));
}

static int tie_order(const entry *x, const entry *y)
{
    int c = strcmp(ESTR(x, S_TAP_NO), ESTR(y, S_TAP_NO));
    if (!c)
        c = ECUR(x) != ECUR(y) ? (ECUR(x) ? -1 : 1) : start_cmp(y, x);
    if (!c)
        c = (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
    return c;
}

static int search_kana_order(const entry *x, const entry *y)
{
    int c = strcmp(ESTR(x, S_KANA_KEY), ESTR(y, S_KANA_KEY));
    return c ? c : tie_order(x, y);
}

static int cmp_idx(const void *a, const void *b)
{
    const entry *x = g_sort_ix->e[*(const uint32_t *)a];
    const entry *y = g_sort_ix->e[*(const uint32_t *)b];
    if (g_sort_field == 4)
        return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
    if (g_sort_field == 0)
        return search_kana_order(x, y);
    if (g_sort_field == 2)
        return rev_cmp(ESTR(x, S_DIGITS), ESTR(y, S_DIGITS));
    return field_ncmp(x, g_sort_field, g_sort_field == 1 ? ESTR(y, S_DIGITS) : ESTR(y, S_TAP_NO), SIZE_MAX);
}

/* Rebuild the sorted arrays over all entries (write lock held). */
static block *block_of(search_index *ix, const entry *en)
{
    for (size_t i = 0; i < ix->nblocks; i++)
        if ((const char *)en >= ix->blocks[i].base && (const char *)en < ix->blocks[i].base + ix->blocks[i].used)
            return &ix->blocks[i];
    return NULL;
}

/* The blocks half dead or more: their live entries moved to allocations
 * of their own, the blocks freed (write lock held). */
static bool block_spent(const block *b)
{
    return b->dead * 2 >= b->used;
}

static int release_blocks(search_index *ix)
{
    size_t nspent = 0;
    for (size_t j = 0; j < ix->nblocks; j++)
        nspent += block_spent(&ix->blocks[j]);
    if (!nspent)
        return 0;
    for (size_t i = 0; i < ix->n; i++) {
        entry *en = ix->e[i];
        if (en->flags & E_OWN)
            continue;
        bool in_spent = false;   /* only the spent blocks' ranges are tested: usually one */
        for (size_t j = 0, seen = 0; j < ix->nblocks && seen < nspent && !in_spent; j++) {
            const block *b = &ix->blocks[j];
            if (!block_spent(b))
                continue;
            seen++;
            in_spent = (const char *)en >= b->base && (const char *)en < b->base + b->used;
        }
        if (!in_spent)
            continue;
        size_t size = entry_size(en);
        entry *own = malloc(size);
        if (!own)
            return -1;   /* the block stays, whole */
        memcpy(own, en, size);
        own->flags |= E_OWN;
        ix->e[i] = own;
    }
    size_t k = 0;
    for (size_t j = 0; j < ix->nblocks; j++) {
        if (block_spent(&ix->blocks[j]))
            free(ix->blocks[j].base);
        else
            ix->blocks[k++] = ix->blocks[j];
    }
    ix->nblocks = k;
    return 0;
}

static int rebuild(search_index *ix)
{
    /* Compact: drop dead entries (a block's counted). */
    size_t k = 0;
    for (size_t i = 0; i < ix->n; i++) {
        entry *en = ix->e[i];
        if (!EDEAD(en))
            ix->e[k++] = en;
        else if (en->flags & E_OWN)
            free(en);
        else {
            block *b = block_of(ix, en);
            if (b)
                b->dead += (entry_size(en) + 7) & ~(size_t)7;
        }
    }
    ix->n = k;
    ix->ndead = 0;
    if (release_blocks(ix))
        return -1;
    uint32_t **arrs[5] = {&ix->by_kana, &ix->by_phone, &ix->by_rev, &ix->by_tap, &ix->by_cust};
    for (int f = 0; f < 5; f++) {
        uint32_t *a = realloc(*arrs[f], (ix->n ? ix->n : 1) * sizeof *a);
        if (!a)
            return -1;
        for (size_t i = 0; i < ix->n; i++)
            a[i] = (uint32_t)i;
        g_sort_ix = ix;
        g_sort_field = f;
        qsort(a, ix->n, sizeof *a, cmp_idx);
        *arrs[f] = a;
    }
    uint8_t *kc = realloc(ix->kana_cur, ix->n ? ix->n : 1);
    if (!kc)
        return -1;
    for (size_t i = 0; i < ix->n; i++)
        kc[i] = ECUR(ix->e[ix->by_kana[i]]);
    ix->kana_cur = kc;
    ix->nsorted = ix->n;
    return 0;
}

static int load_areas(search_index *ix, app_ctx *ctx, err_t *e)
{
    area_row *areas = NULL;
    size_t n = 0;
    int rc = area_store_list(ctx->db, &areas, &n, e);
    if (rc)
        return rc;
    free(ix->areas);
    ix->areas = areas;
    ix->nareas = n;
    return 0;
}

int search_index_load(search_index *ix, app_ctx *ctx, err_t *e)
{
    build_ctx b = {.ix = ix, .ctx = ctx, .in_blocks = true};
    pthread_rwlock_wrlock(&ix->lock);
    int rc = load_areas(ix, ctx, e);
    if (!rc)
        rc = search_store_walk(ctx->db, 0, collect, &b, e);
    if (!rc && b.failed)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "search index: a value could not be decrypted or out of memory");
    if (rc) {
        discard(&b);
        pthread_rwlock_unlock(&ix->lock);
        return rc;
    }
    db_release_memory(ctx->db);   /* the walk's pages: on a file beyond the 2 GiB map, read into the cache */
    free_entries(ix);
    if (b.n < b.cap) {   /* the doubling's slack back (up to half the array) */
        entry **fit = realloc(b.out, (b.n ? b.n : 1) * sizeof *fit);
        if (fit) {
            b.out = fit;
            b.cap = b.n ? b.n : 1;
        }
    }
    ix->e = b.out;
    ix->n = b.n;
    ix->cap = b.cap;
    ix->blocks = b.blocks;
    ix->nblocks = b.nblocks;
    if (rebuild(ix)) {
        pthread_rwlock_unlock(&ix->lock);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    pthread_rwlock_unlock(&ix->lock);
#ifdef __GLIBC__
    /* What the load freed (the decrypted values, the build's array, the
     * connection's page cache: 256 MiB at 2,000,000 taps) lies between what
     * it kept: give the free pages back to the system rather than keep them
     * resident. */
    malloc_trim(0);
#endif
    return 0;
}

int search_index_refresh_tap(search_index *ix, app_ctx *ctx, int64_t tap_id, err_t *e)
{
    build_ctx b = {.ix = ix, .ctx = ctx};
    pthread_rwlock_wrlock(&ix->lock);
    int rc = load_areas(ix, ctx, e);
    if (!rc)
        rc = search_store_walk(ctx->db, tap_id, collect, &b, e);
    if (!rc && b.failed)
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "search index refresh failed");
    if (!rc && ix->n + b.n > ix->cap) {
        size_t nc = ix->cap ? ix->cap : 1024;
        while (nc < ix->n + b.n)
            nc += nc / 8 + 64;   /* an eighth at a time: doubling leaves up to half a large array unused */
        entry **ne = realloc(ix->e, nc * sizeof *ne);
        if (!ne)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        else {
            ix->e = ne;
            ix->cap = nc;
        }
    }
    if (rc) {
        discard(&b);
        pthread_rwlock_unlock(&ix->lock);
        return rc;
    }
    for (size_t i = 0; i < ix->n; i++) {
        if (ix->e[i]->tap_id == tap_id && !EDEAD(ix->e[i])) {
            if (ix->ndead == ix->dead_cap) {
                size_t nc = ix->dead_cap ? ix->dead_cap * 2 : 64;
                uint32_t *nd = realloc(ix->dead, nc * sizeof *nd);
                if (!nd) {
                    rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
                    break;
                }
                ix->dead = nd;
                ix->dead_cap = nc;
            }
            ix->e[i]->flags |= E_DEAD;
            ix->dead[ix->ndead++] = (uint32_t)i;
        }
    }
    for (size_t i = 0; i < b.n; i++)
        ix->e[ix->n++] = b.out[i];
    free(b.out);
    if (ix->n - ix->nsorted > 2048 && rebuild(ix))
        rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    pthread_rwlock_unlock(&ix->lock);
    return rc;
}

/* ---- querying ----
 * A query is up to SEARCH_TERMS terms separated by spaces (full-width ones
 * too), matched together, in any order: digits (a tap number's prefix, a
 * phone number's first digits or its last four or more, an お客様番号),
 * kana (the first kana term a prefix of the カナ氏名, the others anywhere in
 * it: "たなか はなこ"), anything else a fragment of the name or the place of
 * use ("若松町", "田中").  One term drives: the candidates come from its
 * sorted index (digits first, then kana), or from every entry when all the
 * terms are fragments; every candidate is then checked against every term. */

#define SEARCH_TERMS 8
enum term_kind { TERM_DIGITS, TERM_KANA, TERM_TEXT };
typedef struct term {
    int kind;
    char *key;
    bool lead;             /* the kana term that must begin the カナ氏名 */
    int64_t number;        /* digits: the お客様番号 they may be (-1: too long) */
} term;

static bool digitish(const char *s)
{
    bool any = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            any = true;
        else if (*s != '-' && *s != '(' && *s != ')')
            return false;
    }
    return any;
}

/* Split the NFKC'd query into terms; returns how many (0: nothing to search). */
static size_t parse_terms(char *norm, term *t)
{
    size_t n = 0;
    bool lead_taken = false;
    char *p = norm;
    while (*p && n < SEARCH_TERMS) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        char *end = p;
        while (*end && *end != ' ' && *end != '\t')
            end++;
        char save = *end;
        *end = '\0';
        term x = {0};
        if (digitish(p)) {
            x.kind = TERM_DIGITS;
            x.key = text_digits(p);
            long long v = -1;
            if (!x.key || strlen(x.key) > 15 || !str_to_i64(x.key, &v))
                v = -1;
            x.number = v;
        } else if (text_is_kana(p)) {
            x.kind = TERM_KANA;
            x.key = text_kana_key(p);
            x.lead = !lead_taken;
            lead_taken = true;
        } else {
            x.kind = TERM_TEXT;
            x.key = text_fold_key(p);
        }
        if (x.key && *x.key)
            t[n++] = x;
        else
            free(x.key);
        *end = save;
        p = end;
    }
    return n;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

static bool term_matches(const entry *en, const term *t)
{
    switch (t->kind) {
    case TERM_DIGITS: {
        size_t dl = strlen(t->key);
        return (dl <= 8 && strncmp(ESTR(en, S_TAP_NO), t->key, dl) == 0) || strncmp(ESTR(en, S_DIGITS), t->key, dl) == 0 ||
               (dl >= 4 && ends_with(ESTR(en, S_DIGITS), t->key)) || en->customer_id == t->number;
    }
    case TERM_KANA:
        return t->lead ? strncmp(ESTR(en, S_KANA_KEY), t->key, strlen(t->key)) == 0 : strstr(ESTR(en, S_KANA_KEY), t->key) != NULL;
    default:
        return strstr(ESTR(en, S_TEXT_KEY), t->key) != NULL;
    }
}

/* ---- the matches, counted, and the page of them kept ----
 * Candidates stream through `offer`: each that matches every term (and the
 * scope) is counted, and the first offset+limit of them in the order asked
 * are kept in a bounded heap (the greatest on top), so a broad query ("090",
 * "サ") costs one comparison per match, not a sort of every match. */

static int cmp_order(const entry *x, const entry *y, int order)
{
    int c = 0;
    switch (order) {
    case SEARCH_SORT_KANA:
        return search_kana_order(x, y);
    case SEARCH_SORT_ADDRESS:
        c = strcmp(ESTR(x, S_ADDRESS), ESTR(y, S_ADDRESS));
        break;
    case SEARCH_SORT_TAP:
        break;
    default:
        if (ECUR(x) != ECUR(y))
            return ECUR(x) ? -1 : 1;
        return search_kana_order(x, y);
    }
    return c ? c : tie_order(x, y);
}

typedef struct collector {
    const app_search_request *rq;
    const term *t;
    size_t nt;
    size_t total;
    const entry **heap;    /* max-heap by cmp_order of the best `k` so far */
    size_t nheap, k;
} collector;

static void heap_down(collector *c, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < c->nheap && cmp_order(c->heap[l], c->heap[m], c->rq->sort) > 0)
            m = l;
        if (r < c->nheap && cmp_order(c->heap[r], c->heap[m], c->rq->sort) > 0)
            m = r;
        if (m == i)
            return;
        const entry *tmp = c->heap[i];
        c->heap[i] = c->heap[m];
        c->heap[m] = tmp;
        i = m;
    }
}

static void offer(collector *c, const entry *en)
{
    if (EDEAD(en))
        return;
    if ((c->rq->scope == SEARCH_SCOPE_CURRENT && !ECUR(en)) || (c->rq->scope == SEARCH_SCOPE_PAST && ECUR(en)))
        return;
    for (size_t j = 0; j < c->nt; j++)
        if (!term_matches(en, &c->t[j]))
            return;
    c->total++;
    if (c->k == 0)
        return;
    if (c->nheap < c->k) {
        size_t i = c->nheap++;
        c->heap[i] = en;
        while (i > 0) {   /* up */
            size_t p = (i - 1) / 2;
            if (cmp_order(c->heap[i], c->heap[p], c->rq->sort) <= 0)
                break;
            const entry *tmp = c->heap[i];
            c->heap[i] = c->heap[p];
            c->heap[p] = tmp;
            i = p;
        }
    } else if (cmp_order(en, c->heap[0], c->rq->sort) < 0) {
        c->heap[0] = en;
        heap_down(c, 0);
    }
}

typedef struct range {
    const uint32_t *idx;
    size_t lo, hi;
    int crit;              /* CRIT_* */
} range;
enum { CRIT_TAP, CRIT_PHONE, CRIT_REV, CRIT_CUST, CRIT_KANA };

static void key_range(search_index *ix, const uint32_t *idx, int field, const char *key, range *r)
{
    size_t klen = strlen(key), lo = 0, hi = ix->nsorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (field_ncmp(ix->e[idx[mid]], field, key, SIZE_MAX) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    r->lo = lo;
    hi = ix->nsorted;
    while (lo < hi) {   /* the first past the prefix */
        size_t mid = (lo + hi) / 2;
        if (field_ncmp(ix->e[idx[mid]], field, key, klen) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    r->hi = lo;
    r->idx = idx;
}

/* The entries of customer number `number` in by_cust. */
static void cust_range(search_index *ix, int64_t number, range *r)
{
    size_t lo = 0, hi = ix->nsorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ix->e[ix->by_cust[mid]]->customer_id < number)
            lo = mid + 1;
        else
            hi = mid;
    }
    r->lo = r->hi = lo;
    while (r->hi < ix->nsorted && ix->e[ix->by_cust[r->hi]]->customer_id == number)
        r->hi++;
    r->idx = ix->by_cust;
    r->crit = CRIT_CUST;
}

/* The sorted range of entries whose field begins with key, offered; skip:
 * those an earlier range of the same term offered already. */
static void range_offer(search_index *ix, const uint32_t *idx, int field, const char *key, collector *c,
                        bool (*skip)(const entry *, const char *), const char *digits)
{
    range r;
    key_range(ix, idx, field, key, &r);
    for (size_t i = r.lo; i < r.hi; i++) {
        const entry *en = ix->e[idx[i]];
        if (!skip || !skip(en, digits))
            offer(c, en);
    }
}

/* An entry a digits term reaches through several ranges is offered once: by
 * the first of tap number, phone prefix, phone's last digits, customer. */
static bool in_tap_range(const entry *en, const char *d)
{
    size_t dl = strlen(d);
    return dl <= 8 && strncmp(ESTR(en, S_TAP_NO), d, dl) == 0;
}

static bool in_tap_or_phone(const entry *en, const char *d)
{
    return in_tap_range(en, d) || strncmp(ESTR(en, S_DIGITS), d, strlen(d)) == 0;
}

static bool in_any_range(const entry *en, const char *d)
{
    return in_tap_or_phone(en, d) || (strlen(d) >= 4 && ends_with(ESTR(en, S_DIGITS), d));
}

/* Offer the candidates of the driving term (read lock held). */
static void drive(search_index *ix, const term *t, size_t nt, collector *c)
{
    const term *d = NULL;
    for (size_t i = 0; i < nt && !d; i++)
        if (t[i].kind == TERM_DIGITS)
            d = &t[i];
    for (size_t i = 0; i < nt && !d; i++)
        if (t[i].kind == TERM_KANA && t[i].lead)
            d = &t[i];
    if (!d) {   /* fragments only: every entry */
        for (size_t i = 0; i < ix->n; i++)
            offer(c, ix->e[i]);
        return;
    }
    if (d->kind == TERM_KANA)
        range_offer(ix, ix->by_kana, 0, d->key, c, NULL, NULL);
    else {
        size_t dl = strlen(d->key);
        if (dl <= 8)
            range_offer(ix, ix->by_tap, 3, d->key, c, NULL, NULL);
        range_offer(ix, ix->by_phone, 1, d->key, c, in_tap_range, d->key);
        if (dl >= 4 && dl < 24) {
            char rev[24];
            for (size_t i = 0; i < dl; i++)
                rev[i] = d->key[dl - 1 - i];
            rev[dl] = '\0';
            range_offer(ix, ix->by_rev, 2, rev, c, in_tap_or_phone, d->key);
        }
        if (d->number >= 0) {
            range r;
            cust_range(ix, d->number, &r);
            for (size_t i = r.lo; i < r.hi; i++)
                if (!in_any_range(ix->e[r.idx[i]], d->key))
                    offer(c, ix->e[r.idx[i]]);
        }
    }
    /* entries added since the last rebuild are in no sorted range */
    for (size_t i = ix->nsorted; i < ix->n; i++)
        offer(c, ix->e[i]);
}

static void fill_hit(app_hit *o, const entry *en)
{
    str_copy(o->tap_no, sizeof o->tap_no, ESTR(en, S_TAP_NO));
    o->customer_id = en->customer_id;
    str_copy(o->name, sizeof o->name, ESTR(en, S_NAME));
    str_copy(o->kana, sizeof o->kana, ESTR(en, S_KANA));
    str_copy(o->phone, sizeof o->phone, ESTR(en, S_PHONE));
    str_copy(o->address, sizeof o->address, ESTR(en, S_ADDRESS));
    o->current = ECUR(en);
    char d[11];
    str_copy(o->start_on, sizeof o->start_on, entry_date(en, 0, d));
    str_copy(o->end_on, sizeof o->end_on, entry_date(en, 1, d));
    str_copy(o->stopped_on, sizeof o->stopped_on, entry_date(en, 2, d));
}

static int cmp_sort(const void *a, const void *b, void *order)
{
    return cmp_order(*(const entry *const *)a, *(const entry *const *)b, *(const int *)order);
}

/* ---- one term, counted off the sorted indexes ----
 * A single kana or digits term is the commonest query, and often a broad one
 * ("サトウ", "090").  Its matches are whole ranges of the sorted indexes, so
 * they are counted from the ranges' bounds (less the entries retired since
 * the last rebuild), and the page is read in カナ order off by_kana, reaching
 * only the entries shown.  false: not such a query (or an entry added since
 * the last rebuild might match): the general way. */

static bool crit_matches(const entry *en, int crit, const term *t, const char *rev)
{
    size_t dl = strlen(t->key);
    switch (crit) {
    case CRIT_TAP: return strncmp(ESTR(en, S_TAP_NO), t->key, dl) == 0;
    case CRIT_PHONE: return strncmp(ESTR(en, S_DIGITS), t->key, dl) == 0;
    case CRIT_REV: return rev_ncmp(ESTR(en, S_DIGITS), rev, dl) == 0;
    case CRIT_CUST: return en->customer_id == t->number;
    default: return strncmp(ESTR(en, S_KANA_KEY), t->key, dl) == 0;
    }
}

static bool scope_ok(const app_search_request *rq, bool current)
{
    return rq->scope == SEARCH_SCOPE_ALL || (rq->scope == SEARCH_SCOPE_CURRENT) == current;
}

static bool one_term_page(search_index *ix, const app_search_request *rq, const term *t, app_hit *out, size_t *filled,
                          size_t *total)
{
    if ((rq->sort != SEARCH_SORT_DEFAULT && rq->sort != SEARCH_SORT_KANA) || t->kind == TERM_TEXT)
        return false;
    for (size_t i = ix->nsorted; i < ix->n; i++)
        if (!EDEAD(ix->e[i]) && term_matches(ix->e[i], t))
            return false;
    range rs[4];
    size_t nr = 0, dl = strlen(t->key);
    char rev[24] = "";
    if (t->kind == TERM_KANA) {
        key_range(ix, ix->by_kana, 0, t->key, &rs[0]);
        rs[nr++].crit = CRIT_KANA;
    } else {
        if (rq->scope != SEARCH_SCOPE_ALL || dl >= sizeof rev)
            return false;
        if (dl <= 8) {
            key_range(ix, ix->by_tap, 3, t->key, &rs[nr]);
            rs[nr++].crit = CRIT_TAP;
        }
        key_range(ix, ix->by_phone, 1, t->key, &rs[nr]);
        rs[nr++].crit = CRIT_PHONE;
        if (dl >= 4) {
            for (size_t i = 0; i < dl; i++)
                rev[i] = t->key[dl - 1 - i];
            key_range(ix, ix->by_rev, 2, rev, &rs[nr]);
            rs[nr++].crit = CRIT_REV;
        }
        if (t->number >= 0)
            cust_range(ix, t->number, &rs[nr++]);
    }
    /* the count: the largest range by its bounds, the others' entries not in it nor in an earlier one */
    size_t big = 0;
    for (size_t j = 1; j < nr; j++)
        if (rs[j].hi - rs[j].lo > rs[big].hi - rs[big].lo)
            big = j;
    size_t count = 0;
    if (t->kind == TERM_KANA) {
        for (size_t i = rs[0].lo; i < rs[0].hi; i++)
            count += scope_ok(rq, ix->kana_cur[i]);
    } else {
        count = rs[big].hi - rs[big].lo;
        for (size_t j = 0; j < nr; j++) {
            if (j == big)
                continue;
            for (size_t i = rs[j].lo; i < rs[j].hi; i++) {
                const entry *en = ix->e[rs[j].idx[i]];
                bool seen = EDEAD(en) || crit_matches(en, rs[big].crit, t, rev);
                for (size_t q = 0; q < j && !seen; q++)
                    seen = q != big && crit_matches(en, rs[q].crit, t, rev);
                count += !seen;
            }
        }
    }
    for (size_t d = 0; d < ix->ndead; d++)   /* retired entries still in the largest range */
        if (ix->dead[d] < ix->nsorted) {
            const entry *en = ix->e[ix->dead[d]];
            if (crit_matches(en, rs[big].crit, t, rev) && scope_ok(rq, ECUR(en)))
                count--;
        }
    /* the page: along by_kana (the range itself for a kana term), current occupants first by default */
    size_t lo = t->kind == TERM_KANA ? rs[0].lo : 0, hi = t->kind == TERM_KANA ? rs[0].hi : ix->nsorted;
    size_t want = rq->offset + rq->limit;
    if (t->kind != TERM_KANA && (count == 0 || (double)want * (double)ix->nsorted / (double)count > (double)count))
        return false;   /* sparse: the general way reaches fewer entries */
    size_t skip = rq->offset, n = 0;
    for (int pass = 0; pass < 2 && n < rq->limit; pass++) {
        bool cur = pass == 0;
        for (size_t i = lo; i < hi && n < rq->limit; i++) {
            bool c = ix->kana_cur[i];
            if (!scope_ok(rq, c) || (rq->sort == SEARCH_SORT_DEFAULT && c != cur))
                continue;
            const entry *en = ix->e[ix->by_kana[i]];
            if (EDEAD(en) || (t->kind != TERM_KANA && !term_matches(en, t)))
                continue;
            if (skip)
                skip--;
            else
                fill_hit(&out[n++], en);
        }
        if (rq->sort != SEARCH_SORT_DEFAULT)
            break;
    }
    *filled = n;
    *total = count;
    return true;
}

size_t search_index_find(search_index *ix, const app_search_request *rq, app_hit *out, size_t *total)
{
    *total = 0;
    char *norm = text_nfkc(rq->q ? rq->q : "");
    if (!norm)
        return 0;
    term t[SEARCH_TERMS];
    size_t nt = parse_terms(norm, t);
    size_t filled = 0;
    collector c = {.rq = rq, .t = t, .nt = nt, .k = rq->offset + rq->limit};
    if (c.k > 100000)
        c.k = 0;   /* a page that far: only the count */
    if (nt == 0 || !(c.heap = malloc((c.k ? c.k : 1) * sizeof *c.heap)))
        goto done;
    pthread_rwlock_rdlock(&ix->lock);
    if (nt == 1 && one_term_page(ix, rq, &t[0], out, &filled, total)) {
        pthread_rwlock_unlock(&ix->lock);
        goto done;
    }
    drive(ix, t, nt, &c);
    /* the kept ones in order; the page is the last `limit` of the first k */
    int order = rq->sort;
    qsort_r(c.heap, c.nheap, sizeof *c.heap, cmp_sort, &order);
    *total = c.total;
    for (size_t i = rq->offset; i < c.nheap && filled < rq->limit; i++)
        fill_hit(&out[filled++], c.heap[i]);
    pthread_rwlock_unlock(&ix->lock);
done:
    free(c.heap);
    for (size_t i = 0; i < nt; i++)
        free(t[i].key);
    free(norm);
    return filled;
}
