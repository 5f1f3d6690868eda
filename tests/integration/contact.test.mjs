// The contact log (対応履歴) on the お客様カルテ and returned mail (不着), against
// the real binary and database (SQLite, or PostgreSQL when SUIDO_TEST_DB is
// set): a contact recorded over HTTP shows on the カルテ with its reason and
// summary; the summary is sealed (absent from the database bytes); refusals
// name the field and store nothing; 閲覧 sees the panel but may not post; a
// returned-mail contact marks the address doubtful until "mail checked"; the
// audit log says what kind of contact it was, never what was said; key
// rotation re-seals the summaries; the command line does the same.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { addUser, Client, makeEnv, PASSWORD, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
// Words that must never be found in the database in plaintext.
const MARK = `KTX${process.pid}Q${Date.now() % 100000}`;
const PHRASE = `庭の散水栓から水漏れ、業者は九月二十日に修理予定 ${MARK}`;
const PHRASE2 = `次回の検針時に再確認すると伝えた`;
let ctx, srv, taps = [];

/** Run SQL on the test database (lib.mjs); returns the trimmed output. */
const sql = (text) => sqlOn(ctx, text);

function contactCount(tap) {
  return Number(sql(`SELECT COUNT(*) FROM contacts c JOIN taps t ON t.id = c.tap_id WHERE t.tap_no = '${tap}'`));
}

function doubtfulSince(tap) {
  return Number(sql("SELECT c.mail_doubtful_since FROM customers c JOIN occupancies o ON o.customer_id = c.id" +
                    ` JOIN taps t ON t.id = o.tap_id WHERE t.tap_no = '${tap}' AND o.end_on IS NULL`));
}

/** Every byte the database holds (pg_dump on PostgreSQL; the file and its WAL on SQLite). */
function databaseBytes() {
  if (ctx.pg) {
    const d = spawnSync("pg_dump", [ctx.pg], { maxBuffer: 1 << 28 });
    assert.equal(d.status, 0, String(d.stderr));
    return d.stdout;
  }
  return Buffer.concat([ctx.sqlitePath, ctx.sqlitePath + "-wal"].filter(existsSync).map((p) => readFileSync(p)));
}

async function login(username, password = DEMO) {
  const c = new Client(srv.base);
  const r = await c.login(username, password);
  assert.equal(r.status, 303, r.text);
  return c;
}

/** The 対応履歴 panel of a カルテ page. */
function panel(html) {
  const m = html.match(/<section id="contacts"[^]*?<\/section>/);
  assert.ok(m, "the カルテ has a 対応履歴 panel");
  return m[0];
}

function todayJst() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "200", "--years", "1", "--seed", "23", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  addUser(ctx, "miru", "viewer");
  // taps with a current customer, each test its own
  taps = sql("SELECT t.tap_no FROM taps t JOIN occupancies o ON o.tap_id = t.id AND o.end_on IS NULL" +
             " ORDER BY t.tap_no LIMIT 8").split(/\s+/);
  assert.ok(taps.length >= 6, taps.join(" "));
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a contact recorded on the カルテ shows with its channel, reason, summary and clerk`, async () => {
  const tap = taps[0];
  const c = await login("tanto");
  let k = await c.get(`/karte/${tap}`);
  assert.equal(k.status, 200);
  let p = panel(k.text);
  assert.match(p, /<h2>対応履歴<\/h2>/);
  assert.match(p, /対応履歴はまだありません/);
  assert.match(p, /<form[^>]*action="\/taps\/\d{8}\/contacts"[^>]*id="contact-form"/);
  assert.match(p, /<option value="phone" selected>電話<\/option>/, "電話 is the default channel");
  for (const l of ["料金の問合せ", "開栓・閉栓", "名義・送付先", "支払方法", "漏水・修繕", "検針", "滞納・督促", "郵便不着", "その他"])
    assert.ok(p.includes(`>${l}</option>`), l);
  assert.doesNotMatch(p, /id="mail-doubtful"/, "no warning while the address is not in doubt");

  const r = await c.post(`/taps/${tap}/contacts`, { csrf: c.csrf, channel: "phone", reason: "leak_repair",
                                                   summary: `${PHRASE}\r\n${PHRASE2}` });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, `/karte/${tap}#contacts`);
  k = await c.get(`/karte/${tap}`);
  assert.match(k.text, new RegExp(`水栓 ${tap} の対応履歴を記録しました（電話・漏水・修繕）。`), "the flash says what was done");
  p = panel(k.text);
  assert.match(p, /<table class="list" id="contact-history">/);
  const row = p.match(/<tbody>[^]*?<\/tr>/)[0];
  assert.match(row, new RegExp(`${todayJst()} \\d\\d:\\d\\d`));
  assert.match(row, /<td>電話<\/td>/);
  assert.match(row, /漏水・修繕/);
  assert.ok(row.includes(`${PHRASE}<br>${PHRASE2}`), "the summary with its line break: " + row);
  assert.match(row, /<td>tanto<\/td>/);
  assert.equal(contactCount(tap), 1);

  // newest first
  const r2 = await c.post(`/taps/${tap}/contacts`, { csrf: c.csrf, channel: "counter", reason: "billing",
                                                    summary: "窓口で今月の請求額を説明した" });
  assert.equal(r2.status, 303);
  p = panel((await c.get(`/karte/${tap}`)).text);
  const rows = [...p.matchAll(/<tr><td[^>]*>[^]*?<\/tr>/g)].map((m) => m[0]);
  assert.equal(rows.length, 2);
  assert.match(rows[0], /窓口[^]*料金の問合せ[^]*請求額を説明した/);
  assert.ok(rows[1].includes(PHRASE));
});

