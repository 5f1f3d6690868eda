// 検定満了による取替 (issue 21 items 3 and 4, docs/meters.md) against the real binary and a real
// database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set):
// - the plan lists the taps whose meters' certification expires in the period, by route and
//   diameter (screen, CSV, `suido meter plan`), and the order to a contractor prints;
// - a replacement recorded from the plan, with a meter lent to the contractor: the old meter
//   off (設置 → 撤去), the new one on (庫出 → 設置), the test flush kept, one audit row; the next
//   bill is the old part + the new part - the test flush (福岡市 2024);
// - the 玉野 case (2025): a new start dial entered as the old meter's reading makes the next
//   dial look like a meter gone round: held with its Japanese reason, not billed;
// - a 13 → 20 mm meter is refused naming both diameters until 「口径を変更する」 is ticked; then
//   the tap is 20 mm from that day and the next bill's basic charge is split by days, to the
//   yen of the tariff file;
// - bad input: 400 naming the field with what was typed kept (unknown serial, a serial not lent
//   to that contractor, one already installed, the start dial missing).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, clerk, contractor, other;
const sql = (text) => sqlOn(ctx, text);
const used = [];   // taps a test has taken

function day(shift = 0) {
  const d = new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400000);
  return d.toISOString().slice(0, 10);
}
const dayNo = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;

/** An occupied household tap of diameter mm with its meter and an accepted reading, on a route
 *  scheduled today, none read in the last 25 days; with its last dial. */
function occupiedTap(diameter) {
  const not = used.length ? `AND t.tap_no NOT IN (${used.map((t) => `'${t}'`).join(", ")})` : "";
  const row = sql(`SELECT t.tap_no || '|' || m.meter_no || '|' || t.route FROM taps t`
    + " JOIN occupancies o ON o.tap_id = t.id AND o.end_on IS NULL"
    + " JOIN meters m ON m.tap_id = t.id AND m.status = 'installed'"
    + ` WHERE t.diameter = ${diameter} AND t.use_code = 'household' AND t.status = 'active' AND t.stopped_on = '' ${not}`
    + ` AND EXISTS (SELECT 1 FROM reading_schedule s WHERE s.route = t.route AND s.from_on <= '${day(0)}' AND s.to_on >= '${day(0)}')`
    + ` AND NOT EXISTS (SELECT 1 FROM readings r WHERE r.tap_id = t.id AND r.read_on >= '${day(-25)}')`
    + " AND NOT EXISTS (SELECT 1 FROM service_requests q WHERE q.tap_id = t.id AND q.status = 'scheduled')"
    + " AND EXISTS (SELECT 1 FROM readings r WHERE r.tap_id = t.id AND r.status = 'accepted')"
    + " ORDER BY t.tap_no LIMIT 1");
  assert.ok(row, `an occupied ${diameter} mm tap`);
  const [tapNo, meterNo, route] = row.split("|");
  used.push(tapNo);
  const last = Number(sql(`SELECT r.value FROM readings r JOIN taps t ON t.id = r.tap_id WHERE t.tap_no = '${tapNo}'`
    + " AND r.status = 'accepted' ORDER BY r.read_on DESC, r.id DESC LIMIT 1"));
  return { tapNo, meterNo, route, last };
}

async function as(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}

/** Receive serials (CLI) and lend the first n to a contractor. */
function lend(diameter, serials, issue, to = contractor) {
  const r = suido(ctx, ["meter", "receive", "--diameter", String(diameter), "--maker", "愛知時計電機", "--serials", serials]);
  assert.equal(r.code, 0, r.stderr);
  for (const s of issue) {
    const i = suido(ctx, ["meter", "issue", "--serial", s, "--to", to]);
    assert.equal(i.code, 0, i.stderr);
  }
}

const replace = (form) => clerk.post("/meters/replace", { csrf: clerk.csrf, on: day(-2), contractor, flush: "1", ...form });

/** Today's reading on the new meter through the reader's API: its answer. */
async function readToday(tapNo, meterNo, value) {
  const reader = await new Client(srv.base).apiLogin("kenshin", DEMO);
  const r = await reader.request("POST", "/api/v1/readings", {
    json: { tap_no: tapNo, meter_no: meterNo, read_on: day(0), value }, headers: { "X-CSRF-Token": reader.csrf } });
  assert.equal(r.status, 200, r.text);
  return JSON.parse(r.text);
}

