// Helpers of the works collection and settlement tests (works_collect, works_settle): the day in
// JST, the 44 digits of a 納入通知書's slip, a convenience-store result line, and a demo city's
// contractor in good standing with its chief engineer.
import { sql } from "./lib.mjs";

/** Today in JST moved by shift days, as YYYY-MM-DD. */
export function day(shift = 0) {
  return new Date(Date.now() + 9 * 3600 * 1000 + shift * 86400 * 1000).toISOString().slice(0, 10);
}

/** The 44 digits of application id's slip for amount (domain/slipcode.c: 91, company 912345, the
 *  reference of domain/works/works_slipref.c — the number, the mark 7, the id —, reissue 0, due
 *  YYMMDD, 0, amount, check digit). */
export function worksSlipCode(id, number, amount, due = day(10)) {
  const [, year, seq] = number.match(/^R(\d+)-(\d+)$/);
  const ref = year.padStart(2, "0") + seq.padStart(6, "0") + "7" + String(id).padStart(12, "0");
  const d43 = `91912345${ref}0${due.slice(2, 4)}${due.slice(5, 7)}${due.slice(8, 10)}0${String(amount).padStart(6, "0")}`;
  let sum = 0;
  for (let i = d43.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(d43[i]) * w;
  return d43 + String((10 - (sum % 10)) % 10);
}

/** A convenience-store result line (確報, the standard layout) for code, paid today at hhmm. */
export function agentRecord(code, amount, hhmm = "1001") {
  const on = day().replaceAll("-", "");
  return `02,${on},${hhmm},EAN${code},,,0,${amount},0001,ファミリーマート,123456,,${on}\r\n`;
}

/** [contractor, engineer, area] of a demo city: a contractor in good standing for a year back. */
export function demoContractor(ctx) {
  const contractor = Number(sql(ctx, "SELECT id FROM works_contractors WHERE status = 'active' AND designated_on <= '"
    + day(-400) + "' AND valid_until > '" + day(60) + "' ORDER BY id LIMIT 1"));
  const engineer = Number(sql(ctx, `SELECT id FROM works_engineers WHERE contractor_id = ${contractor}`
    + ` AND removed_on = '' AND registered_on <= '${day(-400)}' ORDER BY id LIMIT 1`));
  return [contractor, engineer, sql(ctx, "SELECT code FROM areas ORDER BY code LIMIT 1")];
}