test(`[${engine}] the summary is not in the database in plaintext`, () => {
  assert.equal(contactCount(taps[0]), 2);
  const enc = sql("SELECT summary_enc FROM contacts ORDER BY id").split(/\s+/);
  assert.ok(enc.length >= 2 && enc.every((v) => /^k\d+:[A-Za-z0-9_-]+$/.test(v)), enc.join(" "));
  const haystack = databaseBytes();
  assert.ok(haystack.length > 10000);
  assert.ok(haystack.includes(Buffer.from(taps[0])), "sanity: the tap number is there");
  for (const needle of [MARK, PHRASE, PHRASE2, "請求額を説明した"])
    assert.equal(haystack.includes(Buffer.from(needle, "utf8")), false, `found ${needle}`);
  assert.ok(!srv.log().includes(MARK), "nor in the server's log");
});

test(`[${engine}] refusals name the field, keep what was typed and store nothing`, async () => {
  const tap = taps[1];
  const c = await login("tanto");
  await c.get(`/karte/${tap}`);
  const cases = [
    [{ channel: "phone", reason: "billing", summary: "" }, "summary", /対応内容を入力してください/],
    [{ channel: "phone", reason: "billing", summary: " 　\r\n" }, "summary", /対応内容を入力してください/],
    [{ channel: "phone", reason: "complaint", summary: "請求の件" }, "reason", /用件は一覧から選んでください/],
    [{ channel: "phone", reason: "", summary: "請求の件" }, "reason", /用件を選んでください/],
    [{ channel: "fax", reason: "billing", summary: "請求の件" }, "channel", /受付方法は一覧/],
    [{ channel: "phone", reason: "billing", summary: "ベル\u0007" }, "summary", /制御文字/],
    [{ channel: "phone", reason: "billing", summary: "あ".repeat(2001) }, "summary", /2,000文字以内[^]*いま2,001文字/],
  ];
  for (const [fields, field, message] of cases) {
    const r = await c.post(`/taps/${tap}/contacts`, { csrf: c.csrf, ...fields });
    assert.equal(r.status, 422, `${JSON.stringify(fields).slice(0, 80)}: ${r.status}`);
    assert.match(r.text, /<div class="form-error" role="alert" id="form-error">/);
    assert.match(r.text, message);
    assert.match(r.text, new RegExp(`id="contact-${field}"[^>]*aria-invalid="true"`), `${field} is marked`);
    if (fields.summary && field !== "summary")
      assert.ok(r.text.includes(`>${fields.summary}</textarea>`), "the summary typed is kept");
    assert.match(r.text, new RegExp(`href="/karte/${tap}#contacts"`), "a way back to the カルテ");
  }
  // the reason chosen is kept on a refusal of the summary
  const kept = await c.post(`/taps/${tap}/contacts`, { csrf: c.csrf, channel: "visit", reason: "reading", summary: "" });
  assert.match(kept.text, /<option value="visit" selected>訪問<\/option>/);
  assert.match(kept.text, /<option value="reading" selected>検針<\/option>/);
  // an unknown tap, and a missing CSRF token
  assert.equal((await c.post("/taps/99999999/contacts", { csrf: c.csrf, channel: "phone", reason: "billing",
                                                          summary: "x" })).status, 404);
  assert.equal((await c.post(`/taps/${tap}/contacts`, { channel: "phone", reason: "billing", summary: "x" })).status, 403);
  assert.equal(contactCount(tap), 0, "nothing stored");
  // the command line refuses the same way, naming the option
  const cli = suido(ctx, ["contact", "add", "--tap", tap, "--channel", "phone", "--reason", "nope", "--summary", "x"]);
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /用件は一覧から選んでください。 \[reason\]/);
  assert.equal(contactCount(tap), 0, "nothing stored");
});

