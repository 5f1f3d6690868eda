// Transport hardening on both servers: a body is not read before its sender is
// known to be allowed, bodies held in memory have a server-wide budget, large
// ones go to a file; slow clients are cut at a header deadline, one address
// cannot hold every connection; a forged line cannot enter the access log.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { request as httpRequest } from "node:http";
import { Client, addUser, makeEnv, startPortal, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const MiB = 1024 * 1024;
const PER_ADDRESS = 16;
let ctx, srv, portal;

before(async () => {
  ctx = makeEnv();
  // Header deadline = min(10 s, request_timeout) = 3 s; a small memory budget for bodies.
  writeFileSync(`${ctx.dir}/suido.ini`,
    `[server]\nrequest_timeout = 3\nmax_buffered = 100000\nmax_per_address = ${PER_ADDRESS}\n` +
    `[portal]\nrequest_timeout = 3\nmax_per_address = ${PER_ADDRESS}\npublic_key_file = ${ctx.dir}/portal.pub\n`);
  ctx.env.SUIDO_CONFIG = `${ctx.dir}/suido.ini`;
  assert.equal(suido(ctx, ["migrate"]).code, 0);
  assert.equal(suido(ctx, ["portal", "keys"]).code, 0);
  addUser(ctx, "clerk1", "clerk");
  addUser(ctx, "viewer1", "viewer");
  srv = await startServer(ctx);
  portal = await startPortal(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  if (portal) await stopServer(portal);
  ctx?.cleanup();
});

/** Open a raw connection (from a loopback address of our choice), send head, then
 *  bodyBytes of filler in 64 KiB pieces (as far as the server lets us); resolve
 *  with everything the server answered once it closes the connection, or after
 *  waitMs with { open: true }. */
function raw(port, head, { bodyBytes = 0, from = "127.0.0.1", waitMs = 20000, onData } = {}) {
  return new Promise((resolve) => {
    const sock = connect({ port, host: "127.0.0.1", localAddress: from });
    let data = "", done = false;
    const finish = (open) => { if (done) return; done = true; clearTimeout(t); sock.destroy(); resolve({ data, open, status: Number((data.match(/^HTTP\/1\.1 (\d{3})/) || [])[1] || 0) }); };
    const t = setTimeout(() => finish(true), waitMs);
    sock.on("data", (d) => { data += d.toString("latin1"); onData?.(data, sock); });
    sock.on("close", () => finish(false));
    sock.on("error", () => {});
    sock.on("connect", async () => {
      sock.write(head);
      const piece = Buffer.alloc(64 * 1024, "a");
      for (let sent = 0; sent < bodyBytes && !done && !sock.destroyed; sent += piece.length) {
        if (!sock.write(piece.subarray(0, Math.min(piece.length, bodyBytes - sent))))
          await new Promise((r) => { sock.once("drain", r); sock.once("close", r); });
      }
    });
  });
}

const multipartHead = (path, length, extra = "") =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: ${length}\r\n${extra}\r\n`;

function vm(pid, key) {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
  return Number(m[1]) * 1024;
}

/** GET path from a given loopback address (a client other than the attacker's). */
function getFrom(port, path, from) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, localAddress: from, agent: false }, (res) => {
      let body = "";
      res.on("data", (d) => { body += d; });
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test(`[${engine}] an anonymous 8 MiB upload to /tariffs is sent to the login page before its body is read`, async () => {
  // Only the headers are sent: the answer comes without a byte of the body.
  const r = await raw(srv.port, multipartHead("/tariffs", 8 * MiB));
  assert.equal(r.status, 303, r.data);
  assert.match(r.data, /\r\nLocation: \/login/i);
});

test(`[${engine}] an anonymous 8 MiB import to /api/v1/readings/import gets 401 before its body is read`, async () => {
  const r = await raw(srv.port, `POST /api/v1/readings/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: ${8 * MiB}\r\n\r\n`);
  assert.equal(r.status, 401, r.data);
  const bad = await raw(srv.port, `POST /api/v1/readings/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nosuchtoken\r\nContent-Type: text/csv\r\nContent-Length: ${8 * MiB}\r\n\r\n`);
  assert.equal(bad.status, 401, bad.data);
  const chunked = await raw(srv.port, "POST /api/v1/readings/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n");
  assert.equal(chunked.status, 401, chunked.data);
});

test(`[${engine}] a logged-in viewer's upload to /tariffs is refused (403) before its body is read`, async () => {
  const c = new Client(srv.base);
  await c.login("viewer1");
  const r = await raw(srv.port, multipartHead("/tariffs", 8 * MiB, `Cookie: ${c.cookieHeader()}\r\nX-CSRF-Token: ${c.csrf}\r\n`));
  assert.equal(r.status, 403, r.data);
});

