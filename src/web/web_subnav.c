/* web_subnav — see web_subnav.h. */
#include "web/web_subnav.h"

#include <string.h>

#include "base/html.h"

void web_subnav(web_req *rq, web_resp *rs, const char *aria_label, const web_subnav_link *links, size_t n,
                const char *current)
{
    buf_t *b = &rs->body;
    html_open(b, "nav", "class", "subnav", "aria-label", aria_label, NULL);
    for (size_t i = 0; i < n; i++)
        if (app_can(&rq->ctx, links[i].perm))
            html_elem(b, "a", links[i].label, "href", links[i].href, "aria-current",
                      strcmp(links[i].href, current) == 0 ? "page" : NULL, NULL);
    html_close(b, "nav");
}
