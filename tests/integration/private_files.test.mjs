// Files that hold personal or bank data, against the real binary and database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): documents made for a
// download (the Zengin debit request, PDFs, the XLSX) never appear under a
// name in a temporary directory, so a crash at any moment leaves nothing to
// read; and what suido creates (database, -wal, -shm, key, slips) has no
// permission bits for "other".
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, statSync, watch, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, ROOT, demoCycle, makeEnv, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, chief, privateTmp;

function ok(args) {
  const r = suido(ctx, args);
  assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);

/** Files seen under a name holding data while fn runs. In the server's own
 *  TMPDIR: any name whose file, when its event arrives, exists with content
 *  ("#<inode>" names are the kernel's for O_TMPFILE files, which never have a
 *  name; libxlsxwriter's scratch files are named only while empty, then
 *  unlinked). In /tmp, shared with other programs: the names suido's
 *  documents and debit files once had, at all. */
async function namesSeenDuring(watched, fn) {
  const seen = [];
  const holdsData = (path) => { try { return statSync(path).size > 0; } catch { return false; } };
  const watchers = watched.map(({ dir, pattern }) => watch(dir, (_ev, name) => {
    if (!name || String(name).startsWith("#")) return;
    const path = join(dir, String(name));
    if (pattern ? pattern.test(String(name)) : holdsData(path)) seen.push(path);
  }));
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 300));   // let the last events arrive
  } finally {
    for (const w of watchers) w.close();
  }
  return seen;
}

before(async () => {
  ctx = makeEnv();
  privateTmp = mkdtempSync(join(tmpdir(), "suido-it-tmp-"));
  ctx.env.TMPDIR = privateTmp;
  const conf = join(ctx.dir, "suido.ini");
  writeFileSync(conf, ["[debit]", "consignor_code = 9876543210", "consignor_name = サンキョウシ スイドウキョク",
    "bank = 0005", "bank_name = ミツビシユーエフジエイ", "branch = 001", "branch_name = ホンテン",
    "account_type = 1", "account = 7654321", "on_failure = retry", ""].join("\n"));
  ctx.env.SUIDO_CONFIG = conf;
  ok(["demo", "--taps", "40", "--years", "1", "--seed", "23", "--no-payments"]);
  ok(["bank", "import", "--from", join(ROOT, "node_modules/zengin-code")]);
  const taps = ok(["bill", "list", "--cycle", demoCycle(1)]).trim().split("\n").map((l) => l.split("\t")[0]);
  let mandates = 0;
  for (const t of taps.slice(0, 6))
    if (suido(ctx, ["mandate", "add", "--tap", t, "--bank", "0001", "--branch", "001", "--type", "1",
                    "--account", "7654321", "--holder", "ｽｲﾄﾞｳ ｼﾞﾛｳ", "--from", "2020-01-01"]).code === 0) mandates++;
  assert.ok(mandates > 0);
  srv = await startServer(ctx);
  chief = new Client(srv.base);
  assert.equal((await chief.login("kakaricho", DEMO)).status, 303);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
  if (privateTmp) rmSync(privateTmp, { recursive: true, force: true });
});

test(`[${engine}] downloads of the debit request, PDFs and the XLSX leave no named file in any temporary directory`, async () => {
  const seen = await namesSeenDuring([{ dir: privateTmp }, { dir: "/tmp", pattern: /^suido-(debit|doc)-/ }], async () => {
    const day = ok(["calendar", "business", addDays(jstToday(), 10)]).trim();
    const dl = await fetch(`${srv.base}/collections/debit/export`, {
      method: "POST", redirect: "manual", body: new URLSearchParams({ csrf: chief.csrf, date: day }).toString(),
      headers: { Cookie: chief.cookieHeader(), "Content-Type": "application/x-www-form-urlencoded" } });
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get("content-type"), "text/plain; charset=Shift_JIS");
    const body = Buffer.from(await dl.arrayBuffer());
    assert.ok(body.length > 0 && body.length % 122 === 0, `a Zengin file of ${body.length} bytes`);
    for (const path of [`/collections/daily.pdf?date=${jstToday()}`, `/collections/daily.xlsx?date=${jstToday()}`]) {
      const res = await fetch(srv.base + path, { headers: { Cookie: chief.cookieHeader() } });
      assert.equal(res.status, 200, path);
      const head = Buffer.from(await res.arrayBuffer()).subarray(0, 4).toString();
      assert.ok(head === "%PDF" || head.startsWith("PK"), `${path}: ${head}`);
    }
    const [tap] = ok(["bill", "list", "--cycle", demoCycle(1)]).trim().split("\n")[0].split("\t");
    const bill = JSON.parse(ok(["bill", "show", "--tap", tap, "--cycle", demoCycle(1)]));
    const slip = await fetch(`${srv.base}/bills/${bill.id}/slip.pdf`, { headers: { Cookie: chief.cookieHeader() } });
    assert.equal(slip.status, 200);
    assert.equal(Buffer.from(await slip.arrayBuffer()).subarray(0, 4).toString(), "%PDF");
  });
  assert.deepEqual(seen, [], "no file was ever linked under a name");
  assert.deepEqual(readdirSync(privateTmp), []);
});

test(`[${engine}] the database, its -wal and -shm, the key and slip files have no permission bits for others`, () => {
  const csv = join(ctx.dir, "slips.csv"), pdf = join(ctx.dir, "slip.pdf");
  ok(["slip", "--cycle", demoCycle(1), "--csv", csv]);
  const [tap] = ok(["bill", "list", "--cycle", demoCycle(1)]).trim().split("\n")[0].split("\t");
  const bill = JSON.parse(ok(["bill", "show", "--tap", tap, "--cycle", demoCycle(1)]));
  ok(["slip", "--bill", String(bill.id), "--out", pdf]);
  const files = [ctx.env.SUIDO_KEY_FILE, csv, pdf];
  if (ctx.sqlitePath) {
    files.push(ctx.sqlitePath);
    // the server holds the database open in WAL mode: -wal and -shm exist now
    for (const f of [`${ctx.sqlitePath}-wal`, `${ctx.sqlitePath}-shm`]) if (existsSync(f)) files.push(f);
    assert.ok(files.some((f) => f.endsWith("-wal")), "the -wal file is checked too");
  }
  for (const f of files) {
    const mode = statSync(f).mode & 0o777;
    assert.equal(mode & 0o007, 0, `${f} is mode ${mode.toString(8)}`);
  }
});
