// The whole life of a works application in a real Chromium (issue 18: the hand-over to billing):
// a 新設 20 mm and a 改造 13→20 mm, each entered by the 工事 role, reviewed, its fees paid by a
// convenience-store result file imported at 収納 by the collections clerk (the 納入通知書's slip,
// the works mark '7'), approved by the 係長 through the confirmation, paid, started, inspected
// with the meter set recorded, completed — and then in the registry: the 新設's tap numbered with
// its diameter and a start request in the reception inbox; the 改造's tap at 20 mm from the
// completion day and its first bill after it split by days (13 mm before the completion day, 20 mm
// from it) with each basic charge of the tariff.  axe-core
// checks each screen the hand-over added or changed; screenshots go to build/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck, launchBrowser, newContext, staffLogin } from "./lib.mjs";

const DEMO = "suido-demo-2025";
let ctx, srv, browser, koji, chief, tanto;
let contractor, engineer;
const sql = (text) => sqlOn(ctx, text);
const shot = (page, name) => page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });

/** Today in JST moved by shift days, as YYYY-MM-DD. */
function day(shift = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}
/** The 44 digits of a works slip (domain/slipcode.c with the reference of domain/works/works_slipref.c). */
function slipCode(id, number, amount) {
  const [, year, seq] = number.match(/^R(\d+)-(\d+)$/);
  const ref = year.padStart(2, "0") + seq.padStart(6, "0") + "7" + String(id).padStart(12, "0");
  const due = day(10);
  const d43 = `91912345${ref}0${due.slice(2, 4)}${due.slice(5, 7)}${due.slice(8, 10)}0${String(amount).padStart(6, "0")}`;
  let sum = 0;
  for (let i = d43.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(d43[i]) * w;
  return d43 + String((10 - (sum % 10)) % 10);
}
async function page(user) {
  const p = await (await newContext(browser)).newPage();
  await staffLogin(p, srv.base, user);
  return p;
}
/** The steps' dates: received ten days ago, each step a day later, 完了 yesterday (so that the
 *  next reading, today, comes after the meter set on the completion day). */
const ON = { review: -6, approve: -5, pay: -4, start: -3, inspect: -2, complete: -1 };
async function clickStep(p, step) {
  const url = p.url();
  await p.fill(`#wa-step-${step} #f-on`, day(ON[step]));
  await p.click(`#wa-step-${step} button`);
  await p.waitForURL(url);
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "29", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  contractor = sql("SELECT id FROM works_contractors WHERE status = 'active' AND designated_on <= '" + day(-400)
    + "' AND valid_until > '" + day(60) + "' ORDER BY id LIMIT 1");
  engineer = sql(`SELECT id FROM works_engineers WHERE contractor_id = ${contractor} AND removed_on = ''`
    + ` AND registered_on <= '${day(-400)}' ORDER BY id LIMIT 1`);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  koji = await page("koji");
  chief = await page("kakaricho");
  tanto = await page("tanto");
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

/** Enter an application on the form as the 工事 role; its page's URL, id and number. */
async function enter(fields) {
  await koji.goto(srv.base + "/works");
  await koji.click("nav.subnav >> text=新規申込");
  await koji.waitForURL(/\/works\/new$/);
  await koji.selectOption("#f-type", fields.type);
  await koji.fill("#f-received_on", day(-10));
  await koji.selectOption("#f-contractor_id", contractor);
  await koji.selectOption("#f-engineer_id", engineer);
  await koji.fill("#f-owner_name", "生涯　花子");
  await koji.fill("#f-owner_phone", "055-222-0202");
  await koji.fill("#f-applicant_name", "生涯　代理");
  await koji.fill("#f-applicant_phone", "090-5555-6666");
  await koji.selectOption("#f-area_code", fields.area);
  await koji.fill("#f-address", fields.address);
  if (fields.tap_no) await koji.fill("#f-tap_no", fields.tap_no);
  if (fields.old_diameter) await koji.selectOption("#f-old_diameter", fields.old_diameter);
  await koji.selectOption("#f-diameter", fields.diameter);
  await koji.click("#wn-submit");
  await koji.waitForURL(/\/works\/\d+$/);
  const url = koji.url();
  return { url, id: url.match(/(\d+)$/)[1], number: await koji.textContent("#wa-number") };
}

/** 審査, the fees paid by a convenience-store file imported at 収納, 承認 by the 係長, 納付, 着工. */
async function throughPayment(app, label) {
  await clickStep(koji, "review");
  const total = Number(sql(`SELECT SUM(yen) FROM works_charges WHERE application_id = ${app.id}`));
  const code = slipCode(app.id, app.number, total);
  const on = day().replaceAll("-", "");
  const file = join(ctx.dir, `cvs-${app.id}.csv`);
  writeFileSync(file, `02,${on},1001,EAN${code},,,0,${total},0001,ファミリーマート,123456,,${on}\r\n`);
  await tanto.goto(srv.base + "/collections");
  await tanto.setInputFiles("#agent-file", file);
  await tanto.click("#agent-submit");
  await tanto.waitForURL(/\/collections\/imports\/\d+/);
  assert.equal(sql(`SELECT COUNT(*) FROM works_charges WHERE application_id = ${app.id} AND paid_yen <> yen`), "0",
    "every charge paid by the file");
  await shot(tanto, `works-life-${label}-01-import`);
  await chief.goto(app.url);
  await chief.fill("#wa-step-approve #f-on", day(ON.approve));
  await chief.click("#wa-step-approve button");
  await chief.waitForLoadState();
  await chief.click("#wa-step-approve button");
  await chief.waitForURL(app.url);
  assert.match(await chief.textContent("#wa-status"), /承認済/);
  await koji.goto(app.url);
  await clickStep(koji, "pay");
  await clickStep(koji, "start");
  assert.match(await koji.textContent("#wa-status"), /着工/);
}

/** 完成検査 合格 with the meter set (a wrong reading first: refused naming the field), then 完了. */
async function inspectAndComplete(app, meterNo, oldFinal, label) {
  await koji.fill("#wa-step-inspect #f-on", day(ON.inspect));
  await koji.selectOption("#wa-step-inspect select", "pass");
  await koji.fill("#wa-step-inspect #f-meter_no", meterNo);
  await koji.fill("#wa-step-inspect #f-meter_maker", "愛知時計");
  await koji.fill("#wa-step-inspect #f-meter_reading", "99999");
  if (oldFinal !== undefined) await koji.fill("#wa-step-inspect #f-old_final", String(oldFinal));
  await axeCheck(koji, `${label}: the inspection form with the meter`);
  await koji.click("#wa-step-inspect button");
  await koji.waitForLoadState();
  assert.match(await koji.textContent("#form-error"), /取付指針がメーターの桁数（4桁）を超えています/);
  assert.equal(await koji.getAttribute("#wa-step-inspect #f-meter_reading", "aria-invalid"), "true");
  assert.equal(await koji.inputValue("#wa-step-inspect #f-meter_no"), meterNo, "what was typed is kept");
  await axeCheck(koji, `${label}: the inspection refused`);
  await koji.fill("#wa-step-inspect #f-meter_reading", "0");
  await koji.click("#wa-step-inspect button");
  await koji.waitForURL(app.url);
  assert.match(await koji.textContent("#wa-status"), /検査合格/);
  await clickStep(koji, "complete");
  assert.match(await koji.textContent("#wa-status"), /完了/);
  assert.match(await koji.textContent(".flash"), /完了を記録し、水栓 \d{8} として水栓台帳・受付へ引き継ぎました/);
  await axeCheck(koji, `${label}: the completed application`);
  await shot(koji, `works-life-${label}-02-completed`);
}

test("a 新設 20 mm from the application to the tap in the registry and the start request in 受付", async () => {
  const area = sql("SELECT area_code FROM taps GROUP BY area_code ORDER BY COUNT(*) DESC, area_code LIMIT 1");
  const app = await enter({ type: "new", area, address: "12-34", diameter: "20" });
  await throughPayment(app, "new");
  await inspectAndComplete(app, "WL-N0001", undefined, "new");
  // the tap it became, linked to its カルテ
  const tapNo = (await koji.textContent("#wa-tap")).trim();
  assert.match(tapNo, /^\d{8}$/);
  await tanto.goto(app.url);
  await tanto.click("#wa-tap a");
  await tanto.waitForURL(`${srv.base}/karte/${tapNo}`);
  assert.equal(sql(`SELECT diameter || ':' || use_code || ':' || status FROM taps WHERE tap_no = '${tapNo}'`), "20:household:active");
  assert.match(await tanto.textContent("main"), /20\s*mm/);
  assert.match(await tanto.textContent("#works"), new RegExp(app.number));
  await axeCheck(tanto, "new: the カルテ of the tap with its works");
  await shot(tanto, "works-life-new-03-karte");
  // the start request waits in the reception inbox
  await tanto.goto(`${srv.base}/reception?day=${day()}`);
  const inbox = await tanto.textContent("main");
  assert.match(inbox, new RegExp(tapNo));
  assert.match(inbox, /生涯　花子/);
  assert.match(inbox, /給水工事/);
  await axeCheck(tanto, "new: the reception inbox with the start request");
});

test("a 改造 13→20 mm: the tap at 20 mm from the completion day, and its first bill split by days at 13 and 20 mm", async () => {
  // an occupied 13 mm tap on a route read today, not read lately
  const [tapNo, area, last] = sql("SELECT t.tap_no || '|' || t.area_code || '|' || (SELECT r.value FROM readings r"
    + " WHERE r.tap_id = t.id AND r.status = 'accepted' ORDER BY r.read_on DESC, r.id DESC LIMIT 1) FROM taps t"
    + " JOIN occupancies o ON o.tap_id = t.id AND o.end_on IS NULL JOIN meters m ON m.tap_id = t.id AND m.status = 'installed'"
    + " WHERE t.diameter = 13 AND t.use_code = 'household' AND t.status = 'active' AND t.stopped_on = ''"
    + ` AND EXISTS (SELECT 1 FROM reading_schedule s WHERE s.route = t.route AND s.from_on <= '${day()}' AND s.to_on >= '${day()}')`
    + ` AND NOT EXISTS (SELECT 1 FROM readings r WHERE r.tap_id = t.id AND r.read_on >= '${day(-25)}')`
    + " AND EXISTS (SELECT 1 FROM readings r WHERE r.tap_id = t.id AND r.status = 'accepted')"
    + " ORDER BY t.tap_no LIMIT 1").split("|");
  assert.ok(tapNo, "an occupied 13 mm tap read today");
  const app = await enter({ type: "remodel", area, address: "5-6", tap_no: tapNo, old_diameter: "13", diameter: "20" });
  await throughPayment(app, "remodel");
  await inspectAndComplete(app, "WL-R0001", Number(last) + 4, "remodel");
  assert.equal(sql(`SELECT diameter FROM taps WHERE tap_no = '${tapNo}'`), "20");
  // the registry says 20 mm
  await tanto.goto(`${srv.base}/karte/${tapNo}`);
  assert.match(await tanto.textContent("main"), /20\s*mm/);

  // the next reading, on the new meter, and the cycle's billing run
  const reader = await new Client(srv.base).apiLogin("kenshin", DEMO);
  const read = await reader.request("POST", "/api/v1/readings", {
    json: { tap_no: tapNo, meter_no: "WL-R0001", read_on: day(), value: 6 }, headers: { "X-CSRF-Token": reader.csrf } });
  assert.equal(read.status, 200, read.text);
  const body = JSON.parse(read.text);
  if (body.status !== "accepted") {
    const c = await new Client(srv.base).apiLogin("kakaricho", DEMO);
    const ok = await c.request("POST", `/api/v1/readings/${body.reading_id}/confirm`, { json: {}, headers: { "X-CSRF-Token": c.csrf } });
    assert.equal(ok.status, 200, ok.text);
  }
  const cycle = sql(`SELECT r.cycle FROM readings r JOIN taps t ON t.id = r.tap_id WHERE t.tap_no = '${tapNo}'`
    + ` AND r.read_on = '${day()}' AND r.status = 'accepted'`);
  const run = suido(ctx, ["bill", "run", "--cycle", cycle]);
  assert.ok(run.code === 0 || run.code === 3, run.stdout + run.stderr);
  const [billId, usage, months, tariffId] = sql("SELECT b.id || '|' || b.usage || '|' || b.months || '|' || b.water_tariff"
    + ` FROM bills b JOIN taps t ON t.id = b.tap_id WHERE t.tap_no = '${tapNo}' AND b.cycle = '${cycle}' AND b.status = 'current'`).split("|");
  assert.ok(billId, `the first bill after the 改造: ${run.stdout}`);
  // the tariff's 20 mm basic charge, quoted from the same table
  const tariffFile = join(ctx.dir, "water.json");
  writeFileSync(tariffFile, sql(`SELECT body FROM tariffs WHERE tariff_id = '${tariffId}'`));
  const base = (mm) => {
    const q = suido(ctx, ["tariff", "quote", "--tariff", tariffFile, "--use", "household", "--diameter", String(mm),
      "--usage", usage, "--months", months]);
    assert.equal(q.code, 0, q.stderr);
    return Number(JSON.parse(q.stdout).lines.find((l) => l.kind === "base").yen);
  };
  assert.notEqual(base(20), base(13));
  // the bill as the clerk sees it: 20 mm, the period split by days at the completion day — the
  // days before it with the 13 mm basic charge, the days from it with the 20 mm one
  await tanto.goto(`${srv.base}/bills/${billId}`);
  assert.match(await tanto.textContent("#bill-head"), /20 mm/);
  const why = (await tanto.textContent("#why")).replace(/\s+/g, " ");
  assert.match(why, /基本料金/);
  assert.match(why, /口径 13 mm・この料金表で \d+ 日 \/ \d+ 日 分/);
  assert.match(why, /口径 20 mm・この料金表で 2 日 \/ \d+ 日 分/);
  assert.ok(why.includes(base(13).toLocaleString("en-US")), `the 13 mm basic charge ${base(13)} in: ${why}`);
  assert.ok(why.includes(base(20).toLocaleString("en-US")), `the 20 mm basic charge ${base(20)} in: ${why}`);
  await axeCheck(tanto, "remodel: the first bill after the change");
  await shot(tanto, "works-life-remodel-03-bill");
});
