// Free text typed by staff and residents, against the real binaries (staff
// server and citizen portal) and database (SQLite, or PostgreSQL when
// SUIDO_TEST_DB is set): a resident's note over two lines goes through the
// clerk's conversion and shows as two lines; characters that turn text around
// or hide themselves (U+202E, U+200B ...) are refused on staff and portal forms
// with a message naming the field.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, PortalClient, makeEnv, receiptOf, startPortal, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
const RLO = "\u202E", ZWSP = "\u200B";
let ctx, srv, portal, clerk, nextIp = 1;

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
const resident = () => new PortalClient(portal.base, `10.8.0.${nextIp++}`);

/** An occupied tap (billed two cycles ago) with its user's name and place, from the karte. */
async function occupiedTap(skip) {
  const jst = new Date(Date.now() + 9 * 3600 * 1000);
  const cyc = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 2, 1)).toISOString().slice(0, 7);
  const taps = suido(ctx, ["bill", "list", "--cycle", cyc]).stdout.trim().split("\n").map((l) => l.split("\t")[0])
    .filter((t) => /^\d{8}$/.test(t)).slice(skip);
  for (const tap of taps) {
    const k = await clerk.get(`/karte/${tap}`);
    const m = k.text.match(/<span class="h1-name">([^<]+)<\/span>/);
    const a = k.text.match(/<th scope="row">給水場所<\/th><td>([^<]+)<\/td>/);
    if (m && a) return { tap, name: m[1], address: a[1] };
  }
  throw new Error("no occupied tap");
}

function stopFields(t, over = {}) {
  const address = "山峡市" + t.address.replace(/丁目|番/g, "-").replace(/号$/, "").replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return { tap_no: t.tap, customer_no: "", address, name: t.name, phone: "055-237-9999", stop_on: addDays(jstToday(), 20),
    settle: "slip", forward_postal: "100-0001", forward_address: "東京都千代田区千代田1-1", ...over };
}

async function inboxId(receipt) {
  const r = await clerk.get("/reception/applications");
  const m = r.text.match(new RegExp(`<tr id="application-(\\d+)">(?:(?!</tr>).)*${receipt}`, "s"));
  assert.ok(m, `${receipt} in the inbox`);
  return Number(m[1]);
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "40", "--years", "1", "--seed", "31"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);   // makes the portal key pair
  const env = {};
  if (ctx.pg) {
    const g = suido(ctx, ["portal", "grant", "suido_portal_t"], "portal-pass-t\n");
    assert.equal(g.code, 0, g.stderr);
    env.SUIDO_PORTAL_DB = ctx.pg.replace(/user=\S+/, "user=suido_portal_t password=portal-pass-t");
  }
  portal = await startPortal(ctx, env);
  clerk = new Client(srv.base);
  assert.equal((await clerk.login("tanto", DEMO)).status, 303);
});

after(async () => {
  if (portal) await stopServer(portal);
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a resident's note over two lines is converted by the clerk and shown as two lines`, async () => {
  const t = await occupiedTap(1);
  const note = "午前中は不在です。\r\n鍵はポストの中にあります。";
  const filed = await resident().apply("stop", stopFields(t, { note }));
  assert.equal(filed.status, 200, filed.text);
  const rc = receiptOf(filed.text);
  const id = await inboxId(rc.no);
  const detail = await clerk.get(`/reception/applications/${id}`);
  assert.match(detail.text, /<td class="multiline">午前中は不在です。\n鍵はポストの中にあります。<\/td>/);
  const r = await clerk.post(`/reception/applications/${id}/convert`, { csrf: clerk.csrf, tap_no: t.tap });
  assert.equal(r.status, 303, r.text.replace(/[\s\S]*<main/, "").slice(0, 800));
  const karte = await clerk.get(`/karte/${t.tap}`);
  assert.match(karte.text, new RegExp(`<td class="multiline">ウェブ申込 ${rc.no}[^<]*／連絡事項: 午前中は不在です。\\n鍵はポストの中にあります。</td>`));
});

