// The staff half of web applications (ウェブ申込), against the real binaries
// (the staff server and the citizen portal, each its own process) and
// database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): an application
// whose tap and name match becomes a stop in one action and the resident's
// status page says so; one that names a tap with another user's name is
// never applied by guess; a refusal of the reception rules shows the
// reception form filled in; a rejection's reason reaches the resident; a
// viewer may read the inbox but not act.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, PortalClient, addUser, formTokenIn, makeEnv, receiptOf, startPortal, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, portal, clerk, nextIp = 1;

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
function addDays(d, n) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
const resident = () => new PortalClient(portal.base, `10.9.0.${nextIp++}`);

/** Occupied taps (from a billed cycle) with their current user's name (from the karte). */
async function occupied(skip, n) {
  const jst = new Date(Date.now() + 9 * 3600 * 1000);
  const cyc = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 2, 1)).toISOString().slice(0, 7);
  const taps = suido(ctx, ["bill", "list", "--cycle", cyc]).stdout.trim().split("\n").map((l) => l.split("\t")[0])
    .filter((t) => /^\d{8}$/.test(t)).slice(skip);
  const out = [];
  for (const tap of taps) {
    if (out.length === n) break;
    const k = await clerk.get(`/karte/${tap}`);
    const m = k.text.match(/<span class="h1-name">([^<]+)<\/span>/);
    const a = k.text.match(/<th scope="row">給水場所<\/th><td>([^<]+)<\/td>/);
    if (m && a) out.push({ tap, name: m[1], address: a[1] });
  }
  return out;
}

async function fileStop(t, over = {}) {
  // the resident writes the place of use their own way: the city first, digits and hyphens
  const address = "山峡市" + t.address.replace(/丁目|番/g, "-").replace(/号$/, "").replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const r = await resident().apply("stop", { tap_no: t.tap, customer_no: "", address, name: t.name,
    phone: "055-237-9999", stop_on: addDays(jstToday(), 20), settle: "slip", forward_postal: "100-0001",
    forward_address: "東京都千代田区千代田1-1", ...over });
  assert.equal(r.status, 200, r.text);
  const rc = receiptOf(r.text);
  assert.ok(rc.no && rc.secret, "receipt number and secret shown");
  return rc;
}

