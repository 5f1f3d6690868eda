// The arrears ledger (滞納整理簿, issue 17, item 1) against the real binary and a real database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city with hundreds of overdue
// bills: the overdue bills gathered per customer across their taps (名寄せ), checked against SQL
// over bills and bill_balances; the aging buckets; the filters; paging; refusals naming the field;
// the CSV and Excel of every row; the audit rows; a customer's page; the カルテ's 滞納 line.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, clerk;
const sql = (text) => sqlOn(ctx, text);
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
const OVERDUE = `FROM bills b LEFT JOIN bill_balances x ON x.bill_id = b.id JOIN taps t ON t.id = b.tap_id`
  + ` WHERE b.status = 'current' AND b.due_on < '${today}' AND b.total_yen > COALESCE(x.paid_yen, 0)`;
const BAL = "b.total_yen - COALESCE(x.paid_yen, 0)";

/** today moved back k months, the day clamped to the month's length (domain/arrears.c). */
function monthsBack(iso, k) {
  const [y, m, d] = iso.split("-").map(Number);
  const idx = y * 12 + (m - 1) - k;
  const ny = Math.floor(idx / 12), nm = idx % 12 + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}
const BOUNDS = [1, 2, 3, 6, 12, 24];
const bucketOf = (due) => { let k = 0; while (k < 6 && due <= monthsBack(today, BOUNDS[k])) k++; return k; };

/** CSV text (quotes as RFC 4180) into rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [], f = "", q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c;
    } else if (c === '"') q = true;
    else if (c === ",") { row.push(f); f = ""; }
    else if (c === "\n") { row.push(f.replace(/\r$/, "")); rows.push(row); row = []; f = ""; }
    else f += c;
  }
  if (f || row.length) { row.push(f); rows.push(row); }
  return rows;
}

async function bin(c, path) {
  const res = await fetch(srv.base + path, { headers: { Cookie: c.cookieHeader() } });
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

/** The CSV of the filtered list: { head, rows: [{cid, bills, amount, oldest, age, buckets, method}] }. */
async function csvOf(query) {
  const r = await bin(clerk, `/arrears.csv?${query}${query ? "&" : ""}encoding=utf8bom`);
  assert.equal(r.status, 200, r.body.toString());
  assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const [head, ...rows] = parseCsv(r.body.toString("utf8").slice(1));
  return { head, rows: rows.map((f) => ({ cid: f[0], name: f[1], kana: f[2], taps: f[3], bills: +f[4], amount: +f[5],
                                          oldest: f[6], age: +f[7], buckets: f.slice(8, 15).map(Number), method: f[15],
                                          stage: f[16] })) };
}

/** SQL: per customer, their overdue bills' count, sum and oldest due date. */
function oracle(having = "") {
  const out = new Map();
  const text = sql(`SELECT b.customer_id, COUNT(*), SUM(${BAL}), MIN(b.due_on), COUNT(DISTINCT b.tap_id) ${OVERDUE}`
                   + ` GROUP BY b.customer_id ${having}`);
  for (const line of text ? text.split("\n") : []) {
    const [cid, n, s, oldest, taps] = line.split("|");
    out.set(cid, { bills: +n, amount: +s, oldest, taps: +taps });
  }
  return out;
}

