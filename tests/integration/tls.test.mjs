// HTTPS on the staff server (suido serve --tls-cert --tls-key), against the real binary with a
// throwaway CA (tls_ca.mjs): TLS 1.1 is refused, 1.2 and 1.3 are accepted with AEAD suites only;
// every answer carries HSTS and the session cookie is Secure; plain HTTP to the TLS
// port gets no answer; SIGHUP reloads a renewed certificate (a new connection sees its serial)
// and keeps the old one when the new files are bad; a bad or unreadable certificate or key
// refuses to start naming the file; a silent TLS client is closed without a plain-text 408
// inside the TLS stream; plain HTTP on an address other than loopback refuses to
// start unless --insecure-http.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import { join } from "node:path";
import { BIN, PASSWORD, addUser, makeEnv, startServer, stopServer, suido } from "./lib.mjs";
import { makeCA } from "./tls_ca.mjs";

let ctx, srv, ca, first, second, certFile, keyFile;

before(async () => {
  ctx = makeEnv();
  ca = makeCA(ctx.dir);
  first = ca.issue("first", "1001");
  second = ca.issue("second", "2002");
  // The files the server is told about; a renewal overwrites them.
  certFile = join(ctx.dir, "server.pem");
  keyFile = join(ctx.dir, "server.key");
  copyFileSync(first.cert, certFile);
  copyFileSync(first.key, keyFile);
  assert.equal(suido(ctx, ["migrate"]).code, 0);
  addUser(ctx, "admin", "admin");
  srv = await startServer(ctx, ["--tls-cert", certFile, "--tls-key", keyFile]);
});

after(async () => {
  if (srv) await stopServer(srv);
  ctx?.cleanup();
});

/** A TLS handshake with these client options; resolves { protocol, cipher, serial } or rejects. */
function handshake(opts = {}) {
  return new Promise((res, rej) => {
    const s = tls.connect({ host: "127.0.0.1", port: srv.port, ca: ca.ca, servername: "localhost", ...opts }, () => {
      const r = { protocol: s.getProtocol(), cipher: s.getCipher().name, serial: s.getPeerCertificate().serialNumber };
      s.end();
      res(r);
    });
    s.on("error", rej);
  });
}

/** One HTTPS request trusting the test CA (a new connection each time). */
function request(method, path, { body, cookie } = {}) {
  return new Promise((res, rej) => {
    const headers = {};
    if (body) headers["Content-Type"] = "application/x-www-form-urlencoded";
    if (cookie) headers.Cookie = cookie;
    const rq = https.request({ host: "127.0.0.1", port: srv.port, path, method, ca: ca.ca, headers, agent: false },
      (r) => {
        let text = "";
        r.on("data", (d) => { text += d; });
        r.on("end", () => res({ status: r.statusCode, headers: r.headers, text }));
      });
    rq.on("error", rej);
    rq.end(body);
  });
}

/** openssl s_client offering one protocol version only (at a security level that allows 1.1). */
function sClient(version) {
  const r = spawnSync("openssl", ["s_client", "-connect", `127.0.0.1:${srv.port}`, `-${version}`,
    "-cipher", "DEFAULT:@SECLEVEL=0", "-CAfile", ca.caFile], { input: "", encoding: "utf8", timeout: 20000 });
  return r.stdout + r.stderr;
}

test("TLS 1.1 is refused by the server: no certificate, no cipher (the same client gets both with 1.2)", () => {
  const v11 = sClient("tls1_1");
  assert.match(v11, /no peer certificate available/, v11);
  assert.match(v11, /Cipher is \(NONE\)/, v11);
  const v12 = sClient("tls1_2");
  assert.match(v12, /Cipher is ECDHE-ECDSA-(AES\d+-GCM|CHACHA20)/, v12);
  assert.match(v12, /Verify return code: 0 \(ok\)/, v12);
});

