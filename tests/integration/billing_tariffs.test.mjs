// Billing (調定) in a city loaded without tariffs, split by days at a tariff change (日割り):
// a tap whose date has no tariff is skipped with the reason, never billed ¥0; another sewer
// volume (汚水量の認定: well water, a deduction); a revision inside a period priced by each version
// for its days.  (The rest of billing is in billing.test.mjs, on a city of its own.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, billsShown, demoCycle, makeEnv, sql, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";

test(`[${engine}] tariffs loaded by hand: a tap whose date has no tariff is skipped with the reason, never billed ¥0`, async () => {
  const own = makeEnv();
  // This city splits a tariff change inside a period by days (日割り).
  writeFileSync(join(own.dir, "suido.ini"), "[billing]\ntariff_change = days\n");
  own.env.SUIDO_CONFIG = join(own.dir, "suido.ini");
  try {
    const d = suido(own, ["demo", "--taps", "120", "--years", "1", "--seed", "4", "--no-tariffs"]);
    assert.equal(d.code, 0, d.stderr);
    const cyc = demoCycle(2);
    let r = suido(own, ["bill", "run", "--cycle", cyc]);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /調定 0 件/);
    assert.match(r.stdout, /料金表なし \d+ 件/);
    assert.match(suido(own, ["bill", "skips", "--cycle", cyc]).stdout, /no_tariff\t検針日 \S+ に有効な水道料金表がありません。/);
    assert.equal(suido(own, ["bill", "list", "--cycle", cyc]).stdout, "");
    // A broken file is refused with the key named; nothing is loaded.
    const bad = join(own.dir, "bad.json");
    writeFileSync(bad, readFileSync(join(ROOT, "tariffs", "sankyo-water-2019.json"), "utf8").replace('"yen_per_m3": "200"', '"yen_per_m3": "200.005"'));
    r = suido(own, ["tariff", "load", bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /classes\[0\]\.bands\[0\]\.yen_per_m3/);
    assert.equal(suido(own, ["tariff", "list"]).stdout, "");
    // Water only: taps whose sewer the utility charges still have no sewer tariff.
    r = suido(own, ["tariff", "load", join(ROOT, "tariffs", "sankyo-water-2019.json")]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(suido(own, ["tariff", "load", join(ROOT, "tariffs", "sankyo-water-2019.json")]).stdout.trim(),
                 "tariff sankyo-water-2019: already loaded (same content)");
    r = suido(own, ["bill", "run", "--cycle", cyc]);
    assert.equal(r.code, 3);
    assert.match(suido(own, ["bill", "skips", "--cycle", cyc]).stdout, /有効な下水道使用料表がありません/);
    const partial = suido(own, ["bill", "list", "--cycle", cyc]).stdout.trim().split("\n");
    assert.ok(partial.length > 0 && partial.every((l) => Number(l.split("\t")[3]) === 0), "only taps without a sewer charge");
    // Three of the taps still waiting for a sewer tariff get another sewer volume (汚水量の認定).
    const waiting = suido(own, ["bill", "skips", "--cycle", cyc]).stdout.trim().split("\n").map((l) => l.split("\t")[0]);
    assert.ok(waiting.length >= 3);
    const [well, deductLater, deducted] = waiting;
    assert.equal(suido(own, ["bill", "sewer", "--tap", well, "--basis", "well", "--persons", "0"]).code, 2);
    assert.equal(suido(own, ["bill", "sewer", "--tap", well, "--basis", "well", "--persons", "2"]).code, 0);
    assert.equal(suido(own, ["bill", "sewer", "--tap", deductLater, "--basis", "deduct"]).code, 0);
    assert.equal(suido(own, ["bill", "sewer", "--tap", deducted, "--basis", "deduct"]).code, 0);
    assert.equal(suido(own, ["bill", "deduct", "--tap", deducted, "--cycle", cyc, "--m3", "5"]).code, 0);
    r = suido(own, ["tariff", "load", join(ROOT, "tariffs", "sankyo-sewer-2019.json")]);
    assert.equal(r.code, 0, r.stderr);
    r = suido(own, ["bill", "run", "--cycle", cyc]);
    assert.equal(r.code, 3, "the deduction not yet entered is skipped");
    const skips = suido(own, ["bill", "skips", "--cycle", cyc]).stdout;
    assert.doesNotMatch(skips, /no_tariff/);
    assert.match(skips, new RegExp(`${deductLater}\tno_deduction\t減量認定の水栓ですが`));
    assert.equal(suido(own, ["bill", "deduct", "--tap", deductLater, "--cycle", cyc, "--m3", "1"]).code, 0);
    r = suido(own, ["bill", "run", "--cycle", cyc]);
    assert.doesNotMatch(suido(own, ["bill", "skips", "--cycle", cyc]).stdout, new RegExp(deductLater));
    const bill = (tap) => {
      const r2 = suido(own, ["bill", "show", "--tap", tap, "--cycle", cyc]);
      assert.equal(r2.code, 0, r2.stderr);
      return JSON.parse(r2.stdout);
    };
    const w = bill(well), dl = bill(deductLater), d2 = bill(deducted);
    // Well water adds 2 people × 8 m³ × the bill's months; a deduction takes its m³ off the water volume.
    assert.equal(w.sewer_usage, w.usage + 2 * 8 * w.months);
    assert.equal(d2.sewer_usage, Math.max(0, d2.usage - 5));
    assert.equal(dl.sewer_usage, Math.max(0, dl.usage - 1));
    const sewerGroup = (b) => b.lines.find((g) => g.svc === "sewer");
    assert.equal(sewerGroup(w).m3, w.sewer_usage, "the sewer charge is priced on the sewer volume");
    assert.equal(sewerGroup(d2).m3, d2.sewer_usage);
    const all = suido(own, ["bill", "list", "--cycle", cyc]).stdout.trim().split("\n");
    assert.ok(all.length > partial.length);
    assert.ok(all.every((l) => Number(l.split("\t")[4]) > 0), "no bill of ¥0");
    assert.match(suido(own, ["tariff", "list"]).stdout, /\*\twater\t2019-10-01\tsankyo-water-2019/);

    // A revision taking effect on the first day of the next cycle: bills whose period crosses it
    // are priced by each version for its days (日割り), and the lines show both.
    const next = demoCycle(1), eff = `${next}-01`;
    const revised = JSON.parse(readFileSync(join(ROOT, "tariffs", "sankyo-water-2019.json"), "utf8"));
    revised.id = "sankyo-water-revised";
    revised.name = "山峡市 水道料金（改定）";
    revised.effective_from = eff;
    for (const c of revised.classes) for (const b of c.bands) b.yen_per_m3 = String(Number(b.yen_per_m3) * 2);
    const revFile = join(own.dir, "revised.json");
    writeFileSync(revFile, JSON.stringify(revised));
    assert.equal(suido(own, ["tariff", "load", revFile]).code, 0);
    r = suido(own, ["bill", "run", "--cycle", next]);
    assert.ok(r.code === 0 || r.code === 3, r.stderr);
    const rows2 = suido(own, ["bill", "list", "--cycle", next]).stdout.trim().split("\n").map((l) => l.split("\t"));
    const dayNo = (iso) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86400000;
    let split = 0;
    const sample = rows2.filter((x) => Number(x[1]) > 25).slice(0, 15);
    // their bills, 16 a command: the ids by tap, then `suido bill show`
    const idOf = new Map(sql(own, `SELECT t.tap_no, b.id FROM bills b JOIN taps t ON t.id = b.tap_id WHERE b.cycle = '${next}'`
      + ` AND b.status = 'current' AND t.tap_no IN (${sample.map(([tap]) => `'${Number(tap)}'`).join(", ")})`)
      .split("\n").map((l) => l.split("|")));
    const shown = billsShown(own, sample.map(([tap]) => idOf.get(tap)));
    const quotes = new Map();   // the same tariff, use, diameter, volume and months: quoted once
    for (const [tap, usage] of sample) {
      const b = shown.get(Number(idOf.get(tap)));
      assert.equal(b.tap_no, tap);
      const groups = b.lines.filter((g) => g.svc === "water" && g.tariff);
      if (b.period_from >= eff || groups.some((g) => g.days)) continue;   // not crossing, or a partial period
      assert.equal(groups.length, 2, `${tap}: one group per version`);
      const q = (file) => {
        const args = ["tariff", "quote", "--tariff", file, "--use", b.use, "--diameter", String(b.diameter), "--usage", usage,
                      "--months", String(b.months)];
        if (!quotes.has(args.join(" "))) quotes.set(args.join(" "), JSON.parse(suido(own, args).stdout).total);
        return quotes.get(args.join(" "));
      };
      const newDays = dayNo(b.period_to) - dayNo(eff) + 1, allDays = dayNo(b.period_to) - dayNo(b.period_from);
      const oldYen = q(join(ROOT, "tariffs", "sankyo-water-2019.json")), newYen = q(revFile);
      assert.equal(groups[0].share_days, allDays - newDays);
      assert.equal(groups[1].share_days, newDays);
      assert.equal(b.water_yen, Math.floor((oldYen * (allDays - newDays) + newYen * newDays) / allDays), tap);
      split++;
    }
    assert.ok(split >= 5, `bills split by days: ${split}`);
  } finally {
    own.cleanup();
  }
});
