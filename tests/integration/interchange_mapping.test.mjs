// A legacy export through a mapping (issue 20): `suido import DIR --mapping
// FILE` reads a fixed-width CP932 export with 和暦 dates (the synthetic data
// set of legacy_fixed.mjs, through examples/legacy-fixed/mapping.ini),
// converts it as the importer reads it (a piece at a time: an error deep in a
// file of megabytes names its line) and imports it; each run — dry run, import or a
// refusal — is kept with its review report (移行結果確認表), whose counts,
// money per fiscal year and control totals are checked here against the
// generator's own sums, on the 管理 → データ移行 screen, as PDF and XLSX.
// Broken legacy files (a bad 和暦 date, a field past the line's end, a code
// missing from a code table, a control total unlike what was read) are
// refused naming the legacy file, its line, the column and the mapping key,
// and nothing is stored.  SQLite by default; PostgreSQL when SUIDO_TEST_DB is set.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, ROOT, addUser, makeEnv, sql, startServer, stopServer, suido, xlsxCells } from "./lib.mjs";
import { legacyFixed } from "./legacy_fixed.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const MAPPING = join(ROOT, "examples/legacy-fixed/mapping.ini");
const work = mkdtempSync(join(tmpdir(), "suido-icm-"));
const envs = [];

function fresh() {
  const c = makeEnv();
  envs.push(c);
  return c;
}

