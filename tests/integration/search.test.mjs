// Customer search with several terms (issue 16), against the real binary and a
// real database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo
// city: the terms of a query match together, in any order; the true total is
// given and the results come in pages, in the order asked, within the scope
// asked.  Each expectation is worked out from single-term searches.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, api, areas;

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "800", "--years", "1", "--seed", "23"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  api = await new Client(srv.base).apiLogin("tanto", DEMO);
  areas = sqlOn(ctx, "SELECT name FROM areas").split("\n").filter(Boolean).sort((a, b) => b.length - a.length);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

/** One page of the API's answer. */
async function page(q, extra = "") {
  return api.getJson(`/api/v1/customers?q=${encodeURIComponent(q)}&limit=200${extra}`);
}
/** Every hit of a query, page after page. */
async function all(q, extra = "") {
  const out = [];
  for (let offset = 0; ; offset += 200) {
    const p = await page(q, `${extra}&offset=${offset}`);
    out.push(...p.results);
    if (!p.truncated) {
      assert.equal(out.length, p.total);
      return out;
    }
  }
}
const key = (h) => `${h.tap_no}/${h.customer_id}`;
const areaOf = (h) => areas.find((a) => h.address.startsWith(a));
const surname = (h) => h.kana.split("　")[0];
const hira = (s) => s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

test(`[${engine}] a surname and an area together: exactly those of that name in that area, in either order`, async () => {
  // the commonest surname beginning with タ, and the area where most of them are
  const ta = await all("た");
  const bySurname = new Map();
  for (const h of ta) bySurname.set(surname(h), (bySurname.get(surname(h)) || []).concat(h));
  const [name, people] = [...bySurname].sort((a, b) => b[1].length - a[1].length)[0];
  const byArea = new Map();
  for (const h of people) byArea.set(areaOf(h), (byArea.get(areaOf(h)) || 0) + 1);
  const area = [...byArea].sort((a, b) => b[1] - a[1])[0][0];
  const inArea = await all(area);
  const named = await all(hira(name));
  const expected = named.filter((h) => h.address.includes(area)).map(key).sort();
  assert.ok(expected.length > 0 && expected.length < named.length && expected.length < inArea.length,
            `${name} ${area}: ${expected.length} of ${named.length} / ${inArea.length}`);
  for (const q of [`${hira(name)} ${area}`, `${area}　${name}`]) {
    const got = await all(q);
    assert.deepEqual(got.map(key).sort(), expected, q);
    for (const h of got) assert.ok(h.kana.startsWith(name) && h.address.includes(area), `${q}: ${h.kana} ${h.address}`);
  }
});

test(`[${engine}] phone digits with a name, a given name after the surname, a tap number's first digits, an お客様番号`, async () => {
  const h = (await page("あ")).results.find((x) => x.phone.replace(/\D/g, "").length >= 10);
  assert.ok(h, "a customer with a phone");
  const digits = h.phone.replace(/\D/g, "");
  const last4 = digits.slice(-4);
  const got = await all(`${last4} ${surname(h)}`);
  assert.ok(got.some((x) => key(x) === key(h)));
  for (const x of got) assert.ok(x.phone.replace(/\D/g, "").endsWith(last4) && x.kana.startsWith(surname(h)));
  const [sn, given] = h.kana.split("　");
  const full = await all(`${hira(sn)} ${hira(given)}`);
  assert.ok(full.some((x) => key(x) === key(h)));
  for (const x of full) assert.ok(x.kana.startsWith(sn) && x.kana.includes(given), x.kana);
  const byTap = await all(`${h.tap_no.slice(0, 6)} ${sn}`);
  assert.ok(byTap.some((x) => key(x) === key(h)));
  for (const x of byTap) assert.ok(x.tap_no.startsWith(h.tap_no.slice(0, 6)) && x.kana.startsWith(sn));
  // the お客様番号, alone or with the surname
  const byNumber = await all(`${h.customer_id} ${sn}`);
  assert.deepEqual([...new Set(byNumber.map((x) => x.customer_id))], [h.customer_id]);
  // nothing matches every term: none, and the total says so
  const none = await page(`${h.tap_no} 存在しない地名`);
  assert.deepEqual([none.total, none.results.length, none.truncated], [0, 0, false]);
});

