/* Matching a request path against a route pattern (see route_match.h). */
#include "web/route_match.h"

#include <string.h>

bool web_route_match(const char *pattern, const char *path, char *param, size_t paramsz)
{
    if (paramsz == 0)
        return false;
    param[0] = '\0';
    const char *star = strchr(pattern, '*');
    if (!star)
        return strcmp(pattern, path) == 0;
    size_t pre = (size_t)(star - pattern);
    if (strncmp(pattern, path, pre) != 0)
        return false;
    const char *seg = path + pre;
    const char *end = strchr(seg, '/');
    size_t seglen = end ? (size_t)(end - seg) : strlen(seg);
    if (seglen == 0 || seglen >= paramsz)
        return false;
    const char *rest = star + 1;
    if (strcmp(rest, end ? end : "") != 0)
        return false;
    memcpy(param, seg, seglen);
    param[seglen] = '\0';
    return true;
}
