// The holiday calendar against the reference list: `suido calendar holidays
// YEAR` for 1970–2050 must equal the npm package @holiday-jp/holiday_jp
// (dates and names), and business days skip weekends, holidays and 12/31–1/3.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { BIN } from "./lib.mjs";

const require = createRequire(import.meta.url);
const holidayJp = require("@holiday-jp/holiday_jp");

/** `suido calendar holidays FIRST [LAST]` as [date, name] pairs. */
function ours(...years) {
  const r = spawnSync(BIN, ["calendar", "holidays", ...years.map(String)], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").filter(Boolean).map((l) => l.split("\t"));
}

function iso(d) {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
}

test("holidays 1970–2050 equal @holiday-jp/holiday_jp, date by date and name by name", () => {
  const problems = [];
  let count = 0;
  // All 81 years in one process (a process a year cost a minute under ASan on a busy machine),
  // then taken apart by year; one year alone gives the same lines.
  const all = ours(1970, 2050);
  assert.deepEqual(ours(2026), all.filter(([d]) => d.startsWith("2026-")));
  for (let y = 1970; y <= 2050; y++) {
    const theirs = holidayJp.between(new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y, 11, 31)))
      .map((h) => [iso(h.date), h.name]);
    const mine = all.filter(([d]) => d.startsWith(`${y}-`));
    count += mine.length;
    const a = new Map(theirs), b = new Map(mine);
    for (const [d, n] of theirs) {
      const m = b.get(d);
      // A substitute day's prefix is the list's own convention (it names 2020-05-06 after
      // 憲法記念日 but 2015-05-06 after こどもの日): the day and "振替休日" must agree.
      const same = m === n || (n.endsWith("振替休日") && m?.endsWith("振替休日"));
      if (!same) problems.push(`${d}: reference ${n}, ours ${m ?? "none"}`);
    }
    for (const [d, n] of mine) if (!a.has(d)) problems.push(`${d}: ours ${n}, not in the reference`);
  }
  assert.deepEqual(problems, []);
  assert.ok(count > 1200, `${count} holidays`);
});

test("business days skip weekends, holidays and the bank closing days", () => {
  const next = (d, n) => spawnSync(BIN, ["calendar", "business", d, ...(n === undefined ? [] : [String(n)])], { encoding: "utf8" }).stdout.trim();
  assert.equal(next("2025-12-31"), "2026-01-05");
  assert.equal(next("2026-05-02"), "2026-05-07");
  assert.equal(next("2026-11-25"), "2026-11-25");
  assert.equal(next("2026-11-20", 1), "2026-11-24");
  const bad = spawnSync(BIN, ["calendar", "holidays", "1800"], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.equal(spawnSync(BIN, ["calendar", "holidays", "2026", "2025"], { encoding: "utf8" }).status, 2, "a range backwards");
});