let twoTapCustomer = "";

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "500", "--years", "2", "--seed", "31"]);
  assert.equal(d.code, 0, d.stderr);
  // A customer who moved and kept a debt at the old tap (名寄せ): when the demo has none, give one
  // overdue bill of another tap to a customer who already owes at theirs.
  const multi = sql(`SELECT b.customer_id ${OVERDUE} GROUP BY b.customer_id HAVING COUNT(DISTINCT b.tap_id) > 1`
                    + " ORDER BY b.customer_id LIMIT 1");
  if (multi) twoTapCustomer = multi.split("\n")[0];
  else {
    const [cid, tap] = sql(`SELECT b.customer_id, b.tap_id ${OVERDUE} ORDER BY b.id LIMIT 1`).split("|");
    const other = sql(`SELECT b.id ${OVERDUE} AND b.tap_id <> ${tap} AND b.customer_id <> ${cid} ORDER BY b.id DESC LIMIT 1`);
    sql(`UPDATE bills SET customer_id = ${cid} WHERE id = ${other}`);
    twoTapCustomer = cid;
  }
  srv = await startServer(ctx);
  clerk = new Client(srv.base);
  assert.equal((await clerk.login("tanto", DEMO)).status, 303);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] every customer's overdue total, count, oldest due date and buckets as SQL over the bills says`, async () => {
  const want = oracle();
  assert.ok(want.size > 20, `overdue customers: ${want.size}`);
  const nbills = [...want.values()].reduce((s, w) => s + w.bills, 0);
  assert.ok(nbills > 100, `overdue bills: ${nbills}`);
  const { head, rows } = await csvOf("");
  assert.equal(head[0], "お客様番号");
  assert.equal(rows.length, want.size);
  // each customer once (名寄せ), largest amount first
  assert.equal(new Set(rows.map((r) => r.cid)).size, rows.length);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].amount >= rows[i].amount);
  const perBucket = new Map();
  for (const line of sql(`SELECT b.customer_id, b.due_on, ${BAL} ${OVERDUE}`).split("\n")) {
    const [cid, due, bal] = line.split("|");
    const k = perBucket.get(cid) || [0, 0, 0, 0, 0, 0, 0];
    k[bucketOf(due)] += +bal;
    perBucket.set(cid, k);
  }
  const used = new Set([...perBucket.values()].flatMap((k) => k.map((v, i) => (v ? i : -1)).filter((i) => i >= 0)));
  assert.ok(used.size >= 3, `buckets in use: ${[...used]}`);
  for (const r of rows) {
    const w = want.get(r.cid);
    assert.ok(w, `customer ${r.cid} owes nothing overdue`);
    assert.equal(r.amount, w.amount, `customer ${r.cid}`);
    assert.equal(r.bills, w.bills);
    assert.equal(r.oldest, w.oldest);
    assert.equal(r.buckets.reduce((s, v) => s + v, 0), r.amount, "the buckets add up to the total");
    assert.deepEqual(r.buckets, perBucket.get(r.cid));
    assert.ok(r.name && r.kana, "names opened");
    let age = 0;
    while (w.oldest <= monthsBack(today, age + 1)) age++;
    assert.equal(r.age, age);
  }
  // the page: the true count and sum, the first 50 in the CSV's order
  const html = (await clerk.get("/arrears")).text;
  const total = [...want.values()].reduce((s, w) => s + w.amount, 0);
  assert.match(html, new RegExp(`お客様 ${want.size}人、期限経過の調定 ${nbills}件、滞納額合計 ¥${total.toLocaleString("en-US")}`));
  const ids = [...html.matchAll(/<tr id="arrears-c(\d+)">/g)].map((m) => m[1]);
  assert.equal(ids.length, Math.min(50, want.size));
  assert.deepEqual(ids, rows.slice(0, 50).map((r) => r.cid));
  // the aging table over the whole list adds up too
  const aging = html.split('id="arrears-aging"')[1].split("</table>")[0];
  const cells = [...aging.matchAll(/<td class="num">¥([\d,]+)<\/td>/g)].map((m) => +m[1].replace(/,/g, ""));
  assert.equal(cells.length, 8);
  assert.equal(cells.slice(0, 7).reduce((s, v) => s + v, 0), cells[7]);
  assert.equal(cells[7], total);
});

