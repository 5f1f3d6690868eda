// The citizen portal (`suido portal`) against the real binary and database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): a start and a stop are
// filed and their status shown; every refusal (each bad field, dates outside
// the window, CSRF, a flood, a body too large) stores nothing and keeps what
// was typed; a guessed receipt number or a wrong secret reveals nothing; the
// form is stored sealed; the portal runs without the main key file.  On
// PostgreSQL the portal connects as its own role (`suido portal grant`),
// which psql shows cannot read customers, taps, requests, the audit log or
// even the sealed payloads.
//
// Each test talks from its own client address (X-Real-IP, believed from the
// loopback peer, the default trusted proxy), so the rate limit of one test
// does not spill into another.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { BIN, PortalClient, makeEnv, receiptOf, sqlRun, startPortal, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const ROLE = "suido_portal_it";
const ROLE_PW = "portal-role-pass-1";
let ctx, portal, portalEnv;
let nextIp = 1;

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
const GOOD_DAY = () => addDays(jstToday(), 20);   // past 3 business days, inside 60 days

/** A resident with an address of its own (its own rate limit). */
class Resident extends PortalClient {
  constructor(ip = `10.0.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`) { super(portal.base, ip); }
}

const START = () => ({
  address: "山峡市中央一丁目2番3号 みどりハイツ101", name: "portaltest 花子", kana: "ポータルテスト　ハナコ",
  phone: "090-7777-1234", start_on: GOOD_DAY(), postal: "", mail_address: "", note: "午前中に伺います",
});
const STOP = () => ({
  tap_no: "10000001", customer_no: "", address: "山峡市北町5番6号", name: "portaltest 一郎", phone: "055-237-9999",
  stop_on: GOOD_DAY(), settle: "slip", forward_postal: "100-0001", forward_address: "東京都千代田区千代田1-1",
});

const sql = (query, conninfo = ctx.pg) => sqlRun(ctx, query, conninfo);
const count = () => Number(sql("SELECT COUNT(*) FROM applications").out);

/** The input named name, and its value attribute. */
function inputOf(html, name) {
  const m = html.match(new RegExp(`<(input|textarea)[^>]*name="${name}"[^>]*>`));
  return m ? m[0] : "";
}

before(() => {
  ctx = makeEnv();
  let r = suido(ctx, ["migrate"]);
  assert.equal(r.code, 0, r.stderr);
  r = suido(ctx, ["portal", "keys"]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(`${ctx.dir}/portal.key`) && existsSync(`${ctx.dir}/portal.pub`));
  // The portal reads portal.pub only: its SUIDO_KEY_FILE points nowhere.
  writeFileSync(`${ctx.dir}/portal.ini`, `[portal]\npublic_key_file = ${ctx.dir}/portal.pub\n`);
  portalEnv = { SUIDO_KEY_FILE: `${ctx.dir}/no-such-dir/suido.key`, SUIDO_CONFIG: `${ctx.dir}/portal.ini` };
  if (ctx.pg) {
    r = suido(ctx, ["portal", "grant", ROLE], `${ROLE_PW}\n`);
    assert.equal(r.code, 0, r.stderr);
    portalEnv.SUIDO_PORTAL_DB = ctx.pg.replace(/user=\S+/, `user=${ROLE} password=${ROLE_PW}`);
  }
});

after(async () => {
  if (portal) await stopServer(portal);
  ctx?.cleanup();
});

test(`${engine}: the portal starts without the main key file and refuses to start without portal.pub`, async () => {
  const env = { ...ctx.env, ...portalEnv, SUIDO_KEY_FILE: `${ctx.dir}/elsewhere/suido.key` };
  delete env.SUIDO_CONFIG;   // portal.pub is then looked for beside that key file: not there
  const bad = spawnSync(BIN, ["portal", "--listen", "127.0.0.1:1"], { env, encoding: "utf8", timeout: 10000 });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /portal keys/);
  portal = await startPortal(ctx, portalEnv);
  assert.ok(!existsSync(`${ctx.dir}/no-such-dir`));
  const h = await fetch(`${portal.base}/healthz`);
  assert.equal(h.status, 200);
});

