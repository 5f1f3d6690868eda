// Billing (調定) against the real binary and database (SQLite, or PostgreSQL
// when SUIDO_TEST_DB is set): a run is idempotent and survives kill -9, a
// bill's amount is what the tariff says, held readings are skipped with the
// reason, and corrections and leak reductions go through a second person.
// The demo city is built without bills so that each test bills its own cycle.  A city loaded
// without tariffs (日割り at a tariff change, 汚水量の認定) is in billing_tariffs.test.mjs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, Client, ROOT, billsShown, demoCycle, makeEnv, startServer, stopServer, suido, openBillsDrift, sql } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, cycles = [], current;

function sorted(tsv) {
  return tsv.trim().split("\n").filter(Boolean).sort().join("\n");
}
function cycleOf(offset) {
  // past cycles, newest first, that the demo's schedule holds
  return cycles[offset];
}
async function login(username) {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text);
  return c;
}
/** Bill ids on a tap's karte, in the order shown (newest first). */
async function karteBills(c, tapNo) {
  const r = await c.get(`/karte/${tapNo}`);
  assert.equal(r.status, 200);
  const panel = r.text.slice(r.text.indexOf('id="bills"'));
  return [...panel.matchAll(/href="\/bills\/(\d+)"/g)].map((m) => Number(m[1]));
}

/** The current bill of a tap for a cycle, through the API. */
async function billOf(c, tapNo, cyc) {
  const r = await c.get(`/api/v1/taps/${tapNo}/bills`);
  assert.equal(r.status, 200, r.text);
  const b = JSON.parse(r.text).bills.find((x) => x.cycle === cyc && x.status === "current");
  assert.ok(b, `a current bill of ${tapNo} for ${cyc}`);
  return b;
}

