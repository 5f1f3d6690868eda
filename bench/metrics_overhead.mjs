#!/usr/bin/env node
// What /metrics costs a request end to end (issue 19, "Monitoring"):
//   node bench/metrics_overhead.mjs [ROUNDS] [REQUESTS]      (SUIDO_BIN, default build/suido)
// One small demo city (2,000 taps, SQLite) and two staff servers on it, the same binary: one with
// the counters on ([metrics] enabled = yes, the default) and one with them off
// (SUIDO_METRICS_ENABLED=no).  Each logs in a clerk; then ROUNDS rounds (default 6), each of
// REQUESTS pages (default 1,000) to each server, the two servers asked in turn request by request
// (on, off, on, off ...; the first of each pair alternating between rounds), so that the machine's
// load, which moves by a factor of two on the shared development machine, falls on both alike.
// Pages: /password (session, layout, HTTP: the lightest page, where the counting weighs most)
// and /works?status=received (a search).  Printed per round and for all rounds together: median
// and p99 in ms for each server and the ratio on/off, and the load average.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const rounds = Number(process.argv[2] || 6), requests = Number(process.argv[3] || 1000);
const bin = process.env.SUIDO_BIN || "build/suido";
const dir = mkdtempSync(join(tmpdir(), "suido-bench-metrics-"));
const env = { ...process.env, SUIDO_DB: `sqlite:${dir}/s.db`, SUIDO_KEY_FILE: `${dir}/k.key`, SUIDO_FAST_HASH: "1",
  SUIDO_LOG_LEVEL: "info" };
const demo = spawnSync(bin, ["demo", "--taps", "2000", "--years", "0", "--seed", "18", "--no-payments"],
  { env, encoding: "utf8", maxBuffer: 1 << 26 });
if (demo.status !== 0) throw new Error(`demo: ${demo.stderr}`);

async function start(enabled) {
  const srv = spawn(bin, ["serve", "--listen", "127.0.0.1:0"], {
    env: { ...env, SUIDO_METRICS_ENABLED: enabled }, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  const port = await new Promise((resolve, reject) => {
    srv.stderr.on("data", (d) => {
      log += d;
      const m = log.match(/listening on http:\/\/\S+ \(port (\d+)/) || log.match(/listening on http:\/\/[^:\s]+:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    srv.on("exit", (code) => reject(new Error(`serve exited ${code}: ${log}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/login`);
  const csrf = (await login.text()).match(/name="csrf" value="([0-9a-f]{64})"/);
  const cookie0 = (login.headers.get("set-cookie") || "").split(";")[0];
  const res = await fetch(`${base}/login`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie0 },
    body: new URLSearchParams({ username: "tanto", password: "suido-demo-2025", ...(csrf ? { csrf: csrf[1] } : {}) }),
  });
  return { srv, base, cookie: (res.headers.get("set-cookie") || "").split(";")[0], enabled };
}

async function timed(s, path) {
  const t = process.hrtime.bigint();
  const r = await fetch(`${s.base}${path}`, { headers: { Cookie: s.cookie } });
  await r.text();
  if (r.status !== 200) throw new Error(`${s.enabled} ${path}: ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const q = (v, p) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const fmt = (x) => x.toFixed(3);

const on = await start("yes"), off = await start("no");
const pages = ["/password", "/works?status=received"];
const all = Object.fromEntries(pages.map((p) => [p, { yes: [], no: [] }]));
try {
  for (const p of pages) for (const s of [on, off]) for (let i = 0; i < 50; i++) await timed(s, p);   // warm-up
  console.log(`metrics on/off, ${rounds} rounds x ${requests} requests to each server, in turn (ms)`);
  for (let r = 0; r < rounds; r++) {
    const pair = r % 2 ? [off, on] : [on, off];
    const got = Object.fromEntries(pages.map((p) => [p, { yes: [], no: [] }]));
    for (let i = 0; i < requests; i++) {
      const p = pages[i % pages.length];
      for (const s of pair) got[p][s.enabled].push(await timed(s, p));
    }
    for (const p of pages) {
      const g = got[p];
      all[p].yes.push(...g.yes);
      all[p].no.push(...g.no);
      console.log(`round ${r + 1} ${p.padEnd(24)} on p50 ${fmt(q(g.yes, 0.5))} p99 ${fmt(q(g.yes, 0.99))} | ` +
        `off p50 ${fmt(q(g.no, 0.5))} p99 ${fmt(q(g.no, 0.99))} | ratio p50 ${(q(g.yes, 0.5) / q(g.no, 0.5)).toFixed(3)} ` +
        `p99 ${(q(g.yes, 0.99) / q(g.no, 0.99)).toFixed(3)} | load ${load()}`);
    }
  }
  for (const p of pages) {
    const g = all[p];
    console.log(`ALL ${p.padEnd(26)} on p50 ${fmt(q(g.yes, 0.5))} p99 ${fmt(q(g.yes, 0.99))} | ` +
      `off p50 ${fmt(q(g.no, 0.5))} p99 ${fmt(q(g.no, 0.99))} | ratio p50 ${(q(g.yes, 0.5) / q(g.no, 0.5)).toFixed(3)} ` +
      `p99 ${(q(g.yes, 0.99) / q(g.no, 0.99)).toFixed(3)} (${g.yes.length} each)`);
  }
  // The switch works: the server with the counters off counted nothing.
  const m = await (await fetch(`${off.base}/metrics`)).text();
  const counted = [...m.matchAll(/^suido_http_requests_total\{[^}]*\} (\d+)/gm)].reduce((a, x) => a + Number(x[1]), 0);
  console.log(`requests counted by the server with the counters off: ${counted}`);
} finally {
  on.srv.kill("SIGTERM");
  off.srv.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dir, { recursive: true, force: true });
}
