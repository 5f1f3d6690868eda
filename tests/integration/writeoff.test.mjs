// 時効管理 and 不納欠損 (issue 17, items 6 and 7) against the real binary and a real database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): each open bill's water and sewer claims with
// their barred_from checked against `suido arrears limitation` given the same inputs (a water claim
// read before 2020-04-01: 2 years; one after: 5; a sewer claim renewed by its first 督促; a partial
// payment renewing both); the list of claims reaching limitation; 援用 required before a water
// write-off; the proposer cannot approve; approval takes the bill out of the open bills and the
// arrears ledger and the bill page shows it; the fiscal-year report equals SQL, as PDF and XLSX;
// 403 for roles without the permission.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, makeEnv, openBillsDrift, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, clerk, chief;
const sql = (text) => sqlOn(ctx, text);
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
const fy = (() => { const [y, m] = today.split("-").map(Number); return m >= 4 ? y : y - 1; })();

// the bills made old, with the inputs the CLI gets
const CASES = {
  A: { read: "2019-03-10", due: "2019-04-30" },                               // water: old law, 2 years
  B: { read: "2020-06-10", due: "2020-07-31" },                               // water: 5 years
  C: { read: "2021-01-05", due: "2021-01-31", dunning: "2021-02-20" },        // sewer renewed by the 督促
  D: { read: "2022-05-10", due: "2022-06-30", ack: "2023-03-15" },            // a partial payment renews both
};
const ids = {};

