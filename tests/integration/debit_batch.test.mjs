// Direct debit (口座振替) in cities of their own (the rest is in debit.test.mjs, whose helpers are in
// debit_lib.mjs): a year of unpaid bills in one request, written 32 bills a statement, with a bill
// paid meanwhile and a reference used already; and the debit screen, where a 係長 downloads the
// request and reads the result over HTTP and a 担当 may not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, demoCycle, startServer, stopServer } from "./lib.mjs";
import {
  DEMO, MEANING, addDays, billsShown, businessDay, debitCity, engine, later, num, ok, paymentLines, paymentRows,
  records, resultFrom, smallBankMaster, suido, tapsWithoutMandate, text, useCity,
} from "./debit_lib.mjs";

test(`[${engine}] a year of unpaid bills by debit: written 32 at a time, a bill paid meanwhile and a reference already used go the general way`, async () => {
  const ctx = debitCity(["--taps", "120", "--years", "1", "--seed", "7", "--no-payments"]);
  useCity(ctx);
  let srv;
  try {
    ok(["bank", "import", "--from", smallBankMaster(ctx.dir)]);
    // the demo's history is billed (the open cycle is not): taps of the two cycles before it
    const taps = [1, 2].flatMap((back) => ok(["bill", "list", "--cycle", demoCycle(back)]).trim().split("\n"))
      .map((l) => l.split("\t")[0]).filter((t) => /^\d+$/.test(t));
    // 40 mandates through the mandate screen, as a 担当 keys them (one server, not 40 processes;
    // `suido mandate add` itself is tested in debit.test.mjs).
    srv = await startServer(ctx);
    const clerk = new Client(srv.base);
    assert.equal((await clerk.login("tanto", DEMO)).status, 303);
    let mandates = 0;
    const unmandated = [];
    for (const t of tapsWithoutMandate(taps, 60)) {
      if (mandates === 40) { unmandated.push(t); continue; }
      const r = await clerk.post(`/taps/${t}/mandate`, { bank: "0001", branch: "001", account_type: "1", account: "1234567",
                                                         holder: "ｽｲﾄﾞｳ ﾊﾅｺ", start_on: "2020-01-01", csrf: clerk.csrf });
      if (r.status === 303) mandates++;
      else assert.match(r.text, /現在の使用者がいない/, `only a vacant tap is refused (${r.status})`);
    }
    assert.equal(mandates, 40);
    await stopServer(srv);
    srv = null;
    const day = businessDay(addDays(new Date().toISOString().slice(0, 10), 10));
    const file = join(ctx.dir, "req.txt");
    const batch = Number(ok(["debit", "export", "--date", day, "--out", file]).match(/依頼 (\d+)/)[1]);
    const req = readFileSync(file);
    const data = records(req).slice(1, -2).map((r) => ({ bill: Number(text(r, 91, 20).slice(8)), amount: num(r, 80, 10) }));
    assert.ok(data.length >= 130, `${data.length} records: more than two statements of 64`);
    // Between the request and the result: one bill is paid in part at the counter (its debit no
    // longer matches: suspense), and one debit's reference is used by a payment keyed by hand.
    const changed = data[40], taken = data[75];
    ok(["payment", "post", "--bill", String(changed.bill), "--amount", "100", "--channel", "counter", "--paid-on", day,
        "--ref", "C-meanwhile"]);
    let elsewhere;   // a bill of the cycle before of a tap without a mandate (the first such tap that has one)
    for (const t of unmandated) {
      const r = suido(ctx, ["bill", "show", "--tap", t, "--cycle", demoCycle(1)]);
      if (r.code === 0) { elsewhere = JSON.parse(r.stdout); break; }
    }
    ok(["payment", "post", "--bill", String(elsewhere.id), "--amount", "500", "--channel", "debit", "--paid-on", day,
        "--ref", `B${batch}-${taken.bill}`]);
    const codes = data.map((_, i) => (i % 37 === 36 ? "1" : "0"));
    const res = join(ctx.dir, "res.txt");
    writeFileSync(res, resultFrom(req, codes));
    const out = ok(["debit", "import", res]);
    assert.match(out, /（うち未消込 1 件）/, out);
    assert.match(out, /取込 [0-9.]+ 秒/);
    const now = billsShown(data.map((d) => d.bill));
    data.forEach((d, i) => {
      const bill = now.get(d.bill);
      if (codes[i] !== "0" || d === taken) assert.equal(bill.balance_yen, d.amount, `bill ${d.bill} still owed`);
      else if (d === changed) assert.equal(bill.balance_yen, d.amount - 100, "the partial payment only; the debit waits in suspense");
      else assert.equal(bill.balance_yen, 0, `bill ${d.bill} paid by its debit`);
    });
    // Every debit posted once, allocated in full (water + sewer + tax = amount), nothing left over:
    // the payments of the debit date (the import posts on it, every tap at once: one command, not one
    // per tap) and those of the tap whose payment was keyed by hand, each payment once.
    const byId = new Map();
    for (const p of JSON.parse(ok(["payment", "account", "--tap", elsewhere.tap_no])).payments) byId.set(p.id, p);
    for (const [id, channel, , , amount, allocated, , ref] of paymentRows(day)) {
      byId.set(Number(id), { ...byId.get(Number(id)), id: Number(id), channel, amount: Number(amount), allocated: Number(allocated), ref });
    }
    const payments = [...byId.values()].filter((p) => p.channel === "debit");
    assert.equal(payments.filter((p) => p.ref === `B${batch}-${taken.bill}`).length, 1, "a reference is posted once");
    const plain = new Set(data.filter((d, i) => codes[i] === "0" && d !== taken && d !== changed).map((d) => `B${batch}-${d.bill}`));
    const posted = payments.filter((p) => plain.has(p.ref));
    assert.equal(posted.length, plain.size, "one payment per plain record");
    for (const p of posted) assert.equal(p.allocated, p.amount, `${p.ref}: allocated in full`);
    const suspense = ok(["payment", "suspense"]).trim().split("\n").map((l) => l.split("\t"));
    assert.ok(suspense.some((f) => f[5] === `B${batch}-${changed.bill}` && Number(f[3]) === changed.amount),
      "the debit of the bill paid meanwhile waits in suspense");
    assert.equal(suido(ctx, ["debit", "import", res]).code, 1, "the same file again is refused");
  } finally {
    if (srv) await stopServer(srv);
    ctx.cleanup();
  }
});

