// 検定満了による取替 in a real Chromium (docs/meters.md): a clerk receives a lot and lends a meter
// to a designated contractor, opens the replacement plan, enters the result of a tap's replacement
// from its row (old final dial, the lent meter, its start dial, the test flush) by the keyboard,
// and the カルテ shows the new meter; the next reading and billing run bill the old part plus the
// new part less the flush.  axe-core checks each screen; screenshots go to build/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Client, makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page, contractor, tap;
const shot = (name) => page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });
const axeCheck = (label) => axe(page, label);
const day = (shift = 0) => new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400000).toISOString().slice(0, 10);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "120", "--years", "1", "--seed", "41", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  contractor = sql(ctx, "SELECT designation_no FROM works_contractors WHERE status = 'active'"
    + ` AND valid_until > '${day(60)}' AND designated_on < '${day(-30)}' ORDER BY id LIMIT 1`);
  // an occupied tap on a route read today, not read in the last 25 days, with its meter and last dial
  const row = sql(ctx, "SELECT t.tap_no || '|' || m.meter_no FROM taps t"
    + " JOIN occupancies o ON o.tap_id = t.id AND o.end_on IS NULL JOIN meters m ON m.tap_id = t.id AND m.status = 'installed'"
    + " WHERE t.diameter = 13 AND t.use_code = 'household' AND t.status = 'active' AND t.stopped_on = ''"
    + ` AND EXISTS (SELECT 1 FROM reading_schedule s WHERE s.route = t.route AND s.from_on <= '${day(0)}' AND s.to_on >= '${day(0)}')`
    + ` AND NOT EXISTS (SELECT 1 FROM readings r WHERE r.tap_id = t.id AND r.read_on >= '${day(-25)}')`
    + " AND NOT EXISTS (SELECT 1 FROM service_requests q WHERE q.tap_id = t.id AND q.status = 'scheduled')"
    + " AND EXISTS (SELECT 1 FROM readings r WHERE r.tap_id = t.id AND r.status = 'accepted') ORDER BY t.tap_no LIMIT 1");
  assert.ok(contractor && row);
  const [tapNo, meterNo] = row.split("|");
  const last = Number(sql(ctx, `SELECT r.value FROM readings r JOIN taps t ON t.id = r.tap_id WHERE t.tap_no = '${tapNo}'`
    + " AND r.status = 'accepted' ORDER BY r.read_on DESC, r.id DESC LIMIT 1"));
  tap = { tapNo, meterNo, last, month: day(45).slice(0, 7) };
  sql(ctx, `UPDATE meters SET certified_until = '${tap.month}-20' WHERE meter_no = '${meterNo}'`);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a clerk records a replacement from the plan; the カルテ shows the new meter and the next bill adds both parts", async () => {
  await staffLogin(page, srv.base, "tanto");
  // 庫入 and 庫出 to the contractor who will set it
  await page.goto(srv.base + "/meters/receive");
  await page.selectOption("#f-diameter", "13");
  await page.fill("#f-maker", "愛知時計電機");
  await page.fill("#f-serials", "BR100-BR104");
  await page.press("#f-serials", "Enter");
  await page.waitForURL(/\/meters$/);
  assert.match(await page.textContent(".flash"), /BR100〜BR104 の 5 個を在庫にしました/);
  await page.goto(srv.base + "/meters/issue?serial=BR100");
  await page.fill("#f-to", contractor);
  await page.press("#f-to", "Enter");
  await page.waitForURL(/\/meters\/BR100$/);

  // the plan of the month the tap's meter expires in
  await page.click("nav.subnav a:has-text('取替計画')");
  await page.waitForURL(/\/meters\/plan$/);
  await axeCheck("plan");
  await page.fill("#f-from", tap.month);
  await page.fill("#f-to", tap.month);
  await page.press("#f-to", "Enter");
  await page.waitForURL(/\/meters\/plan\?/);
  const row = page.locator("#plan tbody tr", { hasText: tap.tapNo });
  assert.match(await row.textContent(), new RegExp(tap.meterNo));
  await shot("meter-replace-01-plan");
  await axeCheck("plan of the month");

  // the result, from the tap's row, by the keyboard
  await row.locator("a:has-text('結果入力')").click();
  await page.waitForURL(/\/meters\/replace\?tap=/);
  assert.equal(await page.inputValue("#f-tap"), tap.tapNo);
  await axeCheck("result form");
  await page.fill("#f-on", day(-2));
  await page.fill("#f-old_final", String(tap.last + 4));
  await page.fill("#f-serial", "BR100");
  await page.fill("#f-contractor", contractor);
  await page.fill("#f-new_start", "0");
  await page.fill("#f-flush", "1");
  await shot("meter-replace-02-result");
  await page.press("#f-flush", "Enter");
  await page.waitForURL(new RegExp(`/karte/${tap.tapNo}$`));
  assert.match(await page.textContent(".flash"), new RegExp(`${tap.meterNo} から BR100 に取り替えました`));
  assert.match(await page.textContent("main"), /BR100/);
  await shot("meter-replace-03-karte");
  await axeCheck("karte after the replacement");

  // the next reading (7 m³ on the new meter) and its bill: 4 + 7 - 1
  const reader = await new Client(srv.base).apiLogin("kenshin", "suido-demo-2025");
  const r = await reader.request("POST", "/api/v1/readings", {
    json: { tap_no: tap.tapNo, meter_no: "BR100", read_on: day(0), value: 7 }, headers: { "X-CSRF-Token": reader.csrf } });
  const read = JSON.parse(r.text);
  assert.equal(read.usage_m3, 10, r.text);
  if (read.status !== "accepted") {
    const chief = await new Client(srv.base).apiLogin("kakaricho", "suido-demo-2025");
    const ok = await chief.request("POST", `/api/v1/readings/${read.reading_id}/confirm`, {
      json: { reason: "取替後の検針を確認" }, headers: { "X-CSRF-Token": chief.csrf } });
    assert.equal(ok.status, 200, ok.text);
  }
  const run = suido(ctx, ["bill", "run", "--cycle", read.cycle]);
  assert.ok(run.code === 0 || run.code === 3, run.stdout + run.stderr);
  const bill = sql(ctx, `SELECT b.id || '|' || b.usage FROM bills b JOIN taps t ON t.id = b.tap_id WHERE t.tap_no = '${tap.tapNo}'`
    + ` AND b.status = 'current' AND b.cycle = '${read.cycle}'`);
  assert.ok(bill, run.stdout);
  const [billId, usage] = bill.split("|");
  assert.equal(Number(usage), 4 + 7 - 1);
  await page.goto(`${srv.base}/bills/${billId}`);
  assert.match(await page.textContent("main"), /10/);
  await shot("meter-replace-04-bill");
  await axeCheck("the bill");
});
