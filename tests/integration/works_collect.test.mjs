// Works receipts through the collections ledger (issue 18 item 5) against the real binary and
// database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city with its
// contractors: the 納入通知書's slip (the works mark '7' and the application's id) in a
// convenience-store result file pays the application's open charges, and the fee gate then lets
// 承認 through; the same file imported twice changes nothing, and the same record in another file
// is a duplicate; a wrong amount waits in 未消込 naming the application's number and the
// difference, and is allocated there by hand to the application (消込); a slip for a cancelled
// application waits in 未消込 as well; a reversal takes the money back off the charges and the
// gate closes again; money at the counter by the collections section (one-time token; the 工事
// role may not; more than what is open is refused naming the field); the 日計 has works lines of
// their own, apart from water and sewer, and balances; the journal credits the works accounts.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, formToken, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "./lib.mjs";
import { agentRecord, day, demoContractor, worksSlipCode } from "./works_lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, koji, chief, tanto;
let contractor, engineer, area;
const sql = (text) => sqlOn(ctx, text);

async function as(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}
function ok(args) {
  const r = suido(ctx, args);
  assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** A 新設 13 mm entered by the 工事 role (加入金 ¥44,000, 設計審査 ¥2,000, 完成検査 ¥3,000): [id, number]. */
async function enter(fields = {}) {
  const token = await formToken(koji, "/works/new", "works-new-form");
  const r = await koji.post("/works/new", {
    csrf: koji.csrf, ...token, type: "new", received_on: day(-20), contractor_id: String(contractor),
    engineer_id: String(engineer), owner_name: "収納　施主", owner_phone: "055-222-0001",
    applicant_name: "収納　申込者", applicant_phone: "090-1111-2222", area_code: area, address: "7-7",
    tap_no: "", diameter: "13", old_diameter: "", dwellings: "", meter_count: "", meter_place: "",
    use_code: "household", consent_land_on: "", consent_house_on: "", consent_party_on: "", ...fields,
  });
  assert.equal(r.status, 303, r.text);
  const id = Number(r.location.match(/^\/works\/(\d+)$/)[1]);
  return [id, sql(`SELECT number FROM works_applications WHERE id = ${id}`)];
}
const step = (c, id, form) => c.post(`/works/${id}/step`, { csrf: c.csrf, ...form });
const paid = (id) => sql(`SELECT code || ':' || paid_yen FROM works_charges WHERE application_id = ${id} ORDER BY seq`);

let fileNo = 0;
function importFile(text) {
  const p = join(ctx.dir, `works-agent-${++fileNo}.csv`);
  writeFileSync(p, text);
  return { path: p, run: () => suido(ctx, ["payment", "import", "--json", p]) };
}

before(async () => {
  ctx = makeEnv();
  ok(["demo", "--taps", "300", "--years", "0", "--seed", "29", "--no-payments"]);
  [contractor, engineer, area] = demoContractor(ctx);
  srv = await startServer(ctx);
  koji = await as("koji");
  chief = await as("kakaricho");
  tanto = await as("tanto");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

let slipFile, slipRef, first;

test(`[${engine}] a works slip in a convenience-store file pays the open charges; then 承認 goes through`, async () => {
  const [id, number] = await enter();
  first = [id, number];
  assert.equal((await step(koji, id, { step: "review", on: day(-19) })).status, 303);
  let s = await step(chief, id, { step: "approve", on: day(-18), confirm: "1" });
  assert.equal(s.status, 400, "the gate: the 設計審査 fee is unpaid");
  const before = sql("SELECT COUNT(*) || '|' || COALESCE(SUM(amount), 0) FROM allocations");
  const code = worksSlipCode(id, number, 49000);
  slipRef = `${code}-${day().replaceAll("-", "")}1001`;
  slipFile = importFile(agentRecord(code, 49000));
  const r = slipFile.run();
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.posted, [1, 49000], r.stdout);
  assert.deepEqual(out.suspense, [0, 0]);
  assert.equal(paid(id), "kanyukin:44000\ndesign:2000\ninspection:3000", "every charge paid");
  // the ledger: a cvs payment of no tap, one works row per charge with the tax it contains
  assert.equal(sql(`SELECT channel || '|' || status || '|' || COALESCE(tap_id, 0) || '|' || COALESCE(bill_id, 0)`
    + ` FROM payments WHERE ref = '${slipRef}'`), "cvs|posted|0|0");
  assert.equal(sql(`SELECT w.kind || ':' || w.amount || ':' || w.tax FROM works_payments w JOIN works_charges c`
    + ` ON c.id = w.charge_id WHERE w.application_id = ${id} ORDER BY c.due, c.seq`),
    "fee:2000:0\nkanyukin:44000:4000\nfee:3000:0", "in the order due: 承認前, then 着工前");
  assert.equal(sql("SELECT COUNT(*) || '|' || COALESCE(SUM(amount), 0) FROM allocations"), before,
    "no water bill paid by a works slip");
  s = await step(chief, id, { step: "approve", on: day(-18), confirm: "1" });
  assert.equal(s.status, 303, s.text.slice(0, 300));
  const page = await koji.get(`/works/${id}`);
  assert.match(page.text, /id="wa-receipts"/);
  assert.match(page.text, /コンビニ[\s\S]*?49,000/);
  assert.doesNotMatch(page.text, /準備中/);
  assert.doesNotMatch(page.text, /id="wa-pay-form"/, "the 工事 role takes no cash");
});

test(`[${engine}] the same file imported twice changes nothing; the record again in another file is a duplicate`, () => {
  const [id] = first;
  const again = slipFile.run();
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /取込済み/);
  const code = slipRef.slice(0, 44);
  const other = importFile(agentRecord(code, 49000) + agentRecord(code, 49000, "1002")).run();
  assert.equal(other.code, 0, other.stderr);
  const out = JSON.parse(other.stdout);
  assert.deepEqual(out.duplicate, [1, 49000], other.stdout);
  // the second record (another time of day) finds nothing open: 未消込 naming the application
  assert.deepEqual(out.suspense, [1, 49000]);
  assert.equal(paid(id), "kanyukin:44000\ndesign:2000\ninspection:3000");
  assert.equal(sql(`SELECT COUNT(*) FROM works_payments WHERE application_id = ${id}`), "3");
});

let wrong;   // [suspense id, application id, number]

test(`[${engine}] a wrong amount waits in 未消込 naming the application and the difference`, async () => {
  const [id, number] = await enter();
  const out = JSON.parse(importFile(agentRecord(worksSlipCode(id, number, 48000), 48000)).run().stdout);
  assert.deepEqual(out.suspense, [1, 48000]);
  const [sid, detail, reason] = sql("SELECT s.id || '|' || s.detail || '|' || s.reason FROM suspense s"
    + ` JOIN payments p ON p.id = s.payment_id WHERE p.amount = 48000 AND s.status = 'open'`).split("|");
  assert.equal(reason, "amount");
  assert.equal(detail, `工事申込 ${number} の未納額 49000 円に対し入金額 48000 円（差額 -1000 円）。`);
  assert.equal(paid(id), "kanyukin:0\ndesign:0\ninspection:0");
  wrong = [Number(sid), id, number];
  const list = await tanto.get("/collections/suspense");
  assert.match(list.text, new RegExp(`工事申込 ${number} の未納額`));
  assert.match(list.text, new RegExp(`action="/collections/suspense/${sid}/works"`));
});

test(`[${engine}] 未消込 allocated by hand to the application (消込), in the order due; bad input names the field`, async () => {
  const [sid, id, number] = wrong;
  const post = (c, form) => c.post(`/collections/suspense/${sid}/works`, { csrf: c.csrf, ...form });
  let r = await post(tanto, { number: "R99-99999", note: "電話で確認" });
  assert.equal(r.status, 400);
  assert.match(r.text, /工事申込 R99-99999 はありません/);
  assert.match(r.text, /value="R99-99999"/, "what was typed is kept");
  r = await post(tanto, { number, note: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /処理の理由（照合の根拠）を入力してください/);
  assert.equal((await post(koji, { number, note: "x" })).status, 403);
  r = await post(tanto, { number, note: "納入通知書の控えで確認" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  // 設計審査 first (承認前), then 加入金 and what is left to 完成検査
  assert.equal(paid(id), "kanyukin:44000\ndesign:2000\ninspection:2000");
  assert.equal(sql(`SELECT status || '|' || note FROM suspense WHERE id = ${sid}`), "resolved|納入通知書の控えで確認");
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'works.receipt.allocate'`), "1");
  r = await post(tanto, { number, note: "もう一度" });
  assert.equal(r.status, 409, "an item already resolved");
});

test(`[${engine}] a slip for a cancelled application waits in 未消込`, async () => {
  const [id, number] = await enter();
  assert.equal((await step(koji, id, { step: "cancel", on: day(-1), reason: "施主の都合", confirm: "1" })).status, 303);
  const out = JSON.parse(importFile(agentRecord(worksSlipCode(id, number, 49000), 49000)).run().stdout);
  assert.deepEqual(out.suspense, [1, 49000]);
  assert.equal(sql("SELECT s.reason || '|' || s.detail FROM suspense s JOIN payments p ON p.id = s.payment_id"
    + ` WHERE p.ref LIKE '%${String(id).padStart(12, "0")}%'`),
    `cancelled|工事申込 ${number} は取り消されています（入金額 49000 円）。`);
  assert.equal(paid(id), "kanyukin:0\ndesign:0\ninspection:0");
});

test(`[${engine}] a reversal takes the money off the charges and the gate closes again`, async () => {
  const [id, number] = await enter();
  assert.equal((await step(koji, id, { step: "review", on: day(-19) })).status, 303);
  const code = worksSlipCode(id, number, 49000);
  importFile(agentRecord(code, 49000, "1100")).run();
  assert.equal(paid(id), "kanyukin:44000\ndesign:2000\ninspection:3000");
  ok(["payment", "reverse", "--channel", "cvs", "--ref", `${code}-${day().replaceAll("-", "")}1100`, "--note", "取消"]);
  assert.equal(paid(id), "kanyukin:0\ndesign:0\ninspection:0");
  assert.equal(sql(`SELECT SUM(amount) || '|' || SUM(tax) FROM works_payments WHERE application_id = ${id}`), "0|0");
  const s = await step(chief, id, { step: "approve", on: day(-18), confirm: "1" });
  assert.equal(s.status, 400);
  assert.match(s.text, /設計審査手数料（未納 ¥2,000）/);
});

test(`[${engine}] money at the counter by the collections section, once per form; more than is open is refused`, async () => {
  const [id] = await enter();
  const page = await tanto.get(`/works/${id}`);
  assert.match(page.text, /id="wa-pay-form"/);
  const token = await formToken(tanto, `/works/${id}`, "wa-pay-form");
  let r = await tanto.post(`/works/${id}/pay`, { csrf: tanto.csrf, ...token, amount: "50,000", receipt_no: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /金額が未納額（49,000 円）を超えています/);
  assert.match(r.text, /value="50,000"/);
  r = await tanto.post(`/works/${id}/pay`, { csrf: tanto.csrf, ...token, amount: "2000", receipt_no: "R-1" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(paid(id), "kanyukin:0\ndesign:2000\ninspection:0", "the fee due at approval first");
  r = await tanto.post(`/works/${id}/pay`, { csrf: tanto.csrf, ...token, amount: "2000", receipt_no: "R-1" });
  assert.equal(r.status, 303, "the same form again posts nothing");
  assert.equal(paid(id), "kanyukin:0\ndesign:2000\ninspection:0");
  assert.equal(sql(`SELECT COUNT(*) FROM payments p JOIN works_payments w ON w.payment_id = p.id`
    + ` WHERE w.application_id = ${id} AND p.channel = 'counter' AND p.receipt_no = 'R-1'`), "1");
  assert.equal((await koji.post(`/works/${id}/pay`, { csrf: koji.csrf, amount: "1000" })).status, 403);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'works.receipt.counter'`), "1");
});

test(`[${engine}] the 日計 has the works lines apart from water and sewer and balances; the journal credits them`, async () => {
  const today = day();
  const [kanyukin, fee, ktax] = sql("SELECT COALESCE(SUM(CASE WHEN kind = 'kanyukin' THEN amount ELSE 0 END), 0) || '|' ||"
    + " COALESCE(SUM(CASE WHEN kind = 'fee' THEN amount ELSE 0 END), 0) || '|' ||"
    + ` COALESCE(SUM(CASE WHEN kind = 'kanyukin' THEN tax ELSE 0 END), 0) FROM works_payments WHERE posted_on = '${today}'`)
    .split("|").map(Number);
  assert.ok(kanyukin > 0 && fee > 0, `${kanyukin} ${fee}`);
  const daily = ok(["payment", "daily", "--date", today]);
  assert.match(daily, new RegExp(`^kanyukin\\t加入金（工事）\\t${kanyukin}\\t${ktax}$`, "m"));
  assert.match(daily, new RegExp(`^works_fee\\t工事手数料\\t${fee}\\t0$`, "m"));
  assert.match(daily, /^check\t検算\t一致/m);
  // water and sewer are untouched by works money (no allocations today in this city)
  assert.match(daily, /^total\t収納計\t\d+\t\d+\t\d+\t0\t0\t0\t/m);
  const page = await tanto.get(`/collections/daily?date=${today}`);
  assert.match(page.text, new RegExp(`id="daily-kanyukin">収納 ${kanyukin.toLocaleString("en-US")} 円`));
  assert.match(page.text, /id="daily-works-fee"/);
  assert.match(page.text, /id="daily-check" class="ok"/);
  const out = join(ctx.dir, "journal.csv");
  ok(["payment", "journal", "--from", today, "--to", today, "--out", out, "--encoding", "utf8"]);
  const lines = (await import("node:fs")).readFileSync(out, "utf8").split(/\r?\n/).filter(Boolean).map((l) => l.split(","));
  const credit = (name) => lines.filter((l) => l[4] === name).reduce((s, l) => s + Number(l[6]) - Number(l[5]), 0);
  assert.equal(credit("加入金収入"), kanyukin - ktax);
  assert.equal(credit("給水工事手数料収入"), fee);
  const debit = lines.slice(1).reduce((s, l) => s + Number(l[5]), 0), cred = lines.slice(1).reduce((s, l) => s + Number(l[6]), 0);
  assert.equal(debit, cred, "debits equal credits");
});
