/* app_works_report — see app_works_report.h. */
#include "app/works/app_works_report.h"
#include "app/works/app_works_application_int.h"

#include <stdlib.h>
#include <string.h>

#include "domain/role.h"
#include "store/db.h"
#include "store/works/works_application_store.h"

const char *app_works_dim_title(int dim)
{
    static const char *const TITLES[WORKS_NDIMS] = {"種別別", "口径別", "町丁目別", "指定工事事業者別"};
    return dim >= 0 && dim < WORKS_NDIMS ? TITLES[dim] : "";
}

void app_works_stat_label(int dim, const works_stat_row *r, char *out, size_t outsz)
{
    if (dim == WORKS_DIM_TYPE)
        str_copy(out, outsz, works_type_label(works_type_parse(r->key)));
    else if (dim == WORKS_DIM_DIAMETER)
        str_fmt(out, outsz, "%smm", r->key);
    else if (r->label[0])
        str_copy(out, outsz, r->label);
    else
        str_copy(out, outsz, dim == WORKS_DIM_CONTRACTOR ? "（事業者なし）" : r->key);
}

void app_works_stats_free(app_works_stats *s)
{
    if (!s)
        return;
    for (int d = 0; d < WORKS_NDIMS; d++) {
        free(s->dims[d]);
        s->dims[d] = NULL;
        s->n[d] = 0;
    }
    free(s->fees);
    s->fees = NULL;
    s->nfees = 0;
}

/* The types in the order of the enum (新設, 改造, 撤去, 分水, 特団). */
static int by_type(const void *a, const void *b)
{
    int x = works_type_parse(((const works_stat_row *)a)->key), y = works_type_parse(((const works_stat_row *)b)->key);
    return x < y ? -1 : x > y;
}

static void add_totals(app_works_stats *s)
{
    for (size_t i = 0; i < s->n[WORKS_DIM_TYPE]; i++) {   /* every application has one type */
        const works_stat_row *r = &s->dims[WORKS_DIM_TYPE][i];
        s->total.received += r->received;
        s->total.approved += r->approved;
        s->total.completed += r->completed;
        s->total.cancelled += r->cancelled;
    }
    str_copy(s->total.key, sizeof s->total.key, "total");
    str_copy(s->total.label, sizeof s->total.label, "合計");
    for (size_t i = 0; i < s->nfees; i++) {
        const works_fee_row *f = &s->fees[i];
        s->fee_total.applications += f->applications;
        s->fee_total.kanyukin += f->kanyukin;
        s->fee_total.kanyukin_paid += f->kanyukin_paid;
        s->fee_total.fees += f->fees;
        s->fee_total.fees_paid += f->fees_paid;
    }
}

int app_works_report_stats(app_ctx *ctx, const char *month, const char *year, app_works_stats *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc || (rc = stat_period_parse(month, year, date_today_jst(), &out->period, e)))
        return rc;
    date_format_iso(date_today_jst(), out->today);
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    const char *from = out->period.from_iso, *to = out->period.to_iso;
    for (int d = 0; !rc && d < WORKS_NDIMS; d++)
        rc = works_report_store_stats(ctx->db, d, from, to, &out->dims[d], &out->n[d], e);
    if (!rc)
        rc = works_report_store_fees(ctx->db, from, to, &out->fees, &out->nfees, e);
    db_end_read(ctx->db);
    if (rc)
        app_works_stats_free(out);
    else {
        if (out->n[WORKS_DIM_TYPE] > 1)
            qsort(out->dims[WORKS_DIM_TYPE], out->n[WORKS_DIM_TYPE], sizeof *out->dims[WORKS_DIM_TYPE], by_type);
        add_totals(out);
    }
    return rc;
}

/* The current step's order, then the longest in it first, then the number. */
static int by_step(const void *a, const void *b)
{
    const app_works_row *x = a, *y = b;
    if (x->status != y->status)
        return x->status < y->status ? -1 : 1;
    if (x->days_open != y->days_open)
        return x->days_open > y->days_open ? -1 : 1;
    return strcmp(x->number, y->number);
}

int app_works_report_progress(app_ctx *ctx, app_works_page *out, err_t *e)
{
    memset(out, 0, sizeof *out);
    int rc = app_require(ctx, PERM_WORKS_VIEW, e);
    if (rc)
        return rc;
    out->page = out->pages = 1;
    out->per_page = -1;
    out->overdue_days = app_works_overdue_days(ctx);
    date_format_iso(date_today_jst(), out->today);
    works_app_row *rows = NULL;
    size_t n = 0;
    if ((rc = db_begin_read(ctx->db, e)))
        return rc;
    rc = works_app_store_open(ctx->db, &rows, &n, e);
    db_end_read(ctx->db);
    if (!rc)
        rc = app_works_rows_from(ctx, rows, n, out, e);
    free(rows);
    if (rc) {
        app_works_page_free(out);
        return rc;
    }
    out->total = (int64_t)out->n;
    if (out->n > 1)
        qsort(out->rows, out->n, sizeof *out->rows, by_step);
    return 0;
}
