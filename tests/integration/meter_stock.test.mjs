// メーター管理 (issue 21 items 1 and 2, docs/meters.md) against the real binary and a real
// database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): a lot received by serial range
// (and a range overlapping it refused whole, naming the first clash), a meter issued to a
// designated contractor and returned, `suido meter stock` counting each move, a meter issued to
// a contractor installed at a tap by the exchange (never twice), the schema keeping each meter in
// one place, a stocktake with a difference that needs its reason and a second person's approval,
// the reorder shortfall; bad input 400 naming the field with what was typed kept; 403 for roles
// without the permission.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, makeEnv, startServer, stopServer, suido, sql as sqlOn, sqlRun } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
let ctx, srv, clerk, chief, viewer, contractor, contractorName, revoked;
const sql = (text) => sqlOn(ctx, text);

/** `suido meter stock` as { diameter: {in_store, issued, installed, under_repair} }. */
function stock() {
  const r = suido(ctx, ["meter", "stock"]);
  assert.equal(r.code, 0, r.stderr);
  const [head, ...rows] = r.stdout.trim().split("\n").map((l) => l.split("\t"));
  assert.deepEqual(head, ["diameter", "in_store", "issued", "installed", "under_repair"]);
  return Object.fromEntries(rows.map(([d, ...n]) => [d, Object.fromEntries(head.slice(1).map((k, i) => [k, Number(n[i])]))]));
}

/** The cells of a diameter's row of the stock table on /meters: 在庫, 庫出中, 設置中, 撤去品,
 *  修理・検定中, 発注残, 発注点, as shown. */
