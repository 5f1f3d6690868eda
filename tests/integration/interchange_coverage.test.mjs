// Every table of the schema has a decision in the interchange format (docs/interchange.md): it
// is carried by `suido export` / `suido import`, or it is named here as not carried, with why.
// A migration that adds a table fails this test until someone decides — so a new kind of record
// cannot silently stay behind when a utility moves its data in or out.  The round trip itself
// (that what is carried comes back byte for byte) is interchange.test.mjs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { makeEnv, sql, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";

// Tables whose rows the format carries (read by src/store/interchange/ic_store.c).
const CARRIED = [
  "allocations", "areas", "bill_balances", "bill_lines", "bill_open", "bill_runs", "bill_writeoffs", "bills",
  "contacts", "credits", "customers", "dunning_runs", "late_charge_payments", "late_charges", "limitation_acts",
  "mandates", "meter_events", "meter_orders", "meter_receipts", "meter_reorder_points", "meter_stocktake_lines",
  "meter_stocktakes", "meters", "negotiations", "notice_letters", "notices", "occupancies", "payments", "pledge_bills",
  "pledge_instalments", "pledges", "reading_schedule", "readings", "routes", "service_requests", "sewer_deductions",
  "suspense", "tap_diameter_changes", "taps", "tariffs", "users", "works_applications", "works_charges",
  "works_contractor_events", "works_contractors", "works_dwellings", "works_engineers", "works_meters",
  "works_numbers", "works_payments", "works_refund_items", "works_refunds", "works_settlements", "works_steps",
  "writeoff_items", "writeoffs",
];
// Tables not carried, and why (docs/interchange.md, "Not (yet) in the format").
const NOT_CARRIED = {
  schema_migrations: "the target's own schema",
  audit_head: "the audit chain stays with the system that wrote it; the import starts a new chain",
  audit_log: "as audit_head",
  sessions: "sign-ins of the old system",
  login_failures: "sign-ins of the old system",
  form_tokens: "one-time tokens of open screens",
  devices: "handheld tokens are issued again",
  user_requests: "pending account approvals",
  approvals: "decisions are carried on the records they decided (decided_by, decided_on)",
  banks: "the bank master is reloaded with suido bank",
  bank_branches: "as banks",
  import_files: "result files of banks and agents",
  import_results: "as import_files",
  reading_imports: "reading files received",
  reading_import_results: "as reading_imports",
  reading_import_refusals: "as reading_imports",
  reading_rejects: "as reading_imports",
  bill_requests: "pending correction requests",
  bill_skips: "a billing run's skip list",
  bill_period_confirms: "a billing run's confirmations",
  payment_flashes: "速報 files",
  debit_batches: "debit files sent",
  debit_items: "as debit_batches",
  sewer_xfer_batches: "sewer data files sent to other municipalities by this system (docs/sewer_transfer.md)",
  sewer_xfer_records: "as sewer_xfer_batches",
  work_orders: "field work orders",
  applications: "portal applications (sealed to the portal's key)",
  slip_reissues: "reissue log of slips",
  refund_requests: "pending refund requests",
  job_runs: "the operations log of this installation",
  import_runs: "this installation's imports and their review reports (移行結果確認表)",
  import_run_items: "as import_runs",
  works_attachments: "files in works.attachment_dir, not in the database",
  check_counts: "derived: the consistency lists are counted again from the ledgers",
  allocation_days: "derived: rebuilt from the ledgers (the allocations) by the import",
};

let ctx;
before(() => {
  ctx = makeEnv();
  const r = suido(ctx, ["migrate"]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => ctx?.cleanup());

test(`[${engine}] every table of the schema is carried by the interchange format or named as not carried`, () => {
  const q = process.env.SUIDO_TEST_DB
    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1";
  const tables = sql(ctx, q).split("\n").filter(Boolean);
  assert.ok(tables.length > 70, `the schema: ${tables.length} tables`);
  const undecided = tables.filter((t) => !CARRIED.includes(t) && !(t in NOT_CARRIED));
  assert.deepEqual(undecided, [], "tables with no decision: carry them in the format or name them here");
  const gone = [...CARRIED, ...Object.keys(NOT_CARRIED)].filter((t) => !tables.includes(t));
  assert.deepEqual(gone, [], "names here that the schema no longer has");
  const both = CARRIED.filter((t) => t in NOT_CARRIED);
  assert.deepEqual(both, []);
});