test(`[${engine}] 閲覧 sees the 対応履歴 but may not record a contact or confirm an address`, async () => {
  const tap = taps[0];
  const v = await login("miru", PASSWORD);
  const k = await v.get(`/karte/${tap}`);
  assert.equal(k.status, 200);
  const p = panel(k.text);
  assert.ok(p.includes(PHRASE), "the viewer reads the log");
  assert.doesNotMatch(p, /id="contact-form"/, "no form for 閲覧");
  const r = await v.post(`/taps/${tap}/contacts`, { csrf: v.csrf, channel: "phone", reason: "billing", summary: "閲覧の投稿" });
  assert.equal(r.status, 403);
  assert.equal((await v.post(`/taps/${tap}/mail-checked`, { csrf: v.csrf })).status, 403);
  assert.equal(contactCount(tap), 2, "nothing stored");
});

test(`[${engine}] returned mail marks the address doubtful until a person confirms it`, async () => {
  const tap = taps[2];
  const c = await login("tanto");
  await c.get(`/karte/${tap}`);
  assert.equal(doubtfulSince(tap), 0);
  let r = await c.post(`/taps/${tap}/contacts`, { csrf: c.csrf, channel: "mail", reason: "returned_mail",
                                                 summary: "請求書が宛所不明で返送された" });
  assert.equal(r.status, 303, r.text);
  const since = doubtfulSince(tap);
  assert.ok(since > Date.now() / 1000 - 600 && since <= Date.now() / 1000 + 5, String(since));
  let k = await c.get(`/karte/${tap}`);
  assert.match(k.text, /送付先を「要確認」にしました/, "the flash says so");
  let p = panel(k.text);
  assert.match(p, /id="mail-doubtful"/);
  assert.ok(p.includes(`郵便が届きませんでした（${todayJst()}）。送付先を確認してください。`), p);
  assert.match(p, /<form[^>]*action="\/taps\/\d{8}\/mail-checked"[^]*送付先を確認済みにする/);
  assert.match(p, /<span class="state state-held">郵便不着<\/span>/);

  // a second return keeps the first date
  r = await c.post(`/taps/${tap}/contacts`, { csrf: c.csrf, channel: "mail", reason: "returned_mail",
                                             summary: "督促状も返送された" });
  assert.equal(r.status, 303);
  assert.equal(doubtfulSince(tap), since);
  assert.match((await c.get(`/karte/${tap}`)).text, /「要確認」のままです/);

  // a viewer sees the warning, without the button
  const v = await login("miru", PASSWORD);
  const vp = panel((await v.get(`/karte/${tap}`)).text);
  assert.match(vp, /郵便が届きませんでした/);
  assert.doesNotMatch(vp, /送付先を確認済みにする/);

  // confirmed by a person
  r = await c.post(`/taps/${tap}/mail-checked`, { csrf: c.csrf });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/karte/${tap}#contacts`);
  assert.equal(doubtfulSince(tap), 0);
  k = await c.get(`/karte/${tap}`);
  assert.match(k.text, /送付先を確認済みにしました/);
  p = panel(k.text);
  assert.doesNotMatch(p, /id="mail-doubtful"/);
  assert.doesNotMatch(p, /送付先を確認済みにする/);
  // twice is harmless
  r = await c.post(`/taps/${tap}/mail-checked`, { csrf: c.csrf });
  assert.equal(r.status, 303);
  assert.match((await c.get(`/karte/${tap}`)).text, /要確認になっていませんでした/);
  assert.equal(contactCount(tap), 2);
});