function stockRow(html, diameter) {
  const row = html.match(new RegExp(`<th scope="row">${diameter}mm</th>((?:<td[^>]*>[^<]*</td>){7})`));
  assert.ok(row, `no row for ${diameter}mm`);
  return [...row[1].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
}

/** A SQL statement that the schema must refuse. */
function refused(text) {
  const r = sqlRun(ctx, text);
  assert.notEqual(r.code, 0, `the schema accepted: ${text}`);
  assert.match(r.err, /constraint|UNIQUE|violates/i);
}

async function as(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}

const receive = (c, form) => c.post("/meters/receive", { csrf: c.csrf, diameter: "13", maker: "愛知時計電機",
  expiry: "2034-03", lot: "L2026-01", received_on: today, ...form });

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "40", "--years", "1", "--seed", "21"]);
  assert.equal(d.code, 0, d.stderr);
  [contractor, contractorName] = sql("SELECT designation_no, name FROM works_contractors WHERE status = 'active'"
    + ` AND valid_until > '${today}' AND designated_on < '${today}' ORDER BY id LIMIT 1`).split("|");
  revoked = sql("SELECT designation_no FROM works_contractors WHERE status = 'active' ORDER BY id DESC LIMIT 1");
  sql(`UPDATE works_contractors SET status = 'revoked', revoked_on = '${today}' WHERE designation_no = '${revoked}'`);
  assert.ok(contractor && revoked && contractor !== revoked);
  srv = await startServer(ctx);
  clerk = await as("tanto");
  chief = await as("kakaricho");
  viewer = await as("etsuran");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a lot received by serial range is in store; a range overlapping it is refused whole, naming the first clash`, async () => {
  const installed13 = Number(sql("SELECT COUNT(*) FROM meters WHERE diameter = 13 AND status = 'installed'"));
  const before = stock()["13"] ?? { in_store: 0 };
  let r = await receive(clerk, { serials: "T5000-T5049" });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  assert.equal(r.location, "/meters");
  assert.match((await clerk.get("/meters")).text, /T5000〜T5049 の 50 個を在庫にしました/);
  assert.equal(sql("SELECT COUNT(*) FROM meters WHERE meter_no LIKE 'T50%' AND status = 'stock' AND lot = 'L2026-01'"
    + " AND certified_until = '2034-03-31' AND digits = 4 AND receipt_id IS NOT NULL"), "50");
  assert.equal(sql("SELECT COUNT(*) FROM meter_events v JOIN meters m ON m.id = v.meter_id WHERE m.meter_no LIKE 'T50%'"
    + " AND v.to_status = 'stock' AND v.ref LIKE 'receipt:%'"), "50");
  const s = stock()["13"];
  assert.equal(s.in_store, before.in_store + 50);
  assert.equal(s.installed, installed13);
  // overlapping at T5040..T5049: nothing of it is stored
  const receipts = sql("SELECT COUNT(*) FROM meter_receipts");
  r = await receive(clerk, { serials: "T5030-T5089" });
  assert.equal(r.status, 409);
  assert.match(r.text, /メーター番号 T5030 は既に登録されています（T5030〜T5089 のうち最初の重複）/);
  assert.match(r.text, /id="f-serials" name="serials" value="T5030-T5089" aria-invalid="true"/);
  r = await receive(clerk, { serials: "T4990-T5010" });
  assert.match(r.text, /メーター番号 T5000 は既に登録されています/);
  assert.equal(sql("SELECT COUNT(*) FROM meters WHERE meter_no LIKE 'T4%' OR meter_no BETWEEN 'T5050' AND 'T5089'"), "0");
  assert.equal(sql("SELECT COUNT(*) FROM meter_receipts"), receipts);
  // the command line says the same and names its option
  const c = suido(ctx, ["meter", "receive", "--diameter", "13", "--maker", "X", "--serials", "T5049-T5051"]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /^--serials: メーター番号 T5049 は既に登録されています/);
  const ok = suido(ctx, ["meter", "receive", "--diameter", "20", "--maker", "東洋計器", "--serials", "U0001-U0010", "--lot", "L9"]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /U0001〜U0010 の 10 個を在庫にしました/);
  // 20mm: 4 digits; no --expiry: the month of receipt 8 years on, to its last day
  assert.match(sql("SELECT digits || ' ' || certified_until FROM meters WHERE meter_no = 'U0001'"),
    new RegExp(`^4 ${Number(today.slice(0, 4)) + 8}-${today.slice(5, 7)}-(28|29|30|31)$`));
});

/** How many 13mm meters the contractor holds, by the by-contractor table on /meters (the demo
 *  lends a few of each year's lots). */
async function held13() {
  const row = (await clerk.get("/meters")).text.match(
    new RegExp(`<tr><td>${contractor}</td><td>${contractorName}</td><td class="num">13mm</td><td class="num">(\\d+)</td></tr>`));
  return row ? Number(row[1]) : 0;
}

test(`[${engine}] a meter issued to a contractor and returned: the stock follows each move, and the meter's page its history`, async () => {
  const s0 = stock()["13"];
  const held0 = await held13();
  let r = await clerk.post("/meters/issue", { csrf: clerk.csrf, serial: "T5000", to: contractor, on: today });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  assert.equal(r.location, "/meters/T5000");
  let page = (await clerk.get("/meters/T5000")).text;
  assert.match(page, new RegExp(`メーター T5000 を ${contractorName} に庫出しました`));
  assert.match(page, /<span class="state" id="status">庫出（貸出）<\/span>/);
  assert.match(page, new RegExp(`<dd id="where">工事事業者 ${contractor} ${contractorName}</dd>`));
  let s = stock()["13"];
  assert.deepEqual([s.in_store, s.issued], [s0.in_store - 1, s0.issued + 1]);
  // where the lent meters are: by contractor
  assert.equal(await held13(), held0 + 1);
  // not twice, and not to a contractor who may not take works
  r = await clerk.post("/meters/issue", { csrf: clerk.csrf, serial: "T5000", to: contractor, on: today });
  assert.equal(r.status, 409);
  assert.match(r.text, /このメーターは既に庫出（貸出）です/);
  r = await clerk.post("/meters/issue", { csrf: clerk.csrf, serial: "T5001", to: revoked, on: today });
  assert.equal(r.status, 400);
  assert.match(r.text, /には庫出できません/);
  assert.match(r.text, new RegExp(`id="f-to" name="to" value="${revoked}" aria-invalid="true"`));
  r = await clerk.post("/meters/issue", { csrf: clerk.csrf, serial: "T5001", to: "9999", on: today });
  assert.equal(r.status, 400);
  assert.match(r.text, /id="f-to" name="to" value="9999" aria-invalid="true"/);
  // returned
  r = await clerk.post("/meters/return", { csrf: clerk.csrf, serial: "T5000", on: today, note: "未使用" });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  r = await clerk.post("/meters/return", { csrf: clerk.csrf, serial: "T5000", on: today });
  assert.equal(r.status, 409);
  assert.match(r.text, /メーター T5000 は庫出中ではありません（現在: 在庫）/);
  s = stock()["13"];
  assert.deepEqual([s.in_store, s.issued], [s0.in_store, s0.issued]);
  page = (await clerk.get("/meters/T5000")).text;
  const history = page.match(/<table class="list" id="history">([\s\S]*?)<\/table>/)[1];
  assert.deepEqual([...history.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]),
    ["在庫", "在庫 → 庫出（貸出）", "庫出（貸出） → 在庫"]);
  assert.equal(sql("SELECT contractor_id IS NULL FROM meters WHERE meter_no = 'T5000'"), ctx.pg ? "t" : "1");
  // the same through the command line
  let c = suido(ctx, ["meter", "issue", "--serial", "T5010", "--to", contractor]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(stock()["13"].issued, s0.issued + 1);
  c = suido(ctx, ["meter", "return", "--serial", "T5010"]);
  assert.equal(c.code, 0, c.stderr);
  c = suido(ctx, ["meter", "return", "--serial", "T5010"]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /^--serial: /);
  assert.equal(stock()["13"].issued, s0.issued);
  // every move audited
  const acts = sql("SELECT action FROM audit_log WHERE object IN ('meter:T5000', 'meter:T5010') ORDER BY seq").split("\n");
  assert.deepEqual(acts, ["meter.issue", "meter.return", "meter.issue", "meter.return"]);
});

