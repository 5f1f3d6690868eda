// The staff UI in a real Chromium (Debian's), driven by Playwright: a clerk
// logs in, searches from the header with the keyboard, opens a カルテ, edits
// the customer, logs out.  Screenshots go to build/artifacts/; axe-core checks
// each main screen for serious accessibility problems.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { demoCycle, makeEnv, sql, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, axeCheck as axe, launchBrowser, newContext, staffLogin } from "./lib.mjs";

const DEMO_PASSWORD = "suido-demo-2025";
let ctx, srv, browser, page;

async function shot(name) {
  await page.screenshot({ path: join(ART, `${name}.png`), fullPage: true });
}

const axeCheck = (label) => axe(page, label);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "2", "--seed", "11"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  const context = await newContext(browser);
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test("a clerk logs in, searches, opens a カルテ, edits the customer and logs out", async () => {
  await page.goto(srv.base + "/");
  assert.match(page.url(), /\/login/);
  await page.locator("#f-username").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-username", "focus starts on the username");
  await shot("01-login");
  await axeCheck("login");
  await page.keyboard.type("tanto");
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(srv.base + "/");
  assert.match(await page.textContent("header"), /tanto（担当）/);
  // 統計 is built (the statistics reports) and a clerk may open it
  assert.equal(await page.locator("nav.mainnav a", { hasText: "統計" }).getAttribute("href"), "/stats");
  // メーター管理 is built and a clerk may open it
  assert.equal(await page.locator("nav.mainnav a", { hasText: "メーター" }).getAttribute("href"), "/meters");
  // 滞納 is built (the arrears ledger) and a clerk may open it
  assert.equal(await page.locator("nav.mainnav a", { hasText: "滞納" }).getAttribute("href"), "/arrears");
  await shot("02-home");
  await axeCheck("home");

  // "/" jumps to the header search box; hiragana finds katakana names.
  await page.locator("h1").click();
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "global-search");
  await page.keyboard.type("さとう");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/customers\?q=/);
  const rows = page.locator("table.results tbody tr");
  assert.ok((await rows.count()) > 0, "some サトウ in a 300-tap city");
  assert.match(await rows.first().textContent(), /サトウ/);
  await shot("03-search");

  await page.locator("a.karte-link").first().focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/karte\/\d{8}$/);
  for (const id of ["tap", "customer", "occupancies", "readings", "bills", "payments"])
    assert.ok(await page.locator(`#${id}`).isVisible(), id);
  await shot("04-karte");
  await axeCheck("karte");

  await page.click("#edit-customer");
  await page.waitForURL(/\/customers\/\d+\/edit/);
  await page.fill("#f-phone", "090-5555-0101");
  await page.fill("#f-kana", "abc");                 // refused: kana only
  await page.click("form.grid button[type=submit]");
  assert.match(await page.textContent(".form-error"), /カナ氏名/);
  assert.equal(await page.getAttribute("#f-kana", "aria-invalid"), "true");
  assert.equal(await page.inputValue("#f-phone"), "090-5555-0101", "what was typed is kept");
  await shot("05-edit-refused");
  await page.fill("#f-kana", "サトウ　テスト");
  // Esc with typed input not yet saved asks first; answering no keeps the page and the input.
  await page.locator("#f-phone").focus();
  let asked = "";
  page.once("dialog", (d) => { asked = d.message(); return d.dismiss(); });   // the key press returns once it is answered
  await page.keyboard.press("Escape");
  assert.match(asked, /保存されていません/);
  assert.match(page.url(), /\/customers\/\d+\/edit/);
  assert.equal(await page.inputValue("#f-kana"), "サトウ　テスト");
  await page.click("form.grid button[type=submit]");
  await page.waitForURL(/\/karte\/\d{8}$/);
  assert.match(await page.textContent("div.flash"), /お客様情報を更新しました/);
  assert.match(await page.textContent("#customer"), /090-5555-0101/);
  assert.match(await page.textContent("#customer"), /サトウ　テスト/);
  await shot("06-karte-after-edit");

  await page.click("header button:has-text('ログアウト')");
  await page.waitForURL(/\/login/);
  assert.match(await page.textContent("div.flash"), /ログアウトしました/);
  await shot("07-logged-out");
  await page.goto(srv.base + "/customers?q=x");
  assert.match(page.url(), /\/login/, "the session is gone");
});

