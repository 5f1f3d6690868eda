// Settlement of works applications (精算, issue 18 item 6) against the real binary and database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city with its contractors: a 新設
// 13 mm paid then enlarged to 20 mm gets a 追徴 of the 加入金 difference (a new charge, on the next
// 納入通知書, paid by its slip); reduced back to 13 mm it pays and gets back nothing of the 加入金;
// cancelled after payment and review, the 加入金 and 完成検査 are proposed for refund (設計審査 kept),
// the refund waits for a second person's approval (the one who asked may not decide; the 工事 role
// may not), is paid out on approval with its 還付通知書 and the 日計's and journal's works refund
// lines; `suido works settle` prints the settlement as JSON; bad input names the field (400, what
// was typed kept); 403 for roles without the permission.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { Client, formToken, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "./lib.mjs";
import { agentRecord, day, demoContractor, worksSlipCode } from "./works_lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, koji, chief, tanto, viewer;
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
async function enter(diameter, fields = {}) {
  const token = await formToken(koji, "/works/new", "works-new-form");
  const r = await koji.post("/works/new", {
    csrf: koji.csrf, ...token, type: "new", received_on: day(-20), contractor_id: String(contractor),
    engineer_id: String(engineer), owner_name: "精算　施主", owner_phone: "055-222-0001",
    applicant_name: "精算　申込者", applicant_phone: "090-1111-2222", area_code: area, address: "8-8",
    tap_no: "", diameter: String(diameter), old_diameter: "", dwellings: "", meter_count: "", meter_place: "",
    use_code: "household", consent_land_on: "", consent_house_on: "", consent_party_on: "", ...fields,
  });
  assert.equal(r.status, 303, r.text);
  const id = Number(r.location.match(/^\/works\/(\d+)$/)[1]);
  return [id, sql(`SELECT number FROM works_applications WHERE id = ${id}`)];
}
const step = (c, id, form) => c.post(`/works/${id}/step`, { csrf: c.csrf, ...form });
const charges = (id) => sql(`SELECT code || ':' || origin || ':' || yen || ':' || paid_yen || ':' || refunded_yen`
  + ` FROM works_charges WHERE application_id = ${id} ORDER BY seq`);
let fileNo = 0;
function paySlip(id, number, amount) {
  const p = join(ctx.dir, `settle-agent-${++fileNo}.csv`);
  writeFileSync(p, agentRecord(worksSlipCode(id, number, amount), amount, String(1000 + fileNo)));
  const out = JSON.parse(ok(["payment", "import", "--json", p]));
  assert.deepEqual(out.posted, [1, amount], JSON.stringify(out));
}
async function change(c, id, form) {
  const token = await formToken(c, `/works/${id}`, "wa-change-form");
  return c.post(`/works/${id}/change`, { csrf: c.csrf, ...token, ...form });
}
const settle = (number) => JSON.parse(ok(["works", "settle", "--application", number]));

