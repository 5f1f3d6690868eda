// Automatic operation (issue 19, items 3 and 6) against the real binary and a real database
// (SQLite, or PostgreSQL when SUIDO_TEST_DB is set): `suido job run` records an ok, a failed and a
// killed run in job_runs; a failure is mailed through a fake sendmail (SUIDO_SENDMAIL), and through a real msmtp to an SMTP server on loopback; with
// no MTA the run says so; the 運用 screen shows the jobs (失敗, 中断, the backup's age in red) and is
// refused to a non-admin; /metrics is Prometheus text (every line a comment or a sample), its
// request counter grows by route pattern, it carries no tap number or name, and it answers only
// loopback and the addresses of [metrics] allow.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { BIN, Client, addUser, makeEnv, sql as sqlOn, startServer, stopServer, suido } from "./lib.mjs";

const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx, srv, mailLog, fakeSendmail;
const sql = (text) => sqlOn(ctx, text);

before(async () => {
  ctx = makeEnv();
  const d = suido(ctx, ["demo", "--taps", "30", "--years", "1", "--seed", "5"]);
  assert.equal(d.code, 0, d.stderr);
  addUser(ctx, "ops", "admin");
  addUser(ctx, "clerk", "clerk");
  mailLog = join(ctx.dir, "mail.txt");
  fakeSendmail = join(ctx.dir, "sendmail");
  // a stand-in for /usr/sbin/sendmail -t -oi: keeps its arguments and the message
  writeFileSync(fakeSendmail, `#!/bin/sh\necho "ARGS: $*" >> ${mailLog}\ncat >> ${mailLog}\n`);
  chmodSync(fakeSendmail, 0o755);
  srv = await startServer(ctx);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

function job(args, env = {}) {
  return suido({ ...ctx, env: { ...ctx.env, SUIDO_ALERT_MAIL_TO: "ops@example.lg.jp", SUIDO_SENDMAIL: fakeSendmail, ...env } },
    ["job", "run", ...args]);
}
const runs = (name) => sql(`SELECT COALESCE(result, ''), COALESCE(exit_code, -999), alert FROM job_runs WHERE job = '${name}' ORDER BY id`)
  .split("\n").filter(Boolean).map((l) => l.split("|"));

test(`${engine}: an ok run is recorded with its duration and output, and sends no mail`, () => {
  const r = job(["backup-check", "--", "audit", "verify"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(runs("backup-check"), [["ok", "0", ""]]);
  const [dur, summary] = sql("SELECT duration_ms, summary FROM job_runs WHERE job = 'backup-check'").split("|");
  assert.ok(Number(dur) >= 0);
  assert.match(summary, /audit chain OK/);
  assert.ok(!existsSync(mailLog), "no mail for a good run");
});

test(`${engine}: a failed run keeps the command's exit code, is mailed, and the runner fails too`, () => {
  const r = job(["billing", "--", "bill", "run", "--cycle", "2026-13"]);
  assert.equal(r.code, 2, "the command's own exit code");
  assert.deepEqual(runs("billing"), [["failed", "2", "sent"]]);
  const mail = readFileSync(mailLog, "utf8");
  assert.match(mail, /^ARGS: -t -oi$/m);
  assert.match(mail, /^To: ops@example\.lg\.jp$/m);
  assert.match(mail, /^Subject: \[suido\] FAILED: billing on /m);
  assert.match(mail, /定時処理「調定処理」（billing）が失敗しました/);
  assert.match(mail, /検針周期は YYYY-MM/, "the end of the output is in the mail");
  // --ok-codes: an exit code the job counts as success
  const ok = job(["pledges", "--ok-codes", "0,2", "--", "bill", "run", "--cycle", "2026-13"]);
  assert.equal(ok.code, 2);
  assert.deepEqual(runs("pledges"), [["ok", "2", ""]]);
});

/** A minimal SMTP server on loopback (port 0) that keeps each message it is given. */
function smtpSink() {
  const got = [];
  const server = createServer((sock) => {
    let buf = "", data = false, msg = "";
    sock.write("220 sink ESMTP\r\n");
    sock.on("data", (d) => {
      buf += d.toString("latin1");
      let i;
      while ((i = buf.indexOf("\r\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data) {
          if (line === ".") { data = false; got.push(Buffer.from(msg, "latin1").toString("utf8")); msg = ""; sock.write("250 queued\r\n"); }
          else msg += (line.startsWith("..") ? line.slice(1) : line) + "\n";
        } else if (/^EHLO/i.test(line)) sock.write("250-sink\r\n250 8BITMIME\r\n");
        else if (/^DATA/i.test(line)) { data = true; sock.write("354 go on\r\n"); }
        else if (/^QUIT/i.test(line)) { sock.write("221 bye\r\n"); sock.end(); }
        else sock.write("250 ok\r\n");
      }
    });
  });
  return new Promise((res) => server.listen(0, "127.0.0.1", () => res({ server, got, port: server.address().port })));
}

test(`${engine}: a failure mailed through msmtp (not set-group-id: it works under NoNewPrivileges) to an SMTP server`,
  { skip: !existsSync("/usr/bin/msmtp") && "msmtp not installed (Debian: msmtp, or msmtp-mta for /usr/sbin/sendmail)" }, async () => {
  assert.equal(statSync("/usr/bin/msmtp").mode & 0o6000, 0, "msmtp is neither set-user-id nor set-group-id");
  const sink = await smtpSink();
  try {
    // msmtp as the unit would run it: its configuration in the suido user's home (here a test dir)
    const home = join(ctx.dir, "msmtp-home");
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, ".msmtprc"), `account default\nhost 127.0.0.1\nport ${sink.port}\nfrom suido@example.lg.jp\n` +
      "auth off\ntls off\n", { mode: 0o600 });
    const env = { ...ctx.env, HOME: home, SUIDO_ALERT_MAIL_TO: "ops@example.lg.jp", SUIDO_SENDMAIL: "/usr/bin/msmtp" };
    // not suido() (spawnSync): the sink answers from this process's event loop
    const p = spawn(BIN, ["job", "run", "dunning", "--", "bill", "run", "--cycle", "2026-13"], { env, stdio: "ignore" });
    const code = await new Promise((res) => p.on("close", res));
    assert.equal(code, 2);
    assert.deepEqual(runs("dunning"), [["failed", "2", "sent"]]);
    assert.equal(sink.got.length, 1, "one mail received over SMTP");
    assert.match(sink.got[0], /^To: ops@example\.lg\.jp$/m);
    assert.match(sink.got[0], /^Subject: \[suido\] FAILED: dunning on /m);
  } finally { sink.server.close(); }
});

test(`${engine}: without an MTA or an address the failure is logged and marked for the screen`, () => {
  const r = job(["debit", "--", "debit", "export"], { SUIDO_SENDMAIL: join(ctx.dir, "no-such-sendmail") });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no MTA/);
  const r2 = job(["debit", "--", "debit", "export"], { SUIDO_ALERT_MAIL_TO: "" });
  assert.match(r2.stderr, /mail_to is not set/);
  assert.deepEqual(runs("debit").map((x) => x[2]), ["no-mta", "no-address"]);
});

test(`${engine}: date words are filled in, bad ones refused before anything runs`, () => {
  const bad = job(["dunning-yokoku", "--", "arrears", "dunning", "--as-of", "@tomorrow"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /@today/);
  assert.equal(runs("dunning-yokoku").length, 0);
  const r = job(["dunning-saikoku", "--", "arrears", "dunning", "--step", "saikoku", "--as-of", "@today", "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(runs("dunning-saikoku"), [["ok", "0", ""]]);
  // the 日計表 of the day before, as the suido-daily timer asks for it
  const d = job(["daily", "--", "payment", "daily", "--date", "@today-1"]);
  assert.equal(d.code, 0, d.stderr);
  assert.deepEqual(runs("daily"), [["ok", "0", ""]]);
});

/** Start `suido job run NAME -- serve` (a command that runs until stopped) in its own process group. */
async function longJob(name) {
  const p = spawn(BIN, ["job", "run", name, "--", "serve", "--listen", "127.0.0.1:0"], { env: ctx.env, detached: true });
  let log = "";
  p.stderr.on("data", (d) => { log += d; });
  await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`no start: ${log}`)), 20000);
    p.stderr.on("data", () => { if (log.includes("listening on")) { clearTimeout(t); res(); } });
  });
  return p;
}

