/* portal_guard — the portal's CSRF tokens (double submit: a random nonce in
 * a SameSite=Strict HttpOnly cookie, and in each form an HMAC of it and the
 * form's path under a key made at start-up) and its rate limit (a token
 * bucket per client address and method, in memory). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/crypto.h"
#include "base/date.h"
#include "portal/portal_internal.h"

/* ---- CSRF ---------------------------------------------------------------- */

static unsigned char g_csrf_key[32];

void portal_csrf_init(void)
{
    crypto_random_bytes(g_csrf_key, sizeof g_csrf_key);
}

const char *portal_csrf_nonce(portal_req *rq, portal_resp *rs)
{
    if (!rq->csrf_nonce[0]) {
        crypto_random_hex(rq->csrf_nonce, 16);
        str_fmt(rs->set_cookie, sizeof rs->set_cookie, "pcsrf=%s; Path=/; HttpOnly; SameSite=Strict%s",
                rq->csrf_nonce, rq->https ? "; Secure" : "");
    }
    return rq->csrf_nonce;
}

void portal_csrf_token(const char *nonce, const char *form_path, char out[65])
{
    char msg[256];
    str_fmt(msg, sizeof msg, "%s|%s", nonce, form_path);
    crypto_mac_hex(g_csrf_key, msg, out);
}

bool portal_csrf_ok(const portal_req *rq)
{
    const char *sent = portal_form(rq, "csrf");
    if (!rq->csrf_nonce[0] || !*sent)
        return false;
    char want[65];
    portal_csrf_token(rq->csrf_nonce, rq->path, want);
    return crypto_str_eq(sent, want);
}

/* ---- rate limit ---------------------------------------------------------- */

#define SLOTS 4096   /* client addresses remembered (power of two) */
#define PROBE 16     /* slots looked at per address; the stalest is reused */

typedef struct bucket {
    char ip[48];
    double tokens[2];       /* [0] GET, [1] POST */
    double at[2];           /* when each was last filled (monotonic seconds) */
} bucket;

struct portal_limiter {
    pthread_mutex_t lock;
    double per_second[2], burst[2];
    bucket slot[SLOTS];
};

portal_limiter *portal_limiter_new(long long post_per_minute, long long get_per_minute)
{
    portal_limiter *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    pthread_mutex_init(&l->lock, NULL);
    l->burst[0] = (double)get_per_minute;
    l->burst[1] = (double)post_per_minute;
    l->per_second[0] = (double)get_per_minute / 60.0;
    l->per_second[1] = (double)post_per_minute / 60.0;
    return l;
}

void portal_limiter_free(portal_limiter *l)
{
    if (!l)
        return;
    pthread_mutex_destroy(&l->lock);
    free(l);
}

static size_t hash_ip(const char *ip)
{
    size_t h = 1469598103934665603u;   /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)ip; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

static double last_use(const bucket *b)
{
    return b->at[0] > b->at[1] ? b->at[0] : b->at[1];
}

/* The address's bucket: found, else a free slot, else the one idle longest
 * (which starts full again: a flood from very many addresses can make the
 * limiter forget one; nginx's own limits stand in front). */
static bucket *find(portal_limiter *l, const char *ip, double now)
{
    size_t h = hash_ip(ip);
    bucket *pick = NULL;
    for (size_t i = 0; i < PROBE; i++) {
        bucket *b = &l->slot[(h + i) & (SLOTS - 1)];
        if (strcmp(b->ip, ip) == 0)
            return b;
        if (!pick || (pick->ip[0] && (!b->ip[0] || last_use(b) < last_use(pick))))
            pick = b;
    }
    str_copy(pick->ip, sizeof pick->ip, ip);
    for (int m = 0; m < 2; m++) {
        pick->tokens[m] = l->burst[m];
        pick->at[m] = now;
    }
    return pick;
}

bool portal_limiter_take(portal_limiter *l, const char *ip, bool post, int *retry_after)
{
    int m = post ? 1 : 0;
    double now = date_mono_seconds();
    pthread_mutex_lock(&l->lock);
    bucket *b = find(l, ip, now);
    double t = b->tokens[m] + (now - b->at[m]) * l->per_second[m];
    b->tokens[m] = t > l->burst[m] ? l->burst[m] : t;
    b->at[m] = now;
    bool ok = b->tokens[m] >= 1.0;
    if (ok)
        b->tokens[m] -= 1.0;
    else {
        /* whole seconds until a token is back, rounded up (no libm) */
        double wait = (1.0 - b->tokens[m]) / l->per_second[m];
        int whole = (int)wait;
        *retry_after = whole + ((double)whole < wait);
    }
    pthread_mutex_unlock(&l->lock);
    return ok;
}
