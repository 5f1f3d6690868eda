// The hand-over of a completed works application to billing (issue 18 item 8, docs/works.md
// 「引き渡し」) against the real binary and database (SQLite, or PostgreSQL when SUIDO_TEST_DB is
// set), on a demo city with a year of readings and bills:
// - a 新設's 完了 numbers a tap with the application's diameter, use and place, installs the meter
//   recorded at the completion inspection and opens a start request in 受付 for the owner (with the
//   owner's カナ from the application, sealed there like the name);
// - a 改造 13→20 mm changes the tap's diameter from the completion day: the next bill is split by
//   days at the completion day (13 mm before it, 20 mm from it), the figure computed here from the
//   tariff file;
// - a 撤去 closes the tap through 受付 (the stop, its closing order with the final dial, the final
//   bill), takes the meter off and marks the tap 撤去; when the check holds the final dial the stop
//   waits in 受付 (「指針確認待ち」, with the reason) and the final bill follows the 係長's confirmation;
// - a 特団 of 3 dwellings makes 3 taps, each with its meter; a 特団改造 matches the block's dwellings by
//   部屋番号; a new dwelling of either opens no start request (the owner is not its resident): its
//   tap waits for its resident's start at 受付;
// - the demo hands its completed works over through the same use case with no start request;
// - 完了 twice does nothing the second time; bad meter input is 400 naming the field, and a
//   refusal of the hand-over leaves the application as it was.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, formToken, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, koji, chief, clerk;
let contractor, engineer, area;
const sql = (text) => sqlOn(ctx, text);

/** Today in JST moved by shift days, as YYYY-MM-DD. */
function day(shift = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}
async function as(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}
const idOf = (res) => Number(res.location.match(/^\/works\/(\d+)$/)[1]);

/** Enter an application (a 新設 13 mm by default) as the 工事 role. */
async function enter(fields = {}) {
  const token = await formToken(koji, "/works/new", "works-new-form");
  const r = await koji.post("/works/new", {
    csrf: koji.csrf, ...token, type: "new", received_on: day(-20), contractor_id: String(contractor),
    engineer_id: String(engineer), owner_name: "引継　太郎", owner_phone: "055-222-0101", applicant_name: "引継　代理",
    applicant_phone: "090-3333-4444", area_code: area, address: "77-7", tap_no: "", diameter: "13",
    old_diameter: "", dwellings: "", meter_count: "", meter_place: "玄関脇", use_code: "household",
    consent_land_on: "", consent_house_on: "", consent_party_on: "", ...fields,
  });
  assert.equal(r.status, 303, r.text);
  return idOf(r);
}
const step = (c, id, form) => c.post(`/works/${id}/step`, { csrf: c.csrf, ...form });

/** From 受付 to 着工: 審査, 承認 by the 係長, the fees paid, 納付, 着工. */
async function toStarted(id, at = -19) {
  assert.equal((await step(koji, id, { step: "review", on: day(at) })).status, 303);
  sql(`UPDATE works_charges SET paid_yen = yen WHERE application_id = ${id}`);
  assert.equal((await step(chief, id, { step: "approve", on: day(at + 1), confirm: "1" })).status, 303);
  assert.equal((await step(koji, id, { step: "pay", on: day(at + 2) })).status, 303);
  assert.equal((await step(koji, id, { step: "start", on: day(at + 4) })).status, 303);
}
const meter = (no, extra = {}) => ({ meter_no: no, meter_maker: "愛知時計", meter_diameter: "", meter_digits: "4",
  meter_reading: "0", ...extra });
const status = (id) => sql(`SELECT status FROM works_applications WHERE id = ${id}`);
const count = (table, where = "1 = 1") => Number(sql(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));

/** An occupied household tap of diameter mm with a meter and an accepted reading, on a route read
 *  monthly or bimonthly, none read today; with its last reading's value. */
function occupiedTap(diameter, skip = [], scheduled = false) {
  const not = skip.length ? `AND t.tap_no NOT IN (${skip.map((t) => `'${t}'`).join(", ")})` : "";
  const today = scheduled ? `AND EXISTS (SELECT 1 FROM reading_schedule s WHERE s.route = t.route AND s.from_on <= '${day(0)}'`
    + ` AND s.to_on >= '${day(0)}')` : "";
  const row = sql(`SELECT t.tap_no || '|' || t.area_code FROM taps t JOIN occupancies o ON o.tap_id = t.id AND o.end_on IS NULL`
    + ` JOIN meters m ON m.tap_id = t.id AND m.status = 'installed'`
    + ` WHERE t.diameter = ${diameter} AND t.use_code = 'household' AND t.status = 'active' AND t.stopped_on = '' ${not} ${today}`
    + ` AND NOT EXISTS (SELECT 1 FROM readings r WHERE r.tap_id = t.id AND r.read_on >= '${day(-25)}')`
    + ` AND NOT EXISTS (SELECT 1 FROM service_requests q WHERE q.tap_id = t.id AND q.status = 'scheduled')`
    + " AND EXISTS (SELECT 1 FROM readings r WHERE r.tap_id = t.id AND r.status = 'accepted')"
    + " ORDER BY t.tap_no LIMIT 1");
  assert.ok(row, `an occupied ${diameter} mm tap`);
  const [tapNo, tapArea] = row.split("|");
  const [last, usage, days, lastOn] = sql(`SELECT r.value || '|' || r.usage || '|' || r.days || '|' || r.read_on FROM readings r`
    + ` JOIN taps t ON t.id = r.tap_id WHERE t.tap_no = '${tapNo}' AND r.status = 'accepted' ORDER BY r.read_on DESC, r.id DESC`
    + " LIMIT 1").split("|");
  return { tapNo, tapArea, last: Number(last), usage: Number(usage), days: Number(days), lastOn };
}

/** A plausible dial on the day `on` for a tap of occupiedTap: its last period's usage a day, for
 *  the days since its last reading (at least 3 m³) — what the reading check expects, neither
 *  high nor low whatever day of the month the test runs. */
