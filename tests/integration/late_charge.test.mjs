// Late charges (延滞金・督促手数料) as receivables of their own, against the real
// binary and database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a
// demo city whose clock is moved SHIFT days on after the 督促 (with a fee of
// ¥100 per letter): a sewer bill paid late creates a 延滞金 receivable equal to
// what `suido arrears surcharge` computes for the same inputs (asked of the
// CLI, not written here), and the 督促手数料 of its letter; an on-time payment
// creates none; the カルテ lists the charge, paying it at the counter closes it
// and the daily report shows it on its own line and balances; a 係長 waives
// one with a reason (a 担当 cannot); a letter's slip (tap + 9 + letter id) for
// the exact total pays all its bills and its fee, a wrong amount waits in
// suspense naming the letter and the difference; a reversal cancels the
// unpaid charge its payment created, and the bill paid again is assessed
// again; a charge's own slip (tap + 8 + charge id) pays it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, ROOT, formTokenIn, makeEnv, sql, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
const SHIFT = 1500;   // days after the 督促: long enough for a charge over ¥1,000
const RATES = join(ROOT, "surcharge", "tokurei.json");
let ctx, srv;

function day(shift = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}
const TODAY = () => day(SHIFT);
function ok(args) {
  const r = suido(ctx, args);
  assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
const rows = (text) => (text ? text.split("\n").map((l) => l.split("|")) : []);
async function as(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}
/** The open bills never paid, largest sewer charge first: [id, tap_no, sewer_yen, total_yen, due_on, letter]. */
function unpaidBills() {
  return rows(sql(ctx, "SELECT b.id, t.tap_no, b.sewer_yen, b.total_yen, b.due_on,"
    + " COALESCE((SELECT MAX(n.letter_id) FROM notices n WHERE n.bill_id = b.id), 0)"
    + " FROM bills b JOIN bill_open o ON o.bill_id = b.id JOIN taps t ON t.id = b.tap_id"
    + " LEFT JOIN bill_balances x ON x.bill_id = b.id WHERE COALESCE(x.paid_yen, 0) = 0"
    + " ORDER BY b.sewer_yen DESC, b.id"));
}
/** The 44 digits of a slip (domain/slipcode.c): 91, company, reference, reissue, due YYMMDD, 0, amount, check. */
function slipCode(ref, due, amount) {
  const d43 = `91912345${ref}0${due.slice(2, 4)}${due.slice(5, 7)}${due.slice(8, 10)}0${String(amount).padStart(6, "0")}`;
  let sum = 0;
  for (let i = d43.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(d43[i]) * w;
  return d43 + String((10 - (sum % 10)) % 10);
}
let fileNo = 0;
function agentImport(code, amount) {
  const on = TODAY().replaceAll("-", "");
  const p = join(ctx.dir, `agent${++fileNo}.csv`);
  writeFileSync(p, `02,${on},1${String(fileNo).padStart(3, "0")},EAN${code},,,0,${amount},0001,ファミリーマート,123456,,${on}\r\n`);
  return ok(["payment", "import", "--json", p]);
}

before(async () => {
  ctx = makeEnv();
  const ini = join(ctx.dir, "suido.ini");
  // no surcharge_rates: the shipped rates (surcharge/tokurei.json, compiled in) assess
  writeFileSync(ini, `[arrears]\ntokusoku_fee = 100\nlate_charge_days = 20\n`);
  ctx.env.SUIDO_CONFIG = ini;
  ok(["demo", "--taps", "200", "--years", "1", "--seed", "21"]);
  ok(["arrears", "dunning", "--step", "tokusoku", "--as-of", day(0)]);
  ctx.env.SUIDO_CLOCK_SHIFT_DAYS = String(SHIFT);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

let charged;   // the bill paid late: [id, tap_no, sewer, total, due, letter]

test(`[${engine}] a sewer bill paid late at the counter: a 延滞金 receivable as the CLI computes it, and its letter's fee`, () => {
  const single = unpaidBills().filter((b) => Number(b[5]) > 0 && Number(sql(ctx,
    `SELECT bills FROM notice_letters WHERE id = ${b[5]}`)) === 1);
  charged = single[0];
  const [bill, , sewer, total, due, letter] = charged;
  const expected = JSON.parse(ok(["arrears", "surcharge", "--rates", RATES, "--principal", sewer, "--due", due,
                                  "--payment", `${TODAY()}:${sewer}`]));
  assert.ok(expected.surcharge >= 1000, `a charge to assess: ${JSON.stringify(expected)}`);
  ok(["payment", "post", "--bill", bill, "--amount", total, "--channel", "counter", "--paid-on", TODAY(),
      "--ref", `LATE-${bill}`]);
  const got = rows(sql(ctx, `SELECT kind, service, amount, basis, assessed_on, status, letter_id FROM late_charges`
    + ` WHERE bill_id = ${bill} ORDER BY kind DESC`));
  assert.equal(got.length, 2, JSON.stringify(got));
  const [s, f] = got;
  assert.deepEqual([s[0], s[1], Number(s[2]), s[4], s[5]], ["surcharge", "sewer", expected.surcharge, TODAY(), "open"]);
  assert.deepEqual(JSON.parse(s[3]), expected, "the basis is the CLI's computation");
  assert.deepEqual([f[0], Number(f[2]), f[5], f[6]], ["fee", 100, "open", letter]);
  // water is off by default; the bill itself is paid and out of the open bills
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM late_charges WHERE bill_id = ${bill} AND service = 'water'`), "0");
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM bill_open WHERE bill_id = ${bill}`), "0");
});

test(`[${engine}] a rates file named but unreadable: the money posts, no 延滞金, and the log names the file`, () => {
  const b = unpaidBills().find((x) => x[0] !== charged[0] && Number(x[2]) > 0);
  const ini = join(ctx.dir, "missing-rates.ini");
  const missing = join(ctx.dir, "no-such-rates.json");
  writeFileSync(ini, `[arrears]\nsurcharge_rates = ${missing}\nlate_charge_days = 20\n`);
  const r = suido({ ...ctx, env: { ...ctx.env, SUIDO_CONFIG: ini } }, ["payment", "post", "--bill", b[0], "--amount", b[3],
    "--channel", "counter", "--paid-on", TODAY(), "--ref", `NORATES-${b[0]}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM bill_open WHERE bill_id = ${b[0]}`), "0", "the bill is paid");
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM late_charges WHERE bill_id = ${b[0]} AND kind = 'surcharge'`), "0");
  assert.equal(r.stderr.split(missing).length - 1, 1, `one complaint naming the file: ${r.stderr}`);
});

test(`[${engine}] a payment on the due date creates none`, () => {
  const b = unpaidBills().find((x) => Number(x[5]) === 0 && x[0] !== charged[0]) || unpaidBills()[1];
  ok(["payment", "post", "--bill", b[0], "--amount", b[3], "--channel", "counter", "--paid-on", b[4],
      "--ref", `ONTIME-${b[0]}`]);
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM late_charges WHERE bill_id = ${b[0]} AND kind = 'surcharge'`), "0");
});

