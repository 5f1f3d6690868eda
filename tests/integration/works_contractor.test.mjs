// The designated contractors master (指定給水装置工事事業者, issue 18 item 1) against the real
// binary and database (SQLite, or PostgreSQL when SUIDO_TEST_DB is set), on a demo city: the
// demo's contractors and the renewal reminders ([works] renewal_notice_days, the list's banner
// and filter, `suido works contractors --due`); a contractor designated by the 工事 role with
// its expiry computed, the representative sealed at rest; chief engineers added and removed;
// the standing on a day with its reason; edits, renewal, suspension and reinstatement,
// revocation after a confirmation step, each in the history and the audit log; bad input
// naming the field (400, what was typed kept); 403 for roles without the permission; the CSV
// (UTF-8 with BOM, Shift_JIS) and Excel exports.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, makeEnv, sql as sqlOn, startServer, stopServer, suido, xlsxCells } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
const DEMO = "suido-demo-2025";
let ctx, srv, koji, clerk;
const sql = (text) => sqlOn(ctx, text);

/** Today in JST moved by shift days, as YYYY-MM-DD. */
function day(shift = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}
function addYears(iso, years) {
  return `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
}
async function as(user) {
  const c = new Client(srv.base);
  assert.equal((await c.login(user, DEMO)).status, 303);
  return c;
}
/** The visible text of a page (tags dropped, spaces squeezed). */
const textOf = (html) => html.replace(/<[^>]*>/g, " ").replace(/[ \t\r\n]+/g, " ");   // U+3000 kept
const idOf = (res) => Number(res.location.match(/\/works\/contractors\/(\d+)$/)[1]);
const standingOn = async (id, on) => {
  const page = await koji.get(`/works/contractors/${id}?on=${on}`);
  assert.equal(page.status, 200);
  return textOf(page.text.match(/<p id="wc-standing-on">([\s\S]*?)<\/p>/)[1]);
};
const events = (id) => sql(`SELECT kind FROM works_contractor_events WHERE contractor_id = ${id} ORDER BY id`).split("\n");
const FIELDS = {
  designation_no: "第０７７７号", name: "株式会社テスト水道設備", name_kana: "てすとすいどうせつび",
  address: "山梨県山峡市桜町一丁目2番3号", phone: "055-212-0777", representative: "試験　太郎", designated_on: "2024-04-01",
};

before(async () => {
  ctx = makeEnv();
  writeFileSync(join(ctx.dir, "suido.ini"), "[works]\nrenewal_notice_days = 60\n");
  ctx.env.SUIDO_CONFIG = join(ctx.dir, "suido.ini");
  const d = suido(ctx, ["demo", "--taps", "300", "--years", "0", "--seed", "28", "--no-payments"]);
  assert.equal(d.code, 0, d.stderr);
  srv = await startServer(ctx);
  koji = await as("koji");
  clerk = await as("tanto");
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

test(`[${engine}] the demo city has its contractors; the renewal reminders follow the setting`, async () => {
  assert.equal(sql("SELECT COUNT(*) FROM works_contractors"), "5");   // 300 taps: the minimum of 5
  assert.ok(Number(sql("SELECT COUNT(*) FROM works_engineers WHERE removed_on = ''")) >= 5);
  const list = await clerk.get("/works/contractors");
  assert.equal(list.status, 200);
  assert.match(list.text, /id="wc-due-banner"[^>]*>有効期限まで60日以内の事業者が 1 件あります。/);
  assert.match(textOf(list.text), /指定停止中/);
  assert.match(textOf(list.text), /指定取消/);
  const due = await clerk.get("/works/contractors?due=1");
  assert.deepEqual([...due.text.matchAll(/<tr id="wc-(\d+)"/g)].length, 1);
  assert.match(due.text, /更新期限まで30日/);
  const wider = await clerk.get("/works/contractors?due_days=90");
  assert.equal([...wider.text.matchAll(/<tr id="wc-(\d+)"/g)].length, 2);
  const suspended = await clerk.get("/works/contractors?state=suspended");
  assert.equal([...suspended.text.matchAll(/<tr id="wc-(\d+)"/g)].length, 1);
  // the command line
  const cli = suido(ctx, ["works", "contractors", "--due", "90"]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /^0002\t.*\t30日\t有効/m);
  assert.match(cli.stdout, /^0003\t.*\t75日\t有効/m);
  assert.match(cli.stdout, /2件/);
  const csv = suido(ctx, ["works", "contractors", "--due", "60", "--csv"]);
  assert.equal(csv.code, 0, csv.stderr);
  assert.ok(csv.stdout.startsWith("\ufeff指定番号,商号,"));
  assert.equal(csv.stdout.trim().split("\n").length, 2);
  const ok = suido(ctx, ["works", "contractors", "--no", "第０００２号", "--date", day(0)]);   // 0002 as printed
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`^第０００２号 株式会社.*: ${day(0)} 受付可$`, "m"));
  const off = suido(ctx, ["works", "contractors", "--no", "0002", "--date", day(31)]);   // its expiry is in 30 days
  assert.match(off.stdout, /受付不可（指定の有効期限（令和\d+年\d+月\d+日）を過ぎています）/);
  const none = suido(ctx, ["works", "contractors", "--no", "9999"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--no: この指定番号の指定工事事業者はありません/);
  const bad = suido(ctx, ["works", "contractors", "--due", "soon"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--due/);
});

let id;

test(`[${engine}] a contractor is designated; bad input names the field and keeps what was typed`, async () => {
  const form = await koji.get("/works/contractors/new");
  assert.equal(form.status, 200);
  const refused = await koji.post("/works/contractors/new", { csrf: koji.csrf, ...FIELDS, designation_no: "12/34" });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /指定番号は半角英数字/);
  assert.match(refused.text, /id="f-designation_no" name="designation_no" value="12\/34" aria-invalid="true"/);
  assert.match(refused.text, /value="株式会社テスト水道設備"/);
  for (const [field, value, message] of [["name_kana", "Test", /フリガナ/], ["phone", "12345", /電話番号/],
                                         ["designated_on", "1997-04-01", /平成10年4月1日以降/],
                                         ["designated_on", day(1), /未来/], ["representative", "", /代表者氏名/]]) {
    const r = await koji.post("/works/contractors/new", { csrf: koji.csrf, ...FIELDS, [field]: value });
    assert.equal(r.status, 400, field);
    assert.match(r.text, message, field);
    assert.match(r.text, new RegExp(`id="f-${field}" name="${field}" value="[^"]*" aria-invalid="true"`), field);
  }
  const taken = await koji.post("/works/contractors/new", { csrf: koji.csrf, ...FIELDS, designation_no: "0001" });
  assert.equal(taken.status, 409);
  assert.match(taken.text, /別の事業者に使われています/);
  const made = await koji.post("/works/contractors/new", { csrf: koji.csrf, ...FIELDS });
  assert.equal(made.status, 303);
  id = idOf(made);
  assert.equal(sql(`SELECT designation_no || '|' || name_kana || '|' || valid_until || '|' || status`
    + ` FROM works_contractors WHERE id = ${id}`), "0777|テストスイドウセツビ|2029-03-31|active");
  // the representative is sealed: not in the table, nor anywhere in the database file
  assert.doesNotMatch(sql(`SELECT representative_enc FROM works_contractors WHERE id = ${id}`), /試験/);
  if (!ctx.pg) assert.ok(!readFileSync(ctx.sqlitePath).includes(Buffer.from("試験　太郎")));
  const page = await koji.get(`/works/contractors/${id}`);
  assert.match(textOf(page.text), /代表者氏名 試験　太郎/);
  assert.match(textOf(page.text), /申込を受け付けられません。主任技術者が登録されていません。/);
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'works.contractor.designated'`
    + ` AND object = 'works_contractor:${id}'`), "1");
});

test(`[${engine}] chief engineers are added and removed; the standing follows them by date`, async () => {
  const post = (path, form) => koji.post(`/works/contractors/${id}/${path}`, { csrf: koji.csrf, ...form });
  const bad = await post("engineers", { licence_no: "12A45", engineer_name: "主任　一郎", registered_on: "2024-04-01" });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /免状番号は半角数字10桁以内/);
  assert.match(bad.text, /id="f-engineer_name" name="engineer_name" value="主任　一郎"/);
  const early = await post("engineers", { licence_no: "12345", engineer_name: "主任　一郎", registered_on: "2024-03-31" });
  assert.equal(early.status, 400);
  assert.match(early.text, /指定日/);
  assert.equal((await post("engineers", { licence_no: "第１２３４５号", engineer_name: "主任　一郎",
                                          registered_on: "2024-04-01" })).status, 303);
  const again = await post("engineers", { licence_no: "12345", engineer_name: "別人", registered_on: "2024-05-01" });
  assert.equal(again.status, 409);
  assert.equal((await post("engineers", { licence_no: "67890", engineer_name: "主任　二郎",
                                          registered_on: "2025-01-01" })).status, 303);
  assert.match(textOf((await koji.get(`/works/contractors/${id}`)).text), /指定工事事業者として申込を受け付けられます/);
  assert.doesNotMatch(sql(`SELECT name_enc FROM works_engineers WHERE contractor_id = ${id}`), /主任/);
  const first = sql(`SELECT id FROM works_engineers WHERE contractor_id = ${id} AND licence_no = '12345'`);
  const second = sql(`SELECT id FROM works_engineers WHERE contractor_id = ${id} AND licence_no = '67890'`);
  assert.equal((await post("engineers/remove", { engineer: first, removed_on: "2024-12-01" })).status, 303);
  // 2024-12-01 .. 2024-12-31: nobody registered
  assert.match(await standingOn(id, "2024-11-30"), /受け付けられます/);
  assert.match(await standingOn(id, "2024-12-15"), /受け付けられません。主任技術者が登録されていません/);
  assert.match(await standingOn(id, "2025-01-01"), /受け付けられます/);
  assert.match(await standingOn(id, "2024-03-31"), /指定日（令和6年4月1日）より前です/);
  assert.match(await standingOn(id, "2029-04-01"), /指定の有効期限（令和11年3月31日）を過ぎています/);
  const twice = await post("engineers/remove", { engineer: first, removed_on: "2024-12-02" });
  assert.equal(twice.status, 409);
  assert.ok(second);
  assert.deepEqual(events(id), ["designated", "engineer_added", "engineer_added", "engineer_removed"]);
});

test(`[${engine}] an edit is one event with what changed; the representative's name never in it`, async () => {
  const form = await koji.get(`/works/contractors/${id}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.text, /value="試験　太郎"/);
  const version = form.text.match(/name="version" value="(\d+)"/)[1];
  const edited = await koji.post(`/works/contractors/${id}/edit`, {
    csrf: koji.csrf, ...FIELDS, phone: "055-212-0778", representative: "試験　花子", designated_on: "2024-05-01",
    valid_until: "", version });
  assert.equal(edited.status, 303);
  const changes = JSON.parse(sql(`SELECT changes FROM works_contractor_events WHERE contractor_id = ${id}`
    + " AND kind = 'edited'"));
  // a corrected 指定日 moves the computed expiry with it
  assert.deepEqual(changes, { phone: { from: "055-212-0777", to: "055-212-0778" }, representative: { changed: true },
                              designated_on: { from: "2024-04-01", to: "2024-05-01" },
                              valid_until: { from: "2029-03-31", to: "2029-04-30" } });
  const page = textOf((await koji.get(`/works/contractors/${id}`)).text);
  assert.match(page, /電話番号 055-212-0777 → 055-212-0778、代表者氏名（変更）/);
  assert.match(page, /代表者氏名 試験　花子/);
  const same = await koji.post(`/works/contractors/${id}/edit`, { csrf: koji.csrf, ...FIELDS, phone: "055-212-0778",
                                                                 representative: "試験　花子", designated_on: "2024-05-01" });
  assert.equal(same.status, 400);
  assert.match(same.text, /変更された項目がありません/);
  // a second clerk's form, shown before that edit, is refused: nothing is overwritten
  const stale = await koji.post(`/works/contractors/${id}/edit`, {
    csrf: koji.csrf, ...FIELDS, phone: "055-212-9999", designated_on: "2024-05-01", version });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /他の職員が先に変更しました/);
  assert.match(stale.text, /value="055-212-9999"/);   // what was typed is kept
  assert.equal(sql(`SELECT phone FROM works_contractors WHERE id = ${id}`), "055-212-0778");
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'works.contractor.edited'`), "1");
});

