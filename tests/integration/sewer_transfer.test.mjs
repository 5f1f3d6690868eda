// 他市町下水データ (issue 22 item 2, docs/sewer_transfer.md), against the real binary and database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city whose border areas have their
// sewer run by 中央市 (chuo), 甲斐市 (kai) and 昭和町 (showa): the file of an operator's cycle holds
// one record per bill of that operator in the cycle, volumes and sums equal to the bills; making
// it again gives the same bytes; a correction approved later is sent as a difference (the old bill
// cancelled with the values sent, the new one added) and never changes the first file; unknown
// operators and bad cycles are refused naming the field (exit 2, HTTP 400).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Client, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, cycle;
const sql = (text) => sqlOn(ctx, text);
const path = (name) => join(ctx.dir, name);

function exportFile(name, ...more) {
  const r = suido(ctx, ["sewer", "export", "--operator", "chuo", "--cycle", cycle, "--out", path(name), ...more]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return r.stdout;
}
/** The CSV's records as objects keyed by the header (the BOM dropped). */
function csvRecords(name) {
  const text = readFileSync(path(name), "utf8");
  assert.ok(text.startsWith("\uFEFF"), "UTF-8 with BOM");
  const [head, ...lines] = text.slice(1).split("\r\n").filter((l) => l !== "");
  const cols = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
}
/** The current bills of chuo in the cycle, as the file should list them. */
function chuoBills() {
  return sql("SELECT t.tap_no, b.id, b.usage, b.sewer_usage, b.period_from, b.period_to FROM bills b"
    + ` JOIN taps t ON t.id = b.tap_id WHERE b.cycle = '${cycle}' AND b.status = 'current'`
    + " AND b.sewer_operator = 'chuo' ORDER BY t.tap_no, b.id").split("\n").filter(Boolean)
    .map((l) => l.split("|")).map(([tap, id, usage, sewer, from, to]) =>
      ({ tap, id: Number(id), usage: Number(usage), sewer: Number(sewer), from, to }));
}
async function login(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "31"]);
  assert.equal(d.code, 0, d.stderr);
  // the billed cycle with the most taps whose sewer 中央市 runs
  cycle = sql("SELECT cycle FROM bills WHERE sewer_operator = 'chuo' AND status = 'current'"
    + " GROUP BY cycle ORDER BY COUNT(*) DESC, cycle DESC LIMIT 1");
  assert.match(cycle, /^\d{4}-\d{2}$/);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the file holds the operator's bills of the cycle, one record each, sums agreeing`, () => {
  const out = exportFile("chuo-1.csv", "--transmittal", path("chuo-1.pdf"));
  const bills = chuoBills();
  assert.ok(bills.length >= 3, `the demo has chuo taps billed in ${cycle}`);
  const recs = csvRecords("chuo-1.csv");
  assert.deepEqual(recs.map((r) => [r["水栓番号"], Number(r["調定番号"])]), bills.map((b) => [b.tap, b.id]));
  for (const [i, b] of bills.entries()) {
    const r = recs[i];
    assert.equal(r["区分"], "1");
    assert.equal(r["送付回"], "1");
    assert.equal(r["下水道事業者"], "chuo");
    assert.equal(r["調定年月"], cycle);
    assert.equal(Number(r["上水使用水量"]), b.usage);
    assert.equal(Number(r["汚水量"]), b.sewer);
    assert.equal(Number(r["減量水量"]), Math.max(0, b.usage - b.sewer));
    assert.equal(Number(r["井戸水量"]), Math.max(0, b.sewer - b.usage));
    assert.equal(r["使用期間開始"], b.from);
    assert.equal(r["使用期間終了"], b.to);
    assert.ok(r["使用者"].length > 0 && r["使用場所"].length > 0, "the user and place, opened into the file");
  }
  const water = bills.reduce((s, b) => s + b.usage, 0), sewer = bills.reduce((s, b) => s + b.sewer, 0);
  assert.match(out, new RegExp(`第 1 回 ${bills.length} 件（取消 0 件）上水 ${water} m3 汚水 ${sewer} m3`));
  assert.equal(statSync(path("chuo-1.csv")).mode & 0o777, 0o600, "the file is the owner's only");
  assert.equal(readFileSync(path("chuo-1.pdf")).subarray(0, 5).toString(), "%PDF-");
  // what was sent is remembered, the names sealed
  assert.equal(sql(`SELECT records || '|' || water_m3 || '|' || sewer_m3 FROM sewer_xfer_batches WHERE operator = 'chuo' AND cycle = '${cycle}'`),
               `${bills.length}|${water}|${sewer}`);
  const sealed = sql("SELECT user_enc FROM sewer_xfer_records");
  for (const r of recs) assert.ok(!sealed.includes(r["使用者"]), "no name in plaintext in the database");
  assert.ok(Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'sewer.export'")) >= 1, "audited");
  // other operators' taps are not in chuo's file
  assert.equal(recs.filter((r) => !bills.some((b) => b.tap === r["水栓番号"])).length, 0);
});

