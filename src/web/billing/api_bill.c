/* api_bill — bills over the JSON API: a tap's bills and one bill with the
 * lines that explain it (docs/api.md). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"
#include "app/billing/app_bill.h"
#include "domain/bill_lines.h"

static json_t *bill_json(const app_bill *b)
{
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(b->id));
    json_object_set_new(j, "tap_no", json_string(b->tap_no));
    json_object_set_new(j, "cycle", json_string(b->cycle));
    json_object_set_new(j, "customer_id", json_integer(b->customer_id));
    json_object_set_new(j, "kind", json_string(b->kind));
    json_object_set_new(j, "status", json_string(b->status));
    json_object_set_new(j, "replaces", b->replaces ? json_integer(b->replaces) : json_null());
    json_object_set_new(j, "period_from", json_string(b->period_from));
    json_object_set_new(j, "period_to", json_string(b->period_to));
    json_object_set_new(j, "days", json_integer(b->days));
    json_object_set_new(j, "months", json_integer(b->months));
    json_object_set_new(j, "use", json_string(b->use_code));
    json_object_set_new(j, "diameter", json_integer(b->diameter));
    json_object_set_new(j, "usage_m3", json_integer(b->usage));
    json_object_set_new(j, "estimated", json_boolean(b->estimated));
    json_object_set_new(j, "sewer_operator", json_string(b->sewer_operator));
    json_object_set_new(j, "sewer_m3", json_integer(b->sewer_usage));
    json_object_set_new(j, "water_yen", json_integer(b->water_yen));
    json_object_set_new(j, "sewer_yen", json_integer(b->sewer_yen));
    json_object_set_new(j, "adjust_yen", json_integer(b->adjust_yen));
    json_object_set_new(j, "tax_yen", json_integer(b->tax_yen));
    json_object_set_new(j, "total_yen", json_integer(b->total_yen));
    json_object_set_new(j, "paid_yen", json_integer(b->paid_yen));
    json_object_set_new(j, "balance_yen", json_integer(b->balance_yen));
    json_object_set_new(j, "pending_yen", json_integer(b->pending_yen));
    json_object_set_new(j, "collect", json_string(b->collect));
    json_object_set_new(j, "water_tariff", json_string(b->water_tariff));
    json_object_set_new(j, "sewer_tariff", b->sewer_tariff[0] ? json_string(b->sewer_tariff) : json_null());
    json_object_set_new(j, "issued_on", json_string(b->issued_on));
    json_object_set_new(j, "due_on", json_string(b->due_on));
    return j;
}

int api_tap_bills(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_bill *rows = NULL;
    size_t n = 0;
    if (app_bill_list_tap(&rq->ctx, rq->param, 120, &rows, &n, &e))
        return web_fail(rq, rs, &e);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, bill_json(&rows[i]));
    app_bill_list_free(rows, n);
    return web_json_reply(rs, 200, json_pack("{ssso}", "tap_no", rq->param, "bills", a));
}

/* The bill's lines from the typed groups ([] when unreadable). */
static json_t *lines_json(const char *stored)
{
    bill_line_group *g = NULL;
    size_t n = 0;
    bill_lines_parse(stored, &g, &n);   /* unreadable lines are no groups */
    json_t *a = bill_lines_json(g, n);
    bill_lines_free(g, n);
    return a ? a : json_array();
}

int api_bill(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id = 0;
    app_bill b;
    if (!web_path_id(rq, rs, "調定が見つかりません。", &id))
        return 0;
    if (app_bill_get(&rq->ctx, id, &b, &e))
        return web_fail(rq, rs, &e);
    json_t *j = bill_json(&b);
    json_object_set_new(j, "lines", lines_json(b.lines));
    json_object_set_new(j, "customer_name", json_string(b.customer_name));
    app_bill_free(&b);
    return web_json_reply(rs, 200, j);
}
