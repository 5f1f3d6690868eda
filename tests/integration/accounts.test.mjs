// Staff accounts and sessions: what one administrator may do to another
// without a second one, sessions after a password change, lockout that tells
// nothing about which names exist, and where a login may send the browser.
// SQLite by default; PostgreSQL when SUIDO_TEST_DB is set.  Tests run in
// order and share one server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, addUser, makeEnv, startServer, stopServer, suido, PASSWORD, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx, srv;

before(async () => {
  ctx = makeEnv();
  assert.equal(suido(ctx, ["migrate"]).code, 0);
  for (const [u, r] of [["admin1", "admin"], ["admin2", "admin"], ["admin3", "admin"], ["admin4", "admin"],
                        ["admin5", "admin"], ["clerk1", "clerk"], ["clerk2", "clerk"], ["locky", "clerk"],
                        ["expiry", "clerk"]]) addUser(ctx, u, r);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

const sql = (statement) => sqlOn(ctx, statement);

async function loggedIn(username, password = PASSWORD) {
  const c = new Client(srv.base);
  const r = await c.login(username, password);
  assert.equal(r.status, 303, `${username} logs in`);
  return c;
}

/** POST an action on /admin/users/NAME and return the flash shown after the redirect. */
async function userAction(c, username, form) {
  const r = await c.post(`/admin/users/${username}`, { csrf: c.csrf, ...form });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const page = await c.get(r.location);
  const m = page.text.match(/<div class="flash" role="status">([^<]*)<\/div>/);
  return m ? m[1] : "";
}

const roleOf = (u) => sql(`SELECT role FROM users WHERE username = '${u}'`);
const disabledOf = (u) => sql(`SELECT disabled FROM users WHERE username = '${u}'`);
const pendingId = (flash) => {
  const m = flash.match(/承認待ちです（承認番号 (\d+)）/);
  assert.ok(m, `a pending request is announced: ${flash}`);
  return m[1];
};

async function decide(c, id, decision) {
  const r = await c.post(`/approvals/${id}`, { csrf: c.csrf, decision, note: "確認済み" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
}

async function sessionAlive(c) {
  const r = await c.get("/");
  return r.status === 200;
}

test(`[${engine}] demoting another administrator is only a request, and the demoted-then-disable path is closed`, async () => {
  const a1 = await loggedIn("admin1");
  const flash = await userAction(a1, "admin3", { action: "role", role: "viewer", reason: "異動のため" });
  const id = pendingId(flash);
  assert.equal(roleOf("admin3"), "admin", "still an administrator until someone else approves");
  // Disabling the (still administrator) account meanwhile is refused, not a second route around the rule.
  const refused = await userAction(a1, "admin3", { action: "disable", reason: "異動のため" });
  assert.match(refused, new RegExp(`承認待ちの依頼（承認番号 ${id}）があります`));
  assert.equal(disabledOf("admin3"), "0");
  // The requester cannot approve it; a second administrator can, and it takes effect.
  const self = await a1.post(`/approvals/${id}`, { csrf: a1.csrf, decision: "approve", note: "" });
  assert.equal(self.status, 403);
  assert.equal(roleOf("admin3"), "admin");
  const a2 = await loggedIn("admin2");
  await decide(a2, id, "approve");
  assert.equal(roleOf("admin3"), "viewer");
});

test(`[${engine}] resetting another administrator's password needs approval; approved, it works and ends that admin's sessions`, async () => {
  const target = await loggedIn("admin4");
  const a1 = await loggedIn("admin1");
  const flash = await userAction(a1, "admin4", { action: "password", password: "taken-over-pass-1", reason: "忘失の申出" });
  const id = pendingId(flash);
  assert.ok(await sessionAlive(target), "nothing changes before the approval");
  assert.equal((await new Client(srv.base).login("admin4", "taken-over-pass-1")).status, 401);
  assert.equal((await new Client(srv.base).login("admin4", PASSWORD)).status, 303);
  const a2 = await loggedIn("admin2");
  await decide(a2, id, "approve");
  assert.equal(await sessionAlive(target), false, "the old sessions of admin4 are ended");
  const r = await new Client(srv.base).login("admin4", "taken-over-pass-1");
  assert.equal(r.status, 303);
  assert.equal(r.location, "/password", "a password set by someone else must be changed");
  assert.equal(sql("SELECT pw_hash FROM user_requests WHERE approval_id = " + id), "", "the requested hash is not kept");
});

test(`[${engine}] while a request is pending on an account, every other change to it is refused`, async () => {
  const a1 = await loggedIn("admin1");
  const id = pendingId(await userAction(a1, "admin5", { action: "disable", reason: "退職" }));
  const a2 = await loggedIn("admin2");
  for (const form of [{ action: "password", password: "another-pass-12", reason: "再設定" },
                      { action: "role", role: "clerk", reason: "異動" },
                      { action: "unlock" }]) {
    const msg = await userAction(a2, "admin5", form);
    assert.match(msg, /承認待ちの依頼（承認番号 \d+）があります。承認または却下されるまで/, form.action);
  }
  assert.equal(roleOf("admin5"), "admin");
  assert.equal(sql("SELECT COUNT(*) FROM approvals WHERE status = 'pending' AND object = 'user:admin5'"), "1");
  await decide(a2, id, "reject");
  assert.equal(disabledOf("admin5"), "0");
  // Decided: the account can be changed again (by request, as it is an administrator).
  pendingId(await userAction(a2, "admin5", { action: "role", role: "clerk", reason: "異動" }));
});

test(`[${engine}] a change to another administrator without a reason is refused`, async () => {
  const a1 = await loggedIn("admin1");
  const msg = await userAction(a1, "admin2", { action: "role", role: "viewer", reason: "" });
  assert.match(msg, /理由を入力してください/);
  assert.equal(roleOf("admin2"), "admin");
});

test(`[${engine}] accounts that are not administrators change at once, without approval`, async () => {
  const a1 = await loggedIn("admin1");
  assert.match(await userAction(a1, "clerk2", { action: "role", role: "viewer" }), /権限を変更しました/);
  assert.equal(roleOf("clerk2"), "viewer");
  const c2 = await loggedIn("clerk2");
  assert.match(await userAction(a1, "clerk2", { action: "password", password: "reset-by-admin-1" }), /再設定しました/);
  assert.equal(await sessionAlive(c2), false, "a password reset ends the user's sessions");
  assert.match(await userAction(a1, "clerk2", { action: "disable", reason: "" }), /無効にしました/);
  assert.equal(disabledOf("clerk2"), "1");
});

test(`[${engine}] changing one's own password ends one's other sessions and keeps this one`, async () => {
  const here = await loggedIn("clerk1");
  const elsewhere = await loggedIn("clerk1");
  await here.get("/password");
  const r = await here.post("/password", { csrf: here.csrf, current: PASSWORD, new_password: "brand-new-pass-1",
                                           confirm: "brand-new-pass-1" });
  assert.equal(r.status, 303);
  assert.ok(await sessionAlive(here), "the session that changed it stays");
  assert.equal(await sessionAlive(elsewhere), false, "the other login is ended");
});

/** The statuses of n wrong logins and the message of the last one. */
async function wrongLogins(username, n) {
  const statuses = [];
  let last = null;
  for (let i = 0; i < n; i++) {
    last = await new Client(srv.base).login(username, "not-the-password");
    statuses.push(last.status);
  }
  const msg = last.text.match(/<div class="form-error" role="alert" id="form-error">([^<]*)<\/div>/);
  return { statuses, message: msg ? msg[1] : "" };
}

test(`[${engine}] an unknown name is locked after as many attempts as a real one, with the same answer`, async () => {
  const known = await wrongLogins("locky", 6);
  const unknown = await wrongLogins("no-such-user", 6);
  assert.deepEqual(known.statuses, [401, 401, 401, 401, 423, 423]);
  assert.deepEqual(unknown.statuses, known.statuses);
  assert.ok(known.message, "the lock is explained");
  assert.equal(unknown.message, known.message);
});

test(`[${engine}] after a lock runs out, one typo does not lock the account again`, async () => {
  assert.deepEqual((await wrongLogins("expiry", 5)).statuses, [401, 401, 401, 401, 423]);
  sql("UPDATE users SET locked_until = 1 WHERE username = 'expiry'");   // the lock time has passed
  assert.deepEqual((await wrongLogins("expiry", 1)).statuses, [401], "a typo counts from zero again");
  assert.equal((await new Client(srv.base).login("expiry")).status, 303);
  // The same for a name that is no account.
  sql("UPDATE login_failures SET locked_until = 1 WHERE username = 'no-such-user'");
  assert.deepEqual((await wrongLogins("no-such-user", 1)).statuses, [401]);
});

test(`[${engine}] a login's next target is followed only to a page of this server`, async () => {
  const hostile = ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example",
                   "/\t\\evil.example", "/x\\..\\evil.example", "/\x7f/evil.example", "https://evil.example/",
                   "evil.example", "/%09/evil.example", "/no-such-page", " //evil.example"];
  for (const next of hostile) {
    const c = new Client(srv.base);
    await c.get("/login");
    const r = await c.post("/login", { username: "admin1", password: PASSWORD, next });
    assert.equal(r.status, 303, JSON.stringify(next));
    assert.equal(r.location, "/", JSON.stringify(next));
  }
  const c = new Client(srv.base);
  await c.get("/login");
  const good = await c.post("/login", { username: "admin1", password: PASSWORD, next: "/admin/users" });
  assert.equal(good.location, "/admin/users");
  const c2 = new Client(srv.base);
  await c2.get("/login");
  const query = await c2.post("/login", { username: "admin1", password: PASSWORD, next: "/customers?q=%E3%81%97" });
  assert.equal(query.location, "/customers?q=%E3%81%97", "a query after a good path is kept");
  const form = await new Client(srv.base).get("/login?next=" + encodeURIComponent("/\t/evil.example"));
  assert.doesNotMatch(form.text, /name="next"/, "a hostile next is not even carried in the form");
});