before(async () => {
  ctx = makeEnv();
  ok(["demo", "--taps", "300", "--years", "0", "--seed", "30", "--no-payments"]);
  [contractor, engineer, area] = demoContractor(ctx);
  srv = await startServer(ctx);
  koji = await as("koji");
  chief = await as("kakaricho");
  tanto = await as("tanto");
  viewer = await as("etsuran");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

let enlarged;

test(`[${engine}] enlarged after payment: a 追徴 of the 加入金 difference, on the next notice, paid by its slip`, async () => {
  const [id, number] = await enter(13);
  enlarged = [id, number];
  paySlip(id, number, 49000);
  let r = await change(koji, id, { diameter: "20", reason: "施主の希望で口径を変更" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(charges(id), "kanyukin:assessed:44000:44000:0\ndesign:assessed:2000:2000:0\n"
    + "inspection:assessed:3000:3000:0\nkanyukin:additional:66000:0:0");
  assert.equal(sql(`SELECT diameter FROM works_applications WHERE id = ${id}`), "20");
  const page = await koji.get(`/works/${id}`);
  assert.match(page.text, /id="wa-charge-kanyukin-4"/);
  assert.match(page.text, /加入金（追徴）/);
  assert.match(page.text, /id="wa-settle-total"[\s\S]*?115,000[\s\S]*?49,000/);
  assert.match(page.text, /施主の希望で口径を変更/, "the reason, opened for the page");
  assert.equal(sql("SELECT COUNT(*) FROM works_settlements WHERE reason_enc LIKE '%施主%'"), "0", "sealed at rest");
  let s = settle(number);
  assert.equal(s.application, number);
  assert.deepEqual([s.assessed, s.paid, s.open, s.additional, s.refund_pending], [115000, 49000, 66000, 66000, 0]);
  assert.deepEqual(s.settlements.map((x) => [x.kind, x.before.diameter, x.after.diameter, x.additional, x.refund]),
    [["change", 13, 20, 66000, 0]]);
  // the next 納入通知書 asks for the 追徴
  const pdf = await fetch(koji.base + `/works/${id}/notice.pdf`, { headers: { Cookie: koji.cookieHeader() } });
  assert.equal(pdf.status, 200);
  const file = join(ctx.dir, "notice-additional.pdf");
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, "");
  assert.ok(text.includes("加入金（追徴）") && text.includes("66,000"), text.slice(0, 400));
  paySlip(id, number, 66000);
  s = settle(number);
  assert.deepEqual([s.paid, s.open], [115000, 0]);
});

test(`[${engine}] reduced back to 13 mm after payment: nothing to pay, nothing of the 加入金 back`, async () => {
  const [id, number] = enlarged;
  const r = await change(koji, id, { diameter: "13", reason: "口径を元に戻す" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const s = settle(number);
  assert.deepEqual([s.assessed, s.paid, s.open, s.refund_pending], [115000, 115000, 0, 0]);
  assert.equal(s.refunds.length, 0);
  assert.deepEqual(s.settlements.at(-1).additional + s.settlements.at(-1).refund, 0);
});

test(`[${engine}] bad input names the field, what was typed kept; 403 for roles without works`, async () => {
  const [id] = enlarged;
  let r = await change(koji, id, { diameter: "13", reason: "同じ" });
  assert.equal(r.status, 400);
  assert.match(r.text, /口径・戸数が今と同じです/);
  r = await change(koji, id, { diameter: "17", reason: "存在しない口径" });
  assert.equal(r.status, 400);
  assert.match(r.text, /17/);
  assert.match(r.text, /value="存在しない口径"/);
  r = await change(koji, id, { diameter: "abc", reason: "x" });
  assert.equal(r.status, 400);
  assert.match(r.text, /口径（mm）/);
  r = await change(koji, id, { diameter: "20", reason: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /変更の理由を入力してください/);
  assert.equal((await tanto.post(`/works/${id}/change`, { csrf: tanto.csrf, diameter: "20", reason: "x" })).status, 403);
  assert.equal((await viewer.post(`/works/${id}/change`, { csrf: viewer.csrf, diameter: "20", reason: "x" })).status, 403);
  const bad = suido(ctx, ["works", "settle", "--application", "R99-99999"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--application: 工事申込 R99-99999 はありません/);
});

test(`[${engine}] cancelled after payment: a refund of what the table refunds, approved by a second person`, async () => {
  const [id, number] = await enter(20);   /* 加入金 110,000 (tax 10,000), 設計審査 2,000, 完成検査 3,000 */
  paySlip(id, number, 115000);
  assert.equal((await step(koji, id, { step: "review", on: day(-19) })).status, 303);
  const r = await step(koji, id, { step: "cancel", on: day(-1), reason: "施主の都合", confirm: "1" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(charges(id), "kanyukin:assessed:0:110000:0\ndesign:assessed:2000:2000:0\ninspection:assessed:0:3000:0");
  const [refund, amount, status, approval] = sql("SELECT id || '|' || amount || '|' || status || '|' || approval_id"
    + ` FROM works_refunds WHERE application_id = ${id}`).split("|");
  assert.deepEqual([Number(amount), status], [113000, "requested"]);
  assert.equal(sql(`SELECT kind || ':' || amount || ':' || tax FROM works_refund_items WHERE refund_id = ${refund}`
    + " ORDER BY charge_id"), "kanyukin:110000:10000\nfee:3000:0");
  assert.equal(settle(number).refund_pending, 113000);
  // the 工事 role cannot decide; the one who asked cannot either (no standard role both settles and
  // approves, so the request is made to look as if the 係長 had asked)
  assert.equal((await koji.post(`/approvals/${approval}`, { csrf: koji.csrf, decision: "approve" })).status, 403);
  const chiefId = sql("SELECT id FROM users WHERE username = 'kakaricho'");
  const asker = sql(`SELECT requested_by FROM approvals WHERE id = ${approval}`);
  sql(`UPDATE approvals SET requested_by = ${chiefId} WHERE id = ${approval}`);
  let d = await chief.post(`/approvals/${approval}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(d.status, 403);
  assert.match(d.text, /ご自身の依頼は承認・却下できません/);
  sql(`UPDATE approvals SET requested_by = ${asker} WHERE id = ${approval}`);
  assert.equal(sql(`SELECT status FROM works_refunds WHERE id = ${refund}`), "requested");
  const notYet = await fetch(koji.base + `/works/refunds/${refund}/notice.pdf`, { headers: { Cookie: koji.cookieHeader() } });
  assert.equal(notYet.status, 409);
  const list = await chief.get("/approvals");
  assert.match(list.text, new RegExp(`工事申込 ${number} の還付 113000 円`));
  d = await chief.post(`/approvals/${approval}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(d.status, 303, d.text.slice(0, 300));
  assert.equal(sql(`SELECT status || '|' || paid_on FROM works_refunds WHERE id = ${refund}`), `paid|${day()}`);
  assert.equal(charges(id), "kanyukin:assessed:0:110000:110000\ndesign:assessed:2000:2000:0\n"
    + "inspection:assessed:0:3000:3000");
  const s = settle(number);
  assert.deepEqual([s.assessed, s.paid, s.refunded, s.refund_pending], [2000, 2000, 113000, 0]);
  // the 還付通知書
  const pdf = await fetch(koji.base + `/works/refunds/${refund}/notice.pdf`, { headers: { Cookie: koji.cookieHeader() } });
  assert.equal(pdf.status, 200);
  const file = join(ctx.dir, "refund.pdf");
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, "");
  for (const want of ["給水装置工事費還付通知書", number, "精算申込者様", "加入金", "110,000円", "完成検査手数料", "113,000円"]) {
    assert.ok(text.includes(want), `the notice says ${want}: ${text.slice(0, 300)}`);
  }
  assert.equal((await fetch(viewer.base + `/works/refunds/${refund}/notice.pdf`,
    { headers: { Cookie: viewer.cookieHeader() } })).status, 403);
  // the 日計 and the journal: the refund paid out, outside the check
  const daily = ok(["payment", "daily", "--date", day()]);
  assert.match(daily, /^works_refund\t工事還付\t113000\t2$/m, "two items: 加入金 and 完成検査");
  assert.match(daily, /^check\t検算\t一致/m);
  const out = join(ctx.dir, "journal.csv");
  ok(["payment", "journal", "--from", day(), "--to", day(), "--out", out, "--encoding", "utf8"]);
  const rows = readFileSync(out, "utf8").split(/\r?\n/).filter(Boolean).slice(1).map((l) => l.split(","));
  const refundRows = rows.filter((l) => l[1] === "works_refund");
  assert.deepEqual(refundRows.map((l) => [l[4], Number(l[5]), Number(l[6])]).sort(),
    [["仮受消費税", 10000, 0], ["加入金収入", 100000, 0], ["給水工事手数料収入", 3000, 0], ["預金（還付払出）", 0, 113000]].sort());
  // the payment whose money was paid back cannot be reversed any more
  const ref = sql(`SELECT p.ref FROM payments p JOIN works_payments w ON w.payment_id = p.id`
    + ` WHERE w.application_id = ${id} AND p.amount > 0 LIMIT 1`);
  const rev = suido(ctx, ["payment", "reverse", "--channel", "cvs", "--ref", ref]);
  assert.notEqual(rev.code, 0);
  assert.match(rev.stderr, /還付済みのため、取り消せません/);
});

test(`[${engine}] a 特団 with fewer dwellings: the 完成検査 fees refunded, the 加入金 kept; no change while it waits; rejected`, async () => {
  const [id, number] = await enter(13, { type: "complex", dwellings: "3" });   /* 132,000 + 2,000 + 9,000 */
  paySlip(id, number, 143000);
  let r = await change(koji, id, { diameter: "13", dwellings: "2", reason: "1戸取りやめ" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(sql(`SELECT COUNT(*) FROM works_dwellings WHERE application_id = ${id}`), "2");
  const [refund, amount, approval] = sql("SELECT id || '|' || amount || '|' || approval_id FROM works_refunds"
    + ` WHERE application_id = ${id}`).split("|");
  assert.equal(Number(amount), 3000, "one dwelling's 完成検査");
  assert.equal(settle(number).charges.find((c) => c.code === "kanyukin").assessed, 132000, "the 加入金 kept");
  r = await change(koji, id, { diameter: "13", dwellings: "1", reason: "もう1戸" });
  assert.equal(r.status, 409);
  assert.match(r.text, /還付が承認待ちのため変更できません/);
  r = await step(koji, id, { step: "cancel", on: day(), reason: "取りやめ", confirm: "1" });
  assert.equal(r.status, 409, "nor cancelled: the same money would be counted twice");
  assert.match(r.text, /還付が承認待ちのため取消できません/);
  const d = await chief.post(`/approvals/${approval}`, { csrf: chief.csrf, decision: "reject", note: "確認中" });
  assert.equal(d.status, 303);
  assert.equal(sql(`SELECT status FROM works_refunds WHERE id = ${refund}`), "rejected");
  assert.equal(sql(`SELECT SUM(refunded_yen) FROM works_charges WHERE application_id = ${id}`), "0");
});

test(`[${engine}] key rotation re-seals the settlements' reasons`, async () => {
  const r = suido(ctx, ["key", "rotate"]);
  assert.equal(r.code, 0, r.stderr);
  const sealed = sql("SELECT reason_enc FROM works_settlements WHERE reason_enc <> ''").split("\n");
  assert.ok(sealed.length >= 3, sealed.join(" "));
  assert.ok(sealed.every((v) => v.split(":")[0] === "k2"), "every reason under the new key");
  await stopServer(srv);
  srv = await startServer(ctx);
  koji = await as("koji");
  const page = await koji.get(`/works/${enlarged[0]}`);
  assert.match(page.text, /施主の希望で口径を変更/);
});
