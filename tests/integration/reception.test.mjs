// Reception (受付) against the real binary and database (SQLite, or
// PostgreSQL when SUIDO_TEST_DB is set): a stop taken at the counter becomes
// a closing work order on the day's list; completing it with the final
// reading closes the customer's tenure and issues the final bill; a new
// resident's start follows and is opened; a name change, a mailing-address
// change and a change to slips take effect at once.  Refusals name the field
// and store nothing; a viewer may look but not file.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, addUser, formToken, makeEnv, startServer, stopServer, suido, openBillsDrift } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, clerk;

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

async function login(username) {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text);
  return c;
}

/** Occupied taps of the demo (from the search CSV is too wide: take the bill list of a cycle). */
function occupiedTaps() {
  const r = suido(ctx, ["reading", "route", "--help"]);
  void r;
  const list = suido(ctx, ["bill", "list", "--cycle", lastBilledCycle()]);
  assert.equal(list.code, 0, list.stderr);
  return list.stdout.trim().split("\n").map((l) => l.split("\t")[0]).filter((t) => /^\d{8}$/.test(t));
}

function lastBilledCycle() {
  const jst = new Date(Date.now() + 9 * 3600 * 1000);
  const back = jst.getUTCDate() > 22 ? 1 : 2;
  const d = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}

async function lastReading(tap) {
  const r = await clerk.get(`/api/v1/taps/${tap}/readings`);
  assert.equal(r.status, 200, r.text);
  const rows = JSON.parse(r.text).readings.sort((a, b) => (a.read_on < b.read_on ? 1 : -1));
  return rows[0];
}

async function karte(tap) {
  const r = await clerk.get(`/karte/${tap}`);
  assert.equal(r.status, 200);
  return r.text;
}

/** File a request as a clerk does: a reception form shown (its one-time token; the form of
 *  another kind when the tap's page offers none of this kind), then sent. */
