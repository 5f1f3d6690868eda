// Meter reading (検針) over HTTP against the real binary and database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): the guards that keep a
// wrong reading from being billed, refusals with reasons, CSV round trips in
// UTF-8 and CP932, handheld tokens, meter replacement and estimates.
// The demo city provides routes, meters, two years of history and the
// current month's schedule; each test takes its own taps from the pool of
// taps not yet read this cycle.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { Client, makeEnv, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, today, cycle;
let pool = [];   // unread taps with history, each used by one test only

/** A client logged in through the API (lib.mjs Client.apiLogin). */
const apiLogin = (username) => new Client(srv.base).apiLogin(username, DEMO);
const getJson = (c, path) => c.getJson(path);
async function postJson(c, path, json, extra = {}) {
  const r = await c.request("POST", path, { json, headers: { "X-CSRF-Token": c.csrf, ...extra } });
  let body = null;
  try { body = JSON.parse(r.text); } catch { /* not JSON */ }
  return { status: r.status, body, text: r.text };
}
/** The tap's expected usage this period, from the list's expected range. */
function normalUsage(item) {
  const span = 10 ** item.digits;
  const lo = (item.expected_low - item.prev_value + span) % span;
  return Math.max(1, lo + 3);
}
function take() {
  const it = pool.shift();
  assert.ok(it, "enough unread taps in the demo city");
  return it;
}
async function readings(c, tapNo) {
  return (await getJson(c, `/api/v1/taps/${tapNo}/readings`)).readings;
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "400", "--years", "2", "--seed", "5"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  const c = await apiLogin("kenshin");
  const me = await getJson(c, "/api/v1/me");
  today = me.today;
  cycle = me.cycle;
  const routes = (await getJson(c, `/api/v1/routes?cycle=${cycle}`)).routes;
  for (const r of routes) {
    const list = await getJson(c, `/api/v1/routes/${r.code}/list?cycle=${cycle}`);
    for (const it of list.items)
      if (!it.read && it.expected_low !== null && it.prev_value + 2000 < 10 ** it.digits && it.prev_read_on < today)
        pool.push({ ...it, route: r.code });
  }
  assert.ok(pool.length >= 30, `unread taps with history: ${pool.length}`);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a mistyped reading (the ¥1.57M incident) is held, not billed, until a re-read replaces it`, async () => {
  const reader = await apiLogin("kenshin");
  const it = take();
  const u = normalUsage(it);
  // 杵築市: a typing error made the usage about 45 times the usual one.
  const typo = await postJson(reader, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: it.prev_value + u * 45 });
  assert.equal(typo.status, 200, typo.text);
  assert.equal(typo.body.status, "held");
  assert.equal(typo.body.usage_m3, u * 45);
  const codes = typo.body.reasons.map((r) => r.code);
  assert.ok(codes.includes("high_prev"), codes.join());
  assert.match(typo.body.reasons[0].message, /著しく多い/);
  // Not billable: the tap's reading for the cycle is held, and the reader may not confirm it.
  let rs = await readings(reader, it.tap_no);
  assert.equal(rs[0].status, "held");
  const refused = await postJson(reader, `/api/v1/readings/${typo.body.reading_id}/confirm`, {});
  assert.equal(refused.status, 403);
  // The held queue shows it to the office.
  const held = await getJson(reader, "/api/v1/readings/held");
  assert.ok(held.readings.some((r) => r.id === typo.body.reading_id));
  // A re-read with the right value replaces the held one: one reading for the day, accepted.
  const reread = await postJson(reader, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: it.prev_value + u });
  assert.equal(reread.body.status, "accepted", reread.text);
  assert.equal(reread.body.usage_m3, u);
  rs = (await readings(reader, it.tap_no)).filter((r) => r.cycle === cycle);
  assert.equal(rs.length, 1);
  assert.equal(rs[0].value, it.prev_value + u);
});

test(`[${engine}] a lower reading on a 4-digit meter that is no plausible rollover (the 甲良町 incident) is held`, async () => {
  const reader = await apiLogin("kenshin");
  const it = pool.find((x) => x.digits === 4);
  pool = pool.filter((x) => x !== it);
  const r = await postJson(reader, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: it.prev_value - 4 });
  assert.equal(r.body.status, "held", r.text);
  assert.deepEqual(r.body.reasons.map((x) => x.code), ["lower"]);
  assert.equal(r.body.usage_m3, 9996, "what billing it as a rollover would have charged");
});

test(`[${engine}] a held reading is confirmed by a second person only`, async () => {
  const clerk = await apiLogin("tanto");
  const it = take();
  const r = await postJson(clerk, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: it.prev_value + normalUsage(it) * 30 });
  assert.equal(r.body.status, "held");
  const why = { reason: "来客が多かった（本人に電話で確認）" };
  const own = await postJson(clerk, `/api/v1/readings/${r.body.reading_id}/confirm`, why);
  assert.equal(own.status, 403);
  assert.match(own.body.message, /別の職員/);
  const chief = await apiLogin("kakaricho");
  // an outlier stands only with a reason
  const bare = await postJson(chief, `/api/v1/readings/${r.body.reading_id}/confirm`, {});
  assert.equal(bare.status, 400);
  assert.equal(bare.body.field, "reason");
  const ok = await postJson(chief, `/api/v1/readings/${r.body.reading_id}/confirm`, why);
  assert.equal(ok.status, 200, ok.text);
  const rs = await readings(chief, it.tap_no);
  assert.equal(rs[0].status, "accepted");
  assert.ok(rs[0].reasons.some((x) => x.code === "confirmed"));
  assert.equal((await postJson(chief, `/api/v1/readings/${r.body.reading_id}/confirm`, why)).status, 409);
});

test(`[${engine}] confirming on the screen: the usage against the previous period and last year, the amount it bills, a reason`, async () => {
  const clerk = await apiLogin("tanto");
  const it = take();
  const r = await postJson(clerk, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: it.prev_value + normalUsage(it) * 30 });
  assert.equal(r.body.status, "held");
  const chief = new Client(srv.base);
  assert.equal((await chief.login("kakaricho", DEMO)).status, 303);
  const list = await chief.get("/reading/held");
  assert.match(list.text, new RegExp(`href="/reading/held/${r.body.reading_id}"`));
  const view = await chief.get(`/reading/held/${r.body.reading_id}`);
  assert.equal(view.status, 200);
  const cell = (id) => view.text.match(new RegExp(`id="${id}">(.*?)</td>`))?.[1].replace(/<[^>]+>/g, "");
  assert.match(cell("held-usage"), new RegExp(`^${r.body.usage_m3} m³`));
  const hist = (await readings(chief, it.tap_no)).filter((x) => x.status === "accepted" && ["actual", "estimated"].includes(x.kind));
  assert.match(cell("held-prev"), new RegExp(`^${hist[0].usage_m3} m³`), "the previous period");
  const lastYear = hist.find((x) => x.cycle === `${Number(cycle.slice(0, 4)) - 1}${cycle.slice(4)}`);
  assert.match(cell("held-last-year"), lastYear ? new RegExp(`^${lastYear.usage_m3} m³`) : /記録なし/);
  const amount = cell("held-amount").match(/^¥([\d,]+)/);
  assert.ok(amount, cell("held-amount"));
  // without a reason: the page again, the field named, nothing decided
  const bare = await chief.post(`/reading/held/${r.body.reading_id}`, { csrf: chief.csrf, action: "confirm", reason: "" });
  assert.equal(bare.status, 400);
  assert.match(bare.text, /確定する理由を入力してください/);
  assert.equal((await readings(chief, it.tap_no))[0].status, "held");
  const ok = await chief.post(`/reading/held/${r.body.reading_id}`, { csrf: chief.csrf, action: "confirm", reason: "メーターを確認した" });
  assert.equal(ok.status, 303);
  assert.equal((await readings(chief, it.tap_no))[0].status, "accepted");
  // the amount shown is what the billing run prices for that reading
  const dry = suido(ctx, ["bill", "run", "--cycle", cycle, "--dry-run", "--list"]);
  const line = dry.stdout.split("\n").find((l) => l.startsWith(it.tap_no + "\t"));
  assert.ok(line, dry.stdout.slice(0, 200));
  assert.equal(Number(line.split("\t")[4]), Number(amount[1].replaceAll(",", "")));
});

test(`[${engine}] bad readings are refused with a reason naming the problem, and nothing is stored`, async () => {
  const reader = await apiLogin("kenshin");
  const it = take();
  const post = (json) => postJson(reader, "/api/v1/readings", json);
  let r = await post({ tap_no: "99999999", read_on: today, value: 10 });
  assert.equal(r.status, 422);
  assert.equal(r.body.status, "refused");
  assert.equal(r.body.reasons[0].code, "unknown_tap");
  assert.match(r.body.message, /99999999/);
  r = await post({ tap_no: it.tap_no, read_on: today, value: 10 ** it.digits });
  assert.equal(r.body.reasons[0].code, "digits");
  r = await post({ tap_no: it.tap_no, read_on: "2019-04-10", value: it.prev_value });
  assert.equal(r.body.reasons[0].code, "outside_cycle");
  r = await post({ tap_no: it.tap_no, read_on: "2999-01-01", value: it.prev_value });
  assert.equal(r.body.reasons[0].code, "future");
  r = await post({ tap_no: it.tap_no, read_on: today, value: "12a" });
  assert.equal(r.body.reasons[0].code, "bad_value");
  r = await post({ tap_no: it.tap_no, read_on: today, value: it.prev_value + 1, meter_no: "M99999999" });
  assert.equal(r.body.reasons[0].code, "unknown_meter");
  assert.deepEqual((await readings(reader, it.tap_no)).filter((x) => x.cycle === cycle), []);
  // The same meter and day: the same value is the same reading; another value is a duplicate.
  const v = it.prev_value + normalUsage(it);
  assert.equal((await post({ tap_no: it.tap_no, read_on: today, value: v })).body.status, "accepted");
  r = await post({ tap_no: it.tap_no, read_on: today, value: v });
  assert.equal(r.status, 200);
  assert.equal(r.body.duplicate, true);
  r = await post({ tap_no: it.tap_no, read_on: today, value: v + 1 });
  assert.equal(r.body.reasons[0].code, "duplicate");
  assert.equal((await readings(reader, it.tap_no)).filter((x) => x.cycle === cycle).length, 1);
  // Missing body fields are a 400 naming the field.
  const bad = await postJson(reader, "/api/v1/readings", { read_on: today, value: 1 });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, "tap_no");
});

test(`[${engine}] a closed tap's reading is refused`, async () => {
  const clerk = new Client(srv.base);
  await clerk.login("tanto", DEMO);
  const it = take();
  const tap = JSON.parse((await clerk.get(`/api/v1/taps/${it.tap_no}`)).text);
  const form = { csrf: clerk.csrf, area_code: tap.area_code, address: tap.address, diameter: String(tap.diameter),
                 use_code: tap.use, sewer: tap.sewer, route: tap.route, route_order: String(tap.route_order),
                 status: "closed", version: String(tap.version) };
  const ed = await clerk.post(`/taps/${it.tap_no}/edit`, form);
  assert.equal(ed.status, 303, ed.text.slice(0, 400));
  const reader = await apiLogin("kenshin");
  const r = await postJson(reader, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: it.prev_value + 3 });
  assert.equal(r.body.reasons[0].code, "closed");
});

