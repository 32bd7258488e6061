// The preview host: owns the mock SPRAG server (a Web Worker, www/mock/worker.js) and shows
// the app in an iframe whose requests the service worker (sw.js) relays here, and whose
// sockets and event streams the page shim (shim.js) sends here.
//
//   /__spragc__/preview/?project=<url of {files: {path: source}}>&route=/counter[&dev=0][&timeout=ms]
//
// The playground will embed this page; tests read `window.spragcPreview`:
//   ready     Promise of {diagnostics, timings, pages, mounts}
//   events    the inspector's event stream so far ({seq, time, type, data})
//   load(files, options)  compile and restart the server with new files
//   request({method, path, query, headers, body})  one request to the mock server
//   frame     the app iframe

const params = new URLSearchParams(location.search);
const statusEl = document.getElementById("status");
const frame = document.getElementById("app");
const events = [];
let worker = null;
let loadWaiter = null;

function status(text) {
  statusEl.textContent = text;
}

/** How long a request may keep the server busy before the worker is stopped and restarted. */
const REQUEST_TIMEOUT_MS = Number(params.get("timeout") ?? 30_000);
let lastLoad = null;

/**
 * Hand one request to the worker; answer `port` with its response. A request that does not
 * finish in time (an endless loop in server code) stops the worker, which is restarted with
 * the same files, and gets SPRAG's error envelope naming what happened.
 */
function forward(message, port) {
  const channel = new MessageChannel();
  let done = false;
  const timer = setTimeout(async () => {
    if (done) return;
    done = true;
    const error = `[SPRAG mock] The server code did not answer ${message.request.method} ${message.request.path} within ${REQUEST_TIMEOUT_MS / 1000} s (an endless loop?): the mock server was stopped and restarted.`;
    events.push({ seq: -1, time: Date.now(), type: "server.stopped", data: { reason: error } });
    port.postMessage({ status: 504, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ error, ok: false }) });
    startWorker();
    if (lastLoad) await load(lastLoad.files, lastLoad.options).catch(() => {});
  }, REQUEST_TIMEOUT_MS);
  channel.port1.onmessage = (e) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    port.postMessage(e.data);
  };
  worker.postMessage(message, [channel.port2]);
}

async function serviceWorker() {
  await navigator.serviceWorker.register("/__spragc__/preview/sw.js", { scope: "/", type: "classic" });
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  }
  // Requests of the app's pages, relayed by the service worker.
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type === "spragc-http") forward({ type: "http", request: event.data.request }, event.ports[0]);
  });
}

function startWorker() {
  worker?.terminate();
  worker = new Worker("/__spragc__/mock/worker.js", { type: "module" });
  worker.onmessage = (event) => {
    const m = event.data;
    if (m.type === "event") events.push(m.event);
    else if (m.type === "loaded" || m.type === "load-error") loadWaiter?.(m);
  };
  worker.onerror = (event) => loadWaiter?.({ type: "load-error", error: event.message });
}

/** Compile `files` and (re)start the mock server with them. */
async function load(files, options = {}) {
  if (!worker) startWorker();
  lastLoad = { files, options };
  const done = new Promise((resolve) => {
    loadWaiter = resolve;
  });
  worker.postMessage({ type: "load", project: files, options });
  // Module-level server code that never finishes (an endless loop) must not hang the preview.
  const timeout = new Promise((resolve) => setTimeout(() => resolve({ type: "load-error", error: `[SPRAG mock] The server code did not finish starting within ${REQUEST_TIMEOUT_MS / 1000} s (an endless loop?): the mock server was stopped.`, timedOut: true }), REQUEST_TIMEOUT_MS));
  const result = await Promise.race([done, timeout]);
  if (result.timedOut) startWorker();
  if (result.type === "load-error") throw new Error(result.error);
  return result;
}

/** One HTTP request to the mock server (as the app page would send it), for tools and tests. */
function request(req) {
  const channel = new MessageChannel();
  const reply = new Promise((resolve) => {
    channel.port1.onmessage = (e) => resolve(e.data);
  });
  worker.postMessage({ type: "http", request: { method: "GET", query: "", headers: {}, body: "", ...req } }, [channel.port2]);
  return reply;
}

// Sockets and event streams of the app page (shim.js).
window.addEventListener("message", (event) => {
  const type = event.data?.type;
  if (event.source !== frame.contentWindow || !event.ports[0]) return;
  if (type === "spragc-socket") worker.postMessage({ type: "socket", url: event.data.url }, [event.ports[0]]);
  else if (type === "spragc-events") worker.postMessage({ type: "events", url: event.data.url }, [event.ports[0]]);
});

async function main() {
  status("starting the service worker…");
  await serviceWorker();
  const url = params.get("project");
  if (!url) {
    status("no project: open ?project=<url>&route=/path");
    return null;
  }
  status("compiling…");
  const project = await (await fetch(url)).json();
  const result = await load(project.files, { devReload: params.get("dev") !== "0", env: project.env ?? {} });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  status(errors.length ? `${errors.length} error(s): ${errors[0].file}:${errors[0].line}:${errors[0].column} ${errors[0].message}` : "");
  frame.src = params.get("route") || result.pages[0] || "/";
  return result;
}

window.spragcPreview = { events, frame, load, request, ready: main() };