test(`[${engine}] a meter issued to a contractor is installed at a tap by the exchange, and never installed twice`, async () => {
  const [tap, value, digits] = sql("SELECT t.tap_no, r.value, m.digits FROM taps t JOIN meters m ON m.tap_id = t.id"
    + " AND m.status = 'installed' JOIN readings r ON r.meter_id = m.id WHERE m.diameter = 13"
    + " ORDER BY r.read_on DESC, t.tap_no LIMIT 1").split("|");
  const other = sql(`SELECT t.tap_no FROM taps t JOIN meters m ON m.tap_id = t.id AND m.status = 'installed'
    WHERE t.tap_no <> '${tap}' ORDER BY t.tap_no LIMIT 1`);
  assert.equal(suido(ctx, ["meter", "issue", "--serial", "T5020", "--to", contractor]).code, 0);
  const s0 = stock()["13"];
  const exchange = (c, tapNo, serial) => c.post(`/taps/${tapNo}/meter`, { csrf: c.csrf, on: today,
    old_final: String((Number(value) + 3) % 10 ** Number(digits)), meter_no: serial, maker: "愛知時計電機", diameter: "13",
    digits: "4", certified_until: "", start_value: "0" });
  let r = await exchange(clerk, tap, "T5020");
  assert.equal(r.status, 303, r.text.slice(0, 600));
  const s = stock()["13"];
  assert.deepEqual([s.issued, s.installed], [s0.issued - 1, s0.installed]);   // one in, one out
  assert.equal(sql("SELECT status || ' ' || (contractor_id IS NULL) FROM meters WHERE meter_no = 'T5020'"),
    `installed ${ctx.pg ? "true" : "1"}`);
  const page = (await clerk.get("/meters/T5020")).text;
  assert.match(page, new RegExp(`<dd id="where"><a href="/karte/${tap}">水栓 ${tap}</a></dd>`));
  assert.match(page, /庫出（貸出） → 設置/);
  // the meter taken off has its history too
  assert.equal(sql(`SELECT v.from_status || '>' || v.to_status FROM meter_events v JOIN meters m ON m.id = v.meter_id
    WHERE m.tap_id = (SELECT id FROM taps WHERE tap_no = '${tap}') AND m.status = 'removed' ORDER BY v.id DESC LIMIT 1`),
    "installed>removed");
  // never installed twice
  r = await exchange(clerk, other, "T5020");
  assert.equal(r.status, 400);
  assert.match(r.text, /そのメーターは在庫にありません/);
  assert.equal(sql("SELECT COUNT(*) FROM meters WHERE meter_no = 'T5020' AND status = 'installed'"), "1");
});

