// Specter's lifecycle Service (specter/core/lifecycle.py) and SPRAG's server Service
// (sprag/runtime/server.py) for compiled server code.
//
// `SpecterService(name, initial_state=None)`: start()/stop() (idempotent; stop runs on_stop,
// cancels intervals, timeouts and greenlets, drops bus subscriptions, stops adopted children in
// reverse order, runs cleanups LIFO, clears state subscribers, then running=False),
// interval/timeout/spawn/spawn_later with their cancel_* (RuntimeError before start(), with
// the real texts), listen/emit on the server bus, add_cleanup/own/adopt, set_state/get_state/
// state, subscribe(fn(state, service), immediate, owner)/watch, health().
//
// `Service` (SPRAG) adds subscribe(fn(snapshot)) / subscribe(store, fn), watch_state(fn),
// emit_socket(...) / emit_socket_refetch(...) (default route: the `route` attribute, none
// meaning every connection) and the browser-only stubs on/off/delegate/on_socket/off_socket/
// call_action, which raise the real RuntimeError.
//
// Every call into user code is awaited, and every method is awaitable. Errors the real
// runtime logs are published as inspector "log" events (context.js). Timers use the
// context's clock. Also exported: socket_target(), resolveSocketTarget(), emitSocket() and
// resolveCleanup(), shared with queue.js and controller.js.

import * as $py from "../py/py.js";
import { pyfunction } from "./pyfn.js";
import {
  errorText,
  isCallable,
  log,
  logMessage,
  randomHex,
  reprNow,
  sameCallable,
  server,
  syncfunction,
  typeName,
} from "./context.js";
import { GreenletExit, greenletSleep, killGreenlet, startGreenlet } from "../lib/gevent.js";

// ------------------------------------------------------------------------- helpers

/** Python's dict(x) for a state mapping (a shallow copy). */
function copyDict(value) {
  if ($py.isdict(value)) return Object.assign({}, value);
  return $py.call($py.builtins.dict, value);
}

/** `self.state.update(partial)`: synchronous for plain dicts (no await between read and write). */
function updateState(self, partial) {
  if ($py.isdict(self.state) && $py.isdict(partial)) {
    for (const key of Object.keys(partial)) {
      if (key === "__proto__") Object.defineProperty(self.state, key, { value: partial[key], writable: true, enumerable: true, configurable: true });
      else self.state[key] = partial[key];
    }
    return null;
  }
  return $py.callm(self.state, "update", partial);
}

/**
 * set_state(partial): merge, copy, then notify each subscriber (awaited, in order) with the
 * copy. The merge and copy happen before the first await.
 */
export async function setState(self, partial) {
  const pending = updateState(self, partial);
  if (pending && typeof pending.then === "function") await pending;
  let copy = copyDict(self.state);
  if (copy && typeof copy.then === "function") copy = await copy;
  for (const subscriber of [...self._subscribers]) {
    try {
      await $py.call(subscriber, copy, self);
    } catch (error) {
      logMessage("warning", `[SPECTER] Error in state subscriber for '${self.name}': ${await errorText(error)}`, { error });
    }
  }
  return null;
}

/** get_state(): a shallow copy of the state (synchronous for a dict state). */
export function getState(self) {
  return copyDict(self.state);
}

/** Default Specter teardown methods tried by own(resource), in order. */
/**
 * One tick of an interval or timeout: the callback runs, and a Python exception in it is
 * logged as Specter logs it ("[SPECTER] Interval error in ...") without stopping the timer.
 */
async function runTimerCallback(self, id, kind, callback) {
  log("service.tick", { service: self.name, id });
  try {
    await $py.call(callback);
  } catch (error) {
    const exc = $py.pyerr(error);
    if (!(exc instanceof $py.Exception)) throw exc;
    logMessage("error", `[SPECTER] ${kind} error in '${self.name}' (id=${id}): ${await errorText(exc)}`, { error: exc });
  }
}

export const OWNERSHIP_STOP_METHODS = Object.freeze(["stop", "close", "disconnect", "destroy", "terminate", "kill"]);

