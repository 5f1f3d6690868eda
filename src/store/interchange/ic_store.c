/* ic_store — the interchange format's statements (see ic_store.h), one
 * descriptor per table.
 *
 * Files are read in the order their rows were made (by id), which an import
 * keeps (rows are inserted in the file's order, so they get ids in the same
 * order): two exports of the same data, or of its import, list the same
 * lines, on either engine, without depending on a collation.  Tables
 * without an id (areas, routes, the schedule) go by their code; the rows of
 * a bill (lines, balance) by the bill's id. */
#include "store/interchange/ic_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/billing/bill_store.h"
#include "store/collect/alloc_store.h"

/* One table: the SELECT that lists its rows in the file's order (the row's
 * id, then the file's columns), and what an import loads: the table, its
 * columns in the order of the values (the id first when numbered, the
 * file's columns except IC_SEQ, what the importer derives, the fixed column
 * last). */
struct ic_store_table {
    const char *file;
    const char *select;
    int ncols;          /* columns after the id, as the file's */
    const char *table;
    const char *cols;
    bool numbered;      /* the importer gives each row its id (1, 2, ... in the file's order) */
    const char *fixed;  /* the value of the last column of cols, the same for every row (NULL: none) */
};

/* ---- users, areas, routes, schedule, taps, customers, occupancies --------- */
static const char SEL_USERS[] =
    "SELECT 0, username, role, full_name_enc, must_change, disabled, created_at, updated_at FROM users ORDER BY id";
static const char SEL_AREAS[] = "SELECT 0, code, name, kana, sewer FROM areas ORDER BY code";
static const char SEL_ROUTES[] = "SELECT 0, code, name, grp FROM routes ORDER BY code";
static const char SEL_SCHEDULE[] =
    "SELECT 0, cycle, route, from_on, to_on FROM reading_schedule ORDER BY cycle, route";
#define TAP_COLS                                                                                  \
    "tap_no, area_code, address_enc, diameter, use_code, sewer, route, route_order, status, sewer_basis," \
    " well_persons, reader_note_enc, stop_sensitive, stop_welfare, stopped_on, version, created_at, updated_at"
static const char SEL_TAPS[] = "SELECT id, " TAP_COLS " FROM taps ORDER BY id";
#define DIAMETER_COLS "from_on, old_diameter, new_diameter, source, created_at"
static const char SEL_DIAMETER_CHANGES[] =
    "SELECT id, tap_id, 0, " DIAMETER_COLS " FROM tap_diameter_changes ORDER BY id";
#define CUSTOMER_COLS                                                                             \
    "name_enc, kana_enc, phone_enc, postal_enc, mail_address_enc, notes_enc, mail_doubtful_since, version," \
    " created_at, updated_at"
static const char SEL_CUSTOMERS[] = "SELECT id, id, " CUSTOMER_COLS " FROM customers ORDER BY id";
#define OCCUPANCY_COLS "customer_id, start_on, end_on, created_at"
static const char SEL_OCCUPANCIES[] = "SELECT id, tap_id, 0, " OCCUPANCY_COLS " FROM occupancies ORDER BY id";
#define METER_COLS                                                                                      \
    "meter_no, maker, model, diameter, digits, lot, certified_until, receipt_id, tap_id, contractor_id," \
    " installed_on, removed_on, status, created_at"
static const char SEL_METERS[] = "SELECT id, " METER_COLS " FROM meters ORDER BY id";
#define TARIFF_COLS "tariff_id, service, effective_from, name, body, sha256, loaded_by, loaded_at"
static const char SEL_TARIFFS[] = "SELECT 0, " TARIFF_COLS " FROM tariffs ORDER BY id";

/* ---- the meter stock ------------------------------------------------------- */
#define METER_ORDER_COLS "maker, model, diameter, quantity, received, note, created_by, created_at"
static const char SEL_METER_ORDERS[] = "SELECT id, ordered_on, 0, " METER_ORDER_COLS " FROM meter_orders ORDER BY id";
#define METER_RECEIPT_COLS                                                                               \
    "order_id, maker, model, diameter, digits, lot, certified_until, serial_from, serial_to, quantity," \
    " created_by, created_at"
static const char SEL_METER_RECEIPTS[] =
    "SELECT id, received_on, 0, " METER_RECEIPT_COLS " FROM meter_receipts ORDER BY id";
#define METER_EVENT_COLS "on_date, from_status, to_status, tap_id, contractor_id, ref, note, done_by, done_at"
static const char SEL_METER_EVENTS[] = "SELECT id, meter_id, 0, " METER_EVENT_COLS " FROM meter_events ORDER BY id";
#define STOCKTAKE_COLS "status, note, created_by, created_at, decided_by, decided_on"
static const char SEL_METER_STOCKTAKES[] =
    "SELECT id, counted_on, 0, " STOCKTAKE_COLS " FROM meter_stocktakes ORDER BY id";
