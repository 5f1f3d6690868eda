// A staff member's 氏名: kept sealed (never plaintext in the database), set by
// an administrator on /admin/users or at the command line, checked (required,
// at most 40 characters, nothing invisible), audited as user.name, and shown
// instead of the login id as the 取扱者 of a counter receipt and the 印刷者 of
// printed pages (/print.css).  SQLite by default; PostgreSQL when
// SUIDO_TEST_DB is set.  Tests run in order and share one server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, demoCycle, formTokenIn, makeEnv, sql, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv;

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "40", "--years", "1", "--seed", "21", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

async function login(username) {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  return c;
}

/** Every row of users as text, all columns. */
const usersDump = () => sql(ctx, ctx.pg ? "SELECT u::text FROM users u" : "SELECT * FROM users");
const sealedName = (u) => sql(ctx, `SELECT full_name_enc FROM users WHERE username = '${u}'`);

/** On SQLite, the database file and its WAL as bytes contain `text`. */
function inDbFiles(text) {
  if (ctx.pg) return false;
  const needle = Buffer.from(text, "utf8");
  return readdirSync(ctx.dir).filter((f) => f.startsWith("suido.db"))
    .some((f) => readFileSync(join(ctx.dir, f)).includes(needle));
}

/** POST an action on /admin/users/NAME; the flash shown after the redirect. */
async function userAction(c, username, form) {
  const r = await c.post(`/admin/users/${username}`, { csrf: c.csrf, ...form });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const page = await c.get(r.location);
  const m = page.text.match(/<div class="flash" role="status">([^<]*)<\/div>/);
  return m ? m[1] : "";
}

test(`[${engine}] the demo staff have names, sealed: no plaintext in the users table`, async () => {
  for (const u of ["kakaricho", "tanto", "admin"]) assert.match(sealedName(u), /^k1:[A-Za-z0-9_-]{40,}$/, u);
  const dump = usersDump();
  assert.ok(dump.includes("kakaricho"), "the dump is of the users");
  for (const name of ["山田 花子", "山田", "佐藤 健一", "佐藤"]) {
    assert.ok(!dump.includes(name), `${name} not in users`);
    assert.ok(!inDbFiles(name), `${name} not in the database files`);
  }
  const a = await login("admin");
  const list = await a.get("/admin/users");
  assert.equal(list.status, 200);
  assert.match(list.text, /<td>kakaricho<\/td><td class="staff-name">山田 花子<\/td>/);
  assert.match(list.text, /<td>tanto<\/td><td class="staff-name">佐藤 健一<\/td>/);
  // the command line's list opens them too
  const l = suido(ctx, ["user", "list"]);
  assert.equal(l.code, 0, l.stderr);
  assert.match(l.stdout, /^kakaricho .* 山田 花子$/m);
});