/** The audit page of the tap's meter.replace rows, as the auditor sees it. */
async function auditOf(tapNo) {
  const r = await (await as("kansa")).get(`/audit?action=meter.replace&object=tap:${tapNo}`);
  assert.equal(r.status, 200);
  return r.text;
}

async function confirm(id) {
  const chief = await new Client(srv.base).apiLogin("kakaricho", DEMO);
  const ok = await chief.request("POST", `/api/v1/readings/${id}/confirm`, { json: { reason: "取替後の検針を確認" },
    headers: { "X-CSRF-Token": chief.csrf } });
  assert.equal(ok.status, 200, ok.text);
}

/** The bill run of the cycle of the tap's reading today; the tap's current bill of it (or ""). */
function billOf(tapNo) {
  const cycle = sql(`SELECT r.cycle FROM readings r JOIN taps t ON t.id = r.tap_id WHERE t.tap_no = '${tapNo}'`
    + ` AND r.read_on = '${day(0)}' AND r.status <> 'replaced'`);
  const run = suido(ctx, ["bill", "run", "--cycle", cycle]);
  assert.ok(run.code === 0 || run.code === 3, run.stdout + run.stderr);
  return sql(`SELECT b.diameter || '|' || b.usage || '|' || b.months || '|' || b.water_tariff || '|' || b.period_from`
    + ` || '|' || b.days || '|' || b.water_yen || '|' || l.lines FROM bills b JOIN taps t ON t.id = b.tap_id`
    + ` JOIN bill_lines l ON l.bill_id = b.id WHERE t.tap_no = '${tapNo}' AND b.status = 'current' AND b.cycle = '${cycle}'`);
}

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "1", "--seed", "31", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  [contractor, other] = sql("SELECT designation_no FROM works_contractors WHERE status = 'active'"
    + ` AND valid_until > '${day(60)}' AND designated_on < '${day(-30)}' ORDER BY id LIMIT 2`).split("\n");
  assert.ok(contractor && other);
  srv = await startServer(ctx);
  clerk = await as("tanto");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the plan lists the taps whose meters expire in the period, by route and diameter (screen, CSV, command)`, async () => {
  const t = occupiedTap(13);
  const month = day(40).slice(0, 7);
  sql(`UPDATE meters SET certified_until = '${month}-15' WHERE meter_no = '${t.meterNo}'`);
  const want = Number(sql(`SELECT COUNT(*) FROM meters m JOIN taps t ON t.id = m.tap_id WHERE m.status = 'installed'`
    + ` AND t.status <> 'removed' AND m.certified_until LIKE '${month}-%'`));
  const cli = suido(ctx, ["meter", "plan", "--from", month, "--to", month]);
  assert.equal(cli.code, 0, cli.stderr);
  const lines = cli.stdout.trim().split("\n");
  assert.equal(lines[0], "tap_no\troute\troute_order\tserial\tdiameter\tmaker\tcertified_until\tinstalled_on");
  assert.equal(lines.length - 1, want);
  assert.ok(lines.some((l) => l.startsWith(`${t.tapNo}\t${t.route}\t`) && l.includes(`\t${t.meterNo}\t13\t`)), cli.stdout);
  // by route and by diameter
  const byRoute = suido(ctx, ["meter", "plan", "--from", month, "--to", month, "--route", t.route]).stdout;
  assert.ok(byRoute.trim().split("\n").slice(1).every((l) => l.split("\t")[1] === t.route));
  assert.match(byRoute, new RegExp(`^${t.tapNo}\\t`, "m"));
  assert.doesNotMatch(suido(ctx, ["meter", "plan", "--from", month, "--to", month, "--diameter", "20"]).stdout,
    new RegExp(`^${t.tapNo}\\t`, "m"));
  const bad = suido(ctx, ["meter", "plan", "--from", "2027-13", "--to", month]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^--from: /);
  // the screen: counts by month and diameter, the meters with a link to enter the result
  const page = await clerk.get(`/meters/plan?from=${month}&to=${month}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<a href="/karte/${t.tapNo}">${t.tapNo}</a>`));
  assert.match(page.text, new RegExp(`<a href="/meters/replace\\?tap=${t.tapNo}">結果入力</a>`));
  assert.match(page.text, new RegExp(`<tfoot><tr><th scope="row" colspan="2">計</th><td class="num">${want}</td>`));
  const r = await clerk.get(`/meters/plan?from=${month}&to=2020-01`);
  assert.equal(r.status, 400);
  assert.match(r.text, /期間（まで）は期間（から）と同じか後の月にしてください/);
  const csv = await clerk.get(`/meters/plan.csv?from=${month}&to=${month}&route=${t.route}&diameter=13`);
  assert.equal(csv.status, 200);
  assert.match(csv.text, /水栓番号,検針区,順路,メーター番号,口径,メーカー,検定満了日,設置日/);
  assert.match(csv.text, new RegExp(`${t.tapNo},${t.route},\\d+,${t.meterNo},13,`));
  // the order of one route to a contractor, printed and audited
  const pdf = await clerk.get(`/meters/plan/order.pdf?from=${month}&to=${month}&route=${t.route}&contractor=${contractor}`);
  assert.equal(pdf.status, 200, pdf.text?.slice(0, 300));
  assert.match(pdf.headers["content-type"] ?? pdf.headers.get?.("content-type") ?? "", /application\/pdf/);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'meter.replace_order' AND object = 'contractor:${contractor}'`), "1");
});

