// 収納日計表 in a real Chromium: a clerk opens the day's totals, picks another
// day with the date picker, and axe-core finds no serious accessibility
// problem on the screen (with a table and with a refused date).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEnv, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;

const axeCheck = (label) => axe(page, label);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "12"]);
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

test("a clerk reads the daily totals of a day with payments; the screen is accessible", async () => {
  await staffLogin(page, srv.base, "tanto");
  await page.goto(srv.base + "/collections/daily");
  assert.match(await page.textContent("h1"), /収納日計表/);
  await axeCheck("daily (today)");
  // pick a day of the demo's payments with the date picker
  const yesterday = new Date(Date.now() + 9 * 3600e3 - 86400e3).toISOString().slice(0, 10);
  let found = null;
  for (let back = 1; back <= 40 && !found; back++) {
    const d = new Date(Date.now() + 9 * 3600e3 - back * 86400e3).toISOString().slice(0, 10);
    const r = suido(ctx, ["payment", "list", "--date", d]);
    if (r.code === 0 && r.stdout.trim()) found = d;
  }
  assert.ok(found, `a demo day with payments before ${yesterday}`);
  await page.fill("#f-date", found);
  await page.click("#daily-form button[type=submit]");
  await page.waitForURL(new RegExp(`date=${found}`));
  assert.match(await page.textContent("#daily-check"), /一致/);
  assert.match(await page.textContent("#daily-table tfoot"), /収納計/);
  await page.screenshot({ path: join(ART, "daily.png"), fullPage: true });
  await axeCheck("daily (a day with payments)");
  await page.goto(srv.base + "/collections/daily?date=2026-02-30");
  assert.match(await page.textContent("[role=alert]"), /計上日/);
  await axeCheck("daily (a refused date)");
});
