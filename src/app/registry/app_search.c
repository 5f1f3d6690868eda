/* app_search — customer search and CSV export (see app.h). */
#include "app/app.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry/search_index.h"
#include "app/registry/app_search.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/text.h"
#include "domain/role.h"

static pthread_mutex_t g_index_lock = PTHREAD_MUTEX_INITIALIZER;

/* The CLI has no index until it needs one; the server loads it at start. */
static int ensure_index(app_ctx *ctx, err_t *e)
{
    int rc = 0;
    pthread_mutex_lock(&g_index_lock);
    if (!ctx->env->index) {
        search_index *ix = search_index_new();
        if (!ix)
            rc = err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        else if ((rc = search_index_load(ix, ctx, e)))
            search_index_free(ix);
        else
            ctx->env->index = ix;
    }
    pthread_mutex_unlock(&g_index_lock);
    return rc;
}

static int run_search(app_ctx *ctx, const app_search_request *rq, const char *action, app_hit **hits, size_t *n,
                      size_t *total, err_t *e)
{
    *hits = NULL;
    *n = 0;
    *total = 0;
    const char *q = rq->q;
    if (!q || !*q)
        return err_field(e, "q", "検索する水栓番号・カナ氏名・電話番号・住所を入力してください。");
    if (strlen(q) > 200 || !text_is_clean(q, false))
        return err_field(e, "q", "検索語は200バイト以内の文字で入力してください。");
    int rc = ensure_index(ctx, e);
    if (rc)
        return rc;
    app_search_request r = *rq;
    if (r.limit == 0 || r.limit > APP_SEARCH_MAX)
        r.limit = APP_SEARCH_MAX;
    if (r.scope < SEARCH_SCOPE_ALL || r.scope > SEARCH_SCOPE_PAST)
        r.scope = SEARCH_SCOPE_ALL;
    if (r.sort < SEARCH_SORT_DEFAULT || r.sort > SEARCH_SORT_TAP)
        r.sort = SEARCH_SORT_DEFAULT;
    app_hit *out = malloc(r.limit * sizeof *out);   /* search_index_find fills each hit it keeps */
    if (!out)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t k = search_index_find(ctx->env->index, &r, out, total);
    json_t *j = json_pack("{sssIsI}", "q", q, "hits", (json_int_t)k, "total", (json_int_t)*total);
    char *d = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    rc = app_audit_now(ctx, action, "customers", d ? d : "{}", e);
    free(d);
    if (rc) {
        free(out);
        return rc;
    }
    *hits = out;
    *n = k;
    return 0;
}

const char *const APP_SEARCH_SCOPE_NAMES[3] = {"all", "current", "past"};
const char *const APP_SEARCH_SORT_NAMES[4] = {"default", "kana", "address", "tap"};

static int name_index(const char *name, const char *const *names, int n)
{
    if (!name || !*name)
        return 0;
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

int app_search_scope_parse(const char *name)
{
    return name_index(name, APP_SEARCH_SCOPE_NAMES, 3);
}

int app_search_sort_parse(const char *name)
{
    return name_index(name, APP_SEARCH_SORT_NAMES, 4);
}

int app_customer_find(app_ctx *ctx, const app_search_request *rq, app_hit **hits, size_t *n, size_t *total,
                      err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    return run_search(ctx, rq, "customer.search", hits, n, total, e);
}

int app_customer_search(app_ctx *ctx, const char *q, size_t limit, app_hit **hits, size_t *n, bool *truncated,
                        err_t *e)
{
    app_search_request rq = {.q = q, .limit = limit};
    size_t total = 0;
    int rc = app_customer_find(ctx, &rq, hits, n, &total, e);
    *truncated = total > *n;
    return rc;
}

int app_customer_export_csv(app_ctx *ctx, const char *q, const char *encoding, buf_t *out, err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_EXPORT, e);
    if (rc)
        return rc;
    int enc = encoding && *encoding ? csv_encoding_parse(encoding) : CSV_UTF8_BOM;
    if (enc < 0)
        return err_field(e, "enc", "文字コードは utf8bom・utf8・cp932 のいずれかを指定してください。");
    app_hit *hits = NULL;
    size_t n = 0, total = 0;
    app_search_request rq = {.q = q, .limit = APP_SEARCH_MAX};
    if ((rc = run_search(ctx, &rq, "customer.export", &hits, &n, &total, e)))
        return rc;
    buf_t plain;
    buf_init(&plain, 0);
    csv_writer w;
    csv_begin(&w, &plain, false);
    static const char *const HEAD[] = {"水栓番号", "氏名", "カナ氏名", "電話番号", "給水場所", "状態", "開栓日", "閉栓日"};
    for (size_t i = 0; i < sizeof HEAD / sizeof HEAD[0]; i++)
        csv_field(&w, HEAD[i]);
    csv_end_row(&w);
    for (size_t i = 0; i < n; i++) {
        csv_field(&w, hits[i].tap_no);
        csv_field(&w, hits[i].name);
        csv_field(&w, hits[i].kana);
        csv_field(&w, hits[i].phone);
        csv_field(&w, hits[i].address);
        csv_field(&w, hits[i].current ? "使用中" : "閉栓");
        csv_field(&w, hits[i].start_on);
        csv_field(&w, hits[i].end_on);
        csv_end_row(&w);
    }
    free(hits);
    bool ok = !plain.failed && csv_encode(&plain, enc, out);
    buf_free(&plain);
    return ok ? 0 : err_set(e, ERR_INTERNAL, NULL, NULL, "csv encoding failed");
}
