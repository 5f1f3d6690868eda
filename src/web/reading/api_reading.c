/* api_reading — the meter-reading JSON API under /api/v1 (docs/api.md):
 * for handheld terminals (bearer token), the reader's mobile page and the
 * office screens (staff session + X-CSRF-Token). */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/role.h"
#include "web/web.h"
#include "app/reading/app_reading.h"

/* The reasons of an answer as [{"code":..,"message":..}]. */
static json_t *reasons_json(const app_reading_out *o)
{
    json_t *a = json_array();
    if (o->status == READING_REFUSED) {
        json_array_append_new(a, json_pack("{ssss}", "code", app_refusal_code(o->refusal), "message", o->message));
        return a;
    }
    for (int i = 0; i < RR__COUNT; i++)
        if (o->reasons & (1u << i))
            json_array_append_new(a, json_pack("{ssss}", "code", reading_reason_code(1u << i), "message",
                                               reading_reason_text(1u << i)));
    return a;
}

static const char *status_code(int st)
{
    return st == READING_HELD ? "held" : st == READING_REFUSED ? "refused" : "accepted";
}

json_t *api_reading_answer(const app_reading_out *o);
json_t *api_reading_answer(const app_reading_out *o)
{
    bool refused = o->status == READING_REFUSED;
    json_t *j = json_pack("{sssosososbss}", "status", status_code(o->status), "usage_m3",
                          refused ? json_null() : json_integer(o->usage), "reasons", reasons_json(o), "reading_id",
                          refused ? json_null() : json_integer(o->reading_id), "duplicate", o->duplicate, "cycle",
                          o->cycle);
    if (refused) {
        json_object_set_new(j, "error", json_string("refused"));
        json_object_set_new(j, "message", json_string(o->message));
    }
    return j;
}

/* A JSON member as text: strings as they are, integers in decimal. */
static const char *member_text(json_t *obj, const char *name, char *tmp, size_t tmpsz)
{
    json_t *v = json_object_get(obj, name);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        str_fmt(tmp, tmpsz, "%lld", (long long)json_integer_value(v));
        return tmp;
    }
    return NULL;
}

static int need_object(web_req *rq, web_resp *rs, const char *example)
{
    err_t e;
    char msg[256];
    str_fmt(msg, sizeof msg, "JSON の本文 %s を送ってください。", example);
    err_set(&e, ERR_INVALID, "body", msg, "JSON object body expected");
    return web_fail(rq, rs, &e);
}

int api_me(web_req *rq, web_resp *rs)
{
    char today[11], cycle[8];
    date_format_iso(date_today_jst(), today);
    app_cycle_today(cycle);
    return web_json_reply(rs, 200, json_pack("{sssssssssssb}", "username", rq->ctx.actor.username, "role",
                                             role_code(rq->ctx.actor.role), "csrf", rq->csrf, "today", today, "cycle",
                                             cycle, "device", rq->device));
}

static const char *cycle_param(web_req *rq, char buf[8])
{
    const char *c = web_query(rq, "cycle");
    if (c && *c)
        return c;
    app_cycle_today(buf);
    return buf;
}

int api_routes(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cbuf[8];
    const char *cycle = cycle_param(rq, cbuf);
    app_route_progress *p = NULL;
    size_t n = 0;
    if (app_route_progress_list(&rq->ctx, cycle, &p, &n, &e))
        return web_fail(rq, rs, &e);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{sssssssssssIsIsI}", "code", p[i].code, "name", p[i].name, "group",
                                           p[i].grp, "from_on", p[i].from_on, "to_on", p[i].to_on, "total",
                                           (json_int_t)p[i].taps, "read", (json_int_t)p[i].read, "held",
                                           (json_int_t)p[i].held));
    free(p);
    return web_json_reply(rs, 200, json_pack("{ssso}", "cycle", cycle, "routes", a));
}

static json_t *int_or_null(bool has, int64_t v)
{
    return has ? json_integer(v) : json_null();
}