test(`[${engine}] the カルテ lists the charges; paid at the counter, the 延滞金 is closed and the daily report shows it`, async () => {
  const [bill, tap] = charged;
  const [id, amount] = rows(sql(ctx, `SELECT id, amount FROM late_charges WHERE bill_id = ${bill} AND kind = 'surcharge'`))[0];
  const c = await as("tanto");
  const karte = await c.get(`/karte/${tap}`);
  assert.equal(karte.status, 200);
  assert.match(karte.text, /id="late-charge-list"/);
  assert.match(karte.text, new RegExp(`id="late-charge-${id}"[\\s\\S]*?延滞金（下水道）[\\s\\S]*?計算の内訳`));
  assert.match(karte.text, /督促手数料/);
  const pdf = await c.get(`/late-charges/${id}/slip.pdf`);
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get("content-type") || "", /application\/pdf/);
  const form = formTokenIn(karte.text, `late-pay-${id}`);
  const r = await c.post(`/late-charges/${id}/pay`, { csrf: c.csrf, back: "karte", ...form });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, `/karte/${tap}`);
  assert.equal(sql(ctx, `SELECT status || '|' || paid_yen FROM late_charges WHERE id = ${id}`), `paid|${amount}`);
  // the same form again posts nothing
  const again = await c.post(`/late-charges/${id}/pay`, { csrf: c.csrf, back: "karte", ...form });
  assert.equal(again.status, 303);
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM late_charge_payments WHERE charge_id = ${id}`), "1");
  const daily = ok(["payment", "daily", "--date", TODAY()]);
  assert.match(daily, new RegExp(`^late\\t延滞金・督促手数料\\t${amount}\\t1$`, "m"));
  assert.match(daily, /^check\t検算\t一致/m);
  const page = await c.get(`/collections/daily?date=${TODAY()}`);
  assert.match(page.text, /id="daily-late">収納 [\d,]+ 円（1 件）/);
});

test(`[${engine}] a 係長 waives the fee with a reason, audited; a 担当 cannot`, async () => {
  const [bill] = charged;
  const id = sql(ctx, `SELECT id FROM late_charges WHERE bill_id = ${bill} AND kind = 'fee'`);
  const clerk = await as("tanto");
  assert.equal((await clerk.post(`/late-charges/${id}/waive`, { csrf: clerk.csrf, reason: "災害" })).status, 403);
  const chief = await as("kakaricho");
  const empty = await chief.post(`/late-charges/${id}/waive`, { csrf: chief.csrf, reason: "" });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /減免の理由を入力してください/);
  const r = await chief.post(`/late-charges/${id}/waive`, { csrf: chief.csrf, reason: "生活保護受給のため", back: "arrears" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.match(r.location, /^\/arrears\/customers\/\d+$/);
  assert.equal(sql(ctx, `SELECT status || '|' || waived_reason || '|' || closed_by FROM late_charges WHERE id = ${id}`),
               "waived|生活保護受給のため|kakaricho");
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'late_charge.waive'`), "1");
});

