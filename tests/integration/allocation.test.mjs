// Allocation (消込) against the real binary and database (SQLite, or
// PostgreSQL when SUIDO_TEST_DB is set): money posted to a bill, partial and
// over-payments, credit set off or refunded with a second person's approval,
// suspense resolved by a person, reversals — and never a yen unaccounted.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, demoCycle, formToken, makeEnv, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, used = new Set();

async function login(username) {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text);
  return c;
}
function run(args) {
  const r = suido(ctx, args);
  assert.equal(r.code, 0, `suido ${args.join(" ")}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}
async function account(c, tapNo) {
  const r = await c.get(`/api/v1/taps/${tapNo}/account`);
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text);
}
async function bills(c, tapNo) {
  return JSON.parse((await c.get(`/api/v1/taps/${tapNo}/bills`)).text).bills.filter((b) => b.status === "current");
}
/** A tap (not used by another test) with at least `n` unpaid current bills and no credit, whose
 *  bills are all its present customer's (money paid for a tap never pays a former occupant's bills). */
async function tapWithOpenBills(c, n = 1) {
  for (const back of [1, 2, 3]) {
    for (const line of run(["bill", "list", "--cycle", demoCycle(back)]).trim().split("\n")) {
      const tapNo = line.split("\t")[0];
      if (used.has(tapNo)) continue;
      const all = await bills(c, tapNo);
      const open = all.filter((b) => b.balance_yen > 0 && b.paid_yen === 0);
      const a = await account(c, tapNo);
      if (open.length >= n && a.credit === 0 && new Set(all.map((b) => b.customer_id)).size === 1) { used.add(tapNo); return { tapNo, open }; }
    }
  }
  throw new Error(`no tap with ${n} open bills`);
}
/** Every posted payment's yen went somewhere: allocated + credited = amount. */
function assertDayBalances(day) {
  const rows = run(["payment", "list", "--date", day]).trim().split("\n").filter(Boolean);
  assert.ok(rows.length > 0, `payments posted on ${day}`);
  for (const r of rows) {
    const [id, , status, , amount, allocated, credited] = r.split("\t");
    if (status === "suspense") assert.equal(Number(allocated) + Number(credited), 0, `payment ${id} in suspense`);
    else assert.equal(Number(allocated) + Number(credited), Number(amount), `payment ${id}: ${r}`);
  }
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "21", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] a slip's exact amount clears its bill once; a different amount goes to suspense, never allocated`, async () => {
  const c = await login("tanto");
  const { tapNo, open } = await tapWithOpenBills(c);
  const bill = open[0];
  // Wrong amount: suspense, the bill untouched.
  let out = run(["payment", "post", "--bill", String(bill.id), "--amount", String(bill.balance_yen - 1), "--channel", "cvs",
                 "--paid-on", "2026-01-05", "--posted-on", "2026-01-06", "--exact", "--ref", `T1-${bill.id}-short`]);
  assert.match(out, /未消込: 入金 \d+（未消込 (\d+)、理由: 金額が調定の未納額と一致しない）/);
  const susId = out.match(/未消込 (\d+)/)[1];
  assert.equal((await bills(c, tapNo)).find((b) => b.id === bill.id).balance_yen, bill.balance_yen);
  assert.match(run(["payment", "suspense"]), new RegExp(`^${susId}\\tcvs\\t2026-01-05\\t${bill.balance_yen - 1}\\tamount`, "m"));
  // The exact amount: the bill is paid; the same record again posts nothing.
  out = run(["payment", "post", "--bill", String(bill.id), "--amount", String(bill.balance_yen), "--channel", "cvs",
             "--paid-on", "2026-01-05", "--posted-on", "2026-01-06", "--exact", "--ref", `T1-${bill.id}`]);
  assert.match(out, new RegExp(`充当 ${bill.balance_yen} 円、過誤納 0 円`));
  out = run(["payment", "post", "--bill", String(bill.id), "--amount", String(bill.balance_yen), "--channel", "cvs",
             "--paid-on", "2026-01-05", "--posted-on", "2026-01-06", "--exact", "--ref", `T1-${bill.id}`]);
  assert.match(out, /計上済み（二重計上しません）/);
  const after1 = (await bills(c, tapNo)).find((b) => b.id === bill.id);
  assert.equal(after1.balance_yen, 0);
  assert.equal(after1.paid_yen, bill.total_yen);
  // A second channel pays the same bill: the money is the customer's credit (過誤納), not lost.
  out = run(["payment", "post", "--bill", String(bill.id), "--amount", String(bill.balance_yen), "--channel", "debit",
             "--paid-on", "2026-01-05", "--posted-on", "2026-01-06", "--exact", "--ref", `T1-${bill.id}-debit`]);
  assert.match(out, new RegExp(`充当 0 円、過誤納 ${bill.balance_yen} 円`));
  assert.equal((await account(c, tapNo)).credit, bill.balance_yen);
  // The suspense item is resolved by a person naming the bill and a reason: the rest of the bill is due still.
  const bad = suido(ctx, ["payment", "resolve", "--id", susId, "--tap", tapNo]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /理由/);
  out = run(["payment", "resolve", "--id", susId, "--tap", tapNo, "--note", "電話で本人確認（1円不足）"]);
  assert.match(out, /入金 \d+: 充当 \d+ 円/);
  assert.doesNotMatch(run(["payment", "suspense"]), new RegExp(`^${susId}\\t`, "m"));
  assert.match(run(["payment", "suspense", "--status", "resolved"]), new RegExp(`^${susId}\\t`, "m"));
  assertDayBalances("2026-01-06");
});

test(`[${engine}] partial and over-payments at the counter: oldest bill first, the rest kept as credit, then set off`, async () => {
  const c = await login("tanto");
  const { tapNo, open } = await tapWithOpenBills(c, 2);
  const before = await account(c, tapNo);
  const oldest = [...open].sort((a, b) => a.due_on.localeCompare(b.due_on) || a.id - b.id)[0];
  // A partial payment: part of the oldest bill.
  run(["payment", "post", "--tap", tapNo, "--amount", "1000", "--channel", "counter", "--paid-on", "2026-01-07",
       "--posted-on", "2026-01-07", "--ref", `T2-${tapNo}-a`]);
  let b = (await bills(c, tapNo)).find((x) => x.id === oldest.id);
  assert.equal(b.paid_yen, 1000);
  assert.equal(b.balance_yen, oldest.balance_yen - 1000);
  // Everything owed plus 777 yen: every bill cleared, 777 kept as credit.
  const owed = (await account(c, tapNo)).balance;
  let out = run(["payment", "post", "--tap", tapNo, "--amount", String(owed + 777), "--channel", "counter",
                 "--paid-on", "2026-01-07", "--posted-on", "2026-01-07", "--ref", `T2-${tapNo}-b`]);
  assert.match(out, new RegExp(`充当 ${owed} 円、過誤納 777 円`));
  let a = await account(c, tapNo);
  assert.equal(a.balance, 0);
  assert.equal(a.credit, 777);
  assert.equal(a.paid, before.paid + owed + 1000);
  assertDayBalances("2026-01-07");
  // The karte shows the balance and every payment.
  const k = await c.get(`/karte/${tapNo}`);
  assert.match(k.text, /id="payments"/);
  assert.match(k.text, /id="acct-credit"[^>]*>¥777</);
  assert.equal([...k.text.matchAll(/<td>窓口<\/td>/g)].length, 2);
  // Nothing owed: set-off finds nothing to pay.
  let r = await c.post(`/taps/${tapNo}/setoff`, { csrf: c.csrf, bill: "" });
  assert.equal(r.status, 303);
  assert.equal((await account(c, tapNo)).credit, 777);
  // A correction raises a bill by more than the credit: set-off pays part of it from the credit.
  const last = (await bills(c, tapNo))[0];
  const viewer = await login("etsuran");
  r = await viewer.post(`/taps/${tapNo}/setoff`, { csrf: viewer.csrf, bill: "" });
  assert.equal(r.status, 403);
  r = await c.post(`/bills/${last.id}`, { csrf: c.csrf, action: "correct", usage: String(last.usage_m3 + 40),
                                          reason: "検針値の誤入力（再検針で確認）" });
  assert.equal(r.status, 303, r.text);
  const chief = await login("kakaricho");
  const ap = Math.max(...[...(await chief.get("/approvals")).text.matchAll(/action="\/approvals\/(\d+)"/g)].map((x) => Number(x[1])));
  r = await chief.post(`/approvals/${ap}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303, r.text);
  a = await account(c, tapNo);
  assert.ok(a.balance > 777, `owed after the correction: ${a.balance}`);
  r = await c.post(`/taps/${tapNo}/setoff`, { csrf: c.csrf, bill: "" });
  assert.equal(r.status, 303, r.text);
  const after2 = await account(c, tapNo);
  assert.equal(after2.credit, 0);
  assert.equal(after2.balance, a.balance - 777);
});

test(`[${engine}] a refund of credit needs a 係長 other than the requester; it cannot exceed the credit`, async () => {
  const c = await login("tanto");
  const { tapNo } = await tapWithOpenBills(c);
  const owed = (await account(c, tapNo)).balance;
  run(["payment", "post", "--tap", tapNo, "--amount", String(owed + 5000), "--channel", "bank", "--paid-on", "2026-01-08",
       "--posted-on", "2026-01-08", "--ref", `T3-${tapNo}`]);
  assert.equal((await account(c, tapNo)).credit, 5000);
  let r = await c.post(`/taps/${tapNo}/refund`, { csrf: c.csrf, amount: "6000", method: "transfer", reason: "二重払い",
                                         ...(await formToken(c, `/karte/${tapNo}`, "refund-form")) });
  assert.equal(r.status, 400);
  assert.match(r.text, /過誤納額 5000 円を超えています/);
  assert.match(r.text, /value="6000"/, "what was typed is kept");
  r = await c.post(`/taps/${tapNo}/refund`, { csrf: c.csrf, amount: "3000", method: "transfer", reason: "",
                                         ...(await formToken(c, `/karte/${tapNo}`, "refund-form")) });
  assert.equal(r.status, 400);
  r = await c.post(`/taps/${tapNo}/refund`, { csrf: c.csrf, amount: "3000", method: "transfer", reason: "二重払いの返金",
                                         ...(await formToken(c, `/karte/${tapNo}`, "refund-form")) });
  assert.equal(r.status, 303, r.text);
  assert.equal((await account(c, tapNo)).credit, 5000, "nothing leaves the credit before approval");
  const chief = await login("kakaricho");
  const list = await chief.get("/approvals");
  assert.match(list.text, new RegExp(`水栓 ${tapNo} の過誤納 3000 円を還付（口座振込）`));
  const ap = Math.max(...[...list.text.matchAll(/action="\/approvals\/(\d+)"/g)].map((x) => Number(x[1])));
  r = await chief.post(`/approvals/${ap}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303, r.text);
  assert.equal((await account(c, tapNo)).credit, 2000);
});

test(`[${engine}] a reversal (取消) undoes a payment's allocations and credit to the yen`, async () => {
  const c = await login("tanto");
  const { tapNo } = await tapWithOpenBills(c, 2);
  const before = await account(c, tapNo);
  run(["payment", "post", "--tap", tapNo, "--amount", String(before.balance + 300), "--channel", "card",
       "--paid-on", "2026-01-09", "--posted-on", "2026-01-09", "--ref", `T4-${tapNo}`]);
  const mid = await account(c, tapNo);
  assert.equal(mid.balance, 0);
  assert.equal(mid.credit, 300);
  let out = run(["payment", "reverse", "--channel", "card", "--ref", `T4-${tapNo}`, "--posted-on", "2026-01-10"]);
  assert.match(out, /^取消: 入金 \d+/);
  const back = await account(c, tapNo);
  assert.equal(back.balance, before.balance);
  assert.equal(back.paid, before.paid);
  assert.equal(back.credit, 0);
  // Twice is once; an unknown payment is named.
  assert.match(run(["payment", "reverse", "--channel", "card", "--ref", `T4-${tapNo}`]), /^取消済み/);
  const miss = suido(ctx, ["payment", "reverse", "--channel", "card", "--ref", "no-such-ref"]);
  assert.equal(miss.code, 1);
  assert.match(miss.stderr, /取り消す入金が見つかりません/);
  assertDayBalances("2026-01-10");
  // Bad input names the field.
  const bad = suido(ctx, ["payment", "post", "--tap", tapNo, "--amount", "100", "--channel", "cash", "--paid-on", "2026-01-09"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /収納経路「cash」/);
  const badDate = suido(ctx, ["payment", "post", "--tap", tapNo, "--amount", "100", "--channel", "bank", "--paid-on", "2026-02-30"]);
  assert.equal(badDate.code, 2);
  assert.match(badDate.stderr, /収納日/);
});

test(`[${engine}] a demo city stopped before its payments goes on with --continue-payments, once`, () => {
  // one city at a time: on PostgreSQL each makeEnv empties the one test database
  const whole = makeEnv();
  let posted, suspense;
  const unallocated = (env) => suido(env, ["payment", "suspense"]).stdout;
  try {
    const d = suido(whole, ["demo", "--taps", "120", "--years", "1", "--seed", "31"]);
    assert.equal(d.code, 0, d.stderr);
    posted = Number(d.stdout.match(/demo payments: (\d+) payments posted/)[1]);
    assert.ok(posted > 200, `payments: ${posted}`);
    suspense = unallocated(whole);
    assert.ok(suspense.trim().length > 0);
  } finally {
    whole.cleanup();
  }
  const parts = makeEnv();
  try {
    const p = suido(parts, ["demo", "--taps", "120", "--years", "1", "--seed", "31", "--no-payments"]);
    assert.equal(p.code, 0, p.stderr);
    // the same city built again is refused: the payments go on by --continue-payments
    const again = suido(parts, ["demo", "--taps", "120", "--years", "1", "--seed", "31"]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /既に水栓があります/);
    const c = suido(parts, ["demo", "--continue-payments", "--seed", "31"]);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(Number(c.stdout.match(/demo payments: (\d+) payments posted/)[1]), posted);
    const c2 = suido(parts, ["demo", "--continue-payments", "--seed", "31"]);
    assert.equal(c2.code, 0, c2.stderr);
    assert.match(c2.stdout, /demo payments: 0 payments posted/);
    // the same payments as the city built in one go: those the checks left unallocated, one by one
    assert.equal(unallocated(parts), suspense);
  } finally {
    parts.cleanup();
  }
});

test(`[${engine}] the demo city pays its history: debits (a few failing), slips, apps, cards, arrears, credit, suspense`, async () => {
  const own = makeEnv();
  let ownSrv;
  try {
    const d = suido(own, ["demo", "--taps", "150", "--years", "1", "--seed", "9"]);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /demo payments: (\d+) payments posted up to yesterday/);
    const posted = Number(d.stdout.match(/demo payments: (\d+)/)[1]);
    assert.ok(posted > 300, `payments: ${posted}`);
    const c = suido(own, ["bill", "list", "--cycle", demoCycle(3)]);
    assert.equal(c.code, 0);
    const taps = c.stdout.trim().split("\n").map((l) => l.split("\t")[0]);
    const channels = new Set();
    let arrears = 0, paid = 0, credit = 0;
    // Each tap's account through the API (one server, not a `suido payment account` process per tap;
    // both print app_account_get).
    ownSrv = await startServer(own);
    const staff = new Client(ownSrv.base);
    assert.equal((await staff.login("tanto", DEMO)).status, 303);
    for (const t of taps) {
      const a = await account(staff, t);
      for (const p of a.payments) {
        channels.add(p.channel);
        if (p.status === "posted" && p.reverses === 0) assert.equal(p.allocated + p.credited, p.amount, JSON.stringify(p));
      }
      arrears += a.overdue > 0 ? 1 : 0;
      paid += a.paid > 0 ? 1 : 0;
      credit += a.credit;
    }
    for (const ch of ["debit", "cvs", "card"]) assert.ok(channels.has(ch), `some paid by ${ch}: ${[...channels]}`);
    assert.ok(paid > taps.length / 2, `most taps paid: ${paid} of ${taps.length}`);
    assert.ok(arrears > 0, "some arrears for the later work on collections");
    const sus = suido(own, ["payment", "suspense"]).stdout.trim().split("\n").filter(Boolean);
    assert.ok(sus.length > 0, "a few payments wait in suspense");
    assert.ok(credit >= 0);
  } finally {
    if (ownSrv) await stopServer(ownSrv);
    own.cleanup();
  }
});
