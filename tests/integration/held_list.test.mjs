// The held queue as the reading office works through it (issue 16, 7 and 5), against the real
// binary and database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city: held
// readings by route, each beside the tap's previous regular usage and that of the same cycle a year
// before (checked against the tables), filtered by cycle and route, bad input named; a 担当 decides,
// a reader is sent to re-read (no empty 操作 column).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, demoCycle, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv;
const sql = (text) => sqlOn(ctx, text);
const rowsOf = (html) => [...html.matchAll(/<tr id="held-(\d+)">(.*?)<\/tr>/g)]
  .map((m) => ({ id: Number(m[1]), cells: [...m[2].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, "")) }));
async function login(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "600", "--years", "2", "--seed", "37"]);
  assert.equal(d.code, 0, d.stderr);
  // a few more held readings, in two cycles, so that routes and cycles both filter something
  for (const cyc of [demoCycle(1), demoCycle(2)])
    sql(`UPDATE readings SET status = 'held' WHERE id IN (SELECT id FROM readings WHERE cycle = '${cyc}'`
      + " AND status = 'accepted' AND kind = 'actual' ORDER BY tap_id LIMIT 3)");
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] every held reading is listed by route, beside its previous and last year's usage`, async () => {
  const c = await login("tanto");
  const r = await c.get("/reading/held");
  assert.equal(r.status, 200);
  const rows = rowsOf(r.text);
  const held = sql("SELECT COUNT(*) FROM readings WHERE status = 'held'");
  assert.equal(rows.length, Number(held));
  assert.match(r.text, new RegExp(`保留 ${held} 件`));
  // ordered by route: the headings name each route once, their counts add up
  const heads = [...r.text.matchAll(/<th colspan="12" scope="rowgroup">検針区 (\S+) [^（]*（(\d+) 件）<\/th>/g)];
  assert.equal(heads.reduce((a, m) => a + Number(m[2]), 0), rows.length);
  assert.equal(new Set(heads.map((m) => m[1])).size, heads.length);
  assert.deepEqual(heads.map((m) => m[1]), [...heads.map((m) => m[1])].sort());
  for (const row of rows) {
    const [tapId, readOn, cyc] = sql(`SELECT tap_id, read_on, cycle FROM readings WHERE id = ${row.id}`).split("|");
    const regular = `tap_id = ${tapId} AND status = 'accepted' AND kind IN ('actual', 'estimated')`;
    const prev = sql(`SELECT usage || '（' || days || '日）' FROM readings WHERE ${regular} AND read_on < '${readOn}'`
      + " ORDER BY read_on DESC, id DESC LIMIT 1") || "—";
    const ly = `${Number(cyc.slice(0, 4)) - 1}${cyc.slice(4)}`;
    const last = sql(`SELECT usage || '（' || days || '日）' FROM readings WHERE ${regular} AND cycle = '${ly}'`
      + " ORDER BY read_on DESC, id DESC LIMIT 1") || "—";
    assert.equal(row.cells[7], prev, `previous usage of reading ${row.id}`);
    assert.equal(row.cells[8], last, `last year's usage of reading ${row.id}`);
  }
  assert.ok(rows.some((x) => x.cells[8] !== "—"), "some held taps have a last year to compare with");
});

test(`[${engine}] the queue filters by cycle and by route; bad input is named`, async () => {
  const c = await login("tanto");
  const cyc = demoCycle(1);
  let r = await c.get(`/reading/held?cycle=${cyc}`);
  assert.equal(rowsOf(r.text).length, Number(sql(`SELECT COUNT(*) FROM readings WHERE status = 'held' AND cycle = '${cyc}'`)));
  const route = sql("SELECT t.route FROM readings r JOIN taps t ON t.id = r.tap_id WHERE r.status = 'held' ORDER BY r.id LIMIT 1");
  r = await c.get(`/reading/held?route=${route}`);
  const rows = rowsOf(r.text);
  assert.equal(rows.length, Number(sql("SELECT COUNT(*) FROM readings r JOIN taps t ON t.id = r.tap_id"
    + ` WHERE r.status = 'held' AND t.route = '${route}'`)));
  assert.ok(rows.length >= 1);
  r = await c.get("/reading/held?cycle=2026-13");
  assert.equal(r.status, 400);
  assert.match(r.text, /検針周期は YYYY-MM/);
  assert.match(r.text, /name="cycle"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="cycle"/);
});

test(`[${engine}] a 担当 decides each held reading; a reader is sent to re-read it`, async () => {
  const clerk = await login("tanto");
  const html = (await clerk.get("/reading/held")).text;
  const n = rowsOf(html).length;
  assert.equal((html.match(/確認して確定…/g) ?? []).length, n);
  assert.equal((html.match(/再検針を入力…/g) ?? []).length, 0);
  const reader = await login("kenshin");
  const r = await reader.get("/reading/held");
  assert.equal(r.status, 200);
  assert.equal((r.text.match(/確認して確定…/g) ?? []).length, 0, "a reader may not confirm");
  const links = [...r.text.matchAll(/<a href="(\/reading\/routes\/[^"]+)" class="action">再検針を入力…<\/a>/g)];
  assert.equal(links.length, n, "every row says what a reader can do");
  const grid = await reader.get(links[0][1].replace(/&amp;/g, "&"));
  assert.equal(grid.status, 200, "the reader may open that route's entry grid");
});

test(`[${engine}] the reading menu shows the other open cycles with what they still lack, the ended one's backlog included`, async () => {
  const c = await login("kenshin");
  const open = demoCycle(0);   // the demo leaves it unbilled, part unread
  const next = new Date(Date.UTC(Number(open.slice(0, 4)), Number(open.slice(5)), 1)).toISOString().slice(0, 7);
  const made = suido(ctx, ["reading", "schedule", "--cycle", next]);   // the next cycle is scheduled too
  assert.equal(made.code, 0, made.stderr);
  const r = await c.get(`/reading?cycle=${next}`);
  assert.equal(r.status, 200);
  const line = r.text.match(new RegExp(`<li[^>]*><a href="/reading\\?cycle=${open}">[^<]*</a>([^<]*)</li>`));
  assert.ok(line, `${open} is listed as open on ${next}'s page`);
  // its figures are those of its own page
  const own = (await c.get(`/reading?cycle=${open}`)).text.match(/<p class="summary">\d+検針区　対象 (\d+)件　検針済 (\d+)件　保留 (\d+)件　未検針 (-?\d+)件/);
  assert.ok(own);
  assert.match(line[1], new RegExp(`対象 ${own[1]}件　検針済 ${own[2]}件　保留 ${own[3]}件　未検針 ${own[4]}件`));
  assert.ok(Number(own[4]) > 0, "the demo leaves part of the open cycle unread");
  // once billed (its run done), it is no longer open
  const run = suido(ctx, ["bill", "run", "--cycle", open]);
  assert.ok(run.code === 0 || run.code === 3, run.stderr);
  const after = await c.get(`/reading?cycle=${next}`);
  assert.doesNotMatch(after.text, new RegExp(`<a href="/reading\\?cycle=${open}">`));
});
