// Keystrokes of the clerk's tasks 1–2 of issue 16 on an older build, measured as
// tests/browser/staff.test.mjs measures them now (same demo city: 300 taps, 2 years, seed 11;
// the same choice of caller): the combined "surname area" search, else the surname alone and
// Tab to the caller; then where the amount owed stands on the カルテ.
//   git worktree add --detach /tmp/old 83b67b2 && (cd /tmp/old && meson setup build && ninja -C build)
//   node bench/keys_before.mjs /tmp/old/build/suido
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, newContext } from "../tests/browser/lib.mjs";
const BIN = process.argv[2];
const dir = mkdtempSync("/tmp/before16-");
const env = { ...process.env, SUIDO_DB: `sqlite:${dir}/d.db`, SUIDO_KEY_FILE: `${dir}/k.key`, SUIDO_FAST_HASH: "1" };
const d = spawnSync(BIN, ["demo", "--taps", "300", "--years", "2", "--seed", "11"], { env, encoding: "utf8" });
if (d.status !== 0) throw new Error(d.stderr);
// Port 0: the kernel picks a free one, and the log names it.
const srv = spawn(BIN, ["serve", "--listen", "127.0.0.1:0"], { env });
let serveLog = "";
const port = await new Promise((r) => srv.stderr.on("data", (d) => {
  serveLog += d;
  const m = serveLog.match(/listening on http:\/\/[^:\s]+:(\d+)/);
  if (m) r(Number(m[1]));
}));
const base = `http://127.0.0.1:${port}`;
const browser = await launchBrowser();
const page = await (await newContext(browser)).newPage();
await page.goto(base + "/login");
await page.fill("#f-username", "tanto");
await page.fill("#f-password", "suido-demo-2025");
await page.press("#f-password", "Enter");
await page.waitForURL(base + "/");
const api = async (q) => (await (await page.request.get(`${base}/api/v1/customers?q=${encodeURIComponent(q)}&limit=200`)).json());
const bySurname = new Map();
for (const h of (await api("た")).results.filter((x) => x.current !== false)) {
  const sn = h.kana.split("　")[0];
  bySurname.set(sn, (bySurname.get(sn) || []).concat(h));
}
const [surname, people] = [...bySurname].sort((a, b) => b[1].length - a[1].length)[0];
const areaOf = (h) => h.address.match(/^[^0-9０-９]+?(?:[一二三四五六七八九十]+丁目|町)/)?.[0] ?? "";
const caller = people.find((h) => areaOf(h) && people.some((x) => areaOf(x) !== areaOf(h))) || people[0];
const area = areaOf(caller);
const hira = surname.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
// 1. the combined query, as a clerk types it
let keys = 0;
await page.locator("h1").click();
await page.keyboard.press("/"); keys++;
await page.keyboard.type(`${hira} ${area}`); keys += [...`${hira} ${area}`].length;
await page.keyboard.press("Enter"); keys++;
await page.waitForLoadState("load");
const combined = await page.locator(`a[href="/karte/${caller.tap_no}"]`).count();
console.log(`combined query "${hira} ${area}": caller listed: ${combined > 0}`);
if (!combined) {   // what a clerk can do instead: the surname alone, then Tab to the caller
  await page.goto(base + "/");
  await page.locator("h1").click();
  await page.keyboard.press("/"); keys++;
  await page.keyboard.type(hira); keys += [...hira].length;
  await page.keyboard.press("Enter"); keys++;
  await page.waitForLoadState("load");
}
let tabs = 0;
while (tabs < 400 && await page.evaluate((t) => document.activeElement?.getAttribute("href") !== `/karte/${t}`, caller.tap_no)) {
  await page.keyboard.press("Tab"); tabs++;
}
keys += tabs;
await page.keyboard.press("Enter"); keys++;
await page.waitForURL(new RegExp(`/karte/${caller.tap_no}`));
console.log(`task 1 before: ${keys} keys (${tabs} Tabs among the results; combined query found the caller: ${combined > 0})`);
// 2. where the amount owed is on the karte's first load
const y = await page.evaluate(() => {
  const el = [...document.querySelectorAll("th, dt, td, h2")].find((x) => /未納|残高|未収/.test(x.textContent));
  return el ? el.getBoundingClientRect().top + window.scrollY : -1;
});
console.log(`task 2 before: amount owed at y=${y}px: ${y < 0 ? "not shown" : `${Math.floor(y / 900)} screen(s) below the first (900 px viewport)`}`);
await browser.close();
srv.kill();
