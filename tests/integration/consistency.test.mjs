// The consistency lists (漏れ防止, issue 22 item 3, docs/consistency.md) against the real binary and
// database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city: each anomaly made
// with SQL on a tap of its own — a bill without sewer in a sewered area, sewer 0 m³ under water
// usage, a complex's child tap off its parent's sewer, a meter of another diameter, usage read
// with no customer, three estimated bills in a row, a water charge below the base — is listed
// with a link to the tap's カルテ, in the CSV, in `suido check run`, and counted on the home of a
// 担当 and a 係長 (not a 閲覧's); put right, it is gone from each.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
const LISTS = ["no-sewer", "sewer-zero", "child-sewer", "diameter", "no-customer", "estimated", "under-base"];
let ctx, srv, cycle;
const sql = (text) => sqlOn(ctx, text);
const used = new Set();
const notUsed = () => used.size ? ` AND t.tap_no NOT IN (${[...used].map((x) => `'${x}'`).join(",")})` : "";

/** A tap (and its bill of the cycle) matching cond on bills b / taps t, not used by another list. */
function pick(cond, extraFrom = "") {
  const row = sql(`SELECT t.tap_no, b.id FROM bills b JOIN taps t ON t.id = b.tap_id ${extraFrom} WHERE b.cycle = '${cycle}'`
    + ` AND b.status = 'current' AND ${cond}${notUsed()} ORDER BY t.tap_no LIMIT 1`);
  assert.ok(row, `a tap for: ${cond}`);
  const [tap, bill] = row.split("|");
  used.add(tap);
  return { tap, bill: Number(bill) };
}
async function login(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}
const tile = (html, code) => {
  const m = html.match(new RegExp(`id="home-check-${code}"><dt>[^<]*</dt><dd><a href="([^"]*)">(\\d+) 件</a>`));
  return m ? { href: m[1].replace(/&amp;/g, "&"), n: Number(m[2]) } : null;
};
function cliCounts() {
  const r = suido(ctx, ["check", "run"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`周期 ${cycle}`));
  return Object.fromEntries(r.stdout.trim().split("\n").slice(1).map((l) => l.trim().split(/\s+/)).map(([c, n]) => [c, Number(n)]));
}

