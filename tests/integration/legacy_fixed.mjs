// A small synthetic legacy export in fixed-width records, CP932, with 和暦
// dates — the kind of files a utility's old billing system hands over — for
// the example mapping examples/legacy-fixed/mapping.ini (docs/interchange.md,
// "Mapping a legacy export").  Five files, each a header record (H), data
// records (D) and a trailer (T) with the control totals the old system
// printed:
//   CHIKU.DAT    areas          SUIDO.DAT   taps with their meter and user
//   JUYOKA.DAT   customers      KENSHIN.DAT readings    CHOTEI.DAT bills
// Amounts in CHOTEI.DAT are in sen (two implied decimals); the trailer's in yen.
//
// As a module: legacyFixed(dir, { taps, edit }) writes the files and returns
// what they hold (counts, money sums, per fiscal year), computed here on its
// own so that a test can check the import's review report against it; edit
// maps a file name to a function of its records (UTF-8 text, padded) that
// returns the records to write (to make broken files).
// As a script: node tests/integration/legacy_fixed.mjs DIR [TAPS]
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Bytes a text takes in CP932: ASCII and half-width katakana one, others two. */
export function cp932Length(s) {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    n += c < 0x80 || (c >= 0xff61 && c <= 0xff9f) ? 1 : 2;
  }
  return n;
}

/** s padded with spaces (text) or zeros on the left (numbers) to width bytes of CP932. */
function pad(s, width, num = false) {
  s = String(s);
  const len = cp932Length(s);
  if (len > width) throw new Error(`${s} is wider than ${width} bytes`);
  return num ? "0".repeat(width - len) + s : s + " ".repeat(width - len);
}

const ERAS = [["R", 2018, "2019-05-01"], ["H", 1988, "1989-01-08"], ["S", 1925, "1926-12-25"]];

/** "2025-04-06" → "R070406" (and the month "2025-04" → "R0704"). */
export function wareki(iso) {
  const [y, m, d] = iso.split("-");
  const day = d ? iso : `${iso}-28`;
  const [letter, base] = ERAS.find(([, , start]) => day >= start);
  return letter + String(Number(y) - base).padStart(2, "0") + m + (d ?? "");
}