#define STOCKTAKE_LINE_COLS "stocktake_id, diameter, book, counted, reason"
static const char SEL_METER_STOCKTAKE_LINES[] =
    "SELECT 0, " STOCKTAKE_LINE_COLS " FROM meter_stocktake_lines ORDER BY stocktake_id, diameter";
static const char SEL_METER_REORDER_POINTS[] =
    "SELECT 0, diameter, point, updated_by, updated_at FROM meter_reorder_points ORDER BY diameter";

/* ---- readings and bills ---------------------------------------------------- */
#define READING_COLS                                                                                     \
    "meter_id, read_on, value, prev_value, days, meter_usage, usage, kind, status, reasons, reread, source," \
    " client_id, entered_by, decided_by, decided_at, created_at, flush_m3"
static const char SEL_READINGS[] = "SELECT id, tap_id, cycle, 0, " READING_COLS " FROM readings ORDER BY id";
static const char SEL_SEWER_DEDUCTIONS[] =
    "SELECT 0, tap_id, cycle, m3, entered_by, created_at FROM sewer_deductions ORDER BY tap_id, cycle";
#define BILL_COLS                                                                                           \
    "customer_id, reading_id, kind, status, replaces, period_from, period_to, days, months, use_code, diameter," \
    " usage, estimated, sewer_operator, sewer_usage, water_yen, sewer_yen, adjust_yen, tax_yen, total_yen,"    \
    " water_tariff, sewer_tariff, issued_on, due_on, reason, created_by, created_at, cancelled_at"
static const char SEL_BILLS[] = "SELECT id, tap_id, cycle, 0, " BILL_COLS " FROM bills ORDER BY id";
static const char SEL_BILL_LINES[] = "SELECT 0, bill_id, lines FROM bill_lines ORDER BY bill_id";
static const char SEL_BILL_BALANCES[] =
    "SELECT 0, bill_id, paid_yen, pending_yen, collect FROM bill_balances ORDER BY bill_id";

/* ---- collections ----------------------------------------------------------- */
#define PAYMENT_COLS                                                                                \
    "channel, ref, status, tap_id, customer_id, bill_id, amount, paid_on, posted_on, reverses, line," \
    " receipt_no, note, created_by, created_at"
static const char SEL_PAYMENTS[] = "SELECT id, " PAYMENT_COLS " FROM payments ORDER BY id";
#define ALLOC_COLS "bill_id, kind, amount, water_yen, sewer_yen, tax_yen, posted_on, created_by, created_at"
static const char SEL_ALLOCATIONS[] = "SELECT id, payment_id, 0, " ALLOC_COLS " FROM allocations ORDER BY id";
#define CREDIT_COLS "customer_id, tap_id, kind, amount, bill_id, posted_on, note, created_by, created_at"
static const char SEL_CREDITS[] = "SELECT id, payment_id, 0, " CREDIT_COLS " FROM credits ORDER BY id";
#define MANDATE_COLS                                                                                   \
    "customer_id, bank, branch, account_type, account_enc, holder_enc, status, start_on, end_on, first_done," \
    " created_by, created_at"
static const char SEL_MANDATES[] = "SELECT id, tap_id, 0, " MANDATE_COLS " FROM mandates ORDER BY id";

/* ---- reception ------------------------------------------------------------- */
#define REQUEST_COLS                                                                                     \
    "kind, customer_id, effective_on, source, status, settle, detail_enc, urgent, created_by, created_at," \
    " done_by, done_at"
static const char SEL_REQUESTS[] = "SELECT id, tap_id, 0, " REQUEST_COLS " FROM service_requests ORDER BY id";
#define CONTACT_COLS "customer_id, channel, reason, summary_enc, taken_by, created_at"
static const char SEL_CONTACTS[] = "SELECT id, tap_id, 0, " CONTACT_COLS " FROM contacts ORDER BY id";

/* ---- suspense and the works system ------------------------------------------ */
#define SUSPENSE_COLS "reason, detail, status, resolved_bill, resolved_by, resolved_at, note"
static const char SEL_SUSPENSE[] = "SELECT id, payment_id, 0, " SUSPENSE_COLS " FROM suspense ORDER BY id";
#define CONTRACTOR_COLS                                                                                     \
    "designation_no, name, name_kana, address, phone, representative_enc, designated_on, valid_until, status," \
    " suspended_from, suspended_until, revoked_on, created_by, created_at, updated_by, updated_at, version"
static const char SEL_WORKS_CONTRACTORS[] = "SELECT id, " CONTRACTOR_COLS " FROM works_contractors ORDER BY id";
#define ENGINEER_COLS "licence_no, name_enc, registered_on, removed_on, created_by, created_at"
static const char SEL_WORKS_ENGINEERS[] =
    "SELECT id, contractor_id, 0, " ENGINEER_COLS " FROM works_engineers ORDER BY id";
#define EVENT_COLS "kind, from_on, until_on, reason_enc, changes, done_by, done_at"
static const char SEL_WORKS_EVENTS[] =
    "SELECT id, contractor_id, 0, " EVENT_COLS " FROM works_contractor_events ORDER BY id";
