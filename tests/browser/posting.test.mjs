// Posting once in a real Chromium (issue 13, finding 6): a clerk takes cash
// at the counter and the browser lands on the receipt page by a redirect, so
// reloading it (F5) shows the same receipt and posts nothing again.
// tests/run-all.sh runs this file a second time over HTTPS (SUIDO_BROWSER_TLS=1: a throwaway CA
// that Chromium trusts by its key; see startStaffServer): login, pages and form posts over TLS,
// with a Secure session cookie.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { demoCycle, makeEnv, stopServer, suido } from "../integration/lib.mjs";
import { launchBrowser, newContext, staffLogin, startStaffServer } from "./lib.mjs";

let ctx, srv, browser, page;

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "120", "--years", "1", "--seed", "16", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startStaffServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

/** Asked by the page itself (through Chromium, so over the same TLS as the pages). */
async function counterPayments(tapNo) {
  const r = await page.evaluate(async (url) => {
    const res = await fetch(url);
    return { status: res.status, body: await res.json() };
  }, `${srv.base}/api/v1/taps/${tapNo}/account`);
  assert.equal(r.status, 200);
  return r.body.payments.filter((p) => p.channel === "counter");
}

test("a counter payment, then a reload of the result page: still one payment and one receipt", async () => {
  await staffLogin(page, srv.base, "tanto");
  const sid = (await page.context().cookies()).find((c) => c.name === "sid");
  assert.equal(sid.secure, srv.base.startsWith("https:"), "the session cookie is Secure exactly over HTTPS");
  const [tapNo] = suido(ctx, ["bill", "list", "--cycle", demoCycle(1)]).stdout.trim().split("\n")[0].split("\t");
  await page.goto(`${srv.base}/taps/${tapNo}/counter`);
  await page.fill("#f-amount", "1000");
  await page.press("#f-amount", "Enter");
  await page.waitForSelector("#counter-confirm");   // confirmed before it is posted
  assert.equal((await counterPayments(tapNo)).length, 0, "nothing posted by the confirmation");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#counter-result");
  const receipt = (await page.textContent("#counter-result")).match(/R\d{8}-\d{4}/)[0];
  assert.equal((await counterPayments(tapNo)).length, 1);
  await page.reload();
  await page.waitForSelector("#counter-result");
  assert.ok((await page.textContent("#counter-result")).includes(receipt), "the same receipt");
  const after2 = await counterPayments(tapNo);
  assert.equal(after2.length, 1, "a reload posts nothing");
  assert.equal(after2[0].receipt_no, receipt);
  assert.match(page.url(), /\/payments\/\d+\/counter$/, "the result is a page of its own");
});