function plausibleDial({ last, usage, days, lastOn }, on) {
  const dayNo = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
  const since = dayNo(on) - dayNo(lastOn);
  return last + Math.max(Math.round((usage * since) / Math.max(days, 1)), 3);
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "29", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  contractor = Number(sql("SELECT id FROM works_contractors WHERE status = 'active' AND designated_on <= '"
    + day(-400) + "' AND valid_until > '" + day(60) + "' ORDER BY id LIMIT 1"));
  engineer = Number(sql(`SELECT id FROM works_engineers WHERE contractor_id = ${contractor} AND removed_on = ''`
    + ` AND registered_on <= '${day(-400)}' ORDER BY id LIMIT 1`));
  // the 町丁目 with the most taps: a new tap there is read on their route
  area = sql("SELECT area_code FROM taps GROUP BY area_code ORDER BY COUNT(*) DESC, area_code LIMIT 1");
  assert.ok(contractor > 0 && engineer > 0 && area);
  srv = await startServer(ctx);
  koji = await as("koji");
  chief = await as("kakaricho");
  clerk = await as("tanto");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the demo's completed works went through the same hand-over with no start request: taps with their meters, no order in 受付`, () => {
  // the demo's 新設 completed in a 町丁目 with a route: a tap each, its meter (WD<id>-01) installed
  const made = sql("SELECT COUNT(*) FROM works_applications a JOIN taps t ON t.id = a.tap_id"
    + " JOIN meters m ON m.tap_id = t.id AND m.status = 'installed' AND m.meter_no LIKE 'WD%-01'"
    + " WHERE a.type = 'new' AND a.status = 'completed'");
  assert.ok(Number(made) > 0, "the demo's 新設 handed over");
  // the option no_start: no start request from 給水工事, and the audit rows count none
  assert.equal(count("service_requests", "source = 'works'"), 0);
  assert.ok(count("audit_log", "action = 'works.application.handover'") >= Number(made));
});

