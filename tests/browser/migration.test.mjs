// 管理 → データ移行 in Chromium: an administrator reaches it from the 管理 menu after a legacy
// export was imported through the example mapping (tests/integration/legacy_fixed.mjs); the run's
// 移行結果確認表 shows the control totals matched (一致) and a refused run is marked in text as well
// as colour; axe-core finds no serious violation on either screen.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PASSWORD, ROOT, addUser, makeEnv, startServer, stopServer, suido } from "../integration/lib.mjs";
import { legacyFixed } from "../integration/legacy_fixed.mjs";
import { ART, axeCheck, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;
const work = mkdtempSync(join(tmpdir(), "suido-bmig-"));
const MAPPING = join(ROOT, "examples/legacy-fixed/mapping.ini");

before(async () => {
  ctx = makeEnv();
  // a refused run first (a bad 和暦 date), then the import
  const bad = join(work, "bad");
  legacyFixed(bad, { edit: { "KENSHIN.DAT": (l) => l.map((x, i) => (i === 2 ? x.slice(0, 14) + "H310501" + x.slice(21) : x)) } });
  assert.equal(suido(ctx, ["import", bad, "--mapping", MAPPING]).code, 1);
  const good = join(work, "good");
  legacyFixed(good);
  const r = suido(ctx, ["import", good, "--mapping", MAPPING]);
  assert.equal(r.code, 0, r.stderr);
  addUser(ctx, "admin", "admin");
  srv = await startServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
  await staffLogin(page, srv.base, "admin", PASSWORD);
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

test("the データ移行 screen from the 管理 menu: runs listed, the review report of one; axe", async () => {
  await page.goto(srv.base + "/admin/users");
  await page.click("nav.subnav a[href='/admin/migration']");
  await page.waitForURL(srv.base + "/admin/migration");
  assert.equal(await page.textContent("h1"), "データ移行（移行結果確認表）");
  const states = await page.locator("#runs .state").allTextContents();
  assert.deepEqual(states, ["正常", "取込不可"], "newest first");
  await axeCheck(page, "データ移行");
  await page.click("#runs tbody tr:first-child th a");
  await page.waitForURL(/\/admin\/migration\/\d+$/);
  assert.match(await page.textContent("h1"), /^移行結果確認表 No\.\d+$/);
  assert.equal(await page.textContent("#review-diff td"), "相違はありません");
  const marks = await page.locator("#review-control tbody tr td:last-child").allTextContents();
  assert.ok(marks.includes("一致") && !marks.includes("相違"), marks.join(","));
  await page.screenshot({ path: join(ART, "migration.png"), fullPage: true });
  await axeCheck(page, "移行結果確認表");
  // the refused run lists its difference
  await page.goto(srv.base + "/admin/migration");
  await page.click("#runs tbody tr:last-child th a");
  assert.match(await page.textContent("#review-diff"), /KENSHIN\.DAT:3: readings\.csv の read_on/);
  await axeCheck(page, "移行結果確認表（取込不可）");
});