test(`[${engine}] the audit log records each contact without what was said`, async () => {
  const a = await login("kansa");
  const add = await a.get("/audit?action=contact.add");
  assert.equal(add.status, 200);
  const rows = [...add.text.matchAll(/<tr><td class="num">\d+[^]*?<\/tr>/g)].map((m) => m[0]);
  assert.ok(rows.length >= 4, `contact.add rows: ${rows.length}`);
  const leak = rows.find((r) => r.includes(`tap:${taps[0]}`) && r.includes("leak_repair"));
  assert.ok(leak, "the first contact is audited with its reason");
  assert.match(leak, /tanto/);
  assert.match(leak, /<dt>経路<\/dt><dd>phone<\/dd>/);
  assert.match(leak, /<dt>内容の文字数<\/dt><dd>\d+<\/dd>/);
  const returned = rows.filter((r) => r.includes(`tap:${taps[2]}`) && r.includes("returned_mail"));
  assert.equal(returned.length, 2);
  assert.match(returned[0], /<dt>郵便不着の日時<\/dt><dd>\d+<\/dd><dt>新たに送付先要確認<\/dt><dd>いいえ<\/dd>/, "newest first");
  assert.match(returned[1], /<dt>郵便不着の日時<\/dt><dd>\d+<\/dd><dt>新たに送付先要確認<\/dt><dd>はい<\/dd>/);
  for (const needle of [MARK, PHRASE2, "宛所不明", "請求額を説明した"]) assert.ok(!add.text.includes(needle), needle);
  const checked = await a.get("/audit?action=contact.mail_checked");
  assert.match(checked.text, new RegExp(`tap:${taps[2]}[^]*郵便不着の日時`));
  const views = await a.get("/audit?action=contact.view");
  assert.match(views.text, new RegExp(`tap:${taps[0]}`), "showing summaries is a view of personal data");
  assert.ok(!views.text.includes(MARK));
});

test(`[${engine}] the command line records and lists contacts`, () => {
  const tap = taps[3];
  let r = suido(ctx, ["contact", "add", "--tap", tap, "--channel", "web", "--reason", "payment_method",
                      "--summary", "口座振替の申込書を送付してほしいとのこと"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /対応履歴 \d+ を記録しました（水栓 \d{8}、ウェブ・支払方法）/);
  r = suido(ctx, ["contact", "add", "--tap", tap, "--channel", "mail", "--reason", "returned_mail", "--summary", "-"],
            "転居先不明で返送\n");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /送付先は \d{4}-\d\d-\d\d から要確認です（いま付けました）/);
  r = suido(ctx, ["contact", "list", "--tap", tap]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /送付先要確認: 郵便が届きませんでした/);
  const lines = r.stdout.trim().split("\n").filter((l) => /^\d+\t/.test(l));
  assert.equal(lines.length, 2);
  assert.match(lines[0], /\t郵便\t郵便不着\toperator\t転居先不明で返送$/);
  assert.match(lines[1], /\tウェブ\t支払方法\toperator\t口座振替の申込書/);
  r = suido(ctx, ["contact", "mail-checked", "--tap", tap]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /確認済みにしました/);
  assert.equal(doubtfulSince(tap), 0);
});

test(`[${engine}] key rotation re-seals the summaries and the カルテ still reads them`, async () => {
  const n = Number(sql("SELECT COUNT(*) FROM contacts"));
  assert.ok(n >= 6);
  const r = suido(ctx, ["key", "rotate"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(Number(r.stdout.match(/(\d+) contacts/)[1]), n);
  const keys = sql("SELECT summary_enc FROM contacts").split(/\s+/).map((v) => v.split(":")[0]);
  assert.ok(keys.length === n && keys.every((k) => k === "k2"), keys.join(" "));
  // the running server loaded the keys at start: restart it, as an operator would
  await stopServer(srv);
  srv = await startServer(ctx);
  const c = await login("tanto");
  const p = panel((await c.get(`/karte/${taps[0]}`)).text);
  assert.ok(p.includes(PHRASE));
  assert.equal(suido(ctx, ["audit", "verify"]).code, 0);
});
