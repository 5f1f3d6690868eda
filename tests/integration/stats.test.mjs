// 統計 (issue 22 item 1) against the real binary and a real database (SQLite, or PostgreSQL when
// SUIDO_TEST_DB is set), on a small demo city with two years of bills and payments:
// - 調定統計: `suido report billing --cycle C --format json` agrees to the yen with the sums of
//   `suido bill list --cycle C` (before and after a correction approved in the cycle, which its
//   更正・減免 table shows), and a fiscal year with the sums of its cycles' current bills;
// - 収納統計: the collection rates (現年度・過年度) computed here by hand from the allocations
//   and the bills equal the report's;
// - 決算・水道統計: the taps, volume and revenue by use add up to the billing report's;
// - the screens: the menu, a report with its chart, CSV (UTF-8 with BOM and Shift_JIS), Excel
//   (the 概要 sheet read back) and PDF, each export audited; a role without the permission 403;
// - bad input (a bad month, from after to, an unknown report, an unknown format): a Japanese
//   message naming the field, exit 2 from the command, 400 from the server with what was typed kept.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, demoCycle, makeEnv, sql as sqlOn, startServer, stopServer, suido, xlsxCells } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, clerk, cycle, fy;
const sql = (text) => sqlOn(ctx, text);
const num = (s) => Number(s || 0);
const lastDay = (ym) => { const [y, m] = ym.split("-").map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); };

function report(name, args) {
  const r = suido(ctx, ["report", name, ...args, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
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

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "400", "--years", "2", "--seed", "31"]);
  assert.equal(d.code, 0, d.stderr);
  cycle = demoCycle(2);                      // a billed month with payments after it
  const [y, m] = cycle.split("-").map(Number);
  fy = m >= 4 ? y : y - 1;
  srv = await startServer(ctx);
  clerk = await as("tanto");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] 調定統計 of a cycle agrees to the yen with suido bill list`, () => {
  const list = suido(ctx, ["bill", "list", "--cycle", cycle]);
  assert.equal(list.code, 0, list.stderr);
  const rows = list.stdout.trim().split("\n").map((l) => l.split("\t").map((f, i) => (i ? Number(f) : f)));
  assert.ok(rows.length > 50, `bills of ${cycle}: ${rows.length}`);
  const sum = (k) => rows.reduce((t, r) => t + r[k], 0);
  const j = report("billing", ["--cycle", cycle]);
  assert.deepEqual([j.period.kind, j.period.from, j.period.to], ["month", `${cycle}-01`, lastDay(cycle)]);
  assert.equal(j.bills, rows.length);
  assert.equal(j.volume_m3, sum(1));
  assert.equal(j.water_yen, sum(2));
  assert.equal(j.sewer_yen, sum(3));
  assert.equal(j.total_yen, sum(4));
  assert.equal(j.tax_yen, num(sql(`SELECT SUM(tax_yen) FROM bills WHERE cycle = '${cycle}' AND status = 'current'`)));
  assert.equal(j.total_yen, j.water_yen + j.sewer_yen + j.adjust_yen);
  // every table adds up to the same total
  for (const s of j.sections.filter((x) => x.total && x.columns.some((c) => c.key === "total_yen") && x.key !== "corrections"))
    assert.equal(s.total.total_yen, j.total_yen, s.key);
  const use = j.sections.find((s) => s.key === "by_use");
  for (const r of use.rows)
    assert.equal(r.total_yen, num(sql(`SELECT SUM(total_yen) FROM bills WHERE cycle = '${cycle}' AND status = 'current' AND use_code = '${r.key}'`)), r.key);
});

test(`[${engine}] a correction (更正) approved in a cycle: 調定統計 shows it and still agrees with bill list`, async () => {
  const [id, usage, total] = sql(`SELECT id, usage, total_yen FROM bills WHERE cycle = '${cycle}' AND status = 'current'`
    + " AND usage >= 20 ORDER BY id LIMIT 1").split("|").map(Number);
  let r = await clerk.post(`/bills/${id}`, { csrf: clerk.csrf, action: "correct", usage: String(Math.floor(usage / 2)),
                                            reason: "検針値の誤入力（再検針で確認）" });
  assert.equal(r.status, 303, r.text);
  const chief = await as("kakaricho");
  const ap = Math.max(...[...(await chief.get("/approvals")).text.matchAll(/action="\/approvals\/(\d+)"/g)].map((x) => Number(x[1])));
  r = await chief.post(`/approvals/${ap}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303, r.text);
  const [nid, ntotal, nusage] = sql(`SELECT id, total_yen, usage FROM bills WHERE replaces = ${id}`).split("|").map(Number);
  assert.ok(nid > 0 && ntotal < total, `${total} → ${ntotal}`);
  const j = report("billing", ["--cycle", cycle]);
  const corr = j.sections.find((s) => s.key === "corrections");
  const row = corr.rows.find((x) => x.key === "correct");
  assert.deepEqual([row.bills, row.total_yen, row.volume_m3], [1, ntotal - total, nusage - usage]);
  const list = suido(ctx, ["bill", "list", "--cycle", cycle]).stdout.trim().split("\n").map((l) => l.split("\t").map(Number));
  assert.equal(j.bills, list.length);
  assert.equal(j.total_yen, list.reduce((t, x) => t + x[4], 0));
});

