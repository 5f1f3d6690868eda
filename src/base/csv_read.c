/* csv_read — see csv_read.h. */
#include "base/csv_read.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

/* A row's fields are copied one after another into text (each NUL-terminated,
 * at off[i]), which grows to the longest row and is kept from row to row: no
 * allocation per field. */
typedef struct reader {
    char *fields[CSV_READ_MAX_FIELDS];
    size_t off[CSV_READ_MAX_FIELDS];
    char *text;
    size_t len, cap;
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
    if (r->len + len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 1024;
        while (cap < r->len + len + 1)
            cap *= 2;
        char *t = realloc(r->text, cap);
        if (!t) {
            r->overflow = true;
            return;
        }
        r->text = t;
        r->cap = cap;
    }
    if (len)
        memcpy(r->text + r->len, data, len);
    r->text[r->len + len] = '\0';
    r->off[r->n++] = r->len;
    r->len += len + 1;
}

static void clear(reader *r)
{
    r->n = 0;
    r->len = 0;
}

static void on_row(int c, void *arg)
{
    (void)c;
    reader *r = arg;
    for (size_t i = 0; i < r->n; i++)   /* text has stopped moving: the row's fields */
        r->fields[i] = r->text + r->off[i];
    if (!r->stop && !r->overflow)
        r->stop = r->fn(r->row_line ? r->row_line : r->line, r->fields, r->n, r->arg);
    else if (r->overflow && !r->stop)
        r->stop = -1;
    clear(r);
    r->row_line = 0;
}

struct csv_reader {
    struct csv_parser p;
    reader r;
    int rc;
};

csv_reader *csv_reader_new(csv_row_fn fn, void *arg)
{
    csv_reader *cr = calloc(1, sizeof *cr);
    if (!cr)
        return NULL;
    if (csv_init(&cr->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(cr);
        return NULL;
    }
    cr->r.line = 1;
    cr->r.fn = fn;
    cr->r.arg = arg;
    return cr;
}

static int reader_status(csv_reader *cr, int64_t *bad_line)
{
    if (!cr->rc)
        cr->rc = cr->r.stop;
    if (cr->rc == -1 && bad_line)
        *bad_line = cr->r.row_line ? cr->r.row_line : cr->r.line;
    return cr->rc;
}

int csv_reader_feed(csv_reader *cr, const char *data, size_t len, int64_t *bad_line)
{
    /* Line by line, so that rows know their line numbers. */
    size_t i = 0;
    while (i < len && !cr->rc && !cr->r.stop) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t chunk = nl ? (size_t)(nl - (data + i)) + 1 : len - i;
        if (csv_parse(&cr->p, data + i, chunk, on_field, on_row, &cr->r) != chunk) {
            cr->rc = -1;
            break;
        }
        i += chunk;
        if (nl)
            cr->r.line++;
    }
    return reader_status(cr, bad_line);
}

int csv_reader_end(csv_reader *cr, int64_t *bad_line)
{
    if (!cr->rc && !cr->r.stop && csv_fini(&cr->p, on_field, on_row, &cr->r) != 0)
        cr->rc = -1;
    return reader_status(cr, bad_line);
}

void csv_reader_free(csv_reader *cr)
{
    if (!cr)
        return;
    free(cr->r.text);
    csv_free(&cr->p);
    free(cr);
}

int csv_read_all(const char *data, size_t len, csv_row_fn fn, void *arg, int64_t *bad_line)
{
    csv_reader *cr = csv_reader_new(fn, arg);
    if (!cr)
        return -1;
    int rc = csv_reader_feed(cr, data, len, bad_line);
    if (!rc)
        rc = csv_reader_end(cr, bad_line);
    csv_reader_free(cr);
    return rc;
}
