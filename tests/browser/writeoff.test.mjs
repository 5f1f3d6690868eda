// 時効管理 and 不納欠損 in a real Chromium: a 担当 records 援用 on a bill whose water claim is
// barred, proposes its write-off from the limitation list; a 係長 approves it on the approvals
// screen; the bill page then shows the write-off and the fiscal-year report counts it.  axe-core
// checks each screen; screenshots go to build/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, bill;
const shot = (page, name) => page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "60", "--years", "1", "--seed", "17"]);
  assert.equal(d.code, 0, d.stderr);
  // one unpaid bill read in 2019 and due 2019-04-30: its water claim barred from 2021-05-01
  bill = sql(ctx, "SELECT b.id FROM bills b JOIN bill_open o ON o.bill_id = b.id LEFT JOIN bill_balances x ON x.bill_id = b.id"
    + " WHERE b.water_yen > 2000 AND b.sewer_yen > 1000 AND COALESCE(x.paid_yen, 0) = 0 ORDER BY b.id LIMIT 1");
  sql(ctx, `UPDATE bills SET due_on = '2019-04-30' WHERE id = ${bill}`);
  sql(ctx, `UPDATE bill_open SET due_on = '2019-04-30' WHERE bill_id = ${bill}`);
  sql(ctx, `UPDATE readings SET read_on = '2019-03-10' WHERE id = (SELECT reading_id FROM bills WHERE id = ${bill})`);
  srv = await startServer(ctx);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a 担当 records 援用 and proposes the write-off; a 係長 approves it", async () => {
  const clerk = await (await newContext(browser)).newPage();
  await staffLogin(clerk, srv.base, "tanto");
  await clerk.goto(`${srv.base}/bills/${bill}`);
  assert.match(await clerk.textContent("#limitation-water"), /時効期間 2年/);
  await shot(clerk, "writeoff-01-bill");
  await axe(clerk, "bill with its 時効 panel");
  await clerk.selectOption("#limitation-act-form select[name=kind]", "invocation");
  await clerk.fill("#limitation-act-form input[name=how]", "書面");
  await clerk.click("#limitation-act-submit");
  await clerk.waitForURL(`${srv.base}/bills/${bill}`);
  assert.match(await clerk.textContent("#limitation-water"), /援用（/);

  await clerk.goto(`${srv.base}/arrears`);
  await clerk.click("nav.subnav a:has-text('時効管理')");
  await clerk.waitForURL(/\/arrears\/limitation/);
  await shot(clerk, "writeoff-02-limitation");
  await axe(clerk, "limitation list");
  await clerk.check(`#pick-${bill}-water`);
  await clerk.selectOption("#writeoff-propose select[name=reason]", "invocation");
  await clerk.click("#writeoff-propose-submit");
  await clerk.waitForURL(/\/arrears\/writeoffs\/\d+$/);
  assert.match(await clerk.textContent("#writeoff-status"), /承認待ち/);
  await shot(clerk, "writeoff-03-proposed");
  await axe(clerk, "the proposal");
  const proposal = clerk.url();

  const chief = await (await newContext(browser)).newPage();
  await staffLogin(chief, srv.base, "kakaricho");
  await chief.goto(`${srv.base}/approvals`);
  await axe(chief, "approvals");
  const row = chief.locator("table.approvals tr", { hasText: "不納欠損" });
  await row.locator("button.approve").click();
  await chief.waitForURL(`${srv.base}/approvals`);
  await chief.goto(proposal);
  assert.match(await chief.textContent("#writeoff-status"), /承認済/);
  await chief.goto(`${srv.base}/bills/${bill}`);
  assert.match(await chief.textContent("#bill-writeoff"), /不納欠損済み（援用）/);
  await shot(chief, "writeoff-04-bill-written-off");
  await axe(chief, "the bill written off");
  await chief.goto(`${srv.base}/arrears/writeoffs`);
  await axe(chief, "the register");
  await chief.click("#writeoff-report-link");
  await chief.waitForURL(/writeoff-report/);
  assert.doesNotMatch(await chief.textContent("#wr-invocation"), /¥0\s*$/);
  await shot(chief, "writeoff-05-report");
  await axe(chief, "the fiscal-year report");
});
