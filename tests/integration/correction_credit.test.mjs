// A correction (更正) that lowers a bill already paid (issue 13, finding 17):
// what was paid beyond the corrected total becomes the customer's credit
// (過誤納) in the same transaction as the correction — the カルテ never shows
// a negative 未納額 — and that credit can be refunded (還付, with a 係長's
// approval) or set off (充当) against the next bill, whose slip can then be
// printed for what is left.  Over HTTP, on SQLite or on PostgreSQL when
// SUIDO_TEST_DB is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, demoCycle, makeEnv, startServer, stopServer, suido, openBillsDrift } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv;
const used = new Set();

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
function run(args) {
  const r = suido(ctx, args);
  assert.equal(r.code, 0, `suido ${args.join(" ")}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}
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
async function bills(c, tapNo) {
  return JSON.parse((await c.get(`/api/v1/taps/${tapNo}/bills`)).text).bills.filter((b) => b.status === "current");
}
/** The hidden one-time token of a form on a page, when the form carries one. */
function formFields(html, formId) {
  const form = html.match(new RegExp(`<form[^>]*id="${formId}"[^>]*>([\\s\\S]*?)</form>`));
  assert.ok(form, `form ${formId} on the page`);
  const t = form[1].match(/name="form_token" value="([^"]+)"/);
  return t ? { form_token: t[1] } : {};
}
/** A tap of one customer, with at least n unpaid bills whose usage can be lowered, no credit. */
async function tapWithOpenBills(c, n) {
  for (const back of [1, 2, 3]) {
    for (const line of run(["bill", "list", "--cycle", demoCycle(back)]).trim().split("\n")) {
      const tapNo = line.split("\t")[0];
      if (used.has(tapNo)) continue;
      const all = await bills(c, tapNo);
      const open = all.filter((b) => b.balance_yen > 0 && b.paid_yen === 0);
      if (open.length < n || open.some((b) => b.usage_m3 < 10)) continue;
      if ((await account(c, tapNo)).credit !== 0 || new Set(all.map((b) => b.customer_id)).size !== 1) continue;
      used.add(tapNo);
      return { tapNo, open };
    }
  }
  throw new Error(`no tap with ${n} open bills`);
}
let refNo = 0;
function pay(bill) {
  run(["payment", "post", "--bill", String(bill.id), "--amount", String(bill.balance_yen), "--channel", "counter",
       "--paid-on", jstToday(), "--ref", `CC-${bill.id}-${++refNo}`]);
}
/** A 担当 asks to lower a bill's usage; a 係長 approves.  Returns the new bill. */
async function reduce(c, tapNo, bill) {
  let r = await c.post(`/bills/${bill.id}`, { csrf: c.csrf, action: "correct", usage: String(Math.floor(bill.usage_m3 / 2)),
                                              reason: "検針値の誤入力（再検針で確認）" });
  assert.equal(r.status, 303, r.text);
  const chief = await login("kakaricho");
  const ap = Math.max(...[...(await chief.get("/approvals")).text.matchAll(/action="\/approvals\/(\d+)"/g)].map((x) => Number(x[1])));
  r = await chief.post(`/approvals/${ap}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303, r.text);
  const nb = (await bills(c, tapNo)).find((b) => b.replaces === bill.id);
  assert.ok(nb, "the corrected bill replaces the old one");
  assert.ok(nb.total_yen < bill.total_yen, `lowered: ${bill.total_yen} → ${nb.total_yen}`);
  return nb;
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "200", "--years", "1", "--seed", "17", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a reduction of a bill paid in full: 未納額 ¥0, the excess is 過誤納 and is refunded after a 係長 approves`, async () => {
  const c = await login("tanto");
  const { tapNo, open } = await tapWithOpenBills(c, 1);
  for (const b of open) pay(b);
  assert.equal((await account(c, tapNo)).balance, 0);
  const old = open[0];
  const nb = await reduce(c, tapNo, old);
  const excess = old.total_yen - nb.total_yen;
  assert.equal(nb.paid_yen, nb.total_yen, "the corrected bill is paid, no more");
  assert.equal(nb.balance_yen, 0);
  const a = await account(c, tapNo);
  assert.equal(a.balance, 0, "nothing owed, never a negative balance");
  assert.equal(a.credit, excess, "what was paid beyond the corrected total is credit");
  const k = await c.get(`/karte/${tapNo}`);
  assert.match(k.text, /id="acct-balance"[^>]*>¥0</);
  assert.ok(k.text.includes(`id="acct-credit">¥${excess.toLocaleString("en-US")}<`) ||
            new RegExp(`id="acct-credit"[^>]*>¥${excess.toLocaleString("en-US")}<`).test(k.text), "過誤納 on the karte");
  // The refund: asked by the 担当, taken off the credit only when a 係長 approves.
  let r = await c.post(`/taps/${tapNo}/refund`, { csrf: c.csrf, amount: String(excess), method: "transfer",
                                                  reason: "更正（減免）による過誤納の還付", ...formFields(k.text, "refund-form") });
  assert.equal(r.status, 303, r.text);
  assert.equal((await account(c, tapNo)).credit, excess, "nothing leaves before approval");
  const chief = await login("kakaricho");
  const list = await chief.get("/approvals");
  assert.ok(list.text.includes(`水栓 ${tapNo} の過誤納 ${excess} 円を還付（口座振込）`), "the refund awaits approval");
  const ap = Math.max(...[...list.text.matchAll(/action="\/approvals\/(\d+)"/g)].map((x) => Number(x[1])));
  r = await chief.post(`/approvals/${ap}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303, r.text);
  const done = await account(c, tapNo);
  assert.equal(done.credit, 0);
  assert.equal(done.balance, 0);
});