test(`${engine}: pages are Japanese, accessible and carry the security headers`, async () => {
  const c = new Resident();
  const top = await c.get("/");
  assert.equal(top.status, 200);
  assert.match(top.text, /<html lang="ja">/);
  for (const t of ["使用開始のお申込み", "使用中止のお申込み", "お申込み状況の確認", "各種様式"]) assert.ok(top.text.includes(t), t);
  assert.match(top.headers.get("content-security-policy"), /default-src 'self'.*form-action 'self'.*frame-ancestors 'none'/);
  assert.equal(top.headers.get("x-content-type-options"), "nosniff");
  const form = await c.get("/apply/start");
  assert.match(form.text, /<label for="f-name">ご使用者のお名前<span class="req">（必須）<\/span><\/label>/);
  assert.match(inputOf(form.text, "start_on"), /type="date"[^>]*min="\d{4}-\d\d-\d\d" max="\d{4}-\d\d-\d\d"/);
  assert.match(inputOf(form.text, "phone"), /type="tel".*autocomplete="tel" inputmode="tel"/);
  assert.match(inputOf(form.text, "name"), /required/);
  assert.doesNotMatch(form.text, /<script/);
  const cookie = form.headers.get("set-cookie");
  assert.match(cookie, /pcsrf=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Strict/);
  const css = await c.get("/assets/portal.css");
  assert.equal(css.status, 200);
  assert.match(css.headers.get("content-type"), /text\/css/);
  const pdf = await fetch(`${portal.base}/forms/start-stop.pdf`, { headers: { "X-Real-IP": c.ip } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get("content-type"), "application/pdf");
  assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), "%PDF-");
  assert.equal((await c.get("/forms/nothing.pdf")).status, 404);
  assert.equal((await c.get("/no/such/page")).status, 404);
});

test(`${engine}: a start and a stop are filed; the status page says 受付中; a rejection shows its reason`, async () => {
  const before = count();
  const c = new Resident();
  const s = await c.apply("start", START());
  assert.equal(s.status, 200, s.text);
  assert.match(s.text, /お申込みを受け付けました/);
  assert.match(s.text, /このあとの流れ/);
  const start = receiptOf(s.text);
  assert.ok(start.no && start.secret, s.text);
  const t = await new Resident().apply("stop", STOP());
  assert.equal(t.status, 200, t.text);
  const stop = receiptOf(t.text);
  assert.ok(stop.no && stop.secret);
  assert.equal(count(), before + 2);
  const row = sql(`SELECT kind, status, effective_on FROM applications WHERE receipt_no = '${stop.no}'`).out;
  assert.equal(row, `stop|received|${GOOD_DAY()}`);

  // Typed as a resident might: no hyphens, lower case.
  const st = await c.status(start.no.replace(/-/g, ""), start.secret.toLowerCase());
  assert.equal(st.status, 200, st.text);
  assert.match(st.text, /id="status" class="received">受付中</);
  assert.match(st.text, /使用開始/);

  // A clerk's rejection (the staff inbox's act, done here in SQL) reaches the page.
  sql(`UPDATE applications SET status = 'rejected', reject_reason = '水栓番号が確認できませんでした。お電話ください。' WHERE receipt_no = '${stop.no}'`);
  const rj = await new Resident().status(stop.no, stop.secret);
  assert.match(rj.text, /お受けできませんでした/);
  assert.match(rj.text, /水栓番号が確認できませんでした。お電話ください。/);
  sql(`UPDATE applications SET status = 'converted' WHERE receipt_no = '${start.no}'`);
  const cv = await new Resident().status(start.no, start.secret);
  assert.match(cv.text, /受付済み（担当者が手続きしました）/);
});

