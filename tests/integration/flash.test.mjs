// Flash messages ("お客様情報を更新しました（氏名）。") stay on the server: the
// browser's cookie carries only a random id.  SQLite by default; PostgreSQL
// when SUIDO_TEST_DB is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, addUser, makeEnv, optionValues, setCookies, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx, srv;

before(async () => {
  ctx = makeEnv();
  assert.equal(suido(ctx, ["migrate"]).code, 0);
  addUser(ctx, "clerk1", "clerk");
  // The demo city's areas, and a route for the tap below.
  const d = suido(ctx, ["demo", "--taps", "1", "--seed", "5"]);
  assert.equal(d.code, 0, d.stderr);
  const r = suido(ctx, ["reading", "route", "--code", "F1", "--name", "試験区F1", "--group", "odd"]);
  assert.equal(r.code, 0, r.stderr);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

const flashCookie = (headers) => setCookies(headers).find((c) => c.startsWith("flash="));

test(`[${engine}] after a customer edit the flash cookie names no one, and the next page still shows the message once`, async () => {
  const name = "瀬戸内　寂聴子";
  const c = new Client(srv.base);
  await c.login("clerk1");
  const form = await c.get("/taps/new");
  const area = optionValues(form.text, "area_code")[0];
  const t = await c.post("/taps/new", { csrf: c.csrf, tap_no: "", area_code: area, address: "1番1号", diameter: "20",
    use_code: "household", sewer: "self", route: "F1", route_order: "10", start_on: "2025-04-01",
    name: "試験　一郎", kana: "シケン　イチロウ", phone: "", postal: "", mail_address: "", notes: "" });
  assert.equal(t.status, 303, t.text.slice(0, 300));
  const tapNo = t.location.match(/^\/karte\/(\d{8})$/)[1];
  const karte = await c.get(t.location);
  const customerId = karte.text.match(/\/customers\/(\d+)\/edit/)[1];
  const edit = await c.get(`/customers/${customerId}/edit?tap=${tapNo}`);
  const version = edit.text.match(/name="version" value="(\d+)"/)[1];
  const r = await c.post(`/customers/${customerId}/edit`, { csrf: c.csrf, version, tap_no: tapNo, name,
    kana: "セトウチ　ジャクチョウコ", phone: "", postal: "", mail_address: "", notes: "" });
  assert.equal(r.status, 303);
  const cookie = flashCookie(r.headers);
  assert.ok(cookie, "a flash is set");
  const value = cookie.split(";")[0].slice("flash=".length);
  assert.match(value, /^[0-9a-f]{32}$/, "only an id travels");
  const all = setCookies(r.headers).join("\n");
  for (const part of [name, encodeURIComponent(name), encodeURIComponent("瀬戸内"), encodeURIComponent("寂聴")])
    assert.ok(!all.includes(part), `no part of the name in Set-Cookie: ${part}`);
  const page = await c.get(r.location);
  assert.match(page.text, /<div class="flash" role="status">お客様情報を更新しました（瀬戸内　寂聴子）。<\/div>/);
  assert.match(flashCookie(page.headers) || "", /^flash=;.*Max-Age=0/, "the cookie is cleared once shown");
  // Shown once: the same id again shows nothing.
  const replay = new Client(srv.base);
  replay.cookies = new Map(c.cookies);
  replay.cookies.set("flash", value);
  const again = await replay.get(r.location);
  assert.equal(again.status, 200);
  assert.doesNotMatch(again.text, /お客様情報を更新しました/);
});