test(`[${engine}] progress counts taps: one read and then closed keeps its route at most 100 % read, none unread below zero`, async () => {
  const clerk = new Client(srv.base);
  await clerk.login("tanto", DEMO);
  const reader = await apiLogin("kenshin");
  const it = take();
  const route = async () => (await getJson(reader, `/api/v1/routes?cycle=${cycle}`)).routes.find((r) => r.code === it.route);
  const before = await route();
  const r = await postJson(reader, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: it.prev_value + normalUsage(it) });
  assert.equal(r.body.status, "accepted", r.text);
  const tap = JSON.parse((await clerk.get(`/api/v1/taps/${it.tap_no}`)).text);
  const ed = await clerk.post(`/taps/${it.tap_no}/edit`, { csrf: clerk.csrf, area_code: tap.area_code, address: tap.address,
    diameter: String(tap.diameter), use_code: tap.use, sewer: tap.sewer, route: tap.route, route_order: String(tap.route_order),
    status: "closed", version: String(tap.version) });
  assert.equal(ed.status, 303, ed.text.slice(0, 300));
  const after = await route();
  assert.equal(after.total, before.total, "the tap read this cycle still counts on its route");
  assert.equal(after.read, before.read + 1);
  for (const x of (await getJson(reader, `/api/v1/routes?cycle=${cycle}`)).routes)
    assert.ok(x.read + x.held <= x.total, `${x.code}: ${x.read} + ${x.held} of ${x.total}`);
  // the menu counts the held queue of every cycle
  const held = (await getJson(reader, "/api/v1/readings/held")).readings.length;
  const page = (await clerk.get(`/reading?cycle=${cycle}`)).text;
  const link = page.match(/<a href="\/reading\/held" id="subnav-held">保留中の検針(?:（(\d+)）)?<\/a>/);
  assert.ok(link, "the held queue in the menu");
  assert.equal(Number(link[1] || 0), held);
});