before(async () => {
  ctx = makeEnv();
  // Small chunks for the run that the kill -9 test stops in the middle (it commits many times);
  // every other run bills in the usual chunks.
  writeFileSync(join(ctx.dir, "slow.ini"), "[billing]\nchunk = 1\n");
  const d = suido(ctx, ["demo", "--taps", "800", "--years", "1", "--seed", "11", "--no-bills"]);
  assert.equal(d.code, 0, d.stderr);
  current = demoCycle(0);   // the demo's open cycle: readings through the checks, some held
  for (let k = 1; k <= 8; k++) cycles.push(demoCycle(k));
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] kill -9 in the middle of a run, then a rerun: the bills equal those of an uninterrupted run`, async () => {
  const cyc = cycleOf(1);
  const dry = suido(ctx, ["bill", "run", "--cycle", cyc, "--dry-run", "--list"]);
  assert.equal(dry.code, 0, dry.stderr);
  const expected = sorted(dry.stdout);
  const n = expected.split("\n").length;
  assert.ok(n > 200, `bills expected in ${cyc}: ${n}`);
  assert.equal(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout, "", "a dry run writes nothing");

  const proc = spawn(BIN, ["bill", "run", "--cycle", cyc], { env: { ...ctx.env, SUIDO_CONFIG: join(ctx.dir, "slow.ini") } });
  await new Promise((res) => {
    proc.stderr.on("data", (d) => { if (d.toString().includes("調定中")) res(); });
    proc.on("exit", res);
  });
  proc.kill("SIGKILL");
  await new Promise((res) => proc.on("close", res));
  const partial = sorted(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout).split("\n").filter(Boolean);
  assert.ok(partial.length > 0 && partial.length < n, `killed after ${partial.length} of ${n} bills`);
  // Every bill committed before the kill is whole and right.
  for (const line of partial) assert.ok(expected.includes(line), line);

  const rerun = suido(ctx, ["bill", "run", "--cycle", cyc]);
  assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
  assert.match(rerun.stdout, new RegExp(`調定 ${n - partial.length} 件`));
  assert.equal(sorted(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout), expected);
  // Running again bills nobody twice.
  const again = suido(ctx, ["bill", "run", "--cycle", cyc]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /対象 0 件/);
  assert.equal(sorted(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout), expected);
  const runs = suido(ctx, ["bill", "runs"]).stdout;
  assert.match(runs, new RegExp(`${cyc}\\tall\\tinterrupted`), runs);
  assert.match(runs, new RegExp(`${cyc}\\tall\\tdone`), runs);
});

test(`[${engine}] a bill's amount is what the tariff says, line by line`, async () => {
  const cyc = cycleOf(1);
  const list = sorted(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout).split("\n");
  const c = await login("tanto");
  // The first 40 bills, shown 16 a command (nothing changes them in this test).
  const first = [];
  for (const line of list.slice(0, 40)) first.push((await billOf(c, line.split("\t")[0], cyc)).id);
  const shown = billsShown(ctx, first);
  const quotes = new Map();   // the same tariff, use, diameter, volume and months: quoted once
  let checked = 0;
  for (const [i, line] of list.slice(0, 40).entries()) {
    const [tapNo] = line.split("\t");
    const b = shown.get(first[i]);
    assert.equal(b.cycle, cyc);
    const quote = (file, use, m3) => {
      const args = ["tariff", "quote", "--tariff", join(ROOT, "tariffs", `${file}.json`), "--use", use,
                    "--diameter", String(b.diameter), "--usage", String(m3), "--months", String(b.months)];
      const key = args.join(" ");
      if (!quotes.has(key)) {
        const q = suido(ctx, args);
        assert.equal(q.code, 0, q.stderr);
        quotes.set(key, JSON.parse(q.stdout));
      }
      return quotes.get(key);
    };
    const water = b.lines.find((g) => g.svc === "water");
    if (!water.days && b.adjust_yen === 0) {   // a full period: no partial-period factor applies
      assert.equal(b.water_yen, quote(b.water_tariff, b.use, b.usage).total, `${tapNo} water`);
      if (b.sewer_operator === "self") assert.equal(b.sewer_yen, quote(b.sewer_tariff, b.use, b.sewer_usage).total);
      else assert.equal(b.sewer_yen, 0);
      checked++;
    }
    assert.equal(b.total_yen, b.water_yen + b.sewer_yen + b.adjust_yen);
    assert.ok(b.due_on > b.issued_on);
    const lines = b.lines.filter((g) => g.svc === "water");
    assert.equal(lines.length, 1);
    assert.equal(lines[0].total, b.water_yen);
  }
  assert.ok(checked >= 20, `bills checked against the tariff: ${checked}`);
  // The "why this amount" page: yen as staff read them, and what the base charge covers.
  let withBase = 0, flat = 0;
  for (const id of first) {
    const page = (await c.get(`/bills/${id}`)).text;
    const b = shown.get(id);
    assert.doesNotMatch(page, /\d\.00 円/, "no decimals on whole yen");
    const water = b.lines.find((g) => g.svc === "water");
    const first = water.lines.find((l) => l.kind === "band");
    if (first && first.from !== "0") {
      assert.match(page, new RegExp(`基本水量 ${first.from} m³ まで（基本料金に含む）`));
      withBase++;
    } else if (first) {
      assert.match(page, /使用水量にかかわらず定額/);
      flat++;
    }
    const base = water.lines.find((l) => l.kind === "base");
    const yen = Number(base.amount);
    assert.ok(page.includes(`${yen.toLocaleString("en-US")} 円`), `base ${base.amount} shown as whole yen`);
  }
  assert.ok(withBase > 0, `bills with a 基本水量: ${withBase} (flat ${flat})`);
  // The charge lines are kept apart from the bill (bill_lines), written 64 bills at a time:
  // every bill of the run carries its own lines, not a neighbour's.
  const ids = sql(ctx, `SELECT id FROM bills WHERE cycle = '${cyc}' AND status = 'current'`).split("\n");
  assert.equal(ids.length, list.length, "one current bill per line of the list");
  for (const b of billsShown(ctx, ids).values()) {
    const water = b.lines.filter((g) => g.svc === "water");
    assert.equal(water.length, 1, `bill ${b.id}`);
    assert.equal(water[0].m3, b.usage, `bill ${b.id} usage`);
    assert.equal(water[0].total, b.water_yen, `bill ${b.id} water`);
  }
});

