/* ipallow — an address allow-list: "127.0.0.1, 10.1.2.0/24, ::1, fd00::/8"
 * (addresses or CIDR blocks, IPv4 and IPv6, separated by commas or spaces),
 * and whether a client address is in it.  Loopback (127.0.0.0/8, ::1) is
 * always in.  Used by /metrics ([metrics] allow). */
#ifndef SUIDO_IPALLOW_H
#define SUIDO_IPALLOW_H

#include <stdbool.h>
#include <stddef.h>

/* Whether ip (text as inet_ntop writes it) is loopback or in list.  *bad:
 * set to the first entry of list that is not an address or block (the
 * list is then refused as a whole: false), or NULL. */
bool ipallow_match(const char *list, const char *ip, const char **bad);
/* Whether every entry of list is an address or a block (for start-up). */
bool ipallow_valid(const char *list);

#endif
