// Direct debit (口座振替) against the real binary and database: the bank
// master from npm zengin-code, mandates (refusals, sealing, masking), the
// Zengin 91 request file checked field by field, and result files built here
// from the request carrying every result code — posted for 0 only, the others
// recorded with their meaning and sent to a retry or a slip — while damaged,
// foreign or repeated files are refused with nothing posted.  The tests that build a city of
// their own (a year of unpaid bills; the debit screen) are in debit_batch.test.mjs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Client, addUser, allocationDaysDrift, demoCycle, sql, startServer, stopServer, openBillsDrift } from "./lib.mjs";
import {
  CODES, DEMO, MEANING, ZENGIN, addDays, billIdsOf, billsShown, businessDay, debitCity, engine, num, ok, paymentLines,
  records, resultFrom, suido, tapsWithActiveMandate, tapsWithoutMandate, text, useCity, zenginData,
} from "./debit_lib.mjs";

let ctx, srv;   // srv: a server of the debit test, stopped after it (or after all if it failed)
let bankImportMs = 0;
let demoLastBill = 0;   // the last bill of the demo's history (those after it are billed here)

before(() => {
  ctx = debitCity(["--taps", "300", "--years", "1", "--seed", "31"]);
  useCity(ctx);
  demoLastBill = Number(sql(ctx, "SELECT MAX(id) FROM bills"));
  const run = suido(ctx, ["bill", "run", "--cycle", demoCycle()]);
  assert.ok(run.code === 0 || run.code === 3, run.stderr);
  const t0 = Date.now();
  ok(["bank", "import", "--from", ZENGIN]);
  bankImportMs = Date.now() - t0;
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] bank master: zengin-code imported, refreshed by difference, looked up`, () => {
  const again = ok(["bank", "import", "--from", ZENGIN]);
  assert.match(again, /金融機関 (\d+) 件・支店 (\d+) 件（追加 0、変更 0、削除 0）/);
  const [, banks, branches] = again.match(/金融機関 (\d+) 件・支店 (\d+) 件/).map(Number);
  const data = zenginData();
  assert.equal(banks, Object.keys(data).length);
  assert.equal(branches, Object.values(data).reduce((n, b) => n + Object.keys(b.branches).length, 0));
  assert.ok(bankImportMs < 20000, `first import took ${bankImportMs} ms`);
  const show = ok(["bank", "show", "0001", "001"]);
  assert.ok(show.includes(`0001 ${data["0001"].name}（${data["0001"].kana}）`), show);
  assert.ok(show.includes(`001 ${data["0001"].branches["001"].name}`), show);
  // A smaller data set replaces the master: one bank renamed, the rest removed; then the full set again.
  const dir = join(ctx.dir, "zc");
  mkdirSync(join(dir, "lib"), { recursive: true });
  const small = { "0001": { ...data["0001"], name: "テスト銀行", branches: { "001": data["0001"].branches["001"] } } };
  writeFileSync(join(dir, "lib/zengin-data.js"), `module.exports = ${JSON.stringify(small)};\n`);
  const r = ok(["bank", "import", "--from", dir]);
  assert.match(r, /金融機関 1 件・支店 1 件（追加 0、変更 1、削除 (\d+)）/);
  assert.equal(Number(r.match(/削除 (\d+)/)[1]), banks + branches - 2);
  assert.notEqual(suido(ctx, ["bank", "show", "0005"]).code, 0, "0005 removed");
  const back = ok(["bank", "import", "--from", ZENGIN]);
  assert.match(back, new RegExp(`追加 ${banks + branches - 2}、変更 1、削除 0`));
  assert.equal(ok(["bank", "show", "0001"]).trim(), `0001 ${data["0001"].name}（${data["0001"].kana}）`);
  // Bad data is refused whole, naming the entry; the master is untouched.
  writeFileSync(join(dir, "lib/zengin-data.js"), `module.exports = {"0001": {"name": "x", "kana": "x", "branches": {"01": {}}}};`);
  const bad = suido(ctx, ["bank", "import", "--from", dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /金融機関 0001 の支店「01」/);
  assert.equal(suido(ctx, ["bank", "show", "0005"]).code, 0);
  const missing = suido(ctx, ["bank", "import", "--from", join(ctx.dir, "nowhere")]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /見つかりません/);
});

test(`[${engine}] mandates: refusals name the field; account and holder sealed, shown masked`, () => {
  const [tap] = tapsWithoutMandate(ok(["bill", "list", "--cycle", demoCycle()]).trim().split("\n").map((l) => l.split("\t")[0]), 1);
  const add = (over) => {
    const o = { tap, bank: "0001", branch: "001", type: "1", account: "1234567", holder: "ヤマダ タロウ", ...over };
    return suido(ctx, ["mandate", "add", "--tap", o.tap, "--bank", o.bank, "--branch", o.branch, "--type", o.type,
      "--account", o.account, "--holder", o.holder, "--from", "2020-01-01"]);
  };
  let unknownBank = "0002";
  while (suido(ctx, ["bank", "show", unknownBank]).code === 0) unknownBank = String(Number(unknownBank) + 1).padStart(4, "0");
  const cases = [
    [{ bank: unknownBank }, new RegExp(`金融機関コード ${unknownBank} は登録されていません`), "bank"],
    [{ branch: "999" }, /金融機関コード 0001 の支店 999 は登録されていません/, "branch"],
    [{ branch: "1" }, /支店コードは3桁/, "branch"],
    [{ holder: "山田 太郎" }, /口座名義.*山/, "holder"],
    [{ holder: "ヤマダ タロウ ヤマダ タロウ ヤマダ タロウ ヤマダ" }, /長すぎます/, "holder"],
    [{ account: "12345678" }, /口座番号は7桁以内/, "account"],
    [{ account: "12a4" }, /口座番号は7桁以内/, "account"],
    [{ type: "3" }, /預金種目/, "account_type"],
  ];
  for (const [over, msg, field] of cases) {
    const r = add(over);
    assert.equal(r.code, 2, `${JSON.stringify(over)}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.ok(r.stderr.includes(`[${field}]`), r.stderr);
  }
  assert.equal(add({ tap: "99999999" }).code, 1, "unknown tap");
  assert.match(ok(["mandate", "list", "--tap", tap]), /口座振替の登録はありません/);
  ok(["mandate", "add", "--tap", tap, "--bank", "0001", "--branch", "001", "--type", "1", "--account", "98765",
    "--holder", "やまだ　がっこう（かぶ", "--from", "2020-01-01"]);
  const list = ok(["mandate", "list", "--tap", tap]);
  assert.ok(list.includes("****765"), list);
  assert.ok(!list.includes("98765"), "the account is masked");
  assert.ok(list.includes("ﾔﾏﾀﾞ ｶﾞﾂｺｳ(ｶﾌﾞ"), list);
  // Sealed: neither the account nor the holder is in the database file in clear.
  if (ctx.sqlitePath) {
    const raw = readFileSync(ctx.sqlitePath).toString("latin1");
    assert.ok(!raw.includes("0098765"), "account number not in clear");
  }
  // A new mandate ends the old one the day before it starts.
  ok(["mandate", "add", "--tap", tap, "--bank", "0005", "--branch", "001", "--type", "2", "--account", "1111222",
    "--holder", "ヤマダ ハナコ", "--from", "2021-04-01"]);
  const rows = ok(["mandate", "list", "--tap", tap]).trim().split("\n").map((l) => l.split("\t"));
  assert.equal(rows.length, 2);
  assert.equal(rows[0][1], "active");
  assert.equal(rows[0][4], "当座");
  assert.equal(rows[0][5], "****222");
  assert.equal(rows[1][1], "ended");
  assert.ok(rows[1][7].endsWith("〜2021-03-31"), rows[1][7]);
  const early = suido(ctx, ["mandate", "add", "--tap", tap, "--bank", "0001", "--branch", "001", "--type", "1",
    "--account", "1", "--holder", "ア", "--from", "2021-04-01"]);
  assert.equal(early.code, 2);
  assert.match(early.stderr, /開始日/);
  ok(["audit", "verify"]);
  // Ended: this tap takes no part in the debit test below.
  assert.equal(suido(ctx, ["mandate", "end", "--tap", tap, "--on", "2021-03-01"]).code, 2, "before its start");
  ok(["mandate", "end", "--tap", tap, "--on", "2021-12-31"]);
  assert.equal(suido(ctx, ["mandate", "end", "--tap", tap, "--on", "2022-12-31"]).code, 1, "nothing in force");
});