test(`[${engine}] bad meter input at the completion inspection: 400 naming the field, nothing recorded`, async () => {
  const id = await enter({ diameter: "20" });
  await toStarted(id);
  const cases = [
    [{}, "meter_no", /設置したメーターの番号を入力してください/],
    [meter("wk 1"), "meter_no", /メーター番号は英大文字・数字・ハイフンの4〜20文字/],
    [meter("WK-BAD1", { meter_maker: "" }), "meter_maker", /メーターのメーカー/],
    [meter("WK-BAD1", { meter_diameter: "25" }), "meter_diameter", /メーターの口径（25 mm）が申込の口径（20 mm）と違います/],
    [meter("WK-BAD1", { meter_reading: "abc" }), "meter_reading", /取付指針/],
    [meter("WK-BAD1", { meter_reading: "12345" }), "meter_reading", /取付指針がメーターの桁数（4桁）を超えています/],
    [meter("WK-BAD1", { meter_digits: "9" }), "meter_digits", /メーターの桁数/],
  ];
  // a meter already installed at another tap
  const installed = sql("SELECT meter_no FROM meters WHERE status = 'installed' ORDER BY id LIMIT 1");
  cases.push([meter(installed), "meter_no", /在庫にありません（設置中または撤去済み）/]);
  for (const [fields, field, message] of cases) {
    const r = await step(koji, id, { step: "inspect", on: day(-5), result: "pass", ...fields });
    assert.equal(r.status, 400, `${field}: ${JSON.stringify(fields)}`);
    assert.match(r.text, message);
    assert.match(r.text, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    if (fields.meter_no) assert.match(r.text, new RegExp(`name="meter_no" value="${fields.meter_no}"`));   // kept
  }
  assert.equal(status(id), "started");
  assert.equal(count("works_meters", `application_id = ${id}`), 0);
  // a failed inspection needs no meter
  assert.equal((await step(koji, id, { step: "inspect", on: day(-5), result: "fail" })).status, 303);
  assert.equal(status(id), "failed");
});

test(`[${engine}] a 新設's 完了: the tap numbered with its diameter, use and place, the meter installed, a start request in 受付; 完了 twice does nothing more`, async () => {
  const taps = count("taps");
  // the owner's カナ: checked as カナ naming the field, what was typed kept
  const token = await formToken(koji, "/works/new", "works-new-form");
  const bad = await koji.post("/works/new", { csrf: koji.csrf, ...token, type: "new", received_on: day(-20),
    contractor_id: String(contractor), engineer_id: String(engineer), owner_name: "引継　太郎", owner_kana: "Hikitsugi",
    applicant_name: "引継　代理", applicant_phone: "090-3333-4444", area_code: area, address: "77-7", diameter: "20",
    use_code: "household" });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /所有者のフリガナ/);
  assert.match(bad.text, /id="f-owner_kana"[^>]*aria-invalid="true"/);
  assert.match(bad.text, /name="owner_kana" value="Hikitsugi"/);
  const id = await enter({ diameter: "20", use_code: "household", owner_kana: "ひきつぎ　たろう" });
  const number = sql(`SELECT number FROM works_applications WHERE id = ${id}`);
  assert.equal(count("works_applications", `id = ${id} AND (owner_kana_enc LIKE '%ヒキツギ%' OR owner_kana_enc LIKE '%ひきつぎ%')`), 0,
    "sealed like the name");
  assert.match((await koji.get(`/works/${id}`)).text, /引継　太郎（ヒキツギ　タロウ）/);
  await toStarted(id);
  let r = await step(koji, id, { step: "inspect", on: day(-5), result: "pass", ...meter("WK-N0001", { meter_diameter: "20", meter_reading: "3" }) });
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(`SELECT meter_no || ':' || diameter || ':' || digits || ':' || start_value || ':' || old_final FROM works_meters`
    + ` WHERE application_id = ${id}`), "WK-N0001:20:4:3:-1");
  assert.equal(count("taps"), taps, "nothing handed over before 完了");

  r = await step(koji, id, { step: "complete", on: day(-1) });
  assert.equal(r.status, 303, r.text);
  assert.equal(status(id), "completed");
  const tapNo = sql(`SELECT t.tap_no FROM works_applications a JOIN taps t ON t.id = a.tap_id WHERE a.id = ${id}`);
  assert.match(tapNo, /^\d{8}$/);
  assert.equal(count("taps"), taps + 1);
  // the tap as the application says, on the route of most of the 町丁目's taps, after the last of them
  const route = sql(`SELECT route FROM taps WHERE area_code = '${area}' AND tap_no <> '${tapNo}' GROUP BY route`
    + " ORDER BY COUNT(*) DESC, route LIMIT 1");
  assert.equal(sql(`SELECT area_code || ':' || diameter || ':' || use_code || ':' || status || ':' || route FROM taps`
    + ` WHERE tap_no = '${tapNo}'`), `${area}:20:household:active:${route}`);
  assert.equal(sql(`SELECT route_order FROM taps WHERE tap_no = '${tapNo}'`),
    sql(`SELECT MAX(route_order) FROM taps WHERE route = '${route}'`));
  // its place is sealed like any tap's; the カルテ opens it
  assert.equal(count("taps", `tap_no = '${tapNo}' AND address_enc LIKE '%77-7%'`), 0);
  const karte = await clerk.get(`/karte/${tapNo}`);
  assert.equal(karte.status, 200);
  assert.match(karte.text, /77-7/);
  // the カルテ's works panel names the application
  assert.match(karte.text, new RegExp(`<section id="works" class="panel wide"><h2>給水装置工事</h2>[\\s\\S]*?<a href="/works/${id}">${number}</a>`));
  // the meter installed on the completion day with its first dial
  assert.equal(sql(`SELECT m.meter_no || ':' || m.diameter || ':' || m.installed_on || ':' || m.status FROM meters m`
    + ` JOIN taps t ON t.id = m.tap_id WHERE t.tap_no = '${tapNo}'`), `WK-N0001:20:${day(-1)}:installed`);
  assert.equal(sql(`SELECT r.kind || ':' || r.value || ':' || r.read_on FROM readings r JOIN taps t ON t.id = r.tap_id`
    + ` WHERE t.tap_no = '${tapNo}'`), `start:3:${day(-1)}`);
  // the start request for the owner, from the completion day, with its opening work order
  assert.equal(sql(`SELECT q.kind || ':' || q.source || ':' || q.effective_on || ':' || q.status FROM service_requests q`
    + ` JOIN taps t ON t.id = q.tap_id WHERE t.tap_no = '${tapNo}'`), `start:works:${day(-1)}:scheduled`);
  assert.equal(count("work_orders", `kind = 'open' AND status = 'open' AND tap_id = (SELECT id FROM taps WHERE tap_no = '${tapNo}')`), 1);
  // the start request's customer has the application's カナ
  const customer = sql(`SELECT q.customer_id FROM service_requests q JOIN taps t ON t.id = q.tap_id WHERE t.tap_no = '${tapNo}'`);
  const edit = await clerk.get(`/customers/${customer}/edit`);
  assert.equal(edit.status, 200);
  assert.match(edit.text, /name="kana" value="ヒキツギ　タロウ"/);
  const inbox = await clerk.get(`/reception?day=${day(0)}`);
  assert.equal(inbox.status, 200);
  assert.match(inbox.text, new RegExp(`${tapNo}[\\s\\S]*?使用開始（開栓）|使用開始（開栓）[\\s\\S]*?${tapNo}`));
  assert.match(inbox.text, /引継　太郎/);
  assert.match(inbox.text, /給水工事/);
  // the application page names the tap, linked to its カルテ, and says what was done
  const page = await koji.get(`/works/${id}`);
  assert.match(page.text, new RegExp(`<th scope="row">水栓番号</th><td id="wa-tap"><a href="/karte/${tapNo}">${tapNo}</a>`));
  assert.match(page.text, /この申込は完了し、水栓台帳・受付へ引き継がれています/);
  assert.equal(count("audit_log", `action = 'works.application.handover' AND object = 'works_application:${id}'`), 1);

  // 完了 twice: nothing more
  const before = [count("taps"), count("works_steps", `application_id = ${id}`), count("service_requests"), count("meters")];
  r = await step(koji, id, { step: "complete", on: day(0) });
  assert.equal(r.status, 303);
  assert.deepEqual([count("taps"), count("works_steps", `application_id = ${id}`), count("service_requests"), count("meters")], before);
  assert.equal(count("audit_log", `action = 'works.application.handover' AND object = 'works_application:${id}'`), 1);
});

test(`[${engine}] a hand-over refused rolls the 完了 back: a 私補 whose meter went in elsewhere meanwhile`, async () => {
  const id = await enter({ type: "branch", diameter: "13" });
  await toStarted(id);
  assert.equal((await step(koji, id, { step: "inspect", on: day(-5), result: "pass", ...meter("WK-B0001") })).status, 303);
  // the same meter set at another tap before 完了 (a mistake on site)
  const other = occupiedTap(13);
  const m = await clerk.post(`/taps/${other.tapNo}/meter`, { csrf: clerk.csrf, on: day(0), meter_no: "WK-B0001",
    maker: "愛知時計", diameter: "13", digits: "4", start_value: "0", old_final: String(other.last + 1), certified_until: "" });
  assert.equal(m.status, 303, m.text);
  const taps = count("taps");
  const r = await step(koji, id, { step: "complete", on: day(0) });
  assert.equal(r.status, 400);
  assert.match(r.text, /在庫にありません/);
  assert.equal(status(id), "inspected");
  assert.equal(count("taps"), taps);
  assert.equal(count("works_steps", `application_id = ${id} AND step = 'complete'`), 0);
  // 再検査 records the meter set instead, and it completes
  assert.equal((await step(koji, id, { step: "reinspect", on: day(0), result: "pass", ...meter("WK-B0002") })).status, 303);
  assert.equal((await step(koji, id, { step: "complete", on: day(0) })).status, 303);
  assert.equal(count("taps"), taps + 1);
  assert.equal(sql(`SELECT m.meter_no FROM works_applications a JOIN meters m ON m.tap_id = a.tap_id WHERE a.id = ${id}`),
    "WK-B0002");
});

