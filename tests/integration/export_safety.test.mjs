// Exports that staff open in Excel never carry a live formula: text a
// spreadsheet would evaluate (= + - @ TAB CR first) is written with a leading
// apostrophe, while numbers (amounts, negative ones too) stay numbers.  The
// hostile values are planted through the ordinary screens, as a resident's
// name taken over from the portal or a reader's note would arrive.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { Client, addUser, demoCycle, makeEnv, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const HOSTILE_NAME = '=HYPERLINK("http://e.vil","x")';
const HOSTILE_NOTE = "@SUM(1+1)*cmd|' /C calc'!A0";
let ctx, srv, clerk, tapNo;

/** RFC 4180 rows (quoted fields with doubled quotes, CR LF inside quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; }
    else if (ch === "\r" && s[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else cell += ch;
  }
  return rows;
}

/** No cell of the file would start a formula in a spreadsheet. */
function assertNoLiveFormula(rows, what) {
  for (const row of rows)
    for (const cell of row)
      if (/^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && !/^-\d+$/.test(cell)))
        assert.fail(`${what}: a cell would be evaluated: ${JSON.stringify(cell)}`);
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "12", "--years", "1", "--seed", "8", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  addUser(ctx, "clerk1", "clerk");
  srv = await startServer(ctx);
  clerk = new Client(srv.base);
  assert.equal((await clerk.login("clerk1")).status, 303);
  // A tap billed last cycle gets the hostile name, through the customer form.
  tapNo = suido(ctx, ["bill", "list", "--cycle", demoCycle(1)]).stdout.trim().split("\n")[0].split("\t")[0];
  const karte = await clerk.get(`/karte/${tapNo}`);
  const customerId = karte.text.match(/\/customers\/(\d+)\/edit/)[1];
  const form = await clerk.get(`/customers/${customerId}/edit?tap=${tapNo}`);
  const version = form.text.match(/name="version" value="(\d+)"/)[1];
  const r = await clerk.post(`/customers/${customerId}/edit`, { csrf: clerk.csrf, version, tap_no: tapNo,
    name: HOSTILE_NAME, kana: "アクイ　タロウ", phone: "055-200-0000", postal: "", mail_address: "", notes: "" });
  assert.equal(r.status, 303, r.text.replace(/[\s\S]*<main/, "").slice(0, 1500));
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] customers.csv writes a formula-like name as text with a leading apostrophe`, async () => {
  const res = await fetch(`${srv.base}/customers.csv?q=${tapNo}&enc=utf8bom`, { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(res.status, 200);
  const rows = parseCsv(await res.text());
  const row = rows.find((r) => r[0] === tapNo);
  assert.ok(row, "the customer's row is exported");
  assert.equal(row[1], `'${HOSTILE_NAME}`);
  assertNoLiveFormula(rows, "customers.csv");
});

test(`[${engine}] the route list CSV writes a reader's formula-like note as text`, async () => {
  const karte = await clerk.get(`/karte/${tapNo}`);
  const route = karte.text.match(/検針区／順路<\/th><td>([^ <]+) ／/)[1];
  const saved = await clerk.post(`/taps/${tapNo}/note`, { csrf: clerk.csrf, note: HOSTILE_NOTE });
  assert.equal(saved.status, 303, saved.text.slice(0, 400));
  // Routes are read every other month: the list of whichever of the last two cycles has it.
  let res = await clerk.get(`/api/v1/routes/${route}/list.csv?cycle=${demoCycle(0)}`);
  if (res.status === 404) res = await clerk.get(`/api/v1/routes/${route}/list.csv?cycle=${demoCycle(1)}`);
  assert.equal(res.status, 200, `${route}: ${res.text}`);
  const rows = parseCsv(res.text);
  const h = rows[0];
  const row = rows.find((r) => r[h.indexOf("水栓番号")] === tapNo);
  assert.ok(row);
  assert.equal(row[h.indexOf("お客様名")], `'${HOSTILE_NAME}`);
  assert.equal(row[h.indexOf("メモ")], `'${HOSTILE_NOTE}`);
  assert.match(row[h.indexOf("前回指針")], /^\d+$/, "the previous reading stays a number");
  assertNoLiveFormula(rows, "route list");
});

test(`[${engine}] the print vendor's slip CSV writes the name as text and the amounts as numbers`, () => {
  const csv = join(ctx.dir, "vendor.csv");
  const r = suido(ctx, ["slip", "--cycle", demoCycle(1), "--csv", csv, "--encoding", "utf8bom"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = parseCsv(readFileSync(csv, "utf8"));
  const row = rows.find((x) => x[0] === tapNo);
  assert.ok(row);
  assert.equal(row[1], `'${HOSTILE_NAME}`);
  for (const i of [6, 8, 9, 10, 11, 12, 13, 14]) assert.match(row[i], /^-?\d+$/, `column ${rows[0][i]} is a bare number`);
  assertNoLiveFormula(rows, "slip CSV");
});

test(`[${engine}] the daily XLSX writes a formula-like utility name as text and its figures as numbers`, () => {
  // The only free text in the workbook is the utility's name from the settings.
  const conf = join(ctx.dir, "hostile.ini");
  writeFileSync(conf, "[utility]\nname = =1+2\n");
  const xlsx = join(ctx.dir, "daily.xlsx");
  const day = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  const r = suido({ env: { ...ctx.env, SUIDO_CONFIG: conf } }, ["payment", "daily", "--date", day, "--xlsx", xlsx]);
  assert.ok(r.code === 0 || r.code === 3, r.stderr);
  const unzip = (member) => spawnSync("unzip", ["-p", xlsx, member], { encoding: "utf8" }).stdout;
  const strings = [...unzip("xl/sharedStrings.xml").matchAll(/<si><t[^>]*>([\s\S]*?)<\/t><\/si>/g)].map((m) => m[1]);
  const sheet = unzip("xl/worksheets/sheet1.xml");
  const f1 = sheet.match(/<c r="F1"[^>]*t="s"[^>]*><v>(\d+)<\/v><\/c>/);
  assert.ok(f1, "F1 is a text cell");
  assert.equal(strings[Number(f1[1])], "'=1+2");
  assert.doesNotMatch(sheet, /<c r="F1"[^>]*><f>/, "not a formula");
  assert.match(sheet, /<c r="D\d+"[^>]*><v>-?\d+<\/v><\/c>/, "the yen columns stay numbers");
});