test(`[${engine}] 調定統計 of a fiscal year and of a range are the sums of their cycles`, () => {
  const y = report("billing", ["--year", String(fy)]);
  assert.deepEqual([y.period.kind, y.period.from, y.period.to, y.period.months], ["year", `${fy}-04-01`, `${fy + 1}-03-31`, 12]);
  const [n, t] = sql(`SELECT COUNT(*), SUM(total_yen) FROM bills WHERE status = 'current' AND cycle BETWEEN '${fy}-04' AND '${fy + 1}-03'`).split("|");
  assert.deepEqual([y.bills, y.total_yen], [num(n), num(t)]);
  const months = y.sections.find((s) => s.key === "by_month").rows;
  assert.ok(months.length >= 1);
  const from = months[0].key, to = months.at(-1).key;
  const r = report("billing", ["--from", from, "--to", to]);
  assert.equal(r.total_yen, months.reduce((s, m) => s + m.total_yen, 0));
});

test(`[${engine}] 収納統計: the collection rates computed by hand from the allocations and bills equal the report's`, () => {
  const j = report("collections", ["--month", cycle]);
  const T = lastDay(cycle), start = `${fy}-04-01`, first = `${fy}-04`;
  // 現年度: the year's bills up to the period's last cycle, and what was allocated to them up to T
  const billed = num(sql(`SELECT SUM(total_yen) FROM bills WHERE status = 'current' AND cycle BETWEEN '${first}' AND '${cycle}'`));
  const paid = num(sql("SELECT SUM(a.amount) FROM allocations a JOIN bills b ON b.id = a.bill_id"
    + ` WHERE a.posted_on BETWEEN '${start}' AND '${T}' AND b.cycle BETWEEN '${first}' AND '${cycle}'`));
  // 過年度: what was unpaid at the year's first day of every earlier bill (its total less what is paid
  // now plus what was allocated to it since), and what was allocated to those bills up to T
  const carried = num(sql("SELECT SUM(b.total_yen - COALESCE(x.paid_yen, 0) + COALESCE((SELECT SUM(a.amount) FROM allocations a"
    + ` WHERE a.bill_id = b.id AND a.posted_on >= '${start}'), 0)) FROM bills b LEFT JOIN bill_balances x ON x.bill_id = b.id`
    + ` WHERE b.status = 'current' AND b.cycle < '${first}'`));
  const paidPrior = num(sql("SELECT SUM(a.amount) FROM allocations a JOIN bills b ON b.id = a.bill_id"
    + ` WHERE a.posted_on BETWEEN '${start}' AND '${T}' AND b.cycle < '${first}'`));
  const bp = (n, d) => (d > 0 ? Math.floor((n * 10000 + Math.floor(d / 2)) / d) : 0);
  assert.ok(billed > 0 && paid > 0, "the year has bills and payments");
  assert.deepEqual([j.current_billed_yen, j.current_ytd_yen, j.current_rate_bp], [billed, paid, bp(paid, billed)]);
  assert.deepEqual([j.prior_billed_yen, j.prior_ytd_yen, j.prior_rate_bp], [carried, paidPrior, bp(paidPrior, carried)]);
  // the month's collections by channel are its allocations, whatever the channel
  const month = num(sql(`SELECT SUM(amount) FROM allocations WHERE posted_on BETWEEN '${cycle}-01' AND '${T}'`));
  assert.equal(j.collected_yen, month);
  assert.equal(j.current_collected_yen + j.prior_collected_yen, month);
  // the unpaid bills today by age add up to the open bills' balance
  const open = num(sql("SELECT SUM(b.total_yen - COALESCE(x.paid_yen, 0)) FROM bill_open o JOIN bills b ON b.id = o.bill_id"
    + " LEFT JOIN bill_balances x ON x.bill_id = b.id"));
  assert.equal(j.unpaid_yen, open);
});

test(`[${engine}] 決算・水道統計: taps, volume and revenue of the year by use and diameter`, () => {
  const y = report("yearend", ["--year", String(fy)]);
  const b = report("billing", ["--year", String(fy)]);
  assert.equal(y.volume_m3, b.volume_m3);
  assert.equal(y.total_yen, b.total_yen);
  const taps = num(sql(`SELECT COUNT(DISTINCT tap_id) FROM bills WHERE status = 'current' AND cycle BETWEEN '${fy + 1}-02' AND '${fy + 1}-03'`));
  assert.equal(y.taps, taps);
  const dia = y.sections.find((s) => s.key === "by_diameter");
  assert.equal(dia.total.taps, taps);
  assert.equal(dia.total.total_yen, b.total_yen);
});

