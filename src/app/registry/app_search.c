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

static int run_search(app_ctx *ctx, const char *q, size_t limit, const char *action, app_hit **hits, size_t *n,
                      bool *truncated, err_t *e)
{
    *hits = NULL;
    *n = 0;
    *truncated = false;
    if (!q || !*q)
        return err_field(e, "q", "検索する水栓番号・カナ氏名・電話番号・住所を入力してください。");
    if (strlen(q) > 200 || !text_is_clean(q, false))
        return err_field(e, "q", "検索語は200バイト以内の文字で入力してください。");
    int rc = ensure_index(ctx, e);
    if (rc)
        return rc;
    if (limit == 0 || limit > APP_SEARCH_MAX)
        limit = APP_SEARCH_MAX;
    app_hit *out = malloc(limit * sizeof *out);   /* add_hit fills each hit it keeps */
    if (!out)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    size_t k = search_index_query(ctx->env->index, q, out, limit, truncated);
    json_t *j = json_pack("{sssI}", "q", q, "hits", (json_int_t)k);
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

int app_customer_search(app_ctx *ctx, const char *q, size_t limit, app_hit **hits, size_t *n, bool *truncated,
                        err_t *e)
{
    int rc = app_require(ctx, PERM_CUSTOMER_VIEW, e);
    if (rc)
        return rc;
    return run_search(ctx, q, limit, "customer.search", hits, n, truncated, e);
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
    size_t n = 0;
    bool truncated = false;
    if ((rc = run_search(ctx, q, APP_SEARCH_MAX, "customer.export", &hits, &n, &truncated, e)))
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
