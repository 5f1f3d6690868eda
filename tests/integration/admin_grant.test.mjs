// Making someone an administrator takes two administrators (issue 13,
// finding 5): an administrator who creates an administrator account, or
// promotes a user to administrator, only files a request that another
// administrator approves; until then the account is no administrator (so it
// cannot approve its creator's requests). The operator's command line
// (suido user add/role on the server) still acts at once: it makes the first.
// SQLite by default; PostgreSQL when SUIDO_TEST_DB is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, addUser, makeEnv, startServer, stopServer, suido, PASSWORD, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx, srv;

before(async () => {
  ctx = makeEnv();
  assert.equal(suido(ctx, ["migrate"]).code, 0);
  for (const [u, r] of [["admin1", "admin"], ["admin2", "admin"], ["clerk1", "clerk"], ["clerk2", "clerk"], ["clerk3", "clerk"]])
    addUser(ctx, u, r);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

const sql = (statement) => sqlOn(ctx, statement);
const roleOf = (u) => sql(`SELECT role FROM users WHERE username = '${u}'`);

async function loggedIn(username, password = PASSWORD) {
  const c = new Client(srv.base);
  const r = await c.login(username, password);
  assert.equal(r.status, 303, `${username} logs in`);
  return c;
}
/** The flash shown on the page a 303 leads to. */
async function flashAfter(c, r) {
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const page = await c.get(r.location);
  const m = page.text.match(/<div class="flash" role="status">([^<]*)<\/div>/);
  return m ? m[1] : "";
}
const pendingId = (flash) => {
  const m = flash.match(/承認待ちです（承認番号 (\d+)）/);
  assert.ok(m, `a pending request is announced: ${flash}`);
  return m[1];
};
async function decide(c, id, decision) {
  return c.post(`/approvals/${id}`, { csrf: c.csrf, decision, note: "確認済み" });
}

test(`[${engine}] an administrator creating an administrator makes a 閲覧 account with the role pending; it acts as administrator only once another approves`, async () => {
  const a1 = await loggedIn("admin1");
  await a1.get("/admin/users/new");
  const created = await a1.post("/admin/users/new", { csrf: a1.csrf, username: "newadm", full_name: "新井 管理", role: "admin", password: "temporary-pass-1" });
  const id = pendingId(await flashAfter(a1, created));
  assert.equal(roleOf("newadm"), "viewer", "no administrator yet");
  // The new account logs in (a first password change) and is no administrator.
  const n = new Client(srv.base);
  await n.login("newadm", "temporary-pass-1");
  const ch = await n.post("/password", { csrf: n.csrf, current: "temporary-pass-1", new_password: "newadm-pass-12345", confirm: "newadm-pass-12345" });
  assert.equal(ch.status, 303, ch.text.slice(0, 300));
  await n.get("/");
  assert.equal((await n.get("/admin/users")).status, 403);
  assert.equal((await n.get("/approvals")).status, 403);
  assert.equal((await decide(n, id, "approve")).status, 403, "it cannot approve its creator's request");
  // The requester cannot approve it either; another administrator can.
  await decide(a1, id, "approve");
  assert.equal(roleOf("newadm"), "viewer");
  const a2 = await loggedIn("admin2");
  assert.equal((await decide(a2, id, "approve")).status, 303);
  assert.equal(roleOf("newadm"), "admin");
  const again = await loggedIn("newadm", "newadm-pass-12345");
  assert.equal((await again.get("/admin/users")).status, 200);
});

test(`[${engine}] promoting a 担当 to administrator is a request; approved by another administrator it takes effect`, async () => {
  const a1 = await loggedIn("admin1");
  await a1.get("/admin/users");
  const r = await a1.post("/admin/users/clerk1", { csrf: a1.csrf, action: "role", role: "admin", reason: "係替え" });
  const id = pendingId(await flashAfter(a1, r));
  assert.equal(roleOf("clerk1"), "clerk", "still a 担当 until someone else approves");
  const c1 = await loggedIn("clerk1");
  assert.equal((await c1.get("/admin/users")).status, 403);
  const a2 = await loggedIn("admin2");
  assert.equal((await decide(a2, id, "approve")).status, 303);
  assert.equal(roleOf("clerk1"), "admin");
});

test(`[${engine}] a promotion without a reason is refused and changes nothing; a rejected one leaves the role as it was`, async () => {
  const a1 = await loggedIn("admin1");
  await a1.get("/admin/users");
  const none = await flashAfter(a1, await a1.post("/admin/users/clerk2", { csrf: a1.csrf, action: "role", role: "admin", reason: "" }));
  assert.match(none, /理由を入力してください/);
  assert.equal(roleOf("clerk2"), "clerk");
  const id = pendingId(await flashAfter(a1, await a1.post("/admin/users/clerk2", { csrf: a1.csrf, action: "role", role: "admin", reason: "応援" })));
  const a2 = await loggedIn("admin2");
  assert.equal((await decide(a2, id, "reject")).status, 303);
  assert.equal(roleOf("clerk2"), "clerk");
});

test(`[${engine}] the operator's command line makes an administrator at once`, () => {
  const add = suido(ctx, ["user", "add", "--username", "opadmin", "--role", "admin"], PASSWORD + "\n");
  assert.equal(add.code, 0, add.stderr);
  assert.equal(roleOf("opadmin"), "admin");
  const role = suido(ctx, ["user", "role", "--username", "clerk3", "--role", "admin"]);
  assert.equal(role.code, 0, role.stderr);
  assert.equal(roleOf("clerk3"), "admin");
});
