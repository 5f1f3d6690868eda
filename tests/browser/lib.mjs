// What every browser test shares: Debian's Chromium launched the way this
// closed network and CI (root) need, a staff page context, and the axe-core
// check of a screen (serious and critical violations fail the test).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ROOT, startServer } from "../integration/lib.mjs";
import { makeCA } from "../integration/tls_ca.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

/** Where screenshots go (build/artifacts/, made on first use). */
export const ART = join(ROOT, "build", "artifacts");
mkdirSync(ART, { recursive: true });

/** The SPKI hash of the throwaway CA when startStaffServer started an HTTPS server. */
let trustedSpki = null;

/** Start `suido serve` for a browser test: plain HTTP on loopback, or with SUIDO_BROWSER_TLS=1
 *  over HTTPS with a certificate from a throwaway CA made in ctx.dir (tests/run-all.sh runs
 *  tests/browser/posting.test.mjs once that way).  Call before launchBrowser. */
export async function startStaffServer(ctx) {
  if (process.env.SUIDO_BROWSER_TLS !== "1") return startServer(ctx);
  const ca = makeCA(ctx.dir);
  const { cert, key } = ca.issue("server", "5001");
  // The chain the server sends ends with the CA, so that Chromium sees the CA's key in it.
  const chain = join(ctx.dir, "chain.pem");
  writeFileSync(chain, readFileSync(cert, "utf8") + ca.ca);
  trustedSpki = ca.spki;
  const srv = await startServer(ctx, ["--tls-cert", chain, "--tls-key", key]);
  assert.match(srv.base, /^https:/);
  return srv;
}

/** Chromium trusts the throwaway CA by its key: --ignore-certificate-errors-spki-list accepts a
 *  chain the server sent that holds a certificate with that SPKI hash (so the server sends the
 *  CA after its certificate; Playwright's own profile directory satisfies the flag's
 *  --user-data-dir condition).  Not ignoreHTTPSErrors: any other certificate, or
 *  none trusted, still fails (net::ERR_CERT_AUTHORITY_INVALID). */
export function launchBrowser() {
  const tls = trustedSpki ? [`--ignore-certificate-errors-spki-list=${trustedSpki}`] : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic", ...tls],
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
