// 給水停止 in Chromium: over simulated days the 督促 → 催告 → 予告 are run
// (suido arrears dunning); with the clock past the stoppage date a 係長 opens
// the candidates, chooses one, confirms, and finds the order on the crew's
// list; the crew's result 停止済 shows on the karte (strip and panel); axe-core
// on each screen changed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { BIN, makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck, launchBrowser, newContext, staffLogin } from "./lib.mjs";

const NOW = 100;
let ctx, srv, browser, page;

function day(shift = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "17"]);
  assert.equal(d.code, 0, d.stderr);
  for (const [shift, step] of [[0, "tokusoku"], [40, "saikoku"], [80, "yokoku"]]) {
    const r = spawnSync(BIN, ["arrears", "dunning", "--step", step, "--as-of", day(shift)],
                        { env: { ...ctx.env, SUIDO_CLOCK_SHIFT_DAYS: String(shift) }, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  }
  ctx.env.SUIDO_CLOCK_SHIFT_DAYS = String(NOW);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
  await staffLogin(page, srv.base, "kakaricho");
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a 係長 issues a stoppage order from the candidates with the confirmation; 停止済 shows on the karte", async () => {
  await page.goto(srv.base + "/arrears");
  await page.click("nav.subnav >> text=給水停止");
  await page.waitForURL(srv.base + "/arrears/stoppage");
  await axeCheck(page, "給水停止の候補");
  await page.screenshot({ path: `${ART}/stoppage-candidates.png`, fullPage: true });
  const first = page.locator("#stoppage-list tbody tr").first();
  const tapNo = (await first.locator("td a").first().textContent()).trim();
  await first.locator("input[type=checkbox]").check();
  await page.check("#f-urgent");
  await page.click("#stoppage-submit");
  await page.locator("#stoppage-confirm").waitFor();
  assert.match(await page.locator("#confirm-text").textContent(), /次の 1 件の水栓に/);
  assert.match(await page.locator("#confirm-taps").textContent(), new RegExp(tapNo));
  await axeCheck(page, "給水停止作業の発行の確認");
  await page.click("#stoppage-confirm-submit");
  await page.waitForURL(/\/workorders\?from=/);
  assert.match(await page.locator(".flash").textContent(), /給水停止作業を 1 件発行しました/);
  assert.match(await page.content(), new RegExp(tapNo));
  const order = sql(ctx, `SELECT w.id FROM work_orders w JOIN taps t ON t.id = w.tap_id WHERE t.tap_no = '${tapNo}'`
    + " AND w.kind = 'stoppage'");
  await page.goto(`${srv.base}/workorders/${order}`);
  await axeCheck(page, "給水停止作業");
  await page.selectOption("#f-result", "stopped");
  await page.click("#workorder-submit");
  await page.waitForURL(`${srv.base}/karte/${tapNo}`);
  assert.match(await page.locator("#strip-stopped").textContent(), /給水停止中/);
  assert.match(await page.locator("#stoppage-state").textContent(), /給水停止中/);
  await axeCheck(page, "お客様カルテ（給水停止中）");
  await page.screenshot({ path: `${ART}/stoppage-karte.png`, fullPage: true });
  assert.equal(sql(ctx, `SELECT status FROM taps WHERE tap_no = '${tapNo}'`), "suspended");
  await page.goto(srv.base + "/arrears/stoppage");
  assert.match(await page.locator("#stopped-list").textContent(), new RegExp(tapNo));
  await axeCheck(page, "給水停止の候補（給水停止中の水栓）");
});
