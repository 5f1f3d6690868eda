/* ic_store — the interchange format's statements (see ic_store.h).
 *
 * Files are read in the order their rows were made (by id), which an import
 * keeps (rows are inserted in the file's order, so they get ids in the same
 * order): two exports of the same data, or of its import, list the same
 * lines, on either engine, without depending on a collation.  Tables
 * without an id (areas, routes, the schedule) go by their code; the rows of
 * a bill (lines, balance) by the bill's id. */
#include "store/interchange/ic_store.h"

#include <string.h>

struct ic_store_table {
    const char *file;
    const char *select;
    const char *insert;
    bool returns_id;
    int ncols;     /* columns after the id, as the file's */
};

/* ---- users, areas, routes, schedule, taps, customers, occupancies, meters -- */
static const char SEL_USERS[] =
    "SELECT 0, username, role, full_name_enc, must_change, disabled, created_at, updated_at FROM users ORDER BY id";
/* No password hash travels: '!' matches no password, so each member of
 * staff is given a new one (suido user password) before logging in. */
static const char INS_USERS[] =
    "INSERT INTO users (username, role, full_name_enc, must_change, disabled, created_at, updated_at, pw_hash)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, '!')";
static const char SEL_AREAS[] = "SELECT 0, code, name, kana, sewer FROM areas ORDER BY code";
static const char INS_AREAS[] = "INSERT INTO areas (code, name, kana, sewer) VALUES ($1, $2, $3, $4)";
static const char SEL_ROUTES[] = "SELECT 0, code, name, grp FROM routes ORDER BY code";
static const char INS_ROUTES[] = "INSERT INTO routes (code, name, grp) VALUES ($1, $2, $3)";
static const char SEL_SCHEDULE[] =
    "SELECT 0, cycle, route, from_on, to_on FROM reading_schedule ORDER BY cycle, route";
static const char INS_SCHEDULE[] =
    "INSERT INTO reading_schedule (cycle, route, from_on, to_on) VALUES ($1, $2, $3, $4)";
#define TAP_COLS                                                                                  \
    "tap_no, area_code, address_enc, diameter, use_code, sewer, route, route_order, status, sewer_basis," \
    " well_persons, reader_note_enc, stop_sensitive, stop_welfare, stopped_on, version, created_at, updated_at"
static const char SEL_TAPS[] = "SELECT id, " TAP_COLS " FROM taps ORDER BY id";
static const char INS_TAPS[] = "INSERT INTO taps (" TAP_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                               " $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id";
#define CUSTOMER_COLS                                                                             \
    "name_enc, kana_enc, phone_enc, postal_enc, mail_address_enc, notes_enc, mail_doubtful_since, version," \
    " created_at, updated_at"
static const char SEL_CUSTOMERS[] = "SELECT id, id, " CUSTOMER_COLS " FROM customers ORDER BY id";
static const char INS_CUSTOMERS[] =
    "INSERT INTO customers (id, " CUSTOMER_COLS ", kana_bidx, phone_bidx) VALUES ($1, $2, $3, $4, $5, $6, $7,"
    " $8, $9, $10, $11, $12, $13) RETURNING id";
static const char SEL_OCCUPANCIES[] =
    "SELECT id, tap_id, 0, customer_id, start_on, end_on, created_at FROM occupancies ORDER BY id";
static const char INS_OCCUPANCIES[] =
    "INSERT INTO occupancies (tap_id, customer_id, start_on, end_on, created_at) VALUES ($1, $2, $3, $4, $5)"
    " RETURNING id";
#define METER_COLS "meter_no, maker, diameter, digits, certified_until, tap_id, installed_on, removed_on, status, created_at"
/* A meter issued to a contractor (庫出, migration 37) leaves as in store: the
 * format does not carry the contractor yet (docs/meters.md, "Interchange"). */
static const char SEL_METERS[] =
    "SELECT id, meter_no, maker, diameter, digits, certified_until, tap_id, installed_on, removed_on,"
    " CASE WHEN status = 'issued' THEN 'stock' ELSE status END, created_at FROM meters ORDER BY id";
static const char INS_METERS[] =
    "INSERT INTO meters (" METER_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
