/* unescape — percent-decoding without NUL bytes (see unescape.h). */
#include "web/unescape.h"

#include <microhttpd.h>

size_t web_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    size_t n = MHD_http_unescape(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0')
            s[i] = '\x7f';
    return n;
}
