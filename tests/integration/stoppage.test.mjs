// Supply stoppage (給水停止) against the real binary and database (SQLite, or
// PostgreSQL when SUIDO_TEST_DB is set), over simulated days
// (SUIDO_CLOCK_SHIFT_DAYS): bills → 督促 → 催告 → 予告 (suido arrears dunning),
// then, once the 予告's stoppage date has come, the candidates; a 係長 issues
// stoppage orders after a confirmation; 停止済 suspends the tap (karte strip,
// search results, route list), payment and a 解除 order make it active again;
// a sensitive tap is never a candidate; 不在 keeps a tap a candidate; an order
// paid meanwhile is cancelled (納付済で中止); 403 for roles without permission;
// bad input names the field.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { BIN, Client, formTokenIn, makeEnv, sql, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
const NOW = 100;   // the server's day: past the 予告's stoppage date
let ctx, srv;

function day(shift = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}
function at(shift, args) {
  const r = spawnSync(BIN, args, { env: { ...ctx.env, SUIDO_CLOCK_SHIFT_DAYS: String(shift) }, encoding: "utf8",
                                   timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
async function as(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}
function candidatesIn(html) {
  return [...html.matchAll(/name="tap" value="(\d{8})"/g)].map((m) => m[1]);
}
/** Pay every open bill of a tap (as of the server's day). */
function payAll(tap) {
  const rows = sql(ctx, `SELECT b.id || '|' || (b.total_yen - COALESCE(x.paid_yen, 0) - COALESCE(x.pending_yen, 0))`
    + ` FROM bills b JOIN taps t ON t.id = b.tap_id LEFT JOIN bill_balances x ON x.bill_id = b.id`
    + ` JOIN bill_open o ON o.bill_id = b.id WHERE t.tap_no = '${tap}' AND b.status = 'current'`);
  for (const line of rows.split("\n").filter(Boolean)) {
    const [bill, amount] = line.split("|");
    if (Number(amount) <= 0) continue;
    const p = at(NOW, ["payment", "post", "--bill", bill, "--amount", amount, "--channel", "counter",
                       "--paid-on", day(NOW)]);
    assert.equal(p.code, 0, p.stderr);
  }
}
const orderOf = (tap, kind) => sql(ctx, `SELECT MAX(w.id) FROM work_orders w JOIN taps t ON t.id = w.tap_id`
  + ` WHERE t.tap_no = '${tap}' AND w.kind = '${kind}'`);

let cands = [];
const chosen = {};

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "600", "--years", "1", "--seed", "17"]);
  assert.equal(d.code, 0, d.stderr);
  for (const [shift, step] of [[0, "tokusoku"], [40, "saikoku"], [80, "yokoku"]]) {
    const r = at(shift, ["arrears", "dunning", "--step", step, "--as-of", day(shift)]);
    assert.equal(r.code, 0, r.stderr);
  }
  ctx.env.SUIDO_CLOCK_SHIFT_DAYS = String(NOW);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the candidates: 予告 whose stoppage date has come, still owing`, async () => {
  const c = await as("kakaricho");
  const page = await c.get("/arrears/stoppage");
  assert.equal(page.status, 200);
  assert.match(page.text, /給水停止の候補/);
  assert.match(page.text, /href="\/arrears\/stoppage"[^>]*aria-current="page"/, "the sub-navigation names the screen");
  cands = candidatesIn(page.text);
  assert.ok(cands.length >= 4, `candidates: ${cands.length}`);
  // every candidate has a 予告 whose stoppage date has come and a bill of it still open
  for (const tap of cands) {
    const n = sql(ctx, `SELECT COUNT(*) FROM notice_letters l JOIN taps t ON t.id = l.tap_id WHERE t.tap_no = '${tap}'`
      + ` AND l.step = 'yokoku' AND l.stop_on <= '${day(NOW)}'`);
    assert.ok(Number(n) >= 1, tap);
  }
  [chosen.stop, chosen.sensitive, chosen.absent, chosen.paid] = cands;
  // the カルテ places the tap on the arrears path: 予告 sent (its deadline), next the stoppage on its date
  const [deadline, stopOn] = sql(ctx, "SELECT l.deadline, l.stop_on FROM notice_letters l JOIN taps t ON t.id = l.tap_id"
    + ` WHERE t.tap_no = '${cands[0]}' AND l.step = 'yokoku' ORDER BY l.stop_on DESC LIMIT 1`).split("|");
  const karte = await c.get(`/karte/${cands[0]}`);
  const stage = karte.text.match(/id="strip-arrears-stage">([^]*?)<\/span>/)?.[1];
  assert.ok(stage, "the stage on the strip");
  assert.match(stage, new RegExp(`給水停止予告済（指定期限 [^）]*${deadline}[^）]*）`));
  assert.match(stage, new RegExp(`次: 給水停止 [^<]*${stopOn}`));
});

test(`[${engine}] 403 for roles without permission; bad input names the field`, async () => {
  const tanto = await as("tanto");
  const page = await tanto.get("/arrears/stoppage");
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /id="stoppage-form"/, "no issue form for a 担当");
  let r = await tanto.post("/arrears/stoppage/issue", { csrf: tanto.csrf, tap: chosen.stop, due_on: day(NOW),
                                                        confirmed: "1" });
  assert.equal(r.status, 403);
  const viewer = await as("etsuran");
  r = await viewer.post(`/karte/${chosen.stop}/stoppage/exempt`, { csrf: viewer.csrf, sensitive: "1" });
  assert.equal(r.status, 403);
  r = await viewer.post(`/karte/${chosen.stop}/stoppage/reopen`, { csrf: viewer.csrf, reason: "paid" });
  assert.equal(r.status, 403);
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM work_orders WHERE kind = 'stoppage'"), "0");

  const k = await as("kakaricho");
  r = await k.post("/arrears/stoppage/issue", { csrf: k.csrf, due_on: day(NOW), confirmed: "1" });
  assert.equal(r.status, 422);
  assert.match(r.text, /給水停止する水栓を一つ以上選んでください/);
  r = await k.post("/arrears/stoppage/issue", { csrf: k.csrf, tap: chosen.stop, due_on: "2026-02-30", confirmed: "1" });
  assert.equal(r.status, 422);
  assert.match(r.text, /作業日を YYYY-MM-DD/);
  assert.match(r.text, /name="due_on"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="due_on"/);
  r = await k.post("/arrears/stoppage/issue", { csrf: k.csrf, tap: chosen.stop, due_on: day(NOW - 1), confirmed: "1" });
  assert.equal(r.status, 422);
  assert.match(r.text, /作業日は今日以降/);
  r = await k.post("/arrears/stoppage/issue", { csrf: k.csrf, tap: "12ab", due_on: day(NOW), confirmed: "1" });
  assert.equal(r.status, 422);
  assert.match(r.text, /水栓番号は8桁の数字です/);
  const tanto2 = await as("tanto");
  r = await tanto2.post(`/karte/${chosen.stop}/stoppage/reopen`, { csrf: tanto2.csrf, reason: "paid" });
  assert.equal(r.status, 409, "not stopped: nothing to reopen");
  r = await tanto2.post(`/karte/${chosen.stop}/stoppage/reopen`, { csrf: tanto2.csrf, reason: "maybe" });
  assert.equal(r.status, 400);
  assert.match(r.text, /解除の理由を「納付」か「分納誓約」から選んでください/);
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM work_orders WHERE kind IN ('stoppage', 'reopen')"), "0");
});

test(`[${engine}] a sensitive tap is never a candidate`, async () => {
  const tanto = await as("tanto");
  const karte = await tanto.get(`/karte/${chosen.sensitive}`);
  assert.match(karte.text, /id="exempt-form"/);
  const r = await tanto.post(`/karte/${chosen.sensitive}/stoppage/exempt`, { csrf: tanto.csrf, sensitive: "1" });
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(ctx, `SELECT stop_sensitive FROM taps WHERE tap_no = '${chosen.sensitive}'`), "1");
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'tap.stop_exempt'`
    + ` AND object = 'tap:${chosen.sensitive}'`), "1");
  const k = await as("kakaricho");
  const page = await k.get("/arrears/stoppage");
  assert.ok(!candidatesIn(page.text).includes(chosen.sensitive));
  const post = await k.post("/arrears/stoppage/issue", { csrf: k.csrf, tap: chosen.sensitive, due_on: day(NOW),
                                                         confirmed: "1" });
  assert.equal(post.status, 409);
  assert.match(post.text, /給水停止の候補ではありません/);
  // a welfare case likewise
  const w = await tanto.post(`/karte/${chosen.sensitive}/stoppage/exempt`, { csrf: tanto.csrf, welfare: "1" });
  assert.equal(w.status, 303);
  assert.equal(sql(ctx, `SELECT stop_sensitive || '' || stop_welfare FROM taps WHERE tap_no = '${chosen.sensitive}'`), "01");
  assert.ok(!candidatesIn((await k.get("/arrears/stoppage")).text).includes(chosen.sensitive));
});

