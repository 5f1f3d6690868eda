// Home is the day's work (issue 16, 9), against the real binary and database (SQLite, or
// PostgreSQL when SUIDO_TEST_DB is set), on a demo city: each role sees the counts of what it may
// act on — ウェブ申込 未処理, today's work orders, held readings, 未消込 with its sum, 承認待ち, the
// cycle waiting for its billing run — each linked to its list and equal to the tables; a role with
// nothing to act on sees no counts.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, demoCycle, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv;
const sql = (text) => sqlOn(ctx, text);
const num = (text) => Number(sql(text));
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
/** A tile of the home page: its count, its link and the line under it (null when absent). */
const tile = (html, id) => {
  const m = html.match(new RegExp(`id="${id}"><dt>[^<]*</dt><dd><a href="([^"]*)">(\\d+) 件</a>(?:<div class="sub">([^<]*)</div>)?</dd>`));
  return m ? { href: m[1].replace(/&amp;/g, "&"), n: Number(m[2]), sub: m[3] ?? "" } : null;
};
async function home(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  const r = await c.get("/");
  assert.equal(r.status, 200);
  return r.text;
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "31"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a 係長's home counts every queue, equal to the tables, each linked to its list`, async () => {
  // an older reading put on hold, so that the count is not only the open cycle's
  sql(`UPDATE readings SET status = 'held' WHERE id = (SELECT MIN(id) FROM readings WHERE status = 'accepted'`
    + ` AND cycle < '${demoCycle(2)}')`);
  const h = await home("kakaricho");
  const held = num("SELECT COUNT(*) FROM readings WHERE status = 'held'");
  assert.ok(held > 0);
  assert.deepEqual(tile(h, "home-held"), { href: "/reading/held", n: held, sub: "" });
  const [susp, suspYen] = sql("SELECT COUNT(*), COALESCE(SUM(p.amount), 0) FROM suspense s JOIN payments p ON p.id = s.payment_id"
    + " WHERE s.status = 'open'").split("|").map(Number);
  assert.ok(susp > 0, "the demo has payments that matched no bill");
  assert.deepEqual(tile(h, "home-suspense"), { href: "/collections/suspense", n: susp,
                                               sub: `計 ¥${suspYen.toLocaleString("en-US")}` });
  assert.equal(tile(h, "home-applications").n, num("SELECT COUNT(*) FROM applications WHERE status = 'received'"));
  assert.equal(tile(h, "home-orders").n, num(`SELECT COUNT(*) FROM work_orders WHERE due_on = '${today}' AND status <> 'cancelled'`));
  assert.equal(tile(h, "home-orders").href, `/workorders?day=${today}`);
  assert.equal(tile(h, "home-approvals").n, num("SELECT COUNT(*) FROM approvals WHERE status = 'pending'"));
  // the billing state of the cycle due: the demo leaves its open month unbilled, every month before billed
  const cyc = demoCycle(0);
  assert.match(h, new RegExp(`<div class="strip-item notice" id="home-billing"><dt>調定処理</dt><dd><a href="/billing\\?cycle=${cyc}">${cyc} 周期</a><div class="sub">未実行</div>`));
});

test(`[${engine}] after the run the cycle no longer waits; a new held reading is counted at once`, async () => {
  const cyc = demoCycle(0);
  const r = suido(ctx, ["bill", "run", "--cycle", cyc]);
  assert.ok(r.code === 0 || r.code === 3, r.stderr);
  let h = await home("kakaricho");
  // the cycle's run is done: it is shown done, or the next cycle, begun since, is the one due
  const billed = Number(sql(`SELECT billed FROM bill_runs WHERE cycle = '${cyc}' ORDER BY id DESC LIMIT 1`));
  const m = h.match(/id="home-billing"><dt>調定処理<\/dt><dd><a href="\/billing\?cycle=([\d-]+)">[^<]*<\/a><div class="sub">([^<]*)</);
  assert.ok(m, "the billing tile");
  if (m[1] === cyc) assert.equal(m[2], `完了（調定 ${billed} 件）`);
  else assert.ok(m[1] > cyc && m[2] === "未実行", m.slice(1).join(" "));
  const before = tile(h, "home-held").n;
  const id = sql("SELECT id FROM readings WHERE status = 'accepted' ORDER BY id DESC LIMIT 1");
  sql(`UPDATE readings SET status = 'held' WHERE id = ${id}`);
  h = await home("kakaricho");
  assert.equal(tile(h, "home-held").n, before + 1);
});

test(`[${engine}] each role sees only what it may act on`, async () => {
  const reader = await home("kenshin");
  assert.ok(tile(reader, "home-held"), "a reader sees the held readings");
  for (const id of ["home-suspense", "home-approvals", "home-billing", "home-applications"])
    assert.ok(!reader.includes(`id="${id}"`), `a reader does not see ${id}`);
  const clerk = await home("tanto");
  for (const id of ["home-held", "home-suspense", "home-applications", "home-orders"]) assert.ok(tile(clerk, id), id);
  for (const id of ["home-approvals", "home-billing"]) assert.ok(!clerk.includes(`id="${id}"`), `a 担当 does not see ${id}`);
  for (const user of ["etsuran", "kansa"]) {
    const h = await home(user);
    assert.doesNotMatch(h, /今日の仕事/, `${user} has no queue`);
  }
});