test("the most common call: a surname and the area, typed together, find the one customer; keys counted", async () => {
  await page.goto(srv.base + "/login");
  await page.fill("#f-username", "tanto");
  await page.fill("#f-password", DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(srv.base + "/");
  // A caller: a surname shared by several customers, and the area of one of them.
  const api = async (q) => (await (await page.request.get(`${srv.base}/api/v1/customers?q=${encodeURIComponent(q)}&limit=200`)).json());
  const bySurname = new Map();
  for (const h of (await api("た")).results.filter((x) => x.current)) {
    const sn = h.kana.split("　")[0];
    bySurname.set(sn, (bySurname.get(sn) || []).concat(h));
  }
  const [surname, people] = [...bySurname].sort((a, b) => b[1].length - a[1].length)[0];
  assert.ok(people.length >= 2, `${surname}: ${people.length}`);
  const areaOf = (h) => h.address.match(/^[^0-9０-９]+?(?:[一二三四五六七八九十]+丁目|町)/)?.[0] ?? "";
  const caller = people.find((h) => areaOf(h) && people.some((x) => areaOf(x) !== areaOf(h)));
  assert.ok(caller, `${surname}s in more than one area`);
  const area = areaOf(caller);
  const hira = surname.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
  let keys = 0;
  const press = async (k) => { keys++; await page.keyboard.press(k); };
  const type = async (t) => { keys += [...t].length; await page.keyboard.type(t); };
  await page.locator("h1").click();
  await press("/");
  await type(`${hira} ${area}`);
  await press("Enter");
  await page.waitForURL(/\/customers\?q=/);
  const rows = page.locator("table.results tbody tr");
  const n = await rows.count();
  const total = Number((await page.textContent("p.summary")).match(/全 (\d+) 件/)[1]);
  assert.equal(n, total);
  for (let i = 0; i < n; i++) {
    const text = await rows.nth(i).textContent();
    assert.ok(text.includes(surname) && text.includes(area), text);
  }
  assert.ok(n < (await api(hira)).total, "the area narrows the surname");
  await shot("07a-combined-search");
  await axeCheck("search results");
  // The first result has the focus; ↓ to the caller, Enter.
  const taps = await page.locator("a.karte-link").allTextContents();
  const at = taps.indexOf(caller.tap_no);
  assert.ok(at >= 0, `${caller.tap_no} among ${taps}`);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), taps[0]);
  for (let i = 0; i < at; i++) await press("ArrowDown");
  await press("Enter");
  await page.waitForURL(new RegExp(`/karte/${caller.tap_no}$`));
  console.log(`# keystrokes: search by surname and area to the カルテ: ${keys} (${[...`${hira} ${area}`].length} typed, ${at} ↓, among ${n} results)`);
  // The first screen answers the call: what is owed, past due, the last payment, how the tap pays.
  const viewport = page.viewportSize();
  for (const id of ["strip-owed", "strip-overdue", "strip-last-payment", "strip-method", "act-counter"]) {
    const box = await page.locator(`#${id}`).boundingBox();
    assert.ok(box && box.y + box.height <= viewport.height, `#${id} on the first screen`);
  }
  await shot("07b-karte-strip");
  await axeCheck("karte with its strip");
  // 窓口入金 from the menu: what is owed is paid in cash, the change shown, a receipt printed.
  await page.click("#act-counter"); keys++;
  await page.waitForURL(/\/counter$/);
  const owed = Number((await page.textContent("#counter-owed")).match(/¥([\d,]+)/)[1].replace(/,/g, "")) || 1000;
  const cash = String(Math.ceil((owed + 1) / 1000) * 1000);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-amount");
  await type(String(owed));
  await press("Tab");   // 充てる調定: left as it is (the oldest unpaid first)
  await press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-tendered");
  await type(cash);
  await press("Enter");
  await page.waitForSelector("#counter-confirm");
  assert.equal((await page.textContent("#cf-change")).trim(), `¥${(Number(cash) - owed).toLocaleString("en-US")}`);
  await press("Enter");
  await page.waitForSelector("#counter-result");
  const receipt = await page.getAttribute("#receipt-link", "href");
  keys++;   // the receipt link
  const pdf = await page.request.get(srv.base + receipt);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()["content-type"], "application/pdf");
  const file = join(ctx.dir, "receipt.pdf");
  writeFileSync(file, await pdf.body());
  const words = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;
  assert.match(words, /領\s*収\s*書/);
  assert.ok(words.replace(/\s/g, "").includes(owed.toLocaleString("en-US")), "the receipt shows the amount");
  console.log(`# keystrokes: search by surname and area → カルテ → 窓口入金 → receipt: ${keys}`);
  await page.goto(`${srv.base}/karte/${caller.tap_no}`);
  // 認定 from the menu: its own screen, the usage shown before anything is recorded.
  await page.click("#act-estimate");
  await page.waitForURL(/\/estimate$/);
  await page.selectOption("#f-cause", { index: 1 });
  await page.click("#estimate-ask button[type=submit]");
  await page.locator("#estimate-usage").waitFor();
  assert.match(await page.textContent("#estimate-usage"), /\d+ m³/);
  assert.match(await page.textContent("#estimate-amount"), /¥[\d,]+|計算できません|確認/);
  await shot("07c-estimate-preview");
  await axeCheck("estimate preview");
  await page.keyboard.press("Escape");   // やり直す: nothing was recorded
  await page.waitForURL(/\/estimate$/);
  await page.click("header button:has-text('ログアウト')");
  await page.waitForURL(/\/login/);
});

