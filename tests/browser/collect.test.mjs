// The 収納 screens in a real Chromium: a clerk opens the menu and the suspense
// list, takes cash at the counter by keyboard only (amount, Enter, the
// confirmation with the change, Enter) and gets the receipt link; a refused amount names the field.  A 係長 reaches the two
// 口座振替 forms (request, result) by keyboard.  A clerk filters the suspense
// list by the day paid and presses 「この調定に消込」 on the item (the key
// presses and clicks counted).  axe-core finds no serious
// accessibility problem on any of these screens.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { demoCycle, makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;

const axeCheck = (label) => axe(page, label);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "13"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  const context = await newContext(browser);
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a clerk uses the 収納 menu, the suspense list and the counter; the screens are accessible", async () => {
  await staffLogin(page, srv.base, "tanto");
  await page.goto(srv.base + "/collections");
  assert.match(await page.textContent("h1"), /収納/);
  assert.equal(await page.locator("#agent-form").count(), 1);
  assert.equal(await page.locator("#card-form").count(), 1);
  await axeCheck("collections menu");
  await page.click("#suspense-link");
  await page.waitForURL(srv.base + "/collections/suspense");
  await page.screenshot({ path: join(ART, "suspense.png"), fullPage: true });
  await axeCheck("suspense list");
  // the counter, from a tap with a bill of the last billed cycle
  const [tapNo] = suido(ctx, ["bill", "list", "--cycle", demoCycle(1)]).stdout.trim().split("\n")[0].split("\t");
  await page.goto(`${srv.base}/taps/${tapNo}/counter`);
  await axeCheck("counter form");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-amount", "focus on the amount");
  await page.keyboard.type("12.5");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[role=alert]");
  assert.match(await page.textContent("[role=alert]"), /受領額/);
  await axeCheck("counter (a refused amount)");
  await page.fill("#f-amount", "1000");
  await page.fill("#f-tendered", "5000");
  await page.press("#f-amount", "Enter");
  // the confirmation: the amount, the cash handed over and the change; nothing posted yet
  await page.waitForSelector("#counter-confirm");
  assert.equal((await page.textContent("#cf-change")).trim(), "¥4,000");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "counter-post", "Enter posts it");
  await page.screenshot({ path: join(ART, "counter-confirm.png"), fullPage: true });
  await axeCheck("counter confirmation");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#counter-result");
  assert.match(await page.textContent("#counter-result"), /領収書番号 R\d{8}-\d{4}/);
  assert.match(await page.getAttribute("#receipt-link", "href"), /^\/payments\/\d+\/receipt\.pdf$/);
  await page.screenshot({ path: join(ART, "counter.png"), fullPage: true });
  await axeCheck("counter result");
});

test("a 係長 reaches both 口座振替 forms by keyboard; the screen and a request's page are accessible", async () => {
  const day = suido(ctx, ["calendar", "business", new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10)]).stdout.trim();
  const made = suido(ctx, ["debit", "export", "--date", day, "--out", join(ctx.dir, "req.txt")]);
  assert.equal(made.code, 0, made.stderr);
  const context = await browser.newContext({ bypassCSP: true, locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const clerkPage = page;
  page = await context.newPage();   // axeCheck looks at `page`
  try {
    await staffLogin(page, srv.base, "kakaricho");
    await page.goto(srv.base + "/collections");
    await page.click("#debit-link");
    await page.waitForURL(srv.base + "/collections/debit");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "f-date", "focus on the debit date");
    // Tab goes through the date's year, month and day, then on to the next control
    const order = ["f-date"];
    for (let i = 0; i < 12 && order.at(-1) !== "import-submit"; i++) {
      await page.keyboard.press("Tab");
      const id = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
      if (id !== order.at(-1)) order.push(id);
    }
    assert.deepEqual(order, ["f-date", "f-retry", "export-submit", "import-file", "import-submit"]);
    await page.screenshot({ path: join(ART, "debit.png"), fullPage: true });
    await axeCheck("direct debit");
    await page.click("#debit-batches a");
    await page.waitForSelector("#batch-head");
    await axeCheck("a direct-debit request");
  } finally {
    await context.close();
    page = clerkPage;
  }
});

