// 統計 in a real Chromium: a clerk opens the 統計 menu from the navigation, the 調定統計 of a
// fiscal year with its chart (an SVG bar per month), picks a month with the month picker, and
// downloads the Excel file, whose 概要 sheet (unzip + XML) holds the 調定額 the screen shows;
// a refused range names the field; axe-core finds no serious accessibility problem.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { demoCycle, makeEnv, startServer, stopServer, suido, xlsxCells } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;
const axeCheck = (label) => axe(page, label);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "31"]);
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

test("a clerk opens the billing statistics with its chart and downloads the Excel file", async () => {
  await staffLogin(page, srv.base, "tanto");
  await page.click("nav.mainnav a:text-is('統計')");
  await page.waitForURL(/\/stats$/);
  assert.match(await page.textContent("h1"), /統計/);
  await axeCheck("stats menu");
  await page.click("#stats-billing");
  await page.waitForURL(/\/stats\/billing$/);
  const cycle = demoCycle(1);
  const [y, m] = cycle.split("-").map(Number);
  const fy = m >= 4 ? y : y - 1;
  await page.fill("#f-year", String(fy));
  await page.click("#st-year-submit");
  await page.waitForURL(new RegExp(`year=${fy}`));
  const bars = await page.locator("svg.stats-chart rect.bar").count();
  assert.ok(bars >= 1, `the chart has a bar per month (${bars})`);
  await page.screenshot({ path: join(ART, "stats-billing-year.png"), fullPage: true });
  await axeCheck("stats billing (a fiscal year)");
  // a month through the month picker
  await page.fill("#f-month", cycle);
  await page.click("#st-month-submit");
  await page.waitForURL(new RegExp(`month=${cycle}`));
  const shown = Number((await page.textContent("#st-head-total_yen td.num")).replace(/[¥,]/g, ""));
  const j = JSON.parse(suido(ctx, ["report", "billing", "--cycle", cycle]).stdout);
  assert.equal(shown, j.total_yen);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#st-xlsx")]);
  const path = join(ctx.dir, "stats.xlsx");
  await download.saveAs(path);
  assert.match(download.suggestedFilename(), new RegExp(`^stats-billing-${cycle}\\.xlsx$`));
  const cells = xlsxCells(path);
  const row = Object.entries(cells).find(([k, v]) => k.startsWith("A") && v === "調定額");
  assert.ok(row, "the 概要 sheet names 調定額");
  assert.equal(cells[`B${row[0].slice(1)}`], j.total_yen);
  // a refused range keeps what was typed and names the field
  await page.fill("#f-from", "2026-05");
  await page.fill("#f-to", "2026-01");
  await page.click("#st-range-submit");
  assert.match(await page.textContent("[role=alert]"), /終了月/);
  assert.equal(await page.inputValue("#f-from"), "2026-05");
  await axeCheck("stats billing (a refused range)");
});
