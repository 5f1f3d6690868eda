/* metrics_record — what /metrics costs a request: the time of web_metrics_record (the three
 * relaxed atomic additions made when a request completes), single-threaded and with 4 threads
 * counting the same route at once (the worst case: one cache line shared by every worker).
 *   build/metrics_record [CALLS_PER_THREAD]      (default 5,000,000)
 * Printed: nanoseconds per call.  The end-to-end check (a server with and without the counters
 * under bench/works_search.mjs) is in docs/operations.md, "Monitoring". */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "web/metrics.h"

static int page_stub(web_req *rq, web_resp *rs)
{
    (void)rq;
    (void)rs;
    return 0;
}

const web_route WEB_ROUTES[] = {
    {"GET", "/karte/*", page_stub, 0, 0},
    {"GET", "/customers", page_stub, 0, 0},
    {"GET", "/works/*", page_stub, 0, 0},
    {"POST", "/payments", page_stub, 0, 0},
};
const size_t WEB_NROUTES = sizeof WEB_ROUTES / sizeof WEB_ROUTES[0];

static long calls = 5000000;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
    const web_route *r = arg;
    for (long i = 0; i < calls; i++)
        web_metrics_record(r, 200, 1000 + (i & 4095));
    return NULL;
}

static double run(int threads, bool same)
{
    pthread_t t[8];
    double t0 = now();
    for (int i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, worker, (void *)&WEB_ROUTES[same ? 0 : i % (int)WEB_NROUTES]);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    return (now() - t0) * 1e9 / (double)calls;   /* per call of one thread: what a request waits */
}

int main(int argc, char **argv)
{
    if (argc > 1)
        calls = strtol(argv[1], NULL, 10);
    if (calls <= 0)
        return 2;
    printf("web_metrics_record: 1 thread %.1f ns/call; 4 threads, one route %.1f ns/call; 4 threads, 4 routes %.1f ns/call\n",
           run(1, true), run(4, true), run(4, false));
    buf_t b;
    buf_init(&b, 0);
    double t0 = now();
    web_metrics_render_http(&b);
    printf("rendering the HTTP families: %zu bytes in %.3f ms\n", b.len, (now() - t0) * 1e3);
    buf_free(&b);
    return 0;
}
