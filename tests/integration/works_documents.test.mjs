// The documents of a works application as PDF (issue 18 item 3) against the real binary and
// database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): the 申込書（控） as entered; the
// 納入通知書 with the unpaid charges equal to those in SQL and a GS1-128 slip whose barcode,
// read back by an independent decoder (zxing), carries the total, the deadline and the works
// reference (the '7' mark and the application's id); over ¥999,999 no barcode, and the slip
// says so; the 認可書 only once 承認 is recorded, with the fees due before 着工; the
// 完成検査結果通知 only after an inspection, with its result; each issue audited; 403 for
// roles without works.view; the works slip paid at a convenience store pays no water bill (routed
// by the '7' mark to the application, whose charges are all paid by then: it waits in suspense
// naming the application; works_collect.test.mjs pays charges with it).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { Client, ROOT, formToken, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, koji, chief, viewer;
let contractor, engineer, area, id, number;
let firstSlip;   // the 44 digits of the first notice's slip, and its total
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
const yen = (v) => `${Number(v).toLocaleString("en-US")}円`;
const flat = (s) => s.replace(/\s+/g, "");

/** The PDF at path fetched by c: its status, headers and (when 200) text by pdftotext. */
async function pdf(c, path) {
  const r = await fetch(c.base + path, { headers: { Cookie: c.cookieHeader() } });
  const bytes = Buffer.from(await r.arrayBuffer());
  if (r.status !== 200) return { status: r.status, headers: r.headers, body: bytes.toString("utf8") };
  const file = join(ctx.dir, `doc-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const t = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  assert.equal(t.status, 0, t.stderr);
  return { status: r.status, headers: r.headers, file, text: t.stdout };
}
/** The GS1-128 barcodes on the PDF's page, as 44 digits each. */
async function barcodes(file) {
  const png = `${file}-page`;
  const r = spawnSync("pdftoppm", ["-r", "200", "-png", "-singlefile", file, png], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const found = await readBarcodes(new Uint8Array(readFileSync(`${png}.png`)), { formats: ["Code128"], tryHarder: true });
  return found.map((f) => {
    assert.equal(f.symbologyIdentifier, "]C1", "GS1-128");
    return "91" + f.text.replace("(91)", "");
  });
}
async function enter(fields = {}) {
  const token = await formToken(koji, "/works/new", "works-new-form");
  const r = await koji.post("/works/new", {
    csrf: koji.csrf, ...token, type: "new", received_on: day(-20), contractor_id: String(contractor),
    engineer_id: String(engineer), owner_name: "書類　施主", owner_phone: "055-222-0001",
    applicant_name: "書類　申込者", applicant_phone: "090-1111-2222", area_code: area, address: "12-3",
    tap_no: "", diameter: "20", old_diameter: "", dwellings: "", meter_count: "", meter_place: "玄関脇",
    use_code: "household", consent_land_on: day(-21), consent_house_on: "", consent_party_on: "", ...fields,
  });
  assert.equal(r.status, 303, r.text);
  return Number(r.location.match(/^\/works\/(\d+)$/)[1]);
}
const step = (c, form) => c.post(`/works/${id}/step`, { csrf: c.csrf, ...form });
/** Documents of the application issued so far (the audit rows; their detail, sealed, names the kind). */
const issued = () => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'works.document.issue'`
  + ` AND object = 'works_application:${id}'`));

before(async () => {
  prepareZXingModule({
    overrides: { wasmBinary: readFileSync(join(ROOT, "node_modules/zxing-wasm/dist/reader/zxing_reader.wasm")) },
  });
  ctx = makeEnv();
  writeFileSync(join(ctx.dir, "suido.ini"),
    "[works]\napprover_title = 三共市上下水道事業管理者　水野一郎\nnotice_deadline_days = 10\n");
  ctx.env.SUIDO_CONFIG = join(ctx.dir, "suido.ini");
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "0", "--seed", "28", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  contractor = Number(sql("SELECT id FROM works_contractors WHERE status = 'active' AND designated_on <= '"
    + day(-400) + "' AND valid_until > '" + day(60) + "' ORDER BY id LIMIT 1"));
  engineer = Number(sql(`SELECT id FROM works_engineers WHERE contractor_id = ${contractor} AND removed_on = ''`
    + ` AND registered_on <= '${day(-400)}' ORDER BY id LIMIT 1`));
  area = sql("SELECT code FROM areas ORDER BY code LIMIT 1");
  srv = await startServer(ctx);
  koji = await as("koji");
  chief = await as("kakaricho");
  viewer = await as("etsuran");
  id = await enter();
  number = sql(`SELECT number FROM works_applications WHERE id = ${id}`);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the application page links the documents that apply; 403 without works.view`, async () => {
  const page = await koji.get(`/works/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`id="wa-doc-copy"[^>]*>|href="/works/${id}/copy.pdf"`));
  assert.match(page.text, new RegExp(`href="/works/${id}/notice.pdf"`));
  assert.doesNotMatch(page.text, /href="\/works\/\d+\/approval.pdf"/, "no 認可書 before 承認");
  assert.match(page.text, /承認（認可）がまだ記録されていないため/);
  for (const doc of ["copy", "notice", "approval", "inspection"]) {
    assert.equal((await pdf(viewer, `/works/${id}/${doc}.pdf`)).status, 403, doc);
  }
  assert.equal((await pdf(koji, "/works/999999/copy.pdf")).status, 404);
});