/** specter.core.ownership.resolve_cleanup: the resource's bound stop-like method. */
export function resolveCleanup(resource, stopMethod = null) {
  if (resource === null || resource === undefined) throw new $py.TypeError("[SPECTER] Cannot resolve cleanup for None");
  const methods = stopMethod ? [stopMethod] : OWNERSHIP_STOP_METHODS;
  for (const name of methods) {
    if (!name) continue;
    const method = $py.getattr(resource, name, null);
    if (isCallable(method)) return method;
  }
  const tried = stopMethod ? `[${reprNow(stopMethod)}]` : `(${OWNERSHIP_STOP_METHODS.map((m) => `'${m}'`).join(", ")})`;
  throw new $py.TypeError(`[SPECTER] Could not resolve cleanup method for ${typeName(resource)}. Tried: ${tried}`);
}

function runningGuard(self, what) {
  if (!self._running) throw new $py.RuntimeError(`[SPECTER] Cannot ${what} for '${self.name}' before start()`);
}

function callableName(fn) {
  if (typeof fn === "function") return fn.__name__ ?? fn.name ?? "greenlet";
  return $py.getattr(fn, "__name__", "greenlet");
}

function callArguments(args, kwargs) {
  return kwargs && Object.keys(kwargs).length > 0 ? [...args, $py.kw(kwargs)] : [...args];
}

/** Starts an owned greenlet running `body(greenlet)`, tracked in `_greenlets` until done. */
export function spawnOwned(self, body, { delaySeconds = 0, label = "greenlet" } = {}) {
  const greenlet = startGreenlet(body, { delaySeconds, label });
  self._greenlets.add(greenlet);
  greenlet._links.push(() => self._greenlets.delete(greenlet));
  return greenlet;
}

function ownedRunner(self, callback, args, kwargs, taskLabel, kind) {
  return async () => {
    try {
      return await $py.call(callback, ...callArguments(args, kwargs));
    } catch (error) {
      const exc = $py.pyerr(error);
      if (exc instanceof GreenletExit) throw exc;
      if (!(exc instanceof $py.Exception)) throw exc;
      logMessage("error", `[SPECTER] ${kind} error in '${self.name}' (${taskLabel}): ${await errorText(exc)}`, { error: exc });
      return null;
    }
  };
}

/** Specter's subscribe(fn, immediate=False, owner=None): fn(state, service). */
async function specterSubscribe(self, fn, immediate, owner) {
  if (!self._subscribers.some((existing) => sameCallable(existing, fn))) self._subscribers.push(fn);
  const unsubscribe = syncfunction("<lambda>", {}, () => {
    const index = self._subscribers.findIndex((existing) => sameCallable(existing, fn));
    if (index >= 0) self._subscribers.splice(index, 1);
    return null;
  });
  if (owner !== null && owner !== undefined) await $py.callm(owner, "add_cleanup", unsubscribe);
  if ($py.truthy(immediate)) {
    try {
      await $py.call(fn, getState(self), self);
    } catch (error) {
      logMessage("warning", `[SPECTER] Error in immediate subscriber for '${self.name}': ${await errorText(error)}`, { error });
    }
  }
  return unsubscribe;
}

function initFields(self) {
  self.state = {};
  self._running = false;
  self._intervals = new Map();
  self._timeouts = new Map();
  self._greenlets = new Set();
  self._bus_unsubs = [];
  self._cleanups = [];
  self._children = [];
  self._subscribers = [];
}

// ------------------------------------------------------------------------- Specter Service

/** specter.Service */
export class SpecterService extends $py.object {
  constructor() {
    super();
    initFields(this);
  }

  get running() {
    return this._running;
  }
}

