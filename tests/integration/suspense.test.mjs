// The suspense list (未消込) at scale, against the real binary and database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): filters by 収納日,
// 収納経路 and 金額 kept in the URL, the count and sum of the whole filtered
// list, pages of 50; bad filters refused naming the field; 「この調定に消込」
// allocating an item to the bill it names and returning to the same page,
// safe when sent twice, refused (nothing written) when the bill was paid or
// cancelled meanwhile; the manual 消込 still there; a viewer gets no button.
// The demo city is built without payments so that every bill is open.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, demoCycle, makeEnv, sql, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, items = [];

async function login(username) {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text);
  return c;
}

/** Money for bill b that disagrees with it (amount ≠ balance): one suspense item. */
function postSuspense(b, { channel, paidOn, extra }) {
  const ref = `SUS-${b.id}`;
  const amount = b.total + extra;
  const r = suido(ctx, ["payment", "post", "--channel", channel, "--bill", String(b.id), "--amount", String(amount),
    "--paid-on", paidOn, "--ref", ref, "--exact"]);
  assert.equal(r.code, 0, r.stderr);
  const m = r.stdout.match(/未消込 (\d+)/);
  assert.ok(m, r.stdout);
  return { id: Number(m[1]), bill: b.id, tap: b.tap, total: b.total, amount, channel, paidOn, ref };
}

const rowsIn = (html) => [...html.matchAll(/<tr id="suspense-(\d+)">/g)].map((m) => Number(m[1]));
const countLine = (html) => (html.match(/<p id="suspense-count">([^<]*)<\/p>/) || [])[1] || "";
const yen = (n) => "¥" + n.toLocaleString("en-US");

/** The fields of the one-click form of item id in a page (as a browser would send them). */
function applyForm(html, id) {
  const f = html.match(new RegExp(`<form[^>]*action="/collections/suspense/${id}/apply"[^>]*>([\\s\\S]*?)</form>`));
  if (!f) return null;
  const fields = {};
  for (const m of f[1].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]] = m[2];
  return fields;
}

