// Collections (収納) other than direct debit, against the real binary and
// database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): agent result
// files built from real slips (速報 → 確報 → 取消), suspense and its
// resolution by a clerk, refusals (a wrong check digit, a truncated file, the
// same file twice) that post nothing, the card company's results (OK / NG),
// counter payments with their receipt PDF, and the permission of 閲覧.
// The demo city is built without payments so that every bill is open.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, demoCycle, formToken, formTokenIn, makeEnv, optionValues, startServer, stopServer, suido, openBillsDrift } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, slips = [];
let next = 0;

/** The next unused slip: { tap, bill, amount, code } from `suido slip --csv`. */
function slip() {
  assert.ok(next < slips.length, "enough slips");
  return slips[next++];
}

function ymd(d) { return d.replaceAll("-", ""); }

/** The check digit of the 44-digit code (modulus 10, weights 3 and 1 from the right). */
function checkDigit(d43) {
  let sum = 0;
  for (let i = 0; i < 43; i++) sum += Number(d43[42 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** A valid code like s.code but naming another bill id (13 digits). */
function codeFor(s, billId) {
  const d43 = s.code.slice(0, 16) + String(billId).padStart(13, "0") + s.code.slice(29, 43);
  return d43 + checkDigit(d43);
}

/** A standard-profile record (see docs/collections.md). */
function record(kind, s, { paidOn = "2026-11-28", at = "1423", code = s.code, amount = s.amount } = {}) {
  return `${kind},${ymd(paidOn)},${at},EAN${code},,,0,${amount},0001,ファミリーマート,123456,,${ymd(paidOn)}\r\n`;
}

let fileNo = 0;
function writeFile(text, name = `agent${++fileNo}.csv`) {
  const p = join(ctx.dir, name);
  writeFileSync(p, text);
  return p;
}

function bill(s) {
  const r = suido(ctx, ["bill", "show", "--tap", s.tap, "--cycle", s.cycle]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function account(tap) {
  const r = suido(ctx, ["payment", "account", "--tap", tap]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function importFile(path, args = []) {
  return suido(ctx, ["payment", "import", ...args, path]);
}

async function login(username) {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text);
  return c;
}

/** Upload a file as the screen does: a file read answers 303 to its figures, which are fetched. */
async function upload(c, path, fields, text, name) {
  const f = new FormData();
  f.append("csrf", c.csrf);
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append("file", new Blob([text], { type: "text/csv" }), name);
  const r = await c.request("POST", path, { body: f });
  if (r.status !== 303) return r;
  assert.match(r.location, /^\/collections\/imports\/\d+$/);
  return c.get(r.location);
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "11", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  const cycle = demoCycle(1);
  const csv = join(ctx.dir, "slips.csv");
  const r = suido(ctx, ["slip", "--cycle", cycle, "--csv", csv, "--encoding", "utf8"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(csv, "utf8").trim().split(/\r?\n/).slice(1);
  // one slip per tap, so that each test's taps are its own
  const seen = new Set();
  for (const l of lines) {
    const f = l.split(",");
    const code = f[f.length - 1];
    if (seen.has(f[0])) continue;
    seen.add(f[0]);
    slips.push({ tap: f[0], cycle, amount: Number(f[14]), code, bill: Number(code.slice(16, 29)) });
  }
  assert.ok(slips.length >= 12, `slips: ${slips.length}`);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] 速報 → 確報 → 取消: the bill shows paid-pending, then paid, then open again`, async () => {
  const s = slip();
  const before0 = bill(s);
  assert.equal(before0.id, s.bill, "the barcode names the bill");
  assert.equal(before0.balance_yen, s.amount);
  // 速報 (uploaded on the screen)
  const clerk = await login("tanto");
  await clerk.get("/collections");
  assert.deepEqual(optionValues((await clerk.get("/collections")).text, "profile"), ["standard", "standard-app"]);
  let r = await upload(clerk, "/collections/agent", { profile: "standard" }, record("01", s), "flash.csv");
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /flash\.csv を取り込みました/);
  assert.match(r.text, /id="sum-flash"[^]*?1件/);
  let a = account(s.tap);
  assert.equal(a.pending, s.amount, "paid-pending");
  assert.equal(bill(s).balance_yen, s.amount, "a flash does not pay the bill");
  // 確報 (command line)
  const conf = writeFile(record("02", s));
  r = importFile(conf);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /消込\s+1 件\s+\d+ 円/);
  assert.equal(bill(s).balance_yen, 0, "paid");
  a = account(s.tap);
  assert.equal(a.pending, 0, "the flash is settled");
  const paid = a.payments.find((p) => p.channel === "cvs" && p.amount === s.amount);
  assert.ok(paid, "the account shows the payment");
  assert.equal(paid.bill, s.bill);
  assert.equal(paid.paid_on, "2026-11-28");
  assert.equal(paid.allocated, s.amount);
  // the same record in another file is not posted twice
  r = importFile(writeFile(record("02", s) + "\r\n"));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /計上済み\s+1 件/);
  assert.equal(account(s.tap).payments.filter((p) => p.channel === "cvs").length, 1);
  // 取消
  r = importFile(writeFile(record("03", s)));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /入金取消\s+1 件/);
  assert.equal(bill(s).balance_yen, s.amount, "reversed: owed again");
  a = account(s.tap);
  assert.ok(a.payments.some((p) => p.reverses === paid.id && p.amount === -s.amount), "the reversal is listed");
});

test(`[${engine}] a 取消 before the 確報 takes the flash back; the smartphone profile posts as app`, () => {
  const s = slip();
  let r = importFile(writeFile(record("01", s, { at: "0905" })), ["--profile", "standard-app"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(account(s.tap).pending, s.amount);
  r = importFile(writeFile(record("03", s, { at: "0905" })), ["--profile", "standard-app"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /速報取消\s+1 件/);
  assert.equal(account(s.tap).pending, 0);
  assert.equal(bill(s).balance_yen, s.amount);
  // (this one written with a UTF-8 BOM, as spreadsheet programs do)
  r = importFile(writeFile("\uFEFF" + record("02", s, { at: "1000" })), ["--profile", "standard-app"]);
  assert.equal(r.code, 0, r.stderr);
  const p = account(s.tap).payments.find((x) => x.amount === s.amount);
  assert.equal(p.channel, "app");
  assert.equal(bill(s).balance_yen, 0);
  assert.equal(importFile(writeFile(record("02", s)), ["--profile", "nosuch"]).code, 2);
});


test(`[${engine}] an amount that disagrees with the bill goes to suspense; a clerk resolves it with a note`, async () => {
  const s = slip();
  // 1,000 yen paid at the counter first: the slip's amount no longer matches
  let r = suido(ctx, ["payment", "counter", "--tap", s.tap, "--bill", String(s.bill), "--amount", "1000"]);
  assert.equal(r.code, 0, r.stderr);
  r = importFile(writeFile(record("02", s, { at: "1111" })));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /未消込\s+1 件/);
  assert.equal(bill(s).balance_yen, s.amount - 1000, "nothing allocated");
  const clerk = await login("tanto");
  let page = await clerk.get("/collections/suspense");
  assert.equal(page.status, 200);
  const row = page.text.match(new RegExp(`<tr id="suspense-(\\d+)">(?:(?!</tr>).)*?${s.code}`, "s"));
  assert.ok(row, "listed on /collections/suspense");
  assert.match(row[0], /金額が調定の未納額と一致しない/);
  const id = row[1];
  // the note is required
  r = await clerk.post(`/collections/suspense/${id}`, { csrf: clerk.csrf, bill: String(s.bill), tap: "", note: "" });
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.match(r.text, /理由/);
  assert.equal(bill(s).balance_yen, s.amount - 1000);
  r = await clerk.post(`/collections/suspense/${id}`, { csrf: clerk.csrf, bill: String(s.bill), tap: "", note: "窓口入金と二重、差額は預り" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(bill(s).balance_yen, 0, "allocated");
  // the 1,000 yen left over went to the tap's older open bills
  const p = account(s.tap).payments.find((x) => x.channel === "cvs" && x.amount === s.amount);
  assert.equal(p.status, "posted");
  assert.equal(p.allocated + p.credited, s.amount, "every yen placed");
  page = await clerk.get("/collections/suspense");
  assert.ok(!page.text.includes(`id="suspense-${id}"`), "no longer open");
  page = await clerk.get("/collections/suspense?status=resolved");
  assert.match(page.text, /窓口入金と二重/);
});

test(`[${engine}] a barcode naming no bill of ours: the 速報 marks nothing, the 確報 waits in suspense`, () => {
  const s = slip();
  const code = codeFor(s, 9999999999999);
  const n0 = account(s.tap).payments.length;
  let r = importFile(writeFile(record("01", s, { code, at: "0700" })));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(account(s.tap).pending, 0, "nothing marked");
  r = importFile(writeFile(record("02", s, { code, at: "0700" })));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /未消込\s+1 件/);
  assert.equal(bill(s).balance_yen, s.amount, "not allocated");
  assert.equal(account(s.tap).payments.length, n0, "nothing on the tap");
  const list = suido(ctx, ["payment", "suspense"]).stdout;
  assert.match(list, new RegExp(`cvs\\t2026-11-28\\t${s.amount}\\tno_bill\\t${code}-202611280700`));
  // a bill of another tap named with this tap's number: suspense too, never that bill
  const other = slips[slips.length - 1];
  const cross = codeFor(s, other.bill);
  r = importFile(writeFile(record("02", s, { code: cross, at: "0701" })));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /未消込\s+1 件/);
  assert.equal(bill(other).balance_yen, other.amount);
  assert.equal(bill(s).balance_yen, s.amount);
});

test(`[${engine}] a wrong check digit, a truncated file, the same file twice: refused whole, nothing posted`, async () => {
  const s1 = slip(), s2 = slip();
  const payments = () => account(s1.tap).payments.length + account(s2.tap).payments.length;
  const n0 = payments();
  const bad = s2.code.slice(0, 43) + String((Number(s2.code[43]) + 1) % 10);
  let r = importFile(writeFile(record("02", s1) + record("02", s2, { code: bad })));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /2 行目のバーコード情報/);
  assert.match(r.stderr, /何も登録していません/);
  assert.equal(payments(), n0, "nothing posted");
  assert.equal(bill(s1).balance_yen, s1.amount);
  // truncated in the middle of its last line
  const whole = record("02", s1) + record("02", s2);
  r = importFile(writeFile(whole.slice(0, whole.length - 30)));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /2 行目/);
  assert.equal(payments(), n0);
  // the good file goes in once
  const good = writeFile(whole);
  r = importFile(good);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(bill(s1).balance_yen, 0);
  assert.equal(bill(s2).balance_yen, 0);
  r = importFile(good);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /取込済み/);
  // on the screen, a refusal names the line and keeps the form
  const clerk = await login("tanto");
  const page = await upload(clerk, "/collections/agent", { profile: "standard" }, record("02", s1, { code: bad }), "bad.csv");
  assert.equal(page.status, 400);
  assert.match(page.text, /1 行目のバーコード情報/);
  assert.match(page.text, /id="agent-form"/);
});

test(`[${engine}] card results: OK rows are posted, NG rows only counted, a bad row refuses the file`, async () => {
  const ok = slip(), ng = slip(), other = slip();
  const head = "売上日,水栓番号,調定番号,金額,承認番号,結果,エラーコード\r\n";
  const body = `20261128,${ok.tap},${ok.bill},${ok.amount},AP${ok.bill},OK,\r\n` +
    `20261128,${ng.tap},${ng.bill},${ng.amount},,NG,G12\r\n` +
    `20261128,${other.tap},${ok.bill},${ok.amount},AQ${ok.bill},OK,\r\n`;   // tap and bill disagree
  const clerk = await login("tanto");
  let r = await upload(clerk, "/collections/card", {}, head + body, "card.csv");
  assert.equal(r.status, 200, r.text.slice(0, 500));
  assert.match(r.text, /id="sum-ng"[^]*?1件/);
  assert.match(r.text, /id="sum-posted"[^]*?1件/);
  assert.match(r.text, /id="sum-suspense"[^]*?1件/);
  assert.equal(bill(ok).balance_yen, 0, "OK posted");
  assert.equal(bill(ng).balance_yen, ng.amount, "NG: still owed");
  const cards = account(ok.tap).payments.filter((x) => x.channel === "card");
  const p = cards.find((x) => x.ref === `AP${ok.bill}`);
  assert.equal(p.status, "posted");
  assert.equal(p.allocated, ok.amount);
  // the row whose tap and bill disagree waits in suspense, allocated nowhere
  const q = cards.find((x) => x.ref === `AQ${ok.bill}`);
  assert.equal(q.status, "suspense");
  assert.equal(q.allocated, 0);
  assert.equal(account(other.tap).payments.filter((x) => x.channel === "card").length, 0);
  const list = suido(ctx, ["payment", "suspense"]).stdout;
  assert.match(list, new RegExp(`card\t2026-11-28\t${ok.amount}\tno_bill\tAQ${ok.bill}\t.*水栓番号 ${other.tap}`));
  // malformed: refused whole, naming the line and the field
  const cf = writeFile(head + `20261128,${ng.tap},${ng.bill},${ng.amount},AZ1,OK,\r\n20261128,${ng.tap},${ng.bill},12x,AZ2,OK,\r\n`, "card2.csv");
  r = suido(ctx, ["payment", "card", cf]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /3 行目の金額/);
  assert.equal(bill(ng).balance_yen, ng.amount);
});

test(`[${engine}] the counter: a partial payment, then an over-payment that leaves credit, with receipts`, async () => {
  const s = slip();
  const clerk = await login("tanto");
  let r = await clerk.get(`/taps/${s.tap}/counter`);
  assert.equal(r.status, 200);
  const open = optionValues(r.text, "bill");
  assert.ok(open.includes(String(s.bill)), "the open bill is offered");
  const owed = account(s.tap).balance;
  // partial, on the named bill, ¥5,000 handed over: first the confirmation, nothing posted yet
  const typed = { csrf: clerk.csrf, amount: "1,000", bill: String(s.bill), note: "", tendered: "5000",
                  ...formTokenIn(r.text, "counter-form") };
  r = await clerk.post(`/taps/${s.tap}/counter`, typed);
  assert.equal(r.status, 200, r.text.slice(0, 400));
  const cell = (id) => r.text.match(new RegExp(`id="${id}">([^<]*)<`))?.[1];
  assert.equal(cell("cf-amount"), "¥1,000");
  assert.equal(cell("cf-tendered"), "¥5,000");
  assert.equal(cell("cf-change"), "¥4,000");
  assert.equal(cell("cf-left"), `¥${(owed - 1000).toLocaleString("en-US")}`);
  assert.match(cell("cf-bill"), new RegExp(`調定 ${s.bill}`));
  assert.equal(account(s.tap).balance, owed, "nothing posted by the confirmation");
  // 修正する: back to the form with what was typed
  const back = await clerk.post(`/taps/${s.tap}/counter`, { ...typed, edit: "1" });
  assert.match(back.text, /name="amount"[^>]*value="1,000"|value="1,000"[^>]*name="amount"/);
  assert.match(back.text, /value="5000"/);
  // less cash than the amount is refused, naming the field
  const short = await clerk.post(`/taps/${s.tap}/counter`, { ...typed, tendered: "500" });
  assert.equal(short.status, 400);
  assert.match(short.text, /預り金が受領額より少なくなっています/);
  r = await clerk.post(`/taps/${s.tap}/counter`, { ...typed, confirmed: "1" });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await clerk.get(r.location);
  assert.equal(r.status, 200, r.text.slice(0, 400));
  const m = r.text.match(/領収書番号 (R\d{8}-\d{4}) で入金を計上しました/);
  assert.ok(m, "receipt number shown");
  const link = r.text.match(/href="(\/payments\/(\d+)\/receipt\.pdf)"/);
  assert.ok(link);
  assert.equal(bill(s).balance_yen, s.amount - 1000);
  // the receipt
  const pdf = await fetch(srv.base + link[1], { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get("content-type"), "application/pdf");
  const path = join(ctx.dir, "receipt.pdf");
  writeFileSync(path, Buffer.from(await pdf.arrayBuffer()));
  const words = spawnSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" }).stdout;
  assert.match(words, /領収書/);
  assert.ok(words.includes(m[1]), "the receipt number");
  assert.match(words, /1,000円/);
  assert.ok(words.includes(s.tap));
  // over-payment on the tap: every open bill paid, the rest is credit
  r = await clerk.post(`/taps/${s.tap}/counter`, { csrf: clerk.csrf, amount: String(owed), bill: "", note: "",
                                                  confirmed: "1",
                                                  ...(await formToken(clerk, `/taps/${s.tap}/counter`, "counter-form")) });
  assert.equal(r.status, 303);
  r = await clerk.get(r.location);
  assert.equal(r.status, 200);
  const m2 = r.text.match(/領収書番号 (R\d{8}-\d{4})/);
  assert.notEqual(m2[1], m[1], "receipt numbers are unique");
  const a = account(s.tap);
  assert.equal(a.balance, 0);
  assert.equal(a.credit, 1000);
  // bad input names the field
  r = await clerk.post(`/taps/${s.tap}/counter`, { csrf: clerk.csrf, amount: "12.5", bill: "", note: "",
                                                  ...(await formToken(clerk, `/taps/${s.tap}/counter`, "counter-form")) });
  assert.equal(r.status, 400);
  assert.match(r.text, /受領額/);
  assert.equal(account(s.tap).credit, 1000, "nothing posted");
  // the command line writes the receipt too
  const rp = join(ctx.dir, "r2.pdf");
  const c = suido(ctx, ["payment", "counter", "--tap", s.tap, "--amount", "500", "--receipt", rp]);
  assert.equal(c.code, 0, c.stderr);
  const no = c.stdout.match(/領収書番号 (R\d{8}-\d{4})/)[1];
  const w2 = spawnSync("pdftotext", ["-layout", rp, "-"], { encoding: "utf8" }).stdout;
  assert.ok(w2.includes(no));
  assert.match(w2, /過誤納/);
});

test(`[${engine}] 閲覧 may look but not post`, async () => {
  const s = slip();
  const viewer = await login("etsuran");
  let r = await viewer.get("/collections");
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes('id="agent-form"'), "no upload form");
  r = await viewer.get("/collections/suspense");
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes('class="inline resolve"'), "no resolve forms");
  r = await viewer.post(`/taps/${s.tap}/counter`, { csrf: viewer.csrf, amount: "100", bill: "" });
  assert.equal(r.status, 403);
  r = await upload(viewer, "/collections/agent", { profile: "standard" }, record("02", s), "v.csv");
  assert.equal(r.status, 403);
  r = await upload(viewer, "/collections/card", {}, "x", "v.csv");
  assert.equal(r.status, 403);
  r = await viewer.post("/collections/suspense/1", { csrf: viewer.csrf, bill: String(s.bill), note: "x" });
  assert.equal(r.status, 403);
  assert.equal(bill(s).balance_yen, s.amount, "nothing posted");
});

// Every change above to a bill's status or paid amount kept the open-bill list
// (bill_open, which the debit request reads) in step with the bills.
test(`[${engine}] the open-bill list agrees with every bill and payment above`, () => {
  const d = openBillsDrift(ctx);
  assert.deepEqual({ missing: d.missing, extra: d.extra }, { missing: [], extra: [] });
  assert.ok(d.open > 0, "some bills are still open");
});
