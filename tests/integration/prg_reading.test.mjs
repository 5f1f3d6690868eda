// The reading screens redirect after a posting that stores readings (issue 13,
// finding 6): the keyboard entry grid and the handheld file upload answer 303
// to a page that shows what was saved and what was refused, so that a reload
// posts nothing again. And a JSON batch from a handheld has its own body
// limit (reading.max_batch_bytes), far below the file upload's (finding 2).
// SQLite, or PostgreSQL when SUIDO_TEST_DB is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { Client, makeEnv, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, today, cycle, token;
let pool = [];   // unread taps with history, each used by one test only

const getJson = (c, path) => c.getJson(path);
/** A client logged in through the API (lib.mjs Client.apiLogin). */
const apiLogin = (username) => new Client(srv.base).apiLogin(username, DEMO);
function goodValue(it) {
  const span = 10 ** it.digits;
  return it.prev_value + Math.max(1, ((it.expected_low - it.prev_value + span) % span) + 3);
}
async function readingsThisCycle(c, tapNo) {
  return (await getJson(c, `/api/v1/taps/${tapNo}/readings`)).readings.filter((x) => x.cycle === cycle).length;
}
/** POST with "Expect: 100-continue" over a raw socket: the body is sent only
 *  if the server asks for it (a refused one is answered before it). */
