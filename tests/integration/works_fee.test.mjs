// `suido works fee|fee-check` (docs/works-fee-format.md) run as the real binary:
// the JSON contract ("kanyukin", "fees" [{name, yen}], "total") on the shipped
// tables and on files given with --table, the switch to the next version on its
// effective date, bad input refused with exit 2 and the argument named, a bad
// table refused with its key named, and no database or key file touched.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeEnv, suido, ROOT } from "./lib.mjs";

const T2019 = join(ROOT, "works-fees", "sankyo-works-2019.json");
const T2027 = join(ROOT, "works-fees", "sankyo-works-2027.json");

function fee(ctx, args) {
  const r = suido(ctx, ["works", "fee", ...args]);
  assert.equal(r.code, 0, `suido works fee ${args.join(" ")}: ${r.stderr}`);
  assert.equal(r.stderr, "");
  return JSON.parse(r.stdout);
}

function refused(ctx, args, argument, says) {
  const r = suido(ctx, ["works", ...args]);
  assert.equal(r.code, 2, `suido works ${args.join(" ")} should be refused: ${r.stdout}`);
  assert.equal(r.stdout, "");
  assert.ok(r.stderr.includes(argument), `"${r.stderr}" does not name ${argument}`);
  if (says) assert.match(r.stderr, says);
}

test("the JSON breakdown: new 20 mm, remodel 13→20 mm (the difference), 特団 12 × 13 mm", () => {
  const ctx = makeEnv();
  const made = readdirSync(ctx.dir);   // the key a PostgreSQL template came with, else nothing
  try {
    const out = fee(ctx, ["--type", "new", "--diameter", "20", "--date", "2026-12-05"]);
    assert.deepEqual(out, {
      table: "sankyo-works-2019",
      table_name: "山峡市 給水装置工事 加入金・手数料（令和元年10月〜）",
      effective_from: "2019-10-01",
      date: "2026-12-05",
      type: "new",
      diameter: 20,
      old_diameter: null,
      dwellings: 1,
      prices_include_tax: true,
      tax_percent: 10,
      kanyukin: 110000,
      kanyukin_tax: 10000,
      kanyukin_due: "start",
      kanyukin_refundable: true,
      fees: [
        { code: "design", name: "設計審査手数料", yen: 2000, tax: 0, due: "approval", refundable: false },
        { code: "inspection", name: "完成検査手数料", yen: 3000, tax: 0, due: "start", refundable: true },
      ],
      total: 115000,
      tax: 10000,
    });
    assert.equal(out.total, out.kanyukin + out.fees.reduce((s, f) => s + f.yen, 0));

    const up = fee(ctx, ["--type=remodel", "--diameter=20", "--old-diameter=13", "--date=2026-12-05"]);
    assert.equal(up.kanyukin, 66000);
    assert.equal(up.old_diameter, 13);
    assert.equal(up.total, 71000);

    const block = fee(ctx, ["--type", "complex", "--diameter", "13", "--dwellings", "12", "--date", "2026-12-05"]);
    assert.equal(block.kanyukin, 528000);
    assert.deepEqual(block.fees.map((f) => [f.name, f.yen]), [["設計審査手数料", 2000], ["完成検査手数料", 36000]]);
    assert.equal(block.total, 566000);

    // without --date: today's version (the shipped 2019 table until 2027-03-31)
    const today = fee(ctx, ["--type", "removal", "--diameter", "20"]);
    assert.match(today.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(today.kanyukin, 0);
    assert.deepEqual(today.fees.map((f) => f.code), ["removal"]);

    // pure: nothing created where the database and the key file would be
    assert.deepEqual(readdirSync(ctx.dir), made);
  } finally {
    ctx.cleanup();
  }
});

test("--table: the version in force on the date, switching on the later one's effective date", () => {
  const ctx = makeEnv();
  try {
    const args = ["--type", "new", "--diameter", "13", "--table", T2027, "--table", T2019];
    const before = fee(ctx, [...args, "--date", "2027-03-31"]);
    assert.deepEqual([before.table, before.kanyukin, before.total], ["sankyo-works-2019", 44000, 49000]);
    const on = fee(ctx, [...args, "--date", "2027-04-01"]);
    assert.deepEqual([on.table, on.kanyukin, on.total], ["sankyo-works-2027", 49500, 55500]);
    // one version alone: a day before it is refused, naming --date
    refused(ctx, ["fee", "--type", "new", "--diameter", "13", "--table", T2027, "--date", "2027-03-31"], "--date",
      /効力のある料金表がありません/);
  } finally {
    ctx.cleanup();
  }
});

test("bad input: exit 2 naming the argument", () => {
  const ctx = makeEnv();
  try {
    const base = ["fee", "--date", "2026-12-05"];
    refused(ctx, [...base, "--diameter", "20"], "--type");
    refused(ctx, [...base, "--type", "repair", "--diameter", "20"], "--type", /指定値: repair/);
    refused(ctx, [...base, "--type", "new"], "--diameter");
    refused(ctx, [...base, "--type", "new", "--diameter", "16"], "--diameter", /口径 16 mm の加入金がありません/);
    refused(ctx, [...base, "--type", "remodel", "--diameter", "20"], "--old-diameter", /改造前の口径/);
    refused(ctx, [...base, "--type", "complex", "--diameter", "13"], "--dwellings", /戸数/);
    refused(ctx, [...base, "--type", "new", "--diameter", "20", "--diameter", "25"], "--diameter", /1回だけ/);
    refused(ctx, ["fee", "--type", "new", "--diameter", "20", "--date", "2026-02-30"], "--date");
    refused(ctx, [...base, "--type", "new", "--diameter", "20", "--colour", "red"], "--colour");
  } finally {
    ctx.cleanup();
  }
});

test("fee-check: the shipped tables pass; a bad table names its key; clashing versions are refused", () => {
  const ctx = makeEnv();
  try {
    const ok = suido(ctx, ["works", "fee-check", T2019, T2027]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, `${T2019}: OK (sankyo-works-2019, 2019-10-01, 9 diameters, 4 fees)\n` +
      `${T2027}: OK (sankyo-works-2027, 2027-04-01, 9 diameters, 4 fees)\n`);

    const table = JSON.parse(readFileSync(T2019, "utf8"));
    const bad = join(ctx.dir, "bad.json");
    table.kanyukin["20"] = "110000";
    writeFileSync(bad, JSON.stringify(table));
    const r = suido(ctx, ["works", "fee-check", bad]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, new RegExp(`^${bad}: kanyukin\\.20: 金額は0以上の整数`));
    // the same table given to fee: --table and the key
    refused(ctx, ["fee", "--type", "new", "--diameter", "13", "--table", bad], "--table", /kanyukin\.20: 金額は0以上の整数/);

    const twice = suido(ctx, ["works", "fee-check", T2019, T2019]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /id sankyo-works-2019 の料金表が2つあります/);
    assert.equal(suido(ctx, ["works", "fee-check"]).code, 2);
  } finally {
    ctx.cleanup();
  }
});