#define APPLICATION_COLS                                                                                      \
    "number, fy, seq, type, status, status_on, received_on, contractor_id, engineer_id, owner_name_enc,"        \
    " owner_phone_enc, applicant_name_enc, applicant_phone_enc, area_code, address_enc, tap_id, diameter,"     \
    " old_diameter, dwellings, meter_count, meter_place, use_code, consent_land_on, consent_house_on,"         \
    " consent_party_on, fee_table, cancel_reason_enc, reviewed_on, approved_on, paid_on, started_on,"          \
    " inspected_on, completed_on, cancelled_on, entered_by, version, created_at, updated_at, owner_kana_enc"
static const char SEL_WORKS_APPLICATIONS[] = "SELECT id, " APPLICATION_COLS " FROM works_applications ORDER BY id";
#define DWELLING_COLS "application_id, no, label, diameter, tap_id"
static const char SEL_WORKS_DWELLINGS[] =
    "SELECT 0, " DWELLING_COLS " FROM works_dwellings ORDER BY application_id, no";
#define STEP_COLS "step, result, status, step_on, taken_by, note_enc, created_at"
static const char SEL_WORKS_STEPS[] = "SELECT id, application_id, 0, " STEP_COLS " FROM works_steps ORDER BY id";
#define SETTLEMENT_COLS                                                                                     \
    "kind, reason_enc, before_json, after_json, assessed_yen, paid_yen, additional_yen, refund_yen, created_by," \
    " created_at"
static const char SEL_WORKS_SETTLEMENTS[] =
    "SELECT id, application_id, 0, " SETTLEMENT_COLS " FROM works_settlements ORDER BY id";
#define CHARGE_COLS \
    "application_id, seq, code, name, yen, tax, due, paid_yen, origin, refundable, refunded_yen, settlement_id"
static const char SEL_WORKS_CHARGES[] = "SELECT id, " CHARGE_COLS " FROM works_charges ORDER BY id";
#define WORKS_PAYMENT_COLS "application_id, charge_id, kind, amount, tax, posted_on, created_at"
static const char SEL_WORKS_PAYMENTS[] =
    "SELECT id, payment_id, 0, " WORKS_PAYMENT_COLS " FROM works_payments ORDER BY id";
#define REFUND_COLS "settlement_id, amount, status, requested_by, requested_at, paid_on, paid_by"
static const char SEL_WORKS_REFUNDS[] =
    "SELECT id, application_id, 0, " REFUND_COLS " FROM works_refunds ORDER BY id";
#define REFUND_ITEM_COLS "refund_id, charge_id, kind, amount, tax"
static const char SEL_WORKS_REFUND_ITEMS[] =
    "SELECT 0, " REFUND_ITEM_COLS " FROM works_refund_items ORDER BY refund_id, charge_id";
#define WORKS_METER_COLS \
    "application_id, dwelling_no, meter_no, maker, diameter, digits, start_value, old_final, recorded_on"
static const char SEL_WORKS_METERS[] =
    "SELECT 0, " WORKS_METER_COLS " FROM works_meters ORDER BY application_id, dwelling_no";
static const char SEL_WORKS_NUMBERS[] = "SELECT 0, fy, last FROM works_numbers ORDER BY fy";

/* ---- arrears ------------------------------------------------------------------ */
#define DUNNING_COLS                                                                                \
    "status, started_by, started_at, heartbeat_at, finished_at, total_letters, done_letters, bills, amount," \
    " summary"
static const char SEL_DUNNING_RUNS[] = "SELECT id, step, as_of, 0, " DUNNING_COLS " FROM dunning_runs ORDER BY id";
#define LETTER_COLS "run_id, step, customer_id, issued_on, deadline, stop_on, bills, amount, fee, status"
static const char SEL_NOTICE_LETTERS[] = "SELECT id, tap_id, 0, " LETTER_COLS " FROM notice_letters ORDER BY id";
#define NOTICE_COLS "bill_id, step, letter_id, run_id, customer_id, tap_id, issued_on, deadline, amount, status"
static const char SEL_NOTICES[] = "SELECT id, " NOTICE_COLS " FROM notices ORDER BY id";
#define NEGOTIATION_COLS "held_on, channel, staff, text_enc, next_action, next_on, created_at"
static const char SEL_NEGOTIATIONS[] =
    "SELECT id, customer_id, 0, " NEGOTIATION_COLS " FROM negotiations ORDER BY id";
#define PLEDGE_COLS "pledged_on, status, total, instalments, created_by, created_at, closed_on, closed_at"
static const char SEL_PLEDGES[] = "SELECT id, customer_id, 0, " PLEDGE_COLS " FROM pledges ORDER BY id";
static const char SEL_PLEDGE_BILLS[] =
    "SELECT 0, pledge_id, bill_id, amount FROM pledge_bills ORDER BY pledge_id, bill_id";
