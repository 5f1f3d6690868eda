// 指定給水装置工事事業者 in a real Chromium: the 工事 role opens the contractor list (with the
// renewal banner), designates a contractor (first a refusal naming the field), registers a chief
// engineer, suspends it through the confirmation step, and reads its history.  axe-core checks
// each screen; screenshots go to build/artifacts/.
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
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "0", "--seed", "28", "--no-payments"]);
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

test("the 工事 role keeps the designated contractors master", async () => {
  await staffLogin(page, srv.base, "koji");
  await page.goto(srv.base + "/works/contractors");
  assert.match(await page.textContent("#wc-due-banner"), /2 件/);   // the demo's two, within 90 days
  assert.equal(await page.locator("#wc-list tbody tr").count(), 5);
  await shot("works-contractor-01-list");
  await axeCheck("contractor list");
  await page.click("#wc-due-link");
  await page.waitForURL(/due=1/);
  assert.equal(await page.locator("#wc-list tbody tr").count(), 2);

  // a new contractor, by the keyboard; first with a bad telephone number
  await page.click("#wc-new");
  await page.waitForURL(/\/works\/contractors\/new$/);
  await axeCheck("new contractor form");
  await page.fill("#f-designation_no", "0900");
  await page.fill("#f-name", "有限会社ブラウザ設備");
  await page.fill("#f-name_kana", "ブラウザセツビ");
  await page.fill("#f-address", "山梨県山峡市桜町一丁目1番1号");
  await page.fill("#f-phone", "12-34");
  await page.fill("#f-representative", "閲覧　一郎");
  await page.fill("#f-designated_on", "2025-06-01");
  await page.press("#f-designated_on", "Enter");
  await page.waitForLoadState();
  assert.equal(await page.getAttribute("#f-phone", "aria-invalid"), "true");
  assert.match(await page.textContent("#form-error"), /電話番号/);
  assert.equal(await page.inputValue("#f-name"), "有限会社ブラウザ設備");
  await axeCheck("new contractor refused");
  await page.fill("#f-phone", "055-200-0900");
  await page.click("#wc-submit");
  await page.waitForURL(/\/works\/contractors\/\d+$/);
  assert.match(await page.textContent("#wc-valid-until"), /2030-05-31|令和12年5月31日/);
  assert.match(await page.textContent("#wc-standing"), /主任技術者が登録されていません/);
  await axeCheck("contractor page");

  // a chief engineer
  await page.fill("#f-licence_no", "24680");
  await page.fill("#f-engineer_name", "技術　花子");
  await page.click("#wc-engineers-submit");
  await page.waitForURL(/\/works\/contractors\/\d+$/);
  assert.match(await page.textContent("#wc-engineers"), /24680/);
  assert.match(await page.textContent("#wc-standing"), /受け付けられます/);

  // a suspension, through its confirmation step
  await page.fill("#f-suspend_from", day(0));
  await page.fill("#f-suspend_until", day(30));
  await page.fill("#f-suspend_reason", "施行不良");
  await page.click("#wc-suspend-submit");
  await page.waitForURL(/\/suspend$/);
  assert.match(await page.textContent("#wc-confirm"), /施行不良/);
  await axeCheck("suspension confirmation");
  await page.click("#wc-confirm-submit");
  await page.waitForURL(/\/works\/contractors\/\d+$/);
  assert.match(await page.textContent("#wc-state"), /指定停止中/);
  assert.match(await page.textContent("#wc-standing"), /指定停止中です/);
  assert.equal(await page.locator("#wc-history tbody tr").count(), 3);   // designated, engineer, suspended
  assert.equal(await page.getAttribute("#wc-history tbody tr >> nth=0", "data-kind"), "suspended");
  await shot("works-contractor-02-page");
  await axeCheck("contractor suspended");
});
