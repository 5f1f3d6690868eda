// 管理 → 運用 in Chromium: an administrator reaches it from the 管理 menu; the jobs table shows a
// failed run in red and an interrupted one marked 中断 (text as well as colour), the last good
// backup's age in red when it is older than a day; axe-core finds no serious violation.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "30", "--years", "1", "--seed", "5"]);
  assert.equal(d.code, 0, d.stderr);
  // three recorded runs: a good backup two days old, a failed billing run, a run never finished
  const ok = suido(ctx, ["job", "run", "backup", "--", "audit", "verify"]);
  assert.equal(ok.code, 0, ok.stderr);
  const bad = suido(ctx, ["job", "run", "billing", "--", "bill", "run", "--cycle", "2026-13"]);
  assert.equal(bad.code, 2);
  const now = Math.floor(Date.now() / 1000);
  sql(ctx, `UPDATE job_runs SET finished_at = ${now - 2 * 86400}, started_at = ${now - 2 * 86400 - 60} WHERE job = 'backup'`);
  sql(ctx, `INSERT INTO job_runs (job, started_at, host, pid) VALUES ('dunning-tokusoku', ${now - 3600}, 'this-host-is-gone', 1)`);
  sql(ctx, `UPDATE job_runs SET started_at = ${now - 2 * 86400} WHERE host = 'this-host-is-gone'`);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
  await staffLogin(page, srv.base, "admin");
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("the 運用 screen from the 管理 menu: failed in red, 中断 marked, the stale backup in red; axe", async () => {
  await page.goto(srv.base + "/admin/users");
  await page.click("nav.subnav a[href='/admin/operations']");
  await page.waitForURL(srv.base + "/admin/operations");
  assert.equal(await page.textContent("h1"), "運用（定時処理とバックアップ）");
  const failed = page.locator("#jobs tr[data-job='billing'] .state");
  assert.equal(await failed.textContent(), "失敗");
  const red = await failed.evaluate((el) => getComputedStyle(el).color);
  assert.equal(red, "rgb(163, 38, 27)", "失敗 in the bad colour");
  assert.equal(await page.textContent("#jobs tr[data-job='dunning-tokusoku'] .state"), "中断");
  assert.equal(await page.textContent("#jobs tr[data-job='backup'] .state"), "正常");
  const age = page.locator("#backup-age dd");
  assert.match(await age.textContent(), /1日以上経過しています/);
  assert.equal(await age.evaluate((el) => getComputedStyle(el).color), "rgb(163, 38, 27)");
  await page.screenshot({ path: join(ART, "operations.png"), fullPage: true });
  await axeCheck(page, "運用");
});
