// Dunning (督促・催告・給水停止予告) against the real binary and database (SQLite,
// or PostgreSQL when SUIDO_TEST_DB is set), on a demo city whose clock is moved
// with SUIDO_CLOCK_SHIFT_DAYS: the 督促 of the unpaid bills (records and the
// letters' PDF), a bill paid meanwhile left out of the 催告, the 予告 with its
// stoppage date; a rerun adds nothing, a run killed with SIGKILL and rerun
// leaves exactly one notice per bill and step; the slip's barcode decodes to
// the total; a 担当 cannot start a run; bad input names the option.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { BIN, Client, ROOT, makeEnv, sql, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv;

/** Today in JST moved by shift days ("YYYY-MM-DD"). */
function day(shift = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}
/** `suido ARGS` with the clock moved by shift days. */
function at(shift, args) {
  const r = spawnSync(BIN, args, { env: { ...ctx.env, SUIDO_CLOCK_SHIFT_DAYS: String(shift) }, encoding: "utf8",
                                   timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function billsOf(step) {
  const out = sql(ctx, `SELECT bill_id FROM notices WHERE step = '${step}' ORDER BY bill_id`);
  return out ? out.split("\n").map(Number) : [];
}
function pdfText(file) {
  const r = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
const yen = (v) => `${Number(v).toLocaleString("en-US")}円`;

before(async () => {
  prepareZXingModule({
    overrides: { wasmBinary: readFileSync(join(ROOT, "node_modules/zxing-wasm/dist/reader/zxing_reader.wasm")) },
  });
  ctx = makeEnv();
  // One letter per transaction, so that the kill -9 test stops a run in the middle.
  writeFileSync(join(ctx.dir, "suido.ini"), "[arrears]\nchunk = 1\n");
  ctx.env.SUIDO_CONFIG = join(ctx.dir, "suido.ini");
  const d = suido(ctx, ["demo", "--taps", "1000", "--years", "1", "--seed", "11"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] bad input names the option; a 担当 cannot start a run (403)`, async () => {
  let r = suido(ctx, ["arrears", "dunning", "--step", "tokusoku"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--as-of/);
  r = suido(ctx, ["arrears", "dunning", "--step", "teishi", "--as-of", day()]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^--step: /m);
  r = suido(ctx, ["arrears", "dunning", "--step", "tokusoku", "--as-of", "2026-02-30"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^--as-of: .*YYYY-MM-DD/m);
  r = suido(ctx, ["arrears", "dunning", "--step", "tokusoku", "--as-of", day(3)]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^--as-of: .*今日より後/m);
  const c = new Client(srv.base);
  assert.equal((await c.login("tanto", DEMO)).status, 303);
  const page = await c.get("/arrears/dunning");
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /id="run-form"/, "no run form for a 担当");
  const post = await c.post("/arrears/dunning/run", { csrf: c.csrf, step: "tokusoku", as_of: day(), confirmed: "1" });
  assert.equal(post.status, 403);
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM dunning_runs"), "0");
});

test(`[${engine}] kill -9 in the middle of a 督促 run, then a rerun: one notice per bill, and a rerun adds nothing`, async () => {
  const dry = suido(ctx, ["arrears", "dunning", "--step", "tokusoku", "--as-of", day(), "--dry-run"]);
  assert.equal(dry.code, 0, dry.stderr);
  const [, letters, bills] = dry.stdout.match(/通知 (\d+) 通、調定 (\d+) 件/).map(Number);
  assert.ok(letters > 40, `letters due: ${letters}`);
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM notices"), "0", "a dry run writes nothing");

  const proc = spawn(BIN, ["arrears", "dunning", "--step", "tokusoku", "--as-of", day()], { env: ctx.env });
  await new Promise((res) => {
    proc.stderr.on("data", (d) => { if (d.toString().includes("通知作成中")) res(); });
    proc.on("exit", res);
  });
  proc.kill("SIGKILL");
  await new Promise((res) => proc.on("close", res));
  const partial = Number(sql(ctx, "SELECT COUNT(*) FROM notice_letters"));
  assert.ok(partial > 0 && partial < letters, `killed after ${partial} of ${letters} letters`);
  // every letter committed is whole: its notices are all there
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM notice_letters l WHERE l.bills <>"
    + " (SELECT COUNT(*) FROM notices n WHERE n.letter_id = l.id)"), "0");

  const rerun = suido(ctx, ["arrears", "dunning", "--step", "tokusoku", "--as-of", day()]);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stdout, new RegExp(`通知 ${letters - partial} 通`));
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM notices WHERE step = 'tokusoku'"), String(bills));
  assert.equal(sql(ctx, "SELECT COUNT(DISTINCT bill_id) FROM notices WHERE step = 'tokusoku'"), String(bills));
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM notice_letters"), String(letters));
  const again = suido(ctx, ["arrears", "dunning", "--step", "tokusoku", "--as-of", day()]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /通知 0 通、調定 0 件/);
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM notices"), String(bills));
  const runs = suido(ctx, ["arrears", "dunning", "--runs"]).stdout;
  assert.match(runs, /\ttokusoku\t\S+\tinterrupted\t/, runs);
  assert.match(runs, /\ttokusoku\t\S+\tdone\t/, runs);
  // Only open money is dunned: every notice's amount is its bill's open amount, due before the cutoff.
  assert.equal(sql(ctx, "SELECT COUNT(*) FROM notices n JOIN bills b ON b.id = n.bill_id"
    + " LEFT JOIN bill_balances x ON x.bill_id = b.id"
    + " WHERE n.amount <> b.total_yen - COALESCE(x.paid_yen, 0) - COALESCE(x.pending_yen, 0) OR b.due_on >= n.issued_on"), "0");
});

test(`[${engine}] the 督促状 PDF: title, name, amount, deadline, and a barcode that decodes to the total`, async () => {
  const run = sql(ctx, "SELECT MAX(run_id) FROM notice_letters WHERE step = 'tokusoku'");
  const pdf = join(ctx.dir, "tokusoku.pdf");
  const r = suido(ctx, ["arrears", "dunning", "--run", run, "--pdf", pdf]);
  assert.equal(r.code, 0, r.stderr);
  const [first] = sql(ctx, `SELECT l.id || '|' || t.tap_no || '|' || l.amount || '|' || l.deadline || '|' || l.customer_id`
    + ` FROM notice_letters l JOIN taps t ON t.id = l.tap_id WHERE l.run_id = ${run} ORDER BY l.id LIMIT 1`).split("\n");
  const [, tapNo, amount, deadline, customerId] = first.split("|");
  const c = new Client(srv.base);
  assert.equal((await c.login("tanto", DEMO)).status, 303);
  // the letter goes to the customer the bills were made out to (who may have moved out since:
  // the カルテ shows the tap's present customer), as the customer's arrears page names them
  const ledger = await c.get(`/arrears/customers/${customerId}`);
  const name = ledger.text.match(/class="h1-name">([^<]+)</)[1];
  const page1 = pdfText(pdf).split("\f")[0];
  assert.match(page1, /督促状/);
  assert.ok(page1.replace(/\s+/g, "").includes(`${name.replace(/\s+/g, "")}様`), `the customer's name ${name}`);
  assert.ok(page1.includes(yen(amount)), `the total ${amount}`);
  assert.ok(page1.includes(`（${deadline}）`), `the deadline ${deadline}`);
  // the barcode of page 1, read back by an independent decoder
  const png = join(ctx.dir, "notice");
  const raster = spawnSync("pdftoppm", ["-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, png], { encoding: "utf8" });
  assert.equal(raster.status, 0, raster.stderr);
  const found = await readBarcodes(new Uint8Array(readFileSync(`${png}.png`)), { formats: ["Code128"], tryHarder: true });
  assert.equal(found.length, 1, "one barcode on the letter");
  assert.equal(found[0].symbologyIdentifier, "]C1", "GS1-128");
  const code = "91" + found[0].text.replace("(91)", "");
  assert.equal(Number(code.slice(37, 43)), Number(amount), "the barcode carries the total");
  assert.equal(code.slice(30, 36), deadline.slice(2).replaceAll("-", ""), "payable until the deadline");
  assert.equal(code.slice(8, 16), tapNo, "the tap");
  // the same PDF from the screen, for anyone who may view
  const web = await c.get(`/arrears/dunning/runs/${run}/notices.pdf`);
  assert.equal(web.status, 200);
  assert.match(web.headers.get("content-type"), /application\/pdf/);
  // a large run prints in parts (分冊) of 1,000 letters: this run is one part,
  // the same letters as the whole; a part past the end is not found, a bad one named
  const pages = (bytes, name) => {
    const f = join(ctx.dir, name);
    writeFileSync(f, bytes);
    return Number(spawnSync("pdfinfo", [f], { encoding: "utf8" }).stdout.match(/^Pages:\s+(\d+)/m)[1]);
  };
  const letters = Number(sql(ctx, `SELECT COUNT(*) FROM notice_letters WHERE run_id = ${run}`));
  const raw = async (path) => {
    const r = await fetch(c.base + path, { headers: { Cookie: c.cookieHeader() } });
    assert.equal(r.status, 200, path);
    return Buffer.from(await r.arrayBuffer());
  };
  const whole = pages(await raw(`/arrears/dunning/runs/${run}/notices.pdf`), "whole.pdf");
  assert.ok(letters > 0);
  assert.equal(whole, letters, "one page per letter");
  assert.equal(pages(await raw(`/arrears/dunning/runs/${run}/notices.pdf?part=1`), "part1.pdf"), letters);
  assert.equal((await c.get(`/arrears/dunning/runs/${run}/notices.pdf?part=2`)).status, 404);
  for (const bad of ["0", "x", "-1"]) {
    const r = await c.get(`/arrears/dunning/runs/${run}/notices.pdf?part=${bad}`);
    assert.equal(r.status, 400, `part=${bad}`);
    assert.match(r.text, /分冊/);
  }
  // over ¥999,999: no barcode, and the letter says so
  const big = sql(ctx, `SELECT MAX(id) FROM notice_letters WHERE run_id = ${run}`);
  sql(ctx, `UPDATE notice_letters SET amount = 1234567 WHERE id = ${big}`);
  const pdf2 = join(ctx.dir, "big.pdf");
  assert.equal(suido(ctx, ["arrears", "dunning", "--run", run, "--pdf", pdf2]).code, 0);
  const last = pdfText(pdf2).split("\f").filter((t) => t.trim()).pop();
  assert.ok(last.includes(yen(1234567)));
  assert.match(last.replace(/\s+/g, ""), /999,999円を超えるため、この納付書にはバーコードを印刷していません/);
  const n = Number(spawnSync("pdfinfo", [pdf2], { encoding: "utf8" }).stdout.match(/^Pages:\s+(\d+)/m)[1]);
  spawnSync("pdftoppm", ["-r", "200", "-png", "-f", String(n), "-l", String(n), "-singlefile", pdf2, png]);
  const none = await readBarcodes(new Uint8Array(readFileSync(`${png}.png`)), { formats: ["Code128"], tryHarder: true });
  assert.equal(none.length, 0, "no barcode over ¥999,999");
  // the karte lists the notice
  const karte = await c.get(`/karte/${tapNo}`);
  assert.match(karte.text, /id="notices"[\s\S]*督促状[\s\S]*<\/section>/);
  assert.ok(karte.text.slice(karte.text.indexOf('id="notices"')).includes(deadline));
});

test(`[${engine}] a bill paid after the 督促 is left out of the 催告; then the 予告 with its stoppage date`, async () => {
  const toku = billsOf("tokusoku");
  assert.ok(toku.length > 10);
  const paid = toku[0];
  const open = sql(ctx, `SELECT b.total_yen - COALESCE(x.paid_yen, 0) FROM bills b LEFT JOIN bill_balances x`
    + ` ON x.bill_id = b.id WHERE b.id = ${paid}`);
  const p = at(20, ["payment", "post", "--bill", String(paid), "--amount", open, "--channel", "counter",
                    "--paid-on", day(20)]);
  assert.equal(p.code, 0, p.stderr);
  // too early: the 督促 deadline has not passed
  const early = at(10, ["arrears", "dunning", "--step", "saikoku", "--as-of", day(10)]);
  assert.equal(early.code, 0, early.stderr);
  assert.match(early.stdout, /通知 0 通/);
  const s = at(40, ["arrears", "dunning", "--step", "saikoku", "--as-of", day(40), "--pdf", join(ctx.dir, "saikoku.pdf")]);
  assert.equal(s.code, 0, s.stderr);
  const sai = billsOf("saikoku");
  assert.deepEqual(sai, toku.filter((b) => b !== paid), "the 催告 takes every 督促 bill still unpaid, and no other");
  assert.match(pdfText(join(ctx.dir, "saikoku.pdf")), /催告書/);
  const again = at(40, ["arrears", "dunning", "--step", "saikoku", "--as-of", day(40)]);
  assert.match(again.stdout, /通知 0 通/);

  const y = at(80, ["arrears", "dunning", "--step", "yokoku", "--as-of", day(80), "--pdf", join(ctx.dir, "yokoku.pdf")]);
  assert.equal(y.code, 0, y.stderr);
  assert.deepEqual(billsOf("yokoku"), sai);
  const stop = y.stdout.match(/給水停止予定日 (\d{4}-\d{2}-\d{2})/)[1];
  assert.ok(stop > day(80));
  const text = pdfText(join(ctx.dir, "yokoku.pdf"));
  assert.match(text, /給水停止予告通知書/);
  assert.ok(text.includes(`給水停止予定日`) && text.includes(`（${stop}）`), "the stoppage date");
});