test(`[${engine}] a letter's slip: the exact total pays all its bills and the fee; another amount waits naming the letter`, async () => {
  const [letter, tap, deadline] = rows(sql(ctx, "SELECT l.id, t.tap_no, l.deadline FROM notice_letters l"
    + " JOIN taps t ON t.id = l.tap_id WHERE l.bills > 1 AND NOT EXISTS (SELECT 1 FROM notices n"
    + " LEFT JOIN bill_balances x ON x.bill_id = n.bill_id WHERE n.letter_id = l.id AND COALESCE(x.paid_yen, 0) > 0)"
    + " ORDER BY l.id"))[0];
  const bills = rows(sql(ctx, `SELECT b.id, b.total_yen FROM notices n JOIN bills b ON b.id = n.bill_id`
    + ` WHERE n.letter_id = ${letter} ORDER BY b.id`));
  const total = bills.reduce((s, b) => s + Number(b[1]), 0) + 100;
  const ref = `${tap}9${String(letter).padStart(12, "0")}`;
  // one yen short: suspense, naming the letter and the difference
  let out = JSON.parse(agentImport(slipCode(ref, deadline, total - 1), total - 1));
  assert.deepEqual(out.suspense, [1, total - 1]);
  const note = sql(ctx, `SELECT s.detail FROM suspense s JOIN payments p ON p.id = s.payment_id WHERE p.amount = ${total - 1}`
    + ` AND p.channel = 'cvs' ORDER BY s.id DESC LIMIT 1`);
  assert.match(note, new RegExp(`通知書番号 ${letter}）の現在の請求額 ${total} 円に対し入金額 ${total - 1} 円（差額 -1 円）`));
  // the exact total: one payment, an allocation per bill, the fee paid at once
  out = JSON.parse(agentImport(slipCode(ref, deadline, total), total));
  assert.deepEqual(out.posted, [1, total]);
  const pid = sql(ctx, `SELECT id FROM payments WHERE channel = 'cvs' AND amount = ${total} AND status = 'posted'`);
  assert.equal(sql(ctx, `SELECT COUNT(*) || '|' || SUM(amount) FROM allocations WHERE payment_id = ${pid}`),
               `${bills.length}|${total - 100}`);
  for (const [b] of bills) assert.equal(sql(ctx, `SELECT COUNT(*) FROM bill_open WHERE bill_id = ${b}`), "0");
  assert.equal(sql(ctx, `SELECT c.status || '|' || p.amount FROM late_charges c JOIN late_charge_payments p`
    + ` ON p.charge_id = c.id WHERE c.letter_id = ${letter} AND c.kind = 'fee'`), "paid|100");
  assert.match(ok(["payment", "daily", "--date", TODAY()]), /^check\t検算\t一致/m);
});