test(`[${engine}] a retried client_id is stored once and answered the same`, async () => {
  const reader = await apiLogin("kenshin");
  const it = take();
  const json = { tap_no: it.tap_no, read_on: today, value: it.prev_value + normalUsage(it), client_id: "c0ffee00-1111-4222-8333-444455556666", source: "mobile" };
  const a = await postJson(reader, "/api/v1/readings", json);
  const b = await postJson(reader, "/api/v1/readings", json);
  assert.equal(a.body.status, "accepted");
  assert.equal(b.body.duplicate, true);
  assert.equal(b.body.reading_id, a.body.reading_id);
  const rs = (await readings(reader, it.tap_no)).filter((x) => x.cycle === cycle);
  assert.equal(rs.length, 1);
  assert.equal(rs[0].source, "mobile");
});

/** Parse our CSV (simple: no quotes inside the fields used here). */
function parseCsv(text) {
  return text.replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((f) => f.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"')));
}

test(`[${engine}] CSV round trip: export a route, fill it in, import; again is a no-op; CP932 too`, async () => {
  const clerk = await apiLogin("tanto");
  // A route with at least three unread taps in the pool.
  const byRoute = {};
  for (const it of pool) (byRoute[it.route] ||= []).push(it);
  const route = Object.keys(byRoute).find((k) => byRoute[k].length >= 3);
  assert.ok(route);
  const ours = byRoute[route];
  pool = pool.filter((x) => x.route !== route);
  const exp = await clerk.get(`/api/v1/routes/${route}/list.csv?cycle=${cycle}`);
  assert.equal(exp.status, 200);
  assert.match(exp.headers.get("content-disposition"), /attachment; filename="route-/);
  const rows = parseCsv(exp.text);
  const h = rows[0];
  assert.deepEqual(h.slice(0, 5), ["検針区", "順路", "水栓番号", "メーター番号", "桁数"]);
  const [iTap, iOn, iVal] = [h.indexOf("水栓番号"), h.indexOf("検針日"), h.indexOf("指針")];
  const filled = [h];
  let expected = 0;
  for (const r of rows.slice(1)) {
    const it = ours.find((x) => x.tap_no === r[iTap]);
    if (it) { r[iOn] = today; r[iVal] = String(it.prev_value + normalUsage(it)); expected++; }
    filled.push(r);   // rows left empty are "not read yet" and skipped
  }
  const csv = filled.map((r) => r.map((f) => (/[",\s]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",")).join("\r\n") + "\r\n";
  const imp = await clerk.request("POST", "/api/v1/readings/import", { body: csv, headers: { "X-CSRF-Token": clerk.csrf, "Content-Type": "text/csv" } });
  assert.equal(imp.status, 200, imp.text);
  const rep = JSON.parse(imp.text);
  assert.equal(rep.applied, true);
  assert.equal(rep.accepted + rep.held, expected, JSON.stringify({ rep, filled }));
  assert.equal(rep.refused, 0);
  // Importing the same file again stores nothing twice.
  const again = JSON.parse((await clerk.request("POST", "/api/v1/readings/import", { body: csv, headers: { "X-CSRF-Token": clerk.csrf, "Content-Type": "text/csv" } })).text);
  assert.equal(again.duplicates, rep.duplicates + expected);
  assert.equal(again.accepted + again.held, 0);
  for (const it of ours) assert.equal((await readings(clerk, it.tap_no)).filter((x) => x.cycle === cycle).length, 1);

  // The same through CP932 (Shift_JIS), as older handhelds write it: export, fill, import.
  const sj = await fetch(`${srv.base}/api/v1/routes/${route}/list.csv?cycle=${cycle}&encoding=cp932`, { headers: { Cookie: clerk.cookieHeader() } });
  const bytes = Buffer.from(await sj.arrayBuffer());
  assert.ok(!bytes.includes(Buffer.from("水栓番号")), "not UTF-8");
  const text = new TextDecoder("shift_jis").decode(bytes);
  assert.match(text, /^検針区,順路,水栓番号/);
  const back = await fetch(`${srv.base}/api/v1/readings/import`, { method: "POST", body: bytes, headers: { Cookie: clerk.cookieHeader(), "X-CSRF-Token": clerk.csrf, "Content-Type": "text/csv" } });
  const bj = await back.json();
  assert.equal(back.status, 200, JSON.stringify(bj));
  assert.equal(bj.duplicates, rep.duplicates + expected, "the exported values (already read) are recognised, not stored again");
});

// The import reads ahead 64 rows at a time (taps, meters and history in two
// queries) and writes readings 64 at a time: a file of several chunks, with
// rows already read, a row given twice, an unknown tap and new readings on
// both sides of the chunk borders, comes out as row-by-row checking would.
test(`[${engine}] a file of many chunks: rows already read, a row twice, an unknown tap; each new reading stored once`, async () => {
  const clerk = await apiLogin("tanto");
  const routes = (await getJson(clerk, `/api/v1/routes?cycle=${cycle}`)).routes;
  const rows = [];
  let head;
  for (const r of routes) {
    const exp = parseCsv((await clerk.get(`/api/v1/routes/${r.code}/list.csv?cycle=${cycle}`)).text);
    head ||= exp[0];
    rows.push(...exp.slice(1));
  }
  const [iTap, iOn, iVal] = [head.indexOf("水栓番号"), head.indexOf("検針日"), head.indexOf("指針")];
  const read = rows.filter((r) => r[iVal] !== "");
  assert.ok(read.length > 0, "some taps of the cycle are read already");
  // new readings for 70 unread taps (the pool keeps enough for the tests after this one)
  assert.ok(pool.length >= 70 + 40, `unread taps in the pool: ${pool.length}`);
  const ours = Array.from({ length: 70 }, take).sort((a, b) => (a.tap_no < b.tap_no ? -1 : 1));
  // The last of them in tap order (the order the import writes in) was read today already, a
  // typing error held: the file's row re-reads it, replacing the held reading once more than a
  // chunk of new readings is written (on PostgreSQL into a COPY still open, which must end first).
  const reread = ours[ours.length - 1];
  const typo = await postJson(await apiLogin("kenshin"), "/api/v1/readings",
    { tap_no: reread.tap_no, read_on: today, value: reread.prev_value + normalUsage(reread) * 45 });
  assert.equal(typo.body.status, "held", typo.text);
  for (const it of ours) {
    const r = rows.find((x) => x[iTap] === it.tap_no);
    r[iOn] = today;
    r[iVal] = String(it.prev_value + normalUsage(it));
  }
  const filled = rows.filter((r) => r[iVal] !== "");
  assert.ok(filled.length > 64 + 2);
  // a row given twice, across a chunk border: the lowest tap's, so that the writer's own look-up
  // for it (which ends any COPY open) comes before the 70 new readings in the import's tap order
  const lowest = filled.reduce((a, r) => (r[iTap] < a[iTap] ? r : a));
  filled.splice(63, 0, [...lowest]);
  const unknown = head.map(() => "");
  unknown[iTap] = "99999997"; unknown[iOn] = today; unknown[iVal] = "5";
  filled.splice(64, 0, unknown);
  const csv = [head, ...filled].map((r) => r.join(",")).join("\r\n") + "\r\n";
  const imp = await clerk.request("POST", "/api/v1/readings/import?mode=clean",
    { body: csv, headers: { "X-CSRF-Token": clerk.csrf, "Content-Type": "text/csv" } });
  assert.equal(imp.status, 200, imp.text);
  const rep = JSON.parse(imp.text);
  assert.equal(rep.applied, true, imp.text);
  assert.equal(rep.refused, 1, "the unknown tap");
  assert.equal(rep.accepted + rep.held, ours.length, JSON.stringify(rep));
  assert.equal(rep.duplicates, filled.length - 1 - ours.length, "every row already read, and the row given twice");
  for (const it of ours) {
    const mine = (await readings(clerk, it.tap_no)).filter((x) => x.cycle === cycle);
    assert.equal(mine.length, 1, it.tap_no);
    assert.equal(mine[0].value, it.prev_value + normalUsage(it));
  }
  const held = (await getJson(clerk, "/api/v1/readings/held")).readings;
  assert.ok(!held.some((r) => r.id === typo.body.reading_id), "the held reading replaced by the file's row");
});

test(`[${engine}] an import with a bad row applies nothing (all-or-nothing) unless the clerk keeps the bad rows aside`, async () => {
  const clerk = new Client(srv.base);
  await clerk.login("tanto", DEMO);
  const [a, b] = [take(), take()];
  const csv = "水栓番号,メーター番号,検針日,指針\r\n" +
    `${a.tap_no},,${today},${a.prev_value + normalUsage(a)}\r\n` +
    `99999998,,${today},100\r\n` +
    `${b.tap_no},,${today},${10 ** b.digits}\r\n`;
  const fd = () => { const f = new FormData(); f.append("csrf", clerk.csrf); f.append("mode", "all"); f.append("encoding", "auto"); f.append("file", new Blob([csv], { type: "text/csv" }), "ht01.csv"); return f; };
  let r = await clerk.request("POST", "/reading/import", { body: fd() });
  assert.equal(r.status, 200);
  assert.match(r.text, /取り込みませんでした。2件の行に誤りがあります/);
  assert.match(r.text, /水栓番号 99999998 は登録されていません/);
  assert.match(r.text, /桁数/);
  const reader = await apiLogin("kenshin");
  assert.equal((await readings(reader, a.tap_no)).filter((x) => x.cycle === cycle).length, 0, "nothing applied");
  const f2 = fd();
  f2.set("mode", "clean");
  r = await clerk.request("POST", "/reading/import", { body: f2 });
  assert.equal(r.status, 303);
  r = await clerk.get(r.location);
  assert.match(r.text, /ht01\.csv を取り込みました/);
  assert.equal((await readings(reader, a.tap_no)).filter((x) => x.cycle === cycle).length, 1);
  const rej = await clerk.get("/reading/rejects");
  assert.match(rej.text, /99999998/);
  // A reader may not choose to apply a partly bad file.
  const rd = await apiLogin("kenshin");
  const bad = await rd.request("POST", "/api/v1/readings/import?mode=clean", { body: csv, headers: { "X-CSRF-Token": rd.csrf, "Content-Type": "text/csv" } });
  assert.equal(bad.status, 403);
  // A file without the needed columns is refused naming them.
  const nohead = await rd.request("POST", "/api/v1/readings/import", { body: "a,b\r\n1,2\r\n", headers: { "X-CSRF-Token": rd.csrf, "Content-Type": "text/csv" } });
  assert.equal(nohead.status, 400);
  assert.match(JSON.parse(nohead.text).message, /水栓番号/);
});

test(`[${engine}] a handheld's token works until an administrator revokes it`, async () => {
  const admin = new Client(srv.base);
  await admin.login("admin", DEMO);
  const issued = await admin.post("/admin/devices", { csrf: admin.csrf, name: "HT-01" });
  assert.equal(issued.status, 200);
  const token = issued.text.match(/<code class="token">([0-9a-f]{64})<\/code>/)[1];
  const it = take();
  const dev = (json) => fetch(`${srv.base}/api/v1/readings`, { method: "POST", body: JSON.stringify(json), headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } });
  let r = await dev({ tap_no: it.tap_no, read_on: today, value: it.prev_value + normalUsage(it) });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).status, "accepted");
  const rs = await readings(await apiLogin("kenshin"), it.tap_no);
  assert.equal(rs[0].entered_by, "device:HT-01");
  assert.equal(rs[0].source, "handheld");
  // The route list is open to the device; staff pages are not.
  const list = await fetch(`${srv.base}/api/v1/routes?cycle=${cycle}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(list.status, 200);
  const other = await fetch(`${srv.base}/api/v1/customers?q=1000`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(other.status, 403);
  // A batch from the device: all-or-nothing, every bad row named by its index.
  const [b1, b2] = [take(), take()];
  const batch = (json) => fetch(`${srv.base}/api/v1/readings/batch`, { method: "POST", body: JSON.stringify(json), headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } });
  const good = { tap_no: b1.tap_no, read_on: today, value: b1.prev_value + normalUsage(b1), client_id: "ht01-0001" };
  let br = await batch({ readings: [good, { tap_no: b2.tap_no, read_on: "2026-13-01", value: 5 }] });
  assert.equal(br.status, 422);
  let bj = await br.json();
  assert.equal(bj.applied, false);
  assert.deepEqual(bj.refusals.map((x) => [x.line, x.reasons[0].code]), [[1, "bad_date"]]);
  assert.equal((await readings(await apiLogin("kenshin"), b1.tap_no)).filter((x) => x.cycle === cycle).length, 0);
  br = await batch({ readings: [good, { ...good, tap_no: b2.tap_no, value: b2.prev_value + normalUsage(b2), client_id: "ht01-0002" }] });
  bj = await br.json();
  assert.equal(br.status, 200, JSON.stringify(bj));
  assert.equal(bj.accepted + bj.held, 2);
  br = await batch({ readings: [good] });   // the terminal sends it again: nothing new
  assert.equal((await br.json()).duplicates, 1);
  // Revoke: the same token is refused from then on.
  const page = await admin.get("/admin/devices");
  const id = page.text.match(/action="\/admin\/devices\/(\d+)"/)[1];
  assert.equal((await admin.post(`/admin/devices/${id}`, { csrf: admin.csrf })).status, 303);
  r = await dev({ tap_no: it.tap_no, read_on: today, value: it.prev_value + 1 });
  assert.equal(r.status, 401);
  assert.match((await r.json()).message, /無効/);
  const junk = await fetch(`${srv.base}/api/v1/routes`, { headers: { Authorization: "Bearer 1234" } });
  assert.equal(junk.status, 401);
});

test(`[${engine}] a meter replacement records both dials; the period's usage is the sum of both meters`, async () => {
  const clerk = new Client(srv.base);
  await clerk.login("tanto", DEMO);
  const it = take();
  const form = await clerk.get(`/taps/${it.tap_no}/meter`);
  assert.match(form.text, /旧メーター M\d+ の取外し指針/);
  // Replaced yesterday; read today.
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  const yesterday = d.toISOString().slice(0, 10);
  assert.ok(yesterday > it.prev_read_on);
  const r = await clerk.post(`/taps/${it.tap_no}/meter`, { csrf: clerk.csrf, on: yesterday, old_final: String(it.prev_value + 5),
    meter_no: `N${it.tap_no}`, maker: "東洋計器", diameter: "13", digits: "4", certified_until: "", start_value: "0" });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const reader = await apiLogin("kenshin");
  // The reader's old list names the old meter: a reading without the meter number is refused.
  let x = await postJson(reader, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: 7 });
  assert.equal(x.body.reasons[0].code, "meter_required");
  x = await postJson(reader, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: 7, meter_no: it.meter_no });
  assert.equal(x.body.reasons[0].code, "removed_meter");
  x = await postJson(reader, "/api/v1/readings", { tap_no: it.tap_no, read_on: today, value: 7, meter_no: `N${it.tap_no}` });
  assert.ok(["accepted", "held"].includes(x.body.status), x.text);
  assert.equal(x.body.usage_m3, 12, "5 m³ on the old meter + 7 m³ on the new one");
  const kinds = (await readings(reader, it.tap_no)).slice(0, 3).map((r) => r.kind);
  assert.deepEqual(kinds.sort(), ["actual", "final", "start"]);
  const karte = await clerk.get(`/karte/${it.tap_no}`);
  assert.match(karte.text, new RegExp(`メーター N${it.tap_no}`));
  assert.match(karte.text, /<svg[^>]*class="usage-chart"/);
  assert.match(karte.text, /取外し/);
});

test(`[${engine}] an unreadable meter gets an estimate by the rule in settings`, async () => {
  const clerk = await apiLogin("tanto");
  const it = take();
  const r = await postJson(clerk, "/api/v1/readings/estimate", { tap_no: it.tap_no, read_on: today, cause: "dog" });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, "accepted");
  assert.ok(r.body.usage_m3 > 0);
  const rs = await readings(clerk, it.tap_no);
  assert.equal(rs[0].kind, "estimated");
  assert.equal(rs[0].value, (it.prev_value + r.body.usage_m3) % 10 ** it.digits);
  const bad = await postJson(clerk, "/api/v1/readings/estimate", { tap_no: it.tap_no, read_on: today, cause: "tired" });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, "cause");
  // The same from the command line (the office enters a batch of unreadable meters).
  const other = take();
  const cli = suido(ctx, ["reading", "estimate", "--tap", other.tap_no, "--date", today, "--cause", "car"]);
  assert.equal(cli.code, 0, cli.stderr);
  const m = cli.stdout.match(/^estimated: reading (\d+), (\d+) m3$/m);
  assert.ok(m, cli.stdout);
  const ors = await readings(clerk, other.tap_no);
  assert.equal(ors[0].kind, "estimated");
  assert.equal(ors[0].id, Number(m[1]));
  assert.equal(ors[0].value, (other.prev_value + Number(m[2])) % 10 ** other.digits);
  const wrong = suido(ctx, ["reading", "estimate", "--tap", other.tap_no, "--date", today, "--cause", "tired"]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /検針できなかった理由/);
  assert.equal(suido(ctx, ["reading", "estimate", "--tap", other.tap_no]).code, 2, "--date and --cause are required");
});

