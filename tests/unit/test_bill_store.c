/* Unit tests of bill_store_insert_many on SQLite (and on PostgreSQL when
 * SUIDO_TEST_PG holds a conninfo, where the bills, their lines and their
 * open rows go by COPY with ids drawn from the sequence first): each bill
 * gets the next id in the order given, its own lines, and a bill_open row
 * exactly when it is current with something to pay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "store/billing/bill_store.h"
#include "store/db.h"
#include "store/migrate.h"

typedef struct fixture {
    char dir[64];
    char url[512];
    db_conn *c;
} fixture;

static int open_sqlite(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    str_copy(f->dir, sizeof f->dir, "/tmp/suido-billstore-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    str_fmt(f->url, sizeof f->url, "sqlite:%s/t.db", f->dir);
    err_t e;
    if (db_conn_open(f->url, false, &f->c, &e))
        return -1;
    *state = f;
    return 0;
}

static int open_pg(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    str_copy(f->url, sizeof f->url, getenv("SUIDO_TEST_PG"));
    err_t e;
    if (db_conn_open(f->url, false, &f->c, &e))
        return -1;
    db_exec_script(f->c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", &e);
    *state = f;
    return 0;
}

static int close_db(void **state)
{
    fixture *f = *state;
    db_conn_close(f->c);
    if (f->dir[0]) {
        char p[128];
        const char *sfx[] = {"/t.db", "/t.db-wal", "/t.db-shm"};
        for (int i = 0; i < 3; i++) {
            str_fmt(p, sizeof p, "%s%s", f->dir, sfx[i]);
            unlink(p);
        }
        rmdir(f->dir);
    }
    free(f);
    return 0;
}

#define NREAD 72

/* A schema with one customer, one tap, one meter and NREAD readings (ids 1..NREAD). */
static void seed(db_conn *c)
{
    err_t e;
    int n = 0;
    assert_int_equal(migrate_apply(c, &n, &e), 0);
    assert_int_equal(db_exec_script(c,
                                    "INSERT INTO areas (code, name, kana, sewer) VALUES ('A1', '中央', 'チュウオウ', 'public');"
                                    "INSERT INTO customers (name_enc, kana_enc, kana_bidx, phone_enc, phone_bidx,"
                                    " postal_enc, mail_address_enc, notes_enc, created_at, updated_at)"
                                    " VALUES ('x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 1, 1);"
                                    "INSERT INTO taps (tap_no, area_code, address_enc, diameter, use_code, sewer, route,"
                                    " route_order, status, created_at, updated_at)"
                                    " VALUES ('T1', 'A1', 'x', 13, 'home', 'public', 'R1', 1, 'active', 1, 1);"
                                    "INSERT INTO meters (meter_no, maker, diameter, digits, certified_until, tap_id,"
                                    " installed_on, status, created_at)"
                                    " VALUES ('M1', 'x', 13, 4, '2030-01-01', 1, '2020-01-01', 'installed', 1);",
                                    &e),
                     0);
    static const char SQL_READ[] =
        "INSERT INTO readings (tap_id, meter_id, cycle, read_on, value, prev_value, days, meter_usage, usage,"
        " kind, status, reasons, source, entered_by, created_at)"
        " VALUES (1, 1, '2026-11', $1, $2, 0, 30, 10, 10, 'actual', 'accepted', '', 'office', 'test', 1)";
    for (int i = 1; i <= NREAD; i++) {
        char on[11];
        str_fmt(on, sizeof on, "2020-%02d-%02d", 1 + (i - 1) / 28, 1 + (i - 1) % 28);
        db_stmt *s = db_prepare(c, SQL_READ, &e);
        assert_non_null(s);
        db_bind_text(s, 1, on);
        db_bind_i64(s, 2, i);
        assert_int_equal(db_exec(s, &e), 0);
    }
}

/* Bill k for reading `reading`: every tenth (from the fourth) owes nothing,
 * every tenth (from the eighth) is cancelled; the rest are open. */
