// Billing periods (issue 15) against the real binary and database (SQLite, or
// PostgreSQL when SUIDO_TEST_DB is set): every bill of a demo city spans its
// route's normal period, and a billing run never bills silently a period far
// longer than the route's ([billing] max_period_ratio, 1.5 by default): the
// tap is skipped as 「使用期間が通常より長い」 until a 係長 confirms it, and
// then billed for no more than the limitation allows (5 years back).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, demoCycle, makeEnv, optionValues, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv;

/** Read-only look at the test database (sqlite3 or psql). */
const sql = (text) => sqlOn(ctx, text);
const dayNo = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
const isoOf = (n) => new Date(n * 86400000).toISOString().slice(0, 10);

async function login(username) {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text);
  return c;
}
/** A client logged in through the API (lib.mjs Client.apiLogin). */
const apiLogin = (username) => new Client(srv.base).apiLogin(username, DEMO);
const getJson = (c, path) => c.getJson(path);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "19"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] no current bill of a demo city is longer than 1.5 times its route's period`, () => {
  const rows = sql("SELECT b.period_from, b.period_to, rt.grp, b.months FROM bills b JOIN taps t ON t.id = b.tap_id"
                   + " JOIN routes rt ON rt.code = t.route WHERE b.status = 'current'").split("\n").filter(Boolean);
  assert.ok(rows.length > 1000, `bills of the demo city: ${rows.length}`);
  let longest = 0;
  for (const row of rows) {
    const [from, to, grp, months] = row.split("|");
    const days = dayNo(to) - dayNo(from);
    const normal = grp === "monthly" ? 30 : 61;
    assert.ok(days <= normal * 1.5, `a bill of ${grp} from ${from} to ${to} (${days} days)`);
    assert.ok(Number(months) <= (grp === "monthly" ? 1 : 2), `${from}..${to} priced as ${months} months`);
    longest = Math.max(longest, days);
  }
  assert.ok(longest >= 28, `the longest period: ${longest} days`);
  // nothing of the demo waits for a confirmation
  assert.equal(sql("SELECT COUNT(*) FROM bill_skips WHERE reason = 'long_period'"), "0");
});

/** A tap registered now whose meter went in years ago (a late registration,
 *  a migration): its only reading before this cycle's is the meter's start. */
async function tapWithOldMeter(tanto, route, suffix, since) {
  const form = await tanto.get("/taps/new");
  assert.equal(form.status, 200);
  const area = optionValues(form.text, "area_code")[0];
  const kana = suffix === "1" ? "ナガキ　イチロウ" : "ナガキ　ジロウ";
  const r = await tanto.post("/taps/new", { csrf: tanto.csrf, area_code: area, address: `${suffix}番1号`,
    diameter: "13", use_code: "household", sewer: "self", route, route_order: "9990", start_on: since,
    name: `長期　${suffix}郎`, kana, phone: "055-111-2222" });
  assert.equal(r.status, 303, r.text);
  const tapNo = decodeURIComponent(r.location.match(/\/karte\/([^/?]+)/)[1]);
  await tanto.get(`/taps/${tapNo}/meter`);
  const m = await tanto.post(`/taps/${tapNo}/meter`, { csrf: tanto.csrf, on: since, meter_no: `ML${tapNo}`,
    maker: "東洋計器", diameter: "13", digits: "5", start_value: "100", certified_until: "" });
  assert.equal(m.status, 303, m.text);
  return tapNo;
}