test("TLS 1.2 and 1.3 are accepted, with AEAD suites and forward secrecy only", async () => {
  const v12 = await handshake({ minVersion: "TLSv1.2", maxVersion: "TLSv1.2" });
  assert.equal(v12.protocol, "TLSv1.2");
  assert.match(v12.cipher, /^ECDHE-.*(GCM|CHACHA20)/);
  const v13 = await handshake({ minVersion: "TLSv1.3" });
  assert.equal(v13.protocol, "TLSv1.3");
  // A TLS 1.2 client offering only CBC suites finds none in common.
  await assert.rejects(handshake({ maxVersion: "TLSv1.2", ciphers: "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA" }));
});

test("every answer carries HSTS; the session cookie (and any other set) is Secure", async () => {
  const page = await request("GET", "/login");
  assert.equal(page.status, 200);
  assert.equal(page.headers["strict-transport-security"], "max-age=31536000");
  const notFound = await request("GET", "/no-such-page");
  assert.equal(notFound.headers["strict-transport-security"], "max-age=31536000");
  const bad = await request("POST", "/login", { body: `username=admin&password=wrong` });
  for (const c of bad.headers["set-cookie"] ?? []) assert.match(c, /; Secure/, c);
  const ok = await request("POST", "/login", { body: `username=admin&password=${PASSWORD}` });
  assert.equal(ok.status, 303, ok.text);
  assert.equal(ok.headers["strict-transport-security"], "max-age=31536000");
  const sid = (ok.headers["set-cookie"] ?? []).find((c) => c.startsWith("sid="));
  assert.ok(sid, "a session cookie");
  assert.match(sid, /; HttpOnly; SameSite=Strict; Secure/);
  // and the session works over TLS
  const home = await request("GET", "/", { cookie: sid.split(";")[0] });
  assert.equal(home.status, 200);
});

test("plain HTTP to the TLS port gets no HTTP answer", async () => {
  await assert.rejects(new Promise((res, rej) => {
    const rq = http.get({ host: "127.0.0.1", port: srv.port, path: "/login", agent: false }, (r) => res(r.statusCode));
    rq.setTimeout(10000, () => rq.destroy(new Error("timeout")));
    rq.on("error", rej);
  }));
});