$py.klass(SpecterService, "Service", {
  __init__: pyfunction("Service.__init__", { params: ["name", "initial_state"], defaults: { initial_state: null } }, async function (name, initialState) {
    initFields(this);
    this.name = name;
    this.state = $py.truthy(initialState) ? await copyDict(initialState) : {};
    this.priority = 100;
    return null;
  }),

  on_start: syncfunction("on_start", {}, () => null),
  on_stop: syncfunction("on_stop", {}, () => null),

  start: pyfunction("start", {}, async function () {
    if (this._running) return this;
    this._running = true;
    logMessage("info", `[SPECTER] Service '${this.name}' starting`);
    try {
      await $py.callm(this, "on_start");
    } catch (error) {
      const exc = $py.pyerr(error);
      if (exc instanceof $py.Exception) {
        logMessage("error", `[SPECTER] Service '${this.name}' failed to start: ${await errorText(exc)}`, { error: exc });
        this._running = false;
      }
      throw error;
    }
    log("service.start", { service: this.name });
    logMessage("info", `[SPECTER] Service '${this.name}' started`);
    return this;
  }),

  stop: pyfunction("stop", {}, async function () {
    return stopService(this);
  }),

  set_state: pyfunction("set_state", { params: ["partial"] }, async function (partial) {
    return setState(this, partial);
  }),

  get_state: syncfunction("get_state", {}, function () {
    return getState(this);
  }),

  subscribe: pyfunction(
    "subscribe",
    { params: ["fn", "immediate", "owner"], defaults: { immediate: false, owner: null } },
    async function (fn, immediate, owner) {
      return specterSubscribe(this, fn, immediate, owner);
    },
  ),

  watch: pyfunction("watch", { params: ["fn", "immediate"], defaults: { immediate: true } }, async function (fn, immediate) {
    return specterSubscribe(this, fn, immediate, this);
  }),

  spawn: syncfunction("spawn", { params: ["callback"], varargs: "args", kwonly: ["label"], kwdefaults: { label: null }, varkw: "kwargs" }, function (callback, args, label, kwargs) {
    runningGuard(this, "spawn task");
    const taskLabel = label || callableName(callback);
    return spawnOwned(this, ownedRunner(this, callback, args, kwargs, taskLabel, "Greenlet"), { label: taskLabel });
  }),

  spawn_later: syncfunction(
    "spawn_later",
    { params: ["seconds", "callback"], varargs: "args", kwonly: ["label"], kwdefaults: { label: null }, varkw: "kwargs" },
    function (seconds, callback, args, label, kwargs) {
      runningGuard(this, "schedule task");
      const taskLabel = label || callableName(callback);
      const runner = ownedRunner(this, callback, args, kwargs, taskLabel, "Delayed greenlet");
      return spawnOwned(this, runner, { delaySeconds: seconds, label: taskLabel });
    },
  ),

  interval: syncfunction("interval", { params: ["callback", "seconds"] }, function (callback, seconds) {
    runningGuard(this, "schedule interval");
    const self = this;
    const id = `interval_${randomHex(8)}`;
    const greenlet = startGreenlet(
      async (g) => {
        while (self._running && self._intervals.has(id)) {
          if (await greenletSleep(g, seconds)) break;
          if (!self._running || !self._intervals.has(id)) break;
          await runTimerCallback(self, id, "Interval", callback);
        }
      },
      { label: id },
    );
    this._intervals.set(id, greenlet);
    return id;
  }),

  timeout: syncfunction("timeout", { params: ["callback", "seconds"] }, function (callback, seconds) {
    runningGuard(this, "schedule timeout");
    const self = this;
    const id = `timeout_${randomHex(8)}`;
    const greenlet = startGreenlet(
      async (g) => {
        if (await greenletSleep(g, seconds)) return;
        if (self._running && self._timeouts.has(id)) {
          self._timeouts.delete(id);
          await runTimerCallback(self, id, "Timeout", callback);
        }
      },
      { label: id },
    );
    this._timeouts.set(id, greenlet);
    return id;
  }),

  cancel_interval: syncfunction("cancel_interval", { params: ["interval_id"] }, function (id) {
    const greenlet = this._intervals.get(id);
    this._intervals.delete(id);
    if (greenlet) killGreenlet(greenlet);
    return null;
  }),

  cancel_timeout: syncfunction("cancel_timeout", { params: ["timeout_id"] }, function (id) {
    const greenlet = this._timeouts.get(id);
    this._timeouts.delete(id);
    if (greenlet) killGreenlet(greenlet);
    return null;
  }),

  cancel_greenlet: syncfunction("cancel_greenlet", { params: ["glet"] }, function (greenlet) {
    if (greenlet === null || greenlet === undefined) return this;
    this._greenlets.delete(greenlet);
    try {
      if (typeof greenlet._dead === "boolean") killGreenlet(greenlet);
      else $py.callm(greenlet, "kill", $py.kw({ block: false }))?.catch?.(() => {});
    } catch {
      // Specter ignores errors of kill().
    }
    return this;
  }),

  listen: pyfunction("listen", { params: ["event", "handler"] }, async function (event, handler) {
    const unsubscribe = await $py.callm(server().bus, "on", event, handler);
    this._bus_unsubs.push(unsubscribe);
    return this;
  }),

  emit: pyfunction("emit", { params: ["event", "data"], defaults: { data: null } }, async function (event, data) {
    await $py.callm(server().bus, "emit", event, data);
    return this;
  }),

  adopt: pyfunction("adopt", { params: ["child", "start"], defaults: { start: true } }, async function (child, start) {
    if (child === null || child === undefined) return this;
    if (!(child instanceof SpecterService)) {
      throw new $py.TypeError(`[SPECTER] '${this.name}' can only adopt Service instances, got ${typeName(child)}`);
    }
    this._children.push(child);
    if ($py.truthy(start) && !child.running) await $py.callm(child, "start");
    return this;
  }),

  own: syncfunction("own", { params: ["resource", "stop_method"], defaults: { stop_method: null } }, function (resource, stopMethod) {
    if (resource === null || resource === undefined) return null;
    addCleanup(this, resolveCleanup(resource, stopMethod));
    return resource;
  }),

  start_process: syncfunction("start_process", { params: ["args"], kwonly: ["name"], kwdefaults: { name: null }, varkw: "popen_kwargs" }, function () {
    throw processUnavailable();
  }),

  add_cleanup: syncfunction("add_cleanup", { params: ["fn"] }, function (fn) {
    return addCleanup(this, fn);
  }),

  health: syncfunction("health", {}, function () {
    return { status: this._running ? "ok" : "stopped", name: this.name };
  }),
});