test("a clerk enters a route's readings with the keyboard only; a mistyped one is held", async () => {
  await page.goto(srv.base + "/login");
  await page.fill("#f-username", "tanto");
  await page.fill("#f-password", DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(srv.base + "/");
  await page.click("nav.mainnav a:has-text('検針')");
  await page.waitForURL(/\/reading/);
  await page.locator("table#routes").waitFor();
  await shot("08-reading-progress");
  await axeCheck("reading progress");
  // The first route with at least three taps still to read.
  const me = await (await page.request.get(srv.base + "/api/v1/me")).json();
  const routes = (await (await page.request.get(`${srv.base}/api/v1/routes?cycle=${me.cycle}`)).json()).routes;
  let list = null;
  for (const r of routes) {
    const l = await (await page.request.get(`${srv.base}/api/v1/routes/${r.code}/list?cycle=${me.cycle}`)).json();
    if (l.items.filter((it) => !it.read && it.expected_low !== null).length >= 3) { list = l; break; }
  }
  assert.ok(list, "a route with unread taps");
  await page.goto(`${srv.base}/reading/routes/${list.route}?cycle=${me.cycle}`);
  const inputs = page.locator("table#grid tbody input[type=text]");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")?.slice(0, 2)), "v_", "focus on the first reading");
  const todo = list.items.filter((it) => !it.read);
  const names = await inputs.evaluateAll((els) => els.map((e) => e.name));
  // Type three readings, Enter after each: the middle of the expected range, and one with a digit too many.
  const typed = {};
  for (let i = 0; i < 3; i++) {
    const it = todo.find((x) => names[i] === `v_${x.tap_no}.${x.meter_no}`);
    assert.ok(it, "the grid is in walking order");
    const span = 10 ** it.digits;
    const mid = (it.prev_value + Math.floor((((it.expected_low - it.prev_value + span) % span) + ((it.expected_high - it.prev_value + span) % span)) / 2)) % span;
    const v = i === 1 ? (mid * 10 + 3) % span : mid;   // a slip of the finger on the second
    typed[it.tap_no] = v;
    await page.keyboard.type(String(v));
    await page.keyboard.press("Enter");
    if (i < 2) assert.equal(await page.evaluate(() => document.activeElement?.name), names[i + 1], "Enter moves to the next tap");
  }
  await shot("09-reading-grid-typed");
  await page.keyboard.press("Control+Enter");   // records what has been typed
  await page.locator("p.flash", { hasText: "処理しました" }).waitFor();
  const summary = await page.textContent("p.flash");
  assert.match(summary, /3件を処理しました：確定 2件、保留 1件、受付不可 0件/);
  await shot("10-reading-grid-done");
  await axeCheck("reading grid");
  await page.goto(srv.base + "/reading/held");
  const held = await page.textContent("table#held");
  const heldTap = Object.keys(typed)[1];
  assert.ok(held.includes(heldTap), "the mistyped reading waits in the held queue");
  await shot("11-reading-held");
  await axeCheck("held queue");
  // its confirmation: the usage against the previous period and last year, what it bills, a reason
  await page.click(`#held-${await page.locator("table#held tbody tr", { hasText: heldTap }).first().getAttribute("id").then((x) => x.slice(5))} a.action`);
  await page.locator("#held-amount").waitFor();
  assert.match(await page.textContent("#held-prev"), /m³|記録なし/);
  assert.equal(await page.evaluate(() => document.activeElement?.name), "reason", "the reason first");
  await shot("11b-held-confirm");
  await axeCheck("held confirmation");
  await page.keyboard.press("Escape");   // back to the queue: nothing decided
  await page.waitForURL(/\/reading\/held$/);
  await page.goto(`${srv.base}/karte/${heldTap}`);
  assert.ok(await page.locator("svg.usage-chart").isVisible());
  assert.match(await page.textContent("#reading-history"), /保留/);
  await shot("12-karte-readings");
});

test("a 係長 confirms a held reading with a reason, from the home page, by the keyboard", async () => {
  await page.goto(srv.base + "/");
  if (await page.locator("header .usermenu button").count()) {
    await page.click("header .usermenu button");   // the clerk who entered it may not confirm it
    await page.waitForURL(/\/login/);
  }
  await page.goto(srv.base + "/login");
  await page.fill("#f-username", "kakaricho");
  await page.fill("#f-password", DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(srv.base + "/");
  let keys = 0;
  await page.click("#home-held a"); keys++;
  await page.waitForURL(/\/reading\/held/);
  // grouped by route, each beside the previous period and last year
  assert.ok(await page.locator("table#held tr.group").count() >= 1);
  await axeCheck("held queue by route");
  const row = page.locator("table#held tbody tr[id^=held-]").first();
  const id = (await row.getAttribute("id")).slice(5);
  await row.locator("a.action").click(); keys++;
  await page.locator("#held-amount").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.name), "reason", "the reason first");
  const reason = "メーターを確認した";
  await page.keyboard.type(reason); keys += [...reason].length;
  await page.keyboard.press("Enter"); keys++;
  await page.waitForURL(/\/reading\/held/);
  await page.locator(".flash").waitFor();
  assert.equal(await page.locator(`#held-${id}`).count(), 0, "confirmed: no longer held");
  const status = sql(ctx, `SELECT status, decided_by FROM readings WHERE id = ${id}`);
  assert.equal(status, "accepted|kakaricho");
  console.log(`# keystrokes: held reading confirmed with a reason: ${keys} (reason ${[...reason].length} characters typed)`);
  // the reading menu of the next month lists this month, still open, with what it lacks
  const next = new Date(Date.UTC(Number(demoCycle(0).slice(0, 4)), Number(demoCycle(0).slice(5)), 1)).toISOString().slice(0, 7);
  suido(ctx, ["reading", "schedule", "--cycle", next]);
  await page.goto(`${srv.base}/reading?cycle=${next}`);
  assert.match(await page.textContent("#open-cycles"), /未検針 \d+件/);
  await axeCheck("reading menu with the open cycles");
});

