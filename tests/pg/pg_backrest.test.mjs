// The pgBackRest restore drill (scripts/pg-backrest.sh; docs/operations.md, "PostgreSQL:
// pgBackRest"): a demo city on a throwaway PostgreSQL, a stanza with two encrypted
// repositories and WAL archiving; full backup -> payments -> the time T -> more payments ->
// diff backup; a point-in-time restore to T into a new data directory, started beside the
// original: it holds the payments of T and not the later ones, and `suido audit verify` is OK
// on it.  Then a byte of repo1 is damaged: `check` (pgbackrest verify) fails; repo2 still verifies.
// Run by tests/run-all.sh in its PostgreSQL part (needs the server and pgbackrest).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, makeEnv, sql, suido } from "../integration/lib.mjs";

const PGTMP = join(ROOT, "scripts/pg-tmp.sh");
const BR = join(ROOT, "scripts/pg-backrest.sh");
const have = existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").length > 0 &&
  spawnSync("pgbackrest", ["version"]).status === 0;
let base, ctx, restoredDir;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 300000 });
  return { code: r.status, out: (r.stdout || "").trim(), err: r.stderr || "" };
}
function ok(cmd, args) {
  const r = run(cmd, args);
  assert.equal(r.code, 0, `${cmd} ${args.join(" ")}: ${r.err}`);
  return r.out;
}

before(() => {
  if (!have) return;
  base = mkdtempSync(join(tmpdir(), "suido-br-"));
  chmodSync(base, 0o755);   // the servers and pgbackrest run as the postgres user under root
  // The port only names the Unix socket inside the folder (no TCP): it cannot collide.
  process.env.SUIDO_TEST_DB = ok(PGTMP, ["start", join(base, "db"), "55446"]);
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "30", "--years", "1", "--seed", "5", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
});

after(() => {
  if (restoredDir) run(PGTMP, ["halt", restoredDir]);
  if (base) run(PGTMP, ["stop", join(base, "db")]);
  if (base) rmSync(base, { recursive: true, force: true });
  if (ctx) ctx.cleanup();
});

/** Every file under dir (recursively), with its size. */
function files(dir) {
  const out = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n), s = statSync(p);
    if (s.isDirectory()) out.push(...files(p)); else out.push({ p, size: s.size });
  }
  return out;
}

test("pgBackRest: full, diff, a point-in-time restore to a new data directory; damage is found",
  { skip: !have && "PostgreSQL or pgbackrest not installed" }, () => {
  const br = join(base, "br"), db = join(base, "db");
  assert.match(ok(BR, ["setup", br, join(db, "data"), db, "55446"]), /encrypted \(aes-256-cbc\), WAL archived/);
  // the passphrase file is private, and the repository holds no plain text
  assert.equal(statSync(join(br, "cipher.pass")).mode & 0o077, 0);
  assert.equal(statSync(join(br, "pgbackrest.conf")).mode & 0o077, 0);
  let t = Date.now();
  ok(BR, ["backup", br, "full"]);
  console.log(`# full backup into both repositories: ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const taps = sql(ctx, "SELECT tap_no FROM taps ORDER BY tap_no LIMIT 6").split("\n");
  const pay = (tap) => { const r = suido(ctx, ["payment", "counter", "--tap", tap, "--amount", "500"]); assert.equal(r.code, 0, r.stderr); };
  const count = (c) => Number(sql(c, "SELECT count(*) FROM payments"));
  for (const t of taps.slice(0, 3)) pay(t);
  const atT = count(ctx);
  const auditAtT = Number(sql(ctx, "SELECT count(*) FROM audit_log"));
  const target = sql(ctx, "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
  spawnSync("sleep", ["1.2"]);
  for (const t of taps.slice(3)) pay(t);
  assert.equal(count(ctx), atT + 3);
  ok(BR, ["backup", br, "diff"]);
  const info = ok(BR, ["info", br]);
  assert.match(info, /cipher: aes-256-cbc/);
  assert.match(info, /full backup: \S+F[\s\S]*diff backup: \S+F_\S+D/);
  assert.match(info, /repo1: backup set size/);
  assert.match(info, /repo2: backup set size/);
  ok(BR, ["check", br]);

  // PITR to the time T, into a new data directory, started on a socket of its own
  const restored = join(base, "restored");
  t = Date.now();
  ok(BR, ["restore", br, join(restored, "data"), target]);
  restoredDir = restored;
  const rc = ok(BR, ["start-restored", join(restored, "data"), restored, "55447"]);
  console.log(`# point-in-time restore and start: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const rctx = { ...ctx, pg: rc, env: { ...ctx.env, SUIDO_DB: rc } };
  assert.equal(count(rctx), atT, "the payments of the time T, and not the later ones");
  assert.equal(Number(sql(rctx, "SELECT count(*) FROM audit_log")), auditAtT);
  const v = suido(rctx, ["audit", "verify"]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.equal(count(ctx), atT + 3, "the original is untouched");

  // a byte of repo1's full backup damaged: verify finds it; repo2, the other copy, is whole
  const victim = files(join(br, "repo1", "backup")).filter((f) => /\/pg_data\/base\/.*\.zst$/.test(f.p))
    .sort((a, b) => b.size - a.size)[0];
  assert.ok(victim, "a data file in repo1");
  const bytes = readFileSync(victim.p);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  writeFileSync(victim.p, bytes);
  const bad = run(BR, ["check", br]);
  assert.notEqual(bad.code, 0, "check fails on the damaged repository");
  assert.match(bad.err, /repo1 failed verification[\s\S]*checksum invalid: 1/);
  assert.match(ok(BR, ["verify", br, "2"]), /repo2: verified/);
});