function cli(service, c) {
  const args = ["arrears", "limitation", "--service", service, "--read-on", c.read, "--due", c.due];
  if (c.ack) args.push("--ack", c.ack);
  if (c.dunning) args.push("--dunning-deadline", c.dunning);
  const r = suido(ctx, args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function parseCsv(text) {
  return text.replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.split(",").map((f) => f.replace(/^"|"$/g, "")));
}

async function bin(c, path) {
  const res = await fetch(srv.base + path, { headers: { Cookie: c.cookieHeader() } });
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "60", "--years", "1", "--seed", "17"]);
  assert.equal(d.code, 0, d.stderr);
  const open = sql("SELECT b.id FROM bills b JOIN bill_open o ON o.bill_id = b.id LEFT JOIN bill_balances x ON x.bill_id = b.id"
    + " WHERE b.water_yen > 2000 AND b.sewer_yen > 1000 AND COALESCE(x.paid_yen, 0) = 0 ORDER BY b.id LIMIT 4").split("\n");
  assert.equal(open.length, 4, "four unpaid bills with water and sewer");
  const names = Object.keys(CASES);
  names.forEach((k, i) => { ids[k] = open[i]; });
  for (const k of names) {
    const c = CASES[k], id = ids[k];
    sql(`UPDATE bills SET due_on = '${c.due}' WHERE id = ${id}`);
    sql(`UPDATE bill_open SET due_on = '${c.due}' WHERE bill_id = ${id}`);
    sql(`UPDATE readings SET read_on = '${c.read}' WHERE id = (SELECT reading_id FROM bills WHERE id = ${id})`);
  }
  // C: the first 督促, its deadline 2021-02-20
  const [cust, tap] = sql(`SELECT customer_id, tap_id FROM bills WHERE id = ${ids.C}`).split("|");
  sql("INSERT INTO dunning_runs (step, as_of, status, started_by, started_at, heartbeat_at) VALUES ('tokusoku', '2021-02-05', 'done', 'test', 0, 0)");
  const run = sql("SELECT MAX(id) FROM dunning_runs");
  sql(`INSERT INTO notice_letters (run_id, step, customer_id, tap_id, issued_on, deadline, bills, amount, status) VALUES (${run}, 'tokusoku', ${cust}, ${tap}, '2021-02-05', '2021-02-20', 1, 1000, 'sent')`);
  const letter = sql("SELECT MAX(id) FROM notice_letters");
  sql(`INSERT INTO notices (letter_id, run_id, step, bill_id, customer_id, tap_id, issued_on, deadline, amount, status) VALUES (${letter}, ${run}, 'tokusoku', ${ids.C}, ${cust}, ${tap}, '2021-02-05', '2021-02-20', 1000, 'sent')`);
  // D: a partial payment of ¥500 paid on 2023-03-15
  const [dcust, dtap] = sql(`SELECT customer_id, tap_id FROM bills WHERE id = ${ids.D}`).split("|");
  sql(`INSERT INTO payments (channel, status, tap_id, customer_id, bill_id, amount, paid_on, posted_on, ref, created_by, created_at) VALUES ('counter', 'posted', ${dtap}, ${dcust}, ${ids.D}, 500, '2023-03-15', '2023-03-15', 'test-partial', 'test', 0)`);
  const pay = sql("SELECT MAX(id) FROM payments");
  sql(`INSERT INTO allocations (payment_id, bill_id, kind, amount, water_yen, sewer_yen, tax_yen, posted_on, created_by, created_at) VALUES (${pay}, ${ids.D}, 'payment', 500, 300, 200, 0, '2023-03-15', 'test', 0)`);
  sql(`INSERT INTO bill_balances (bill_id, paid_yen) VALUES (${ids.D}, 500)`);
  sql(`UPDATE bill_open SET owed_yen = owed_yen - 500 WHERE bill_id = ${ids.D}`);   // as bill_store keeps it
  srv = await startServer(ctx);
  clerk = new Client(srv.base);
  chief = new Client(srv.base);
  assert.equal((await clerk.login("tanto", DEMO)).status, 303);
  assert.equal((await chief.login("kakaricho", DEMO)).status, 303);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] barred_from of each claim as \`suido arrears limitation\` computes it from the same inputs`, async () => {
  const r = await bin(clerk, "/arrears/limitation.csv?months=120&encoding=utf8bom");
  assert.equal(r.status, 200, r.body.toString());
  const [head, ...rows] = parseCsv(r.body.toString("utf8"));
  assert.equal(head[0], "調定番号");
  const got = new Map(rows.map((f) => [`${f[0]}-${f[3]}`, { barred: f[7], years: f[6] }]));
  for (const [k, c] of Object.entries(CASES)) {
    for (const [service, label] of [["water", "水道"], ["sewer", "下水道"]]) {
      const want = cli(service, c);
      const g = got.get(`${ids[k]}-${label}`);
      assert.ok(g, `${k} ${service} in the list`);
      assert.equal(g.barred, want.barred_from, `${k} ${service}`);
      assert.equal(g.years, `${want.years}年`, `${k} ${service}`);
    }
  }
  // the inputs do what the cases say
  assert.equal(cli("water", CASES.A).barred_from, "2021-05-01");
  assert.equal(cli("sewer", CASES.A).barred_from, "2024-05-01");
  assert.equal(cli("water", CASES.B).barred_from, "2025-08-01");
  assert.equal(cli("sewer", CASES.C).barred_from, "2026-02-21");
  assert.equal(cli("water", CASES.C).barred_from, "2026-02-01");
  assert.equal(cli("water", CASES.D).barred_from, "2028-03-16");
});

test(`[${engine}] the limitation list: within 6 months by default, the service filter, the bill's 時効 panel`, async () => {
  const page = await clerk.get("/arrears/limitation");
  assert.equal(page.status, 200);
  for (const k of ["A", "B", "C"]) assert.match(page.text, new RegExp(`id="limitation-${ids[k]}-water"`), k);
  assert.doesNotMatch(page.text, new RegExp(`id="limitation-${ids.D}-`), "D is years away");
  const sewer = await clerk.get("/arrears/limitation?service=sewer");
  assert.match(sewer.text, new RegExp(`id="limitation-${ids.A}-sewer"`));
  assert.doesNotMatch(sewer.text, /id="limitation-\d+-water"/);
  const bad = await clerk.get("/arrears/limitation?months=0");
  assert.equal(bad.status, 400);
  assert.match(bad.text, /月数は1から120まで/);
  const bill = await clerk.get(`/bills/${ids.C}`);
  assert.equal(bill.status, 200);
  assert.match(bill.text, /id="bill-limitation"/);
  assert.match(bill.text, /督促（指定期限/);
  assert.match(bill.text, /時効を更新/);
});

