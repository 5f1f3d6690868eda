// suido 検針: the meter reader's web app, opened on a phone at /m/.
//
// Plain JavaScript, no framework, no build step.  The server sends only a page shell;
// everything on screen is built here with DOM calls (never innerHTML with data, never a
// style attribute: the page runs under a strict Content-Security-Policy).
//
// Data lives in IndexedDB ("suido-reader") so that a downloaded route can be read and
// entered without a connection:
//   meta     {key: "me", username, role, cycle, today, saved_at}   last known login
//   routes   {id: "<cycle>/<code>", route, name, cycle, from_on, to_on, items, downloaded_at}
//   pending  {key: "<tap_no>|<read_on>", tap_no, read_on, value, meter_no, client_id,
//             route_id, seq, saved_at, state: "waiting"|"refused", reasons, message}
//   sent     {client_id, key, tap_no, read_on, value, meter_no, route_id, sent_at,
//             answer: {status, usage_m3, reasons, reading_id, duplicate}}
// See docs/reader-app.md for the rules (one pending reading per tap and day, sync, caching).
(() => {
  "use strict";

  const DB_NAME = "suido-reader";
  const DB_VERSION = 1;
  const LOGIN_URL = "/login?next=/m/";
  const SYNC_LOCK = "suido-reader-sync";
  const AUTO_SYNC_AGE_MS = 60 * 1000;   // the periodic sync sends entries older than this
  const AUTO_SYNC_EVERY_MS = 30 * 1000;
  const FETCH_TIMEOUT_MS = 20 * 1000;
  const KEEP_SENT_DAYS = 45;
  const GROUPS = { odd: "奇数月", even: "偶数月", monthly: "毎月" };
  const STATUS = { accepted: "受付済", held: "保留（要確認）", refused: "却下" };

  // ---------------------------------------------------------------- helpers

  /** h("p", {class: "x", onclick: fn}, "text", child...) builds an element. */
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.className = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of kids.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }
  const byId = (id) => document.getElementById(id);

  /** Civil date in Asia/Tokyo (no daylight saving there, so +9 h is exact). */
  const jstDate = (ms) => new Date(ms + 9 * 3600 * 1000).toISOString().slice(0, 10);
  function fmtDate(iso) {
    if (!iso) return "—";
    const [y, m, d] = iso.split("-").map(Number);
    return `${y}年${m}月${d}日`;
  }
  function fmtDay(iso) {
    const wd = "日月火水木金土"[new Date(iso + "T00:00:00Z").getUTCDay()];
    return `${fmtDate(iso)}（${wd}）`;
  }
  function fmtCycle(c) {
    const [y, m] = (c || "").split("-").map(Number);
    return y && m ? `${y}年${m}月` : c || "";
  }
  function fmtTime(ms) {
    return new Date(ms).toLocaleString("ja-JP", { timeZone: "Asia/Tokyo", month: "numeric", day: "numeric",
                                                   hour: "2-digit", minute: "2-digit" });
  }
  /** A dial value as printed on the meter: zero-padded to its digits. */
  const dial = (v, digits) => (v === null || v === undefined ? "—" : String(v).padStart(digits || 1, "0"));
  /** Full-width digits (IME) to ASCII; spaces and separators dropped. */
  const normalise = (s) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
                            .replace(/[\s,，、]/g, "");

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const x = [...b].map((n) => n.toString(16).padStart(2, "0")).join("");
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  }

  function inRange(item, v) {
    const lo = item.expected_low, hi = item.expected_high;
    if (lo === null || lo === undefined || hi === null || hi === undefined) return true;
    return lo <= hi ? v >= lo && v <= hi : v >= lo || v <= hi;   // hi < lo: the range wraps past 0
  }
  function rangeText(item) {
    const lo = item.expected_low, hi = item.expected_high, d = item.digits;
    if (lo === null || lo === undefined || hi === null || hi === undefined) return "なし";
    if (lo <= hi) return `${dial(lo, d)}〜${dial(hi, d)}`;
    return `${dial(lo, d)}〜${dial(10 ** d - 1, d)}、${dial(0, d)}〜${dial(hi, d)}（一巡をまたぐ）`;
  }
  /** Checks done on the phone.  error: refused here; warnings: shown, the server decides. */
  function checkValue(item, value) {
    const warnings = [];
    if (item.prev_value !== null && item.prev_value !== undefined && value < item.prev_value)
      warnings.push("前回指針より小さい値です。メーターの一巡でなければ読み直してください");
    if (!inRange(item, value)) warnings.push("予想範囲外です。もう一度確認してください");
    return warnings;
  }

  // ---------------------------------------------------------------- IndexedDB

  let db = null;
  function openDb() {
    return new Promise((resolve, reject) => {
      const r = indexedDB.open(DB_NAME, DB_VERSION);
      r.onupgradeneeded = () => {
        const d = r.result;
        if (!d.objectStoreNames.contains("meta")) d.createObjectStore("meta", { keyPath: "key" });
        if (!d.objectStoreNames.contains("routes")) d.createObjectStore("routes", { keyPath: "id" });
        if (!d.objectStoreNames.contains("pending")) d.createObjectStore("pending", { keyPath: "key" });
        if (!d.objectStoreNames.contains("sent")) d.createObjectStore("sent", { keyPath: "client_id" });
      };
      r.onsuccess = () => {
        const d = r.result;
        d.onversionchange = () => {
          d.close();
          say("新しい版の画面が開かれました。この画面を閉じてください。", "bad");
        };
        resolve(d);
      };
      r.onerror = () => reject(r.error);
      r.onblocked = () => say("別の画面が古い版で開いています。ほかの検針画面を閉じてください。", "bad");
    });
  }
  const done = (t) => new Promise((res, rej) => {
    t.oncomplete = () => res();
    t.onerror = () => rej(t.error);
    t.onabort = () => rej(t.error || new Error("transaction aborted"));
  });
  const result = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const getAll = (store) => result(db.transaction(store).objectStore(store).getAll());
  const getOne = (store, key) => result(db.transaction(store).objectStore(store).get(key));
  async function putOne(store, value) {
    const t = db.transaction(store, "readwrite");
    t.objectStore(store).put(value);
    await done(t);
  }
  async function delOne(store, key) {
    const t = db.transaction(store, "readwrite");
    t.objectStore(store).delete(key);
    await done(t);
  }
  /** One transaction: store the answer in "sent" and drop the pending entry if it is still this one. */
  async function moveToSent(entry, answer) {
    const rec = { client_id: entry.client_id, key: entry.key, tap_no: entry.tap_no, read_on: entry.read_on,
                  value: entry.value, meter_no: entry.meter_no, route_id: entry.route_id,
                  sent_at: Date.now(), answer };
    const t = db.transaction(["pending", "sent"], "readwrite");
    const ps = t.objectStore("pending");
    t.objectStore("sent").put(rec);
    const g = ps.get(entry.key);
    g.onsuccess = () => { if (g.result && g.result.client_id === entry.client_id) ps.delete(entry.key); };
    await done(t);
    return rec;
  }
  /** Mark a pending entry refused (final answer), unless it was replaced meanwhile. */
  async function markRefused(entry, reasons, message) {
    const t = db.transaction("pending", "readwrite");
    const ps = t.objectStore("pending");
    const g = ps.get(entry.key);
    g.onsuccess = () => {
      if (g.result && g.result.client_id === entry.client_id)
        ps.put({ ...g.result, state: "refused", reasons, message, refused_at: Date.now() });
    };
    await done(t);
  }

  // ---------------------------------------------------------------- state

  const S = {
    me: null,              // last known /api/v1/me without the csrf
    csrf: "",              // only in memory
    auth: "unknown",       // "ok" | "login" | "forbidden" | "unknown"
    skewMs: 0,             // server's JST day minus this phone's, when the phone's clock is off
    remote: null,          // /api/v1/routes answer for the current cycle
    remoteLoading: false,
    routes: new Map(),     // id -> downloaded route
    pending: new Map(),    // key -> entry
    sent: new Map(),       // tap_no -> latest sent record
    rowError: new Map(),   // tap_no -> local refusal of the last attempt
    lastSummary: "",
    seq: 0,
  };

  const today = () => jstDate(Date.now() + S.skewMs);
  const currentCycle = () => (S.me && S.me.cycle) || today().slice(0, 7);
  const waitingCount = () => [...S.pending.values()].filter((e) => e.state === "waiting").length;
  const refusedCount = () => [...S.pending.values()].filter((e) => e.state === "refused").length;
  function pendingFor(tap) {
    let best = null;
    for (const e of S.pending.values()) if (e.tap_no === tap && (!best || e.seq > best.seq)) best = e;
    return best;
  }
  function nextSeq() {
    S.seq = Math.max(Date.now(), S.seq + 1);
    return S.seq;
  }

  async function loadLocal() {
    const [meta, routes, pending, sent] = await Promise.all(
      [getOne("meta", "me"), getAll("routes"), getAll("pending"), getAll("sent")]);
    if (meta && !S.me) S.me = meta;
    S.routes = new Map(routes.map((r) => [r.id, r]));
    S.pending = new Map(pending.map((e) => [e.key, e]));
    for (const e of pending) S.seq = Math.max(S.seq, e.seq || 0);
    S.sent = new Map();
    const old = Date.now() - KEEP_SENT_DAYS * 86400 * 1000;
    for (const s of sent.sort((a, b) => a.sent_at - b.sent_at)) {
      if (s.sent_at < old) { delOne("sent", s.client_id).catch(() => {}); continue; }
      S.sent.set(s.tap_no, s);
    }
  }

  // ---------------------------------------------------------------- server

  class NetError extends Error {}

  /** fetch JSON; returns {status, body}; throws NetError when the server cannot be reached. */
  async function api(path, { method = "GET", body } = {}) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), FETCH_TIMEOUT_MS);
    const headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      headers["X-CSRF-Token"] = S.csrf;
    }
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
                                credentials: "same-origin", cache: "no-store", signal: ctl.signal });
    } catch (e) {
      throw new NetError(String(e));
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    if ((res.headers.get("Content-Type") || "").includes("json")) {
      try { data = await res.json(); } catch (e) { data = null; }
    }
    // A redirect to the login page (HTML) counts as "not logged in".
    const status = res.redirected && /\/login/.test(res.url) ? 401 : res.status;
    return { status, body: data };
  }
  const errText = (r, fallback) => (r.body && r.body.message) || `${fallback}（${r.status}）`;

  async function loadMe() {
    let r;
    try { r = await api("/api/v1/me"); } catch (e) { noteNetTrouble(); return false; }
    if (r.status === 200 && r.body) {
      const me = r.body;
      S.csrf = me.csrf || "";
      S.auth = "ok";
      S.skewMs = 0;
      if (me.today && me.today !== jstDate(Date.now())) {
        S.skewMs = Date.parse(me.today + "T12:00:00+09:00") - Date.parse(jstDate(Date.now()) + "T12:00:00+09:00");
        say("この端末の日付が正しくないようです。検針日はサーバーの日付を使います。", "warn");
      }
      S.me = { key: "me", username: me.username, role: me.role, cycle: me.cycle, today: me.today, saved_at: Date.now() };
      putOne("meta", S.me).catch(() => {});
      renderHeader();
      return true;
    }
    if (r.status === 401) S.auth = "login";
    else if (r.status === 403) { S.auth = "forbidden"; say(errText(r, "この画面を使う権限がありません"), "bad"); }
    else say(errText(r, "サーバーでエラーが起きました"), "bad");
    renderHeader();
    return false;
  }

  async function loadRemoteRoutes() {
    if (S.auth !== "ok") return;
    S.remoteLoading = true;
    const cycle = currentCycle();
    try {
      const r = await api(`/api/v1/routes?cycle=${encodeURIComponent(cycle)}`);
      if (r.status === 200 && r.body && Array.isArray(r.body.routes)) S.remote = r.body;
      else if (r.status === 401) S.auth = "login";
      else say(errText(r, "ルート一覧を読み込めませんでした"), "bad");
    } catch (e) {
      noteNetTrouble();
    } finally {
      S.remoteLoading = false;
    }
    renderHeader();
    if (view().name === "list") renderView();
  }

  async function download(code, cycle, button) {
    if (!navigator.onLine) { say("オフラインのためダウンロードできません。", "bad"); return; }
    if (S.auth !== "ok" && !(await loadMe())) { renderHeader(); return; }
    button.disabled = true;
    button.textContent = "ダウンロード中…";
    try {
      const r = await api(`/api/v1/routes/${encodeURIComponent(code)}/list?cycle=${encodeURIComponent(cycle)}`);
      if (r.status === 200 && r.body && Array.isArray(r.body.items)) {
        const b = r.body;
        const rec = { id: `${b.cycle || cycle}/${b.route || code}`, route: b.route || code, name: b.name || "",
                      cycle: b.cycle || cycle, from_on: b.from_on, to_on: b.to_on, items: b.items,
                      downloaded_at: Date.now() };
        await putOne("routes", rec);
        S.routes.set(rec.id, rec);
        if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
        say(`${rec.route} ${rec.name} をダウンロードしました（${rec.items.length}件）。電波がなくても入力できます。`, "ok");
      } else if (r.status === 401) {
        S.auth = "login";
      } else {
        say(errText(r, "ダウンロードできませんでした"), "bad");
      }
    } catch (e) {
      noteNetTrouble();
      say("通信できないためダウンロードできませんでした。", "bad");
    }
    renderHeader();
    renderView();
    // The button was replaced: keep the focus on this route's card.
    const card = document.querySelector(`li.route[data-route="${CSS.escape(code)}"][data-cycle="${CSS.escape(cycle)}"]`);
    const next = card && (card.querySelector("button.open") || card.querySelector("button.download"));
    if (next) next.focus();
  }

  // ---------------------------------------------------------------- entry

  async function record(route, item, input) {
    const tap = item.tap_no;
    const raw = normalise(input.value);
    S.rowError.delete(tap);
    let err = null;
    if (raw === "") err = "指針を入力してください";
    else if (!/^\d+$/.test(raw)) err = "数字だけで入力してください";
    else if (raw.replace(/^0+(?=\d)/, "").length > item.digits)
      err = `このメーターは${item.digits}桁です。${item.digits}桁を超える値は記録できません`;
    if (err) {
      S.rowError.set(tap, err);
      renderRow(route, item);
      input.setAttribute("aria-invalid", "true");
      announce(`${item.order}番：${err}`);
      input.focus();
      return;
    }
    input.removeAttribute("aria-invalid");
    const value = Number(raw);
    const read_on = today();
    const key = `${tap}|${read_on}`;
    const before = S.pending.get(key);
    const entry = { key, tap_no: tap, read_on, value, meter_no: item.meter_no, client_id: uuid(),
                    route_id: route.id, order: item.order, seq: nextSeq(), saved_at: Date.now(), state: "waiting" };
    try {
      await putOne("pending", entry);
    } catch (e) {
      S.rowError.set(tap, "端末に保存できませんでした。空き容量を確認してください");
      renderRow(route, item);
      return;
    }
    S.pending.set(key, entry);
    input.value = dial(value, item.digits);
    renderRow(route, item);
    renderHeader();
    renderRouteProgress(route);
    const warnings = checkValue(item, value);
    let what = "記録しました";
    if (before && before.state === "waiting") what = `送信前の値 ${dial(before.value, item.digits)} を置き換えました`;
    else if (before && before.state === "refused") what = "入力し直しました";
    const sent = S.sent.get(tap);
    const sentToday = (sent && sent.read_on === read_on && sent.answer.status !== "refused") ||
                      (item.read && item.read.read_on === read_on);
    const moved = focusNext(input);
    announce(`${item.order}番 ${dial(value, item.digits)} を${what}（送信待ち）。` +
             (warnings.length ? `注意：${warnings.join("。")}。` : "") +
             (sentToday ? "本日は送信済みの水栓です。" : "") +
             (moved ? "" : "ルートの最後の水栓です。電波のある所で「送信」を押してください。"));
  }

  /** Focus the next visible tap's input; false at the end of the route. */
  function focusNext(input) {
    const li = input.closest("li.tap");
    let next = li && li.nextElementSibling;
    while (next && next.classList.contains("hidden")) next = next.nextElementSibling;
    if (!next) return false;
    next.querySelector("input").focus({ preventScroll: true });
    next.scrollIntoView({ block: "center" });
    return true;
  }

  // ---------------------------------------------------------------- sync

  let syncRun = null;
  let syncAgain = null;

  /** Start a sync, or join the one running (it runs once more afterwards). */
  function requestSync(opts = {}) {
    if (syncRun) {
      syncAgain = { minAge: Math.min(opts.minAge || 0, syncAgain ? syncAgain.minAge : Infinity), explicit: false };
      return syncRun;
    }
    syncRun = (async () => {
      setSyncing(true);
      try {
        let o = opts;
        while (o) {
          syncAgain = null;
          const body = () => syncOnce(o);
          if (navigator.locks && navigator.locks.request) await navigator.locks.request(SYNC_LOCK, body);
          else await body();
          o = syncAgain;
        }
      } catch (e) {
        say(`送信中にエラーが起きました：${e.message || e}`, "bad");
      } finally {
        syncRun = null;
        setSyncing(false);
      }
    })();
    return syncRun;
  }

  async function syncOnce({ minAge = 0, explicit = false } = {}) {
    if (!navigator.onLine) {
      if (explicit) say("オフラインです。電波のある所でもう一度「送信」を押してください。", "warn");
      return;
    }
    if (!S.csrf && !(await loadMe())) {
      if (explicit && S.auth === "login") say("送信するにはログインしてください。", "bad");
      return;
    }
    // Another tab may have sent some: read the list afresh, in the order of entry.
    const fresh = await getAll("pending");
    S.pending = new Map(fresh.map((e) => [e.key, e]));
    const cut = Date.now() - minAge;
    const list = fresh.filter((e) => e.state === "waiting" && e.saved_at <= cut).sort((a, b) => a.seq - b.seq);
    if (!list.length) {
      if (explicit) say(`送信待ちはありません。${S.lastSummary ? `（直前：${S.lastSummary}）` : ""}`, "ok");
      renderHeader();
      return;
    }
    let accepted = 0, held = 0, refused = 0, same = 0, stopped = "", csrfRetried = false;
    for (let i = 0; i < list.length; i++) {
      const cur = await getOne("pending", list[i].key);
      if (!cur || cur.client_id !== list[i].client_id || cur.state !== "waiting") continue;  // replaced meanwhile
      let r;
      try {
        r = await api("/api/v1/readings", { method: "POST", body: {
          tap_no: cur.tap_no, read_on: cur.read_on, value: cur.value, meter_no: cur.meter_no,
          client_id: cur.client_id, source: "mobile" } });
      } catch (e) {
        stopped = "net";
        break;
      }
      if (r.status === 200 && r.body && r.body.status) {
        const b = r.body;
        const rec = await moveToSent(cur, { status: b.status, usage_m3: b.usage_m3 ?? null, reasons: b.reasons || [],
                                            reading_id: b.reading_id ?? null, duplicate: !!b.duplicate });
        S.sent.set(rec.tap_no, rec);
        if (b.status === "held") held++; else accepted++;
        if (b.duplicate) same++;
      } else if (r.status === 403 && !csrfRetried) {
        // The session may have been renewed: fetch a fresh CSRF token and try this one again.
        csrfRetried = true;
        S.csrf = "";
        if (!(await loadMe())) { stopped = S.auth === "login" ? "login" : "forbidden"; break; }
        i--;
        continue;
      } else if ([400, 404, 409, 422].includes(r.status)) {
        // A final answer: not sent again; the reader fixes the value and records it anew.
        const b = r.body || {};
        await markRefused(cur, Array.isArray(b.reasons) ? b.reasons : [], b.message || "");
        refused++;
      } else if (r.status === 401) {
        S.auth = "login"; S.csrf = ""; stopped = "login";
        break;
      } else if (r.status === 403) {
        S.auth = "forbidden"; stopped = "forbidden";
        say(errText(r, "送信する権限がありません"), "bad");
        break;
      } else {
        stopped = "server";   // 5xx, 408, 429 or an answer we cannot read: try again later
        break;
      }
      const now = await getOne("pending", cur.key);
      if (now) S.pending.set(cur.key, now); else S.pending.delete(cur.key);
      updateAfterSend(cur.tap_no);
    }
    const sent = accepted + held;
    const parts = [];
    if (sent) parts.push(`${sent}件送信しました${held ? `（保留${held}件）` : ""}`);
    if (same) parts.push(`うち${same}件は記録済みの値と同じです`);
    if (refused) parts.push(`却下${refused}件：各行の理由を確認してください`);
    const rest = waitingCount();
    if (stopped === "net" || stopped === "server")
      parts.push(`${stopped === "net" ? "通信できないため" : "サーバーが応答しないため"}、残り${rest}件は後で送信します`);
    if (stopped === "login") parts.push(`ログインが切れました。ログインすると残り${rest}件を送信します`);
    if (parts.length) {
      const text = parts.join("。") + "。";
      if (sent || refused) S.lastSummary = parts[0];
      say(text, refused || stopped ? "warn" : "ok");
    }
    if (stopped === "net") noteNetTrouble();
    renderHeader();
    if (sent && view().name === "list") loadRemoteRoutes();
  }

  function updateAfterSend(tap) {
    const v = view();
    if (v.name !== "route") return;
    const route = S.routes.get(v.id);
    const item = route && route.items.find((it) => it.tap_no === tap);
    if (item) { renderRow(route, item); renderRouteProgress(route); }
  }

  function autoSync() {
    if (navigator.onLine && S.auth !== "login" && !syncRun &&
        [...S.pending.values()].some((e) => e.state === "waiting" && e.saved_at <= Date.now() - AUTO_SYNC_AGE_MS))
      requestSync({ minAge: AUTO_SYNC_AGE_MS });
  }

  // ---------------------------------------------------------------- shell

  function buildShell(root) {
    root.removeAttribute("aria-live");    // the shell's live region was for the loading text only
    root.replaceChildren(
      h("header", { class: "bar" },
        h("div", { class: "bar-top" },
          h("p", { class: "app-name" }, "suido 検針"),
          h("p", { class: "who", id: "who" })),
        h("ul", { class: "bar-facts" },
          h("li", { id: "today-text" }),
          h("li", { id: "net", class: "net" }),
          h("li", { class: "count" }, "送信待ち ", h("strong", { id: "pending-count" }, "0"), "件",
            h("span", { id: "refused-count", class: "refused-count" }))),
        h("button", { type: "button", id: "sync-btn", class: "primary",
                      onclick: () => requestSync({ explicit: true }) }, "送信"),
        // In the (sticky) header so that the result of 送信 is seen from anywhere on a long route.
        // The status element stays rendered (even empty) so that screen readers announce changes.
        h("div", { id: "message-box", class: "message-box empty" },
          h("p", { id: "message", class: "message", role: "status" }),
          h("span", { id: "message-action" }),
          h("button", { type: "button", id: "message-close", class: "close", hidden: true,
                        onclick: () => say("") }, "閉じる"))),
      h("div", { id: "login-box", class: "login-box", hidden: true },
        h("p", null, "ログインしていません。ダウンロードと送信にはログインが必要です。入力済みの値はこの端末に残ります。"),
        h("a", { href: LOGIN_URL, class: "button-link" }, "ログインする")),
      h("main", { id: "view", tabindex: "-1" }),
      h("p", { id: "announce", class: "sr-only", role: "status" }));
  }

  /** The status line: text, its kind (ok, warn, bad), and an optional {label, run} button. */
  function say(text, kind = "ok", action = null) {
    const m = byId("message");
    if (!m) return;
    byId("message-box").className = `message-box ${text ? kind : "empty"}`;
    m.textContent = text;
    byId("message-action").replaceChildren(action ? h("button", { type: "button", onclick: action.run }, action.label) : "");
    byId("message-close").hidden = !text;
  }
  function announce(text) {
    const a = byId("announce");
    if (a) a.textContent = text;
  }
  function noteNetTrouble() {
    const n = byId("net");
    if (n && navigator.onLine) { n.textContent = "通信できません"; n.className = "net off"; }
  }
  function setSyncing(on) {
    const b = byId("sync-btn");
    if (!b) return;
    b.textContent = on ? "送信中…" : "送信";
    b.setAttribute("aria-busy", on ? "true" : "false");
  }

  function renderHeader() {
    const who = byId("who");
    if (!who) return;
    who.textContent = S.me && S.me.username ? `検針員 ${S.me.username}` : "検針員 （未ログイン）";
    byId("today-text").textContent = fmtDay(today());
    const net = byId("net");
    net.textContent = navigator.onLine ? "オンライン" : "オフライン";
    net.className = navigator.onLine ? "net on" : "net off";
    byId("pending-count").textContent = String(waitingCount());
    const rc = refusedCount();
    byId("refused-count").textContent = rc ? `（却下 ${rc}件）` : "";
    byId("login-box").hidden = S.auth !== "login";
  }

  // ---------------------------------------------------------------- views

  function view() {
    const m = /^#r\/(.+)$/.exec(location.hash);
    return m ? { name: "route", id: decodeURIComponent(m[1]) } : { name: "list" };
  }

  function renderView() {
    const v = view();
    const main = byId("view");
    if (!main) return;
    if (v.name === "route") renderRoute(main, v.id);
    else renderList(main);
  }

  const HELP = "同じ水栓を送信前にもう一度入力すると、前の値と置き換わります（1つの水栓につき1日1件だけ送信します）。" +
               "送信した後に入力し直すと新しい検針として送信され、同じ値なら「記録済み」、" +
               "違う値なら二重検針として却下されます（ただし保留になった指針は、読み直した値で置き換わります）。" +
               "確定した指針の訂正は事務所に連絡してください。";

  function helpBox() {
    return h("section", { class: "help", "aria-labelledby": "help-h" },
      h("h2", { id: "help-h" }, "同じメーターを二度入力したとき"), h("p", null, HELP));
  }

  function localDone(route) {
    let n = 0;
    for (const it of route.items) if (isDone(route, it)) n++;
    return n;
  }
  function isDone(route, it) {
    const p = pendingFor(it.tap_no);
    const s = S.sent.get(it.tap_no);
    // A held reading the office asked to read again (reread) is still to do.
    const read = it.read && !it.read.reread;
    return !!(read || (p && p.state === "waiting") || (s && s.route_id === route.id && s.answer.status !== "refused"));
  }

  function renderList(main) {
    document.title = "検針 — suido";
    const cycle = currentCycle();
    const kids = [h("h1", { tabindex: "-1" }, "検針ルート"), h("p", { class: "sub" }, `${fmtCycle(cycle)}分`)];
    const shown = new Set();
    if (S.remote && S.remote.cycle === cycle) {
      const items = S.remote.routes.map((r) => {
        const id = `${cycle}/${r.code}`;
        shown.add(id);
        return routeCard(r, S.routes.get(id), cycle);
      });
      kids.push(h("section", { "aria-labelledby": "rt-h" }, h("h2", { id: "rt-h" }, "今月のルート"),
        items.length ? h("ul", { class: "routes" }, items) : h("p", { class: "empty" }, "今月の検針ルートはありません。")));
    } else if (navigator.onLine && S.auth !== "login" && S.remoteLoading) {
      kids.push(h("p", { class: "empty" }, "ルート一覧を読み込み中…"));
    } else if (!navigator.onLine) {
      kids.push(h("p", { class: "notice" }, "オフラインのため、この端末にダウンロード済みのルートだけを表示しています。"));
    }
    const local = [...S.routes.values()].filter((r) => !shown.has(r.id))
      .sort((a, b) => (a.cycle === b.cycle ? a.route.localeCompare(b.route) : b.cycle.localeCompare(a.cycle)));
    if (local.length) {
      kids.push(h("section", { "aria-labelledby": "lc-h" }, h("h2", { id: "lc-h" }, "この端末のルート"),
        h("ul", { class: "routes" }, local.map((r) => routeCard(null, r, r.cycle)))));
    } else if (!shown.size) {
      kids.push(h("p", { class: "empty" }, "ダウンロード済みのルートはありません。電波のある所でダウンロードしてください。"));
    }
    kids.push(helpBox());
    main.replaceChildren(...kids);
  }

  /** One route: remote (from /api/v1/routes, may be null) and/or local (downloaded, may be null). */
  function routeCard(remote, local, cycle) {
    const code = remote ? remote.code : local.route;
    const name = remote ? remote.name : local.name;
    const nameId = `rn-${cycle}-${code}`;
    const from = remote ? remote.from_on : local.from_on, to = remote ? remote.to_on : local.to_on;
    const lines = [];
    lines.push(h("p", null, `期間 ${fmtDate(from)}〜${fmtDate(to)}`,
                 remote && GROUPS[remote.group] ? `・${GROUPS[remote.group]}` : "",
                 cycle !== currentCycle() ? `・${fmtCycle(cycle)}分` : ""));
    if (remote) {
      const pct = remote.total ? Math.round((100 * remote.read) / remote.total) : 0;
      const bar = h("span", { class: "bar-fill" });
      bar.style.width = `${pct}%`;
      lines.push(h("p", { class: "progress" }, `検針済 ${remote.read} / ${remote.total}件`,
                   remote.held ? `（保留 ${remote.held}件）` : ""),
                 h("div", { class: "meter-bar", "aria-hidden": "true" }, bar));
    }
    if (local) {
      lines.push(h("p", { class: "local" }, `ダウンロード済み（${fmtTime(local.downloaded_at)}）・`,
                   `この端末で入力済み ${localDone(local)} / ${local.items.length}件`));
    }
    const open = () => { location.hash = `#r/${encodeURIComponent(`${cycle}/${code}`)}`; };
    const actions = [];
    if (remote) actions.push(h("button", { type: "button", class: local ? "download" : "download primary",
      "aria-describedby": nameId, onclick: (ev) => download(code, cycle, ev.currentTarget) },
      local ? "再ダウンロード" : "ダウンロード"));
    if (local) actions.push(h("button", { type: "button", class: "open primary", "aria-describedby": nameId, onclick: open }, "開く"));
    if (local && !remote && cycle !== currentCycle() &&
        ![...S.pending.values()].some((e) => e.route_id === local.id && e.state === "waiting")) {
      actions.push(h("button", { type: "button", class: "remove", "aria-describedby": nameId, onclick: async () => {
        if (!window.confirm(`${code} ${name}（${fmtCycle(cycle)}分）をこの端末から削除しますか？`)) return;
        await delOne("routes", local.id);
        S.routes.delete(local.id);
        renderView();
      } }, "端末から削除"));
    }
    return h("li", { class: "route", "data-route": code, "data-cycle": cycle, "data-downloaded": local ? "1" : "0" },
      h("h3", { class: "route-title", id: nameId }, h("span", { class: "code" }, code), " ", name),
      lines, h("div", { class: "actions" }, actions));
  }

  function renderRoute(main, id) {
    const route = S.routes.get(id);
    const back = h("button", { type: "button", class: "back", onclick: () => { location.hash = ""; } }, "← ルート一覧");
    if (!route) {
      main.replaceChildren(back, h("h1", { tabindex: "-1" }, "ルートが見つかりません"),
        h("p", null, "このルートはこの端末にダウンロードされていません。電波のある所でダウンロードしてください。"));
      return;
    }
    document.title = `${route.route} ${route.name} — 検針 — suido`;
    const h1 = h("h1", { tabindex: "-1" }, h("span", { class: "code" }, route.route), " ", route.name);
    const filter = h("input", { type: "checkbox", id: "only-open", onchange: (ev) => applyFilter(route, ev.target.checked) });
    const list = h("ol", { class: "taps", id: "taps" }, route.items.map((it) => tapRow(route, it)));
    main.replaceChildren(
      back, h1,
      h("p", { class: "sub" }, `${fmtCycle(route.cycle)}分・期間 ${fmtDate(route.from_on)}〜${fmtDate(route.to_on)}`),
      h("p", { class: "progress", id: "route-progress" }),
      h("div", { class: "tools" },
        h("div", { class: "check" }, filter, h("label", { for: "only-open" }, "未入力の水栓だけ表示")),
        h("button", { type: "button", onclick: () => jumpToFirstOpen(route) }, "未入力の最初へ")),
      h("p", { class: "help-short" }, HELP),
      list,
      h("p", { class: "end" }, "ルートの終わりです。電波のある所で「送信」を押してください。"));
    for (const it of route.items) renderRow(route, it);
    renderRouteProgress(route);
    if (document.activeElement === document.body || !main.contains(document.activeElement)) h1.focus({ preventScroll: true });
  }

  function renderRouteProgress(route) {
    const p = byId("route-progress");
    if (p) p.textContent = `入力済み ${localDone(route)} / ${route.items.length}件`;
  }

  function applyFilter(route, onlyOpen) {
    for (const it of route.items) {
      const li = byId(`tap-${it.tap_no}`);
      if (li) li.classList.toggle("hidden", onlyOpen && isDone(route, it));
    }
  }

  function jumpToFirstOpen(route) {
    const it = route.items.find((x) => !isDone(route, x));
    if (!it) { announce("すべての水栓が入力済みです。"); say("すべての水栓が入力済みです。", "ok"); return; }
    const li = byId(`tap-${it.tap_no}`);
    li.classList.remove("hidden");
    li.querySelector("input").focus({ preventScroll: true });
    li.scrollIntoView({ block: "center" });
  }

  function fact(label, value) {
    return h("div", null, h("dt", null, label), h("dd", null, value));
  }

  function tapRow(route, item) {
    const t = item.tap_no;
    const input = h("input", { id: `v-${t}`, name: "value", type: "text", inputmode: "numeric", autocomplete: "off",
                               enterkeyhint: "next", spellcheck: "false", "aria-describedby": `st-${t}` });
    const p = pendingFor(t);
    if (p) input.value = dial(p.value, item.digits);
    const prev = item.prev_value === null || item.prev_value === undefined ? "なし"
      : `${dial(item.prev_value, item.digits)}（${fmtDate(item.prev_read_on)}）`;
    return h("li", { class: "tap", id: `tap-${t}`, "data-tap": t },
      h("h2", { class: "tap-title" }, h("span", { class: "order" }, `${item.order}`), " ", item.address || "（住所なし）"),
      item.name ? h("p", { class: "tap-name" }, item.name) : null,
      item.note ? h("p", { class: "note" }, h("strong", null, "注意："), item.note) : null,
      h("dl", { class: "facts" },
        fact("水栓番号", t),
        fact("メーター", `${item.meter_no || "—"}（${item.digits}桁）`),
        fact("前回指針", prev),
        fact("予想範囲", rangeText(item))),
      h("form", { class: "entry", novalidate: true, onsubmit: (ev) => { ev.preventDefault(); record(route, item, input); } },
        h("label", { for: input.id }, "今回指針", h("span", { class: "sr-only" }, `（${item.order}番）`)),
        h("div", { class: "entry-row" }, input, h("button", { type: "submit", class: "primary" }, "記録"))),
      h("div", { class: "row-state", id: `st-${t}` }));
  }

  function reasonList(reasons) {
    if (!reasons || !reasons.length) return null;
    return h("ul", { class: "reasons" }, reasons.map((r) => h("li", null, r.message || r.code)));
  }

  /** The state under a tap: local refusal, pending value with warnings, the server's answer. */
  function renderRow(route, item) {
    const t = item.tap_no;
    const st = byId(`st-${t}`), li = byId(`tap-${t}`);
    if (!st || !li) return;
    const d = item.digits;
    const kids = [];
    let state = "open";
    const err = S.rowError.get(t);
    if (err) kids.push(h("p", { class: "line bad" }, h("strong", null, "記録できません："), err));
    const p = pendingFor(t);
    const s = S.sent.get(t);
    const sentToday = (p && s && s.read_on === p.read_on && s.answer.status !== "refused") ? s
      : (p && item.read && item.read.read_on === p.read_on ? item.read : null);
    if (p && p.state === "waiting") {
      state = "pending";
      kids.push(h("p", { class: "line pending" }, h("strong", null, "送信待ち："), dial(p.value, d),
                  `（${fmtDate(p.read_on)}）`));
      const w = checkValue(item, p.value);
      if (w.length) kids.push(h("ul", { class: "warnings" }, w.map((x) => h("li", null, h("strong", null, "注意："), x))));
      if (sentToday) {
        const sv = sentToday.value;
        kids.push(h("p", { class: "line warn" }, h("strong", null, "本日は送信済みです："), dial(sv, d), "。",
          sv === p.value ? "同じ値なので記録済みとして扱われます。"
                         : "違う値は二重検針として却下されます。訂正は事務所に連絡してください。"));
      }
    } else if (p && p.state === "refused") {
      state = "refused";
      const own = p.message && !(p.reasons || []).some((r) => r.message === p.message) ? `　${p.message}` : "";
      kids.push(h("p", { class: "line bad" }, h("strong", null, "却下："), dial(p.value, d), own),
                reasonList(p.reasons),
                h("p", { class: "line" }, sentToday
                  ? `本日送信済みの値は ${dial(sentToday.value, d)} です。訂正は事務所に連絡してください。`
                  : "値を直して「記録」を押すと、もう一度送信します。"));
    }
    if (s && s.route_id === route.id) {
      const a = s.answer;
      if (state === "open") state = a.status === "held" ? "held" : "done";
      kids.push(h("p", { class: `line ${a.status === "held" ? "warn" : "ok"}` },
        h("strong", null, `${STATUS[a.status] || a.status}：`), dial(s.value, d), `（${fmtDate(s.read_on)} 送信）`,
        a.usage_m3 !== null && a.usage_m3 !== undefined ? `　使用量 ${a.usage_m3} m³` : "",
        a.duplicate ? "　記録済みの値と同じです（二重には記録されていません）" : ""),
        reasonList(a.reasons));
    } else if (item.read && item.read.reread) {
      kids.push(h("p", { class: "line warn" },
        h("strong", null, "再検針の依頼："), `前回入力 ${dial(item.read.value, d)}（${fmtDate(item.read.read_on)}）を事務所が確認しています。もう一度読んで入力してください。`));
    } else if (item.read) {
      if (state === "open") state = item.read.status === "held" ? "held" : "done";
      kids.push(h("p", { class: `line ${item.read.status === "held" ? "warn" : "ok"}` },
        h("strong", null, `検針済（${STATUS[item.read.status] || item.read.status}）：`),
        dial(item.read.value, d), `（${fmtDate(item.read.read_on)}）`));
    }
    if (!kids.length) kids.push(h("p", { class: "line muted" }, "未検針"));
    st.replaceChildren(...kids.filter(Boolean));
    li.className = `tap state-${state}${li.classList.contains("hidden") ? " hidden" : ""}`;
  }

  // ---------------------------------------------------------------- start

  function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) return;
    const hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register("/m/sw.js", { scope: "/m/" }).catch((e) => console.warn("service worker:", e));
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (!hadController) return;
      say("新しい版が届きました。入力済みの値は消えません。", "ok", { label: "画面を更新", run: () => location.reload() });
    });
  }

  async function goOnline() {
    renderHeader();
    if (await loadMe()) {
      await Promise.all([loadRemoteRoutes(), requestSync({ minAge: 0 })]);
    }
    renderHeader();
  }

  async function start() {
    const root = byId("reader-app");
    if (!root) return;
    try {
      db = await openDb();
      await loadLocal();
    } catch (e) {
      root.replaceChildren(h("p", { class: "fatal" },
        "この端末ではデータを保存できません（プライベートモードでは使えません）。"));
      return;
    }
    buildShell(root);
    renderHeader();
    renderView();
    registerServiceWorker();
    window.addEventListener("hashchange", () => { renderView(); window.scrollTo(0, 0); });
    window.addEventListener("online", () => goOnline());
    window.addEventListener("offline", () => { renderHeader(); if (view().name === "list") renderView(); });
    document.addEventListener("visibilitychange", async () => {
      if (document.visibilityState !== "visible") return;
      await loadLocal();     // another tab may have changed the store
      renderHeader();
      const v = view();
      const route = v.name === "route" && S.routes.get(v.id);
      if (route) { for (const it of route.items) renderRow(route, it); renderRouteProgress(route); }
      autoSync();
    });
    setInterval(() => { renderHeader(); autoSync(); }, AUTO_SYNC_EVERY_MS);
    if (navigator.onLine) await goOnline();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