static const char SEL_PLEDGE_INSTALMENTS[] =
    "SELECT 0, pledge_id, seq, due_on, amount FROM pledge_instalments ORDER BY pledge_id, seq";
#define LATE_COLS                                                                                           \
    "kind, service, letter_id, tap_id, customer_id, amount, basis, assessed_on, due_on, payment_id, paid_yen," \
    " status, waived_reason, closed_by, created_by, created_at"
static const char SEL_LATE_CHARGES[] = "SELECT id, bill_id, 0, " LATE_COLS " FROM late_charges ORDER BY id";
static const char SEL_LATE_CHARGE_PAYMENTS[] =
    "SELECT id, charge_id, 0, payment_id, amount, posted_on, created_at FROM late_charge_payments ORDER BY id";
#define LIMITATION_COLS "bill_id, service, kind, act_on, how, recorded_by, recorded_at"
static const char SEL_LIMITATION_ACTS[] = "SELECT id, " LIMITATION_COLS " FROM limitation_acts ORDER BY id";
#define WRITEOFF_COLS "reason, reason_text, status, bills, amount, proposed_by, proposed_at, decided_by, decided_on"
static const char SEL_WRITEOFFS[] = "SELECT id, 0, " WRITEOFF_COLS " FROM writeoffs ORDER BY id";
static const char SEL_WRITEOFF_ITEMS[] =
    "SELECT 0, writeoff_id, bill_id, water_yen, sewer_yen FROM writeoff_items ORDER BY writeoff_id, bill_id";
static const char SEL_BILL_WRITEOFFS[] =
    "SELECT 0, bill_id, writeoff_id, water_yen, sewer_yen FROM bill_writeoffs ORDER BY bill_id";

/* file, select, its columns, table, the loaded columns, numbered, fixed.
 * Staff come without a password hash: '!' matches no password, so each is
 * given a new one (suido user password) before logging in.  The approval
 * behind a write-off or a works refund is not carried (approvals are not in
 * the format): an imported one names approval 0. */
