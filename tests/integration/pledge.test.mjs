// Negotiation records (交渉記録) and instalment pledges (分納誓約, issue 17 item 5) against the
// real binary and database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city
// with overdue bills and a clock moved with SUIDO_CLOCK_SHIFT_DAYS: a pledge of 3 instalments,
// two payments on time, the third missed → breached by the batch check after the grace days
// (idempotent); a pledge paid in full → kept; refusals naming the field; the negotiation text
// sealed at rest; the pledge PDF; the limitation of the covered bills renewed by the
// acknowledgements; the audit rows; 403 for a 閲覧.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, Client, addUser, formToken, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, clerk;
const sql = (text) => sqlOn(ctx, text);

/** Today in JST moved by shift days. */
function day(shift = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}
const daysTo = (iso) => Math.round((Date.parse(iso) - Date.parse(day())) / 86400000);
function at(shift, args) {
  const r = spawnSync(BIN, args, { env: { ...ctx.env, SUIDO_CLOCK_SHIFT_DAYS: String(shift) }, encoding: "utf8",
                                   timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const yen = (v) => `${Number(v).toLocaleString("en-US")}円`;
const OVERDUE = () => `FROM bills b LEFT JOIN bill_balances x ON x.bill_id = b.id WHERE b.status = 'current'`
  + ` AND b.due_on < '${day()}' AND b.total_yen - COALESCE(x.paid_yen, 0) >= 30`;

/** Overdue bills [{id, customer, balance}] of distinct customers with no pledge yet. */
function freeBills(n) {
  const rows = sql(`SELECT b.id, b.customer_id, b.total_yen - COALESCE(x.paid_yen, 0) ${OVERDUE()}`
    + " AND NOT EXISTS (SELECT 1 FROM pledges p WHERE p.customer_id = b.customer_id) ORDER BY b.id").split("\n");
  const out = [], seen = new Set();
  for (const line of rows) {
    const [id, customer, balance] = line.split("|").map(Number);
    if (seen.has(customer)) continue;
    seen.add(customer);
    out.push({ id, customer, balance });
    if (out.length === n) break;
  }
  return out;
}

const pledgeToken = (c, customer) => formToken(c, `/arrears/customers/${customer}/pledge`, "pledge-form");
const negotiationToken = (c, customer) => formToken(c, `/arrears/customers/${customer}`, "negotiation-form");
async function makePledge(c, bill, fields, token) {
  const form = { csrf: c.csrf, [`bill_${bill.id}`]: "1", ...(token || await pledgeToken(c, bill.customer)), ...fields };
  return c.post(`/arrears/customers/${bill.customer}/pledge`, form);
}
function pay(shift, bill, amount, ref) {
  const r = at(shift, ["payment", "post", "--bill", String(bill.id), "--amount", String(amount), "--channel", "counter",
                       "--paid-on", day(shift), "--ref", ref]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`充当 ${amount} 円`));
}

before(async () => {
  ctx = makeEnv();
  writeFileSync(join(ctx.dir, "suido.ini"), "[arrears]\npledge_grace_days = 5\n");
  ctx.env.SUIDO_CONFIG = join(ctx.dir, "suido.ini");
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "21", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  clerk = new Client(srv.base);
  assert.equal((await clerk.login("tanto", DEMO)).status, 303);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a negotiation is recorded, listed on the arrears page, sealed at rest, audited`, async () => {
  const [bill] = freeBills(1);
  const page = await clerk.get(`/arrears/customers/${bill.customer}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="negotiation-form"/);
  const secret = "本人と電話。来月5日に半額、残りは翌月に納付するとの申出（勤務先の事情）";
  let r = await clerk.post(`/arrears/customers/${bill.customer}/negotiations`,
                           { csrf: clerk.csrf, held_on: day(), channel: "phone", text: "", next_action: "", next_on: "" });
  assert.equal(r.status, 422);
  assert.match(r.text, /交渉内容を入力してください/);
  assert.match(r.text, /name="text"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="text"/);
  r = await clerk.post(`/arrears/customers/${bill.customer}/negotiations`,
                       { csrf: clerk.csrf, held_on: day(1), channel: "phone", text: secret });
  assert.equal(r.status, 422);
  assert.match(r.text, /交渉日に未来の日付/);
  const once = await negotiationToken(clerk, bill.customer);
  const form = { csrf: clerk.csrf, ...once, held_on: day(), channel: "phone", text: secret, next_action: "入金確認",
                 next_on: day(30) };
  r = await clerk.post(`/arrears/customers/${bill.customer}/negotiations`, form);
  assert.equal(r.status, 303, r.text);
  // a double click: the same form (the same one-time token) again records nothing, and says so
  r = await clerk.post(`/arrears/customers/${bill.customer}/negotiations`, form);
  assert.equal(r.status, 303, r.text);
  assert.match((await clerk.get(r.location)).text, /この交渉記録は登録済みです/);
  // without a token (a form not shown by the server) it is refused, naming the field
  r = await clerk.post(`/arrears/customers/${bill.customer}/negotiations`, { ...form, form_token: "" });
  assert.equal(r.status, 422);
  assert.match(r.text, /確認番号/);
  const again = await clerk.get(`/arrears/customers/${bill.customer}`);
  assert.ok(again.text.includes(secret));
  assert.match(again.text, /入金確認/);
  // sealed: the text is nowhere in the table, only its ciphertext
  assert.equal(sql(`SELECT COUNT(*) FROM negotiations WHERE customer_id = ${bill.customer}`), "1");
  assert.equal(sql("SELECT COUNT(*) FROM negotiations WHERE text_enc LIKE '%来月5日%'"), "0");
  assert.match(sql("SELECT text_enc FROM negotiations"), /^k\d*:/);
  if (ctx.sqlitePath) {
    const raw = readFileSync(ctx.sqlitePath);
    assert.equal(raw.indexOf(Buffer.from("来月5日")), -1);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'negotiation.add' AND object = 'customer:${bill.customer}'`), "1");
  assert.equal(sql("SELECT COUNT(*) FROM audit_log WHERE detail_enc LIKE '%来月%'"), "0");
  // the カルテ of the customer's tap lists it
  const tap = sql(`SELECT t.tap_no FROM bills b JOIN taps t ON t.id = b.tap_id WHERE b.id = ${bill.id}`);
  const k = await clerk.get(`/karte/${tap}`);
  assert.equal(k.status, 200);
  if (k.text.includes('id="negotiations"')) assert.ok(k.text.includes(secret));
});

test(`[${engine}] refusals name the field: sum, dates not increasing, a past date, an amount of 0`, async () => {
  const [bill] = freeBills(1);
  const b = bill.balance;
  const cases = [
    [{ mode: "lines", due_1: day(5), amount_1: String(b - 1) }, "total", /一致しません/],
    [{ mode: "lines", due_1: day(5), amount_1: "1", due_2: day(5), amount_2: String(b - 1) }, "due_2", /後の日付/],
    [{ mode: "lines", due_1: day(-1), amount_1: String(b) }, "due_1", /過去の日付/],
    [{ mode: "lines", due_1: day(5), amount_1: String(b), due_2: day(9), amount_2: "0" }, "amount_2", /1円以上/],
    [{ mode: "equal", count: "0", first: day(5) }, "count", /分納回数/],
    [{ mode: "equal", count: "3", first: "" }, "first", /初回納付日/],
  ];
  for (const [fields, field, msg] of cases) {
    const r = await makePledge(clerk, bill, fields);
    assert.equal(r.status, 422, `${field}: ${r.text.slice(0, 200)}`);
    assert.match(r.text, msg, field);
    if (field !== "total") assert.match(r.text, new RegExp(`name="${field}"[^>]*aria-invalid="true"|id="${field}"[^>]*aria-invalid="true"`), field);
  }
  const none = await clerk.post(`/arrears/customers/${bill.customer}/pledge`, { csrf: clerk.csrf, mode: "equal", count: "3", first: day(5) });
  assert.equal(none.status, 422);
  assert.match(none.text, /調定を1件以上選んでください/);
  assert.equal(sql(`SELECT COUNT(*) FROM pledges WHERE customer_id = ${bill.customer}`), "0");
});

test(`[${engine}] 3 instalments: two paid on time, the third missed → breached after the grace days; PDF, limitation, audit`, async () => {
  const [bill] = freeBills(1);
  const first = day(3);
  let r = await makePledge(clerk, bill, { mode: "equal", count: "3", first });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const id = r.location.match(/\/arrears\/pledges\/(\d+)$/)[1];
  assert.equal(sql(`SELECT status, total, instalments FROM pledges WHERE id = ${id}`), `active|${bill.balance}|3`);
  const inst = sql(`SELECT due_on, amount FROM pledge_instalments WHERE pledge_id = ${id} ORDER BY seq`).split("\n")
    .map((l) => { const [due, amount] = l.split("|"); return { due, amount: Number(amount) }; });
  assert.equal(inst.length, 3);
  assert.equal(inst.reduce((s, x) => s + x.amount, 0), bill.balance);
  assert.equal(inst[0].due, first);
  // a second pledge over the same bill is refused
  r = await makePledge(clerk, bill, { mode: "equal", count: "2", first });
  assert.equal(r.status, 422);
  assert.match(r.text, /既に履行中の分納誓約/);
  // the page: the schedule, nothing paid yet
  let page = await clerk.get(`/arrears/pledges/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /履行中/);
  assert.match(page.text, /id="inst-1"[\s\S]*?未納/);
  // the PDF to sign: the name, the amounts, the dates
  const name = page.text.match(/<span class="h1-name">([^<]*)<\/span>/)[1];
  const res = await fetch(`${srv.base}/arrears/pledges/${id}/pledge.pdf`, { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /application\/pdf/);
  const file = join(ctx.dir, "pledge.pdf");
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const t = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /分納誓約書/);
  assert.ok(t.stdout.includes(name.replace(/ /g, "").slice(0, 2)), `name ${name} in the PDF`);
  assert.ok(t.stdout.includes(yen(bill.balance)));
  for (const x of inst) { assert.ok(t.stdout.includes(x.due), x.due); assert.ok(t.stdout.includes(yen(x.amount))); }
  assert.match(t.stdout, /署名/);
  // two payments on their days
  pay(daysTo(inst[0].due), bill, inst[0].amount, `P${id}-1`);
  pay(daysTo(inst[1].due), bill, inst[1].amount, `P${id}-2`);
  // the day after the third date, still within the grace days: active
  let c = at(daysTo(inst[2].due) + 1, ["arrears", "pledges", "--check"]);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /breached 0/);
  assert.equal(sql(`SELECT status FROM pledges WHERE id = ${id}`), "active");
  // long after: breached, once
  c = at(daysTo(inst[2].due) + 15, ["arrears", "pledges", "--check"]);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /breached 1/);
  assert.equal(sql(`SELECT status FROM pledges WHERE id = ${id}`), "breached");
  c = at(daysTo(inst[2].due) + 16, ["arrears", "pledges", "--check"]);
  assert.match(c.stdout, /breached 0/);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'pledge.breached' AND object = 'pledge:${id}'`), "1");
  // shown: the first two paid, breached, on the list of breached pledges
  page = await clerk.get(`/arrears/pledges/${id}`);
  assert.match(page.text, /不履行/);
  assert.match(page.text, /id="inst-1"[\s\S]*?納付済み/);
  assert.match(page.text, /id="inst-2"[\s\S]*?納付済み/);
  assert.match(page.text, /id="pledge-breached"/);
  const list = await clerk.get("/arrears/pledges?status=breached");
  assert.match(list.text, new RegExp(`id="pledge-${id}"`));
  // limitation: the pledge day and each payment are acknowledgements; barred_from as domain/limitation says
  const acks = sql(`SELECT DISTINCT y.paid_on FROM allocations a JOIN payments y ON y.id = a.payment_id WHERE a.bill_id = ${bill.id} AND a.amount > 0`)
    .split("\n").concat([sql(`SELECT pledged_on FROM pledges WHERE id = ${id}`)]).sort();
  const [readOn, due] = sql(`SELECT r.read_on, b.due_on FROM bills b JOIN readings r ON r.id = b.reading_id WHERE b.id = ${bill.id}`).split("|");
  const lim = suido(ctx, ["arrears", "limitation", "--service", "water", "--read-on", readOn, "--due", due,
                          ...acks.flatMap((a) => ["--ack", a])]);
  assert.equal(lim.code, 0, lim.stderr);
  const barred = JSON.parse(lim.stdout).barred_from;
  const row = page.text.match(new RegExp(`id="covered-${bill.id}"[\\s\\S]*?</tr>`))[0];
  assert.ok(row.includes(`class="barred-water">${barred}<`), `${barred} in ${row}`);
  for (const a of acks) assert.ok(row.includes(a), a);
  assert.ok(barred > day(365 * 4), barred);   // renewed: five years from the last acknowledgement
  // audit rows
  for (const action of ["pledge.create", "pledge.view", "pledge.print"])
    assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}' AND object = 'pledge:${id}'`)) >= 1, action);
});

