// 工事の統計・帳票 (issue 18 item 7) against the real binary and a real database (SQLite, or
// PostgreSQL when SUIDO_TEST_DB is set), over the demo's year of works: the statistics of a month
// and of a fiscal year — by type, diameter, area and contractor, each step counted by its own
// date — equal counts made here in SQL one step at a time; 加入金 and fees by diameter equal the
// charges' sums; the page, `suido works report` (TSV and JSON), CSV in UTF-8 with BOM and in
// Shift_JIS, Excel (the sheet read back) and the PDF (pdftotext) say the same; the progress list
// holds every open application in the order of the steps and the overdue list is the search's;
// a role without works.view gets 403 and a bad month or year is 400 naming the field.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, makeEnv, sql as sqlOn, startServer, stopServer, suido, xlsxCells } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, koji, viewer, month, fy;
const sql = (text) => sqlOn(ctx, text);
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
const lastDay = (ym) => { const [y, m] = ym.split("-").map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); };
const DIMS = { type: "a.type", diameter: "a.diameter", area: "a.area_code", contractor: "a.contractor_id" };
const STEPS = ["received", "approved", "completed", "cancelled"];

async function as(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}
async function bin(c, path) {
  const res = await fetch(srv.base + path, { headers: { Cookie: c.cookieHeader() } });
  return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"),
    body: Buffer.from(await res.arrayBuffer()) };
}
const parseCsv = (text) => text.replace(/^\uFEFF/, "").trim().split(/\r?\n/)
  .map((l) => l.split(",").map((f) => f.replace(/^"|"$/g, "")));

/** The counts of [from, to] by dimension, made here one step at a time: {dim: {key: {received, …}}}. */
function expected(from, to) {
  const want = {};
  for (const [dim, col] of Object.entries(DIMS)) {
    want[dim] = {};
    for (const st of STEPS) {
      const rows = sql(`SELECT ${col}, COUNT(*) FROM works_applications a WHERE a.${st}_on >= '${from}'`
        + ` AND a.${st}_on <= '${to}' GROUP BY ${col}`);
      for (const line of rows ? rows.split("\n") : []) {
        const [key, n] = line.split("|");
        want[dim][key] ??= { received: 0, approved: 0, completed: 0, cancelled: 0 };
        want[dim][key][st] = Number(n);
      }
    }
  }
  return want;
}
/** The charges of the applications received in [from, to] by diameter: {diameter: [加入金, paid, fees, paid]}. */
function expectedFees(from, to) {
  const out = {};
  const rows = sql("SELECT a.diameter, c.code, c.yen, c.paid_yen FROM works_charges c JOIN works_applications a"
    + ` ON a.id = c.application_id WHERE a.received_on >= '${from}' AND a.received_on <= '${to}'`);
  for (const line of rows ? rows.split("\n") : []) {
    const [d, code, yen, paid] = line.split("|");
    out[d] ??= [0, 0, 0, 0];
    const k = code === "kanyukin" ? 0 : 2;
    out[d][k] += Number(yen);
    out[d][k + 1] += Number(paid);
  }
  return out;
}
function report(args) {
  const r = suido(ctx, ["works", "report", ...args, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
function assertSame(json, from, to) {
  const want = expected(from, to);
  for (const dim of Object.keys(DIMS)) {
    const got = Object.fromEntries(json[dim].map((r) => [r.key, Object.fromEntries(STEPS.map((s) => [s, r[s]]))]));
    assert.deepEqual(got, want[dim], `${dim} ${from}..${to}`);
  }
  const total = Object.values(want.type).reduce((t, r) => { for (const s of STEPS) t[s] += r[s]; return t; },
    { received: 0, approved: 0, completed: 0, cancelled: 0 });
  assert.deepEqual(json.total, total);
  const fees = expectedFees(from, to);
  assert.deepEqual(Object.fromEntries(json.fees.map((f) => [String(f.diameter), [f.kanyukin, f.kanyukin_paid, f.fees, f.fees_paid]])),
    fees, "加入金 and fees by diameter");
  return total;
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "2000", "--years", "1", "--seed", "29", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  month = sql("SELECT substr(received_on, 1, 7) FROM works_applications GROUP BY substr(received_on, 1, 7)"
    + " ORDER BY COUNT(*) DESC, substr(received_on, 1, 7) LIMIT 1");
  const [y, m] = today.split("-").map(Number);
  fy = m >= 4 ? y : y - 1;
  srv = await startServer(ctx);
  koji = await as("koji");
  viewer = await as("etsuran");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] suido works report: a month and a fiscal year equal the counts made step by step in SQL`, () => {
  const m = report(["--month", month]);
  assert.equal(m.period.from, `${month}-01`);
  assert.equal(m.period.to, lastDay(month));
  const tm = assertSame(m, m.period.from, m.period.to);
  assert.ok(tm.received > 0, `applications received in ${month}`);
  const y = report(["--year", String(fy)]);
  assert.deepEqual([y.period.from, y.period.to], [`${fy}-04-01`, `${fy + 1}-03-31`]);
  const ty = assertSame(y, y.period.from, y.period.to);
  assert.ok(ty.approved > 0 && ty.completed > 0, "the year has approvals and completions");
  // the TSV: the same counts, its total row, a blank line, then the charges
  const r = suido(ctx, ["works", "report", "--year", String(fy)]);
  assert.equal(r.code, 0, r.stderr);
  const [stats, fees] = r.stdout.trim().split("\n\n");
  assert.ok(stats.split("\n").includes(`種別別\t合計\t${ty.received}\t${ty.approved}\t${ty.completed}\t${ty.cancelled}\t${fy}-04-01〜${fy + 1}-03-31`));
  assert.match(fees.split("\n").at(-1), new RegExp(`^合計\\t${y.fee_total.applications}\\t${y.fee_total.kanyukin}\\t`));
  // bad input: exit 2 naming the option
  const bad = suido(ctx, ["works", "report", "--month", "2026-13"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--month: 月は「2026-04」のように/);
});

test(`[${engine}] the page shows the statistics of the month and of the year, and the charges`, async () => {
  const y = report(["--year", String(fy)]);
  const page = await koji.get(`/works/reports?year=${fy}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /aria-current="page"[^>]*>統計・帳票|href="\/works\/reports" aria-current="page"/);
  assert.ok(page.text.includes(`${fy}年度（令和${fy - 2018}年度） の統計`));
  for (const [dim, rows] of Object.entries({ type: y.type, diameter: y.diameter, area: y.area, contractor: y.contractor })) {
    for (const r of rows) {
      const tr = page.text.match(new RegExp(`<tr id="wr-${dim}-${r.key}">([\\s\\S]*?)</tr>`));
      assert.ok(tr, `${dim} ${r.key}`);
      const nums = [...tr[1].matchAll(/<td class="num">([^<]*)<\/td>/g)].map((x) => Number(x[1].replace(/,/g, "")));
      assert.deepEqual(nums, STEPS.map((s) => r[s]), `${dim} ${r.key}`);
    }
  }
  const fees = page.text.match(/<tr id="wr-fees-total">([\s\S]*?)<\/tr>/)[1];
  assert.ok(fees.includes(`¥${y.fee_total.kanyukin.toLocaleString("en-US")}`), fees);
  const m = await koji.get(`/works/reports?month=${month}`);
  assert.equal(m.status, 200);
  assert.match(m.text, new RegExp(`value="${month}"`), "the month stays in its field");
  assert.match(m.text, new RegExp(`href="/works/reports/stats.csv\\?month=${month}&amp;encoding=cp932"`));
});