test(`[${engine}] a new account on the screen needs a 氏名; bad ones are refused naming the field`, async () => {
  const a = await login("admin");
  await a.get("/admin/users/new");
  const form = { csrf: a.csrf, username: "madoguchi", role: "clerk", password: "temporary-pass-7" };
  let r = await a.post("/admin/users/new", { ...form, full_name: "" });
  assert.equal(r.status, 422);
  assert.match(r.text, /氏名を入力してください/);
  r = await a.post("/admin/users/new", { ...form, full_name: "　 " });
  assert.equal(r.status, 422, "spaces alone are no name");
  assert.match(r.text, /氏名を入力してください/);
  r = await a.post("/admin/users/new", { ...form, full_name: "あ".repeat(41) });
  assert.equal(r.status, 422);
  assert.match(r.text, /氏名は40文字以内で入力してください/);
  r = await a.post("/admin/users/new", { ...form, full_name: "窓口\u0007太郎" });
  assert.equal(r.status, 422);
  assert.match(r.text, /氏名に使えない文字/);
  r = await a.post("/admin/users/new", { ...form, full_name: "窓口\u200b太郎" });
  assert.equal(r.status, 422, "an invisible character is refused");
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM users WHERE username = 'madoguchi'"), "0", "nothing created");
  r = await a.post("/admin/users/new", { ...form, full_name: " 窓口 太郎　" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.match(sealedName("madoguchi"), /^k1:/);
  assert.ok(!usersDump().includes("窓口"), "sealed");
  const list = await a.get("/admin/users");
  assert.match(list.text, /<td>madoguchi<\/td><td class="staff-name">窓口 太郎<\/td>/, "trimmed at both ends");
});

test(`[${engine}] an administrator changes a 氏名 on the list row, audited; others get 403`, async () => {
  const a = await login("admin");
  await a.get("/admin/users");
  const before = sealedName("kakaricho");
  // refused, naming the field, nothing changed
  let flash = await userAction(a, "kakaricho", { action: "name", full_name: "" });
  assert.match(flash, /氏名を入力してください/);
  flash = await userAction(a, "kakaricho", { action: "name", full_name: "山".repeat(41) });
  assert.match(flash, /氏名は40文字以内/);
  assert.equal(sealedName("kakaricho"), before);
  const audits0 = Number(sql(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.name'"));
  flash = await userAction(a, "kakaricho", { action: "name", full_name: "山田 花" });
  assert.match(flash, /「kakaricho」の氏名を変更しました/);
  assert.notEqual(sealedName("kakaricho"), before);
  assert.ok(!usersDump().includes("山田 花"), "sealed");
  const audit = sql(ctx, "SELECT actor || ' ' || object FROM audit_log WHERE action = 'user.name' ORDER BY seq DESC LIMIT 1");
  assert.equal(audit, "admin user:kakaricho");
  assert.equal(Number(sql(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.name'")), audits0 + 1);
  // the audit screen labels it in Japanese
  const au = await login("kansa");
  const log = await au.get("/audit");
  assert.equal(log.status, 200);
  assert.match(log.text, /職員の氏名の設定/);
  // back as it was, for the tests after
  flash = await userAction(a, "kakaricho", { action: "name", full_name: "山田 花子" });
  assert.match(flash, /氏名を変更しました/);
  // a 係長 is no administrator
  const k = await login("kakaricho");
  await k.get("/");
  const r = await k.post("/admin/users/tanto", { csrf: k.csrf, action: "name", full_name: "乗っ取り 太郎" });
  assert.equal(r.status, 403);
  const l = suido(ctx, ["user", "list"]);
  assert.match(l.stdout, /^tanto .* 佐藤 健一$/m, "unchanged");
});

test(`[${engine}] the command line: user add --name, user name, refusals naming the field`, () => {
  let r = suido(ctx, ["user", "add", "--username", "nanashi", "--role", "clerk"], "cli-password-123\n");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sealedName("nanashi"), "", "no name given: none stored");
  r = suido(ctx, ["user", "add", "--username", "cliname", "--role", "clerk", "--name", "小林 一郎"], "cli-password-123\n");
  assert.equal(r.code, 0, r.stderr);
  assert.match(sealedName("cliname"), /^k1:/);
  r = suido(ctx, ["user", "add", "--username", "clibad", "--role", "clerk", "--name", "x".repeat(41)], "cli-password-123\n");
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /氏名は40文字以内/);
  r = suido(ctx, ["user", "name", "--username", "nanashi", "--name", "中村 さくら"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /nanashi: 氏名を設定しました/);
  r = suido(ctx, ["user", "name", "--username", "nanashi"]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /氏名を入力してください/);
  r = suido(ctx, ["user", "name", "--username", "nobody-here", "--name", "誰か"]);
  assert.notEqual(r.code, 0);
  const l = suido(ctx, ["user", "list"]);
  assert.match(l.stdout, /^nanashi .* 中村 さくら$/m);
  assert.match(l.stdout, /^cliname .* 小林 一郎$/m);
  const dump = usersDump();
  assert.ok(!dump.includes("中村") && !dump.includes("小林"), "sealed");
  assert.equal(sql(ctx, "SELECT actor || ' ' || object FROM audit_log WHERE action = 'user.name' ORDER BY seq DESC LIMIT 1"),
               "operator user:nanashi");
});

test(`[${engine}] the counter receipt names the clerk by 氏名, not by login id`, async () => {
  const [tap] = suido(ctx, ["bill", "list", "--cycle", demoCycle(1)]).stdout.trim().split("\n")[0].split("\t");
  assert.ok(tap, "a billed tap");
  const clerk = await login("tanto");
  let r = await clerk.get(`/taps/${tap}/counter`);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  r = await clerk.post(`/taps/${tap}/counter`, { csrf: clerk.csrf, amount: "1000", bill: "", note: "", confirmed: "1",
                                                 ...formTokenIn(r.text, "counter-form") });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await clerk.get(r.location);
  const link = r.text.match(/href="(\/payments\/(\d+)\/receipt\.pdf)"/);
  assert.ok(link, "a receipt link");
  assert.equal(sql(ctx, `SELECT created_by FROM payments WHERE id = ${link[2]}`), "tanto", "the payment keeps the login id");
  const pdf = await fetch(srv.base + link[1], { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(pdf.status, 200);
  const path = join(ctx.dir, "receipt-name.pdf");
  writeFileSync(path, Buffer.from(await pdf.arrayBuffer()));
  const words = spawnSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" }).stdout;
  assert.match(words, /領収書/);
  assert.match(words, /取扱者\s*佐藤\s*健一/);
  assert.ok(!words.includes("tanto"), "not the login id");
});

test(`[${engine}] /print.css names the person printing by 氏名 and role`, async () => {
  const c = await login("tanto");
  const r = await c.get("/print.css");
  assert.equal(r.status, 200);
  assert.match(r.text, /印刷者 佐藤 健一（担当）/);
  assert.ok(!r.text.includes("tanto"), "not the login id");
  // someone without a 氏名 is named by the login id
  const a = await login("admin");
  await a.get("/admin/users");
  assert.equal(suido(ctx, ["user", "add", "--username", "noname", "--role", "viewer"], DEMO + "\n").code, 0);
  const n = await login("noname");
  const css = await n.get("/print.css");
  assert.match(css.text, /印刷者 noname（閲覧）/);
});

test(`[${engine}] the daily totals' PDF, the crew's sheet and the 調定集計表's workbook name who printed them by 氏名`, async () => {
  const c = await login("tanto");
  const pdfText = async (path, file) => {
    const res = await fetch(srv.base + path, { headers: { Cookie: c.cookieHeader() } });
    assert.equal(res.status, 200, path);
    const f = join(ctx.dir, file);
    writeFileSync(f, Buffer.from(await res.arrayBuffer()));
    return spawnSync("pdftotext", ["-layout", f, "-"], { encoding: "utf8" }).stdout;
  };
  const daily = await pdfText("/collections/daily.pdf", "daily-name.pdf");
  assert.match(daily, /印刷者\s*佐藤\s*健一/);
  assert.ok(!daily.includes("tanto"));
  const sheet = await pdfText("/workorders.pdf", "sheet-name.pdf");
  assert.match(sheet, /佐藤\s*健一/);
  assert.ok(!sheet.includes("tanto"));
  const x = await fetch(srv.base + `/billing/summary.xlsx?cycle=${demoCycle(1)}`, { headers: { Cookie: c.cookieHeader() } });
  assert.equal(x.status, 200);
  const f = join(ctx.dir, "summary-name.xlsx");
  writeFileSync(f, Buffer.from(await x.arrayBuffer()));
  const strings = spawnSync("unzip", ["-p", f, "xl/sharedStrings.xml"], { encoding: "utf8" }).stdout;
  assert.match(strings, /印刷者 佐藤 健一/);
});

test(`[${engine}] key rotation re-seals the names, which still open`, () => {
  const r = suido(ctx, ["key", "rotate"]);
  assert.equal(r.code, 0, r.stderr);
  const n = Number(r.stdout.match(/(\d+) staff names/)[1]);
  assert.ok(n >= 8, r.stdout);
  const keys = sql(ctx, "SELECT full_name_enc FROM users WHERE full_name_enc <> ''").split("\n").map((v) => v.split(":")[0]);
  assert.ok(keys.every((k) => k === "k2"), keys.join(" "));
  const l = suido(ctx, ["user", "list"]);
  assert.match(l.stdout, /^kakaricho .* 山田 花子$/m);
});