test(`${engine}: a runner killed outright leaves 中断; SIGTERM is passed on and recorded as interrupted`, async () => {
  const k = await longJob("dunning-tokusoku");
  assert.deepEqual(runs("dunning-tokusoku"), [["", "-999", ""]], "recorded before the command started");
  const gone = new Promise((res) => k.on("exit", res));
  process.kill(-k.pid, "SIGKILL");   // the runner and the command, as a power loss would
  await gone;
  const t = await longJob("backup-prune");
  const code = await new Promise((res) => { t.on("exit", (c) => res(c)); t.kill("SIGTERM"); });
  assert.notEqual(code, 0, "an interrupted run does not exit 0");
  assert.deepEqual(runs("backup-prune"), [["interrupted", "0", "no-address"]], "no [alerts] mail_to here: marked for the screen");
});

test(`${engine}: the 運用 screen shows each job's last run and the backup's age; only for admins`, async () => {
  const c = new Client(srv.base);
  await c.login("ops");
  const r = await c.get("/admin/operations");
  assert.equal(r.status, 200);
  const row = (job) => (r.text.match(new RegExp(`<tr[^>]*data-job="${job}"[^>]*>[\\s\\S]*?</tr>`)) || [""])[0];
  assert.match(row("billing"), /class="failed"/);
  assert.match(row("billing"), /state state-failed">失敗</);
  assert.match(row("billing"), /メール送信済み/);
  assert.match(row("dunning-tokusoku"), /state state-interrupted">中断</, "the killed run");
  assert.match(row("backup-prune"), /中断/);
  assert.match(row("backup-check"), /state state-ok">正常</);
  assert.match(row("debit"), /MTA なし|mail_to 未設定/);
  assert.match(row("backup"), /まだ実行されていません/);
  assert.match(r.text, /<dd class="alert">記録がありません<\/dd>/, "no good backup yet: red");
  // a good backup run an hour ago, then one two days ago
  const now = Math.floor(Date.now() / 1000);
  sql(`INSERT INTO job_runs (job, started_at, finished_at, duration_ms, result, exit_code, summary, host, pid) VALUES ('backup', ${now - 3700}, ${now - 3600}, 100000, 'ok', 0, 'snapshot 1', 'h', 1)`);
  let page = (await c.get("/admin/operations")).text;
  assert.match(page, /<dd>[^<]*（1時間00分前）<\/dd>/);
  sql(`UPDATE job_runs SET finished_at = ${now - 2 * 86400} WHERE job = 'backup'`);
  page = (await c.get("/admin/operations")).text;
  assert.match(page, /<dd class="alert">[^<]*1日以上経過しています<\/dd>/);
  const clerk = new Client(srv.base);
  await clerk.login("clerk");
  assert.equal((await clerk.get("/admin/operations")).status, 403);
  const r2 = suido(ctx, ["job", "list"]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.match(r2.stdout, /^billing\s+failed/m);
  assert.match(r2.stdout, /^dunning-tokusoku\s+interrupted/m);
});

/** Every line of a Prometheus text exposition: "# HELP", "# TYPE" or a sample with a number. */
function parseMetrics(text) {
  const samples = new Map();
  const types = new Map();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    let m;
    if ((m = line.match(/^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$/))) continue;
    if ((m = line.match(/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/))) {
      types.set(m[1], m[2]);
      continue;
    }
    m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.]+(?:e[+-]?[0-9]+)?|\+Inf|NaN)$/);
    assert.ok(m, `not a Prometheus line: ${line}`);
    samples.set(m[1] + (m[2] || ""), Number(m[3]));
    const family = m[1].replace(/_(bucket|sum|count)$/, "");
    assert.ok(types.has(m[1]) || types.has(family), `sample before its TYPE: ${line}`);
  }
  return samples;
}

