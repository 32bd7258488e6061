// Specter's Controller (specter/core/controller.py) and SPRAG's Controller
// (sprag/runtime/server.py) for compiled server code; both are Specter Services.
//
// SPRAG `Controller(**kwargs)`: `route` class attribute (the default route of emit_socket),
// `load()` → {}, `request` (this.request: the dispatcher hands each call a per-request view of
// the one controller instance, see requestView(); never stored), `app`, `redirect(...)`,
// `service(name)` / `queue(name)` / `enqueue(...)` / `job_status(...)` /
// `request_job_cancel(...)` with the real ActionDispatchError texts, `login` / `logout` /
// `set_active_profile` / `require_auth` over `request.session` and the `auth` provider,
// `emit_socket` / `emit_socket_refetch` / `emit_to_session` / `emit_to_caller` /
// `refetch_session`, and `build_events(handler)` (handler.on(event, fn, priority=100)).
//
// Also here: AnonymousAuthService (the default `auth` provider), the auth-requirement
// evaluation (evaluateAuthRequirement, authRedirectLocation: `/login?next=...`) and
// stampLoginSession, for the dispatcher and page renderer to share.

import * as $py from "../py/py.js";
import { pyfunction } from "./pyfn.js";
import { dispatchError, redirect } from "./outcome.js";
import { create_model } from "./model.js";
import { logMessage, reprNow, server, syncfunction } from "./context.js";
import {
  EMIT_REFETCH_SPEC,
  EMIT_SOCKET_SPEC,
  SpecterService,
  emitSocket,
  refetchEnvelope,
  resolveCleanup,
  stopService,
} from "./service.js";
import { QueueService } from "./queue.js";
import { urlsplit, urlunsplit } from "./urls.js";

// ------------------------------------------------------------------------- handler

/** The socket handler a controller's build_events(handler) fills: handler.on(event, fn, priority). */
export class ControllerHandler extends $py.object {}

$py.klass(ControllerHandler, "_ControllerHandler", {
  __init__: syncfunction("__init__", { params: ["name", "controller"] }, function (name, controller) {
    this.name = name;
    this._controller = controller;
    this._events = [];
    this._registered = true;
    this._cleanups = [];
    return null;
  }),
  on: syncfunction("on", { params: ["event", "callback", "priority"], defaults: { priority: 100 } }, function (event, callback, priority) {
    this._events.push([event, callback, priority]);
    return this;
  }),
  add_cleanup: syncfunction("add_cleanup", { params: ["fn"] }, function (fn) {
    if (typeof fn === "function") this._cleanups.push(fn);
    return this;
  }),
  setup: syncfunction("setup", { params: ["socketio"], defaults: { socketio: null } }, function () {
    this._registered = true;
    return this;
  }),
  teardown: pyfunction("teardown", {}, async function () {
    if (!this._registered) return this;
    while (this._cleanups.length > 0) {
      const fn = this._cleanups.pop();
      try {
        await $py.call(fn);
      } catch (error) {
        logMessage("warning", `[SPECTER] Failed to run cleanup for handler '${this.name}': ${await $py.str($py.pyerr(error))}`);
      }
    }
    this._events = [];
    this._registered = false;
    return this;
  }),
  stop: pyfunction("stop", {}, async function () {
    return $py.callm(this, "teardown");
  }),
});

function newHandler(name, controller) {
  const handler = new ControllerHandler();
  ControllerHandler.prototype.__init__.call(handler, name, controller);
  return handler;
}

// ------------------------------------------------------------------------- Specter Controller

/** `getattr(cls, attr)` for a class attribute declared by Python code (not JS's Function.name). */
function declaredClassAttribute(cls, attr) {
  for (let c = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const descriptor = Object.getOwnPropertyDescriptor(c, attr);
    if (descriptor && descriptor.enumerable) return { found: true, value: descriptor.value };
  }
  return { found: false, value: undefined };
}

/** specter.Controller */
export class SpecterController extends SpecterService {
  constructor() {
    super();
    this._blueprint = null;
    this._router = null;
    this._handler_instance = null;
  }

  get socketio() {
    return null;
  }
}

