// A connection kept alive between requests is idle, not slow: the header
// deadline (min(10 s, request_timeout)) cuts a client that trickles its first
// request, but a client that comes back on its kept-alive connection after a
// pause (a browser after reading a page, a script after a long step) finds it
// still open until request_timeout, as libmicrohttpd's idle timeout promises.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { connect } from "node:net";
import { makeEnv, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx, srv;

before(async () => {
  ctx = makeEnv();
  // Header deadline min(10, 20) = 10 s; a kept-alive connection may idle 20 s.
  writeFileSync(`${ctx.dir}/suido.ini`, "[server]\nrequest_timeout = 20\n");
  ctx.env.SUIDO_CONFIG = `${ctx.dir}/suido.ini`;
  assert.equal(suido(ctx, ["migrate"]).code, 0);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

/** One socket; send(text) resolves with the next complete answer, or null if the server closed it. */
function keptAlive(port) {
  const sock = connect({ port, host: "127.0.0.1" });
  let data = "", waiting = null, closed = false;
  const settle = (v) => { if (waiting) { const w = waiting; waiting = null; w(v); } };
  sock.on("data", (d) => { data += d.toString("latin1"); if (/\r\n\r\n[\s\S]*\n$/.test(data)) { settle(data); data = ""; } });
  sock.on("close", () => { closed = true; settle(null); });
  sock.on("error", () => { closed = true; settle(null); });
  return {
    ready: new Promise((r) => sock.once("connect", r)),
    send: (text) => new Promise((r) => { if (closed) return r(null); waiting = r; sock.write(text); }),
    close: () => sock.destroy(),
  };
}

test(`[${engine}] a kept-alive connection reused after 11 s (past the header deadline) still answers`, async () => {
  const c = keptAlive(srv.port);
  await c.ready;
  const get = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n";
  const first = await c.send(get);
  assert.match(first ?? "", /^HTTP\/1\.1 200/);
  await new Promise((r) => setTimeout(r, 11000));
  const second = await c.send(get);
  c.close();
  assert.match(second ?? "closed", /^HTTP\/1\.1 200/, "the connection was closed while idle");
});