test(`[${engine}] the screens: the menu, a report with its chart, CSV, Excel and PDF, each export audited`, async () => {
  const menu = await clerk.get("/stats");
  assert.equal(menu.status, 200);
  for (const name of ["billing", "collections", "yearend"]) assert.match(menu.text, new RegExp(`href="/stats/${name}"`));
  const j = report("billing", ["--cycle", cycle]);
  const page = await clerk.get(`/stats/billing?month=${cycle}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<svg[^>]*class="stats-chart"/);
  const total = page.text.match(/<tr id="st-head-total_yen">[\s\S]*?<td class="num">¥([0-9,]+)<\/td>/);
  assert.ok(total, "the headline 調定額");
  assert.equal(Number(total[1].replace(/,/g, "")), j.total_yen);
  const year = await clerk.get(`/stats/collections?year=${fy}`);
  assert.equal(year.status, 200);
  assert.match(year.text, /収納率/);
  const before = num(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'stats.export'"));
  const csv = await bin(clerk, `/stats/billing.csv?month=${cycle}`);
  assert.equal(csv.status, 200);
  const text = csv.body.toString("utf8");
  assert.ok(text.startsWith("\uFEFF調定統計,"));
  assert.ok(text.includes(`調定額,${j.total_yen},円`));
  const sjis = await bin(clerk, `/stats/billing.csv?month=${cycle}&encoding=cp932`);
  assert.equal(sjis.status, 200);
  assert.ok(new TextDecoder("shift_jis").decode(sjis.body).includes(`調定額,${j.total_yen},円`));
  const xlsx = await bin(clerk, `/stats/billing.xlsx?month=${cycle}`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.disposition, /attachment/);
  const path = join(ctx.dir, "billing.xlsx");
  writeFileSync(path, xlsx.body);
  const cells = xlsxCells(path);
  const row = Object.entries(cells).find(([k, v]) => k.startsWith("A") && v === "調定額");
  assert.ok(row, "the 概要 sheet names 調定額");
  assert.equal(cells[`B${row[0].slice(1)}`], j.total_yen);
  const pdf = await bin(clerk, `/stats/yearend.pdf?year=${fy}`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, "application/pdf");
  assert.equal(pdf.body.subarray(0, 5).toString(), "%PDF-");
  const pdfPath = join(ctx.dir, "yearend.pdf");
  writeFileSync(pdfPath, pdf.body);
  const t = spawnSync("pdftotext", ["-layout", pdfPath, "-"], { encoding: "utf8" });
  if (t.status === 0) assert.match(t.stdout, /決算・水道統計/);
  assert.equal(num(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'stats.export'")), before + 4);
  // the auditor role has no view of the customers' ledgers
  const kansa = await as("kansa");
  assert.equal((await kansa.get(`/stats/billing?month=${cycle}`)).status, 403);
});

test(`[${engine}] bad input: a Japanese message naming the field, exit 2 and HTTP 400 with what was typed kept`, async () => {
  const cases = [
    [["billing", "--cycle", "2026-13"], /^--cycle: 月は「2026-04」のように/],
    [["billing", "--from", "2026-05", "--to", "2026-01"], /^--to: 終了月（2026-01）は開始月（2026-05）と同じか後の月/],
    [["billing", "--year", "26"], /^--year: 年度は「2026」のように/],
    [["nosuch"], /^NAME: 統計「nosuch」はありません/],
    [["billing", "--format", "doc"], /^--format: 「doc」は使えません/],
  ];
  for (const [args, msg] of cases) {
    const r = suido(ctx, ["report", ...args]);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, msg, args.join(" "));
  }
  const bad = await clerk.get("/stats/billing?month=2026-13");
  assert.equal(bad.status, 400);
  assert.match(bad.text, /月は「2026-04」のように年-月で入力してください/);
  assert.match(bad.text, /name="month" value="2026-13"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="month" value="2026-13"/);
  const range = await clerk.get("/stats/collections?from=2026-05&to=2026-01");
  assert.equal(range.status, 400);
  assert.match(range.text, /終了月（2026-01）は開始月（2026-05）と同じか後の月/);
  assert.match(range.text, /value="2026-05"/);
  const unknown = await clerk.get("/stats/nosuch");
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /統計「nosuch」はありません/);
  assert.equal((await clerk.get(`/stats/billing.doc?month=${cycle}`)).status, 400);
  assert.equal((await bin(clerk, "/stats/billing.csv?month=2026-13")).status, 400);
});