after(() => {
  for (const c of envs) c.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** The review report's items of run id: [section, file, fy, name, legacy, loaded, differs] rows. */
function items(ctx, id) {
  const out = sql(ctx, `SELECT section, file, fy, name, legacy, loaded, differs FROM import_run_items WHERE run_id = ${id} ORDER BY seq`);
  return out ? out.split("\n").map((l) => l.split("|")) : [];
}

function assertNothingStored(ctx) {
  for (const t of ["users", "areas", "taps", "customers", "readings", "bills", "audit_log"])
    assert.equal(sql(ctx, `SELECT COUNT(*) FROM ${t}`), "0", `${t} empty`);
}

test(`[${engine}] a fixed-width CP932 legacy export with 和暦 dates is imported through the example mapping, with its review report`, async () => {
  const dir = join(work, "legacy");
  const want = legacyFixed(dir);
  const ctx = fresh();
  // a dry run checks everything, stores nothing but its record
  let r = suido(ctx, ["import", dir, "--mapping", MAPPING, "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /checked \(dry run, nothing stored\) \d+ rows/);
  assertNothingStored(ctx);
  assert.equal(sql(ctx, "SELECT kind, result, rows_read, errors FROM import_runs"), "dry-run|ok|126|0");

  const xlsx = join(work, "review.xlsx");
  r = suido(ctx, ["import", dir, "--mapping", MAPPING, "--report", xlsx]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^imported 126 rows/);
  const run = sql(ctx, "SELECT MAX(id) FROM import_runs");
  assert.match(r.stderr, new RegExp(`移行結果確認表: 実行 No\\.${run}`));

  // what was loaded
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM taps"), String(want.taps));
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM customers"), String(want.customers));
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM readings"), String(want.readings));
  assert.equal(sql(ctx, "SELECT COUNT(*), SUM(water_yen), SUM(sewer_yen), SUM(tax_yen), SUM(total_yen) FROM bills"),
    [want.bills, want.water_yen, want.sewer_yen, want.tax_yen, want.total_yen].join("|"));
  // 和暦 dates of three eras, legacy codes through the code table, implied decimals dropped
  const first = want.firstTap;
  assert.equal(sql(ctx, `SELECT o.start_on, t.use_code, t.diameter FROM occupancies o JOIN taps t ON t.id = o.tap_id WHERE t.tap_no = '${first.tap}'`),
    "1988-03-15|household|13");
  assert.equal(sql(ctx, "SELECT MIN(o.start_on) FROM occupancies o JOIN taps t ON t.id = o.tap_id WHERE t.tap_no = '20000002'"), "1993-04-01");
  assert.equal(sql(ctx, "SELECT cycle, read_on, value FROM readings r JOIN taps t ON t.id = r.tap_id"
    + ` WHERE t.tap_no = '${first.tap}' ORDER BY cycle DESC LIMIT 1`), `2025-04|2025-04-05|${first.lastValue}`);
  // legacy bills are kept as they were, marked as imported (never recalculated by a billing run)
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM bills b JOIN bill_runs r ON r.id = b.run_id WHERE r.status = 'imported'"),
    String(want.bills));
  // personal data sealed: the names (CP932 in the legacy files) are in no database file
  assert.match(sql(ctx, `SELECT c.name_enc FROM customers c WHERE c.id = ${Number(first.cust)}`), /^k1:/);
  if (!ctx.pg) {
    const files = readdirSync(ctx.dir).filter((f) => f.startsWith("suido.db"));
    for (const f of files)
      for (const name of [first.name, want.names[1]])
        assert.ok(!readFileSync(join(ctx.dir, f)).includes(Buffer.from(name, "utf8")), `${name} not in ${f}`);
  }

  // the review report: counts and money per fiscal year, control totals against the generator's sums
  const it = items(ctx, run);
  const count = (file, fy, name) => it.find((x) => x[0] === "count" && x[1] === file && x[2] === String(fy) && x[3] === name)?.[5];
  for (const fy of Object.keys(want.byFy)) {
    assert.equal(count("bills.csv", fy, "rows"), String(want.byFy[fy].bills), `bills FY${fy}`);
    assert.equal(count("bills.csv", fy, "total_yen"), String(want.byFy[fy].total_yen), `bills total FY${fy}`);
    assert.equal(count("readings.csv", fy, "rows"), String(want.byFy[fy].readings), `readings FY${fy}`);
  }
  assert.equal(count("taps.csv", 0, "rows"), String(want.taps));
  const control = (file, name) => it.find((x) => x[0] === "control" && x[1] === file && x[3] === name);
  assert.deepEqual(control("bills.csv", "total_yen").slice(4), [String(want.total_yen), String(want.total_yen), "0"]);
  assert.deepEqual(control("bills.csv", "rows").slice(4), [String(want.bills), String(want.bills), "0"]);
  assert.match(control("bills.csv", "from")[4], /^CHOTEI\.DAT:\d+（トレーラー）$/);
  assert.equal(it.filter((x) => x[0] === "diff").length, 0);
  // samples side by side: the legacy text beside the suido value, personal columns masked
  const sample = (file, no, name) => it.find((x) => x[0] === "sample" && x[1] === file && x[2] === String(no) && x[3] === name);
  assert.deepEqual(sample("customers.csv", 1, "customer_no").slice(4, 6), ["00000500", "500"]);
  assert.deepEqual(sample("bills.csv", 1, "issued_on").slice(4, 6), ["R061205", "2024-12-05"]);
  assert.deepEqual(sample("customers.csv", 1, "name").slice(4, 6), ["＊＊＊", "＊＊＊"]);
  assert.deepEqual(sample("taps.csv", 1, "address").slice(4, 6), ["＊＊＊", "＊＊＊"]);
  for (const x of it) for (const name of want.names) assert.ok(!x.join("|").includes(name), `${name} in the report`);
  // the report as XLSX (written by --report) and as PDF (suido import report)
  const cells = xlsxCells(xlsx);
  assert.ok(Object.values(cells).includes("移行結果確認表"));
  assert.ok(Object.values(cells).includes(want.total_yen));
  const pdf = join(work, "review.pdf");
  r = suido(ctx, ["import", "report", run, "--out", pdf]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(pdf).subarray(0, 5).toString(), "%PDF-");

  // the same review for a directory of the format: exported here, checked (dry run) into an empty
  // database at the end (on PostgreSQL a fresh environment empties the one database), the control
  // totals are manifest.json's
  const exported = join(work, "exported");
  r = suido(ctx, ["export", exported, "--reason", "移行結果の確認"]);
  assert.equal(r.code, 0, r.stderr);
  // legacy bills are never recalculated: a billing run of the last imported cycle finds nothing to bill
  for (const t of ["sankyo-water-2019", "sankyo-sewer-2019"]) {
    r = suido(ctx, ["tariff", "load", join(ROOT, "tariffs", `${t}.json`)]);
    assert.equal(r.code, 0, r.stderr);
  }
  r = suido(ctx, ["bill", "run", "--cycle", "2025-04", "--group", "all"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /対象 0 件、調定 0 件/);
  // the first suido cycle reads on from the last imported reading, and bills from it
  r = suido(ctx, ["reading", "schedule", "--cycle", "2025-06"]);
  assert.equal(r.code, 0, r.stderr);
  const route = "010101";
  r = suido(ctx, ["reading", "export", "--route", route, "--cycle", "2025-06", "--encoding", "utf8"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split(/\r?\n/).map((l) => l.split(","));
  const head = lines[0], at = (name) => head.indexOf(name);
  const mine = lines.find((l) => l[at("水栓番号")] === first.tap);
  assert.equal(mine[at("前回指針")], String(first.lastValue), "the last imported reading is the previous one");
  for (const l of lines.slice(1)) {
    l[at("検針日")] = "2025-06-05";
    l[at("指針")] = String(Number(l[at("前回指針")]) + 20);
  }
  const readingCsv = join(work, "readings-2025-06.csv");
  writeFileSync(readingCsv, lines.map((l) => l.join(",")).join("\r\n") + "\r\n");
  r = suido(ctx, ["reading", "import", readingCsv]);
  assert.equal(r.code, 0, r.stderr);
  r = suido(ctx, ["bill", "run", "--cycle", "2025-06", "--group", "all", "--list"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^${first.tap}\t20\t`, "m"), "billed for 20 m³ from the last imported reading");
  assert.equal(sql(ctx, "SELECT COUNT(*), SUM(total_yen) FROM bills b JOIN bill_runs r ON r.id = b.run_id WHERE r.status = 'imported'"),
    `${want.bills}|${want.total_yen}`, "the imported bills as they were");

  // the screen (管理 → データ移行), for administrators only
  addUser(ctx, "admin1", "admin");
  addUser(ctx, "clerk1", "clerk");
  const srv = await startServer(ctx);
  try {
    const c = new Client(srv.base);
    assert.equal((await c.login("admin1")).status, 303);
    let p = await c.get("/admin/migration");
    assert.equal(p.status, 200);
    assert.match(p.text, new RegExp(`<a href="/admin/migration/${run}">${run}</a>`));
    assert.match(p.text, /検査のみ（--dry-run）/);
    p = await c.get(`/admin/migration/${run}`);
    assert.equal(p.status, 200);
    assert.match(p.text, /<h1>移行結果確認表 No\.\d+<\/h1>/);
    assert.match(p.text, /相違はありません/);
    const ctlRow = p.text.match(/<table class="list" id="review-control">[\s\S]*?<\/table>/)[0];
    assert.ok(ctlRow.includes(String(want.total_yen)));
    assert.ok(!/相違<\/td>/.test(ctlRow));
    for (const name of want.names) assert.ok(!p.text.includes(name));
    const doc = await c.get(`/admin/migration/${run}?format=pdf`);
    assert.equal(doc.status, 200);
    assert.equal(doc.headers.get("content-type"), "application/pdf");
    assert.equal((await c.get("/admin/migration/999999")).status, 404);
    const clerk = new Client(srv.base);
    await clerk.login("clerk1");
    assert.equal((await clerk.get("/admin/migration")).status, 403);
  } finally {
    await stopServer(srv);
  }
  const other = fresh();
  r = suido(other, ["import", exported, "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  const it2 = items(other, sql(other, "SELECT MAX(id) FROM import_runs"));
  const ctl2 = (file, name) => it2.find((x) => x[0] === "control" && x[1] === file && x[3] === name);
  assert.equal(ctl2("bills.csv", "from")[4], "manifest.json");
  assert.deepEqual(ctl2("bills.csv", "total_yen").slice(4), [String(want.total_yen), String(want.total_yen), "0"]);
  assert.equal(it2.find((x) => x[0] === "count" && x[1] === "bills.csv" && x[2] === "2025" && x[3] === "total_yen")[5],
    String(want.byFy[2025].total_yen));
});

test(`[${engine}] broken legacy files are refused naming the file, line, column and mapping key; nothing is stored`, () => {
  const cut = (f, fn) => ({ [f]: (lines) => lines.map((l, i) => (i === 3 ? fn(l) : l)) });   // the third data record
  const cases = [
    ["bad-wareki", cut("KENSHIN.DAT", (l) => l.slice(0, 14) + "H310501" + l.slice(21)),
      /KENSHIN\.DAT:4: readings\.csv の read_on（対応表 mapping\.ini:\d+）: H310501 は和暦の日付として読めません。/],
    ["past-end", cut("CHOTEI.DAT", (l) => l.slice(0, 95)),
      /CHOTEI\.DAT:4: bills\.csv の due_on（対応表 mapping\.ini:\d+）: 94〜100 バイト目が行の終わり（95 バイト）を越えています。/],
    ["no-code", cut("CHOTEI.DAT", (l) => l.slice(0, 100) + "09" + l.slice(102)),
      /CHOTEI\.DAT:4: bills\.csv の use_code（対応表 mapping\.ini:\d+）: コード 09 が対応表 \[code\.use\] にありません。/],
    ["bad-ref", cut("CHOTEI.DAT", (l) => "D29999999" + l.slice(9)),
      /CHOTEI\.DAT:4（bills\.csv）: tap_no: taps\.csv に 29999999 がありません（参照先がない）。/],
    ["control", { "CHOTEI.DAT": (lines) => lines.map((l) => (l.startsWith("T") ? l.slice(0, 45) + String(Number(l.slice(45)) + 1).padStart(12, "0") : l)) },
      /CHOTEI\.DAT:\d+: bills\.csv の control\.total_yen（対応表 mapping\.ini:\d+）: 読んだ合計 \d+ 円が旧システムの管理合計 \d+ 円と違います。/],
  ];
  for (const [name, edit, message] of cases) {
    const dir = join(work, name);
    legacyFixed(dir, { edit });
    const ctx = fresh();
    const r = suido(ctx, ["import", dir, "--mapping", MAPPING]);
    assert.equal(r.code, 1, `${name}: ${r.stdout}`);
    assert.match(r.stderr, message, name);
    assert.match(r.stderr, /何も保存していません/, name);
    assertNothingStored(ctx);
    // the refusal is kept, with the difference listed
    assert.equal(sql(ctx, "SELECT kind, result FROM import_runs"), "import|refused", name);
    const diffs = items(ctx, sql(ctx, "SELECT id FROM import_runs")).filter((x) => x[0] === "diff");
    assert.ok(diffs.some((x) => message.test(`${x[3]}: ${x[5]}`)), `${name}: ${JSON.stringify(diffs)}`);
  }
});

test(`[${engine}] a legacy file of megabytes is converted as it is read: an error near its end names its line`, () => {
  // 3,000 taps: CHOTEI.DAT makes some megabytes of bills.csv, handed to the importer a megabyte at a time
  const dir = join(work, "big");
  let at = 0;
  legacyFixed(dir, { taps: 3000, edit: { "CHOTEI.DAT": (lines) => {
    at = lines.length - 3;   // a data record before the last two (and the trailer)
    return lines.map((l, i) => (i === at ? "D29999999" + l.slice(9) : l));
  } } });
  const ctx = fresh();
  const r = suido(ctx, ["import", dir, "--mapping", MAPPING, "--dry-run"]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, new RegExp(`CHOTEI\\.DAT:${at + 1}（bills\\.csv）: tap_no: taps\\.csv に 29999999 がありません`));
});

test(`[${engine}] a broken mapping names its own line`, () => {
  const ctx = fresh();
  const dir = join(work, "legacy-m");
  legacyFixed(dir);
  const bad = join(work, "bad.ini");
  const text = readFileSync(MAPPING, "utf8").replace("use_code = @59-60 | code use", "use_code = @59-60 | code uses");
  writeFileSync(bad, text);
  const r = suido(ctx, ["import", dir, "--mapping", bad]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bad\.ini:\d+: 対応表がありません: code\.uses/);
  assertNothingStored(ctx);
});

test(`[${engine}] a CSV legacy layout: columns by number, a header line skipped, control totals in the mapping`, () => {
  const dir = join(work, "csv");
  rmSync(dir, { recursive: true, force: true });
  const write = (text) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "AREA.CSV"), spawnSync("iconv", ["-f", "UTF-8", "-t", "CP932"], { input: text }).stdout);
  };
  const mapping = join(work, "csv.ini");
  writeFileSync(mapping, ["[mapping]", "format = suido-mapping/1", "encoding = CP932", "[code.sewer]", "1 = self", "0 = none",
    "[areas.csv]", "source.file = AREA.CSV", "source.layout = csv", "source.header = 1", "control.rows = \"2\"",
    "code = #1", "name = #2", "sewer = #3 | code sewer", ""].join("\n"));
  write("地区コード,地区名,下水\r\n010101,中央一丁目,1\r\n\"020101\",\"北原　\",0\r\n");
  const ctx = fresh();
  let r = suido(ctx, ["import", dir, "--mapping", mapping]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(ctx, "SELECT code, name, sewer FROM areas ORDER BY code"), "010101|中央一丁目|self\n020101|北原|none");
  assert.match(sql(ctx, "SELECT legacy FROM import_run_items WHERE section = 'control' AND name = 'from'"), /^csv\.ini（対応表の control）$/);
  write("地区コード,地区名,下水\r\n010101,中央一丁目,1\r\n020101,北原\r\n");
  const ctx2 = fresh();
  r = suido(ctx2, ["import", dir, "--mapping", mapping]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /AREA\.CSV:3: areas\.csv の sewer（対応表 csv\.ini:14）: 3 列目がありません（この行は 2 列です）。/);
  assert.equal(sql(ctx2, "SELECT COUNT(*) FROM areas"), "0");
});
