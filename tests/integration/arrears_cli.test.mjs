// `suido arrears surcharge|limitation` (docs/arrears.md) run as the real binary:
// the worked example's JSON with the shipped rates file, partial payments given
// out of order, limitation JSON for both services, bad input refused with exit 2
// and a message naming the argument, and no database or key file touched.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeEnv, suido, ROOT } from "./lib.mjs";

const RATES = join(ROOT, "surcharge", "tokurei.json");

function run(ctx, args) {
  const r = suido(ctx, ["arrears", ...args]);
  return r;
}

function json(ctx, args) {
  const r = run(ctx, args);
  assert.equal(r.code, 0, `suido arrears ${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test("the worked example of docs/arrears.md: ¥150,000 due 2023-11-30 paid 2026-02-10 → ¥27,900", () => {
  const ctx = makeEnv();
  const made = readdirSync(ctx.dir);   // the key a PostgreSQL template came with, else nothing
  try {
    const out = json(ctx, ["surcharge", "--rates", RATES, "--principal", "150000", "--due", "2023-11-30",
      "--payment", "2026-02-10:150000"]);
    assert.deepEqual(out, {
      surcharge: 27900,
      parts: [
        { from: "2023-12-01", to: "2023-12-31", base: 150000, rate: "2.4", days: 31, yen: 305 },
        { from: "2024-01-01", to: "2024-12-31", base: 150000, rate: "8.7", days: 366, yen: 13085 },
        { from: "2025-01-01", to: "2025-12-31", base: 150000, rate: "8.7", days: 365, yen: 13050 },
        { from: "2026-01-01", to: "2026-02-10", base: 150000, rate: "9.1", days: 41, yen: 1533 },
      ],
    });
    assert.equal(out.parts.reduce((s, p) => s + p.yen, 0), 27973);
    // pure: nothing created where the database and the key file would be
    assert.deepEqual(readdirSync(ctx.dir), made);
  } finally {
    ctx.cleanup();
  }
});

test("partial payments in any order lower the base from the next day; under ¥2,000 nothing runs", () => {
  const ctx = makeEnv();
  try {
    const out = json(ctx, ["surcharge", "--rates", RATES, "--principal", "250500", "--due", "2024-05-31",
      "--payment", "2024-08-10:149000", "--payment=2024-12-20:1500", "--payment", "2024-06-20:100000"]);
    assert.deepEqual(out.parts.map((p) => [p.from, p.to, p.base, p.rate, p.days, p.yen]), [
      ["2024-06-01", "2024-06-20", 250000, "2.4", 20, 328],
      ["2024-06-21", "2024-06-30", 150000, "2.4", 10, 98],
      ["2024-07-01", "2024-08-10", 150000, "8.7", 41, 1465],
    ]);
    assert.equal(out.surcharge, 1800);
    // paid on the due date: not late
    const on = json(ctx, ["surcharge", "--rates", RATES, "--principal", "150000", "--due", "2023-11-30",
      "--payment", "2023-11-30:150000"]);
    assert.deepEqual(on, { surcharge: 0, parts: [] });
  } finally {
    ctx.cleanup();
  }
});

test("limitation: regimes, 29 February, renewals and ignored events as JSON", () => {
  const ctx = makeEnv();
  try {
    const lim = (...a) => json(ctx, ["limitation", ...a]);
    assert.deepEqual(lim("--service", "water", "--read-on", "2020-03-31", "--due", "2020-04-30"),
      { barred_from: "2022-05-01", needs_invocation: true, years: 2, events: [] });
    assert.deepEqual(lim("--service", "water", "--read-on", "2020-04-01", "--due", "2020-04-30"),
      { barred_from: "2025-05-01", needs_invocation: true, years: 5, events: [] });
    assert.equal(lim("--service", "sewer", "--read-on", "2024-02-10", "--due", "2024-02-28").barred_from, "2029-03-01");

    const sewer = lim("--service", "sewer", "--read-on", "2023-10-20", "--due", "2023-11-30",
      "--dunning-deadline", "2024-02-15", "--dunning-deadline", "2023-12-25", "--ack", "2035-01-01");
    assert.equal(sewer.barred_from, "2028-12-26");
    assert.equal(sewer.needs_invocation, false);
    assert.deepEqual(sewer.events.map((e) => [e.kind, e.date, e.effect, e.barred_from]), [
      ["dunning", "2023-12-25", "renewed", "2028-12-26"],
      ["dunning", "2024-02-15", "not_first_dunning", "2028-12-26"],
      ["ack", "2035-01-01", "barred", "2028-12-26"],
    ]);
    assert.equal(sewer.events[0].why, undefined);
    assert.match(sewer.events[1].why, /最初の督促/);
    assert.match(sewer.events[2].why, /時効の完成後/);

    // a water claim of the old law renewed by an instalment pledge keeps its 2 years
    const water = lim("--service", "water", "--read-on", "2019-05-10", "--due", "2019-05-31", "--ack", "2021-05-10",
      "--dunning-deadline", "2019-06-20");
    assert.equal(water.years, 2);
    assert.equal(water.barred_from, "2023-05-11");
    assert.deepEqual(water.events.map((e) => e.effect), ["private_claim", "renewed"]);
  } finally {
    ctx.cleanup();
  }
});

test("bad input exits 2 with a message naming the argument", () => {
  const ctx = makeEnv();
  const made = readdirSync(ctx.dir);   // the key a PostgreSQL template came with, else nothing
  try {
    const S = ["surcharge", "--rates", RATES, "--principal", "150000"];
    const L = ["limitation", "--service", "sewer", "--read-on", "2023-10-20"];
    const bad = join(ctx.dir, "bad-rates.json");
    writeFileSync(bad, JSON.stringify({ format: "suido-surcharge/1", name: "x", periods: [
      { from: "2022-01-01", first: "2.4", after: "8.7" }, { from: "2023-01-01", first: "2.4", after: "8.7" },
      { from: "2024-01-01", first: 2.4, after: "8.7" }] }));
    const cases = [
      [[...S, "--due", "2023-11-31", "--payment", "2026-02-10:150000"], /--due/],
      [[...S, "--due", "20231130", "--payment", "2026-02-10:150000"], /--due/],
      [[...S, "--payment", "2026-02-10:150000"], /--due/],
      [[...S, "--due", "2023-11-30", "--payment", "2026-02-30:150000"], /--payment の日付/],
      [[...S, "--due", "2023-11-30", "--payment", "2026-02-10:15万"], /--payment の金額/],
      [[...S, "--due", "2023-11-30", "--payment", "2026-02-10:0"], /--payment の金額/],
      [[...S, "--due", "2023-11-30", "--payment", "2026-02-10"], /--payment/],
      [[...S, "--due", "2023-11-30"], /--payment/],
      [["surcharge", "--rates", RATES, "--principal", "1,500", "--due", "2023-11-30", "--payment", "2026-02-10:1"], /--principal/],
      [["surcharge", "--principal", "150000", "--due", "2023-11-30", "--payment", "2026-02-10:1"], /--rates/],
      [[...S, "--due", "2023-11-30", "--payment", "2026-02-10:1", "--interest", "5"], /--interest/],
      [[...S, "--due", "2012-11-30", "--payment", "2026-02-10:1"], /--rates.*2014-01-01/],
      [["surcharge", "--rates", bad, "--principal", "1", "--due", "2023-11-30", "--payment", "2026-02-10:1"],
        /--rates.*periods\[2\]\.first/],
      [["surcharge", "--rates", join(ctx.dir, "none.json"), "--principal", "1", "--due", "2023-11-30",
        "--payment", "2026-02-10:1"], /--rates/],
      [["limitation", "--service", "gas", "--read-on", "2023-10-20", "--due", "2023-11-30"], /--service/],
      [[...L, "--due", "2023-02-29"], /--due/],
      [["limitation", "--service", "sewer", "--due", "2023-11-30"], /--read-on/],
      [[...L, "--due", "2023-11-30", "--ack", "2024/1/5"], /--ack/],
      [[...L, "--due", "2023-11-30", "--dunning-deadline", "2023-11-15"], /--dunning-deadline/],
      [[...L, "--due", "2023-09-30"], /--read-on/],
      [[...L, "--due", "2023-11-30", "--years", "10"], /--years/],
      [[...S, "--due", "2023-11-30", "--due", "2023-12-31", "--payment", "2026-02-10:1"], /--due は1回/],
      [[...L, "--due", "2023-11-30", "--service", "water"], /--service は1回/],
    ];
    for (const [args, re] of cases) {
      const r = run(ctx, args);
      assert.equal(r.code, 2, `${args.join(" ")}: expected exit 2, got ${r.code} (${r.stdout})`);
      assert.equal(r.stdout, "", args.join(" "));
      assert.match(r.stderr, re, args.join(" "));
      assert.match(r.stderr, /[ぁ-んァ-ヶ一-龯]/, `a Japanese message: ${r.stderr}`);
    }
    assert.deepEqual(readdirSync(ctx.dir), [...made, "bad-rates.json"].sort());
  } finally {
    ctx.cleanup();
  }
});

test("the shipped rates follow the rule: first = min(7.3, 基準+1), after = min(14.6, 基準+7.3)", () => {
  const file = JSON.parse(readFileSync(RATES, "utf8"));
  assert.equal(file.format, "suido-surcharge/1");
  const tenths = (s) => Math.round(Number(s) * 10);
  let year = 2014;
  for (const p of file.periods) {
    assert.equal(p.from, `${year++}-01-01`);
    const base = tenths(p.note.match(/([\d.]+)%$/)[1]);
    assert.equal(tenths(p.first), Math.min(73, base + 10), p.from);
    assert.equal(tenths(p.after), Math.min(146, base + 73), p.from);
  }
  assert.equal(year, 2027);
});