test(`[${engine}] a water claim is written off only after 援用 or 債権放棄; the proposer cannot approve; approval closes the bill`, async () => {
  await clerk.get("/arrears/limitation");
  let r = await clerk.post("/arrears/writeoffs", { csrf: clerk.csrf, bill: ids.A, reason: "limitation" });
  assert.equal(r.status, 409, r.text.slice(0, 500));
  assert.match(r.text, /援用または債権放棄/);
  // not yet barred: refused
  r = await clerk.post("/arrears/writeoffs", { csrf: clerk.csrf, bill: ids.D, reason: "limitation" });
  assert.equal(r.status, 409);
  assert.match(r.text, /時効がまだ完成していません/);
  // a 担当 cannot waive (the utility's decision: 係長)
  await clerk.get(`/bills/${ids.A}`);
  r = await clerk.post(`/bills/${ids.A}/limitation`, { csrf: clerk.csrf, kind: "waiver", act_on: today, how: "決裁第1号" });
  assert.equal(r.status, 403);
  r = await clerk.post(`/bills/${ids.A}/limitation`, { csrf: clerk.csrf, kind: "invocation", act_on: today, how: "書面" });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(sql(`SELECT kind || '|' || how FROM limitation_acts WHERE bill_id = ${ids.A}`), "invocation|書面");
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'limitation.invoke'`)) >= 1);
  // the unpaid parts proposed
  await clerk.get("/arrears/limitation");
  r = await clerk.post("/arrears/writeoffs", { csrf: clerk.csrf, bill: ids.A, reason: "invocation" });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const wo = sql(`SELECT id FROM writeoffs WHERE status = 'pending'`);
  const approval = sql(`SELECT approval_id FROM writeoffs WHERE id = ${wo}`);
  const total = sql(`SELECT total_yen FROM bills WHERE id = ${ids.A}`);
  assert.equal(sql(`SELECT water_yen + sewer_yen FROM writeoff_items WHERE writeoff_id = ${wo}`), total);
  // B for another reason (破産免責: no limitation needed)
  await clerk.get("/arrears/limitation");
  r = await clerk.post("/arrears/writeoffs", { csrf: clerk.csrf, bill: ids.B, reason: "bankruptcy", reason_text: "令和8年免責決定" });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const wo2 = sql(`SELECT id FROM writeoffs WHERE status = 'pending' AND id <> ${wo}`);
  const approval2 = sql(`SELECT approval_id FROM writeoffs WHERE id = ${wo2}`);
  // the proposer (a 担当 cannot approve at all; the route needs PERM_APPROVE)
  await clerk.get(`/arrears/writeoffs/${wo}`);
  r = await clerk.post(`/approvals/${approval}`, { csrf: clerk.csrf, decision: "approve" });
  assert.equal(r.status, 403);
  // the ledger lists A before
  const cid = sql(`SELECT customer_id FROM bills WHERE id = ${ids.A}`);
  assert.match((await clerk.get(`/arrears/customers/${cid}`)).text, new RegExp(`id="arrears-bill-${ids.A}"`));
  await chief.get("/approvals");
  r = await chief.post(`/approvals/${approval}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  r = await chief.post(`/approvals/${approval2}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(sql(`SELECT status FROM writeoffs WHERE id = ${wo}`), "approved");
  assert.equal(sql(`SELECT COUNT(*) FROM bill_open WHERE bill_id IN (${ids.A}, ${ids.B})`), "0");
  const drift = openBillsDrift(ctx);
  assert.deepEqual([drift.missing, drift.extra], [[], []]);
  assert.doesNotMatch((await clerk.get(`/arrears/customers/${cid}`)).text, new RegExp(`id="arrears-bill-${ids.A}"`));
  const bill = await clerk.get(`/bills/${ids.A}`);
  assert.match(bill.text, /id="bill-writeoff"/);
  assert.match(bill.text, /不納欠損済み（援用）/);
  assert.match(bill.text, /kakaricho|山田/);
  const tapNo = sql(`SELECT t.tap_no FROM bills b JOIN taps t ON t.id = b.tap_id WHERE b.id = ${ids.A}`);
  const karte = await clerk.get(`/karte/${tapNo}?bills=all`);
  assert.equal(karte.status, 200);
  assert.match(karte.text, new RegExp(`id="bill-wo-${ids.A}">不納欠損（援用）`));
  const reg = await clerk.get("/arrears/writeoffs");
  assert.match(reg.text, new RegExp(`id="writeoff-${wo}"`));
  // a written-off bill is not corrected (its replacement would be a new open bill)
  await clerk.get(`/bills/${ids.A}`);
  r = await clerk.post(`/bills/${ids.A}`, { csrf: clerk.csrf, action: "correct", usage: "1", reason: "検針誤り" });
  assert.equal(r.status, 409, r.text.slice(0, 300));
  assert.match(r.text, /不納欠損済みの調定は更正・減免できません/);
  // the audit trail of the write-off
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action IN ('writeoff.propose', 'writeoff.approve')`), "4");
  // a second proposal of a written-off bill is refused
  await clerk.get("/arrears/limitation");
  r = await clerk.post("/arrears/writeoffs", { csrf: clerk.csrf, bill: ids.A, reason: "invocation" });
  assert.equal(r.status, 409);
});

