// 点検（漏れ防止） and 他市町下水データ in a real Chromium: a 係長 sees the lists' tiles on home,
// opens one made to hold a tap (a bill without sewer in a sewered area), follows the row to the
// tap's カルテ; then, from 調定処理, makes the sewer file of 中央市 by the keyboard (first refused
// for a cycle that does not exist, what was typed kept) and downloads it.  axe-core checks each
// screen; screenshots go to build/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page, cycle, tap;
const shot = (name) => page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });
const axeCheck = (label) => axe(page, label);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "120", "--years", "0", "--seed", "41", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  cycle = sql(ctx, "SELECT MAX(cycle) FROM bills WHERE status = 'current' AND sewer_operator = 'chuo'");
  const row = sql(ctx, "SELECT t.tap_no, b.id FROM bills b JOIN taps t ON t.id = b.tap_id WHERE b.status = 'current'"
    + ` AND b.cycle = (SELECT MAX(cycle) FROM bills WHERE status = 'current') AND b.sewer_operator = 'self' ORDER BY t.tap_no LIMIT 1`);
  const [t, bill] = row.split("|");
  tap = t;
  sql(ctx, `UPDATE bills SET sewer_operator = 'none' WHERE id = ${bill}`);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser, { width: 1280, height: 900 })).newPage({ acceptDownloads: true });
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a 係長 follows a consistency list from home to the カルテ", async () => {
  await staffLogin(page, srv.base, "kakaricho");
  assert.match(await page.textContent("#home-check-no-sewer"), /1 件/);
  await axeCheck("home with the lists' tiles");
  await page.click("#home-check-no-sewer a");
  await page.waitForURL(/\/checks\/no-sewer\?cycle=/);
  assert.match(await page.textContent("#check-total"), /1 件/);
  await shot("checks-01-no-sewer");
  await axeCheck("a consistency list");
  await page.click(`#check-rows a[href="/karte/${tap}"]`);
  await page.waitForURL(new RegExp(`/karte/${tap}$`));
  await page.goto(srv.base + "/checks");
  await shot("checks-02-counts");
  await axeCheck("the lists' counts");
});

test("the sewer file of 中央市, by the keyboard", async () => {
  await page.goto(srv.base + "/billing");
  await page.click("#sewer-export-link");
  await page.waitForURL(/\/billing\/sewer-export$/);
  await axeCheck("sewer export form");
  await page.selectOption("#f-operator", "chuo");
  await page.evaluate(() => { document.querySelector("#f-cycle").removeAttribute("pattern"); });   // type what the pattern would stop
  await page.fill("#f-cycle", "2026-13");
  await page.press("#f-cycle", "Enter");
  await page.waitForLoadState();
  assert.equal(await page.getAttribute("#f-cycle", "aria-invalid"), "true");
  assert.equal(await page.inputValue("#f-cycle"), "2026-13");
  assert.equal(await page.inputValue("#f-operator"), "chuo");
  await axeCheck("sewer export refused");
  await page.fill("#f-cycle", cycle);
  const [dl] = await Promise.all([page.waitForEvent("download"), page.press("#f-cycle", "Enter")]);
  assert.equal(dl.suggestedFilename(), `sewer-chuo-${cycle}-01.csv`);
  const file = join(ctx.dir, "dl.csv");
  await dl.saveAs(file);
  const lines = readFileSync(file, "utf8").split("\r\n").filter(Boolean);
  const n = Number(sql(ctx, `SELECT COUNT(*) FROM bills WHERE cycle = '${cycle}' AND status = 'current' AND sewer_operator = 'chuo'`));
  assert.equal(lines.length, n + 1);
  await page.goto(srv.base + "/billing/sewer-export");
  assert.match(await page.textContent("#sewer-history"), new RegExp(`中央市\\s*${cycle}`));
  await shot("sewer-01-history");
  await axeCheck("sewer export with history");
});