static const ic_store_table TABLES[] = {
    {"users.csv", SEL_USERS, 7, "users",
     "username, role, full_name_enc, must_change, disabled, created_at, updated_at, pw_hash", false, "!"},
    {"areas.csv", SEL_AREAS, 4, "areas", "code, name, kana, sewer", false, NULL},
    {"routes.csv", SEL_ROUTES, 3, "routes", "code, name, grp", false, NULL},
    {"reading_schedule.csv", SEL_SCHEDULE, 4, "reading_schedule", "cycle, route, from_on, to_on", false, NULL},
    {"taps.csv", SEL_TAPS, 18, "taps", "id, " TAP_COLS, true, NULL},
    {"tap_diameter_changes.csv", SEL_DIAMETER_CHANGES, 7, "tap_diameter_changes", "tap_id, " DIAMETER_COLS, false,
     NULL},
    {"customers.csv", SEL_CUSTOMERS, 11, "customers", "id, " CUSTOMER_COLS ", kana_bidx, phone_bidx", false, NULL},
    {"occupancies.csv", SEL_OCCUPANCIES, 6, "occupancies", "id, tap_id, " OCCUPANCY_COLS, true, NULL},
    {"meter_orders.csv", SEL_METER_ORDERS, 10, "meter_orders", "id, ordered_on, " METER_ORDER_COLS, true, NULL},
    {"meter_receipts.csv", SEL_METER_RECEIPTS, 14, "meter_receipts", "id, received_on, " METER_RECEIPT_COLS, true,
     NULL},
    {"meters.csv", SEL_METERS, 14, "meters", "id, " METER_COLS, true, NULL},
    {"meter_events.csv", SEL_METER_EVENTS, 11, "meter_events", "meter_id, " METER_EVENT_COLS, false, NULL},
    {"meter_stocktakes.csv", SEL_METER_STOCKTAKES, 8, "meter_stocktakes", "id, counted_on, " STOCKTAKE_COLS, true,
     NULL},
    {"meter_stocktake_lines.csv", SEL_METER_STOCKTAKE_LINES, 5, "meter_stocktake_lines", STOCKTAKE_LINE_COLS, false,
     NULL},
    {"meter_reorder_points.csv", SEL_METER_REORDER_POINTS, 4, "meter_reorder_points",
     "diameter, point, updated_by, updated_at", false, NULL},
    {"tariffs.csv", SEL_TARIFFS, 8, "tariffs", TARIFF_COLS, false, NULL},
    {"readings.csv", SEL_READINGS, 21, "readings", "id, tap_id, cycle, " READING_COLS, true, NULL},
    {"sewer_deductions.csv", SEL_SEWER_DEDUCTIONS, 5, "sewer_deductions", "tap_id, cycle, m3, entered_by, created_at",
     false, NULL},
    {"bills.csv", SEL_BILLS, 31, "bills", "id, tap_id, cycle, " BILL_COLS ", run_id", true, NULL},
    {"bill_lines.csv", SEL_BILL_LINES, 2, "bill_lines", "bill_id, lines", false, NULL},
    {"bill_balances.csv", SEL_BILL_BALANCES, 4, "bill_balances", "bill_id, paid_yen, pending_yen, collect", false,
     NULL},
    {"payments.csv", SEL_PAYMENTS, 15, "payments", "id, " PAYMENT_COLS, true, NULL},
    {"allocations.csv", SEL_ALLOCATIONS, 11, "allocations", "id, payment_id, " ALLOC_COLS, true, NULL},
    {"credits.csv", SEL_CREDITS, 11, "credits", "id, payment_id, " CREDIT_COLS, true, NULL},
    {"mandates.csv", SEL_MANDATES, 14, "mandates", "id, tap_id, " MANDATE_COLS, true, NULL},
    {"service_requests.csv", SEL_REQUESTS, 14, "service_requests", "id, tap_id, " REQUEST_COLS, true, NULL},
    {"contacts.csv", SEL_CONTACTS, 8, "contacts", "id, tap_id, " CONTACT_COLS, true, NULL},
    {"suspense.csv", SEL_SUSPENSE, 9, "suspense", "id, payment_id, " SUSPENSE_COLS, true, NULL},
    {"works_contractors.csv", SEL_WORKS_CONTRACTORS, 17, "works_contractors", "id, " CONTRACTOR_COLS, true, NULL},
    {"works_engineers.csv", SEL_WORKS_ENGINEERS, 8, "works_engineers", "id, contractor_id, " ENGINEER_COLS, true,
     NULL},
    {"works_contractor_events.csv", SEL_WORKS_EVENTS, 9, "works_contractor_events", "id, contractor_id, " EVENT_COLS,
     true, NULL},
    {"works_applications.csv", SEL_WORKS_APPLICATIONS, 39, "works_applications", "id, " APPLICATION_COLS, true,
     NULL},
    {"works_dwellings.csv", SEL_WORKS_DWELLINGS, 5, "works_dwellings", DWELLING_COLS, false, NULL},
    {"works_steps.csv", SEL_WORKS_STEPS, 9, "works_steps", "id, application_id, " STEP_COLS, true, NULL},
    {"works_settlements.csv", SEL_WORKS_SETTLEMENTS, 12, "works_settlements",
     "id, application_id, " SETTLEMENT_COLS, true, NULL},
    {"works_charges.csv", SEL_WORKS_CHARGES, 12, "works_charges", "id, " CHARGE_COLS, true, NULL},
    {"works_payments.csv", SEL_WORKS_PAYMENTS, 9, "works_payments", "payment_id, " WORKS_PAYMENT_COLS, false, NULL},
    {"works_refunds.csv", SEL_WORKS_REFUNDS, 9, "works_refunds", "id, application_id, " REFUND_COLS ", approval_id",
     true, "0"},
    {"works_refund_items.csv", SEL_WORKS_REFUND_ITEMS, 5, "works_refund_items", REFUND_ITEM_COLS, false, NULL},
    {"works_meters.csv", SEL_WORKS_METERS, 9, "works_meters", WORKS_METER_COLS, false, NULL},
    {"works_numbers.csv", SEL_WORKS_NUMBERS, 2, "works_numbers", "fy, last", false, NULL},
    {"dunning_runs.csv", SEL_DUNNING_RUNS, 13, "dunning_runs", "id, step, as_of, " DUNNING_COLS, true, NULL},
    {"notice_letters.csv", SEL_NOTICE_LETTERS, 12, "notice_letters", "id, tap_id, " LETTER_COLS, true, NULL},
    {"notices.csv", SEL_NOTICES, 10, "notices", NOTICE_COLS, false, NULL},
    {"negotiations.csv", SEL_NEGOTIATIONS, 9, "negotiations", "customer_id, " NEGOTIATION_COLS, false, NULL},
    {"pledges.csv", SEL_PLEDGES, 10, "pledges", "id, customer_id, " PLEDGE_COLS, true, NULL},
    {"pledge_bills.csv", SEL_PLEDGE_BILLS, 3, "pledge_bills", "pledge_id, bill_id, amount", false, NULL},
    {"pledge_instalments.csv", SEL_PLEDGE_INSTALMENTS, 4, "pledge_instalments", "pledge_id, seq, due_on, amount",
     false, NULL},
    {"late_charges.csv", SEL_LATE_CHARGES, 18, "late_charges", "id, bill_id, " LATE_COLS, true, NULL},
    {"late_charge_payments.csv", SEL_LATE_CHARGE_PAYMENTS, 6, "late_charge_payments",
     "charge_id, payment_id, amount, posted_on, created_at", false, NULL},
    {"limitation_acts.csv", SEL_LIMITATION_ACTS, 7, "limitation_acts", LIMITATION_COLS, false, NULL},
    {"writeoffs.csv", SEL_WRITEOFFS, 10, "writeoffs", "id, " WRITEOFF_COLS ", approval_id", true, "0"},
    {"writeoff_items.csv", SEL_WRITEOFF_ITEMS, 4, "writeoff_items", "writeoff_id, bill_id, water_yen, sewer_yen",
     false, NULL},
    {"bill_writeoffs.csv", SEL_BILL_WRITEOFFS, 4, "bill_writeoffs", "bill_id, writeoff_id, water_yen, sewer_yen",
     false, NULL},
};
#define NTABLES (sizeof TABLES / sizeof TABLES[0])