test(`[${engine}] twenty anonymous 8 MiB uploads at once do not grow the server's memory by their size`, async () => {
  const before = vm(srv.proc.pid, "VmRSS");
  const all = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    raw(srv.port, multipartHead(i % 2 ? "/tariffs" : "/reading/import", 8 * MiB), { bodyBytes: 8 * MiB, from: `127.0.1.${i + 1}` })));
  // Each is refused at once (303 to the login page; under load the client may see only the
  // reset that follows, as the server closes without reading the rest of the body).
  for (const r of all) {
    assert.equal(r.open, false);
    assert.ok(r.status === 303 || r.status === 0, r.data.slice(0, 200));
  }
  const peak = vm(srv.proc.pid, "VmHWM");
  assert.ok(peak - before < 100 * MiB, `peak ${peak} vs ${before} before: the bodies were buffered`);
});

test(`[${engine}] a logged-in clerk's large import (spooled to a file) reaches the handler whole`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  // 400 KiB: over the in-memory size, so the body goes through the spool file and its mapping.
  let csv = "水栓番号,メーター番号,検針日,指針\r\n";
  const row = "99999998,,2026-01-05,100\r\n";
  const rows = Math.ceil((400 * 1024) / row.length);
  csv += row.repeat(rows);
  const f = new FormData();
  f.append("csrf", c.csrf);
  f.append("mode", "all");
  f.append("encoding", "auto");
  f.append("file", new Blob([csv], { type: "text/csv" }), "big.csv");
  const r = await c.request("POST", "/reading/import", { body: f });
  assert.equal(r.status, 200, r.text.slice(0, 500));
  assert.match(r.text, new RegExp(`取り込みませんでした。${rows}件の行に誤りがあります`));
  // and a small one (in memory) through the JSON API
  const small = await c.request("POST", "/api/v1/readings/import", { body: "a,b\r\n1,2\r\n", headers: { "X-CSRF-Token": c.csrf, "Content-Type": "text/csv" } });
  assert.equal(small.status, 400, small.text);
});

test(`[${engine}] when bodies held in memory reach server.max_buffered, the next one gets 503 with Retry-After`, async () => {
  // A holds 60 000 bytes of the 100 000 budget once it has its 100 Continue; its body follows later.
  const body = "username=x&password=" + "p".repeat(60000 - 20);
  const head = (extra) => `POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n${extra}\r\n`;
  const sockA = connect(srv.port, "127.0.0.1");
  let dataA = "";
  const got100 = new Promise((r) => sockA.on("data", (d) => { dataA += d; if (/^HTTP\/1\.1 100/.test(dataA)) r(); }));
  const closedA = new Promise((r) => sockA.on("close", r));
  sockA.on("connect", () => sockA.write(head("Expect: 100-continue\r\n")));
  await got100;
  const b = await raw(srv.port, head("Connection: close\r\n") + body);
  sockA.write(body);
  await closedA.catch(() => {});
  assert.equal(b.status, 503, b.data.slice(0, 300));
  assert.match(b.data, /\r\nRetry-After: \d+/i);
  const answerA = dataA.replace(/^HTTP\/1\.1 100[^\n]*\n\r\n/, "");
  assert.match(answerA, /^HTTP\/1\.1 (200|303|401)/, answerA.slice(0, 100));
  // Its budget is back: the same body now goes through.
  const c = await raw(srv.port, head("Connection: close\r\n") + body);
  assert.notEqual(c.status, 503);
  assert.ok(c.status > 0);
});

/** n sockets from `from` sending one header line a second for ~seconds. */
function slowloris(port, n, from, seconds) {
  return Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
    const sock = connect({ port, host: "127.0.0.1", localAddress: from });
    let lines = 0;
    const t = setInterval(() => { if (lines++ < seconds) sock.write(`X-Slow-${lines}: a\r\n`); else { clearInterval(t); sock.destroy(); } }, 1000);
    sock.on("connect", () => sock.write("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
    sock.on("error", () => {});
    sock.on("close", () => { clearInterval(t); resolve(); });
  })));
}