static void make_bill(bill_row *b, int64_t reading, int k)
{
    memset(b, 0, sizeof *b);
    b->tap_id = 1;
    b->customer_id = 1;
    b->reading_id = reading;
    b->run_id = 5;
    str_copy(b->cycle, sizeof b->cycle, "2026-11");
    str_copy(b->kind, sizeof b->kind, "regular");
    str_copy(b->status, sizeof b->status, k % 10 == 7 ? "cancelled" : "current");
    str_copy(b->period_from, sizeof b->period_from, "2026-10-01");
    str_copy(b->period_to, sizeof b->period_to, "2026-10-31");
    b->days = 30;
    b->months = 1;
    str_copy(b->use_code, sizeof b->use_code, "home");
    b->diameter = 13;
    b->usage = 10;
    str_copy(b->sewer_operator, sizeof b->sewer_operator, "city");
    b->water_yen = k % 10 == 3 ? 0 : 1000 + k;
    b->total_yen = b->water_yen;
    str_copy(b->water_tariff, sizeof b->water_tariff, "W1");
    str_copy(b->sewer_tariff, sizeof b->sewer_tariff, "S1");
    str_copy(b->issued_on, sizeof b->issued_on, "2026-11-05");
    str_fmt(b->due_on, sizeof b->due_on, "2026-12-%02d", 1 + k % 28);
    str_copy(b->reason, sizeof b->reason, k % 5 == 0 ? "tab\there\\ and a\nnewline" : "");
    str_copy(b->created_by, sizeof b->created_by, "test");
    b->created_at = 1700000000 + k;
    char lines[64];
    str_fmt(lines, sizeof lines, "[{\"r\":%lld}]", (long long)reading);
    b->lines = strdup(lines);
}

static int64_t scalar(db_conn *c, const char *sql)
{
    err_t e;
    db_stmt *s = db_prepare(c, sql, &e);
    assert_non_null(s);
    int64_t v = -1;
    assert_int_equal(db_scalar_i64(s, &v, &e), 0);
    return v;
}

static void insert_bills(db_conn *c, int64_t first_reading, int n)
{
    bill_row *rows = calloc((size_t)n, sizeof *rows);
    for (int k = 0; k < n; k++)
        make_bill(&rows[k], first_reading + k, (int)first_reading + k);
    err_t e;
    assert_int_equal(db_begin(c, &e), 0);
    assert_int_equal(bill_store_insert_many(c, rows, (size_t)n, &e), 0);
    assert_int_equal(db_commit(c, &e), 0);
    bill_store_rows_free(rows, (size_t)n);
}

static void bills_take_ids_in_order_with_their_lines_and_open_rows(void **state)
{
    fixture *f = *state;
    db_conn *c = f->c;
    seed(c);
    insert_bills(c, 1, 70);      /* SQLite: one statement of 64, then 6 one by one */
    insert_bills(c, 71, 2);      /* ids go on from the sequence */
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills"), NREAD);
    /* the k-th row given took the k-th id */
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills WHERE id = reading_id"), NREAD);
    /* each bill's own lines */
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills b JOIN bill_lines l ON l.bill_id = b.id"
                               " WHERE l.lines = '[{\"r\":' || CAST(b.reading_id AS TEXT) || '}]'"),
                     NREAD);
    /* text with a tab, a backslash and a newline kept as given */
    err_t e;
    db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM bills WHERE reason = $1", &e);
    assert_non_null(s);
    db_bind_text(s, 1, "tab\there\\ and a\nnewline");
    int64_t odd = 0;
    assert_int_equal(db_scalar_i64(s, &odd, &e), 0);
    assert_int_equal(odd, 14);
    /* open rows: the current bills with something to pay, with their due dates */
    int64_t open = 0;
    for (int k = 1; k <= NREAD; k++)
        open += k % 10 != 3 && k % 10 != 7;
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bill_open"), open);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bill_open o JOIN bills b ON b.id = o.bill_id"
                               " WHERE b.status = 'current' AND b.total_yen > 0 AND o.due_on = b.due_on"),
                     open);
    assert_int_equal(scalar(c, "SELECT COUNT(*) FROM bills WHERE run_id = 5 AND replaces IS NULL"), NREAD);
}

int main(void)
{
    const struct CMUnitTest sqlite_tests[] = {
        cmocka_unit_test_setup_teardown(bills_take_ids_in_order_with_their_lines_and_open_rows, open_sqlite, close_db),
    };
    int fails = cmocka_run_group_tests_name("bill_store on SQLite", sqlite_tests, NULL, NULL);
    if (getenv("SUIDO_TEST_PG") && *getenv("SUIDO_TEST_PG")) {
        const struct CMUnitTest pg_tests[] = {
            cmocka_unit_test_setup_teardown(bills_take_ids_in_order_with_their_lines_and_open_rows, open_pg, close_db),
        };
        fails += cmocka_run_group_tests_name("bill_store on PostgreSQL", pg_tests, NULL, NULL);
    }
    return fails;
}
