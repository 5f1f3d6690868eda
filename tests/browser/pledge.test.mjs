// 交渉記録 and 分納誓約 in a real Chromium: a 担当 opens a customer's arrears from the ledger,
// records a negotiation, makes an instalment pledge (3 equal monthly instalments; first a refusal
// that names the field), and sees the schedule and the link to the PDF.  axe-core checks each
// screen; screenshots go to build/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEnv, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;
const shot = (name) => page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });
const axeCheck = (label) => axe(page, label);
const day = (shift = 0) => new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "21", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a 担当 records a negotiation and makes a pledge from a customer's arrears page", async () => {
  await staffLogin(page, srv.base, "tanto");
  await page.goto(srv.base + "/arrears");
  const first = page.locator("#arrears tbody tr").first();
  await first.locator("td").first().locator("a").click();
  await page.waitForURL(/\/arrears\/customers\/\d+$/);
  await axeCheck("customer's arrears with negotiations and pledges");

  // a negotiation, by the keyboard
  await page.selectOption("#f-channel", "visit");
  await page.fill("#negotiation-text", "訪問して面談。3回に分けて納付するとの申出。");
  await page.fill("#f-next_action", "誓約書の受領");
  await page.click("#negotiation-submit");
  await page.waitForURL(/\/arrears\/customers\/\d+(#negotiations)?$/);
  assert.match(await page.textContent("#negotiation-list"), /3回に分けて納付する/);
  assert.match(await page.textContent("#negotiation-list"), /訪問/);
  await shot("pledge-01-negotiation");
  await axeCheck("negotiation recorded");

  // the pledge form; first without a date: the field is named
  await page.click("#pledge-new");
  await page.waitForURL(/\/pledge$/);
  await axeCheck("pledge form");
  await page.fill("#f-count", "3");
  await page.click("#pledge-submit");
  await page.waitForLoadState();
  assert.equal(await page.getAttribute("#f-first", "aria-invalid"), "true");
  assert.match(await page.textContent("main"), /初回納付日/);
  await axeCheck("pledge refused");
  await page.fill("#f-first", day(7));
  await page.click("#pledge-submit");
  await page.waitForURL(/\/arrears\/pledges\/\d+$/);
  assert.equal(await page.locator("#pledge-schedule tbody tr").count(), 3);
  assert.match(await page.textContent("#pledge-summary"), /履行中/);
  assert.ok(await page.locator("#pledge-pdf").count() === 1);
  assert.match(await page.textContent("#pledge-covered"), /\d{4}-\d\d-\d\d/);
  await shot("pledge-02-pledge");
  await axeCheck("pledge");

  // the list of active pledges
  await page.click("nav.subnav a:has-text('分納誓約')");
  await page.waitForURL(/\/arrears\/pledges$/);
  assert.ok(await page.locator("#pledges tbody tr").count() >= 1);
  await axeCheck("pledges list");
});
