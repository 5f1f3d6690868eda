// Works applications and their progress (給水装置工事の申込, issue 18 items 2 and 4) against the
// real binary and database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city
// with its contractors: a 新設 entered by the 工事 role (numbered, its fees assessed, the
// owner's name sealed at rest) and taken through 審査, 承認 (by another person, after a
// confirmation, refused while the 設計審査 fee is unpaid), 納付 and 着工 (refused while the
// 加入金 is unpaid), 完成検査 failed then 再検査 passed, 完了; 取消 with a reason; dates that
// go backwards refused; a 改造 matched to its existing tap; bad input naming the field (400,
// what was typed kept); the search's filters against SQL, CSV and Excel; attachments refused
// by content and size and served only with the permission; 403 for roles without it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Client, formToken, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, koji, chief, clerk, viewer;
let contractor, engineer, area, suspended, suspendedEngineer, demoCount;
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
const textOf = (html) => html.replace(/<[^>]*>/g, " ").replace(/[ \t\r\n]+/g, " ");
const idOf = (res) => Number(res.location.match(/^\/works\/(\d+)$/)[1]);

/** A 新設 13 mm by default; fields override. */
function application(fields = {}) {
  return {
    type: "new", received_on: day(-20), contractor_id: String(contractor), engineer_id: String(engineer),
    owner_name: "工事　施主", owner_phone: "055-222-0001", applicant_name: "申込　代理人",
    applicant_phone: "090-1111-2222", area_code: area, address: "99-1", tap_no: "", diameter: "13",
    old_diameter: "", dwellings: "", meter_count: "", meter_place: "玄関脇", use_code: "household",
    consent_land_on: "", consent_house_on: "", consent_party_on: "", ...fields,
  };
}
async function enter(c, fields = {}) {
  const token = await formToken(c, "/works/new", "works-new-form");
  return c.post("/works/new", { csrf: c.csrf, ...token, ...application(fields) });
}
async function step(c, id, form) {
  return c.post(`/works/${id}/step`, { csrf: c.csrf, ...form });
}
const status = (id) => sql(`SELECT status FROM works_applications WHERE id = ${id}`);
const payAll = (id) => sql(`UPDATE works_charges SET paid_yen = yen WHERE application_id = ${id}`);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "0", "--seed", "28", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  // a contractor in good standing for a year back, and its chief engineer
  contractor = Number(sql("SELECT id FROM works_contractors WHERE status = 'active' AND designated_on <= '"
    + day(-400) + "' AND valid_until > '" + day(60) + "' ORDER BY id LIMIT 1"));
  engineer = Number(sql(`SELECT id FROM works_engineers WHERE contractor_id = ${contractor} AND removed_on = ''`
    + ` AND registered_on <= '${day(-400)}' ORDER BY id LIMIT 1`));
  suspended = Number(sql("SELECT id FROM works_contractors WHERE status = 'suspended' ORDER BY id LIMIT 1"));
  suspendedEngineer = Number(sql(`SELECT id FROM works_engineers WHERE contractor_id = ${suspended} ORDER BY id LIMIT 1`));
  area = sql("SELECT code FROM areas ORDER BY code LIMIT 1");
  assert.ok(contractor > 0 && engineer > 0 && suspended > 0 && area);
  demoCount = Number(sql("SELECT COUNT(*) FROM works_applications"));
  srv = await startServer(ctx);
  koji = await as("koji");
  chief = await as("kakaricho");
  clerk = await as("tanto");
  viewer = await as("etsuran");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the 工事 menu opens the works; roles without the permission get 403`, async () => {
  const home = await koji.get("/works");
  assert.equal(home.status, 200);
  assert.match(home.text, /<a href="\/works" aria-current="page">工事<\/a>/);
  assert.match(home.text, /<nav class="subnav" aria-label="工事のメニュー">/);
  assert.match(home.text, /href="\/works\/new"/);
  assert.match(home.text, /href="\/works\/contractors"/);
  // a billing clerk reads (works.view) but enters nothing
  assert.equal((await clerk.get("/works")).status, 200);
  assert.doesNotMatch((await clerk.get("/works")).text, /href="\/works\/new"/);
  assert.equal((await clerk.get("/works/new")).status, 403);
  assert.equal((await clerk.post("/works/new", { csrf: clerk.csrf, ...application() })).status, 403);
  // a viewer and a reader see neither
  assert.equal((await viewer.get("/works")).status, 403);
  assert.equal((await viewer.get("/works.csv")).status, 403);
  const reader = await as("kenshin");
  assert.equal((await reader.get("/works/1")).status, 403);
  assert.match((await viewer.get("/")).text, /<span class="nav-disabled" aria-disabled="true" title="権限がありません">工事<\/span>/);
});

test(`[${engine}] bad input names the field (400) and keeps what was typed`, async () => {
  let r = await enter(koji, { owner_name: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /所有者の氏名/);
  assert.match(r.text, /id="f-owner_name"[^>]*aria-invalid="true"/);
  assert.match(r.text, /id="f-applicant_name"[^>]*value="申込　代理人"|name="applicant_name" value="申込　代理人"/);
  r = await enter(koji, { type: "remodel", old_diameter: "13", diameter: "20" });
  assert.equal(r.status, 400);
  assert.match(r.text, /改造には対象の水栓番号が必要です/);
  assert.match(r.text, /id="f-tap_no"[^>]*aria-invalid="true"/);
  r = await enter(koji, { diameter: "16" });
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-diameter"[^>]*aria-invalid="true"|name="diameter"[^>]*aria-invalid="true"/);
  r = await enter(koji, { received_on: day(1) });
  assert.equal(r.status, 400);
  assert.match(r.text, /申込日に未来の日付は入力できません/);
  r = await enter(koji, { applicant_phone: "12345" });
  assert.equal(r.status, 400);
  assert.match(r.text, /申込者の電話番号/);
  r = await enter(koji, { consent_land_on: day(-10) });   // after the received date
  assert.equal(r.status, 400);
  assert.match(r.text, /土地所有者の承諾日は申込日以前/);
  // a contractor not in good standing on the date: refused with the reason
  r = await enter(koji, { received_on: day(-1), contractor_id: String(suspended), engineer_id: String(suspendedEngineer) });
  assert.equal(r.status, 400);
  assert.match(r.text, /この事業者は申込日（[0-9-]+）に申込できません: /);
  assert.match(r.text, /id="f-contractor_id"[^>]*aria-invalid="true"|name="contractor_id"[^>]*aria-invalid="true"/);
  // an engineer of another contractor
  const other = sql(`SELECT id FROM works_engineers WHERE contractor_id <> ${contractor} ORDER BY id LIMIT 1`);
  r = await enter(koji, { engineer_id: other });
  assert.equal(r.status, 400);
  assert.match(r.text, /主任技術者は、選んだ事業者に登録されている人から選んでください/);
  assert.equal(Number(sql("SELECT COUNT(*) FROM works_applications")), demoCount);   // nothing entered
});

test(`[${engine}] a 新設 through 審査, 承認, 納付, 着工, 完成検査 (不合格 → 再検査 合格) to 完了`, async () => {
  const r = await enter(koji);
  assert.equal(r.status, 303, r.text);
  const id = idOf(r);
  const number = sql(`SELECT number FROM works_applications WHERE id = ${id}`);
  assert.match(number, /^R\d+-\d{5}$/);
  const fy = (d) => (Number(d.slice(5, 7)) >= 4 ? Number(d.slice(0, 4)) : Number(d.slice(0, 4)) - 1);
  const seq = Number(sql(`SELECT COUNT(*) FROM works_applications WHERE fy = ${fy(day(-20))}`));
  assert.equal(number, `R${fy(day(-20)) - 2018}-${String(seq).padStart(5, "0")}`);
  // the fees of the 2019 table: 加入金 13 mm, 設計審査 (due at approval), 完成検査
  assert.equal(sql(`SELECT code || ':' || yen || ':' || due || ':' || paid_yen FROM works_charges`
    + ` WHERE application_id = ${id} ORDER BY seq`),
    "kanyukin:44000:start:0\ndesign:2000:approval:0\ninspection:3000:start:0");
  // personal data sealed at rest (whole values: a short digit string such as "090" also turns up
  // by chance in the sealed values' base64 of the demo's applications)
  assert.equal(sql(`SELECT COUNT(*) FROM works_applications WHERE id = ${id} AND (owner_name_enc LIKE '%施主%'`
    + " OR applicant_phone_enc LIKE '%090-1111-2222%' OR address_enc LIKE '%99-1%')"), "0");
  assert.ok(sql(`SELECT owner_name_enc FROM works_applications WHERE id = ${id}`).length > 20, "the name is sealed, not empty");
  const page = await clerk.get(`/works/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<span id="wa-number">${number}</span>`));
  assert.match(page.text, /工事　施主/);
  assert.match(page.text, /id="wa-charge-design"/);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'works.application.view'`) >= "1", true);

  // 審査 by the 工事 role; a date before the received date is refused
  let s = await step(koji, id, { step: "review", on: day(-21) });
  assert.equal(s.status, 400);
  assert.match(s.text, /日付はさかのぼれません/);
  s = await step(koji, id, { step: "review", on: day(-19) });
  assert.equal(s.status, 303);
  assert.equal(status(id), "review");
  // 承認: not by the one who entered it (and the 工事 role has no works.approve anyway)
  s = await step(koji, id, { step: "approve", on: day(-18), confirm: "1" });
  assert.equal(s.status, 403);
  assert.equal((await step(koji, id, { step: "approve", on: day(-18) })).status, 403);   // nor its confirmation
  // by the 係長: a confirmation first; refused while the 設計審査 fee is unpaid
  s = await step(chief, id, { step: "approve", on: day(-18) });
  assert.equal(s.status, 200);
  assert.match(s.text, new RegExp(`id="wa-confirm-text">工事申込 ${number}（新設、`));
  s = await step(chief, id, { step: "approve", on: day(-18), confirm: "1" });
  assert.equal(s.status, 400);
  assert.match(s.text, /承認（認可）の前に納付が必要な料金が未納です: 設計審査手数料（未納 ¥2,000）/);
  assert.equal(status(id), "review");
  sql(`UPDATE works_charges SET paid_yen = yen WHERE application_id = ${id} AND code = 'design'`);
  s = await step(chief, id, { step: "approve", on: day(-18), confirm: "1" });
  assert.equal(s.status, 303);
  assert.equal(status(id), "approved");
  // 納付 refused while the 加入金 and the inspection fee are unpaid
  s = await step(koji, id, { step: "pay", on: day(-17) });
  assert.equal(s.status, 400);
  assert.match(s.text, /納付の前に納付が必要な料金が未納です: 加入金（未納 ¥44,000）、完成検査手数料（未納 ¥3,000）/);
  payAll(id);
  assert.equal((await step(koji, id, { step: "pay", on: day(-17) })).status, 303);
  // a payment reversed before the start: 着工 is refused as well
  sql(`UPDATE works_charges SET paid_yen = 40000 WHERE application_id = ${id} AND code = 'kanyukin'`);
  s = await step(koji, id, { step: "start", on: day(-15) });
  assert.equal(s.status, 400);
  assert.match(s.text, /着工の前に納付が必要な料金が未納です: 加入金（未納 ¥4,000）/);
  payAll(id);
  assert.equal((await step(koji, id, { step: "start", on: day(-15) })).status, 303);
  // 完成検査 needs a result; 不合格 waits for 再検査
  s = await step(koji, id, { step: "inspect", on: day(-5) });
  assert.equal(s.status, 400);
  assert.match(s.text, /完成検査の結果（合格・不合格）を選んでください/);
  assert.equal((await step(koji, id, { step: "inspect", on: day(-5), result: "fail" })).status, 303);
  assert.equal(status(id), "failed");
  s = await step(koji, id, { step: "complete", on: day(-4) });
  assert.equal(s.status, 400);
  // a pass records the meter set (the hand-over on 完了 installs it: works_handover.test.mjs)
  assert.equal((await step(koji, id, { step: "reinspect", on: day(-3), result: "pass", meter_no: "WA-0001",
    meter_maker: "愛知時計", meter_diameter: "13", meter_digits: "4", meter_reading: "0" })).status, 303);
  assert.equal(status(id), "inspected");
  assert.equal((await step(koji, id, { step: "complete", on: day(-2) })).status, 303);
  assert.equal(status(id), "completed");
  assert.equal(sql(`SELECT step || ':' || result || ':' || status FROM works_steps WHERE application_id = ${id} ORDER BY id`),
    ["receive::received", "review::review", "approve::approved", "pay::paid", "start::started", "inspect:fail:failed",
      "reinspect:pass:inspected", "complete::completed"].join("\n"));
  assert.equal(sql(`SELECT approved_on || ' ' || completed_on FROM works_applications WHERE id = ${id}`),
    `${day(-18)} ${day(-2)}`);
  const done = await koji.get(`/works/${id}`);
  assert.match(done.text, /この申込は完了し、水栓台帳・受付へ引き継がれています/);
  // each step is in the audit log
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'works.application.step'`
    + ` AND object = 'works_application:${id}'`), "7");
  // 取消 is no longer possible
  s = await step(koji, id, { step: "cancel", on: day(-1), reason: "x", confirm: "1" });
  assert.equal(s.status, 400);
  assert.match(s.text, /この申込は完了です。取消はできません/);
});

test(`[${engine}] 取消 with a reason, after a confirmation; a second post is refused`, async () => {
  const id = idOf(await enter(koji, { address: "99-2" }));
  let s = await step(koji, id, { step: "cancel", on: day(-10), reason: "" });
  assert.equal(s.status, 400);
  assert.match(s.text, /取消の理由を入力してください/);
  s = await step(koji, id, { step: "cancel", on: day(-10), reason: "施主の都合により取りやめ" });
  assert.equal(s.status, 200);
  assert.match(s.text, /取り消した申込は元に戻せません/);
  assert.equal(status(id), "received");
  s = await step(koji, id, { step: "cancel", on: day(-10), reason: "施主の都合により取りやめ", confirm: "1" });
  assert.equal(s.status, 303);
  assert.equal(status(id), "cancelled");
  assert.equal(sql(`SELECT COUNT(*) FROM works_applications WHERE cancel_reason_enc LIKE '%取りやめ%'`), "0");
  const page = await clerk.get(`/works/${id}`);
  assert.match(page.text, /<td id="wa-cancel-reason">施主の都合により取りやめ<\/td>/);
  s = await step(koji, id, { step: "review", on: day(-9) });
  assert.equal(s.status, 400);
  assert.match(s.text, /この申込は取消です。審査はできません/);
});

test(`[${engine}] a 改造 13→20 mm matched to its existing tap, paying the difference`, async () => {
  const [tap, tapArea] = sql("SELECT tap_no || ' ' || area_code FROM taps WHERE diameter = 13 ORDER BY tap_no LIMIT 1")
    .split(" ");
  const info = await clerk.getJson(`/api/v1/taps/${tap}`);
  // 照合・試算: the place typed finds the tap; the fee of the table in force is shown
  const token = await formToken(koji, "/works/new", "works-new-form");
  const matches = () => Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'works.place.match'"));
  const before = matches();
  const fields = application({ type: "remodel", diameter: "20", old_diameter: "13", area_code: tapArea,
    address: info.address });
  const preview = await koji.post("/works/new", { csrf: koji.csrf, ...token, ...fields, preview: "1" });
  assert.equal(preview.status, 200);
  assert.match(preview.text, new RegExp(`id="wn-tap-${tap}" value="${tap}"`));
  assert.match(preview.text, /id="wn-quote-total">¥71,000</);
  assert.equal(matches(), before + 1);   // the places shown are a view of personal data
  const r = await koji.post("/works/new", { csrf: koji.csrf, ...token, ...fields, tap_pick: tap });
  assert.equal(r.status, 303, r.text);
  const id = idOf(r);
  assert.equal(sql(`SELECT t.tap_no FROM works_applications a JOIN taps t ON t.id = a.tap_id WHERE a.id = ${id}`), tap);
  assert.match((await clerk.get(`/works/${id}`)).text, new RegExp(`<td id="wa-tap"><a href="/karte/${tap}">${tap}</a>`));
  // and the tap's カルテ lists the works naming it
  const number = sql(`SELECT number FROM works_applications WHERE id = ${id}`);
  const karte = await clerk.get(`/karte/${tap}`);
  assert.equal(karte.status, 200);
  assert.match(karte.text, new RegExp(`<section id="works" class="panel wide"><h2>給水装置工事</h2>[\\s\\S]*?<a href="/works/${id}">${number}</a>`));
  assert.equal(sql(`SELECT yen FROM works_charges WHERE application_id = ${id} AND code = 'kanyukin'`), "66000");
  // the same form posted again enters nothing
  const again = await koji.post("/works/new", { csrf: koji.csrf, ...token, ...fields, tap_pick: tap });
  assert.equal(again.status, 303);
  assert.equal(idOf(again), id);
  assert.equal(sql(`SELECT COUNT(*) FROM works_applications WHERE tap_id = (SELECT id FROM taps WHERE tap_no = '${tap}')`
    + ` AND id >= ${id}`), "1");
  // a tap of another area is refused
  const far = sql(`SELECT tap_no FROM taps WHERE area_code <> '${area}' ORDER BY tap_no LIMIT 1`);
  const bad = await enter(koji, { type: "remodel", diameter: "20", old_diameter: "13", tap_no: far });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /給水場所は別の町丁目です/);
});

test(`[${engine}] the search's filters give what SQL gives; CSV and Excel`, async () => {
  // more applications: a 特団, a 撤去 of another area, one received long ago and left waiting
  const other = sql(`SELECT code FROM areas WHERE code <> '${area}' ORDER BY code LIMIT 1`);
  const rooms = Array.from({ length: 12 }, (_, i) => `${100 * (1 + Math.floor(i / 4)) + (i % 4) + 1}号室`);
  let bad = await enter(koji, { type: "complex", dwellings: "12", address: "7-7", dwelling_labels: rooms.slice(1).join("\n") });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /部屋番号は戸数（12戸）と同じ数だけ、1行に1つ入力してください（いま11行です）/);
  assert.match(bad.text, /id="f-dwelling_labels"[^>]*aria-invalid="true"/);
  bad = await enter(koji, { dwelling_labels: "101" });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /部屋番号は特団のときだけ入力します/);
  const complex = idOf(await enter(koji, { type: "complex", dwellings: "12", address: "7-7",
    dwelling_labels: rooms.join("\r\n") + "\r\n" }));
  assert.equal(sql(`SELECT label FROM works_dwellings WHERE application_id = ${complex} ORDER BY no`), rooms.join("\n"));
  assert.equal(sql(`SELECT yen FROM works_charges WHERE application_id = ${complex} AND code = 'kanyukin'`), "528000");
  const removalTap = sql(`SELECT tap_no FROM taps WHERE area_code = '${other}' ORDER BY tap_no LIMIT 1`);
  const removal = idOf(await enter(koji, { type: "removal", area_code: other, tap_no: removalTap, address: "1" }));
  const old = idOf(await enter(koji, { received_on: day(-60), address: "5-5" }));
  // a received date before the last step is fine for the search; the overdue one waits 60 days
  const ids = (html) => [...html.matchAll(/<tr id="wa-(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  const bySql = (where) => sql(`SELECT id FROM works_applications WHERE ${where} ORDER BY id`)
    .split("\n").filter(Boolean).map(Number);
  const cases = [
    ["status=received", "status = 'received'"],
    ["type=complex", "type = 'complex'"],
    [`area=${other}`, `area_code = '${other}'`],
    [`contractor=${contractor}`, `contractor_id = ${contractor}`],
    [`from=${day(-30)}&to=${day(-1)}`, `received_on >= '${day(-30)}' AND received_on <= '${day(-1)}'`],
    ["overdue=1", `status NOT IN ('completed', 'cancelled') AND status_on <= '${day(-15)}'`],
    ["status=completed&type=new", "status = 'completed' AND type = 'new'"],
  ];
  for (const [q, where] of cases) {
    const page = await clerk.get(`/works?${q}`);
    assert.equal(page.status, 200, q);
    assert.deepEqual(ids(page.text), bySql(where), q);
  }
  const overdue = ids((await clerk.get("/works?overdue=1")).text);
  assert.ok(overdue.includes(old) && !overdue.includes(bySql("status = 'completed'")[0]));
  assert.ok(bySql(`area_code = '${other}'`).includes(removal));
  const num = sql(`SELECT number FROM works_applications WHERE id = ${complex}`);
  assert.deepEqual(ids((await clerk.get(`/works?number=${num}`)).text), [complex]);
  // bad filters name the parameter
  const badFilter = await clerk.get("/works?from=2026-13-01");
  assert.equal(badFilter.status, 400);
  assert.match(badFilter.text, /申込日（から）を YYYY-MM-DD で入力してください/);
  assert.equal((await clerk.get("/works?status=done")).status, 400);
  // the command line lists the same
  const cli = suido(ctx, ["works", "applications", "--overdue", "--csv"]);
  assert.equal(cli.code, 0, cli.stderr);
  const cliRows = cli.stdout.replace(/^\uFEFF/, "").trim().split("\r\n").slice(1).map((l) => l.split(",")[0]).sort();
  const sqlNumbers = sql(`SELECT number FROM works_applications WHERE status NOT IN ('completed', 'cancelled')`
    + ` AND status_on <= '${day(-15)}' ORDER BY number`).split("\n").filter(Boolean);
  assert.deepEqual(cliRows, sqlNumbers);
  const table = suido(ctx, ["works", "applications", "--type", "complex"]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /特団\t受付済\t/);
  const wrong = suido(ctx, ["works", "applications", "--from", "2026-02-30"]);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /^--from: 申込日（から）を YYYY-MM-DD で入力してください。/);
  // CSV: UTF-8 with BOM and Shift_JIS, every row; Excel
  const all = Number(sql("SELECT COUNT(*) FROM works_applications"));
  const csv = await fetch(`${srv.base}/works.csv?encoding=utf8bom`, { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get("content-disposition"), /attachment; filename="works-\d{8}\.csv"/);
  const raw = Buffer.from(await csv.arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = raw.subarray(3).toString("utf8");
  assert.ok(text.startsWith("申込番号,申込種別,状態"));
  assert.equal(text.trim().split("\r\n").length, all + 1);
  assert.doesNotMatch(text, /施主|代理人/);
  const sjis = await fetch(`${srv.base}/works.csv?encoding=cp932&type=complex`, { headers: { Cookie: clerk.cookieHeader() } });
  const bytes = Buffer.from(await sjis.arrayBuffer());
  assert.equal(new TextDecoder("shift_jis").decode(bytes).split("\r\n")[1].split(",")[1], "特団");
  const x = await fetch(`${srv.base}/works.xlsx?status=received`, { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(x.status, 200);
  assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString(), "PK");
});

test(`[${engine}] attachments: by content, size-limited, kept outside the web root, served with the permission`, async () => {
  const id = idOf(await enter(koji, { address: "3-3" }));
  const upload = async (c, name, bytes, type = "application/pdf") => {
    const page = await c.get(`/works/${id}`);
    assert.equal(page.status, 200);
    const fd = new FormData();
    fd.append("csrf", c.csrf);
    fd.append("file", new Blob([bytes], { type }), name);
    const res = await fetch(`${srv.base}/works/${id}/attachments`, {
      method: "POST", body: fd, headers: { Cookie: c.cookieHeader() }, redirect: "manual" });
    return { status: res.status, text: await res.text() };
  };
  const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(3000, 0x20), Buffer.from("\n%%EOF\n")]);
  let r = await upload(koji, "配管図.pdf", pdf);
  assert.equal(r.status, 303, r.text);
  // a text file named .pdf, a PNG named .txt (accepted: the content decides), an empty file, one too large
  r = await upload(koji, "偽の図面.pdf", Buffer.from("just text, not a drawing\n"));
  assert.equal(r.status, 400);
  assert.match(r.text, /添付できるのは PDF・PNG・JPEG のファイルだけです/);
  assert.match(r.text, /id="f-file"[^>]*aria-invalid="true"/);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);
  assert.equal((await upload(koji, "写真.txt", png, "text/plain")).status, 303);
  r = await upload(koji, "big.pdf", Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(10 * 1048576 + 1, 0x20)]));
  assert.equal(r.status, 400);
  assert.match(r.text, /添付ファイルが大きすぎます/);
  assert.equal((await upload(clerk, "図面.pdf", pdf)).status, 403);
  const rows = sql(`SELECT id || ' ' || content_type || ' ' || size || ' ' || path FROM works_attachments`
    + ` WHERE application_id = ${id} ORDER BY id`).split("\n");
  assert.equal(rows.length, 2);
  assert.match(rows[0], /^\d+ application\/pdf 3016 \S+\.pdf$/);
  assert.match(rows[1], /^\d+ image\/png 108 \S+\.png$/);
  assert.equal(sql("SELECT COUNT(*) FROM works_attachments WHERE name_enc LIKE '%配管%'"), "0");
  // on disk beside the key file, not under any web path
  const dir = join(ctx.dir, "works-files");
  assert.ok(existsSync(dir));
  assert.equal(readdirSync(dir).filter((f) => !f.startsWith(".")).length, 2);
  const att = rows[0].split(" ")[0];
  const page = await clerk.get(`/works/${id}`);
  assert.match(page.text, new RegExp(`<a href="/works/attachments/${att}">配管図.pdf</a>`));
  const dl = await fetch(`${srv.base}/works/attachments/${att}`, { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get("content-type"), "application/pdf");
  assert.match(dl.headers.get("content-disposition"), /^attachment; filename="works-attachment-\d+\.pdf"$/);
  assert.equal(dl.headers.get("x-content-type-options"), "nosniff");
  assert.ok(Buffer.from(await dl.arrayBuffer()).equals(pdf));
  assert.equal((await viewer.get(`/works/attachments/${att}`)).status, 403);
  assert.equal((await clerk.get("/works/attachments/999999")).status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'works.attachment.view'`), "1");
});

test(`[${engine}] key rotation re-seals the owners, applicants, places, reasons and attachments' names`, async () => {
  const r = suido(ctx, ["key", "rotate"]);
  assert.equal(r.code, 0, r.stderr);
  const sealed = sql("SELECT owner_name_enc FROM works_applications UNION ALL SELECT applicant_phone_enc FROM works_applications"
    + " UNION ALL SELECT address_enc FROM works_applications UNION ALL SELECT cancel_reason_enc FROM works_applications"
    + " WHERE cancel_reason_enc <> '' UNION ALL SELECT note_enc FROM works_steps WHERE note_enc <> ''"
    + " UNION ALL SELECT name_enc FROM works_attachments").split("\n");
  assert.ok(sealed.length > 15);
  assert.ok(sealed.every((v) => v.split(":")[0] === "k2"), "every value under the new key");
  await stopServer(srv);
  srv = await startServer(ctx);
  clerk = await as("tanto");
  const id = sql(`SELECT id FROM works_applications WHERE status = 'cancelled' AND id > ${demoCount} ORDER BY id LIMIT 1`);
  const page = await clerk.get(`/works/${id}`);
  assert.match(page.text, /工事　施主/);
  assert.match(page.text, /施主の都合により取りやめ/);
  assert.equal(suido(ctx, ["audit", "verify"]).code, 0);
});
