// The WAF in front of the real portal: `suido portal` on loopback, then
// scripts/waf.sh starts nginx with ModSecurity and the OWASP CRS (the
// deploy/ files unchanged) before it.  An SQL-injection POST is refused by
// the WAF with 403 and stores nothing, while a valid application passes
// through it (200 with a receipt number) and the portal sees the client's
// address from X-Real-IP.  The WAF limits POSTs to 5/s, burst 20, per
// address: this test posts a handful.  Skipped only when nginx is absent.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { ROOT, makeEnv, sql, startPortal, stopServer, suido } from "./lib.mjs";

const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));
const engine = process.env.SUIDO_TEST_DB ? "PostgreSQL" : "SQLite";
let ctx, portal, waf, ca;
const cookies = new Map();

const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
function day(n) {
  const t = new Date(`${jstToday()}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** One HTTPS exchange through the WAF, keeping cookies like a browser. */
function https(method, path, form) {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  const headers = {};
  if (cookies.size) headers.Cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  if (body) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers["Content-Length"] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = request(`${waf}${path}`, { method, headers, ca }, (res) => {
      for (const c of res.headers["set-cookie"] || []) {
        const [pair] = c.split(";");
        const i = pair.indexOf("=");
        cookies.set(pair.slice(0, i), pair.slice(i + 1));
      }
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => { text += d; });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}
const csrfOf = (html) => (html.match(/name="csrf" value="([0-9a-f]{64})"/) || [])[1];
const count = () => Number(sql(ctx, "SELECT COUNT(*) FROM applications"));

before(async () => {
  if (!NGINX) return;
  ctx = makeEnv();
  assert.equal(suido(ctx, ["migrate"]).code, 0);
  assert.equal(suido(ctx, ["portal", "keys"]).code, 0);
  writeFileSync(`${ctx.dir}/portal.ini`, `[portal]\npublic_key_file = ${ctx.dir}/portal.pub\n`);
  portal = await startPortal(ctx, { SUIDO_CONFIG: `${ctx.dir}/portal.ini` });
  // Port 0: waf.sh picks one, and another when nginx finds it taken (nginx cannot bind 0).
  const r = spawnSync(`${ROOT}/scripts/waf.sh`, ["start", `${ctx.dir}/waf`, String(portal.port), "0"],
    { encoding: "utf8", timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  waf = r.stdout.trim();
  ca = readFileSync(`${ctx.dir}/waf/tls/cert.pem`);
});

after(async () => {
  if (!ctx) return;
  spawnSync(`${ROOT}/scripts/waf.sh`, ["stop", `${ctx.dir}/waf`], { encoding: "utf8" });
  if (portal) await stopServer(portal);
  ctx.cleanup();
});

test(`${engine}: through the WAF an SQL injection is refused (403) and a valid application passes`, async (t) => {
  if (!NGINX) return t.skip("nginx not installed");
  const before = count();
  const form = await https("GET", "/apply/start");
  assert.equal(form.status, 200, form.text);
  assert.match(form.headers["strict-transport-security"], /max-age=/);
  const fields = {
    csrf: csrfOf(form.text), address: "山峡市中央一丁目2番3号（みどりハイツ101）", name: "山田 花子", kana: "ヤマダ　ハナコ",
    phone: "090-1234-5678", start_on: day(20), note: "鍵は管理人室で受け取ります。",
  };
  // the injection: refused by the WAF before the portal sees it
  const evil = await https("POST", "/apply/start", { ...fields, name: "' UNION SELECT receipt_no, secret_hash FROM applications--" });
  assert.equal(evil.status, 403);
  assert.doesNotMatch(evil.text, /受付窓口/);   // nginx's page, not the portal's
  const q = await https("GET", "/status?no=1'%20OR%20'1'='1");
  assert.equal(q.status, 403);
  assert.equal(count(), before, "nothing stored");
  assert.match(readFileSync(`${ctx.dir}/waf/logs/modsec-audit.json`, "utf8"), /942\d{3}/);   // a CRS SQLi rule matched

  // the real application, Japanese text and all, passes
  const ok = await https("POST", "/apply/start", fields);
  assert.equal(ok.status, 200, ok.text);
  const no = ok.text.match(/id="receipt-no">(\d{4}-\d{4}-\d{4})</);
  assert.ok(no, ok.text);
  assert.equal(count(), before + 1);
  // the portal logged the request under the WAF's request id
  const rid = ok.headers["x-request-id"];
  assert.match(portal.log(), new RegExp(`rid=${rid} POST /apply/start 200`));
});

test("waf.sh with port 0: when the port it tries is taken, nginx is started on another", async (t) => {
  if (!NGINX) return t.skip("nginx is not installed");
  // Take a port (the kernel's choice), and make it the first one waf.sh tries.
  const holder = createServer();
  await new Promise((res) => holder.listen(0, "127.0.0.1", res));
  const taken = holder.address().port;
  const dir = `${ctx.dir}/waf-retry`;
  try {
    const r = spawnSync(`${ROOT}/scripts/waf.sh`, ["start", dir, String(portal.port), "0"],
      { encoding: "utf8", timeout: 60000, env: { ...process.env, WAF_FIRST_PORT: String(taken) } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`port ${taken} is in use, trying another`));
    const url = new URL(r.stdout.trim());
    assert.notEqual(Number(url.port), taken);
    assert.equal(readFileSync(`${dir}/ports`, "utf8").trim(), `${portal.port} ${url.port}`);
  } finally {
    spawnSync(`${ROOT}/scripts/waf.sh`, ["stop", dir], { encoding: "utf8" });
    holder.close();
  }
});