test(`[${engine}] a customer with debts on two taps appears once with both; their page lists every overdue bill`, async () => {
  const w = oracle().get(twoTapCustomer);
  assert.ok(w && w.taps >= 2, `customer ${twoTapCustomer}: ${JSON.stringify(w)}`);
  const { rows } = await csvOf("");
  const mine = rows.filter((r) => r.cid === twoTapCustomer);
  assert.equal(mine.length, 1);
  const taps = sql(`SELECT DISTINCT t.tap_no ${OVERDUE} AND b.customer_id = ${twoTapCustomer} ORDER BY t.tap_no`).split("\n");
  assert.equal(mine[0].taps, taps.join("・"));
  assert.equal(mine[0].amount, w.amount);
  // per tap (水栓別): one row for each of their taps, adding up to the same
  const perTap = (await csvOf("view=tap")).rows.filter((r) => r.cid === twoTapCustomer);
  assert.deepEqual(perTap.map((r) => r.taps).sort(), taps);
  assert.equal(perTap.reduce((s, r) => s + r.amount, 0), w.amount);
  const nTapRows = Number(sql(`SELECT COUNT(*) FROM (SELECT b.customer_id, b.tap_id ${OVERDUE} GROUP BY b.customer_id, b.tap_id) g`));
  assert.equal((await csvOf("view=tap")).rows.length, nTapRows);
  // the customer's page: every overdue bill of both taps, oldest first, with links
  const page = await clerk.get(`/arrears/customers/${twoTapCustomer}`);
  assert.equal(page.status, 200);
  const bills = [...page.text.matchAll(/<tr id="arrears-bill-(\d+)">([\s\S]*?)<\/tr>/g)];
  assert.equal(bills.length, w.bills);
  const want = sql(`SELECT b.id ${OVERDUE} AND b.customer_id = ${twoTapCustomer} ORDER BY b.due_on, b.id`).split("\n");
  assert.deepEqual(bills.map((m) => m[1]), want);
  for (const tap of taps) assert.match(page.text, new RegExp(`href="/karte/${tap}"`));
  assert.match(bills[0][2], new RegExp(`href="/bills/${want[0]}"`));
  assert.match(page.text, new RegExp(`滞納額 ¥${w.amount.toLocaleString("en-US")}`));
  // the カルテ of either tap says how long and links here
  const k = (await clerk.get(`/karte/${taps[0]}`)).text;
  const strip = k.match(/<div class="[^"]*" id="strip-arrears"><dt>[^<]*<\/dt><dd>(.*?)<\/dd><\/div>/);
  assert.ok(strip, "the strip's 滞納 item");
  assert.match(strip[1], /滞納 \d+か月（最古の納期限 /);
  assert.match(strip[1], new RegExp(`href="/arrears/customers/\\d+" id="strip-arrears-link"`));
  assert.equal((await clerk.get("/arrears/customers/99999999")).status, 404);
});

test(`[${engine}] the filters narrow the list as SQL does: area, route, amount, age, method`, async () => {
  const all = oracle();
  const cids = async (q) => (await csvOf(q)).rows.map((r) => r.cid).sort();
  const set = (text) => (text ? text.split("\n") : []).sort();
  // area and route: customers with an overdue bill on a tap there (their whole debt shown)
  const area = sql(`SELECT t.area_code ${OVERDUE} GROUP BY t.area_code ORDER BY COUNT(*) DESC LIMIT 1`);
  const inArea = set(sql(`SELECT DISTINCT b.customer_id ${OVERDUE} AND t.area_code = '${area}'`));
  const gotArea = await csvOf(`area=${encodeURIComponent(area)}`);
  assert.deepEqual(gotArea.rows.map((r) => r.cid).sort(), inArea);
  assert.ok(inArea.length < all.size);
  for (const r of gotArea.rows) assert.equal(r.amount, all.get(r.cid).amount);
  const route = sql(`SELECT t.route ${OVERDUE} GROUP BY t.route ORDER BY COUNT(*) DESC LIMIT 1`);
  assert.deepEqual(await cids(`route=${encodeURIComponent(route)}`),
                   set(sql(`SELECT DISTINCT b.customer_id ${OVERDUE} AND t.route = '${route}'`)));
  // amount from / to
  const amounts = [...all.values()].map((w) => w.amount).sort((a, b) => a - b);
  const lo = amounts[Math.floor(amounts.length / 3)], hi = amounts[Math.floor((2 * amounts.length) / 3)];
  const byAmount = [...all].filter(([, w]) => w.amount >= lo && w.amount <= hi).map(([c]) => c).sort();
  assert.deepEqual(await cids(`amount_min=${lo}&amount_max=${hi}`), byAmount);
  assert.ok(byAmount.length > 0 && byAmount.length < all.size);
  // age: the oldest overdue bill at least N months old
  for (const n of [1, 3, 6]) {
    const cut = monthsBack(today, n);
    assert.deepEqual(await cids(`age=${n}`), [...all].filter(([, w]) => w.oldest <= cut).map(([c]) => c).sort(), `age ${n}`);
  }
  // sorted by age: oldest due date first
  const byAge = (await csvOf("sort=age")).rows;
  for (let i = 1; i < byAge.length; i++) assert.ok(byAge[i - 1].oldest <= byAge[i].oldest);
  // method: a mandate in force for the bill's tap and customer (口座振替), or none (納付書)
  const MANDATE = `EXISTS (SELECT 1 FROM mandates m WHERE m.tap_id = b.tap_id AND m.customer_id = b.customer_id`
    + ` AND m.status = 'active' AND m.start_on <= '${today}' AND (m.end_on IS NULL OR m.end_on >= '${today}'))`;
  const debit = set(sql(`SELECT DISTINCT b.customer_id ${OVERDUE} AND ${MANDATE}`));
  const slip = set(sql(`SELECT DISTINCT b.customer_id ${OVERDUE} AND NOT ${MANDATE}`));
  assert.ok(debit.length > 0 && slip.length > 0, `${debit.length} / ${slip.length}`);
  assert.deepEqual(await cids("method=debit"), debit);
  assert.deepEqual(await cids("method=slip"), slip);
  // combined, on the page: the count line is the true count
  const html = (await clerk.get(`/arrears?method=slip&age=1`)).text;
  const cut1 = monthsBack(today, 1);
  const both = slip.filter((c) => all.get(c).oldest <= cut1);
  assert.match(html, new RegExp(`お客様 ${both.length}人`));
  assert.match(html, /<option value="slip" selected>/);
  // nothing left: said so, with no table
  const none = await clerk.get("/arrears?amount_min=999999999");
  assert.equal(none.status, 200);
  assert.match(none.text, /id="arrears-empty">条件に合う滞納はありません。/);
  assert.equal((await csvOf("amount_min=999999999")).rows.length, 0);
});