test(`[${engine}] office screens: progress, keyboard entry grid, held queue, leak notice`, async () => {
  const clerk = new Client(srv.base);
  await clerk.login("tanto", DEMO);
  const home = await clerk.get(`/reading?cycle=${cycle}`);
  assert.equal(home.status, 200);
  assert.match(home.text, /<progress/);
  const it = take();
  const grid = await clerk.get(`/reading/routes/${it.route}?cycle=${cycle}`);
  assert.equal(grid.status, 200);
  const name = `v_${it.tap_no}.${it.meter_no}`;
  assert.ok(grid.text.includes(`name="${name}"`));
  const sub = await clerk.post(`/reading/routes/${it.route}`, { csrf: clerk.csrf, cycle, read_on: today, [name]: String(it.prev_value + normalUsage(it)) });
  assert.equal(sub.status, 303);
  assert.match((await clerk.get(sub.location)).text, /1件を処理しました：確定 1件/);
  const held = await clerk.get("/reading/held");
  assert.equal(held.status, 200);
  assert.match(held.text, /保留中の検針/);
  const leaks = await clerk.get(`/reading/leaks?cycle=${cycle}`);
  assert.equal(leaks.status, 200);
  const notice = await clerk.get(`/reading/leaks/${it.tap_no}/notice?cycle=${cycle}`);
  assert.match(notice.text, /宅内漏水簡易調査のお願い/);
  assert.match(notice.text, /パイロット/);
  // 認定 from the カルテ's menu, on a screen of its own: the usage is shown first and nothing is
  // recorded until the clerk confirms; then back to the カルテ, whose history shows the estimate.
  const est = take();
  const k0 = await clerk.get(`/karte/${est.tap_no}`);
  assert.match(k0.text, new RegExp(`href="/taps/${est.tap_no}/estimate" id="act-estimate"`));
  assert.doesNotMatch(k0.text, /id="estimate-form"/, "no form inside the カルテ");
  const ask = await clerk.get(`/taps/${est.tap_no}/estimate`);
  assert.match(ask.text, /id="estimate-ask"/);
  const readingsBefore = JSON.parse((await clerk.get(`/api/v1/routes/${est.route}/list?cycle=${cycle}`)).text);
  const pv = await clerk.get(`/taps/${est.tap_no}/estimate?read_on=${today}&cause=car`);
  assert.equal(pv.status, 200);
  const shown = Number(pv.text.match(/id="estimate-usage" class="strong">(\d+) m³/)[1]);
  assert.match(pv.text, /認定の内容（まだ記録していません）/);
  const amount = pv.text.match(/id="estimate-amount">¥([\d,]+)/);
  assert.ok(amount, "the amount it would bill");
  assert.match(pv.text, /id="estimate-form"/);
  assert.deepEqual(JSON.parse((await clerk.get(`/api/v1/routes/${est.route}/list?cycle=${cycle}`)).text), readingsBefore,
                   "looking records nothing");
  const badDay = await clerk.get(`/taps/${est.tap_no}/estimate?read_on=2026-13-40&cause=car`);
  assert.equal(badDay.status, 422);
  const er = await clerk.post("/reading/estimate", { csrf: clerk.csrf, tap_no: est.tap_no, back: "karte", read_on: today, cause: "car" });
  assert.equal(er.status, 303);
  assert.equal(er.location, `/karte/${est.tap_no}`);
  const k1 = (await clerk.get(er.location)).text;
  assert.match(k1, /<td>認定<\/td>/);
  assert.match(k1, new RegExp(`使用水量を ${shown}m³ と認定しました`), "what was shown is what was recorded");
  // and what it bills is the amount shown: the cycle's run prices it the same way
  const recorded = (await readings(clerk, est.tap_no)).find((x) => x.kind === "estimated" && x.read_on === today);
  assert.ok(recorded, "the estimated reading");
  const dry = suido(ctx, ["bill", "run", "--cycle", recorded.cycle, "--dry-run", "--list"]);   // writes nothing
  assert.ok(dry.code === 0 || dry.code === 3, dry.stderr);
  const billed = dry.stdout.split("\n").find((l) => l.startsWith(est.tap_no + "\t"));
  assert.ok(billed, `${est.tap_no} among the run's bills`);
  assert.equal(Number(billed.split("\t")[4]), Number(amount[1].replaceAll(",", "")));
  // The reader's note: sealed in the database, shown on the list and the カルテ.
  assert.equal((await clerk.post(`/taps/${it.tap_no}/note`, { csrf: clerk.csrf, note: "犬あり（裏口から）" })).status, 303);
  const list = JSON.parse((await clerk.get(`/api/v1/routes/${it.route}/list?cycle=${cycle}`)).text);
  assert.equal(list.items.find((x) => x.tap_no === it.tap_no).note, "犬あり（裏口から）");
  assert.match((await clerk.get(`/karte/${it.tap_no}`)).text, /value="犬あり（裏口から）"/);
  if (!ctx.pg) {
    const raw = spawnSync("sqlite3", ["-cmd", ".timeout 30000", ctx.sqlitePath, `SELECT reader_note_enc FROM taps WHERE tap_no = '${it.tap_no}'`], { encoding: "utf8" }).stdout;
    assert.match(raw, /^k\d+:/, "stored sealed");
    assert.ok(!raw.includes("犬"));
  }
  // The schedule is made once: a second run adds nothing.
  assert.match(suido(ctx, ["reading", "schedule", "--cycle", cycle]).stdout, /0 route\(s\) scheduled/);
});