for (const which of ["staff server", "portal"]) {
  const port = () => (which === "portal" ? portal : srv).port;

  test(`[${engine}] ${which}: while 200 slow sockets trickle header lines, /healthz from another address answers`, async () => {
    const attack = slowloris(port(), 200, "127.0.0.1", 5);
    await new Promise((r) => setTimeout(r, 1500));
    const h = await getFrom(port(), "/healthz", "127.0.0.2");
    assert.equal(h.status, 200);
    await attack;
  });

  test(`[${engine}] ${which}: a client slower than the header deadline gets 408 and its connection closed`, async () => {
    const r = await new Promise((resolve) => {
      const sock = connect({ port: port(), host: "127.0.0.1", localAddress: "127.0.0.3" });
      let data = "";
      const t = setInterval(() => sock.write("X-Slow: a\r\n"), 500);
      const giveUp = setTimeout(() => { clearInterval(t); sock.destroy(); resolve({ data, open: true }); }, 15000);
      sock.on("connect", () => sock.write("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
      sock.on("data", (d) => { data += d; });
      sock.on("error", () => {});
      sock.on("close", () => { clearInterval(t); clearTimeout(giveUp); resolve({ data, open: false }); });
    });
    assert.equal(r.open, false, "still open after 15 s: no header deadline");
    assert.match(r.data, /^HTTP\/1\.1 408/);
  });

  test(`[${engine}] ${which}: one address holds at most ${PER_ADDRESS} connections while another is served`, async () => {
    const held = [];
    for (let i = 0; i < PER_ADDRESS; i++) {
      // each connection is in the server's registry once it has answered on it (kept alive)
      held.push(await new Promise((resolve) => {
        const sock = connect({ port: port(), host: "127.0.0.1", localAddress: "127.0.0.4" });
        sock.on("connect", () => sock.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
        sock.once("data", () => resolve(sock));
        sock.on("error", () => {});
      }));
    }
    const extra = await raw(port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", { from: "127.0.0.4", waitMs: 2000 });
    const other = await getFrom(port(), "/healthz", "127.0.0.5");
    for (const s of held) s.destroy();
    assert.equal(extra.status, 0, `connection ${PER_ADDRESS + 1} was served: ${extra.data.slice(0, 100)}`);
    assert.equal(extra.open, false);
    assert.equal(other.status, 200);
  });
}

test(`[${engine}] portal: the trusted proxy's address is not capped (it carries many residents)`, async () => {
  const held = [];
  for (let i = 0; i < PER_ADDRESS + 2; i++) {
    held.push(await new Promise((resolve, reject) => {
      const sock = connect({ port: portal.port, host: "127.0.0.1", localAddress: "127.0.0.1" });
      sock.on("connect", () => sock.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Real-IP: 192.0.2.7\r\n\r\n"));
      sock.once("data", (d) => resolve({ sock, status: String(d).slice(9, 12) }));
      sock.on("error", reject);
    }));
  }
  for (const h of held) h.sock.destroy();
  assert.deepEqual(held.map((h) => h.status), Array(PER_ADDRESS + 2).fill("200"));
});

/** Wait for the server's (buffered, flushed each second) log to match re. */
async function logged(server, re) {
  for (let i = 0; i < 50 && !re.test(server.log()); i++) await new Promise((r) => setTimeout(r, 200));
  return server.log();
}

for (const which of ["staff server", "portal"]) {
  test(`[${engine}] ${which}: a path with %0d%0a is logged as one line with the CR LF escaped`, async () => {
    const server = which === "portal" ? portal : srv;
    const r = await getFrom(server.port, "/nowhere%0d%0a2026-01-01T00:00:00.000Z%20INFO%20forged", "127.0.0.6");
    assert.equal(r.status, 404);
    const log = await logged(server, /nowhere\\r\\n2026/);
    assert.match(log, /GET \/nowhere\\r\\n2026-01-01T00:00:00\.000Z INFO forged 404/);
    assert.doesNotMatch(log, /^2026-01-01T00:00:00\.000Z INFO forged/m);
  });
}