int api_route_list(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cbuf[8];
    const char *cycle = cycle_param(rq, cbuf);
    app_route_list l;
    if (app_route_list_get(&rq->ctx, rq->param, cycle, &l, &e))
        return web_fail(rq, rs, &e);
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++) {
        const app_route_item *it = &l.items[i];
        json_t *read = json_null();
        if (it->read)
            read = json_pack("{sssIsIsssb}", "read_on", it->read_on, "value", (json_int_t)it->read_value, "usage_m3",
                             (json_int_t)it->read_usage, "status", it->read_status, "reread", it->reread);
        json_t *o = json_object();
        json_object_set_new(o, "order", json_integer(it->order));
        json_object_set_new(o, "tap_no", json_string(it->tap_no));
        json_object_set_new(o, "meter_no", json_string(it->meter_no));
        json_object_set_new(o, "digits", json_integer(it->digits));
        json_object_set_new(o, "address", json_string(it->address));
        json_object_set_new(o, "name", json_string(it->name));
        json_object_set_new(o, "note", json_string(it->note));
        /* 給水停止 since (null when not stopped): no reading expected */
        json_object_set_new(o, "stopped_on", it->stopped_on[0] ? json_string(it->stopped_on) : json_null());
        json_object_set_new(o, "prev_read_on", it->has_prev ? json_string(it->prev_read_on) : json_null());
        json_object_set_new(o, "prev_value", int_or_null(it->has_prev, it->prev_value));
        json_object_set_new(o, "expected_low", int_or_null(it->has_range, it->expected_low));
        json_object_set_new(o, "expected_high", int_or_null(it->has_range, it->expected_high));
        json_object_set_new(o, "read", read);
        json_array_append_new(items, o);
    }
    json_t *j = json_pack("{sssssssssssIsIsIso}", "route", l.route.code, "name", l.route.name, "cycle", l.cycle,
                          "from_on", l.route.from_on, "to_on", l.route.to_on, "total", (json_int_t)l.route.taps, "read",
                          (json_int_t)l.route.read, "held", (json_int_t)l.route.held, "items", items);
    app_route_list_free(&l);
    return web_json_reply(rs, 200, j);
}

int api_route_csv(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    char cbuf[8];
    const char *cycle = cycle_param(rq, cbuf);
    if (app_route_export_csv(&rq->ctx, rq->param, cycle, web_query(rq, "encoding"), &rs->body, &e))
        return web_fail(rq, rs, &e);
    const char *enc = web_query(rq, "encoding");
    rs->content_type = enc && (strcmp(enc, "cp932") == 0 || strcmp(enc, "sjis") == 0) ? "text/csv; charset=Shift_JIS"
                                                                                        : "text/csv; charset=utf-8";
    char disp[128];
    str_fmt(disp, sizeof disp, "attachment; filename=\"route-%s-%s.csv\"", rq->param, cycle);
    web_header(rs, "Content-Disposition", disp);
    return 0;
}

int api_reading_post(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (!rq->json || !json_is_object(rq->json))
        return need_object(rq, rs, "{\"tap_no\": ..., \"read_on\": \"YYYY-MM-DD\", \"value\": N}");
    char t1[32], t2[32];
    const char *source = web_json_str(rq, "source");
    app_reading_in in = {
        .tap_no = member_text(rq->json, "tap_no", t1, sizeof t1),
        .meter_no = web_json_str(rq, "meter_no"),
        .read_on = web_json_str(rq, "read_on"),
        .value = member_text(rq->json, "value", t2, sizeof t2),
        .client_id = web_json_str(rq, "client_id"),
        .source = source && strcmp(source, "mobile") == 0 ? "mobile" : rq->device ? "handheld" : "api",
    };
    if (!in.tap_no) {
        err_field(&e, "tap_no", "tap_no（水栓番号）を指定してください。");
        return web_fail(rq, rs, &e);
    }
    if (in.client_id && strlen(in.client_id) > 40) {
        err_field(&e, "client_id", "client_id は40文字以内にしてください。");
        return web_fail(rq, rs, &e);
    }
    app_reading_out out;
    if (app_reading_record(&rq->ctx, &in, &out, &e))
        return web_fail(rq, rs, &e);
    return web_json_reply(rs, out.status == READING_REFUSED ? 422 : 200, api_reading_answer(&out));
}

/* Where the full list of an import's refused rows can be downloaded. */
void api_import_refusals_url(const app_import_report *rep, char *out, size_t size)
{
    if (!rep->refusals_kept || !str_fmt(out, size, "/api/v1/readings/imports/%s/refusals.csv", rep->batch))
        out[0] = '\0';
}