test(`[${engine}] CSV in UTF-8 with BOM and in Shift_JIS, Excel and PDF carry the same figures`, async () => {
  const y = report(["--year", String(fy)]);
  const u = await bin(koji, `/works/reports/stats.csv?year=${fy}&encoding=utf8bom`);
  assert.equal(u.status, 200);
  assert.match(u.type, /charset=utf-8/);
  assert.equal(u.body.subarray(0, 3).toString("hex"), "efbbbf", "a BOM");
  assert.match(u.disposition, new RegExp(`filename="works-stats-${fy}-\\d{8}\\.csv"`));
  const rows = parseCsv(u.body.toString("utf8"));
  assert.deepEqual(rows[0], ["集計区分", "項目", "受付", "承認", "完了", "取消", "期間"]);
  const typeTotal = rows.find((r) => r[0] === "種別別" && r[1] === "合計");
  assert.deepEqual(typeTotal.slice(2, 6).map(Number), STEPS.map((s) => y.total[s]));
  assert.equal(rows.length, 1 + y.type.length + y.diameter.length + y.area.length + y.contractor.length + 4);
  const s = await bin(koji, `/works/reports/stats.csv?year=${fy}&encoding=cp932`);
  assert.match(s.type, /Shift_JIS/);
  // the same rows in Shift_JIS (its 〜 is CP932's full-width tilde)
  assert.deepEqual(parseCsv(new TextDecoder("shift_jis").decode(s.body).replaceAll("～", "〜")), rows);
  const f = parseCsv((await bin(koji, `/works/reports/fees.csv?year=${fy}`)).body.toString("utf8"));
  const ft = f.find((r) => r[0] === "合計");
  assert.deepEqual(ft.slice(1, 4).map(Number), [y.fee_total.applications, y.fee_total.kanyukin, y.fee_total.kanyukin_paid]);
  // Excel: the frame, a dimension's row and the charges' total as numbers
  const x = await bin(koji, `/works/reports/stats.xlsx?year=${fy}`);
  assert.equal(x.status, 200);
  const xf = join(ctx.dir, "stats.xlsx");
  writeFileSync(xf, x.body);
  const cells = xlsxCells(xf);
  assert.equal(cells.A1, "給水装置工事統計表");
  assert.equal(cells.A5, "集計区分");
  const first = y.type[0];
  assert.deepEqual([cells.A6, cells.C6, cells.D6, cells.E6, cells.F6], ["種別別", first.received, first.approved, first.completed, first.cancelled]);
  const fx = join(ctx.dir, "fees.xlsx");
  writeFileSync(fx, (await bin(koji, `/works/reports/fees.xlsx?year=${fy}`)).body);
  const fc = xlsxCells(fx);
  const totalRow = Object.keys(fc).find((k) => fc[k] === "合計" && k.startsWith("A")).slice(1);
  assert.equal(fc[`C${totalRow}`], y.fee_total.kanyukin);
  // the PDF: A4 landscape with the title, the period and the totals
  const p = await bin(koji, `/works/reports/stats.pdf?year=${fy}`);
  assert.equal(p.status, 200);
  assert.equal(p.type, "application/pdf");
  const pf = join(ctx.dir, "stats.pdf");
  writeFileSync(pf, p.body);
  const info = spawnSync("pdfinfo", [pf], { encoding: "utf8" }).stdout;
  assert.match(info, /Page size:\s+841\.89 x 595\.2\d* pts/, "A4 landscape");
  const text = spawnSync("pdftotext", ["-layout", pf, "-"], { encoding: "utf8" }).stdout;
  assert.match(text, /給水装置工事統計表/);
  assert.ok(text.includes(`${fy}年度（令和${fy - 2018}年度）`));
  assert.match(text, new RegExp(`合計\\s+${y.total.received}\\s+${y.total.approved}\\s+${y.total.completed}\\s+${y.total.cancelled}`));
  assert.ok(text.includes(`${y.fee_total.kanyukin.toLocaleString("en-US")}円`), "the 加入金 total");
});