$py.klass(SpecterController, "Controller", {
  schemas: {},
  url_prefix: null,

  __init__: pyfunction("Controller.__init__", { params: ["name"], defaults: { name: null } }, async function (name) {
    let resolved = name;
    if (!$py.truthy(resolved)) {
      const declared = declaredClassAttribute(this.constructor, "name");
      resolved = declared.found ? declared.value : "controller";
    }
    await SpecterService.prototype.__init__.call(this, await $py.str(resolved));
    this._blueprint = null;
    this._router = null;
    this._handler_instance = null;
    return null;
  }),

  build_routes: syncfunction("build_routes", { params: ["router"] }, () => null),
  build_events: syncfunction("build_events", { params: ["handler"] }, () => null),

  build_blueprint: syncfunction("build_blueprint", { params: ["url_prefix"], defaults: { url_prefix: null } }, function () {
    throw new $py.NotImplementedError(
      "[SPRAG mock] Flask routes (build_routes / Router / json_endpoint) need a real SPRAG server.",
    );
  }),

  create_handler: pyfunction("create_handler", {}, async function () {
    if (this._handler_instance !== null) return this._handler_instance;
    const handler = newHandler(`${this.name}_events`, this);
    await $py.callm(this, "build_events", handler);
    this._handler_instance = handler;
    this._cleanups.push(resolveCleanup(handler));
    return handler;
  }),

  build_handler: pyfunction("build_handler", { params: ["socketio"], defaults: { socketio: null } }, async function () {
    return $py.callm(this, "create_handler");
  }),

  schema: syncfunction("schema", { params: ["name"] }, function (name) {
    const schemas = this.schemas ?? {};
    if (!Object.prototype.hasOwnProperty.call(schemas, name)) {
      throw new $py.KeyError(`[SPECTER:controller] '${this.name}' has no schema '${name}'. Available: ${reprNow(Object.keys(schemas))}`);
    }
    return schemas[name];
  }),

  create_model: pyfunction("create_model", { params: ["name", "initial_state"], defaults: { initial_state: null } }, async function (name, initial) {
    const model = await $py.call(create_model, name, initial);
    await $py.callm(this, "own", model);
    return model;
  }),

  create_store: syncfunction("create_store", { params: ["name", "initial_state"], defaults: { initial_state: null }, varkw: "kwargs" }, function () {
    throw new $py.NotImplementedError("[SPRAG mock] create_store() is not available in the mock server yet; use create_model() or store().");
  }),

  stop: pyfunction("stop", {}, async function () {
    if (this._handler_instance) {
      try {
        await $py.callm(this._handler_instance, "teardown");
      } catch (error) {
        logMessage("warning", `[SPECTER:controller] '${this.name}' handler teardown error: ${await $py.str($py.pyerr(error))}`);
      }
      this._handler_instance = null;
    }
    return stopService(this);
  }),

  health: syncfunction("health", {}, function () {
    const report = { status: this._running ? "ok" : "stopped", name: this.name };
    report.has_blueprint = this._blueprint !== null;
    report.has_handler = this._handler_instance !== null;
    if ($py.truthy(this.schemas)) report.schemas = Object.keys(this.schemas);
    return report;
  }),

  __repr__: syncfunction("__repr__", {}, function () {
    const parts = [`Controller '${this.name}'`];
    if ($py.truthy(this.schemas)) parts.push(`${Object.keys(this.schemas).length} schemas`);
    if (this._blueprint) parts.push("routes");
    if (this._handler_instance) parts.push("events");
    return `<${parts.join(", ")}>`;
  }),
});

/** Whether a controller class overrides build_events (flips the page's socket_bridge on). */
export function overridesBuildEvents(cls) {
  return cls.prototype.build_events !== SpecterController.prototype.build_events;
}

/**
 * The controller's inbound socket subscriptions (build_events run once):
 * [{event, callback, priority}], callbacks to call as `callback(payload)`.
 */
export async function socketHandlersOf(controller) {
  const handler = await $py.callm(controller, "create_handler");
  return handler._events.map(([event, callback, priority]) => ({ event, callback, priority }));
}

// ------------------------------------------------------------------------- auth helpers

/** SPRAG's AnonymousAuthService: the `auth` provider of apps without one. */
export class AnonymousAuthService extends $py.object {}

