// `make install DESTDIR=…` (issue 19, item 3): the FHS tree of a server — /usr/bin/suido that runs,
// /usr/share/suido, /etc/suido/suido.conf never overwritten, /var/lib/suido, the units in
// /lib/systemd/system, the sysusers.d and tmpfiles.d files — and every unit accepted by
// `systemd-analyze verify` (a broken one is refused, so the check can fail), with the sandbox's
// `systemd-analyze security` exposure printed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./lib.mjs";

const BUILD = process.env.SUIDO_BUILD_DIR || "build";
let dest;

function make() {
  const r = spawnSync("make", ["-s", "install", `DESTDIR=${dest}`, `BUILD=${BUILD}`], { cwd: ROOT, encoding: "utf8", timeout: 600000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
}

// Nothing here depends on the database: run once, in the SQLite pass of `make check`.
const skip = process.env.SUIDO_TEST_DB ? "the install does not depend on the database (SQLite pass only)" : false;

before(() => {
  if (skip) return;
  dest = mkdtempSync(join(tmpdir(), "suido-install-"));
  make();
});
after(() => dest && rmSync(dest, { recursive: true, force: true }));

test("make install puts suido in the FHS places, and the installed binary runs", { skip }, () => {
  const mode = (p) => statSync(join(dest, p)).mode & 0o777;
  assert.equal(mode("usr/bin/suido"), 0o755);
  for (const p of ["usr/share/suido/suido.conf.example", "usr/share/suido/surcharge/tokurei.json",
    "usr/share/doc/suido/operations.md", "usr/lib/sysusers.d/suido.conf", "usr/lib/tmpfiles.d/suido.conf"])
    assert.ok(statSync(join(dest, p)).isFile(), p);
  assert.equal(mode("etc/suido/suido.conf"), 0o640);
  assert.equal(mode("etc/suido"), 0o750);
  assert.ok(statSync(join(dest, "var/lib/suido")).isDirectory());
  const units = readdirSync(join(dest, "lib/systemd/system")).sort();
  for (const u of ["suido.service", "suido-portal.service", "suido-backup.service", "suido-backup.timer",
    "suido-backup-check.service", "suido-backup-check.timer", "suido-billing.timer", "suido-debit.timer",
    "suido-dunning.timer", "suido-pledges.timer", "suido-daily.timer"])
    assert.ok(units.includes(u), u);
  assert.match(readFileSync(join(dest, "usr/lib/sysusers.d/suido.conf"), "utf8"), /^u suido - /m);
  assert.match(readFileSync(join(dest, "usr/lib/tmpfiles.d/suido.conf"), "utf8"), /^d \/var\/lib\/suido 0750 suido suido/m);
  const bin = join(dest, "usr/bin/suido");
  const v = spawnSync(bin, ["--version"], { encoding: "utf8" });
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^suido \S+/);
  const h = spawnSync(bin, ["--help"], { encoding: "utf8" });
  assert.equal(h.status, 0);
  assert.match(h.stdout, /job\s+定時処理/);
  const j = spawnSync(bin, ["job", "--help"], { encoding: "utf8" });
  assert.match(j.stdout, /suido job run NAME/);
});

test("a second make install keeps the operator's suido.conf", { skip }, () => {
  const conf = join(dest, "etc/suido/suido.conf");
  appendFileSync(conf, "\n[alerts]\nmail_to = kept@example.lg.jp\n");
  make();
  assert.match(readFileSync(conf, "utf8"), /kept@example\.lg\.jp/);
});

/** The installed units with ExecStart pointing at the installed binary (verify checks it exists). */
function unitsForVerify(extra) {
  const dir = mkdtempSync(join(tmpdir(), "suido-units-"));
  const src = join(dest, "lib/systemd/system");
  for (const f of readdirSync(src))
    writeFileSync(join(dir, f), readFileSync(join(src, f), "utf8").replaceAll("/usr/bin/suido", join(dest, "usr/bin/suido")));
  if (extra) writeFileSync(join(dir, extra.name), extra.text);
  return dir;
}

test("systemd-analyze verify accepts every unit, refuses a broken one; the sandbox's exposure", { skip }, (t) => {
  if (spawnSync("systemd-analyze", ["--version"]).status !== 0) return t.skip("no systemd-analyze");
  const dir = unitsForVerify();
  try {
    const files = readdirSync(dir).map((f) => join(dir, f));
    const r = spawnSync("systemd-analyze", ["verify", ...files], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stderr.trim(), "", "no warnings");
    for (const u of ["suido.service", "suido-portal.service", "suido-backup.service"]) {
      const s = spawnSync("systemd-analyze", ["security", "--offline=true", join(dir, u)], { encoding: "utf8" });
      const m = s.stdout.match(/Overall exposure level for \S+: ([0-9.]+) (\S+)/);
      assert.ok(m, s.stdout + s.stderr);
      console.log(`systemd-analyze security ${u}: ${m[1]} ${m[2]}`);
      assert.ok(Number(m[1]) <= 2.0, `${u} exposure ${m[1]}`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
  const bad = unitsForVerify({ name: "suido-broken.service",
    text: "[Service]\nExecStart=/nonexistent/suido serve\nProtectSystem=sometimes\n" });
  try {
    const r = spawnSync("systemd-analyze", ["verify", join(bad, "suido-broken.service")], { encoding: "utf8" });
    assert.notEqual(r.status, 0, "a unit whose program is missing is refused");
  } finally { rmSync(bad, { recursive: true, force: true }); }
});