// The anomalies: make(), then undo() puts it right.  Each remembers its tap.
const anomalies = {
  "no-sewer": () => {
    const a = pick("b.sewer_operator = 'self' AND b.usage > 0");
    return { tap: a.tap, make: `UPDATE bills SET sewer_operator = 'none' WHERE id = ${a.bill}`,
             undo: `UPDATE bills SET sewer_operator = 'self' WHERE id = ${a.bill}` };
  },
  "sewer-zero": () => {
    const a = pick("b.sewer_operator = 'self' AND b.usage > 0 AND b.sewer_usage > 0");
    const was = sql(`SELECT sewer_usage FROM bills WHERE id = ${a.bill}`);
    return { tap: a.tap, make: `UPDATE bills SET sewer_usage = 0 WHERE id = ${a.bill}`,
             undo: `UPDATE bills SET sewer_usage = ${was} WHERE id = ${a.bill}` };
  },
  "child-sewer": () => {
    // a complex (特団) whose application names the parent tap, one child tap switched off sewer
    const parent = pick("t.sewer = 'self'"), child = pick("t.sewer = 'self'");
    const area = sql(`SELECT area_code FROM taps WHERE tap_no = '${parent.tap}'`);
    sql("INSERT INTO works_applications (fy, seq, number, type, status, status_on, received_on, owner_name_enc,"
      + " owner_phone_enc, applicant_name_enc, applicant_phone_enc, area_code, address_enc, tap_id, diameter, use_code,"
      + " entered_by, created_at, updated_at) VALUES (2099, 1, 'T-31C', 'complex', 'completed', '2026-01-01', '2026-01-01',"
      + ` '', '', '', '', '${area}', '', (SELECT id FROM taps WHERE tap_no = '${parent.tap}'), 25, 'household', 'test', 0, 0)`);
    sql("INSERT INTO works_dwellings (application_id, no, label, diameter, tap_id) SELECT id, 1, '101', 20,"
      + ` (SELECT id FROM taps WHERE tap_no = '${child.tap}') FROM works_applications WHERE number = 'T-31C'`);
    return { tap: child.tap, make: `UPDATE taps SET sewer = 'none' WHERE tap_no = '${child.tap}'`,
             undo: `UPDATE taps SET sewer = 'self' WHERE tap_no = '${child.tap}'` };
  },
  "diameter": () => {
    const a = pick("EXISTS (SELECT 1 FROM meters m WHERE m.tap_id = b.tap_id AND m.status = 'installed' AND m.diameter = b.diameter)");
    const was = sql(`SELECT diameter FROM bills WHERE id = ${a.bill}`);
    const meter = `(SELECT id FROM meters WHERE tap_id = (SELECT tap_id FROM bills WHERE id = ${a.bill}) AND status = 'installed')`;
    return { tap: a.tap, make: `UPDATE meters SET diameter = ${Number(was) === 40 ? 50 : 40} WHERE id = ${meter}`,
             undo: `UPDATE meters SET diameter = ${was} WHERE id = ${meter}` };
  },
  "no-customer": () => {
    // a tap with one occupancy, read with usage in the cycle: its occupancy ended the day before
    const a = pick("b.usage > 0 AND (SELECT COUNT(*) FROM occupancies o WHERE o.tap_id = b.tap_id) = 1"
      + " AND (SELECT COUNT(*) FROM readings r WHERE r.tap_id = b.tap_id AND r.cycle = b.cycle AND r.status <> 'replaced') = 1");
    const occ = sql(`SELECT id FROM occupancies WHERE tap_id = (SELECT tap_id FROM bills WHERE id = ${a.bill})`);
    const start = sql(`SELECT start_on FROM occupancies WHERE id = ${occ}`);
    return { tap: a.tap, make: `UPDATE occupancies SET start_on = '2099-01-01' WHERE id = ${occ}`,
             undo: `UPDATE occupancies SET start_on = '${start}' WHERE id = ${occ}` };
  },
  "estimated": () => {
    const a = pick("b.estimated = 0 AND (SELECT COUNT(*) FROM bills b2 WHERE b2.tap_id = b.tap_id AND b2.status = 'current'"
      + ` AND b2.cycle <= '${cycle}') >= 3`);
    const ids = sql(`SELECT id FROM bills WHERE tap_id = (SELECT tap_id FROM bills WHERE id = ${a.bill}) AND status = 'current'`
      + ` AND cycle <= '${cycle}' ORDER BY cycle DESC LIMIT 3`).split("\n").join(",");
    const was = sql(`SELECT id || ':' || estimated FROM bills WHERE id IN (${ids})`).split("\n").map((x) => x.split(":"));
    return { tap: a.tap, make: `UPDATE bills SET estimated = 1 WHERE id IN (${ids})`,
             undo: was.map(([id, e]) => `UPDATE bills SET estimated = ${e} WHERE id = ${id};`).join(" ") };
  },
  "under-base": () => {
    const a = pick("b.water_yen > 0");
    const was = sql(`SELECT water_yen FROM bills WHERE id = ${a.bill}`);
    return { tap: a.tap, make: `UPDATE bills SET water_yen = 0 WHERE id = ${a.bill}`,
             undo: `UPDATE bills SET water_yen = ${was} WHERE id = ${a.bill}` };
  },
};
let made = {}, baseline = {};

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "31"]);
  assert.equal(d.code, 0, d.stderr);
  cycle = sql("SELECT MAX(cycle) FROM bills WHERE status = 'current'");
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] every list counted alike on the page, on the command line and on home`, async () => {
  baseline = cliCounts();
  assert.deepEqual(Object.keys(baseline), LISTS);
  const c = await login("tanto");
  const page = await c.get("/checks");
  assert.equal(page.status, 200);
  const home = (await c.get("/")).text;
  for (const code of LISTS) {
    const m = page.text.match(new RegExp(`id="check-${code}"[^>]*>.*?<td class="num">(\\d+) 件</td>`));
    assert.ok(m, `${code} on /checks`);
    assert.equal(Number(m[1]), baseline[code], code);
    assert.deepEqual(tile(home, code), { href: `/checks/${code}?cycle=${cycle}`, n: baseline[code] });
  }
  assert.match((await c.get("/billing")).text, /href="\/checks" id="checks-link"/, "reached from 調定処理");
  // a 閲覧 acts on none of them: no tiles, no page
  const v = await login("etsuran");
  assert.equal(tile((await v.get("/")).text, "no-sewer"), null);
  assert.equal((await v.get("/checks")).status, 403);
});

test(`[${engine}] each anomaly is listed with its カルテ, in the CSV and counted on home`, async () => {
  for (const [code, f] of Object.entries(anomalies)) {
    made[code] = f();
    sql(made[code].make);
  }
  const counts = cliCounts();
  const c = await login("kakaricho");
  const home = (await c.get("/")).text;
  for (const code of LISTS) {
    const { tap } = made[code];
    const r = await c.get(`/checks/${code}?cycle=${cycle}`);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes(`<a href="/karte/${tap}">${tap}</a>`), `${code}: tap ${tap} listed with its カルテ`);
    const csv = await c.get(`/checks/${code}.csv?cycle=${cycle}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type"), /text\/csv/);
    assert.ok(csv.text.split("\r\n").some((l) => l.startsWith(`${tap},`) && l.endsWith(`,/karte/${tap}`)), `${code} CSV`);
    const sjis = await c.get(`/checks/${code}.csv?cycle=${cycle}&encoding=cp932`);
    assert.match(sjis.headers.get("content-type"), /Shift_JIS/);
    assert.ok(counts[code] >= baseline[code] + 1, `${code}: ${baseline[code]} → ${counts[code]}`);
    assert.equal(tile(home, code).n, counts[code], `${code} on home`);
    const n = Number(r.text.match(/id="check-total">[^:]*: (\d+) 件/)[1]);
    assert.equal(n, counts[code]);
  }
});

