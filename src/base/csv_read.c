/* csv_read — see csv_read.h. */
#include "base/csv_read.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    char *fields[CSV_READ_MAX_FIELDS];
    size_t n;
    bool overflow;
    int64_t line, row_line;
    csv_row_fn fn;
    void *arg;
    int stop;
} reader;

static void on_field(void *data, size_t len, void *arg)
{
    reader *r = arg;
    if (r->n == 0)
        r->row_line = r->line;
    if (r->n >= CSV_READ_MAX_FIELDS) {
        r->overflow = true;
        return;
    }
    char *f = malloc(len + 1);
    if (!f) {
        r->overflow = true;
        return;
    }
    if (len)
        memcpy(f, data, len);
    f[len] = '\0';
    r->fields[r->n++] = f;
}

static void clear(reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->fields[i]);
    r->n = 0;
}

static void on_row(int c, void *arg)
{
    (void)c;
    reader *r = arg;
    if (!r->stop && !r->overflow)
        r->stop = r->fn(r->row_line ? r->row_line : r->line, r->fields, r->n, r->arg);
    else if (r->overflow && !r->stop)
        r->stop = -1;
    clear(r);
    r->row_line = 0;
}

int csv_read_all(const char *data, size_t len, csv_row_fn fn, void *arg, int64_t *bad_line)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return -1;
    reader r = {.line = 1, .fn = fn, .arg = arg};
    /* Feed line by line so that rows know their line numbers. */
    size_t i = 0;
    int rc = 0;
    while (i < len && !r.stop) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t chunk = nl ? (size_t)(nl - (data + i)) + 1 : len - i;
        if (csv_parse(&p, data + i, chunk, on_field, on_row, &r) != chunk) {
            rc = -1;
            break;
        }
        i += chunk;
        if (nl)
            r.line++;
    }
    if (!rc && !r.stop && csv_fini(&p, on_field, on_row, &r) != 0)
        rc = -1;
    if (!rc)
        rc = r.stop;
    if (rc == -1 && bad_line)
        *bad_line = r.row_line ? r.row_line : r.line;
    clear(&r);
    csv_free(&p);
    return rc;
}
