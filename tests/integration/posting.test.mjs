// A form that posts money or a request posts once (issue 13, finding 6): the
// counter, the refund request and the reception request answer with a
// redirect (303) to their result, and carry a one-time token issued when the
// form was shown.  The same form sent again (a reload, a double click) posts
// nothing and is sent to the first result; a form without a token, or with a
// token of another session, is refused with a message.  Over HTTP, on SQLite
// or on PostgreSQL when SUIDO_TEST_DB is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client, demoCycle, formToken, formTokenIn, makeEnv, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv;
const taps = [];

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
async function login(username) {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text);
  return c;
}
async function account(c, tapNo) {
  const r = await c.get(`/api/v1/taps/${tapNo}/account`);
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text);
}
const counterPayments = async (c, tapNo) => (await account(c, tapNo)).payments.filter((p) => p.channel === "counter");

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "150", "--years", "1", "--seed", "6", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  const list = suido(ctx, ["bill", "list", "--cycle", demoCycle(1)]);
  assert.equal(list.code, 0, list.stderr);
  for (const l of list.stdout.trim().split("\n")) if (/^\d+\t/.test(l)) taps.push(l.split("\t")[0]);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the counter form sent twice with one token posts one payment; the second answer is 303 to the same receipt page`, async () => {
  const c = await login("tanto");
  const tapNo = taps[0];
  const form = await c.get(`/taps/${tapNo}/counter`);
  assert.equal(form.status, 200);
  const fields = { csrf: c.csrf, amount: "1000", bill: "", note: "", confirmed: "1",
                   ...formTokenIn(form.text, "counter-form") };
  const first = await c.post(`/taps/${tapNo}/counter`, fields);
  assert.equal(first.status, 303, first.text.slice(0, 500));
  assert.match(first.location, /^\/payments\/\d+\/counter$/);
  const second = await c.post(`/taps/${tapNo}/counter`, fields);
  assert.equal(second.status, 303, second.text.slice(0, 500));
  assert.equal(second.location, first.location, "sent to the first result");
  const page = await c.get(first.location);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="counter-result"[^>]*>領収書番号 R\d{8}-\d{4} で入金を計上しました/);
  assert.match(page.text, /この入金は計上済みです/, "the second sending is told it posted nothing");
  assert.match(page.text, /href="\/payments\/\d+\/receipt\.pdf"/);
  assert.equal((await counterPayments(c, tapNo)).length, 1, "one payment");
});

test(`[${engine}] a counter POST without a token, or with another session's, is refused with a message and posts nothing`, async () => {
  const c = await login("tanto");
  const tapNo = taps[1];
  let r = await c.post(`/taps/${tapNo}/counter`, { csrf: c.csrf, amount: "1000", bill: "", note: "", confirmed: "1" });
  assert.equal(r.status, 400);
  assert.match(r.text, /画面の確認番号がありません。画面を開き直してから、もう一度送信してください。/);
  assert.match(r.text, /name="form_token" value="[0-9a-f]{64}"/, "the form shown again with a token of its own");
  const other = await login("tanto");
  const foreign = await formToken(other, `/taps/${tapNo}/counter`, "counter-form");
  r = await c.post(`/taps/${tapNo}/counter`, { csrf: c.csrf, amount: "1000", bill: "", note: "", confirmed: "1", ...foreign });
  assert.equal(r.status, 400);
  assert.match(r.text, /この画面は古くなっています/);
  assert.equal((await counterPayments(c, tapNo)).length, 0, "nothing posted");
});

test(`[${engine}] a refund request sent twice with one token asks once; the second goes back to the karte saying so`, async () => {
  const c = await login("tanto");
  const tapNo = taps[2];
  const owed = (await account(c, tapNo)).balance;
  const p = suido(ctx, ["payment", "post", "--tap", tapNo, "--amount", String(owed + 2000), "--channel", "counter",
                        "--paid-on", jstToday(), "--ref", `P6-${tapNo}`]);
  assert.equal(p.code, 0, p.stderr);
  const fields = { csrf: c.csrf, amount: "2000", method: "cash", reason: "二重払いの返金",
                   ...(await formToken(c, `/karte/${tapNo}`, "refund-form")) };
  const first = await c.post(`/taps/${tapNo}/refund`, fields);
  assert.equal(first.status, 303, first.text.slice(0, 500));
  const second = await c.post(`/taps/${tapNo}/refund`, fields);
  assert.equal(second.status, 303);
  assert.equal(second.location, first.location);
  assert.match((await c.get(second.location)).text, /この還付は依頼済みです/);
  const chief = await login("kakaricho");
  const list = (await chief.get("/approvals")).text;
  assert.equal(list.split(`水栓 ${tapNo} の過誤納 2000 円を還付（現金）`).length - 1, 1, "one refund awaits approval");
});

test(`[${engine}] a reception request sent twice with one token is filed once`, async () => {
  const c = await login("tanto");
  let tapNo, token;
  for (const t of taps.slice(3)) {
    try { token = await formToken(c, `/taps/${t}/reception?kind=mail_address`, "reception-form"); tapNo = t; break; } catch { /* next */ }
  }
  assert.ok(tapNo, "a tap with a customer");
  const fields = { csrf: c.csrf, kind: "mail_address", source: "counter", effective_on: jstToday(), postal: "400-0031",
                   mail_address: "甲府市丸の内2丁目", ...token };
  const first = await c.post(`/taps/${tapNo}/reception`, fields);
  assert.equal(first.status, 303, first.text.slice(0, 800));
  const no = (await c.get(first.location)).text.match(/受付番号 (\d+)/)[1];
  const second = await c.post(`/taps/${tapNo}/reception`, fields);
  assert.equal(second.status, 303);
  assert.equal(second.location, first.location);
  assert.ok((await c.get(second.location)).text.includes(`受付済みです（受付番号 ${no}）`));
  const r = await c.post(`/taps/${tapNo}/reception`, { ...fields, form_token: "" });
  assert.equal(r.status, 422);
  assert.match(r.text, /画面の確認番号がありません/);
});

test(`[${engine}] an agent's file read answers 303 to its figures; reloading them reads nothing again`, async () => {
  const c = await login("tanto");
  const csv = join(ctx.dir, "slips.csv");
  const made = suido(ctx, ["slip", "--cycle", demoCycle(1), "--csv", csv, "--encoding", "utf8"]);
  assert.equal(made.code, 0, made.stderr);
  const f = readFileSync(csv, "utf8").trim().split(/\r?\n/).at(-1).split(",");
  const code = f[f.length - 1], amount = Number(f[14]), tapNo = f[0];
  const ymd = jstToday().replaceAll("-", "");
  const record = `02,${ymd},1423,EAN${code},,,0,${amount},0001,ファミリーマート,123456,,${ymd}\r\n`;
  await c.get("/collections");
  const form = new FormData();
  form.append("csrf", c.csrf);
  form.append("profile", "standard");
  form.append("file", new Blob([record], { type: "text/csv" }), "posting.csv");
  const r = await c.request("POST", "/collections/agent", { body: form });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.match(r.location, /^\/collections\/imports\/\d+$/);
  const cvs = async () => (await account(c, tapNo)).payments.filter((p) => p.channel === "cvs").length;
  assert.equal(await cvs(), 1);
  for (let i = 0; i < 2; i++) {
    const page = await c.get(r.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /id="import-result"[^>]*>posting\.csv を取り込みました/);
    assert.match(page.text, /id="sum-posted"[^]*?1件/);
  }
  assert.equal(await cvs(), 1, "the figures shown twice, the file read once");
});
