// The mock SPRAG server in a Web Worker. The preview host (www/preview/host.js) sends it a
// project (path -> source); the worker compiles the browser side (spragc compileProject) and
// the server side (compileServer) with the WebAssembly build, boots a MockServer on the
// compiled server modules, and from then on answers, through MessagePorts the host hands it:
//   {type: "http", request}     every request of the preview page (pages, actions, uploads,
//                               and the site's static files: generated JS, runtime, Ragot)
//   {type: "socket"}            a WebSocket of the page (frames both ways)
//   {type: "events"}            the broadcast stream (what EventSource reads under sprag dev)
// and posts the inspector's event stream to the host: {type: "event", event: {seq, time, type, data}}.
// A runaway loop in server code blocks only this worker: the host can terminate and restart it.

import init, { compileProject, compileServer } from "../pkg/web/spragc.js";
import * as $py from "./py/py.js";
import { MockServer, sessionIdFromCookie } from "./server/app.js";
import { buildSite, contentType } from "./site.js";
import { moduleLoader } from "./loader.js";
import { declaredMounts, declaredPages } from "./server/pages.js";

const RUNTIME_FILES = ["actions.js", "boot.js", "dev_overlay.js", "dev_reload.js", "hydration.js", "metadata.js", "navigation.js", "registry.js", "sockets.js", "surface_root.js", "uploads.js", "urls.js"];

let server = null;
let site = new Map();
let cookie = null;
let seq = 0;
let assets = null;
const pending = [];
/** The load in progress, if any: requests that arrive meanwhile wait for its server. */
let booting = null;

function publish(type, data) {
  self.postMessage({ type: "event", event: { seq: ++seq, time: Date.now(), type, data: toPlain(data) } });
}

/** Structured-clone-safe copy of inspector data (Python objects become their repr). */
function toPlain(value) {
  try {
    return JSON.parse(JSON.stringify(value ?? null, (_k, v) => (typeof v === "function" ? `<function ${v.__name__ ?? v.name}>` : v instanceof Set ? [...v] : v)));
  } catch {
    return String(value);
  }
}

/** SPRAG's browser runtime and Ragot, fetched once from the preview server. */
async function loadAssets(base) {
  if (assets) return assets;
  const files = { "vendor/ragot.esm.min.js": `${base}/assets/ragot.esm.min.js` };
  for (const name of RUNTIME_FILES) files[`runtime/${name}`] = `${base}/assets/runtime/${name}`;
  const out = {};
  await Promise.all(Object.entries(files).map(async ([path, url]) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`[spragc preview] ${url}: HTTP ${response.status} (run scripts/setup-reference.sh)`);
    out[path] = await response.text();
  }));
  assets = out;
  return out;
}

async function load({ project, options = {} }) {
  const t0 = performance.now();
  const base = new URL("..", import.meta.url).href.replace(/\/$/, "");
  await init();
  const [runtimeAssets] = await Promise.all([loadAssets(base)]);
  const t1 = performance.now();
  const browser = compileProject(project, {});
  const serverFiles = compileServer(project, { runtime: `${base}/mock`, sourceMap: "inline" });
  const t2 = performance.now();
  const diagnostics = [...browser.diagnostics, ...serverFiles.diagnostics];
  if (server) await server.stop();
  const tStopped = performance.now();
  $py.setPrintHook((text) => publish("print", { text }));
  server = new MockServer({
    env: options.env ?? {},
    devReload: options.devReload ?? true,
    readFile: (path) => project[path] ?? null,
    log: (type, data) => publish(type, data),
  });
  cookie = null;
  const load = moduleLoader(Object.fromEntries(serverFiles.files.map((f) => [f.path, f.code])));
  const tUrls = performance.now();
  await server.boot({
    paths: serverFiles.files.map((f) => f.path),
    importModule: (path) => load(path),
    importAll: async (order) => {
      for (const path of order) await load(path);
    },
  });
  const tBooted = performance.now();
  site = buildSite({ project, compiled: browser, assets: runtimeAssets, surfaces: { pages: declaredPages, mounts: declaredMounts } });
  const t3 = performance.now();
  const timings = {
    assets: t1 - t0,
    compile: t2 - t1,
    boot: t3 - t2,
    total: t3 - t0,
    boot_stop_previous: tStopped - t2,
    boot_loader: tUrls - tStopped,
    boot_site: t3 - tBooted,
    ...Object.fromEntries(Object.entries(server.bootTimings).map(([k, v]) => [`boot_${k}`, v])),
  };
  publish("server.ready", { timings, pages: declaredPages.map((p) => p.path), mounts: declaredMounts.map((m) => m.path) });
  return { diagnostics, timings, pages: declaredPages.map((p) => p.path), mounts: declaredMounts.map((m) => m.path) };
}

/** One HTTP request of the preview page. */
async function http(request) {
  const path = request.path.replace(/^\/+/, "");
  if (request.method === "GET" && site.has(path)) {
    return { status: 200, headers: { "content-type": contentType(path), "cache-control": "no-store" }, body: site.get(path) };
  }
  if (!server) return { status: 503, headers: { "content-type": "text/plain; charset=utf-8" }, body: "[spragc preview] the mock server is not running" };
  const headers = { ...(request.headers ?? {}) };
  if (cookie) headers.cookie = `SPRAG_SID=${cookie}`;
  const response = await server.request({ ...request, headers });
  const set = response.headers["set-cookie"];
  if (set) cookie = sessionIdFromCookie(set.split(";")[0]);
  delete response.headers["set-cookie"];
  if (typeof response.body === "string" && response.headers["content-type"]?.startsWith("text/html")) {
    // The page's wire shims (fake WebSocket and EventSource) load before anything else.
    response.body = response.body.replace(/<head>/i, '<head>\n  <script src="/__spragc__/preview/shim.js"></script>');
  }
  delete response.payload;
  return response;
}

function openSocket(port) {
  const socket = server.openSocket({ cookie: cookie ? `SPRAG_SID=${cookie}` : "", send: (text) => port.postMessage({ type: "message", data: text }) });
  port.onmessage = (e) => {
    if (e.data.type === "send") socket.receive(e.data.data);
    else if (e.data.type === "close") socket.close();
  };
  port.postMessage({ type: "open" });
}

function openEvents(port) {
  const sorted = (value) => JSON.stringify(value, (_k, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
  server.onBroadcast((payload) => port.postMessage({ type: "message", data: sorted(payload) }));
  port.postMessage({ type: "open" });
}

async function handle(message, port) {
  // While the server (re)starts, the old one is stopping and the site is about to change:
  // requests, sockets and event streams (a reload right after an edit) are served by the
  // new server, as the real server's listening socket would keep them until it is up.
  if (message.type !== "load" && booting) await booting.catch(() => {});
  switch (message.type) {
    case "load": {
      const task = load(message);
      booting = task;
      try {
        self.postMessage({ type: "loaded", ...(await task) });
      } catch (error) {
        self.postMessage({ type: "load-error", error: String(error?.stack ?? error) });
      } finally {
        if (booting === task) booting = null;
      }
      return;
    }
    case "http":
      try {
        port.postMessage(await http(message.request));
      } catch (error) {
        port.postMessage({ status: 500, headers: { "content-type": "text/plain; charset=utf-8" }, body: `[spragc preview] ${error?.stack ?? error}` });
      }
      return;
    case "socket":
      return openSocket(port);
    case "events":
      return openEvents(port);
  }
}

self.onmessage = (event) => {
  const task = handle(event.data, event.ports[0]);
  pending.push(task);
  task.finally(() => pending.splice(pending.indexOf(task), 1));
};