$py.klass(AnonymousAuthService, "AnonymousAuthService", {
  name: "auth",
  load_user: syncfunction("load_user", { params: ["session", "request"] }, () => null),
  load_active_profile: syncfunction("load_active_profile", { params: ["user", "session", "request"] }, () => null),
  authorize: syncfunction(
    "authorize",
    { params: ["user", "active_profile", "session", "request"], kwonly: ["roles", "permissions"], kwdefaults: { roles: null, permissions: null } },
    (_user, _profile, _session, _request, roles, permissions) => !$py.truthy(roles) && !$py.truthy(permissions),
  ),
  public_snapshot: syncfunction("public_snapshot", { params: ["user", "session", "request"] }, () => ({})),
  login_session: syncfunction(
    "login_session",
    { params: ["user", "session", "request", "extra_session"], defaults: { extra_session: null } },
    () => {
      throw new $py.RuntimeError("Controller.login(...) requires an app-level 'auth' provider.");
    },
  ),
  set_active_profile: syncfunction(
    "set_active_profile",
    { params: ["profile", "user", "session", "request", "extra_session"], defaults: { extra_session: null } },
    () => {
      throw new $py.RuntimeError("Controller.set_active_profile(...) requires an app-level 'auth' provider.");
    },
  ),
});

const defaultAuth = new AnonymousAuthService();

/** The auth provider: the context's, else the registry's "auth", else the anonymous one. */
export function resolveAuthService() {
  const context = server();
  return context.auth ?? context.registry.resolve("auth") ?? defaultAuth;
}

function sessionPolicy() {
  const policy = server().sessionPolicy ?? {};
  return {
    idle_ttl_seconds: policy.idle_ttl_seconds ?? null,
    absolute_ttl_seconds: policy.absolute_ttl_seconds ?? null,
    remember_me_ttl_seconds: policy.remember_me_ttl_seconds ?? null,
  };
}

export const SESSION_META_KEY = "__sprag_session__";

/** stamp_login_session(session, policy=, remember=): the session's login metadata. */
export async function stampLoginSession(session, { policy = sessionPolicy(), remember = false, now = null } = {}) {
  const timestamp = Math.floor(now ?? server().clock.now());
  const persistent = Boolean($py.truthy(remember) && policy.remember_me_ttl_seconds !== null);
  const candidates = [];
  if (policy.absolute_ttl_seconds !== null) candidates.push(timestamp + Math.trunc(policy.absolute_ttl_seconds));
  if (persistent) candidates.push(timestamp + Math.trunc(policy.remember_me_ttl_seconds));
  const absoluteExpiry = candidates.length > 0 ? Math.min(...candidates) : null;
  const meta = { created_at: timestamp, last_seen: timestamp, absolute_expiry: absoluteExpiry, remember_me: persistent };
  const clean = {};
  for (const [key, value] of Object.entries(meta)) if (value !== null) clean[key] = value;
  const stored = await $py.callm(session, "get", SESSION_META_KEY);
  const current = $py.isdict(stored) ? { ...stored } : {};
  if ($py.truthy(await $py.ne(current, clean))) await $py.callm(session, "set", SESSION_META_KEY, clean);
  return clean;
}

/** requires_auth's value normalisation: a tuple of non-empty stripped strings, or null. */
export async function normalizeAuthValues(values, label) {
  if (values === null || values === undefined) return null;
  let normalized;
  if (typeof values === "string") {
    normalized = [values.trim()];
  } else {
    let items;
    try {
      items = [...$py.iter(values)];
    } catch {
      throw new $py.TypeError(`requires_auth(..., ${label}=...) expects a string or iterable of strings.`);
    }
    normalized = [];
    for (const item of items) normalized.push((await $py.str(item)).trim());
  }
  const cleaned = normalized.filter((value) => value);
  return cleaned.length > 0 ? Object.freeze(cleaned) : null;
}

