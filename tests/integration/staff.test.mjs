// The staff server over HTTP, against the real binary and a real database
// (SQLite by default; PostgreSQL when SUIDO_TEST_DB is set).  Tests run in
// order and share one server; each reads as an example of the behaviour.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { connect } from "node:net";
import { Client, addUser, makeEnv, optionValues, setCookies, startServer, stopServer, sqlRun, suido, PASSWORD } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx, srv;
const customer = { name: "試験　花子", kana: "シケン　ハナコ", phone: "090-7314-2958" };
let tapNo = "", customerId = "";

before(async () => {
  ctx = makeEnv();
  assert.equal(suido(ctx, ["migrate"]).code, 0);
  for (const [u, r] of [["admin1", "admin"], ["admin2", "admin"], ["chief1", "chief"], ["clerk1", "clerk"],
                        ["viewer1", "viewer"], ["auditor1", "auditor"], ["locky", "clerk"]]) addUser(ctx, u, r);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] login succeeds and a wrong password is refused with 401`, async () => {
  const c = new Client(srv.base);
  const ok = await c.login("clerk1");
  assert.equal(ok.status, 303);
  assert.match(setCookies(ok.headers).join(), /sid=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict/);
  const home = await c.get("/");
  assert.equal(home.status, 200);
  assert.match(home.text, /clerk1（担当）/);
  const bad = await new Client(srv.base).login("clerk1", "wrong-password!");
  assert.equal(bad.status, 401);
  assert.match(bad.text, /ユーザー名またはパスワードが違います/);
  assert.match(bad.text, /value="clerk1"/, "the typed username is kept");
});

test(`[${engine}] five wrong passwords lock the account; even the right one then gets 423`, async () => {
  const c = new Client(srv.base);
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push((await c.login("locky", "not-the-password")).status);
  assert.deepEqual(codes, [401, 401, 401, 401, 423]);
  const right = await c.login("locky", PASSWORD);
  assert.equal(right.status, 423);
  assert.equal(suido(ctx, ["user", "unlock", "--username", "locky"]).code, 0);
  assert.equal((await c.login("locky", PASSWORD)).status, 303);
});

test(`[${engine}] pages need a session, and logout ends it`, async () => {
  const anon = new Client(srv.base);
  const r = await anon.get("/customers?q=x");
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login\?next=/);
  const c = new Client(srv.base);
  await c.login("viewer1");
  assert.equal((await c.get("/customers")).status, 200);
  const sid = c.cookies.get("sid");
  const out = await c.post("/logout", { csrf: c.csrf });
  assert.equal(out.status, 303);
  const reuse = new Client(srv.base);
  reuse.cookies.set("sid", sid);
  assert.equal((await reuse.get("/customers")).status, 303, "the old session token no longer works");
});

async function newTapForm(c) {
  const form = await c.get("/taps/new");
  assert.equal(form.status, 200);
  const area = optionValues(form.text, "area_code")[0];
  assert.ok(area, "the area list is not empty");
  return area;
}

test(`[${engine}] setup: the demo areas exist`, () => {
  // A real utility loads its 町丁目 list; the tests borrow the demo city's with one tap.
  const r = suido(ctx, ["demo", "--taps", "1", "--seed", "3"]);
  // ...and registers the two routes (検針区) the taps below are put on.
  for (const [code, group] of [["A1", "odd"], ["B7", "even"]]) {
    const rr = suido(ctx, ["reading", "route", "--code", code, "--name", `試験区${code}`, "--group", group]);
    assert.equal(rr.code, 0, rr.stderr);
  }
  assert.equal(r.code, 0, r.stderr);
});

test(`[${engine}] a state-changing request without the CSRF token is refused and saves nothing`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  const area = await newTapForm(c);
  const fields = { area_code: area, address: "1番1号", diameter: "13", use_code: "household", sewer: "self",
                   route: "A1", route_order: "10", start_on: "2025-04-01", name: "偽造　太郎", kana: "ギゾウ　タロウ" };
  const none = await c.post("/taps/new", fields);
  assert.equal(none.status, 403);
  const wrong = await c.post("/taps/new", { ...fields, csrf: "0".repeat(64) });
  assert.equal(wrong.status, 403);
  const found = await c.get("/customers?q=" + encodeURIComponent("ギゾウ"));
  assert.match(found.text, /見つかりませんでした/);
});

test(`[${engine}] a viewer can search but cannot create a tap (403)`, async () => {
  const c = new Client(srv.base);
  await c.login("viewer1");
  assert.equal((await c.get("/customers?q=" + encodeURIComponent("サ"))).status, 200);
  assert.equal((await c.get("/taps/new")).status, 403);
  const post = await c.post("/taps/new", { csrf: c.csrf, name: "x" });
  assert.equal(post.status, 403);
});

test(`[${engine}] a refused form answers 422, keeps what was typed and saves nothing`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  const area = await newTapForm(c);
  const r = await c.post("/taps/new", { csrf: c.csrf, area_code: area, address: "9番9号", diameter: "13",
    use_code: "household", sewer: "self", route: "A1", route_order: "10", start_on: "2025-04-01",
    name: "拒否　次郎", kana: "abc", phone: "055-000-0000" });
  assert.equal(r.status, 422);
  assert.match(r.text, /class="form-error" role="alert"/);
  assert.match(r.text, /カナ氏名はカタカナ/);
  assert.match(r.text, /name="kana" value="abc" aria-invalid="true"/);
  assert.match(r.text, /value="拒否　次郎"/);
  const s = await c.get("/customers?q=" + encodeURIComponent("拒否"));
  assert.match(s.text, /見つかりませんでした/);
});

test(`[${engine}] a tap on an unregistered route is refused, naming the field`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  const area = await newTapForm(c);
  const r = await c.post("/taps/new", { csrf: c.csrf, area_code: area, address: "9番9号", diameter: "13",
    use_code: "household", sewer: "self", route: "ZZ9", route_order: "10", start_on: "2025-04-01",
    name: "経路　未定", kana: "ケイロ　ミテイ", phone: "055-000-0001" });
  assert.equal(r.status, 422);
  assert.match(r.text, /検針区 ZZ9 は登録されていません/);
  assert.match(r.text, /name="route" value="ZZ9" aria-invalid="true"/);
});

test(`[${engine}] a clerk registers a tap and customer, then sees the カルテ`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  const area = await newTapForm(c);
  const r = await c.post("/taps/new", { csrf: c.csrf, tap_no: "", area_code: area, address: "3番12号", diameter: "20",
    use_code: "household", sewer: "self", route: "B7", route_order: "120", start_on: "2025-04-01",
    name: customer.name, kana: customer.kana, phone: customer.phone, postal: "", mail_address: "", notes: "犬あり" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const m = r.location.match(/^\/karte\/(\d{8})$/);
  assert.ok(m, r.location);
  tapNo = m[1];
  const k = await c.get(r.location);
  assert.equal(k.status, 200);
  assert.match(k.text, /<div class="flash" role="status">水栓 \d{8} を登録しました（試験　花子）。<\/div>/);
  for (const id of ["tap", "customer", "occupancies", "readings", "bills", "payments"]) assert.match(k.text, new RegExp(`id="${id}"`));
  assert.match(k.text, /試験　花子/);
  assert.match(k.text, /20mm/);
  assert.match(k.text, /令和7年4月1日/);
  customerId = k.text.match(/\/customers\/(\d+)\/edit/)[1];
});

test(`[${engine}] editing the customer is saved, audited and shown`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  const form = await c.get(`/customers/${customerId}/edit?tap=${tapNo}`);
  assert.equal(form.status, 200);
  const version = form.text.match(/name="version" value="(\d+)"/)[1];
  customer.phone = "090-7314-0000";
  const r = await c.post(`/customers/${customerId}/edit`, { csrf: c.csrf, version, tap_no: tapNo, name: customer.name,
    kana: customer.kana, phone: customer.phone, postal: "400-0031", mail_address: "山峡市中央一丁目1番1号", notes: "" });
  assert.equal(r.status, 303);
  const k = await c.get(r.location);
  assert.match(k.text, /090-7314-0000/);
  assert.match(k.text, /〒400-0031/);
  // The same stale version again is a conflict, not a silent overwrite.
  const stale = await c.post(`/customers/${customerId}/edit`, { csrf: c.csrf, version, tap_no: tapNo, name: "上書き",
    kana: customer.kana, phone: customer.phone });
  assert.equal(stale.status, 409);
});

test(`[${engine}] search finds the customer by kana (hiragana, half-width), phone digits and tap number`, async () => {
  const c = new Client(srv.base);
  await c.login("viewer1");
  for (const q of ["しけん", "ｼｹﾝ ﾊﾅ", "シケン　ハナコ", "0000", "090-7314", "試験"]) {
    const r = await c.get("/customers?q=" + encodeURIComponent(q));
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`href="/karte/${tapNo}" class="karte-link"`), `query ${q}`);
  }
  const exact = await c.get("/customers?q=" + tapNo);
  assert.equal(exact.status, 303);
  assert.equal(exact.location, `/karte/${tapNo}`);
});

test(`[${engine}] the JSON API: login, search, tap, CSRF header, logout`, async () => {
  const c = new Client(srv.base);
  const bad = await c.request("POST", "/api/v1/login", { json: { username: "viewer1", password: "nope-nope-nope" } });
  assert.equal(bad.status, 401);
  assert.equal(JSON.parse(bad.text).error, "unauthorized");
  const r = await c.request("POST", "/api/v1/login", { json: { username: "viewer1", password: PASSWORD } });
  assert.equal(r.status, 200);
  const { csrf } = JSON.parse(r.text);
  assert.match(csrf, /^[0-9a-f]{64}$/);
  const s = JSON.parse((await c.get("/api/v1/customers?q=" + encodeURIComponent("シケン"))).text);
  const hit = s.results.find((x) => x.tap_no === tapNo);
  assert.ok(hit);
  for (const k of ["tap_no", "name", "kana", "phone", "address"]) assert.ok(k in hit, k);
  assert.equal(hit.name, customer.name);
  const t = JSON.parse((await c.get(`/api/v1/taps/${tapNo}`)).text);
  assert.equal(t.diameter, 20);
  assert.equal(t.occupancies[0].kana, customer.kana);
  assert.equal((await c.get("/api/v1/taps/99999999")).status, 404);
  assert.equal((await c.get("/api/v1/customers")).status, 400);
  assert.equal((await c.request("POST", "/api/v1/logout")).status, 403, "no CSRF header");
  assert.equal((await c.request("POST", "/api/v1/logout", { headers: { "X-CSRF-Token": csrf } })).status, 200);
  assert.equal((await c.get("/api/v1/customers?q=x")).status, 401);
});

test(`[${engine}] limits, unknown routes and security headers`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  const big = await c.request("POST", "/taps/new", { body: "x".repeat(2 * 1024 * 1024),
    headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  assert.equal(big.status, 413);
  const hugeHeader = await c.request("GET", "/", { headers: { "X-Padding": "p".repeat(100 * 1024) } });
  assert.equal(hugeHeader.status, 431, "request headers over 64 KiB");
  const health = await new Client(srv.base).get("/healthz");
  assert.equal(health.status, 200, "no session needed");
  assert.equal(health.text, "ok\n");
  const nf = await c.get("/no/such/page");
  assert.equal(nf.status, 404);
  assert.match(nf.text, /ページが見つかりません/);
  const h = (await c.get("/")).headers;
  const csp = h.get("content-security-policy");
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(h.get("x-content-type-options"), "nosniff");
  assert.ok(h.get("referrer-policy"));
  assert.match(h.get("x-request-id"), /^[0-9a-f]{6}-\d+$/);
  assert.equal(h.get("cache-control"), "no-store");
});

test(`[${engine}] a user created by an administrator must change the password first`, async () => {
  const a = new Client(srv.base);
  await a.login("admin1");
  const r = await a.post("/admin/users/new", { csrf: a.csrf, username: "newbie", full_name: "新田 一郎", role: "clerk", password: "temporary-pass-9" });
  assert.equal(r.status, 303);
  const n = new Client(srv.base);
  const login = await n.login("newbie", "temporary-pass-9");
  assert.equal(login.location, "/password");
  const elsewhere = await n.get("/customers?q=x");
  assert.equal(elsewhere.status, 303);
  assert.equal(elsewhere.location, "/password");
  await n.get("/password");
  const weak = await n.post("/password", { csrf: n.csrf, current: "temporary-pass-9", new_password: "short", confirm: "short" });
  assert.equal(weak.status, 422);
  const ok = await n.post("/password", { csrf: n.csrf, current: "temporary-pass-9", new_password: "my-own-password-1",
    confirm: "my-own-password-1" });
  assert.equal(ok.status, 303);
  assert.equal((await n.get("/customers?q=x")).status, 200);
});

test(`[${engine}] disabling an administrator needs a second administrator's approval`, async () => {
  addUser(ctx, "admin3", "admin");
  const a1 = new Client(srv.base);
  await a1.login("admin1");
  const req = await a1.post("/admin/users/admin3", { csrf: a1.csrf, action: "disable", reason: "退職のため" });
  assert.equal(req.status, 303);
  const list = await a1.get("/approvals");
  const id = list.text.match(/<td class="num">(\d+)<\/td><td><span class="state state-pending">承認待ち/)[1];
  assert.equal((await new Client(srv.base).login("admin3")).status, 303, "not disabled yet");
  const self = await a1.post(`/approvals/${id}`, { csrf: a1.csrf, decision: "approve" });
  assert.equal(self.status, 403, "the requester cannot approve");
  const clerk = new Client(srv.base);
  await clerk.login("clerk1");
  assert.equal((await clerk.post(`/approvals/${id}`, { csrf: clerk.csrf, decision: "approve" })).status, 403);
  const a2 = new Client(srv.base);
  await a2.login("admin2");
  const ok = await a2.post(`/approvals/${id}`, { csrf: a2.csrf, decision: "approve", note: "確認済み" });
  assert.equal(ok.status, 303);
  assert.equal((await new Client(srv.base).login("admin3")).status, 401, "now disabled");
});