test(`[${engine}] the same cycle again is the same file; the fixed layout has 220 bytes a record and a trailer`, () => {
  exportFile("chuo-again.csv");
  assert.ok(readFileSync(path("chuo-1.csv")).equals(readFileSync(path("chuo-again.csv"))), "byte for byte");
  exportFile("chuo-1.txt", "--format", "fixed");
  const raw = readFileSync(path("chuo-1.txt"));
  const lines = raw.toString("latin1").split("\r\n").filter((l) => l !== "");
  const bills = chuoBills();
  assert.equal(lines.length, bills.length + 1);
  for (const [i, b] of bills.entries()) {
    const l = Buffer.from(lines[i], "latin1");
    assert.equal(l.length, 220);
    assert.equal(l.subarray(0, 17).toString(), `101chuo    ${cycle.replace("-", "")}`);
    assert.equal(l.subarray(17, 33).toString().trim(), b.tap);
    assert.equal(Number(l.subarray(169, 178).toString()), b.usage);
    assert.equal(Number(l.subarray(196, 205).toString()), b.sewer);
    assert.equal(Number(l.subarray(205, 217).toString()), b.id);
  }
  const t = lines[bills.length];
  assert.equal(t.slice(0, 1), "8");
  assert.equal(Number(t.slice(17, 26)), bills.length);
  assert.equal(Number(t.slice(35, 48)), bills.reduce((s, b) => s + b.usage, 0));
  assert.equal(sql(`SELECT COUNT(*) FROM sewer_xfer_batches WHERE operator = 'chuo' AND cycle = '${cycle}'`), "1",
               "a repeat records no new batch");
});

