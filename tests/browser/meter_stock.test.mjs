// メーター管理 in a real Chromium: a clerk opens メーター from the menu, receives a lot by the
// keyboard (first refused for a bad expiry month, what was typed kept), issues a meter to a
// designated contractor (first refused for an unknown one), reads the meter's page with its
// history, and opens the stocktake.  axe-core checks each screen; screenshots go to
// build/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page, contractor;
const shot = (name) => page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });
const axeCheck = (label) => axe(page, label);
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "60", "--years", "0", "--seed", "37", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  contractor = sql(ctx, "SELECT designation_no FROM works_contractors WHERE status = 'active'"
    + ` AND valid_until > '${today}' AND designated_on < '${today}' ORDER BY id LIMIT 1`);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a clerk receives a lot, issues a meter and reads its history", async () => {
  await staffLogin(page, srv.base, "tanto");
  await page.click("nav.mainnav a:has-text('メーター')");
  await page.waitForURL(/\/meters$/);
  assert.match(await page.textContent("#stock"), /13mm/);
  await shot("meter-01-stock");
  await axeCheck("meter stock");

  // 庫入, by the keyboard; first with a month that does not exist
  await page.click("nav.subnav a:has-text('庫入')");
  await page.waitForURL(/\/meters\/receive$/);
  await axeCheck("receive form");
  await page.selectOption("#f-diameter", "20");
  await page.fill("#f-maker", "愛知時計電機");
  await page.fill("#f-serials", "B2000-B2019");
  await page.fill("#f-lot", "L-B1");
  await page.evaluate(() => { document.querySelector("#f-expiry").type = "text"; });   // type what a month picker never sends
  await page.fill("#f-expiry", "2034-13");
  await page.press("#f-lot", "Enter");
  await page.waitForLoadState();
  assert.equal(await page.getAttribute("#f-expiry", "aria-invalid"), "true");
  assert.match(await page.textContent("#form-error"), /検定満了年月/);
  assert.equal(await page.inputValue("#f-serials"), "B2000-B2019");
  await axeCheck("receive refused");
  await page.fill("#f-expiry", "2034-03");
  await page.press("#f-lot", "Enter");
  await page.waitForURL(/\/meters$/);
  assert.match(await page.textContent(".flash"), /B2000〜B2019 の 20 個を在庫にしました/);

  // 庫出: an unknown contractor first
  await page.goto(srv.base + "/meters/issue?serial=B2000");
  assert.equal(await page.inputValue("#f-serial"), "B2000");
  await page.fill("#f-to", "9999");
  await page.press("#f-to", "Enter");
  await page.waitForLoadState();
  assert.equal(await page.getAttribute("#f-to", "aria-invalid"), "true");
  await axeCheck("issue refused");
  await page.fill("#f-to", contractor);
  await page.press("#f-to", "Enter");
  await page.waitForURL(/\/meters\/B2000$/);
  assert.match(await page.textContent("#status"), /庫出（貸出）/);
  assert.match(await page.textContent("#where"), new RegExp(contractor));
  assert.equal(await page.locator("#history tbody tr").count(), 2);
  await shot("meter-02-meter");
  await axeCheck("meter page");

  // 棚卸
  await page.click("nav.subnav a:has-text('棚卸')");
  await page.waitForURL(/\/meters\/stocktake$/);
  assert.equal(await page.inputValue("#f-counted_on"), today);
  await shot("meter-03-stocktake");
  await axeCheck("stocktake form");
});