/* Not a file of the format: the 収納統計's daily sums of the allocations
 * (derived), which the importer adds up from allocations.csv as it reads it. */
static const ic_store_table DAYS = {"", NULL, 5, "allocation_days", "posted_on, channel, cycle, allocations, amount",
                                    false, NULL};

const ic_store_table *ic_store_days_table(void)
{
    return &DAYS;
}

const ic_store_table *ic_store_table_of(const char *file)
{
    for (size_t i = 0; i < NTABLES; i++)
        if (strcmp(TABLES[i].file, file) == 0)
            return &TABLES[i];
    return NULL;
}

#define MAX_COLS 64

int ic_store_cols(const ic_store_table *t)
{
    return t->ncols;
}

bool ic_store_numbered(const ic_store_table *t)
{
    return t->numbered;
}

int ic_store_each(db_conn *db, const ic_store_table *t, ic_store_row_fn fn, void *arg, err_t *e)
{
    db_stmt *s = db_prepare(db, t->select, e);
    if (!s)
        return ERR_DB;
    db_stream(s);   /* millions of rows: never the whole result at once */
    const char *vals[MAX_COLS];
    int st, rc = 0;
    while (!rc && (st = db_step(s, e)) == DB_ROW) {
        for (int c = 0; c < t->ncols; c++)
            vals[c] = db_col_is_null(s, c + 1) ? NULL : db_col_text(s, c + 1);
        rc = fn(arg, db_col_i64(s, 0), vals, t->ncols);
    }
    db_done(s);
    return !rc && st == DB_ERROR ? ERR_DB : rc;
}

/* The big tables whose files number rows of a group (IC_SEQ): their largest
 * id (statements are static: db_prepare keeps them by address). */
static const struct {
    const char *table, *sql;
} HINTS[] = {
    {"readings", "SELECT COALESCE(MAX(id), 0) FROM readings"},
    {"bills", "SELECT COALESCE(MAX(id), 0) FROM bills"},
    {"allocations", "SELECT COALESCE(MAX(id), 0) FROM allocations"},
    {"meter_events", "SELECT COALESCE(MAX(id), 0) FROM meter_events"},
    {"occupancies", "SELECT COALESCE(MAX(id), 0) FROM occupancies"},
    {"credits", "SELECT COALESCE(MAX(id), 0) FROM credits"},
    {"contacts", "SELECT COALESCE(MAX(id), 0) FROM contacts"},
    {"service_requests", "SELECT COALESCE(MAX(id), 0) FROM service_requests"},
    {"notice_letters", "SELECT COALESCE(MAX(id), 0) FROM notice_letters"},
    {"late_charges", "SELECT COALESCE(MAX(id), 0) FROM late_charges"},
};

int ic_store_rows_hint(db_conn *db, const ic_store_table *t, int64_t *n, err_t *e)
{
    *n = 0;
    for (size_t i = 0; i < sizeof HINTS / sizeof HINTS[0]; i++)
        if (strcmp(HINTS[i].table, t->table) == 0) {
            db_stmt *s = db_prepare(db, HINTS[i].sql, e);
            return !s || db_scalar_i64(s, n, e) ? ERR_DB : 0;
        }
    return 0;
}

/* ---- loading ---------------------------------------------------------------- */

#define MAX_INDEXES 16

struct ic_store_load {
    const ic_store_table *t;
    db_conn *db;
    db_copy *copy;
    int ncols;              /* of t->cols */
    char *index_sql[MAX_INDEXES];   /* the indexes set aside, to be made again after the rows */
    int nindexes;
};

/* The table's secondary indexes that enforce nothing (not UNIQUE, not a
 * key): their names and CREATE statements, as the engine keeps them. */
static const char SQL_PLAIN_INDEXES_SQLITE[] =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL"
    " AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name";
static const char SQL_PLAIN_INDEXES_PG[] =
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1"
    " AND upper(indexdef) NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname";

/* The empty table's plain indexes dropped (inside the caller's transaction:
 * a rollback or a kill brings them back), kept in ld to be made again by
 * ic_store_load_end.  Building an index once from the loaded rows (a sort)
 * costs far less than inserting each row into it: the rows of the big
 * tables come in id order, their indexes' keys in no order, and an index of
 * millions of entries no longer fits the page cache. */
