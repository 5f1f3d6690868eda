#!/usr/bin/env node
// The works applications search over a year of Kofu-sized works (issue 18, "Tests and figures"):
//   node bench/works_search.mjs [TAPS] [SEARCHES]      (SUIDO_BIN, default build/suido)
// Makes the demo city of TAPS taps (default 120000: about 1,736 applications with their fees and
// steps, `suido demo`) on a fresh SQLite database, starts the staff server, logs in as a billing
// clerk (担当: works.view) and asks SEARCHES pages of /works one after another (default 500),
// cycling through the filters a clerk uses: none, each status, each type, a 町丁目, a month of
// received dates, 滞留, a number's beginning.  Printed: the applications made, then the latency
// of the pages in ms (p50, p90, p99, max) — the target is p99 under 20 ms — and, as the same-run
// baseline, the same figures for a page with no query of its own (/password, the password form:
// session, layout and HTTP only), asked between the searches, with the ratio of the p50s and p99s.
// Before the counted searches each query is asked four times (one per worker thread), so that the
// figures are a running server's; the slowest of those first asks is printed apart (COLD).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const taps = Number(process.argv[2] || 120000), searches = Number(process.argv[3] || 500);
const bin = process.env.SUIDO_BIN || "build/suido";
const dir = mkdtempSync(join(tmpdir(), "suido-bench-works-"));
const env = { ...process.env, SUIDO_DB: `sqlite:${dir}/s.db`, SUIDO_KEY_FILE: `${dir}/k.key`, SUIDO_FAST_HASH: "1" };
const t0 = Date.now();
const demo = spawnSync(bin, ["demo", "--taps", String(taps), "--years", "0", "--seed", "18", "--no-payments"],
  { env, encoding: "utf8", maxBuffer: 1 << 26 });
if (demo.status !== 0) throw new Error(`demo: ${demo.stderr}`);
const count = spawnSync("sqlite3", [`${dir}/s.db`, "SELECT COUNT(*) FROM works_applications"], { encoding: "utf8" })
  .stdout.trim();
console.log(`demo: ${taps} taps, ${count} works applications, ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const srv = spawn(bin, ["serve", "--listen", "127.0.0.1:0"], { env, stdio: ["ignore", "ignore", "pipe"] });
let log = "";
const port = await new Promise((resolve) => srv.stderr.on("data", (d) => {
  log += d;
  const m = log.match(/listening on http:\/\/\S+ \(port (\d+)/) || log.match(/listening on http:\/\/[^:\s]+:(\d+)/);
  if (m) resolve(Number(m[1]));
}));
const base = `http://127.0.0.1:${port}`;
const login = await fetch(`${base}/login`);
const csrf0 = (await login.text()).match(/name="csrf" value="([0-9a-f]{64})"/);
const cookie0 = (login.headers.get("set-cookie") || "").split(";")[0];
const res = await fetch(`${base}/login`, {
  method: "POST", redirect: "manual",
  headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie0 },
  body: new URLSearchParams({ username: "tanto", password: "suido-demo-2025", ...(csrf0 ? { csrf: csrf0[1] } : {}) }),
});
const cookie = (res.headers.get("set-cookie") || "").split(";")[0];

const month = new Date(Date.now() + 9 * 3600e3 - 90 * 86400e3).toISOString().slice(0, 7);
const queries = ["", "overdue=1", "type=new", "type=remodel", "type=complex", "area=010101", "number=R8-000",
  `from=${month}-01&to=${month}-28`, "status=received", "status=review", "status=approved", "status=paid",
  "status=started", "status=failed", "status=inspected", "status=completed", "status=cancelled",
  "status=completed&type=branch", "page=2", "page=10"];
const ms = [], base_ms = [], slowest = new Map();
async function timed(path) {
  const t = process.hrtime.bigint();
  const r = await fetch(`${base}${path}`, { headers: { Cookie: cookie } });
  await r.text();
  if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}
// Warm-up, not counted: each query's first asks prepare its statements on the server's worker
// threads (4) and read its pages into the cache, as on a server that has run all morning.  The
// slowest of these first asks is printed apart (COLD).
let cold = 0;
for (let i = 0; i < 4 * queries.length; i++) {
  cold = Math.max(cold, await timed(`/works${queries[i % queries.length] ? "?" + queries[i % queries.length] : ""}`));
  await timed("/password");
}
for (let i = 0; i < searches; i++) {
  base_ms.push(await timed("/password"));
  const q = queries[i % queries.length];
  const t = process.hrtime.bigint();
  const r = await fetch(`${base}/works${q ? "?" + q : ""}`, { headers: { Cookie: cookie } });
  await r.text();
  const took = Number(process.hrtime.bigint() - t) / 1e6;
  ms.push(took);
  slowest.set(q, Math.max(slowest.get(q) || 0, took));
  if (r.status !== 200) throw new Error(`/works?${q}: ${r.status}`);
}
ms.sort((a, b) => a - b);
base_ms.sort((a, b) => a - b);
const at = (v, p) => v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
const pct = (p) => at(ms, p).toFixed(2);
console.log(`RESULT searches=${ms.length} p50_ms=${pct(50)} p90_ms=${pct(90)} p99_ms=${pct(99)} max_ms=${ms[ms.length - 1].toFixed(2)}`);
console.log(`BASELINE /password p50_ms=${at(base_ms, 50).toFixed(2)} p99_ms=${at(base_ms, 99).toFixed(2)}` +
  ` ratio_p50=x${(at(ms, 50) / at(base_ms, 50)).toFixed(1)} ratio_p99=x${(at(ms, 99) / at(base_ms, 99)).toFixed(1)}`);
console.log(`COLD the slowest first ask of a query (warm-up, not counted above): ${cold.toFixed(2)} ms`);
if (process.env.VERBOSE) for (const [q, t] of slowest) console.log(`  ${t.toFixed(2)} ms  /works?${q}`);
srv.kill("SIGTERM");
await new Promise((r) => srv.on("close", r));
rmSync(dir, { recursive: true, force: true });