test(`[${engine}] a replacement with a meter lent to the contractor: both meters move, the flush is kept, and the next bill is old part + new part - flush (福岡)`, async () => {
  const t = occupiedTap(13);
  lend(13, "RP1000-RP1009", ["RP1000", "RP1001"]);
  const r = await replace({ tap: t.tapNo, old_final: String(t.last + 4), serial: "RP1000", new_start: "0" });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.equal(r.location, `/karte/${t.tapNo}`);
  const karte = await clerk.get(r.location);
  assert.match(karte.text, new RegExp(`水栓 ${t.tapNo} のメーターを ${t.meterNo} から RP1000 に取り替えました`));
  assert.match(karte.text, /RP1000/);
  assert.equal(sql(`SELECT status || ':' || COALESCE(contractor_id, 0) FROM meters WHERE meter_no = 'RP1000'`), "installed:0");
  assert.equal(sql(`SELECT status FROM meters WHERE meter_no = '${t.meterNo}'`), "removed");
  assert.equal(sql("SELECT v.from_status || '>' || v.to_status FROM meter_events v JOIN meters m ON m.id = v.meter_id"
    + " WHERE m.meter_no = 'RP1000' ORDER BY v.id DESC LIMIT 1"), "issued>installed");
  assert.equal(sql("SELECT v.from_status || '>' || v.to_status FROM meter_events v JOIN meters m ON m.id = v.meter_id"
    + ` WHERE m.meter_no = '${t.meterNo}' ORDER BY v.id DESC LIMIT 1`), "installed>removed");
  assert.equal(sql("SELECT r.kind || ':' || r.value || ':' || r.flush_m3 FROM readings r JOIN meters m ON m.id = r.meter_id"
    + " WHERE m.meter_no = 'RP1000'"), "start:0:1");
  assert.match(await auditOf(t.tapNo), new RegExp(`<dt>旧メーター</dt><dd>${t.meterNo}</dd><dt>旧メーターの取外し指針</dt><dd>${t.last + 4}</dd>`
    + "<dt>新メーター</dt><dd>RP1000</dd><dt>取付指針</dt><dd>0</dd><dt>試験通水量</dt><dd>1</dd>"));
  // two months on, 7 m³ on the new meter: 4 + 7 - 1
  const read = await readToday(t.tapNo, "RP1000", 7);
  assert.equal(read.usage_m3, 4 + 7 - 1);
  assert.ok(!(read.reasons ?? []).some((x) => String(x.code ?? x).startsWith("exchange")), JSON.stringify(read));
  if (read.status !== "accepted") await confirm(read.reading_id);
  const bill = billOf(t.tapNo);
  assert.ok(bill, "a bill");
  assert.equal(Number(bill.split("|")[1]), 10, "the old part, the new part, less the test flush");
});