test(`[${engine}] a correction approved later is sent as a difference; the first file stays as it was`, async () => {
  const first = readFileSync(path("chuo-1.csv"));
  const old = chuoBills().find((b) => b.usage >= 10);
  assert.ok(old, "a chuo bill with usage to lower");
  const tanto = await login("tanto");
  let r = await tanto.post(`/bills/${old.id}`, { csrf: tanto.csrf, action: "correct", usage: String(Math.floor(old.usage / 2)),
                                                 reason: "検針値の誤入力（再検針で確認）" });
  assert.equal(r.status, 303, r.text);
  const chief = await login("kakaricho");
  const ap = Math.max(...[...(await chief.get("/approvals")).text.matchAll(/action="\/approvals\/(\d+)"/g)].map((x) => Number(x[1])));
  r = await chief.post(`/approvals/${ap}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303, r.text);
  const nb = chuoBills().find((b) => b.tap === old.tap && b.id !== old.id);
  assert.ok(nb, "the corrected bill");

  exportFile("chuo-again2.csv");
  assert.ok(first.equals(readFileSync(path("chuo-again2.csv"))), "the cycle's first file is never rewritten");
  const out = exportFile("chuo-2.csv", "--corrections");
  assert.match(out, /第 2 回 2 件（取消 1 件）/);
  const recs = csvRecords("chuo-2.csv");
  assert.deepEqual(recs.map((x) => [x["区分"], x["送付回"], x["水栓番号"], Number(x["調定番号"]), Number(x["上水使用水量"]), Number(x["汚水量"])]),
                   [["2", "2", old.tap, old.id, old.usage, old.sewer], ["1", "2", nb.tap, nb.id, nb.usage, nb.sewer]]);
  // nothing changed since: no third file
  const again = suido(ctx, ["sewer", "export", "--operator", "chuo", "--cycle", cycle, "--out", path("chuo-3.csv"), "--corrections"]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /差分はありません/);
  assert.throws(() => statSync(path("chuo-3.csv")));
  // the second file can be made again too, by its number
  exportFile("chuo-2-again.csv", "--batch", "2");
  assert.ok(readFileSync(path("chuo-2.csv")).equals(readFileSync(path("chuo-2-again.csv"))));
});

test(`[${engine}] bad input names the field: exit 2 on the command line, 400 with the form kept on the screen`, async () => {
  let r = suido(ctx, ["sewer", "export", "--operator", "fuji", "--cycle", cycle, "--out", path("x.csv")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /下水道事業者は chuo/);
  r = suido(ctx, ["sewer", "export", "--operator", "kai", "--cycle", "2026-13", "--out", path("x.csv")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /検針周期は YYYY-MM/);
  r = suido(ctx, ["sewer", "export", "--operator", "kai", "--cycle", cycle, "--out", path("x.csv"), "--format", "xml"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /形式は csv/);
  assert.throws(() => statSync(path("x.csv")));

  const c = await login("tanto");
  const page = await c.get("/billing/sewer-export");
  assert.equal(page.status, 200);
  assert.match(page.text, /id="sewer-history"/);
  let p = await c.post("/billing/sewer-export", { csrf: c.csrf, operator: "fuji", cycle, format: "csv", mode: "first", batch: "", doc: "file" });
  assert.equal(p.status, 400);
  assert.match(p.text, /下水道事業者は chuo/);
  p = await c.post("/billing/sewer-export", { csrf: c.csrf, operator: "kai", cycle: "2026/04", format: "csv", mode: "first", batch: "", doc: "file" });
  assert.equal(p.status, 400);
  assert.match(p.text, /検針周期は YYYY-MM/);
  assert.match(p.text, /value="2026\/04"/, "what was typed is kept");
  // the screen's download is the same file as the command line's
  p = await c.post("/billing/sewer-export", { csrf: c.csrf, operator: "chuo", cycle, format: "csv", mode: "first", batch: "", doc: "file" });
  assert.equal(p.status, 200);
  assert.match(p.headers.get("content-disposition"), new RegExp(`sewer-chuo-${cycle}-01\\.csv`));
  // (fetch's text() drops the BOM)
  assert.equal(p.text.replace(/^\uFEFF/, ""), readFileSync(path("chuo-1.csv"), "utf8").slice(1));
  p = await c.post("/billing/sewer-export", { csrf: c.csrf, operator: "chuo", cycle, format: "csv", mode: "first", batch: "", doc: "transmittal" });
  assert.equal(p.status, 200);
  assert.equal(p.headers.get("content-type"), "application/pdf");
  // a viewer may not take the users' names out
  const v = await login("etsuran");   // the demo's 閲覧
  assert.equal((await v.get("/billing/sewer-export")).status, 403);
});

test(`[${engine}] after the key is rotated the sent records still make the same file`, () => {
  const before = sql("SELECT user_enc FROM sewer_xfer_records ORDER BY batch_id, seq LIMIT 1");
  const r = suido(ctx, ["key", "rotate"]);
  assert.equal(r.code, 0, r.stderr);
  assert.notEqual(sql("SELECT user_enc FROM sewer_xfer_records ORDER BY batch_id, seq LIMIT 1"), before, "sealed again");
  exportFile("chuo-rotated.csv");
  assert.ok(readFileSync(path("chuo-1.csv")).equals(readFileSync(path("chuo-rotated.csv"))));
});