function rng(seed) {
  let x = seed >>> 0;
  return () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

const SURNAMES = ["髙橋", "山﨑", "佐藤", "鈴木", "渡邉", "中村", "小林", "加藤", "吉田", "山田", "斎藤", "松本"];
const SURKANA = ["タカハシ", "ヤマザキ", "サトウ", "スズキ", "ワタナベ", "ナカムラ", "コバヤシ", "カトウ", "ヨシダ", "ヤマダ", "サイトウ", "マツモト"];
const GIVEN = ["一郎", "花子", "健太", "美咲", "翔", "陽子", "大輔", "恵", "隆", "由美"];
const GIVKANA = ["イチロウ", "ハナコ", "ケンタ", "ミサキ", "ショウ", "ヨウコ", "ダイスケ", "メグミ", "タカシ", "ユミ"];
const AREAS = [["010101", "中央一丁目", "チュウオウ1チョウメ", "1"], ["010102", "中央二丁目", "チュウオウ2チョウメ", "1"],
  ["020101", "北原", "キタハラ", "0"]];
const USES = [["01", 13], ["02", 20], ["03", 25]];   // legacy use code, diameter
const CYCLES = ["2024-12", "2025-02", "2025-04"];   // the last three of the old system (FY 2024 and 2025)

const fy = (iso) => (Number(iso.slice(5, 7)) >= 4 ? Number(iso.slice(0, 4)) : Number(iso.slice(0, 4)) - 1);
const addDays = (iso, n) => new Date(Date.parse(iso + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);

export function legacyFixed(dir, { taps = 12, edit = {} } = {}) {
  mkdirSync(dir, { recursive: true });
  const r = rng(20);
  const files = { "CHIKU.DAT": [], "SUIDO.DAT": [], "JUYOKA.DAT": [], "KENSHIN.DAT": [], "CHOTEI.DAT": [] };
  for (const f of Object.keys(files)) files[f].push(pad(`H${f.slice(0, -4)} 令和7年5月1日 作成`, 40));
  for (const [code, name, kana, sewer] of AREAS)
    files["CHIKU.DAT"].push(`D${code}${pad(name, 20)}${pad(kana, 20)}${sewer}`);
  const want = { areas: AREAS.length, taps, customers: taps, readings: 0, bills: 0,
    water_yen: 0, sewer_yen: 0, tax_yen: 0, total_yen: 0, byFy: {}, names: [], firstTap: null };
  for (let i = 0; i < taps; i++) {
    const tap = String(20000001 + i), cust = String(500 + i);
    const [use, diameter] = USES[i % USES.length];
    const area = AREAS[i % AREAS.length][0];
    const start = i % 3 === 0 ? "1988-03-15" : i % 3 === 1 ? "1993-04-01" : "2019-05-07";   // 昭和・平成・令和
    const meter = `M${tap}`;
    const address = `${AREAS[i % AREAS.length][1]}${i + 1}番${(i * 7) % 20 + 1}号`;
    files["SUIDO.DAT"].push(`D${tap}${area}${pad(address, 40)}${pad(diameter, 3, true)}${use}1${pad(cust, 8, true)}`
      + `${wareki(start)}${pad(meter, 10)}4${wareki("2021-06-01")}`);
    const s = SURNAMES[i % SURNAMES.length], g = GIVEN[i % GIVEN.length];
    const name = `${s}　${g}`, kana = `${SURKANA[i % SURKANA.length]}　${GIVKANA[i % GIVKANA.length]}`;
    want.names.push(name);
    files["JUYOKA.DAT"].push(`D${pad(cust, 8, true)}${pad(name, 30)}${pad(kana, 30)}${pad(`055-2${String(i % 100).padStart(2, "0")}-1234`, 13)}`);
    let value = 100 + Math.floor(r() * 400);
    for (const cycle of CYCLES) {
      const readOn = `${cycle}-${String(5 + (i % 10)).padStart(2, "0")}`;
      const usage = 10 + Math.floor(r() * 40), prev = value;
      value += usage;
      const days = 61;
      files["KENSHIN.DAT"].push(`D${tap}${wareki(cycle)}${wareki(readOn)}${pad(value, 7, true)}${pad(prev, 7, true)}`
        + `${pad(days, 3, true)}${pad(usage, 7, true)}${pad(meter, 10)}`);
      want.readings++;
      const water = 1500 + usage * 110, sewer = 1000 + usage * 90, tax = Math.floor((water + sewer) / 10);
      const total = water + sewer + tax;
      const from = addDays(readOn, -days), due = addDays(readOn, 21);
      files["CHOTEI.DAT"].push(`D${tap}${wareki(cycle)}${pad(cust, 8, true)}${wareki(from)}${wareki(readOn)}`
        + `${pad(days, 3, true)}${pad(usage, 7, true)}${pad(water * 100, 10, true)}${pad(sewer * 100, 10, true)}`
        + `${pad(tax * 100, 10, true)}${pad(total * 100, 10, true)}${wareki(readOn)}${wareki(due)}${use}${pad(diameter, 3, true)}`);
      want.bills++;
      want.water_yen += water;
      want.sewer_yen += sewer;
      want.tax_yen += tax;
      want.total_yen += total;
      const y = (want.byFy[fy(readOn)] ??= { bills: 0, total_yen: 0, readings: 0 });
      y.bills++;
      y.readings++;
      y.total_yen += total;
    }
    want.firstTap ??= { tap, cust, address, name, lastValue: value };
  }
  const count = (f, w) => `T${pad(files[f].length - 1, w, true)}`;
  files["CHIKU.DAT"].push(count("CHIKU.DAT", 6));
  files["SUIDO.DAT"].push(count("SUIDO.DAT", 6));
  files["JUYOKA.DAT"].push(count("JUYOKA.DAT", 6));
  files["KENSHIN.DAT"].push(count("KENSHIN.DAT", 8));
  files["CHOTEI.DAT"].push(count("CHOTEI.DAT", 8) + pad(want.water_yen, 12, true) + pad(want.sewer_yen, 12, true)
    + pad(want.tax_yen, 12, true) + pad(want.total_yen, 12, true));
  for (const [f, lines] of Object.entries(files)) {
    const out = (edit[f] ?? ((l) => l))(lines);
    const text = out.map((l) => l + "\r\n").join("");
    const enc = spawnSync("iconv", ["-f", "UTF-8", "-t", "CP932"], { input: text, maxBuffer: 1 << 30 });
    if (enc.status !== 0) throw new Error(`iconv: ${enc.stderr}`);
    writeFileSync(join(dir, f), enc.stdout);
  }
  return want;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv[2]) {
    console.error("usage: node tests/integration/legacy_fixed.mjs DIR [TAPS]");
    process.exit(2);
  }
  const want = legacyFixed(process.argv[2], { taps: Number(process.argv[3] ?? 12) });
  delete want.names;
  delete want.firstTap;
  console.log(JSON.stringify(want, null, 2));
}
