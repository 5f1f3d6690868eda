// suido 検針: the service worker of the reader app, served at /m/sw.js (scope /m/).
//
// - Precaches the page shell and its static files in a versioned cache.
// - The page (/m/) is network-first: a new version arrives whenever the phone is online,
//   and the cached copy opens the app offline (or when the network is too slow).
// - The static files are served from the cache at once and refreshed in the background,
//   so a changed file is used from the next opening even if VERSION was not bumped.
// - /api/ is never cached: readings and lists live in IndexedDB, managed by reader.js.
//
// Bump VERSION whenever reader.js, reader.css, the manifest or the icon changes: the new
// worker then installs a fresh, consistent set of files and deletes the old cache.
"use strict";

const VERSION = "2026-11-reader-3";
const PREFIX = "suido-reader-";
const CACHE = PREFIX + VERSION;
const SHELL = "/m/";
const STATIC = ["/static/reader.js", "/static/reader.css", "/static/reader.webmanifest", "/static/reader-icon.svg"];
const NETWORK_WAIT_MS = 4000;   // then the cached page is shown; the network answer still refreshes the cache

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: "reload" skips the browser's HTTP cache (static files are max-age=3600).
    await cache.addAll([SHELL, ...STATIC].map((u) => new Request(u, { cache: "reload", credentials: "same-origin" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys())
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;              // never cached, straight to the network
  if (req.mode === "navigate" && url.pathname === SHELL) {
    // Keep the page's network answer in the cache, even when it arrives after the cached copy was shown.
    const network = fetch(req).then((res) => {
      let saved = null;
      if (res.ok && !res.redirected && res.type === "basic") {
        const copy = res.clone();
        saved = caches.open(CACHE).then((c) => c.put(SHELL, copy));
      }
      return { res, saved };
    });
    event.waitUntil(network.then((n) => n.saved).catch(() => {}));
    event.respondWith(shell(network));
    return;
  }
  if (STATIC.includes(url.pathname)) {
    // Refresh in the background (past the browser's HTTP cache) for the next opening.
    const refresh = fetch(new Request(url.pathname, { cache: "no-cache", credentials: "same-origin" })).then(async (res) => {
      if (res.ok) await (await caches.open(CACHE)).put(url.pathname, res.clone());
      return res;
    });
    event.waitUntil(refresh.catch(() => {}));
    event.respondWith(staticFile(url.pathname, refresh));
  }
});

/** Network first; the cached copy when offline, failing, or slower than NETWORK_WAIT_MS. */
async function shell(network) {
  const slow = new Promise((resolve) => setTimeout(() => resolve(null), NETWORK_WAIT_MS));
  let res = null;
  try {
    const n = await Promise.race([network, slow]);
    res = n && n.res;
  } catch (e) {
    res = null;
  }
  if (res && res.ok) return res;
  const cached = await caches.match(SHELL, { cacheName: CACHE });
  if (cached) return cached;
  if (res) return res;                       // the server's error page, nothing cached
  try {
    return (await network).res;              // slow network, nothing cached: keep waiting
  } catch (e) {
    return new Response("<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\"><title>検針 — suido</title>" +
                        "<p>オフラインです。電波のある所でもう一度開いてください。</p></html>",
                        { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

/** The cached copy at once; the network when it is not cached yet. */
async function staticFile(path, refresh) {
  const cached = await caches.match(path, { cacheName: CACHE });
  if (cached) return cached;
  try {
    return await refresh;
  } catch (e) {
    return Response.error();
  }
}
