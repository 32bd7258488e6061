// The mock server's shared context: what the runtime classes (bus, registry, Service,
// QueueService, Watcher, Controller, gevent/time stand-ins) reach for instead of globals of
// a real process. `server()` returns `{ registry, bus, sockets, clock, log, ... }`;
// `setServer({...})` installs other parts (the real socket hub, a fake clock, the inspector's
// log sink). Also small helpers shared by those modules: synchronous Python-callable
// functions, callable identity (bound methods compare equal like Python's), random hex ids,
// Python's round() and `logger.*` style messages.

import * as $py from "../py/py.js";
import { signature } from "./pyfn.js";
import { bus } from "./bus.js";
import { registry } from "./registry.js";

// ------------------------------------------------------------------------- clock

/** Real time: seconds since the epoch with sub-millisecond precision, and real timers. */
export const realClock = {
  now() {
    return (performance.timeOrigin + performance.now()) / 1000;
  },
  monotonic() {
    return performance.now() / 1000;
  },
  setTimeout(fn, ms) {
    return setTimeout(fn, Math.max(0, ms));
  },
  clearTimeout(handle) {
    clearTimeout(handle);
  },
};

/**
 * A manual clock for tests: timers fire only when `advance(seconds)` (or `runAll()`) moves
 * virtual time past them; `await` points between timers are flushed so async code chains run.
 */
export function fakeClock(start = 1_700_000_000) {
  let now = 0;
  let seq = 0;
  const timers = new Map();
  const yieldOnce = typeof setImmediate === "function" ? (resolve) => setImmediate(resolve) : (resolve) => setTimeout(resolve, 0);
  const flush = async () => {
    for (let i = 0; i < 20; i++) await new Promise(yieldOnce);
  };
  const clock = {
    now: () => start + now,
    monotonic: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms) / 1000, fn, id });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    pending: () => timers.size,
    /** Moves time forward by `seconds`, firing due timers in order. */
    async advance(seconds) {
      const end = now + seconds;
      await flush();
      for (;;) {
        const due = [...timers.values()].filter((t) => t.at <= end + 1e-9).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers.delete(due.id);
        now = Math.max(now, due.at);
        due.fn();
        await flush();
      }
      now = end;
    },
  };
  return clock;
}

// ------------------------------------------------------------------------- sockets

/**
 * The default socket hub: records every emit and delivers nowhere (returns false). The real
 * one implements `emit({event, payload, route, client_id, session_id, topic}) -> boolean`.
 */
export function recordingSockets(delivered = false) {
  const emitted = [];
  return {
    emitted,
    emit(frame) {
      emitted.push(frame);
      return delivered;
    },
  };
}

// ------------------------------------------------------------------------- log

const MAX_EVENTS = 500;

/**
 * The default inspector sink: keeps the last events in `server().events` and writes errors
 * to the console. Event types: service.start / service.stop / service.tick, queue.job,
 * bus.emit, log ({level, message}).
 */
function defaultLog(type, data = {}) {
  const entry = { type, time: current?.clock?.now?.() ?? Date.now() / 1000, ...data };
  const events = current?.events;
  if (events) {
    events.push(entry);
    if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
  }
  if (type === "log" && data.level === "error") console.error(data.message);
  return entry;
}

// ------------------------------------------------------------------------- server

let current = null;

function defaults() {
  return {
    registry,
    bus,
    sockets: recordingSockets(),
    clock: realClock,
    log: defaultLog,
    events: [],
    /** The auth provider; null → registry "auth", else the anonymous one. */
    auth: null,
    /** SessionPolicy fields {idle_ttl_seconds, absolute_ttl_seconds, remember_me_ttl_seconds}. */
    sessionPolicy: null,
    /** `hydrate_request(request)` of the mock server (session + user reload), if any. */
    hydrateRequest: null,
  };
}

/** The current mock server context. */
export function server() {
  if (current === null) current = defaults();
  return current;
}

/** Replaces parts of the context (`sockets`, `clock`, `log`, `auth`, ...); returns it. */
export function setServer(parts = {}) {
  current = { ...server(), ...parts };
  return current;
}

/** Back to the defaults (real clock, recording sockets, default log). */
export function resetServer(parts = {}) {
  current = { ...defaults(), ...parts };
  return current;
}

/** Publishes an inspector event. */
export function log(type, data = {}) {
  try {
    return server().log(type, data);
  } catch (error) {
    console.error("[SPRAG mock] log sink failed:", error);
    return null;
  }
}

/** Python `logger.<level>(message)`: an inspector "log" event. */
export function logMessage(level, message, extra = {}) {
  return log("log", { level, message, ...extra });
}

// ------------------------------------------------------------------------- helpers

/**
 * A synchronous Python-callable function (the calling contract of www/mock/README.md, like
 * pyfunction() but returning the body's value directly): for runtime methods that never
 * call user code, so JavaScript callers need not await them.
 */
export function syncfunction(name, spec, body) {
  const sig = signature(name, spec);
  const fn = function (...args) {
    return body.apply(this, $py.bind(args, sig));
  };
  return $py.def(fn, sig);
}

/** Python equality of callables: the same function, or bound methods of one function and self. */
export function sameCallable(a, b) {
  if (a === b) return true;
  if (typeof a !== "function" || typeof b !== "function") return false;
  return a.__func__ !== undefined && a.__func__ === b.__func__ && a.__self__ === b.__self__;
}

/** `uuid.uuid4().hex[:n]` */
export function randomHex(length) {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, length);
}

/** Python's round(x) (half to even) for a number. */
export function pyRound(x) {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Python `type(x).__name__`. */
export function typeName(x) {
  return $py.typeName(x);
}

/** str(x) for messages, awaiting an async __str__ when there is one. */
export async function pystr(x) {
  return $py.str(x);
}

/** repr(x) for messages, without awaiting (falls back for objects with an async __repr__). */
export function reprNow(x) {
  const text = $py.repr(x);
  if (typeof text === "string") return text;
  text?.catch?.(() => {});
  return `<${typeName(x)} object>`;
}

/** The text after "ExcClass: " of a caught error. */
export async function errorText(error) {
  return $py.str($py.pyerr(error));
}

/** "<ExcClass>: <message>" for a caught error. */
export async function errorLine(error) {
  const exc = $py.pyerr(error);
  return `${typeName(exc)}: ${await $py.str(exc)}`;
}

/** Python's callable(x). */
export function isCallable(x) {
  return typeof x === "function" || (x !== null && typeof x === "object" && typeof x.__call__ === "function");
}
