// The Specter registry (specter/core/registry.py): a service locator keyed by strings.
// `provide(key, value, owner=None, replace=False)`, `unregister`, `resolve(key)` (None when
// missing), `require(key)` (KeyError "[SPECTER:registry] 'x' is not provided. Currently
// registered: [...]"), `has`, `list`, `wait_for(key, timeout=None)` and `clear()`, with the
// real error texts. SPRAG's App puts every provider here under its key and its `name`.
//
// Python-visible: `registry` (from sprag / specter). JavaScript callers may use the same
// methods without awaiting, except wait_for().

import * as $py from "../py/py.js";
import { isCallable, reprNow, server, syncfunction, typeName } from "./context.js";

/** Specter's SPECTERRegistry. */
export class SPECTERRegistry extends $py.object {}

function state(self) {
  if (!self._entries) {
    self._entries = new Map();
    self._owners = new Map();
    self._waiters = new Map();
  }
  return self;
}

function validateKey(key, methodName) {
  if (typeof key !== "string" || key.trim() === "") {
    throw new $py.TypeError(`[SPECTER:registry] ${methodName}() requires a non-empty string key, got ${reprNow(key)}`);
  }
  return key.trim();
}

function registeredList(self) {
  return reprNow([...state(self)._entries.keys()]);
}

$py.klass(SPECTERRegistry, "SPECTERRegistry", {
  __init__: syncfunction("__init__", {}, function () {
    this._entries = new Map();
    this._owners = new Map();
    this._waiters = new Map();
  }),

  provide: syncfunction(
    "provide",
    { params: ["key", "value", "owner", "replace"], defaults: { owner: null, replace: false } },
    function (key, value, owner, replace) {
      key = validateKey(key, "provide");
      const self = state(this);
      if (owner !== null && !isCallable($py.getattr(owner, "add_cleanup", null))) {
        throw new $py.TypeError(`[SPECTER:registry] owner for '${key}' must expose add_cleanup(). Got ${typeName(owner)}.`);
      }
      if (self._entries.has(key) && !$py.truthy(replace)) {
        throw new $py.KeyError(`[SPECTER:registry] '${key}' is already provided. Pass replace=True to overwrite.`);
      }
      self._entries.set(key, value);
      self._owners.set(key, owner);
      if (owner !== null) {
        const cleanup = syncfunction("_cleanup", {}, () => unregister(self, key));
        const pending = $py.callm(owner, "add_cleanup", cleanup);
        pending?.catch?.(() => {});
      }
      const waiters = self._waiters.get(key) ?? [];
      self._waiters.delete(key);
      for (const waiter of waiters) waiter.resolve(value);
      return value;
    },
  ),

  unregister: syncfunction("unregister", { params: ["key"] }, function (key) {
    return unregister(state(this), validateKey(key, "unregister"));
  }),

  /**
   * The value under `key`, or None. (`fallback` is a mock convenience for JavaScript
   * callers: the value returned instead of None.)
   */
  resolve: syncfunction("resolve", { params: ["key", "fallback"], defaults: { fallback: null } }, function (key, fallback) {
    key = validateKey(key, "resolve");
    const value = state(this)._entries.get(key);
    return value === undefined || value === null ? fallback : value;
  }),

  require: syncfunction("require", { params: ["key"] }, function (key) {
    key = validateKey(key, "require");
    const value = state(this)._entries.get(key);
    if (value === undefined || value === null) {
      throw new $py.KeyError(`[SPECTER:registry] '${key}' is not provided. Currently registered: ${registeredList(this)}`);
    }
    return value;
  }),

  has: syncfunction("has", { params: ["key"] }, function (key) {
    return state(this)._entries.has(validateKey(key, "has"));
  }),

  list: syncfunction("list", {}, function () {
    return [...state(this)._entries.keys()];
  }),

  wait_for: $py.def(
    async function wait_for(...args) {
      let [key, timeout] = $py.bind(args, wait_for.__sig__);
      key = validateKey(key, "wait_for");
      const self = state(this);
      if (self._entries.has(key)) return self._entries.get(key);
      const clock = server().clock;
      let timer = null;
      const waiter = {};
      const result = new Promise((resolve, reject) => {
        waiter.resolve = resolve;
        waiter.reject = reject;
      });
      if (!self._waiters.has(key)) self._waiters.set(key, []);
      self._waiters.get(key).push(waiter);
      const timedOut = Symbol("timeout");
      const races = [result];
      if (timeout !== null) {
        races.push(new Promise((resolve) => (timer = clock.setTimeout(() => resolve(timedOut), Number(timeout) * 1000))));
      }
      let value;
      try {
        value = await Promise.race(races);
      } finally {
        if (timer !== null) clock.clearTimeout(timer);
        const waiters = self._waiters.get(key);
        const index = waiters ? waiters.indexOf(waiter) : -1;
        if (index >= 0) waiters.splice(index, 1);
        if (waiters && waiters.length === 0) self._waiters.delete(key);
      }
      if (value === timedOut || ((value === null || value === undefined) && !self._entries.has(key))) {
        throw new $py.TimeoutError(`[SPECTER:registry] wait_for('${key}') timed out after ${await $py.str(timeout)}s`);
      }
      return value;
    },
    { name: "wait_for", params: ["key", "timeout"], defaults: { timeout: null }, varargs: null, kwonly: [], kwdefaults: {}, varkw: null },
  ),

  clear: syncfunction("clear", {}, function () {
    const self = state(this);
    self._entries.clear();
    self._owners.clear();
    for (const [key, waiters] of self._waiters) {
      for (const waiter of waiters) {
        waiter.reject(new $py.RuntimeError(`[SPECTER:registry] Registry was cleared while waiting for '${key}'`));
      }
    }
    self._waiters.clear();
    return null;
  }),
});

function unregister(self, key) {
  if (!self._entries.has(key)) return false;
  self._entries.delete(key);
  self._owners.delete(key);
  return true;
}

/** The one registry (`from sprag import registry`). */
export const registry = new SPECTERRegistry();
state(registry);