test(`[${engine}] a 改造 13→20 mm: the tap's diameter from the completion day, and the next bill split by days at 13 and 20 mm`, async () => {
  const { tapNo, tapArea, last } = occupiedTap(13, [], true);   // on a route read today
  const id = await enter({ type: "remodel", area_code: tapArea, tap_no: tapNo, old_diameter: "13", diameter: "20" });
  await toStarted(id);
  // a diameter change needs the new meter and the old one's last dial
  let r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass", ...meter("WK-R0001", { meter_diameter: "20" }) });
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-old_final"[^>]*aria-invalid="true"/);
  r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass",
    ...meter("WK-R0001", { meter_diameter: "20" }), old_final: String(last + 4) });
  assert.equal(r.status, 303, r.text);
  r = await step(koji, id, { step: "complete", on: day(-2) });
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(`SELECT diameter FROM taps WHERE tap_no = '${tapNo}'`), "20");
  assert.equal(sql(`SELECT c.from_on || ':' || c.old_diameter || ':' || c.new_diameter || ':' || c.source FROM tap_diameter_changes c`
    + ` JOIN taps t ON t.id = c.tap_id WHERE t.tap_no = '${tapNo}'`), `${day(-2)}:13:20:works:${id}`);
  // the old meter off with its last dial, the new one on
  assert.equal(sql(`SELECT m.meter_no || ':' || m.status FROM meters m JOIN taps t ON t.id = m.tap_id WHERE t.tap_no = '${tapNo}'`
    + " ORDER BY m.installed_on DESC, m.id DESC LIMIT 1"), "WK-R0001:installed");
  assert.equal(sql(`SELECT r.value FROM readings r JOIN taps t ON t.id = r.tap_id WHERE t.tap_no = '${tapNo}' AND r.kind = 'final'`
    + ` AND r.read_on = '${day(-2)}'`), String(last + 4));

  // the next reading (today, 6 m³ on the new meter) and its bill
  const reader = await new Client(srv.base).apiLogin("kenshin", DEMO);
  const me = await reader.getJson("/api/v1/me");
  const read = await reader.request("POST", "/api/v1/readings", {
    json: { tap_no: tapNo, meter_no: "WK-R0001", read_on: day(0), value: 6 }, headers: { "X-CSRF-Token": reader.csrf } });
  assert.equal(read.status, 200, read.text);
  const body = JSON.parse(read.text);
  if (body.status !== "accepted") {
    const chiefApi = await new Client(srv.base).apiLogin("kakaricho", DEMO);
    const ok = await chiefApi.request("POST", `/api/v1/readings/${body.reading_id}/confirm`, {
      json: {}, headers: { "X-CSRF-Token": chiefApi.csrf } });
    assert.equal(ok.status, 200, ok.text);
  }
  const cycle = sql(`SELECT r.cycle FROM readings r JOIN taps t ON t.id = r.tap_id WHERE t.tap_no = '${tapNo}'`
    + ` AND r.read_on = '${day(0)}' AND r.status = 'accepted'`);
  assert.ok(cycle, `the reading of ${me.today} accepted`);
  const run = suido(ctx, ["bill", "run", "--cycle", cycle]);
  assert.ok(run.code === 0 || run.code === 3, run.stdout + run.stderr);
  const bill = sql(`SELECT b.diameter || '|' || b.usage || '|' || b.months || '|' || b.water_tariff || '|' || b.period_from`
    + ` || '|' || b.days || '|' || b.water_yen || '|' || l.lines FROM bills b`
    + ` JOIN taps t ON t.id = b.tap_id JOIN bill_lines l ON l.bill_id = b.id WHERE t.tap_no = '${tapNo}' AND b.status = 'current' AND b.cycle = '${cycle}'`);
  assert.ok(bill, `a bill of ${tapNo} in ${cycle}: ${run.stdout}`);
  const [diameter, usage, months, tariffId, periodFrom, days, waterYen, lines] = bill.split("|");
  assert.equal(diameter, "20");
  assert.equal(Number(usage), 4 + 6, "the old meter's last part and the new meter's");
  // the period split by days at the completion day: the days before it at 13 mm, the days from it at 20 mm
  const dayNo = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
  const daysOld = dayNo(day(-2)) - dayNo(periodFrom) - 1;   // period_from is the day before the first billed day
  const daysNew = dayNo(day(0)) - dayNo(day(-2)) + 1;
  assert.equal(daysOld + daysNew, Number(days));
  assert.ok(daysOld > 0 && daysNew === 3, `${daysOld} + ${daysNew}`);
  // each segment quoted from the same tariff file, use, months and usage
  const tariffFile = join(ctx.dir, "water-tariff.json");
  writeFileSync(tariffFile, sql(`SELECT body FROM tariffs WHERE tariff_id = '${tariffId}'`));
  const quote = (mm) => {
    const q = suido(ctx, ["tariff", "quote", "--tariff", tariffFile, "--use", "household", "--diameter", String(mm),
      "--usage", usage, "--months", months]);
    assert.equal(q.code, 0, q.stderr);
    return JSON.parse(q.stdout);
  };
  // the base lines' amounts: "amount" in a bill's lines, "yen" in a quote's
  const baseOf = (obj) => obj.lines.filter((l) => l.kind === "base").map((l) => l.amount ?? l.yen).join(",");
  assert.notEqual(baseOf(quote(20)), baseOf(quote(13)), "the two diameters' basic charges differ");
  const water = JSON.parse(lines).filter((g) => g.svc === "water");
  const [seg13, seg20, prorate] = water;
  assert.ok(seg13 && seg20 && prorate, lines);
  assert.deepEqual([seg13.diameter, seg13.share_days, seg13.of_days], [13, daysOld, Number(days)]);
  assert.deepEqual([seg20.diameter, seg20.share_days, seg20.of_days], [20, daysNew, Number(days)]);
  assert.equal(baseOf(seg13), baseOf(quote(13)));
  assert.equal(baseOf(seg20), baseOf(quote(20)));
  // 日割り: each diameter's charge on the whole volume weighted by its days, cut to the yen
  const expected = Math.floor((quote(13).total * daysOld + quote(20).total * daysNew) / Number(days));
  assert.equal(prorate.kind, "prorate");
  assert.equal(prorate.total, expected);
  assert.equal(Number(waterYen), expected);
  // the clerk's bill view explains it by segment
  const billId = sql(`SELECT b.id FROM bills b JOIN taps t ON t.id = b.tap_id WHERE t.tap_no = '${tapNo}' AND b.status = 'current'`
    + ` AND b.cycle = '${cycle}'`);
  const view = await clerk.get(`/bills/${billId}`);
  assert.equal(view.status, 200);
  assert.match(view.text, new RegExp(`口径 13 mm・この料金表で ${daysOld} 日 / ${days} 日 分`));
  assert.match(view.text, new RegExp(`口径 20 mm・この料金表で ${daysNew} 日 / ${days} 日 分`));
  assert.match(view.text, /各期間の額を日数で按分した額/);
});

