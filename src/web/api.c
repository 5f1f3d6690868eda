/* api — the JSON API under /api/v1 (docs/api.md). */
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "domain/tapinfo.h"
#include "web/web.h"
#include "app/account/app_staff.h"
#include "app/registry/app_customer.h"
#include "app/registry/app_search.h"

int api_login(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (!rq->json || !json_is_object(rq->json)) {
        err_field(&e, "body", "JSON の本文 {\"username\": ..., \"password\": ...} を送ってください。");
        return web_fail(rq, rs, &e);
    }
    app_login_result r;
    if (app_auth_login(&rq->ctx, web_json_str(rq, "username"), web_json_str(rq, "password"), &r, &e))
        return web_fail(rq, rs, &e);
    web_set_session_cookie(rq, rs, r.token);
    return web_json_reply(rs, 200, json_pack("{sssb}", "csrf", r.csrf, "must_change", r.must_change));
}

int api_logout(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (app_auth_logout(&rq->ctx, rq->session_token, &e))
        return web_fail(rq, rs, &e);
    web_clear_session_cookie(rq, rs);
    return web_json_reply(rs, 200, json_pack("{sb}", "ok", 1));
}

int api_customers(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    long long limit = 50;
    const char *ls = web_query(rq, "limit");
    if (ls && (!str_to_i64(ls, &limit) || limit < 1 || limit > APP_SEARCH_MAX)) {
        err_field(&e, "limit", "limit は 1〜200 の整数で指定してください。");
        return web_fail(rq, rs, &e);
    }
    long long offset = 0;
    const char *os = web_query(rq, "offset");
    if (os && (!str_to_i64(os, &offset) || offset < 0 || offset > 10000000)) {
        err_field(&e, "offset", "offset は 0 以上の整数で指定してください。");
        return web_fail(rq, rs, &e);
    }
    int scope = app_search_scope_parse(web_query(rq, "scope"));
    int sort = app_search_sort_parse(web_query(rq, "sort"));
    if (scope < 0 || sort < 0) {
        err_field(&e, scope < 0 ? "scope" : "sort",
                  scope < 0 ? "scope は all・current・past のいずれかを指定してください。"
                            : "sort は default・kana・address・tap のいずれかを指定してください。");
        return web_fail(rq, rs, &e);
    }
    app_search_request sr = {.q = web_query(rq, "q"), .scope = scope, .sort = sort, .offset = (size_t)offset,
                             .limit = (size_t)limit};
    app_hit *hits = NULL;
    size_t n = 0, total = 0;
    if (app_customer_find(&rq->ctx, &sr, &hits, &n, &total, &e))
        return web_fail(rq, rs, &e);
    bool truncated = total > (size_t)offset + n;
    /* Streamed: a hundred hits through jansson's tree cost more than the search. */
    rs->content_type = "application/json; charset=utf-8";
    buf_grow(&rs->body, 200 * (size_t)(n + 1));
    jsonw w;
    jsonw_begin(&w, &rs->body);
    jsonw_object(&w);
    jsonw_key(&w, "results");
    jsonw_array(&w);
    for (size_t i = 0; i < n; i++) {
        const app_hit *h = &hits[i];
        jsonw_object(&w);
        jsonw_kv_string(&w, "tap_no", h->tap_no);
        jsonw_kv_int(&w, "customer_id", h->customer_id);
        jsonw_kv_string(&w, "name", h->name);
        jsonw_kv_string(&w, "kana", h->kana);
        jsonw_kv_string(&w, "phone", h->phone);
        jsonw_kv_string(&w, "address", h->address);
        jsonw_kv_bool(&w, "current", h->current);
        jsonw_kv_string(&w, "start_on", h->start_on);
        jsonw_kv_string(&w, "end_on", h->end_on[0] ? h->end_on : NULL);
        jsonw_end_object(&w);
    }
    jsonw_end_array(&w);
    jsonw_kv_int(&w, "total", (int64_t)total);
    jsonw_kv_int(&w, "offset", (int64_t)offset);
    jsonw_kv_bool(&w, "truncated", truncated);
    jsonw_end_object(&w);
    free(hits);
    return 0;
}

int api_tap(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_karte k;
    if (app_karte_get(&rq->ctx, rq->param, &k, &e))
        return web_fail(rq, rs, &e);
    json_t *occ = json_array();
    for (size_t i = 0; i < k.nocc; i++) {
        const app_occupancy *o = &k.occ[i];
        json_array_append_new(occ, json_pack("{sIssssssssss?}", "customer_id", (json_int_t)o->who.customer_id,
                                             "name", o->who.name, "kana", o->who.kana, "phone", o->who.phone,
                                             "start_on", o->start_on, "end_on", o->end_on[0] ? o->end_on : NULL));
    }
    json_t *j = json_pack("{sssssssssIsssssssIsssIso}", "tap_no", k.tap_no, "area_code", k.area_code, "area_name",
                          k.area_name, "address", k.address, "diameter", (json_int_t)k.diameter, "use", k.use_code,
                          "sewer", k.sewer, "route", k.route, "route_order", (json_int_t)k.route_order, "status",
                          k.status, "version", (json_int_t)k.version, "occupancies", occ);
    app_karte_free(&k);
    return web_json_reply(rs, 200, j);
}
