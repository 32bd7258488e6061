// Server-side state: Specter's Model (a nested state graph with dot paths, deep-copied
// reads and writes, and selector subscriptions called synchronously, i.e. before the write
// returns, only when the selected value changed) and SPRAG's store(name, initial=) bridge
// over it, with its name registry. Reads and writes are serialised like the Model's lock: they
// wait for an update() whose mutator is still running (see ModelLock).

import * as $py from "../py/py.js";
import { pyfunction, repr, str, typeName } from "./pyfn.js";
import { log } from "./context.js";

// ------------------------------------------------------------------------- helpers

/** copy.deepcopy for runtime values: dicts, lists, tuples and sets are copied. */
export function deepCopy(value) {
  if (Array.isArray(value)) {
    const items = value.map(deepCopy);
    return Object.isFrozen(value) ? Object.freeze(items) : items;
  }
  if (value instanceof Set) return new Set([...value].map(deepCopy));
  if ($py.isdict(value)) {
    const copy = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    for (const key of Object.keys(value)) putKey(copy, key, deepCopy(value[key]));
    return copy;
  }
  return value;
}

function putKey(dict, key, value) {
  Object.defineProperty(dict, key, { value, writable: true, enumerable: true, configurable: true });
}

const hasOwn = (dict, key) => Object.prototype.hasOwnProperty.call(dict, key);

const GET_SPEC = { params: ["path", "default"], defaults: { path: null, default: null } };
const SELECT_SPEC = { params: ["selector", "default"], defaults: { default: null } };

/** A path ("a.b", ["a", "b"]) as its parts; empty parts of a dotted path are dropped. */
function normalizePath(path) {
  if (typeof path === "string") return path.split(".").filter((part) => part);
  if (Array.isArray(path)) return [...path];
  throw new $py.TypeError(`[SPECTER:model] Path must be str/list/tuple, got ${typeName(path)}`);
}

function getPath(state, parts, fallback = null) {
  let current = state;
  for (const part of parts) {
    if (!$py.isdict(current) || !hasOwn(current, part)) return fallback;
    current = current[part];
  }
  return current;
}

function setPath(state, parts, value) {
  if (parts.length === 0) throw new $py.ValueError("[SPECTER:model] set() requires a non-empty path");
  let current = state;
  for (const part of parts.slice(0, -1)) {
    let next = hasOwn(current, part) ? current[part] : null;
    if (!$py.isdict(next)) {
      next = {};
      putKey(current, part, next);
    }
    current = next;
  }
  putKey(current, parts[parts.length - 1], value);
}

function deletePath(state, parts) {
  if (parts.length === 0) return false;
  const parent = getPath(state, parts.slice(0, -1), undefined);
  const last = parts[parts.length - 1];
  if (!$py.isdict(parent) || !hasOwn(parent, last)) return false;
  delete parent[last];
  return true;
}

function isCallableSelector(selector) {
  if (typeof selector === "function") return true;
  return selector !== null && typeof selector === "object" && typeof selector.__call__ === "function";
}

/**
 * The Model's lock, for async code: reads and writes run one at a time, a write together with
 * the notification of its subscribers (in gevent nothing else runs while they are notified).
 * What a subscriber reads or writes during a notification runs at once: the lock is free
 * again by then. As in Python, reading or writing the model inside an update() mutator waits
 * forever.
 */
class ModelLock {
  #tail = Promise.resolve();
  #notifying = 0;

