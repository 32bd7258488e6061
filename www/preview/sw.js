// The preview's service worker (scope "/"): every request of the app's pages that is not the
// preview's own machinery (/__spragc__/...) is relayed to the preview host page, whose Web
// Worker runs the mock SPRAG server and holds the site's files. Stateless on purpose: the
// browser may stop and restart it at any time without losing the server.

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function hostClient() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  return windows.find((c) => new URL(c.url).pathname.startsWith("/__spragc__/preview/")) ?? null;
}

async function relay(request) {
  const host = await hostClient();
  if (!host) return new Response("[spragc preview] the preview host page is not open", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  const url = new URL(request.url);
  const headers = {};
  for (const [k, v] of request.headers) headers[k] = v;
  const body = request.method === "GET" || request.method === "HEAD" ? "" : new Uint8Array(await request.arrayBuffer());
  const channel = new MessageChannel();
  const reply = new Promise((resolve) => {
    channel.port1.onmessage = (e) => resolve(e.data);
  });
  host.postMessage({ type: "spragc-http", request: { method: request.method, path: url.pathname, query: url.search.slice(1), headers, body } }, [channel.port2]);
  const response = await reply;
  return new Response(response.status === 204 || response.status === 304 ? null : response.body, { status: response.status, headers: response.headers });
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/__spragc__/")) return;
  event.respondWith(relay(event.request));
});