test(`[${engine}] debit screen: a 係長 downloads the request and reads the result over HTTP; a damaged file is refused naming the line; a 担当 may not`, async () => {
  const ctx = debitCity(["--taps", "120", "--years", "1", "--seed", "23", "--no-payments"]);
  useCity(ctx);
  let srv;
  try {
    ok(["bank", "import", "--from", smallBankMaster(ctx.dir)]);
    const taps = ok(["bill", "list", "--cycle", demoCycle(1)]).trim().split("\n").map((l) => l.split("\t")[0]).filter((t) => /^\d+$/.test(t));
    let mandates = 0;
    for (const t of tapsWithoutMandate(taps, 12)) {
      const r = suido(ctx, ["mandate", "add", "--tap", t, "--bank", "0001", "--branch", "001", "--type", "1",
                            "--account", "7654321", "--holder", "ｽｲﾄﾞｳ ｼﾞﾛｳ", "--from", "2020-01-01"]);
      if (r.code === 0) mandates++;
    }
    assert.ok(mandates >= 6, `${mandates} mandates`);
    srv = await startServer(later(ctx));   // the screen reads the result after the debit date
    const chief = new Client(srv.base);
    assert.equal((await chief.login("kakaricho", DEMO)).status, 303);
    /** A POST answered with a file: the raw bytes. */
    const download = async (form) => {
      const res = await fetch(`${srv.base}/collections/debit/export`, {
        method: "POST", redirect: "manual", body: new URLSearchParams({ csrf: chief.csrf, ...form }).toString(),
        headers: { Cookie: chief.cookieHeader(), "Content-Type": "application/x-www-form-urlencoded" },
      });
      return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
    };
    /** The result file uploaded: read, it answers 303 to its figures, which are fetched. */
    const upload = async (c, buf, name) => {
      const f = new FormData();
      f.append("csrf", c.csrf);
      f.append("file", new Blob([buf], { type: "text/plain" }), name);
      const r = await c.request("POST", "/collections/debit/import", { body: f });
      if (r.status !== 303) return r;
      assert.match(r.location, /^\/collections\/imports\/\d+$/);
      return { ...(await c.get(r.location)), redirected: true };
    };

    // The menu: both forms, the debit date proposed is a business day after today.
    let r = await chief.get("/collections/debit");
    assert.equal(r.status, 200);
    assert.match(r.text, /id="export-form"/);
    assert.match(r.text, /id="import-form"[^>]*enctype="multipart\/form-data"|enctype="multipart\/form-data"[^>]*id="import-form"/);
    assert.match(r.text, /<nav class="subnav"[^>]*>[\s\S]*?aria-current="page"[^>]*>口座振替</);
    assert.match(r.text, /口座振替の依頼はまだありません/);
    const proposed = r.text.match(/name="date" value="(\d{4}-\d{2}-\d{2})"/)[1];
    assert.equal(businessDay(proposed), proposed);
    assert.ok(proposed > new Date(Date.now() - 86400000).toISOString().slice(0, 10), proposed);

    // A Sunday is refused next to the field, the next business day named; nothing requested.
    const day = businessDay(addDays(new Date().toISOString().slice(0, 10), 10));
    let sunday = addDays(day, 1);
    while (new Date(`${sunday}T00:00:00Z`).getUTCDay() !== 0) sunday = addDays(sunday, 1);
    r = await chief.post("/collections/debit/export", { csrf: chief.csrf, date: sunday });
    assert.equal(r.status, 400);
    assert.ok(r.text.includes(`次の営業日は ${businessDay(sunday)}`), r.text.slice(0, 2000));
    assert.match(r.text, /name="date"[^>]*aria-invalid="true"/);
    assert.match(r.text, /口座振替の依頼はまだありません/);
    // A retry with nothing sent back: said so, no file.
    r = await chief.post("/collections/debit/export", { csrf: chief.csrf, date: day, retry: "1" });
    assert.equal(r.status, 200);
    assert.match(r.text, /id="debit-status"[^>]*>引落日 [-0-9]+（再振替）の対象の調定はありません/);

    // The request, downloaded: the same bytes the command line writes for that batch.
    const dl = await download({ date: day });
    assert.equal(dl.status, 200, dl.buf.toString().slice(0, 500));
    assert.equal(dl.headers.get("content-type"), "text/plain; charset=Shift_JIS");
    assert.equal(dl.headers.get("content-disposition"), `attachment; filename="kouza-${day.replaceAll("-", "")}-1.txt"`);
    const req = dl.buf;
    const data = records(req).slice(1, -2);
    assert.ok(data.length >= mandates, `${data.length} records`);
    const batch = Number(text(data[0], 91, 8));
    const cli = join(ctx.dir, "cli.txt");
    assert.match(ok(["debit", "export", "--date", day, "--out", cli]), new RegExp(`依頼 ${batch}（.*作り直しました`));
    assert.ok(readFileSync(cli).equals(req), "byte-identical to suido debit export");
    const sum = data.reduce((s, rec) => s + num(rec, 80, 10), 0);

    // Listed as awaiting its result; its page offers the same file again.
    r = await chief.get("/collections/debit");
    const row = r.text.match(new RegExp(`<tr id="batch-${batch}">([\\s\\S]*?)</tr>`));
    assert.ok(row, "the batch is listed");
    assert.match(row[1], /1回目/);
    assert.ok(row[1].includes(`${data.length}件`), row[1]);
    assert.ok(row[1].includes(`¥${sum.toLocaleString("en-US")}`), row[1]);
    assert.match(row[1], /結果待ち/);
    assert.ok(row[1].includes(`href="/collections/debit/${batch}"`));
    r = await chief.get(`/collections/debit/${batch}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /id="batch-awaiting"/);
    assert.match(r.text, /id="reexport-form"/);
    assert.ok(r.text.includes(`name="date" value="${day}"`));
    assert.ok((await download({ date: day })).buf.equals(req), "made again from the batch page: the same file");
    assert.equal((await chief.get("/collections/debit/999999")).status, 404);

    // A 担当 sees the requests but neither form, and may not post.
    const clerk = new Client(srv.base);
    assert.equal((await clerk.login("tanto", DEMO)).status, 303);
    r = await clerk.get("/collections/debit");
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('id="export-form"') && !r.text.includes('id="import-form"'), "no forms for a 担当");
    assert.match(r.text, /id="debit-chief-note"[^>]*>[^<]*係長が行います/);
    assert.match(r.text, new RegExp(`id="batch-${batch}"`));
    r = await clerk.get(`/collections/debit/${batch}`);
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('id="reexport-form"'));
    assert.equal((await clerk.post("/collections/debit/export", { csrf: clerk.csrf, date: day })).status, 403);
    const codes = data.map((_, i) => (i % 5 === 1 ? "1" : i % 5 === 3 ? "2" : "0"));
    const good = resultFrom(req, codes);
    assert.equal((await upload(clerk, good, "result.txt")).status, 403);

    // A damaged result: refused, the line and the field named, nothing posted.
    const before = paymentLines(day);
    const bad = Buffer.from(good);
    assert.equal(codes[1], "1");
    bad[122 * 2 + 111] = "7".charCodeAt(0);
    r = await upload(chief, bad, "bad.txt");
    assert.equal(r.status, 400);
    assert.match(r.text, /取り込みませんでした（何も登録していません）。3 行目の振替結果コード: 「7」は規格にないコード/);
    assert.match(r.text, /id="import-file"[^>]*aria-invalid="true"/);
    assert.equal(paymentLines(day), before);

    // The bank's result: the figures, by code with its meaning, and a link to the batch.
    r = await upload(chief, good, "result.txt");
    assert.equal(r.status, 200, r.text.slice(0, 2000));
    assert.ok(r.redirected, "the figures are kept and the answer is a redirect to them (a reload reads nothing again)");
    const amounts = data.map((rec) => num(rec, 80, 10));
    const done = amounts.filter((_, i) => codes[i] === "0"), failed = amounts.filter((_, i) => codes[i] !== "0");
    const yen = (v) => `¥${v.toLocaleString("en-US")}`;
    const cells = (id) => {
      const m = r.text.match(new RegExp(`<tr id="${id}">([\\s\\S]*?)</tr>`));
      assert.ok(m, id);
      return [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]);
    };
    assert.match(r.text, new RegExp(`id="import-result"[^>]*>result.txt を取り込みました（依頼 ${batch}、引落日 ${day}・1回目、${data.length}件）`));
    assert.deepEqual(cells("sum-records").slice(1), [`${data.length}件`, yen(sum)]);
    assert.deepEqual(cells("sum-done").slice(1), [`${done.length}件`, yen(done.reduce((s, a) => s + a, 0))]);
    assert.deepEqual(cells("sum-suspense").slice(1), ["0件", ""]);
    assert.deepEqual(cells("sum-failed").slice(1), [`${failed.length}件`, yen(failed.reduce((s, a) => s + a, 0))]);
    assert.deepEqual(cells("sum-retry").slice(1), [`${failed.length}件`, ""]);
    assert.deepEqual(cells("sum-slip").slice(1), ["0件", ""]);
    for (const c of ["0", "1", "2"]) {
      const n = codes.filter((x) => x === c).length;
      assert.deepEqual(cells(`debit-codes-${c}`).slice(0, 3), [c, MEANING[c], `${n}件`]);
    }
    assert.ok(r.text.includes(`id="batch-link"`) && r.text.includes(`href="/collections/debit/${batch}"`));
    assert.equal(paymentLines(day), before + done.length, "one payment per code 0");

    // The batch page: done, the failed bills with their tap, result and what happens next.
    r = await chief.get(`/collections/debit/${batch}`);
    assert.ok(!r.text.includes('id="reexport-form"'));
    assert.match(r.text, /取込済/);
    const items = [...r.text.matchAll(/<tr id="item-(\d+)">([\s\S]*?)<\/tr>/g)];
    const failedBills = data.filter((_, i) => codes[i] !== "0").map((rec) => Number(text(rec, 91, 20).slice(8)));
    assert.deepEqual(items.map((m) => Number(m[1])).sort((a, b) => a - b), failedBills.sort((a, b) => a - b));
    const itemBills = billsShown(items.map((m) => Number(m[1])));
    for (const [, bill, cellsHtml] of items) {
      const tap = itemBills.get(Number(bill)).tap_no;
      assert.ok(cellsHtml.includes(`href="/karte/${tap}"`), cellsHtml);
      assert.match(cellsHtml, /<td>[12] (資金不足|取引なし)<\/td>/);
      assert.match(cellsHtml, /<td>再振替<\/td>/);
    }
    // The same file again: refused as read already.
    r = await upload(chief, good, "result.txt");
    assert.equal(r.status, 409);
    assert.match(r.text, /取り込みませんでした（何も登録していません）。/);
    assert.equal(paymentLines(day), before + done.length);
  } finally {
    if (srv) await stopServer(srv);
    ctx.cleanup();
  }
});
