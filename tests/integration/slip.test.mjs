// Payment slips (納付書) as PDF, against the real binary and database: the
// GS1-128 symbol drawn by libzint is read back from the rendered page by an
// independent decoder (pdftoppm, then zxing-wasm) and must equal the 44
// digits, whose check digit, amount and due date are checked here too.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { ROOT, demoCycle, makeEnv, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx;

function checkDigit(d43) {
  let sum = 0;
  for (let i = 0; i < 43; i++) sum += Number(d43[42 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

before(() => {
  prepareZXingModule({
    overrides: { wasmBinary: readFileSync(join(ROOT, "node_modules/zxing-wasm/dist/reader/zxing_reader.wasm")) },
  });
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "60", "--years", "1", "--seed", "8", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
});

after(() => ctx?.cleanup());

test(`[${engine}] a bill's slip: the barcode read back from the PDF equals its 44 digits`, async () => {
  const cyc = demoCycle(1);
  const [tapNo] = suido(ctx, ["bill", "list", "--cycle", cyc]).stdout.trim().split("\n")[0].split("\t");
  const bill = JSON.parse(suido(ctx, ["bill", "show", "--tap", tapNo, "--cycle", cyc]).stdout);
  const pdf = join(ctx.dir, "slip.pdf");
  const r = suido(ctx, ["slip", "--bill", String(bill.id), "--out", pdf]);
  assert.equal(r.code, 0, r.stderr);
  const code = r.stdout.trim();
  assert.match(code, /^91\d{42}$/);
  assert.equal(Number(code[43]), checkDigit(code.slice(0, 43)), "check digit");
  assert.equal(code.slice(8, 29), tapNo + String(bill.id).padStart(13, "0"), "reference: tap and bill");
  assert.equal(code.slice(30, 36), bill.due_on.slice(2).replaceAll("-", ""), "due date YYMMDD");
  assert.equal(Number(code.slice(37, 43)), bill.balance_yen, "amount");
  // Rendered at 200 dpi and decoded by an independent reader.
  const png = join(ctx.dir, "slip");
  const raster = spawnSync("pdftoppm", ["-r", "200", "-png", "-singlefile", pdf, png], { encoding: "utf8" });
  assert.equal(raster.status, 0, raster.stderr);
  const found = await readBarcodes(new Uint8Array(readFileSync(`${png}.png`)), { formats: ["Code128"], tryHarder: true });
  assert.equal(found.length, 1, "one barcode on the slip");
  assert.equal(found[0].symbologyIdentifier, "]C1", "GS1-128");
  assert.equal(found[0].text, `(91)${code.slice(2)}`);
  // The digits are printed under the symbol, with the amount and the due date in words.
  const words = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).stdout;
  assert.match(words, /納付書/);
  assert.ok(words.includes(`${code.slice(2, 8)} ${code.slice(8, 29)}`), "the digits under the barcode");
  assert.ok(words.includes(`${bill.balance_yen.toLocaleString("en-US")}円`), "the amount");
});

test(`[${engine}] no slip for a cancelled bill or a bad argument`, () => {
  assert.equal(suido(ctx, ["slip", "--bill", "x", "--out", "/tmp/x.pdf"]).code, 2);
  const r = suido(ctx, ["slip", "--bill", "99999999", "--out", join(ctx.dir, "none.pdf")]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /調定が見つかりません/);
});

test(`[${engine}] a cycle's slips in one PDF: one page per payable bill`, () => {
  const cyc = demoCycle(1);
  const bills = suido(ctx, ["bill", "list", "--cycle", cyc]).stdout.trim().split("\n").length;
  const pdf = join(ctx.dir, "cycle.pdf");
  const r = suido(ctx, ["slip", "--cycle", cyc, "--out", pdf]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`: ${bills} slips \\(0 bills not payable by slip\\)`));
  const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
  assert.equal(Number(info.match(/Pages:\s+(\d+)/)[1]), bills);
  assert.equal(suido(ctx, ["slip", "--cycle", "2026-13", "--out", pdf]).code, 2);
});

test(`[${engine}] a reissued slip counts up 再発行区分 and, past its due date, carries a new deadline`, () => {
  const now = new Date(Date.now() + 9 * 3600 * 1000);
  const today = now.toISOString().slice(0, 10);
  const old = demoCycle(4);
  const [tapNo] = suido(ctx, ["bill", "list", "--cycle", old]).stdout.trim().split("\n")[0].split("\t");
  const bill = JSON.parse(suido(ctx, ["bill", "show", "--tap", tapNo, "--cycle", old]).stdout);
  assert.ok(bill.due_on < today, "an old bill past its due date");
  const pdf = join(ctx.dir, "re.pdf");
  const first = suido(ctx, ["slip", "--bill", String(bill.id), "--out", pdf]).stdout.trim();
  assert.equal(first[29], "0");
  assert.equal(first.slice(30, 36), bill.due_on.slice(2).replaceAll("-", ""), "the first issue keeps the bill's due date");
  const r1 = suido(ctx, ["slip", "--bill", String(bill.id), "--out", pdf, "--reissue"]);
  assert.equal(r1.code, 0, r1.stderr);
  const c1 = r1.stdout.trim();
  assert.equal(c1[29], "1");
  const newDue = `20${c1.slice(30, 32)}-${c1.slice(32, 34)}-${c1.slice(34, 36)}`;
  assert.ok(newDue > today, `a new deadline after today (${newDue})`);
  assert.equal(Number(c1[43]), checkDigit(c1.slice(0, 43)));
  const c2 = suido(ctx, ["slip", "--bill", String(bill.id), "--out", pdf, "--reissue"]).stdout.trim();
  assert.equal(c2[29], "2");
  assert.equal(c2.slice(30, 36), c1.slice(30, 36), "not past due any more: the same deadline");
  // Printing again without --reissue gives the latest issue.
  assert.equal(suido(ctx, ["slip", "--bill", String(bill.id), "--out", pdf]).stdout.trim(), c2);
  const words = spawnSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).stdout;
  assert.match(words, /再発行/);
});