test("a 係長 runs the billing of the month from the screen; a bill explains its amount", async () => {
  await page.goto(srv.base + "/");
  if (await page.locator("header .usermenu button").count()) {
    await page.click("header .usermenu button");   // log the previous clerk out
    await page.waitForURL(/\/login/);
  }
  await page.goto(srv.base + "/login");
  await page.fill("#f-username", "kakaricho");
  await page.fill("#f-password", DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.waitForURL(srv.base + "/");
  // Home is the 係長's day: the queues with their counts, the cycle waiting for its run among them.
  assert.match(await page.textContent("#home-billing"), new RegExp(`調定処理${demoCycle(0)} 周期未実行`));
  await axeCheck("home (係長)");
  await shot("13-home-chief");
  let keys = 0;
  await page.click("nav.mainnav a:has-text('調定')"); keys++;
  await page.waitForURL(/\/billing/);
  await axeCheck("billing readiness");
  // The demo billed every past cycle; the screen opens on the one that is due, with its readiness.
  assert.match(await page.textContent("table#bill-runs"), /完了/);
  const open = demoCycle(0);
  assert.equal(await page.inputValue("#cycle-form input[name=cycle]"), open, "the due cycle is preselected");
  const toBill = Number((await page.textContent("#ready-to-bill")).match(/\d+/)[0]);
  assert.ok(toBill > 0);
  await shot("13-billing-readiness");
  await page.click("#run-form button[type=submit]"); keys++;
  await page.locator("#confirm-text").waitFor();
  assert.match(await page.textContent("#confirm-text"), new RegExp(`${open} 周期・全検針区 の確定済みの検針 ${toBill} 件`));
  await axeCheck("billing confirmation");
  await shot("13-billing-confirm");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "調定処理を実行する",
               "the confirmation's button has the focus");
  await page.keyboard.press("Enter"); keys++;
  await page.locator(".flash", { hasText: "調定処理" }).waitFor();
  if (!/\/billing\/summary/.test(page.url())) {   // still running: its progress, then the summary
    await page.waitForFunction(() => !document.querySelector("table#bill-runs")?.textContent.includes("実行中"), null,
                               { timeout: 30000, polling: 500 });
    await page.click("#summary-link"); keys++;
  }
  await page.locator("table#bill-summary").waitFor();
  const count = Number((await page.textContent("table#bill-summary tfoot tr td:nth-child(3)")).replace(/,/g, ""));
  assert.equal(count, Number(suido(ctx, ["bill", "list", "--cycle", open]).stdout.trim().split("\n").length),
               "the summary counts the cycle's bills");
  await axeCheck("調定集計表");
  await shot("13-billing-summary");
  console.log(`# keystrokes: billing readiness → run → summary: ${keys}`);
  await page.goto(srv.base + "/tariffs");
  await axeCheck("tariffs");
  assert.match(await page.textContent("table#tariffs"), /適用中/);
  await page.click("table#tariffs a >> nth=0");
  await page.locator("main h1").waitFor();
  await axeCheck("tariff");
  // A karte with bills: the newest bill, and why it is that amount.
  const prev = demoCycle(1);   // the newest cycle the demo billed
  const billed = suido(ctx, ["bill", "list", "--cycle", prev]);
  assert.equal(billed.code, 0, billed.stderr);
  const tapNo = billed.stdout.split("\n")[0].split("\t")[0];
  assert.ok(tapNo, `a tap billed in ${prev}`);
  await page.goto(`${srv.base}/karte/${tapNo}`);
  const link = page.locator("#bill-history a").first();
  await link.waitFor();
  await link.click();
  await page.locator("#why").waitFor();
  const why = await page.textContent("#why");
  assert.match(why, /基本料金/);
  assert.match(why, /請求額/);
  await shot("14-bill-why");
  await axeCheck("bill");
});

test("an administrator's staff list names each member; the audit screen reads as Japanese; both accessible", async () => {
  const context = await newContext(browser);
  const admin = await context.newPage();
  try {
    await staffLogin(admin, srv.base, "admin");
    await admin.goto(srv.base + "/admin/users");
    assert.match(await admin.textContent("main"), /山田 花子/, "the 氏名 beside the login id");
    await axe(admin, "staff list");
    await admin.goto(srv.base + "/admin/users/new");
    await axe(admin, "new staff member");
    await admin.screenshot({ path: join(ART, "15-users.png"), fullPage: true });
    await admin.click("header .usermenu button");
    await admin.waitForURL(/\/login/);
    await staffLogin(admin, srv.base, "kansa");
    await admin.goto(srv.base + "/audit");
    assert.ok(await admin.locator("table.audit tbody tr").count() > 0);
    await axe(admin, "audit log");
  } finally {
    await context.close();
  }
});
