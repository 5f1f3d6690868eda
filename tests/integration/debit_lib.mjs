// Helpers of the direct-debit (口座振替) tests, debit.test.mjs and debit_batch.test.mjs:
// a city with the utility's [debit] settings, the `suido` command with the clock moved on where
// money is dated, the Zengin 91 records of a request or result file, and a bank's result built
// from a request.  The commands run on the city given to useCity (one per test file at a time).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, billsShown as billsShownOn, makeEnv, sql, suido as suidoNow } from "./lib.mjs";

export const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
export const ZENGIN = join(ROOT, "node_modules/zengin-code");
export const CODES = ["0", "1", "2", "3", "4", "8", "9"];
export const MEANING = {
  0: "振替済", 1: "資金不足", 2: "取引なし", 3: "預金者の都合による振替停止",
  4: "預金口座振替依頼書なし", 8: "委託者の都合による振替停止", 9: "その他",
};
export const DEMO = "suido-demo-2025";
const sjis = new TextDecoder("shift_jis");
/** A bank's result comes back on or after the debit date, and money is never dated ahead of today:
 *  results are read, and payments keyed for the debit date, with the clock moved 60 days on. */
export const later = (c) => ({ ...c, env: { ...c.env, SUIDO_CLOCK_SHIFT_DAYS: "60" } });
export function suido(c, args, input = "") {
  const ahead = (args[0] === "debit" && args[1] === "import") || (args[0] === "payment" && args[1] === "post");
  return suidoNow(ahead ? later(c) : c, args, input);
}

let city = null;
/** The city the helpers below run their commands on. */
export function useCity(c) { city = c; }

export function ok(args, input = "") {
  const r = suido(city, args, input);
  assert.equal(r.code, 0, `suido ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** Taps without a mandate yet (the demo registers one for every tap that pays by debit), in list
 *  order.  One query for the taps with any mandate (a `suido mandate list` per tap cost a process each). */
export function tapsWithoutMandate(list, want) {
  const has = new Set(sql(city, "SELECT DISTINCT t.tap_no FROM mandates m JOIN taps t ON t.id = m.tap_id").split("\n"));
  return list.filter((t) => !has.has(t)).slice(0, want);
}
/** Taps with a mandate in force (status active), as `suido mandate list` marks them. */
export function tapsWithActiveMandate() {
  return new Set(sql(city, "SELECT DISTINCT t.tap_no FROM mandates m JOIN taps t ON t.id = m.tap_id"
    + " WHERE m.status = 'active'").split("\n").filter(Boolean));
}
/** The ids of the current bills of these taps in a cycle, one per tap. */
export function billIdsOf(taps, cycle) {
  assert.ok(taps.every((t) => /^\d+$/.test(t)) && /^\d{4}-\d{2}$/.test(cycle));
  const ids = sql(city, `SELECT b.id FROM bills b JOIN taps t ON t.id = b.tap_id WHERE b.cycle = '${cycle}'`
    + ` AND b.status = 'current' AND t.tap_no IN (${taps.map((t) => `'${t}'`).join(", ")})`);
  return ids ? ids.split("\n").map(Number) : [];
}
/** Bills by id (`suido bill show` 16 at a time): a Map id → bill. */
export function billsShown(ids) {
  return billsShownOn(city, ids);
}

export function businessDay(d) {
  return ok(["calendar", "business", d]).trim();
}

export function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** The file as 120-byte records, checking every line end is CR LF. */
export function records(buf) {
  assert.equal(buf.length % 122, 0, "every record is 120 bytes + CR LF");
  const out = [];
  for (let i = 0; i < buf.length; i += 122) {
    assert.equal(buf[i + 120], 0x0d, `line ${i / 122 + 1}: CR`);
    assert.equal(buf[i + 121], 0x0a, `line ${i / 122 + 1}: LF`);
    out.push(buf.subarray(i, i + 120));
  }
  return out;
}

export const text = (rec, from, len) => sjis.decode(rec.subarray(from, from + len));
export const num = (rec, from, len) => {
  const s = rec.subarray(from, from + len).toString("latin1");
  assert.match(s, new RegExp(`^\\d{${len}}$`), `N field at ${from + 1}..${from + len} is zero-filled digits`);
  return Number(s);
};

/** A bank's result built from a request: codes[i] for data record i, the trailer split to match. */
export function resultFrom(req, codes, { badSum = false } = {}) {
  const recs = records(req).map((r) => Buffer.from(r));
  let dn = 0, da = 0, fn = 0, fa = 0;
  for (let i = 1; i < recs.length - 2; i++) {
    const c = codes[i - 1];
    recs[i][111] = c.charCodeAt(0);
    const a = Number(recs[i].subarray(80, 90).toString("latin1"));
    if (c === "0") { dn++; da += a; } else { fn++; fa += a; }
  }
  const t = recs[recs.length - 2];
  if (badSum) t.write(String(Number(t.subarray(7, 19).toString("latin1")) + 1).padStart(12, "0"), 7, "latin1");
  t.write(`${String(dn).padStart(6, "0")}${String(da).padStart(12, "0")}${String(fn).padStart(6, "0")}${String(fa).padStart(12, "0")}`, 19, "latin1");
  return Buffer.concat(recs.flatMap((r) => [r, Buffer.from("\r\n")]));
}

/** `suido payment list --date DAY`: its rows, split into fields. */
export function paymentRows(day) {
  return ok(["payment", "list", "--date", day]).trim().split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split("\t"));
}
export function paymentLines(day) {
  return paymentRows(day).length;
}

/** zengin-code's data: { bank code: { name, kana, branches: { code: { name, kana } } } }. */
export function zenginData() {
  return JSON.parse(readFileSync(join(ZENGIN, "lib/zengin-data.js"), "utf8").replace(/^[^{]*/, "").replace(/;\s*$/, ""));
}
/** A bank master of two banks with their branch 001 (0001 and 0005, the ones the mandates of these
 *  tests and the [debit] settings use), written under dir in zengin-code's layout: what a test needs
 *  of the master, for a fraction of the whole one's import (30,000 rows, seconds on PostgreSQL). */
export function smallBankMaster(dir) {
  const data = zenginData();
  const pick = (code) => ({ ...data[code], branches: { "001": data[code].branches["001"] } });
  const out = join(dir, "zengin-small");
  mkdirSync(join(out, "lib"), { recursive: true });
  writeFileSync(join(out, "lib/zengin-data.js"), `module.exports = ${JSON.stringify({ "0001": pick("0001"), "0005": pick("0005") })};\n`);
  return out;
}

/** A fresh environment with the utility's [debit] settings and a demo city (demo's arguments). */
export function debitCity(demoArgs) {
  const env = makeEnv();
  const conf = join(env.dir, "suido.ini");
  writeFileSync(conf, [
    "[debit]",
    "consignor_code = 9876543210",
    "consignor_name = サンキョウシ スイドウキョク",
    "bank = 0005", "bank_name = ミツビシユーエフジエイ", "branch = 001", "branch_name = ホンテン",
    "account_type = 1", "account = 7654321", "on_failure = retry", "",
  ].join("\n"));
  env.env.SUIDO_CONFIG = conf;
  const r = suido(env, ["demo", ...demoArgs]);
  assert.equal(r.code, 0, r.stderr);
  return env;
}
