/* ic_format — the files and columns of suido-interchange/1 (see ic_format.h
 * and docs/interchange.md).  A column's place here is its place in the CSV
 * and in the store's statements for the file (store/interchange). */
#include "domain/interchange/ic_format.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/text.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Who made or changed a row, and when: kept as they were. */
#define BY(name) {name, IC_TEXT, IC_REQ, 0}
#define AT(name) {name, IC_INT, IC_REQ, 0}

static const ic_col USERS[] = {
    {"username", IC_CODE, IC_KEY | IC_REQ, 0},
    {"role", IC_CODE, IC_REQ, 0},
    {"full_name", IC_SEALED, 0, 0},
    {"must_change", IC_INT, IC_REQ, 0},
    {"disabled", IC_INT, IC_REQ, 0},
    AT("created_at"),
    AT("updated_at"),
};

static const ic_col AREAS[] = {
    {"code", IC_CODE, IC_KEY | IC_REQ, 0},
    {"name", IC_TEXT, IC_REQ, 0},
    {"kana", IC_TEXT, 0, 0},
    {"sewer", IC_CODE, 0, 0},
};

static const ic_col ROUTES[] = {
    {"code", IC_CODE, IC_KEY | IC_REQ, 0},
    {"name", IC_TEXT, IC_REQ, 0},
    {"grp", IC_CODE, 0, 0},
};

static const ic_col SCHEDULE[] = {
    {"cycle", IC_CODE, IC_KEY | IC_REQ, 0},
    {"route_", IC_REF, IC_KEY, IC_ROUTES},
    {"from_on", IC_DATE, 0, 0},
    {"to_on", IC_DATE, 0, 0},
};

static const ic_col TAPS[] = {
    {"tap_no", IC_CODE, IC_KEY | IC_REQ, 0},
    {"area_", IC_REF, 0, IC_AREAS},
    {"address", IC_SEALED, 0, 0},
    {"diameter", IC_INT, IC_REQ, 0},
    {"use_code", IC_CODE, 0, 0},
    {"sewer", IC_CODE, 0, 0},
    {"route_", IC_REF, IC_BLANK, IC_ROUTES},
    {"route_order", IC_INT, IC_REQ, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"sewer_basis", IC_CODE, 0, 0},
    {"well_persons", IC_INT, IC_REQ, 0},
    {"reader_note", IC_SEALED, 0, 0},
    {"stop_sensitive", IC_INT, IC_REQ, 0},
    {"stop_welfare", IC_INT, IC_REQ, 0},
    {"stopped_on", IC_DATE, IC_BLANK, 0},
    {"version", IC_INT, IC_REQ, 0},
    AT("created_at"),
    AT("updated_at"),
};

static const ic_col CUSTOMERS[] = {
    {"customer_no", IC_INT, IC_KEY | IC_REQ | IC_ID, 0},
    {"name", IC_SEALED, 0, 0},
    {"kana", IC_SEALED, 0, 0},
    {"phone", IC_SEALED, 0, 0},
    {"postal", IC_SEALED, 0, 0},
    {"mail_address", IC_SEALED, 0, 0},
    {"notes", IC_SEALED, 0, 0},
    {"mail_doubtful_since", IC_INT, IC_REQ, 0},
    {"version", IC_INT, IC_REQ, 0},
    AT("created_at"),
    AT("updated_at"),
};

static const ic_col OCCUPANCIES[] = {
    {"", IC_REF, IC_KEY, IC_TAPS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"", IC_REF, 0, IC_CUSTOMERS},
    {"start_on", IC_DATE, 0, 0},
    {"end_on", IC_DATE, IC_NULL, 0},
    AT("created_at"),
};

/* ---- the meter stock (docs/meters.md) -------------------------------------------
 * The contractors come before the meters: a meter lent to one (庫出) names it
 * by its designation number. */
static const ic_col METER_ORDERS[] = {
    {"ordered_on", IC_DATE, IC_KEY, 0},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"maker", IC_TEXT, 0, 0},
    {"model", IC_TEXT, 0, 0},
    {"diameter", IC_INT, IC_REQ, 0},
    {"quantity", IC_INT, IC_REQ, 0},
    {"received", IC_INT, IC_REQ, 0},
    {"note", IC_TEXT, 0, 0},
    BY("created_by"),
    AT("created_at"),
};

/* 庫入: one delivered lot, a serial range. */
static const ic_col METER_RECEIPTS[] = {
    {"received_on", IC_DATE, IC_KEY, 0},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"order_", IC_REF, IC_NULL, IC_METER_ORDERS},
    {"maker", IC_TEXT, 0, 0},
    {"model", IC_TEXT, 0, 0},
    {"diameter", IC_INT, IC_REQ, 0},
    {"digits", IC_INT, IC_REQ, 0},
    {"lot", IC_TEXT, 0, 0},
    {"certified_until", IC_TEXT, 0, 0},
    {"serial_from", IC_CODE, IC_REQ, 0},
    {"serial_to", IC_CODE, IC_REQ, 0},
    {"quantity", IC_INT, IC_REQ, 0},
    BY("created_by"),
    AT("created_at"),
};

/* A meter and where it is: a tap (installed; a removed meter keeps the tap
 * it came from), a contractor (issued), or the store. */