test(`[${engine}] a pledge paid in full becomes kept`, async () => {
  const [bill] = freeBills(1);
  const half = Math.floor(bill.balance / 2);
  const fields = { mode: "lines", due_1: day(2), amount_1: String(half), due_2: day(40),
                   amount_2: String(bill.balance - half) };
  const token = await pledgeToken(clerk, bill.customer);
  const r = await makePledge(clerk, bill, fields, token);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const id = r.location.match(/(\d+)$/)[1];
  // a double click posts the same one-time token: the same pledge is shown, none is added
  const r2 = await makePledge(clerk, bill, fields, token);
  assert.equal(r2.status, 303, r2.text.slice(0, 500));
  assert.equal(r2.location, r.location);
  assert.match((await clerk.get(r2.location)).text, /作成済みです/);
  assert.equal(sql(`SELECT COUNT(*) FROM pledges WHERE customer_id = ${bill.customer}`), "1");
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'pledge.create' AND object = 'pledge:${id}'`), "1");
  pay(2, bill, half, `K${id}-1`);
  let c = at(3, ["arrears", "pledges", "--check"]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(sql(`SELECT status FROM pledges WHERE id = ${id}`), "active");
  pay(30, bill, bill.balance - half, `K${id}-2`);
  c = at(31, ["arrears", "pledges", "--check", "--as-of", day(31)]);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /kept 1/);
  assert.equal(sql(`SELECT status FROM pledges WHERE id = ${id}`), "kept");
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'pledge.kept' AND object = 'pledge:${id}'`), "1");
  const bad = suido(ctx, ["arrears", "pledges", "--check", "--as-of", "2026-02-30"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^--as-of: /m);
});

