// What the server does when things go wrong: a missing or unsafe key file,
// an idle session, a request that arrives too slowly, a database error.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, renameSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { Client, addUser, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx, srv;

const sql = (statement) => sqlOn(ctx, statement);

before(async () => {
  ctx = makeEnv();
  // A short request timeout so that a slow upload can be shown in a test.
  writeFileSync(`${ctx.dir}/suido.ini`, "[server]\nrequest_timeout = 1\n");
  ctx.env.SUIDO_CONFIG = `${ctx.dir}/suido.ini`;
  assert.equal(suido(ctx, ["demo", "--taps", "20", "--seed", "5"]).code, 0);
  addUser(ctx, "clerk1", "clerk");
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] an existing database without its key file refuses to start`, () => {
  const env = { ...ctx, env: { ...ctx.env, SUIDO_KEY_FILE: `${ctx.dir}/nowhere.key` } };
  const r = suido(env, ["serve", "--listen", "127.0.0.1:1"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /暗号鍵ファイルが見つかりません/);
  assert.match(r.stderr, /nowhere\.key/);
});

test(`[${engine}] a key file readable by others is refused`, () => {
  chmodSync(ctx.env.SUIDO_KEY_FILE, 0o644);
  const r = suido(ctx, ["audit", "verify"]);
  chmodSync(ctx.env.SUIDO_KEY_FILE, 0o600);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /chmod 600/);
});

test(`[${engine}] an idle session ends and the next page asks to log in again`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  assert.equal((await c.get("/customers?q=x")).status, 200);
  sql("UPDATE sessions SET last_seen = last_seen - 4000");
  const r = await c.get("/customers?q=x");
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login/);
  const login = await c.get(r.location);
  // The server's idle sweep (once a minute) may have taken the session first: then it says the
  // login has expired (next test).
  assert.match(login.text, /一定時間操作がなかったため、ログアウトしました|ログインの有効期限が切れました/);
});

test(`[${engine}] a session swept away while idle: the next page says the login has expired`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  assert.equal((await c.get("/customers?q=x")).status, 200);
  sql("DELETE FROM sessions");   // what the idle sweep does to sessions idle too long
  const r = await c.get("/customers?q=x");
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login/);
  assert.match((await c.get(r.location)).text, /ログインの有効期限が切れました。もう一度ログインしてください。/);
  assert.equal((await c.get("/customers?q=x")).status, 303, "the stale cookie was cleared: no second message, still the login");
});

test(`[${engine}] a request body that arrives too slowly gets 408`, async () => {
  const answer = await new Promise((resolve, reject) => {
    const sock = connect(srv.port, "127.0.0.1");
    let data = "";
    sock.on("data", (d) => { data += d; });
    sock.on("close", () => resolve(data));
    sock.on("error", reject);
    sock.write("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\n\r\n");
    let sent = 0;
    const t = setInterval(() => {          // one byte every 0.4 s: alive, but too slow
      if (sent++ < 39) sock.write("a"); else { clearInterval(t); sock.write("b"); }
    }, 400);
    setTimeout(() => { clearInterval(t); sock.end(); }, 20000);
  });
  assert.match(answer, /^HTTP\/1\.1 408/);
});

test(`[${engine}] a database error shows the request id, never SQL`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  sql("ALTER TABLE occupancies RENAME TO occupancies_away");
  try {
    const r = await c.get("/karte/10000001");
    assert.equal(r.status, 500);
    const rid = r.headers.get("x-request-id");
    assert.match(r.text, new RegExp(`受付番号 ${rid}`));
    assert.doesNotMatch(r.text, /SELECT|occupancies|sqlite|postgres/i);
    const api = await c.get("/api/v1/taps/10000001");
    assert.equal(api.status, 500);
    assert.equal(JSON.parse(api.text).request_id, api.headers.get("x-request-id"));
    assert.doesNotMatch(api.text, /SELECT|occupancies/i);
    assert.match(srv.log(), new RegExp(`rid=${rid} GET /karte/10000001 failed: .*occupancies`), "the log has the detail");
  } finally {
    sql("ALTER TABLE occupancies_away RENAME TO occupancies");
  }
  assert.equal((await c.get("/karte/10000001")).status, 200);
});