test(`[${engine}] an active instalment pledge keeps a tap off the list; a breached one brings it back`, async () => {
  const k = await as("kakaricho");
  const tap = chosen.absent;
  // a pledge covering the tap's open bills (made as the pledge screen stores one; its own tests are pledge.test.mjs)
  const [customer, bill, owed] = sql(ctx, "SELECT b.customer_id, b.id, b.total_yen FROM bills b JOIN taps t ON t.id = b.tap_id"
    + ` JOIN bill_open o ON o.bill_id = b.id WHERE t.tap_no = '${tap}' ORDER BY b.due_on LIMIT 1`).split("|");
  sql(ctx, "INSERT INTO pledges (customer_id, pledged_on, status, total, instalments, created_by, created_at)"
    + ` VALUES (${customer}, '${day(NOW)}', 'active', ${owed}, 1, 'tanto', 0)`);
  const pledge = sql(ctx, `SELECT MAX(id) FROM pledges WHERE customer_id = ${customer}`);
  sql(ctx, `INSERT INTO pledge_bills (pledge_id, bill_id, amount) VALUES (${pledge}, ${bill}, ${owed})`);
  assert.ok(!candidatesIn((await k.get("/arrears/stoppage")).text).includes(tap), "kept off while the pledge is active");
  const post = await k.post("/arrears/stoppage/issue", { csrf: k.csrf, tap, due_on: day(NOW), confirmed: "1" });
  assert.equal(post.status, 409, "an order for it is refused");
  sql(ctx, `UPDATE pledges SET status = 'breached' WHERE id = ${pledge}`);
  assert.ok(candidatesIn((await k.get("/arrears/stoppage")).text).includes(tap), "back on the list once breached");
});

