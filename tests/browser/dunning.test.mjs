// The dunning screen in Chromium: a 係長 starts the 督促 batch from
// /arrears/dunning (the confirmation page included), sees the run done with
// its PDF, and opens a customer's karte, which lists the notice; axe-core on
// each screen.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "11"]);
  assert.equal(d.code, 0, d.stderr);
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

test("a 係長 runs the 督促 batch from the screen, then the karte shows the notice", async () => {
  await page.goto(srv.base + "/arrears/dunning");
  await axeCheck(page, "督促・催告");
  const due = Number((await page.locator("#due-tokusoku td").textContent()).replace(/[^\d]/g, ""));
  assert.ok(due > 0, `bills due for the 督促: ${due}`);
  await page.selectOption("#f-step", "tokusoku");
  await page.click("#run-form button[type=submit]");
  await page.locator("#run-confirm").waitFor();
  assert.match(await page.locator("#confirm-text").textContent(), new RegExp(`督促状を \\d+ 通（調定 ${due} 件`));
  await axeCheck(page, "通知の作成の確認");
  await page.screenshot({ path: `${ART}/dunning-confirm.png`, fullPage: true });
  await page.click("#run-confirm button[type=submit]");
  await page.waitForURL(srv.base + "/arrears/dunning");
  await page.locator("#dunning-runs tbody tr").first().waitFor();
  for (let i = 0; i < 40 && !/完了/.test(await page.locator("#dunning-runs tbody tr").first().textContent()); i++) {
    await page.waitForTimeout(250);
    await page.reload();
  }
  const row = await page.locator("#dunning-runs tbody tr").first().textContent();
  assert.match(row, /督促状/);
  assert.match(row, /完了/);
  assert.match(await page.locator("#due-tokusoku td").textContent(), /^0 件/);
  assert.equal(await page.locator("#dunning-runs a", { hasText: "通知（PDF）" }).count(), 1);
  await axeCheck(page, "督促・催告（実行後）");
  await page.screenshot({ path: `${ART}/dunning-done.png`, fullPage: true });

  const [tapNo, deadline] = sql(ctx, "SELECT t.tap_no || '|' || l.deadline FROM notice_letters l"
    + " JOIN taps t ON t.id = l.tap_id ORDER BY l.id LIMIT 1").split("|");
  await page.goto(`${srv.base}/karte/${tapNo}`);
  const panel = page.locator("#notices");
  assert.match(await panel.textContent(), /督促状/);
  assert.match(await panel.textContent(), new RegExp(deadline));
  await axeCheck(page, "お客様カルテ（督促の通知）");
});