static int set_indexes_aside(ic_store_load *ld, err_t *e)
{
    db_stmt *s = db_prepare(ld->db, db_kind(ld->db) == DB_PG ? SQL_PLAIN_INDEXES_PG : SQL_PLAIN_INDEXES_SQLITE, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, ld->t->table);
    char names[MAX_INDEXES][128];
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (ld->nindexes == MAX_INDEXES)
            continue;   /* more than that: the rest stay and are filled row by row */
        str_copy(names[ld->nindexes], sizeof names[0], db_col_text(s, 0));
        if (!(ld->index_sql[ld->nindexes] = strdup(db_col_text(s, 1)))) {
            db_done(s);
            return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
        }
        ld->nindexes++;
    }
    db_done(s);
    if (st == DB_ERROR)
        return ERR_DB;
    for (int i = 0; i < ld->nindexes; i++) {
        char sql[200];
        str_fmt(sql, sizeof sql, "DROP INDEX %s", names[i]);
        if (db_exec_script(ld->db, sql, e))
            return ERR_DB;
    }
    return 0;
}

static void free_indexes(ic_store_load *ld)
{
    for (int i = 0; i < ld->nindexes; i++)
        free(ld->index_sql[i]);
    ld->nindexes = 0;
}

static int count_cols(const char *cols)
{
    int n = 1;
    for (const char *p = cols; *p; p++)
        n += *p == ',';
    return n;
}

int ic_store_load_begin(db_conn *db, const ic_store_table *t, ic_store_load **out, err_t *e)
{
    *out = NULL;
    ic_store_load *ld = calloc(1, sizeof *ld);
    if (!ld)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
    ld->t = t;
    ld->db = db;
    ld->ncols = count_cols(t->cols);
    int rc = ld->ncols > MAX_COLS ? err_set(e, ERR_INTERNAL, NULL, NULL, "%s: too many columns", t->table)
                                  : set_indexes_aside(ld, e);
    if (!rc)
        rc = db_copy_begin(db, t->table, t->cols, ld->ncols, &ld->copy, e);
    if (rc) {
        free_indexes(ld);
        free(ld);
        return rc;
    }
    *out = ld;
    return 0;
}

int ic_store_load_row(ic_store_load *ld, int64_t id, const ic_store_val *v, int n, err_t *e)
{
    db_val vals[MAX_COLS];
    int k = 0;
    if (ld->t->numbered)
        vals[k++] = (db_val){.i64 = id, .is_int = true};
    if (k + n + (ld->t->fixed ? 1 : 0) != ld->ncols)
        return err_set(e, ERR_INTERNAL, NULL, NULL, "%s: %d values for %d columns", ld->t->table, n, ld->ncols);
    for (int i = 0; i < n; i++, k++)
        vals[k] = v[i].is_id ? (db_val){.i64 = v[i].id, .is_int = true} : (db_val){.text = v[i].text};
    if (ld->t->fixed)
        vals[k++] = (db_val){.text = ld->t->fixed};
    return db_copy_values(ld->copy, vals, e);
}

int ic_store_load_end(ic_store_load *ld, bool ok, err_t *e)
{
    if (!ld)
        return 0;
    int rc = db_copy_end(ld->copy, ok, e);
    /* the indexes made again from the rows (not after a failure: the caller
     * rolls back, which brings them back) */
    for (int i = 0; !rc && ok && i < ld->nindexes; i++)
        if (db_exec_script(ld->db, ld->index_sql[i], e))
            rc = ERR_DB;
    free_indexes(ld);
    free(ld);
    return rc;
}

/* What an empty database (after suido migrate) holds none of. */
static const char *const CHECKED[] = {"users", "areas", "routes", "taps", "customers", "meters", "tariffs",
                                      "readings", "bills", "payments", "mandates", "service_requests", "contacts",
                                      "works_contractors", "works_applications", "meter_orders", "meter_receipts",
                                      "meter_events", "meter_stocktakes", "meter_reorder_points"};
