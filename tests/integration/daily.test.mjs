// Daily totals (日計表) and the accounting journal (仕訳) against the real
// binary and database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set):
// payments of several channels posted on one day — a full debit, a partial
// payment, an over-payment that becomes credit, a reversal, suspense left open
// and suspense resolved — and then the day's table, its PDF and Excel files
// and the journal must all agree with what was posted, to the yen.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, allocationDaysDrift, demoCycle, makeEnv, startServer, stopServer, suido, sql as sqlOn } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, day;
const posted = [];   // what this test posted on `day`: { channel, ref, amount }

function run(args) {
  const r = suido(ctx, args);
  assert.equal(r.code, 0, `suido ${args.join(" ")}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}
async function login(username) {
  const c = new Client(srv.base);
  const r = await c.login(username, DEMO);
  assert.equal(r.status, 303, r.text);
  return c;
}
function todayJst() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}
/** The day's payments as `suido payment list` shows them (the lead's list, independent of the report). */
function listed(d) {
  return run(["payment", "list", "--date", d]).trim().split("\n").filter(Boolean).map((l) => {
    const [id, channel, status, bill, amount, allocated, credited, ref] = l.split("\t");
    return { id: +id, channel, status, bill: +bill, amount: +amount, allocated: +allocated, credited: +credited, ref };
  });
}
/** `suido payment daily` TSV as rows keyed by their code. */
function dailyTsv(d) {
  const r = suido(ctx, ["payment", "daily", "--date", d]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const rows = {};
  for (const line of r.stdout.trim().split("\n").slice(1)) {
    const f = line.split("\t");
    if (["suspense", "credit", "check"].includes(f[0])) { rows[f[0]] = f; continue; }
    const [code, label, count, reversals, amount, water, sewer, tax, credit, suspense] = f;
    rows[code] = { label, count: +count, reversals: +reversals, amount: +amount, water: +water, sewer: +sewer, tax: +tax,
                   credit: +credit, suspense: +suspense };
  }
  return rows;
}
/** Taps of the cycles before the open one with a balance and no credit, whose bills are all its
 *  present customer's (money paid for a tap never pays a former occupant's bills); each used once. */
const used = new Set();
let client;
async function openTap(minBalance = 1000) {
  for (const back of [1, 2, 3]) {
    for (const line of run(["bill", "list", "--cycle", demoCycle(back)]).trim().split("\n")) {
      const tapNo = line.split("\t")[0];
      if (!tapNo || used.has(tapNo)) continue;
      const all = JSON.parse((await client.get(`/api/v1/taps/${tapNo}/bills`)).text).bills.filter((b) => b.status === "current");
      const open = all.filter((b) => b.balance_yen > 0);
      const balance = open.reduce((s, b) => s + b.balance_yen, 0);
      if (balance < minBalance || new Set(all.map((b) => b.customer_id)).size !== 1) continue;
      const a = JSON.parse(run(["payment", "account", "--tap", tapNo]));
      if (a.credit === 0 && a.pending === 0 && a.balance === balance) { used.add(tapNo); return { tapNo, balance, open }; }
    }
  }
  throw new Error("no tap with an open balance");
}
function post(args, channel, amount) {
  const ref = `DT-${channel}-${posted.length}`;
  const out = run(["payment", "post", ...args, "--amount", String(amount), "--channel", channel, "--paid-on", day,
                   "--posted-on", day, "--ref", ref]);
  posted.push({ channel, ref, amount });
  return out;
}
function fmt(n) { return n.toLocaleString("en-US"); }

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "44"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  // A day with nothing posted yet (the demo posts up to yesterday): today, as the screen's default.
  day = todayJst();
  assert.equal(listed(day).length, 0, `nothing posted on ${day} before the test`);
  client = await login("tanto");

  const full = await openTap();                    // 口座振替: the whole balance
  post(["--tap", full.tapNo], "debit", full.balance);
  const part = await openTap(2000);                // コンビニ: a partial payment
  post(["--tap", part.tapNo], "cvs", Math.floor(part.balance / 2));
  const over = await openTap();                    // 窓口: an over-payment, 1,234 yen left as credit
  assert.match(post(["--tap", over.tapNo], "counter", over.balance + 1234), /過誤納 1234 円/);
  const rev = await openTap();                     // 金融機関: paid, then reversed the same day
  post(["--tap", rev.tapNo], "bank", rev.balance);
  run(["payment", "reverse", "--channel", "bank", "--ref", posted.at(-1).ref, "--posted-on", day]);
  posted.push({ channel: "bank", ref: `${posted.at(-1).ref}#取消`, amount: -rev.balance });
  // クレジットカード: the balance paid, 500 more paid (credit), the first payment reversed (the bills
  // open again) and the credit set off against them (過誤納充当)
  const so = await openTap();
  post(["--tap", so.tapNo], "card", so.balance);
  const firstCard = posted.at(-1).ref;
  assert.match(post(["--tap", so.tapNo], "card", 500), /過誤納 500 円/);
  run(["payment", "reverse", "--channel", "card", "--ref", firstCard, "--posted-on", day]);
  posted.push({ channel: "card", ref: `${firstCard}#取消`, amount: -so.balance });
  assert.match(run(["payment", "setoff", "--tap", so.tapNo]), /充当 500 円/);
  // スマホ決済 with a slip's exact amount wrong: suspense; one is resolved today, one left open
  const s1 = await openTap(), s2 = await openTap();
  const b1 = s1.open[0], b2 = s2.open[0];
  assert.match(post(["--bill", String(b1.id), "--exact"], "app", b1.balance_yen - 1), /未消込/);
  assert.match(post(["--bill", String(b2.id), "--exact"], "app", b2.balance_yen + 10), /未消込/);
  const open = run(["payment", "suspense"]).trim().split("\n").map((l) => l.split("\t"))
    .filter((f) => f[5] === posted.at(-2).ref);
  assert.equal(open.length, 1, "the first suspense item");
  run(["payment", "resolve", "--id", open[0][0], "--bill", String(b1.id), "--note", "利用者から連絡あり"]);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the day's totals equal the day's postings, channel by channel, and every yen is accounted for`, () => {
  const list = listed(day);
  assert.equal(list.length, posted.length, "every posting listed");
  const t = dailyTsv(day);
  const sum = (rows, f) => rows.reduce((s, r) => s + f(r), 0);
  assert.equal(t.total.amount, sum(list, (r) => r.amount));
  assert.equal(t.total.amount, sum(posted, (p) => p.amount), "what the test posted");
  assert.equal(t.total.count, list.length);
  assert.equal(t.total.reversals, 2);
  for (const ch of ["debit", "cvs", "app", "card", "counter", "bank"]) {
    const mine = list.filter((r) => r.channel === ch);
    assert.equal(t[ch].amount, sum(mine, (r) => r.amount), `${ch} amount`);
    assert.equal(t[ch].count, mine.length, `${ch} count`);
    // per service parts, credit and suspense add up to the money in, on every row
    assert.equal(t[ch].water + t[ch].sewer + t[ch].tax + t[ch].credit + t[ch].suspense, t[ch].amount, `${ch} balances`);
  }
  assert.equal(t.card.amount, 500);
  assert.equal(t.card.credit, 500, "the card's over-payment");
  assert.equal(t.card.water + t.card.sewer + t.card.tax, 0, "paid and reversed");
  // the set-off: credit moved to the bills, no money in
  assert.equal(t.setoff.amount, 0);
  assert.equal(t.setoff.credit, -500);
  assert.equal(t.setoff.water + t.setoff.sewer + t.setoff.tax, 500);
  assert.deepEqual(t.credit.slice(2), ["発生", String(1234 + 500), "取消", "0", "充当", "-500", "還付", "0", "0"]);
  assert.equal(t.bank.amount, 0, "paid and reversed the same day");
  assert.equal(t.bank.water + t.bank.sewer + t.bank.tax, 0);
  assert.equal(t.counter.credit, 1234, "the over-payment is credit");
  assert.equal(t.total.credit, 1234 + 500);
  assert.equal(t.total.water + t.total.sewer + t.total.tax, sum(list, (r) => r.allocated), "allocated = the list's");
  // the suspense left open is the day's net suspense; the resolved one went to the bill
  const openSus = list.filter((r) => r.status === "suspense");
  assert.equal(openSus.length, 1);
  assert.equal(t.app.suspense, openSus[0].amount);
  assert.equal(+t.suspense[3], posted.filter((p) => p.channel === "app").reduce((s, p) => s + p.amount, 0), "suspense in");
  assert.equal(+t.suspense[5], posted.find((p) => p.channel === "app").amount, "suspense resolved");
  assert.equal(t.check[2], "一致");
  assert.equal(+t.check[3], t.total.amount);
  assert.equal(+t.check[4], t.total.amount);
  // a day without postings is all zeros, and still balances
  const empty = dailyTsv("2019-04-01");
  assert.equal(empty.total.amount, 0);
  assert.equal(empty.check[2], "一致");
});

test(`[${engine}] bad input is refused with the field named; nothing else is written`, () => {
  let r = suido(ctx, ["payment", "daily", "--date", "2026-02-30"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /計上日は YYYY-MM-DD/);
  r = suido(ctx, ["payment", "journal", "--from", day, "--to", "2019-01-01", "--out", join(ctx.dir, "x.csv")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /終了日/);
  r = suido(ctx, ["payment", "journal", "--from", day, "--to", day, "--out", join(ctx.dir, "x.csv"), "--encoding", "ebcdic"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /文字コード/);
  assert.throws(() => readFileSync(join(ctx.dir, "x.csv")));
});

test(`[${engine}] the PDF shows 日計表, the day and the totals`, () => {
  const pdf = join(ctx.dir, "daily.pdf");
  run(["payment", "daily", "--date", day, "--pdf", pdf]);
  const r = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const t = dailyTsv(day);
  assert.match(r.stdout, /収納日計表/);
  assert.match(r.stdout, new RegExp(`令和\\d+年\\d+月\\d+日（${day}）`));
  const totals = r.stdout.split("\n").find((l) => l.startsWith("収納計"));
  assert.ok(totals, r.stdout);
  for (const v of [t.total.amount, t.total.water, t.total.sewer, t.total.tax, t.total.credit, t.total.suspense])
    assert.ok(totals.includes(fmt(v)), `${fmt(v)} in ${totals}`);
  assert.match(r.stdout, new RegExp(`検算\\s+収納額 ${fmt(t.total.amount)} 円.*一致`));
  assert.match(r.stdout, /印刷者 operator/);
});

/** An XLSX read back: cells by reference, strings resolved. */
function readXlsx(path) {
  const unzip = (member) => {
    const r = spawnSync("unzip", ["-p", path, member], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const strings = [...unzip("xl/sharedStrings.xml").matchAll(/<si>(?:<t[^>]*>([\s\S]*?)<\/t>)<\/si>/g)].map((m) => m[1]);
  const sheet = unzip("xl/worksheets/sheet1.xml");
  const cells = {};
  for (const m of sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const v = (m[3] || "").match(/<v>([^<]*)<\/v>/)?.[1];
    if (v === undefined) continue;
    cells[m[1]] = / t="s"/.test(m[2]) ? strings[+v] : Number(v);
  }
  return { cells, sheet };
}

test(`[${engine}] the Excel file has the same numbers, as numbers, under a frozen header`, () => {
  const xlsx = join(ctx.dir, "daily.xlsx");
  run(["payment", "daily", "--date", day, "--xlsx", xlsx]);
  const { cells, sheet } = readXlsx(xlsx);
  assert.match(sheet, /<pane [^>]*ySplit="5"[^>]*state="frozen"/);
  const t = dailyTsv(day);
  const rowOf = (label) => Object.keys(cells).find((k) => k.startsWith("A") && cells[k] === label)?.slice(1);
  const check = (label, want) => {
    const r = rowOf(label);
    assert.ok(r, `row ${label}`);
    const cols = ["B", "C", "D", "E", "F", "G", "H", "I"];
    const vals = [want.count, want.reversals, want.amount, want.water, want.sewer, want.tax, want.credit, want.suspense];
    cols.forEach((c, i) => assert.strictEqual(cells[c + r], vals[i], `${label} ${c}`));
  };
  check("収納計", t.total);
  check("口座振替", t.debit);
  check("コンビニ", t.cvs);
  check("窓口", t.counter);
  check("スマホ決済", t.app);
  assert.equal(cells.A1, "収納日計表");
  assert.ok(String(cells.A2).includes(day));
  const chk = rowOf("検算（差額）");
  assert.strictEqual(cells[`D${chk}`], 0, "the check row: no difference");
  assert.equal(cells[`E${chk}`], "一致");
  // money in less where it went, late charges (延滞金・督促手数料) on their own line included
  const late = rowOf("延滞金・督促手数料");
  assert.strictEqual(cells[`D${late}`], 0);
  // and the works receipts (加入金, 工事手数料), apart from water and sewer
  const kanyukin = rowOf("加入金（工事）"), fee = rowOf("工事手数料");
  assert.strictEqual(cells[`D${kanyukin}`], 0);
  assert.strictEqual(cells[`D${fee}`], 0);
  assert.match(sheet, new RegExp(`<c r="D${chk}"[^>]*><f>D\\d+-SUM\\(E\\d+:I\\d+\\)-D${late}-D${kanyukin}-D${fee}</f>`));
});

/** Journal CSV text (UTF-8) into rows of objects. */
function journalRows(text) {
  const lines = text.replace(/^\uFEFF/, "").trim().split(/\r\n/);
  assert.equal(lines[0], "計上日,区分コード,区分,科目コード,科目名,借方金額,貸方金額,摘要");
  return lines.slice(1).map((l) => {
    const [d, channel, label, code, name, debit, credit, memo] = l.split(",");
    return { d, channel, label, code, name, debit: +debit, credit: +credit, memo };
  });
}

test(`[${engine}] the journal balances per day, and its cash lines equal the day's total`, () => {
  const out = join(ctx.dir, "journal.csv");
  const from = "2019-01-01";
  assert.match(run(["payment", "journal", "--from", day, "--to", day, "--out", out, "--encoding", "utf8"]), /仕訳データ/);
  const rows = journalRows(readFileSync(out, "utf8"));
  assert.ok(rows.length > 0);
  const t = dailyTsv(day);
  const sum = (f) => rows.reduce((s, r) => s + f(r), 0);
  assert.equal(sum((r) => r.debit), sum((r) => r.credit), "debits = credits");
  assert.ok(rows.every((r) => r.debit >= 0 && r.credit >= 0 && (r.debit === 0) !== (r.credit === 0)), "one side per line");
  const cash = rows.filter((r) => r.name.startsWith("預金") || r.name.startsWith("現金"));
  assert.equal(cash.reduce((s, r) => s + r.debit - r.credit, 0), t.total.amount, "cash = money in");
  const by = (name) => rows.filter((r) => r.name === name).reduce((s, r) => s + r.credit - r.debit, 0);
  assert.equal(by("水道料金収入"), t.total.water + t.setoff.water);
  assert.equal(by("下水道使用料収入"), t.total.sewer + t.setoff.sewer);
  assert.equal(by("仮受消費税"), t.total.tax + t.setoff.tax);
  assert.equal(by("過誤納金（預り金）"), 1234 + 500 - 500, "credit in less the set-off");
  assert.equal(t.setoff.water + t.setoff.sewer + t.setoff.tax, 500);
  assert.equal(by("仮受金（未消込）"), t.total.suspense);
  // the accounts come from [journal]: "CODE NAME" or a name alone
  const ini = join(ctx.dir, "journal.ini");
  writeFileSync(ini, "[journal]\ncash_counter = 1190 窓口現金（本庁）\nwater = 水道事業収益\n");
  const custom = join(ctx.dir, "custom.csv");
  run(["--config", ini, "payment", "journal", "--from", day, "--to", day, "--out", custom, "--encoding", "utf8"]);
  const crow = journalRows(readFileSync(custom, "utf8"));
  const counterCash = crow.find((r) => r.channel === "counter" && r.debit > 0);
  assert.equal(counterCash.code, "1190");
  assert.equal(counterCash.name, "窓口現金（本庁）");
  assert.equal(counterCash.debit, t.counter.amount);
  assert.ok(crow.some((r) => r.code === "" && r.name === "水道事業収益"));
  assert.ok(!crow.some((r) => r.name === "水道料金収入"));
  // a whole year of demo days: every day balances on its own
  const year = join(ctx.dir, "year.csv");
  run(["payment", "journal", "--from", from, "--to", "2019-12-31", "--out", year]);
  const ydays = new Map();
  const demoYear = journalRows(readFileSync(join(ctx.dir, "year.csv"), "utf8"));
  assert.equal(demoYear.length, 0, "nothing posted in 2019");
  const last = new Date(Date.now() + 9 * 3600e3 - 86400e3).toISOString().slice(0, 10);
  const first = new Date(Date.now() + 9 * 3600e3 - 300 * 86400e3).toISOString().slice(0, 10);
  run(["payment", "journal", "--from", first, "--to", last, "--out", year, "--detail", join(ctx.dir, "detail.csv")]);
  for (const r of journalRows(readFileSync(year, "utf8"))) {
    const x = ydays.get(r.d) || { dr: 0, cr: 0 };
    x.dr += r.debit;
    x.cr += r.credit;
    ydays.set(r.d, x);
  }
  assert.ok(ydays.size > 10, `demo days in the journal: ${ydays.size}`);
  for (const [d, x] of ydays) assert.equal(x.dr, x.cr, `journal of ${d} balances`);
  // the detail: one row per bill, adding up to the allocations
  const det = readFileSync(join(ctx.dir, "detail.csv"), "utf8").replace(/^\uFEFF/, "").trim().split(/\r\n/);
  assert.match(det[0], /^計上日,区分コード,区分,種別,水栓番号,調定年月,調定番号,金額,水道料金,下水道使用料,消費税等$/);
  for (const l of det.slice(1)) {
    const f = l.split(",").map((v, i) => (i >= 7 ? +v : v));
    assert.equal(f[8] + f[9] + f[10], f[7], `detail parts: ${l}`);
  }
});