function rawPost(path, headers, body) {
  return new Promise((resolve) => {
    const sock = connect({ port: srv.port, host: "127.0.0.1" });
    let data = "", done = false, sending = false;
    const finish = () => { if (done) return; done = true; clearTimeout(t); sock.destroy(); const d = data.replace(/^HTTP\/1\.1 100[^\n]*\n\r\n/, ""); resolve({ status: Number((d.match(/^HTTP\/1\.1 (\d{3})/) || [])[1] || 0), text: Buffer.from(d, "latin1").toString("utf8") }); };
    const t = setTimeout(finish, 60000);
    const send = async () => {
      sending = true;
      for (let sent = 0; sent < body.length && !done && !sock.destroyed; sent += 65536)
        if (!sock.write(body.subarray(sent, Math.min(body.length, sent + 65536))))
          await new Promise((r) => { sock.once("drain", r); sock.once("close", r); });
    };
    sock.on("data", (d) => {
      data += d.toString("latin1");
      if (!sending && /^HTTP\/1\.1 100/.test(data)) send();
      const m = data.replace(/^HTTP\/1\.1 100[^\n]*\n\r\n/, "").match(/^HTTP\/1\.1 \d{3}[\s\S]*?\r\nContent-Length: (\d+)[\s\S]*?\r\n\r\n([\s\S]*)$/i);
      if (m && Buffer.byteLength(m[2], "latin1") >= Number(m[1])) finish();
    });
    sock.on("close", finish);
    sock.on("error", () => {});
    sock.on("connect", () => sock.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n` +
      Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n"));
  });
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "13"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  const c = await apiLogin("kenshin");
  const me = await getJson(c, "/api/v1/me");
  today = me.today;
  cycle = me.cycle;
  for (const r of (await getJson(c, `/api/v1/routes?cycle=${cycle}`)).routes) {
    const list = await getJson(c, `/api/v1/routes/${r.code}/list?cycle=${cycle}`);
    for (const it of list.items)
      if (!it.read && it.meter_no && it.expected_low !== null && it.prev_value + 2000 < 10 ** it.digits && it.prev_read_on < today)
        pool.push({ ...it, route: r.code });
  }
  assert.ok(pool.length >= 6, `unread taps with history: ${pool.length}`);
  const admin = new Client(srv.base);
  await admin.login("admin", DEMO);
  const issued = await admin.post("/admin/devices", { csrf: admin.csrf, name: "HT-PRG-1" });
  assert.equal(issued.status, 200);
  token = issued.text.match(/<code class="token">([0-9a-f]{64})<\/code>/)[1];
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the entry grid answers 303, and the grid it leads to shows the saved reading and names the refused row with what was typed`, async () => {
  const clerk = new Client(srv.base);
  await clerk.login("tanto", DEMO);
  const a = pool.shift();
  const b = pool.find((x) => x.route === a.route);
  assert.ok(b, "two unread taps on one route");
  pool.splice(pool.indexOf(b), 1);
  const grid = await clerk.get(`/reading/routes/${a.route}?cycle=${cycle}`);
  assert.equal(grid.status, 200);
  const tooLong = String(10 ** b.digits + 7);
  const r = await clerk.post(`/reading/routes/${a.route}`, { csrf: clerk.csrf, cycle, read_on: today,
    [`v_${a.tap_no}.${a.meter_no}`]: String(goodValue(a)), [`v_${b.tap_no}.${b.meter_no}`]: tooLong });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.match(r.location, new RegExp(`^/reading/routes/${a.route}\\?cycle=${cycle}`));
  const page = await clerk.get(r.location);
  assert.equal(page.status, 200);
  assert.match(page.text, /2件を処理しました：確定 1件、保留 0件、受付不可 1件/);
  const rowOf = (tap) => page.text.split("<tr").find((x) => x.includes(`>${tap}</a>`));
  assert.match(rowOf(a.tap_no), /検針済/, "the saved reading is shown");
  assert.match(rowOf(b.tap_no), /受付不可/, "the refused row is named");
  assert.match(rowOf(b.tap_no), new RegExp(`value="${tooLong}"`), "with what was typed");
  assert.match(page.text, new RegExp(`id="f-read_on"[^>]*value="${today}"`));
  assert.equal(await readingsThisCycle(await apiLogin("kenshin"), a.tap_no), 1);
  // A reload of the result page posts nothing and shows the saved reading still.
  const again = await clerk.get(r.location);
  assert.equal(again.status, 200);
  assert.doesNotMatch(again.text, /2件を処理しました/, "the summary is shown once");
  assert.equal(await readingsThisCycle(await apiLogin("kenshin"), a.tap_no), 1);
});

test(`[${engine}] a handheld file uploaded on the office screen answers 303 to a summary page that can be reloaded`, async () => {
  const clerk = new Client(srv.base);
  await clerk.login("tanto", DEMO);
  await clerk.get("/reading/import");
  const [a, b] = [pool.shift(), pool.shift()];
  const csv = "水栓番号,メーター番号,検針日,指針\r\n" +
    `${a.tap_no},,${today},${goodValue(a)}\r\n99999998,,${today},100\r\n${b.tap_no},,${today},${goodValue(b)}\r\n`;
  const fd = new FormData();
  fd.append("csrf", clerk.csrf);
  fd.append("mode", "clean");
  fd.append("encoding", "auto");
  fd.append("file", new Blob([csv], { type: "text/csv" }), "prg.csv");
  const r = await clerk.request("POST", "/reading/import", { body: fd });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.match(r.location, /^\/reading\/imports\/[0-9a-f-]+$/);
  for (let i = 0; i < 2; i++) {   // the page, and its reload
    const page = await clerk.get(r.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /prg\.csv を取り込みました（取込番号 [0-9a-f-]+）：確定 2件、保留 0件、登録済み 0件、未検針 0件、除外 1件。/);
    assert.match(page.text, /<tr data-code="unknown_tap">/);
    assert.match(page.text, /<td class="num">3<\/td><td>[^<]*99999998/, "the refused row by its line");
    const href = page.text.match(/<a[^>]*href="([^"]+)"[^>]*id="refusals-download"/);
    assert.ok(href, "the link to all refused rows");
    const dl = await clerk.get(href[1].replaceAll("&amp;", "&"));
    assert.equal(dl.status, 200);
    assert.match(dl.text, /99999998/);
  }
  const reader = await apiLogin("kenshin");
  assert.equal(await readingsThisCycle(reader, a.tap_no), 1);
  assert.equal(await readingsThisCycle(reader, b.tap_no), 1);
  // Another import's page is not there.
  assert.equal((await clerk.get("/reading/imports/2026-01-01-00000000")).status, 404);
});

test(`[${engine}] a 6 MiB JSON batch is refused with 413 naming reading.max_batch_bytes and /import; a day's batch is read`, async () => {
  const readings = [];
  for (let i = 0; readings.length * 60 < 6 * 1048576; i++) readings.push({ tap_no: `9${String(i).padStart(7, "0")}`, read_on: today, value: 100, client_id: `c${i}` });
  const body = Buffer.from(JSON.stringify({ mode: "all", readings }));
  assert.ok(body.length > 6 * 1048576);
  const big = await rawPost("/api/v1/readings/batch", { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body);
  assert.equal(big.status, 413, big.text.slice(0, 300));
  assert.match(big.text, /4194304 バイト.*reading\.max_batch_bytes.*\/api\/v1\/readings\/import/);
  const a = pool.shift();
  const ok = await fetch(`${srv.base}/api/v1/readings/batch`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ mode: "all", readings: [{ tap_no: a.tap_no, read_on: today, value: goodValue(a) }] }) });
  const j = await ok.json();
  assert.equal(ok.status, 200, JSON.stringify(j));
  assert.equal(j.accepted, 1);
});