test(`[${engine}] the 申込書（控） prints the application as entered`, async () => {
  const before = issued();
  const r = await pdf(koji, `/works/${id}/copy.pdf`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type"), /application\/pdf/);
  assert.equal(r.headers.get("content-disposition"), `inline; filename="works-${number}-copy.pdf"`);
  const t = flat(r.text);
  for (const want of ["給水装置工事申込書（控）", number, "新設", "20mm", "書類施主", "書類申込者", "090-1111-2222",
    "玄関脇", `（${day(-21)}）`, "12-3"]) {
    assert.ok(t.includes(flat(want)), `the copy shows ${want}`);
  }
  assert.equal(issued(), before + 1, "audited as a document issued");
});

test(`[${engine}] the 納入通知書: the unpaid charges, the total and a GS1-128 slip with the works reference`, async () => {
  sql(`UPDATE works_charges SET paid_yen = 0 WHERE application_id = ${id}`);
  const rows = sql(`SELECT name || '|' || yen || '|' || tax FROM works_charges WHERE application_id = ${id} ORDER BY seq`)
    .split("\n").map((l) => l.split("|"));
  assert.ok(rows.length >= 2, "加入金 and at least one fee");
  const total = rows.reduce((s, [, y]) => s + Number(y), 0);
  const before = issued();
  const r = await pdf(koji, `/works/${id}/notice.pdf`);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.headers.get("content-disposition"), `inline; filename="works-${number}-notice.pdf"`);
  const t = flat(r.text);
  assert.ok(t.includes("納入通知書") && t.includes(number));
  assert.ok(t.includes("書類申込者様"), "to the applicant");
  for (const [name, y] of rows) assert.ok(t.includes(flat(name)) && t.includes(yen(y)), `${name} ${y}`);
  assert.ok(t.includes(`合計${yen(total)}`), `the total ${total}`);
  assert.ok(t.includes("承認前") && t.includes("着工前"), "the due steps");
  const deadline = t.match(/納付期限令和\d+年\d+月\d+日（(\d{4}-\d\d-\d\d)）/)[1];
  assert.ok(deadline > day(10), `ten business days are more than ten days: ${deadline}`);
  const [code, ...more] = await barcodes(r.file);
  assert.equal(more.length, 0, "one barcode");
  assert.equal(Number(code.slice(37, 43)), total, "the barcode carries the total");
  assert.equal(code.slice(30, 36), deadline.slice(2).replaceAll("-", ""), "payable until the deadline");
  const [, year, seq] = number.match(/^R(\d+)-(\d+)$/);
  assert.equal(code.slice(8, 29), year.padStart(2, "0") + seq.padStart(6, "0") + "7" + String(id).padStart(12, "0"),
    "the works reference: the number, the mark 7, the application's id");
  assert.ok(t.includes(`納付番号${code.slice(8, 29)}`));
  firstSlip = { code, total };
  assert.equal(issued(), before + 1);
  // a charge paid in part: the notice asks for the rest only
  sql(`UPDATE works_charges SET paid_yen = 1000 WHERE application_id = ${id} AND seq = 1`);
  const part = await pdf(koji, `/works/${id}/notice.pdf`);
  assert.ok(flat(part.text).includes(`合計${yen(total - 1000)}`));
  assert.equal(Number((await barcodes(part.file))[0].slice(37, 43)), total - 1000);
});

test(`[${engine}] over ¥999,999 the slip has no barcode and says so`, async () => {
  const big = await enter({ type: "complex", diameter: "20", dwellings: "30", dwelling_labels: "" });
  const total = Number(sql(`SELECT SUM(yen) FROM works_charges WHERE application_id = ${big}`));
  assert.ok(total > 999999, `a 特団 of 30 dwellings costs more than the slip's limit: ${total}`);
  const r = await pdf(koji, `/works/${big}/notice.pdf`);
  assert.equal(r.status, 200, r.body);
  assert.ok(flat(r.text).includes(`合計${yen(total)}`));
  assert.match(flat(r.text), /999,999円を超えるため、この納付書にはバーコードを印刷していません/);
  assert.equal((await barcodes(r.file)).length, 0);
});

