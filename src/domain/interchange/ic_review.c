/* ic_review — the review report of an import (see ic_review.h). */
#include "domain/interchange/ic_review.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/vec.h"

void ic_review_init(ic_review *rv)
{
    memset(rv, 0, sizeof *rv);
    for (int f = 0; f < IC_FILE__COUNT; f++) {
        rv->files[f].nsums = ic_manifest_sums_init(f, rv->files[f].sums);
        /* the columns a row is read by, found once (not per row) */
        icr_file *x = &rv->files[f];
        const char *dcol = ic_review_date_col(f);
        x->date_k = dcol ? ic_format_csv_find(f, dcol) : -1;
        x->period_k = f == IC_BILLS ? ic_format_csv_find(f, "period_to") : -1;
        for (int s = 0; s < x->nsums; s++)
            x->sum_k[s] = ic_format_csv_find(f, x->sums[s].col);
    }
}

void ic_review_free(ic_review *rv)
{
    for (size_t i = 0; i < rv->nitems; i++) {
        free(rv->items[i].legacy);
        free(rv->items[i].loaded);
    }
    free(rv->items);
    rv->items = NULL;
    rv->nitems = rv->capitems = 0;
}

const char *ic_review_date_col(int f)
{
    switch (f) {
    case IC_READINGS:
        return "read_on";
    case IC_BILLS:
        return "issued_on";
    case IC_PAYMENTS:
        return "paid_on";
    case IC_ALLOCATIONS:
    case IC_CREDITS:
        return "posted_on";
    case IC_WORKS_APPLICATIONS:
        return "received_on";
    default:
        return NULL;
    }
}

int ic_review_fiscal_year(const char *iso)
{
    civil_date d;
    if (!iso || !date_parse(iso, &d))
        return 0;
    return d.m >= 4 ? d.y : d.y - 1;
}

static icr_item *add(ic_review *rv, int section, const char *file, int fy, const char *name, const char *legacy,
                     const char *loaded, bool differs)
{
    icr_item *it = vec_slot((void **)&rv->items, &rv->nitems, &rv->capitems, sizeof *it);
    if (!it) {
        rv->oom = true;
        return NULL;
    }
    it->section = section;
    str_copy(it->file, sizeof it->file, file ? file : "");
    it->fy = fy;
    str_copy(it->name, sizeof it->name, name ? name : "");
    it->legacy = strdup(legacy ? legacy : "");
    it->loaded = strdup(loaded ? loaded : "");
    it->differs = differs;
    if (!it->legacy || !it->loaded)
        rv->oom = true;
    return it;
}

void ic_review_file(ic_review *rv, int f)
{
    if (f >= 0 && f < IC_FILE__COUNT)
        rv->seen[f] = true;
}

/* The kind of CSV column k of file f (a reference's parts: IC_REF). */
static int csv_kind(int f, int k)
{
    const ic_file_def *d = ic_format_file(f);
    for (int c = 0, at = 0; c < d->ncols; c++) {
        int w = ic_format_width(f, c);
        if (k < at + w)
            return d->cols[c].kind;
        at += w;
    }
    return IC_TEXT;
}


static icr_fy *fy_of(icr_file *x, int fy)
{
    for (int i = 0; i < x->nfy; i++)
        if (x->fys[i].fy == fy)
            return &x->fys[i];
    if (x->nfy >= ICR_MAX_FY)
        return &x->fys[ICR_MAX_FY - 1];   /* beyond 80 years: counted with the last */
    icr_fy *n = &x->fys[x->nfy++];
    memset(n, 0, sizeof *n);
    n->fy = fy;
    return n;
}

void ic_review_row(ic_review *rv, int f, const char *const *fields, int nfields, const char *const *legacy)
{
    if (f < 0 || f >= IC_FILE__COUNT)
        return;
    icr_file *x = &rv->files[f];
    rv->seen[f] = true;
    x->rows++;
    int dk = x->date_k;
    int fy = dk >= 0 && dk < nfields ? ic_review_fiscal_year(fields[dk]) : 0;
    if (f == IC_BILLS && !fy) {
        int pk = x->period_k;
        fy = pk >= 0 && pk < nfields ? ic_review_fiscal_year(fields[pk]) : 0;
    }
    icr_fy *y = fy_of(x, fy);
    y->rows++;
    for (int s = 0; s < x->nsums; s++) {
        int k = x->sum_k[s];
        long long v = 0;
        if (k >= 0 && k < nfields && str_to_i64(fields[k], &v)) {
            x->sums[s].yen += v;
            y->sums[s] += v;
        }
    }
    if (x->samples >= ICR_SAMPLES)
        return;
    x->samples++;
    const ic_file_def *d = ic_format_file(f);
    int k = 0;
    for (int c = 0; c < d->ncols; c++)
        for (int i = 0; i < ic_format_width(f, c); i++, k++) {
            if (k >= nfields)
                return;
            char name[128];
            ic_format_csv_name(f, c, i, name, sizeof name);
            bool sealed = csv_kind(f, k) == IC_SEALED;
            const char *lv = legacy ? legacy[k] : fields[k];
            const char *sv = fields[k];
            if (sealed) {
                lv = lv && *lv ? ICR_MASK : lv;
                sv = *sv ? ICR_MASK : sv;
            }
            add(rv, ICR_SAMPLE, d->file, x->samples, name, lv ? lv : "", sv, false);
        }
}

