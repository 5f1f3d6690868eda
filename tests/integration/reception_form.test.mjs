// Reception forms and the crew's work orders (issue 16, item 6), against the
// real binary and database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set):
// a form says whose tap it is (name, place of use, how they pay now, the
// account masked) with its day field focused; the channel (受付方法) of a
// clerk's last request is the next form's default for that session only;
// 精算方法 follows the mandate in force; the work-order list opens on today
// and the six days after, a heading per day, 前へ/次へ moving the window; the
// crew's sheet (PDF) and the order's page carry the meter number, the last
// reading and 至急.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, formToken, makeEnv, optionValues, sql, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, clerk;

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

async function login(username = "tanto") {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text);
  return c;
}

/** Occupied taps: with and without a mandate in force for the current customer. */
function taps(withMandate) {
  const q = "SELECT t.tap_no FROM taps t JOIN occupancies o ON o.tap_id = t.id AND o.end_on IS NULL"
    + ` WHERE ${withMandate ? "" : "NOT "}EXISTS (SELECT 1 FROM mandates m WHERE m.tap_id = t.id`
    + " AND m.customer_id = o.customer_id AND m.end_on IS NULL)"
    + " AND EXISTS (SELECT 1 FROM meters x WHERE x.tap_id = t.id AND x.status = 'installed')"
    + " ORDER BY t.tap_no";
  return sql(ctx, q).split("\n").filter(Boolean);
}

/** The selected option's value of the <select name=NAME> in a page. */
function selected(html, name) {
  const sel = html.match(new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`));
  assert.ok(sel, `a select ${name}`);
  const m = sel[1].match(/<option value="([^"]*)" selected/);
  return m && m[1];
}

/** The text of the element with id in a page (tags dropped). */
function textOf(html, id) {
  const m = html.match(new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(dd|td|span|section|p|h2|nav)>`));
  return m ? m[1].replace(/<[^>]+>/g, "").trim() : null;
}

async function fileStop(c, tap, fields) {
  const token = await formToken(c, `/taps/${tap}/reception?kind=stop`, "reception-form");
  return c.post(`/taps/${tap}/reception`, { csrf: c.csrf, kind: "stop", settle: "slip", ...token, ...fields });
}

