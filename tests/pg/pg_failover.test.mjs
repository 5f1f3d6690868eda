// Failover on PostgreSQL: a primary with a synchronous standby (scripts/pg-cluster.sh), the staff
// server on the multi-host conninfo (target_session_attrs=read-write), counter payments posted
// over HTTP by two clerks at once, meter readings by a reader through the JSON API (each with its
// client_id) beside them, and one reception request sent while the primary is down; the primary
// is killed (kill -9) mid-way and the standby promoted.  The server is not restarted: it waits for the new primary (store/db.c), runs a
// transaction cut off before COMMIT once more (app_tx_run), and answers a COMMIT cut off
// by the crash with an error; the clerk then sends the same form again (its one-time token
// makes that safe: posted once, or answered "already posted").
// Checked: every acknowledged payment, reading and the request are in the new primary, none
// twice; no answer on the way was a 500 (a transaction cut off answers 503 "send again"); the
// audit chain verifies.  Printed: the time from the kill to the first payment, and to the first
// reading, acknowledged after it.
// Then the old primary is brought back as the new primary's synchronous standby (pg_rewind).
// Run by tests/run-all.sh in its PostgreSQL part (the server binaries must be installed).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Client, ROOT, formTokenIn, makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";

const CLUSTER = join(ROOT, "scripts/pg-cluster.sh");
const havePg = existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").length > 0;
const DEMO = "suido-demo-2025";
const DEADLINE_MS = 120000;   // the whole posting phase, whatever happens
let base, dir, ctx, srv;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** What a page said was wrong: the form's error line, or the database's message. */
const shown = (html) => (html.match(/class="form-error"[^>]*>([^<]*)/) || [])[1] || (html.match(/データベース[^<]*/) || [""])[0];

