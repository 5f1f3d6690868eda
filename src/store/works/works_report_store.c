/* works_report_store — see works_report_store.h.
 *
 * Every step date lies between the received date and the latest step's
 * (status_on: dates never go backwards), so an application with a step in
 * the period was received by its end and has its latest step on or after
 * its start: the candidates (PERIOD), read by the status_on index
 * (migration 32) and materialised, so that the planner does not walk a
 * grouping index over every application ever received instead. */
#include "store/works/works_report_store.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define COUNTS                                                                 \
    " SUM(CASE WHEN a.received_on BETWEEN $1 AND $2 THEN 1 ELSE 0 END),"       \
    " SUM(CASE WHEN a.approved_on BETWEEN $1 AND $2 THEN 1 ELSE 0 END),"       \
    " SUM(CASE WHEN a.completed_on BETWEEN $1 AND $2 THEN 1 ELSE 0 END),"      \
    " SUM(CASE WHEN a.cancelled_on BETWEEN $1 AND $2 THEN 1 ELSE 0 END)"
#define PERIOD                                                                                       \
    "WITH a AS MATERIALIZED (SELECT type, diameter, area_code, contractor_id, received_on, approved_on," \
    " completed_on, cancelled_on FROM works_applications WHERE status_on >= $1 AND received_on <= $2) "
#define NONZERO " HAVING SUM(CASE WHEN a.received_on BETWEEN $1 AND $2 OR a.approved_on BETWEEN $1 AND $2" \
                " OR a.completed_on BETWEEN $1 AND $2 OR a.cancelled_on BETWEEN $1 AND $2 THEN 1 ELSE 0 END) > 0"

static const char *const SQL_STATS[WORKS_NDIMS] = {
    [WORKS_DIM_TYPE] = PERIOD "SELECT a.type, ''," COUNTS " FROM a GROUP BY a.type" NONZERO " ORDER BY a.type",
    [WORKS_DIM_DIAMETER] = PERIOD "SELECT a.diameter, ''," COUNTS " FROM a GROUP BY a.diameter" NONZERO
                                  " ORDER BY a.diameter",
    [WORKS_DIM_AREA] = PERIOD "SELECT a.area_code, COALESCE(MAX(ar.name), '')," COUNTS
                              " FROM a LEFT JOIN areas ar ON ar.code = a.area_code GROUP BY a.area_code" NONZERO
                              " ORDER BY a.area_code",
    [WORKS_DIM_CONTRACTOR] = PERIOD "SELECT a.contractor_id, COALESCE(MAX(wc.designation_no || ' ' || wc.name), '')," COUNTS
                                    " FROM a LEFT JOIN works_contractors wc ON wc.id = a.contractor_id"
                                    " GROUP BY a.contractor_id" NONZERO " ORDER BY a.contractor_id",
};

/* The period's applications by the received index first (left to itself,
 * PostgreSQL walked the primary key of every application for a merge
 * join), then their charges by key. */
static const char SQL_FEES[] =
    "WITH a AS MATERIALIZED (SELECT id, diameter FROM works_applications WHERE received_on BETWEEN $1 AND $2)"
    " SELECT a.diameter, COUNT(DISTINCT a.id),"
    " SUM(CASE WHEN c.code = 'kanyukin' THEN c.yen ELSE 0 END),"
    " SUM(CASE WHEN c.code = 'kanyukin' THEN c.paid_yen ELSE 0 END),"
    " SUM(CASE WHEN c.code = 'kanyukin' THEN 0 ELSE c.yen END),"
    " SUM(CASE WHEN c.code = 'kanyukin' THEN 0 ELSE c.paid_yen END)"
    " FROM a JOIN works_charges c ON c.application_id = a.id GROUP BY a.diameter ORDER BY a.diameter";

static void stat_fn(db_stmt *s, void *p)
{
    works_stat_row *r = p;
    str_copy(r->key, sizeof r->key, db_col_text(s, 0));
    str_copy(r->label, sizeof r->label, db_col_text(s, 1));
    r->received = db_col_i64(s, 2);
    r->approved = db_col_i64(s, 3);
    r->completed = db_col_i64(s, 4);
    r->cancelled = db_col_i64(s, 5);
}

int works_report_store_stats(db_conn *c, int dim, const char *from, const char *to, works_stat_row **rows, size_t *n,
                             err_t *e)
{
    *rows = NULL;
    *n = 0;
    if (dim < 0 || dim >= WORKS_NDIMS)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "works report: no dimension %d", dim);
    db_stmt *s = db_prepare(c, SQL_STATS[dim], e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, to);
    return db_collect(s, stat_fn, sizeof **rows, (void **)rows, n, e);
}

static void fee_fn(db_stmt *s, void *p)
{
    works_fee_row *r = p;
    r->diameter = db_col_i64(s, 0);
    r->applications = db_col_i64(s, 1);
    r->kanyukin = db_col_i64(s, 2);
    r->kanyukin_paid = db_col_i64(s, 3);
    r->fees = db_col_i64(s, 4);
    r->fees_paid = db_col_i64(s, 5);
}

int works_report_store_fees(db_conn *c, const char *from, const char *to, works_fee_row **rows, size_t *n, err_t *e)
{
    *rows = NULL;
    *n = 0;
    db_stmt *s = db_prepare(c, SQL_FEES, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, to);
    return db_collect(s, fee_fn, sizeof **rows, (void **)rows, n, e);
}