test(`${engine}: each bad field is refused by name, nothing is stored and what was typed is kept`, async () => {
  const tooLong = "長".repeat(121);
  const cases = [
    ["start", { name: "" }, "name", "ご使用者のお名前を入力してください"],
    ["start", { kana: "Hanako" }, "kana", "フリガナはカタカナかひらがなで"],
    ["start", { phone: "0120-12" }, "phone", "電話番号は0から始まる10桁または11桁"],
    ["start", { postal: "40-01", mail_address: "山峡市南町1" }, "postal", "送付先の郵便番号は"],
    ["start", { mail_address: "山峡市南町1" }, "postal", "送付先の住所を入力された場合は、送付先の郵便番号も"],
    ["start", { tap_no: "1234567" }, "tap_no", "水栓番号は8桁の数字"],
    ["start", { address: tooLong }, "address", "ご使用場所の住所は120文字以内"],
    ["start", { start_on: addDays(jstToday(), 1) }, "start_on", "営業日前までにお願いしています"],
    ["start", { start_on: addDays(jstToday(), 61) }, "start_on", "60日先"],
    ["start", { start_on: "2026-02-30" }, "start_on", "使用開始日"],
    ["start", { note: "午前\u0001中" }, "note", "連絡事項に使えない文字"],
    ["start", { filer_name: "代理 太郎" }, "filer_relation", "ご使用者との関係も入力してください"],
    ["start", { company: "株式会社みどり" }, "representative", "代表者のお名前も入力してください"],
    ["stop", { tap_no: "" }, "tap_no", "水栓番号かお客様番号のどちらか"],
    ["stop", { settle: "cash" }, "settle", "最終料金のお支払い方法を「口座振替」か「納付書」"],
    ["stop", { stop_on: "" }, "stop_on", "使用中止日を入力してください"],
  ];
  const before = count();
  for (const [kind, change, field, message] of cases) {
    const fields = { ...(kind === "start" ? START() : STOP()), ...change };
    const r = await new Resident().apply(kind, fields);
    assert.equal(r.status, 422, `${field}: ${r.status}`);
    assert.match(r.text, /class="error-summary" role="alert"/, field);
    assert.ok(r.text.includes(`<a href="#f-${field}">`), `${field}: the summary links to the field`);
    assert.ok(r.text.includes(message), `${field}: ${message}\n${r.text.slice(r.text.indexOf("error-summary"), r.text.indexOf("error-summary") + 600)}`);
    assert.match(inputOf(r.text, field), /aria-invalid="true"/, field);
    // what was typed stays (the name always, and the refused value itself)
    assert.ok(inputOf(r.text, "name").includes(`value="${fields.name}"`) || field === "name", `${field}: name kept`);
    if (change[field] && field !== "note" && field !== "settle") assert.ok(inputOf(r.text, field).includes(`value="${change[field]}"`), `${field}: value kept`);
  }
  // several problems at once: every one named
  const many = await new Resident().apply("start", { ...START(), name: "", phone: "1", kana: "abc" });
  assert.equal(many.status, 422);
  assert.match(many.text, /入力内容に3件の確認事項があります/);
  // the note keeps its text in the textarea
  const note = await new Resident().apply("start", { ...START(), name: "", note: "<b>鍵は管理人室</b>" });
  assert.match(note.text, /<textarea[^>]*name="note"[^>]*>&lt;b&gt;鍵は管理人室&lt;\/b&gt;<\/textarea>/);
  assert.equal(count(), before, "nothing stored");
});

test(`${engine}: a missing or wrong CSRF token, a foreign Origin or no cookie gets 403 and stores nothing`, async () => {
  const before = count();
  const c = new Resident();
  await c.get("/apply/start");
  const good = c.csrf;
  let r = await c.post("/apply/start", START());
  assert.equal(r.status, 403);
  assert.match(r.text, /ページを開き直して/);
  r = await c.post("/apply/start", { ...START(), csrf: "0".repeat(64) });
  assert.equal(r.status, 403);
  // the token of another form does not fit this one
  await c.get("/status");
  r = await c.post("/apply/start", { ...START(), csrf: c.csrf });
  assert.equal(r.status, 403);
  r = await c.post("/apply/start", { ...START(), csrf: good }, { headers: { Origin: "https://evil.example" } });
  assert.equal(r.status, 403);
  const stranger = new Resident(c.ip + "9");   // no cookie
  r = await stranger.post("/apply/start", { ...START(), csrf: good });
  assert.equal(r.status, 403);
  assert.equal(count(), before);
  // the same token with its cookie and a matching Origin passes
  await c.get("/apply/start");
  r = await c.post("/apply/start", { ...START(), csrf: c.csrf }, { headers: { Origin: portal.base } });
  assert.equal(r.status, 200, r.text);
  assert.equal(count(), before + 1);
});

test(`${engine}: a flood of posts from one address gets 429 with Retry-After; a body over 64 KiB gets 413`, async () => {
  const before = count();
  const c = new Resident();
  await c.get("/apply/start");
  const statuses = [];
  let last;
  for (let i = 0; i < 8; i++) {
    last = await c.post("/apply/start", { ...START(), name: "", csrf: c.csrf });
    statuses.push(last.status);
  }
  assert.deepEqual(statuses.slice(0, 5), [422, 422, 422, 422, 422]);
  assert.equal(statuses[7], 429);
  assert.ok(Number(last.headers.get("retry-after")) >= 1);
  assert.match(last.text, /しばらく（1分ほど）待ってから/);
  // another address is not held up
  const other = await new Resident().apply("start", { ...START(), name: "" });
  assert.equal(other.status, 422);
  const big = new Resident();
  await big.get("/apply/start");
  const r = await big.post("/apply/start", { ...START(), csrf: big.csrf, note: "あ".repeat(30000) });
  assert.equal(r.status, 413);
  assert.match(r.text, /送信された内容が大きすぎます/);
  assert.equal(count(), before);
});