  /** Runs `job` after every read and write queued before it. */
  run(job) {
    if (this.#notifying > 0) return job();
    const result = this.#tail.then(job);
    this.#tail = result.catch(() => {});
    return result;
  }

  /** Runs the notification `fn`, during which writes are not queued. */
  async notifying(fn) {
    this.#notifying += 1;
    try {
      return await fn();
    } finally {
      this.#notifying -= 1;
    }
  }
}

/** One write: `change()` gives {snapshot, changed}; subscribers hear of it when changed. */
function write(model, change) {
  return model._lock.run(async () => {
    const { snapshot, changed = true } = await change();
    if (changed) await model._lock.notifying(() => notify(model, snapshot));
    return snapshot;
  });
}

/** One read: `fn()` under the lock. */
function read(model, fn) {
  return model._lock.run(fn);
}

// ------------------------------------------------------------------------- Model

/** Specter's `Model(name, initial_state=None, *, emit_events=False, change_event=None)`. */
export class Model extends $py.object {}

$py.klass(Model, "Model", {
  __init__: pyfunction(
    "__init__",
    {
      params: ["name", "initial_state"],
      defaults: { initial_state: null },
      kwonly: ["emit_events", "change_event"],
      kwdefaults: { emit_events: false, change_event: null },
    },
    function (name, initialState, emitEvents, changeEvent) {
      initModel(this, name, initialState, emitEvents, changeEvent);
    },
  ),

  /** A deep copy of the whole state. */
  snapshot: pyfunction("snapshot", {}, function () {
    return read(this, () => deepCopy(this._state));
  }),

  /** The whole state, or a deep copy of the value at `path` (`default` when absent). */
  get: pyfunction("get", GET_SPEC, function (path, fallback) {
    if (path === null) return read(this, () => deepCopy(this._state));
    const parts = normalizePath(path);
    return read(this, () => deepCopy(getPath(this._state, parts, fallback)));
  }),

  /** A derived read: selector(snapshot) for a callable, get(path, default) otherwise. */
  select: pyfunction("select", SELECT_SPEC, async function (selector, fallback) {
    if (isCallableSelector(selector)) return $py.call(selector, await this.snapshot());
    return this.get(selector, fallback);
  }),

  /** Sets the value at `path`, creating missing dicts on the way; returns the new snapshot. */
  set: pyfunction("set", { params: ["path", "value"] }, function (path, value) {
    const parts = normalizePath(path);
    return write(this, () => {
      setPath(this._state, parts, deepCopy(value));
      return { snapshot: deepCopy(this._state) };
    });
  }),

  /** Merges `partial` into the root (shallow); returns the new snapshot. */
  patch: pyfunction("patch", { params: ["partial"] }, function (partial) {
    if (!$py.isdict(partial)) {
      throw new $py.TypeError(`[SPECTER:model] patch() requires a dict, got ${typeName(partial)}`);
    }
    return write(this, () => {
      for (const key of Object.keys(partial)) putKey(this._state, key, deepCopy(partial[key]));
      return { snapshot: deepCopy(this._state) };
    });
  }),

  /** mutator(draft): a returned dict replaces the state, else the mutated draft is kept. */
  update: pyfunction("update", { params: ["mutator"] }, function (mutator) {
    if (!isCallableSelector(mutator)) throw new $py.TypeError("[SPECTER:model] update() requires a callable mutator");
    return write(this, async () => {
      let draft = deepCopy(this._state);
      const replacement = await $py.call(mutator, draft);
      if (replacement !== null && replacement !== undefined) {
        if (!$py.isdict(replacement)) {
          throw new $py.TypeError("[SPECTER:model] update() mutator must return a dict or None");
        }
        draft = deepCopy(replacement);
      }
      this._state = draft;
      return { snapshot: deepCopy(this._state) };
    });
  }),

  /** Deletes the value at `path` if there is one (subscribers hear only of a real removal). */
  delete: pyfunction("delete", { params: ["path"] }, function (path) {
    const parts = normalizePath(path);
    return write(this, () => {
      const changed = deletePath(this._state, parts);
      return { snapshot: deepCopy(this._state), changed };
    });
  }),

  /** Empties the state; returns {}. */
  clear: pyfunction("clear", {}, function () {
    return write(this, () => {
      this._state = {};
      return { snapshot: {} };
    });
  }),

  /**
   * Calls fn(value, model) whenever the selected value (the whole state, a path or
   * selector(state)) changes; `immediate` calls it once now. Returns the unsubscribe function.
   */
  subscribe: pyfunction(
    "subscribe",
    {
      params: ["fn"],
      kwonly: ["selector", "immediate", "owner"],
      kwdefaults: { selector: null, immediate: false, owner: null },
    },
    async function (fn, selector, immediate, owner) {
      const initial = selector !== null ? await this.select(selector) : await this.snapshot();
      const record = { fn, selector, last: deepCopy(initial) };
      this._subscribers.push(record);
      const unsubscribe = pyfunction("_unsubscribe", {}, () => {
        const index = this._subscribers.indexOf(record);
        if (index >= 0) this._subscribers.splice(index, 1);
        return null;
      });
      if (owner !== null) await adoptCleanup(this, owner, unsubscribe);
      if ($py.truthy(immediate)) {
        try {
          await $py.call(fn, deepCopy(initial), this);
        } catch (caught) {
          await warn(`[SPECTER:model] Error in immediate subscriber for '${await str(this.name)}': `, caught);
        }
      }
      return unsubscribe;
    },
  ),

  /** subscribe() with immediate=True by default. */
  watch: pyfunction(
    "watch",
    { params: ["fn"], kwonly: ["selector", "immediate"], kwdefaults: { selector: null, immediate: true } },
    function (fn, selector, immediate) {
      return this.subscribe(fn, $py.kw({ selector, immediate }));
    },
  ),

  /** Clears the state and drops every subscriber. */
  destroy: pyfunction("destroy", {}, async function () {
    await read(this, () => {
      this._state = {};
    });
    this._subscribers.length = 0;
    return null;
  }),

  __repr__: pyfunction("__repr__", {}, async function () {
    return `<Model ${await repr(this.name)}>`;
  }),
});

function initModel(model, name, initialState, emitEvents = false, changeEvent = null) {
  model.name = name;
  model._state = deepCopy($py.truthy(initialState) ? initialState : {});
  model._subscribers = [];
  model._lock = new ModelLock();
  model._emit_events = $py.truthy(emitEvents);
  model._change_event = $py.truthy(changeEvent) ? changeEvent : `${name}:changed`;
}

/** A new Model from JavaScript, created synchronously. */
export function makeModel(name, initialState = null) {
  const model = new Model();
  initModel(model, name, initialState);
  return model;
}

async function adoptCleanup(model, owner, unsubscribe) {
  if (typeof owner.add_cleanup !== "function") {
    throw new $py.TypeError(
      `[SPECTER:model] owner for '${await str(model.name)}' must expose add_cleanup(). Got ${typeName(owner)}.`,
    );
  }
  await $py.callm(owner, "add_cleanup", unsubscribe);
}

/** Tells each subscriber whose selected value changed (deep comparison), in order. */
async function notify(model, snapshot) {
  log("store.change", { name: model.name, state: deepCopy(snapshot) });
  for (const record of [...model._subscribers]) {
    try {
      const current = await selectFrom(record.selector, snapshot);
      if (await $py.eq(current, record.last)) continue;
      record.last = deepCopy(current);
      await $py.call(record.fn, current, model);
    } catch (caught) {
      await warn(`[SPECTER:model] Error in subscriber for '${await str(model.name)}': `, caught);
    }
  }
  if (model._emit_events && modelEventBus) await modelEventBus.emit(model._change_event, deepCopy(snapshot));
}

async function selectFrom(selector, snapshot) {
  if (selector === null) return deepCopy(snapshot);
  if (isCallableSelector(selector)) return $py.call(selector, deepCopy(snapshot));
  return deepCopy(getPath(snapshot, normalizePath(selector)));
}

async function warn(prefix, caught) {
  console.warn(prefix + (await str($py.pyerr(caught))));
}

let modelEventBus = null;

/** Where models created with emit_events=True emit "<name>:changed" (the server bus). */
export function setModelEventBus(bus) {
  modelEventBus = bus;
}

/** `create_model(name, initial_state=None, **kwargs)` */
export const create_model = pyfunction(
  "create_model",
  { params: ["name", "initial_state"], defaults: { initial_state: null }, varkw: "kwargs" },
  (name, initialState, kwargs) => $py.call(Model, name, $py.kw({ initial_state: initialState, ...kwargs })),
);

// ------------------------------------------------------------------------- store()

const storeRegistry = [];
const storesByName = new Map();

/** SPRAG's StoreBridge: one declared store, backed by a Model created on first use. */
export class StoreBridge extends $py.object {}

$py.klass(StoreBridge, "StoreBridge", {
  __init__: pyfunction(
    "__init__",
    { params: ["name", "initial"], defaults: { initial: null }, kwonly: ["debug"], kwdefaults: { debug: false } },
    async function (name, initial, debug) {
      if (typeof name !== "string" || !name) {
        throw new $py.ValueError(`store(name=...) expects a non-empty string store name; got ${await repr(name)}.`);
      }
      if (initial !== null && !$py.isdict(initial)) {
        const given = `${typeName(initial)}: ${await repr(initial)}`;
        throw new $py.TypeError(`store(initial=...) expects a dict or None; got ${given}.`);
      }
      this.name = name;
      this.initial = { ...(initial ?? {}) };
      this.debug = $py.truthy(debug);
      this._impl = null;
    },
  ),

  // Each method reaches the Model's lock before its first await, so concurrent calls queue
  // in call order, as the greenlets of the real server do.

  /** The whole state (a snapshot) or a deep copy of the value at `path`. */
  get: pyfunction("get", GET_SPEC, function (path, fallback) {
    if (path === null) return backing(this).snapshot();
    return backing(this).get(path, fallback);
  }),
  get_state: pyfunction("get_state", {}, function () {
    return backing(this).snapshot();
  }),
  snapshot: pyfunction("snapshot", {}, function () {
    return backing(this).snapshot();
  }),
  set: pyfunction("set", { params: ["path", "value"] }, function (path, value) {
    logMutation(this, "set", path, value);
    return backing(this).set(path, value);
  }),
  patch: pyfunction("patch", { params: ["partial"] }, function (partial) {
    logMutation(this, "patch", partial);
    return backing(this).patch(partial);
  }),
  update: pyfunction("update", { params: ["mutator"] }, function (mutator) {
    logMutation(this, "update", "<mutator>");
    return backing(this).update(mutator);
  }),
  delete: pyfunction("delete", { params: ["path"] }, function (path) {
    logMutation(this, "delete", path);
    return backing(this).delete(path);
  }),
  /** Empties the store; returns None. */
  clear: pyfunction("clear", {}, async function () {
    logMutation(this, "clear");
    await backing(this).clear();
    return null;
  }),
  /** clear() then patch(initial): subscribers hear {} and then the initial state. */
  reset: pyfunction("reset", {}, async function () {
    logMutation(this, "reset");
    const model = backing(this);
    await model.clear();
    if (Object.keys(this.initial).length > 0) return model.patch({ ...this.initial });
    return {};
  }),
  /** fn(value) on each change of the state or of `selector` (a path or a function). */
  subscribe: pyfunction(
    "subscribe",
    { params: ["fn"], kwonly: ["selector", "immediate"], kwdefaults: { selector: null, immediate: false } },
    function (fn, selector, immediate) {
      const forward = pyfunction("<lambda>", { params: ["snapshot", "_model"] }, (value) => $py.call(fn, value));
      return backing(this).subscribe(forward, $py.kw({ selector, immediate }));
    },
  ),
  /** fn(value) on each change of the value at `path`. */
  listen: pyfunction("listen", { params: ["path", "fn"] }, function (path, fn) {
    return this.subscribe(fn, $py.kw({ selector: path, immediate: false }));
  }),
  select: pyfunction("select", SELECT_SPEC, function (selector, fallback) {
    return backing(this).select(selector, fallback);
  }),
  __repr__: pyfunction("__repr__", {}, async function () {
    return `<StoreBridge name=${await repr(this.name)}>`;
  }),
});

/** The store's Model, created (with a deep copy of the initial state) on first use. */
function backing(bridge) {
  if (bridge._impl === null) bridge._impl = makeModel(bridge.name, { ...bridge.initial });
  return bridge._impl;
}

/** debug=True: logs each mutation (without waiting for it: the write must not be delayed). */
function logMutation(bridge, method, ...args) {
  if (!bridge.debug) return;
  Promise.all(args.map((arg) => repr(arg))).then((detail) => {
    console.info(`[SPRAG store:${bridge.name}] ${method}(${detail.join(", ")})`);
  });
}

/**
 * `store(name, *, initial=None, debug=False)`: declares a named store, or returns the one
 * already declared under that name with the same initial state (ValueError otherwise).
 */
export const store = pyfunction(
  "store",
  { params: ["name"], kwonly: ["initial", "debug"], kwdefaults: { initial: null, debug: false } },
  async (name, initial, debug) => {
    const existing = storesByName.get(name);
    if (existing !== undefined) {
      if (!(await $py.eq(existing.initial, { ...(initial ?? {}) }))) {
        throw new $py.ValueError(
          `SPRAG store ${await repr(name)} already declared with different initial state ` +
            `(existing=${await repr(existing.initial)}, new=${await repr(initial)})`,
        );
      }
      if ($py.truthy(debug)) existing.debug = true;
      return existing;
    }
    const bridge = await $py.call(StoreBridge, name, $py.kw({ initial, debug }));
    storeRegistry.push(bridge);
    storesByName.set(name, bridge);
    return bridge;
  },
);

/** Every store declared so far, in declaration order. */
export const declared_stores = pyfunction("declared_stores", {}, () => [...storeRegistry]);

/** Forgets every declared store (tests and a fresh mock server). */
export const reset_store_registry = pyfunction("reset_store_registry", {}, () => {
  storeRegistry.length = 0;
  storesByName.clear();
  return null;
});