test(`${engine}: the 管理 screens share one sub-navigation: each link shown to the roles that may follow it, the current one marked`, async () => {
  addUser(ctx, "kansa-n", "auditor");
  addUser(ctx, "chief-n", "chief");
  const links = (html) => {
    const nav = html.match(/<nav class="subnav" aria-label="管理のメニュー">([\s\S]*?)<\/nav>/);
    assert.ok(nav, "the 管理 sub-navigation");
    return [...nav[1].matchAll(/<a href="([^"]+)"( aria-current="page")?>/g)].map((m) => m[1] + (m[2] ? "*" : ""));
  };
  const as = async (user) => { const c = new Client(srv.base); await c.login(user); return c; };
  const admin = await as("ops");
  const all = ["/admin/users", "/admin/devices", "/admin/operations", "/admin/migration", "/approvals"];
  for (const here of all) {
    const r = await admin.get(here);
    assert.equal(r.status, 200, here);
    assert.deepEqual(links(r.text), all.map((h) => (h === here ? h + "*" : h)), here);
  }
  // a 係長 approves, an auditor reads the log: each sees only their own screens
  assert.deepEqual(links((await (await as("chief-n")).get("/approvals")).text), ["/approvals*"]);
  assert.deepEqual(links((await (await as("kansa-n")).get("/audit")).text), ["/audit*"]);
});