test(`[${engine}] a 係長 issues stoppage orders after a confirmation; they are on the crew's list by route`, async () => {
  const k = await as("kakaricho");
  const form = { csrf: k.csrf, due_on: day(NOW), urgent: "1" };
  const body = new URLSearchParams(form);
  for (const t of [chosen.stop, chosen.absent, chosen.paid]) body.append("tap", t);
  const confirm = await k.request("POST", "/arrears/stoppage/issue", { body: body.toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /id="confirm-text"[^>]*>次の 3 件の水栓に/);
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM work_orders WHERE kind = 'stoppage'"), "0", "the confirmation writes nothing");
  body.set("csrf", k.csrf);
  body.append("confirmed", "1");
  const done = await k.request("POST", "/arrears/stoppage/issue", { body: body.toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  assert.equal(done.status, 303, srv.log().slice(-2000));
  assert.match(done.location, /^\/workorders\?from=/);
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM work_orders w JOIN service_requests r ON r.id = w.request_id`
    + ` WHERE w.kind = 'stoppage' AND w.status = 'open' AND w.due_on = '${day(NOW)}' AND r.urgent = 1`), "3");
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = 'stoppage.issue'"), "3");
  const list = await k.get(done.location);
  assert.equal(list.status, 200);
  assert.match(list.text, /給水停止/);
  assert.ok(list.text.includes(chosen.stop));
  const pdf = await k.get(`/workorders.pdf?from=${day(NOW)}&days=1`);
  assert.equal(pdf.status, 200);
  // ordered taps are no longer candidates; a second order for them is refused
  const page = await k.get("/arrears/stoppage");
  for (const t of [chosen.stop, chosen.absent, chosen.paid]) assert.ok(!candidatesIn(page.text).includes(t), t);
  const again = await k.post("/arrears/stoppage/issue", { csrf: k.csrf, tap: chosen.stop, due_on: day(NOW),
                                                          confirmed: "1" });
  assert.equal(again.status, 409);
});

test(`[${engine}] 不在 keeps the tap a candidate; paid meanwhile: 納付済で中止`, async () => {
  const tanto = await as("tanto");
  const absent = orderOf(chosen.absent, "stoppage");
  const page = await tanto.get(`/workorders/${absent}`);
  assert.match(page.text, /給水停止作業/);
  assert.match(page.text, /name="result"/);
  let r = await tanto.post(`/workorders/${absent}`, { csrf: tanto.csrf, result: "reopened" });
  assert.equal(r.status, 422);
  assert.match(r.text, /結果を「停止済」「不在」「納付済で中止」から選んでください/);
  r = await tanto.post(`/workorders/${absent}`, { csrf: tanto.csrf, result: "absent", note: "留守" });
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(ctx, `SELECT status || '|' || result FROM work_orders WHERE id = ${absent}`), "done|absent");
  assert.equal(sql(ctx, `SELECT status FROM taps WHERE tap_no = '${chosen.absent}'`), "active");
  const day1 = await tanto.get(`/workorders?from=${day(NOW)}&days=1`);
  assert.match(day1.text, /完了（不在）/);
  const k = await as("kakaricho");
  assert.ok(candidatesIn((await k.get("/arrears/stoppage")).text).includes(chosen.absent), "a candidate again");

  payAll(chosen.paid);
  const paid = orderOf(chosen.paid, "stoppage");
  r = await tanto.post(`/workorders/${paid}`, { csrf: tanto.csrf, result: "paid" });
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(ctx, `SELECT status || '|' || result FROM work_orders WHERE id = ${paid}`), "cancelled|paid");
  assert.equal(sql(ctx, `SELECT r.status FROM service_requests r JOIN work_orders w ON w.request_id = r.id`
    + ` WHERE w.id = ${paid}`), "cancelled");
  assert.equal(sql(ctx, `SELECT status FROM taps WHERE tap_no = '${chosen.paid}'`), "active");
  assert.ok(!candidatesIn((await k.get("/arrears/stoppage")).text).includes(chosen.paid), "paid: no candidate");
  r = await tanto.post(`/workorders/${paid}`, { csrf: tanto.csrf, result: "stopped" });
  assert.equal(r.status, 409, "a finished order takes no second result");
});

test(`[${engine}] 停止済 → visible everywhere → payment → 解除 order → active`, async () => {
  const tanto = await as("tanto");
  const order = orderOf(chosen.stop, "stoppage");
  let r = await tanto.post(`/workorders/${order}`, { csrf: tanto.csrf, result: "stopped" });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, `/karte/${chosen.stop}`);
  assert.equal(sql(ctx, `SELECT status || '|' || stopped_on FROM taps WHERE tap_no = '${chosen.stop}'`),
               `suspended|${day(NOW)}`);
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'stoppage.result'`
    + ` AND object = 'tap:${chosen.stop}'`), "1");
  // the karte: the strip says 給水停止中 since the day, in red
  const karte = await tanto.get(`/karte/${chosen.stop}`);
  assert.match(karte.text, /id="strip-stopped"[^>]*>\s*<dt>給水停止中<\/dt><dd>[^<]*\d/);
  assert.match(karte.text, /class="strip-item owed stopped"/);
  assert.match(karte.text, new RegExp(`id="strip-arrears-stage">　給水停止中（${day(NOW)} から）`));
  assert.match(karte.text, /id="reopen-form"/);
  // search results
  const name = karte.text.match(/class="h1-name">([^<]+)</)[1];
  const search = await tanto.get(`/customers?q=${encodeURIComponent(name)}`);
  assert.equal(search.status, 200);
  const row = search.text.slice(search.text.indexOf(`/karte/${chosen.stop}"`));
  assert.match(row.slice(0, row.indexOf("</tr>")), /class="state state-stopped">給水停止中</);
  // the route's reading list: shown as stopped, no entry field
  const route = sql(ctx, `SELECT route FROM taps WHERE tap_no = '${chosen.stop}'`);
  // the route's cycle of the (simulated) day, scheduled here: nothing read yet
  const cycle = day(NOW).slice(0, 7);
  sql(ctx, `INSERT INTO reading_schedule (cycle, route, from_on, to_on) VALUES ('${cycle}', '${route}', '${day(NOW)}',`
    + ` '${day(NOW)}')`);
  const grid = await tanto.get(`/reading/routes/${route}?cycle=${cycle}`);
  assert.equal(grid.status, 200);
  assert.match(grid.text, /給水停止中/);
  assert.doesNotMatch(grid.text, new RegExp(`id="f-v_${chosen.stop}"`));
  const taps = Number(sql(ctx, `SELECT COUNT(*) FROM taps WHERE route = '${route}' AND status <> 'closed'`));
  const api = await tanto.get(`/api/v1/routes/${route}/list?cycle=${cycle}`);
  assert.equal(api.status, 200, api.text);
  const list = JSON.parse(api.text);
  assert.equal(list.items.length, taps, "the stopped tap is listed");
  assert.equal(list.total, taps - 1, "a stopped tap is no 未検針");
  assert.equal(list.items.find((x) => x.tap_no === chosen.stop).stopped_on, day(NOW));

  // the stoppage screen lists the taps stopped; once paid, one waits for its 解除
  const rowOf = (html) => {
    const sec = html.slice(html.indexOf('id="stopped-list"'));
    const at = sec.indexOf(`/karte/${chosen.stop}"`);
    assert.ok(at > 0, "listed among the taps stopped");
    return sec.slice(at, sec.indexOf("</tr>", at));
  };
  const k = await as("kakaricho");
  assert.doesNotMatch(rowOf((await k.get("/arrears/stoppage")).text), /解除待ち/);

  // a payment that leaves bills past due owed starts nothing
  const owed = () => sql(ctx, `SELECT b.id || '|' || (b.total_yen - COALESCE(x.paid_yen, 0)) FROM bills b`
    + ` JOIN taps t ON t.id = b.tap_id LEFT JOIN bill_balances x ON x.bill_id = b.id JOIN bill_open o ON o.bill_id = b.id`
    + ` WHERE t.tap_no = '${chosen.stop}' AND b.status = 'current' ORDER BY b.due_on`).split("\n").filter(Boolean)
    .map((l) => l.split("|").map(Number));
  const [[first]] = owed();
  let p = at(NOW, ["payment", "post", "--bill", String(first), "--amount", "1", "--channel", "counter",
                   "--paid-on", day(NOW)]);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(orderOf(chosen.stop, "reopen"), "", "still owing: no reopening order");
  assert.doesNotMatch(rowOf((await k.get("/arrears/stoppage")).text), /解除/);

  // the rest at the counter: the payment itself starts the 解除, the same day, and the clerk is told
  const rest = owed().reduce((s, [, yen]) => s + yen, 0);
  const counter = async (amount) => {
    const form = await tanto.get(`/taps/${chosen.stop}/counter`);
    assert.equal(form.status, 200);
    return tanto.post(`/taps/${chosen.stop}/counter`, { csrf: tanto.csrf, amount: String(amount), bill: "", note: "",
                                                        confirmed: "1", ...formTokenIn(form.text, "counter-form") });
  };
  r = await counter(rest);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const reopen = orderOf(chosen.stop, "reopen");
  assert.ok(Number(reopen) > 0, "a reopening order without the clerk's button");
  assert.match(r.location, new RegExp(`^/payments/\\d+/counter\\?reopen=${reopen}$`));
  const result = await tanto.get(r.location);
  assert.match(result.text, /id="counter-reopen"[^>]*>給水停止中の水栓です。開栓（停止解除）の作業指示を作成しました。/);
  assert.match(result.text, new RegExp(`id="counter-reopen-link"|href="/workorders/${reopen}"`));
  assert.ok(result.text.includes(`href="/workorders/${reopen}"`));
  assert.equal(sql(ctx, `SELECT w.due_on || '|' || r.urgent || '|' || w.status FROM work_orders w`
    + ` JOIN service_requests r ON r.id = w.request_id WHERE w.id = ${reopen}`), `${day(NOW)}|1|open`);
  const pid = r.location.match(/\/payments\/(\d+)\//)[1];
  const kansa = await as("kansa");
  const audit = (await kansa.get(`/audit?action=stoppage.reopen&object=tap:${chosen.stop}`)).text;
  assert.match(audit, new RegExp(`<dt>契機</dt><dd>payment:${pid}</dd>`), "audited with the payment that started it");
  assert.match(rowOf((await k.get("/arrears/stoppage")).text), /解除作業（未完了）/);
  // a second payment starts no second order; the karte's button says one is open
  r = await counter(500);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.doesNotMatch(r.location, /reopen/);
  assert.doesNotMatch((await tanto.get(r.location)).text, /id="counter-reopen"/);
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM work_orders w JOIN taps t ON t.id = w.tap_id WHERE t.tap_no = '${chosen.stop}'`
    + ` AND w.kind = 'reopen'`), "1");
  r = await tanto.post(`/karte/${chosen.stop}/stoppage/reopen`, { csrf: tanto.csrf, reason: "paid" });
  assert.equal(r.status, 409, "one reopening order at a time");
  r = await tanto.post(`/workorders/${reopen}`, { csrf: tanto.csrf, result: "stopped" });
  assert.equal(r.status, 422);
  r = await tanto.post(`/workorders/${reopen}`, { csrf: tanto.csrf, result: "reopened" });
  assert.equal(r.status, 303, r.text);
  assert.equal(sql(ctx, `SELECT status || '|' || stopped_on FROM taps WHERE tap_no = '${chosen.stop}'`), "active|");
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'stoppage.reopen'`), "1");
  // the tap reopened: a later payment starts nothing
  r = await counter(300);
  assert.equal(r.status, 303);
  assert.equal(sql(ctx, `SELECT COUNT(*) FROM work_orders w JOIN taps t ON t.id = w.tap_id WHERE t.tap_no = '${chosen.stop}'`
    + ` AND w.kind = 'reopen'`), "1");
  const after = await tanto.get(`/karte/${chosen.stop}`);
  assert.doesNotMatch(after.text, /id="strip-stopped"/);
});

