#!/usr/bin/env node
// Home for a 係長 on a large city (issue 22 item 4: the day's numbers, the consistency lists'
// counts among them):
//   node bench/home.mjs [DB] [KEY] [LOADS]      (SUIDO_BIN, default build/suido)
// DB and KEY default to the city bench/stats.sh caches (build/bench-stats/city-120000-5.db: 120,000
// taps, five years).  Starts the staff server twice on that database: first with
// SUIDO_CHECKS_HOME_MAX_AGE=0, so that every home counts the seven lists afresh (as home did before
// the counts were kept), then with the default (900 s), where home shows the counts last taken.
// Each server: a 係長 signs in, home is loaded once (not counted: the server's first statements),
// then LOADS times (default 21), each followed by the same-run baseline /password (session,
// layout and HTTP only).  Printed per server: median, p90 and max in ms, and the median's ratio to
// the baseline's.  The database is written to (sessions, audit rows, the kept counts).
import { existsSync } from "node:fs";
import { Client, startServer, stopServer } from "../tests/integration/lib.mjs";

const db = process.argv[2] || "build/bench-stats/city-120000-5.db";
const key = process.argv[3] || db.replace(/\.db$/, ".key");
const loads = Number(process.argv[4] || 21);
if (!existsSync(db)) throw new Error(`${db}: no city (bench/stats.sh builds and caches one)`);

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
async function round(label, env) {
  const ctx = { env: { ...process.env, SUIDO_DB: `sqlite:${db}`, SUIDO_KEY_FILE: key, SUIDO_FAST_HASH: "1", ...env } };
  if (/^postgres/.test(db)) ctx.env.SUIDO_DB = db;
  const srv = await startServer(ctx);
  try {
    const c = new Client(srv.base);
    const r = await c.login("kakaricho", "suido-demo-2025");
    if (r.status !== 303) throw new Error(`login: ${r.status}`);
    const get = async (path) => {
      const t0 = performance.now();
      const res = await c.get(path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      if (path === "/" && !res.text.includes('id="home-checks"')) throw new Error("home without the lists' counts");
      return performance.now() - t0;
    };
    await get("/");
    const home = [], base = [];
    for (let i = 0; i < loads; i++) {
      home.push(await get("/"));
      base.push(await get("/password"));
    }
    home.sort((a, b) => a - b);
    base.sort((a, b) => a - b);
    const f = (xs) => `median ${pct(xs, 0.5).toFixed(1)}  p90 ${pct(xs, 0.9).toFixed(1)}  max ${xs.at(-1).toFixed(1)} ms`;
    console.log(`${label.padEnd(34)} home ${f(home)}   baseline /password ${f(base)}   ×${(pct(home, 0.5) / pct(base, 0.5)).toFixed(1)}`);
  } finally {
    await stopServer(srv);
  }
}

console.log(`home (係長), ${loads} loads each, on ${db}`);
await round("counted on every load (max age 0)", { SUIDO_CHECKS_HOME_MAX_AGE: "0" });
await round("kept counts (max age 900 s)", {});
