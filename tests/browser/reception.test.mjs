// Reception in a real Chromium (Debian's), driven by Playwright: a clerk on
// the phone takes a stop ("stop → work order"): finds the tap from the header
// search, opens the 中止 form from the カルテ, sees whose tap it is, types the
// day (the field has the focus), marks it 至急, files it with Enter and opens
// the closing's work order, which carries the meter number, the last reading
// and 至急; then the work-order list, opened on the coming days with a
// heading per day.  Key presses and clicks of the path are counted and
// printed; axe-core checks each screen the issue changed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
const shot = (name) => page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });
const axeCheck = (label) => axe(page, label);

/** The digits a person types into a date field for iso, in the order of the browser's own
 *  locale (year first in Japanese Chrome; this Chromium may be month first): found once on a
 *  scratch page, so that the counted path types each digit once. */
async function dateDigits(context, iso) {
  const [y, m, d] = iso.split("-");
  const scratch = await context.newPage();
  try {
    for (const digits of [y + m + d, m + d + y, d + m + y]) {
      await scratch.setContent('<input type="date" id="d" aria-label="日付">');
      await scratch.focus("#d");
      await scratch.keyboard.type(digits);
      if (await scratch.inputValue("#d") === iso) return digits;
    }
  } finally {
    await scratch.close();
  }
  throw new Error("no order of the date's parts fills the date field");
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "150", "--years", "1", "--seed", "29"]);
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

test("stop → work order: a clerk files an urgent stop and opens its work order", async () => {
  const tap = sql(ctx, "SELECT t.tap_no FROM taps t JOIN occupancies o ON o.tap_id = t.id AND o.end_on IS NULL"
    + " WHERE EXISTS (SELECT 1 FROM meters m WHERE m.tap_id = t.id AND m.status = 'installed')"
    + " AND EXISTS (SELECT 1 FROM readings r WHERE r.tap_id = t.id) ORDER BY t.tap_no LIMIT 1 OFFSET 5");
  assert.match(tap, /^\d{8}$/);
  const meter = sql(ctx, `SELECT m.meter_no FROM meters m JOIN taps t ON t.id = m.tap_id WHERE t.tap_no = '${tap}' AND m.status = 'installed'`);
  const today = jstToday();
  await staffLogin(page, srv.base, "tanto");

  let keys = 0;
  const press = async (k) => { keys++; await page.keyboard.press(k); };
  const type = async (t) => { keys += [...t].length; await page.keyboard.type(t); };
  const click = async (sel) => { keys++; await page.click(sel); };

  // the tap from the header search, from wherever the clerk is (not a field): "/", its number,
  // Enter opens the カルテ
  await page.locator("h1").click();
  await press("/");
  await type(tap);
  await press("Enter");
  await page.waitForURL(new RegExp(`/karte/${tap}$`));
  const name = (await page.textContent(".h1-name")).trim();
  await click("#reception-stop");
  await page.waitForURL(new RegExp(`/taps/${tap}/reception\\?kind=stop$`));

  // whose tap it is, above the form; the day field has the focus
  assert.equal((await page.textContent("#summary-name")).trim(), name);
  assert.equal((await page.textContent("#summary-tap")).trim(), tap);
  assert.ok((await page.textContent("#summary-address")).trim().length > 2);
  assert.match(await page.textContent("#summary-pay"), /^(納付書|口座振替（.+\*{4}\d{3}）)$/);
  const settle = await page.inputValue("#f-settle");
  assert.equal(settle, /^口座振替/.test(await page.textContent("#summary-pay")) ? "debit" : "slip", "精算方法 from the mandate");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-stop_on");
  await shot("reception-01-stop-form");
  await axeCheck("reception form");

  // the day (its eight digits), 至急, Enter files it (Alt+K does too, but Chromium driven
  // headless does not act on access keys)
  const digits = await dateDigits(page.context(), today);
  await type(digits);
  assert.equal(await page.inputValue("#f-stop_on"), today);
  // Tab out of the date field (Chromium stops once more inside it after its last part)
  for (let i = 0; i < 3 && await page.evaluate(() => document.activeElement?.id) !== "f-urgent"; i++) await press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-urgent");
  await press("Space");
  await press("Enter");
  await page.waitForURL(new RegExp(`/karte/${tap}$`), { timeout: 5000 }).catch(async (err) => {
    await shot("reception-99-failed");
    throw new Error(`${page.url()}: ${await page.locator(".form-error").textContent().catch(() => "")}`, { cause: err });
  });
  const flash = await page.textContent(".flash");
  const wo = Number(flash.match(/作業番号 (\d+)/)?.[1]);
  assert.ok(wo > 0, flash);
  await axeCheck("karte after the stop");

  // the closing's work order, from the request's row
  await click(`a[href="/workorders/${wo}"]`);
  await page.waitForURL(new RegExp(`/workorders/${wo}$`));
  console.log(`# keystrokes: stop → work order: ${keys} (tap number ${tap.length} and day ${digits.length} digits typed)`);
  assert.equal((await page.textContent("#wo-urgent")).trim(), "至急");
  assert.match(await page.textContent("#workorder"), new RegExp(`メーター番号\\s*${meter}`));
  assert.match(await page.textContent("#wo-last-reading"), /^\d+（.+ 検針）$/);
  assert.match(await page.textContent("#workorder"), new RegExp(name));
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-reading", "ready for the reading");
  await shot("reception-02-workorder");
  await axeCheck("work order");

  // the list: the coming days, a heading per day, the order under today; 次へ and back
  await page.goto(srv.base + "/workorders");
  const heads = await page.locator("h2.wo-day").count();
  assert.equal(heads, 7);
  assert.ok(await page.locator(`#workorders-${today} #wo-${wo}`).isVisible(), "the order under today");
  assert.match(await page.textContent(`#wo-${wo}`), /至急/);
  assert.match(await page.textContent(`#wo-${wo}`), new RegExp(meter));
  await shot("reception-03-workorders");
  await axeCheck("work orders");
  await page.click("#wo-next");
  await page.waitForURL(/from=\d{4}-\d\d-\d\d&days=7/);
  assert.equal(await page.locator(`#wo-${wo}`).count(), 0, "not in the next week");
  await page.click("#wo-today");
  assert.ok(await page.locator(`#wo-${wo}`).isVisible());
});