test(`[${engine}] the screen shows the table with a date picker; downloads; permissions; bad dates named`, async () => {
  const c = await login("tanto");
  let r = await c.get("/collections/daily");
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, new RegExp(`<input[^>]*name="date"[^>]*value="${day}"|<input[^>]*value="${day}"[^>]*name="date"`));
  assert.match(r.text, /<table[^>]*id="daily-table"/);
  const t = dailyTsv(day);
  assert.match(r.text, new RegExp(`<strong>${fmt(t.total.amount)}</strong>`));
  assert.match(r.text, /id="daily-check" class="ok"/);
  r = await c.get(`/collections/daily?date=${day}`);
  assert.equal(r.status, 200);
  r = await c.get("/collections/daily?date=2026-13-01");
  assert.equal(r.status, 422);
  assert.match(r.text, /計上日は YYYY-MM-DD/);
  assert.match(r.text, /aria-invalid="true"/);
  const bin = async (path) => {
    const res = await fetch(srv.base + path, { headers: { Cookie: c.cookieHeader() } });
    return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
  };
  const pdf = await bin(`/collections/daily.pdf?date=${day}`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, "application/pdf");
  assert.equal(pdf.body.subarray(0, 5).toString(), "%PDF-");
  const x = await bin(`/collections/daily.xlsx?date=${day}`);
  assert.equal(x.status, 200);
  assert.equal(x.body.subarray(0, 2).toString(), "PK");
  writeFileSync(join(ctx.dir, "web.xlsx"), x.body);
  const { cells } = readXlsx(join(ctx.dir, "web.xlsx"));
  assert.ok(Object.values(cells).includes(t.total.amount));
  const j = await bin(`/collections/journal.csv?from=${day}&to=${day}&encoding=utf8bom`);
  assert.equal(j.status, 200);
  assert.deepEqual([...j.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = journalRows(j.body.toString("utf8"));
  assert.equal(rows.reduce((s, r) => s + r.debit, 0), rows.reduce((s, r) => s + r.credit, 0));
  const sj = await bin(`/collections/journal.csv?from=${day}&to=${day}&encoding=cp932`);
  assert.equal(sj.status, 200);
  assert.match(sj.type, /Shift_JIS/);
  assert.equal(new TextDecoder("shift_jis").decode(sj.body).split("\r\n")[0], "計上日,区分コード,区分,科目コード,科目名,借方金額,貸方金額,摘要");
  assert.equal((await bin(`/collections/journal.csv?from=${day}&to=x`)).status, 400);
  // a viewer (閲覧) may not see the collections reports
  const v = await login("etsuran");
  assert.equal((await v.get(`/collections/daily?date=${day}`)).status, 403);
  assert.equal((await v.get(`/collections/journal.csv?from=${day}&to=${day}`)).status, 403);
  // every view is audited
  const k = await login("kansa");
  const audit = await k.get("/audit?action=report.daily");
  assert.equal(audit.status, 200);
  assert.match(audit.text, new RegExp(`daily:${day}`));
  assert.match((await k.get("/audit?action=report.journal")).text, new RegExp(`journal:${day}\\.\\.${day}`));
});

test(`[${engine}] the 収納統計's sums of the allocations equal the allocations after the day's postings`, () => {
  // allocation_days is kept in the transaction that writes allocations: payments of every channel,
  // the reversals' negated rows, the set-off and the resolved suspense all reach it
  const d = allocationDaysDrift(ctx);
  assert.deepEqual(d.differ, []);
  const today = sqlOn(ctx, `SELECT channel || '|' || allocations || '|' || amount FROM allocation_days WHERE posted_on = '${day}'`
    + " ORDER BY channel, cycle").split("\n");
  assert.ok(today.some((r) => r.startsWith("setoff|")), today.join(" "));
  assert.ok(today.some((r) => r.startsWith("card|")) && today.some((r) => r.startsWith("bank|")), today.join(" "));
  assert.ok(d.rows > 100, `rows of the sums: ${d.rows}`);
});

/** Run SQL on the test database (sqlite3 or psql): only to damage the ledger on purpose. */
const sql = (text) => sqlOn(ctx, text);

test(`[${engine}] a yen unaccounted for is caught: the check fails, the journal refuses the day`, async () => {
  const id = sql(`SELECT MAX(id) FROM allocations WHERE posted_on = '${day}' AND kind = 'payment'`);
  assert.ok(+id > 0);
  sql(`UPDATE allocations SET water_yen = water_yen + 1 WHERE id = ${id}`);
  try {
    let r = suido(ctx, ["payment", "daily", "--date", day]);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stderr, /検算が一致しません/);
    assert.match(r.stdout, /^check\t検算\t不一致\t/m);
    const out = join(ctx.dir, "bad.csv");
    r = suido(ctx, ["payment", "journal", "--from", day, "--to", day, "--out", out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`計上日 ${day} の収納額.*一致しないため、仕訳を作成できません`));
    assert.throws(() => readFileSync(out), "nothing written");
    const c = await login("tanto");
    const page = await c.get(`/collections/daily?date=${day}`);
    assert.match(page.text, /id="daily-check" class="error" role="alert"/);
    assert.equal((await c.get(`/collections/journal.csv?from=${day}&to=${day}`)).status, 409);
  } finally {
    sql(`UPDATE allocations SET water_yen = water_yen - 1 WHERE id = ${id}`);
  }
  assert.equal(suido(ctx, ["payment", "daily", "--date", day]).code, 0, "whole again");
});