test(`[${engine}] the current cycle: held readings are skipped with the reason (exit 3), a rerun changes nothing`, async () => {
  const r1 = suido(ctx, ["bill", "run", "--cycle", current]);
  assert.equal(r1.code, 3, r1.stdout + r1.stderr);
  assert.match(r1.stdout, /検針値保留中 \d+ 件/);
  const first = sorted(suido(ctx, ["bill", "list", "--cycle", current]).stdout);
  assert.ok(first.length > 0);
  const skips = suido(ctx, ["bill", "skips", "--cycle", current]).stdout;
  assert.match(skips, /\theld\t/);
  // Exactly the taps whose reading is held (the demo's typing errors; none of them read again):
  // each once, none billed.
  const c = await new Client(srv.base).apiLogin("tanto", DEMO);
  const held = (await c.getJson(`/api/v1/readings/held?cycle=${current}`)).readings;
  const heldTaps = [...new Set(held.map((h) => h.tap_no))].sort();
  const skippedHeld = skips.trim().split("\n").map((l) => l.split("\t")).filter((f) => f[1] === "held").map((f) => f[0]).sort();
  assert.deepEqual(skippedHeld, heldTaps);
  const billed = new Set(first.split("\n").map((l) => l.split("\t")[0]));
  assert.ok(heldTaps.every((t) => !billed.has(t)), "a held tap is not billed");
  const r2 = suido(ctx, ["bill", "run", "--cycle", current]);
  assert.equal(r2.code, 3);
  assert.match(r2.stdout, /調定 0 件/);
  assert.equal(sorted(suido(ctx, ["bill", "list", "--cycle", current]).stdout), first);
});

test(`[${engine}] an estimated reading (認定) in place of a held one is billed and marked as estimated`, async () => {
  const c = new Client(srv.base);
  const r0 = await c.request("POST", "/api/v1/login", { json: { username: "tanto", password: DEMO } });
  c.csrf = JSON.parse(r0.text).csrf;
  const held = JSON.parse((await c.get(`/api/v1/readings/held?cycle=${current}`)).text).readings;
  assert.ok(held.length > 0, "the demo holds a few mistyped readings this month");
  const h = held[0];
  const est = await c.request("POST", "/api/v1/readings/estimate", {
    json: { tap_no: h.tap_no, read_on: h.read_on, cause: "locked" }, headers: { "X-CSRF-Token": c.csrf } });
  assert.equal(est.status, 200, est.text);
  const r = suido(ctx, ["bill", "run", "--cycle", current]);
  assert.ok(r.code === 0 || r.code === 3, r.stderr);
  assert.match(r.stdout, /うち認定 1 件/);
  const b = await billOf(c, h.tap_no, current);
  assert.equal(b.estimated, true);
  assert.equal(b.usage_m3, JSON.parse(est.text).usage_m3);
  const page = await c.get(`/bills/${b.id}`);
  assert.match(page.text, /認定水量/);
});

test(`[${engine}] a 係長 starts a run from the screen and watches it; a 担当 may not`, async () => {
  const cyc = cycleOf(2);
  const clerk = await login("tanto");
  let r = await clerk.post("/billing/run", { csrf: clerk.csrf, cycle: cyc, group: "all" });
  assert.equal(r.status, 403);
  const chief = await login("kakaricho");
  r = await chief.post("/billing/run", { csrf: chief.csrf, cycle: "2026-13", group: "all" });
  assert.equal(r.status, 400);
  assert.match(r.text, /検針周期は YYYY-MM/);
  // The first press shows what the run will do, and runs nothing.
  const before = await chief.get(`/billing?cycle=${cyc}`);
  const toBill = Number(before.text.match(/id="ready-to-bill"[^>]*>(\d+) 件/)?.[1]);
  assert.ok(toBill > 200, "the readiness names what a run would bill");
  r = await chief.post("/billing/run", { csrf: chief.csrf, cycle: cyc, group: "all" });
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, new RegExp(`${cyc} 周期・全検針区 の確定済みの検針 ${toBill} 件を調定します。`));
  assert.match(r.text, /name="confirmed" value="1"/);
  assert.doesNotMatch((await chief.get("/billing")).text, new RegExp(`<td>${cyc}</td><td>全検針区</td>`),
                      "nothing ran before the confirmation");
  r = await chief.post("/billing/run", { csrf: chief.csrf, cycle: cyc, group: "all", confirmed: "1" });
  assert.equal(r.status, 303, r.text);
  assert.match(r.headers.get("location"), new RegExp(`^/billing(/summary)?\\?cycle=${cyc}`));
  const state = async () => {
    const page = await chief.get("/billing");
    return page.text.match(new RegExp(`<td>${cyc}</td><td>全検針区</td><td>([^<]*)</td>`))?.[1];
  };
  assert.ok(["実行中", "完了"].includes(await state()), "the run is listed with its state");
  for (let i = 0; i < 150 && (await state()) !== "完了"; i++) await new Promise((res) => setTimeout(res, 200));
  const page = await chief.get("/billing");
  assert.match(page.text, new RegExp(`<td>${cyc}</td><td>全検針区</td><td>完了</td>`));
  assert.ok(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout.split("\n").length > 200);
});