test(`[${engine}] debit: request file field by field, results for every code, refusals post nothing`, async () => {
  const cyc = demoCycle();
  const taps = tapsWithoutMandate(ok(["bill", "list", "--cycle", cyc]).trim().split("\n").map((l) => l.split("\t")[0]).slice(1), 21);
  assert.ok(taps.length >= 14, "enough billed taps");
  // The mandates are keyed on the mandate screen, as a 担当 does (one server, not a process per
  // mandate; `suido mandate add` is tested above).
  srv = await startServer(ctx);
  const staff = new Client(srv.base);
  assert.equal((await staff.login("tanto", DEMO)).status, 303);
  const want = new Map();   // tap -> {bank, branch, account, holder}
  for (const [i, tap] of taps.entries()) {
    const m = i % 3 === 0
      ? { bank: "0005", branch: "001", type: "1", account: String(1000 + i), holder: "すずき いちろう", kana: "ｽｽﾞｷ ｲﾁﾛｳ" }
      : { bank: "0001", branch: "001", type: i % 3 === 1 ? "1" : "2", account: String(7000000 + i), holder: "ヤマダ パン", kana: "ﾔﾏﾀﾞ ﾊﾟﾝ" };
    const r = await staff.post(`/taps/${tap}/mandate`, { bank: m.bank, branch: m.branch, account_type: m.type, account: m.account,
                                                          holder: m.holder, start_on: "2020-01-01", csrf: staff.csrf });
    assert.equal(r.status, 303, `mandate of ${tap}: ${r.text.slice(0, 400)}`);
    want.set(tap, m);
  }
  const ids = billIdsOf(taps, cyc);
  assert.equal(ids.length, taps.length, "a current bill of each tap");
  const dues = [...billsShown(ids).values()].map((b) => b.due_on).sort();
  const maxDue = dues[dues.length - 1];
  // A Sunday is refused with the next business day suggested; nothing is written.
  let sunday = addDays(maxDue, 1);
  while (new Date(`${sunday}T00:00:00Z`).getUTCDay() !== 0) sunday = addDays(sunday, 1);
  const file = join(ctx.dir, "req.txt");
  const sun = suido(ctx, ["debit", "export", "--date", sunday, "--out", file]);
  assert.equal(sun.code, 2, sun.stderr);
  assert.ok(sun.stderr.includes(`次の営業日は ${businessDay(sunday)}`), sun.stderr);
  assert.ok(!existsSync(file));
  assert.equal(suido(ctx, ["debit", "export", "--date", "2026-13-01", "--out", file]).code, 2);
  assert.equal(suido(ctx, ["debit", "export", "--out", file]).code, 2);

  const day = businessDay(addDays(maxDue, 1));
  const out = ok(["debit", "export", "--date", day, "--out", file]);
  const batch = Number(out.match(/依頼 (\d+)/)[1]);
  const req = readFileSync(file);
  for (const b of req) assert.ok((b >= 0x20 && b <= 0x7e) || (b >= 0xa1 && b <= 0xdf) || b === 0x0d || b === 0x0a, `byte ${b}`);
  const recs = records(req);
  const [h, t, e] = [recs[0], recs[recs.length - 2], recs[recs.length - 1]];
  const data = recs.slice(1, -2);
  // Header: from the settings.
  assert.equal(text(h, 0, 4), "1910");
  assert.equal(text(h, 4, 10), "9876543210");
  assert.equal(text(h, 14, 40).trimEnd(), "ｻﾝｷﾖｳｼ ｽｲﾄﾞｳｷﾖｸ");
  assert.equal(text(h, 54, 4), day.slice(5, 7) + day.slice(8, 10));
  assert.equal(text(h, 58, 4), "0005");
  assert.equal(text(h, 62, 15).trimEnd(), "ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ");
  assert.equal(text(h, 77, 3), "001");
  assert.equal(text(h, 80, 15).trimEnd(), "ﾎﾝﾃﾝ");
  assert.equal(text(h, 95, 1), "1");
  assert.equal(text(h, 96, 7), "7654321");
  assert.equal(text(h, 103, 17).trim(), "");
  // Data: every bill with a balance of these taps, its balance, its mandate.
  let sum = 0;
  const perTap = new Map();
  const bills = [];
  const shown = billsShown(data.map((r) => Number(text(r, 91, 20).slice(8))));
  const mandated = tapsWithActiveMandate();
  for (const r of data) {
    assert.equal(text(r, 0, 1), "2");
    const customer = text(r, 91, 20);
    assert.match(customer, /^\d{20}$/);
    assert.equal(Number(customer.slice(0, 8)), batch, "顧客番号 carries the batch");
    const billId = Number(customer.slice(8));
    const bill = shown.get(billId);
    const m = want.get(bill.tap_no);
    if (!m) {
      // a tap the demo city pays by debit (its mandate registered by the demo): an unpaid bill is asked again
      assert.ok(mandated.has(bill.tap_no), `bill ${billId} of tap ${bill.tap_no} has a mandate`);
      const amount = num(r, 80, 10);
      assert.equal(amount, bill.balance_yen, `bill ${billId}: the balance`);
      assert.ok(bill.due_on <= day);
      // a bill of the demo's history was debited there (and failed): no longer a first debit (a bill
      // of this cycle, billed above, may be the first of a customer who moved in since)
      if (billId <= demoLastBill) assert.equal(text(r, 90, 1), "0", `bill ${billId}: 新規コード 0, debited by the demo`);
      sum += amount;
      bills.push({ id: billId, tap: bill.tap_no, amount, demo: text(r, 90, 1) === "0" });
      continue;
    }
    assert.equal(text(r, 1, 4), m.bank);
    assert.equal(text(r, 20, 3), m.branch);
    assert.equal(text(r, 42, 1), m.type);
    assert.equal(text(r, 43, 7), m.account.padStart(7, "0"));
    num(r, 43, 7);
    assert.equal(text(r, 50, 30).trimEnd(), m.kana);
    const amount = num(r, 80, 10);
    assert.equal(amount, bill.balance_yen, `bill ${billId}: the balance`);
    assert.ok(bill.due_on <= day);
    assert.equal(text(r, 90, 1), "1", "新規コード 1: the mandate's first debit");
    assert.equal(text(r, 111, 1), "0");
    assert.equal(text(r, 112, 8).trim(), "");
    sum += amount;
    perTap.set(bill.tap_no, (perTap.get(bill.tap_no) || 0) + amount);
    bills.push({ id: billId, tap: bill.tap_no, amount });
  }
  // Each tap's account through the API (a `suido payment account` per tap cost a process each;
  // both print app_account_get).
  for (const tap of taps) {
    const a = await staff.getJson(`/api/v1/taps/${tap}/account`);
    assert.equal(perTap.get(tap) || 0, a.balance - a.pending, `tap ${tap}: everything owed is requested`);
  }
  await stopServer(srv);
  srv = null;
  assert.equal(new Set(bills.map((b) => b.id)).size, bills.length, "a bill once");
  assert.ok(data.length >= CODES.length, "a record for every result code");
  assert.equal(text(t, 0, 1), "8");
  assert.equal(num(t, 1, 6), data.length);
  assert.equal(num(t, 7, 12), sum);
  assert.equal(text(t, 19, 36), "0".repeat(36));
  assert.equal(text(e, 0, 1), "9");
  assert.equal(text(e, 1, 119).trim(), "");
  // Asked again while awaiting results: the same file, nothing new recorded.
  const again = join(ctx.dir, "req-again.txt");
  assert.match(ok(["debit", "export", "--date", day, "--out", again]), /作り直しました/);
  assert.ok(readFileSync(again).equals(req));
  assert.match(ok(["debit", "items", String(batch)]), new RegExp(`# 依頼 ${batch} 引落日 ${day} 1回目 ${data.length} 件 ${sum} 円 結果待ち`));
  const later = businessDay(addDays(day, 1));
  assert.match(ok(["debit", "export", "--date", later, "--out", join(ctx.dir, "none.txt")]), /対象の調定はありません/);

  // Damaged, foreign or wrong files: refused, nothing posted.
  const codes = data.map((_, i) => CODES[i % CODES.length]);
  const good = resultFrom(req, codes);
  const before = paymentLines(day);
  const refuse = (name, buf, re, code = 2) => {
    const p = join(ctx.dir, name);
    writeFileSync(p, buf);
    const r = suido(ctx, ["debit", "import", p]);
    assert.equal(r.code, code, `${name}: ${r.stderr}`);
    assert.match(r.stderr, re, name);
    assert.equal(paymentLines(day), before, `${name}: nothing posted`);
  };
  refuse("truncated.txt", good.subarray(0, good.length - 200), /行目/);
  refuse("badsum.txt", resultFrom(req, codes, { badSum: true }), /合計件数・合計金額/);
  const unknown = Buffer.from(good);   // record 2 failed (code 1): a 7 keeps the trailer's split
  assert.equal(codes[1], "1");
  unknown[122 * 2 + 111] = "7".charCodeAt(0);
  refuse("unknown.txt", unknown, /3 行目の振替結果コード: 「7」は規格にないコード/);
  refuse("request.txt", req, /依頼ファイル/);
  const foreign = Buffer.from(good);
  foreign.write("9".repeat(12), 122 + 99, "latin1");
  refuse("foreign.txt", foreign, /2 行目の顧客番号: \d{8}9{12} に当たる依頼がありません/);
  const amount = resultFrom(req, codes);
  const a0 = Number(amount.subarray(122 + 80, 122 + 90).toString("latin1"));
  amount.write(String(a0 + 1).padStart(10, "0"), 122 + 80, "latin1");
  const tr = amount.length - 244;
  amount.write(String(sum + 1).padStart(12, "0"), tr + 7, "latin1");
  const split = codes[0] === "0" ? 25 : 43;
  amount.write(String(Number(amount.subarray(tr + split, tr + split + 12).toString("latin1")) + 1).padStart(12, "0"), tr + split, "latin1");
  refuse("amount.txt", amount, /2 行目の引落金額/);
  const crOnly = Buffer.from(good.toString("latin1").replaceAll("\r\n", "\n"), "latin1");
  refuse("lf.txt", crOnly, /CR LF/);

  // The bank's result: 0 posted, the others recorded with their meaning, the bills to retry.
  const res = join(ctx.dir, "result.txt");
  writeFileSync(res, good);
  const sumOut = ok(["debit", "import", res]);
  const done = bills.filter((_, i) => codes[i] === "0");
  const failed = bills.filter((_, i) => codes[i] !== "0");
  assert.ok(sumOut.includes(`振替済 ${done.length} 件 ${done.reduce((s, b) => s + b.amount, 0)} 円`), sumOut);
  assert.ok(sumOut.includes(`振替不能 ${failed.length} 件 ${failed.reduce((s, b) => s + b.amount, 0)} 円（再振替へ ${failed.length} 件、納付書へ 0 件）`), sumOut);
  for (const c of CODES.slice(1)) assert.ok(sumOut.includes(`${c} ${MEANING[c]}:`), `${c} in the summary`);
  assert.equal(paymentLines(day), before + done.length, "one payment per code 0");
  const items = new Map(ok(["debit", "items", String(batch)]).trim().split("\n").slice(1)
    .map((l) => l.split("\t")).map((f) => [Number(f[0]), f]));
  const after = billsShown(bills.map((b) => b.id));
  const accounts = new Map();   // tap -> its account after the import (a tap may have several bills)
  const accountOf = (tap) => {
    if (!accounts.has(tap)) accounts.set(tap, JSON.parse(ok(["payment", "account", "--tap", tap])));
    return accounts.get(tap);
  };
  bills.forEach((b, i) => {
    const it = items.get(b.id);
    assert.equal(it[4], codes[i]);
    assert.equal(it[5], MEANING[codes[i]]);
    const bill = after.get(b.id);
    if (codes[i] === "0") {
      assert.ok(Number(it[6]) > 0, "the payment is on the item");
      assert.equal(bill.balance_yen, 0, `bill ${b.id} paid`);
      const p = accountOf(b.tap).payments.find((x) => x.ref === `B${batch}-${b.id}`);
      assert.ok(p, "payment by ref");
      assert.equal(p.channel, "debit");
      assert.equal(p.amount, b.amount);
      assert.equal(p.paid_on, day);
      assert.equal(p.posted_on, day);
    } else {
      assert.equal(Number(it[6]), 0);
      assert.equal(bill.balance_yen, b.amount, `bill ${b.id} still owed`);
      assert.equal(it[7], "retry");
    }
  });
  // The same file again: refused, nothing posted.
  const twice = suido(ctx, ["debit", "import", res]);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /取込済み/);
  assert.equal(paymentLines(day), before + done.length);

  // The retry takes exactly the failed bills; when it fails too, they go to a slip.
  const retryDay = businessDay(addDays(day, 7));
  const retryFile = join(ctx.dir, "retry.txt");
  const ro = ok(["debit", "export", "--date", retryDay, "--retry", "--out", retryFile]);
  const retryBatch = Number(ro.match(/依頼 (\d+)/)[1]);
  const rrecs = records(readFileSync(retryFile)).slice(1, -2);
  assert.deepEqual(rrecs.map((r) => Number(text(r, 91, 20).slice(8))).sort((a, b) => a - b), failed.map((b) => b.id).sort((a, b) => a - b));
  assert.ok(rrecs.every((r) => text(r, 91, 8) === String(retryBatch).padStart(8, "0")));
  // 新規コード: 0 once a debit of the mandate went through (0) or failed for lack of funds (1) —
  // here or in the demo's history.
  const tapOf = new Map(bills.map((b) => [b.id, b.tap]));
  const known = new Set(bills.filter((b, i) => b.demo || codes[i] === "0" || codes[i] === "1").map((b) => b.tap));
  for (const r of rrecs) assert.equal(text(r, 90, 1), known.has(tapOf.get(Number(text(r, 91, 20).slice(8)))) ? "0" : "1");
  const rcodes = rrecs.map((_, i) => (i === 0 ? "0" : "1"));
  const rres = join(ctx.dir, "retry-result.txt");
  writeFileSync(rres, resultFrom(readFileSync(retryFile), rcodes));
  const rsum = ok(["debit", "import", rres]);
  assert.ok(rsum.includes(`納付書へ ${rrecs.length - 1} 件`), rsum);
  const ritems = ok(["debit", "items", String(retryBatch)]).trim().split("\n").slice(1).map((l) => l.split("\t"));
  assert.equal(ritems.filter((f) => f[7] === "slip").length, rrecs.length - 1);
  const nothing = businessDay(addDays(retryDay, 7));
  assert.match(ok(["debit", "export", "--date", nothing, "--retry", "--out", join(ctx.dir, "r2.txt")]), /対象の調定はありません/);
  assert.match(ok(["debit", "export", "--date", nothing, "--out", join(ctx.dir, "n2.txt")]), /対象の調定はありません/);
});