void ic_review_control(ic_review *rv, int f, const char *from, bool rows_set, int64_t rows, const ic_sum *sums,
                       int nsums)
{
    if (f < 0 || f >= IC_FILE__COUNT)
        return;
    icr_file *x = &rv->files[f];
    x->control = true;
    str_copy(x->control_from, sizeof x->control_from, from);
    x->ctl_rows_set = rows_set;
    x->ctl_rows = rows;
    for (int s = 0; s < x->nsums; s++)
        for (int j = 0; j < nsums; j++)
            if (strcmp(sums[j].col, x->sums[s].col) == 0) {
                x->ctl_sum_set[s] = true;
                x->ctl_sums[s] = sums[j].yen;
            }
}

void ic_review_difference(ic_review *rv, const char *file, const char *where, const char *msg)
{
    add(rv, ICR_DIFF, file, 0, where, "", msg, true);
}

static int cmp_fy(const void *a, const void *b)
{
    const icr_fy *x = a, *y = b;
    return (x->fy > y->fy) - (x->fy < y->fy);
}

bool ic_review_finish(ic_review *rv, const icr_item **items, size_t *n, int64_t *control_differs)
{
    icr_item *old = rv->items;
    size_t nold = rv->nitems;
    rv->items = NULL;
    rv->nitems = rv->capitems = 0;
    *control_differs = 0;
    char a[32], b[32];
    for (int f = 0; f < IC_FILE__COUNT; f++) {
        icr_file *x = &rv->files[f];
        if (!rv->seen[f])
            continue;
        const char *file = ic_format_file(f)->file;
        if (x->nfy > 1)
            qsort(x->fys, (size_t)x->nfy, sizeof x->fys[0], cmp_fy);
        for (int i = 0; i < x->nfy; i++) {
            add(rv, ICR_COUNT, file, x->fys[i].fy, "rows", "", str_i64(x->fys[i].rows, a), false);
            for (int s = 0; s < x->nsums; s++)
                add(rv, ICR_COUNT, file, x->fys[i].fy, x->sums[s].col, "", str_i64(x->fys[i].sums[s], a), false);
        }
        if (!x->nfy)
            add(rv, ICR_COUNT, file, 0, "rows", "", "0", false);
    }
    for (int f = 0; f < IC_FILE__COUNT; f++) {
        icr_file *x = &rv->files[f];
        if (!rv->seen[f])
            continue;
        const char *file = ic_format_file(f)->file;
        add(rv, ICR_CONTROL, file, 0, "from", x->control ? x->control_from : "", "", false);
        bool d = x->ctl_rows_set && x->ctl_rows != x->rows;
        *control_differs += d;
        add(rv, ICR_CONTROL, file, 0, "rows", x->ctl_rows_set ? str_i64(x->ctl_rows, a) : "", str_i64(x->rows, b), d);
        for (int s = 0; s < x->nsums; s++) {
            d = x->ctl_sum_set[s] && x->ctl_sums[s] != x->sums[s].yen;
            *control_differs += d;
            add(rv, ICR_CONTROL, file, 0, x->sums[s].col, x->ctl_sum_set[s] ? str_i64(x->ctl_sums[s], a) : "",
                str_i64(x->sums[s].yen, b), d);
        }
    }
    for (int pass = ICR_SAMPLE; pass <= ICR_DIFF; pass++)
        for (size_t i = 0; i < nold; i++)
            if (old[i].section == pass) {
                icr_item *it = vec_slot((void **)&rv->items, &rv->nitems, &rv->capitems, sizeof *it);
                if (!it) {
                    rv->oom = true;
                    free(old[i].legacy);
                    free(old[i].loaded);
                    continue;
                }
                *it = old[i];
            }
    free(old);
    *items = rv->items;
    *n = rv->nitems;
    return !rv->oom;
}