test(`${engine}: /metrics is Prometheus text by route pattern, with job and backup figures and no personal data`, async () => {
  const c = new Client(srv.base);
  await c.login("ops");
  const tap = sql("SELECT tap_no FROM taps ORDER BY id LIMIT 1");
  const key = 'suido_http_requests_total{method="GET",route="/karte/{no}",code="2xx"}';
  const before = parseMetrics(await (await fetch(srv.base + "/metrics")).text()).get(key) || 0;
  for (let i = 0; i < 3; i++) assert.equal((await c.get(`/karte/${tap}`)).status, 200);
  // A request is counted when libmicrohttpd reports it completed, which may come just after its
  // client has the answer: ask again for a few seconds until the third is in.
  let res, text, m;
  for (const t0 = Date.now(); ;) {
    res = await fetch(srv.base + "/metrics");
    assert.equal(res.status, 200);
    text = await res.text();
    m = parseMetrics(text);
    if ((m.get(key) || 0) >= before + 3 || Date.now() - t0 > 5000) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.match(res.headers.get("content-type"), /^text\/plain; version=0\.0\.4/);
  assert.equal(m.get(key), before + 3, "three more answers of the karte");
  const count = m.get('suido_http_request_duration_seconds_count{method="GET",route="/karte/{no}"}');
  assert.equal(m.get('suido_http_request_duration_seconds_bucket{method="GET",route="/karte/{no}",le="+Inf"}'), count);
  assert.ok(m.get('suido_http_responses_total{code="2xx"}') >= 3);
  assert.ok(m.has("suido_db_errors_total"));
  assert.ok(m.has("suido_audit_queue_length"));
  // the server's memory: all of it, its own part (what to alert on) and the mapped files' pages
  // (the database file's among them), the parts within the whole
  const rss = m.get("process_resident_memory_bytes"), own = m.get("suido_process_own_memory_bytes");
  const file = m.get("suido_process_file_memory_bytes");
  assert.ok(own > 1 << 20 && file > 1 << 20, `own ${own}, file ${file}`);
  assert.ok(own + file <= rss, `own ${own} + file ${file} within resident ${rss}`);
  assert.equal(m.get('suido_job_last_result{job="billing",result="failed"}'), 1);
  assert.equal(m.get('suido_job_last_result{job="billing",result="ok"}'), 0);
  assert.equal(m.get('suido_job_last_result{job="dunning-tokusoku",result="interrupted"}'), 1);
  assert.ok(m.get('suido_job_last_duration_seconds{job="backup-check"}') >= 0);
  assert.ok(m.get("suido_backup_age_seconds") >= 2 * 86400 - 5);
  assert.ok(!text.includes(tap), "no tap number (route patterns only)");
  for (const name of sql("SELECT username FROM users").split("\n")) assert.ok(!text.includes(`"${name}"`), "no user names");
});

/** A non-loopback address of this machine, or null. */
function outsideAddress() {
  for (const a of Object.values(networkInterfaces()).flat())
    if (a && !a.internal && a.family === "IPv4") return a.address;
  return null;
}

async function serveAll(env) {
  const p = spawn(BIN, ["serve", "--listen", "0.0.0.0:0", "--insecure-http"], { env: { ...ctx.env, ...env } });
  let log = "";
  p.stderr.on("data", (d) => { log += d; });
  await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(log)), 20000);
    p.stderr.on("data", () => { if (/listening on http:\/\/\S+:(\d+)/.test(log)) { clearTimeout(t); res(); } });
  });
  return { proc: p, port: Number(log.match(/listening on http:\/\/\S+:(\d+)/)[1]), stopping: true };
}

test(`${engine}: /metrics answers another address only when [metrics] allow names it`, async (t) => {
  const addr = outsideAddress();
  if (!addr) return t.skip("this machine has no address but loopback");
  let s = await serveAll({});
  try {
    const r = await fetch(`http://${addr}:${s.port}/metrics`);
    assert.equal(r.status, 403);
    assert.match(await r.text(), /\[metrics\] allow/);
    assert.equal((await fetch(`http://127.0.0.1:${s.port}/metrics`)).status, 200, "loopback always");
  } finally { await stopServer(s); }
  s = await serveAll({ SUIDO_METRICS_ALLOW: `${addr.replace(/\.\d+$/, ".0")}/24` });
  try {
    assert.equal((await fetch(`http://${addr}:${s.port}/metrics`)).status, 200);
  } finally { await stopServer(s); }
});

test(`${engine}: a malformed [metrics] allow stops the server at start, naming the setting`, () => {
  const r = suido({ ...ctx, env: { ...ctx.env, SUIDO_METRICS_ALLOW: "10.1.2.0/24, metrics.example" } },
    ["serve", "--listen", "127.0.0.1:0"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\[metrics\] allow/);
});