test(`[${engine}] a pledge covering what a stopped tap owes starts its 解除; one covering part of it does not`, async () => {
  const k = await as("kakaricho");
  const tap = chosen.absent;
  let r = await k.post("/arrears/stoppage/issue", { csrf: k.csrf, tap, due_on: day(NOW), confirmed: "1" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const tanto = await as("tanto");
  r = await tanto.post(`/workorders/${orderOf(tap, "stoppage")}`, { csrf: tanto.csrf, result: "stopped" });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(sql(ctx, `SELECT stopped_on FROM taps WHERE tap_no = '${tap}'`), day(NOW));
  const bills = sql(ctx, "SELECT b.id || '|' || b.customer_id FROM bills b JOIN taps t ON t.id = b.tap_id"
    + ` JOIN bill_open o ON o.bill_id = b.id WHERE t.tap_no = '${tap}' AND b.status = 'current' AND o.due_on < '${day(NOW)}'`
    + " ORDER BY b.due_on").split("\n").filter(Boolean).map((l) => l.split("|"));
  assert.ok(bills.length >= 1);
  const customer = bills[0][1];
  assert.ok(bills.every(([, c]) => c === customer), "one customer's bills");
  const pledge = async (ids) => {
    const page = await tanto.get(`/arrears/customers/${customer}/pledge`);
    assert.equal(page.status, 200);
    const form = { csrf: tanto.csrf, mode: "equal", count: "2", first: day(NOW + 5), ...formTokenIn(page.text, "pledge-form") };
    for (const id of ids) form[`bill_${id}`] = "1";
    const res = await tanto.post(`/arrears/customers/${customer}/pledge`, form);
    assert.equal(res.status, 303, res.text.slice(0, 500));
    return res.location.match(/(\d+)$/)[1];
  };
  if (bills.length > 1) {
    await pledge([bills[0][0]]);
    assert.equal(orderOf(tap, "reopen"), "", "a bill past due still owed outside the pledge: no order");
  }
  const id = await pledge(bills.slice(bills.length > 1 ? 1 : 0).map(([b]) => b));
  const reopen = orderOf(tap, "reopen");
  assert.ok(Number(reopen) > 0, "the pledge started the 解除");
  assert.equal(sql(ctx, `SELECT w.due_on || '|' || w.status FROM work_orders w WHERE w.id = ${reopen}`), `${day(NOW)}|open`);
  const audit = (await (await as("kansa")).get(`/audit?action=stoppage.reopen&object=tap:${tap}`)).text;
  assert.match(audit, new RegExp(`<dt>契機</dt><dd>pledge:${id}</dd>`));
  assert.match(audit, /<dt>理由<\/dt><dd>pledge<\/dd>/);
});
