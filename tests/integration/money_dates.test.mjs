// Money is never dated in the future (issue 13, finding 12): a payment's date
// may not be after today in Japan, whether keyed by hand (`payment post
// --paid-on`), read from an agent's or a card company's file, or posted by a
// bank's debit result — and a debit result cannot be read before its debit
// date.  Each refusal names the field and the date; nothing is posted.
// Runs on SQLite, or on PostgreSQL when SUIDO_TEST_DB is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, demoCycle, makeEnv, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx;
const slips = [];
let next = 0;

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
const ymd = (d) => d.replaceAll("-", "");
function ok(args, env = ctx) {
  const r = suido(env, args);
  assert.equal(r.code, 0, `suido ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
function slip() {
  assert.ok(next < slips.length, "enough slips");
  return slips[next++];
}
function balance(s) {
  return JSON.parse(ok(["bill", "show", String(s.bill)])).balance_yen;
}
function paymentsOf(tap) {
  return JSON.parse(ok(["payment", "account", "--tap", tap])).payments;
}
function file(name, text) {
  const p = join(ctx.dir, name);
  writeFileSync(p, text);
  return p;
}

before(() => {
  ctx = makeEnv();
  const conf = join(ctx.dir, "suido.ini");
  writeFileSync(conf, [
    "[debit]", "consignor_code = 9876543210", "consignor_name = サンキョウシ スイドウキョク",
    "bank = 0005", "bank_name = ミツビシユーエフジエイ", "branch = 001", "branch_name = ホンテン",
    "account_type = 1", "account = 7654321", "on_failure = retry", "",
  ].join("\n"));
  ctx.env.SUIDO_CONFIG = conf;
  const d = suido(ctx, ["demo", "--taps", "200", "--years", "1", "--seed", "13", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  ok(["bank", "import", "--from", join(ROOT, "node_modules/zengin-code")]);
  const csv = join(ctx.dir, "slips.csv");
  ok(["slip", "--cycle", demoCycle(1), "--csv", csv, "--encoding", "utf8"]);
  const seen = new Set();
  for (const l of readFileSync(csv, "utf8").trim().split(/\r?\n/).slice(1)) {
    const f = l.split(",");
    const code = f[f.length - 1];
    if (seen.has(f[0])) continue;
    seen.add(f[0]);
    slips.push({ tap: f[0], amount: Number(f[14]), code, bill: Number(code.slice(16, 29)) });
  }
});

after(() => ctx?.cleanup());

test(`[${engine}] payment post: a paid date a year ahead is refused naming 収納日 and the date; today is accepted`, () => {
  const s = slip();
  const ahead = addDays(jstToday(), 365);
  const r = suido(ctx, ["payment", "post", "--bill", String(s.bill), "--amount", "1000", "--channel", "counter",
                        "--paid-on", ahead, "--ref", `F-${s.bill}`]);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, new RegExp(`収納日 ${ahead} は本日（${jstToday()}）より後の日付です`));
  assert.equal(balance(s), s.amount, "nothing posted");
  assert.equal(paymentsOf(s.tap).length, 0);
  ok(["payment", "post", "--bill", String(s.bill), "--amount", "1000", "--channel", "counter",
      "--paid-on", jstToday(), "--ref", `T-${s.bill}`]);
  assert.equal(balance(s), s.amount - 1000, "today's payment is posted");
});

test(`[${engine}] an agent's file with a payment dated tomorrow is refused whole, naming 収納日`, () => {
  const s = slip(), t = slip();
  const rec = (x, on) => `02,${ymd(on)},1423,EAN${x.code},,,0,${x.amount},0001,ファミリーマート,123456,,${ymd(on)}\r\n`;
  const p = file("agent-future.csv", rec(s, jstToday()) + rec(t, addDays(jstToday(), 1)));
  const r = suido(ctx, ["payment", "import", p]);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /収納日/);
  assert.ok(r.stderr.includes(addDays(jstToday(), 1)), r.stderr);
  assert.equal(balance(s), s.amount, "nothing posted, not even the good line");
  assert.equal(balance(t), t.amount);
});

