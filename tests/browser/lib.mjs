// What every browser test shares: Debian's Chromium launched the way this
// closed network and CI (root) need, a staff page context, and the axe-core
// check of a screen (serious and critical violations fail the test).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ROOT } from "../integration/lib.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

/** Where screenshots go (build/artifacts/, made on first use). */
export const ART = join(ROOT, "build", "artifacts");
mkdirSync(ART, { recursive: true });

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
}

/** A desktop context in Japanese.  bypassCSP only so that a test can inject axe-core; the
 *  pages themselves run under their CSP (a test of the CSP uses a context of its own). */
export function newContext(browser, viewport = { width: 1280, height: 900 }) {
  return browser.newContext({ bypassCSP: true, locale: "ja-JP", viewport });
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function axeCheck(page, label) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
  assert.deepEqual(result, [], `${label}: accessibility violations`);
}

/** Log a staff user in through the login form (the demo's password by default). */
export async function staffLogin(page, base, username, password = "suido-demo-2025") {
  await page.goto(base + "/login");
  await page.fill("#f-username", username);
  await page.fill("#f-password", password);
  await page.press("#f-password", "Enter");
  await page.waitForURL(base + "/");
}