async function file(c, tap, kind, fields) {
  let token = {};
  for (const k of [kind, "stop", "start", "mail_address"]) {
    try { token = await formToken(c, `/taps/${tap}/reception?kind=${k}`, "reception-form"); break; } catch { /* next */ }
  }
  return c.post(`/taps/${tap}/reception`, { csrf: c.csrf, kind, source: "counter", ...token, ...fields });
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "200", "--years", "1", "--seed", "17"]);
  assert.equal(d.code, 0, d.stderr);
  addUser(ctx, "etsuran-r", "viewer");
  srv = await startServer(ctx);
  clerk = await login("tanto");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a stop at the counter: work order on the day's list, final reading, final bill; then the next resident's start`, async () => {
  const tap = occupiedTaps()[3];
  const today = jstToday();
  const before = await karte(tap);
  assert.match(before, /id="reception-stop"/);
  // inside the notice period without 至急: refused, naming the day, nothing stored
  let r = await file(clerk, tap, "stop", { stop_on: today, settle: "slip" });
  assert.equal(r.status, 422);
  assert.match(r.text, /営業日前までの受付が原則です/);
  assert.match(r.text, /name="stop_on"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="stop_on"/);
  assert.match(r.text, /value="slip" selected/, "what was typed is kept");
  assert.doesNotMatch(await karte(tap), /id="request-\d+"/, "nothing stored");
  // settled by debit without a mandate of this customer: refused
  const mandates = suido(ctx, ["mandate", "list", "--tap", tap]).stdout;
  if (/口座振替の登録はありません/.test(mandates)) {
    r = await file(clerk, tap, "stop", { stop_on: today, urgent: "1", settle: "debit" });
    assert.equal(r.status, 422);
    assert.match(r.text, /口座振替の登録がありません/);
  }
  r = await file(clerk, tap, "stop", { stop_on: today, urgent: "1", settle: "slip", postal: "400-0031",
                                        forward_address: "甲府市丸の内1丁目18-1 転居先", phone: "055-237-1161",
                                        filer_name: "山田 花子", filer_relation: "家族" });
  assert.equal(r.status, 303, r.text);
  assert.match(decodeURIComponent(r.location), /\/karte\//);
  const page = await karte(tap);
  assert.match(page, /使用中止（閉栓）/);
  assert.match(page, /山田 花子（家族）/);
  const wo = Number(page.match(/href="\/workorders\/(\d+)"/)[1]);
  // a second stop for the same tap is refused
  r = await file(clerk, tap, "stop", { stop_on: today, urgent: "1", settle: "slip" });
  assert.equal(r.status, 422);
  assert.match(r.text, /すでに使用中止の受付/);
  // the day's list
  const list = await clerk.get(`/workorders?day=${today}`);
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`id="wo-${wo}"[\\s\\S]*?閉栓[\\s\\S]*?${tap}`));
  // the crew's sheet as PDF: the order with its tap, place of use and settlement, a page per 12
  const pdf = await clerk.request("GET", `/workorders.pdf?day=${today}`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get("content-type"), "application/pdf");
  const sheet = join(ctx.dir, "sheet.pdf");
  const raw = await fetch(`${srv.base}/workorders.pdf?day=${today}`, { headers: { Cookie: clerk.cookieHeader() } });
  writeFileSync(sheet, Buffer.from(await raw.arrayBuffer()));
  const txt = spawnSync("pdftotext", ["-layout", sheet, "-"], { encoding: "utf8" });
  assert.equal(txt.status, 0, txt.stderr);
  assert.match(txt.stdout, /開栓・閉栓 作業票/);
  assert.match(txt.stdout, /閉栓/);
  assert.ok(txt.stdout.includes(tap), "the tap on the sheet");
  assert.match(txt.stdout, /精算: 納付書/);
  // a reading that is not a number is refused and stores nothing
  const last = await lastReading(tap);
  r = await clerk.post(`/workorders/${wo}`, { csrf: clerk.csrf, reading: "12a" });
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /メーターの指針を数字で入力してください/);
  assert.match(r.text, /id="workorder-form"/);
  // the final reading (about the usual use: a reading far off the history would be held for a
  // person to confirm): final bill, tenure closed, the bill goes to a slip
  const perDay = (last.value - last.prev_value) / Math.max(last.days, 1);
  const since = Math.round((Date.parse(today) - Date.parse(last.read_on)) / 86400000);
  const final = last.value + Math.max(1, Math.round(perDay * since));
  r = await clerk.post(`/workorders/${wo}`, { csrf: clerk.csrf, reading: String(final), note: "閉栓済み" });
  assert.equal(r.status, 303, r.text);
  const after = await karte(tap);
  assert.match(after, /現在の使用者はいません/);
  const show = JSON.parse(suido(ctx, ["bill", "show", "--tap", tap, "--cycle", today.slice(0, 7)]).stdout || "{}");
  const bills = JSON.parse((await clerk.get(`/api/v1/taps/${tap}/bills`)).text).bills;
  const fin = bills.find((b) => b.kind === "final");
  assert.ok(fin, `a final bill on the karte (${JSON.stringify(show).slice(0, 80)})`);
  assert.equal(fin.period_to, today);
  assert.equal(fin.collect, "slip", "settled by slip");
  assert.match(after, new RegExp(`/bills/${fin.id}`));
  r = await clerk.post(`/workorders/${wo}`, { csrf: clerk.csrf, reading: String(final) });
  assert.equal(r.status, 409, "done once");

  // the next resident: refused without a name, then filed, opened by its work order
  r = await file(clerk, tap, "start", { start_on: addDays(today, 1), urgent: "1", name: "", kana: "ｽｽﾞｷ" });
  assert.equal(r.status, 422);
  assert.match(r.text, /氏名/);
  r = await file(clerk, tap, "start", { start_on: addDays(today, 1), urgent: "1", name: "鈴木 一郎", kana: "スズキ イチロウ",
                                         phone: "090-1234-5678" });
  assert.equal(r.status, 303, r.text);
  const startPage = await karte(tap);
  const owo = Number([...startPage.matchAll(/href="\/workorders\/(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => b - a)[0]);
  assert.ok(owo > wo);
  r = await clerk.post(`/workorders/${owo}`, { csrf: clerk.csrf, reading: String(final - 1) });
  assert.equal(r.status, 422, "an opening reading below the final one is refused");
  assert.match(r.text, /前回の指針/);
  r = await clerk.post(`/workorders/${owo}`, { csrf: clerk.csrf, reading: String(final) });
  assert.equal(r.status, 303, r.text);
  assert.match(await karte(tap), /鈴木 一郎/);
});

test(`[${engine}] name change, mailing address and a change to slips take effect at once`, async () => {
  const taps = occupiedTaps();
  const tap = taps[7];
  const today = jstToday();
  let r = await file(clerk, tap, "name_change", { effective_on: today, name: "高橋 商店", kana: "タカハシ ショウテン" });
  assert.equal(r.status, 303, r.text);
  let page = await karte(tap);
  assert.match(page, /<span class="h1-name">高橋 商店<\/span>/);
  assert.match(page, /名義変更/);
  r = await file(clerk, tap, "mail_address", { effective_on: today, postal: "4000031", mail_address: "" });
  assert.equal(r.status, 422);
  assert.match(r.text, /送付先住所/);
  r = await file(clerk, tap, "mail_address", { effective_on: today, postal: "400-0031", mail_address: "甲府市丸の内2丁目" });
  assert.equal(r.status, 303, r.text);
  assert.match(await karte(tap), /〒400-0031 甲府市丸の内2丁目/);
  // a tap with a mandate in force goes to slips: the mandate ends
  const withMandate = taps.find((t) => /振替中|登録中|active/.test(suido(ctx, ["mandate", "list", "--tap", t]).stdout)
                                     && !/口座振替の登録はありません/.test(suido(ctx, ["mandate", "list", "--tap", t]).stdout));
  if (withMandate) {
    r = await file(clerk, withMandate, "pay_method", { effective_on: today, pay: "slip" });
    assert.equal(r.status, 303, r.text);
    assert.doesNotMatch(suido(ctx, ["mandate", "list", "--tap", withMandate]).stdout.split("\n")[0] ?? "", /\tactive\t/);
  }
  // the inbox lists today's requests
  const inbox = await clerk.get(`/reception?day=${today}`);
  assert.equal(inbox.status, 200);
  assert.match(inbox.text, new RegExp(`id="inbox"[\\s\\S]*${tap}`));
});

test(`[${engine}] refusals: past the window, an occupied tap without a stop, a viewer may not file`, async () => {
  const taps = occupiedTaps();
  const tap = taps[11];
  const today = jstToday();
  let r = await file(clerk, tap, "stop", { stop_on: addDays(today, 400), settle: "slip" });
  assert.equal(r.status, 422);
  assert.match(r.text, /日先/);
  r = await file(clerk, tap, "stop", { stop_on: addDays(today, -90), settle: "slip" });
  assert.equal(r.status, 422);
  assert.match(r.text, /より前の日は受け付けられません/);
  r = await file(clerk, tap, "start", { start_on: addDays(today, 10), name: "佐藤 次郎", kana: "サトウ ジロウ" });
  assert.equal(r.status, 422);
  assert.match(r.text, /現在の使用者がいます/);
  r = await file(clerk, tap, "stop", { stop_on: "2026-02-30", settle: "slip" });
  assert.equal(r.status, 422);
  const viewer = new Client(srv.base);
  assert.equal((await viewer.login("etsuran-r")).status, 303);
  assert.equal((await viewer.get(`/karte/${tap}`)).status, 200);
  r = await file(viewer, tap, "stop", { stop_on: addDays(today, 10), settle: "slip" });
  assert.equal(r.status, 403);
  assert.doesNotMatch(await karte(tap), /id="request-\d+"/, "nothing stored by any refusal");
});

// Every change above to a bill's status or paid amount kept the open-bill list
// (bill_open, which the debit request reads) in step with the bills.
test(`[${engine}] the open-bill list agrees with every bill and payment above`, () => {
  const d = openBillsDrift(ctx);
  assert.deepEqual({ missing: d.missing, extra: d.extra }, { missing: [], extra: [] });
  assert.ok(d.open > 0, "some bills are still open");
});