test(`[${engine}] billing readiness counts taps as the reading office does; the 調定集計表 adds up to the bills, by screen, CSV and Excel`, async () => {
  const cyc = cycleOf(2);   // billed by the test before
  const chief = await login("kakaricho");
  const page = (await chief.get(`/billing?cycle=${cyc}`)).text;
  const count = (id) => Number(page.match(new RegExp(`id="${id}"[^>]*>(?:<a[^>]*>)?(\\d+) 件`))?.[1]);
  // the same facts straight from the tables
  const accepted = Number(sql(ctx, `SELECT COUNT(DISTINCT tap_id) FROM readings WHERE cycle = '${cyc}'`
    + " AND status = 'accepted' AND kind IN ('actual', 'estimated')"));
  const billed = Number(sql(ctx, `SELECT COUNT(DISTINCT r.tap_id) FROM readings r JOIN bills b ON b.reading_id = r.id`
    + ` AND b.status = 'current' WHERE r.cycle = '${cyc}' AND r.status = 'accepted' AND r.kind IN ('actual', 'estimated')`));
  assert.equal(count("ready-read"), accepted);
  assert.equal(count("ready-billed"), billed);
  assert.equal(count("ready-to-bill"), accepted - billed);
  assert.equal(count("ready-taps"), count("ready-read") + count("ready-held") + count("ready-unread"));
  // bad input names the field
  let r = await chief.get(`/billing?cycle=${cyc}&group=weekly`);
  assert.equal(r.status, 400);
  assert.match(r.text, /検針グループは/);
  r = await chief.get("/billing/summary?cycle=2026-1");
  assert.equal(r.status, 400);
  assert.match(r.text, /検針周期は YYYY-MM/);
  // the summary's total is the sum of the cycle's current bills, and its lines add up to it
  const [n, total, water, sewer] = sql(ctx, "SELECT COUNT(*), SUM(total_yen), SUM(water_yen), SUM(sewer_yen) FROM bills"
    + ` WHERE cycle = '${cyc}' AND status = 'current'`).split("|").map(Number);
  const csv = await chief.get(`/billing/summary.csv?cycle=${cyc}&encoding=utf8`);
  assert.equal(csv.status, 200);
  const rows = csv.text.trim().split("\n").map((l) => l.split(","));
  assert.deepEqual(rows[0].slice(0, 4), ["検針周期", "用途", "口径(mm)", "件数"]);
  const totalRow = rows.at(-1);
  assert.equal(totalRow[1], "合計");
  const col = (name) => rows[0].indexOf(name);
  assert.equal(Number(totalRow[col("件数")]), n);
  assert.equal(Number(totalRow[col("調定額")]), total);
  assert.equal(Number(totalRow[col("水道料金")]), water);
  assert.equal(Number(totalRow[col("下水道使用料")]), sewer);
  const lines = rows.slice(1, -1).filter((x) => x[2] !== "小計");
  assert.equal(lines.reduce((a, x) => a + Number(x[col("調定額")]), 0), total);
  assert.equal(lines.reduce((a, x) => a + Number(x[col("件数")]), 0), n);
  // compared with the previous cycle the same way
  const prev = cycleOf(4);
  const prevTotal = Number(sql(ctx, `SELECT COALESCE(SUM(total_yen), 0) FROM bills WHERE cycle = '${prev}' AND status = 'current'`));
  const screen = (await chief.get(`/billing/summary?cycle=${cyc}`)).text;
  assert.match(screen, new RegExp(`前回 ${prev} 周期`));
  assert.equal(Number(totalRow[col("前回調定額")]), prevTotal);
  assert.equal(Number(totalRow[col("前回比増減")]), total - prevTotal);
  assert.match(screen, /<tfoot><tr class="total"><th scope="row">合計<\/th>/);
  // Excel: a real workbook whose sheet names the cycle
  const x = await chief.request("GET", `/billing/summary.xlsx?cycle=${cyc}`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get("content-type"), /spreadsheetml/);
  assert.equal(x.text.slice(0, 2), "PK");
  r = await chief.get(`/billing/summary.csv?cycle=${cyc}&encoding=ebcdic`);
  assert.equal(r.status, 400);
  assert.match(r.text, /文字コード/);
});

