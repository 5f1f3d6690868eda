// The command table of `suido`: the overall help lists each command once,
// every listed command is reached (its own --help answers), and an unknown
// command or option is refused with the same help on stderr.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeEnv, suido } from "./lib.mjs";

function listed(help) {
  const block = help.split("COMMAND:\n")[1].split("\n\n")[0];
  return block.split("\n").map((l) => l.trim().split(/\s+/)[0]);
}

test("suido --help and suido help print the same list of commands", () => {
  const ctx = makeEnv();
  try {
    const a = suido(ctx, ["--help"]);
    const b = suido(ctx, ["help"]);
    assert.equal(a.code, 0);
    assert.equal(b.stdout, a.stdout);
    const names = listed(a.stdout);
    assert.ok(names.includes("serve") && names.includes("contact") && names.includes("version"));
    assert.equal(new Set(names).size, names.length, "each command listed once");
  } finally {
    ctx.cleanup();
  }
});

test("every command the help lists answers its own --help", () => {
  const ctx = makeEnv();
  try {
    for (const name of listed(suido(ctx, ["--help"]).stdout)) {
      const r = suido(ctx, [name, "--help"]);
      assert.equal(r.code, 0, `${name} --help: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /不明なコマンド/);
    }
  } finally {
    ctx.cleanup();
  }
});

test("an unknown command or option is refused with exit 2 and the help on stderr", () => {
  const ctx = makeEnv();
  try {
    const help = suido(ctx, ["--help"]).stdout;
    const cmd = suido(ctx, ["frobnicate"]);
    assert.equal(cmd.code, 2);
    assert.equal(cmd.stderr, `不明なコマンドです: frobnicate\n\n${help}`);
    const opt = suido(ctx, ["--frob"]);
    assert.equal(opt.code, 2);
    assert.equal(opt.stderr, `不明なオプションです: --frob\n\n${help}`);
    const none = suido(ctx, []);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, help);
  } finally {
    ctx.cleanup();
  }
});