#define TARIFF_COLS "tariff_id, service, effective_from, name, body, sha256, loaded_by, loaded_at"
static const char SEL_TARIFFS[] = "SELECT 0, " TARIFF_COLS " FROM tariffs ORDER BY id";
static const char INS_TARIFFS[] = "INSERT INTO tariffs (" TARIFF_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/* ---- readings and bills ---------------------------------------------------- */
#define READING_COLS                                                                                     \
    "meter_id, read_on, value, prev_value, days, meter_usage, usage, kind, status, reasons, reread, source," \
    " client_id, entered_by, decided_by, decided_at, created_at"
static const char SEL_READINGS[] = "SELECT id, tap_id, cycle, 0, " READING_COLS " FROM readings ORDER BY id";
static const char INS_READINGS[] =
    "INSERT INTO readings (tap_id, cycle, " READING_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id";
#define BILL_COLS                                                                                           \
    "customer_id, reading_id, kind, status, replaces, period_from, period_to, days, months, use_code, diameter," \
    " usage, estimated, sewer_operator, sewer_usage, water_yen, sewer_yen, adjust_yen, tax_yen, total_yen,"    \
    " water_tariff, sewer_tariff, issued_on, due_on, reason, created_by, created_at, cancelled_at"
static const char SEL_BILLS[] = "SELECT id, tap_id, cycle, 0, " BILL_COLS " FROM bills ORDER BY id";
static const char INS_BILLS[] =
    "INSERT INTO bills (tap_id, cycle, " BILL_COLS ", run_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)"
    " RETURNING id";
static const char SEL_BILL_LINES[] = "SELECT 0, bill_id, lines FROM bill_lines ORDER BY bill_id";
static const char INS_BILL_LINES[] = "INSERT INTO bill_lines (bill_id, lines) VALUES ($1, $2)";
static const char SEL_BILL_BALANCES[] =
    "SELECT 0, bill_id, paid_yen, pending_yen, collect FROM bill_balances ORDER BY bill_id";
static const char INS_BILL_BALANCES[] =
    "INSERT INTO bill_balances (bill_id, paid_yen, pending_yen, collect) VALUES ($1, $2, $3, $4)";

/* ---- collections ----------------------------------------------------------- */
#define PAYMENT_COLS                                                                                \
    "channel, ref, status, tap_id, customer_id, bill_id, amount, paid_on, posted_on, reverses, line," \
    " receipt_no, note, created_by, created_at"
static const char SEL_PAYMENTS[] = "SELECT id, " PAYMENT_COLS " FROM payments ORDER BY id";
static const char INS_PAYMENTS[] =
    "INSERT INTO payments (" PAYMENT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
    " $14, $15) RETURNING id";
#define ALLOC_COLS "bill_id, kind, amount, water_yen, sewer_yen, tax_yen, posted_on, created_by, created_at"
static const char SEL_ALLOCATIONS[] = "SELECT id, payment_id, 0, " ALLOC_COLS " FROM allocations ORDER BY id";
static const char INS_ALLOCATIONS[] =
    "INSERT INTO allocations (payment_id, " ALLOC_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    " RETURNING id";
#define CREDIT_COLS "customer_id, tap_id, kind, amount, bill_id, posted_on, note, created_by, created_at"
static const char SEL_CREDITS[] = "SELECT id, payment_id, 0, " CREDIT_COLS " FROM credits ORDER BY id";
static const char INS_CREDITS[] =
    "INSERT INTO credits (payment_id, " CREDIT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    " RETURNING id";
#define MANDATE_COLS                                                                                   \
    "customer_id, bank, branch, account_type, account_enc, holder_enc, status, start_on, end_on, first_done," \
    " created_by, created_at"
static const char SEL_MANDATES[] = "SELECT id, tap_id, 0, " MANDATE_COLS " FROM mandates ORDER BY id";
static const char INS_MANDATES[] =
    "INSERT INTO mandates (tap_id, " MANDATE_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
    " $13) RETURNING id";

/* ---- reception ------------------------------------------------------------- */
#define REQUEST_COLS                                                                                     \
    "kind, customer_id, effective_on, source, status, settle, detail_enc, urgent, created_by, created_at," \
    " done_by, done_at"
static const char SEL_REQUESTS[] = "SELECT id, tap_id, 0, " REQUEST_COLS " FROM service_requests ORDER BY id";
static const char INS_REQUESTS[] =
    "INSERT INTO service_requests (tap_id, " REQUEST_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " $11, $12, $13) RETURNING id";
#define CONTACT_COLS "customer_id, channel, reason, summary_enc, taken_by, created_at"
static const char SEL_CONTACTS[] = "SELECT id, tap_id, 0, " CONTACT_COLS " FROM contacts ORDER BY id";
static const char INS_CONTACTS[] =
    "INSERT INTO contacts (tap_id, " CONTACT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