test(`[${engine}] the 玉野 case: a start dial entered as the old meter's reading is held with its reason, not billed`, async () => {
  const t = occupiedTap(13);
  const final = t.last + 5;
  // the command line: the new meter's start dial typed as the old meter's final dial
  const c = suido(ctx, ["meter", "replace", "--tap", t.tapNo, "--old-final", String(final), "--serial", "RP1001",
    "--new-start", String(final), "--flush", "1", "--date", day(-2)]);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, new RegExp(`から RP1001 に取り替えました`));
  // the new meter really started at 0: two months on it reads 12, which would be a meter gone round
  const read = await readToday(t.tapNo, "RP1001", 12);
  assert.equal(read.status, "held", JSON.stringify(read));
  const id = read.reading_id;
  assert.equal(sql(`SELECT reasons FROM readings WHERE id = ${id}`).split(",").includes("exchange_start"), true);
  assert.ok(!sql(`SELECT reasons FROM readings WHERE id = ${id}`).split(",").includes("rollover"));
  const held = await clerk.get("/reading/held");
  assert.match(held.text, /取替後の指針が新メーターの取付指針より小さい（取付指針の設定誤りの疑い：一巡とはみなしません）/);
  // nor can a second person confirm it into a bill
  const chief = await new Client(srv.base).apiLogin("kakaricho", DEMO);
  const ok = await chief.request("POST", `/api/v1/readings/${id}/confirm`, { json: { reason: "確認した" },
    headers: { "X-CSRF-Token": chief.csrf } });
  assert.equal(ok.status, 409, ok.text);
  assert.match(ok.text, /取付指針より小さいため確定できません/);
  assert.equal(billOf(t.tapNo), "", "a held reading is not billed");
});

test(`[${engine}] a 13 → 20 mm meter: refused naming both diameters until confirmed; then the bill splits the basic charge by days`, async () => {
  const t = occupiedTap(13);
  lend(20, "RQ2000-RQ2004", ["RQ2000"]);
  const form = { tap: t.tapNo, old_final: String(t.last + 6), serial: "RQ2000", new_start: "0", flush: "1" };
  let r = await replace(form);
  assert.equal(r.status, 400);
  assert.match(r.text, /水栓の登録口径は 13mm ですが、新メーターは 20mm です。口径を変更する場合は「口径を変更する」を選んでください。/);
  assert.match(r.text, /id="f-confirm_diameter"[^>]*aria-invalid="true"/);
  assert.match(r.text, /id="f-serial" name="serial" value="RQ2000"/);
  assert.equal(sql(`SELECT diameter FROM taps WHERE tap_no = '${t.tapNo}'`), "13");
  assert.equal(sql("SELECT status FROM meters WHERE meter_no = 'RQ2000'"), "issued");
  r = await replace({ ...form, confirm_diameter: "1" });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.match((await clerk.get(r.location)).text, /口径を 13mm から 20mm に変更しました/);
  assert.equal(sql(`SELECT diameter FROM taps WHERE tap_no = '${t.tapNo}'`), "20");
  assert.equal(sql(`SELECT c.from_on || ':' || c.old_diameter || ':' || c.new_diameter || ':' || c.source FROM tap_diameter_changes c`
    + ` JOIN taps t ON t.id = c.tap_id WHERE t.tap_no = '${t.tapNo}'`), `${day(-2)}:13:20:meter:RQ2000`);
  assert.match(await auditOf(t.tapNo),
    /<dt>変更前の口径<\/dt><dd>13<\/dd><dt>変更後の口径<\/dt><dd>20<\/dd><dt>口径変更の確認<\/dt><dd>はい<\/dd>/);

  const read = await readToday(t.tapNo, "RQ2000", 9);
  if (read.status !== "accepted") await confirm(read.reading_id);
  const bill = billOf(t.tapNo);
  assert.ok(bill, "a bill");
  const [diameter, usage, months, tariffId, periodFrom, days, waterYen, lines] = bill.split("|");
  assert.equal(diameter, "20");
  assert.equal(Number(usage), 6 + 9 - 1);
  const daysOld = dayNo(day(-2)) - dayNo(periodFrom) - 1;   // period_from: the day before the first billed day
  const daysNew = dayNo(day(0)) - dayNo(day(-2)) + 1;
  assert.equal(daysOld + daysNew, Number(days));
  // the expected amount from the tariff file itself
  const tariffFile = join(ctx.dir, "water-tariff.json");
  writeFileSync(tariffFile, sql(`SELECT body FROM tariffs WHERE tariff_id = '${tariffId}'`));
  const quote = (mm) => {
    const q = suido(ctx, ["tariff", "quote", "--tariff", tariffFile, "--use", "household", "--diameter", String(mm),
      "--usage", usage, "--months", months]);
    assert.equal(q.code, 0, q.stderr);
    return JSON.parse(q.stdout);
  };
  const baseOf = (obj) => obj.lines.filter((l) => l.kind === "base").map((l) => l.amount ?? l.yen).join(",");
  assert.notEqual(baseOf(quote(20)), baseOf(quote(13)));
  const [seg13, seg20, prorate] = JSON.parse(lines).filter((g) => g.svc === "water");
  assert.deepEqual([seg13.diameter, seg13.share_days, seg20.diameter, seg20.share_days], [13, daysOld, 20, daysNew]);
  assert.equal(baseOf(seg13), baseOf(quote(13)));
  assert.equal(baseOf(seg20), baseOf(quote(20)));
  const expected = Math.floor((quote(13).total * daysOld + quote(20).total * daysNew) / Number(days));
  assert.equal(prorate.total, expected);
  assert.equal(Number(waterYen), expected);
});