static const ic_col METERS[] = {
    {"meter_no", IC_CODE, IC_KEY | IC_REQ, 0},
    {"maker", IC_TEXT, 0, 0},
    {"model", IC_TEXT, 0, 0},
    {"diameter", IC_INT, IC_REQ, 0},
    {"digits", IC_INT, IC_REQ, 0},
    {"lot", IC_TEXT, 0, 0},
    {"certified_until", IC_TEXT, 0, 0},
    {"receipt_", IC_REF, IC_NULL, IC_METER_RECEIPTS},
    {"", IC_REF, IC_NULL, IC_TAPS},
    {"contractor_", IC_REF, IC_NULL, IC_WORKS_CONTRACTORS},
    {"installed_on", IC_DATE, IC_NULL, 0},
    {"removed_on", IC_DATE, IC_NULL, 0},
    {"status", IC_CODE, IC_REQ, 0},
    AT("created_at"),
};

/* A meter's history, every move; ref is text, "receipt:<date>/<seq>"
 * naming the receipt that brought the meter in (the database holds its id:
 * ic_format_id_text). */
static const ic_col METER_EVENTS[] = {
    {"", IC_REF, IC_KEY, IC_METERS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"on_date", IC_DATE, IC_BLANK, 0},
    {"from_status", IC_CODE, 0, 0},
    {"to_status", IC_CODE, IC_REQ, 0},
    {"", IC_REF, IC_NULL, IC_TAPS},
    {"contractor_", IC_REF, IC_NULL, IC_WORKS_CONTRACTORS},
    {"ref", IC_TEXT, 0, 0},
    {"note", IC_TEXT, 0, 0},
    BY("done_by"),
    AT("done_at"),
};

/* 棚卸: the approval behind it is not carried (its decision is in status,
 * decided_by and decided_on). */
static const ic_col METER_STOCKTAKES[] = {
    {"counted_on", IC_DATE, IC_KEY, 0},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"note", IC_TEXT, 0, 0},
    BY("created_by"),
    AT("created_at"),
    {"decided_by", IC_TEXT, 0, 0},
    {"decided_on", IC_DATE, IC_BLANK, 0},
};

static const ic_col METER_STOCKTAKE_LINES[] = {
    {"stocktake_", IC_REF, IC_KEY, IC_METER_STOCKTAKES},
    {"diameter", IC_INT, IC_KEY | IC_REQ, 0},
    {"book", IC_INT, IC_REQ, 0},
    {"counted", IC_INT, IC_REQ, 0},
    {"reason", IC_TEXT, 0, 0},
};

static const ic_col METER_REORDER_POINTS[] = {
    {"diameter", IC_INT, IC_KEY | IC_REQ, 0},
    {"point", IC_INT, IC_REQ, 0},
    BY("updated_by"),
    AT("updated_at"),
};

/* A tap's diameter history (billing reads the old diameter before from_on);
 * source is text, "works:<application no>" naming the application whose
 * hand-over changed it (the database holds its id: ic_format_id_text). */
static const ic_col TAP_DIAMETER_CHANGES[] = {
    {"", IC_REF, IC_KEY, IC_TAPS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"from_on", IC_DATE, 0, 0},
    {"old_diameter", IC_INT, IC_REQ, 0},
    {"new_diameter", IC_INT, IC_REQ, 0},
    {"source", IC_TEXT, 0, 0},
    AT("created_at"),
};

static const ic_col TARIFFS[] = {
    {"tariff_id", IC_CODE, IC_KEY | IC_REQ, 0},
    {"service", IC_CODE, IC_REQ, 0},
    {"effective_from", IC_DATE, 0, 0},
    {"name", IC_TEXT, IC_REQ, 0},
    {"body", IC_TEXT, IC_REQ, 0},
    {"sha256", IC_CODE, IC_REQ, 0},
    BY("loaded_by"),
    AT("loaded_at"),
};

static const ic_col READINGS[] = {
    {"", IC_REF, IC_KEY, IC_TAPS},
    {"cycle", IC_CODE, IC_KEY | IC_REQ, 0},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"", IC_REF, 0, IC_METERS},
    {"read_on", IC_DATE, 0, 0},
    {"value", IC_INT, IC_REQ, 0},
    {"prev_value", IC_INT, IC_REQ, 0},
    {"days", IC_INT, IC_REQ, 0},
    {"meter_usage", IC_INT, IC_REQ, 0},
    {"usage", IC_INT, IC_REQ, 0},
    {"kind", IC_CODE, IC_REQ, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"reasons", IC_TEXT, 0, 0},
    {"reread", IC_INT, IC_REQ, 0},
    {"source", IC_CODE, 0, 0},
    {"client_id", IC_TEXT, IC_NULL, 0},
    BY("entered_by"),
    {"decided_by", IC_TEXT, IC_NULL, 0},
    {"decided_at", IC_INT, IC_NULL, 0},
    AT("created_at"),
    {"flush_m3", IC_INT, IC_REQ, 0},
};

/* 汚水減量: m3 taken off a tap's sewer usage of a cycle. */
static const ic_col SEWER_DEDUCTIONS[] = {
    {"", IC_REF, IC_KEY, IC_TAPS},
    {"cycle", IC_CODE, IC_KEY | IC_REQ, 0},
    {"m3", IC_INT, IC_REQ, 0},
    BY("entered_by"),
    AT("created_at"),
};

static const ic_col BILLS[] = {
    {"", IC_REF, IC_KEY, IC_TAPS},
    {"cycle", IC_CODE, IC_KEY | IC_REQ, 0},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"", IC_REF, 0, IC_CUSTOMERS},
    {"reading_", IC_REF, 0, IC_READINGS},
    {"kind", IC_CODE, IC_REQ, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"replaces_", IC_REF, IC_NULL, IC_BILLS},
    {"period_from", IC_DATE, 0, 0},
    {"period_to", IC_DATE, 0, 0},
    {"days", IC_INT, IC_REQ, 0},
    {"months", IC_INT, IC_REQ, 0},
    {"use_code", IC_CODE, 0, 0},
    {"diameter", IC_INT, IC_REQ, 0},
    {"usage", IC_INT, IC_REQ, 0},
    {"estimated", IC_INT, IC_REQ, 0},
    {"sewer_operator", IC_TEXT, 0, 0},
    {"sewer_usage", IC_INT, IC_REQ, 0},
    {"water_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"sewer_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"adjust_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"tax_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"total_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"water_tariff", IC_TEXT, 0, 0},
    {"sewer_tariff", IC_TEXT, 0, 0},
    {"issued_on", IC_DATE, 0, 0},
    {"due_on", IC_DATE, 0, 0},
    {"reason", IC_TEXT, 0, 0},
    BY("created_by"),
    AT("created_at"),
    {"cancelled_at", IC_INT, IC_NULL, 0},
};