test(`[${engine}] paging: 50 a page, the same totals on every page, every row once`, async () => {
  const all = oracle();
  assert.ok(all.size > 50, `${all.size} customers: more than one page`);
  const pages = Math.ceil(all.size / 50);
  const seen = [];
  for (let p = 1; p <= pages; p++) {
    const html = (await clerk.get(`/arrears?page=${p}`)).text;
    assert.match(html, new RegExp(`お客様 ${all.size}人`));
    assert.match(html, new RegExp(`${p} / ${pages} ページ`));
    seen.push(...[...html.matchAll(/<tr id="arrears-c(\d+)">/g)].map((m) => m[1]));
  }
  assert.equal(seen.length, all.size);
  assert.equal(new Set(seen).size, all.size);
  // the pager keeps the filters
  const html = (await clerk.get("/arrears?sort=age&page=1")).text;
  assert.match(html, /href="\/arrears\?sort=age&amp;page=2" rel="next"/);
  // a page past the end shows the last
  assert.match((await clerk.get("/arrears?page=999")).text, new RegExp(`${pages} / ${pages} ページ`));
});

test(`[${engine}] bad filter input is refused with 400 naming the field`, async () => {
  for (const [q, field, words] of [["age=abc", "age", /経過月数/], ["amount_min=-5", "amount_min", /滞納額（から）/],
                                   ["amount_min=5000&amount_max=100", "amount_max", /滞納額（まで）/],
                                   ["area=ZZZZ", "area", /町丁目/], ["route=NOPE", "route", /検針区/],
                                   ["method=cash", "method", /支払方法/], ["view=all", "view", /表示単位/],
                                   ["sort=name", "sort", /並び順/], ["stage=teishi", "stage", /段階/]]) {
    const r = await clerk.get(`/arrears?${q}`);
    assert.equal(r.status, 400, q);
    assert.match(r.text, words, q);
    assert.match(r.text, new RegExp(`name="${field}"[^>]*aria-invalid="true"`), q);
    assert.doesNotMatch(r.text, /id="arrears"/);
    assert.equal((await bin(clerk, `/arrears.csv?${q}`)).status, 400, `csv ${q}`);
  }
});