test(`[${engine}] the auditor searches the audit log; others cannot`, async () => {
  const au = new Client(srv.base);
  await au.login("auditor1");
  const r = await au.get("/audit?action=customer.update");
  assert.equal(r.status, 200);
  assert.match(r.text, /<table class="audit list">/);
  assert.match(r.text, /customer\.update/);
  assert.match(r.text, /090-7314-0000/, "the decrypted before/after is shown to the auditor");
  // readable: the action in Japanese with its code, the particulars as labelled fields
  assert.match(r.text, /お客様情報の変更<small class="code">customer\.update<\/small>/);
  assert.match(r.text, /<dl class="audit-detail"><dt>[^<]+<\/dt><dd>/);
  assert.doesNotMatch(r.text, /<code>\{/, "no raw JSON");
  const search = await au.get("/audit?action=customer.search");
  assert.match(search.text, /<dt>検索語<\/dt><dd>[^<]+<\/dd>/);
  assert.equal((await au.get("/customers?q=x")).status, 403, "the auditor has no customer access");
  const v = new Client(srv.base);
  await v.login("viewer1");
  assert.equal((await v.get("/audit")).status, 403);
  const bad = await au.get("/audit?from=2025-13-01");
  assert.equal(bad.status, 422);
});

test(`[${engine}] CSV export has a BOM and the customer's row`, async () => {
  const c = new Client(srv.base);
  await c.login("clerk1");
  const res = await fetch(`${srv.base}/customers.csv?q=${encodeURIComponent("シケン")}&enc=utf8bom`, {
    headers: { Cookie: c.cookieHeader() } });
  assert.equal(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.slice(3));
  assert.match(text, /^水栓番号,氏名,カナ氏名/);
  assert.match(text, new RegExp(`${tapNo},試験　花子,シケン　ハナコ,090-7314-0000`));
  const v = new Client(srv.base);
  await v.login("viewer1");
  assert.equal((await v.get(`/customers.csv?q=x`)).status, 403);
});

test(`[${engine}] personal data is not in the database files in plaintext`, () => {
  const needles = [customer.name, customer.kana, customer.phone, customer.phone.replace(/-/g, ""), "090-7314-2958"];
  let haystack;
  if (ctx.pg) {
    const d = spawnSync("pg_dump", [ctx.pg], { maxBuffer: 1 << 28 });
    assert.equal(d.status, 0, String(d.stderr));
    haystack = d.stdout;
  } else {
    // Make sure everything written is on disk (WAL included).
    haystack = Buffer.concat([ctx.sqlitePath, ctx.sqlitePath + "-wal"].filter(existsSync).map((p) => readFileSync(p)));
  }
  assert.ok(haystack.length > 10000);
  assert.ok(haystack.includes(Buffer.from(tapNo)), "the search does find non-personal data (sanity check)");
  for (const n of needles) assert.equal(haystack.includes(Buffer.from(n, "utf8")), false, `found ${n}`);
});

test(`[${engine}] key rotation re-encrypts everything and the カルテ still reads`, async () => {
  // A direct-debit mandate: its account number and holder are sealed too.
  assert.equal(suido(ctx, ["bank", "import"]).code, 0);
  const m = suido(ctx, ["mandate", "add", "--tap", tapNo, "--bank", "0001", "--branch", "001", "--type", "1",
                        "--account", "7654321", "--holder", "シケン ハナコ"]);
  assert.equal(m.code, 0, m.stderr);
  const sealedKeys = () => {
    const sql = "SELECT account_enc || ' ' || holder_enc FROM mandates";
    const q = sqlRun(ctx, sql);
    assert.equal(q.code, 0, q.err);
    assert.doesNotMatch(q.out, /7654321|ｼｹﾝ/, "no plaintext account or holder");
    return q.out.split(/\s+/).map((v) => v.split(":")[0]);
  };
  const keys1 = sealedKeys();
  assert.ok(keys1.length >= 2 && keys1.every((k) => k === "k1"), keys1.join(" "));
  const r = suido(ctx, ["key", "rotate"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /new key k2/);
  assert.equal(Number(r.stdout.match(/(\d+) mandates/)[1]), keys1.length / 2);
  const keys2 = sealedKeys();
  assert.ok(keys2.length === keys1.length && keys2.every((k) => k === "k2"), keys2.join(" "));
  assert.match(readFileSync(ctx.env.SUIDO_KEY_FILE, "utf8"), /^k2 [0-9a-f]{64}$/m);
  const c = new Client(srv.base);
  await c.login("clerk1");
  // The running server loaded the keys at start; restart it as an operator would.
  await stopServer(srv);
  srv = await startServer(ctx);
  const c2 = new Client(srv.base);
  await c2.login("clerk1");
  const k = await c2.get(`/karte/${tapNo}`);
  assert.equal(k.status, 200);
  assert.match(k.text, /試験　花子/);
  const mp = await c2.get(`/taps/${tapNo}/mandate`);
  assert.equal(mp.status, 200);
  assert.match(mp.text, /\*\*\*\*321/);
  assert.doesNotMatch(mp.text, /7654321/);
});

test(`[${engine}] audit verify passes, then names the row altered by hand`, () => {
  const ok = suido(ctx, ["audit", "verify"]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /audit chain OK \(\d+ rows\)/);
  const sql = "UPDATE audit_log SET action = 'x' WHERE seq = 2";
  const t = sqlRun(ctx, sql);
  assert.equal(t.code, 0, t.err);
  const bad = suido(ctx, ["audit", "verify"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /BROKEN at seq 2/);
});

test(`[${engine}] SIGTERM lets an in-flight request finish, then stops cleanly (exit 0)`, async () => {
  const body = "username=clerk1&password=" + "x".repeat(20);
  const answer = new Promise((resolve, reject) => {
    const sock = connect(srv.port, "127.0.0.1");
    let data = "";
    sock.on("data", (d) => { data += d; });
    sock.on("close", () => resolve(data));
    sock.on("error", reject);
    sock.write(`POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n` + body.slice(0, 10));
    setTimeout(() => { srv.stopping = true; srv.proc.kill("SIGTERM"); }, 300);          // the request is half-way in
    setTimeout(() => sock.write(body.slice(10)), 800);         // and completes after the signal
  });
  // while it drains, a new connection is refused at once (the listening socket is closed)
  const late = new Promise((resolve) => {
    setTimeout(() => {
      const s2 = connect(srv.port, "127.0.0.1");
      s2.on("connect", () => { s2.destroy(); resolve("connected"); });
      s2.on("error", (err) => resolve(err.code));
    }, 550);
  });
  const reply = await answer;
  assert.equal(await late, "ECONNREFUSED", "a connection during the drain is refused");
  assert.match(reply, /^HTTP\/1\.1 401/, "the in-flight request got its real answer");
  const code = await stopServer(srv);
  assert.equal(code, 0);
  assert.match(srv.log(), /server: SIGTERM \(15\): draining: no new connections; 1 request\(s\) in flight, waiting up to 20 s/);
  assert.match(srv.log(), /server: drained: 1 request\(s\) finished in/);
  assert.match(srv.log(), /audit writer: queue flushed and stopped/);
  assert.match(srv.log(), /stopped cleanly/);
  srv = null;
});