test(`[${engine}] the fiscal-year report equals SQL, on screen, as PDF and as XLSX`, async () => {
  const want = sql("SELECT w.reason, SUM(i.water_yen), SUM(i.sewer_yen) FROM writeoffs w JOIN bill_writeoffs i ON i.writeoff_id = w.id"
    + ` WHERE w.status = 'approved' AND w.decided_on >= '${fy}-04-01' AND w.decided_on < '${fy + 1}-04-01' GROUP BY w.reason ORDER BY w.reason`)
    .split("\n").map((l) => l.split("|"));
  assert.equal(want.length, 2);
  const page = await clerk.get(`/arrears/writeoff-report?fy=${fy}`);
  assert.equal(page.status, 200);
  const yen = (n) => `¥${Number(n).toLocaleString("en-US")}`;
  let total = 0;
  for (const [reason, water, sewer] of want) {
    const row = page.text.match(new RegExp(`<tr id="wr-${reason}">([\\s\\S]*?)</tr>`))[1];
    assert.ok(row.includes(yen(water)) && row.includes(yen(sewer)), `${reason}: ${row}`);
    total += Number(water) + Number(sewer);
  }
  const trow = page.text.match(/<tr id="wr-total">([\s\S]*?)<\/tr>/)[1];
  assert.ok(trow.includes(yen(total)), trow);
  const pdf = await bin(clerk, `/arrears/writeoff-report.pdf?fy=${fy}`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, "application/pdf");
  const pf = join(ctx.dir, "wo.pdf");
  writeFileSync(pf, pdf.body);
  const text = spawnSync("pdftotext", ["-layout", pf, "-"], { encoding: "utf8" }).stdout;
  assert.match(text, /不納欠損処分調書/);
  assert.ok(text.includes(total.toLocaleString("en-US")), text);
  const x = await bin(clerk, `/arrears/writeoff-report.xlsx?fy=${fy}`);
  assert.equal(x.status, 200);
  const xf = join(ctx.dir, "wo.xlsx");
  writeFileSync(xf, x.body);
  const sheet = spawnSync("unzip", ["-p", xf, "xl/worksheets/sheet1.xml"], { encoding: "utf8" }).stdout;
  assert.ok(sheet.includes(`<v>${total}</v>`), "the total in the sheet");
  const strings = spawnSync("unzip", ["-p", xf, "xl/sharedStrings.xml"], { encoding: "utf8" }).stdout;
  assert.match(strings, /破産免責/);
});