test(`[${engine}] a demo city's past months hold a real month's exceptions: estimates billed as such, mistyped readings re-read`, () => {
  const open = demoCycle();
  const count = (where) => Number(sql(`SELECT COUNT(*) FROM readings WHERE cycle < '${open}' AND ${where}`).trim());
  const actual = count("kind = 'actual' AND status = 'accepted'");
  const estimated = count("kind = 'estimated' AND status = 'accepted'");
  const replaced = count("status = 'replaced' AND reread = 1");
  // about 3 and 5 in 1,000 of the readings
  assert.ok(estimated > 0 && estimated < actual / 100, `estimated ${estimated} of ${actual}`);
  assert.ok(replaced > 0 && replaced < actual / 50, `replaced ${replaced} of ${actual}`);
  // each mistyped entry has its re-read, accepted, on the same tap and day
  const orphans = count("status = 'replaced' AND NOT EXISTS (SELECT 1 FROM readings a WHERE a.tap_id = readings.tap_id"
                        + " AND a.read_on = readings.read_on AND a.status = 'accepted')");
  assert.equal(orphans, 0);
  // the bills of estimated readings say so (the next actual reading settles the difference)
  const billedEstimated = Number(sql("SELECT COUNT(*) FROM bills b JOIN readings r ON r.id = b.reading_id"
                                     + " WHERE r.kind = 'estimated' AND b.status = 'current' AND b.estimated = 1").trim());
  const billedOfEstimates = Number(sql("SELECT COUNT(*) FROM bills b JOIN readings r ON r.id = b.reading_id"
                                       + " WHERE r.kind = 'estimated' AND b.status = 'current'").trim());
  assert.ok(billedEstimated > 0, "bills of estimated readings");
  assert.equal(billedEstimated, billedOfEstimates);
});