function facts(it) {
  const row = sql(ctx, `SELECT p.status, s.status, COALESCE(s.resolved_bill, 0), COALESCE(x.paid_yen, 0),` +
    ` (SELECT COUNT(*) FROM allocations a WHERE a.payment_id = p.id), (SELECT COUNT(*) FROM credits c WHERE c.payment_id = p.id),` +
    ` (SELECT COUNT(*) FROM audit_log l WHERE l.action = 'payment.resolve' AND l.object = 'payment:' || p.id)` +
    ` FROM suspense s JOIN payments p ON p.id = s.payment_id LEFT JOIN bill_balances x ON x.bill_id = ${it.bill}` +
    ` WHERE s.id = ${it.id}`).split("|");
  return { payment: row[0], suspense: row[1], resolvedBill: Number(row[2]), billPaid: Number(row[3]),
           allocations: Number(row[4]), credits: Number(row[5]), audits: Number(row[6]) };
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "31", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  const bills = sql(ctx, "SELECT b.id, t.tap_no, b.total_yen FROM bills b JOIN taps t ON t.id = b.tap_id" +
    ` WHERE b.status = 'current' AND b.cycle = '${demoCycle(1)}' AND b.total_yen > 0 ORDER BY b.id`)
    .split("\n").map((l) => { const [id, tap, total] = l.split("|"); return { id: Number(id), tap, total: Number(total) }; });
  assert.ok(bills.length >= 70, `bills: ${bills.length}`);
  // 55 by convenience store on one day, 4 by smartphone on another, 3 by card on a third
  for (let i = 0; i < 55; i++) items.push(postSuspense(bills[i], { channel: "cvs", paidOn: "2026-10-20", extra: 7 }));
  for (let i = 55; i < 59; i++) items.push(postSuspense(bills[i], { channel: "app", paidOn: "2026-11-10", extra: -5 }));
  for (let i = 59; i < 62; i++) items.push(postSuspense(bills[i], { channel: "card", paidOn: "2026-11-12", extra: 100000 + i }));
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

const open = () => items.filter((it) => !it.done);
const sum = (xs) => xs.reduce((s, it) => s + it.amount, 0);

test(`[${engine}] the list pages by 50 with the true count and sum; filters by date, channel and amount`, async () => {
  const c = await login("tanto");
  let r = await c.get("/collections/suspense");
  assert.equal(r.status, 200);
  assert.equal(countLine(r.text), `${items.length}件、合計 ${yen(sum(items))}（1〜50件目を表示）`);
  let ids = rowsIn(r.text);
  assert.equal(ids.length, 50, "one page");
  assert.deepEqual(ids, items.slice(0, 50).map((it) => it.id), "oldest 収納日 first");
  assert.match(r.text, /1 \/ 2 ページ/);
  const next = r.text.match(/<a href="([^"]+)" rel="next"/);
  assert.equal(next[1], "/collections/suspense?page=2");
  r = await c.get(next[1]);
  assert.equal(countLine(r.text), `${items.length}件、合計 ${yen(sum(items))}（51〜${items.length}件目を表示）`);
  assert.deepEqual(rowsIn(r.text), items.slice(50).map((it) => it.id));
  assert.match(r.text, /rel="prev"/);
  // a page past the end shows the last one
  r = await c.get("/collections/suspense?page=99");
  assert.equal(rowsIn(r.text).length, items.length - 50);

  // 収納日
  r = await c.get("/collections/suspense?from=2026-11-01");
  let want = items.filter((it) => it.paidOn >= "2026-11-01");
  assert.equal(countLine(r.text), `条件に合う入金 ${want.length}件、合計 ${yen(sum(want))}（1〜${want.length}件目を表示）`);
  assert.deepEqual(rowsIn(r.text), want.map((it) => it.id));
  assert.match(r.text, /id="f-from" name="from" value="2026-11-01"/, "the filter is kept in the form");
  assert.doesNotMatch(r.text, /rel="next"/);
  // 収納経路
  r = await c.get("/collections/suspense?channel=app");
  want = items.filter((it) => it.channel === "app");
  assert.deepEqual(rowsIn(r.text), want.map((it) => it.id));
  assert.match(r.text, /<option value="app" selected>/);
  // 金額: exact, and a range typed with a full-width tilde and commas
  const card = items.find((it) => it.channel === "card");
  r = await c.get(`/collections/suspense?amount=${card.amount}`);
  assert.deepEqual(rowsIn(r.text), [card.id]);
  const lo = Math.min(...items.slice(0, 10).map((it) => it.amount)), hi = Math.max(...items.slice(0, 10).map((it) => it.amount));
  r = await c.get(`/collections/suspense?amount=${encodeURIComponent(`${lo.toLocaleString("en-US")}～${hi.toLocaleString("en-US")}`)}`);
  want = items.filter((it) => it.amount >= lo && it.amount <= hi);
  assert.equal(countLine(r.text).match(/(\d+)件/)[1], String(want.length));
  assert.deepEqual(rowsIn(r.text).sort(), want.map((it) => it.id).slice(0, 50).sort());
  // all together; the pager keeps the filters
  r = await c.get("/collections/suspense?from=2026-10-01&to=2026-10-31&channel=cvs");
  assert.equal(countLine(r.text), `条件に合う入金 55件、合計 ${yen(sum(items.slice(0, 55)))}（1〜50件目を表示）`);
  assert.match(r.text, /href="\/collections\/suspense\?from=2026-10-01&amp;to=2026-10-31&amp;channel=cvs&amp;page=2" rel="next"/);
  // nothing found
  r = await c.get("/collections/suspense?from=2026-12-01");
  assert.match(r.text, /id="suspense-empty">条件に合う入金はありません。/);
});

test(`[${engine}] a bad filter is refused with 400, naming the field`, async () => {
  const c = await login("tanto");
  const cases = [
    ["from=2026-13-01", "from", /収納日（から）は YYYY-MM-DD の形式の正しい日付で入力してください。/],
    ["to=yesterday", "to", /収納日（まで）は YYYY-MM-DD/],
    ["from=2026-11-10&to=2026-11-01", "to", /収納日（まで）の 2026-11-01 が収納日（から）の 2026-11-10 より前になっています。/],
    ["channel=cash", "channel", /収納経路を一覧から選んでください。/],
    ["amount=12x", "amount", /金額は 3456 のような半角数字か、1000-5000 のような範囲で入力してください。/],
    ["amount=5000-1000", "amount", /金額の範囲の下限（5000 円）が上限（1000 円）より大きくなっています。/],
  ];
  for (const [q, field, msg] of cases) {
    const r = await c.get(`/collections/suspense?${q}`);
    assert.equal(r.status, 400, q);
    assert.match(r.text, /role="alert"/, q);
    assert.match(r.text, msg, q);
    assert.match(r.text, new RegExp(`id="f-${field}" name="${field}"[^>]*aria-invalid="true"`), `${q}: the field is marked`);
    assert.equal(rowsIn(r.text).length, 0, `${q}: no list on a refused filter`);
  }
});

