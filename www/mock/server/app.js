// The mock SPRAG server: boots an app compiled by spragc's server target and answers HTTP
// requests and socket connections the way `sprag dev` does.
//
//   const server = new MockServer({ env, readFile, log });
//   await server.boot({ paths, importModule });        // compiled modules: app/__init__.js, ...
//   const response = await server.request({ method, path, query, headers, body });
//   const socket = server.openSocket({ cookie, send });  socket.receive(text); socket.close();
//
// Boot follows sprag's App.boot: import the app package (its `App(...)`), the stores, then
// discovery (every page.js / mount.js); providers go into the registry under their key and
// their `name`, and are started in declaration order; then one controller per surface is
// created and started, and its build_events() subscriptions become socket ingress handlers.
// Requests: page GETs render through pages.js; POST …/__sprag__/actions goes through the
// dispatcher of actions.js; everything is matched by path suffix so a base prefix works.

import * as $py from "../py/py.js";
import { dispatchRequest, encodeBody, JSON_CONTENT_TYPE } from "./actions.js";
import { bus, setBroadcastSink } from "./bus.js";
import { requestView, socketHandlersOf } from "./controller.js";
import { resetServer, setServer } from "./context.js";
import { reset_store_registry, setModelEventBus } from "./model.js";
import { declaredApps, declaredMounts, declaredPages, PageRequest, renderRequest, resetDeclaredSurfaces } from "./pages.js";
import { setEnviron } from "./browser.js";
import { registry } from "./registry.js";
import { inferPages } from "./infer.js";
import { SessionStore } from "./sessions.js";
import { SocketHub } from "./sockets.js";
import { handleUpload } from "./uploads.js";

export const SESSION_COOKIE = "SPRAG_SID";

/** `SPRAG_SID=<id>; Path=/; HttpOnly; SameSite=Lax`, as the real server sets it. */
export function sessionCookie(id) {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
}