/** Send SIGHUP and wait until the log has one more line matching re. */
async function hup(re) {
  const before = (srv.log().match(new RegExp(re, "g")) ?? []).length;
  srv.proc.kill("SIGHUP");
  for (let i = 0; i < 100 && (srv.log().match(new RegExp(re, "g")) ?? []).length === before; i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.ok((srv.log().match(new RegExp(re, "g")) ?? []).length > before, srv.log());
}

test("SIGHUP reloads a renewed certificate; bad files are refused and the old pair stays", async () => {
  assert.equal((await handshake()).serial, "1001");
  copyFileSync(second.cert, certFile);
  copyFileSync(second.key, keyFile);
  await hup("TLS certificate reloaded: serial 2002");
  assert.equal((await handshake()).serial, "2002");
  assert.equal((await request("GET", "/login")).status, 200);
  // A renewal half done (the new certificate, the old key) is not taken.
  copyFileSync(first.cert, certFile);
  await hup("TLS certificate not reloaded");
  assert.match(srv.log(), /not reloaded, the old one stays: tls_key .*server\.key/);
  assert.equal((await handshake()).serial, "2002");
  writeFileSync(certFile, "not a certificate\n");
  await hup("TLS certificate not reloaded");
  assert.equal((await handshake({ minVersion: "TLSv1.3" })).serial, "2002");
});

/** Run `suido serve ARGS` until it listens (then stop it) or exits; { code, log }. */
function serveOnce(args) {
  return new Promise((res) => {
    const p = spawn(BIN, ["serve", ...args], { env: ctx.env });
    let log = "";
    const t = setTimeout(() => p.kill("SIGKILL"), 30000);
    p.stderr.on("data", (d) => {
      log += d;
      if (/listening on/.test(log)) p.kill("SIGTERM");
    });
    p.on("close", (code) => { clearTimeout(t); res({ code, log }); });
  });
}

test("a bad or unreadable certificate or key refuses to start, naming the file", async () => {
  const missing = join(ctx.dir, "missing.pem");
  let r = await serveOnce(["--listen", "127.0.0.1:0", "--tls-cert", missing, "--tls-key", first.key]);
  assert.equal(r.code, 1);
  assert.match(r.log, new RegExp(`証明書ファイル ${missing} を読めません`));
  r = await serveOnce(["--listen", "127.0.0.1:0", "--tls-cert", first.cert, "--tls-key", second.key]);
  assert.equal(r.code, 1);
  assert.match(r.log, /秘密鍵ファイル .*second\.key は証明書の鍵ではありません/);
  r = await serveOnce(["--listen", "127.0.0.1:0", "--tls-cert", first.cert]);
  assert.equal(r.code, 1);
  assert.match(r.log, /証明書 \(--tls-cert\) と秘密鍵 \(--tls-key\) の両方が必要/);
  // the same from the environment (SUIDO_TLS_CERT / SUIDO_TLS_KEY)
  const env = ctx.env;
  ctx.env = { ...env, SUIDO_TLS_CERT: ca.caFile, SUIDO_TLS_KEY: first.key };
  r = await serveOnce(["--listen", "127.0.0.1:0"]);
  assert.equal(r.code, 1);
  assert.match(r.log, /秘密鍵ファイル .*first\.key は証明書の鍵ではありません/);
  // and from the INI file ([server] tls_cert, tls_key): a good pair serves HTTPS
  const ini = join(ctx.dir, "tls.ini");
  writeFileSync(ini, `[server]\ntls_cert = ${first.cert}\ntls_key = ${first.key}\n`);
  ctx.env = { ...env, SUIDO_CONFIG: ini };
  r = await serveOnce(["--listen", "127.0.0.1:0"]);
  ctx.env = env;
  assert.match(r.log, /listening on https:\/\/127\.0\.0\.1:\d+/);
  assert.match(r.log, /TLS certificate: serial 1001, valid until \d{4}-\d\d-\d\d, CN=127\.0\.0\.1/);
  assert.equal(r.code, 0);
});

test("plain HTTP off loopback refuses to start unless --insecure-http; TLS there is fine", async () => {
  let r = await serveOnce(["--listen", "0.0.0.0:0"]);
  assert.equal(r.code, 1);
  assert.match(r.log, /ループバック以外のアドレスで待ち受けるには TLS が必要です/);
  r = await serveOnce(["--listen", "0.0.0.0:0", "--insecure-http"]);
  assert.match(r.log, /listening on http:\/\/0\.0\.0\.0:\d+/);
  assert.equal(r.code, 0);
  r = await serveOnce(["--listen", "0.0.0.0:0", "--tls-cert", first.cert, "--tls-key", first.key]);
  assert.match(r.log, /listening on https:\/\/0\.0\.0\.0:\d+/);
  assert.equal(r.code, 0);
  r = await serveOnce(["--listen", "127.0.0.2:0"]);   // all of 127.0.0.0/8 is loopback
  assert.match(r.log, /listening on http:\/\/127\.0\.0\.2:\d+/);
});

test("a TLS client that sends no request is closed at the header deadline, cleanly (no plain-text 408 inside TLS)", async () => {
  const ini = join(ctx.dir, "short.ini");
  writeFileSync(ini, "[server]\nrequest_timeout = 2\n");
  const quick = await startServer({ ...ctx, env: { ...ctx.env, SUIDO_CONFIG: ini } },
    ["--tls-cert", second.cert, "--tls-key", second.key]);
  try {
    const t0 = Date.now();
    const r = await new Promise((res) => {
      const s = tls.connect({ host: "127.0.0.1", port: quick.port, ca: ca.ca, servername: "localhost" });
      let data = "", error = null;
      s.on("data", (d) => { data += d; });
      s.on("error", (e) => { error = e; });
      s.on("close", () => res({ data, error }));
    });
    assert.equal(r.error, null, `the close is clean TLS: ${r.error}`);
    assert.equal(r.data, "");
    assert.ok(Date.now() - t0 >= 1500, "closed at the deadline, not at once");
  } finally {
    await stopServer(quick);
  }
});