test(`[${engine}] the tap's own meter form holds to the same rule: a 25 mm meter on a 13 mm tap is refused until 口径を変更する is ticked`, async () => {
  const t = occupiedTap(13);
  const form = { csrf: clerk.csrf, on: day(-1), old_final: String(t.last + 2), meter_no: "TF2501", maker: "愛知時計電機",
    diameter: "25", digits: "4", certified_until: "", start_value: "0" };
  await clerk.get(`/taps/${t.tapNo}/meter`);
  let r = await clerk.post(`/taps/${t.tapNo}/meter`, form);
  assert.equal(r.status, 400, r.text.slice(0, 400));
  assert.match(r.text, /水栓の登録口径は 13mm ですが、新メーターは 25mm です。/);
  assert.match(r.text, /id="f-confirm_diameter"[^>]*aria-invalid="true"/);
  assert.match(r.text, /id="f-meter_no" name="meter_no" value="TF2501"/);
  assert.equal(sql(`SELECT diameter FROM taps WHERE tap_no = '${t.tapNo}'`), "13");
  assert.equal(sql("SELECT count(*) FROM meters WHERE meter_no = 'TF2501'"), "0", "nothing half-written");
  r = await clerk.post(`/taps/${t.tapNo}/meter`, { ...form, confirm_diameter: "1" });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.equal(sql(`SELECT diameter FROM taps WHERE tap_no = '${t.tapNo}'`), "25");
  assert.equal(sql(`SELECT c.from_on || ':' || c.old_diameter || ':' || c.new_diameter FROM tap_diameter_changes c`
    + ` JOIN taps t ON t.id = c.tap_id WHERE t.tap_no = '${t.tapNo}'`), `${day(-1)}:13:25`);
});

test(`[${engine}] bad input is refused 400 naming the field, with what was typed kept`, async () => {
  const t = occupiedTap(13);
  lend(13, "RS3000-RS3002", ["RS3001"], other);
  lend(13, "RS3003-RS3004", ["RS3003"]);
  const base = { tap: t.tapNo, old_final: String(t.last + 3), new_start: "0" };
  const cases = [
    [{ serial: "ZZ9999" }, "serial", /そのメーター番号は登録されていません/],
    [{ serial: "RS3001" }, "serial", /この工事事業者に庫出（貸出）されていません/],
    [{ serial: "RS3000" }, "serial", /庫出（貸出）されていません/],
    [{ serial: "RP1000" }, "serial", /既に設置されているメーターは、撤去するまで別の水栓に設置できません/],
    [{ serial: "RS3003", new_start: "" }, "new_start", /新メーターの取付指針/],
    [{ serial: "RS3003", flush: "" }, "flush", /試験通水量/],
    [{ serial: "RS3003", old_final: "" }, "old_final", /旧メーターの取外し指針/],
  ];
  for (const [form, field, message] of cases) {
    const r = await replace({ ...base, ...form });
    assert.equal(r.status, 400, `${field}: ${r.status}`);
    assert.match(r.text, message);
    assert.match(r.text, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`), field);
    assert.match(r.text, new RegExp(`id="f-serial" name="serial" value="${form.serial}"`));
  }
  assert.equal(sql(`SELECT m.meter_no FROM meters m JOIN taps t ON t.id = m.tap_id WHERE t.tap_no = '${t.tapNo}'`
    + " AND m.status = 'installed'"), t.meterNo, "nothing changed");
  const c = suido(ctx, ["meter", "replace", "--tap", t.tapNo, "--old-final", "1", "--serial", "ZZ9999", "--new-start", "0",
    "--flush", "0", "--date", day(-1)]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /^--serial: /);
});