test(`[${engine}] a period far longer than the route's is held until a 係長 confirms it, then billed within the limitation`, async () => {
  const reader = await apiLogin("kenshin");
  const me = await getJson(reader, "/api/v1/me");
  const cycle = me.cycle;
  const routes = (await getJson(reader, `/api/v1/routes?cycle=${cycle}`)).routes;
  const route = routes.map((r) => r.code).find((c) => !c.startsWith("L"));
  assert.ok(route, `a bimonthly route read in ${cycle}`);
  const since = isoOf(dayNo(me.today) - 7 * 365);    // seven years ago
  const tanto = await login("tanto");
  const tapA = await tapWithOldMeter(tanto, route, "1", since);
  const tapB = await tapWithOldMeter(tanto, route, "2", since);
  for (const tapNo of [tapA, tapB]) {
    const r = await reader.request("POST", "/api/v1/readings", {
      json: { tap_no: tapNo, read_on: me.today, value: 100 + 7 * 12 * 10 },
      headers: { "X-CSRF-Token": reader.csrf } });
    assert.equal(r.status, 200, r.text);
    const body = JSON.parse(r.text);
    if (body.status !== "accepted") {   // no history to compare with: a 担当 may have to confirm it
      const chief = await apiLogin("kakaricho");
      const ok = await chief.request("POST", `/api/v1/readings/${body.reading_id}/confirm`, {
        json: {}, headers: { "X-CSRF-Token": chief.csrf } });
      assert.equal(ok.status, 200, ok.text);
    }
  }

  // The run bills neither: both are listed with the reason.
  const run = suido(ctx, ["bill", "run", "--cycle", cycle]);
  assert.equal(run.code, 3, run.stdout + run.stderr);
  assert.match(run.stdout, /使用期間が通常より長い 2 件/);
  const skips = suido(ctx, ["bill", "skips", "--cycle", cycle]).stdout;
  for (const tapNo of [tapA, tapB])
    assert.match(skips, new RegExp(`^${tapNo}\\tlong_period\\t使用期間 ${since}〜${me.today}（${7 * 365} 日）が通常（61 日）の 1.5 倍`, "m"));
  assert.equal(suido(ctx, ["bill", "show", "--tap", tapA, "--cycle", cycle]).code !== 0, true, "no bill yet");

  // The skipped taps' screen lists them; a 係長 has the button, a 担当 does not and is refused.
  const chief = await login("kakaricho");
  const page = await chief.get(`/billing/skips?cycle=${cycle}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /使用期間が通常より長い/);
  assert.match(page.text, new RegExp(`id="confirm-period-${tapA}"`));
  const asClerk = await tanto.get(`/billing/skips?cycle=${cycle}`);
  assert.doesNotMatch(asClerk.text, /id="confirm-period-/);
  const refused = await tanto.post("/billing/skips/confirm", { csrf: tanto.csrf, tap: tapA, cycle });
  assert.equal(refused.status, 403);
  // A hostile client: no login (sent to the login page; a 2 MiB body is read and dropped, never
  // parsed), a 係長's session without the CSRF token: nothing is confirmed.
  const anon = new Client(srv.base);
  const noLogin = await anon.post("/billing/skips/confirm", { tap: tapA, cycle });
  assert.equal(noLogin.status, 303);
  assert.match(noLogin.location, /^\/login/);
  const huge = await anon.request("POST", "/billing/skips/confirm", {
    body: `tap=${tapA}&cycle=${cycle}&pad=${"x".repeat(2 << 20)}`,
    headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  assert.ok(huge.status === 303 || huge.status === 413, `${huge.status}`);
  const noCsrf = await chief.post("/billing/skips/confirm", { tap: tapA, cycle });
  assert.equal(noCsrf.status, 403);
  assert.equal(sql("SELECT COUNT(*) FROM bill_period_confirms"), "0", "nothing confirmed by them");
  const ok = await chief.post("/billing/skips/confirm", { csrf: chief.csrf, tap: tapA, cycle });
  assert.equal(ok.status, 303, ok.text);
  assert.match(ok.location, new RegExp(`/billing/skips\\?cycle=${cycle}`));
  // A tap that waits for nothing cannot be confirmed.
  const none = await chief.post("/billing/skips/confirm", { csrf: chief.csrf, tap: tapA, cycle: demoCycle(3) });
  assert.equal(none.status, 409);
  // The other one from the command line.
  const cli = suido(ctx, ["bill", "confirm-period", "--tap", tapB, "--cycle", cycle]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, new RegExp(`period of ${7 * 365} days confirmed`));
  // Both confirmations are audited.
  assert.equal(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'bill.period_confirm'"), "2");
  assert.match(sql("SELECT actor FROM audit_log WHERE action = 'bill.period_confirm' ORDER BY seq LIMIT 1"), /kakaricho/);
  // A reload of the 係長's POST confirms the same period again: still one confirmation per tap.
  const reload = await chief.post("/billing/skips/confirm", { csrf: chief.csrf, tap: tapA, cycle });
  assert.equal(reload.status, 303, reload.text);
  assert.equal(sql("SELECT COUNT(*) FROM bill_period_confirms"), "2");

  // The next run bills them, never further back than 5 years, usage prorated by days.
  const again = suido(ctx, ["bill", "run", "--cycle", cycle]);
  assert.ok(again.code === 0 || again.code === 3, again.stdout + again.stderr);
  assert.doesNotMatch(again.stdout, /使用期間が通常より長い/);
  for (const tapNo of [tapA, tapB]) {
    const show = suido(ctx, ["bill", "show", "--tap", tapNo, "--cycle", cycle]);
    assert.equal(show.code, 0, show.stderr);
    const b = JSON.parse(show.stdout);
    assert.equal(b.period_to, me.today);
    // the same day 5 years earlier (29 February: the 28th)
    const limit = `${Number(me.today.slice(0, 4)) - 5}${me.today.slice(4)}`.replace(/-02-29$/, "-02-28");
    assert.equal(b.period_from, limit, "the days older than 5 years are not billed");
    const kept = dayNo(me.today) - dayNo(limit);
    assert.equal(b.usage, Math.floor(840 * kept / (7 * 365)), "the usage prorated to the days billed");
    assert.ok(b.total_yen > 0);
  }
  assert.doesNotMatch(suido(ctx, ["bill", "skips", "--cycle", cycle]).stdout, new RegExp(tapA));
});

test(`[${engine}] [billing] max_period_ratio: a decimal from 1.0 to 100, anything else is refused by name`, () => {
  const ini = join(ctx.dir, "ratio.ini");
  const withRatio = (v) => {
    writeFileSync(ini, `[billing]\nmax_period_ratio = ${v}\n`);
    return suido({ ...ctx, env: { ...ctx.env, SUIDO_CONFIG: ini } }, ["bill", "runs"]);
  };
  for (const good of ["1.5", "2", "1.25", "100"]) assert.equal(withRatio(good).code, 0, good);
  for (const bad of ["0.9", "abc", "1.", "1.555", "101", ""]) {
    const r = withRatio(bad);
    assert.notEqual(r.code, 0, `max_period_ratio = ${bad}`);
    assert.match(r.stderr, /max_period_ratio/);
  }
});
