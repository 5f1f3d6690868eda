// The meter statistics in a real Chromium (issue 21 item 5): a clerk opens the 統計 menu from
// the navigation, then 「メーター検定満了・満了予測」: the forecast's chart (a bar for 満了済 and
// one for each of the ten fiscal years) and its table by diameter; downloads the Excel file,
// whose 概要 sheet (unzip + XML) holds the figures the command gives; then the stock movements
// of a month.  axe-core finds no serious accessibility problem; screenshots go to
// build/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEnv, startServer, stopServer, suido, xlsxCells } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;
const axeCheck = (label) => axe(page, label);
const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "80", "--years", "1", "--seed", "41", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  // a lot in stock that expires in three years: it shows in the forecast's 20mm column
  const r = suido(ctx, ["meter", "receive", "--diameter", "20", "--maker", "愛知時計電機", "--serials", "BS100-BS119",
    "--expiry", `${Number(today.slice(0, 4)) + 3}-06`, "--lot", "L-BS", "--date", today]);
  assert.equal(r.code, 0, r.stderr);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a clerk reads the meters' expiry forecast with its chart and downloads the Excel file", async () => {
  const j = JSON.parse(suido(ctx, ["report", "meter_expiry"]).stdout);
  await staffLogin(page, srv.base, "tanto");
  await page.click("nav.mainnav a:text-is('統計')");
  await page.waitForURL(/\/stats$/);
  await page.click("#stats-meter_expiry");
  await page.waitForURL(/\/stats\/meter_expiry$/);
  assert.equal(await page.locator("svg.stats-chart rect.bar").count(), 11, "満了済 and ten years");
  assert.match(await page.textContent("#st-chart-title"), /検定満了予測/);
  const forecast = j.sections.find((s) => s.key === "forecast");
  const fy = forecast.rows[4].key;   // the fourth year from this one
  const shownDue = Number((await page.textContent(`#st-forecast-${fy} td:last-child`)).replace(/,/g, ""));
  assert.equal(shownDue, forecast.rows[4].due);
  assert.ok(forecast.rows.some((x) => x.d20 >= 20), "the lot received is in the 20mm column");
  await page.screenshot({ path: join(ART, "stats-meter-expiry.png"), fullPage: true });
  await axeCheck("meter expiry forecast");

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#st-xlsx")]);
  const path = join(ctx.dir, "meter-expiry.xlsx");
  await download.saveAs(path);
  assert.match(download.suggestedFilename(), /^stats-meter_expiry-.*\.xlsx$/);
  const cells = xlsxCells(path);
  const row = Object.entries(cells).find(([k, v]) => k.startsWith("A") && v === "メーター台数（廃棄を除く）");
  assert.ok(row, "the 概要 sheet names the meters");
  assert.equal(cells[`B${row[0].slice(1)}`], j.meters);

  // 在庫移動 of this month: the lot received above is 20 庫入 of 20mm
  await page.goto(`${srv.base}/stats/meter_moves?month=${today.slice(0, 7)}`);
  assert.match(await page.textContent(`#st-by_diameter-20`), /20/);
  const received = Number((await page.textContent("#st-head-received td.num")).replace(/,/g, ""));
  assert.ok(received >= 20, `庫入 ${received}`);
  await axeCheck("meter moves");
});