/** The SPRAG_SID value of a Cookie header. */
export function sessionIdFromCookie(cookie) {
  for (const part of String(cookie ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=");
  }
  return null;
}

/** `?a=1&b=2` as sprag reads it: one value per name, a list when repeated, blanks dropped. */
export function parseQuery(search) {
  const query = {};
  for (const [key, value] of new URLSearchParams(search ?? "")) {
    if (!value) continue;
    if (!(key in query)) query[key] = value;
    else query[key] = [].concat(query[key], value);
  }
  return query;
}

export class MockServer {
  /**
   * @param {object} options
   *   env        public environment (`env()` / payload.env)
   *   readFile   path -> text, for shell templates (optional)
   *   log        (type, data) -> void: the inspector's event stream
   *   devReload  behave like `sprag dev` (default true: broadcasts reach the page)
   */
  constructor({ env = {}, readFile = null, log = () => {}, devReload = true } = {}) {
    this.env = env;
    this.readFile = readFile;
    this.log = log;
    this.devReload = devReload;
    this.sessions = new SessionStore();
    this.controllers = new Map();
    this.ingress = new Map();
    this.app = null;
    this.broadcasts = new Set();
    this.hub = new SocketHub({ onEmit: (conn, event, payload) => this.socketIngress(conn, event, payload), log });
  }

  /**
   * Import the compiled app and start it. `importModule(path)` returns a module namespace;
   * `importAll(paths)` (optional, faster) imports them all at once, evaluating in that order.
   */
  async boot({ paths, importModule, importAll = null }) {
    resetDeclaredSurfaces();
    await reset_store_registry();
    registry.clear();
    resetServer({
      sockets: { emit: (target) => this.hub.emit(target) },
      log: (type, data) => this.log(type, data),
      hydrateRequest: (request) => this.hydrateRequest(request),
    });
    setEnviron(this.env);
    setModelEventBus(bus);
    setBroadcastSink((payload) => this.broadcast(payload));
    const t0 = performance.now();
    const order = bootOrder(paths);
    if (importAll) {
      this.log("boot.import", { paths: order });
      await importAll(order);
    } else {
      for (const path of order) {
        this.log("boot.import", { path });
        await importModule(path);
      }
    }
    // Route folders without page.py get a page inferred from their classes.
    const namespaces = new Map();
    for (const path of order) if (/^app\/routes(\/.+)?\/(components|modules|server|page)\.js$/.test(path)) namespaces.set(path, await importModule(path));
    await inferPages(namespaces);
    const t1 = performance.now();
    this.app = declaredApps.at(-1) ?? null;
    if (this.app) this.app._sprag_dev_reload = this.devReload;
    await this.startProviders();
    const t2 = performance.now();
    for (const page of declaredPages) if (page.controller) await this.controllerFor(page, "page");
    for (const mount of declaredMounts) if (mount.boot) await this.controllerFor(mount, "mount");
    /** Milliseconds spent importing the modules, starting providers, starting controllers. */
    this.bootTimings = { imports: t1 - t0, providers: t2 - t1, controllers: performance.now() - t2 };
    this.log("boot.ready", { pages: declaredPages.map((p) => p.path), mounts: declaredMounts.map((m) => m.path), timings: this.bootTimings });
  }

  async startProviders() {
    const providers = this.app?.providers ?? {};
    for (const [key, provider] of Object.entries(providers)) {
      await $py.callm(registry, "provide", key, provider, $py.kw({ replace: true }));
      const alias = provider?.name;
      if (typeof alias === "string" && alias && alias !== key) await $py.callm(registry, "provide", alias, provider, $py.kw({ replace: true }));
    }
    for (const [key, provider] of Object.entries(providers)) {
      if (provider && typeof provider.start === "function" && !provider.running) {
        this.log("service.start", { name: key });
        await $py.callm(provider, "start");
      }
    }
  }

  /** The one controller of a surface (created and started on first use). */
  async controllerFor(surface, kind, request = null) {
    let controller = this.controllers.get(surface);
    if (!controller) {
      const cls = kind === "page" ? surface.controller : surface.boot;
      controller = await $py.call(cls);
      if (this.app) await $py.callm(controller, "bind_app", this.app);
      this.controllers.set(surface, controller);
      await $py.callm(controller, "start");
      for (const handler of await socketHandlersOf(controller)) {
        const list = this.ingress.get(handler.event) ?? [];
        list.push({ ...handler, controller });
        list.sort((a, b) => b.priority - a.priority);
        this.ingress.set(handler.event, list);
      }
    }
    return request ? requestView(controller, request) : controller;
  }

  /** Stop every controller and provider (reverse order). */
  async stop() {
    for (const controller of [...this.controllers.values()].reverse()) await $py.callm(controller, "stop");
    for (const provider of Object.values(this.app?.providers ?? {}).reverse()) {
      if (provider && typeof provider.stop === "function") await $py.callm(provider, "stop");
    }
    for (const conn of [...this.hub.connections.values()]) this.hub.disconnect(conn);
  }

  // ----------------------------------------------------------------------- requests

  /** The request's session (from the cookie) with user and active profile loaded. */
  async hydrateRequest(request) {
    if (!request.session) {
      const session = this.sessions.open(request.session_id ?? null);
      request.session = session;
      request.session_id = session.id;
    }
    const auth = this.app?.providers?.auth;
    if (auth) {
      request.user = await $py.callm(auth, "load_user", request.session, request);
      request.active_profile = await $py.callm(auth, "load_active_profile", request.user, request.session, request);
    }
    return request;
  }

  /** One HTTP request: {method, path, query, headers, body} -> {status, headers, body}. */
  async request({ method = "GET", path = "/", query = "", headers = {}, body = "" }) {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const sessionId = sessionIdFromCookie(lower.cookie);
    const text = typeof body === "string" ? body : lower["content-type"]?.startsWith("multipart/") ? `(${body.length} bytes)` : new TextDecoder().decode(body);
    this.log("http.request", { method, path, query, body: text });
    const response = await this.route({ method, path, query, headers: lower, body, sessionId });
    this.log("http.response", { method, path, status: response.status, body: response.body });
    return response;
  }

  async route({ method, path, query, headers, body, sessionId }) {
    if (path.includes("/__sprag__/uploads")) return handleUpload(this, { method, path, query, headers, body, sessionId });
    if (path.endsWith("/__sprag__/actions")) {
      if (method !== "POST") return text(404, "Not Found");
      return this.action({ headers, body, sessionId });
    }
    if (method !== "GET") return text(405, "Method Not Allowed");
    return this.page({ path, query, headers, sessionId });
  }

  async newRequest(fields, sessionId) {
    const request = await $py.call(PageRequest, fields.path, $py.kw({ query: fields.query ?? {}, headers: fields.headers ?? {}, method: fields.method }));
    request.session_id = sessionId;
    return this.hydrateRequest(request);
  }

  async action({ headers, body, sessionId }) {
    const request = await this.newRequest({ path: "/", method: "POST", headers }, sessionId);
    const response = await dispatchRequest(this.dispatcher(), typeof body === "string" ? body : new TextDecoder().decode(body), request);
    return withSession({ status: response.status, headers: { "content-type": response.contentType }, body: response.text }, request, sessionId);
  }

  async page({ path, query, headers, sessionId }) {
    const request = await this.newRequest({ path, query: parseQuery(query), headers, method: "GET" }, sessionId);
    const response = await renderRequest({
      path,
      query: request.query,
      request,
      app: this.app,
      controllerFor: (surface, kind) => this.controllerFor(surface, kind, request),
      readFile: this.readFile,
      env: this.env,
      devReload: this.devReload,
    });
    if (response === null) return withSession(text(404, "Not Found"), request, sessionId);
    if (response.location) return withSession({ status: response.status, headers: { location: response.location }, body: "" }, request, sessionId);
    return withSession({ status: response.status, headers: { "content-type": "text/html; charset=utf-8" }, body: response.html, payload: response.payload }, request, sessionId);
  }

  /** What actions.js's dispatcher needs of the server (its `app` object). */
  dispatcher(extra = {}) {
    return {
      pages: declaredPages,
      mounts: declaredMounts,
      controllerFor: (surface, kind, req) => this.controllerFor(surface, kind, req),
      auth: this.authChecks(),
      devReload: this.devReload,
      onDeferredDone: (payload, { event, session_id, route }) => this.hub.emit({ event, payload, session_id, route }),
      ...extra,
    };
  }

  /** The dispatcher's auth checks, through the app's `auth` provider. */
  authChecks() {
    const auth = () => this.app?.providers?.auth ?? null;
    return {
      isAuthenticated: (request) => request?.user !== null && request?.user !== undefined,
      hasActiveProfile: (request) => request?.active_profile !== null && request?.active_profile !== undefined,
      authorize: async (request, { roles, permissions }) => {
        const provider = auth();
        if (!provider) return !roles && !permissions;
        return $py.callm(provider, "authorize", request.user, request.active_profile, request.session, request, $py.kw({ roles, permissions }));
      },
    };
  }

  // ----------------------------------------------------------------------- sockets and broadcasts

  /** A socket connection of a page whose Cookie header is `cookie`. */
  openSocket({ cookie, send }) {
    const sessionId = sessionIdFromCookie(cookie) ?? this.sessions.open(null).id;
    const conn = this.hub.connect({ sessionId, send });
    return { id: conn.id, receive: (frame) => this.hub.receive(conn, frame), close: () => this.hub.disconnect(conn) };
  }

  /** C→S emit frames: every controller handler subscribed to `event`, with a SOCKET request. */
  async socketIngress(conn, event, payload) {
    for (const handler of this.ingress.get(event) ?? []) {
      const request = await this.newRequest({ path: conn.route, method: "SOCKET", headers: { "X-SPRAG-Socket-Id": conn.id } }, conn.session_id);
      request.socket_id = conn.id;
      // A bound method of the controller runs on the request's view of it, so
      // `self.request` is this socket request (sprag runs handlers in a request context).
      const view = requestView(handler.controller, request);
      const callback = handler.callback;
      const rebound = callback.__self__ === handler.controller && callback.__func__ ? (...args) => callback.__func__.apply(view, args) : callback;
      try {
        await $py.call(rebound, payload);
      } catch (error) {
        this.log("socket.handler_error", { event, error: String($py.pyerr(error)) });
      }
    }
  }

  /** Pages subscribe to server broadcasts (`bus.emit("sprag:broadcast", ...)`). */
  onBroadcast(fn) {
    this.broadcasts.add(fn);
    return () => this.broadcasts.delete(fn);
  }

  broadcast(payload) {
    this.log("broadcast", { payload });
    if (!this.devReload) return;
    for (const fn of this.broadcasts) fn(payload);
  }
}

/** Import order: the app package, the stores, then everything else (discovery order). */
export function bootOrder(paths) {
  const rank = (path) => (path === "app/__init__.js" ? 0 : path === "app/stores.js" ? 1 : 2);
  return [...paths].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function text(status, body) {
  return { status, headers: { "content-type": "text/plain; charset=utf-8" }, body };
}

/** Set-Cookie when the request came without a session or the session id changed. */
function withSession(response, request, sessionIdBefore) {
  const id = request.session?.id ?? request.session_id;
  if (id && id !== sessionIdBefore) response.headers["set-cookie"] = sessionCookie(id);
  return response;
}

export { bus, encodeBody, JSON_CONTENT_TYPE };