static const ic_col BILL_LINES[] = {
    {"bill_", IC_REF, IC_KEY, IC_BILLS},
    {"lines", IC_TEXT, IC_REQ, 0},
};

static const ic_col BILL_BALANCES[] = {
    {"bill_", IC_REF, IC_KEY, IC_BILLS},
    {"paid_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"pending_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"collect", IC_CODE, 0, 0},
};

static const ic_col PAYMENTS[] = {
    {"channel", IC_CODE, IC_KEY | IC_REQ, 0},
    {"ref", IC_TEXT, IC_KEY | IC_REQ, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"", IC_REF, IC_NULL, IC_TAPS},
    {"", IC_REF, IC_NULL, IC_CUSTOMERS},
    {"bill_", IC_REF, IC_NULL, IC_BILLS},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"paid_on", IC_DATE, 0, 0},
    {"posted_on", IC_DATE, 0, 0},
    {"reverses_", IC_REF, IC_NULL, IC_PAYMENTS},
    {"line", IC_INT, IC_REQ, 0},
    {"receipt_no", IC_TEXT, 0, 0},
    {"note", IC_TEXT, 0, 0},
    BY("created_by"),
    AT("created_at"),
};

static const ic_col ALLOCATIONS[] = {
    {"payment_", IC_REF, IC_KEY, IC_PAYMENTS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"bill_", IC_REF, 0, IC_BILLS},
    {"kind", IC_CODE, IC_REQ, 0},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"water_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"sewer_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"tax_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"posted_on", IC_DATE, 0, 0},
    BY("created_by"),
    AT("created_at"),
};

static const ic_col CREDITS[] = {
    {"payment_", IC_REF, IC_KEY, IC_PAYMENTS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"", IC_REF, 0, IC_CUSTOMERS},
    {"", IC_REF, 0, IC_TAPS},
    {"kind", IC_CODE, IC_REQ, 0},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"bill_", IC_REF, IC_NULL, IC_BILLS},
    {"posted_on", IC_DATE, 0, 0},
    {"note", IC_TEXT, 0, 0},
    BY("created_by"),
    AT("created_at"),
};

static const ic_col MANDATES[] = {
    {"", IC_REF, IC_KEY, IC_TAPS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"", IC_REF, 0, IC_CUSTOMERS},
    {"bank", IC_CODE, IC_REQ, 0},
    {"branch", IC_CODE, IC_REQ, 0},
    {"account_type", IC_INT, IC_REQ, 0},
    {"account", IC_SEALED, 0, 0},
    {"holder", IC_SEALED, 0, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"start_on", IC_DATE, 0, 0},
    {"end_on", IC_DATE, IC_NULL, 0},
    {"first_done", IC_INT, IC_REQ, 0},
    BY("created_by"),
    AT("created_at"),
};

static const ic_col REQUESTS[] = {
    {"", IC_REF, IC_KEY, IC_TAPS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"kind", IC_CODE, IC_REQ, 0},
    {"", IC_REF, IC_NULL, IC_CUSTOMERS},
    {"effective_on", IC_DATE, 0, 0},
    {"source", IC_CODE, 0, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"settle", IC_CODE, 0, 0},
    {"detail", IC_SEALED, 0, 0},
    {"urgent", IC_INT, IC_REQ, 0},
    BY("created_by"),
    AT("created_at"),
    {"done_by", IC_TEXT, IC_NULL, 0},
    {"done_at", IC_INT, IC_NULL, 0},
};

static const ic_col CONTACTS[] = {
    {"", IC_REF, IC_KEY, IC_TAPS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"", IC_REF, IC_NULL, IC_CUSTOMERS},
    {"channel", IC_CODE, IC_REQ, 0},
    {"reason", IC_CODE, 0, 0},
    {"summary", IC_SEALED, 0, 0},
    BY("taken_by"),
    AT("created_at"),
};

/* ---- suspense and the works system ------------------------------------------ */
static const ic_col SUSPENSE[] = {
    {"payment_", IC_REF, IC_KEY, IC_PAYMENTS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"reason", IC_CODE, IC_REQ, 0},
    {"detail", IC_TEXT, 0, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"resolved_bill_", IC_REF, IC_NULL, IC_BILLS},
    {"resolved_by", IC_TEXT, IC_NULL, 0},
    {"resolved_at", IC_INT, IC_NULL, 0},
    {"note", IC_TEXT, 0, 0},
};

static const ic_col WORKS_CONTRACTORS[] = {
    {"designation_no", IC_CODE, IC_KEY | IC_REQ, 0},
    {"name", IC_TEXT, IC_REQ, 0},
    {"name_kana", IC_TEXT, 0, 0},
    {"address", IC_TEXT, 0, 0},
    {"phone", IC_TEXT, 0, 0},
    {"representative", IC_SEALED, 0, 0},
    {"designated_on", IC_DATE, 0, 0},
    {"valid_until", IC_DATE, 0, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"suspended_from", IC_DATE, IC_BLANK, 0},
    {"suspended_until", IC_DATE, IC_BLANK, 0},
    {"revoked_on", IC_DATE, IC_BLANK, 0},
    BY("created_by"),
    AT("created_at"),
    BY("updated_by"),
    AT("updated_at"),
    {"version", IC_INT, IC_REQ, 0},
};