test(`[${engine}] a pledge is cancelled after a confirmation; its bills may be pledged again`, async () => {
  const [bill] = freeBills(1);
  let r = await makePledge(clerk, bill, { mode: "equal", count: "2", first: day(10) });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const id = r.location.match(/(\d+)$/)[1];
  r = await clerk.post(`/arrears/pledges/${id}/cancel`, { csrf: clerk.csrf });
  assert.equal(r.status, 200);
  assert.match(r.text, /id="pledge-cancel-confirm"/);
  assert.equal(sql(`SELECT status FROM pledges WHERE id = ${id}`), "active");
  r = await clerk.post(`/arrears/pledges/${id}/cancel`, { csrf: clerk.csrf, confirmed: "1" });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT status FROM pledges WHERE id = ${id}`), "cancelled");
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'pledge.cancel' AND object = 'pledge:${id}'`), "1");
  r = await clerk.post(`/arrears/pledges/${id}/cancel`, { csrf: clerk.csrf, confirmed: "1" });
  assert.equal(r.status, 409);
  r = await makePledge(clerk, bill, { mode: "equal", count: "2", first: day(10) });
  assert.equal(r.status, 303, r.text.slice(0, 300));
});

test(`[${engine}] a 閲覧 may neither see nor make pledges and negotiations (403)`, async () => {
  addUser(ctx, "etsuran1", "viewer");
  const v = new Client(srv.base);
  assert.equal((await v.login("etsuran1")).status, 303);
  const [bill] = freeBills(1);
  assert.equal((await v.get(`/arrears/customers/${bill.customer}/pledge`)).status, 403);
  assert.equal((await v.get("/arrears/pledges")).status, 403);
  const r = await v.post(`/arrears/customers/${bill.customer}/negotiations`,
                         { csrf: v.csrf, held_on: day(), channel: "phone", text: "閲覧者の記録" });
  assert.equal(r.status, 403);
  const p = await v.post(`/arrears/customers/${bill.customer}/pledge`,
                         { csrf: v.csrf, [`bill_${bill.id}`]: "1", mode: "equal", count: "2", first: day(5) });
  assert.equal(p.status, 403);
  assert.equal(sql(`SELECT COUNT(*) FROM pledges WHERE customer_id = ${bill.customer}`), "0");
});

test(`[${engine}] key rotation re-seals the negotiations' texts and they still read`, async () => {
  const n = Number(sql("SELECT COUNT(*) FROM negotiations"));
  assert.ok(n >= 1);
  const cid = sql("SELECT customer_id FROM negotiations ORDER BY id LIMIT 1");
  const r = suido(ctx, ["key", "rotate"]);
  assert.equal(r.code, 0, r.stderr);
  const keys = sql("SELECT text_enc FROM negotiations").split(/\s+/).map((v) => v.split(":")[0]);
  assert.ok(keys.length === n && keys.every((k) => k === "k2"), keys.join(" "));
  await stopServer(srv);
  srv = await startServer(ctx);
  clerk = new Client(srv.base);
  assert.equal((await clerk.login("tanto", DEMO)).status, 303);
  const page = await clerk.get(`/arrears/customers/${cid}`);
  assert.ok(page.text.includes("来月5日に半額"));
  assert.equal(suido(ctx, ["audit", "verify"]).code, 0);
});