test(`[${engine}] the progress list holds every open application by step; the overdue list is the search's`, async () => {
  const open = Number(sql("SELECT COUNT(*) FROM works_applications WHERE status NOT IN ('completed', 'cancelled')"));
  assert.ok(open > 0);
  const rows = parseCsv((await bin(koji, "/works/reports/progress.csv")).body.toString("utf8"));
  assert.equal(rows.length - 1, open);
  const ORDER = ["受付済", "審査中", "承認済", "納付済", "着工", "検査不合格（再検査待ち）", "検査合格"];
  const at = rows.slice(1).map((r) => ORDER.indexOf(r[2]));
  assert.ok(at.every((k) => k >= 0), "open statuses only");
  assert.deepEqual(at, [...at].sort((a, b) => a - b), "in the order of the steps");
  const page = await koji.get("/works/reports");
  const shown = [...page.text.matchAll(/<table class="list" id="wr-progress">[\s\S]*?<\/table>/g)][0][0];
  assert.equal([...shown.matchAll(/<tr id="wa-\d+">/g)].length, open);
  const ov = parseCsv((await bin(koji, "/works.csv?overdue=1")).body.toString("utf8")).slice(1).map((r) => r[0]).sort();
  assert.deepEqual(rows.slice(1).filter((r) => r[6] === "滞留").map((r) => r[0]).sort(), ov, "the same rule as the search");
  // works.overdue_days is 14 (the default): a latest step 15 days old or older
  const before = new Date(Date.parse(today) - 15 * 86400000).toISOString().slice(0, 10);
  assert.equal(ov.length, Number(sql("SELECT COUNT(*) FROM works_applications WHERE status NOT IN ('completed', 'cancelled')"
    + ` AND status_on <= '${before}'`)));
  if (ov.length) assert.match(page.text, /id="wr-overdue"/);
  const px = join(ctx.dir, "progress.xlsx");
  writeFileSync(px, (await bin(koji, "/works/reports/progress.xlsx")).body);
  const pc = xlsxCells(px);
  assert.equal(pc.A1, "給水装置工事 進捗一覧（手続きの順、滞留の長い順）");
  assert.equal(Object.keys(pc).filter((k) => /^A\d+$/.test(k) && Number(k.slice(1)) > 5).length, open);
});

test(`[${engine}] 403 without works.view; a bad month or year is 400 naming the field`, async () => {
  for (const path of ["/works/reports", "/works/reports/stats.csv", "/works/reports/stats.xlsx", "/works/reports/stats.pdf",
    "/works/reports/fees.csv", "/works/reports/fees.xlsx", "/works/reports/progress.csv", "/works/reports/progress.xlsx"])
    assert.equal((await bin(viewer, path)).status, 403, path);
  let r = await koji.get("/works/reports?month=2026-13");
  assert.equal(r.status, 400);
  assert.match(r.text, /月は「2026-04」のように年-月で入力してください。/);
  assert.match(r.text, /value="2026-13"/, "what was typed is kept");
  assert.match(r.text, /<input id="f-month" name="month" value="2026-13" aria-invalid="true"/, "the field marked");
  r = await koji.get("/works/reports?year=26");
  assert.equal(r.status, 400);
  assert.match(r.text, /年度は「2026」のように西暦4桁/);
  r = await koji.get(`/works/reports?month=${month}&year=${fy}`);
  assert.equal(r.status, 400);
  assert.match(r.text, /月と年度はどちらか一方を指定してください。/);
  assert.equal((await bin(koji, "/works/reports/stats.csv?year=x")).status, 400);
  assert.equal((await bin(koji, `/works/reports/stats.csv?year=${fy}&encoding=latin1`)).status, 400);
});