test(`[${engine}] mandate page: masked account, bank names looked up, refusals name the field, 担当+ only`, async () => {
  const taps = tapsWithoutMandate(ok(["bill", "list", "--cycle", demoCycle()]).trim().split("\n").map((l) => l.split("\t")[0]).reverse(), 1);
  const tap = taps[0];
  addUser(ctx, "etsuran-d", "viewer");
  const srv = await startServer(ctx);
  try {
    const c = new Client(srv.base);
    assert.equal((await c.login("tanto", DEMO)).status, 303);
    let r = await c.get(`/taps/${tap}/mandate`);
    assert.equal(r.status, 200);
    assert.match(r.text, /口座振替の登録はありません/);
    r = await c.get(`/taps/${tap}/mandate?bank=0001&branch=001`);
    assert.match(r.text, /id="bank-names"[^>]*>金融機関: 0001 みずほ（ミズホ）　支店: 001 東京営業部/);
    const form = { bank: "0001", branch: "999", account_type: "1", account: "2345678", holder: "ヤマダ タロウ", start_on: "2020-01-01" };
    // 「金融機関を確認」: names shown, the form kept, nothing saved.
    r = await c.post(`/taps/${tap}/mandate`, { ...form, branch: "001", lookup: "1", csrf: c.csrf });
    assert.equal(r.status, 200);
    assert.match(r.text, /支店: 001 東京営業部/);
    assert.match(r.text, /name="holder"[^>]*value="ヤマダ タロウ"|value="ヤマダ タロウ"[^>]*name="holder"/);
    assert.match(r.text, /口座振替の登録はありません/);
    r = await c.post(`/taps/${tap}/mandate`, { ...form, csrf: c.csrf });
    assert.equal(r.status, 400);
    assert.match(r.text, /金融機関コード 0001 の支店 999 は登録されていません/);
    assert.match(r.text, /name="branch"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="branch"/);
    r = await c.post(`/taps/${tap}/mandate`, { ...form, branch: "001", holder: "山田", csrf: c.csrf });
    assert.equal(r.status, 400);
    assert.match(r.text, /口座名義: カナに変換できない文字があります: 山/);
    r = await c.post(`/taps/${tap}/mandate`, { ...form, branch: "001", csrf: c.csrf });
    assert.equal(r.status, 303, r.text.slice(0, 400));
    r = await c.get(`/taps/${tap}/mandate`);
    assert.match(r.text, /登録中: 0001 みずほ 東京営業部支店 普通 \*\*\*\*678 名義 ﾔﾏﾀﾞ ﾀﾛｳ/);
    assert.ok(!r.text.includes("2345678"), "the account number is never shown whole");
    const v = new Client(srv.base);
    assert.equal((await v.login("etsuran-d")).status, 303);
    r = await v.get(`/taps/${tap}/mandate`);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes("****678"));
    assert.ok(!r.text.includes('name="account"'), "no form for a viewer");
    r = await v.post(`/taps/${tap}/mandate`, { ...form, branch: "001", csrf: v.csrf });
    assert.equal(r.status, 403);
  } finally {
    await stopServer(srv);
  }
});

// Every change above to a bill's status or paid amount kept the open-bill list
// (bill_open, which the debit request reads) in step with the bills.
test(`[${engine}] the open-bill list agrees with every bill and payment above`, () => {
  const d = openBillsDrift(ctx);
  assert.deepEqual({ missing: d.missing, extra: d.extra }, { missing: [], extra: [] });
  assert.ok(d.open > 0, "some bills are still open");
});

// The result imports above summed their allocations into allocation_days (the 収納統計) with the
// channel and cycle they had at hand, not looked up: the sums agree with the allocations.
test(`[${engine}] the 収納統計's day sums agree with the allocations the result imports wrote`, () => {
  const d = allocationDaysDrift(ctx);
  assert.deepEqual(d.differ, []);
  assert.ok(d.rows > 0, "the imports posted payments");
  const debit = Number(sql(ctx, "SELECT COALESCE(SUM(allocations), 0) FROM allocation_days WHERE channel = 'debit'"));
  assert.ok(debit > 0, "debit allocations are counted under their channel");
});