/* ---- suspense and the works system ------------------------------------------ */
static const char SEL_SUSPENSE[] =
    "SELECT id, payment_id, 0, reason, detail, status, resolved_bill, resolved_by, resolved_at, note"
    " FROM suspense ORDER BY id";
static const char INS_SUSPENSE[] =
    "INSERT INTO suspense (payment_id, reason, detail, status, resolved_bill, resolved_by, resolved_at, note)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
#define CONTRACTOR_COLS                                                                                     \
    "designation_no, name, name_kana, address, phone, representative_enc, designated_on, valid_until, status," \
    " suspended_from, suspended_until, revoked_on, created_by, created_at, updated_by, updated_at, version"
static const char SEL_WORKS_CONTRACTORS[] = "SELECT id, " CONTRACTOR_COLS " FROM works_contractors ORDER BY id";
static const char INS_WORKS_CONTRACTORS[] =
    "INSERT INTO works_contractors (" CONTRACTOR_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
    " $12, $13, $14, $15, $16, $17) RETURNING id";
#define ENGINEER_COLS "licence_no, name_enc, registered_on, removed_on, created_by, created_at"
static const char SEL_WORKS_ENGINEERS[] =
    "SELECT id, contractor_id, 0, " ENGINEER_COLS " FROM works_engineers ORDER BY id";
static const char INS_WORKS_ENGINEERS[] =
    "INSERT INTO works_engineers (contractor_id, " ENGINEER_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7)"
    " RETURNING id";
#define EVENT_COLS "kind, from_on, until_on, reason_enc, changes, done_by, done_at"
static const char SEL_WORKS_EVENTS[] =
    "SELECT id, contractor_id, 0, " EVENT_COLS " FROM works_contractor_events ORDER BY id";
static const char INS_WORKS_EVENTS[] =
    "INSERT INTO works_contractor_events (contractor_id, " EVENT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " RETURNING id";
#define APPLICATION_COLS                                                                                      \
    "number, fy, seq, type, status, status_on, received_on, contractor_id, engineer_id, owner_name_enc,"        \
    " owner_phone_enc, applicant_name_enc, applicant_phone_enc, area_code, address_enc, tap_id, diameter,"     \
    " old_diameter, dwellings, meter_count, meter_place, use_code, consent_land_on, consent_house_on,"         \
    " consent_party_on, fee_table, cancel_reason_enc, reviewed_on, approved_on, paid_on, started_on,"          \
    " inspected_on, completed_on, cancelled_on, entered_by, version, created_at, updated_at"
static const char SEL_WORKS_APPLICATIONS[] = "SELECT id, " APPLICATION_COLS " FROM works_applications ORDER BY id";
static const char INS_WORKS_APPLICATIONS[] =
    "INSERT INTO works_applications (" APPLICATION_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31,"
    " $32, $33, $34, $35, $36, $37, $38) RETURNING id";
static const char SEL_WORKS_DWELLINGS[] =
    "SELECT 0, application_id, no, label, diameter, tap_id FROM works_dwellings ORDER BY application_id, no";
static const char INS_WORKS_DWELLINGS[] =
    "INSERT INTO works_dwellings (application_id, no, label, diameter, tap_id) VALUES ($1, $2, $3, $4, $5)";
#define STEP_COLS "step, result, status, step_on, taken_by, note_enc, created_at"
static const char SEL_WORKS_STEPS[] = "SELECT id, application_id, 0, " STEP_COLS " FROM works_steps ORDER BY id";
static const char INS_WORKS_STEPS[] =
    "INSERT INTO works_steps (application_id, " STEP_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
#define CHARGE_COLS "seq, code, name, yen, tax, due, paid_yen"
static const char SEL_WORKS_CHARGES[] = "SELECT id, application_id, " CHARGE_COLS " FROM works_charges ORDER BY id";
static const char INS_WORKS_CHARGES[] =
    "INSERT INTO works_charges (application_id, " CHARGE_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " RETURNING id";
static const char SEL_WORKS_NUMBERS[] = "SELECT 0, fy, last FROM works_numbers ORDER BY fy";
static const char INS_WORKS_NUMBERS[] = "INSERT INTO works_numbers (fy, last) VALUES ($1, $2)";

/* ---- arrears ------------------------------------------------------------------ */
#define DUNNING_COLS                                                                                \
    "status, started_by, started_at, heartbeat_at, finished_at, total_letters, done_letters, bills, amount," \
    " summary"