test(`[${engine}] suspension and reinstatement after a confirmation step; the standing by date`, async () => {
  const fields = { suspend_from: day(-5), suspend_until: day(30), suspend_reason: "施行不良（桜町一丁目）" };
  const confirm = await koji.post(`/works/contractors/${id}/suspend`, { csrf: koji.csrf, ...fields });
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /id="wc-confirm-form"/);
  assert.match(confirm.text, /name="suspend_reason" value="施行不良（桜町一丁目）"/);
  assert.equal(sql(`SELECT status FROM works_contractors WHERE id = ${id}`), "active");   // nothing done yet
  const noReason = await koji.post(`/works/contractors/${id}/suspend`,
                                   { csrf: koji.csrf, ...fields, suspend_reason: "", confirm: "1" });
  assert.equal(noReason.status, 400);
  const long = await koji.post(`/works/contractors/${id}/suspend`,
                               { csrf: koji.csrf, ...fields, suspend_until: day(200), confirm: "1" });
  assert.equal(long.status, 400);
  assert.match(long.text, /6か月以内/);
  assert.match(long.text, /id="f-suspend_until"[^>]*aria-invalid="true"/);
  const open = await koji.post(`/works/contractors/${id}/suspend`,
                               { csrf: koji.csrf, ...fields, suspend_until: "", confirm: "1" });
  assert.equal(open.status, 400);
  assert.match(noReason.text, /id="f-suspend_reason"[^>]*aria-invalid="true"/);
  assert.match(noReason.text, /value="[^"]*" aria-invalid|理由/);
  const done = await koji.post(`/works/contractors/${id}/suspend`, { csrf: koji.csrf, ...fields, confirm: "1" });
  assert.equal(done.status, 303);
  assert.equal(sql(`SELECT status FROM works_contractors WHERE id = ${id}`), "suspended");
  assert.match(await standingOn(id, day(0)), /受け付けられません。令和\d+年\d+月\d+日から令和\d+年\d+月\d+日まで指定停止中です/);
  assert.match(await standingOn(id, day(-6)), /受け付けられます/);
  // the reason is sealed at rest and shown on the page
  assert.doesNotMatch(sql(`SELECT reason_enc FROM works_contractor_events WHERE contractor_id = ${id}`
    + " AND kind = 'suspended'"), /施行不良/);
  assert.match(textOf((await koji.get(`/works/contractors/${id}`)).text), /指定停止 .*施行不良（桜町一丁目）/);
  const twice = await koji.post(`/works/contractors/${id}/suspend`, { csrf: koji.csrf, ...fields, confirm: "1" });
  assert.equal(twice.status, 409);
  const lift = { reinstate_on: day(1), reinstate_reason: "改善報告の受理" };
  assert.equal((await koji.post(`/works/contractors/${id}/reinstate`, { csrf: koji.csrf, ...lift })).status, 200);
  assert.equal((await koji.post(`/works/contractors/${id}/reinstate`,
                                { csrf: koji.csrf, ...lift, confirm: "1" })).status, 303);
  assert.equal(sql(`SELECT status || '|' || suspended_until FROM works_contractors WHERE id = ${id}`), `active|${day(0)}`);
  assert.match(await standingOn(id, day(0)), /指定停止中です/);   // the last day of the suspension
  assert.match(await standingOn(id, day(1)), /受け付けられます/);
  const list = await clerk.get("/works/contractors?state=suspended");
  assert.doesNotMatch(list.text, new RegExp(`id="wc-${id}"`));
});

