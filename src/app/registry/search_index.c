/* search_index — see search_index.h. */
#include "app/registry/search_index.h"
#include "app/registry/app_search.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/text.h"
#include "store/registry/search_store.h"
#include "store/registry/tap_store.h"

typedef struct entry {
    int64_t tap_id, customer_id;
    bool dead;             /* replaced by a refresh */
    bool current;
    char tap_no[16];
    char start_on[11], end_on[11];
    char phone_digits[24];
    char phone_rev[24];
    /* Strings below point into text[] (one allocation per entry). */
    const char *kana_key, *text_key, *name, *kana, *phone, *address;
    char text[];
} entry;

struct search_index {
    pthread_rwlock_t lock;
    entry **e;          /* all entries (dead ones included until rebuild) */
    size_t n, cap;
    uint32_t *by_kana, *by_phone, *by_rev, *by_tap;   /* sorted indexes over e[0..nsorted) */
    size_t nsorted;
    size_t ndead;
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

static void free_entries(search_index *ix)
{
    for (size_t i = 0; i < ix->n; i++)
        free(ix->e[i]);
    free(ix->e);
    free(ix->by_kana);
    free(ix->by_phone);
    free(ix->by_rev);
    free(ix->by_tap);
    ix->e = NULL;
    ix->by_kana = ix->by_phone = ix->by_rev = ix->by_tap = NULL;
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
    int failed;
} build_ctx;

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

static entry *make_entry(search_index *ix, const app_ctx *ctx, const search_src *r)
{
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
    size_t lens[6] = {strlen(kana_key) + 1, strlen(text_key) + 1, strlen(name) + 1, strlen(kana) + 1,
                      strlen(phone) + 1, full.len + 1};
    size_t total = 0;
    for (int i = 0; i < 6; i++)
        total += lens[i];
    en = calloc(1, sizeof *en + total);
    if (!en)
        goto out;
    char *p = en->text;
    const char *src[6] = {kana_key, text_key, name, kana, phone, buf_cstr(&full)};
    const char **dst[6] = {&en->kana_key, &en->text_key, &en->name, &en->kana, &en->phone, &en->address};
    for (int i = 0; i < 6; i++) {
        memcpy(p, src[i], lens[i]);
        *dst[i] = p;
        p += lens[i];
    }
    en->tap_id = r->tap_id;
    en->customer_id = r->customer_id;
    en->current = r->end_on[0] == '\0';
    str_copy(en->tap_no, sizeof en->tap_no, r->tap_no);
    str_copy(en->start_on, sizeof en->start_on, r->start_on);
    str_copy(en->end_on, sizeof en->end_on, r->end_on);
    str_copy(en->phone_digits, sizeof en->phone_digits, digits);
    size_t dl = strlen(en->phone_digits);
    for (size_t i = 0; i < dl; i++)
        en->phone_rev[i] = en->phone_digits[dl - 1 - i];
    en->phone_rev[dl] = '\0';
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
    entry *en = make_entry(b->ix, b->ctx, r);
    if (!en) {
        b->failed = 1;
        return 1;
    }
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 1024;
        entry **ne = realloc(b->out, nc * sizeof *ne);
        if (!ne) {
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
        free(b->out[i]);
    free(b->out);
    b->out = NULL;
    b->n = 0;
}

/* ---- sorting ---- */

static search_index *g_sort_ix;   /* qsort has no context argument; guarded by the write lock */
static int g_sort_field;

static const char *sort_key(const entry *en, int field)
{
    switch (field) {
    case 0: return en->kana_key;
    case 1: return en->phone_digits;
    case 2: return en->phone_rev;
    default: return en->tap_no;
    }
}

static int cmp_idx(const void *a, const void *b)
{
    const entry *x = g_sort_ix->e[*(const uint32_t *)a];
    const entry *y = g_sort_ix->e[*(const uint32_t *)b];
    return strcmp(sort_key(x, g_sort_field), sort_key(y, g_sort_field));
}

/* Rebuild the sorted arrays over all entries (write lock held). */
static int rebuild(search_index *ix)
{
    /* Compact: drop dead entries. */
    size_t k = 0;
    for (size_t i = 0; i < ix->n; i++) {
        if (ix->e[i]->dead)
            free(ix->e[i]);
        else
            ix->e[k++] = ix->e[i];
    }
    ix->n = k;
    ix->ndead = 0;
    uint32_t **arrs[4] = {&ix->by_kana, &ix->by_phone, &ix->by_rev, &ix->by_tap};
    for (int f = 0; f < 4; f++) {
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
    build_ctx b = {.ix = ix, .ctx = ctx};
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
    free_entries(ix);
    ix->e = b.out;
    ix->n = b.n;
    ix->cap = b.cap;
    if (rebuild(ix)) {
        pthread_rwlock_unlock(&ix->lock);
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    }
    pthread_rwlock_unlock(&ix->lock);
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
            nc *= 2;
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
        if (ix->e[i]->tap_id == tap_id && !ix->e[i]->dead) {
            ix->e[i]->dead = true;
            ix->ndead++;
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

/* ---- querying ---- */

typedef struct hitset {
    app_hit *out;
    const entry **seen;
    size_t n, max;
    bool truncated;
} hitset;

static void add_hit(hitset *h, const entry *en)
{
    if (en->dead)
        return;
    for (size_t i = 0; i < h->n; i++)
        if (h->seen[i] == en)
            return;
    if (h->n >= h->max) {
        h->truncated = true;
        return;
    }
    h->seen[h->n] = en;
    app_hit *o = &h->out[h->n++];
    str_copy(o->tap_no, sizeof o->tap_no, en->tap_no);
    o->customer_id = en->customer_id;
    str_copy(o->name, sizeof o->name, en->name);
    str_copy(o->kana, sizeof o->kana, en->kana);
    str_copy(o->phone, sizeof o->phone, en->phone);
    str_copy(o->address, sizeof o->address, en->address);
    o->current = en->current;
    str_copy(o->start_on, sizeof o->start_on, en->start_on);
    str_copy(o->end_on, sizeof o->end_on, en->end_on);
}

/* Prefix range in a sorted index; adds matches until the set is full. */
static void prefix_scan(search_index *ix, const uint32_t *idx, int field, const char *key, hitset *h)
{
    size_t klen = strlen(key);
    size_t lo = 0, hi = ix->nsorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(sort_key(ix->e[idx[mid]], field), key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < ix->nsorted && !h->truncated; i++) {
        const entry *en = ix->e[idx[i]];
        if (strncmp(sort_key(en, field), key, klen) != 0)
            break;
        add_hit(h, en);
    }
    /* Entries added since the last rebuild. */
    for (size_t i = ix->nsorted; i < ix->n && !h->truncated; i++)
        if (strncmp(sort_key(ix->e[i], field), key, klen) == 0)
            add_hit(h, ix->e[i]);
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static int cmp_hits(const void *a, const void *b)
{
    const app_hit *x = a, *y = b;
    if (x->current != y->current)
        return x->current ? -1 : 1;
    int c = strcmp(x->kana, y->kana);
    return c ? c : strcmp(x->tap_no, y->tap_no);
}

size_t search_index_query(search_index *ix, const char *q, app_hit *out, size_t max, bool *truncated)
{
    *truncated = false;
    hitset h = {.out = out, .max = max};
    h.seen = malloc((max ? max : 1) * sizeof *h.seen);
    char *norm = text_nfkc(q);
    if (!h.seen || !norm || !*norm) {
        free(h.seen);
        free(norm);
        return 0;
    }
    char *digits = text_digits(norm);
    bool digit_query = false;
    if (digits && *digits) {
        /* "090-1234" or "1234" or "10000001": only digits and separators. */
        digit_query = true;
        for (const char *p = norm; *p; p++)
            if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == ' ' || *p == '(' || *p == ')'))
                digit_query = false;
    }
    pthread_rwlock_rdlock(&ix->lock);
    if (digit_query && all_digits(digits)) {
        size_t dl = strlen(digits);
        if (dl <= 8)
            prefix_scan(ix, ix->by_tap, 3, digits, &h);
        prefix_scan(ix, ix->by_phone, 1, digits, &h);
        if (dl >= 4) {
            char rev[24];
            if (dl < sizeof rev) {
                for (size_t i = 0; i < dl; i++)
                    rev[i] = digits[dl - 1 - i];
                rev[dl] = '\0';
                prefix_scan(ix, ix->by_rev, 2, rev, &h);
            }
        }
    } else if (text_is_kana(norm)) {
        char *key = text_kana_key(norm);
        if (key && *key)
            prefix_scan(ix, ix->by_kana, 0, key, &h);
        free(key);
    } else {
        char *key = text_fold_key(norm);
        if (key && *key) {
            for (size_t i = 0; i < ix->n && !h.truncated; i++)
                if (strstr(ix->e[i]->text_key, key))
                    add_hit(&h, ix->e[i]);
        }
        free(key);
    }
    pthread_rwlock_unlock(&ix->lock);
    free(digits);
    free(norm);
    free(h.seen);
    qsort(out, h.n, sizeof *out, cmp_hits);
    *truncated = h.truncated;
    return h.n;
}