test(`[${engine}] 「この調定に消込」 allocates to the named bill, back to the same filtered page; sent twice, once`, async () => {
  const c = await login("tanto");
  const it = items.find((x) => x.channel === "app");
  const path = "/collections/suspense?from=2026-11-10&to=2026-11-10&channel=app";
  let r = await c.get(path);
  assert.ok(rowsIn(r.text).includes(it.id));
  const row = r.text.match(new RegExp(`<tr id="suspense-${it.id}">[\\s\\S]*?</tr>`))[0];
  assert.ok(row.includes(`候補: 調定 ${it.bill}（水栓 ${it.tap}） 未納 ${yen(it.total)}`), row);
  assert.match(row, />この調定に消込</);
  const form = applyForm(r.text, it.id);
  assert.ok(form.csrf && /^[0-9a-f]{64}$/.test(form.form_token), "CSRF and one-time token");
  assert.deepEqual([form.bill, form.from, form.to, form.channel], [String(it.bill), "2026-11-10", "2026-11-10", "app"]);
  const before0 = facts(it);
  assert.deepEqual([before0.suspense, before0.billPaid, before0.allocations], ["open", 0, 0]);

  r = await c.post(`/collections/suspense/${it.id}/apply`, form);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(r.location, path, "back to the same filtered list");
  const after1 = facts(it);
  assert.equal(after1.payment, "posted");
  assert.equal(after1.suspense, "resolved");
  assert.equal(after1.resolvedBill, it.bill);
  assert.equal(after1.billPaid, it.amount, "the money (5 yen short of the bill) went to the named bill");
  assert.equal(after1.allocations, 1);
  assert.equal(after1.audits, 1, "audited as payment.resolve");
  r = await c.get(r.location);
  assert.match(r.text, new RegExp(`未消込 ${it.id}（水栓 ${it.tap}）の入金 ¥${it.amount.toLocaleString("en-US")} を調定 ${it.bill} に消込みました：充当 ¥${it.amount.toLocaleString("en-US")}、過誤納 ¥0。`));
  assert.ok(!rowsIn(r.text).includes(it.id), "the row is gone");
  it.done = true;
  const app = open().filter((x) => x.channel === "app");
  assert.equal(countLine(r.text), `条件に合う入金 ${app.length}件、合計 ${yen(sum(app))}（1〜${app.length}件目を表示）`);

  // the same form again (a double click, a reload): answered, nothing more written
  r = await c.post(`/collections/suspense/${it.id}/apply`, form);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  r = await c.get(r.location);
  assert.match(r.text, new RegExp(`未消込 ${it.id}（水栓 ${it.tap}）は消込済みです`));
  assert.deepEqual(facts(it), after1, "nothing written twice");
  // the spent token on another row of that old page: refused, nothing written
  const other = app[0];
  const before2 = facts(other);
  r = await c.post(`/collections/suspense/${other.id}/apply`, { ...form, bill: String(other.bill) });
  assert.equal(r.status, 409, r.text.slice(0, 500));
  assert.match(r.text, /この画面からは既に別の入金を消込しました。画面を開き直してから/);
  assert.deepEqual(facts(other), before2);
  // a form without its token is refused too
  r = await c.post(`/collections/suspense/${other.id}/apply`, { csrf: c.csrf, bill: String(other.bill) });
  assert.equal(r.status, 400);
  assert.deepEqual(facts(other), before2);
  // and with a fresh page it goes through
  r = await c.get(path);
  r = await c.post(`/collections/suspense/${other.id}/apply`, applyForm(r.text, other.id));
  assert.equal(r.status, 303);
  assert.equal(facts(other).suspense, "resolved");
  other.done = true;
});