test(`[${engine}] renewal moves the expiry five years on, once`, async () => {
  const early = await koji.post(`/works/contractors/${id}/renew`, { csrf: koji.csrf, renew_on: "2026-01-01" });
  // the expiry 2029-04-30 is more than a year after 2026-01-01
  assert.equal(early.status, 400);
  assert.match(early.text, /1年前から/);
  assert.match(early.text, /id="f-renew_on"[^>]*aria-invalid="true"/);
  sql(`UPDATE works_contractors SET valid_until = '${day(20)}' WHERE id = ${id}`);   // as if the years had passed
  assert.equal((await koji.post(`/works/contractors/${id}/renew`, { csrf: koji.csrf, renew_on: day(0) })).status, 303);
  assert.equal(sql(`SELECT valid_until FROM works_contractors WHERE id = ${id}`), addYears(day(20), 5));
  const again = await koji.post(`/works/contractors/${id}/renew`, { csrf: koji.csrf, renew_on: day(0) });
  assert.equal(again.status, 400);
  const ev = sql(`SELECT from_on || '|' || until_on FROM works_contractor_events WHERE contractor_id = ${id}`
    + " AND kind = 'renewed'");
  assert.equal(ev, `${day(21)}|${addYears(day(20), 5)}`);
});

test(`[${engine}] revocation after a confirmation step ends the designation for good`, async () => {
  const form = { revoke_on: day(0), revoke_reason: "欠格条項への該当" };
  assert.equal((await koji.post(`/works/contractors/${id}/revoke`, { csrf: koji.csrf, ...form })).status, 200);
  assert.equal(sql(`SELECT status FROM works_contractors WHERE id = ${id}`), "active");
  const future = await koji.post(`/works/contractors/${id}/revoke`,
                                 { csrf: koji.csrf, ...form, revoke_on: day(3), confirm: "1" });
  assert.equal(future.status, 400);
  assert.match(future.text, /id="f-revoke_on"[^>]*aria-invalid="true"/);
  assert.equal((await koji.post(`/works/contractors/${id}/revoke`, { csrf: koji.csrf, ...form, confirm: "1" })).status, 303);
  assert.match(await standingOn(id, day(0)), /令和\d+年\d+月\d+日に指定を取り消されています/);
  assert.match(await standingOn(id, day(-6)), /受け付けられます/);   // before the suspension
  const edit = await koji.post(`/works/contractors/${id}/edit`, { csrf: koji.csrf, ...FIELDS, phone: "055-212-0779" });
  assert.equal(edit.status, 409);
  const page = await koji.get(`/works/contractors/${id}`);
  assert.doesNotMatch(page.text, /id="wc-revoke-form"/);   // no acts on a revoked contractor
  assert.deepEqual(events(id), ["designated", "engineer_added", "engineer_added", "engineer_removed", "edited",
                                "suspended", "reinstated", "renewed", "revoked"]);
  // the history on the page, newest first
  const kinds = [...page.text.matchAll(/<tr id="wc-event-\d+" data-kind="([a-z_]+)"/g)].map((m) => m[1]);
  assert.deepEqual(kinds, [...events(id)].reverse());
  for (const action of ["designated", "engineer_added", "engineer_removed", "edited", "suspended", "reinstated",
                        "renewed", "revoked"])
    assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'works.contractor.${action}'`)) >= 1, action);
});

test(`[${engine}] roles without the permission get 403; a clerk reads but cannot change`, async () => {
  const viewer = await as("etsuran");
  for (const path of ["/works/contractors", "/works/contractors.csv", "/works/contractors.xlsx", `/works/contractors/${id}`])
    assert.equal((await viewer.get(path)).status, 403, path);
  assert.equal((await clerk.get(`/works/contractors/${id}`)).status, 200);
  assert.doesNotMatch((await clerk.get("/works/contractors")).text, /id="wc-new"/);
  assert.equal((await clerk.get("/works/contractors/new")).status, 403);
  const other = sql("SELECT id FROM works_contractors WHERE designation_no = '0001'");
  for (const path of ["suspend", "revoke", "renew", "engineers", "edit"])
    assert.equal((await clerk.post(`/works/contractors/${other}/${path}`, { csrf: clerk.csrf, confirm: "1" })).status,
                 403, path);
  assert.equal((await clerk.post("/works/contractors/new", { csrf: clerk.csrf, ...FIELDS })).status, 403);
  assert.equal(sql(`SELECT status FROM works_contractors WHERE id = ${other}`), "active");
});

test(`[${engine}] CSV (UTF-8 with BOM, Shift_JIS) and Excel carry every row of the search`, async () => {
  const bin = async (c, path) => {
    const res = await fetch(srv.base + path, { headers: { Cookie: c.cookieHeader() } });
    return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
  };
  const utf8 = await bin(clerk, "/works/contractors.csv?encoding=utf8bom");
  assert.equal(utf8.status, 200);
  const text = utf8.body.toString("utf8");
  assert.ok(text.startsWith("\ufeff指定番号,商号,フリガナ,所在地,電話番号,指定日,有効期限,期限までの日数,状態,"));
  const lines = text.trim().split(/\r?\n/);
  assert.equal(lines.length, 1 + 6);
  const mine = lines.find((l) => l.startsWith("0777,株式会社テスト水道設備,テストスイドウセツビ,"));
  assert.ok(mine.includes(`,指定取消,${day(0)},`), mine);   // the state and the day revoked
  assert.ok(mine.endsWith(`,1,${day(0)}`), mine);            // one engineer registered today (the other removed)
  assert.ok(!text.includes("試験"), "no representative in the list");
  const sj = await bin(clerk, "/works/contractors.csv?encoding=cp932&q=%E3%83%86%E3%82%B9%E3%83%88");   // q=テスト
  assert.match(sj.type, /Shift_JIS/);
  const sjLines = new TextDecoder("shift_jis").decode(sj.body).trim().split(/\r?\n/);
  assert.equal(sjLines.length, 2);
  assert.match(sjLines[1], /^0777,株式会社テスト水道設備/);
  const latin = await clerk.get("/works/contractors.csv?encoding=latin1");
  assert.equal(latin.status, 400);
  assert.match(latin.text, /文字コード/);
  const bad = await clerk.get("/works/contractors?due_days=-3");
  assert.equal(bad.status, 400);
  assert.match(bad.text, /id="f-due_days" name="due_days" value="-3" aria-invalid="true"/);
  const x = await bin(clerk, "/works/contractors.xlsx?state=active");
  assert.equal(x.status, 200);
  assert.equal(x.body.subarray(0, 2).toString(), "PK");
  const path = join(ctx.dir, "contractors.xlsx");
  writeFileSync(path, x.body);
  const cells = xlsxCells(path);
  assert.equal(cells.A1, "指定給水装置工事事業者一覧");
  assert.equal(cells.A5, "指定番号");
  assert.equal(cells.I5, "状態");
  const active = sql("SELECT designation_no FROM works_contractors WHERE status = 'active' ORDER BY designation_no")
    .split("\n");
  const rows = [];
  for (let r = 6; cells[`A${r}`] !== undefined; r++) rows.push([cells[`A${r}`], cells[`I${r}`], cells[`H${r}`]]);
  assert.deepEqual(rows.map((r) => r[0]), active);   // the revoked test contractor is not in an active-only export
  assert.ok(rows.every((r) => r[1] === "有効" && typeof r[2] === "number"));
  assert.equal(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'works.contractor.export'"), "3");
});

test(`[${engine}] key rotation re-seals the representatives, the engineers' names and the reasons`, async () => {
  const r = suido(ctx, ["key", "rotate"]);
  assert.equal(r.code, 0, r.stderr);
  const sealed = sql("SELECT representative_enc FROM works_contractors UNION ALL SELECT name_enc FROM works_engineers"
    + " UNION ALL SELECT reason_enc FROM works_contractor_events WHERE reason_enc <> ''").split("\n");
  assert.ok(sealed.length > 10);
  assert.ok(sealed.every((v) => v.split(":")[0] === "k2"), "every value under the new key");
  // the server that served every test so far stops cleanly (under ASan: no leak, no error)
  const first = srv;
  assert.equal(await stopServer(first), 0, first.log().slice(-4000));
  srv = await startServer(ctx);
  koji = await as("koji");
  const page = textOf((await koji.get(`/works/contractors/${id}`)).text);
  assert.match(page, /代表者氏名 試験　花子/);
  assert.match(page, /主任　二郎/);
  assert.match(page, /欠格条項への該当/);
  assert.equal(suido(ctx, ["audit", "verify"]).code, 0);
});
