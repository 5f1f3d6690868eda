// The お客様カルテ answers on its first screen (issue 16, 2), against the real binary and a real
// database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city: a strip at the top
// with what is owed, how many bills are past due, the last payment and how the tap pays, open
// reception requests; every action in one menu, each on its own screen; the last six bills with
// those unpaid marked, the rest on asking.  The figures are checked against the account API.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, formToken, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, clerk;
const sql = (text) => sqlOn(ctx, text);
const yen = (v) => `${v < 0 ? "-" : ""}¥${Math.abs(v).toLocaleString("en-US")}`;
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
/** The text of one strip item (tags dropped). */
const item = (html, id) => {
  const m = html.match(new RegExp(`<div class="[^"]*" id="${id}"><dt>[^<]*</dt><dd>(.*?)</dd></div>`));
  return m ? m[1].replace(/<[^>]+>/g, "") : null;
};

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "29"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  clerk = new Client(srv.base);
  assert.equal((await clerk.login("tanto", DEMO)).status, 303);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the strip: owed and past due in red, the last payment, the method — as the account says`, async () => {
  const overdueTap = sql(`SELECT t.tap_no FROM bills b JOIN taps t ON t.id = b.tap_id LEFT JOIN bill_balances x`
                         + ` ON x.bill_id = b.id WHERE b.status = 'current' AND b.due_on < '${today}'`
                         + ` AND b.total_yen > COALESCE(x.paid_yen, 0) ORDER BY t.tap_no LIMIT 1`).trim();
  const paidTap = sql(`SELECT t.tap_no FROM taps t WHERE t.status = 'active' AND NOT EXISTS (SELECT 1 FROM bills b`
                      + ` LEFT JOIN bill_balances x ON x.bill_id = b.id WHERE b.tap_id = t.id AND b.status = 'current'`
                      + ` AND b.total_yen > COALESCE(x.paid_yen, 0)) AND EXISTS (SELECT 1 FROM payments p WHERE p.tap_id = t.id)`
                      + ` ORDER BY t.tap_no LIMIT 1`).trim();
  assert.ok(overdueTap && paidTap, `${overdueTap} / ${paidTap}`);
  for (const tap of [overdueTap, paidTap]) {
    const a = await clerk.getJson(`/api/v1/taps/${tap}/account`);
    const html = (await clerk.get(`/karte/${tap}`)).text;
    // the strip comes before every panel
    assert.ok(html.indexOf('class="karte-strip"') < html.indexOf('class="karte-grid"'));
    assert.equal(item(html, "strip-owed"), yen(a.balance) + (a.open_bills ? `（${a.open_bills}件）` : ""));
    assert.equal(item(html, "strip-overdue"), a.overdue_bills ? `${a.overdue_bills}件 ${yen(a.overdue)}` : "なし");
    assert.equal(/id="strip-owed"/.test(html) && /class="strip-item owed" id="strip-owed"/.test(html), a.balance > 0);
    const last = a.payments.find((p) => p.amount > 0 && p.reverses === 0 && p.status === "posted");
    assert.match(item(html, "strip-last-payment"), last ? new RegExp(`${yen(last.amount)}（`) : /入金なし/);
    const mandates = Number(sql(`SELECT COUNT(*) FROM mandates m JOIN taps t ON t.id = m.tap_id WHERE t.tap_no = '${tap}'`
                                + ` AND m.end_on IS NULL`).trim());
    assert.match(item(html, "strip-method"), mandates ? /^口座振替（.+\*+\d{3}）$/ : /^納付書$/);
  }
  assert.ok((await clerk.getJson(`/api/v1/taps/${overdueTap}/account`)).overdue_bills > 0);
});

test(`[${engine}] every action in one menu, each on its own screen; no 認定 form inside the カルテ`, async () => {
  const tap = sql("SELECT tap_no FROM taps WHERE status = 'active' ORDER BY tap_no LIMIT 1").trim();
  const html = (await clerk.get(`/karte/${tap}`)).text;
  const menu = html.match(/<nav class="karte-actions"[^>]*>(.*?)<\/nav>/)[1];
  for (const [id, href] of [["act-counter", `/taps/${tap}/counter`], ["act-mandate", `/taps/${tap}/mandate`],
                            ["act-stop", `/taps/${tap}/reception?kind=stop`], ["act-estimate", `/taps/${tap}/estimate`]]) {
    assert.match(menu, new RegExp(`href="${href.replace(/[?]/g, "\\?")}" id="${id}"`), id);
    const r = await clerk.get(href);
    assert.equal(r.status, 200, href);
  }
  assert.doesNotMatch(html, /id="estimate-form"/);
  // a viewer sees no actions it may not take
  const viewer = new Client(srv.base);
  assert.equal((await viewer.login("etsuran", DEMO)).status, 303);
  const vh = (await viewer.get(`/karte/${tap}`)).text;
  assert.doesNotMatch(vh, /id="act-counter"|id="act-stop"|id="act-estimate"/);
});

test(`[${engine}] an open reception request shows on the strip with its date`, async () => {
  const tap = sql("SELECT t.tap_no FROM taps t WHERE t.status = 'active'"
    + " AND EXISTS (SELECT 1 FROM occupancies o WHERE o.tap_id = t.id AND o.end_on IS NULL) ORDER BY t.tap_no DESC LIMIT 1").trim();
  const later = new Date(Date.now() + (9 + 24 * 14) * 3600 * 1000).toISOString().slice(0, 10);
  const token = await formToken(clerk, `/taps/${tap}/reception?kind=stop`, "reception-form");
  const r = await clerk.post(`/taps/${tap}/reception`, { csrf: clerk.csrf, kind: "stop", source: "phone", ...token,
                                                          stop_on: later, settle: "slip" });
  assert.equal(r.status, 303, r.text);
  const html = (await clerk.get(`/karte/${tap}`)).text;
  const got = item(html, "strip-requests");
  assert.ok(got, "受付中 on the strip");
  assert.match(got, /閉栓|中止/);
  const [y, m, d] = later.split("-").map(Number);
  assert.ok(got.includes(String(d)) && (got.includes(String(m)) || got.includes(later)), `${got} / ${later}`);
});

test(`[${engine}] the last six bills, those owed marked; すべて表示 shows the rest`, async () => {
  const tap = sql("SELECT t.tap_no FROM bills b JOIN taps t ON t.id = b.tap_id JOIN routes r ON r.code = t.route"
                  + " WHERE r.code LIKE 'L%' GROUP BY t.tap_no HAVING COUNT(*) > 6 ORDER BY t.tap_no LIMIT 1").trim();
  assert.ok(tap, "a monthly-read tap with more than six bills");
  const n = Number(sql(`SELECT COUNT(*) FROM bills b JOIN taps t ON t.id = b.tap_id WHERE t.tap_no = '${tap}'`).trim());
  const rows = (html) => (html.split('id="bill-history"')[1].split("</table>")[0].match(/<tr[ >]/g) || []).length - 1;
  const first = (await clerk.get(`/karte/${tap}`)).text;
  assert.equal(rows(first), 6);
  assert.match(first, new RegExp(`id="bills-all">すべて表示</a>（全 ${Math.min(n, 24)} 件`));
  const all = (await clerk.get(`/karte/${tap}?bills=all`)).text;
  assert.equal(rows(all), Math.min(n, 24));
  assert.doesNotMatch(all, /id="bills-all"/);
  // a bill with a balance is marked, and past due marked as such
  const owedTap = sql(`SELECT t.tap_no FROM bills b JOIN taps t ON t.id = b.tap_id LEFT JOIN bill_balances x`
                      + ` ON x.bill_id = b.id WHERE b.status = 'current' AND b.due_on < '${today}'`
                      + ` AND b.total_yen > COALESCE(x.paid_yen, 0) ORDER BY b.id DESC LIMIT 1`).trim();
  const oh = (await clerk.get(`/karte/${owedTap}?bills=all`)).text;
  assert.match(oh.split('id="bill-history"')[1], /<tr class="unpaid overdue">/);
});

test(`[${engine}] a refusal names who may act; a mistyped address keeps the navigation`, async () => {
  const viewer = new Client(srv.base);
  assert.equal((await viewer.login("etsuran", DEMO)).status, 303);
  const tap = sql("SELECT tap_no FROM taps WHERE status = 'active' ORDER BY tap_no LIMIT 1").trim();
  const r = await viewer.get(`/taps/${tap}/counter`);
  assert.equal(r.status, 403);
  assert.match(r.text, /この操作は [^ ]*担当[^ ]* の職員が行えます（あなたの権限は 閲覧 です）/);
  assert.doesNotMatch(r.text.match(/この操作は ([^ ]*) の職員/)[1], /閲覧/);
  const lost = await viewer.get("/karte-typo/12345");
  assert.equal(lost.status, 404);
  assert.match(lost.text, /指定されたページは存在しません/);
  assert.match(lost.text, /<nav class="mainnav"/, "the navigation stays");
  assert.match(lost.text, /etsuran（閲覧）/);
  const anon = await new Client(srv.base).get("/karte-typo/12345");
  assert.equal(anon.status, 404);
  assert.doesNotMatch(anon.text, /<nav class="mainnav"/);
});