test(`[${engine}] an agent's flash report (速報) dated tomorrow is refused too; the bill is not marked`, () => {
  const s = slip();
  const on = addDays(jstToday(), 1);
  const p = file("agent-flash-future.csv", `01,${ymd(on)},1423,EAN${s.code},,,0,${s.amount},0001,ファミリーマート,123456,,${ymd(on)}\r\n`);
  const r = suido(ctx, ["payment", "import", p]);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /収納日/);
  assert.equal(JSON.parse(ok(["payment", "account", "--tap", s.tap])).pending, 0, "not paid-pending");
});

test(`[${engine}] a card company's sale dated next month is refused, naming 収納日`, () => {
  const s = slip();
  const on = addDays(jstToday(), 31);
  const p = file("card-future.csv", "売上日,水栓番号,調定番号,金額,承認番号,結果,エラーコード\r\n" +
    `${ymd(on)},${s.tap},${s.bill},${s.amount},AF${s.bill},OK,\r\n`);
  const r = suido(ctx, ["payment", "card", p]);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /収納日/);
  assert.equal(balance(s), s.amount, "nothing posted");
});

/** A bank's result for a request: every record debited (code 0), the trailer to match. */
function allDebited(req) {
  const recs = [];
  for (let i = 0; i < req.length; i += 122) recs.push(Buffer.from(req.subarray(i, i + 120)));
  let n = 0, amount = 0;
  for (let i = 1; i < recs.length - 2; i++) {
    recs[i][111] = "0".charCodeAt(0);
    n++;
    amount += Number(recs[i].subarray(80, 90).toString("latin1"));
  }
  recs[recs.length - 2].write(`${String(n).padStart(6, "0")}${String(amount).padStart(12, "0")}${"0".repeat(18)}`, 19, "latin1");
  return Buffer.concat(recs.flatMap((r) => [r, Buffer.from("\r\n")]));
}

test(`[${engine}] a debit result read before its debit date is refused naming 引落日; on the day it is posted`, () => {
  const taps = slips.slice(next, next + 40).map((s) => s.tap);
  next += 40;
  let added = 0;
  for (const t of taps) {
    if (added === 3) break;
    if (!ok(["mandate", "list", "--tap", t]).includes("口座振替の登録はありません")) continue;
    const r = suido(ctx, ["mandate", "add", "--tap", t, "--bank", "0001", "--branch", "001", "--type", "1",
                          "--account", "1234567", "--holder", "ｽｲﾄﾞｳ ﾊﾅｺ", "--from", "2020-01-01"]);
    if (r.code === 0) added++;
  }
  assert.ok(added > 0, "a tap to debit");
  const day = ok(["calendar", "business", addDays(jstToday(), 16)]).trim();
  const reqPath = join(ctx.dir, "req.txt");
  ok(["debit", "export", "--date", day, "--out", reqPath]);
  const res = file("res.txt", allDebited(readFileSync(reqPath)));
  const count = () => ok(["payment", "list", "--date", day]).trim().split("\n").filter((l) => l && !l.startsWith("#")).length;
  const before0 = count();
  const r = suido(ctx, ["debit", "import", res]);
  assert.notEqual(r.code, 0, r.stdout);
  assert.ok(r.stderr.includes(`引落日 ${day} より前に結果ファイルは取り込めません`), r.stderr);
  assert.equal(count(), before0, "nothing posted");
  // The same file once the debit date has come (the clock moved on for this command only).
  const days = Math.round((Date.parse(day) - Date.parse(jstToday())) / 86400000);
  const later = { ...ctx, env: { ...ctx.env, SUIDO_CLOCK_SHIFT_DAYS: String(days) } };
  const out = ok(["debit", "import", res], later);
  assert.match(out, /振替済 \d+ 件/);
  assert.ok(count() > before0, "posted on the debit date");
});