static const ic_col WORKS_ENGINEERS[] = {
    {"", IC_REF, IC_KEY, IC_WORKS_CONTRACTORS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"licence_no", IC_CODE, IC_REQ, 0},
    {"name", IC_SEALED, 0, 0},
    {"registered_on", IC_DATE, 0, 0},
    {"removed_on", IC_DATE, IC_BLANK, 0},
    BY("created_by"),
    AT("created_at"),
};

static const ic_col WORKS_EVENTS[] = {
    {"", IC_REF, IC_KEY, IC_WORKS_CONTRACTORS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"kind", IC_CODE, IC_REQ, 0},
    {"from_on", IC_DATE, IC_BLANK, 0},
    {"until_on", IC_DATE, IC_BLANK, 0},
    {"reason", IC_SEALED, 0, 0},
    {"changes", IC_TEXT, 0, 0},
    BY("done_by"),
    AT("done_at"),
};

static const ic_col WORKS_APPLICATIONS[] = {
    {"number", IC_CODE, IC_KEY | IC_REQ, 0},
    {"fy", IC_INT, IC_REQ, 0},
    {"seq", IC_INT, IC_REQ, 0},
    {"type", IC_CODE, IC_REQ, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"status_on", IC_DATE, 0, 0},
    {"received_on", IC_DATE, 0, 0},
    {"contractor_", IC_REF, IC_ZERO, IC_WORKS_CONTRACTORS},
    {"engineer_", IC_REF, IC_ZERO, IC_WORKS_ENGINEERS},
    {"owner_name", IC_SEALED, 0, 0},
    {"owner_phone", IC_SEALED, 0, 0},
    {"applicant_name", IC_SEALED, 0, 0},
    {"applicant_phone", IC_SEALED, 0, 0},
    {"area_", IC_REF, 0, IC_AREAS},
    {"address", IC_SEALED, 0, 0},
    {"", IC_REF, IC_ZERO, IC_TAPS},
    {"diameter", IC_INT, IC_REQ, 0},
    {"old_diameter", IC_INT, IC_REQ, 0},
    {"dwellings", IC_INT, IC_REQ, 0},
    {"meter_count", IC_INT, IC_REQ, 0},
    {"meter_place", IC_TEXT, 0, 0},
    {"use_code", IC_CODE, 0, 0},
    {"consent_land_on", IC_DATE, IC_BLANK, 0},
    {"consent_house_on", IC_DATE, IC_BLANK, 0},
    {"consent_party_on", IC_DATE, IC_BLANK, 0},
    {"fee_table", IC_TEXT, 0, 0},
    {"cancel_reason", IC_SEALED, 0, 0},
    {"reviewed_on", IC_DATE, IC_BLANK, 0},
    {"approved_on", IC_DATE, IC_BLANK, 0},
    {"paid_on", IC_DATE, IC_BLANK, 0},
    {"started_on", IC_DATE, IC_BLANK, 0},
    {"inspected_on", IC_DATE, IC_BLANK, 0},
    {"completed_on", IC_DATE, IC_BLANK, 0},
    {"cancelled_on", IC_DATE, IC_BLANK, 0},
    BY("entered_by"),
    {"version", IC_INT, IC_REQ, 0},
    AT("created_at"),
    AT("updated_at"),
    {"owner_kana", IC_SEALED, 0, 0},
};

static const ic_col WORKS_DWELLINGS[] = {
    {"", IC_REF, IC_KEY, IC_WORKS_APPLICATIONS},
    {"no", IC_INT, IC_KEY | IC_REQ, 0},
    {"label", IC_TEXT, 0, 0},
    {"diameter", IC_INT, IC_REQ, 0},
    {"", IC_REF, IC_ZERO, IC_TAPS},
};

static const ic_col WORKS_STEPS[] = {
    {"", IC_REF, IC_KEY, IC_WORKS_APPLICATIONS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"step", IC_CODE, IC_REQ, 0},
    {"result", IC_CODE, 0, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"step_on", IC_DATE, 0, 0},
    BY("taken_by"),
    {"note", IC_SEALED, 0, 0},
    AT("created_at"),
};

/* 精算: before the charges, which may name the settlement that made them
 * (a 追徴). */