static const char SEL_DUNNING_RUNS[] = "SELECT id, step, as_of, 0, " DUNNING_COLS " FROM dunning_runs ORDER BY id";
static const char INS_DUNNING_RUNS[] =
    "INSERT INTO dunning_runs (step, as_of, " DUNNING_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " $11, $12) RETURNING id";
#define LETTER_COLS "run_id, step, customer_id, issued_on, deadline, stop_on, bills, amount, fee, status"
static const char SEL_NOTICE_LETTERS[] = "SELECT id, tap_id, 0, " LETTER_COLS " FROM notice_letters ORDER BY id";
static const char INS_NOTICE_LETTERS[] =
    "INSERT INTO notice_letters (tap_id, " LETTER_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    " RETURNING id";
#define NOTICE_COLS "bill_id, step, letter_id, run_id, customer_id, tap_id, issued_on, deadline, amount, status"
static const char SEL_NOTICES[] = "SELECT id, " NOTICE_COLS " FROM notices ORDER BY id";
static const char INS_NOTICES[] =
    "INSERT INTO notices (" NOTICE_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
#define NEGOTIATION_COLS "held_on, channel, staff, text_enc, next_action, next_on, created_at"
static const char SEL_NEGOTIATIONS[] =
    "SELECT id, customer_id, 0, " NEGOTIATION_COLS " FROM negotiations ORDER BY id";
static const char INS_NEGOTIATIONS[] =
    "INSERT INTO negotiations (customer_id, " NEGOTIATION_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
#define PLEDGE_COLS "pledged_on, status, total, instalments, created_by, created_at, closed_on, closed_at"
static const char SEL_PLEDGES[] = "SELECT id, customer_id, 0, " PLEDGE_COLS " FROM pledges ORDER BY id";
static const char INS_PLEDGES[] =
    "INSERT INTO pledges (customer_id, " PLEDGE_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const char SEL_PLEDGE_BILLS[] =
    "SELECT 0, pledge_id, bill_id, amount FROM pledge_bills ORDER BY pledge_id, bill_id";
static const char INS_PLEDGE_BILLS[] = "INSERT INTO pledge_bills (pledge_id, bill_id, amount) VALUES ($1, $2, $3)";
static const char SEL_PLEDGE_INSTALMENTS[] =
    "SELECT 0, pledge_id, seq, due_on, amount FROM pledge_instalments ORDER BY pledge_id, seq";
static const char INS_PLEDGE_INSTALMENTS[] =
    "INSERT INTO pledge_instalments (pledge_id, seq, due_on, amount) VALUES ($1, $2, $3, $4)";
#define LATE_COLS                                                                                           \
    "kind, service, letter_id, tap_id, customer_id, amount, basis, assessed_on, due_on, payment_id, paid_yen," \
    " status, waived_reason, closed_by, created_by, created_at"
static const char SEL_LATE_CHARGES[] = "SELECT id, bill_id, 0, " LATE_COLS " FROM late_charges ORDER BY id";
static const char INS_LATE_CHARGES[] =
    "INSERT INTO late_charges (bill_id, " LATE_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
    " $12, $13, $14, $15, $16, $17) RETURNING id";
static const char SEL_LATE_CHARGE_PAYMENTS[] =
    "SELECT id, charge_id, 0, payment_id, amount, posted_on, created_at FROM late_charge_payments ORDER BY id";
static const char INS_LATE_CHARGE_PAYMENTS[] =
    "INSERT INTO late_charge_payments (charge_id, payment_id, amount, posted_on, created_at)"
    " VALUES ($1, $2, $3, $4, $5)";
#define LIMITATION_COLS "bill_id, service, kind, act_on, how, recorded_by, recorded_at"
static const char SEL_LIMITATION_ACTS[] = "SELECT id, " LIMITATION_COLS " FROM limitation_acts ORDER BY id";
static const char INS_LIMITATION_ACTS[] =
    "INSERT INTO limitation_acts (" LIMITATION_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7)";
/* The approval behind a write-off is not carried (approvals are not in the
 * format): an imported write-off names approval 0. */
#define WRITEOFF_COLS "reason, reason_text, status, bills, amount, proposed_by, proposed_at, decided_by, decided_on"
static const char SEL_WRITEOFFS[] = "SELECT id, 0, " WRITEOFF_COLS " FROM writeoffs ORDER BY id";
static const char INS_WRITEOFFS[] =
    "INSERT INTO writeoffs (approval_id, " WRITEOFF_COLS ") VALUES (0, $1, $2, $3, $4, $5, $6, $7, $8, $9)"
    " RETURNING id";