test(`[${engine}] 403 for roles without the permission`, async () => {
  for (const user of ["etsuran", "kenshin"]) {
    const c = new Client(srv.base);
    assert.equal((await c.login(user, DEMO)).status, 303);
    for (const path of ["/arrears/limitation", "/arrears/limitation.csv", "/arrears/writeoffs", `/arrears/writeoff-report?fy=${fy}`,
                        `/arrears/writeoff-report.pdf?fy=${fy}`])
      assert.equal((await c.get(path)).status, 403, `${user} ${path}`);
    const r = await c.post("/arrears/writeoffs", { csrf: c.csrf, bill: ids.C, reason: "bankruptcy" });
    assert.equal(r.status, 403, user);
  }
});

test(`[${engine}] an instalment pledge covering a bill renews its limitation from the day after it was signed`, async () => {
  const id = ids.D;
  const customer = sql(`SELECT customer_id FROM bills WHERE id = ${id}`);
  const pledged = "2024-01-10";   // after D's partial payment (2023-03-15)
  sql("INSERT INTO pledges (customer_id, pledged_on, status, total, instalments, created_by, created_at)"
    + ` VALUES (${customer}, '${pledged}', 'active', 1000, 1, 'tanto', 0)`);
  const pledge = sql(`SELECT MAX(id) FROM pledges WHERE customer_id = ${customer}`);
  sql(`INSERT INTO pledge_bills (pledge_id, bill_id, amount) VALUES (${pledge}, ${id}, 1000)`);
  const r = await bin(clerk, "/arrears/limitation.csv?months=120&encoding=utf8bom");
  const [, ...rows] = parseCsv(r.body.toString("utf8"));
  const water = rows.find((f) => f[0] === String(id) && f[3] === "水道");
  const want = suido(ctx, ["arrears", "limitation", "--service", "water", "--read-on", CASES.D.read, "--due", CASES.D.due,
                           "--ack", CASES.D.ack, "--ack", pledged]);
  assert.equal(want.code, 0, want.stderr);
  assert.equal(JSON.parse(want.stdout).barred_from, "2029-01-11");
  assert.equal(water?.[7], "2029-01-11", "the pledge's day renews the water claim");
  // a cancelled pledge is no acknowledgement
  sql(`UPDATE pledges SET status = 'cancelled' WHERE id = ${pledge}`);
  const again = parseCsv((await bin(clerk, "/arrears/limitation.csv?months=120&encoding=utf8bom")).body.toString("utf8"));
  assert.equal(again.find((f) => f[0] === String(id) && f[3] === "水道")?.[7], cli("water", CASES.D).barred_from);
});

