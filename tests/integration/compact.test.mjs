// `suido db compact` (the monthly maintenance job, suido-compact.timer) against the real binary and
// a real database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): on SQLite the file is rewritten
// in order — the free pages given back, every row kept, SQLite's integrity check clean — while the
// staff server runs and goes on reading and writing, and with the server stopped; the run is
// audited and the audit chain stays whole; run again it changes nothing; on PostgreSQL it is VACUUM (ANALYZE); a wrong word is refused.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, addUser, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "./lib.mjs";

let ctx, srv;
const sql = (text) => sqlOn(ctx, text);
// what must survive a compaction: the rows and money of the tables the month writes
const FINGERPRINT = "SELECT (SELECT COUNT(*) || '/' || COALESCE(SUM(total_yen), 0) FROM bills) || ' ' ||"
  + " (SELECT COUNT(*) || '/' || COALESCE(SUM(amount), 0) FROM payments) || ' ' ||"
  + " (SELECT COUNT(*) FROM readings) || ' ' || (SELECT COUNT(*) FROM bill_lines) || ' ' ||"
  + " (SELECT COUNT(*) FROM customers) || ' ' || (SELECT COUNT(*) FROM audit_log)";

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "60", "--years", "1", "--seed", "3"]);
  assert.equal(d.code, 0, d.stderr);
  addUser(ctx, "clerk", "clerk");
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("db compact rewrites the file while the server runs; nothing is lost; audited", async (t) => {
  if (ctx.pg) return t.skip("SQLite only (PostgreSQL: the next test)");
  // rows written and deleted leave free pages scattered through the file, as months of work do
  sql("CREATE TABLE scratch (v TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
    + " INSERT INTO scratch SELECT printf('%0500d', i) FROM n; DROP TABLE scratch;");
  const clerk = new Client(srv.base);
  assert.equal((await clerk.login("clerk")).status, 303);
  const tap = sql("SELECT tap_no FROM taps ORDER BY id LIMIT 1");
  assert.equal((await clerk.get(`/karte/${tap}`)).status, 200);
  const before = sql(FINGERPRINT);
  const freeBefore = Number(sql("PRAGMA freelist_count")), pagesBefore = Number(sql("PRAGMA page_count"));
  assert.ok(freeBefore > 400, `free pages before: ${freeBefore}`);

  const r = suido(ctx, ["db", "compact"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^最適化しました: \d+ MB → \d+ MB（空きページ \d+ MB を解放）、\d+\.\d 秒$/m);
  assert.equal(Number(sql("PRAGMA freelist_count")), 0);
  assert.ok(Number(sql("PRAGMA page_count")) <= pagesBefore - freeBefore, "the free pages are given back");
  assert.equal(sql("PRAGMA integrity_check"), "ok");
  const after1 = sql(FINGERPRINT).split(" ");
  const expected = before.split(" ");
  expected[5] = String(Number(expected[5]) + 1);   // the one audit row of the compaction
  assert.deepEqual(after1, expected);
  const row = sql("SELECT action || ' ' || object || ' ' || actor FROM audit_log ORDER BY seq DESC LIMIT 1");
  assert.equal(row, "db.compact sqlite operator");

  // the server goes on: it reads the rewritten file and writes (the カルテ's view is audited)
  const karte = await clerk.get(`/karte/${tap}`);
  assert.equal(karte.status, 200);
  assert.ok(karte.text.includes(tap));
  assert.equal(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.view' AND seq > (SELECT MAX(seq) FROM audit_log"
    + " WHERE action = 'db.compact')"), "1");
  const v = suido(ctx, ["audit", "verify"]);
  assert.equal(v.code, 0, v.stdout + v.stderr);

  // again: nothing more to give back, the rows as they were
  const fp = sql(FINGERPRINT).split(" ").slice(0, 5);
  const again = suido(ctx, ["db", "compact"]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /空きページ 0 MB を解放/);
  assert.deepEqual(sql(FINGERPRINT).split(" ").slice(0, 5), fp);
});

test("with the server stopped, db compact runs alone; the server then starts on the rewritten file", async (t) => {
  if (ctx.pg) return t.skip("SQLite only");
  await stopServer(srv);
  srv = null;
  const pageSize = sql("PRAGMA page_size");
  const fp = sql(FINGERPRINT).split(" ").slice(0, 5);
  const r = suido(ctx, ["db", "compact"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql("PRAGMA page_size"), pageSize);   // left as it is
  assert.equal(sql("PRAGMA journal_mode"), "wal");
  assert.equal(sql("PRAGMA integrity_check"), "ok");
  assert.deepEqual(sql(FINGERPRINT).split(" ").slice(0, 5), fp);
  const v = suido(ctx, ["audit", "verify"]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  srv = await startServer(ctx);
  const clerk = new Client(srv.base);
  assert.equal((await clerk.login("clerk")).status, 303);
  const tap = sql("SELECT tap_no FROM taps ORDER BY id DESC LIMIT 1");
  const karte = await clerk.get(`/karte/${tap}`);
  assert.equal(karte.status, 200);
  assert.ok(karte.text.includes(tap));
});

test("db compact on PostgreSQL is VACUUM (ANALYZE), audited", async (t) => {
  if (!ctx.pg) return t.skip("PostgreSQL only");
  const before = sql(FINGERPRINT).split(" ").slice(0, 5);
  const r = suido(ctx, ["db", "compact"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^VACUUM \(ANALYZE\) を実行しました: \d+ MB → \d+ MB、\d+\.\d 秒$/m);
  assert.deepEqual(sql(FINGERPRINT).split(" ").slice(0, 5), before);
  assert.equal(sql("SELECT action || ' ' || object FROM audit_log ORDER BY seq DESC LIMIT 1"), "db.compact postgresql");
  // the planner's statistics were renewed just now
  assert.equal(sql("SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname = 'bills' AND last_analyze > now() - interval '1 minute'"), "1");
});

test("db without a word, or with a wrong one, is refused with the usage", () => {
  const none = suido(ctx, ["db"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /使い方: suido db compact/);
  const wrong = suido(ctx, ["db", "shrink"]);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /shrink/);
  const extra = suido(ctx, ["db", "compact", "--now"]);
  assert.equal(extra.code, 2);
  const help = suido(ctx, ["db", "compact", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /SQLITE_TMPDIR/);
});