/** Whether this Chromium's date fields put the year first (probed on a page of its own). */
async function yearFirst() {
  const probe = await page.context().newPage();
  try {
    await probe.setContent('<input type="date" id="d">');
    await probe.focus("#d");
    await probe.keyboard.type("09262024");
    return (await probe.inputValue("#d")) !== "2024-09-26";
  } finally {
    await probe.close();
  }
}

test("a clerk filters the suspense list by the day paid and allocates an item to its bill in one click", async () => {
  // an item of its own: money 3 yen over an open bill, paid on a day the demo's history does not reach
  const day = new Date(Date.now() - 800 * 86400000).toISOString().slice(0, 10);
  const [bill, tap, balance] = sql(ctx, "SELECT b.id, t.tap_no, b.total_yen - COALESCE(x.paid_yen, 0) FROM bills b"
    + " JOIN taps t ON t.id = b.tap_id LEFT JOIN bill_balances x ON x.bill_id = b.id"
    + " WHERE b.status = 'current' AND b.total_yen > COALESCE(x.paid_yen, 0) ORDER BY b.id DESC LIMIT 1").split("|");
  const posted = suido(ctx, ["payment", "post", "--channel", "cvs", "--bill", bill, "--amount", String(Number(balance) + 3),
    "--paid-on", day, "--ref", `BROWSER-${bill}`, "--exact"]);
  assert.equal(posted.code, 0, posted.stderr);
  const id = posted.stdout.match(/未消込 (\d+)/)[1];

  const context = await newContext(browser);
  const earlier = page;
  page = await context.newPage();   // a browser of its own (axeCheck looks at `page`)
  try {
    let keys = 0;
    const type = async (text) => { keys += [...text].length; await page.keyboard.type(text); };
    const press = async (key) => { keys += 1; await page.keyboard.press(key); };
    const click = async (sel) => { keys += 1; await page.click(sel); };
    const ymd = await yearFirst();
    await staffLogin(page, srv.base, "tanto");
    await page.goto(srv.base + "/collections/suspense");
    await page.bringToFront();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "f-from", "focus on the first filter");
    // the day paid, from and to, typed into the date fields in the order this Chromium shows
    // them (month/day/year here; year/month/day under a Japanese UI, where Tab leaves the year)
    const typeDate = async () => {
      if (ymd) { await type(day.slice(0, 4)); await press("Tab"); await type(day.slice(5, 7) + day.slice(8, 10)); }
      else await type(day.slice(5, 7) + day.slice(8, 10) + day.slice(0, 4));
    };
    await typeDate();
    // Tab on to the next field (this Chromium stops once more on the date's calendar button)
    for (let i = 0; i < 4 && await page.evaluate(() => document.activeElement?.id) !== "f-to"; i++) await press("Tab");
    await typeDate();
    assert.equal(await page.inputValue("#f-from"), day);
    assert.equal(await page.inputValue("#f-to"), day);
    await press("Enter");
    await page.waitForURL(/\/collections\/suspense\?from=/);
    assert.equal(page.url(), `${srv.base}/collections/suspense?from=${day}&to=${day}&channel=&amount=`);
    const row = page.locator(`#suspense-${id}`);
    assert.equal(await row.count(), 1, "the item is listed");
    assert.match(await page.textContent("#suspense-count"), /^条件に合う入金 \d+件、合計 ¥/);
    assert.match(await row.textContent(), new RegExp(`候補: 調定 ${bill}（水栓 ${tap}）`));
    await page.screenshot({ path: join(ART, "suspense-filtered.png"), fullPage: true });
    await axeCheck("suspense list, filtered");
    await click(`#apply-${id}`);
    await page.waitForSelector(".flash");
    const flash = await page.textContent(".flash");
    assert.match(flash, new RegExp(`未消込 ${id}（水栓 ${tap}）の入金 ¥[\\d,]+ を調定 ${bill} に消込みました`));
    assert.equal(await page.locator(`#suspense-${id}`).count(), 0, "the row is gone");
    assert.equal(await page.inputValue("#f-from"), day, "still the filtered list");
    assert.equal(sql(ctx, `SELECT status FROM suspense WHERE id = ${id}`), "resolved");
    await page.screenshot({ path: join(ART, "suspense-done.png"), fullPage: true });
    await axeCheck("suspense list after 消込");
    console.log(`# keystrokes: suspense 消込: ${keys} (two dates of 8 digits, Tab to the second, Enter, one click)`);
  } finally {
    await context.close();
    page = earlier;
  }
});
