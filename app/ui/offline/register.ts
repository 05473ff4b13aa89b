// Registers the service worker (public/sw.js) and names the signed-in user to it, with the build assets
// this page loaded, so that the review page and its scripts are there offline. Sign-out makes the worker
// forget every kept page.
export function registerServiceWorker(userId: string): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      const assets = performance
        .getEntriesByType("resource")
        .map((e) => e.name)
        .filter((u) => new URL(u).pathname.startsWith("/_next/static/"));
      // The worker keeps this page if it does not hold it yet (e.g. loaded before the worker controlled it).
      reg.active?.postMessage({ type: "user", userId, assets, page: location.pathname });
    })
    .catch(() => undefined); // No worker (private mode, old browser): review still works online.
}