static const char SEL_WRITEOFF_ITEMS[] =
    "SELECT 0, writeoff_id, bill_id, water_yen, sewer_yen FROM writeoff_items ORDER BY writeoff_id, bill_id";
static const char INS_WRITEOFF_ITEMS[] =
    "INSERT INTO writeoff_items (writeoff_id, bill_id, water_yen, sewer_yen) VALUES ($1, $2, $3, $4)";
static const char SEL_BILL_WRITEOFFS[] =
    "SELECT 0, bill_id, writeoff_id, water_yen, sewer_yen FROM bill_writeoffs ORDER BY bill_id";
static const char INS_BILL_WRITEOFFS[] =
    "INSERT INTO bill_writeoffs (bill_id, writeoff_id, water_yen, sewer_yen) VALUES ($1, $2, $3, $4)";

static const ic_store_table TABLES[] = {
    {"users.csv", SEL_USERS, INS_USERS, false, 7},
    {"areas.csv", SEL_AREAS, INS_AREAS, false, 4},
    {"routes.csv", SEL_ROUTES, INS_ROUTES, false, 3},
    {"reading_schedule.csv", SEL_SCHEDULE, INS_SCHEDULE, false, 4},
    {"taps.csv", SEL_TAPS, INS_TAPS, true, 18},
    {"customers.csv", SEL_CUSTOMERS, INS_CUSTOMERS, true, 11},
    {"occupancies.csv", SEL_OCCUPANCIES, INS_OCCUPANCIES, true, 6},
    {"meters.csv", SEL_METERS, INS_METERS, true, 10},
    {"tariffs.csv", SEL_TARIFFS, INS_TARIFFS, false, 8},
    {"readings.csv", SEL_READINGS, INS_READINGS, true, 20},
    {"bills.csv", SEL_BILLS, INS_BILLS, true, 31},
    {"bill_lines.csv", SEL_BILL_LINES, INS_BILL_LINES, false, 2},
    {"bill_balances.csv", SEL_BILL_BALANCES, INS_BILL_BALANCES, false, 4},
    {"payments.csv", SEL_PAYMENTS, INS_PAYMENTS, true, 15},
    {"allocations.csv", SEL_ALLOCATIONS, INS_ALLOCATIONS, true, 11},
    {"credits.csv", SEL_CREDITS, INS_CREDITS, true, 11},
    {"mandates.csv", SEL_MANDATES, INS_MANDATES, true, 14},
    {"service_requests.csv", SEL_REQUESTS, INS_REQUESTS, true, 14},
    {"contacts.csv", SEL_CONTACTS, INS_CONTACTS, true, 8},
    {"suspense.csv", SEL_SUSPENSE, INS_SUSPENSE, true, 9},
    {"works_contractors.csv", SEL_WORKS_CONTRACTORS, INS_WORKS_CONTRACTORS, true, 17},
    {"works_engineers.csv", SEL_WORKS_ENGINEERS, INS_WORKS_ENGINEERS, true, 8},
    {"works_contractor_events.csv", SEL_WORKS_EVENTS, INS_WORKS_EVENTS, true, 9},
    {"works_applications.csv", SEL_WORKS_APPLICATIONS, INS_WORKS_APPLICATIONS, true, 38},
    {"works_dwellings.csv", SEL_WORKS_DWELLINGS, INS_WORKS_DWELLINGS, false, 5},
    {"works_steps.csv", SEL_WORKS_STEPS, INS_WORKS_STEPS, true, 9},
    {"works_charges.csv", SEL_WORKS_CHARGES, INS_WORKS_CHARGES, true, 8},
    {"works_numbers.csv", SEL_WORKS_NUMBERS, INS_WORKS_NUMBERS, false, 2},
    {"dunning_runs.csv", SEL_DUNNING_RUNS, INS_DUNNING_RUNS, true, 13},
    {"notice_letters.csv", SEL_NOTICE_LETTERS, INS_NOTICE_LETTERS, true, 12},
    {"notices.csv", SEL_NOTICES, INS_NOTICES, false, 10},
    {"negotiations.csv", SEL_NEGOTIATIONS, INS_NEGOTIATIONS, false, 9},
    {"pledges.csv", SEL_PLEDGES, INS_PLEDGES, true, 10},
    {"pledge_bills.csv", SEL_PLEDGE_BILLS, INS_PLEDGE_BILLS, false, 3},
    {"pledge_instalments.csv", SEL_PLEDGE_INSTALMENTS, INS_PLEDGE_INSTALMENTS, false, 4},
    {"late_charges.csv", SEL_LATE_CHARGES, INS_LATE_CHARGES, true, 18},
    {"late_charge_payments.csv", SEL_LATE_CHARGE_PAYMENTS, INS_LATE_CHARGE_PAYMENTS, false, 6},
    {"limitation_acts.csv", SEL_LIMITATION_ACTS, INS_LIMITATION_ACTS, false, 7},
    {"writeoffs.csv", SEL_WRITEOFFS, INS_WRITEOFFS, true, 10},
    {"writeoff_items.csv", SEL_WRITEOFF_ITEMS, INS_WRITEOFF_ITEMS, false, 4},
    {"bill_writeoffs.csv", SEL_BILL_WRITEOFFS, INS_BILL_WRITEOFFS, false, 4},
};
#define NTABLES (sizeof TABLES / sizeof TABLES[0])

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