test(`[${engine}] CSV (UTF-8, Shift_JIS) and Excel carry every row of the filtered list`, async () => {
  const all = oracle();
  const total = [...all.values()].reduce((s, w) => s + w.amount, 0);
  const { rows } = await csvOf("");
  assert.equal(rows.reduce((s, r) => s + r.amount, 0), total);
  const sj = await bin(clerk, "/arrears.csv?encoding=cp932");
  assert.equal(sj.status, 200);
  assert.match(sj.type, /Shift_JIS/);
  const sjRows = parseCsv(new TextDecoder("shift_jis").decode(sj.body));
  assert.equal(sjRows[0][0], "お客様番号");
  assert.equal(sjRows.length - 1, all.size);
  assert.deepEqual(sjRows.slice(1).map((r) => r[1]), rows.map((r) => r.name));
  const x = await bin(clerk, "/arrears.xlsx?sort=age");
  assert.equal(x.status, 200);
  assert.equal(x.body.subarray(0, 2).toString(), "PK");
  const path = join(ctx.dir, "arrears.xlsx");
  writeFileSync(path, x.body);
  const unzip = (member) => {
    const r = spawnSync("unzip", ["-p", path, member], { encoding: "utf8", maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const strings = [...unzip("xl/sharedStrings.xml").matchAll(/<si>(?:<t[^>]*>([\s\S]*?)<\/t>)<\/si>/g)].map((m) => m[1]);
  const sheet = unzip("xl/worksheets/sheet1.xml");
  const cells = {};
  for (const m of sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const v = (m[3] || "").match(/<v>([^<]*)<\/v>/)?.[1];
    if (v !== undefined) cells[m[1]] = / t="s"/.test(m[2]) ? strings[+v] : Number(v);
  }
  assert.equal(cells.A1, "滞納整理簿");
  assert.equal(cells.A5, "お客様番号");
  const last = 6 + all.size;   // header on row 5, rows 6.., the total after them
  assert.equal(cells[`A${last}`], "合計");
  assert.equal(cells[`F${last}`], total);
  let sum = 0;
  for (let r = 6; r < last; r++) sum += cells[`F${r}`];
  assert.equal(sum, total);
  assert.ok(strings.includes(rows[0].name), "names in the workbook");
});

test(`[${engine}] views and exports are audited; a role without the permission gets 403`, async () => {
  const count = (action) => Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`));
  const v0 = count("arrears.view"), e0 = count("arrears.export"), c0 = count("arrears.customer");
  await clerk.get("/arrears?age=2");
  await csvOf("method=slip");
  await bin(clerk, "/arrears.xlsx");
  await clerk.get(`/arrears/customers/${twoTapCustomer}`);
  assert.equal(count("arrears.view"), v0 + 1);
  assert.equal(count("arrears.export"), e0 + 2);
  assert.equal(count("arrears.customer"), c0 + 1);
  assert.equal(sql("SELECT actor FROM audit_log WHERE action = 'arrears.export' ORDER BY seq DESC LIMIT 1"), "tanto");
  assert.equal(sql("SELECT object FROM audit_log WHERE action = 'arrears.customer' ORDER BY seq DESC LIMIT 1"),
               `customer:${twoTapCustomer}`);
  const viewer = new Client(srv.base);
  assert.equal((await viewer.login("etsuran", DEMO)).status, 303);
  for (const path of ["/arrears", "/arrears.csv", "/arrears.xlsx", `/arrears/customers/${twoTapCustomer}`])
    assert.equal((await viewer.get(path)).status, 403, path);
  // the navigation: 滞納 is a link for the clerk, not for the viewer
  assert.match((await clerk.get("/")).text, /<a href="\/arrears">滞納<\/a>/);
  assert.doesNotMatch((await viewer.get("/")).text, /<a href="\/arrears">/);
  // the viewer's カルテ still says how long, without the link
  const tap = sql(`SELECT t.tap_no ${OVERDUE} AND b.customer_id = ${twoTapCustomer} ORDER BY t.tap_no LIMIT 1`);
  const k = (await viewer.get(`/karte/${tap}`)).text;
  assert.match(k, /id="strip-arrears"/);
  assert.doesNotMatch(k, /id="strip-arrears-link"/);
});

test(`[${engine}] the stage filter (段階): each row's stage is the highest of its bills', counted and summed in SQL`, async () => {
  // notices for the overdue bills, then a few moved on: 催告, 予告, a pledge, a tap stopped
  const r = suido(ctx, ["arrears", "dunning", "--step", "tokusoku", "--as-of", today]);
  assert.equal(r.code, 0, r.stderr);
  const noticed = sql("SELECT DISTINCT customer_id FROM notices ORDER BY customer_id").split("\n");
  assert.ok(noticed.length > 8, `${noticed.length} customers noticed`);
  const [a, b, c, d] = [noticed[1], noticed[3], noticed[5], noticed[7]];
  sql(`UPDATE notices SET step = 'saikoku' WHERE id = (SELECT MIN(id) FROM notices WHERE customer_id = ${a})`);
  sql(`UPDATE notices SET step = 'yokoku' WHERE id = (SELECT MIN(id) FROM notices WHERE customer_id = ${b})`);
  const pb = sql(`SELECT MIN(bill_id) FROM notices WHERE customer_id = ${c}`);
  sql(`INSERT INTO pledges (customer_id, pledged_on, status, total, instalments, created_by, created_at)`
      + ` VALUES (${c}, '${today}', 'active', 1, 1, 'test', 0)`);
  sql(`INSERT INTO pledge_bills (pledge_id, bill_id, amount) VALUES ((SELECT MAX(id) FROM pledges), ${pb}, 1)`);
  sql(`UPDATE taps SET stopped_on = '${today}' WHERE id = (SELECT MIN(tap_id) FROM notices WHERE customer_id = ${d})`);
  const RANK = `CASE WHEN t.stopped_on > '' THEN 5 WHEN EXISTS (SELECT 1 FROM pledge_bills pl JOIN pledges p`
    + ` ON p.id = pl.pledge_id WHERE pl.bill_id = b.id AND p.status = 'active') THEN 4 ELSE COALESCE((SELECT`
    + ` MAX(CASE n.step WHEN 'tokusoku' THEN 1 WHEN 'saikoku' THEN 2 WHEN 'yokoku' THEN 3 END) FROM notices n`
    + ` WHERE n.bill_id = b.id), 0) END`;
  const want = new Map();
  for (const line of sql(`SELECT b.customer_id, MAX(${RANK}), SUM(${BAL}) ${OVERDUE} GROUP BY b.customer_id`).split("\n")) {
    const [cid, rank, sum] = line.split("|");
    want.set(cid, { rank: +rank, sum: +sum });
  }
  const CODES = ["before", "tokusoku", "saikoku", "yokoku", "pledge", "stopped"];
  const LABELS = ["督促前", "督促済", "催告済", "給水停止予告済", "分納誓約の履行中", "給水停止中"];
  assert.equal(want.get(a).rank, 2);
  assert.equal(want.get(b).rank, 3);
  assert.equal(want.get(c).rank, 4);
  assert.equal(want.get(d).rank, 5);
  // every row carries its stage; each filter keeps exactly the rows of that stage
  const all = (await csvOf("")).rows;
  for (const row of all) assert.equal(row.stage, LABELS[want.get(row.cid).rank], row.cid);
  for (let k = 0; k < CODES.length; k++) {
    const got = (await csvOf(`stage=${CODES[k]}`)).rows;
    const exp = [...want].filter(([, w]) => w.rank === k);
    assert.deepEqual(got.map((x) => x.cid).sort(), exp.map(([cid]) => cid).sort(), CODES[k]);
    assert.ok(got.every((x) => x.stage === LABELS[k]));
    // the page's count and sum are those of the filtered rows
    if (exp.length) {
      const html = (await clerk.get(`/arrears?stage=${CODES[k]}`)).text;
      const sum = exp.reduce((s, [, w]) => s + w.sum, 0);
      assert.match(html, new RegExp(`お客様 ${exp.length}人、期限経過の調定 \\d+件、滞納額合計 (?:<[^>]+>)?[¥￥]?${sum.toLocaleString("en-US")}`), CODES[k]);
      assert.match(html, new RegExp(`<option value="${CODES[k]}" selected>`));
    }
  }
  // per tap: the stopped tap's rows say so — one per customer owing on it (a former occupant's
  // arrears on the same tap are a row of their own), and no other tap's
  const stoppedTap = sql(`SELECT tap_no FROM taps WHERE id = (SELECT MIN(tap_id) FROM notices WHERE customer_id = ${d})`);
  const perTap = parseCsv((await bin(clerk, "/arrears.csv?view=tap&stage=stopped&encoding=utf8")).body.toString());
  const tapRows = perTap.slice(1);
  assert.ok(tapRows.length >= 1);
  assert.deepEqual([...new Set(tapRows.map((r) => r[3]))], [stoppedTap]);
  assert.ok(tapRows.some((r) => r[0] === d), "the customer whose tap was stopped has a row");
  assert.ok(tapRows.every((r) => r[16] === "給水停止中"));
  assert.match((await clerk.get("/arrears")).text, /<th scope="col">段階<\/th>/);
});