static const ic_col WORKS_SETTLEMENTS[] = {
    {"", IC_REF, IC_KEY, IC_WORKS_APPLICATIONS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"kind", IC_CODE, IC_REQ, 0},
    {"reason", IC_SEALED, 0, 0},
    {"before_json", IC_TEXT, 0, 0},
    {"after_json", IC_TEXT, 0, 0},
    {"assessed_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"paid_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"additional_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"refund_yen", IC_INT, IC_REQ | IC_YEN, 0},
    BY("created_by"),
    AT("created_at"),
};

static const ic_col WORKS_CHARGES[] = {
    {"", IC_REF, IC_KEY, IC_WORKS_APPLICATIONS},
    {"seq", IC_INT, IC_KEY | IC_REQ, 0},
    {"code", IC_CODE, IC_REQ, 0},
    {"name", IC_TEXT, IC_REQ, 0},
    {"yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"tax", IC_INT, IC_REQ | IC_YEN, 0},
    {"due", IC_CODE, IC_REQ, 0},
    {"paid_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"origin", IC_CODE, IC_REQ, 0},
    {"refundable", IC_INT, IC_REQ, 0},
    {"refunded_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"settlement_", IC_REF, IC_ZERO, IC_WORKS_SETTLEMENTS},
};

/* 工事の収納: a payment's share of an application's charge. */
static const ic_col WORKS_PAYMENTS[] = {
    {"payment_", IC_REF, IC_KEY, IC_PAYMENTS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"", IC_REF, 0, IC_WORKS_APPLICATIONS},
    {"charge_", IC_REF, 0, IC_WORKS_CHARGES},
    {"kind", IC_CODE, IC_REQ, 0},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"tax", IC_INT, IC_REQ | IC_YEN, 0},
    {"posted_on", IC_DATE, 0, 0},
    AT("created_at"),
};

/* 還付: the approval behind it is not carried (an imported refund names
 * approval 0; its decision shows in status, paid_on and paid_by). */
static const ic_col WORKS_REFUNDS[] = {
    {"", IC_REF, IC_KEY, IC_WORKS_APPLICATIONS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"settlement_", IC_REF, 0, IC_WORKS_SETTLEMENTS},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"status", IC_CODE, IC_REQ, 0},
    BY("requested_by"),
    AT("requested_at"),
    {"paid_on", IC_DATE, IC_BLANK, 0},
    {"paid_by", IC_TEXT, 0, 0},
};

static const ic_col WORKS_REFUND_ITEMS[] = {
    {"refund_", IC_REF, IC_KEY, IC_WORKS_REFUNDS},
    {"charge_", IC_REF, IC_KEY, IC_WORKS_CHARGES},
    {"kind", IC_CODE, IC_REQ, 0},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"tax", IC_INT, IC_REQ | IC_YEN, 0},
};

/* The meters recorded at a passing completion inspection (dwelling_no 0:
 * the application's one meter). */
static const ic_col WORKS_METERS[] = {
    {"", IC_REF, IC_KEY, IC_WORKS_APPLICATIONS},
    {"dwelling_no", IC_INT, IC_KEY | IC_REQ, 0},
    {"meter_no", IC_CODE, IC_REQ, 0},
    {"maker", IC_TEXT, 0, 0},
    {"diameter", IC_INT, IC_REQ, 0},
    {"digits", IC_INT, IC_REQ, 0},
    {"start_value", IC_INT, IC_REQ, 0},
    {"old_final", IC_INT, IC_REQ, 0},
    {"recorded_on", IC_DATE, 0, 0},
};

static const ic_col WORKS_NUMBERS[] = {
    {"fy", IC_INT, IC_KEY | IC_REQ, 0},
    {"last", IC_INT, IC_REQ, 0},
};

/* ---- arrears ------------------------------------------------------------------ */
static const ic_col DUNNING_RUNS[] = {
    {"step", IC_CODE, IC_KEY | IC_REQ, 0},
    {"as_of", IC_DATE, IC_KEY, 0},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"status", IC_CODE, IC_REQ, 0},
    BY("started_by"),
    AT("started_at"),
    AT("heartbeat_at"),
    {"finished_at", IC_INT, IC_NULL, 0},
    {"total_letters", IC_INT, IC_REQ, 0},
    {"done_letters", IC_INT, IC_REQ, 0},
    {"bills", IC_INT, IC_REQ, 0},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"summary", IC_TEXT, 0, 0},
};

static const ic_col NOTICE_LETTERS[] = {
    {"", IC_REF, IC_KEY, IC_TAPS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"run_", IC_REF, 0, IC_DUNNING_RUNS},
    {"step", IC_CODE, IC_REQ, 0},
    {"", IC_REF, 0, IC_CUSTOMERS},
    {"issued_on", IC_DATE, 0, 0},
    {"deadline", IC_DATE, 0, 0},
    {"stop_on", IC_DATE, IC_BLANK, 0},
    {"bills", IC_INT, IC_REQ, 0},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"fee", IC_INT, IC_REQ | IC_YEN, 0},
    {"status", IC_CODE, IC_REQ, 0},
};

static const ic_col NOTICES[] = {
    {"bill_", IC_REF, IC_KEY, IC_BILLS},
    {"step", IC_CODE, IC_KEY | IC_REQ, 0},
    {"letter_", IC_REF, 0, IC_NOTICE_LETTERS},
    {"run_", IC_REF, 0, IC_DUNNING_RUNS},
    {"", IC_REF, 0, IC_CUSTOMERS},
    {"", IC_REF, 0, IC_TAPS},
    {"issued_on", IC_DATE, 0, 0},
    {"deadline", IC_DATE, 0, 0},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"status", IC_CODE, IC_REQ, 0},
};

static const ic_col NEGOTIATIONS[] = {
    {"", IC_REF, IC_KEY, IC_CUSTOMERS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"held_on", IC_DATE, 0, 0},
    {"channel", IC_CODE, IC_REQ, 0},
    {"staff", IC_TEXT, IC_REQ, 0},
    {"text", IC_SEALED, 0, 0},
    {"next_action", IC_TEXT, 0, 0},
    {"next_on", IC_DATE, IC_BLANK, 0},
    AT("created_at"),
};

static const ic_col PLEDGES[] = {
    {"", IC_REF, IC_KEY, IC_CUSTOMERS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"pledged_on", IC_DATE, 0, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"total", IC_INT, IC_REQ | IC_YEN, 0},
    {"instalments", IC_INT, IC_REQ, 0},
    BY("created_by"),
    AT("created_at"),
    {"closed_on", IC_DATE, IC_BLANK, 0},
    {"closed_at", IC_INT, IC_REQ, 0},
};

static const ic_col PLEDGE_BILLS[] = {
    {"pledge_", IC_REF, IC_KEY, IC_PLEDGES},
    {"bill_", IC_REF, IC_KEY, IC_BILLS},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
};