int ic_store_each(db_conn *db, const ic_store_table *t, ic_store_row_fn fn, void *arg, err_t *e)
{
    db_stmt *s = db_prepare(db, t->select, e);
    if (!s)
        return ERR_DB;
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

int ic_store_insert(db_conn *db, const ic_store_table *t, const ic_store_val *v, int n, int64_t *id, err_t *e)
{
    *id = 0;
    db_stmt *s = db_prepare(db, t->insert, e);
    if (!s)
        return ERR_DB;
    for (int i = 0; i < n; i++) {
        if (v[i].is_id)
            db_bind_i64(s, i + 1, v[i].id);
        else
            db_bind_text(s, i + 1, v[i].text);
    }
    return t->returns_id ? db_insert_id(s, id, e) : db_exec(s, e);
}

/* What an empty database (after suido migrate) holds none of. */
static const char *const CHECKED[] = {"users", "areas", "routes", "taps", "customers", "meters", "tariffs",
                                      "readings", "bills", "payments", "mandates", "service_requests", "contacts",
                                      "works_contractors", "works_applications"};
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
static const char *const COUNTS[] = {SQL_COUNT_USERS, SQL_COUNT_AREAS, SQL_COUNT_ROUTES, SQL_COUNT_TAPS,
                                     SQL_COUNT_CUSTOMERS, SQL_COUNT_METERS, SQL_COUNT_TARIFFS, SQL_COUNT_READINGS,
                                     SQL_COUNT_BILLS, SQL_COUNT_PAYMENTS, SQL_COUNT_MANDATES, SQL_COUNT_REQUESTS,
                                     SQL_COUNT_CONTACTS, SQL_COUNT_CONTRACTORS, SQL_COUNT_APPLICATIONS};
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
/* as bill_store keeps it (OPEN_WHERE there) */
static const char SQL_OPEN_BILLS[] =
    "INSERT INTO bill_open (bill_id, due_on) SELECT b.id, b.due_on FROM bills b"
    " LEFT JOIN bill_balances x ON x.bill_id = b.id"
    " WHERE b.status = 'current' AND b.total_yen > COALESCE(x.paid_yen, 0)"
    " AND NOT EXISTS (SELECT 1 FROM bill_writeoffs w WHERE w.bill_id = b.id)";
static const char SQL_PG_CUSTOMER_SEQ[] =
    "SELECT setval(pg_get_serial_sequence('customers', 'id'), COALESCE((SELECT MAX(id) FROM customers), 0) + 1,"
    " false)";
static const char *const ANALYSED[] = {"taps", "customers", "occupancies", "meters", "readings", "bills",
                                       "bill_balances", "bill_open", "payments", "allocations"};

int ic_store_finish(db_conn *db, err_t *e)
{
    const char *steps[] = {SQL_REVERSED_BY, SQL_OPEN_BILLS, db_kind(db) == DB_PG ? SQL_PG_CUSTOMER_SEQ : NULL};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (!steps[i])
            continue;
        db_stmt *s = db_prepare(db, steps[i], e);
        if (!s || db_exec(s, e))
            return ERR_DB;
    }
    for (size_t i = 0; i < sizeof ANALYSED / sizeof ANALYSED[0]; i++)
        if (db_analyze(db, ANALYSED[i], e))
            return ERR_DB;
    return 0;
}