/** Python's urllib.parse.quote_plus. */
export function quotePlus(text) {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

function unquotePlus(text) {
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** urlencode(query, doseq=True) of a dict. */
export async function urlencode(query) {
  const parts = [];
  for (const [key, value] of Object.entries(query)) {
    const k = quotePlus(await $py.str(key));
    if (typeof value === "string") parts.push(`${k}=${quotePlus(value)}`);
    else if (Array.isArray(value) || value instanceof Set) {
      for (const item of value) parts.push(`${k}=${quotePlus(await $py.str(item))}`);
    } else parts.push(`${k}=${quotePlus(await $py.str(value))}`);
  }
  return parts.join("&");
}


function parseQsl(query) {
  const pairs = [];
  for (const part of query.split("&")) {
    if (!part) continue;
    const index = part.indexOf("=");
    const [name, value] = index < 0 ? [part, ""] : [part.slice(0, index), part.slice(index + 1)];
    pairs.push([unquotePlus(name), unquotePlus(value)]);
  }
  return pairs;
}

/** The location a 401 redirects to: `<redirect_to>?<next_param>=<path?query>`. */
export async function authRedirectLocation(requirement, request) {
  const path = $py.truthy(request?.path) ? request.path : "/";
  const query = $py.truthy(request?.query) ? request.query : {};
  const target = Object.keys(query).length > 0 ? `${path}?${await urlencode(query)}` : path;
  const parts = urlsplit(requirement.redirect_to || "/login");
  const pairs = parseQsl(parts.query);
  pairs.push([requirement.next_param || "next", target]);
  const encoded = pairs.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join("&");
  return urlunsplit({ ...parts, path: parts.path || "/login", query: encoded });
}

/** _evaluate_auth_requirement: null, or {status_code, message, redirect_location}. */
export async function evaluateAuthRequirement(requirement, request, auth = resolveAuthService()) {
  if (requirement === null || requirement === undefined) return null;
  const user = request?.user ?? null;
  if (user === null) {
    return { status_code: 401, message: "Authentication required.", redirect_location: await authRedirectLocation(requirement, request) };
  }
  const activeProfile = request?.active_profile ?? null;
  if (requirement.require_active_profile && activeProfile === null) {
    return { status_code: 403, message: "Active profile required.", redirect_location: null };
  }
  if (requirement.roles || requirement.permissions) {
    const allowed = await $py.truthy(
      await $py.callm(
        auth,
        "authorize",
        user,
        activeProfile,
        request.session,
        request,
        $py.kw({ roles: requirement.roles, permissions: requirement.permissions }),
      ),
    );
    if (!allowed) return { status_code: 403, message: "Forbidden.", redirect_location: null };
  }
  return null;
}

/** _enforce_auth_requirement: raises Redirect (401 on GET/BUILD load) or ActionDispatchError. */
export async function enforceAuthRequirement(requirement, request, methodName = null, auth = resolveAuthService()) {
  const failure = await evaluateAuthRequirement(requirement, request, auth);
  if (failure === null) return;
  const method = request?.method ?? "GET";
  if (failure.status_code === 401 && (method === "GET" || method === "BUILD") && (methodName === null || methodName === "load")) {
    throw await $py.call(redirect, failure.redirect_location);
  }
  throw dispatchError(failure.message, failure.status_code);
}

// ------------------------------------------------------------------------- SPRAG Controller

/**
 * The view of `controller` whose `request` is `request`: what the dispatcher calls load(),
 * actions and socket handlers on. Everything else reads and writes the controller itself.
 */
export function requestView(controller, request) {
  return new Proxy(controller, {
    get(target, key, receiver) {
      if (key === "request") return request;
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return key === "request" || Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === "request") return { value: request, writable: false, enumerable: false, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}

async function hydrate(request, methodName) {
  const hook = server().hydrateRequest;
  if (hook) return hook(request);
  if (request === null || request === undefined) {
    throw new $py.RuntimeError(`Controller.${methodName}() requires a current request context.`);
  }
  return request;
}

function requireRequest(self, methodName) {
  const request = self.request ?? null;
  if (request === null) throw new $py.RuntimeError(`Controller.${methodName}() requires a current request context.`);
  return request;
}

async function headerValue(headers, name) {
  if (!$py.truthy(headers)) return null;
  if (typeof headers.get === "function" && !$py.isdict(headers)) return headers.get(name) ?? null;
  return $py.callm(headers, "get", name);
}

/** sprag.Controller */
export class Controller extends SpecterController {
  constructor() {
    super();
    this._sprag_request_override = null;
    this._sprag_app = null;
  }

  /** The current request (the dispatcher's requestView supplies it), or the manual override. */
  get request() {
    return this._sprag_request_override ?? null;
  }

  set request(value) {
    this._sprag_request_override = value;
  }

  get app() {
    return this._sprag_app ?? null;
  }

  set app(value) {
    this._sprag_app = value;
  }
}

$py.klass(Controller, "Controller", {
  route: null,

  __init__: pyfunction("Controller.__init__", { varargs: "args", varkw: "kwargs" }, async function (args, kwargs) {
    if (args.length > 0) {
      // Python counts self: Controller.__init__(self, **kwargs) takes 1 positional argument.
      throw new $py.TypeError(`Controller.__init__() takes 1 positional argument but ${args.length + 1} were given`);
    }
    if (!Object.prototype.hasOwnProperty.call(kwargs, "name")) {
      const declared = declaredClassAttribute(this.constructor, "name");
      kwargs.name = declared.found ? declared.value : this.constructor.__name__;
    }
    await SpecterController.prototype.__init__.call(this, $py.kw(kwargs));
    this._sprag_request_override = null;
    this._sprag_app = null;
    return null;
  }),

  bind_app: syncfunction("bind_app", { params: ["app"] }, function (app) {
    this._sprag_app = app;
    return this;
  }),

  emit_socket: pyfunction("emit_socket", EMIT_SOCKET_SPEC, async function (event, data, target, route, clientId, sessionId, topic) {
    return emitSocket(event, data, { target, route, client_id: clientId, session_id: sessionId, topic }, { routeFrom: this, warn: true });
  }),

  emit_socket_refetch: pyfunction(
    "emit_socket_refetch",
    EMIT_REFETCH_SPEC,
    async function (action, payload, event, target, route, clientId, sessionId, topic) {
      if (route === null) route = $py.getattr(this, "route", null);
      const envelope = await refetchEnvelope(action, payload);
      return $py.callm(this, "emit_socket", event, envelope, $py.kw({ target, route, client_id: clientId, session_id: sessionId, topic }));
    },
  ),

  _require_request: syncfunction("_require_request", { params: ["method_name"] }, function (methodName) {
    return requireRequest(this, methodName);
  }),

  emit_to_session: pyfunction(
    "emit_to_session",
    { params: ["event", "data"], defaults: { data: null }, kwonly: ["topic"], kwdefaults: { topic: null } },
    async function (event, data, topic) {
      const request = requireRequest(this, "emit_to_session");
      return $py.callm(this, "emit_socket", event, data, $py.kw({ session_id: request.session_id ?? null, topic }));
    },
  ),

  emit_to_caller: pyfunction("emit_to_caller", { params: ["event", "data"], defaults: { data: null } }, async function (event, data) {
    const request = requireRequest(this, "emit_to_caller");
    let clientId = await headerValue(request.headers, "X-SPRAG-Socket-Id");
    if (!$py.truthy(clientId)) clientId = request.socket_id ?? null;
    if ($py.truthy(clientId)) return $py.callm(this, "emit_socket", event, data, $py.kw({ client_id: clientId }));
    return $py.callm(this, "emit_to_session", event, data);
  }),

  refetch_session: pyfunction(
    "refetch_session",
    { params: ["action", "payload"], defaults: { payload: null }, kwonly: ["event"], kwdefaults: { event: "sprag:refetch" } },
    async function (action, payload, event) {
      const request = requireRequest(this, "refetch_session");
      return $py.callm(this, "emit_socket_refetch", action, payload, $py.kw({ event, session_id: request.session_id ?? null }));
    },
  ),

  service: syncfunction("service", { params: ["name"] }, function (name) {
    return server().registry.require(name);
  }),

  queue: pyfunction("queue", { params: ["name"] }, async function (name) {
    const service = await $py.callm(this, "service", name);
    if (!(service instanceof QueueService)) {
      throw dispatchError(`Service ${reprNow(name)} is not a SPRAG QueueService.`, 500);
    }
    return service;
  }),

  enqueue: pyfunction(
    "enqueue",
    { params: ["queue_name", "payload"], kwonly: ["job_id", "label", "meta"], kwdefaults: { job_id: null, label: null, meta: null } },
    async function (queueName, payload, jobId, label, meta) {
      const queue = await $py.callm(this, "queue", queueName);
      const request = this.request ?? null;
      return $py.callm(
        queue,
        "enqueue_job",
        payload,
        $py.kw({
          job_id: jobId,
          label,
          meta,
          route: $py.getattr(this, "route", null),
          session_id: request !== null ? (request.session_id ?? null) : null,
        }),
      );
    },
  ),

  job_status: pyfunction("job_status", { params: ["queue_name", "job_id"] }, async function (queueName, jobId) {
    const queue = await $py.callm(this, "queue", queueName);
    const snapshot = await $py.callm(queue, "get_job", jobId);
    if (snapshot === null) {
      throw dispatchError(`Unknown job ${reprNow(jobId)} for queue ${reprNow(queueName)}.`, 404);
    }
    return $py.callm(queue, "job_action_result", $py.kw({ job_id: jobId, accepted: true }));
  }),

  request_job_cancel: pyfunction("request_job_cancel", { params: ["queue_name", "job_id"] }, async function (queueName, jobId) {
    const queue = await $py.callm(this, "queue", queueName);
    const snapshot = await $py.callm(queue, "get_job", jobId);
    if (snapshot === null) {
      throw dispatchError(`Unknown job ${reprNow(jobId)} for queue ${reprNow(queueName)}.`, 404);
    }
    return $py.callm(queue, "request_cancel", jobId);
  }),

  load: syncfunction("load", {}, () => ({})),

  redirect: pyfunction(
    "redirect",
    { params: ["location"], kwonly: ["status", "replace"], kwdefaults: { status: 302, replace: null } },
    async function (location, status, replace) {
      return $py.call(redirect, location, $py.kw({ status, replace }));
    },
  ),

  login: pyfunction(
    "login",
    {
      params: ["user"],
      kwonly: ["viewer", "active_profile", "extra_session", "remember"],
      kwdefaults: { viewer: null, active_profile: null, extra_session: null, remember: false },
    },
    async function (user, viewer, activeProfile, extraSession, remember) {
      const request = await hydrate(this.request ?? null, "login");
      const auth = resolveAuthService();
      await $py.callm(request.session, "rotate");
      await stampLoginSession(request.session, { remember });
      const sessionPayload = $py.truthy(extraSession) ? await $py.call($py.builtins.dict, extraSession) : {};
      if (viewer !== null && !Object.prototype.hasOwnProperty.call(sessionPayload, "viewer")) sessionPayload.viewer = viewer;
      await $py.callm(
        auth,
        "login_session",
        user,
        request.session,
        request,
        $py.kw({ extra_session: Object.keys(sessionPayload).length > 0 ? sessionPayload : null }),
      );
      $py.setattr(request, "user", user);
      if (activeProfile !== null) {
        const extra = $py.truthy(extraSession) ? await $py.call($py.builtins.dict, extraSession) : {};
        await $py.callm(
          auth,
          "set_active_profile",
          activeProfile,
          user,
          request.session,
          request,
          $py.kw({ extra_session: Object.keys(extra).length > 0 ? extra : null }),
        );
      }
      $py.setattr(request, "active_profile", await $py.callm(auth, "load_active_profile", user, request.session, request));
      return user;
    },
  ),

  set_active_profile: pyfunction(
    "set_active_profile",
    { params: ["profile"], kwonly: ["extra_session"], kwdefaults: { extra_session: null } },
    async function (profile, extraSession) {
      const request = await hydrate(this.request ?? null, "set_active_profile");
      const auth = resolveAuthService();
      const extra = $py.truthy(extraSession) ? await $py.call($py.builtins.dict, extraSession) : {};
      await $py.callm(
        auth,
        "set_active_profile",
        profile,
        request.user ?? null,
        request.session,
        request,
        $py.kw({ extra_session: Object.keys(extra).length > 0 ? extra : null }),
      );
      const active = await $py.callm(auth, "load_active_profile", request.user ?? null, request.session, request);
      $py.setattr(request, "active_profile", active);
      return active;
    },
  ),

  require_auth: pyfunction(
    "require_auth",
    {
      kwonly: ["roles", "permissions", "require_active_profile", "redirect_to", "next_param"],
      kwdefaults: { roles: null, permissions: null, require_active_profile: false, redirect_to: "/login", next_param: "next" },
    },
    async function (roles, permissions, requireActiveProfile, redirectTo, nextParam) {
      const request = await hydrate(this.request ?? null, "require_auth");
      const requirement = {
        roles: await normalizeAuthValues(roles, "roles"),
        permissions: await normalizeAuthValues(permissions, "permissions"),
        require_active_profile: Boolean(await $py.truthy(requireActiveProfile)),
        redirect_to: await $py.str($py.truthy(redirectTo) ? redirectTo : "/login"),
        next_param: await $py.str($py.truthy(nextParam) ? nextParam : "next"),
      };
      await enforceAuthRequirement(requirement, request, null);
      return request.user ?? null;
    },
  ),

  logout: pyfunction("logout", {}, async function () {
    const request = await hydrate(this.request ?? null, "logout");
    await $py.callm(request.session, "invalidate");
    $py.setattr(request, "user", null);
    $py.setattr(request, "active_profile", null);
    return null;
  }),
});
