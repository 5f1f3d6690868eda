// One rule for record ids in paths and form fields on the staff server
// (web_id_param): decimal digits only, not 0, at most 15 of them.  A sign,
// letters or an overflow are refused the same way on every route, and an
// optional id field left empty still means "none".  SQLite by default;
// PostgreSQL when SUIDO_TEST_DB is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, addUser, makeEnv, optionValues, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const BAD = ["abc", "99999999999999999999", "+1", "-1", "0", "1x"];
let ctx, srv, c, tapNo, customerId;

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "1", "--seed", "5"]);
  assert.equal(d.code, 0, d.stderr);
  addUser(ctx, "clerk1", "clerk");
  srv = await startServer(ctx);
  c = new Client(srv.base);
  await c.login("clerk1");
  const form = (await c.get("/taps/new")).text;
  const area = optionValues(form, "area_code")[0];   // the demo's routes are named after their areas
  const t = await c.post("/taps/new", { csrf: c.csrf, tap_no: "", area_code: area,
    address: "2番2号", diameter: "20", use_code: "household", sewer: "self", route: `${area}A`,
    route_order: "10", start_on: "2025-04-01", name: "番号　確子", kana: "バンゴウ　タシコ", phone: "", postal: "",
    mail_address: "", notes: "" });
  assert.equal(t.status, 303, t.text.slice(0, 300));
  tapNo = t.location.match(/^\/karte\/(\d{8})$/)[1];
  customerId = (await c.get(t.location)).text.match(/\/customers\/(\d+)\/edit/)[1];
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a customer id written with a sign, letters, 0 or too many digits is not found, like on the payment routes`, async () => {
  assert.equal((await c.get(`/customers/${customerId}/edit?tap=${tapNo}`)).status, 200);
  for (const bad of BAD) {
    const id = encodeURIComponent(bad);
    assert.equal((await c.get(`/customers/${id}/edit`)).status, 404, `/customers/${bad}/edit`);
    assert.equal((await c.get(`/payments/${id}/receipt.pdf`)).status, 404, `/payments/${bad}/receipt.pdf`);
    assert.equal((await c.get(`/workorders/${id}`)).status, 404, `/workorders/${bad}`);
  }
});

test(`[${engine}] the collections and arrears pages answer a bad id with a 404 that says what was not found`, async () => {
  const pages = [
    ["/arrears/customers/%s", "該当するお客様がありません。"],
    ["/arrears/customers/%s/pledge", "該当するお客様がありません。"],
    ["/arrears/pledges/%s", "該当する分納誓約がありません。"],
    ["/arrears/writeoffs/%s", "不納欠損の起案が見つかりません。"],
    ["/arrears/dunning/runs/%s/notices.pdf", "督促処理が見つかりません。"],
    ["/late-charges/%s/slip.pdf", "延滞金・督促手数料が見つかりません。"],
    ["/collections/imports/%s", "取込が見つかりません。"],
    ["/collections/debit/%s", "その口座振替の依頼はありません。"],
    ["/payments/%s/counter", "入金が見つかりません。"],
  ];
  for (const bad of BAD) {
    for (const [pattern, message] of pages) {
      const path = pattern.replace("%s", encodeURIComponent(bad));
      const r = await c.get(path);
      assert.equal(r.status, 404, path);
      assert.ok(r.text.includes(message), `${path}: ${message}`);
    }
  }
  // an id that is well formed but names nothing is also a 404
  assert.equal((await c.get("/arrears/pledges/999999")).status, 404);
});

test(`[${engine}] the set-off's bill field: empty means the oldest bills, anything but an id is refused naming the field`, async () => {
  let r = await c.post(`/taps/${tapNo}/setoff`, { csrf: c.csrf, bill: "" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  for (const bad of BAD) {
    r = await c.post(`/taps/${tapNo}/setoff`, { csrf: c.csrf, bill: bad });
    assert.equal(r.status, 400, `bill=${bad}`);
    assert.match(r.text, /調定番号は数字で入力してください。/, `bill=${bad}`);
  }
});

test(`[${engine}] a bill id written with a sign is not found on the bill page, its slip and the API, though the bill exists`, async () => {
  const r = await c.get("/api/v1/bills/1");
  assert.equal(r.status, 200, "the demo's first bill");
  const id = JSON.parse(r.text).id;
  assert.equal((await c.get(`/bills/${id}`)).status, 200);
  for (const path of [`/bills/+${id}`, `/bills/+${id}/slip.pdf`, `/api/v1/bills/+${id}`, `/bills/%2B${id}`]) {
    assert.equal((await c.get(path)).status, 404, path);
  }
  const p = await c.post(`/bills/+${id}/slip-reissue`, { csrf: c.csrf });
  assert.equal(p.status, 404, `/bills/+${id}/slip-reissue`);
});
