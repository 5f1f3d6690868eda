// Helpers for the HTTP integration tests: a temporary database (SQLite, or the
// PostgreSQL given by SUIDO_TEST_DB), the real `suido` binary, and a small
// cookie-keeping client that talks to the server like a browser would.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createSyncFn } from "synckit";

export const ROOT = resolve(new URL("../..", import.meta.url).pathname);
export const BIN = resolve(ROOT, process.env.SUIDO_BIN || "build/suido");
export const PASSWORD = "integration-pass-1";

export function makeEnv() {
  const dir = mkdtempSync(join(tmpdir(), "suido-it-"));
  const pg = process.env.SUIDO_TEST_DB || "";
  const env = {
    ...process.env,
    SUIDO_DB: pg || `sqlite:${dir}/suido.db`,
    SUIDO_KEY_FILE: `${dir}/suido.key`,
    SUIDO_FAST_HASH: "1",
    SUIDO_LOG_LEVEL: "info",
  };
  if (pg) resetPg(pg, env.SUIDO_KEY_FILE);
  return { dir, env, pg, sqlitePath: pg ? null : `${dir}/suido.db`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Empty the test's PostgreSQL database.  With SUIDO_TEST_PG_TEMPLATE=DB:KEYFILE (tests/run-all.sh
 *  migrates DB once per run, which made KEYFILE) the database is made again as a copy of that
 *  template and the key beside it copied to the test's key file — quicker than dropping every
 *  table and applying every migration again.  Without it (a file run by hand) the schema is
 *  dropped, and the first command migrates and makes the key. */
function resetPg(pg, keyFile) {
  const [tmpl, tmplKey] = (process.env.SUIDO_TEST_PG_TEMPLATE || "").split(":");
  const db = (pg.match(/(?:^|\s)dbname=(\S+)/) || [])[1];
  pgSync("forget", pg);
  let r;
  if (tmpl && db) {
    copyFileSync(tmplKey, keyFile);
    const admin = pg.replace(/(^|\s)dbname=\S+/, "$1dbname=postgres");
    r = pgSync("query", admin, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`, true);
    if (r.code === 0) r = pgSync("query", admin, `CREATE DATABASE "${db}" TEMPLATE "${tmpl}"`, true);
  } else {
    r = pgSync("query", pg, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", true);
  }
  if (r.code !== 0) throw new Error(`cannot reset PostgreSQL: ${r.err}`);
}

/** The worker that runs the tests' statements on PostgreSQL over kept connections
 *  (pg_worker.mjs), made at the first statement.  A conninfo naming several hosts (the failover
 *  test's primary and standby, target_session_attrs=read-write), which the worker's client does
 *  not read, goes to psql: a new connection a statement finds the new primary. */
let pgFn;
function pgSync(op, conninfo, text, keep) {
  if (/(^|\s)host=\S*,/.test(conninfo)) {
    if (op === "forget") return { code: 0, out: "", err: "" };
    const r = spawnSync("psql", [conninfo, "-qAtc", text], { encoding: "utf8", maxBuffer: 1 << 26 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  pgFn ??= createSyncFn(new URL("./pg_worker.mjs", import.meta.url));
  return pgFn(op, conninfo, text, keep);
}

/** Run `suido ARGS...` synchronously; input goes to stdin.  With SUIDO_TEST_TIMING=FILE each
 *  call's milliseconds and command are appended to FILE (to find where a slow test spends). */
export function suido(ctx, args, input = "") {
  const t0 = Date.now();
  const r = spawnSync(BIN, args, { env: ctx.env, input, encoding: "utf8", timeout: 120000 });
  if (process.env.SUIDO_TEST_TIMING) appendFileSync(process.env.SUIDO_TEST_TIMING, `${Date.now() - t0}\t${args.slice(0, 2).join(" ")}\n`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function addUser(ctx, username, role, password = PASSWORD) {
  const r = suido(ctx, ["user", "add", "--username", username, "--role", role], password + "\n");
  if (r.code !== 0) throw new Error(`user add ${username}: ${r.stderr}`);
}

/** Start `suido ARGS --listen 127.0.0.1:0` (the kernel picks a free port, the
 *  log names it) and resolve when its log says `ready`. */
async function startListening(ctx, args, ready, env = {}) {
  const proc = spawn(BIN, [...args, "--listen", "127.0.0.1:0"], { env: { ...ctx.env, ...env } });
  let log = "";
  proc.stderr.on("data", (d) => { log += d.toString(); });
  const ok = await new Promise((res) => {
    const t = setTimeout(() => res(false), 30000);
    proc.stderr.on("data", () => { if (log.includes(ready)) { clearTimeout(t); res(true); } });
    proc.on("exit", () => { clearTimeout(t); res(false); });
  });
  // the staff server logs "listening on http(s)://HOST:PORT", the portal "... (port PORT, ..."
  const m = log.match(/listening on http:\/\/\S+ \(port (\d+)/) || log.match(/listening on (https?):\/\/[^:\s]+:(\d+)/);
  if (!ok || !m || m[m.length - 1] === "0") {
    proc.kill("SIGKILL");
    throw new Error(`${args[0]} did not start: ${log}`);
  }
  const scheme = m.length > 2 ? m[1] : "http";
  const port = Number(m[m.length - 1]);
  const srv = { proc, port, base: `${scheme}://127.0.0.1:${port}`, log: () => log, stopping: false };
  // A server that dies under a test takes every later request with it ("fetch failed"):
  // print the end of its log, where a sanitizer report or the last error is.
  proc.on("exit", (code, signal) => {
    if (srv.stopping) return;
    process.stderr.write(`\n# ${args[0]} exited unexpectedly (code ${code}, signal ${signal}); its log ends:\n` +
      log.slice(-6000).replace(/^/gm, "# ") + "\n");
  });
  return srv;
}

/** Start `suido serve` (with extra arguments, e.g. --tls-cert F --tls-key F) on a free loopback
 *  port; resolves when it listens.  srv.base is https://... when it serves TLS. */
export function startServer(ctx, extra = []) {
  return startListening(ctx, ["serve", "--threads", "4", ...extra], "listening on");
}

/** Start `suido portal` (env: extra variables over ctx.env) the same way. */
export function startPortal(ctx, env = {}) {
  return startListening(ctx, ["portal"], "portal listening on", env);
}

export function stopServer(srv) {
  return new Promise((res) => {
    if (srv.proc.exitCode !== null) return res(srv.proc.exitCode);
    // "close" comes after the last output has been read, unlike "exit".
    srv.stopping = true;
    srv.proc.on("close", (code) => res(code));
    srv.proc.kill("SIGTERM");
  });
}

/** All Set-Cookie headers (Headers.getSetCookie is missing before Node 19.7). */
export function setCookies(headers) {
  if (typeof headers.getSetCookie === "function") return headers.getSetCookie();
  const joined = headers.get("set-cookie");
  return joined ? joined.split(/,(?=\s*[A-Za-z0-9_]+=)/).map((c) => c.trim()) : [];
}

/** The one-time token of the form formId in a page (the forms that post money or requests carry
 *  one; a token posts once): { form_token }. */
export function formTokenIn(html, formId) {
  const form = html.match(new RegExp(`<form[^>]*id="${formId}"[^>]*>([\\s\\S]*?)</form>`));
  const t = form && form[1].match(/name="form_token" value="([0-9a-f]{64})"/);
  if (!t) throw new Error(`no form ${formId} with a token`);
  return { form_token: t[1] };
}

/** The same, from the page at path (as a browser shows the form before it is sent). */
export async function formToken(c, path, formId) {
  return formTokenIn((await c.get(path)).text, formId);
}

/* When each server (origin) last answered this process.  A server closes a kept-alive
 * connection left idle past its timeout (30 s on the staff server, 10 s on the portal).  While
 * a test waits in synchronous calls (spawnSync of the CLI or sqlite3: on a busy machine they
 * may add up to more than that between two requests) this process cannot see the close, and
 * fetch writes the next request on the closed connection ("other side closed"), so it never
 * reached the server.  Only then — a socket error after such an idle spell — is it sent again. */
const lastAnswer = new Map();
const IDLE_CLOSE_MS = 9000;
function closedBeforeSent(err) {
  return err instanceof TypeError && ["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"].includes(err.cause?.code);
}

/** A browser-like client: keeps cookies, never follows redirects by itself. */
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); this.csrf = ""; }

  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "); }

  remember(res) {
    for (const c of setCookies(res.headers)) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()));
      if (expired || value === "") this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }

  async request(method, path, { form, json, body, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    let payload = body;
    if (form) { h["Content-Type"] = "application/x-www-form-urlencoded"; payload = new URLSearchParams(form).toString(); }
    if (json) { h["Content-Type"] = "application/json"; payload = JSON.stringify(json); }
    const origin = new URL(this.base).origin;
    const idle = Date.now() - (lastAnswer.get(origin) ?? Date.now());
    let res;
    for (let attempt = 1; ; attempt++) {
      try {
        res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: "manual" });
        break;
      } catch (err) {
        if (attempt === 3 || idle < IDLE_CLOSE_MS || !closedBeforeSent(err)) throw err;
      }
    }
    lastAnswer.set(origin, Date.now());
    this.remember(res);
    const text = await res.text();
    const m = text.match(/name="csrf" value="([0-9a-f]{64})"/);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text, location: res.headers.get("location") };
  }

  get(path) { return this.request("GET", path); }
  post(path, form, extra = {}) { return this.request("POST", path, { form, ...extra }); }

  /** Log in through the HTML form; returns the POST response. */
  async login(username, password = PASSWORD) {
    await this.get("/login");
    const r = await this.post("/login", { username, password });
    if (r.status === 303) await this.get(r.location || "/");   // pick up a CSRF token
    return r;
  }

  /** Log in through the JSON API, as the reader's app does (must answer 200); keeps the CSRF
   *  token for JSON posts.  Returns this client. */
  async apiLogin(username, password = PASSWORD) {
    const r = await this.request("POST", "/api/v1/login", { json: { username, password } });
    assert.equal(r.status, 200, r.text);
    this.csrf = JSON.parse(r.text).csrf;
    return this;
  }

  /** GET path, which must answer 200, parsed as JSON. */
  async getJson(path) {
    const r = await this.get(path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    return JSON.parse(r.text);
  }
}