/* The summary (app_import_report): counts, counts by reason, the first
 * refused rows with their lines, and the link to all of them. */
static json_t *import_report_json(const app_import_report *rep)
{
    json_t *refusals = json_array();
    for (size_t i = 0; i < rep->nrefusals; i++) {
        json_t *o = api_reading_answer(&rep->refusals[i].out);
        json_object_set_new(o, "line", json_integer(rep->refusals[i].line));
        json_array_append_new(refusals, o);
    }
    json_t *by = json_object();
    for (int rf = 0; rf < RF__COUNT; rf++)
        if (rep->by_refusal[rf])
            json_object_set_new(by, app_refusal_code(rf), json_integer(rep->by_refusal[rf]));
    char url[128];
    api_import_refusals_url(rep, url, sizeof url);
    json_t *j = json_pack("{sbsssIsIsIsIsIsIso}", "applied", rep->applied, "batch", rep->batch, "rows",
                          (json_int_t)rep->rows, "accepted", (json_int_t)rep->accepted, "held", (json_int_t)rep->held,
                          "refused", (json_int_t)rep->refused, "duplicates", (json_int_t)rep->duplicates, "skipped",
                          (json_int_t)rep->skipped, "refusals", refusals);
    json_object_set_new(j, "refused_by_reason", by);
    json_object_set_new(j, "refusals_shown", json_integer((json_int_t)rep->nrefusals));
    json_object_set_new(j, "refusals_url", url[0] ? json_string(url) : json_null());
    json_object_set_new(j, "max_rows", json_integer(rep->max_rows));
    return j;
}

static int reply_import(web_req *rq, web_resp *rs, const app_import_report *rep)
{
    (void)rq;
    return web_json_reply(rs, rep->applied ? 200 : 422, import_report_json(rep));
}

int api_reading_batch(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    json_t *arr = rq->json ? json_object_get(rq->json, "readings") : NULL;
    if (!json_is_array(arr))
        return need_object(rq, rs, "{\"mode\": \"all\", \"readings\": [{\"tap_no\": ..., \"read_on\": ..., \"value\": N}, ...]}");
    size_t n = json_array_size(arr);
    if (app_reading_import_fits(&rq->ctx, n, "readings", &e))
        return web_fail(rq, rs, &e);
    app_import_row *rows = n ? calloc(n, sizeof *rows) : NULL;
    if (n && !rows) {
        err_set(&e, ERR_INTERNAL, NULL, NULL, "out of memory");
        return web_fail(rq, rs, &e);
    }
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(arr, i);
        app_import_row *r = &rows[i];
        r->line = (int64_t)i;
        char tmp[32];
        const char *v;
        if ((v = member_text(o, "tap_no", tmp, sizeof tmp)))
            str_copy(r->tap_no, sizeof r->tap_no, v);
        if ((v = member_text(o, "meter_no", tmp, sizeof tmp)))
            str_copy(r->meter_no, sizeof r->meter_no, v);
        if ((v = member_text(o, "read_on", tmp, sizeof tmp)))
            str_copy(r->read_on, sizeof r->read_on, v);
        if ((v = member_text(o, "client_id", tmp, sizeof tmp)))
            str_copy(r->client_id, sizeof r->client_id, v);
        v = member_text(o, "value", tmp, sizeof tmp);
        str_copy(r->value, sizeof r->value, v && *v ? v : "?");   /* a missing value is refused, not skipped */
    }
    const char *mode = web_json_str(rq, "mode");
    app_import_report rep;
    int rc = app_reading_import_rows(&rq->ctx, rows, n, mode ? mode : "all", rq->device ? "handheld" : "api", &rep, &e);
    free(rows);
    if (rc)
        return web_fail(rq, rs, &e);
    reply_import(rq, rs, &rep);
    app_import_report_free(&rep);
    return 0;
}

/* GET /api/v1/readings/imports/{batch}/refusals.csv: every refused row of
 * an import, for whoever sent it (or staff, audited). */
