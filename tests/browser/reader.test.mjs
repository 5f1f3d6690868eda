// The meter reader's phone app (/m/) in a real Chromium (Debian's), driven by Playwright:
// a reader logs in, downloads a route, goes offline, reloads the app from the service
// worker, enters readings (one of them twice: the pending value is replaced), comes back
// online, sends, and each reading arrives exactly once, also after a reload and a second
// sync.  Then the rule for a meter entered again after sending: a different value is
// refused as a duplicate, the same value is answered as already recorded.  Screenshots go to
// build/artifacts/reader-*.png at a phone viewport; axe-core checks the screens.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEnv, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck, launchBrowser, newContext } from "./lib.mjs";

const DEMO_PASSWORD = "suido-demo-2025";
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
                locale: "ja-JP", timezoneId: "Asia/Tokyo" };
let ctx, srv, browser;

async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: join(ART, `reader-${name}.png`), fullPage });
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "2", "--seed", "11"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("the reader app starts under the server's Content-Security-Policy and asks to log in", async () => {
  // No bypassCSP here: the app must run as served, without inline script or style.
  const context = await browser.newContext(PHONE);
  try {
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation",
        (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) problems.push(m.text()); });
    const res = await page.goto(srv.base + "/m/");
    assert.equal(res.status(), 200, "/m/ needs no login");
    assert.match(res.headers()["content-security-policy"] || "", /script-src 'self'/);
    await page.locator("#login-box").waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#login-box a", "href"), "/login?next=/m/");
    assert.match(await page.textContent("#net"), /オンライン/);
    assert.deepEqual(await page.evaluate(() => window.__csp), [], "CSP violations");
    assert.deepEqual(problems, [], "errors in the page");
    const manifest = await page.request.get(srv.base + "/static/reader.webmanifest");
    assert.equal(manifest.status(), 200);
    const m = await manifest.json();
    assert.equal(m.start_url, "/m/");
    assert.equal(m.scope, "/m/");
    assert.equal(m.display, "standalone");
  } finally {
    await context.close();
  }
});