/** A resident's browser on the citizen portal: cookies, the form's CSRF token, and its own
 *  address (sent as X-Real-IP, which the portal trusts from 127.0.0.1), so that each resident
 *  has a rate limit of its own. */
export class PortalClient extends Client {
  constructor(base, ip) { super(base); this.ip = ip; }
  request(method, path, opts = {}) {
    return super.request(method, path, { ...opts, headers: { "X-Real-IP": this.ip, ...(opts.headers || {}) } });
  }
  async apply(kind, fields, extra = {}) {
    const g = await this.get(`/apply/${kind}`);
    if (g.status !== 200) throw new Error(`GET /apply/${kind}: ${g.status}`);
    return this.post(`/apply/${kind}`, { csrf: this.csrf, ...fields }, extra);
  }
  async status(receipt_no, secret) {
    await this.get("/status");
    return this.post("/status", { csrf: this.csrf, receipt_no, secret });
  }
}

/** The receipt number and secret on the portal's "filed" page. */
export function receiptOf(text) {
  const no = text.match(/id="receipt-no">(\d{4}-\d{4}-\d{4})</);
  const secret = text.match(/id="secret">([2-9A-HJ-NP-Z]{10})</);
  return { no: no && no[1], secret: secret && secret[1] };
}

/** Form fields of the first <select name=NAME>: its option values. */
export function optionValues(html, name) {
  const sel = html.match(new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`));
  if (!sel) return [];
  return [...sel[1].matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
}

/** The demo city's open cycle moved back by `back` months ("YYYY-MM").  The
 *  open cycle is the newest month whose readings went through the checks and
 *  that the demo leaves unbilled: the current month (JST) once its 22nd, the
 *  last route day, has passed, else the month before (app_demo_open_cycle). */
export function demoCycle(back = 0) {
  const jst = new Date(Date.now() + 9 * 3600 * 1000);
  const open = jst.getUTCMonth() - (jst.getUTCDate() > 22 ? 0 : 1);
  return new Date(Date.UTC(jst.getUTCFullYear(), open - back, 1)).toISOString().slice(0, 7);
}

/** Run SQL on the test database itself: to look at what the HTTP API does not show, or to
 *  damage data on purpose.  sqlite3 on SQLite: the server may be writing at the same moment (a
 *  background job, a checkpoint), so it waits for the lock as the server does rather than
 *  failing with "database is locked".  On PostgreSQL a connection kept for the file
 *  (pg_worker.mjs; what it prints is psql -qAt's), or with conninfo (another role) one opened
 *  for this statement alone.  -> { code, out (trimmed), err }: code 0 when it ran. */
export function sqlRun(ctx, text, conninfo = ctx.pg) {
  const t0 = Date.now();
  let r;
  if (ctx.pg) {
    r = pgSync("query", conninfo, text, conninfo === ctx.pg);
  } else {
    const p = spawnSync("sqlite3", ["-cmd", ".timeout 30000", ctx.sqlitePath, text], { encoding: "utf8", maxBuffer: 1 << 26 });
    r = { code: p.status, out: p.stdout, err: p.stderr };
  }
  if (process.env.SUIDO_TEST_TIMING) appendFileSync(process.env.SUIDO_TEST_TIMING, `${Date.now() - t0}\tsql\n`);
  return { code: r.code, out: r.out.trim(), err: r.err };
}

/** Run SQL on the test's database, which must accept it; returns the trimmed output. */
export function sql(ctx, text) {
  const r = sqlRun(ctx, text);
  assert.equal(r.code, 0, r.err);
  return r.out;
}

/** The open-bill list (bill_open) against its definition: every current bill
 *  with less paid than its total, with its due date, cycle, what is owed
 *  (total less paid), tap and customer, and nothing else.
 *  Returns the bills listed wrongly (missing or extra) and how many are open. */
export function openBillsDrift(ctx) {
  const open = "b.status = 'current' AND b.total_yen > COALESCE(x.paid_yen, 0)"
    + " AND NOT EXISTS (SELECT 1 FROM bill_writeoffs w WHERE w.bill_id = b.id)";
  const missing = sql(ctx, "SELECT b.id FROM bills b LEFT JOIN bill_balances x ON x.bill_id = b.id"
    + ` WHERE ${open} AND NOT EXISTS (SELECT 1 FROM bill_open o WHERE o.bill_id = b.id AND o.due_on = b.due_on`
    + " AND o.cycle = b.cycle AND o.owed_yen = b.total_yen - COALESCE(x.paid_yen, 0)"
    + " AND o.tap_id = b.tap_id AND o.customer_id = b.customer_id)");
  const extra = sql(ctx, "SELECT o.bill_id FROM bill_open o WHERE NOT EXISTS (SELECT 1 FROM bills b"
    + ` LEFT JOIN bill_balances x ON x.bill_id = b.id WHERE b.id = o.bill_id AND ${open})`);
  return { missing: missing ? missing.split("\n") : [], extra: extra ? extra.split("\n") : [],
           open: Number(sql(ctx, "SELECT COUNT(*) FROM bill_open")) };
}

/** The 収納統計's sums of the allocations (allocation_days: count and amount by day posted, channel
 *  — "setoff" for 過誤納充当 — and bill cycle, kept as allocations are written) against the
 *  allocations themselves.  Returns the rows that differ (each "day|channel|cycle|count|amount",
 *  in one and not the other) and how many rows the sums have. */
export function allocationDaysDrift(ctx) {
  const kept = sql(ctx, "SELECT posted_on || '|' || channel || '|' || cycle || '|' || allocations || '|' || amount"
    + " FROM allocation_days ORDER BY posted_on, channel, cycle");
  const ch = "CASE WHEN a.kind = 'setoff' THEN 'setoff' ELSE p.channel END";
  const ledger = sql(ctx, `SELECT a.posted_on || '|' || ${ch} || '|' || b.cycle || '|' || COUNT(*) || '|' || SUM(a.amount)`
    + " FROM allocations a JOIN payments p ON p.id = a.payment_id JOIN bills b ON b.id = a.bill_id"
    + ` GROUP BY a.posted_on, ${ch}, b.cycle ORDER BY a.posted_on, ${ch}, b.cycle`);
  const k = kept ? kept.split("\n") : [], l = ledger ? ledger.split("\n") : [];
  return { differ: [...k.filter((r) => !l.includes(r)), ...l.filter((r) => !k.includes(r))], rows: k.length };
}

/** Bills by id through `suido bill show` (up to 16 ids a call, one JSON line each, so that many
 *  bills cost a few processes): a Map id → bill; every bill must be shown. */
export function billsShown(ctx, ids) {
  const out = new Map();
  const list = [...new Set(ids.map(Number))];
  for (let i = 0; i < list.length; i += 16) {
    const r = suido(ctx, ["bill", "show", ...list.slice(i, i + 16).map(String)]);
    assert.equal(r.code, 0, `suido bill show: ${r.stderr}`);
    for (const line of r.stdout.trim().split("\n")) {
      const b = JSON.parse(line);
      out.set(b.id, b);
    }
  }
  assert.equal(out.size, list.length, "every bill shown");
  return out;
}

/** The cells of the first sheet of an Excel file at path, by reference ("A1": text or number),
 *  read with `unzip` from the workbook's shared strings and sheet XML. */
export function xlsxCells(path) {
  const unzip = (member) => {
    const r = spawnSync("unzip", ["-p", path, member], { encoding: "utf8", maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const strings = [...unzip("xl/sharedStrings.xml").matchAll(/<si>(?:<t[^>]*>([\s\S]*?)<\/t>)<\/si>/g)].map((m) => m[1]);
  const cells = {};
  for (const m of unzip("xl/worksheets/sheet1.xml").matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const v = (m[3] || "").match(/<v>([^<]*)<\/v>/)?.[1];
    if (v !== undefined) cells[m[1]] = / t="s"/.test(m[2]) ? strings[+v] : Number(v);
  }
  return cells;
}