test(`[${engine}] the print vendor's CSV: one row per slip, the same 44 digits as the PDF, in CP932 on request`, () => {
  const cyc = demoCycle(2);
  const csv = join(ctx.dir, "vendor.csv");
  const r = suido(ctx, ["slip", "--cycle", cyc, "--csv", csv, "--encoding", "cp932"]);
  assert.equal(r.code, 0, r.stderr);
  const text = new TextDecoder("shift_jis").decode(readFileSync(csv));
  const rows = text.trim().split("\r\n").map((l) => l.split(","));
  assert.equal(rows[0][0], "水栓番号");
  assert.equal(rows[0].at(-1), "バーコード");
  const bills = suido(ctx, ["bill", "list", "--cycle", cyc]).stdout.trim().split("\n").length;
  assert.equal(rows.length - 1, bills);
  for (const row of rows.slice(1)) {
    const code = row.at(-1);
    assert.match(code, /^91\d{42}$/);
    assert.equal(Number(code[43]), checkDigit(code.slice(0, 43)));
    assert.equal(Number(code.slice(37, 43)), Number(row[14]), "the amount column matches the barcode");
  }
  // The same bill's single slip carries the same digits.
  const [tapNo] = rows[1];
  const bill = JSON.parse(suido(ctx, ["bill", "show", "--tap", tapNo, "--cycle", cyc]).stdout);
  const single = suido(ctx, ["slip", "--bill", String(bill.id), "--out", join(ctx.dir, "one.pdf")]).stdout.trim();
  assert.equal(single, rows[1].at(-1));
  assert.equal(suido(ctx, ["slip", "--cycle", cyc, "--csv", csv, "--encoding", "latin1"]).code, 2);
});