test(`[${engine}] a 撤去 closes the tap: the stop through 受付 with the final dial and bill, the meter off, the tap 撤去`, async () => {
  const occupied = occupiedTap(13, [sql("SELECT t.tap_no FROM tap_diameter_changes c JOIN taps t ON t.id = c.tap_id LIMIT 1")]);
  const { tapNo, tapArea } = occupied;
  const final = plausibleDial(occupied, day(-1));   // the last dial, on the completion day
  const id = await enter({ type: "removal", area_code: tapArea, tap_no: tapNo, diameter: "13" });
  await toStarted(id);
  let r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass" });
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-old_final"[^>]*aria-invalid="true"/);
  r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass", old_final: String(final) });
  assert.equal(r.status, 303, r.text);
  r = await step(koji, id, { step: "complete", on: day(-1) });
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(`SELECT status FROM taps WHERE tap_no = '${tapNo}'`), "removed");
  const tap = `(SELECT id FROM taps WHERE tap_no = '${tapNo}')`;
  assert.equal(sql(`SELECT kind || ':' || source || ':' || effective_on || ':' || status FROM service_requests WHERE tap_id = ${tap}`
    + " ORDER BY id DESC LIMIT 1"), `stop:works:${day(-1)}:done`);
  assert.equal(sql(`SELECT kind || ':' || status || ':' || reading FROM work_orders WHERE tap_id = ${tap} ORDER BY id DESC LIMIT 1`),
    `close:done:${final}`);
  assert.equal(count("occupancies", `tap_id = ${tap} AND end_on IS NULL`), 0);
  assert.equal(count("meters", `tap_id = ${tap} AND status = 'installed'`), 0);
  assert.equal(sql(`SELECT removed_on FROM meters WHERE tap_id = ${tap} ORDER BY id DESC LIMIT 1`), day(-1));
  // the final bill up to the completion day
  assert.equal(count("bills", `tap_id = ${tap} AND status = 'current' AND period_to = '${day(-1)}'`), 1);
  // the 撤去 tap takes no more readings
  const reader = await new Client(srv.base).apiLogin("kenshin", DEMO);
  const read = await reader.request("POST", "/api/v1/readings", {
    json: { tap_no: tapNo, read_on: day(0), value: final + 9 }, headers: { "X-CSRF-Token": reader.csrf } });
  assert.match(read.text, /閉栓中/);
});