test(`[${engine}] a reversal cancels the unpaid 延滞金 its payment created`, () => {
  const b = unpaidBills()[0];
  ok(["payment", "post", "--bill", b[0], "--amount", b[3], "--channel", "counter", "--paid-on", TODAY(),
      "--ref", `REV-${b[0]}`]);
  const pid = sql(ctx, `SELECT id FROM payments WHERE channel = 'counter' AND ref = 'REV-${b[0]}'`);
  const made = () => sql(ctx, `SELECT kind || ':' || status FROM late_charges WHERE payment_id = ${pid} ORDER BY kind`);
  assert.match(made(), /^(fee:open\n)?surcharge:open$/);
  ok(["payment", "reverse", "--channel", "counter", "--ref", `REV-${b[0]}`]);
  assert.match(made(), /^(fee:cancelled\n)?surcharge:cancelled$/);
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM bill_open WHERE bill_id = ${b[0]}`), "1", "the bill is open again");
  assert.match(ok(["payment", "daily", "--date", TODAY()]), /^check\t検算\t一致/m);
  reopened = b;
});

let reopened;
test(`[${engine}] paid again, assessed again; the charge's own slip (tap + 8 + id) pays it, another amount waits`, () => {
  const [bill, tap] = reopened;
  ok(["payment", "post", "--bill", bill, "--amount", reopened[3], "--channel", "counter", "--paid-on", TODAY(),
      "--ref", `AGAIN-${bill}`]);
  const [id, amount, due] = rows(sql(ctx, `SELECT id, amount, due_on FROM late_charges WHERE bill_id = ${bill}`
    + ` AND kind = 'surcharge' AND status = 'open'`))[0];
  const ref = `${tap}8${String(id).padStart(12, "0")}`;
  let out = JSON.parse(agentImport(slipCode(ref, due, Number(amount) + 5), Number(amount) + 5));
  assert.deepEqual(out.suspense, [1, Number(amount) + 5]);
  assert.match(sql(ctx, "SELECT detail FROM suspense ORDER BY id DESC LIMIT 1"),
               new RegExp(`延滞金・督促手数料（番号 ${id}）の未納額 ${amount} 円に対し入金額 ${Number(amount) + 5} 円（差額 5 円）`));
  out = JSON.parse(agentImport(slipCode(ref, due, amount), amount));
  assert.deepEqual(out.posted, [1, Number(amount)]);
  assert.equal(sql(ctx, `SELECT status FROM late_charges WHERE id = ${id}`), "paid");
  assert.match(ok(["payment", "daily", "--date", TODAY()]), /^check\t検算\t一致/m);
});