test(`[${engine}] the total is true beyond one page; pages follow on in the order asked, without gaps`, async () => {
  const one = await page("町", "&sort=tap");
  assert.ok(one.total > 200 && one.truncated, `total ${one.total}`);
  const every = await all("町", "&sort=tap");
  assert.equal(new Set(every.map(key)).size, every.length, "no hit twice");
  const taps = every.map((h) => h.tap_no);
  assert.deepEqual(taps, [...taps].sort());
  assert.deepEqual(every.slice(0, 200).map(key), one.results.map(key));
  const beyond = await page("町", `&offset=${one.total + 5}`);
  assert.deepEqual([beyond.total, beyond.results.length], [one.total, 0]);
  const byAddress = (await all("町", "&sort=address")).map((h) => h.address);
  assert.deepEqual(byAddress, [...byAddress].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  // default order: those using the tap now first, then by kana
  const dflt = await all("町");
  const firstPast = dflt.findIndex((h) => !h.current);
  assert.ok(firstPast > 0 && dflt.slice(firstPast).every((h) => !h.current));
});

test(`[${engine}] scope: 使用中 and 過去 divide the hits between them`, async () => {
  const everyone = await all("た");
  const now = await all("た", "&scope=current");
  const past = await all("た", "&scope=past");
  assert.ok(now.length > 0 && past.length > 0);
  assert.ok(now.every((h) => h.current) && past.every((h) => !h.current));
  assert.deepEqual([...now, ...past].map(key).sort(), everyone.map(key).sort());
});

test(`[${engine}] a bad scope, order or offset is a 400 naming the parameter`, async () => {
  for (const [extra, field] of [["&scope=everyone", "scope"], ["&sort=age", "sort"], ["&offset=-1", "offset"]]) {
    const r = await api.get(`/api/v1/customers?q=${encodeURIComponent("た")}${extra}`);
    assert.equal(r.status, 400, extra);
    assert.deepEqual([JSON.parse(r.text).error, JSON.parse(r.text).field], ["invalid", field]);
  }
});

test(`[${engine}] the search page: the true total, the page's range, the next page, the first result focused`, async () => {
  const c = new Client(srv.base);
  assert.equal((await c.login("tanto", DEMO)).status, 303);
  const total = (await page("町")).total;
  const r = await c.get("/customers?q=" + encodeURIComponent("町"));
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(`全 ${total} 件中 1〜50 件目`));
  assert.match(r.text, /<a href="\/karte\/\d{8}" class="karte-link" autofocus>/);
  assert.equal((r.text.match(/autofocus/g) || []).length, 1);
  const next = r.text.match(/<a href="([^"]+)" rel="next">/);
  assert.ok(next, "a link to the next page");
  const r2 = await c.get(next[1].replaceAll("&amp;", "&"));
  assert.match(r2.text, new RegExp(`全 ${total} 件中 51〜100 件目`));
  const scoped = await c.get("/customers?q=" + encodeURIComponent("町") + "&scope=past");
  assert.match(scoped.text, /<option value="past" selected>/);
  assert.doesNotMatch(scoped.text.split("<tbody>")[1], /state-active/);
});

test(`[${engine}] after an edit: the totals leave the old name and count the new one, in every way of counting`, async () => {
  const c = new Client(srv.base);
  assert.equal((await c.login("tanto", DEMO)).status, 303);
  const h = (await page("た", "&scope=current")).results.find((x) => x.kana.startsWith("タ") && x.phone);
  const old = surname(h);
  const before = { name: (await page(hira(old))).total, cur: (await page(hira(old), "&scope=current")).total,
                   phone: (await page(h.phone.slice(0, 3))).total, kana: (await page(hira(old), "&sort=kana")).total };
  const newKana = `ヨシダ　${h.kana.split("　")[1] || "テスト"}`;
  const form = await c.get(`/customers/${h.customer_id}/edit?tap=${h.tap_no}`);
  const version = form.text.match(/name="version" value="(\d+)"/)[1];
  const r = await c.post(`/customers/${h.customer_id}/edit`, { csrf: c.csrf, version, tap_no: h.tap_no, name: h.name,
                                                              kana: newKana, phone: h.phone, postal: "", mail_address: "", notes: "" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  // each count is checked against the hits themselves, page after page
  const check = async (q, extra = "") => {
    const got = await all(q, extra);
    return got.length;
  };
  assert.equal(await check(hira(old)), before.name - 1);
  assert.equal(await check(hira(old), "&scope=current"), before.cur - 1);
  assert.equal(await check(hira(old), "&sort=kana"), before.kana - 1);
  assert.equal(await check(h.phone.slice(0, 3)), before.phone, "the phone is the same: counted once, not twice");
  const found = await all(`よしだ ${h.phone.slice(-4)}`);
  assert.ok(found.some((x) => x.tap_no === h.tap_no && x.kana === newKana));
});
