// Every route by every role, and every route's id by hostile values: the staff server's whole
// route table (`suido serve --routes`) probed with each demo role's session and with none,
// against the permission table (`suido user roles`).  A role without a route's permission gets
// 403 before its handler runs (GET and POST alike, with a valid CSRF token, so the refusal is the
// permission's, not the token's); anonymous gets the login page (303) or 401; a role with the
// permission never gets a 5xx.  Each route with an id segment ('*') is then asked for ids a
// hostile client would send (0, -1, letters, 30 digits, NUL, an encoded slash, full-width digits,
// 4,000 characters): 4xx, never 5xx, and the server stays up.  POSTs of permitted roles are sent
// only with a hostile id (never to a real record), so the probe changes nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, makeEnv, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
// The demo city's user for each role (scripts/run-demo.sh and docs/README list them).
const USERS = { viewer: "etsuran", reader: "kenshin", clerk: "tanto", chief: "kakaricho", admin: "admin",
  auditor: "kansa", works: "koji" };
// Routes whose POST ends the probing session or signs in: not sent with a permitted role.
const SESSION_ROUTES = new Set(["/logout", "/api/v1/logout", "/login", "/api/v1/login", "/password"]);
// ("%2e%2e" is not among them: fetch resolves it as ".." before sending, as browsers do.)
const HOSTILE_IDS = ["0", "-1", "abc", "123456789012345678901234567890", "1%00", "..%2f1",
  "%EF%BC%91", "1e3", "0x10", "1;DROP", "x".repeat(4000)];

let ctx, srv, routes, perms;
const clients = {};

/** Parse a TSV with a header line into objects. */
function tsv(text) {
  const [head, ...lines] = text.trim().split("\n");
  const keys = head.split("\t");
  return lines.map((l) => Object.fromEntries(l.split("\t").map((v, i) => [keys[i], v])));
}
const concrete = (pattern, id) => pattern.replace("*", id);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "60", "--years", "0", "--seed", "31", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  const r = suido(ctx, ["serve", "--routes"]);
  assert.equal(r.code, 0, r.stderr);
  routes = tsv(r.stdout).filter((rt) => rt.path !== "/static/*");
  perms = Object.fromEntries(tsv(suido(ctx, ["user", "roles"]).stdout).map((x) => [x.role, new Set(x.permissions.split(","))]));
  assert.deepEqual(Object.keys(perms).sort(), Object.keys(USERS).sort(), "a demo user for every role");
  assert.ok(routes.length > 150 && routes.some((rt) => rt.path.startsWith("/works")), "the whole table, works included");
  srv = await startServer(ctx);
  for (const [role, user] of Object.entries(USERS)) {
    const c = new Client(srv.base);
    assert.equal((await c.login(user, DEMO)).status, 303, `${user} logs in`);
    assert.match(c.csrf, /^[0-9a-f]{64}$/);
    clients[role] = c;
  }
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

/** Send rt with the id id as client c (a POST carries c's CSRF token and nothing else). */
function send(c, rt, id) {
  const path = concrete(rt.path, id);
  const api = rt.flags.includes("api");
  if (rt.method === "GET") return c.get(path);
  return api ? c.request("POST", path, { json: {}, headers: { "X-CSRF-Token": c.csrf } }) : c.post(path, { csrf: c.csrf });
}

test(`[${engine}] a role without a route's permission is refused before the handler (403), GET and POST`, async () => {
  let refused = 0;
  for (const rt of routes) {
    if (rt.flags.includes("public") || rt.permission === "none") continue;
    for (const [role, c] of Object.entries(clients)) {
      if (perms[role].has(rt.permission)) continue;
      const res = await send(c, rt, "1");
      assert.equal(res.status, 403, `${role} ${rt.method} ${rt.path} (needs ${rt.permission}): ${res.status}`);
      refused++;
    }
  }
  // the table is wide: most routes are closed to most roles (a regression that opened them shows here too)
  assert.ok(refused > 400, `refusals probed: ${refused}`);
});

test(`[${engine}] without a session every non-public route answers the login page or 401, never content`, async () => {
  const anon = new Client(srv.base);
  for (const rt of routes) {
    if (rt.flags.includes("public")) continue;
    const res = await send(anon, rt, "1");
    if (rt.flags.includes("api")) assert.ok([401, 403].includes(res.status), `${rt.method} ${rt.path}: ${res.status}`);
    else {
      assert.equal(res.status, 303, `${rt.method} ${rt.path}: ${res.status}`);
      assert.match(res.location, /^\/login/, `${rt.method} ${rt.path} → ${res.location}`);
    }
  }
});

test(`[${engine}] a permitted role reading any page with id 1 gets an answer, never a server error`, async () => {
  for (const rt of routes) {
    if (rt.method !== "GET" || rt.flags.includes("public")) continue;
    for (const [role, c] of Object.entries(clients)) {
      if (rt.permission !== "none" && !perms[role].has(rt.permission)) continue;
      const res = await send(c, rt, "1");
      assert.ok(res.status < 500, `${role} GET ${concrete(rt.path, "1")}: ${res.status} ${res.text.slice(0, 200)}`);
    }
  }
});

test(`[${engine}] hostile ids in every route's id segment get 4xx, never 5xx, and the server stays up`, async () => {
  const admin = clients.admin;
  let probed = 0;
  const wrong = [];
  for (const rt of routes) {
    if (!rt.path.includes("*") || rt.flags.includes("public") || SESSION_ROUTES.has(rt.path)) continue;
    // the role that may use the route (the administrator for most; the 工事 role for works entry)
    const role = Object.keys(clients).find((r) => rt.permission === "none" || perms[r].has(rt.permission));
    if (!role) continue;
    for (const id of HOSTILE_IDS) {
      const res = await send(clients[role] ?? admin, rt, id);
      if (!(res.status >= 400 && res.status < 500 || res.status === 303))
        wrong.push(`${role} ${rt.method} ${concrete(rt.path, id).slice(0, 100)}: ${res.status}`);
      probed++;
    }
  }
  assert.deepEqual(wrong, [], "every hostile id refused");
  assert.ok(probed > 300, `hostile ids probed: ${probed}`);
  const health = await new Client(srv.base).get("/healthz");
  assert.equal(health.status, 200, "the server still answers");
  assert.equal(srv.proc.exitCode, null, "and never exited");
});
