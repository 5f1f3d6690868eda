/* migrations — see migrations.h. */
#include "store/migrations.h"

#include <stddef.h>

const migration migrate_list[] = {
    {1, "staff, sessions, approvals, audit",
     "CREATE TABLE users ("
     "  id @ID@,"
     "  username TEXT NOT NULL UNIQUE,"
     "  role TEXT NOT NULL,"
     "  pw_hash TEXT NOT NULL,"
     "  must_change BIGINT NOT NULL DEFAULT 0,"
     "  disabled BIGINT NOT NULL DEFAULT 0,"
     "  failed_count BIGINT NOT NULL DEFAULT 0,"
     "  locked_until BIGINT NOT NULL DEFAULT 0,"
     "  created_at BIGINT NOT NULL,"
     "  updated_at BIGINT NOT NULL);"
     "CREATE TABLE sessions ("
     "  id @ID@,"
     "  token_hash TEXT NOT NULL UNIQUE,"
     "  user_id BIGINT NOT NULL REFERENCES users(id),"
     "  csrf TEXT NOT NULL,"
     "  ip TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  last_seen BIGINT NOT NULL);"
     "CREATE INDEX sessions_user ON sessions(user_id);"
     "CREATE TABLE approvals ("
     "  id @ID@,"
     "  kind TEXT NOT NULL,"
     "  object TEXT NOT NULL,"
     "  summary TEXT NOT NULL,"
     "  reason TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  requested_by BIGINT NOT NULL REFERENCES users(id),"
     "  requested_at BIGINT NOT NULL,"
     "  decided_by BIGINT REFERENCES users(id),"
     "  decided_at BIGINT,"
     "  decision_note TEXT);"
     "CREATE INDEX approvals_status ON approvals(status, requested_at);"
     "CREATE TABLE audit_head (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);"
     "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, "
     "'0000000000000000000000000000000000000000000000000000000000000000');"
     "CREATE TABLE audit_log ("
     "  seq BIGINT PRIMARY KEY,"
     "  at BIGINT NOT NULL,"
     "  actor TEXT NOT NULL,"
     "  ip TEXT NOT NULL,"
     "  action TEXT NOT NULL,"
     "  object TEXT NOT NULL,"
     "  detail_enc TEXT NOT NULL,"
     "  prev_hash TEXT NOT NULL,"
     "  hash TEXT NOT NULL);"
     "CREATE INDEX audit_at ON audit_log(at);"
     "CREATE INDEX audit_actor ON audit_log(actor, at);"
     "CREATE INDEX audit_object ON audit_log(object, at);", NULL},
    {2, "taps, customers, occupancies",
     "CREATE TABLE areas ("
     "  code TEXT PRIMARY KEY,"
     "  name TEXT NOT NULL,"
     "  kana TEXT NOT NULL,"
     "  sewer TEXT NOT NULL);"
     "CREATE TABLE taps ("
     "  id @ID@,"
     "  tap_no TEXT NOT NULL UNIQUE,"
     "  area_code TEXT NOT NULL REFERENCES areas(code),"
     "  address_enc TEXT NOT NULL,"
     "  diameter BIGINT NOT NULL,"
     "  use_code TEXT NOT NULL,"
     "  sewer TEXT NOT NULL,"
     "  route TEXT NOT NULL,"
     "  route_order BIGINT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  version BIGINT NOT NULL DEFAULT 1,"
     "  created_at BIGINT NOT NULL,"
     "  updated_at BIGINT NOT NULL);"
     "CREATE INDEX taps_route ON taps(route, route_order);"
     "CREATE TABLE customers ("
     "  id @ID@,"
     "  name_enc TEXT NOT NULL,"
     "  kana_enc TEXT NOT NULL,"
     "  kana_bidx TEXT NOT NULL,"
     "  phone_enc TEXT NOT NULL,"
     "  phone_bidx TEXT NOT NULL,"
     "  postal_enc TEXT NOT NULL,"
     "  mail_address_enc TEXT NOT NULL,"
     "  notes_enc TEXT NOT NULL,"
     "  version BIGINT NOT NULL DEFAULT 1,"
     "  created_at BIGINT NOT NULL,"
     "  updated_at BIGINT NOT NULL);"
     "CREATE INDEX customers_kana ON customers(kana_bidx);"
     "CREATE INDEX customers_phone ON customers(phone_bidx);"
     "CREATE TABLE occupancies ("
     "  id @ID@,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
     "  start_on TEXT NOT NULL,"
     "  end_on TEXT,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX occupancies_tap ON occupancies(tap_id, start_on);"
     "CREATE INDEX occupancies_customer ON occupancies(customer_id);", NULL},
    {3, "meters, routes, reading schedule, readings, devices",
     "ALTER TABLE taps ADD COLUMN reader_note_enc TEXT NOT NULL DEFAULT '';"
     "CREATE TABLE routes ("
     "  code TEXT PRIMARY KEY,"
     "  name TEXT NOT NULL,"
     "  grp TEXT NOT NULL);"
     "CREATE TABLE reading_schedule ("
     "  cycle TEXT NOT NULL,"
     "  route TEXT NOT NULL REFERENCES routes(code),"
     "  from_on TEXT NOT NULL,"
     "  to_on TEXT NOT NULL,"
     "  PRIMARY KEY (cycle, route));"
     "CREATE INDEX reading_schedule_route ON reading_schedule(route, from_on);"
     "CREATE TABLE meters ("
     "  id @ID@,"
     "  meter_no TEXT NOT NULL UNIQUE,"
     "  maker TEXT NOT NULL,"
     "  diameter BIGINT NOT NULL,"
     "  digits BIGINT NOT NULL,"
     "  certified_until TEXT NOT NULL,"
     "  tap_id BIGINT REFERENCES taps(id),"
     "  installed_on TEXT,"
     "  removed_on TEXT,"
     "  status TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX meters_tap ON meters(tap_id, status);"
     "CREATE TABLE readings ("
     "  id @ID@,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  meter_id BIGINT NOT NULL REFERENCES meters(id),"
     "  cycle TEXT NOT NULL,"
     "  read_on TEXT NOT NULL,"
     "  value BIGINT NOT NULL,"
     "  prev_value BIGINT NOT NULL,"
     "  days BIGINT NOT NULL,"
     "  meter_usage BIGINT NOT NULL,"
     "  usage BIGINT NOT NULL,"
     "  kind TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  reasons TEXT NOT NULL,"
     "  reread BIGINT NOT NULL DEFAULT 0,"
     "  source TEXT NOT NULL,"
     "  client_id TEXT,"
     "  entered_by TEXT NOT NULL,"
     "  decided_by TEXT,"
     "  decided_at BIGINT,"
     "  created_at BIGINT NOT NULL);"
     "CREATE UNIQUE INDEX readings_meter_day ON readings(meter_id, read_on, kind) WHERE status <> 'replaced';"
     "CREATE UNIQUE INDEX readings_client ON readings(client_id);"
     "CREATE INDEX readings_tap ON readings(tap_id, read_on);"
     "CREATE INDEX readings_cycle ON readings(cycle, status);"
     "CREATE TABLE reading_rejects ("
     "  id @ID@,"
     "  batch TEXT NOT NULL,"
     "  line BIGINT NOT NULL,"
     "  tap_no TEXT NOT NULL,"
     "  meter_no TEXT NOT NULL,"
     "  read_on TEXT NOT NULL,"
     "  value TEXT NOT NULL,"
     "  reasons TEXT NOT NULL,"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  resolved_at BIGINT);"
     "CREATE INDEX reading_rejects_open ON reading_rejects(resolved_at, created_at);"
     "CREATE TABLE devices ("
     "  id @ID@,"
     "  name TEXT NOT NULL UNIQUE,"
     "  token_hash TEXT NOT NULL UNIQUE,"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  revoked_at BIGINT,"
     "  last_used_at BIGINT);", NULL},
    {4, "tariffs, bills, billing runs, sewer volumes, corrections",
     "ALTER TABLE taps ADD COLUMN sewer_basis TEXT NOT NULL DEFAULT 'water';"
     "ALTER TABLE taps ADD COLUMN well_persons BIGINT NOT NULL DEFAULT 0;"
     "CREATE TABLE tariffs ("
     "  id @ID@,"
     "  tariff_id TEXT NOT NULL UNIQUE,"
     "  service TEXT NOT NULL,"
     "  effective_from TEXT NOT NULL,"
     "  name TEXT NOT NULL,"
     "  body TEXT NOT NULL,"
     "  sha256 TEXT NOT NULL,"
     "  loaded_by TEXT NOT NULL,"
     "  loaded_at BIGINT NOT NULL);"
     "CREATE UNIQUE INDEX tariffs_version ON tariffs(service, effective_from);"
     "CREATE TABLE bill_runs ("
     "  id @ID@,"
     "  cycle TEXT NOT NULL,"
     "  grp TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  dry_run BIGINT NOT NULL DEFAULT 0,"
     "  started_by TEXT NOT NULL,"
     "  started_at BIGINT NOT NULL,"
     "  heartbeat_at BIGINT NOT NULL,"
     "  pid BIGINT NOT NULL DEFAULT 0,"
     "  finished_at BIGINT,"
     "  total_taps BIGINT NOT NULL DEFAULT 0,"
     "  done_taps BIGINT NOT NULL DEFAULT 0,"
     "  billed BIGINT NOT NULL DEFAULT 0,"
     "  skipped BIGINT NOT NULL DEFAULT 0,"
     "  summary TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX bill_runs_cycle ON bill_runs(cycle, started_at);"
     "CREATE TABLE bills ("
     "  id @ID@,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
     "  reading_id BIGINT NOT NULL REFERENCES readings(id),"
     "  run_id BIGINT,"
     "  cycle TEXT NOT NULL,"
     "  kind TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  replaces BIGINT,"
     "  period_from TEXT NOT NULL,"
     "  period_to TEXT NOT NULL,"
     "  days BIGINT NOT NULL,"
     "  months BIGINT NOT NULL,"
     "  use_code TEXT NOT NULL,"
     "  diameter BIGINT NOT NULL,"
     "  usage BIGINT NOT NULL,"
     "  estimated BIGINT NOT NULL,"
     "  sewer_operator TEXT NOT NULL,"
     "  sewer_usage BIGINT NOT NULL,"
     "  water_yen BIGINT NOT NULL,"
     "  sewer_yen BIGINT NOT NULL,"
     "  adjust_yen BIGINT NOT NULL,"
     "  tax_yen BIGINT NOT NULL,"
     "  total_yen BIGINT NOT NULL,"
     "  paid_yen BIGINT NOT NULL DEFAULT 0,"
     "  water_tariff TEXT NOT NULL,"
     "  sewer_tariff TEXT NOT NULL,"
     "  lines TEXT NOT NULL,"
     "  issued_on TEXT NOT NULL,"
     "  due_on TEXT NOT NULL,"
     "  reason TEXT NOT NULL DEFAULT '',"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  cancelled_at BIGINT);"
     "CREATE UNIQUE INDEX bills_reading ON bills(reading_id) WHERE status = 'current';"
     "CREATE INDEX bills_tap ON bills(tap_id, period_to);"
     "CREATE INDEX bills_cycle ON bills(cycle, status);"
     "CREATE INDEX bills_customer ON bills(customer_id);"
     "CREATE TABLE bill_skips ("
     "  cycle TEXT NOT NULL,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  reason TEXT NOT NULL,"
     "  detail TEXT NOT NULL,"
     "  run_id BIGINT NOT NULL,"
     "  PRIMARY KEY (cycle, tap_id));"
     "CREATE TABLE sewer_deductions ("
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  cycle TEXT NOT NULL,"
     "  m3 BIGINT NOT NULL,"
     "  entered_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  PRIMARY KEY (tap_id, cycle));"
     "CREATE TABLE bill_requests ("
     "  id @ID@,"
     "  kind TEXT NOT NULL,"
     "  bill_id BIGINT REFERENCES bills(id),"
     "  reading_id BIGINT NOT NULL REFERENCES readings(id),"
     "  usage BIGINT,"
     "  leak_m3 BIGINT,"
     "  reason TEXT NOT NULL,"
     "  approval_id BIGINT NOT NULL REFERENCES approvals(id),"
     "  status TEXT NOT NULL,"
     "  new_bill_id BIGINT,"
     "  requested_by TEXT NOT NULL,"
     "  requested_at BIGINT NOT NULL);"
     "CREATE INDEX bill_requests_reading ON bill_requests(reading_id, status);"
     "CREATE UNIQUE INDEX bill_requests_approval ON bill_requests(approval_id);", NULL},
    {5, "slip reissues",
     "CREATE TABLE slip_reissues ("
     "  bill_id BIGINT NOT NULL REFERENCES bills(id),"
     "  reissue BIGINT NOT NULL,"
     "  due_on TEXT NOT NULL,"
     "  amount BIGINT NOT NULL,"
     "  issued_by TEXT NOT NULL,"
     "  issued_at BIGINT NOT NULL,"
     "  PRIMARY KEY (bill_id, reissue));", NULL},
    {6, "collections: payments, allocations, credit, suspense, result files, banks, mandates, debits",
     /* What is still owed and what a flash (速報) promises; how a bill is
      * collected after a failed debit ('' as the tap's method, 'retry', 'slip'). */
     "ALTER TABLE bills ADD COLUMN pending_yen BIGINT NOT NULL DEFAULT 0;"
     "ALTER TABLE bills ADD COLUMN collect TEXT NOT NULL DEFAULT '';"
     /* Every file read from a bank, an agent or a card company: its hash
      * refuses the same file twice. */
     "CREATE TABLE import_files ("
     "  id @ID@,"
     "  kind TEXT NOT NULL,"
     "  name TEXT NOT NULL,"
     "  sha256 TEXT NOT NULL UNIQUE,"
     "  records BIGINT NOT NULL DEFAULT 0,"
     "  amount BIGINT NOT NULL DEFAULT 0,"
     "  posted BIGINT NOT NULL DEFAULT 0,"
     "  suspense BIGINT NOT NULL DEFAULT 0,"
     "  imported_by TEXT NOT NULL,"
     "  imported_at BIGINT NOT NULL);"
     /* Money received (amount > 0) or a reversal of it (amount < 0,
      * reverses = the original).  status 'posted': allocated to bills and
      * credit; 'suspense': matched nothing yet (see suspense). */
     "CREATE TABLE payments ("
     "  id @ID@,"
     "  channel TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  tap_id BIGINT REFERENCES taps(id),"
     "  customer_id BIGINT REFERENCES customers(id),"
     "  bill_id BIGINT REFERENCES bills(id),"
     "  amount BIGINT NOT NULL,"
     "  paid_on TEXT NOT NULL,"
     "  posted_on TEXT NOT NULL,"
     "  ref TEXT NOT NULL,"
     "  file_id BIGINT REFERENCES import_files(id),"
     "  line BIGINT NOT NULL DEFAULT 0,"
     "  reverses BIGINT REFERENCES payments(id),"
     "  reversed_by BIGINT,"
     "  receipt_no TEXT NOT NULL DEFAULT '',"
     "  note TEXT NOT NULL DEFAULT '',"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE UNIQUE INDEX payments_ref ON payments(channel, ref);"
     "CREATE INDEX payments_posted ON payments(posted_on, channel);"
     "CREATE INDEX payments_tap ON payments(tap_id, paid_on);"
     /* Where each yen of a payment went: to a bill (split by service) ... */
     "CREATE TABLE allocations ("
     "  id @ID@,"
     "  payment_id BIGINT NOT NULL REFERENCES payments(id),"
     "  bill_id BIGINT NOT NULL REFERENCES bills(id),"
     "  kind TEXT NOT NULL,"
     "  amount BIGINT NOT NULL,"
     "  water_yen BIGINT NOT NULL,"
     "  sewer_yen BIGINT NOT NULL,"
     "  tax_yen BIGINT NOT NULL,"
     "  posted_on TEXT NOT NULL,"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX allocations_payment ON allocations(payment_id);"
     "CREATE INDEX allocations_bill ON allocations(bill_id);"
     "CREATE INDEX allocations_posted ON allocations(posted_on);"
     /* ... or to the customer's credit (過誤納: + over, − set-off, refund). */
     "CREATE TABLE credits ("
     "  id @ID@,"
     "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  payment_id BIGINT NOT NULL REFERENCES payments(id),"
     "  kind TEXT NOT NULL,"
     "  amount BIGINT NOT NULL,"
     "  bill_id BIGINT REFERENCES bills(id),"
     "  approval_id BIGINT REFERENCES approvals(id),"
     "  posted_on TEXT NOT NULL,"
     "  note TEXT NOT NULL DEFAULT '',"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX credits_customer ON credits(customer_id);"
     "CREATE INDEX credits_tap ON credits(tap_id);"
     "CREATE INDEX credits_payment ON credits(payment_id);"
     "CREATE TABLE refund_requests ("
     "  id @ID@,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
     "  amount BIGINT NOT NULL,"
     "  method TEXT NOT NULL,"
     "  reason TEXT NOT NULL,"
     "  approval_id BIGINT NOT NULL REFERENCES approvals(id),"
     "  status TEXT NOT NULL,"
     "  requested_by TEXT NOT NULL,"
     "  requested_at BIGINT NOT NULL);"
     "CREATE UNIQUE INDEX refund_requests_approval ON refund_requests(approval_id);"
     /* Money that matched nothing, waiting for a person. */
     "CREATE TABLE suspense ("
     "  id @ID@,"
     "  payment_id BIGINT NOT NULL REFERENCES payments(id),"
     "  reason TEXT NOT NULL,"
     "  detail TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  resolved_bill BIGINT REFERENCES bills(id),"
     "  resolved_by TEXT,"
     "  resolved_at BIGINT,"
     "  note TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX suspense_status ON suspense(status, payment_id);"
     /* Flash reports (速報) waiting for their confirmation (確報). */
     "CREATE TABLE payment_flashes ("
     "  id @ID@,"
     "  channel TEXT NOT NULL,"
     "  ref TEXT NOT NULL,"
     "  bill_id BIGINT REFERENCES bills(id),"
     "  amount BIGINT NOT NULL,"
     "  paid_on TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  file_id BIGINT REFERENCES import_files(id),"
     "  created_at BIGINT NOT NULL);"
     "CREATE UNIQUE INDEX payment_flashes_ref ON payment_flashes(channel, ref);"
     /* Banks and branches (npm zengin-code data, refreshed by a command). */
     "CREATE TABLE banks ("
     "  code TEXT PRIMARY KEY,"
     "  name TEXT NOT NULL,"
     "  kana TEXT NOT NULL,"
     "  updated_at BIGINT NOT NULL);"
     "CREATE TABLE bank_branches ("
     "  bank_code TEXT NOT NULL,"
     "  code TEXT NOT NULL,"
     "  name TEXT NOT NULL,"
     "  kana TEXT NOT NULL,"
     "  PRIMARY KEY (bank_code, code));"
     /* Direct-debit mandates (口座振替依頼書): the account number and the
      * holder's kana name are sealed. */
     "CREATE TABLE mandates ("
     "  id @ID@,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
     "  bank TEXT NOT NULL,"
     "  branch TEXT NOT NULL,"
     "  account_type BIGINT NOT NULL,"
     "  account_enc TEXT NOT NULL,"
     "  holder_enc TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  start_on TEXT NOT NULL,"
     "  end_on TEXT,"
     "  first_done BIGINT NOT NULL DEFAULT 0,"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX mandates_tap ON mandates(tap_id, status);"
     "CREATE INDEX mandates_customer ON mandates(customer_id);"
     /* Debit requests sent to the bank, one row per bill, and their results. */
     "CREATE TABLE debit_batches ("
     "  id @ID@,"
     "  debit_on TEXT NOT NULL,"
     "  attempt BIGINT NOT NULL,"
     "  sha256 TEXT NOT NULL,"
     "  records BIGINT NOT NULL,"
     "  amount BIGINT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  result_file_id BIGINT REFERENCES import_files(id),"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX debit_batches_on ON debit_batches(debit_on);"
     "CREATE TABLE debit_items ("
     "  batch_id BIGINT NOT NULL REFERENCES debit_batches(id),"
     "  bill_id BIGINT NOT NULL REFERENCES bills(id),"
     "  mandate_id BIGINT NOT NULL REFERENCES mandates(id),"
     "  amount BIGINT NOT NULL,"
     "  customer_ref TEXT NOT NULL,"
     "  result TEXT NOT NULL DEFAULT '',"
     "  result_text TEXT NOT NULL DEFAULT '',"
     "  payment_id BIGINT REFERENCES payments(id),"
     "  PRIMARY KEY (batch_id, bill_id));"
     "CREATE INDEX debit_items_bill ON debit_items(bill_id);"
     "CREATE INDEX debit_items_ref ON debit_items(customer_ref);", NULL},
    {7, "bill balances apart from the bills",
     /* A bill is a document: once issued, only its status changes.  What
      * collections change on it (paid, pending after a flash report, how
      * it is collected after a failed debit) lives in a narrow row of its
      * own, written only when it differs from nothing paid: posting a
      * month of debits rewrites these few bytes, not the whole bill with
      * its charge lines (a bill row is ~800 bytes). */
     "CREATE TABLE bill_balances ("
     "  bill_id @KEY@ REFERENCES bills(id),"
     "  paid_yen BIGINT NOT NULL DEFAULT 0,"
     "  pending_yen BIGINT NOT NULL DEFAULT 0,"
     "  collect TEXT NOT NULL DEFAULT '');"
     "INSERT INTO bill_balances (bill_id, paid_yen, pending_yen, collect)"
     "  SELECT id, paid_yen, pending_yen, collect FROM bills"
     "  WHERE paid_yen <> 0 OR pending_yen <> 0 OR collect <> '';"
     "ALTER TABLE bills DROP COLUMN paid_yen;"
     "ALTER TABLE bills DROP COLUMN pending_yen;"
     "ALTER TABLE bills DROP COLUMN collect;", NULL},
    {8, "reception: service requests, field work orders, contact log",
     /* A start, stop, name change, mailing-address or payment-method change
      * as received (受付): who filed it and what they said are sealed in
      * detail_enc (JSON).  status: scheduled (waiting for its day or its
      * work order), done, cancelled. */
     "CREATE TABLE service_requests ("
     "  id @ID@,"
     "  kind TEXT NOT NULL,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  customer_id BIGINT REFERENCES customers(id),"
     "  effective_on TEXT NOT NULL,"
     "  source TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  settle TEXT NOT NULL DEFAULT '',"
     "  detail_enc TEXT NOT NULL,"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  done_by TEXT,"
     "  done_at BIGINT);"
     "CREATE INDEX service_requests_tap ON service_requests(tap_id, effective_on);"
     "CREATE INDEX service_requests_status ON service_requests(status, effective_on);"
     /* The field visit a start or stop needs (開栓・閉栓作業): due on the
      * request's day, listed by date and route; completed with the meter
      * reading found (a stop's is its final reading, and the final bill). */
     "CREATE TABLE work_orders ("
     "  id @ID@,"
     "  request_id BIGINT NOT NULL REFERENCES service_requests(id),"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  kind TEXT NOT NULL,"
     "  due_on TEXT NOT NULL,"
     "  route TEXT NOT NULL,"
     "  route_order BIGINT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  reading BIGINT,"
     "  bill_id BIGINT REFERENCES bills(id),"
     "  note TEXT NOT NULL DEFAULT '',"
     "  done_by TEXT,"
     "  done_at BIGINT);"
     "CREATE INDEX work_orders_due ON work_orders(due_on, route, route_order);"
     "CREATE INDEX work_orders_request ON work_orders(request_id);"
     /* 対応履歴: every phone or counter contact, its reason and summary
      * (sealed), and who took it. */
     "CREATE TABLE contacts ("
     "  id @ID@,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  customer_id BIGINT REFERENCES customers(id),"
     "  channel TEXT NOT NULL,"
     "  reason TEXT NOT NULL,"
     "  summary_enc TEXT NOT NULL,"
     "  taken_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX contacts_tap ON contacts(tap_id, created_at);"
     /* Returned mail (不着): the mailing address is doubtful from then until
      * someone checks or changes it (0: not doubtful). */
     "ALTER TABLE customers ADD COLUMN mail_doubtful_since BIGINT NOT NULL DEFAULT 0;", NULL},
    {9, "citizen portal: applications",
     /* A start or stop filed on the portal (24/7).  The form is sealed to the
      * utility's portal public key (sealbox): the portal can write it but
      * never read it back; staff open it.  The resident checks the status
      * with the receipt number and the secret given at filing (only its
      * keyed hash is kept).  On PostgreSQL the portal's role may insert
      * rows and read the status columns, nothing else (`suido portal
      * grant`). */
     "CREATE TABLE applications ("
     "  id @ID@,"
     "  receipt_no TEXT NOT NULL UNIQUE,"
     "  secret_hash TEXT NOT NULL,"
     "  kind TEXT NOT NULL,"
     "  effective_on TEXT NOT NULL,"
     "  payload_sealed TEXT NOT NULL,"
     "  status TEXT NOT NULL DEFAULT 'received',"
     "  reject_reason TEXT NOT NULL DEFAULT '',"
     "  request_id BIGINT,"
     "  created_at BIGINT NOT NULL,"
     "  decided_by TEXT,"
     "  decided_at BIGINT);"
     "CREATE INDEX applications_status ON applications(status, created_at);", NULL},
    {10, "one-time tokens of posting forms, results of files read",
     /* A form that posts money or a request carries a token issued when it
      * was shown (only its hash kept, with the hash of the session): the
      * posting claims it in its own transaction, so the same form sent
      * twice (a reload, a double click) posts once; result names what the
      * first posting made, to answer the second with it. */
     "CREATE TABLE form_tokens ("
     "  token_hash TEXT PRIMARY KEY,"
     "  session_hash TEXT NOT NULL,"
     "  purpose TEXT NOT NULL,"
     "  result TEXT NOT NULL DEFAULT '',"
     "  used_at BIGINT,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX form_tokens_created ON form_tokens(created_at);"
     /* What reading a result file gave (the figures shown after the upload),
      * so that the upload answers with a redirect to a page that can be
      * reloaded: kind 'agent', 'card' or 'debit', summary as JSON. */
     "CREATE TABLE import_results ("
     "  file_id @KEY@ REFERENCES import_files(id),"
     "  kind TEXT NOT NULL,"
     "  summary TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);", NULL},
    {11, "reading imports: who sent each import and its refused rows",
     /* Every import with refused rows keeps them all here (not only the
      * first ones shown in the answer) so that the sender can download the
      * full list, even when an all-or-nothing import stored nothing else.
      * Only tap numbers, line numbers, what the row said and the reason:
      * no personal data.  Kept for APP_IMPORT_KEEP_DAYS (app.h), then purged. */
     "CREATE TABLE reading_imports ("
     "  batch TEXT PRIMARY KEY,"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  mode TEXT NOT NULL,"
     "  applied INTEGER NOT NULL,"
     "  nrows BIGINT NOT NULL,"
     "  refused BIGINT NOT NULL);"
     "CREATE INDEX reading_imports_created ON reading_imports(created_at);"
     "CREATE TABLE reading_import_refusals ("
     "  batch TEXT NOT NULL,"
     "  seq BIGINT NOT NULL,"
     "  line BIGINT NOT NULL,"
     "  tap_no TEXT NOT NULL,"
     "  meter_no TEXT NOT NULL,"
     "  read_on TEXT NOT NULL,"
     "  value TEXT NOT NULL,"
     "  code TEXT NOT NULL,"
     "  message TEXT NOT NULL,"
     "  PRIMARY KEY (batch, seq));", NULL},
    {12, "account approvals' particulars, failed logins for unknown names",
     /* What a pending account approval will do (new role, new password's
      * hash) until a second administrator approves it. */
     "CREATE TABLE user_requests ("
     "  approval_id BIGINT PRIMARY KEY REFERENCES approvals(id),"
     "  user_id BIGINT NOT NULL REFERENCES users(id),"
     "  role TEXT NOT NULL DEFAULT '',"
     "  pw_hash TEXT NOT NULL DEFAULT '',"
     "  must_change BIGINT NOT NULL DEFAULT 0);"
     /* Failed logins for names that are no account, counted and locked
      * exactly like users.failed_count / locked_until, so that a lock does
      * not tell which names exist. */
     "CREATE TABLE login_failures ("
     "  username TEXT PRIMARY KEY,"
     "  failed_count BIGINT NOT NULL,"
     "  locked_until BIGINT NOT NULL,"
     "  updated_at BIGINT NOT NULL);", NULL},
    {13, "summaries of reading imports, for the page the upload redirects to",
     /* Like import_results (migration 10) for payment files: what a reading
      * import applied (counts, first refusals) as JSON, keyed by its batch,
      * so that the office upload answers with a redirect to a page that can
      * be reloaded.  Purged with the refused rows (APP_IMPORT_KEEP_DAYS). */
     "CREATE TABLE reading_import_results ("
     "  batch TEXT PRIMARY KEY,"
     "  summary TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX reading_import_results_created ON reading_import_results(created_at);", NULL},
    {14, "confirmations of billing periods longer than the route's",
     /* A 係長's confirmation that a tap's period of a cycle, far longer
      * than its route group's (skip reason long_period), may be billed:
      * the next billing run bills it.  Kept after billing (who confirmed
      * what is also in the audit log). */
     "CREATE TABLE bill_period_confirms ("
     "  cycle TEXT NOT NULL,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  reading_id BIGINT NOT NULL,"
     "  days BIGINT NOT NULL,"
     "  confirmed_by TEXT NOT NULL,"
     "  confirmed_at BIGINT NOT NULL,"
     "  PRIMARY KEY (cycle, tap_id));", NULL},
    {15, "open bills: the current bills with something left to pay",
     /* Kept by bill_store on every change of a bill's status or paid
      * amount, so that the debit request and the arrears lists read the
      * bills still open, not every bill of every year. */
     "CREATE TABLE bill_open ("
     "  bill_id @KEY@ REFERENCES bills(id),"
     "  due_on TEXT NOT NULL);"
     "CREATE INDEX bill_open_due ON bill_open(due_on);"
     "INSERT INTO bill_open (bill_id, due_on)"
     "  SELECT b.id, b.due_on FROM bills b LEFT JOIN bill_balances x ON x.bill_id = b.id"
     "  WHERE b.status = 'current' AND b.total_yen > COALESCE(x.paid_yen, 0);", NULL},
    {16, "charge lines of bills apart from the bills",
     /* A bill's charge lines (the tariff's breakdown, ~600 bytes of JSON)
      * were four fifths of its row, yet only the page or print of that one
      * bill reads them: every list, the debit request, the slips and the
      * posting of payments seek bill rows and paid for those bytes in pages
      * read and written.  They live in a row of their own, keyed by bill. */
     "CREATE TABLE bill_lines ("
     "  bill_id @KEY@ REFERENCES bills(id),"
     "  lines TEXT NOT NULL);"
     "INSERT INTO bill_lines (bill_id, lines) SELECT id, lines FROM bills;"
     "ALTER TABLE bills DROP COLUMN lines;",
     "bills"},
    {17, "the bill issued in place of a cancelled one",
     /* a cancelled bill's page links to its replacement (few bills are corrected) */
     "CREATE INDEX bills_replaces ON bills(replaces) WHERE replaces IS NOT NULL;", NULL},
    {18, "held readings of every cycle",
     /* the reading menu counts what waits in the held queue, whatever its cycle */
     "CREATE INDEX readings_held ON readings(cycle) WHERE status = 'held';", NULL},
    {19, "urgent reception requests",
     /* 至急: a start or stop taken inside the notice period.  Kept in the
      * clear beside the request (not a personal datum) so that the crew's
      * sheet and the work-order lists show it without opening the sealed
      * detail; requests filed before this carry it only in their detail. */
     "ALTER TABLE service_requests ADD COLUMN urgent BIGINT NOT NULL DEFAULT 0;", NULL},
    {20, "payments waiting in suspense, by the day paid",
     /* the suspense list (未消込) pages through the payments still in
      * suspense in the order of the day paid, filtered by that day, the
      * channel and the amount, which the index carries */
     "CREATE INDEX payments_suspense ON payments(paid_on, id, channel, amount) WHERE status = 'suspense';", NULL},
    {21, "staff members' full names, sealed",
     /* a staff member's 氏名 (shown on receipts and printed pages) is
      * personal data: only its ciphertext (crypto_seal) is kept; '' = none */
     "ALTER TABLE users ADD COLUMN full_name_enc TEXT NOT NULL DEFAULT '';", NULL},
    {22, "dunning: runs, letters and the notice of each bill and step",
     /* A dunning run (督促・催告・給水停止予告) as of a day, like bill_runs:
      * progress, heartbeat, who and when.  Each letter (one per customer and
      * tap: the stoppage, the karte and the slip's reference are the tap's)
      * lists the bills it reminds of; each bill gets at most one notice per
      * step (the unique key), so a rerun or a resumed run never sends a
      * step twice.  No personal data: names and addresses are read from
      * their sealed rows only when a letter is printed. */
     "CREATE TABLE dunning_runs ("
     "  id @ID@,"
     "  step TEXT NOT NULL,"
     "  as_of TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  started_by TEXT NOT NULL,"
     "  started_at BIGINT NOT NULL,"
     "  heartbeat_at BIGINT NOT NULL,"
     "  pid BIGINT NOT NULL DEFAULT 0,"
     "  finished_at BIGINT,"
     "  total_letters BIGINT NOT NULL DEFAULT 0,"
     "  done_letters BIGINT NOT NULL DEFAULT 0,"
     "  bills BIGINT NOT NULL DEFAULT 0,"
     "  amount BIGINT NOT NULL DEFAULT 0,"
     "  summary TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX dunning_runs_status ON dunning_runs(status);"
     "CREATE TABLE notice_letters ("
     "  id @ID@,"
     "  run_id BIGINT NOT NULL REFERENCES dunning_runs(id),"
     "  step TEXT NOT NULL,"
     "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  issued_on TEXT NOT NULL,"
     "  deadline TEXT NOT NULL,"
     "  stop_on TEXT NOT NULL DEFAULT '',"
     "  bills BIGINT NOT NULL,"
     "  amount BIGINT NOT NULL,"
     "  fee BIGINT NOT NULL DEFAULT 0,"
     "  status TEXT NOT NULL);"
     "CREATE INDEX notice_letters_run ON notice_letters(run_id, id);"
     "CREATE INDEX notice_letters_tap ON notice_letters(tap_id, issued_on);"
     "CREATE TABLE notices ("
     "  id @ID@,"
     "  letter_id BIGINT NOT NULL REFERENCES notice_letters(id),"
     "  run_id BIGINT NOT NULL REFERENCES dunning_runs(id),"
     "  step TEXT NOT NULL,"
     "  bill_id BIGINT NOT NULL REFERENCES bills(id),"
     "  customer_id BIGINT NOT NULL,"
     "  tap_id BIGINT NOT NULL,"
     "  issued_on TEXT NOT NULL,"
     "  deadline TEXT NOT NULL,"
     "  amount BIGINT NOT NULL,"
     "  status TEXT NOT NULL);"
     "CREATE UNIQUE INDEX notices_bill_step ON notices(bill_id, step);"
     "CREATE INDEX notices_letter ON notices(letter_id);", NULL},
    {23, "arrears: negotiation records and instalment pledges",
     /* 交渉記録: one row per talk with a customer about their debt; what
      * was said is personal data (text_enc, crypto_seal).  分納誓約: a
      * pledge covers some of a customer's overdue bills (pledge_bills,
      * with the balance each had) and is paid by dated instalments
      * (pledge_instalments) whose sum is the debt covered.  The status is
      * 'active' | 'kept' | 'breached' | 'cancelled' (the stoppage list
      * leaves out the taps of an active pledge). */
     "CREATE TABLE negotiations ("
     "  id @ID@,"
     "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
     "  held_on TEXT NOT NULL,"
     "  channel TEXT NOT NULL,"
     "  staff TEXT NOT NULL,"
     "  text_enc TEXT NOT NULL,"
     "  next_action TEXT NOT NULL DEFAULT '',"
     "  next_on TEXT NOT NULL DEFAULT '',"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX negotiations_customer ON negotiations(customer_id, held_on);"
     "CREATE TABLE pledges ("
     "  id @ID@,"
     "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
     "  pledged_on TEXT NOT NULL,"
     "  status TEXT NOT NULL CHECK (status IN ('active', 'kept', 'breached', 'cancelled')),"
     "  total BIGINT NOT NULL,"
     "  instalments BIGINT NOT NULL,"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  closed_on TEXT NOT NULL DEFAULT '',"
     "  closed_at BIGINT NOT NULL DEFAULT 0);"
     "CREATE INDEX pledges_customer ON pledges(customer_id, id);"
     "CREATE INDEX pledges_status ON pledges(status);"
     "CREATE TABLE pledge_bills ("
     "  pledge_id BIGINT NOT NULL REFERENCES pledges(id),"
     "  bill_id BIGINT NOT NULL REFERENCES bills(id),"
     "  amount BIGINT NOT NULL,"
     "  PRIMARY KEY (pledge_id, bill_id));"
     "CREATE INDEX pledge_bills_bill ON pledge_bills(bill_id);"
     "CREATE TABLE pledge_instalments ("
     "  pledge_id BIGINT NOT NULL REFERENCES pledges(id),"
     "  seq BIGINT NOT NULL,"
     "  due_on TEXT NOT NULL,"
     "  amount BIGINT NOT NULL,"
     "  PRIMARY KEY (pledge_id, seq));", NULL},
    {24, "supply stoppage: exemptions, the day a tap was stopped, work order results",
     /* 給水停止: a tap is never a stoppage candidate while flagged sensitive
      * (hospital, care home: stop_sensitive) or a welfare case
      * (stop_welfare).  stopped_on is the day its supply was stopped (the
      * tap is then 'suspended' for that reason; '' otherwise).  A work
      * order's result says how a stoppage or reopening visit ended
      * (stopped, absent, paid, reopened; '' for the others).  The indexes
      * find the 予告 letters whose stoppage date has come, and the taps
      * stopped. */
     "ALTER TABLE taps ADD COLUMN stop_sensitive BIGINT NOT NULL DEFAULT 0;"
     "ALTER TABLE taps ADD COLUMN stop_welfare BIGINT NOT NULL DEFAULT 0;"
     "ALTER TABLE taps ADD COLUMN stopped_on TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE work_orders ADD COLUMN result TEXT NOT NULL DEFAULT '';"
     "CREATE INDEX work_orders_tap ON work_orders(tap_id, kind, status);"
     "CREATE INDEX taps_stopped ON taps(stopped_on);"
     "CREATE INDEX notice_letters_stop ON notice_letters(step, stop_on);", NULL},
    {25, "limitation acts (援用・債権放棄) and write-offs (不納欠損)",
     /* A water claim past its barred_from is written off only after the
      * debtor invoked limitation (援用) or the utility waived it
      * (債権放棄): one act per claim (bill, service).  A write-off is
      * proposed by one member of staff for chosen bills (writeoff_items,
      * the unpaid water and sewer parts as proposed) and approved by
      * another through the approvals; on approval each bill gets its row in
      * bill_writeoffs and leaves the open bills (bill_open) for good. */
     "CREATE TABLE limitation_acts ("
     "  id @ID@,"
     "  bill_id BIGINT NOT NULL REFERENCES bills(id),"
     "  service TEXT NOT NULL,"
     "  kind TEXT NOT NULL,"
     "  act_on TEXT NOT NULL,"
     "  how TEXT NOT NULL,"
     "  recorded_by TEXT NOT NULL,"
     "  recorded_at BIGINT NOT NULL);"
     "CREATE UNIQUE INDEX limitation_acts_claim ON limitation_acts(bill_id, service);"
     "CREATE TABLE writeoffs ("
     "  id @ID@,"
     "  approval_id BIGINT NOT NULL,"
     "  reason TEXT NOT NULL,"
     "  reason_text TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  bills BIGINT NOT NULL,"
     "  amount BIGINT NOT NULL,"
     "  proposed_by TEXT NOT NULL,"
     "  proposed_at BIGINT NOT NULL,"
     "  decided_by TEXT NOT NULL DEFAULT '',"
     "  decided_on TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX writeoffs_approval ON writeoffs(approval_id);"
     "CREATE INDEX writeoffs_decided ON writeoffs(decided_on);"
     "CREATE TABLE writeoff_items ("
     "  writeoff_id BIGINT NOT NULL REFERENCES writeoffs(id),"
     "  bill_id BIGINT NOT NULL REFERENCES bills(id),"
     "  water_yen BIGINT NOT NULL,"
     "  sewer_yen BIGINT NOT NULL,"
     "  PRIMARY KEY (writeoff_id, bill_id));"
     "CREATE INDEX writeoff_items_bill ON writeoff_items(bill_id);"
     "CREATE TABLE bill_writeoffs ("
     "  bill_id @KEY@ REFERENCES bills(id),"
     "  writeoff_id BIGINT NOT NULL REFERENCES writeoffs(id),"
     "  water_yen BIGINT NOT NULL,"
     "  sewer_yen BIGINT NOT NULL);", NULL},
    {26, "late charges (延滞金・督促手数料) as receivables of their own",
     /* A late charge is owed apart from the bill it arose from and never
      * enters bill_open, so that the open bills and their lists stay the
      * principal's.  kind 'surcharge' (延滞金: per bill and service, assessed
      * on the day of the payment that completed the principal; basis is the
      * computation's parts as JSON, no personal data) or 'fee' (督促手数料:
      * one per 督促 letter, letter_id; bill_id is the first bill it covers,
      * service '').  payment_id is the payment that completed the principal
      * (a reversal of it cancels the charge while nothing is paid on it).
      * status 'open' | 'paid' | 'waived' (減免 by a 係長, waived_reason) |
      * 'cancelled' (a cancelled charge leaves its unique key free: the bill
      * paid again later is assessed again).  What was paid on a charge is in late_charge_payments
      * (one row per payment; a reversal adds its negative row). */
     "CREATE TABLE late_charges ("
     "  id @ID@,"
     "  kind TEXT NOT NULL CHECK (kind IN ('surcharge', 'fee')),"
     "  service TEXT NOT NULL,"
     "  bill_id BIGINT NOT NULL REFERENCES bills(id),"
     "  letter_id BIGINT NOT NULL DEFAULT 0,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  customer_id BIGINT NOT NULL REFERENCES customers(id),"
     "  amount BIGINT NOT NULL,"
     "  basis TEXT NOT NULL DEFAULT '',"
     "  assessed_on TEXT NOT NULL,"
     "  due_on TEXT NOT NULL,"
     "  payment_id BIGINT NOT NULL DEFAULT 0,"
     "  paid_yen BIGINT NOT NULL DEFAULT 0,"
     "  status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'waived', 'cancelled')),"
     "  waived_reason TEXT NOT NULL DEFAULT '',"
     "  closed_by TEXT NOT NULL DEFAULT '',"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE UNIQUE INDEX late_charges_claim ON late_charges(bill_id, service)"
     "  WHERE kind = 'surcharge' AND status <> 'cancelled';"
     "CREATE UNIQUE INDEX late_charges_letter ON late_charges(letter_id) WHERE kind = 'fee' AND status <> 'cancelled';"
     "CREATE INDEX late_charges_tap ON late_charges(tap_id) WHERE status = 'open';"
     "CREATE INDEX late_charges_customer ON late_charges(customer_id) WHERE status = 'open';"
     "CREATE INDEX late_charges_payment ON late_charges(payment_id) WHERE payment_id > 0;"
     "CREATE TABLE late_charge_payments ("
     "  id @ID@,"
     "  payment_id BIGINT NOT NULL REFERENCES payments(id),"
     "  charge_id BIGINT NOT NULL REFERENCES late_charges(id),"
     "  amount BIGINT NOT NULL,"
     "  posted_on TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX late_charge_payments_payment ON late_charge_payments(payment_id);"
     "CREATE INDEX late_charge_payments_charge ON late_charge_payments(charge_id);"
     "CREATE INDEX late_charge_payments_posted ON late_charge_payments(posted_on);", NULL},
    {27, "works: the designated contractors master (指定給水装置工事事業者) and chief engineers",
     /* A designated contractor (issue 18 item 1): designation_no (指定番号,
      * normalised by domain/works/works_contractor), 商号 and its kana, the
      * business's address and phone (a firm's, not a person's: plain), the
      * representative's name (a person: sealed, crypto_seal), the day
      * designated and the current expiry (valid_until, moved on by each
      * renewal: domain/works/works_contractor).  status is the last act:
      * 'active' | 'suspended' (suspended_from..suspended_until)
      * | 'revoked' (revoked_on); version counts the changes (an edit made
      * from an older version is refused).  Its chief engineers (給水装置工事主任技術者):
      * licence_no (免状番号), name sealed, registered_on, removed_on ('' =
      * still registered).  Every act is an event row (never updated):
      * from_on/until_on carry the suspension period or the day of the act,
      * reason_enc the reason (sealed: it may be about a person), changes
      * JSON of what changed without personal data.  The indexes serve the
      * list's searches (kana prefix, status, expiry) and the history. */
     "CREATE TABLE works_contractors ("
     "  id @ID@,"
     "  designation_no TEXT NOT NULL UNIQUE,"
     "  name TEXT NOT NULL,"
     "  name_kana TEXT NOT NULL,"
     "  address TEXT NOT NULL,"
     "  phone TEXT NOT NULL,"
     "  representative_enc TEXT NOT NULL,"
     "  designated_on TEXT NOT NULL,"
     "  valid_until TEXT NOT NULL,"
     "  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),"
     "  suspended_from TEXT NOT NULL DEFAULT '',"
     "  suspended_until TEXT NOT NULL DEFAULT '',"
     "  revoked_on TEXT NOT NULL DEFAULT '',"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  updated_by TEXT NOT NULL,"
     "  updated_at BIGINT NOT NULL,"
     "  version BIGINT NOT NULL DEFAULT 1);"
     "CREATE INDEX works_contractors_kana ON works_contractors(name_kana);"
     "CREATE INDEX works_contractors_until ON works_contractors(valid_until) WHERE status <> 'revoked';"
     "CREATE INDEX works_contractors_status ON works_contractors(status, designation_no);"
     "CREATE TABLE works_engineers ("
     "  id @ID@,"
     "  contractor_id BIGINT NOT NULL REFERENCES works_contractors(id),"
     "  licence_no TEXT NOT NULL,"
     "  name_enc TEXT NOT NULL,"
     "  registered_on TEXT NOT NULL,"
     "  removed_on TEXT NOT NULL DEFAULT '',"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX works_engineers_contractor ON works_engineers(contractor_id, removed_on);"
     "CREATE INDEX works_engineers_licence ON works_engineers(licence_no);"
     "CREATE TABLE works_contractor_events ("
     "  id @ID@,"
     "  contractor_id BIGINT NOT NULL REFERENCES works_contractors(id),"
     "  kind TEXT NOT NULL CHECK (kind IN ('designated', 'edited', 'renewed', 'suspended', 'reinstated',"
     "    'revoked', 'engineer_added', 'engineer_removed')),"
     "  from_on TEXT NOT NULL DEFAULT '',"
     "  until_on TEXT NOT NULL DEFAULT '',"
     "  reason_enc TEXT NOT NULL DEFAULT '',"
     "  changes TEXT NOT NULL DEFAULT '{}',"
     "  done_by TEXT NOT NULL,"
     "  done_at BIGINT NOT NULL);"
     "CREATE INDEX works_contractor_events_contractor ON works_contractor_events(contractor_id, id);", NULL},
    {28, "works applications: dwellings, steps, attachments, charges",
     /* 給水装置工事の申込 (docs/works.md).  number is shown ("R8-00001":
      * the 令和 year of the fiscal year fy, April to March, and seq within
      * it).  type new|remodel|removal|branch|complex; status per
      * domain/works/works_progress.h, status_on the date of its latest
      * step (what the overdue search measures from).  The owner's and the
      * applicant's names and phones, the address and the free texts are
      * sealed (_enc) like customers'; the place is the 町丁目 (area_code)
      * plus the sealed rest, as taps hold it; tap_id is the existing tap
      * the place was matched to (0: none; required for remodel and
      * removal).  contractor_id / engineer_id name the designated
      * contractor and its chief engineer (works_contractors, migration 27).
      * A complex (特団) has one row per dwelling in works_dwellings.  The
      * steps are the trail (works_steps); attachments are files in the
      * data directory, never in the web root (works_attachments: the path
      * relative to works.attachment_dir); works_charges are the 加入金 and
      * fees assessed at 受付 from the table in force on received_on, with
      * the step before which each is due and what is paid on it.
      * works_numbers holds the last number given in each fiscal year (one
      * row locked per number: two clerks entering at once get two). */
     "CREATE TABLE works_applications ("
     "  id @ID@,"
     "  fy BIGINT NOT NULL,"
     "  seq BIGINT NOT NULL,"
     "  number TEXT NOT NULL UNIQUE,"
     "  type TEXT NOT NULL CHECK (type IN ('new', 'remodel', 'removal', 'branch', 'complex')),"
     "  status TEXT NOT NULL,"
     "  status_on TEXT NOT NULL,"
     "  received_on TEXT NOT NULL,"
     "  contractor_id BIGINT NOT NULL DEFAULT 0,"
     "  engineer_id BIGINT NOT NULL DEFAULT 0,"
     "  owner_name_enc TEXT NOT NULL,"
     "  owner_phone_enc TEXT NOT NULL,"
     "  applicant_name_enc TEXT NOT NULL,"
     "  applicant_phone_enc TEXT NOT NULL,"
     "  area_code TEXT NOT NULL REFERENCES areas(code),"
     "  address_enc TEXT NOT NULL,"
     "  tap_id BIGINT NOT NULL DEFAULT 0,"
     "  diameter BIGINT NOT NULL,"
     "  old_diameter BIGINT NOT NULL DEFAULT 0,"
     "  dwellings BIGINT NOT NULL DEFAULT 1,"
     "  meter_count BIGINT NOT NULL DEFAULT 1,"
     "  meter_place TEXT NOT NULL DEFAULT '',"
     "  use_code TEXT NOT NULL,"
     "  consent_land_on TEXT NOT NULL DEFAULT '',"
     "  consent_house_on TEXT NOT NULL DEFAULT '',"
     "  consent_party_on TEXT NOT NULL DEFAULT '',"
     "  fee_table TEXT NOT NULL DEFAULT '',"
     "  cancel_reason_enc TEXT NOT NULL DEFAULT '',"
     "  reviewed_on TEXT NOT NULL DEFAULT '',"
     "  approved_on TEXT NOT NULL DEFAULT '',"
     "  paid_on TEXT NOT NULL DEFAULT '',"
     "  started_on TEXT NOT NULL DEFAULT '',"
     "  inspected_on TEXT NOT NULL DEFAULT '',"
     "  completed_on TEXT NOT NULL DEFAULT '',"
     "  cancelled_on TEXT NOT NULL DEFAULT '',"
     "  entered_by TEXT NOT NULL,"
     "  version BIGINT NOT NULL DEFAULT 1,"
     "  created_at BIGINT NOT NULL,"
     "  updated_at BIGINT NOT NULL,"
     "  UNIQUE (fy, seq));"
     "CREATE INDEX works_applications_status ON works_applications(status, status_on);"
     "CREATE INDEX works_applications_received ON works_applications(received_on);"
     "CREATE INDEX works_applications_contractor ON works_applications(contractor_id, received_on);"
     "CREATE INDEX works_applications_area ON works_applications(area_code, received_on);"
     "CREATE INDEX works_applications_tap ON works_applications(tap_id) WHERE tap_id > 0;"
     "CREATE TABLE works_dwellings ("
     "  application_id BIGINT NOT NULL REFERENCES works_applications(id),"
     "  no BIGINT NOT NULL,"
     "  label TEXT NOT NULL,"
     "  diameter BIGINT NOT NULL,"
     "  tap_id BIGINT NOT NULL DEFAULT 0,"
     "  PRIMARY KEY (application_id, no));"
     "CREATE TABLE works_steps ("
     "  id @ID@,"
     "  application_id BIGINT NOT NULL REFERENCES works_applications(id),"
     "  step TEXT NOT NULL,"
     "  result TEXT NOT NULL DEFAULT '',"
     "  status TEXT NOT NULL,"
     "  step_on TEXT NOT NULL,"
     "  taken_by TEXT NOT NULL,"
     "  note_enc TEXT NOT NULL DEFAULT '',"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX works_steps_application ON works_steps(application_id, id);"
     "CREATE TABLE works_attachments ("
     "  id @ID@,"
     "  application_id BIGINT NOT NULL REFERENCES works_applications(id),"
     "  name_enc TEXT NOT NULL,"
     "  content_type TEXT NOT NULL,"
     "  size BIGINT NOT NULL,"
     "  sha256 TEXT NOT NULL,"
     "  path TEXT NOT NULL UNIQUE,"
     "  added_by TEXT NOT NULL,"
     "  added_at BIGINT NOT NULL);"
     "CREATE INDEX works_attachments_application ON works_attachments(application_id);"
     "CREATE TABLE works_charges ("
     "  id @ID@,"
     "  application_id BIGINT NOT NULL REFERENCES works_applications(id),"
     "  seq BIGINT NOT NULL,"
     "  code TEXT NOT NULL,"
     "  name TEXT NOT NULL,"
     "  yen BIGINT NOT NULL,"
     "  tax BIGINT NOT NULL,"
     "  due TEXT NOT NULL CHECK (due IN ('approval', 'start')),"
     "  paid_yen BIGINT NOT NULL DEFAULT 0,"
     "  UNIQUE (application_id, seq));"
     "CREATE TABLE works_numbers ("
     "  fy BIGINT PRIMARY KEY,"
     "  last BIGINT NOT NULL);", NULL},
    {29, "works receipts through collections, settlements (追徴・還付)",
     /* A works slip's money (reference mark '7', docs/works.md) is a
      * payments row of its channel with no tap, customer nor bill, and one
      * works_payments row per charge it paid (kind kanyukin | fee, the tax
      * contained in the amount); a reversal adds the negative rows and
      * takes the charges' paid_yen back.  A change of an application
      * before 完了 is a works_settlements row (the figures before and after
      * as JSON, no personal data; the reason sealed): a difference to pay
      * adds works_charges rows of origin 'additional' (追徴) with the
      * settlement's id; an overpayment is a works_refunds row, requested,
      * approved by a second person (approvals, kind works.refund), then
      * paid out on paid_on (計上日) with works_refund_items per charge
      * (each charge's refunded_yen; its paid_yen stays what was received).
      * refundable is the fee table's flag of the charge (1 unless the
      * table says "refundable": false). */
     "ALTER TABLE works_charges ADD COLUMN origin TEXT NOT NULL DEFAULT 'assessed';"
     "ALTER TABLE works_charges ADD COLUMN refundable BIGINT NOT NULL DEFAULT 1;"
     "ALTER TABLE works_charges ADD COLUMN refunded_yen BIGINT NOT NULL DEFAULT 0;"
     "ALTER TABLE works_charges ADD COLUMN settlement_id BIGINT NOT NULL DEFAULT 0;"
     "CREATE TABLE works_payments ("
     "  id @ID@,"
     "  payment_id BIGINT NOT NULL REFERENCES payments(id),"
     "  application_id BIGINT NOT NULL REFERENCES works_applications(id),"
     "  charge_id BIGINT NOT NULL REFERENCES works_charges(id),"
     "  kind TEXT NOT NULL CHECK (kind IN ('kanyukin', 'fee')),"
     "  amount BIGINT NOT NULL,"
     "  tax BIGINT NOT NULL,"
     "  posted_on TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX works_payments_payment ON works_payments(payment_id);"
     "CREATE INDEX works_payments_application ON works_payments(application_id);"
     "CREATE INDEX works_payments_posted ON works_payments(posted_on);"
     "CREATE TABLE works_settlements ("
     "  id @ID@,"
     "  application_id BIGINT NOT NULL REFERENCES works_applications(id),"
     "  kind TEXT NOT NULL CHECK (kind IN ('change', 'cancel')),"
     "  reason_enc TEXT NOT NULL,"
     "  before_json TEXT NOT NULL,"
     "  after_json TEXT NOT NULL,"
     "  assessed_yen BIGINT NOT NULL,"
     "  paid_yen BIGINT NOT NULL,"
     "  additional_yen BIGINT NOT NULL,"
     "  refund_yen BIGINT NOT NULL,"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX works_settlements_application ON works_settlements(application_id, id);"
     "CREATE TABLE works_refunds ("
     "  id @ID@,"
     "  application_id BIGINT NOT NULL REFERENCES works_applications(id),"
     "  settlement_id BIGINT NOT NULL REFERENCES works_settlements(id),"
     "  amount BIGINT NOT NULL,"
     "  status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'paid')),"
     "  approval_id BIGINT NOT NULL DEFAULT 0,"
     "  requested_by TEXT NOT NULL,"
     "  requested_at BIGINT NOT NULL,"
     "  paid_on TEXT NOT NULL DEFAULT '',"
     "  paid_by TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX works_refunds_application ON works_refunds(application_id, id);"
     "CREATE INDEX works_refunds_paid ON works_refunds(paid_on) WHERE status = 'paid';"
     "CREATE TABLE works_refund_items ("
     "  refund_id BIGINT NOT NULL REFERENCES works_refunds(id),"
     "  charge_id BIGINT NOT NULL REFERENCES works_charges(id),"
     "  kind TEXT NOT NULL CHECK (kind IN ('kanyukin', 'fee')),"
     "  amount BIGINT NOT NULL,"
     "  tax BIGINT NOT NULL,"
     "  PRIMARY KEY (refund_id, charge_id));", NULL},
    {30, "works hand-over: the meters set at the completion inspection, tap diameter changes",
     /* The hand-over to billing (docs/works.md 「引き渡し」).  works_meters
      * holds the meter recorded by a passing 完成検査 (or 再検査): one row
      * per dwelling of a 特団 (dwelling_no 1..N), else dwelling_no 0; its
      * number, maker, diameter, digits and the dial it was set at; for a
      * 改造 or 撤去, old_final is the dial of the meter taken off (-1:
      * none).  A later passing inspection replaces the rows.  On 完了 the
      * meter is registered and installed at the tap (meters, readings).
      * tap_diameter_changes: a tap's diameter changed on from_on (a 改造's
      * completion): taps.diameter holds the diameter now, and a reading
      * dated before from_on is billed with old_diameter (bill_run_store's
      * candidates), so that the basic charge follows the change from the
      * completion date on.  source names what changed it
      * ("works:<application id>"). */
     "CREATE TABLE works_meters ("
     "  application_id BIGINT NOT NULL REFERENCES works_applications(id),"
     "  dwelling_no BIGINT NOT NULL,"
     "  meter_no TEXT NOT NULL,"
     "  maker TEXT NOT NULL,"
     "  diameter BIGINT NOT NULL,"
     "  digits BIGINT NOT NULL,"
     "  start_value BIGINT NOT NULL,"
     "  old_final BIGINT NOT NULL DEFAULT -1,"
     "  recorded_on TEXT NOT NULL,"
     "  PRIMARY KEY (application_id, dwelling_no));"
     "CREATE TABLE tap_diameter_changes ("
     "  id @ID@,"
     "  tap_id BIGINT NOT NULL REFERENCES taps(id),"
     "  from_on TEXT NOT NULL,"
     "  old_diameter BIGINT NOT NULL,"
     "  new_diameter BIGINT NOT NULL,"
     "  source TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE INDEX tap_diameter_changes_tap ON tap_diameter_changes(tap_id, from_on);", NULL},
    {31, "job runs: the unattended batch jobs and their results",
     /* One row per run of `suido job run NAME -- ...` (app/app_jobs.h):
      * written when the run starts (finished NULL, result NULL) and
      * completed when it ends.  result ok|failed|interrupted; a row left
      * unfinished by a killed runner is shown as 中断 and closed as
      * interrupted by the job's next run.  exit_code is the command's
      * (-N: killed by signal N).  summary is the end of the command's
      * output (counts, snapshot ids: batch commands print no personal
      * data).  alert: '' none needed, sent, no-mta, failed, no-address. */
     "CREATE TABLE job_runs ("
     "  id @ID@,"
     "  job TEXT NOT NULL,"
     "  started_at BIGINT NOT NULL,"
     "  finished_at BIGINT,"
     "  duration_ms BIGINT,"
     "  result TEXT CHECK (result IN ('ok', 'failed', 'interrupted')),"
     "  exit_code BIGINT,"
     "  summary TEXT NOT NULL DEFAULT '',"
     "  host TEXT NOT NULL,"
     "  pid BIGINT NOT NULL,"
     "  alert TEXT NOT NULL DEFAULT '');"
     "CREATE INDEX job_runs_job ON job_runs(job, id);", NULL},
    {32, "works applications by the date of their latest step (the statistics)",
     /* The works statistics (store/works/works_report_store.c) read the
      * applications with a step in a period: their latest step (status_on)
      * is on or after its first day.  Without this index they scanned every
      * application ever received (rows made wide by the sealed columns);
      * docs/performance.md. */
     "CREATE INDEX works_applications_status_on ON works_applications(status_on);", NULL},
    {33, "works applications: the owner's カナ (sealed), passed to the start request of the hand-over",
     /* owner_kana_enc: the フリガナ of the owner (the customer of a 新設's or
      * 私補's start request), sealed like the name; '' when not given
      * (applications entered before, or without one). */
     "ALTER TABLE works_applications ADD COLUMN owner_kana_enc TEXT NOT NULL DEFAULT '';", NULL},
    {35, "import runs: the review report (移行結果確認表) of each import and dry run",
     /* One row per `suido import` (store/interchange/ic_run_store.h),
      * kept whatever its result (a refused import stores no data, but its
      * run and the differences found are kept for the staff's review).
      * kind import|dry-run; result ok|refused.  The items are the report's
      * lines (domain/interchange/ic_review.h): section count|control|
      * sample|diff; personal columns of the samples are masked before they
      * are stored. */
     "CREATE TABLE import_runs ("
     "  id @ID@,"
     "  started_at BIGINT NOT NULL,"
     "  finished_at BIGINT NOT NULL,"
     "  run_by TEXT NOT NULL,"
     "  kind TEXT NOT NULL CHECK (kind IN ('import', 'dry-run')),"
     "  source TEXT NOT NULL,"
     "  mapping TEXT NOT NULL DEFAULT '',"
     "  result TEXT NOT NULL CHECK (result IN ('ok', 'refused')),"
     "  rows_read BIGINT NOT NULL,"
     "  errors BIGINT NOT NULL,"
     "  message TEXT NOT NULL DEFAULT '');"
     "CREATE TABLE import_run_items ("
     "  run_id BIGINT NOT NULL REFERENCES import_runs(id),"
     "  seq BIGINT NOT NULL,"
     "  section TEXT NOT NULL CHECK (section IN ('count', 'control', 'sample', 'diff')),"
     "  file TEXT NOT NULL,"
     "  fy BIGINT NOT NULL,"
     "  name TEXT NOT NULL,"
     "  legacy TEXT NOT NULL,"
     "  loaded TEXT NOT NULL,"
     "  differs BIGINT NOT NULL,"
     "  PRIMARY KEY (run_id, seq));", NULL},
    {37, "meter master and stock: lots, places, history, stocktaking, reorder points",
     /* The meter master (docs/meters.md).  meters stays the one row per
      * physical meter (readings and the exchange point at it); it gains the
      * model, the manufacture lot, the delivery it came in and the
      * contractor holding it.  status is one of domain/meter/meter_status.h
      * and says which kind of place the meter is in; the CHECK on
      * contractor_id keeps that place named exactly when it is needed:
      * contractor_id set exactly when 庫出 (issued), tap_id set when 設置
      * (installed; a removed meter keeps the tap it came from, for the tap's
      * history).  At most one installed meter per tap.  meter_events is the
      * history, only ever inserted: every move with its date, who and why
      * (ref: "receipt:N", "exchange:TAP", "stocktake:N"...); the meters that
      * were here before get one event each, '移行'.  meter_receipts: 庫入,
      * one row per lot delivered (a serial range), against an order or
      * not.  meter_stocktakes/_lines: 棚卸, counted against the book by
      * diameter, with the reason for a difference, approved by a second
      * person (approvals kind meter.stocktake).  meter_reorder_points: the
      * stock below which a diameter is to be ordered. */
     "CREATE TABLE meter_orders ("
     "  id @ID@,"
     "  ordered_on TEXT NOT NULL,"
     "  maker TEXT NOT NULL,"
     "  model TEXT NOT NULL DEFAULT '',"
     "  diameter BIGINT NOT NULL,"
     "  quantity BIGINT NOT NULL CHECK (quantity > 0),"
     "  received BIGINT NOT NULL DEFAULT 0 CHECK (received >= 0),"
     "  note TEXT NOT NULL DEFAULT '',"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "CREATE TABLE meter_receipts ("
     "  id @ID@,"
     "  order_id BIGINT REFERENCES meter_orders(id),"
     "  received_on TEXT NOT NULL,"
     "  maker TEXT NOT NULL,"
     "  model TEXT NOT NULL DEFAULT '',"
     "  diameter BIGINT NOT NULL,"
     "  digits BIGINT NOT NULL,"
     "  lot TEXT NOT NULL DEFAULT '',"
     "  certified_until TEXT NOT NULL,"
     "  serial_from TEXT NOT NULL,"
     "  serial_to TEXT NOT NULL,"
     "  quantity BIGINT NOT NULL CHECK (quantity > 0),"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL);"
     "ALTER TABLE meters ADD COLUMN model TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE meters ADD COLUMN lot TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE meters ADD COLUMN receipt_id BIGINT REFERENCES meter_receipts(id);"
     "ALTER TABLE meters ADD COLUMN contractor_id BIGINT REFERENCES works_contractors(id)"
     "  CHECK (status IN ('ordered', 'stock', 'issued', 'installed', 'removed', 'repair', 'testing', 'scrapped')"
     "    AND (contractor_id IS NOT NULL) = (status = 'issued')"
     "    AND (status <> 'installed' OR tap_id IS NOT NULL));"
     "CREATE UNIQUE INDEX meters_one_per_tap ON meters(tap_id) WHERE status = 'installed';"
     "CREATE INDEX meters_status ON meters(status, diameter);"
     "CREATE INDEX meters_contractor ON meters(contractor_id) WHERE contractor_id IS NOT NULL;"
     "CREATE TABLE meter_events ("
     "  id @ID@,"
     "  meter_id BIGINT NOT NULL REFERENCES meters(id),"
     "  on_date TEXT NOT NULL,"
     "  from_status TEXT NOT NULL,"
     "  to_status TEXT NOT NULL,"
     "  tap_id BIGINT REFERENCES taps(id),"
     "  contractor_id BIGINT REFERENCES works_contractors(id),"
     "  ref TEXT NOT NULL DEFAULT '',"
     "  note TEXT NOT NULL DEFAULT '',"
     "  done_by TEXT NOT NULL,"
     "  done_at BIGINT NOT NULL);"
     "CREATE INDEX meter_events_meter ON meter_events(meter_id, id);"
     "INSERT INTO meter_events (meter_id, on_date, from_status, to_status, tap_id, ref, note, done_by, done_at)"
     "  SELECT id, COALESCE(removed_on, installed_on, ''), '', status, tap_id, 'migration', '移行', 'migration',"
     "  created_at FROM meters;"
     "CREATE TABLE meter_stocktakes ("
     "  id @ID@,"
     "  counted_on TEXT NOT NULL,"
     "  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),"
     "  approval_id BIGINT REFERENCES approvals(id),"
     "  note TEXT NOT NULL DEFAULT '',"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  decided_by TEXT NOT NULL DEFAULT '',"
     "  decided_on TEXT NOT NULL DEFAULT '');"
     "CREATE TABLE meter_stocktake_lines ("
     "  stocktake_id BIGINT NOT NULL REFERENCES meter_stocktakes(id),"
     "  diameter BIGINT NOT NULL,"
     "  book BIGINT NOT NULL CHECK (book >= 0),"
     "  counted BIGINT NOT NULL CHECK (counted >= 0),"
     "  reason TEXT NOT NULL DEFAULT '',"
     "  PRIMARY KEY (stocktake_id, diameter));"
     "CREATE TABLE meter_reorder_points ("
     "  diameter BIGINT PRIMARY KEY,"
     "  point BIGINT NOT NULL CHECK (point >= 0),"
     "  updated_by TEXT NOT NULL,"
     "  updated_at BIGINT NOT NULL);", NULL},
    {38, "meter replacement: the test flush of a new meter, the expiry plan's index",
     /* The test flush (試験通水量) run through a new meter at its setting is
      * kept on its start reading and taken off the period's usage
      * (domain/meter/meter_exchange.h); the replacement plan reads the
      * installed meters by certification expiry (docs/meters.md). */
     "ALTER TABLE readings ADD COLUMN flush_m3 BIGINT NOT NULL DEFAULT 0 CHECK (flush_m3 >= 0);"
     "CREATE INDEX meters_expiry ON meters(certified_until) WHERE status = 'installed';", NULL},
    {39, "sewer data sent to other municipalities; indexes of the consistency lists",
     /* 他市町下水データ (docs/sewer_transfer.md).  One sewer_xfer_batches row
      * per file made for an operator's cycle: batch_no 1 is the cycle's
      * first file, each later one (--corrections) its differences.
      * sewer_xfer_records holds what each file said, record by record, so
      * that a file is made again byte for byte and the differences are
      * against what the operator was sent, never against bills as they are
      * now: entry 'new' (a bill sent) or 'cancel' (a bill sent before and
      * withdrawn, with the values it was sent with).  The user's name and
      * the place are sealed like customers'.  The consistency lists
      * (docs/consistency.md) walk bills by cycle and taps; bills_tap_cycle
      * finds a tap's bills of the cycles before. */
     "CREATE TABLE sewer_xfer_batches ("
     "  id @ID@,"
     "  operator TEXT NOT NULL,"
     "  cycle TEXT NOT NULL,"
     "  batch_no BIGINT NOT NULL CHECK (batch_no >= 1),"
     "  records BIGINT NOT NULL,"
     "  water_m3 BIGINT NOT NULL,"
     "  sewer_m3 BIGINT NOT NULL,"
     "  created_by TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL,"
     "  UNIQUE (operator, cycle, batch_no));"
     "CREATE TABLE sewer_xfer_records ("
     "  batch_id BIGINT NOT NULL REFERENCES sewer_xfer_batches(id),"
     "  seq BIGINT NOT NULL,"
     "  entry TEXT NOT NULL CHECK (entry IN ('new', 'cancel')),"
     "  bill_id BIGINT NOT NULL REFERENCES bills(id),"
     "  tap_no TEXT NOT NULL,"
     "  place_enc TEXT NOT NULL,"
     "  user_enc TEXT NOT NULL,"
     "  period_from TEXT NOT NULL,"
     "  period_to TEXT NOT NULL,"
     "  water_m3 BIGINT NOT NULL,"
     "  deduct_m3 BIGINT NOT NULL,"
     "  well_m3 BIGINT NOT NULL,"
     "  sewer_m3 BIGINT NOT NULL,"
     "  PRIMARY KEY (batch_id, seq));"
     "CREATE INDEX bills_tap_cycle ON bills(tap_id, cycle) WHERE status = 'current';", NULL},
    {40, "statistics: service requests by the time received, meter history by date, readings by cycle (covering)",
     /* The reception statistics (store/stats/stats_reception_store.c)
      * count the requests received in a period and the meter statistics
      * (stats_meter_store.c) the moves of a period: without the first two
      * they read every request and every move ever recorded.  The reading
      * statistics (stats_reading_store.c) read a fiscal year's readings
      * (1.4 million at 120,000 taps) from readings_stats alone, without
      * the rows (docs/statistics.md 「検針統計」: 40 % less time on SQLite). */
     "CREATE INDEX service_requests_created ON service_requests(created_at);"
     "CREATE INDEX meter_events_on ON meter_events(on_date);"
     "CREATE INDEX readings_stats ON readings(cycle, tap_id, kind, status, entered_by, reasons);", NULL},
    {42, "allocations by the day posted with their bill and amount",
     /* the statistics (収納統計) sum a year of allocations by their bill's
      * cycle: read from the index alone, not each allocation's row */
     "CREATE INDEX allocations_posted_bill ON allocations(posted_on, bill_id, amount);", NULL},
    {43, "statistics: the allocations summed by day, channel and bill cycle; the bills' covering indexes",
     /* The 収納統計 sum up to two years of allocations (millions at 120,000
      * taps) by channel and bill cycle, each allocation with its payment
      * and bill looked up: too slow for a month's report in a second.
      * allocation_days holds those sums; alloc_store adds each insert of
      * allocations to it in the same statement batch and transaction
      * (allocations are never updated or deleted).  Filled here from the
      * allocations; derived: not carried, rebuilt after an import. */
     "CREATE TABLE allocation_days ("
     "  posted_on TEXT NOT NULL,"
     "  channel TEXT NOT NULL,"
     "  cycle TEXT NOT NULL,"
     "  allocations BIGINT NOT NULL,"
     "  amount BIGINT NOT NULL,"
     "  PRIMARY KEY (posted_on, channel, cycle));"
     "INSERT INTO allocation_days (posted_on, channel, cycle, allocations, amount)"
     " SELECT a.posted_on, CASE WHEN a.kind = 'setoff' THEN 'setoff' ELSE p.channel END, b.cycle, COUNT(*),"
     " SUM(a.amount) FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN bills b ON b.id = a.bill_id"
     " GROUP BY a.posted_on, CASE WHEN a.kind = 'setoff' THEN 'setoff' ELSE p.channel END, b.cycle;"
     /* The 調定 cube, the taps billed and the year's 調定額 read a fiscal
      * year's bills (1.4 million at 120,000 taps) from bills_stats alone,
      * not the rows; the open bills (aging, carry-over) each bill's cycle
      * and total from bills_current_total, not its row (stats_collect_store:
      * a page per bill otherwise). */
     "CREATE INDEX bills_stats ON bills(cycle, status, use_code, diameter, sewer_operator, kind, tap_id, usage,"
     " sewer_usage, water_yen, sewer_yen, adjust_yen, tax_yen, total_yen);"
     "CREATE INDEX bills_current_total ON bills(id, status, cycle, total_yen) WHERE status = 'current';", NULL},
    {46, "the consistency lists' counts as last taken, for home",
     /* app_check_counts_recent (docs/consistency.md): home shows the
      * newest billed cycle's counts kept here by the 点検 page, `suido
      * check run` and the monthly job, and counts afresh when they are
      * older than [checks] home_max_age.  Derived: never carried. */
     "CREATE TABLE check_counts ("
     "  cycle TEXT NOT NULL,"
     "  kind TEXT NOT NULL,"
     "  n BIGINT NOT NULL,"
     "  counted_at BIGINT NOT NULL,"
     "  PRIMARY KEY (cycle, kind));", NULL},
    {47, "open bills with their cycle and what is owed",
     /* The 収納統計's aging and carry-over sum the open bills by due day
      * and cycle: with each bill's cycle and what is owed of it (total less
      * paid) kept on its bill_open row (bill_store's open_sync recomputes
      * the row on every change of status or paid amount), they read that
      * one narrow table, not two index probes per open bill (88,673 at
      * 120,000 taps: 1 s on PostgreSQL).  bills_current_total served only
      * those probes: dropped, one index less written with each bill. */
     "ALTER TABLE bill_open ADD COLUMN cycle TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE bill_open ADD COLUMN owed_yen BIGINT NOT NULL DEFAULT 0;"
     "UPDATE bill_open SET cycle = (SELECT b.cycle FROM bills b WHERE b.id = bill_open.bill_id),"
     " owed_yen = (SELECT b.total_yen - COALESCE(x.paid_yen, 0) FROM bills b"
     "  LEFT JOIN bill_balances x ON x.bill_id = b.id WHERE b.id = bill_open.bill_id);"
     "DROP INDEX bills_current_total;", NULL},
    {49, "taps by area and route; allocations' index on posted_on alone dropped",
     /* A works hand-over puts a new tap on its area's busiest route
      * (works_handover_store_area_route): without an index on the area that
      * read every tap through taps_route, 0.17 s at 120,000 taps, and the
      * demo hands over some 1,700 applications (minutes).  taps_area_route
      * answers it from the area's own entries.
      * allocations_posted (posted_on) is the first column of
      * allocations_posted_bill (posted_on, bill_id, amount; migration 43),
      * which serves every look-up by day it served: one index fewer to
      * update for each allocation a payment writes. */
     "CREATE INDEX taps_area_route ON taps(area_code, route, route_order);"
     "DROP INDEX allocations_posted;", NULL},
    {50, "debit items: room in their pages for their results (PostgreSQL)",
     /* A request's items are inserted together and each is updated once,
      * when the bank's result comes (result, result_text, payment_id: no
      * index has them).  On PostgreSQL an update that finds room in its
      * row's page is a heap-only tuple, written without an entry in any of
      * the table's three indexes; pages filled to the brim by the insert
      * left none, so every result wrote three index entries (debit import,
      * 20,000 taps: 330-670 ms for the items' results, 230-240 ms with the
      * room; docs/performance.md, session 33).  Pages of items written
      * before this keep no room; new batches have it.  SQLite: nothing
      * (its pages are rewritten on update whatever their room).  The
      * statement: migrations_pg.c. */
     "", NULL},
    {55, "works dwellings by the tap each became",
     /* A tap's カルテ lists the applications naming it or one of whose
      * dwellings became it (works_app_store_of_tap); the dwellings had no
      * index by tap, and the list tested every application (3.9 ms of the
      * 5 ms a カルテ cost the server at 120,000 taps; docs/performance.md,
      * "The カルテ"). */
     "CREATE INDEX works_dwellings_tap ON works_dwellings(tap_id) WHERE tap_id > 0;", NULL},
    {56, "open bills with their tap and customer",
     /* The debit request's candidates are the open bills due by the debit
      * day whose tap and customer have a mandate.  With the tap and
      * customer on each bill's bill_open row (bill_store's open_sync writes
      * them with the rest), PostgreSQL matches the narrow open list to the
      * mandates and takes each amount from the list's owed_yen less what is
      * pending, reading no bill; it used to read every bill of every year to
      * learn the open ones' taps (848,084 rows for 43,878 records at 120,000
      * taps: 2.1 s of the request).  SQLite's does the same since session 37. */
     "ALTER TABLE bill_open ADD COLUMN tap_id BIGINT NOT NULL DEFAULT 0;"
     "ALTER TABLE bill_open ADD COLUMN customer_id BIGINT NOT NULL DEFAULT 0;"
     "UPDATE bill_open SET tap_id = (SELECT b.tap_id FROM bills b WHERE b.id = bill_open.bill_id),"
     " customer_id = (SELECT b.customer_id FROM bills b WHERE b.id = bill_open.bill_id);", NULL},
    {57, "the month's tables check their references a statement at a time (PostgreSQL)",
     /* PostgreSQL checks a foreign key row by row: for each row inserted, a
      * look-up of the referenced row that also locks it FOR KEY SHARE,
      * writing the lock into that row's page and the WAL.  The month writes
      * some 800,000 references (a bill has three, a payment four, a debit
      * item three...): with these constraints the 120,000-tap month on a
      * durable server took 21-25 s, without them 13-17 s (two pairs, the
      * same commands; docs/performance.md, session 38).  On the tables the
      * month fills, each constraint becomes a check of the whole statement's
      * new rows at once (a statement-level trigger over its transition
      * table: one anti-join per reference, no lock): an insert or update
      * naming a row that does not exist fails with SQLSTATE 23503 as
      * before, the statement and its transaction undone.  The referenced
      * rows keep what the lock protected: a trigger refuses to delete one,
      * to change its id, or to truncate its table, while a row of these
      * tables names it (the application deletes none of them).  What is
      * given up: a referenced row deleted by hand at the very moment a
      * statement names it is not seen by that statement.  SQLite keeps its
      * constraints (its checks take no lock and cost an index look-up).
      * The statements: migrations_pg.c. */
     "", NULL},
};

const int migrate_count = (int)(sizeof migrate_list / sizeof migrate_list[0]);