async function pdfText(path) {
  const raw = await fetch(srv.base + path, { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(raw.status, 200);
  assert.equal(raw.headers.get("content-type"), "application/pdf");
  const file = join(ctx.dir, `sheet-${Date.now()}-${Math.random().toString(16).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(await raw.arrayBuffer()));
  const txt = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  assert.equal(txt.status, 0, txt.stderr);
  return txt.stdout;
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "200", "--years", "1", "--seed", "23"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  clerk = await login();
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the form says whose tap it is, with the day field focused`, async () => {
  const tap = taps(false)[0];
  const karte = (await clerk.get(`/karte/${tap}`)).text;
  const name = karte.match(/<span class="h1-name">([^<]+)<\/span>/)[1];
  for (const kind of ["stop", "name_change", "mail_address", "pay_method"]) {
    const r = await clerk.get(`/taps/${tap}/reception?kind=${kind}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.text.indexOf('id="tap-summary"') < r.text.indexOf('id="reception-form"'), `${kind}: the box above the form`);
    assert.equal(textOf(r.text, "summary-tap"), tap);
    assert.equal(textOf(r.text, "summary-name"), name, `${kind}: the current customer`);
    assert.ok(textOf(r.text, "summary-address").length > 2, `${kind}: the place of use`);
    assert.equal(textOf(r.text, "summary-pay"), "納付書", `${kind}: no mandate`);
    // the first field a clerk types in is focused: the form's first visible input, the day
    const form = r.text.match(/<form[^>]*id="reception-form"[^>]*>([\s\S]*?)<\/form>/)[1];
    const first = form.match(/<(input|select|textarea)(?![^>]*type="hidden")[^>]*>/)[0];
    assert.match(first, /type="date"/, `${kind}: the day first`);
    assert.match(first, /autofocus/, `${kind}: focused`);
    assert.equal((form.match(/autofocus/g) || []).length, 1, `${kind}: one autofocus`);
  }
  // a refused form focuses its bad field (app.js) rather than the day
  const bad = await fileStop(clerk, tap, { stop_on: "2026-02-30", source: "counter" });
  assert.equal(bad.status, 422);
  assert.doesNotMatch(bad.text, /autofocus/);
  assert.match(bad.text, /id="summary-name"/, "the box on the refused form too");
  // an unknown tap has no form
  assert.equal((await clerk.get("/taps/99999999/reception?kind=stop")).status, 404);
});

test(`[${engine}] 精算方法 follows the mandate in force; the box shows the account masked`, async () => {
  const [plain, other] = taps(false);
  let r = await clerk.get(`/taps/${plain}/reception?kind=stop`);
  assert.equal(selected(r.text, "settle"), "slip", "no mandate: by slip");
  assert.deepEqual(optionValues(r.text, "settle"), ["slip", "debit"]);
  // a mandate registered now (a bank of the master): the next form defaults to debit
  const bank = sql(ctx, "SELECT b.bank_code || ' ' || b.code FROM bank_branches b ORDER BY b.bank_code, b.code LIMIT 1").split(" ");
  const add = suido(ctx, ["mandate", "add", "--tap", other, "--bank", bank[0], "--branch", bank[1], "--type", "1",
                          "--account", "7654321", "--holder", "ﾃｽﾄ ﾀﾛｳ"]);
  assert.equal(add.code, 0, add.stderr);
  r = await clerk.get(`/taps/${other}/reception?kind=stop`);
  assert.equal(selected(r.text, "settle"), "debit", "a mandate in force: by debit");
  assert.match(textOf(r.text, "summary-pay"), /^口座振替（.+ \*\*\*\*321）$/);
  assert.doesNotMatch(r.text, /7654321/, "the account number is masked");
  // a demo tap paying by debit too
  const demoDebit = taps(true).find((t) => t !== other);
  if (demoDebit) {
    r = await clerk.get(`/taps/${demoDebit}/reception?kind=stop`);
    assert.equal(selected(r.text, "settle"), "debit");
    assert.match(textOf(r.text, "summary-pay"), /^口座振替（/);
  }
  // what the clerk chose wins over the prefill when the form comes back refused
  r = await fileStop(clerk, other, { stop_on: "2026-02-30", source: "phone", settle: "slip" });
  assert.equal(r.status, 422);
  assert.equal(selected(r.text, "settle"), "slip");
});

test(`[${engine}] the channel of a clerk's last request is the next form's default, for that session only`, async () => {
  const c = await login();
  const [t1, t2] = taps(false).slice(4, 6);
  let r = await c.get(`/taps/${t1}/reception?kind=stop`);
  assert.equal(selected(r.text, "source"), "counter", "窓口 before any request");
  const today = jstToday();
  r = await fileStop(c, t1, { stop_on: addDays(today, 1), urgent: "1", source: "phone" });
  assert.equal(r.status, 303, r.text);
  r = await c.get(`/taps/${t2}/reception?kind=name_change`);
  assert.equal(selected(r.text, "source"), "phone", "電話 remembered");
  // another clerk's session is not touched
  const other = await login();
  assert.equal(selected((await other.get(`/taps/${t2}/reception?kind=stop`)).text, "source"), "counter");
  // a refused request does not change what is remembered
  r = await fileStop(c, t2, { stop_on: "2026-02-30", source: "mail" });
  assert.equal(r.status, 422);
  assert.equal(selected(r.text, "source"), "mail", "what was posted is kept on the refused form");
  assert.equal(selected((await c.get(`/taps/${t2}/reception?kind=stop`)).text, "source"), "phone");
  // a junk cookie is ignored
  c.cookies.set("rsrc", "<x>");
  assert.equal(selected((await c.get(`/taps/${t2}/reception?kind=stop`)).text, "source"), "counter");
  c.cookies.set("rsrc", "phone");
  // logging out forgets it; the next login starts from 窓口
  await c.post("/logout", { csrf: c.csrf });
  assert.equal(c.cookies.has("rsrc"), false, "cleared at logout");
  await c.login("tanto", DEMO);
  assert.equal(selected((await c.get(`/taps/${t2}/reception?kind=stop`)).text, "source"), "counter");
});

test(`[${engine}] work orders open on the coming days, a heading per day, 前へ/次へ; sheet and page carry meter, last reading, 至急`, async () => {
  const today = jstToday();
  const pool = taps(false).slice(10);
  const plan = [
    { tap: pool[0], on: today, urgent: true },
    { tap: pool[1], on: addDays(today, 3), urgent: true },
    { tap: pool[2], on: addDays(today, 20), urgent: false },
    { tap: pool[3], on: addDays(today, -2), urgent: true },   // past, still open
  ];
  for (const p of plan) {
    const r = await fileStop(clerk, p.tap, { stop_on: p.on, source: "phone", ...(p.urgent ? { urgent: "1" } : {}) });
    assert.equal(r.status, 303, `${p.on}: ${r.text.slice(0, 400)}`);
    const k = (await clerk.get(`/karte/${p.tap}`)).text;
    p.wo = Number(k.match(/href="\/workorders\/(\d+)"/)[1]);
  }
  assert.equal(sql(ctx, `SELECT urgent FROM service_requests r JOIN work_orders w ON w.request_id = r.id WHERE w.id = ${plan[2].wo}`), "0");
  assert.equal(sql(ctx, `SELECT urgent FROM service_requests r JOIN work_orders w ON w.request_id = r.id WHERE w.id = ${plan[1].wo}`), "1");

  let r = await clerk.get("/workorders");
  assert.equal(r.status, 200);
  const heads = [...r.text.matchAll(/<h2 class="wo-day" id="day-(\d{4}-\d\d-\d\d)"/g)].map((m) => m[1]);
  assert.deepEqual(heads, [0, 1, 2, 3, 4, 5, 6].map((k) => addDays(today, k)), "today and the six days after");
  const table = (day) => (r.text.match(new RegExp(`<table[^>]*id="workorders-${day}"[\\s\\S]*?</table>`)) || [""])[0];
  assert.match(table(today), new RegExp(`id="wo-${plan[0].wo}"`), "today's order under today");
  assert.match(table(addDays(today, 3)), new RegExp(`id="wo-${plan[1].wo}"`), "the order in 3 days under its day");
  assert.doesNotMatch(table(today), new RegExp(`id="wo-${plan[1].wo}"`));
  assert.doesNotMatch(r.text, new RegExp(`id="wo-${plan[2].wo}"`), "not beyond the window");
  assert.doesNotMatch(r.text, new RegExp(`id="wo-${plan[3].wo}"`), "not the past");
  assert.match(textOf(r.text, "wo-overdue"), /未完了の作業が 1件/, "the past open order is counted");
  assert.match(r.text, new RegExp(`id="wo-${plan[0].wo}"[\\s\\S]*?<span class="urgent">至急</span>`));
  // 次へ: the next seven days hold the order in 20 days? no: days 7–13; twice: 14–20
  const next = r.text.match(/<a href="([^"]+)" rel="next" id="wo-next"/)[1].replace(/&amp;/g, "&");
  assert.equal(next, `/workorders?from=${addDays(today, 7)}&days=7`);
  r = await clerk.get(next);
  const next2 = r.text.match(/<a href="([^"]+)" rel="next" id="wo-next"/)[1].replace(/&amp;/g, "&");
  r = await clerk.get(next2);
  assert.match(r.text, new RegExp(`id="workorders-${addDays(today, 20)}"[\\s\\S]*?id="wo-${plan[2].wo}"`));
  assert.match(r.text, /id="wo-today"/, "a way back to today");
  // 前へ from today: the past week, with the past order under its day
  r = await clerk.get("/workorders");
  const prev = r.text.match(/<a href="([^"]+)" rel="prev" id="wo-prev"/)[1].replace(/&amp;/g, "&");
  assert.equal(prev, `/workorders?from=${addDays(today, -7)}&days=7`);
  r = await clerk.get(prev);
  assert.match(r.text, new RegExp(`id="workorders-${addDays(today, -2)}"[\\s\\S]*?id="wo-${plan[3].wo}"`));
  // the old day= link still shows that day first; a bad window is refused by name
  r = await clerk.get(`/workorders?day=${addDays(today, 3)}&days=1`);
  assert.deepEqual([...r.text.matchAll(/class="wo-day" id="day-([\d-]+)"/g)].map((m) => m[1]), [addDays(today, 3)]);
  r = await clerk.get("/workorders?days=99");
  assert.match(r.text, /表示する日数は 1 から 31/);
  assert.match(r.text, /name="days"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="days"/);

  // the order's page and the sheet: meter number, last reading (value and day), 至急
  const o = plan[1];
  const meter = sql(ctx, `SELECT m.meter_no FROM meters m JOIN taps t ON t.id = m.tap_id WHERE t.tap_no = '${o.tap}' AND m.status = 'installed'`);
  const last = JSON.parse((await clerk.get(`/api/v1/taps/${o.tap}/readings`)).text).readings
    .sort((a, b) => (a.read_on < b.read_on ? 1 : -1))[0];
  assert.ok(meter && last, "the demo tap has a meter and readings");
  r = await clerk.get(`/workorders/${o.wo}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /id="wo-urgent"[^>]*>至急</);
  assert.match(r.text, new RegExp(`<th scope="row">メーター番号</th><td>${meter}</td>`));
  assert.match(textOf(r.text, "wo-last-reading"), new RegExp(`^${last.value}（`));
  assert.doesNotMatch((await clerk.get(`/workorders/${plan[2].wo}`)).text, /id="wo-urgent"/, "not urgent: no 至急");
  const sheet = await pdfText(`/workorders.pdf?day=${o.on}`);
  assert.match(sheet, /メーター番号/);
  assert.match(sheet, /前回指針/);
  assert.ok(sheet.includes(meter), "the meter number on the sheet");
  assert.ok(sheet.includes(last.read_on), "the last reading's day on the sheet");
  assert.match(sheet, new RegExp(`(^|\\s)${last.value}(\\s|$)`, "m"), "the last reading's value on the sheet");
  assert.match(sheet, /至急/);
  const calm = await pdfText(`/workorders.pdf?day=${plan[2].on}`);
  assert.ok(calm.includes(plan[2].tap));
  assert.doesNotMatch(calm, /至急/, "no 至急 on a day without urgent orders");
});