static const ic_col PLEDGE_INSTALMENTS[] = {
    {"pledge_", IC_REF, IC_KEY, IC_PLEDGES},
    {"no", IC_INT, IC_KEY | IC_REQ, 0},
    {"due_on", IC_DATE, 0, 0},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
};

static const ic_col LATE_CHARGES[] = {
    {"bill_", IC_REF, IC_KEY, IC_BILLS},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"kind", IC_CODE, IC_REQ, 0},
    {"service", IC_CODE, 0, 0},
    {"letter_", IC_REF, IC_ZERO, IC_NOTICE_LETTERS},
    {"", IC_REF, 0, IC_TAPS},
    {"", IC_REF, 0, IC_CUSTOMERS},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"basis", IC_TEXT, 0, 0},
    {"assessed_on", IC_DATE, 0, 0},
    {"due_on", IC_DATE, 0, 0},
    {"payment_", IC_REF, IC_ZERO, IC_PAYMENTS},
    {"paid_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"waived_reason", IC_TEXT, 0, 0},
    {"closed_by", IC_TEXT, 0, 0},
    BY("created_by"),
    AT("created_at"),
};

static const ic_col LATE_CHARGE_PAYMENTS[] = {
    {"charge_", IC_REF, IC_KEY, IC_LATE_CHARGES},
    {"seq", IC_SEQ, IC_KEY, 0},
    {"payment_", IC_REF, 0, IC_PAYMENTS},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    {"posted_on", IC_DATE, 0, 0},
    AT("created_at"),
};

static const ic_col LIMITATION_ACTS[] = {
    {"bill_", IC_REF, IC_KEY, IC_BILLS},
    {"service", IC_CODE, IC_KEY | IC_REQ, 0},
    {"kind", IC_CODE, IC_REQ, 0},
    {"act_on", IC_DATE, 0, 0},
    {"how", IC_TEXT, 0, 0},
    BY("recorded_by"),
    AT("recorded_at"),
};

static const ic_col WRITEOFFS[] = {
    {"seq", IC_SEQ, IC_KEY, 0},
    {"reason", IC_CODE, IC_REQ, 0},
    {"reason_text", IC_TEXT, 0, 0},
    {"status", IC_CODE, IC_REQ, 0},
    {"bills", IC_INT, IC_REQ, 0},
    {"amount", IC_INT, IC_REQ | IC_YEN, 0},
    BY("proposed_by"),
    AT("proposed_at"),
    {"decided_by", IC_TEXT, 0, 0},
    {"decided_on", IC_DATE, IC_BLANK, 0},
};