test(`[${engine}] a 撤去 whose final dial the reading check holds: the stop waits in 受付 with the reason, and the final bill follows the 係長's confirmation`, async () => {
  const skip = sql("SELECT t.tap_no FROM tap_diameter_changes c JOIN taps t ON t.id = c.tap_id UNION SELECT t.tap_no FROM taps t"
    + " WHERE t.status = 'removed'").split("\n").filter(Boolean);
  const { tapNo, tapArea, last } = occupiedTap(13, skip);
  const final = last + 4000;   // far beyond the tap's usage: held by the check
  const id = await enter({ type: "removal", area_code: tapArea, tap_no: tapNo, diameter: "13" });
  await toStarted(id);
  assert.equal((await step(koji, id, { step: "inspect", on: day(-3), result: "pass", old_final: String(final) })).status, 303);
  const r = await step(koji, id, { step: "complete", on: day(-1) });
  assert.equal(r.status, 303, r.text);
  const tap = `(SELECT id FROM taps WHERE tap_no = '${tapNo}')`;
  assert.equal(sql(`SELECT status FROM taps WHERE tap_no = '${tapNo}'`), "removed");
  const reading = sql(`SELECT id FROM readings WHERE tap_id = ${tap} AND source = 'stop' AND status = 'held' AND read_on = '${day(-1)}'`);
  assert.ok(reading, "the final reading is held");
  // the stop is not lost: held, with its closing order done, no final bill yet, the tenure still open
  assert.equal(sql(`SELECT kind || ':' || source || ':' || effective_on || ':' || status FROM service_requests WHERE tap_id = ${tap}`
    + " ORDER BY id DESC LIMIT 1"), `stop:works:${day(-1)}:held`);
  assert.equal(count("bills", `tap_id = ${tap} AND status = 'current' AND period_to = '${day(-1)}'`), 0);
  assert.equal(count("occupancies", `tap_id = ${tap} AND end_on IS NULL`), 1);
  // the clerk sees it in 受付 whatever the day, with the reason
  const inbox = await clerk.get(`/reception?day=${day(-30)}`);
  assert.equal(inbox.status, 200);
  const held = inbox.text.match(/<section id="held-stops"[\s\S]*?<\/section>/);
  assert.ok(held, "the held stops' panel");
  assert.match(held[0], new RegExp(`<a href="/karte/${tapNo}">${tapNo}</a>`));
  assert.match(held[0], new RegExp(`中止時の指針（${final}）が検針の点検で保留されています: [^<]+。係長が確認すると精算`));
  assert.match(held[0], /給水工事/);
  // the 係長 confirms the reading: the final bill, the tenure ended, the stop done
  const chiefApi = await new Client(srv.base).apiLogin("kakaricho", DEMO);
  const ok = await chiefApi.request("POST", `/api/v1/readings/${reading}/confirm`, {
    json: { reason: "撤去時にメーターを確認した" }, headers: { "X-CSRF-Token": chiefApi.csrf } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(count("bills", `tap_id = ${tap} AND status = 'current' AND period_to = '${day(-1)}' AND reading_id = ${reading}`), 1);
  assert.equal(count("occupancies", `tap_id = ${tap} AND end_on IS NULL`), 0);
  assert.equal(sql(`SELECT status FROM service_requests WHERE tap_id = ${tap} ORDER BY id DESC LIMIT 1`), "done");
  assert.equal(sql(`SELECT w.bill_id FROM work_orders w WHERE w.tap_id = ${tap} ORDER BY w.id DESC LIMIT 1`),
    sql(`SELECT id FROM bills WHERE reading_id = ${reading} AND status = 'current'`));
  assert.equal(count("audit_log", `action = 'reception.stop.final' AND object = 'tap:${tapNo}'`), 1);
  assert.doesNotMatch((await clerk.get(`/reception?day=${day(0)}`)).text, new RegExp(`id="held-stops"[\\s\\S]*?${tapNo}`));
});

test(`[${engine}] a 特団 of 3 dwellings of their own diameters: 3 taps, each with its own number, diameter, place and meter`, async () => {
  const taps = count("taps"), requests = count("service_requests");
  // each dwelling's diameter on the form: refused naming the field when they are not one a dwelling
  const token = await formToken(koji, "/works/new", "works-new-form");
  const bad = await koji.post("/works/new", { csrf: koji.csrf, ...token, type: "complex", received_on: day(-20),
    contractor_id: String(contractor), engineer_id: String(engineer), owner_name: "引継　太郎", applicant_name: "引継　代理",
    applicant_phone: "090-3333-4444", area_code: area, address: "77-7", diameter: "20", dwellings: "3",
    dwelling_labels: "101\n102\n103", dwelling_diameters: "20, 25", use_code: "household" });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /各戸の口径は戸数（3戸）と同じ数だけ入力してください（いま2戸分です）/);
  assert.match(bad.text, /id="f-dwelling_diameters"[^>]*aria-invalid="true"/);
  const id = await enter({ type: "complex", diameter: "20", dwellings: "3", dwelling_labels: "101\n102\n103",
    dwelling_diameters: "20\n20\n25" });
  // the 加入金 of each dwelling at its diameter (the 2019 table: 20 mm ¥110,000, 25 mm ¥198,000)
  assert.equal(sql(`SELECT yen FROM works_charges WHERE application_id = ${id} AND code = 'kanyukin'`), String(2 * 110000 + 198000));
  assert.equal(sql(`SELECT diameter FROM works_dwellings WHERE application_id = ${id} ORDER BY no`).split("\n").join(","), "20,20,25");
  const number = sql(`SELECT number FROM works_applications WHERE id = ${id}`);
  await toStarted(id);
  const form = await koji.get(`/works/${id}`);
  for (const n of [1, 2, 3]) assert.match(form.text, new RegExp(`name="meter_no_${n}"`));
  // one meter a dwelling, each its own
  const dw = (n, no) => ({ [`meter_no_${n}`]: no, [`meter_maker_${n}`]: "愛知時計", [`meter_digits_${n}`]: "4", [`meter_reading_${n}`]: String(n) });
  let r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass", ...dw(1, "WK-C0001"), ...dw(2, "WK-C0001"), ...dw(3, "WK-C0003") });
  assert.equal(r.status, 400);
  assert.match(r.text, /メーター番号 WK-C0001 が 101 と 102 の2戸にあります/);
  assert.match(r.text, /id="f-meter_no_2"[^>]*aria-invalid="true"/);
  r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass", ...dw(1, "WK-C0001"), ...dw(2, "WK-C0002") });
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-meter_no_3"[^>]*aria-invalid="true"/);
  r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass", ...dw(1, "WK-C0001"), ...dw(2, "WK-C0002"), ...dw(3, "WK-C0003") });
  assert.equal(r.status, 303, r.text);
  r = await step(koji, id, { step: "complete", on: day(-1) });
  assert.equal(r.status, 303, r.text);
  assert.equal(count("taps"), taps + 3);
  const rows = sql(`SELECT d.label || ':' || t.tap_no || ':' || t.diameter || ':' || m.meter_no FROM works_dwellings d`
    + " JOIN taps t ON t.id = d.tap_id JOIN meters m ON m.tap_id = t.id AND m.status = 'installed'"
    + ` WHERE d.application_id = ${id} ORDER BY d.no`).split("\n");
  assert.equal(rows.length, 3);
  const nos = rows.map((x) => x.split(":")[1]);
  assert.equal(new Set(nos).size, 3);
  rows.forEach((x, i) => assert.match(x, new RegExp(`^10${i + 1}:\\d{8}:${i === 2 ? 25 : 20}:WK-C000${i + 1}$`)));
  // no start request: each resident asks for theirs
  assert.equal(count("service_requests"), requests);
  // each dwelling's place names its room; the page links each tap; each カルテ names the application
  const karte = await clerk.get(`/karte/${nos[1]}`);
  assert.match(karte.text, /77-7 102/);
  assert.match(karte.text, new RegExp(`<a href="/works/${id}">${number}</a>`));
  const page = await koji.get(`/works/${id}`);
  for (const no of nos) assert.match(page.text, new RegExp(`<a href="/karte/${no}">${no}</a>`));
});

test(`[${engine}] a 特団改造 matches the block's dwellings by 部屋番号: one kept, one changed 13→20 mm, one new (no start: its resident asks), one closed with its stop`, async () => {
  // the block: 3 dwellings at 13 mm, made by a 特団 two months ago
  const block = await enter({ type: "complex", received_on: day(-60), diameter: "13", dwellings: "3",
    dwelling_labels: "1号室\n2号室\n3号室", address: "88-8" });
  await toStarted(block, -59);
  const dw = (n, no, extra = {}) => ({ [`meter_no_${n}`]: no, [`meter_maker_${n}`]: "愛知時計", [`meter_digits_${n}`]: "4",
    [`meter_reading_${n}`]: "0", ...extra });
  let r = await step(koji, block, { step: "inspect", on: day(-50), result: "pass", ...dw(1, "WK-T0001"), ...dw(2, "WK-T0002"), ...dw(3, "WK-T0003") });
  assert.equal(r.status, 303, r.text);
  assert.equal((await step(koji, block, { step: "complete", on: day(-45) })).status, 303);
  const tapOf = (label) => sql(`SELECT t.tap_no FROM works_dwellings d JOIN taps t ON t.id = d.tap_id`
    + ` WHERE d.application_id = ${block} AND d.label = '${label}'`);
  const [t1, t2, t3] = ["1号室", "2号室", "3号室"].map(tapOf);
  // a resident lives in 3号室 (the customer of the demo's first tap, moved in after the works)
  sql(`INSERT INTO occupancies (tap_id, customer_id, start_on, created_at) SELECT t.id, (SELECT MIN(id) FROM customers),`
    + ` '${day(-44)}', 0 FROM taps t WHERE t.tap_no = '${t3}'`);

  // the remodel names the block by one of its taps: 1号室 as it was, 2号室 at 20 mm, 4号室 new, 3号室 gone
  const taps = count("taps"), starts = count("service_requests", "kind = 'start'");
  const id = await enter({ type: "complex", tap_no: t1, diameter: "13", dwellings: "3", dwelling_labels: "1号室\n2号室\n4号室",
    dwelling_diameters: "13\n20\n13", address: "88-8" });
  await toStarted(id);
  const form = await koji.get(`/works/${id}`);
  assert.match(form.text, /2号室（水栓 \d{8} 口径 13 → 20 mm）/);
  assert.match(form.text, /3号室（撤去 水栓 \d{8}）/);
  assert.match(form.text, /name="old_final_4"/);
  assert.doesNotMatch(form.text, /name="meter_no_4"/);
  // what each dwelling needs, refused naming the field
  r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass", ...dw(2, "WK-T0012", { meter_diameter_2: "20" }),
    old_final_2: "7", ...dw(3, "WK-T0014") });
  assert.equal(r.status, 400);
  assert.match(r.text, /3号室の撤去時指針/);
  assert.match(r.text, /id="f-old_final_4"[^>]*aria-invalid="true"/);
  r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass", ...dw(2, "WK-T0012"), ...dw(3, "WK-T0014"), old_final_4: "9" });
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-old_final_2"[^>]*aria-invalid="true"/);
  r = await step(koji, id, { step: "inspect", on: day(-3), result: "pass", ...dw(2, "WK-T0012"), old_final_2: "7",
    ...dw(3, "WK-T0014"), old_final_4: "9" });
  assert.equal(r.status, 303, r.text);
  r = await step(koji, id, { step: "complete", on: day(-1) });
  assert.equal(r.status, 303, r.text);

  // one new tap (4号室), waiting for its resident as a 特団's dwellings do; 1号室 and 2号室 keep theirs
  assert.equal(count("taps"), taps + 1);
  const rows = sql(`SELECT d.label || ':' || t.tap_no || ':' || t.diameter || ':' || t.status FROM works_dwellings d`
    + ` JOIN taps t ON t.id = d.tap_id WHERE d.application_id = ${id} ORDER BY d.no`).split("\n");
  assert.equal(rows[0], `1号室:${t1}:13:active`);
  assert.equal(rows[1], `2号室:${t2}:20:active`);
  const t4 = rows[2].split(":")[1];
  assert.match(rows[2], /^4号室:\d{8}:13:active$/);
  assert.ok(![t1, t2, t3].includes(t4));
  assert.equal(count("service_requests", "kind = 'start'"), starts);
  assert.equal(sql(`SELECT m.meter_no FROM meters m JOIN taps t ON t.id = m.tap_id WHERE t.tap_no = '${t4}' AND m.status = 'installed'`), "WK-T0014");
  // one diameter change (2号室: 13 → 20 from the completion day, its meter replaced)
  assert.equal(sql(`SELECT t.tap_no || ':' || c.from_on || ':' || c.old_diameter || ':' || c.new_diameter || ':' || c.source`
    + ` FROM tap_diameter_changes c JOIN taps t ON t.id = c.tap_id WHERE c.source = 'works:${id}'`),
    `${t2}:${day(-1)}:13:20:works:${id}`);
  assert.equal(sql(`SELECT m.meter_no FROM meters m JOIN taps t ON t.id = m.tap_id WHERE t.tap_no = '${t2}' AND m.status = 'installed'`), "WK-T0012");
  assert.equal(sql(`SELECT m.meter_no FROM meters m JOIN taps t ON t.id = m.tap_id WHERE t.tap_no = '${t1}' AND m.status = 'installed'`), "WK-T0001");
  // one stop request (3号室: closed with its final dial, the meter off, the tap 撤去)
  assert.equal(sql(`SELECT q.kind || ':' || q.source || ':' || q.effective_on FROM service_requests q JOIN taps t ON t.id = q.tap_id`
    + ` WHERE t.tap_no = '${t3}'`), `stop:works:${day(-1)}`);
  assert.equal(sql(`SELECT status FROM taps WHERE tap_no = '${t3}'`), "removed");
  assert.equal(count("meters", `tap_id = (SELECT id FROM taps WHERE tap_no = '${t3}') AND status = 'installed'`), 0);
  assert.equal(sql(`SELECT r.value FROM readings r JOIN taps t ON t.id = r.tap_id WHERE t.tap_no = '${t3}' ORDER BY r.id DESC LIMIT 1`), "9");

  // 完了 twice does nothing more
  const again = [count("taps"), count("service_requests"), count("tap_diameter_changes"), count("works_steps", `application_id = ${id}`)];
  assert.equal((await step(koji, id, { step: "complete", on: day(0) })).status, 303);
  assert.deepEqual([count("taps"), count("service_requests"), count("tap_diameter_changes"), count("works_steps", `application_id = ${id}`)], again);
});