test(`[${engine}] the clerk's reception form keeps a note's line breaks too`, async () => {
  const t = await occupiedTap(6);
  const form = await clerk.get(`/taps/${t.tap}/reception?kind=stop`);
  assert.equal(form.status, 200);
  const token = form.text.match(/name="form_token" value="([0-9a-f]{64})"/);   // the form's one-time token, if it has one
  const r = await clerk.post(`/taps/${t.tap}/reception`, { csrf: clerk.csrf, ...(token ? { form_token: token[1] } : {}),
    kind: "stop", source: "phone",
    stop_on: addDays(jstToday(), 25), settle: "slip", postal: "100-0001", forward_address: "東京都千代田区千代田1-1",
    phone: "", filer_name: "", filer_phone: "", filer_relation: "", note: "電話でのお申し出。\r\n折り返し不要。" });
  assert.equal(r.status, 303, r.text.replace(/[\s\S]*<main/, "").slice(0, 800));
  const karte = await clerk.get(`/karte/${t.tap}`);
  assert.match(karte.text, /<td class="multiline">電話でのお申し出。\n折り返し不要。<\/td>/);
});

test(`[${engine}] the customer's 備考 takes several lines on the staff form and shows them`, async () => {
  const t = await occupiedTap(8);
  const karte = await clerk.get(`/karte/${t.tap}`);
  const customerId = karte.text.match(/\/customers\/(\d+)\/edit/)[1];
  const form = await clerk.get(`/customers/${customerId}/edit?tap=${t.tap}`);
  const version = form.text.match(/name="version" value="(\d+)"/)[1];
  const r = await clerk.post(`/customers/${customerId}/edit`, { csrf: clerk.csrf, version, tap_no: t.tap, name: t.name,
    kana: "ケンサ　タロウ", phone: "055-237-0001", postal: "", mail_address: "", notes: "犬あり。\r\n呼び鈴は裏口。" });
  assert.equal(r.status, 303, r.text.replace(/[\s\S]*<main/, "").slice(0, 800));
  const after = await clerk.get(`/karte/${t.tap}`);
  assert.match(after.text, /<td class="multiline">犬あり。\n呼び鈴は裏口。<\/td>/);
});

test(`[${engine}] the staff customer form refuses a right-to-left override in the name, naming the field`, async () => {
  const t = await occupiedTap(3);
  const karte = await clerk.get(`/karte/${t.tap}`);
  const customerId = karte.text.match(/\/customers\/(\d+)\/edit/)[1];
  const form = await clerk.get(`/customers/${customerId}/edit?tap=${t.tap}`);
  const version = form.text.match(/name="version" value="(\d+)"/)[1];
  const fields = { csrf: clerk.csrf, version, tap_no: t.tap, name: `${RLO}グンニーリク峡山`, kana: "サンキョウ　クリーニング",
    phone: "055-237-0000", postal: "", mail_address: "", notes: "" };
  const r = await clerk.post(`/customers/${customerId}/edit`, fields);
  assert.equal(r.status, 422);
  assert.match(r.text, /氏名（名称）に使用できない制御文字/);
  const z = await clerk.post(`/customers/${customerId}/edit`, { ...fields, name: "山峡クリーニング", mail_address: `中央${ZWSP}一丁目` });
  assert.equal(z.status, 422);
  assert.match(z.text, /送付先住所に使用できない制御文字/);
  const after = await clerk.get(`/karte/${t.tap}`);
  assert.doesNotMatch(after.text, /グンニーリク/, "nothing was saved");
});

test(`[${engine}] the portal form refuses a zero-width space in the address, naming the field`, async () => {
  const t = await occupiedTap(4);
  const f = stopFields(t);
  const r = await resident().apply("stop", { ...f, address: f.address.replace("山峡市", `山峡市${ZWSP}`) });
  assert.equal(r.status, 422);
  assert.match(r.text, /ご使用場所の住所に使用できない制御文字/);
  assert.equal(receiptOf(r.text).no, null, "not filed");
  const n = await resident().apply("stop", { ...f, name: `${RLO}${t.name}` });
  assert.equal(n.status, 422);
  assert.match(n.text, /ご使用者のお名前に使用できない制御文字/);
});