test(`${engine}: a guessed receipt number or a wrong secret reveals nothing`, async () => {
  const c = new Resident();
  const f = receiptOf((await c.apply("start", START())).text);
  const strip = (t) => t.replace(/value="[^"]*"/g, "").replace(/お問い合わせ[^<]*/g, "");
  const guessed = await new Resident().status("1111-2222-3333", f.secret);
  const wrong = await new Resident().status(f.no, f.secret.replace(/^./, (ch) => (ch === "A" ? "B" : "A")));
  const junk = await new Resident().status("1' OR '1'='1", "x");
  for (const r of [guessed, wrong, junk]) {
    assert.equal(r.status, 404);
    assert.match(r.text, /受付番号と確認コードの組み合わせに一致するお申込みが見つかりません/);
    assert.doesNotMatch(r.text, /受付中|使用開始<\/dd>/);
  }
  assert.equal(strip(guessed.text), strip(wrong.text));
  assert.equal(strip(guessed.text), strip(junk.text));
});

test(`${engine}: the application is stored sealed, never as plaintext`, async () => {
  const name = "封印確認 五郎", phone = "08011112222";
  const r = await new Resident().apply("start", { ...START(), name, phone });
  assert.equal(r.status, 200);
  const { no, secret } = receiptOf(r.text);
  const row = sql(`SELECT payload_sealed, secret_hash FROM applications WHERE receipt_no = '${no}'`).out;
  assert.match(row, /^pb1:[A-Za-z0-9_-]+\|[0-9a-f]{64}$/);
  assert.ok(!row.includes(secret));
  if (!ctx.pg) {
    for (const file of [ctx.sqlitePath, `${ctx.sqlitePath}-wal`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      for (const needle of [name, "封印確認", phone, secret]) assert.equal(bytes.indexOf(Buffer.from(needle)), -1, `${needle} in ${file}`);
    }
  } else {
    const dump = sql("SELECT * FROM applications").out;
    for (const needle of [name, phone, secret]) assert.ok(!dump.includes(needle), needle);
  }
});

test(`${engine}: the portal's database rights`, { skip: !process.env.SUIDO_TEST_DB && "PostgreSQL only (SUIDO_TEST_DB)" }, async () => {
  const role = portalEnv.SUIDO_PORTAL_DB;
  for (const q of ["SELECT * FROM customers LIMIT 1", "SELECT * FROM taps LIMIT 1", "SELECT * FROM service_requests LIMIT 1",
    "SELECT * FROM audit_log LIMIT 1", "SELECT payload_sealed FROM applications LIMIT 1", "SELECT * FROM applications LIMIT 1",
    "SELECT version FROM schema_migrations", "UPDATE applications SET status = 'converted'", "DELETE FROM applications",
    "SELECT * FROM users LIMIT 1", "CREATE TABLE x (a TEXT)"]) {
    const r = sql(q, role);
    assert.notEqual(r.code, 0, `${q} was allowed`);
    assert.match(r.err, /permission denied/, q);
  }
  const ok = sql("SELECT COUNT(id) FROM applications", role);
  assert.equal(ok.code, 0, ok.err);
  // filing works through the portal connected as that role (every test above did; once more here)
  const before = count();
  const r = await new Resident().apply("stop", STOP());
  assert.equal(r.status, 200, r.text);
  assert.equal(count(), before + 1);
  assert.match(portal.log(), /database PostgreSQL/);
  const as = sql(`SELECT COUNT(*) FROM pg_stat_activity WHERE usename = '${ROLE}'`).out;
  assert.ok(Number(as) >= 1, "the portal is connected as its own role");
  // granting again is idempotent, and a superuser is refused as the portal's role
  assert.equal(suido(ctx, ["portal", "grant", ROLE], `${ROLE_PW}\n`).code, 0);
  const su = suido(ctx, ["portal", "grant", "postgres"], "whatever-password-1\n");
  assert.notEqual(su.code, 0);
});

test(`${engine}: SIGTERM stops the portal cleanly: it drains, then exits 0`, async () => {
  const srv = portal;
  const code = await stopServer(portal);
  portal = null;
  assert.equal(code, 0);
  assert.match(srv.log(), /portal: SIGTERM \(15\): draining: no new connections; 0 request\(s\) in flight, waiting up to 20 s/);
  assert.match(srv.log(), /portal: drained: 0 request\(s\) finished/);
  assert.match(srv.log(), /portal stopped cleanly/);
});