/** File a start at 受付 for a resident of tap from tomorrow (至急), as a clerk does from the tap's page. */
async function residentStarts(tap, name, kana) {
  const token = await formToken(clerk, `/taps/${tap}/reception?kind=start`, "reception-form");
  return clerk.post(`/taps/${tap}/reception`, { csrf: clerk.csrf, kind: "start", source: "counter", ...token,
    start_on: day(1), urgent: "1", name, kana, phone: "090-5555-6666" });
}

test(`[${engine}] a new dwelling is handed over the same by a 特団 and a 特団改造: a tap with its meter, no start request for the owner, free for its resident's start at 受付`, async () => {
  // a 特団 of 2 dwellings, then a 特団改造 of the block adding a third
  const block = await enter({ type: "complex", received_on: day(-60), diameter: "13", dwellings: "2",
    dwelling_labels: "A101\nA102", address: "99-9" });
  await toStarted(block, -59);
  const dw = (n, no) => ({ [`meter_no_${n}`]: no, [`meter_maker_${n}`]: "愛知時計", [`meter_digits_${n}`]: "4",
    [`meter_reading_${n}`]: "0" });
  assert.equal((await step(koji, block, { step: "inspect", on: day(-50), result: "pass", ...dw(1, "WK-S0001"), ...dw(2, "WK-S0002") })).status, 303);
  assert.equal((await step(koji, block, { step: "complete", on: day(-45) })).status, 303);
  const tapOf = (id, label) => sql(`SELECT t.tap_no FROM works_dwellings d JOIN taps t ON t.id = d.tap_id`
    + ` WHERE d.application_id = ${id} AND d.label = '${label}'`);
  const remodel = await enter({ type: "complex", tap_no: tapOf(block, "A101"), diameter: "13", dwellings: "3",
    dwelling_labels: "A101\nA102\nA103", dwelling_diameters: "13\n13\n13", address: "99-9" });
  await toStarted(remodel);
  assert.equal((await step(koji, remodel, { step: "inspect", on: day(-3), result: "pass", ...dw(3, "WK-S0003") })).status, 303);
  assert.equal((await step(koji, remodel, { step: "complete", on: day(-1) })).status, 303);

  // the 特団's A102 and the 特団改造's A103 alike: active, a meter on, no customer, no request
  const byKind = { 特団: tapOf(block, "A102"), 特団改造: tapOf(remodel, "A103") };
  for (const [kind, tap] of Object.entries(byKind)) {
    assert.match(tap, /^\d{8}$/, kind);
    assert.equal(sql(`SELECT t.status || ':' || m.meter_no FROM taps t JOIN meters m ON m.tap_id = t.id AND m.status = 'installed'`
      + ` WHERE t.tap_no = '${tap}'`), `active:${kind === "特団" ? "WK-S0002" : "WK-S0003"}`, kind);
    assert.equal(count("service_requests", `tap_id = (SELECT id FROM taps WHERE tap_no = '${tap}')`), 0, kind);
    assert.equal(count("occupancies", `tap_id = (SELECT id FROM taps WHERE tap_no = '${tap}')`), 0, kind);
  }
  // each resident's start is taken at 受付 like any other
  for (const [kind, tap] of Object.entries(byKind)) {
    const r = await residentStarts(tap, "入居　花子", "ニュウキョ ハナコ");
    assert.equal(r.status, 303, `${kind}: ${r.text}`);
    assert.equal(sql(`SELECT q.kind || ':' || q.source || ':' || q.status FROM service_requests q JOIN taps t ON t.id = q.tap_id`
      + ` WHERE t.tap_no = '${tap}'`), "start:counter:scheduled", kind);
  }
});

