/* body — see body.h. */
#include "web/body.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/anonfile.h"
#include "base/log.h"

static void budget_release(web_body *b)
{
    if (b->budget && b->reserved)
        atomic_fetch_sub(&b->budget->held, b->reserved);
    b->reserved = 0;
}

/* Take n bytes from the budget, or nothing when it would go past max. */
static bool budget_take(web_body_budget *bg, size_t n)
{
    size_t cur = atomic_load(&bg->held);
    do {
        if (cur + n > bg->max || cur + n < cur)
            return false;
    } while (!atomic_compare_exchange_weak(&bg->held, &cur, cur + n));
    return true;
}

bool web_body_begin(web_body *b, web_body_budget *budget, long long declared, size_t limit)
{
    *b = (web_body){.fd = -1, .limit = limit, .budget = budget};
    buf_init(&b->mem, limit);
    if (declared > (long long)limit) {
        b->too_big = true;
        return true;
    }
    if (declared == 0)
        return true;
    if (declared > 0 && (size_t)declared <= WEB_BODY_MEMORY_MAX) {
        if (budget && !budget_take(budget, (size_t)declared))
            return false;
        b->reserved = budget ? (size_t)declared : 0;
        buf_grow(&b->mem, (size_t)declared + 1);   /* one allocation, the size reserved */
        return true;
    }
    b->fd = anonfile_open();   /* never named while it holds the body */
    if (b->fd < 0) {
        log_error("cannot create a spool file for a request body: errno %d", errno);
        b->failed = true;
    }
    return true;
}

void web_body_append(web_body *b, const char *p, size_t n)
{
    if (b->too_big || b->failed)
        return;
    if (n > b->limit - b->len) {
        b->too_big = true;
        return;
    }
    if (b->fd >= 0) {
        if (!anonfile_write_all(b->fd, p, n)) {
            log_error("cannot write a request body to its spool file: errno %d", errno);
            b->failed = true;
        }
    } else if (b->mem.len + n > b->reserved && b->budget) {
        b->too_big = true;   /* more than the declared length: cannot happen with MHD */
        return;
    } else if (!buf_append(&b->mem, p, n)) {
        b->failed = true;
    }
    b->len += n;
}

bool web_body_view(web_body *b, const char **data, size_t *len)
{
    *data = NULL;
    *len = b->len;
    if (b->len == 0)
        return true;
    if (b->fd < 0) {
        *data = b->mem.data;
        return true;
    }
    if (!b->map) {
        void *m = mmap(NULL, b->len, PROT_READ, MAP_PRIVATE, b->fd, 0);
        if (m == MAP_FAILED) {
            log_error("cannot map a request body's spool file: errno %d", errno);
            return false;
        }
        b->map = m;
    }
    *data = b->map;
    return true;
}

void web_body_free(web_body *b)
{
    if (b->map)
        munmap(b->map, b->len);
    if (b->fd >= 0)
        close(b->fd);
    buf_free(&b->mem);
    budget_release(b);
    b->map = NULL;
    b->fd = -1;
}