test(`[${engine}] the excess of a reduced bill is set off against the next bill, whose slip then answers for the rest`, async () => {
  const c = await login("tanto");
  const { tapNo, open } = await tapWithOpenBills(c, 2);
  const [old, ...rest] = [...open].sort((x, y) => x.id - y.id);
  pay(old);
  const nb = await reduce(c, tapNo, old);
  const excess = old.total_yen - nb.total_yen;
  const owedBefore = rest.reduce((s, b) => s + b.balance_yen, 0);
  let a = await account(c, tapNo);
  assert.equal(a.balance, owedBefore, "only the other bills are owed");
  assert.equal(a.credit, excess);
  // The corrected bill itself is paid in full, its balance nought (not negative).
  assert.equal((await bills(c, tapNo)).find((b) => b.id === nb.id).balance_yen, 0);
  // Set off (充当) from the karte.
  const k = await c.get(`/karte/${tapNo}`);
  const next = rest[0];
  const r = await c.post(`/taps/${tapNo}/setoff`, { csrf: c.csrf, bill: String(next.id), ...formFields(k.text, "setoff-form") });
  assert.equal(r.status, 303, r.text);
  a = await account(c, tapNo);
  const applied = Math.min(excess, next.balance_yen);
  assert.equal(a.credit, excess - applied);
  assert.equal(a.balance, owedBefore - applied);
  const after = (await bills(c, tapNo)).find((b) => b.id === next.id);
  assert.equal(after.balance_yen, next.balance_yen - applied);
  if (after.balance_yen > 0) {
    const slip = await c.get(`/bills/${next.id}/slip.pdf`);
    assert.equal(slip.status, 200, slip.text.slice(0, 300));
    assert.match(slip.headers.get("content-type"), /application\/pdf/);
  }
});

// Every change above to a bill's status or paid amount kept the open-bill list
// (bill_open, which the debit request reads) in step with the bills.
test(`[${engine}] the open-bill list agrees with every bill and payment above`, () => {
  const d = openBillsDrift(ctx);
  assert.deepEqual({ missing: d.missing, extra: d.extra }, { missing: [], extra: [] });
  assert.ok(d.open > 0, "some bills are still open");
});