/** The id of the inbox row with this receipt number. */
async function inboxId(receipt) {
  const r = await clerk.get("/reception/applications");
  assert.equal(r.status, 200);
  const m = r.text.match(new RegExp(`<tr id="application-(\\d+)">(?:(?!</tr>).)*${receipt}`, "s"));
  assert.ok(m, `${receipt} in the inbox`);
  return Number(m[1]);
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "200", "--years", "1", "--seed", "29"]);
  assert.equal(d.code, 0, d.stderr);
  addUser(ctx, "etsuran-a", "viewer");
  srv = await startServer(ctx);   // makes the portal key pair
  const env = {};
  if (ctx.pg) {
    const g = suido(ctx, ["portal", "grant", "suido_portal_a"], "portal-pass-a\n");
    assert.equal(g.code, 0, g.stderr);
    env.SUIDO_PORTAL_DB = ctx.pg.replace(/user=\S+/, "user=suido_portal_a password=portal-pass-a");
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

test(`[${engine}] a matched stop becomes a request in one action; the resident sees it taken`, async () => {
  const [t] = await occupied(2, 1);
  const rc = await fileStop(t);
  const id = await inboxId(rc.no);
  let r = await clerk.get(`/reception/applications/${id}`);
  assert.match(r.text, new RegExp(`name="tap_no"[^>]*value="${t.tap}"|value="${t.tap}"[^>]*name="tap_no"`), "matched");
  r = await clerk.post(`/reception/applications/${id}/convert`, { csrf: clerk.csrf, tap_no: t.tap });
  assert.equal(r.status, 303, r.text);
  const karte = await clerk.get(`/karte/${t.tap}`);
  assert.match(karte.text, /使用中止（閉栓）[\s\S]*?ウェブ/);
  assert.match(karte.text, new RegExp(`ウェブ申込 ${rc.no}`));
  assert.match(karte.text, /東京都千代田区千代田1-1/, "the forwarding address for the final bill");
  r = await clerk.post(`/reception/applications/${id}/convert`, { csrf: clerk.csrf, tap_no: t.tap });
  assert.notEqual(r.status, 303, "once only");
  const s = await resident().status(rc.no, rc.secret);
  assert.match(s.text, /受付済み/);
});

test(`[${engine}] a tap named with another user's name, or another place, is never applied by guess`, async () => {
  const [t, w] = await occupied(12, 2);
  const elsewhere = await fileStop(w, { address: "山峡市北町5番6号" });   // right tap and name, another place
  assert.match((await clerk.get(`/reception/applications/${await inboxId(elsewhere.no)}`)).text, /照合できませんでした/);
  const rc = await fileStop(t, { name: "別人 太郎" });
  const id = await inboxId(rc.no);
  let r = await clerk.get("/reception/applications");
  assert.match(r.text, new RegExp(`${rc.no}[\\s\\S]*?照合できません`));
  r = await clerk.get(`/reception/applications/${id}`);
  assert.match(r.text, /照合できませんでした/);
  assert.match(r.text, /name="tap_no"[^>]*value=""|value=""[^>]*name="tap_no"/, "no tap filled in");
  r = await clerk.post(`/reception/applications/${id}/convert`, { csrf: clerk.csrf, tap_no: "" });
  assert.equal(r.status, 422);
  assert.match(r.text, /水栓番号を8桁の数字/);
  assert.doesNotMatch((await clerk.get(`/karte/${t.tap}`)).text, /id="request-\d+"/, "nothing filed on that tap");
  assert.match((await clerk.get("/reception/applications")).text, new RegExp(rc.no), "still waiting for a person");
});

test(`[${engine}] a reception refusal shows the form filled in; a rejection's reason reaches the resident`, async () => {
  const taps = await occupied(20, 8);
  const t = taps.find((x) => /口座振替の登録はありません/.test(suido(ctx, ["mandate", "list", "--tap", x.tap]).stdout));
  assert.ok(t, "a tap paying by slip");
  const rc = await fileStop(t, { settle: "debit" });
  const id = await inboxId(rc.no);
  let r = await clerk.post(`/reception/applications/${id}/convert`, { csrf: clerk.csrf, tap_no: t.tap });
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /口座振替の登録がありません/);
  assert.match(r.text, /id="from-application"/);
  assert.match(r.text, new RegExp(`name="application" value="${id}"`));
  assert.match(r.text, /東京都千代田区千代田1-1/, "the resident's answers are kept");
  // the clerk corrects the settlement and files it: the application is converted
  r = await clerk.post(`/taps/${t.tap}/reception`, { csrf: clerk.csrf, ...formTokenIn(r.text, "reception-form"),
    kind: "stop", source: "web", application: String(id),
    stop_on: addDays(jstToday(), 20), urgent: "1", settle: "slip", postal: "100-0001", forward_address: "東京都千代田区千代田1-1" });
  assert.equal(r.status, 303, r.text);
  assert.match((await clerk.get("/reception/applications?status=converted")).text, new RegExp(rc.no));

  const [u] = await occupied(40, 1);
  const rc2 = await fileStop(u);
  const id2 = await inboxId(rc2.no);
  r = await clerk.post(`/reception/applications/${id2}/reject`, { csrf: clerk.csrf, reason: "" });
  assert.equal(r.status, 422);
  r = await clerk.post(`/reception/applications/${id2}/reject`, { csrf: clerk.csrf, reason: "同じ内容のお申込みを電話で承りました" });
  assert.equal(r.status, 303);
  const s = await resident().status(rc2.no, rc2.secret);
  assert.match(s.text, /同じ内容のお申込みを電話で承りました/);
  r = await clerk.post(`/reception/applications/${id2}/reject`, { csrf: clerk.csrf, reason: "二度目" });
  assert.equal(r.status, 409);

  const viewer = new Client(srv.base);
  assert.equal((await viewer.login("etsuran-a")).status, 303);
  assert.equal((await viewer.get("/reception/applications")).status, 200);
  const [v] = await occupied(50, 1);
  const rc3 = await fileStop(v);
  const id3 = await inboxId(rc3.no);
  r = await viewer.post(`/reception/applications/${id3}/convert`, { csrf: viewer.csrf, tap_no: v.tap });
  assert.equal(r.status, 403);
});