static const char SQL_COUNT_USERS[] = "SELECT COUNT(*) FROM users";
static const char SQL_COUNT_AREAS[] = "SELECT COUNT(*) FROM areas";
static const char SQL_COUNT_ROUTES[] = "SELECT COUNT(*) FROM routes";
static const char SQL_COUNT_TAPS[] = "SELECT COUNT(*) FROM taps";
static const char SQL_COUNT_CUSTOMERS[] = "SELECT COUNT(*) FROM customers";
static const char SQL_COUNT_METERS[] = "SELECT COUNT(*) FROM meters";
static const char SQL_COUNT_TARIFFS[] = "SELECT COUNT(*) FROM tariffs";
static const char SQL_COUNT_READINGS[] = "SELECT COUNT(*) FROM readings";
static const char SQL_COUNT_BILLS[] = "SELECT COUNT(*) FROM bills";
static const char SQL_COUNT_PAYMENTS[] = "SELECT COUNT(*) FROM payments";
static const char SQL_COUNT_MANDATES[] = "SELECT COUNT(*) FROM mandates";
static const char SQL_COUNT_REQUESTS[] = "SELECT COUNT(*) FROM service_requests";
static const char SQL_COUNT_CONTACTS[] = "SELECT COUNT(*) FROM contacts";
static const char SQL_COUNT_CONTRACTORS[] = "SELECT COUNT(*) FROM works_contractors";
static const char SQL_COUNT_APPLICATIONS[] = "SELECT COUNT(*) FROM works_applications";
static const char SQL_COUNT_METER_ORDERS[] = "SELECT COUNT(*) FROM meter_orders";
static const char SQL_COUNT_METER_RECEIPTS[] = "SELECT COUNT(*) FROM meter_receipts";
static const char SQL_COUNT_METER_EVENTS[] = "SELECT COUNT(*) FROM meter_events";
static const char SQL_COUNT_METER_STOCKTAKES[] = "SELECT COUNT(*) FROM meter_stocktakes";
static const char SQL_COUNT_METER_REORDER_POINTS[] = "SELECT COUNT(*) FROM meter_reorder_points";
static const char *const COUNTS[] = {SQL_COUNT_USERS, SQL_COUNT_AREAS, SQL_COUNT_ROUTES, SQL_COUNT_TAPS,
                                     SQL_COUNT_CUSTOMERS, SQL_COUNT_METERS, SQL_COUNT_TARIFFS, SQL_COUNT_READINGS,
                                     SQL_COUNT_BILLS, SQL_COUNT_PAYMENTS, SQL_COUNT_MANDATES, SQL_COUNT_REQUESTS,
                                     SQL_COUNT_CONTACTS, SQL_COUNT_CONTRACTORS, SQL_COUNT_APPLICATIONS,
                                     SQL_COUNT_METER_ORDERS, SQL_COUNT_METER_RECEIPTS, SQL_COUNT_METER_EVENTS,
                                     SQL_COUNT_METER_STOCKTAKES, SQL_COUNT_METER_REORDER_POINTS};
_Static_assert(sizeof CHECKED / sizeof CHECKED[0] == sizeof COUNTS / sizeof COUNTS[0], "one count per table");

int ic_store_first_nonempty(db_conn *db, const char **table, int64_t *rows, err_t *e)
{
    *table = NULL;
    *rows = 0;
    for (size_t i = 0; i < sizeof COUNTS / sizeof COUNTS[0]; i++) {
        db_stmt *s = db_prepare(db, COUNTS[i], e);
        int64_t n = 0;
        if (!s || db_scalar_i64(s, &n, e))
            return ERR_DB;
        if (n > 0) {
            *table = CHECKED[i];
            *rows = n;
            return 0;
        }
    }
    return 0;
}

static const char SQL_IMPORT_RUN[] =
    "INSERT INTO bill_runs (cycle, grp, status, dry_run, started_by, started_at, heartbeat_at, finished_at, summary)"
    " VALUES ('', '', 'imported', 0, $1, $2, $2, $2, $3) RETURNING id";

int ic_store_import_run(db_conn *db, const char *by, int64_t now, const char *summary, int64_t *run_id, err_t *e)
{
    db_stmt *s = db_prepare(db, SQL_IMPORT_RUN, e);
    if (!s)
        return ERR_DB;
    db_bind_text(s, 1, by);
    db_bind_i64(s, 2, now);
    db_bind_text(s, 3, summary);
    return db_insert_id(s, run_id, e);
}

/* Few payments are reversed, and payments.reverses has no index: the rows to
 * update are found in one pass, and only for those is the reversal sought. */
static const char SQL_REVERSED_BY[] =
    "UPDATE payments SET reversed_by = (SELECT r.id FROM payments r WHERE r.reverses = payments.id)"
    " WHERE id IN (SELECT reverses FROM payments WHERE reverses IS NOT NULL)";
static const char *const ANALYSED[] = {"taps", "customers", "occupancies", "meters", "meter_events", "readings",
                                       "bills", "bill_balances", "bill_open", "payments", "allocations",
                                       "allocation_days"};

int ic_store_finish(db_conn *db, bool days_loaded, err_t *e)
{
    db_stmt *s = db_prepare(db, SQL_REVERSED_BY, e);
    if (!s || db_exec(s, e) || bill_store_open_rebuild(db, e))   /* the open-bill list, as bill_store keeps it */
        return ERR_DB;
    /* derived from the allocations (not carried): the 収納統計's sums */
    if (!days_loaded && alloc_store_days_rebuild(db, e))
        return ERR_DB;
    /* PostgreSQL: the id sequences of the tables whose ids the import gave
     * (and the customers', whose numbers were kept) move past them.  SQLite's
     * AUTOINCREMENT follows the largest id by itself. */
    for (size_t i = 0; db_kind(db) == DB_PG && i < NTABLES; i++) {
        if (!TABLES[i].numbered && strcmp(TABLES[i].table, "customers") != 0)
            continue;
        char sql[256];
        str_fmt(sql, sizeof sql,
                "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)",
                TABLES[i].table, TABLES[i].table);
        if (db_exec_script(db, sql, e))
            return ERR_DB;
    }
    for (size_t i = 0; i < sizeof ANALYSED / sizeof ANALYSED[0]; i++)
        if (db_analyze(db, ANALYSED[i], e))
            return ERR_DB;
    return 0;
}
