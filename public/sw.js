// Proofdeck's service worker: the app shell and the review pages for offline review (docs/offline.md).
// - Build assets (/_next/static/, immutable) and the icons: cache first.
// - Review pages (/decks/<id>/review): network first; a copy is kept per signed-in user, and served only
//   to that user while offline. A page is kept only when it was rendered for the user the app last named
//   (data-pd-user in its HTML), and every other user's copies are deleted when the app names a new one,
//   and all of them on sign-in and sign-out: a page is never served to someone else.
// - Everything else, /api/* included, goes to the network untouched (nothing that changes state is ever
//   cached; today's cards and unsent answers live in IndexedDB, managed by the page).
const STATIC = "pd-static-v1";
const META = "pd-meta-v1";
const PAGES = "pd-pages-"; // + user id
const SHELL = ["/offline.html", "/icons/icon-192.png", "/manifest.webmanifest"];
const REVIEW = /^\/decks\/[^/]+\/review\/?$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("pd-") && k !== STATIC && k !== META && !k.startsWith(PAGES)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function currentUser() {
  const hit = await (await caches.open(META)).match("/__pd/user");
  return hit ? hit.text() : null;
}

async function forgetPagesExcept(userId) {
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k.startsWith(PAGES) && k !== PAGES + userId).map((k) => caches.delete(k)));
}

async function setUser(userId) {
  const meta = await caches.open(META);
  if (userId) await meta.put("/__pd/user", new Response(userId));
  else await meta.delete("/__pd/user");
  await forgetPagesExcept(userId);
}

/** Keeps a review page if it was rendered for the current user. */
async function keepPage(path, response) {
  const user = await currentUser();
  if (!user || !response.ok) return;
  const html = await response.text();
  const owner = /data-pd-user="([^"]+)"/.exec(html);
  if (!owner || owner[1] !== user) return;
  // The body is stored decoded: the encoding and length of the original transfer no longer apply.
  const headers = new Headers(response.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  await (await caches.open(PAGES + user)).put(path, new Response(html, { status: response.status, headers }));
}

async function keepAssets(urls) {
  const cache = await caches.open(STATIC);
  for (const url of urls) {
    if (!new URL(url, self.location.origin).pathname.startsWith("/_next/static/")) continue;
    if (!(await cache.match(url))) await cache.add(url).catch(() => undefined);
  }
}

/** A page this worker does not hold for the user yet (its navigation came before the worker, or before the user was named). */
async function keepMissingPage(userId, path) {
  if (await (await caches.open(PAGES + userId)).match(path)) return;
  await keepPage(path, await fetch(path, { credentials: "same-origin" }));
}

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type === "user") {
    // The page names its user, the build assets it loaded, and its own address (kept if not held yet).
    event.waitUntil(
      setUser(msg.userId)
        .then(() => keepAssets(msg.assets || []))
        .then(() => (msg.page && REVIEW.test(msg.page) ? keepMissingPage(msg.userId, msg.page) : undefined))
        .catch(() => undefined),
    );
  }
});

async function fromNetworkThenPage(event, url) {
  try {
    const response = await fetch(event.request);
    if (REVIEW.test(url.pathname)) event.waitUntil(keepPage(url.pathname, response.clone()).catch(() => undefined));
    return response;
  } catch (err) {
    const user = await currentUser();
    const kept = user && REVIEW.test(url.pathname) ? await (await caches.open(PAGES + user)).match(url.pathname) : undefined;
    return kept || (await caches.match("/offline.html")) || Response.error();
  }
}

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(STATIC).then((c) => c.put(request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Signing in or out forgets every kept page and the user (next-auth posts here): until a review page
  // names the new user, nothing is served offline.
  if (request.method === "POST" && (url.pathname === "/api/auth/signout" || url.pathname.startsWith("/api/auth/callback/"))) {
    event.waitUntil(setUser(null));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(fromNetworkThenPage(event, url));
  } else if (url.pathname.startsWith("/_next/static/") || url.pathname.startsWith("/icons/")) {
    event.respondWith(cacheFirst(request));
  }
});
