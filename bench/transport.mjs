#!/usr/bin/env node
// Bounded load on the staff server's transport (issue 13, findings 1 and 3):
//   node bench/transport.mjs [UPLOADS] [SLOW]      (SUIDO_BIN, default build/suido)
// Starts a server on a fresh SQLite database, then at once
//   - UPLOADS anonymous 8 MiB multipart uploads to /tariffs (default 30), each from its own
//     loopback address, sending the whole body as fast as the server takes it;
//   - SLOW sockets (default 1050) from 127.0.0.1 sending one header line a second for 12 s;
// and meanwhile asks /healthz from 127.0.0.2 every 250 ms.  Printed: the server's resident
// memory before and at its peak (VmRSS, VmHWM), how the uploads and slow sockets ended, and
// the /healthz answers (count, slowest).  Bounded: everything stops after ~15 s.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

const uploads = Number(process.argv[2] || 30), slow = Number(process.argv[3] || 1050);
const bin = process.env.SUIDO_BIN || "build/suido";
const dir = mkdtempSync(join(tmpdir(), "suido-bench-transport-"));
const env = { ...process.env, SUIDO_DB: `sqlite:${dir}/s.db`, SUIDO_KEY_FILE: `${dir}/k.key`, SUIDO_FAST_HASH: "1" };
spawnSync(bin, ["migrate"], { env });
// Port 0: the kernel picks a free one, and the log names it.
const srv = spawn(bin, ["serve", "--listen", "127.0.0.1:0"], { env, stdio: ["ignore", "ignore", "pipe"] });
let serveLog = "";
const port = await new Promise((r) => srv.stderr.on("data", (d) => {
  serveLog += d;
  const m = serveLog.match(/listening on http:\/\/[^:\s]+:(\d+)/);
  if (m) r(Number(m[1]));
}));
const mem = (k) => Number(readFileSync(`/proc/${srv.pid}/status`, "utf8").match(new RegExp(`^${k}:\\s+(\\d+)`, "m"))[1]) >> 10;
const rssBefore = mem("VmRSS");

function upload(i) {
  return new Promise((resolve) => {
    const s = connect({ port, host: "127.0.0.1", localAddress: `127.0.3.${1 + (i % 250)}` });
    let data = "", sent = 0;
    s.on("data", (d) => { data += d; });
    s.on("error", () => {});
    s.on("close", () => resolve({ status: data.slice(9, 12) || "reset", sent }));
    s.on("connect", async () => {
      s.write(`POST /tariffs HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: ${8 << 20}\r\n\r\n`);
      const piece = Buffer.alloc(1 << 16, "a");
      while (sent < 8 << 20 && !s.destroyed) { sent += piece.length; if (!s.write(piece)) await new Promise((r) => { s.once("drain", r); s.once("close", r); }); }
    });
  });
}
function slowSocket() {
  return new Promise((resolve) => {
    const s = connect({ port, host: "127.0.0.1" });
    let n = 0, refused = false, got408 = false;
    const t = setInterval(() => { if (n++ < 12) s.write(`X-${n}: a\r\n`); else { clearInterval(t); s.destroy(); } }, 1000);
    s.on("connect", () => s.write("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
    s.on("data", (d) => { if (String(d).startsWith("HTTP/1.1 408")) got408 = true; });
    s.on("error", () => { refused = refused || n === 0; });
    s.on("close", () => { clearInterval(t); resolve(got408 ? "408" : n <= 1 ? "refused" : n > 12 ? "kept" : "closed"); });
  });
}
const health = [];
const probe = setInterval(() => {
  const t0 = Date.now();
  const req = request({ host: "127.0.0.1", port, path: "/healthz", localAddress: "127.0.0.2", agent: false, timeout: 5000 },
    (res) => { res.resume(); res.on("end", () => health.push({ status: res.statusCode, ms: Date.now() - t0 })); });
  req.on("timeout", () => { req.destroy(); health.push({ status: "timeout", ms: Date.now() - t0 }); });
  req.on("error", () => health.push({ status: "error", ms: Date.now() - t0 }));
  req.end();
}, 250);
const count = (xs) => xs.reduce((m, x) => ({ ...m, [x]: (m[x] || 0) + 1 }), {});
const [up, sl] = await Promise.all([Promise.all(Array.from({ length: uploads }, (_, i) => upload(i))),
  Promise.all(Array.from({ length: slow }, slowSocket))]);
clearInterval(probe);
await new Promise((r) => setTimeout(r, 300));
console.log(`memory: VmRSS before ${rssBefore} MiB, peak (VmHWM) ${mem("VmHWM")} MiB`);
console.log(`uploads (${uploads} x 8 MiB): ${JSON.stringify(count(up.map((u) => u.status)))}; body bytes sent before the answer, median ${up.map((u) => u.sent).sort((a, b) => a - b)[up.length >> 1]}`);
console.log(`slow sockets (${slow}): ${JSON.stringify(count(sl))}`);
console.log(`/healthz from another address: ${JSON.stringify(count(health.map((h) => h.status)))}, slowest ${Math.max(...health.map((h) => h.ms))} ms`);
srv.kill("SIGTERM");
await new Promise((r) => srv.on("close", r));
rmSync(dir, { recursive: true, force: true });
