// The tests' SQL on PostgreSQL without a psql process per statement (lib.mjs `sql`, `sqlRun`).
// This file runs in a worker thread (synckit): the test's thread waits on it, so `sql` stays
// synchronous as on SQLite, while the statement goes over a connection kept open here.  Starting
// psql (Debian's Perl wrapper, then a new backend) cost 70-80 ms a statement, most of the
// PostgreSQL part's time in files that check the database after each request.
//
// What it prints is what `psql -qAt` printed: rows on lines, columns joined by "|", NULL as
// nothing, every value as PostgreSQL's text (t/f, ISO dates, hex bytea), the rows of every
// statement of a multi-statement string one after the other; a failure gives psql's exit code 1
// and the server's message.
import pg from "pg";
import { runAsWorker } from "synckit";

const asText = { getTypeParser: () => (value) => value };
const kept = new Map();   // conninfo -> { client, dead }

/** libpq's "key=value key=value" (the form run-all.sh and the tests use) as pg's options. */
function options(conninfo) {
  const o = {};
  for (const m of conninfo.matchAll(/(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/g)) {
    const v = m[2].startsWith("'") ? m[2].slice(1, -1).replace(/\\(.)/g, "$1") : m[2];
    const key = { dbname: "database" }[m[1]] || m[1];
    o[key] = key === "port" ? Number(v) : v;
  }
  return o;
}

async function connect(conninfo) {
  const entry = { client: new pg.Client(options(conninfo)), dead: false };
  // A connection ended by the server (DROP DATABASE ... WITH (FORCE), a cluster stopped) is
  // noticed here while idle, and the next statement opens a new one.
  entry.client.on("error", () => { entry.dead = true; });
  entry.client.on("end", () => { entry.dead = true; });
  await entry.client.connect();
  return entry;
}

function printed(result) {
  const results = Array.isArray(result) ? result : [result];
  const lines = [];
  for (const r of results) {
    if (!r.fields || r.fields.length === 0) continue;
    for (const row of r.rows) lines.push(row.map((v) => (v === null ? "" : v)).join("|"));
  }
  return lines.join("\n");
}

/** op "query": text on conninfo, over the kept connection when keep is set (else one opened and
 *  closed for it, as a role whose connections a test counts); op "forget": close the kept
 *  connection to conninfo (before its database is dropped).  -> { code, out, err } */
runAsWorker(async (op, conninfo, text, keep) => {
  if (op === "forget") {
    const e = kept.get(conninfo);
    kept.delete(conninfo);
    if (e && !e.dead) await e.client.end().catch(() => {});
    return { code: 0, out: "", err: "" };
  }
  let entry = keep ? kept.get(conninfo) : undefined;
  try {
    if (!entry || entry.dead) {
      entry = await connect(conninfo);
      if (keep) kept.set(conninfo, entry);
    }
  } catch (e) {
    return { code: 2, out: "", err: `psql: error: ${e.message}\n` };
  }
  try {
    const r = await entry.client.query({ text, rowMode: "array", types: asText });
    return { code: 0, out: printed(r), err: "" };
  } catch (e) {
    return { code: 1, out: "", err: `ERROR:  ${e.message}\n` };
  } finally {
    if (!keep) await entry.client.end().catch(() => {});
  }
});