test(`[${engine}] the 認可書 after 承認 and the 完成検査結果通知 after the inspection; 409 before`, async () => {
  const before = issued();
  let r = await pdf(koji, `/works/${id}/approval.pdf`);
  assert.equal(r.status, 409);
  assert.match(r.body, /承認（認可）がまだ記録されていないため、認可書は発行できません。/);
  r = await pdf(koji, `/works/${id}/inspection.pdf`);
  assert.equal(r.status, 409);
  assert.match(r.body, /完成検査がまだ記録されていないため/);
  assert.equal(issued(), before, "a refused document is not issued");
  assert.equal((await step(koji, { step: "review", on: day(-19) })).status, 303);
  sql(`UPDATE works_charges SET paid_yen = yen WHERE application_id = ${id} AND due = 'approval'`);
  sql(`UPDATE works_charges SET paid_yen = 0 WHERE application_id = ${id} AND due = 'start'`);
  assert.equal((await step(chief, { step: "approve", on: day(-18), confirm: "1" })).status, 303);
  r = await pdf(koji, `/works/${id}/approval.pdf`);
  assert.equal(r.status, 200, r.body);
  const t = flat(r.text);
  assert.ok(t.includes("給水装置工事認可書") && t.includes(number));
  assert.ok(t.includes(`認可日令和`) && t.includes(`（${day(-18)}）`), "the date of approval");
  assert.ok(t.includes(flat("三共市上下水道事業管理者　水野一郎")), "the approver's title (a setting)");
  assert.ok(t.includes("認可の条件"));
  const start = sql(`SELECT name || '|' || yen FROM works_charges WHERE application_id = ${id} AND due = 'start' ORDER BY seq`)
    .split("\n").map((l) => l.split("|"));
  for (const [name, y] of start) assert.ok(t.includes(`${flat(name)}${yen(y)}未納${yen(y)}`), `${name} due before 着工`);
  const sum = start.reduce((s, [, y]) => s + Number(y), 0);
  assert.ok(t.includes(`合計${yen(sum)}`));
  assert.equal(issued(), before + 1);
  // the notice now asks only for what is due before 着工
  const n = await pdf(koji, `/works/${id}/notice.pdf`);
  assert.ok(flat(n.text).includes(`合計${yen(sum)}`));
  // paid, started, inspected and failed
  sql(`UPDATE works_charges SET paid_yen = yen WHERE application_id = ${id}`);
  assert.equal((await pdf(koji, `/works/${id}/notice.pdf`)).status, 409, "nothing left to pay");
  assert.match((await pdf(koji, `/works/${id}/notice.pdf`)).body, /未納の加入金・手数料がないため/);
  assert.equal((await step(koji, { step: "pay", on: day(-10) })).status, 303);
  assert.equal((await step(koji, { step: "start", on: day(-8) })).status, 303);
  assert.equal((await step(koji, { step: "inspect", on: day(-5), result: "fail" })).status, 303);
  r = await pdf(koji, `/works/${id}/inspection.pdf`);
  assert.equal(r.status, 200, r.body);
  let i = flat(r.text);
  assert.ok(i.includes("給水装置工事完成検査結果通知書") && i.includes(number));
  assert.ok(i.includes("検査結果不合格") && i.includes(`（${day(-5)}）`) && i.includes("検査員koji"));
  assert.ok(i.includes("再検査を申し込んでください"));
  assert.equal((await step(koji, { step: "reinspect", on: day(-3), result: "pass", meter_no: "WD-0001",
    meter_maker: "愛知時計", meter_reading: "0" })).status, 303);   // a pass records the meter set
  i = flat((await pdf(koji, `/works/${id}/inspection.pdf`)).text);
  assert.ok(i.includes("検査区分再検査") && i.includes("検査結果合格") && i.includes(`（${day(-3)}）`));
  assert.equal(issued(), before + 4, "認可書, 納入通知書, two 結果通知, and no refused one");
  const page = await koji.get(`/works/${id}`);
  for (const doc of ["copy", "approval", "inspection"]) assert.match(page.text, new RegExp(`href="/works/${id}/${doc}.pdf"`));
  assert.doesNotMatch(page.text, new RegExp(`href="/works/${id}/notice.pdf"`), "nothing to pay: no notice");
});

test(`[${engine}] a works slip paid at a convenience store is not taken for a water bill, a late charge or a letter`, async () => {
  assert.ok(firstSlip, "the notice's test ran first");
  const paidBefore = sql(`SELECT SUM(paid_yen) FROM works_charges WHERE application_id = ${id}`);
  const billsPaid = () => sql("SELECT COUNT(*) || '|' || COALESCE(SUM(amount), 0) FROM allocations");
  const before = billsPaid();
  const on = day().replaceAll("-", "");
  const file = join(ctx.dir, "agent-works.csv");
  writeFileSync(file, `02,${on},1001,EAN${firstSlip.code},,,0,${firstSlip.total},0001,ファミリーマート,123456,,${on}\r\n`);
  const r = suido(ctx, ["payment", "import", "--json", file]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  // the '7' mark routes it to the application, which has nothing left to pay: 未消込 naming it
  assert.deepEqual(out.suspense, [1, firstSlip.total], r.stdout);
  assert.equal(billsPaid(), before, "no water bill paid by a works slip");
  assert.equal(sql(`SELECT SUM(paid_yen) FROM works_charges WHERE application_id = ${id}`), paidBefore);
  assert.match(sql("SELECT s.detail FROM suspense s JOIN payments p ON p.id = s.payment_id"
    + ` WHERE p.ref LIKE '${firstSlip.code}-%'`), new RegExp(`^工事申込 ${number} (の未納額 0 円|は完了しています)`));
});
