/* bill_baseline — the storage limit for the billing benchmark: insert N rows
 * shaped like bills (the same columns, the same indexes, a lines text of the
 * given length) with one prepared statement in one transaction, and print
 * the seconds it took.  Used by bench/bill_run.sh as the baseline measured
 * in the same run.
 *   bill_baseline DB_URL N LINES_BYTES */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "store/db.h"

/* The bills table's own shape (src/store/migrate.c, migration 4): the same
 * columns, foreign keys and indexes, so that the baseline is the storage
 * cost of a bill row and nothing else. */
static const char DDL[] =
    "DROP TABLE IF EXISTS bench_bills;"
    "CREATE TABLE bench_bills ("
    "  id BIGINT PRIMARY KEY,"
    "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
    "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
    "  reading_id BIGINT NOT NULL REFERENCES readings(id),"
    "  run_id BIGINT, cycle TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, replaces BIGINT,"
    "  period_from TEXT NOT NULL, period_to TEXT NOT NULL, days BIGINT NOT NULL, months BIGINT NOT NULL,"
    "  use_code TEXT NOT NULL, diameter BIGINT NOT NULL, usage BIGINT NOT NULL, estimated BIGINT NOT NULL,"
    "  sewer_operator TEXT NOT NULL, sewer_usage BIGINT NOT NULL, water_yen BIGINT NOT NULL,"
    "  sewer_yen BIGINT NOT NULL, adjust_yen BIGINT NOT NULL, tax_yen BIGINT NOT NULL, total_yen BIGINT NOT NULL,"
    "  water_tariff TEXT NOT NULL, sewer_tariff TEXT NOT NULL,"
    "  lines TEXT NOT NULL, issued_on TEXT NOT NULL, due_on TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',"
    "  created_by TEXT NOT NULL, created_at BIGINT NOT NULL, cancelled_at BIGINT);"
    "CREATE UNIQUE INDEX bench_bills_reading ON bench_bills(reading_id) WHERE status = 'current';"
    "CREATE INDEX bench_bills_tap ON bench_bills(tap_id, period_to);"
    "CREATE INDEX bench_bills_cycle ON bench_bills(cycle, status);"
    "CREATE INDEX bench_bills_customer ON bench_bills(customer_id);";
/* Existing parents for the foreign keys: the first N readings with their
 * taps and a customer (rows are built from these, in reading order). */
static const char SQL_PARENTS[] =
    "SELECT r.id, r.tap_id, (SELECT MIN(o.customer_id) FROM occupancies o WHERE o.tap_id = r.tap_id)"
    " FROM readings r WHERE EXISTS (SELECT 1 FROM occupancies o WHERE o.tap_id = r.tap_id)"
    " ORDER BY r.id LIMIT $1";
static const char SQL_INSERT[] =
    "INSERT INTO bench_bills (id, tap_id, customer_id, reading_id, run_id, cycle, kind, status, replaces, period_from,"
    " period_to, days, months, use_code, diameter, usage, estimated, sewer_operator, sewer_usage, water_yen,"
    " sewer_yen, adjust_yen, tax_yen, total_yen, water_tariff, sewer_tariff, lines, issued_on, due_on,"
    " reason, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
    " $23, $24, $25, $26, $27, $28, $29, $30, $31, $32)";
static const char DROP[] = "DROP TABLE bench_bills";

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long long n = 0, width = 0;
    if (argc != 4 || !str_to_i64(argv[2], &n) || !str_to_i64(argv[3], &width) || n < 1 || width < 2) {
        fputs("usage: bill_baseline DB_URL N LINES_BYTES\n", stderr);
        return 2;
    }
    err_t e;
    err_clear(&e);
    db_conn *c = NULL;
    if (db_conn_open(argv[1], false, &c, &e) || db_exec_script(c, DDL, &e)) {
        fprintf(stderr, "bill_baseline: %s\n", e.log);
        return 1;
    }
    /* parents first (outside the timing) */
    int64_t (*par)[3] = malloc((size_t)n * sizeof *par);
    long long np = 0;
    db_stmt *q = par ? db_prepare(c, SQL_PARENTS, &e) : NULL;
    if (q) {
        db_bind_i64(q, 1, n);
        while (np < n && db_step(q, &e) == DB_ROW) {
            par[np][0] = db_col_i64(q, 0);
            par[np][1] = db_col_i64(q, 1);
            par[np][2] = db_col_i64(q, 2);
            np++;
        }
        db_done(q);
    }
    if (np < n) {
        fprintf(stderr, "bill_baseline: only %lld readings to hang %lld rows on\n", np, n);
        free(par);
        db_conn_close(c);
        return 1;
    }
    char *lines = malloc((size_t)width + 1);
    memset(lines, 'x', (size_t)width);
    lines[0] = '[';
    lines[width - 1] = ']';
    lines[width] = '\0';
    double t0 = now();
    db_bulk(c, true);
    int rc = db_begin(c, &e);
    db_stmt *s = rc ? NULL : db_prepare(c, SQL_INSERT, &e);
    for (long long i = 0; s && !rc && i < n; i++) {
        int k = 1;
        db_bind_i64(s, k++, i + 1);
        db_bind_i64(s, k++, par[i][1]);
        db_bind_i64(s, k++, par[i][2]);
        db_bind_i64(s, k++, par[i][0]);
        db_bind_i64(s, k++, 1);
        db_bind_text(s, k++, "2026-10");
        db_bind_text(s, k++, "regular");
        db_bind_text(s, k++, "current");
        db_bind_null(s, k++);
        db_bind_text(s, k++, "2026-08-10");
        db_bind_text(s, k++, "2026-10-10");
        db_bind_i64(s, k++, 61);
        db_bind_i64(s, k++, 2);
        db_bind_text(s, k++, "household");
        db_bind_i64(s, k++, 20);
        db_bind_i64(s, k++, 40 + i % 17);
        db_bind_i64(s, k++, 0);
        db_bind_text(s, k++, "self");
        db_bind_i64(s, k++, 40 + i % 17);
        db_bind_i64(s, k++, 7260 + i % 311);
        db_bind_i64(s, k++, 4840 + i % 211);
        db_bind_i64(s, k++, 0);
        db_bind_i64(s, k++, 1100 + i % 51);
        db_bind_i64(s, k++, 12100 + i % 511);
        db_bind_text(s, k++, "sankyo-water-2019");
        db_bind_text(s, k++, "sankyo-sewer-2019");
        db_bind_text(s, k++, lines);
        db_bind_text(s, k++, "2026-10-10");
        db_bind_text(s, k++, "2026-10-30");
        db_bind_text(s, k++, "");
        db_bind_text(s, k++, "operator");
        db_bind_i64(s, k++, 1790000000);
        rc = db_exec(s, &e);
    }
    if (!s)
        rc = ERR_DB;
    if (!rc)
        rc = db_commit(c, &e);
    double t1 = now();
    db_bulk(c, false);
    if (rc) {
        fprintf(stderr, "bill_baseline: %s\n", e.log);
        db_rollback(c);
    } else {
        printf("%.3f\n", t1 - t0);
    }
    db_stmt *d = db_prepare(c, DROP, &e);
    if (d)
        db_exec(d, &e);
    free(lines);
    free(par);
    db_conn_close(c);
    return rc ? 1 : 0;
}