test(`[${engine}] the named bill paid or cancelled meanwhile: a clear refusal, nothing written`, async () => {
  const c = await login("tanto");
  const [paid, cancelled] = open().filter((x) => x.channel === "cvs").slice(-2);
  const path = "/collections/suspense?channel=cvs&page=2";
  let r = await c.get(path);
  assert.deepEqual(rowsIn(r.text).slice(-2), [paid.id, cancelled.id]);
  const formPaid = applyForm(r.text, paid.id), formCancelled = applyForm(r.text, cancelled.id);
  assert.ok(formPaid && formCancelled);
  // the customer pays the bill at the bank meanwhile
  const p = suido(ctx, ["payment", "post", "--channel", "bank", "--bill", String(paid.bill), "--amount", String(paid.total),
    "--paid-on", "2026-11-20", "--ref", `BANK-${paid.bill}`, "--exact"]);
  assert.equal(p.code, 0, p.stderr);
  const before1 = facts(paid);
  r = await c.post(`/collections/suspense/${paid.id}/apply`, formPaid);
  assert.equal(r.status, 409, r.text.slice(0, 500));
  assert.match(r.text, new RegExp(`調定番号 ${paid.bill} は納付済み（未納額 0 円）のため、この調定には消込できません。`));
  assert.deepEqual(facts(paid), before1, "nothing written");
  assert.equal(before1.suspense, "open");
  // the page shown with the refusal keeps the filters and marks the bill, without the button
  const row = r.text.match(new RegExp(`<tr id="suspense-${paid.id}">[\\s\\S]*?</tr>`))[0];
  assert.match(row, /納付済みの調定/);
  assert.doesNotMatch(row, /この調定に消込/);
  assert.match(r.text, /id="f-channel"[\s\S]*?<option value="cvs" selected>/);

  // the bill cancelled (a correction, here written straight into the database)
  // (the page's token was not spent by the refusal: the same page's form still posts)
  sql(ctx, `UPDATE bills SET status = 'cancelled' WHERE id = ${cancelled.bill}`);
  sql(ctx, `DELETE FROM bill_open WHERE bill_id = ${cancelled.bill}`);   // as the store does for a bill no longer current
  const before2 = facts(cancelled);
  r = await c.post(`/collections/suspense/${cancelled.id}/apply`, formCancelled);
  assert.equal(r.status, 409, r.text.slice(0, 500));
  assert.match(r.text, new RegExp(`調定番号 ${cancelled.bill} は取り消されているため、この調定には消込できません。`));
  assert.deepEqual(facts(cancelled), before2, "nothing written");
  assert.match(r.text.match(new RegExp(`<tr id="suspense-${cancelled.id}">[\\s\\S]*?</tr>`))[0], /取消済みの調定/);
});

test(`[${engine}] the manual 消込 still works and returns to the filtered page; a viewer has no button`, async () => {
  const c = await login("tanto");
  const it = open().find((x) => x.channel === "card");
  const r0 = await c.get("/collections/suspense?channel=card");
  assert.ok(rowsIn(r0.text).includes(it.id));
  let r = await c.post(`/collections/suspense/${it.id}`, { csrf: c.csrf, bill: "", tap: it.tap, note: "", channel: "card" });
  assert.equal(r.status, 400);
  assert.match(r.text, /処理の理由/);
  assert.equal(facts(it).suspense, "open");
  r = await c.post(`/collections/suspense/${it.id}`, { csrf: c.csrf, bill: String(it.bill), tap: "", note: "電話で確認", channel: "card" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, "/collections/suspense?channel=card");
  const f = facts(it);
  assert.equal(f.suspense, "resolved");
  assert.equal(f.billPaid, it.total, "the bill paid in full, the rest to older bills or credit");
  assert.ok(f.allocations >= 1);
  it.done = true;
  r = await c.get("/collections/suspense?status=resolved&channel=card");
  assert.match(r.text, /電話で確認/);
  assert.ok(rowsIn(r.text).includes(it.id));

  const viewer = await login("etsuran");
  r = await viewer.get("/collections/suspense");
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /この調定に消込/);
  const next = open()[0];
  r = await viewer.post(`/collections/suspense/${next.id}/apply`, { csrf: viewer.csrf, bill: String(next.bill) });
  assert.equal(r.status, 403);
  assert.equal(facts(next).suspense, "open");
});
