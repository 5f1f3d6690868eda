// A reading import is bounded and summarised (issue 13, finding 2): a file
// of many bad rows answers with counts by reason, the first refused rows
// with their lines and a link to all of them, without the server's memory
// growing with the file; a file over reading.max_import_rows is refused
// whole, naming the limit; a partly bad file in the clean-rows mode still
// imports its good rows, on the API and on the office screen.
// SQLite, or PostgreSQL when SUIDO_TEST_DB is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
const LIMIT = 50000;   // reading.max_import_rows in this test's suido.ini
let ctx, srv, today, cycle, token, otherToken;
let pool = [];   // unread taps with history, each used by one test only

/** A client logged in through the API (lib.mjs Client.apiLogin). */
const apiLogin = (username) => new Client(srv.base).apiLogin(username, DEMO);
const getJson = (c, path) => c.getJson(path);
async function issueDevice(admin, name) {
  const issued = await admin.post("/admin/devices", { csrf: admin.csrf, name });
  assert.equal(issued.status, 200);
  return issued.text.match(/<code class="token">([0-9a-f]{64})<\/code>/)[1];
}
function device(tok, method, path, body, type = "text/csv") {
  const headers = { Authorization: `Bearer ${tok}` };
  if (body !== undefined) headers["Content-Type"] = type;
  return fetch(`${srv.base}${path}`, { method, body, headers });
}
/** The server's peak resident memory so far (VmHWM), in kB. */
function peakKb() {
  const m = readFileSync(`/proc/${srv.proc.pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
  return Number(m[1]);
}
/** Is the server built with AddressSanitizer? */
function sanitized() {
  return /libasan/.test(readFileSync(`/proc/${srv.proc.pid}/maps`, "utf8"));
}
function goodRow(it) {
  const span = 10 ** it.digits;
  const usage = Math.max(1, ((it.expected_low - it.prev_value + span) % span) + 3);
  return `${it.tap_no},,${today},${it.prev_value + usage}`;
}
/** n rows of taps that do not exist (numbers no demo city uses). */
function unknownRows(n) {
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(`9${String(i).padStart(7, "0")},,${today},100`);
  return rows;
}
async function readingsThisCycle(c, tapNo) {
  return (await getJson(c, `/api/v1/taps/${tapNo}/readings`)).readings.filter((x) => x.cycle === cycle).length;
}

before(async () => {
  ctx = makeEnv();
  const ini = join(ctx.dir, "suido.ini");
  writeFileSync(ini, `[reading]\nmax_import_rows = ${LIMIT}\n`);
  ctx.env.SUIDO_CONFIG = ini;
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "11"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  const c = await apiLogin("kenshin");
  const me = await getJson(c, "/api/v1/me");
  today = me.today;
  cycle = me.cycle;
  for (const r of (await getJson(c, `/api/v1/routes?cycle=${cycle}`)).routes) {
    const list = await getJson(c, `/api/v1/routes/${r.code}/list?cycle=${cycle}`);
    for (const it of list.items)
      if (!it.read && it.expected_low !== null && it.prev_value + 2000 < 10 ** it.digits && it.prev_read_on < today)
        pool.push(it);
  }
  assert.ok(pool.length >= 12, `unread taps with history: ${pool.length}`);
  const admin = new Client(srv.base);
  await admin.login("admin", DEMO);
  token = await issueDevice(admin, "HT-LIM-1");
  otherToken = await issueDevice(admin, "HT-LIM-2");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] 50,000 rows of unknown taps from a handheld: counts by reason, the first 100 lines, all of them for download, and flat memory`, async () => {
  // Warm up (threads, caches, the reader's second connection) with a small bad file first.
  const warm = await device(token, "POST", "/api/v1/readings/import", "水栓番号,検針日,指針\r\n" + unknownRows(200).join("\r\n") + "\r\n");
  assert.equal(warm.status, 422);
  await warm.text();
  const before = peakKb();
  const csv = "水栓番号,メーター番号,検針日,指針\r\n" + unknownRows(LIMIT).join("\r\n") + "\r\n";
  const r = await device(token, "POST", "/api/v1/readings/import", csv);
  const text = await r.text();
  const grownMb = (peakKb() - before) / 1024;
  console.log(`VmHWM grew by ${grownMb.toFixed(1)} MB for ${LIMIT} refused rows (${r.status}, ${text.length} B answer)`);
  assert.equal(r.status, 422, text.slice(0, 300));
  const j = JSON.parse(text);
  assert.equal(j.applied, false);
  assert.equal(j.refused, LIMIT);
  assert.deepEqual(j.refused_by_reason, { unknown_tap: LIMIT });
  assert.equal(j.refusals.length, 100, "only the first 100 refused rows in the answer");
  assert.equal(j.refusals_shown, 100);
  assert.deepEqual([j.refusals[0].line, j.refusals[99].line], [2, 101], "the first ones, by line");
  assert.match(j.refusals[0].message, /90000000/);
  assert.equal(j.max_rows, LIMIT);
  assert.match(j.refusals_url, /^\/api\/v1\/readings\/imports\/[0-9a-f-]+\/refusals\.csv$/);
  // The full list, for the device that sent it.
  const dl = await device(token, "GET", j.refusals_url);
  assert.equal(dl.status, 200);
  assert.match(dl.headers.get("content-type"), /text\/csv/);
  const lines = (await dl.text()).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
  assert.equal(lines.length, LIMIT + 1);
  assert.match(lines[0], /^行,水栓番号,メーター番号,検針日,指針,理由コード,理由$/);
  assert.match(lines[1], /^2,90000000,,\d{4}-\d\d-\d\d,100,unknown_tap,/);
  assert.match(lines[LIMIT], new RegExp(`^${LIMIT + 1},9${String(LIMIT - 1).padStart(7, "0")},`));
  // Another handheld may not see it; staff with the reading permission may (audited).
  assert.equal((await device(otherToken, "GET", j.refusals_url)).status, 404);
  const staff = await apiLogin("kenshin");
  const sv = await staff.get(j.refusals_url);
  assert.equal(sv.status, 200);
  const auditor = new Client(srv.base);
  await auditor.login("kansa", DEMO);
  const audit = await auditor.get(`/audit?action=reading.import.refusals.view`);
  assert.match(audit.text, /kenshin/, "the staff view is in the audit log");
  // Bound: the rows (50,000 × 160 B), the refusals' reasons (~4 MB), the body
  // (1.4 MB) and the download (~4 MB) come to ~20 MB; the JSON answer is fixed-size.
  // (An AddressSanitizer build keeps freed memory in quarantine: no bound there.)
  if (!sanitized()) assert.ok(grownMb < 64, `peak memory grew by ${grownMb.toFixed(1)} MB`);
});

test(`[${engine}] a file over reading.max_import_rows is refused whole, naming the limit, and nothing is written`, async () => {
  const clerk = await apiLogin("tanto");
  const good = [pool.shift(), pool.shift(), pool.shift()];
  const csv = "水栓番号,メーター番号,検針日,指針\r\n" + good.map(goodRow).join("\r\n") + "\r\n" + unknownRows(LIMIT - 2).join("\r\n") + "\r\n";
  const r = await clerk.request("POST", "/api/v1/readings/import?mode=clean", { body: csv, headers: { "X-CSRF-Token": clerk.csrf, "Content-Type": "text/csv" } });
  assert.equal(r.status, 413, r.text.slice(0, 300));
  assert.match(JSON.parse(r.text).message, /50000 行まで.*reading\.max_import_rows/);
  for (const it of good) assert.equal(await readingsThisCycle(clerk, it.tap_no), 0, "nothing applied");
  // The office screen says the same on its form.
  const office = new Client(srv.base);
  await office.login("tanto", DEMO);
  const fd = new FormData();
  fd.append("csrf", office.csrf);
  fd.append("mode", "clean");
  fd.append("file", new Blob([csv], { type: "text/csv" }), "big.csv");
  const page = await office.request("POST", "/reading/import", { body: fd });
  assert.match(page.text, /50000 行まで.*reading\.max_import_rows/);
  assert.match(page.text, /id="import-form"/);
  for (const it of good) assert.equal(await readingsThisCycle(clerk, it.tap_no), 0, "nothing applied");
  // The same limit for a JSON batch.
  const readings = good.map((it) => ({ tap_no: it.tap_no, read_on: today, value: Number(goodRow(it).split(",")[3]) }));
  for (let i = 0; readings.length <= LIMIT; i++) readings.push({ tap_no: `9${String(i).padStart(7, "0")}`, read_on: today, value: 1 });
  const b = await device(token, "POST", "/api/v1/readings/batch", JSON.stringify({ mode: "all", readings }), "application/json");
  assert.equal(b.status, 413);
  assert.match((await b.json()).message, /reading\.max_import_rows/);
  for (const it of good) assert.equal(await readingsThisCycle(clerk, it.tap_no), 0, "nothing applied");
  // At the limit exactly, the file is read.
  const atLimit = "水栓番号,検針日,指針\r\n" + unknownRows(LIMIT).join("\r\n");
  const ok = await device(token, "POST", "/api/v1/readings/import", atLimit);
  assert.equal(ok.status, 422);
  assert.equal((await ok.json()).refused, LIMIT);
});

test(`[${engine}] a partly bad file in the clean-rows mode imports the good rows and lists the bad ones by line, on the API and on the screen`, async () => {
  const clerk = new Client(srv.base);
  await clerk.login("tanto", DEMO);
  const [a, b, c, d] = [pool.shift(), pool.shift(), pool.shift(), pool.shift()];
  const csv = "水栓番号,メーター番号,検針日,指針\r\n" +
    `${goodRow(a)}\r\n99999998,,${today},100\r\n${goodRow(b)}\r\n${b.tap_no},,2026-13-01,5\r\n`;
  const fd = new FormData();
  fd.append("csrf", clerk.csrf);
  fd.append("mode", "clean");
  fd.append("encoding", "auto");
  fd.append("file", new Blob([csv], { type: "text/csv" }), "mixed.csv");
  const posted = await clerk.request("POST", "/reading/import", { body: fd });
  assert.equal(posted.status, 303);
  const r = await clerk.get(posted.location);
  assert.match(r.text, /mixed\.csv を取り込みました/);
  assert.match(r.text, /<table[^>]*id="refusal-reasons"/);
  assert.match(r.text, /data-code="unknown_tap"/);
  assert.match(r.text, /data-code="bad_date"/);
  const href = r.text.match(/<a[^>]*href="([^"]+)"[^>]*id="refusals-download"|<a[^>]*id="refusals-download"[^>]*href="([^"]+)"/);
  assert.ok(href, "a link to download the refused rows");
  const reader = await apiLogin("kenshin");
  assert.equal(await readingsThisCycle(reader, a.tap_no), 1);
  assert.equal(await readingsThisCycle(reader, b.tap_no), 1);
  const dl = await clerk.get(href[1] || href[2]);
  assert.equal(dl.status, 200);
  const rows = dl.text.replace(/^\uFEFF/, "").trimEnd().split("\r\n").slice(1).map((l) => l.split(",").slice(0, 2));
  assert.deepEqual(rows.map((x) => x[0]), ["3", "5"]);
  assert.equal(rows[0][1], "99999998");
  // The same through the API with a handheld's token, answered 200 with the refused lines.
  const csv2 = "水栓番号,検針日,指針\r\n" + `${goodRow(c).replace(",,", ",")}\r\n99999997,${today},1\r\n${goodRow(d).replace(",,", ",")}\r\n`;
  const clerkApi = await apiLogin("tanto");
  const api = await clerkApi.request("POST", "/api/v1/readings/import?mode=clean", { body: csv2, headers: { "X-CSRF-Token": clerkApi.csrf, "Content-Type": "text/csv" } });
  assert.equal(api.status, 200, api.text);
  const j = JSON.parse(api.text);
  assert.equal(j.applied, true);
  assert.equal(j.accepted + j.held, 2);
  assert.deepEqual(j.refusals.map((x) => [x.line, x.reasons[0].code]), [[3, "unknown_tap"]]);
  assert.deepEqual(j.refused_by_reason, { unknown_tap: 1 });
  assert.ok(j.refusals_url);
});

/** Run SQL on the test database (lib.mjs); returns the trimmed output. */
const sql = (text) => sqlOn(ctx, text);

test(`[${engine}] the refused rows of an import are kept for 60 days, then forgotten at the next import`, async () => {
  const old = Math.floor(Date.now() / 1000) - 61 * 86400;
  sql(`INSERT INTO reading_imports (batch, created_by, created_at, mode, applied, nrows, refused) VALUES ('2000-01-01-old', 'device:HT-LIM-1', ${old}, 'all', 0, 1, 1)`);
  sql(`INSERT INTO reading_import_refusals (batch, seq, line, tap_no, meter_no, read_on, value, code, message) VALUES ('2000-01-01-old', 1, 2, '90000000', '', '2000-01-01', '1', 'unknown_tap', 'x')`);
  assert.equal((await device(token, "GET", "/api/v1/readings/imports/2000-01-01-old/refusals.csv")).status, 200);
  const r = await device(token, "POST", "/api/v1/readings/import", `水栓番号,検針日,指針\r\n90000001,${today},1\r\n`);
  assert.equal(r.status, 422);
  const j = await r.json();
  assert.equal((await device(token, "GET", "/api/v1/readings/imports/2000-01-01-old/refusals.csv")).status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM reading_import_refusals WHERE batch = '2000-01-01-old'`), "0");
  assert.equal((await device(token, "GET", j.refusals_url)).status, 200, "the new one is kept");
});
