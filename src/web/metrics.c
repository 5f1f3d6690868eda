/* metrics — see metrics.h. */
#include "web/metrics.h"

#include <stdatomic.h>
#include <string.h>

#define ROUTES_MAX 512          /* rows of WEB_ROUTES counted one by one; the rest as unmatched */
#define NBUCKETS 13
#define NCLASSES 6              /* 1xx..5xx, and "other" (no answer sent) */

/* Upper bounds of the latency buckets, in microseconds (and as written). */
static const int64_t BOUND_US[NBUCKETS] = {1000,   2500,   5000,    10000,   25000,   50000,  100000,
                                           250000, 500000, 1000000, 2500000, 5000000, 10000000};
static const char *const BOUND_TEXT[NBUCKETS] = {"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
                                                 "0.25",  "0.5",    "1",     "2.5",  "5",     "10"};
static const char *const CLASS_TEXT[NCLASSES] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

typedef struct route_counters {
    atomic_ullong status[NCLASSES];
    atomic_ullong bucket[NBUCKETS + 1];   /* the last: above every bound (+Inf only) */
    atomic_ullong sum_us;
} route_counters;

/* One slot per route row, and the last for requests no route matched. */
static route_counters COUNTERS[ROUTES_MAX + 1];

static size_t slot_of(const web_route *route)
{
    if (!route || route < WEB_ROUTES || route >= WEB_ROUTES + WEB_NROUTES)
        return ROUTES_MAX;
    size_t i = (size_t)(route - WEB_ROUTES);
    return i < ROUTES_MAX ? i : ROUTES_MAX;
}

static atomic_bool g_enabled = true;

void web_metrics_set_enabled(bool on)
{
    atomic_store(&g_enabled, on);
}

bool web_metrics_enabled(void)
{
    return atomic_load_explicit(&g_enabled, memory_order_relaxed);
}

void web_metrics_record(const web_route *route, unsigned status, int64_t usec)
{
    if (!web_metrics_enabled())
        return;
    route_counters *c = &COUNTERS[slot_of(route)];
    unsigned cls = status >= 100 && status < 600 ? status / 100 - 1 : NCLASSES - 1;
    size_t b = 0;
    while (b < NBUCKETS && usec > BOUND_US[b])
        b++;
    atomic_fetch_add_explicit(&c->status[cls], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&c->bucket[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&c->sum_us, usec > 0 ? (unsigned long long)usec : 0, memory_order_relaxed);
}

void web_metrics_route_label(const char *pattern, char *out, size_t outsz)
{
    const char *star = strchr(pattern, '*');
    if (!star) {
        str_copy(out, outsz, pattern);
        return;
    }
    /* the segment before '*' says what it stands for: a tap number under
     * /taps/ and /karte/, an id elsewhere */
    size_t pre = (size_t)(star - pattern);
    bool tap = (pre >= 6 && strncmp(star - 6, "/taps/", 6) == 0) || (pre >= 7 && strncmp(star - 7, "/karte/", 7) == 0);
    bool file = pre >= 8 && strncmp(star - 8, "/static/", 8) == 0;
    str_fmt(out, outsz, "%.*s%s%s", (int)pre, pattern, tap ? "{no}" : file ? "{file}" : "{id}", star + 1);
}

static void labels(buf_t *b, size_t slot)
{
    char route[160];
    if (slot == ROUTES_MAX) {
        buf_puts(b, "method=\"-\",route=\"(unmatched)\"");
        return;
    }
    web_metrics_route_label(WEB_ROUTES[slot].pattern, route, sizeof route);
    buf_printf(b, "method=\"%s\",route=\"%s\"", WEB_ROUTES[slot].method, route);
}

static unsigned long long load(atomic_ullong *v)
{
    return atomic_load_explicit(v, memory_order_relaxed);
}

static void render_requests(buf_t *b, size_t nslots, unsigned long long by_class[NCLASSES])
{
    buf_puts(b, "# HELP suido_http_requests_total Requests answered, by route pattern and status class.\n"
                "# TYPE suido_http_requests_total counter\n");
    for (size_t i = 0; i < nslots; i++) {
        size_t slot = i < nslots - 1 ? i : ROUTES_MAX;
        for (int k = 0; k < NCLASSES; k++) {
            unsigned long long n = load(&COUNTERS[slot].status[k]);
            by_class[k] += n;
            if (!n)
                continue;
            buf_puts(b, "suido_http_requests_total{");
            labels(b, slot);
            buf_printf(b, ",code=\"%s\"} %llu\n", CLASS_TEXT[k], n);
        }
    }
}

static void render_latency(buf_t *b, size_t nslots)
{
    buf_puts(b, "# HELP suido_http_request_duration_seconds Time from a request's headers to its end, by route pattern.\n"
                "# TYPE suido_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i < nslots; i++) {
        size_t slot = i < nslots - 1 ? i : ROUTES_MAX;
        route_counters *c = &COUNTERS[slot];
        unsigned long long counts[NBUCKETS + 1], total = 0;
        for (int k = 0; k <= NBUCKETS; k++)
            total += counts[k] = load(&c->bucket[k]);
        if (!total)
            continue;
        unsigned long long cum = 0;
        for (int k = 0; k <= NBUCKETS; k++) {
            cum += counts[k];
            buf_puts(b, "suido_http_request_duration_seconds_bucket{");
            labels(b, slot);
            buf_printf(b, ",le=\"%s\"} %llu\n", k < NBUCKETS ? BOUND_TEXT[k] : "+Inf", k < NBUCKETS ? cum : total);
        }
        unsigned long long us = load(&c->sum_us);
        buf_puts(b, "suido_http_request_duration_seconds_sum{");
        labels(b, slot);
        buf_printf(b, "} %llu.%06llu\n", us / 1000000, us % 1000000);
        buf_puts(b, "suido_http_request_duration_seconds_count{");
        labels(b, slot);
        buf_printf(b, "} %llu\n", total);
    }
}

void web_metrics_render_http(buf_t *b)
{
    size_t nslots = (WEB_NROUTES < ROUTES_MAX ? WEB_NROUTES : ROUTES_MAX) + 1;   /* the last: unmatched */
    unsigned long long by_class[NCLASSES] = {0};
    render_requests(b, nslots, by_class);
    render_latency(b, nslots);
    buf_puts(b, "# HELP suido_http_responses_total Responses by status class.\n"
                "# TYPE suido_http_responses_total counter\n");
    for (int k = 0; k < NCLASSES; k++)
        buf_printf(b, "suido_http_responses_total{code=\"%s\"} %llu\n", CLASS_TEXT[k], by_class[k]);
}
