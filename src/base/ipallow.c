/* ipallow — see ipallow.h. */
#include "base/ipallow.h"

#include <arpa/inet.h>
#include <string.h>

#include "base/buf.h"

typedef struct addr {
    int family;
    unsigned char b[16];
    size_t len;
} addr;

static bool parse_addr(const char *s, addr *a)
{
    memset(a, 0, sizeof *a);
    if (inet_pton(AF_INET, s, a->b) == 1) {
        a->family = AF_INET;
        a->len = 4;
        return true;
    }
    if (inet_pton(AF_INET6, s, a->b) == 1) {
        static const unsigned char MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        a->family = AF_INET6;
        a->len = 16;
        if (memcmp(a->b, MAPPED, 12) == 0) {   /* ::ffff:a.b.c.d is the IPv4 address */
            memmove(a->b, a->b + 12, 4);
            a->family = AF_INET;
            a->len = 4;
        }
        return true;
    }
    return false;
}

static bool in_block(const addr *ip, const addr *net, int bits)
{
    if (ip->family != net->family)
        return false;
    int full = bits / 8, rest = bits % 8;
    if (memcmp(ip->b, net->b, (size_t)full) != 0)
        return false;
    if (!rest)
        return true;
    unsigned char mask = (unsigned char)(0xFF << (8 - rest));
    return (ip->b[full] & mask) == (net->b[full] & mask);
}

/* One entry "ADDR" or "ADDR/BITS": *net and *bits; false when malformed. */
static bool parse_entry(const char *entry, addr *net, int *bits)
{
    char text[64];
    if (!str_copy(text, sizeof text, entry))
        return false;
    char *slash = strchr(text, '/');
    long long b = -1;
    if (slash) {
        *slash = '\0';
        if (!str_to_i64(slash + 1, &b))
            return false;
    }
    if (!parse_addr(text, net))
        return false;
    int max = (int)net->len * 8;
    if (b > max || (slash && b < 0))
        return false;
    *bits = b < 0 ? max : (int)b;
    return true;
}

static bool loopback(const addr *ip)
{
    static const unsigned char LO6[16] = {[15] = 1};
    if (ip->family == AF_INET)
        return ip->b[0] == 127;
    return memcmp(ip->b, LO6, 16) == 0;
}

bool ipallow_match(const char *list, const char *ip, const char **bad)
{
    if (bad)
        *bad = NULL;
    addr a;
    bool have = ip && parse_addr(ip, &a);
    bool in = have && loopback(&a);
    const char *p = list ? list : "";
    while (*p) {
        p += strspn(p, ", \t");
        size_t n = strcspn(p, ", \t");
        if (!n)
            break;
        char entry[64];
        addr net;
        int bits = 0;
        if (n >= sizeof entry || !(memcpy(entry, p, n), entry[n] = '\0', parse_entry(entry, &net, &bits))) {
            if (bad)
                *bad = p;
            return false;
        }
        if (have && in_block(&a, &net, bits))
            in = true;
        p += n;
    }
    return in;
}

bool ipallow_valid(const char *list)
{
    const char *bad = NULL;
    ipallow_match(list, "127.0.0.1", &bad);
    return bad == NULL;
}
