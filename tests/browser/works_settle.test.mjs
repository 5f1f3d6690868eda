// Works receipts and settlement in a real Chromium: a collections clerk takes money at the counter
// on the application page (first an amount over what is open, refused naming the field), then a
// wrong convenience-store amount waiting in 未消込 is allocated to the application by hand; the 工事
// role enlarges it (a refusal first) and the 追徴 shows; another application cancelled after
// payment has its refund approved by the 係長 on the approvals page.  axe-core checks each
// screen; screenshots go to build/artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { formToken, makeEnv, sql, startServer, stopServer, suido, Client } from "../integration/lib.mjs";
import { agentRecord, day, demoContractor, worksSlipCode } from "../integration/works_lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser;

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "0", "--seed", "31", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

/** A 新設 of diameter entered by the 工事 role over HTTP: [id, number]. */
async function enter(diameter) {
  const [contractor, engineer, area] = demoContractor(ctx);
  const c = new Client(srv.base);
  assert.equal((await c.login("koji", "suido-demo-2025")).status, 303);
  const token = await formToken(c, "/works/new", "works-new-form");
  const r = await c.post("/works/new", {
    csrf: c.csrf, ...token, type: "new", received_on: day(-20), contractor_id: String(contractor),
    engineer_id: String(engineer), owner_name: "画面　施主", owner_phone: "055-222-0001",
    applicant_name: "画面　申込者", applicant_phone: "090-1111-2222", area_code: area, address: "5-5",
    tap_no: "", diameter: String(diameter), old_diameter: "", dwellings: "", meter_count: "", meter_place: "",
    use_code: "household", consent_land_on: "", consent_house_on: "", consent_party_on: "",
  });
  assert.equal(r.status, 303, r.text);
  const id = Number(r.location.match(/(\d+)$/)[1]);
  return [id, sql(ctx, `SELECT number FROM works_applications WHERE id = ${id}`)];
}

test("counter money, a hand allocation from 未消込, an enlargement and a refund approved", async () => {
  const [id, number] = await enter(13);
  const url = `${srv.base}/works/${id}`;
  const clerk = await (await newContext(browser)).newPage();
  await staffLogin(clerk, srv.base, "tanto");
  await clerk.goto(url);
  await clerk.fill("#wa-pay-form input[name=amount]", "60000");
  await clerk.click("#wa-pay-form button");
  await clerk.waitForLoadState();
  assert.match(await clerk.textContent("#form-error"), /未納額（49,000 円）を超えています/);
  await axe(clerk, "works counter payment refused");
  await clerk.fill("#wa-pay-form input[name=amount]", "2000");
  await clerk.click("#wa-pay-form button");
  await clerk.waitForURL(url);
  assert.match(await clerk.textContent("#wa-receipts"), /窓口[\s\S]*2,000/);
  await axe(clerk, "works application with a payment");

  // 46,000 paid at a store while 47,000 is open: waits in 未消込, then allocated by hand
  const file = join(ctx.dir, "store.csv");
  writeFileSync(file, agentRecord(worksSlipCode(id, number, 46000), 46000));
  assert.equal(suido(ctx, ["payment", "import", "--json", file]).code, 0);
  await clerk.goto(`${srv.base}/collections/suspense`);
  const form = clerk.locator("form[action$='/works']").first();
  await axe(clerk, "suspense with a works item");
  await form.locator("input[name=number]").fill(number);
  await form.locator("input[name=note]").fill("納入通知書の控えで確認");
  await form.locator("button").click();
  await clerk.waitForLoadState();
  assert.equal(sql(ctx, `SELECT SUM(yen - paid_yen) FROM works_charges WHERE application_id = ${id}`), "1000");

  // the 工事 role enlarges it: refused without a reason, then a 追徴
  const page = await (await newContext(browser)).newPage();
  await staffLogin(page, srv.base, "koji");
  await page.goto(url);
  await page.fill("#wa-change-form input[name=diameter]", "20");
  await page.evaluate(() => document.querySelector("#wa-change-form input[name=reason]").removeAttribute("required"));
  await page.click("#wa-change-form button");
  await page.waitForLoadState();
  assert.match(await page.textContent("#form-error"), /変更の理由を入力してください/);
  await axe(page, "works change refused");
  await page.fill("#wa-change-form input[name=reason]", "口径を20mmに変更");
  await page.click("#wa-change-form button");
  await page.waitForURL(url);
  assert.match(await page.textContent("#wa-charges"), /加入金（追徴）/);
  await page.screenshot({ path: join(ART, "works-settle-01-additional.png"), fullPage: true });
  await axe(page, "works application with a 追徴");

  // another one paid and cancelled: the 係長 approves its refund
  const [id2, number2] = await enter(13);
  const f2 = join(ctx.dir, "store2.csv");
  writeFileSync(f2, agentRecord(worksSlipCode(id2, number2, 49000), 49000, "1102"));
  assert.equal(suido(ctx, ["payment", "import", "--json", f2]).code, 0);
  await page.goto(`${srv.base}/works/${id2}`);
  await page.fill("#wa-step-cancel input[name=reason]", "施主の都合");
  await page.click("#wa-step-cancel button");
  await page.waitForLoadState();
  await page.click("#wa-step-cancel button");
  await page.waitForURL(`${srv.base}/works/${id2}`);
  assert.match(await page.textContent("#wa-refunds"), /承認待ち/);
  const chief = await (await newContext(browser)).newPage();
  await staffLogin(chief, srv.base, "kakaricho");
  await chief.goto(`${srv.base}/approvals`);
  await axe(chief, "approvals with a works refund");
  const row = chief.locator("tr", { hasText: `工事申込 ${number2} の還付` });
  await row.locator("button[value=approve]").click();
  await chief.waitForLoadState();
  await chief.goto(`${srv.base}/works/${id2}`);
  assert.match(await chief.textContent("#wa-refunds"), /還付済み/);
  await axe(chief, "works application refunded");
});
