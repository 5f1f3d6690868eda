// The arrears ledger (滞納整理簿) in a real Chromium: a 係長 opens 滞納 from the navigation, filters
// by age with the keyboard, opens a customer's arrears and goes on to a カルテ.  axe-core checks
// each screen; screenshots go to build/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEnv, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;
const shot = (name) => page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });
const axeCheck = (label) => axe(page, label);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "500", "--years", "2", "--seed", "31"]);
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

test("a 係長 opens 滞納, filters by age, opens a customer's arrears and the カルテ", async () => {
  await staffLogin(page, srv.base, "kakaricho");
  await page.click("nav.mainnav a:has-text('滞納')");
  await page.waitForURL(srv.base + "/arrears");
  assert.equal(await page.textContent("h1"), "滞納整理簿");
  assert.equal(await page.getAttribute("nav.mainnav a[href='/arrears']", "aria-current"), "page");
  const countAll = await page.textContent("#arrears-count");
  const all = Number(countAll.match(/お客様 (\d+)人/)[1]);
  assert.ok(all > 0, countAll);
  assert.ok(await page.locator("#arrears tbody tr").count() > 0);
  await shot("arrears-01-list");
  await axeCheck("arrears list");

  // filter: at least three months overdue, the oldest first, by the keyboard
  await page.fill("#f-age", "3");
  await page.selectOption("#f-sort", "age");
  await page.press("#f-age", "Enter");
  await page.waitForURL(/\/arrears\?.*age=3/);
  assert.match(page.url(), /sort=age/);
  const countOld = await page.textContent("#arrears-count");
  const old = Number(countOld.match(/お客様 (\d+)人/)[1]);
  assert.ok(old > 0 && old < all, `${old} of ${all}`);
  const ages = await page.locator("#arrears tbody td.age").allTextContents();
  for (const a of ages) assert.ok(Number(a.replace("か月", "")) >= 3, a);
  assert.equal(await page.inputValue("#f-age"), "3");
  await shot("arrears-02-filtered");
  await axeCheck("arrears filtered");

  // a refused filter names the field
  await page.fill("#f-age", "三か月");
  await page.press("#f-age", "Enter");
  await page.waitForLoadState();
  assert.equal(await page.getAttribute("#f-age", "aria-invalid"), "true");
  assert.match(await page.textContent("main"), /経過月数/);
  await axeCheck("arrears refused");

  // a customer's arrears: every overdue bill, oldest first
  await page.goBack();
  const first = page.locator("#arrears tbody tr").first();
  const name = (await first.locator("td").first().locator("a").textContent()).trim();
  await first.locator("td").first().locator("a").click();
  await page.waitForURL(/\/arrears\/customers\/\d+$/);
  assert.equal((await page.textContent("h1 .h1-name")).trim(), name);
  const rows = page.locator("#arrears-bills tbody tr");
  assert.ok(await rows.count() > 0);
  const dues = await page.locator("#arrears-bills tbody tr td:nth-child(4)").allTextContents();
  assert.deepEqual([...dues].sort((a, b) => (a.match(/\d{4}-\d\d-\d\d/)[0] < b.match(/\d{4}-\d\d-\d\d/)[0] ? -1 : 1)), dues);
  await shot("arrears-03-customer");
  await axeCheck("customer's arrears");

  // on to the カルテ, whose strip says how long and links back
  await rows.first().locator("td").first().locator("a").click();
  await page.waitForURL(/\/karte\/\d+$/);
  assert.match(await page.textContent("#strip-arrears"), /滞納 \d+か月/);
  await page.click("#strip-arrears-link");
  await page.waitForURL(/\/arrears\/customers\/\d+$/);
});