function addCleanup(self, fn) {
  if (isCallable(fn)) self._cleanups.push(fn);
  return self;
}

/** The error the mock gives for OS processes (ManagedProcess / start_process). */
export function processUnavailable() {
  return new $py.NotImplementedError(
    "[SPRAG mock] ManagedProcess needs a real SPRAG server (OS processes are not available in the browser).",
  );
}

/** `ManagedProcess(...)`: OS processes do not exist in the browser; a clear error instead. */
export class ManagedProcess extends $py.object {}
$py.klass(ManagedProcess, "ManagedProcess", {
  __init__: syncfunction("__init__", { varargs: "args", varkw: "kwargs" }, () => {
    throw processUnavailable();
  }),
});

/** `start_process(name, argv, owner=None, **popen)`: see ManagedProcess. */
export const start_process = syncfunction("start_process", { varargs: "args", varkw: "kwargs" }, () => {
  throw processUnavailable();
});

/** Specter's stop(): the teardown order of spec 2.1. */
export async function stopService(self) {
  if (!self._running) return self;
  const name = self.name;
  logMessage("info", `[SPECTER] Service '${name}' stopping`);

  // 1. on_stop()
  try {
    await $py.callm(self, "on_stop");
  } catch (error) {
    const exc = $py.pyerr(error);
    if (!(exc instanceof $py.Exception)) throw exc;
    logMessage("error", `[SPECTER] Error in Service '${name}' on_stop: ${await errorText(exc)}`, { error: exc });
  }

  // 2. intervals, timeouts, owned greenlets
  for (const greenlet of [...self._intervals.values()]) killGreenlet(greenlet);
  self._intervals.clear();
  for (const greenlet of [...self._timeouts.values()]) killGreenlet(greenlet);
  self._timeouts.clear();
  for (const greenlet of [...self._greenlets]) {
    try {
      if (typeof greenlet._dead === "boolean") killGreenlet(greenlet);
      else await $py.callm(greenlet, "kill", $py.kw({ block: false }));
    } catch {
      // ignored, as in Specter
    }
  }
  self._greenlets.clear();

  // 3. bus subscriptions
  for (const unsubscribe of self._bus_unsubs) {
    try {
      await $py.call(unsubscribe);
    } catch (error) {
      logMessage("warning", `[SPECTER] Failed to unsub bus listener for '${name}': ${await errorText(error)}`, { error });
    }
  }
  self._bus_unsubs.length = 0;

  // 4. adopted children, reverse order
  for (const child of [...self._children].reverse()) {
    try {
      await $py.callm(child, "stop");
    } catch (error) {
      const exc = $py.pyerr(error);
      if (!(exc instanceof $py.Exception)) throw exc;
      logMessage("error", `[SPECTER] Error stopping child service '${child.name}' (owned by '${name}'): ${await errorText(exc)}`, {
        error: exc,
      });
    }
  }
  self._children.length = 0;

  // 5. cleanups, LIFO
  while (self._cleanups.length > 0) {
    const fn = self._cleanups.pop();
    try {
      await $py.call(fn);
    } catch (error) {
      const exc = $py.pyerr(error);
      if (!(exc instanceof $py.Exception)) throw exc;
      logMessage("warning", `[SPECTER] Failed to run cleanup for '${name}': ${await errorText(exc)}`, { error: exc });
    }
  }

  // 6. state subscribers
  self._subscribers.length = 0;

  self._running = false;
  log("service.stop", { service: name });
  logMessage("info", `[SPECTER] Service '${name}' stopped`);
  return self;
}