test(`[${engine}] suido works complete: the same hand-over from the command line, once`, async () => {
  const id = await enter({ diameter: "13" });
  const number = sql(`SELECT number FROM works_applications WHERE id = ${id}`);
  await toStarted(id);
  // not inspected yet: refused (exit 2), nothing made
  let r = suido(ctx, ["works", "complete", "--application", number]);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /step: /);
  assert.equal((await step(koji, id, { step: "inspect", on: day(-2), result: "pass", ...meter("WK-L0001") })).status, 303);
  r = suido(ctx, ["works", "complete", "--application", number, "--on", day(-1)]);
  assert.equal(r.code, 0, r.stderr);
  const tapNo = sql(`SELECT t.tap_no FROM works_applications a JOIN taps t ON t.id = a.tap_id WHERE a.id = ${id}`);
  assert.equal(r.stdout, `${number}: 完了しました。水栓 ${tapNo} として水栓台帳・受付へ引き継ぎました。\n`);
  assert.equal(sql(`SELECT completed_on FROM works_applications WHERE id = ${id}`), day(-1));
  // again: nothing more
  const taps = count("taps");
  r = suido(ctx, ["works", "complete", "--application", number]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /完了しています（引継ぎ済み）/);
  assert.equal(count("taps"), taps);
  r = suido(ctx, ["works", "complete", "--application", "R1-99999"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--application: 工事申込 R1-99999 はありません/);
});
