// The reading, reception, registry and meter statistics (統計, issue 22 item 1 and issue 21
// item 5; docs/statistics.md, docs/meters.md) against the real binary and a real database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set).  Each report's figures are checked against
// the tables they count, with the sql helper: readings done / estimated / held / leak suspects
// of each cycle and reader equal the readings by kind and status; starts, stops and name changes
// by channel equal the service requests received; taps and customers equal the taps and the
// day's occupancies; meters by expiry year and the ten-year forecast equal the meter master;
// stock movements equal the meter history.  Bad input is refused naming the field (exit 2,
// HTTP 400 with what was typed kept); a role without the permission gets 403; an export is
// audited.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, formToken, makeEnv, startServer, stopServer, suido, sql as sqlOn, xlsxCells } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
const thisMonth = today.slice(0, 7);
const fiscalYear = (ym) => (Number(ym.slice(5, 7)) >= 4 ? Number(ym.slice(0, 4)) : Number(ym.slice(0, 4)) - 1);
let ctx, srv, clerk;
const sql = (text) => sqlOn(ctx, text);
/** Rows of a query as arrays of strings. */
const rows = (text) => { const t = sql(text); return t ? t.split("\n").map((l) => l.split("|")) : []; };

/** `suido report NAME ARGS --format json`, parsed. */
function report(name, ...args) {
  const r = suido(ctx, ["report", name, ...args, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const section = (rep, key) => {
  const s = rep.sections.find((x) => x.key === key);
  assert.ok(s, `${rep.report}: no section ${key}`);
  return s;
};
/** A section's rows as { key: row }. */
const byKey = (s) => Object.fromEntries(s.rows.map((r) => [r.key, r]));

async function as(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "60", "--years", "2", "--seed", "31"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  clerk = await as("tanto");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`検針統計: each cycle's and reader's readings by kind and status, as the readings table holds them (${engine})`, () => {
  const cycle = sql("SELECT MAX(cycle) FROM readings WHERE kind = 'actual'");
  // Give the demo's readings of the cycle some variety: two held, one leak suspect (noted, not
  // held), one confirmed after a hold, and a second reader.
  const ids = sql(`SELECT id FROM readings WHERE cycle = '${cycle}' AND kind = 'actual' AND status = 'accepted' ORDER BY id LIMIT 6`).split("\n");
  assert.equal(ids.length, 6);
  sql(`UPDATE readings SET status = 'held', reasons = 'high_prev' WHERE id IN (${ids[0]}, ${ids[1]})`);
  sql(`UPDATE readings SET reasons = 'leak' WHERE id = ${ids[2]}`);
  sql(`UPDATE readings SET reasons = 'high_prev,confirmed' WHERE id = ${ids[3]}`);
  sql(`UPDATE readings SET entered_by = 'kenshin' WHERE id IN (${ids[4]}, ${ids[5]}, ${ids[0]})`);

  const fy = fiscalYear(cycle);
  const rep = report("reading", "--year", String(fy));
  const where = `cycle BETWEEN '${fy}-04' AND '${fy + 1}-03' AND status <> 'replaced' AND kind IN ('actual', 'estimated')`;
  const counts = `COUNT(*), SUM(CASE WHEN kind = 'actual' THEN 1 ELSE 0 END), SUM(CASE WHEN kind = 'estimated' THEN 1 ELSE 0 END),
    SUM(CASE WHEN status = 'held' THEN 1 ELSE 0 END), SUM(CASE WHEN reasons LIKE '%confirmed%' THEN 1 ELSE 0 END),
    SUM(CASE WHEN reasons LIKE '%leak%' THEN 1 ELSE 0 END)`;
  const asRow = ([, ...n]) => n.map(Number);
  const shown = (r) => [r.readings, r.actual, r.estimated, r.held, r.confirmed, r.leak];

  const months = byKey(section(rep, "by_month"));
  const byCycle = rows(`SELECT cycle, ${counts} FROM readings WHERE ${where} GROUP BY cycle ORDER BY cycle`);
  assert.ok(byCycle.length >= 2);
  assert.deepEqual(Object.keys(months).sort(), byCycle.map((r) => r[0]));
  for (const r of byCycle) assert.deepEqual(shown(months[r[0]]), asRow(r), `cycle ${r[0]}`);
  assert.deepEqual(shown(months[cycle]).slice(3), [2, 1, 1], "held, confirmed, leak of the cycle changed above");

  const readers = byKey(section(rep, "by_reader"));
  const byReader = rows(`SELECT entered_by, ${counts} FROM readings WHERE ${where} GROUP BY entered_by ORDER BY entered_by`);
  assert.deepEqual(Object.keys(readers).sort(), byReader.map((r) => r[0]).sort());
  for (const r of byReader) assert.deepEqual(shown(readers[r[0]]), asRow(r), `reader ${r[0]}`);
  assert.equal(readers.kenshin.readings, 3);
  assert.equal(readers.kenshin.held, 1);

  const routes = section(rep, "by_route");
  const byRoute = rows(`SELECT t.route, COUNT(*) FROM readings r JOIN taps t ON t.id = r.tap_id
    WHERE r.cycle BETWEEN '${fy}-04' AND '${fy + 1}-03' AND r.status <> 'replaced' AND r.kind IN ('actual', 'estimated')
    GROUP BY t.route ORDER BY t.route`);
  assert.deepEqual(routes.rows.map((r) => [r.key, String(r.readings)]), byRoute);
  assert.equal(routes.total.readings, section(rep, "by_month").total.readings);
  assert.equal(rep.readings, Number(sql(`SELECT COUNT(*) FROM readings WHERE ${where}`)));
  assert.equal(rep.held, Number(sql(`SELECT COUNT(*) FROM readings WHERE ${where} AND status = 'held'`)));
});

/** File a request as a clerk does (the tap's reception form, then its POST). */
async function file(tap, kind, source, fields) {
  let token = {};
  for (const k of [kind, "stop", "start", "mail_address"]) {
    try { token = await formToken(clerk, `/taps/${tap}/reception?kind=${k}`, "reception-form"); break; } catch { /* next */ }
  }
  const r = await clerk.post(`/taps/${tap}/reception`, { csrf: clerk.csrf, kind, source, ...token, ...fields });
  assert.equal(r.status, 303, r.text.slice(0, 2000));
}

test(`受付統計: the requests received this month by channel and kind equal the service requests (${engine})`, async () => {
  const taps = sql(`SELECT t.tap_no FROM taps t JOIN occupancies o ON o.tap_id = t.id AND o.end_on IS NULL
    WHERE t.status = 'active' ORDER BY t.tap_no LIMIT 3`).split("\n");
  assert.equal(taps.length, 3);
  await file(taps[0], "stop", "counter", { stop_on: today, urgent: "1", settle: "slip" });
  await file(taps[1], "name_change", "phone", { effective_on: today, name: "統計 太郎", kana: "トウケイ タロウ" });
  await file(taps[2], "mail_address", "web", { effective_on: today, postal: "400-0031", mail_address: "甲府市丸の内2丁目" });

  const rep = report("reception", "--month", thisMonth);
  const [y, m] = thisMonth.split("-").map(Number);
  const from = Date.UTC(y, m - 1, 1) / 1000 - 9 * 3600, to = Date.UTC(y, m, 1) / 1000 - 9 * 3600;
  const received = rows(`SELECT source, kind, COUNT(*) FROM service_requests
    WHERE created_at >= ${from} AND created_at < ${to} GROUP BY source, kind ORDER BY source, kind`);
  const expect = {};
  for (const [source, kind, n] of received) {
    const e = (expect[source] ??= { requests: 0, start: 0, stop: 0, name_change: 0, other: 0 });
    e.requests += Number(n);
    e[["start", "stop", "name_change"].includes(kind) ? kind : "other"] += Number(n);
  }
  const channels = byKey(section(rep, "by_channel"));
  assert.deepEqual(Object.keys(channels).sort(), Object.keys(expect).sort());
  for (const [source, e] of Object.entries(expect))
    for (const k of Object.keys(e)) assert.equal(channels[source][k], e[k], `${source} ${k}`);
  assert.ok(channels.counter.stop >= 1 && channels.phone.name_change >= 1 && channels.web.other >= 1);
  assert.equal(channels.counter.label, "窓口");
  assert.equal(rep.requests, received.reduce((s, r) => s + Number(r[2]), 0));
  const kinds = byKey(section(rep, "by_kind"));
  assert.equal(kinds.stop.label, "使用中止（閉栓）");
  assert.equal(section(rep, "by_kind").total.requests, rep.requests);
});

test(`水栓・使用者統計: taps, taps in use and customers on the day equal the taps and occupancies (${engine})`, () => {
  const rep = report("registry", "--month", thisMonth);
  const live = `FROM taps t WHERE t.status <> 'removed'`;
  const inUse = `EXISTS (SELECT 1 FROM occupancies o WHERE o.tap_id = t.id AND o.start_on <= '${today}'
    AND (o.end_on IS NULL OR o.end_on > '${today}'))`;
  assert.equal(rep.taps, Number(sql(`SELECT COUNT(*) ${live}`)));
  assert.equal(rep.in_use, Number(sql(`SELECT COUNT(*) ${live} AND ${inUse}`)));
  assert.equal(rep.idle, rep.taps - rep.in_use);
  assert.equal(rep.customers, Number(sql(`SELECT COUNT(DISTINCT o.customer_id) FROM occupancies o JOIN taps t ON t.id = o.tap_id
    WHERE t.status <> 'removed' AND o.start_on <= '${today}' AND (o.end_on IS NULL OR o.end_on > '${today}')`)));
  const uses = byKey(section(rep, "by_use"));
  for (const [use, n, u] of rows(`SELECT t.use_code, COUNT(*), SUM(CASE WHEN ${inUse} THEN 1 ELSE 0 END) ${live} GROUP BY t.use_code`))
    assert.deepEqual([uses[use].taps, uses[use].in_use], [Number(n), Number(u)], use);
  const diameters = byKey(section(rep, "by_diameter"));
  for (const [d, n] of rows(`SELECT t.diameter, COUNT(*) ${live} GROUP BY t.diameter`)) {
    assert.equal(diameters[d].taps, Number(n), `${d}mm`);
    assert.equal(diameters[d].label, `${d}mm`);
  }
  // A year back: the taps whose first tenancy began later are not counted yet.
  const back = report("registry", "--month", `${Number(thisMonth.slice(0, 4)) - 1}${thisMonth.slice(4)}`);
  assert.ok(back.taps <= rep.taps);
});

test(`メーター: stock movements, expiry years, the ten-year forecast and lots equal the meter master and its history (${engine})`, async () => {
  const [contractor] = sql(`SELECT designation_no FROM works_contractors WHERE status = 'active'
    AND valid_until > '${today}' AND designated_on < '${today}' ORDER BY id LIMIT 1`).split("|");
  const expiry = `${Number(today.slice(0, 4)) + 3}-06`;
  let r = suido(ctx, ["meter", "receive", "--diameter", "20", "--maker", "統計計器", "--serials", "ST100-ST109",
    "--expiry", expiry, "--lot", "L-STAT", "--date", today]);
  assert.equal(r.code, 0, r.stderr);
  for (const args of [["issue", "--serial", "ST100", "--to", contractor], ["return", "--serial", "ST100"],
                      ["issue", "--serial", "ST101", "--to", contractor]]) {
    r = suido(ctx, ["meter", ...args, "--date", today]);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  }

  // 在庫移動: this month's moves by kind equal the history's rows.
  const moves = report("meter_moves", "--month", thisMonth);
  const ev = (cond) => Number(sql(`SELECT COUNT(*) FROM meter_events WHERE on_date LIKE '${thisMonth}-%' AND ref <> 'migration' AND ${cond}`));
  const month = byKey(section(moves, "by_month"))[thisMonth];
  assert.equal(month.received, ev("to_status = 'stock' AND from_status IN ('', 'ordered')"));
  assert.equal(month.issued, ev("to_status = 'issued'"));
  assert.equal(month.returned, ev("to_status = 'stock' AND from_status = 'issued'"));
  assert.equal(month.installed, ev("to_status = 'installed'"));
  assert.equal(month.removed, ev("to_status = 'removed'"));
  assert.equal(month.moves, ev("1 = 1"));
  assert.ok(month.received >= 10 && month.issued >= 2 && month.returned >= 1);
  const d20 = byKey(section(moves, "by_diameter"))["20"];
  assert.equal(d20.received, Number(sql(`SELECT COUNT(*) FROM meter_events e JOIN meters m ON m.id = e.meter_id
    WHERE e.on_date LIKE '${thisMonth}-%' AND e.ref <> 'migration' AND m.diameter = 20 AND e.to_status = 'stock' AND e.from_status IN ('', 'ordered')`)));

  // 検定満了: by fiscal year and status, and the forecast of the meters in service.
  const exp = report("meter_expiry");
  const master = rows("SELECT substr(certified_until, 1, 7), diameter, status, COUNT(*) FROM meters WHERE status <> 'scrapped' GROUP BY 1, 2, 3");
  const years = {}, due = {};
  const fy0 = fiscalYear(thisMonth);
  for (const [ym, d, st, n] of master) {
    const fy = fiscalYear(ym);
    const y = (years[fy] ??= { meters: 0, stock: 0, issued: 0, installed: 0 });
    y.meters += Number(n);
    if (st in y) y[st] += Number(n);
    if (["stock", "issued", "installed"].includes(st) && fy < fy0 + 10) {
      const key = fy < fy0 ? "overdue" : String(fy);
      due[key] = (due[key] ?? 0) + Number(n);
    }
  }
  const byYear = byKey(section(exp, "by_year"));
  assert.deepEqual(Object.keys(byYear).sort(), Object.keys(years).sort());
  for (const [fy, y] of Object.entries(years))
    for (const k of Object.keys(y)) assert.equal(byYear[fy][k], y[k], `FY${fy} ${k}`);
  const forecast = section(exp, "forecast");
  assert.equal(forecast.rows.length, 11, "満了済 and ten years");
  assert.deepEqual(forecast.rows.map((x) => x.key), ["overdue", ...Array.from({ length: 10 }, (_, i) => String(fy0 + i))]);
  for (const row of forecast.rows) assert.equal(row.due, due[row.key] ?? 0, `forecast ${row.key}`);
  assert.ok(byKey(forecast)[String(fiscalYear(expiry))].d20 >= 10, "the lot received above expires that year");
  assert.equal(exp.meters, Number(sql("SELECT COUNT(*) FROM meters WHERE status <> 'scrapped'")));

  // メーカー・ロット別: the lot received above, by status.
  const lots = report("meter_lot");
  const lot = section(lots, "by_lot").rows.find((x) => x.label.startsWith("統計計器／L-STAT／20mm"));
  assert.ok(lot, "the lot's row");
  assert.deepEqual([lot.meters, lot.stock, lot.issued, lot.installed], [10, 9, 1, 0]);
  const makers = byKey(section(lots, "by_maker"));
  for (const [maker, n] of rows("SELECT maker, COUNT(*) FROM meters GROUP BY maker")) assert.equal(makers[maker].meters, Number(n), maker);
});

test(`the screens: the forecast's chart and table, the Excel file, exports audited; 403 without the permission (${engine})`, async () => {
  const page = await clerk.get("/stats/meter_expiry");
  assert.equal(page.status, 200, page.text.slice(0, 500));
  assert.match(page.text, /<svg[^>]*id="st-chart"/);
  assert.match(page.text, /id="st-forecast"/);
  assert.match(page.text, /満了済/);
  const menu = await clerk.get("/stats");
  for (const name of ["reading", "reception", "registry", "meter_expiry", "meter_moves", "meter_lot"])
    assert.match(menu.text, new RegExp(`href="/stats/${name}"`), name);

  const before = Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'stats.export'"));
  const res = await fetch(`${srv.base}/stats/meter_expiry.xlsx`, { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(res.status, 200);
  const path = join(ctx.dir, "expiry.xlsx");
  writeFileSync(path, Buffer.from(await res.arrayBuffer()));
  const cells = xlsxCells(path);
  assert.ok(Object.values(cells).some((v) => String(v).includes("メーター検定満了")), "the title in the workbook");
  assert.ok(readFileSync(path).length > 1000);
  assert.equal(Number(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'stats.export'")), before + 1);

  const auditor = await as("kansa");
  assert.equal((await auditor.get("/stats/meter_lot")).status, 403);
  assert.equal((await auditor.get("/stats/reading")).status, 403);
});

test(`bad input is refused naming the field: exit 2, HTTP 400 with what was typed kept (${engine})`, async () => {
  let r = suido(ctx, ["report", "reading", "--month", "2026-13"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--month: /);
  r = suido(ctx, ["report", "meter_moves", "--from", "2026-05", "--to", "2026-04"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--to: .*開始月/);
  r = suido(ctx, ["report", "meters_by_magic"]);
  assert.equal(r.code, 2);
  const page = await clerk.get("/stats/reception?month=2026-13");
  assert.equal(page.status, 400);
  assert.match(page.text, /value="2026-13"/);
  assert.match(page.text, /月は「2026-04」のように/);
});