static const ic_col WRITEOFF_ITEMS[] = {
    {"writeoff_", IC_REF, IC_KEY, IC_WRITEOFFS},
    {"bill_", IC_REF, IC_KEY, IC_BILLS},
    {"water_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"sewer_yen", IC_INT, IC_REQ | IC_YEN, 0},
};

static const ic_col BILL_WRITEOFFS[] = {
    {"bill_", IC_REF, IC_KEY, IC_BILLS},
    {"writeoff_", IC_REF, 0, IC_WRITEOFFS},
    {"water_yen", IC_INT, IC_REQ | IC_YEN, 0},
    {"sewer_yen", IC_INT, IC_REQ | IC_YEN, 0},
};

static const ic_file_def FILES[IC_FILE__COUNT] = {
    [IC_USERS] = {"users.csv", "職員", false, USERS, N(USERS)},
    [IC_AREAS] = {"areas.csv", "地区", false, AREAS, N(AREAS)},
    [IC_ROUTES] = {"routes.csv", "検針順路", false, ROUTES, N(ROUTES)},
    [IC_SCHEDULE] = {"reading_schedule.csv", "検針予定", false, SCHEDULE, N(SCHEDULE)},
    [IC_TAPS] = {"taps.csv", "水栓", true, TAPS, N(TAPS)},
    [IC_CUSTOMERS] = {"customers.csv", "お客様", true, CUSTOMERS, N(CUSTOMERS)},
    [IC_OCCUPANCIES] = {"occupancies.csv", "使用者の履歴", true, OCCUPANCIES, N(OCCUPANCIES)},
    [IC_WORKS_CONTRACTORS] = {"works_contractors.csv", "指定給水装置工事事業者", true, WORKS_CONTRACTORS,
                              N(WORKS_CONTRACTORS)},
    [IC_METER_ORDERS] = {"meter_orders.csv", "メーターの発注", true, METER_ORDERS, N(METER_ORDERS)},
    [IC_METER_RECEIPTS] = {"meter_receipts.csv", "メーターの庫入", true, METER_RECEIPTS, N(METER_RECEIPTS)},
    [IC_METERS] = {"meters.csv", "メーター", true, METERS, N(METERS)},
    [IC_METER_EVENTS] = {"meter_events.csv", "メーターの履歴", false, METER_EVENTS, N(METER_EVENTS)},
    [IC_METER_STOCKTAKES] = {"meter_stocktakes.csv", "メーターの棚卸", true, METER_STOCKTAKES, N(METER_STOCKTAKES)},
    [IC_METER_STOCKTAKE_LINES] = {"meter_stocktake_lines.csv", "棚卸の口径別", false, METER_STOCKTAKE_LINES,
                                  N(METER_STOCKTAKE_LINES)},
    [IC_METER_REORDER_POINTS] = {"meter_reorder_points.csv", "メーターの発注点", false, METER_REORDER_POINTS,
                                 N(METER_REORDER_POINTS)},
    [IC_TAP_DIAMETER_CHANGES] = {"tap_diameter_changes.csv", "口径の変更", false, TAP_DIAMETER_CHANGES,
                                 N(TAP_DIAMETER_CHANGES)},
    [IC_TARIFFS] = {"tariffs.csv", "料金表", false, TARIFFS, N(TARIFFS)},
    [IC_READINGS] = {"readings.csv", "検針", true, READINGS, N(READINGS)},
    [IC_SEWER_DEDUCTIONS] = {"sewer_deductions.csv", "汚水減量", false, SEWER_DEDUCTIONS, N(SEWER_DEDUCTIONS)},
    [IC_BILLS] = {"bills.csv", "調定", true, BILLS, N(BILLS)},
    [IC_BILL_LINES] = {"bill_lines.csv", "調定の内訳", false, BILL_LINES, N(BILL_LINES)},
    [IC_BILL_BALANCES] = {"bill_balances.csv", "調定の収納状況", false, BILL_BALANCES, N(BILL_BALANCES)},
    [IC_PAYMENTS] = {"payments.csv", "入金", true, PAYMENTS, N(PAYMENTS)},
    [IC_ALLOCATIONS] = {"allocations.csv", "消込", true, ALLOCATIONS, N(ALLOCATIONS)},
    [IC_CREDITS] = {"credits.csv", "過誤納", true, CREDITS, N(CREDITS)},
    [IC_MANDATES] = {"mandates.csv", "口座振替", true, MANDATES, N(MANDATES)},
    [IC_REQUESTS] = {"service_requests.csv", "受付", true, REQUESTS, N(REQUESTS)},
    [IC_CONTACTS] = {"contacts.csv", "対応履歴", true, CONTACTS, N(CONTACTS)},
    [IC_SUSPENSE] = {"suspense.csv", "未消込", true, SUSPENSE, N(SUSPENSE)},
    [IC_WORKS_ENGINEERS] = {"works_engineers.csv", "主任技術者", true, WORKS_ENGINEERS, N(WORKS_ENGINEERS)},
    [IC_WORKS_EVENTS] = {"works_contractor_events.csv", "事業者の履歴", true, WORKS_EVENTS, N(WORKS_EVENTS)},
    [IC_WORKS_APPLICATIONS] = {"works_applications.csv", "工事申込", true, WORKS_APPLICATIONS,
                               N(WORKS_APPLICATIONS)},
    [IC_WORKS_DWELLINGS] = {"works_dwellings.csv", "工事申込の戸", false, WORKS_DWELLINGS, N(WORKS_DWELLINGS)},
    [IC_WORKS_STEPS] = {"works_steps.csv", "工事申込の経過", true, WORKS_STEPS, N(WORKS_STEPS)},
    [IC_WORKS_SETTLEMENTS] = {"works_settlements.csv", "工事の精算", true, WORKS_SETTLEMENTS, N(WORKS_SETTLEMENTS)},
    [IC_WORKS_CHARGES] = {"works_charges.csv", "加入金・手数料", true, WORKS_CHARGES, N(WORKS_CHARGES)},
    [IC_WORKS_PAYMENTS] = {"works_payments.csv", "工事の収納", false, WORKS_PAYMENTS, N(WORKS_PAYMENTS)},
    [IC_WORKS_REFUNDS] = {"works_refunds.csv", "工事の還付", true, WORKS_REFUNDS, N(WORKS_REFUNDS)},
    [IC_WORKS_REFUND_ITEMS] = {"works_refund_items.csv", "還付の内訳", false, WORKS_REFUND_ITEMS,
                               N(WORKS_REFUND_ITEMS)},
    [IC_WORKS_METERS] = {"works_meters.csv", "完成検査のメーター", false, WORKS_METERS, N(WORKS_METERS)},
    [IC_WORKS_NUMBERS] = {"works_numbers.csv", "申込番号の採番", false, WORKS_NUMBERS, N(WORKS_NUMBERS)},
    [IC_DUNNING_RUNS] = {"dunning_runs.csv", "督促・催告の処理", true, DUNNING_RUNS, N(DUNNING_RUNS)},
    [IC_NOTICE_LETTERS] = {"notice_letters.csv", "督促状・催告書", true, NOTICE_LETTERS, N(NOTICE_LETTERS)},
    [IC_NOTICES] = {"notices.csv", "調定ごとの督促・催告", false, NOTICES, N(NOTICES)},
    [IC_NEGOTIATIONS] = {"negotiations.csv", "交渉記録", false, NEGOTIATIONS, N(NEGOTIATIONS)},
    [IC_PLEDGES] = {"pledges.csv", "分納誓約", true, PLEDGES, N(PLEDGES)},
    [IC_PLEDGE_BILLS] = {"pledge_bills.csv", "分納誓約の調定", false, PLEDGE_BILLS, N(PLEDGE_BILLS)},
    [IC_PLEDGE_INSTALMENTS] = {"pledge_instalments.csv", "分納誓約の納期", false, PLEDGE_INSTALMENTS,
                               N(PLEDGE_INSTALMENTS)},
    [IC_LATE_CHARGES] = {"late_charges.csv", "延滞金・督促手数料", true, LATE_CHARGES, N(LATE_CHARGES)},
    [IC_LATE_CHARGE_PAYMENTS] = {"late_charge_payments.csv", "延滞金等の収納", false, LATE_CHARGE_PAYMENTS,
                                 N(LATE_CHARGE_PAYMENTS)},
    [IC_LIMITATION_ACTS] = {"limitation_acts.csv", "時効の援用・債権放棄", false, LIMITATION_ACTS,
                            N(LIMITATION_ACTS)},
    [IC_WRITEOFFS] = {"writeoffs.csv", "不納欠損", true, WRITEOFFS, N(WRITEOFFS)},
    [IC_WRITEOFF_ITEMS] = {"writeoff_items.csv", "不納欠損の調定", false, WRITEOFF_ITEMS, N(WRITEOFF_ITEMS)},
    [IC_BILL_WRITEOFFS] = {"bill_writeoffs.csv", "欠損済みの調定", false, BILL_WRITEOFFS, N(BILL_WRITEOFFS)},
};

const ic_file_def *ic_format_file(int f)
{
    return f >= 0 && f < IC_FILE__COUNT ? &FILES[f] : NULL;
}

int ic_format_find(const char *file)
{
    for (int f = 0; f < IC_FILE__COUNT; f++)
        if (strcmp(FILES[f].file, file) == 0)
            return f;
    return -1;
}

/* The key width of file f: the CSV columns of its key columns. */
static int key_width(int f)
{
    int w = 0;
    for (int c = 0; c < FILES[f].ncols; c++)
        if (FILES[f].cols[c].flags & IC_KEY)
            w += ic_format_width(f, c);
    return w;
}

int ic_format_key_width(int f)
{
    return key_width(f);
}

int ic_format_width(int f, int c)
{
    const ic_col *col = &FILES[f].cols[c];
    return col->kind == IC_REF ? key_width(col->ref) : 1;
}

/* The text columns that name a row by its id (see ic_format_id_text). */
static const struct {
    int file;
    const char *col, *prefix;
    int target;
} ID_TEXTS[] = {
    {IC_TAP_DIAMETER_CHANGES, "source", "works:", IC_WORKS_APPLICATIONS},
    {IC_METER_EVENTS, "ref", "receipt:", IC_METER_RECEIPTS},
};

bool ic_format_id_text(int f, int c, const char **prefix, int *target)
{
    for (size_t i = 0; i < sizeof ID_TEXTS / sizeof ID_TEXTS[0]; i++)
        if (ID_TEXTS[i].file == f && c >= 0 && c < FILES[f].ncols && strcmp(FILES[f].cols[c].name, ID_TEXTS[i].col) == 0) {
            *prefix = ID_TEXTS[i].prefix;
            *target = ID_TEXTS[i].target;
            return true;
        }
    return false;
}

bool ic_format_referred(int f)
{
    for (int g = 0; g < IC_FILE__COUNT; g++)
        for (int c = 0; c < FILES[g].ncols; c++)
            if (FILES[g].cols[c].kind == IC_REF && FILES[g].cols[c].ref == f)
                return true;
    for (size_t i = 0; i < sizeof ID_TEXTS / sizeof ID_TEXTS[0]; i++)
        if (ID_TEXTS[i].target == f)
            return true;
    return false;
}

int ic_format_csv_cols(int f)
{
    int w = 0;
    for (int c = 0; c < FILES[f].ncols; c++)
        w += ic_format_width(f, c);
    return w;
}

void ic_format_csv_name(int f, int c, int k, char *out, size_t outsz)
{
    const ic_col *col = &FILES[f].cols[c];
    if (col->kind != IC_REF) {
        str_copy(out, outsz, col->name);
        return;
    }
    const ic_file_def *t = &FILES[col->ref];
    for (int tc = 0; tc < t->ncols; tc++) {
        if (!(t->cols[tc].flags & IC_KEY))
            continue;
        int w = ic_format_width(col->ref, tc);
        if (k < w) {
            char inner[96];
            ic_format_csv_name(col->ref, tc, k, inner, sizeof inner);
            str_fmt(out, outsz, "%s%s", col->name, inner);
            return;
        }
        k -= w;
    }
    str_copy(out, outsz, "?");
}

static bool is_code(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return false;
    return true;
}

/* A refusal: the message, with the value when given; always false. */
static bool bad(char *msg, size_t msgsz, const char *what, const char *v)
{
    if (v)
        str_fmt(msg, msgsz, "%s（%.40s）。", what, v);
    else
        str_fmt(msg, msgsz, "%s。", what);
    return false;
}

bool ic_format_check(const ic_col *col, const char *v, char *msg, size_t msgsz)
{
    msg[0] = '\0';
    if (!*v) {
        if ((col->flags & IC_REQ) || (col->kind == IC_DATE && !(col->flags & (IC_NULL | IC_BLANK))))
            return bad(msg, msgsz, "空欄にできません", NULL);
        return true;
    }
    switch (col->kind) {
    case IC_CODE:
        if (!is_code(v))
            return bad(msg, msgsz, "コードに空白や制御文字は使えません", v);
        return true;
    case IC_INT: {
        long long n;
        if (!str_to_i64(v, &n))
            return bad(msg, msgsz, "整数ではありません", v);
        if ((col->flags & IC_ID) && n <= 0)
            return bad(msg, msgsz, "1 以上の番号にしてください", v);
        return true;
    }
    case IC_DATE: {
        civil_date d;
        char back[11];
        if (strlen(v) != 10 || !date_parse(v, &d) || !date_valid(d))
            return bad(msg, msgsz, "日付は YYYY-MM-DD の実在する日にしてください", v);
        date_format_iso(d, back);
        if (strcmp(back, v) != 0)
            return bad(msg, msgsz, "日付は YYYY-MM-DD の実在する日にしてください", v);
        return true;
    }
    case IC_TEXT:
    case IC_SEALED:
        if (!text_is_clean(v, true))
            return bad(msg, msgsz, "制御文字を含む文字列です", NULL);
        return true;
    default:
        return true;
    }
}

int ic_format_csv_find(int f, const char *name)
{
    const ic_file_def *d = ic_format_file(f);
    for (int c = 0, k = 0; c < d->ncols; c++)
        for (int i = 0; i < ic_format_width(f, c); i++, k++) {
            char n[128];
            ic_format_csv_name(f, c, i, n, sizeof n);
            if (strcmp(n, name) == 0)
                return k;
        }
    return -1;
}