// ------------------------------------------------------------------------- sockets

/** `socket_target(*, route=None, client_id=None, session_id=None, topic=None)` */
export const socket_target = syncfunction(
  "socket_target",
  { kwonly: ["route", "client_id", "session_id", "topic"], kwdefaults: { route: null, client_id: null, session_id: null, topic: null } },
  (route, clientId, sessionId, topic) => ({ route, client_id: clientId, session_id: sessionId, topic }),
);

function cleanFilter(value) {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") {
    throw new $py.TypeError(
      `socket target filters route/client_id/session_id/topic must be strings or None; got ${typeName(value)}: ${reprNow(value)}.`,
    );
  }
  const trimmed = value.trim();
  return trimmed || null;
}

/** The socket bridge's _resolve_target: explicit filters win over `target`'s, all cleaned. */
export async function resolveSocketTarget({ target = null, route = null, client_id = null, session_id = null, topic = null } = {}) {
  if (target !== null && target !== undefined) {
    if (!$py.isdict(target)) {
      throw new $py.TypeError(`socket target expects a dict returned by socket_target(...); got ${typeName(target)}: ${reprNow(target)}.`);
    }
    const get = (key) => (Object.prototype.hasOwnProperty.call(target, key) ? target[key] : null);
    route = route ?? get("route");
    client_id = client_id ?? get("client_id");
    session_id = session_id ?? get("session_id");
    topic = topic ?? get("topic");
  }
  return { route: cleanFilter(route), client_id: cleanFilter(client_id), session_id: cleanFilter(session_id), topic: cleanFilter(topic) };
}

const warnedEvents = new Set();

/** One warning per process for a user emit of a `sprag:` event. */
export function warnReservedEvent(event) {
  if (typeof event !== "string" || !event.startsWith("sprag:") || warnedEvents.has(event)) return;
  warnedEvents.add(event);
  logMessage(
    "warning",
    `[SPRAG] Emitting reserved event ${reprNow(event)} — the sprag:* namespace is reserved for framework events. ` +
      "Use a project-specific prefix instead (e.g. 'app:' or 'myfeature:').",
  );
}

/**
 * emit_socket through the context's socket hub: false without one; `routeFrom` supplies the
 * default route (Service / Controller: their `route` attribute); `warn` logs reserved names.
 */
export async function emitSocket(event, data, filters, { routeFrom = null, warn = false } = {}) {
  const sockets = server().sockets;
  if (!sockets) return false;
  let { route = null } = filters;
  if (route === null && routeFrom !== null) route = $py.getattr(routeFrom, "route", null);
  if (warn) warnReservedEvent(event);
  if (typeof event !== "string" || event.trim() === "") {
    throw new $py.TypeError(`socket_transport.emit(event_name, ...) expects a non-empty string event name; got ${reprNow(event)}.`);
  }
  const target = await resolveSocketTarget({ ...filters, route });
  const delivered = $py.truthy(await sockets.emit({ event: event.trim(), payload: data, ...target }));
  if (!delivered) {
    const parts = [`event=${reprNow(event)}`];
    for (const key of ["route", "client_id", "session_id", "topic"]) {
      if (target[key]) parts.push(`${key}=${reprNow(target[key])}`);
    }
    logMessage("warning", `[SPRAG] socket emit delivered to 0 connections (${parts.join(", ")})`);
  }
  return delivered;
}

