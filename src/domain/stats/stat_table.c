/* stat_table — see stat_table.h. */
#include "domain/stats/stat_table.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/vec.h"

void stat_report_init(stat_report *r, const char *name, const char *title, const stat_period *p, const char *today)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->title = title;
    r->period = *p;
    str_copy(r->today, sizeof r->today, today ? today : "");
    r->note = "";
    r->chart_sec = r->chart_col = -1;
    r->chart_title = "";
}

void stat_report_free(stat_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nsec; i++) {
        free(r->sec[i].rows);
        r->sec[i].rows = NULL;
        r->sec[i].n = r->sec[i].cap = 0;
    }
    r->nsec = 0;
}

bool stat_headline_add(stat_report *r, const char *key, const char *title, int unit, int64_t value)
{
    if (r->nhead >= STAT_MAX_HEADLINES)
        return false;
    r->head[r->nhead++] = (stat_headline){key, title, unit, value};
    return true;
}

const stat_headline *stat_headline_get(const stat_report *r, const char *key)
{
    for (size_t i = 0; i < r->nhead; i++)
        if (strcmp(r->head[i].key, key) == 0)
            return &r->head[i];
    return NULL;
}

stat_section *stat_section_add(stat_report *r, const char *key, const char *title, const char *head,
                               const stat_col *cols, int ncols)
{
    if (r->nsec >= STAT_MAX_SECTIONS || ncols < 0 || ncols > STAT_MAX_COLS)
        return NULL;
    stat_section *s = &r->sec[r->nsec++];
    memset(s, 0, sizeof *s);
    s->key = key;
    s->title = title;
    s->head = head;
    s->cols = cols;
    s->ncols = ncols;
    return s;
}

stat_row *stat_row_add(stat_section *s, const char *key, const char *label)
{
    stat_row *row = vec_slot((void **)&s->rows, &s->n, &s->cap, sizeof *row);
    if (!row)
        return NULL;
    str_copy(row->key, sizeof row->key, key);
    str_copy(row->label, sizeof row->label, label);
    return row;
}

stat_row *stat_row_get(stat_section *s, const char *key, const char *label)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->rows[i].key, key) == 0)
            return &s->rows[i];
    return stat_row_add(s, key, label);
}

bool stat_row_addv(stat_section *s, const char *key, const char *label, const int64_t *v, int nv)
{
    stat_row *row = stat_row_get(s, key, label);
    if (!row)
        return false;
    for (int c = 0; c < nv && c < STAT_MAX_COLS; c++)
        row->v[c] += v[c];
    return true;
}

/* The key as a whole number into *v. */
static bool numeric(const char *k, long long *v)
{
    long long x = 0;
    if (!*k)
        return false;
    for (; *k; k++) {
        if (*k < '0' || *k > '9' || x > 100000000000LL)
            return false;
        x = x * 10 + (*k - '0');
    }
    *v = x;
    return true;
}

static int by_key(const void *a, const void *b)
{
    const stat_row *x = a, *y = b;
    long long p = 0, q = 0;
    bool np = numeric(x->key, &p), nq = numeric(y->key, &q);
    if (np && nq)
        return p < q ? -1 : p > q;
    if (np != nq)
        return np ? -1 : 1;
    return strcmp(x->key, y->key);
}

void stat_section_sort(stat_section *s)
{
    if (s->n > 1)
        qsort(s->rows, s->n, sizeof *s->rows, by_key);
}

bool stat_section_order(stat_section *s, const char *const *keys)
{
    if (s->n < 2)
        return true;
    stat_row *out = malloc(s->n * sizeof *out);
    bool *used = calloc(s->n, sizeof *used);
    if (!out || !used) {
        free(out);
        free(used);
        return false;
    }
    size_t k = 0;
    for (size_t j = 0; keys && keys[j]; j++)
        for (size_t i = 0; i < s->n; i++)
            if (!used[i] && strcmp(s->rows[i].key, keys[j]) == 0) {
                out[k++] = s->rows[i];
                used[i] = true;
            }
    for (size_t i = 0; i < s->n; i++)
        if (!used[i])
            out[k++] = s->rows[i];
    memcpy(s->rows, out, s->n * sizeof *out);
    free(out);
    free(used);
    return true;
}

int64_t stat_rate_bp(int64_t num, int64_t den)
{
    if (den <= 0)
        return 0;
    /* (num * 10000 + den / 2) / den without overflow for yen below 9e14 */
    int64_t whole = num / den, rest = num % den;
    return whole * 10000 + (rest * 10000 + den / 2) / den;
}

static void rates(const stat_section *s, stat_row *row)
{
    for (int c = 0; c < s->ncols; c++) {
        const stat_col *k = &s->cols[c];
        if (k->unit == STAT_RATE && k->num >= 0 && k->num < s->ncols && k->den >= 0 && k->den < s->ncols)
            row->v[c] = stat_rate_bp(row->v[k->num], row->v[k->den]);
    }
}

void stat_section_finish(stat_section *s)
{
    memset(&s->total, 0, sizeof s->total);
    str_copy(s->total.key, sizeof s->total.key, "total");
    str_copy(s->total.label, sizeof s->total.label, "合計");
    for (size_t i = 0; i < s->n; i++) {
        rates(s, &s->rows[i]);
        for (int c = 0; c < s->ncols; c++)
            s->total.v[c] += s->rows[i].v[c];
    }
    rates(s, &s->total);
}

void stat_report_finish(stat_report *r)
{
    for (size_t i = 0; i < r->nsec; i++)
        stat_section_finish(&r->sec[i]);
}

int stat_col_index(const stat_section *s, const char *key)
{
    for (int c = 0; c < s->ncols; c++)
        if (strcmp(s->cols[c].key, key) == 0)
            return c;
    return -1;
}

const stat_section *stat_section_get(const stat_report *r, const char *key)
{
    for (size_t i = 0; i < r->nsec; i++)
        if (strcmp(r->sec[i].key, key) == 0)
            return &r->sec[i];
    return NULL;
}

const char *stat_unit_suffix(int unit)
{
    static const char *const S[] = {[STAT_COUNT] = "件", [STAT_YEN] = "円", [STAT_M3] = "m³", [STAT_RATE] = "%"};
    return unit >= 0 && unit <= STAT_RATE ? S[unit] : "";
}

void stat_value_text(int unit, int64_t v, char *out, size_t outsz)
{
    if (unit == STAT_RATE) {
        int64_t a = v < 0 ? -v : v;
        str_fmt(out, outsz, "%s%lld.%02lld", v < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
        return;
    }
    char t[32];
    str_thousands(v, t);
    str_copy(out, outsz, t);
}
