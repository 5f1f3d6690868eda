// The whole path of a stop filed on the web, in a real Chromium: a resident
// files a stop on the citizen portal (its own process and listener) and gets
// a receipt number and a secret; a clerk logged into the staff UI sees the
// application in the inbox at once, turns it into a reception request with
// one action (the tap matched by number and name), the closing work order is
// completed with the final reading, and the final bill is on the お客様カルテ.
// The resident's status page then says it was taken.  axe-core checks the
// portal's pages and the staff inbox.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeEnv, startPortal, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, portal, browser;


const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);

before(async () => {
  ctx = makeEnv();
  // The utility here takes stops for the same day (no notice period), so that the final reading
  // can be entered within the test: a reading dated in the future is refused.
  const conf = join(ctx.dir, "suido.ini");
  writeFileSync(conf, "[reception]\nlead_business_days = 0\n");
  ctx.env.SUIDO_CONFIG = conf;
  const d = suido(ctx, ["demo", "--taps", "200", "--years", "1", "--seed", "23"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);          // makes the portal key pair
  portal = await startPortal(ctx);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (portal) await stopServer(portal);
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a stop filed on the portal reaches the clerk at once, becomes a request in one action, and ends in the final bill", async () => {
  // a tap with a current user, and who that is (from the staff side)
  const list = suido(ctx, ["bill", "list", "--cycle", new Date(Date.now() - 40 * 86400000).toISOString().slice(0, 7)]);
  const taps = list.stdout.trim().split("\n").map((l) => l.split("\t")[0]).filter((t) => /^\d{8}$/.test(t));
  const context = await browser.newContext({ bypassCSP: true, locale: "ja-JP", viewport: { width: 1280, height: 900 } });
  const staff = await context.newPage();
  await staffLogin(staff, srv.base, "tanto");
  let tap = "", name = "", address = "";
  for (const t of taps.slice(5)) {
    await staff.goto(`${srv.base}/karte/${t}`);
    const n = await staff.locator(".h1-name").textContent().catch(() => null);
    if (n && !(await staff.locator("#mail-doubtful").count())) {
      tap = t;
      name = n.trim();
      address = (await staff.locator("#tap tr", { hasText: "給水場所" }).locator("td").textContent()).trim();
      break;
    }
  }
  assert.ok(tap, "an occupied tap");

  // the resident, on the portal
  const residentCtx = await browser.newContext({ bypassCSP: true, locale: "ja-JP", viewport: { width: 390, height: 844 } });
  const resident = await residentCtx.newPage();
  await resident.goto(portal.base + "/");
  await axeCheck(resident, "portal top");
  await resident.goto(portal.base + "/apply/stop");
  await axeCheck(resident, "portal stop form");
  const stopOn = jstToday();
  await resident.fill("[name=tap_no]", tap);
  await resident.fill("[name=address]", `山峡市${address}`);
  await resident.fill("[name=name]", name);
  await resident.fill("[name=phone]", "055-237-1161");
  await resident.fill("[name=stop_on]", stopOn);
  await resident.check("[name=settle][value=slip]");
  await resident.fill("[name=forward_postal]", "400-0031");
  await resident.fill("[name=forward_address]", "甲府市丸の内2丁目1-1 転居先");
  await Promise.all([resident.waitForLoadState("load"), resident.click("form button[type=submit]")]);
  const filedAt = Date.now();
  const body = await resident.textContent("body");
  const receipt = body.match(/\d{4}-\d{4}-\d{4}/)?.[0];
  assert.ok(receipt, `a receipt number is shown: ${body.slice(0, 300)}`);

  // the clerk's inbox shows it at once: the inbox fetched right after the filing lists it, within a second
  const inbox = await staff.request.get(srv.base + "/reception/applications");
  assert.ok(Date.now() - filedAt < 1000, `inbox answered ${Date.now() - filedAt} ms after the filing`);
  assert.match(await inbox.text(), new RegExp(receipt), "in the inbox");
  await resident.screenshot({ path: join(ART, "portal-filed.png"), fullPage: true });
  await axeCheck(resident, "portal receipt");
  await staff.goto(srv.base + "/reception/applications");
  const row = staff.locator("#applications tr", { hasText: receipt });
  assert.equal(await row.count(), 1, "in the inbox");
  await axeCheck(staff, "staff inbox");
  await row.locator("a").first().click();
  await staff.waitForSelector("#convert-form");
  assert.equal(await staff.inputValue("#convert-form [name=tap_no]"), tap, "matched by number and name");
  await axeCheck(staff, "an application");
  // one action: the stop is scheduled, its work order made
  await Promise.all([staff.waitForURL(`${srv.base}/karte/${tap}*`), staff.click("#convert-submit")]);
  assert.match(await staff.textContent("[role=status]"), new RegExp(`ウェブ申込 ${receipt} を受け付けました`));
  const wo = await staff.locator("#tap-requests a[href^='/workorders/']").first().getAttribute("href");
  assert.match(await staff.textContent("#tap-requests"), /ウェブ/);

  // the day comes: the crew completes the closing with the final reading, about the tap's usual
  // use since its last reading (a reading far off the history would be held for a person)
  const api = await staff.request.get(`${srv.base}/api/v1/taps/${tap}/readings`);
  const last = (await api.json()).readings.sort((a, b) => (a.read_on < b.read_on ? 1 : -1))[0];
  const perDay = (last.value - last.prev_value) / Math.max(last.days, 1);
  const since = Math.round((Date.parse(stopOn) - Date.parse(last.read_on)) / 86400000);
  const final = last.value + Math.max(1, Math.round(perDay * since));
  await staff.goto(srv.base + wo);
  await staff.fill("[name=reading]", String(final));
  await Promise.all([staff.waitForURL(`${srv.base}/karte/${tap}*`), staff.click("#workorder-submit")]);
  assert.match(await staff.textContent("[role=status]"), /中止精算の調定 \d+/);
  const bills = await (await staff.request.get(`${srv.base}/api/v1/taps/${tap}/bills`)).json();
  const fin = bills.bills.find((b) => b.kind === "final");
  assert.ok(fin, "the final bill exists");
  assert.equal(fin.period_to, stopOn);
  assert.equal(fin.collect, "slip", "settled by slip, as the resident chose");
  assert.ok(await staff.locator(`#bills a[href='/bills/${fin.id}']`).count() >= 1, "on the karte");
  assert.match(await staff.textContent("#customer"), /現在の使用者はいません/);
  await staff.screenshot({ path: join(ART, "karte-after-stop.png"), fullPage: true });

  // the resident's status page says it was taken
  await resident.goto(portal.base + "/status");
  await resident.fill("[name=receipt_no]", receipt);
  const secret = body.match(/[A-HJ-NP-Za-km-z2-9]{10}/g)?.find((s) => !/^\d+$/.test(s));
  assert.ok(secret, "a secret is shown");
  await resident.fill("[name=secret]", secret);
  await Promise.all([resident.waitForLoadState("load"), resident.click("form button[type=submit]")]);
  assert.match(await resident.textContent("body"), /受付済み/);
  await axeCheck(resident, "portal status");
  await residentCtx.close();
  await context.close();
});