/** `{action, payload}` of emit_socket_refetch, with its TypeError. */
export async function refetchEnvelope(action, payload) {
  if (typeof action !== "string" || action.trim() === "") {
    throw new $py.TypeError("emit_socket_refetch(action, ...) requires a non-empty action name.");
  }
  return { action: action.trim(), payload: $py.truthy(payload) ? await copyDict(payload) : {} };
}

export const EMIT_SOCKET_SPEC = {
  params: ["event", "data"],
  defaults: { data: null },
  kwonly: ["target", "route", "client_id", "session_id", "topic"],
  kwdefaults: { target: null, route: null, client_id: null, session_id: null, topic: null },
};

export const EMIT_REFETCH_SPEC = {
  params: ["action", "payload"],
  defaults: { payload: null },
  kwonly: ["event", "target", "route", "client_id", "session_id", "topic"],
  kwdefaults: { event: "sprag:refetch", target: null, route: null, client_id: null, session_id: null, topic: null },
};

// ------------------------------------------------------------------------- SPRAG Service

/** Raises SPRAG's "browser-only" RuntimeError for `sprag.<name>`. */
export function serverOnly(name) {
  throw new $py.RuntimeError(
    `sprag.${name} is browser-only — there is no DOM/socket surface on a server-side Service or Controller. ` +
      "The stub exists so the error is loud instead of an AttributeError.",
  );
}

function browserOnly(name) {
  return syncfunction(name.split(".").pop(), { varargs: "args", varkw: "kwargs" }, () => serverOnly(name));
}

/** sprag.Service */
export class Service extends SpecterService {}

$py.klass(Service, "Service", {
  watch_state: pyfunction("watch_state", { params: ["fn"] }, async function (fn) {
    const wrapper = (state) => $py.call(fn, state);
    return specterSubscribe(this, wrapper, true, this);
  }),

  subscribe: pyfunction(
    "subscribe",
    { params: ["target", "fn"], defaults: { fn: null }, kwonly: ["immediate", "owner"], kwdefaults: { immediate: false, owner: null } },
    async function (target, fn, immediate, owner) {
      if (fn === null) {
        const wrapper = (state) => $py.call(target, state);
        return specterSubscribe(this, wrapper, immediate, owner);
      }
      if (!$py.hasattr(target, "subscribe")) {
        throw new $py.TypeError(`subscribe(store, fn): first argument must be a store-like object, got ${typeName(target)}`);
      }
      const unsubscribe = await $py.callm(target, "subscribe", fn);
      if (isCallable(unsubscribe)) addCleanup(this, unsubscribe);
      return unsubscribe;
    },
  ),

  on: browserOnly("Service.on"),
  off: browserOnly("Service.off"),
  delegate: browserOnly("Service.delegate"),
  on_socket: browserOnly("Service.on_socket"),
  off_socket: browserOnly("Service.off_socket"),
  call_action: browserOnly("Service.call_action"),

  emit_socket: pyfunction("emit_socket", EMIT_SOCKET_SPEC, async function (event, data, target, route, clientId, sessionId, topic) {
    return emitSocket(event, data, { target, route, client_id: clientId, session_id: sessionId, topic }, { routeFrom: this, warn: true });
  }),

  emit_socket_refetch: pyfunction(
    "emit_socket_refetch",
    EMIT_REFETCH_SPEC,
    async function (action, payload, event, target, route, clientId, sessionId, topic) {
      const envelope = await refetchEnvelope(action, payload);
      return $py.callm(this, "emit_socket", event, envelope, $py.kw({ target, route, client_id: clientId, session_id: sessionId, topic }));
    },
  ),
});
