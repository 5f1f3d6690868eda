// Direct debits of bills past their due date, posted with the month's result file a batch at a
// time (app_payment_post_exact_many_tx), write what posting them one by one writes: on a demo
// city whose clock is moved SHIFT days on after the 督促 (a fee of ¥100 per letter), the arrears
// of a dozen taps are requested and all go through; each bill's 延滞金 is what
// `suido arrears surcharge` computes for its sewer charge paid on the debit date (none under
// ¥1,000, nor without sewer), dated that day and owed by that debit's payment, and each letter's 督促手数料 is
// created once, by the first of its bills in the file (the order one by one would meet them).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, makeEnv, sql, suido } from "./lib.mjs";
import { records, resultFrom, smallBankMaster, tapsWithoutMandate, text, useCity } from "./debit_lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const SHIFT = 1500;   // days after the 督促: long enough for charges over ¥1,000
const RATES = join(ROOT, "surcharge", "tokurei.json");
let ctx;

const shifted = (days) => ({ ...ctx, env: { ...ctx.env, SUIDO_CLOCK_SHIFT_DAYS: String(days) } });
function ok(args, c = ctx) {
  const r = suido(c, args);
  assert.equal(r.code, 0, `suido ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
const rows = (t) => (t ? t.split("\n").map((l) => l.split("|")) : []);
function day(shift) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}

before(() => {
  ctx = makeEnv();
  const ini = join(ctx.dir, "suido.ini");
  writeFileSync(ini, [
    "[arrears]", "tokusoku_fee = 100", "late_charge_days = 20",
    "[debit]", "consignor_code = 9876543210", "consignor_name = サンキョウシ スイドウキョク",
    "bank = 0005", "bank_name = ミツビシユーエフジエイ", "branch = 001", "branch_name = ホンテン",
    "account_type = 1", "account = 7654321", "on_failure = retry", "",
  ].join("\n"));
  ctx.env.SUIDO_CONFIG = ini;
  ok(["demo", "--taps", "200", "--years", "1", "--seed", "21"]);
  ok(["arrears", "dunning", "--step", "tokusoku", "--as-of", day(0)]);
  ok(["bank", "import", "--from", smallBankMaster(ctx.dir)]);
  useCity(ctx);
});

after(() => ctx?.cleanup());

test(`[${engine}] past-due debits posted by the result file: each 延滞金 as computed one by one, each letter's fee once`, () => {
  // taps owing bills under a 督促 letter, with no mandate yet: a mandate each, then one request
  const owing = sql(ctx, "SELECT DISTINCT t.tap_no FROM bill_open o JOIN bills b ON b.id = o.bill_id"
    + " JOIN taps t ON t.id = b.tap_id JOIN notices n ON n.bill_id = b.id AND n.step = 'tokusoku'"
    + " ORDER BY t.tap_no").split("\n").filter(Boolean);
  let mandates = 0;
  for (const t of tapsWithoutMandate(owing, 40)) {
    if (mandates === 12) break;
    const r = suido(ctx, ["mandate", "add", "--tap", t, "--bank", "0001", "--branch", "001", "--type", "1",
                          "--account", "1234567", "--holder", "ｽｲﾄﾞｳ ﾀﾛｳ", "--from", "2020-01-01"]);
    if (r.code === 0) mandates++;
  }
  assert.ok(mandates >= 6, `${mandates} mandates`);
  const later = shifted(SHIFT);
  const debitOn = ok(["calendar", "business", day(SHIFT + 5)], later).trim();
  const req = join(ctx.dir, "req.txt");
  const batch = Number(ok(["debit", "export", "--date", debitOn, "--out", req], later).match(/依頼 (\d+)/)[1]);
  const bills = records(readFileSync(req)).slice(1, -2).map((r) => Number(text(r, 91, 20).slice(8)));
  const res = join(ctx.dir, "res.txt");
  writeFileSync(res, resultFrom(readFileSync(req), bills.map(() => "0")));
  ok(["debit", "import", res], shifted(SHIFT + 30));

  // every debit paid its bill; the payments are numbered in the file's order
  const paid = new Map(rows(sql(ctx, `SELECT bill_id, id, paid_on, status FROM payments WHERE ref LIKE 'B${batch}-%'`))
    .map(([b, id, on, st]) => [Number(b), { id: Number(id), on, st }]));
  assert.equal(paid.size, bills.length, "one payment per record");
  const ids = bills.map((b) => paid.get(b).id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), "payments in the file's order");
  const money = new Map(rows(sql(ctx, `SELECT id, sewer_yen, due_on FROM bills WHERE id IN (${bills.join(",")})`))
    .map(([id, sewer, due]) => [Number(id), { sewer, due }]));
  assert.ok(bills.every((b) => money.get(b).due < debitOn), "every bill requested was past due");

  let assessed = 0;
  for (const b of bills) {
    const { sewer, due } = money.get(b);
    const want = Number(sewer) > 0 ? JSON.parse(ok(["arrears", "surcharge", "--rates", RATES, "--principal", sewer,
                                                    "--due", due, "--payment", `${debitOn}:${sewer}`])) : { surcharge: 0 };
    const got = rows(sql(ctx, `SELECT service, amount, basis, assessed_on, payment_id, status FROM late_charges`
      + ` WHERE bill_id = ${b} AND kind = 'surcharge'`));
    if (want.surcharge < 1000) {
      assert.equal(got.length, 0, `bill ${b}: no 延滞金 under ¥1,000 (${want.surcharge})`);
      continue;
    }
    assessed++;
    assert.equal(got.length, 1, `bill ${b}: one 延滞金`);
    const [service, amount, basis, on, payment, status] = got[0];
    assert.deepEqual([service, Number(amount), on, Number(payment), status],
      ["sewer", want.surcharge, debitOn, paid.get(b).id, "open"], `bill ${b}`);
    assert.deepEqual(JSON.parse(basis), want, `bill ${b}: the basis is the CLI's computation`);
  }
  assert.ok(assessed >= 3, `${assessed} bills with a 延滞金`);

  // a letter's fee once, by the first of its bills in the file
  const letters = new Map();
  for (const [b, letter] of rows(sql(ctx, `SELECT bill_id, letter_id FROM notices WHERE step = 'tokusoku'`
    + ` AND bill_id IN (${bills.join(",")})`))) {
    const p = paid.get(Number(b)).id;
    letters.set(letter, Math.min(letters.get(letter) ?? Infinity, p));
  }
  assert.ok(letters.size >= mandates, `${letters.size} letters`);
  for (const [letter, first] of letters) {
    const fee = rows(sql(ctx, `SELECT amount, payment_id, assessed_on FROM late_charges WHERE kind = 'fee' AND letter_id = ${letter}`));
    assert.deepEqual(fee.map(([a, p, on]) => [Number(a), Number(p), on]), [[100, first, debitOn]], `letter ${letter}`);
  }
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM late_charges WHERE service = 'water'"), "0", "water's is off");
});
