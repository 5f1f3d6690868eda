/* bill_lines — see bill_lines.h. */
#include "domain/bill_lines.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static void jcopy(char *dst, size_t size, json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    str_copy(dst, size, s ? s : "");
}

static int64_t jint(json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

static void line_of(json_t *l, bill_line *out)
{
    jcopy(out->kind, sizeof out->kind, l, "kind");
    out->part = jint(l, "part");
    jcopy(out->from, sizeof out->from, l, "from");
    jcopy(out->to, sizeof out->to, l, "to");
    jcopy(out->m3, sizeof out->m3, l, "m3");
    jcopy(out->unit, sizeof out->unit, l, "unit");
    jcopy(out->amount, sizeof out->amount, l, "amount");
}

static int group_of(json_t *g, bill_line_group *out)
{
    jcopy(out->svc, sizeof out->svc, g, "svc");
    jcopy(out->kind, sizeof out->kind, g, "kind");
    jcopy(out->tariff, sizeof out->tariff, g, "tariff");
    out->m3 = jint(g, "m3");
    out->days = jint(g, "days");
    out->total = jint(g, "total");
    out->tax = jint(g, "tax");
    out->shared = json_object_get(g, "share_days") != NULL;
    out->diameter = jint(g, "diameter");
    out->share_days = jint(g, "share_days");
    out->of_days = jint(g, "of_days");
    out->water_m3 = jint(g, "water_m3");
    out->sewer_m3 = jint(g, "sewer_m3");
    json_t *lines = json_object_get(g, "lines");
    size_t n = json_array_size(lines);
    if (!n)
        return 0;
    out->lines = calloc(n, sizeof *out->lines);
    if (!out->lines)
        return -1;
    for (size_t i = 0; i < n; i++)
        line_of(json_array_get(lines, i), &out->lines[i]);
    out->nlines = n;
    return 0;
}

int bill_lines_parse(const char *json, bill_line_group **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    json_error_t je;
    json_t *arr = json_loads(json ? json : "[]", 0, &je);
    if (!json_is_array(arr)) {
        json_decref(arr);
        return -1;
    }
    size_t k = json_array_size(arr);
    bill_line_group *g = k ? calloc(k, sizeof *g) : NULL;
    int rc = k && !g ? -1 : 0;
    for (size_t i = 0; !rc && i < k; i++)
        rc = group_of(json_array_get(arr, i), &g[i]);
    json_decref(arr);
    if (rc) {
        bill_lines_free(g, k);
        return -1;
    }
    *out = g;
    *n = k;
    return 0;
}

void bill_lines_free(bill_line_group *groups, size_t n)
{
    for (size_t i = 0; groups && i < n; i++)
        free(groups[i].lines);
    free(groups);
}

static void put_str(json_t *o, const char *key, const char *v)
{
    if (*v)
        json_object_set_new(o, key, json_string(v));
}

static void put_int(json_t *o, const char *key, int64_t v)
{
    json_object_set_new(o, key, json_integer((json_int_t)v));
}

static json_t *line_json(const bill_line *l)
{
    json_t *o = json_object();
    put_str(o, "kind", l->kind);
    if (l->part)
        put_int(o, "part", l->part);
    put_str(o, "from", l->from);
    put_str(o, "to", l->to);
    put_str(o, "m3", l->m3);
    put_str(o, "unit", l->unit);
    put_str(o, "amount", l->amount);
    return o;
}

/* A group priced by one tariff version: svc, tariff, m3, [days],
 * [diameter, share_days, of_days], total, tax, lines. */
static void priced_json(json_t *o, const bill_line_group *g)
{
    put_str(o, "tariff", g->tariff);
    put_int(o, "m3", g->m3);
    if (g->days)
        put_int(o, "days", g->days);
    if (g->shared) {
        if (g->diameter)
            put_int(o, "diameter", g->diameter);
        put_int(o, "share_days", g->share_days);
        put_int(o, "of_days", g->of_days);
    }
    put_int(o, "total", g->total);
    put_int(o, "tax", g->tax);
    json_t *a = json_array();
    for (size_t i = 0; i < g->nlines; i++)
        json_array_append_new(a, line_json(&g->lines[i]));
    json_object_set_new(o, "lines", a);
}

static json_t *group_json(const bill_line_group *g)
{
    json_t *o = json_object();
    put_str(o, "svc", g->svc);
    put_str(o, "kind", g->kind);
    if (strcmp(g->kind, "leak") == 0) {
        put_int(o, "m3", g->m3);
        put_int(o, "water_m3", g->water_m3);
        put_int(o, "sewer_m3", g->sewer_m3);
        put_int(o, "total", g->total);
    } else if (strcmp(g->kind, "prorate") == 0) {
        put_int(o, "total", g->total);
        put_int(o, "tax", g->tax);
    } else {
        priced_json(o, g);
    }
    return o;
}

json_t *bill_lines_json(const bill_line_group *groups, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, group_json(&groups[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}
