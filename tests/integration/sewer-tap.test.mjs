// The sewer volume commands find their tap like every other use case
// (app_registry_find_tap): an unknown number is named in the refusal, on the
// field tap.  The CLI only: the staff page takes the tap from its path.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { makeEnv, suido } from "./lib.mjs";

let ctx;
before(() => {
  ctx = makeEnv();
  assert.equal(suido(ctx, ["migrate"]).code, 0);
});
after(() => ctx?.cleanup());

test("an unknown tap is refused naming its number, on the sewer basis and on the deduction", () => {
  for (const args of [["bill", "sewer", "--tap", "99999998", "--basis", "water"],
    ["bill", "deduct", "--tap", "99999998", "--cycle", "2025-04", "--m3", "3"]]) {
    const r = suido(ctx, args);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /水栓番号 99999998 は登録されていません。 \[tap\]/, args[1]);
  }
});

test("an empty tap number is asked for, as an invalid field", () => {
  const r = suido(ctx, ["bill", "sewer", "--tap", "", "--basis", "water"]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /水栓番号を入力してください。 \[tap\]/);
});