test(`[${engine}] home shows the counts as last taken, with their time, and counts afresh when they are old`, async () => {
  // the counts were just taken by `suido check run` (the test before): put one right behind their back
  const kept = cliCounts();
  sql(made["no-sewer"].undo);
  const c = await login("kakaricho");
  let home = (await c.get("/")).text;
  assert.equal(tile(home, "no-sewer").n, kept["no-sewer"], "home answers from the kept counts");
  const at = Number(sql(`SELECT MIN(counted_at) FROM check_counts WHERE cycle = '${cycle}'`));
  const jst = new Date((at + 9 * 3600) * 1000).toISOString().replace("T", " ").slice(0, 16);
  assert.ok(home.includes(`${cycle} 周期の調定を点検した件数です（${jst} 時点）。`), `the time counted, ${jst}`);
  // older than [checks] home_max_age (900 s): counted again
  sql(`UPDATE check_counts SET counted_at = counted_at - 901 WHERE cycle = '${cycle}'`);
  home = (await c.get("/")).text;
  assert.equal(tile(home, "no-sewer").n, kept["no-sewer"] - 1, "counted afresh");
  // the 点検 page always counts, and leaves its counts for home
  sql(made["no-sewer"].make);
  const page = await c.get("/checks");
  assert.match(page.text, new RegExp(`id="check-no-sewer"[^>]*>.*?<td class="num">${kept["no-sewer"]} 件</td>`));
  assert.equal(tile((await c.get("/")).text, "no-sewer").n, kept["no-sewer"]);
});

test(`[${engine}] put right, each is gone`, async () => {
  for (const code of LISTS) sql(made[code].undo);
  assert.deepEqual(cliCounts(), baseline);
  const c = await login("tanto");
  const home = (await c.get("/")).text;
  for (const code of LISTS) {
    const r = await c.get(`/checks/${code}`);
    assert.ok(!r.text.includes(`/karte/${made[code].tap}"`), `${code}: ${made[code].tap} gone`);
    assert.equal(tile(home, code).n, baseline[code]);
  }
});

test(`[${engine}] a bad cycle or list is refused naming the field`, async () => {
  const c = await login("tanto");
  let r = await c.get("/checks?cycle=2026-13");
  assert.equal(r.status, 400);
  assert.match(r.text, /検針周期は YYYY-MM/);
  assert.match(r.text, /value="2026-13"/);
  r = await c.get("/checks/nothing");
  assert.equal(r.status, 404);
  const x = suido(ctx, ["check", "list", "nothing"]);
  assert.equal(x.code, 2);
  assert.match(x.stderr, /点検の一覧の名前/);
  const y = suido(ctx, ["check", "run", "--cycle", "26-01"]);
  assert.equal(y.code, 2);
});
