/* multipart — multipart/form-data bodies (file uploads), parsed in place:
 * the file is a pointer and length into the body (which may be a mapped
 * spool file), never a copy; plain fields are copied (they are short).
 * See web_internal.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/web_internal.h"

enum { FIELD_MAX = 64 * 1024, PART_HEADERS_MAX = 8 * 1024 };

/* The boundary parameter of a multipart Content-Type into out ("--" + boundary). */
static bool boundary_of(const char *ct, char *out, size_t outsz)
{
    const char *p = ct ? strcasestr(ct, "boundary=") : NULL;
    if (!p)
        return false;
    p += 9;
    size_t n;
    if (*p == '"') {
        p++;
        const char *q = strchr(p, '"');
        if (!q)
            return false;
        n = (size_t)(q - p);
    } else {
        n = strcspn(p, "; \t");
    }
    if (n == 0 || n > 70 || n + 3 > outsz)
        return false;
    out[0] = out[1] = '-';
    memcpy(out + 2, p, n);
    out[n + 2] = '\0';
    return true;
}

/* The value of param (name= or filename=) in a Content-Disposition line
 * [line, end) into out; false when absent. */
static bool disposition_param(const char *line, const char *end, const char *param, char *out, size_t outsz)
{
    size_t plen = strlen(param);
    for (const char *p = line; p + plen < end; p++) {
        if (strncasecmp(p, param, plen) != 0 || (p > line && p[-1] != ' ' && p[-1] != ';' && p[-1] != '\t'))
            continue;
        const char *v = p + plen, *ve;
        if (*v == '"') {
            v++;
            ve = memchr(v, '"', (size_t)(end - v));
            if (!ve)
                return false;
        } else {
            ve = v;
            while (ve < end && *ve != ';' && *ve != ' ' && *ve != '\r')
                ve++;
        }
        size_t n = (size_t)(ve - v);
        if (n >= outsz)
            n = outsz - 1;
        memcpy(out, v, n);
        out[n] = '\0';
        return true;
    }
    return false;
}

static int add_field(web_req *rq, const char *name, const char *v, size_t n)
{
    if (rq->nform >= WEB_MAX_FIELDS || n > FIELD_MAX)
        return -1;
    web_kv *kv = &rq->form[rq->nform];
    kv->key = strdup(name);
    kv->value = strndup(v, n);
    if (!kv->key || !kv->value) {
        free(kv->key);
        free(kv->value);
        kv->key = kv->value = NULL;
        return -1;
    }
    rq->nform++;
    return 0;
}

/* One part: headers [p, hend), content [c, cend). */
static int take_part(web_req *rq, const char *p, const char *hend, const char *c, const char *cend)
{
    const char *line = NULL;
    for (const char *q = p; q < hend; q++)
        if ((q == p || q[-1] == '\n') && (size_t)(hend - q) > 20 && strncasecmp(q, "content-disposition:", 20) == 0) {
            line = q + 20;
            break;
        }
    if (!line)
        return -1;
    const char *lend = memchr(line, '\r', (size_t)(hend - line));
    if (!lend)
        lend = hend;
    char name[128], filename[128];
    if (!disposition_param(line, lend, "name=", name, sizeof name))
        return -1;
    if (!disposition_param(line, lend, "filename=", filename, sizeof filename))
        return add_field(rq, name, c, (size_t)(cend - c));
    if (!rq->upload.data || rq->upload.len == 0) {
        /* the body outlives the request's handling; web_req does not own it */
        rq->upload.data = (char *)(uintptr_t)c;
        rq->upload.len = (size_t)(cend - c);
        str_copy(rq->upload_name, sizeof rq->upload_name, filename);
    }
    return 0;
}

int web_parse_multipart(const char *content_type, const char *body, size_t len, web_req *rq)
{
    char delim[80];
    if (!boundary_of(content_type, delim, sizeof delim) || !body)
        return -1;
    size_t dlen = strlen(delim);
    const char *end = body + len;
    const char *p = memmem(body, len, delim, dlen);
    while (p) {
        p += dlen;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return 0;   /* the closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return -1;
        p += 2;
        const char *hend = memmem(p, (size_t)(end - p) < PART_HEADERS_MAX ? (size_t)(end - p) : PART_HEADERS_MAX,
                                  "\r\n\r\n", 4);
        if (!hend)
            return -1;
        const char *c = hend + 4;
        const char *next = c;
        for (;;) {   /* the next "\r\n" + delimiter */
            next = memmem(next, (size_t)(end - next), "\r\n", 2);
            if (!next || (size_t)(end - next) < dlen + 2)
                return -1;
            if (memcmp(next + 2, delim, dlen) == 0)
                break;
            next += 2;
        }
        if (take_part(rq, p, hend + 2, c, next) != 0)
            return -1;
        p = next + 2;
    }
    return -1;
}