test(`[${engine}] a correction is approved by a second person: the old bill stays, cancelled; the difference is shown`, async () => {
  const cyc = cycleOf(1);
  // a bill above the volume included in the base charge, so that more water costs more
  const [tapNo, usage] = sorted(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout).split("\n")
    .map((l) => l.split("\t")).filter((x) => Number(x[1]) >= 30)[3];
  const clerk = await login("tanto");
  const { id } = await billOf(clerk, tapNo, cyc);
  let r = await clerk.post(`/bills/${id}`, { csrf: clerk.csrf, action: "correct", usage: "abc", reason: "誤入力" });
  assert.equal(r.status, 400);
  assert.match(r.text, /水量は 0〜9,999,999/);
  r = await clerk.post(`/bills/${id}`, { csrf: clerk.csrf, action: "correct", usage: String(Number(usage) + 10), reason: "" });
  assert.equal(r.status, 400);
  assert.match(r.text, /理由を入力/);
  r = await clerk.post(`/bills/${id}`, { csrf: clerk.csrf, action: "correct", usage: String(Number(usage) + 10),
                                          reason: "検針値の誤入力（再検針で確認）" });
  assert.equal(r.status, 303, r.text);
  // Not yet: the bill is unchanged until approved.
  assert.equal((await billOf(clerk, tapNo, cyc)).id, id);
  assert.equal((await clerk.get("/approvals")).status, 403);
  const chief = await login("kakaricho");
  const list = await chief.get("/approvals");
  const m = [...list.text.matchAll(/action="\/approvals\/(\d+)"/g)].map((x) => Number(x[1]));
  assert.ok(m.length > 0, "the request is on the approvals list");
  const ap = Math.max(...m);
  // The approver sees the amount before and after, the difference, and the bill itself.
  const row = list.text.split(`action="/approvals/${ap}"`)[0].split("<tr>").pop();
  const shown = row.match(/請求額 ¥([\d,]+) → ¥([\d,]+)（差額 ([+−])¥([\d,]+)）/);
  assert.ok(shown, row.slice(0, 400));
  assert.match(row, new RegExp(`<a href="/bills/${id}" class="approval-object">調定を見る</a>`));
  assert.match(list.text, /class="reject"/);
  r = await chief.post(`/approvals/${ap}`, { csrf: chief.csrf, decision: "approve", note: "確認" });
  assert.equal(r.status, 303, r.text);
  const newId = (await billOf(clerk, tapNo, cyc)).id;
  assert.notEqual(newId, id);
  assert.ok((await karteBills(clerk, tapNo)).includes(id), "the cancelled bill stays on the カルテ");
  const nb = JSON.parse(suido(ctx, ["bill", "show", String(newId)]).stdout);
  const ob = JSON.parse(suido(ctx, ["bill", "show", String(id)]).stdout);
  assert.equal(ob.status, "cancelled");
  assert.equal(nb.status, "current");
  assert.equal(nb.replaces, id);
  assert.equal(nb.usage, Number(usage) + 10);
  assert.ok(nb.total_yen > ob.total_yen);
  const num = (t) => Number(t.replaceAll(",", ""));
  assert.deepEqual([num(shown[1]), num(shown[2]), shown[3], num(shown[4])],
                   [ob.total_yen, nb.total_yen, "+", nb.total_yen - ob.total_yen], "what was shown is what was billed");
  const page = await clerk.get(`/bills/${newId}`);
  assert.match(page.text, /更正前の調定/);
  assert.match(page.text, /差額/);
  assert.match(page.text, /検針値の誤入力/);
  // The cancelled bill says what replaced it.
  const oldPage = await clerk.get(`/bills/${id}`);
  assert.match(oldPage.text, new RegExp(`<a href="/bills/${newId}" id="replaced-by">調定 ${newId}</a> に置き換えられました`));
  assert.doesNotMatch(page.text, /id="replaced-by"/);
  // The old bill can no longer be corrected.
  r = await clerk.post(`/bills/${id}`, { csrf: clerk.csrf, action: "correct", usage: "1", reason: "再度" });
  assert.equal(r.status, 409);
});

