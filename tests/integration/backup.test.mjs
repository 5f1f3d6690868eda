// suido backup on SQLite with restic (issue 19, item 1), against the real binary, a demo city and
// a restic repository in the test's own temporary directory.  The bar of the issue: demo city →
// `backup run` while the server runs → a payment → `backup run` → restore the first snapshot →
// its audit chain verifies and it holds the first snapshot's rows (not the payment); `backup
// check` exits 0, and 1 once a byte of the repository's data is damaged.  Also: the list, a
// restore into a non-empty directory refused naming it, a restore without the key file said so,
// bad settings named, the staging directory gone after each run, retention (prune), and key
// escrow round trip (on both engines).  On PostgreSQL `suido backup` only points to pgBackRest.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const pg = Boolean(process.env.SUIDO_TEST_DB);
let ctx, srv;
const sql = (text) => sqlOn(ctx, text);
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
const snaps = {};
const counts = {};

/** `suido ARGS` with extra environment variables over the test's. */
function run(args, env = {}, input = "") {
  const r = spawnSync(process.env.SUIDO_BIN || "build/suido", args,
    { env: { ...ctx.env, ...env }, input, encoding: "utf8", timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Rows of table in the SQLite file at path. */
function countIn(path, table) {
  const r = spawnSync("sqlite3", ["-cmd", ".timeout 30000", path, `SELECT count(*) FROM ${table}`], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "30", "--years", "1", "--seed", "5"]);
  assert.equal(d.code, 0, d.stderr);
  const pw = join(ctx.dir, "restic.pw");
  writeFileSync(pw, "a test repository password\n", { mode: 0o600 });
  ctx.env.SUIDO_BACKUP_REPO = join(ctx.dir, "repo");
  ctx.env.SUIDO_BACKUP_PASSWORD_FILE = pw;
  ctx.env.RESTIC_CACHE_DIR = join(ctx.dir, "restic-cache");   // restic's own cache, not the user's
  if (!pg) srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("PostgreSQL: suido backup points to pgBackRest", { skip: !pg }, () => {
  const r = suido(ctx, ["backup", "run"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /SQLite 版のためのもの.*pgBackRest/);
  // and the commands to use instead
  assert.match(r.stderr, /pgbackrest --stanza=suido --type=full backup/);
  assert.match(r.stderr, /--type=time --target=/);
});

test("the bar: two snapshots around a payment, the first restored with its own rows", { skip: pg }, () => {
  // the first snapshot, taken while the server runs (and the repository created with it)
  let r = suido(ctx, ["backup", "run", "--init"]);
  assert.equal(r.code, 0, r.stderr);
  snaps.first = r.stdout.trim();
  assert.match(snaps.first, /^[0-9a-f]{8,64}$/);
  counts.payments = Number(sql("SELECT count(*) FROM payments"));
  counts.taps = Number(sql("SELECT count(*) FROM taps"));
  assert.ok(counts.payments > 0, "the demo city has payments");
  assert.deepEqual(readdirSync(ctx.dir).filter((f) => f.startsWith(".suido-backup-")), [], "staging removed");

  // a payment, then the second snapshot
  const bill = sql("SELECT b.id FROM bills b JOIN bill_open o ON o.bill_id = b.id ORDER BY b.id LIMIT 1");
  r = suido(ctx, ["payment", "post", "--bill", bill, "--amount", "1000", "--channel", "bank", "--paid-on", today,
    "--ref", "backup-test-1"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(Number(sql("SELECT count(*) FROM payments")), counts.payments + 1);
  // a staging folder left by a run killed two days ago goes with the next run
  const stale = join(ctx.dir, ".suido-backup-Xk3p9Q");
  mkdirSync(stale, { mode: 0o700 });
  writeFileSync(join(stale, "suido.db"), "half a copy");
  const twoDaysAgo = new Date(Date.now() - 2 * 86400 * 1000);
  utimesSync(stale, twoDaysAgo, twoDaysAgo);
  r = suido(ctx, ["backup", "run"]);
  assert.equal(r.code, 0, r.stderr);
  snaps.second = r.stdout.trim();
  assert.notEqual(snaps.second, snaps.first);
  assert.ok(!existsSync(stale), "the interrupted run's staging folder is removed");
  assert.match(r.stderr, /left by an interrupted run/);

  // the list: both, with the database's schema version and size
  r = suido(ctx, ["backup", "list", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout);
  assert.equal(list.length, 2);
  const schema = Number(sql("SELECT max(version) FROM schema_migrations"));
  for (const s of list) {
    assert.equal(s.schema, schema);
    assert.ok(s.bytes > 100000, `size of ${s.short_id}`);
    assert.match(s.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  }
  assert.ok(list[0].id.startsWith(snaps.first) || snaps.first.startsWith(list[0].short_id));
  r = suido(ctx, ["backup", "list"]);
  assert.equal(r.stdout.trim().split("\n").length, 2);
  assert.match(r.stdout, new RegExp(`schema ${schema}`));

  // restore the first: its checks pass, and it holds the first snapshot's rows, not the payment
  const dir = join(ctx.dir, "restored");
  r = suido(ctx, ["backup", "restore", snaps.first, "--to", dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /integrity check: ok/);
  assert.match(r.stdout, /audit chain: ok/);
  assert.match(r.stdout, /key file .*: ok/);
  const restored = join(dir, "suido.db");
  assert.equal(statSync(restored).mode & 0o777, 0o600);
  assert.equal(countIn(restored, "payments"), counts.payments);
  assert.equal(countIn(restored, "taps"), counts.taps);
  const payRef = spawnSync("sqlite3", ["-cmd", ".timeout 30000", restored, "SELECT count(*) FROM payments WHERE ref = 'backup-test-1'"],
    { encoding: "utf8" });
  assert.equal(payRef.stdout.trim(), "0", "the payment came after the first snapshot");
  r = run(["audit", "verify"], { SUIDO_DB: `sqlite:${restored}` });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /audit chain OK/);
});

test("a restore into a non-empty directory is refused, naming it", { skip: pg }, () => {
  const dir = join(ctx.dir, "busy");
  mkdirSync(dir);
  writeFileSync(join(dir, "something"), "x");
  const r = suido(ctx, ["backup", "restore", snaps.first, "--to", dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`復元先 ${dir} は空ではありません`));
  assert.ok(!existsSync(join(dir, "suido.db")));
});

test("a restore without the key file says that the key is missing", { skip: pg }, () => {
  const missing = join(ctx.dir, "nowhere", "suido.key");
  const r = run(["backup", "restore", snaps.second, "--to", join(ctx.dir, "nokey")], { SUIDO_KEY_FILE: missing });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /integrity check: ok/);
  assert.match(r.stdout, new RegExp(`key file ${missing}: MISSING`));
  assert.match(r.stderr, /鍵ファイル.*ありません。鍵はバックアップに含まれていません/);
  assert.match(r.stderr, /suido key recover/);
});

test("bad settings are named", { skip: pg }, () => {
  let r = run(["backup", "list"], { SUIDO_BACKUP_REPO: "" });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /SUIDO_BACKUP_REPO/);
  assert.match(r.stderr, /\[backup\.repository\]/);
  const loose = join(ctx.dir, "loose.pw");
  writeFileSync(loose, "pw\n");
  chmodSync(loose, 0o644);
  r = run(["backup", "list"], { SUIDO_BACKUP_PASSWORD_FILE: loose });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /所有者以外からも読めます/);
  r = run(["backup", "list"], { SUIDO_BACKUP_PASSWORD_FILE: join(ctx.dir, "none.pw") });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /password_file のパスワードファイル .*none\.pw がありません/);
  r = run(["backup", "list"], { SUIDO_BACKUP_REPO: join(ctx.dir, "no-repo-here") });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /リポジトリがありません。suido backup init/);
  const other = join(ctx.dir, "other.pw");
  writeFileSync(other, "not the password\n", { mode: 0o600 });
  r = run(["backup", "list"], { SUIDO_BACKUP_PASSWORD_FILE: other });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /パスワードが違います/);
  const ini = join(ctx.dir, "bad.ini");
  writeFileSync(ini, "[backup]\nkeep_daily = 0\nkeep_weekly = 0\nkeep_monthly = 0\n");
  r = run(["--config", ini, "backup", "prune"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /keep_daily・keep_weekly・keep_monthly がすべて 0/);
  writeFileSync(ini, "[backup]\nkeep_weekly = many\n");
  r = run(["--config", ini, "backup", "prune"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /backup\.keep_weekly/);
  r = run(["backup", "restore", "not-an-id!", "--to", join(ctx.dir, "x")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /スナップショットID/);
});

test("key escrow: the key file sealed to a passphrase comes back whole", () => {
  const esc = join(ctx.dir, "key.escrow");
  let r = suido(ctx, ["key", "escrow", "--out", esc], "short\n");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /12文字以上/);
  r = suido(ctx, ["key", "escrow", "--out", esc], "an operator passphrase\n");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(statSync(esc).mode & 0o777, 0o600);
  const text = readFileSync(esc, "utf8");
  assert.ok(!text.includes(readFileSync(ctx.env.SUIDO_KEY_FILE, "utf8").split("\n")[1]), "the key is not in clear");
  const back = join(ctx.dir, "recovered.key");
  r = run(["key", "recover", "--in", esc], { SUIDO_KEY_FILE: back }, "a wrong passphrase!\n");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /パスフレーズが違う/);
  assert.ok(!existsSync(back));
  r = run(["key", "recover", "--in", esc], { SUIDO_KEY_FILE: back }, "an operator passphrase\n");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(back, "utf8"), readFileSync(ctx.env.SUIDO_KEY_FILE, "utf8"));
  r = run(["key", "recover", "--in", esc], { SUIDO_KEY_FILE: back }, "an operator passphrase\n");
  assert.equal(r.code, 1, "an existing key file is never overwritten");
  if (pg) return;
  // the recovered key opens a restored database
  r = run(["backup", "restore", snaps.first, "--to", join(ctx.dir, "withkey")], { SUIDO_KEY_FILE: back });
  assert.equal(r.code, 0, r.stderr);
});

test("prune applies the retention and keeps today's snapshot", { skip: pg }, () => {
  const r = suido(ctx, ["backup", "prune"]);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(suido(ctx, ["backup", "list", "--json"]).stdout);
  assert.ok(list.length >= 1);
  assert.ok(list.some((s) => s.id.startsWith(snaps.second) || snaps.second.startsWith(s.short_id)));
});

test("a backup taken while payments are being posted is consistent", { skip: pg }, async () => {
  const bills = sql("SELECT b.id FROM bills b JOIN bill_open o ON o.bill_id = b.id ORDER BY b.id DESC LIMIT 6").split("\n");
  const child = spawn(process.env.SUIDO_BIN || "build/suido", ["backup", "run"], { env: ctx.env });
  let out = "", err = "";
  child.stdout.on("data", (d) => { out += d; });
  child.stderr.on("data", (d) => { err += d; });
  const done = new Promise((res) => child.on("close", res));
  // writers on other connections meanwhile (each one a transaction of its own)
  bills.forEach((b, i) => {
    const r = suido(ctx, ["payment", "post", "--bill", b, "--amount", "500", "--channel", "cvs", "--paid-on", today,
      "--ref", `during-backup-${i}`]);
    assert.equal(r.code, 0, r.stderr);
  });
  assert.equal(await done, 0, err);
  const id = out.trim();
  const r = suido(ctx, ["backup", "check", "--id", id]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /restore drill ok/);
});

test("backup check: 0 on a sound repository, 1 once a byte of its data is damaged", { skip: pg }, () => {
  let r = suido(ctx, ["backup", "check"]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /restore drill ok/);
  assert.match(r.stdout, /repository: ok/);
  // one byte of the largest data pack (the database's contents)
  const data = join(ctx.env.SUIDO_BACKUP_REPO, "data");
  const packs = readdirSync(data).flatMap((d) => readdirSync(join(data, d)).map((f) => join(data, d, f)));
  const pack = packs.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  chmodSync(pack, 0o600);
  const buf = readFileSync(pack);
  buf[Math.floor(buf.length / 2)] ^= 0xff;
  writeFileSync(pack, buf);
  r = suido(ctx, ["backup", "check"]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stdout, /DAMAGED/);
});