test(`[${engine}] a meter taken off goes to 検定 and back to stock with its new expiry, or to the scrap`, async () => {
  const removed = sql("SELECT meter_no FROM meters WHERE status = 'removed' ORDER BY id LIMIT 1");
  assert.ok(removed, "the exchange above took a meter off");
  // 撤去品 never goes straight back into stock
  let c = suido(ctx, ["meter", "move", "--serial", removed, "--to", "stock"]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /^--to: 撤去のメーターは在庫にできません（撤去品は修理または検定を経て在庫に戻します）/);
  c = suido(ctx, ["meter", "move", "--serial", removed, "--to", "testing"]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(stock()["13"].under_repair, 1);
  let page = (await clerk.get(`/meters/${removed}`)).text;
  assert.match(page, /<form method="post" action="\/meters\/[^"]+\/move"/);
  // back from 検定: the new expiry is required
  let r = await clerk.post(`/meters/${removed}/move`, { csrf: clerk.csrf, to: "stock", on: today, expiry: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /新しい検定満了年月を入力してください/);
  assert.match(r.text, /id="f-expiry"[^>]*aria-invalid="true"/);
  r = await clerk.post(`/meters/${removed}/move`, { csrf: clerk.csrf, to: "stock", on: today, expiry: "2035-06" });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  assert.equal(sql(`SELECT status || ' ' || certified_until FROM meters WHERE meter_no = '${removed}'`), "stock 2035-06-30");
  assert.equal(stock()["13"].under_repair, 0);
  // scrapped: it goes nowhere after
  c = suido(ctx, ["meter", "move", "--serial", "T5031", "--to", "scrapped", "--note", "落下破損"]);
  assert.equal(c.code, 0, c.stderr);
  c = suido(ctx, ["meter", "issue", "--serial", "T5031", "--to", contractor]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /廃棄のメーターは庫出（貸出）にできません/);
  c = suido(ctx, ["meter", "move", "--serial", "T5031", "--to", "issued"]);
  assert.match(c.stderr, /^--to: 移す先は/);
  page = (await clerk.get("/meters/T5031")).text;
  assert.match(page, /在庫 → 廃棄/);
  assert.doesNotMatch(page, /id="move"/);
});

test(`[${engine}] the schema keeps each meter in one place`, () => {
  const id = sql("SELECT id FROM meters WHERE meter_no = 'T5030'");
  refused(`UPDATE meters SET status = 'issued' WHERE id = ${id}`);                           // issued to nobody
  refused(`UPDATE meters SET contractor_id = (SELECT MIN(id) FROM works_contractors) WHERE id = ${id}`);  // in store and at a contractor
  refused(`UPDATE meters SET status = 'installed' WHERE id = ${id}`);                        // installed at no tap
  refused(`UPDATE meters SET status = 'lost' WHERE id = ${id}`);
  refused(`UPDATE meters SET status = 'installed', tap_id = (SELECT tap_id FROM meters WHERE meter_no = 'T5020') WHERE id = ${id}`);
  refused("INSERT INTO meters (meter_no, maker, diameter, digits, certified_until, status, created_at)"
    + " VALUES ('T5031', 'X', 13, 4, '2034-03-31', 'stock', 0)");                             // a serial once
});

test(`[${engine}] a stocktake with a difference needs its reason and another person's approval`, async () => {
  const book = stock();
  const form = (await clerk.get("/meters/stocktake")).text;
  assert.match(form, /id="f-counted_13"/);
  const counted = { counted_on: today };
  for (const [d, s] of Object.entries(book)) if (s.in_store > 0) counted[`counted_${d}`] = String(s.in_store);
  counted.counted_13 = String(book["13"].in_store - 1);
  let r = await clerk.post("/meters/stocktake", { csrf: clerk.csrf, ...counted });
  assert.equal(r.status, 400);
  assert.match(r.text, new RegExp(`口径 13mm は帳簿 ${book["13"].in_store} 個に対して実数 ${book["13"].in_store - 1} 個です。差異の理由を入力してください`));
  assert.match(r.text, /id="f-reason_13" name="reason_13" value="" aria-invalid="true"/);
  assert.match(r.text, new RegExp(`id="f-counted_13" name="counted_13" value="${book["13"].in_store - 1}"`));
  r = await clerk.post("/meters/stocktake", { csrf: clerk.csrf, ...counted, counted_20: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /aria-invalid="true"/);
  r = await clerk.post("/meters/stocktake", { csrf: clerk.csrf, ...counted, reason_13: "T5049 が見当たらない（調査中）" });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  const id = r.location.match(/^\/meters\/stocktakes\/(\d+)$/)[1];
  let page = (await clerk.get(r.location)).text;
  assert.match(page, /<span class="state state-held" id="status">承認待ち<\/span>/);
  assert.match(page, /<td class="num">-1<\/td><td>T5049 が見当たらない（調査中）<\/td>/);
  const approval = sql(`SELECT approval_id FROM meter_stocktakes WHERE id = ${id}`);
  assert.equal(sql(`SELECT kind || ' ' || status FROM approvals WHERE id = ${approval}`), "meter.stocktake pending");
  // the clerk cannot approve; the chief does
  r = await clerk.post(`/approvals/${approval}`, { csrf: clerk.csrf, decision: "approve" });
  assert.equal(r.status, 403);
  await chief.get("/approvals");
  r = await chief.post(`/approvals/${approval}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  page = (await chief.get(`/meters/stocktakes/${id}`)).text;
  assert.match(page, /<span class="state" id="status">承認済<\/span>/);
  assert.equal(sql(`SELECT status || ' ' || decided_by FROM meter_stocktakes WHERE id = ${id}`), "approved kakaricho");
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'meter.stocktake.approve' AND object = 'meter_stocktake:${id}'`), "1");
  // who counted never approves: the chief's own count waits for someone else
  const all = { counted_on: today };
  for (const [d, s] of Object.entries(stock())) if (s.in_store > 0) all[`counted_${d}`] = String(s.in_store);
  r = await chief.post("/meters/stocktake", { csrf: chief.csrf, ...all });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  const own = sql("SELECT approval_id FROM meter_stocktakes ORDER BY id DESC LIMIT 1");
  await chief.get("/approvals");
  r = await chief.post(`/approvals/${own}`, { csrf: chief.csrf, decision: "approve" });
  assert.notEqual(r.status, 303);
  assert.equal(sql(`SELECT status FROM meter_stocktakes WHERE approval_id = ${own}`), "pending");
  // the book is counted from the meters: never negative
  for (const s of Object.values(stock())) for (const v of Object.values(s)) assert.ok(v >= 0);
});

test(`[${engine}] a reorder point shows the shortfall; an order what is still to come`, async () => {
  const o = suido(ctx, ["meter", "order", "--diameter", "20", "--maker", "東洋計器", "--quantity", "20"]);
  assert.equal(o.code, 0, o.stderr);
  const order = o.stdout.match(/発注 (\d+) を登録しました/)[1];
  let c = suido(ctx, ["meter", "receive", "--diameter", "20", "--maker", "東洋計器", "--serials", "U0101-U0112", "--order", order]);
  assert.equal(c.code, 0, c.stderr);
  c = suido(ctx, ["meter", "receive", "--diameter", "20", "--maker", "東洋計器", "--serials", "U0201-U0209", "--order", order]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /^--order: 発注番号 \d+ の残りは 8 個です（9 個は庫入できません）/);
  c = suido(ctx, ["meter", "receive", "--diameter", "25", "--maker", "東洋計器", "--serials", "U0201-U0202", "--order", order]);
  assert.match(c.stderr, /^--order: 発注番号 \d+ は口径 20mm の発注です/);
  assert.equal(stockRow((await clerk.get("/meters")).text, 20)[5], "8", "発注残: 20 ordered, 12 received");
  const inStore = stock()["20"].in_store;
  let r = await clerk.post("/meters/reorder", { csrf: clerk.csrf, diameter: "20", point: String(inStore + 15) });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  const page = (await clerk.get("/meters")).text;
  assert.match(page, /口径 20mm の発注点を/);
  assert.match(page, /<span class="state state-held">不足 15 個<\/span>/);
  r = await clerk.post("/meters/reorder", { csrf: clerk.csrf, diameter: "20", point: "-1" });
  assert.equal(r.status, 400);
  assert.match(r.text, /発注点/);
  assert.match(r.text, /id="f-point" name="point" value="-1" aria-invalid="true"/);
});

test(`[${engine}] bad input is refused naming the field, with what was typed kept`, async () => {
  const cases = [
    [{ serials: "T6000-T6010", diameter: "14" }, "diameter", /口径は 13, 20/],
    [{ serials: "T6010-T6000" }, "serials", /範囲の終わり（T6000）が始め（T6010）より前です/],
    [{ serials: "t6000-t6010" }, "serials", /メーター番号の範囲/],
    [{ serials: "T6000-T6010", expiry: "2034-13" }, "expiry", /検定満了年月は「2034-03」のように/],
    [{ serials: "T6000-T6010", expiry: "2020-01" }, "expiry", /検定の切れたメーターは庫入できません/],
    [{ serials: "T6000-T6010", maker: "" }, "maker", /メーカー/],
    [{ serials: "T6000-T6010", received_on: "2999-01-01" }, "received_on", /未来の日付/],
  ];
  for (const [form, field, message] of cases) {
    const r = await receive(clerk, form);
    assert.equal(r.status, 400, `${field}: ${r.status}`);
    assert.match(r.text, message);
    assert.match(r.text, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`), field);
  }
  assert.match((await receive(clerk, { serials: "t6000-t6010" })).text, /value="t6000-t6010"/);
  assert.equal(sql("SELECT COUNT(*) FROM meters WHERE meter_no LIKE 'T60%'"), "0");
});

test(`[${engine}] the menu opens メーター管理; a viewer reads the stock but moves nothing`, async () => {
  assert.match((await clerk.get("/")).text, /<a href="\/meters">メーター<\/a>/);
  const v = await viewer.get("/meters");
  assert.equal(v.status, 200);
  assert.match(v.text, /<table class="list" id="stock">/);
  assert.doesNotMatch(v.text, /id="reorder"/);
  assert.equal((await viewer.get("/meters/receive")).status, 403);
  const r = await viewer.post("/meters/issue", { csrf: viewer.csrf, serial: "T5001", to: contractor });
  assert.equal(r.status, 403);
  assert.equal((await viewer.get("/meters/T5001")).status, 200);
  assert.equal((await viewer.get("/meters/NOPE0001")).status, 404);
});
