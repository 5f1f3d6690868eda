// `suido import` is resumable after a kill (issue 20): the whole import is one transaction, so a
// SIGKILL at any point leaves the database as empty as it was, and running the same command again
// finishes it.  Here a demo city is exported; its import is stopped and killed once its progress
// shows the readings loaded (the bills loading), the database is found empty with
// every index of its schema, the import is run again and its export is
// byte-identical to the source's (except the manifest's created_at).  A kill during a --dry-run
// leaves nothing either.  SQLite by default; PostgreSQL when SUIDO_TEST_DB is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, makeEnv, sql, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const work = mkdtempSync(join(tmpdir(), "suido-ic-kill-"));
const envs = [];
let exported;

function fresh() {
  const c = makeEnv();
  envs.push(c);
  return c;
}

function exportTo(ctx, name) {
  const dir = join(work, name);
  const r = suido(ctx, ["export", dir, "--reason", "中断テスト"]);
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

/** `suido import DIR ...` started, stopped (SIGSTOP) as soon as its progress on stderr matches
 *  `when`, then killed with SIGKILL.  Resolves to what the process wrote and how it ended; the
 *  process was certainly cut off in the middle when it ended by the signal. */
function killedImport(ctx, dir, when, extra = []) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, ["import", dir, ...extra], { env: ctx.env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "", stdout = "", killed = false;
    p.stdout.on("data", (d) => { stdout += d; });
    p.stderr.on("data", (d) => {
      stderr += d;
      if (!killed && when.test(stderr)) {
        killed = true;
        p.kill("SIGSTOP");
        p.kill("SIGKILL");
      }
    });
    p.on("error", reject);
    p.on("close", (code, signal) => resolve({ code, signal, stderr, stdout }));
  });
}

/** Every file the same, byte for byte, except the manifest's created_at. */
function assertSame(a, b) {
  const files = readdirSync(a).sort();
  assert.deepEqual(readdirSync(b).sort(), files);
  for (const f of files) {
    const strip = (s) => (f === "manifest.json" ? s.replace(/"created_at": "[^"]*"/, "") : s);
    assert.ok(strip(readFileSync(join(a, f), "utf8")) === strip(readFileSync(join(b, f), "utf8")), `${f} differs`);
  }
}

/** The schema's indexes by name (the import sets a big table's plain indexes aside while it loads
 *  it, in its transaction: a kill must leave every one). */
function indexes(ctx) {
  return sql(ctx, ctx.pg ? "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
    : "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY 1");
}

function assertEmpty(ctx) {
  for (const t of ["users", "taps", "customers", "readings", "bills", "bill_runs", "payments", "audit_log"])
    assert.equal(sql(ctx, `SELECT COUNT(*) FROM ${t}`), "0", `${t} empty`);
}

before(() => {
  const source = fresh();
  const d = suido(source, ["demo", "--taps", "400", "--years", "2", "--seed", "31"]);
  assert.equal(d.code, 0, d.stderr);
  exported = exportTo(source, "source");
});

after(() => {
  for (const c of envs) c.cleanup();
  rmSync(work, { recursive: true, force: true });
});

test(`[${engine}] an import killed after some files are loaded leaves the database empty; run again, it finishes`, async () => {
  const target = fresh();
  // the schema first, so that "empty" is checked on the tables themselves
  assert.equal(suido(target, ["migrate"]).code, 0);
  const schema = indexes(target);
  assert.match(schema, /readings_stats/);
  // killed once taps, customers, meters and readings are in, as the bills load (their indexes set aside)
  const k = await killedImport(target, exported, /^readings\.csv: \d+ 行$/m);
  assert.equal(k.signal, "SIGKILL", `the import was still running when killed: ${k.stderr}`);
  assert.match(k.stderr, /^taps\.csv: \d+ 行$/m);
  assert.match(k.stderr, /^meters\.csv: \d+ 行$/m);
  assert.doesNotMatch(k.stdout, /imported/);
  assertEmpty(target);
  assert.equal(indexes(target), schema, "every index is there again");
  // resuming is running the same command again
  const r = suido(target, ["import", exported]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^imported \d+ rows/);
  assertSame(exported, exportTo(target, "resumed"));
  assert.equal(sql(target, "SELECT COUNT(*) FROM audit_log WHERE action = 'interchange.import'"), "1");
});

test(`[${engine}] a dry run killed halfway leaves nothing`, async () => {
  const target = fresh();
  assert.equal(suido(target, ["migrate"]).code, 0);
  const k = await killedImport(target, exported, /^readings\.csv: \d+ 行$/m, ["--dry-run"]);
  assert.equal(k.signal, "SIGKILL", `the dry run was still running when killed: ${k.stderr}`);
  assertEmpty(target);
  // and the database still takes the import
  const r = suido(target, ["import", exported]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(target, "SELECT COUNT(*) FROM bills"), sql(target, "SELECT COUNT(*) FROM bills b JOIN bill_runs r"
    + " ON r.id = b.run_id WHERE r.status = 'imported'"));
});