/** scripts/pg-cluster.sh ARGS, without blocking the posting loop. */
function cluster(...args) {
  return new Promise((res, rej) => {
    const p = spawn(CLUSTER, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    p.stdout.on("data", (d) => { out += d; });
    p.stderr.on("data", (d) => { err += d; });
    p.on("close", (code) => (code === 0 ? res(out.trim()) : rej(new Error(`pg-cluster ${args[0]}: ${err}`))));
  });
}

before(async () => {
  if (!havePg) return;
  // The servers run as the postgres user when this runs as root: it must reach the folder.
  base = mkdtempSync(join(tmpdir(), "suido-fo-"));
  chmodSync(base, 0o755);
  dir = join(base, "pg");
  // The ports only name the Unix sockets inside dir (no TCP): they cannot collide.
  const conninfo = await cluster("start", dir, "55444", "55445");
  assert.match(conninfo, /^host=\S+,\S+ port=55444,55445 .*target_session_attrs=read-write/);
  process.env.SUIDO_TEST_DB = conninfo;
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "120", "--years", "1", "--seed", "7", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  if (dir) spawnSync(CLUSTER, ["stop", dir]);
  if (base) rmSync(base, { recursive: true, force: true });
  if (ctx) ctx.cleanup();
});

test("PostgreSQL failover: the primary killed while payments are posted; none acknowledged is lost",
  { skip: !havePg && "PostgreSQL server not installed" }, async () => {
  const taps = sql(ctx, "SELECT tap_no FROM taps ORDER BY tap_no LIMIT 20").split("\n");
  const before = Number(sql(ctx, "SELECT count(*) FROM payments WHERE channel = 'counter'"));
  const clerks = [];
  for (let i = 0; i < 2; i++) {
    const c = new Client(srv.base);
    assert.equal((await c.login("tanto", DEMO)).status, 303);
    clerks.push(c);
  }
  // The reader's unread taps this cycle (the demo leaves the rest of the month unread).
  const reader = await new Client(srv.base).apiLogin("kenshin", DEMO);
  const { today, cycle } = await reader.getJson("/api/v1/me");
  const unread = [];
  for (const r of (await reader.getJson(`/api/v1/routes?cycle=${cycle}`)).routes)
    for (const it of (await reader.getJson(`/api/v1/routes/${r.code}/list?cycle=${cycle}`)).items)
      if (!it.read && it.expected_low !== null && it.prev_read_on < today && !taps.includes(it.tap_no)) unread.push(it);
  assert.ok(unread.length >= 16, `unread taps with history: ${unread.length}`);
  // The reception request: a change of mailing address on a tap of its own, its form (and
  // one-time token) fetched while the primary is up.
  const desk = new Client(srv.base);
  assert.equal((await desk.login("tanto", DEMO)).status, 303);
  const recTap = unread.pop().tap_no;
  const recToken = formTokenIn((await desk.get(`/taps/${recTap}/reception?kind=mail_address`)).text, "reception-form");
  const recBefore = Number(sql(ctx, `SELECT count(*) FROM service_requests s JOIN taps t ON t.id = s.tap_id
    WHERE t.tap_no = '${recTap}' AND s.kind = 'mail_address'`));

  const t0 = Date.now();
  const acked = [];          // { id, sentAt, at, tries }
  const readAcked = [];      // { id, client, sentAt, at, tries }
  const failures = [];       // answers other than the redirect, and network errors
  let killedAt = 0, promoted = false;

  /** One payment at the counter, sent again with the same form (token) until acknowledged. */
  async function pay(c, tap) {
    let token = null;
    while (!token) {
      assert.ok(Date.now() - t0 < DEADLINE_MS, "the server answered again in time");
      try {
        const r = await c.get(`/taps/${tap}/counter`);
        if (r.status === 200) token = formTokenIn(r.text, "counter-form");
        else failures.push(`GET ${r.status}`);
      } catch (err) { failures.push(`GET ${err.cause?.code || err.message}`); }
      if (!token) await sleep(100);
    }
    for (let tries = 1; ; tries++) {
      assert.ok(Date.now() - t0 < DEADLINE_MS, "the server answered again in time");
      const sentAt = Date.now();
      try {
        const r = await c.post(`/taps/${tap}/counter`,
          { csrf: c.csrf, amount: "100", bill: "", note: "", confirmed: "1", ...token });
        const m = r.status === 303 && r.location.match(/^\/payments\/(\d+)\/counter/);
        if (m) { acked.push({ id: Number(m[1]), sentAt, at: Date.now(), tries }); return; }
        failures.push(`POST ${r.status}: ${shown(r.text)}`);
      } catch (err) { failures.push(`POST ${err.cause?.code || err.message}`); }
      await sleep(100);
    }
  }

  /** A clerk posting until 12 payments were acknowledged after the promotion (per clerk: 6). */
  async function clerk(c, k) {
    let n = 0, after = 0;
    while (after < 6) {
      await pay(c, taps[(2 * n + k) % taps.length]);
      n++;
      if (promoted && acked[acked.length - 1].sentAt > killedAt) after++;
    }
  }

  // The killer: once 10 payments are in, kill -9 the primary while the clerks keep posting;
  // a second later (a failure detector's delay) promote the standby.
  const killer = (async () => {
    while (acked.length < 10) await sleep(20);
    await cluster("crash", dir, "1");
    killedAt = Date.now();
    await sleep(1000);
    await cluster("promote", dir);
    promoted = true;
  })();
  /** The reader: each unread tap once, sent again with the same client_id until answered 200. */
  async function readLoop() {
    let after = 0;
    for (let i = 0; i < unread.length && after < 6; i++) {
      const it = unread[i];
      const span = 10 ** it.digits;
      const json = { tap_no: it.tap_no, read_on: today, client_id: `fo-${i}`,
        value: (it.prev_value + Math.max(1, (it.expected_low - it.prev_value + span) % span + 2)) % span };
      for (let tries = 1; ; tries++) {
        assert.ok(Date.now() - t0 < DEADLINE_MS, "the server answered again in time");
        const sentAt = Date.now();
        try {
          const r = await reader.request("POST", "/api/v1/readings", { json, headers: { "X-CSRF-Token": reader.csrf } });
          const body = (() => { try { return JSON.parse(r.text); } catch { return {}; } })();
          if (r.status === 200) { readAcked.push({ id: body.reading_id, client: json.client_id, sentAt, at: Date.now(), tries }); break; }
          failures.push(`READ ${r.status}: ${body.message || ""}`);
          if (r.status === 422) break;   // refused (not expected): the next tap
        } catch (err) { failures.push(`READ ${err.cause?.code || err.message}`); }
        await sleep(100);
      }
      if (promoted && readAcked.length && readAcked[readAcked.length - 1].sentAt > killedAt) after++;
      await sleep(30);
    }
  }

  /** The reception request, sent once the primary is down, again with its token until 303. */
  let recAt = 0;
  const reception = (async () => {
    while (!killedAt) await sleep(20);
    for (;;) {
      assert.ok(Date.now() - t0 < DEADLINE_MS, "the server answered again in time");
      try {
        const r = await desk.post(`/taps/${recTap}/reception`, { csrf: desk.csrf, kind: "mail_address", source: "counter",
          effective_on: today, postal: "400-0031", mail_address: "甲府市丸の内二丁目", ...recToken });
        if (r.status === 303) { recAt = Date.now(); return; }
        failures.push(`RECEPTION ${r.status}: ${shown(r.text)}`);
      } catch (err) { failures.push(`RECEPTION ${err.cause?.code || err.message}`); }
      await sleep(100);
    }
  })();
  await Promise.all([clerk(clerks[0], 0), clerk(clerks[1], 1), readLoop(), reception, killer]);

  const resumed = acked.filter((a) => a.sentAt > killedAt).sort((a, b) => a.at - b.at)[0];
  const seconds = ((resumed.at - killedAt) / 1000).toFixed(1);
  const readResumed = readAcked.filter((a) => a.sentAt > killedAt).sort((a, b) => a.at - b.at)[0];
  console.log(`# resumed in ${seconds} s after kill -9 of the primary (promotion 1 s after it); ` +
    `${acked.length} payments acknowledged, ${acked.filter((a) => a.tries > 1).length} of them after sending again; ` +
    `readings: first acknowledged ${readResumed ? ((readResumed.at - killedAt) / 1000).toFixed(1) : "-"} s after the kill, ` +
    `${readAcked.length} acknowledged, ${readAcked.filter((a) => a.tries > 1).length} after sending again; ` +
    `the reception request acknowledged ${((recAt - killedAt) / 1000).toFixed(1)} s after the kill; ` +
    `${failures.length} answers on the way: ${[...new Set(failures)].slice(0, 8).join(" | ")}`);
  // What the 503s were (the server's log names the statement that found the session gone).
  for (const l of srv.log().split("\n").filter((x) => /\(unavailable\)/.test(x)).slice(0, 6)) console.log(`# ${l.slice(0, 300)}`);
  assert.deepEqual(failures.filter((f) => /^(POST|READ|RECEPTION) 5\d\d/.test(f) && !/ 503: .*もう一度/.test(f)), [],
    "a write cut off by the failover answers 503 with 「もう一度」, never another 5xx");

  // On the new primary: every acknowledged payment, once; nothing posted that was not acknowledged.
  assert.equal((await cluster("status", dir)).split("\n")[1], "2 55445 primary");
  const ids = acked.map((a) => a.id);
  assert.equal(new Set(ids).size, ids.length, "no payment acknowledged twice");
  const found = sql(ctx, `SELECT id FROM payments WHERE id IN (${ids.join(",")})`).split("\n").map(Number);
  assert.deepEqual(found.sort((a, b) => a - b), [...ids].sort((a, b) => a - b), "0 acknowledged payments lost");
  const after = Number(sql(ctx, "SELECT count(*) FROM payments WHERE channel = 'counter'"));
  assert.equal(after - before, ids.length, "each payment posted once (no duplicate from sending again)");
  // The readings: each acknowledged one stored once, under its client_id; none besides them.
  assert.ok(readResumed, "readings were acknowledged after the kill");
  const rows = sql(ctx, "SELECT client_id || ':' || id FROM readings WHERE client_id LIKE 'fo-%' ORDER BY client_id")
    .split("\n").filter(Boolean).sort();
  assert.deepEqual(rows, readAcked.map((a) => `${a.client}:${a.id}`).sort(), "each acknowledged reading stored once");
  // The reception request: once (sent again with its token after an unknown outcome: replayed).
  const recAfter = Number(sql(ctx, `SELECT count(*) FROM service_requests s JOIN taps t ON t.id = s.tap_id
    WHERE t.tap_no = '${recTap}' AND s.kind = 'mail_address'`));
  assert.equal(recAfter - recBefore, 1, "the reception request stored once");
  const v = suido(ctx, ["audit", "verify"]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  // The same server process all along: it logged the outage and its end.
  assert.equal(srv.proc.exitCode, null, "the server was not restarted");
  assert.match(srv.log(), /database connection lost/);
  assert.match(srv.log(), /database connection back after/);

  // The old primary comes back as the standby of the new one (pg_rewind), synchronous again:
  // a payment after that is acknowledged only once both nodes have it.
  const rj = await cluster("rejoin", dir, "1");
  assert.match(rj, /node 1 follows node 2 again \((pg_rewind|pg_basebackup)\), synchronous/);
  await pay(clerks[0], taps[0]);
  const last = acked[acked.length - 1].id;
  const onStandby = spawnSync("psql", [`host=${dir}/n1 port=55444 dbname=suido_test user=postgres`, "-qAtc",
    `SELECT count(*) FROM payments WHERE id = ${last}`], { encoding: "utf8" });
  assert.equal(onStandby.stdout.trim(), "1", "the rejoined standby has the last payment");
});