int api_reading_import_refusals(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (app_reading_import_refusals_csv(&rq->ctx, rq->param, &rs->body, &e))
        return web_fail(rq, rs, &e);
    rs->content_type = "text/csv; charset=utf-8";
    char disp[128];
    str_fmt(disp, sizeof disp, "attachment; filename=\"refusals-%s.csv\"", rq->param);
    web_header(rs, "Content-Disposition", disp);
    return 0;
}

int api_reading_import(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_import_report rep;
    if (app_reading_import_csv(&rq->ctx, rq->body ? rq->body : "", rq->body_len, web_query(rq, "encoding"),
                               web_query(rq, "mode"), &rep, &e))
        return web_fail(rq, rs, &e);
    reply_import(rq, rs, &rep);
    app_import_report_free(&rep);
    return 0;
}

static json_t *reading_json(const app_reading *r)
{
    json_t *reasons = json_array();
    for (int i = 0; i < RR__COUNT; i++)
        if (r->reasons & (1u << i))
            json_array_append_new(reasons, json_pack("{ssss}", "code", reading_reason_code(1u << i), "message",
                                                     reading_reason_text(1u << i)));
    return json_pack("{sIsssssssssIsIsIsIsssssssssssbso}", "id", (json_int_t)r->id, "tap_no", r->tap_no, "meter_no",
                     r->meter_no, "cycle", r->cycle, "read_on", r->read_on, "value", (json_int_t)r->value,
                     "prev_value", (json_int_t)r->prev_value, "days", (json_int_t)r->days, "usage_m3",
                     (json_int_t)r->usage, "kind", r->kind, "status", r->status, "source", r->source, "entered_by",
                     r->entered_by, "decided_by", r->decided_by, "reread", r->reread, "reasons", reasons);
}

static int reply_readings(web_resp *rs, const char *key, const char *val, app_reading *rows, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, reading_json(&rows[i]));
    free(rows);
    json_t *j = json_pack("{so}", "readings", a);
    if (key)
        json_object_set_new(j, key, json_string(val));
    return web_json_reply(rs, 200, j);
}

int api_tap_readings(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_reading *rows = NULL;
    size_t n = 0;
    if (app_reading_history(&rq->ctx, rq->param, 240, &rows, &n, &e))
        return web_fail(rq, rs, &e);
    return reply_readings(rs, "tap_no", rq->param, rows, n);
}

int api_readings_held(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    app_reading *rows = NULL;
    size_t n = 0;
    if (app_reading_held(&rq->ctx, web_query(rq, "cycle"), &rows, &n, &e))
        return web_fail(rq, rs, &e);
    return reply_readings(rs, NULL, NULL, rows, n);
}

int api_reading_confirm(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id;
    if (!web_path_id(rq, rs, "検針データが見つかりません。", &id))
        return 0;
    char tmp[24];
    const char *reason = rq->json && json_is_object(rq->json) ? member_text(rq->json, "reason", tmp, sizeof tmp) : NULL;
    if (app_reading_confirm(&rq->ctx, id, reason, &e))
        return web_fail(rq, rs, &e);
    return web_json_reply(rs, 200, json_pack("{sIss}", "id", (json_int_t)id, "status", "accepted"));
}

int api_reading_reread(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    int64_t id;
    if (!web_path_id(rq, rs, "検針データが見つかりません。", &id))
        return 0;
    if (app_reading_request_reread(&rq->ctx, id, &e))
        return web_fail(rq, rs, &e);
    return web_json_reply(rs, 200, json_pack("{sIsb}", "id", (json_int_t)id, "reread", 1));
}

int api_reading_estimate(web_req *rq, web_resp *rs)
{
    err_t e;
    err_clear(&e);
    if (!rq->json || !json_is_object(rq->json))
        return need_object(rq, rs, "{\"tap_no\": ..., \"read_on\": \"YYYY-MM-DD\", \"cause\": \"locked\"}");
    char t1[32];
    app_reading_out out;
    if (app_reading_estimate(&rq->ctx, member_text(rq->json, "tap_no", t1, sizeof t1), web_json_str(rq, "read_on"),
                             web_json_str(rq, "cause"), &out, &e))
        return web_fail(rq, rs, &e);
    return web_json_reply(rs, out.status == READING_REFUSED ? 422 : 200, api_reading_answer(&out));
}
