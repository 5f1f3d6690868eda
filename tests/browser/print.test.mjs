// Printing from the browser, as a clerk presses Ctrl+P: Chromium's own PDF of
// the page (page.pdf under print media), read back with pdftotext/pdfinfo.
// On paper a page is its content only (no header, navigation, forms or
// buttons); a list is A4 landscape and a カルテ A4 portrait; every sheet
// carries 印刷日時, 印刷者 and its page number; no column of a list is squeezed
// to one character per line.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { demoCycle, makeEnv, startServer, stopServer, suido } from "../integration/lib.mjs";
import { ART, launchBrowser, newContext, staffLogin } from "./lib.mjs";

let ctx, srv, browser, page;

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "2", "--seed", "5"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
  await staffLogin(page, srv.base, "kakaricho");
});

after(async () => {
  await browser?.close();
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

/** Print path to a PDF as Chromium does; its text, page count and first page's size. */
async function print(path, name) {
  await page.emulateMedia({ media: "screen" });
  await page.goto(srv.base + path);
  await page.emulateMedia({ media: "print" });
  const hidden = await page.evaluate(() => [...document.querySelectorAll("header, nav, form, button, footer")]
    .filter((el) => getComputedStyle(el).display !== "none").map((el) => el.outerHTML.slice(0, 60)));
  // A cell squeezed narrower than two characters breaks its text one character per line.
  const squeezed = await page.evaluate(() => [...document.querySelectorAll("table.list th, table.list td")]
    .filter((c) => c.textContent.trim().length >= 2 && !c.classList.contains("wrap"))
    .filter((c) => {
      const r = document.createRange();
      r.selectNodeContents(c);
      const lines = new Map();   // line top -> its width
      for (const x of r.getClientRects()) lines.set(Math.round(x.top), (lines.get(Math.round(x.top)) ?? 0) + x.width);
      return lines.size > 1 && [...lines.values()].every((w) => w < 2.2 * parseFloat(getComputedStyle(c).fontSize));
    })
    .map((c) => c.textContent.trim()));
  const file = join(ctx.dir, `${name}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  spawnSync("cp", [file, join(ART, `print-${name}.pdf`)]);
  const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;
  const info = spawnSync("pdfinfo", [file], { encoding: "utf8" }).stdout;
  const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
  const [w, h] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+)/m).slice(1).map(Number);
  return { text, pages, landscape: w > h, hidden, squeezed };
}

function footers(p, name) {
  assert.deepEqual(p.hidden, [], `${name}: navigation, forms and buttons are not printed`);
  assert.deepEqual(p.squeezed, [], `${name}: no column squeezed to a character per line`);
  const stamps = p.text.match(/印刷日時 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d　?\s*印刷者 山田\s*花子（係長）/g) ?? [];
  assert.equal(stamps.length, p.pages, `${name}: 印刷日時 and 印刷者 on each of its ${p.pages} sheets`);
  for (let k = 1; k <= p.pages; k++) assert.match(p.text, new RegExp(`${k}\\s*/\\s*${p.pages}`), `${name}: page ${k}`);
  assert.doesNotMatch(p.text, /パスワード変更|ログアウト/, `${name}: no header on paper`);
}

test("a カルテ prints portrait with its content only, every sheet stamped", async () => {
  const tapNo = suido(ctx, ["bill", "list", "--cycle", demoCycle(1)]).stdout.split("\t")[0];
  const p = await print(`/karte/${tapNo}`, "karte");
  assert.equal(p.landscape, false);
  assert.match(p.text, new RegExp(`お客様カルテ 水栓番号 ${tapNo}`));
  footers(p, "karte");
});

test("lists print landscape, their column titles and every sheet stamped", async () => {
  const cyc = demoCycle(1);
  for (const [name, path] of [["summary", `/billing/summary?cycle=${cyc}`], ["billing", "/billing"],
                              ["held", `/reading/held?cycle=${demoCycle(0)}`], ["suspense", "/collections/suspense"], ["tariffs", "/tariffs"],
                              ["customers", "/customers?q=%E3%82%A2"], ["reading", `/reading?cycle=${demoCycle(0)}`]]) {
    const p = await print(path, name);
    assert.equal(p.landscape, true, `${name} is landscape`);
    footers(p, name);
  }
  const s = await print(`/billing/summary?cycle=${cyc}`, "summary");
  assert.match(s.text, /用途\s+口径\(mm\)\s+件数/);
  assert.match(s.text, /合計/);
});

test("/print.css names the person logged in and is not kept by caches; no one else gets it", async () => {
  const r = await page.request.get(srv.base + "/print.css");
  assert.equal(r.status(), 200);
  assert.match(r.headers()["content-type"], /text\/css/);
  assert.equal(r.headers()["cache-control"], "no-store");
  assert.match(await r.text(), /@bottom-left \{ content: "印刷日時 [^"]*印刷者 山田 花子（係長）"/);
  const anon = await fetch(srv.base + "/print.css", { redirect: "manual" });
  assert.notEqual(anon.status, 200);
});