test(`[${engine}] a correction of a paid bill carries the payment over up to the new total: the excess becomes credit (過誤納)`, async () => {
  const cyc = cycleOf(1);
  const [tapNo, usage] = sorted(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout).split("\n")
    .map((l) => l.split("\t")).filter((x) => Number(x[1]) >= 40)[6];
  const clerk = await login("tanto");
  const old = await billOf(clerk, tapNo, cyc);
  // Paid in full at the counter before the correction.
  const paid = suido(ctx, ["payment", "post", "--bill", String(old.id), "--amount", String(old.total_yen),
                           "--channel", "counter", "--paid-on", old.issued_on, "--ref", `correction-${old.id}`]);
  assert.equal(paid.code, 0, paid.stderr);
  let r = await clerk.post(`/bills/${old.id}`, { csrf: clerk.csrf, action: "correct", usage: String(Number(usage) - 15),
                                                 reason: "メーターの読み違い（再検針で確認）" });
  assert.equal(r.status, 303, r.text);
  const chief = await login("kakaricho");
  const list = await chief.get("/approvals");
  const ap = Math.max(...[...list.text.matchAll(/action="\/approvals\/(\d+)"/g)].map((x) => Number(x[1])));
  r = await chief.post(`/approvals/${ap}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303);
  const nb = await billOf(clerk, tapNo, cyc);
  assert.equal(nb.replaces, old.id);
  assert.ok(nb.total_yen < old.total_yen);
  assert.equal(nb.paid_yen, nb.total_yen, "what was paid moves to the replacement, up to its total");
  assert.equal(nb.balance_yen, 0, "nothing owed, and no negative balance");
  const karte = await clerk.get(`/karte/${tapNo}`);
  const excess = (old.total_yen - nb.total_yen).toLocaleString("en-US");
  assert.match(karte.text, new RegExp(`id="acct-credit"[^>]*>¥${excess}<`), `the excess ¥${excess} is credit (過誤納) on the カルテ`);
});

test(`[${engine}] an approved leak reduction is an adjustment line on the bill`, async () => {
  const cyc = cycleOf(1);
  const rows = sorted(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout).split("\n").map((l) => l.split("\t"));
  const [tapNo, usage] = rows.filter((x) => Number(x[1]) >= 40)[2];
  const clerk = await login("tanto");
  const { id } = await billOf(clerk, tapNo, cyc);
  let r = await clerk.post(`/bills/${id}`, { csrf: clerk.csrf, action: "leak", leak_m3: String(Number(usage) + 1), reason: "宅内漏水" });
  assert.equal(r.status, 400);
  r = await clerk.post(`/bills/${id}`, { csrf: clerk.csrf, action: "leak", leak_m3: "8", reason: "宅内漏水（指定工事店で修理済）" });
  assert.equal(r.status, 303, r.text);
  const chief = await login("kakaricho");
  const list = await chief.get("/approvals");
  const ap = Math.max(...[...list.text.matchAll(/action="\/approvals\/(\d+)"/g)].map((x) => Number(x[1])));
  const row = list.text.split(`action="/approvals/${ap}"`)[0].split("<tr>").pop();
  const shown = row.match(/請求額 ¥([\d,]+) → ¥([\d,]+)（差額 ([+−])¥([\d,]+)）/);
  assert.ok(shown, row.slice(0, 400));
  // still pending: the request set back after its pricing, the bill unchanged
  assert.equal((await billOf(clerk, tapNo, cyc)).id, id);
  r = await chief.post(`/approvals/${ap}`, { csrf: chief.csrf, decision: "approve" });
  assert.equal(r.status, 303);
  const newId = (await billOf(clerk, tapNo, cyc)).id;
  assert.notEqual(newId, id);
  const nb = JSON.parse(suido(ctx, ["bill", "show", String(newId)]).stdout);
  assert.ok(nb.adjust_yen < 0, `adjustment ${nb.adjust_yen}`);
  const num = (t) => Number(t.replaceAll(",", ""));
  assert.equal(shown[3], "−");
  assert.equal(num(shown[2]), nb.total_yen, "the reduced total the approver saw is the one billed");
  assert.equal(num(shown[1]) - num(shown[4]), nb.total_yen);
  assert.equal(nb.total_yen, nb.water_yen + nb.sewer_yen + nb.adjust_yen);
  assert.equal(nb.usage, Number(usage), "the reading's usage stays; the reduction is a line");
  const adj = nb.lines.find((g) => g.svc === "adjust");
  assert.equal(adj.m3, 8);
  const page = await clerk.get(`/bills/${newId}`);
  assert.match(page.text, /漏水減免: 減免水量 8 m³/);
});

test(`[${engine}] a stop (中止精算): the final reading closes the occupancy and a partial-period bill follows`, async () => {
  const cyc = cycleOf(1);
  const rows = sorted(suido(ctx, ["bill", "list", "--cycle", cyc]).stdout).split("\n").map((l) => l.split("\t"));
  const clerk = await login("tanto");
  const todayJst = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  let tapNo = null, last = null;
  for (const [t] of rows.slice(20)) {
    const rs = JSON.parse((await clerk.get(`/api/v1/taps/${t}/readings`)).text).readings;
    const open = JSON.parse((await clerk.get(`/api/v1/taps/${t}`)).text).status === "active";   // a closed tap takes no reading
    if (open && rs[0].value < 9000 && rs[0].read_on < todayJst && rs[0].status === "accepted") { tapNo = t; last = rs[0]; break; }
  }
  assert.ok(tapNo, "a tap not read today");
  // A usage in line with the tap's history (the guards hold one far below it).
  const since = (Date.parse(todayJst) - Date.parse(last.read_on)) / 86400000;
  const use = Math.max(1, Math.round(last.usage_m3 * since / last.days));
  const dial = last.value + use;
  let r = await clerk.post(`/taps/${tapNo}/final`, { csrf: clerk.csrf, stop_on: todayJst, value: "x" });
  assert.equal(r.status, 400);
  r = await clerk.post(`/taps/${tapNo}/final`, { csrf: clerk.csrf, stop_on: todayJst, value: String(dial) });
  assert.equal(r.status, 303, r.text);
  const id = Number(r.location.match(/\/bills\/(\d+)/)[1]);
  const b = JSON.parse(suido(ctx, ["bill", "show", String(id)]).stdout);
  assert.equal(b.kind, "final");
  assert.equal(b.period_to, todayJst);
  assert.equal(b.period_from, last.read_on);
  assert.equal(b.usage, use);
  assert.ok(b.total_yen > 0);
  const water = b.lines.find((g) => g.svc === "water");
  assert.equal(water.days, b.days, "the tariff's partial-period rule is applied to the days since the last reading");
  const tap = JSON.parse((await clerk.get(`/api/v1/taps/${tapNo}`)).text);
  assert.equal(tap.occupancies[0].end_on, todayJst, "the occupancy ends on the stop date");
  // The same stop again answers the same bill.
  r = await clerk.post(`/taps/${tapNo}/final`, { csrf: clerk.csrf, stop_on: todayJst, value: String(dial) });
  assert.equal(r.status, 303);
  assert.equal(Number(r.location.match(/\/bills\/(\d+)/)[1]), id);
  const page = await clerk.get(`/bills/${id}`);
  assert.match(page.text, /中止精算/);
  // The final bill's payment slip, from the bill page.
  assert.match(page.text, new RegExp(`href="/bills/${id}/slip.pdf"`));
  const res = await fetch(`${srv.base}/bills/${id}/slip.pdf`, { headers: { Cookie: clerk.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/pdf");
  assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString(), "%PDF-");
  // Reissued from the bill page: 再発行区分 1.
  const re = await clerk.post(`/bills/${id}/slip-reissue`, { csrf: clerk.csrf });
  assert.equal(re.status, 303, re.text);
  const after = await clerk.get(`/bills/${id}`);
  assert.match(after.text, /納付書を再発行しました（再発行区分 1、納期限 \d{4}-\d{2}-\d{2}）/);
});

// Every change above to a bill's status or paid amount kept the open-bill list
// (bill_open, which the debit request reads) in step with the bills.
test(`[${engine}] the open-bill list agrees with every bill and payment above`, () => {
  const d = openBillsDrift(ctx);
  assert.deepEqual({ missing: d.missing, extra: d.extra }, { missing: [], extra: [] });
  assert.ok(d.open > 0, "some bills are still open");
});