test(`[${engine}] money for a written-off bill is 不納欠損後の収入: allocated apart, the write-off stays, shown on the register, the bill and the day's totals`, async () => {
  const [a, b] = [ids.A, ids.B];
  assert.equal(sql(`SELECT COUNT(*) FROM bill_writeoffs WHERE bill_id IN (${a}, ${b})`), "2");
  const owed = (id) => Number(sql(`SELECT b.total_yen - COALESCE(x.paid_yen, 0) FROM bills b`
    + ` LEFT JOIN bill_balances x ON x.bill_id = b.id WHERE b.id = ${id}`));
  const written = sql(`SELECT writeoff_id || '|' || water_yen || '|' || sewer_yen FROM bill_writeoffs WHERE bill_id = ${a}`);
  // a slip for A's whole amount (its barcode names the bill: an exact payment)
  const slip = owed(a);
  const p = suido(ctx, ["payment", "post", "--bill", String(a), "--amount", String(slip), "--channel", "cvs",
                        "--paid-on", today, "--ref", `WO-A-${a}`, "--exact"]);
  assert.equal(p.code, 0, p.stderr);
  // part of B at the counter, naming the bill
  const tapB = sql(`SELECT t.tap_no FROM bills b JOIN taps t ON t.id = b.tap_id WHERE b.id = ${b}`);
  const part = Math.min(1000, owed(b) - 1);
  const form = await clerk.get(`/taps/${tapB}/counter`);
  const token = form.text.match(/<form[^>]*id="counter-form"[\s\S]*?name="form_token" value="([0-9a-f]{64})"/)[1];
  const r = await clerk.post(`/taps/${tapB}/counter`, { csrf: clerk.csrf, amount: String(part), bill: String(b), note: "",
                                                        confirmed: "1", form_token: token });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  // allocated as after_writeoff, nothing as an ordinary payment; the write-off stays; the bills stay closed
  assert.equal(sql(`SELECT kind || '|' || SUM(amount) FROM allocations WHERE bill_id = ${a} GROUP BY kind`),
               `after_writeoff|${slip}`);
  assert.equal(sql(`SELECT kind || '|' || SUM(amount) FROM allocations WHERE bill_id = ${b} AND kind <> 'payment'`
    + " GROUP BY kind"), `after_writeoff|${part}`);
  assert.equal(sql(`SELECT COUNT(*) FROM suspense s JOIN payments p ON p.id = s.payment_id WHERE p.ref = 'WO-A-${a}'`), "0");
  assert.equal(sql(`SELECT writeoff_id || '|' || water_yen || '|' || sewer_yen FROM bill_writeoffs WHERE bill_id = ${a}`),
               written);
  assert.equal(sql(`SELECT COUNT(*) FROM bill_open WHERE bill_id IN (${a}, ${b})`), "0");
  const drift = openBillsDrift(ctx);
  assert.deepEqual([drift.missing, drift.extra], [[], []]);
  const yen = (n) => `¥${Number(n).toLocaleString("en-US")}`;
  // the bill page and the register say what came in, and when
  const billA = (await clerk.get(`/bills/${a}`)).text;
  assert.match(billA, /不納欠損済み/);
  assert.match(billA, new RegExp(`id="bill-after-writeoff">欠損後収納 ${yen(slip)}（[^）]*${today}`));
  const wo = written.split("|")[0];
  const reg = (await clerk.get("/arrears/writeoffs")).text;
  assert.match(reg, new RegExp(`id="writeoff-after-${wo}">欠損後収納 ${yen(slip)}（`));
  const detail = (await clerk.get(`/arrears/writeoffs/${wo}`)).text;
  assert.match(detail, new RegExp(`id="item-after-${a}">欠損後収納 ${yen(slip)}（`));
  // the day's totals: its own line, inside the money in, and the check still holds
  const daily = (await clerk.get(`/collections/daily?date=${today}`)).text;
  assert.match(daily, new RegExp(`id="daily-after-writeoff">${(slip + part).toLocaleString("en-US")} 円`));
  assert.match(daily, /id="daily-check" class="ok"/);
  const tsv = suido(ctx, ["payment", "daily", "--date", today]);
  assert.equal(tsv.code, 0, tsv.stderr);
  // a second slip for A (already received in full): the customer's credit, not a second allocation
  const again = suido(ctx, ["payment", "post", "--bill", String(a), "--amount", String(slip), "--channel", "cvs",
                            "--paid-on", today, "--ref", `WO-A2-${a}`, "--exact"]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(sql(`SELECT SUM(amount) FROM allocations WHERE bill_id = ${a}`), String(slip));
});