test("a reader downloads a route, enters readings offline, and each arrives once", async () => {
  // bypassCSP only so that the test can inject axe-core; the first test covers the CSP.
  const context = await browser.newContext({ ...PHONE, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));

  async function getJson(path) {
    const r = await page.request.get(srv.base + path);
    assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
    return r.json();
  }
  const count = () => page.textContent("#pending-count");
  async function waitCount(n) {
    await page.waitForFunction((want) => document.getElementById("pending-count")?.textContent === String(want), n);
  }
  const rowText = (tap) => page.textContent(`#st-${tap}`);

  // Log in with the staff login page; it comes back to /m/.
  await page.goto(srv.base + "/login?next=/m/");
  await page.fill("#f-username", "kenshin");
  await page.fill("#f-password", DEMO_PASSWORD);
  await page.click("#login-submit");
  await page.waitForURL(srv.base + "/m/");
  const me = await getJson("/api/v1/me");
  assert.equal(me.username, "kenshin");
  assert.equal(me.role, "reader");
  assert.match(me.today, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(me.cycle, /^\d{4}-\d{2}$/);

  // The service worker is installed (precache done) and controls the page.
  assert.equal(await page.evaluate(async () => !!(await navigator.serviceWorker.ready).active), true);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.locator("li.route").first().waitFor();
  assert.match(await page.textContent("#who"), /kenshin/);
  assert.match(await page.textContent("#net"), /オンライン/);
  assert.equal(await count(), "0");

  // The first route of this cycle that still has unread taps.
  const routes = (await getJson(`/api/v1/routes?cycle=${me.cycle}`)).routes;
  assert.ok(routes.length > 0, "routes scheduled in the current cycle");
  const route = routes.find((r) => r.read < r.total);
  assert.ok(route, "a route with unread taps");
  const list = await getJson(`/api/v1/routes/${encodeURIComponent(route.code)}/list?cycle=${me.cycle}`);
  const unread = list.items.filter((it) => it.read === null);
  assert.ok(unread.length >= 3, "at least three unread taps");
  const [a, b, c] = unread;
  const wrap = (it, add) => ((it.prev_value ?? 0) + add) % 10 ** it.digits;
  const pad = (it, v) => String(v).padStart(it.digits, "0");

  await shot(page, "01-routes");
  await axeCheck(page, "route list");
  const card = page.locator(`li.route[data-route="${route.code}"][data-cycle="${me.cycle}"]`);
  await card.locator("button.download").click();
  await card.locator("button.open").waitFor();
  assert.equal(await card.getAttribute("data-downloaded"), "1");
  assert.match(await page.textContent("#message"), /ダウンロードしました/);

  // Offline: the page comes from the service worker's cache (the server sees no request
  // for it: the access log is flushed every second); the downloaded route is still there.
  const shellHits = async () => {
    await new Promise((r) => setTimeout(r, 1200));
    return srv.log().split("\n").filter((l) => / GET \/m\/ /.test(l)).length;
  };
  const hitsBefore = await shellHits();
  assert.ok(hitsBefore > 0, "the access log shows the online loads of /m/");
  await context.setOffline(true);
  const res = await page.reload();
  assert.ok(res && res.fromServiceWorker(), "the reloaded page came from the service worker");
  assert.equal(await shellHits(), hitsBefore, "the page was not fetched from the server while offline");
  await page.waitForFunction(() => document.getElementById("net")?.textContent === "オフライン");
  assert.match(await page.textContent("#who"), /kenshin/, "the reader is remembered offline");
  await page.locator(`li.route[data-route="${route.code}"][data-cycle="${me.cycle}"] button.open`).click();
  await page.locator(`#v-${a.tap_no}`).waitFor();
  assert.match(await page.textContent("h1"), new RegExp(route.code));

  // Three readings; Enter records and moves to the next tap in walking order.
  for (const [i, it] of [a, b, c].entries()) {
    await page.fill(`#v-${it.tap_no}`, String(wrap(it, 7)));
    await page.press(`#v-${it.tap_no}`, "Enter");
    await waitCount(i + 1);
    const next = list.items[list.items.findIndex((x) => x.tap_no === it.tap_no) + 1];
    if (next) assert.equal(await page.evaluate(() => document.activeElement?.id), `v-${next.tap_no}`, "focus moves on");
    assert.match(await rowText(it.tap_no), new RegExp(`送信待ち：${pad(it, wrap(it, 7))}`));
  }
  // The same tap again before sending: the pending value is replaced, still three waiting.
  await page.fill(`#v-${a.tap_no}`, String(wrap(a, 8)));
  await page.press(`#v-${a.tap_no}`, "Enter");
  await page.waitForFunction(([tap, v]) => document.getElementById(`st-${tap}`)?.textContent.includes(`送信待ち：${v}`),
                             [a.tap_no, pad(a, wrap(a, 8))]);
  assert.equal(await count(), "3");
  assert.match(await page.textContent("#announce"), /置き換えました/);
  // A value with more digits than the meter is refused on the phone.
  await page.fill(`#v-${c.tap_no}`, "1" + "0".repeat(c.digits));
  await page.press(`#v-${c.tap_no}`, "Enter");
  await page.waitForFunction((tap) => document.getElementById(`st-${tap}`)?.textContent.includes("記録できません"), c.tap_no);
  assert.equal(await page.getAttribute(`#v-${c.tap_no}`, "aria-invalid"), "true");
  assert.equal(await count(), "3");
  assert.match(await rowText(c.tap_no), new RegExp(`送信待ち：${pad(c, wrap(c, 7))}`), "the pending value is kept");
  await page.locator(`#tap-${a.tap_no}`).scrollIntoViewIfNeeded();
  await shot(page, "02-offline-entry", false);
  await axeCheck(page, "route entry");

  // Online again: send; all three leave the phone.
  await context.setOffline(false);
  await page.click("#sync-btn");
  await waitCount(0);
  await page.waitForFunction(() => /3件送信しました/.test(document.getElementById("message")?.textContent || ""));
  for (const it of [a, b, c]) assert.match(await rowText(it.tap_no), /受付済|保留/);
  await page.locator(`#tap-${a.tap_no}`).scrollIntoViewIfNeeded();
  await shot(page, "03-sent", false);

  async function assertArrivedOnce(label) {
    for (const [it, v] of [[a, wrap(a, 8)], [b, wrap(b, 7)], [c, wrap(c, 7)]]) {
      const rs = (await getJson(`/api/v1/taps/${it.tap_no}/readings`)).readings.filter((r) => r.read_on === me.today);
      assert.equal(rs.length, 1, `${label}: one reading today for ${it.tap_no}: ${JSON.stringify(rs)}`);
      assert.equal(rs[0].value, v, `${label}: value of ${it.tap_no}`);
    }
  }
  await assertArrivedOnce("after sync");

  // Reload and sync again: nothing is sent twice.
  await page.reload();
  await page.locator(`#v-${a.tap_no}`).waitFor();
  await page.waitForFunction(() => document.getElementById("net")?.textContent === "オンライン");
  await page.click("#sync-btn");
  await page.waitForFunction(() => /送信待ちはありません/.test(document.getElementById("message")?.textContent || ""));
  assert.equal(await count(), "0");
  await assertArrivedOnce("after reload and second sync");

  // After sending, the same tap again: a different value is refused as a duplicate ...
  await page.fill(`#v-${a.tap_no}`, String(wrap(a, 9)));
  await page.press(`#v-${a.tap_no}`, "Enter");
  await waitCount(1);
  assert.match(await rowText(a.tap_no), /本日は送信済みです/);
  await page.click("#sync-btn");
  await waitCount(0);
  await page.waitForFunction((tap) => document.getElementById(`st-${tap}`)?.textContent.includes("却下"), a.tap_no);
  assert.match(await page.textContent("#refused-count"), /却下 1件/);
  await page.locator(`#tap-${a.tap_no}`).scrollIntoViewIfNeeded();
  await shot(page, "04-duplicate-refused", false);
  await axeCheck(page, "route entry with a refused reading");
  // ... and the same value is answered as already recorded.
  await page.fill(`#v-${a.tap_no}`, String(wrap(a, 8)));
  await page.press(`#v-${a.tap_no}`, "Enter");
  await waitCount(1);
  await page.click("#sync-btn");
  await waitCount(0);
  await page.waitForFunction((tap) => /受付済|保留/.test(document.getElementById(`st-${tap}`)?.textContent || ""), a.tap_no);
  assert.doesNotMatch(await rowText(a.tap_no), /却下/);
  assert.equal(await page.textContent("#refused-count"), "");
  await assertArrivedOnce("after entering the first tap again");

  assert.deepEqual(problems, [], "errors in the page");
  await context.close();
});
