// The server-internal Specter event bus (specter/core/bus.py): `bus.on(event, fn)` returns an
// unsubscribe function, `bus.off(event, fn)`, `bus.once`, and `bus.emit(event, data)`, which
// calls every listener in subscription order, awaiting each (async listeners of compiled
// code run one after the other, as Python's synchronous calls do); a listener's error is
// logged and the others still run. Nothing here reaches browsers, except that every
// `sprag:broadcast` payload also goes to the sink set with `setBroadcastSink(fn)` (the mock
// forwards those to the page's Ragot bus, like the real SSE stream).
//
// Python-visible: `bus` (from sprag / specter) with on / subscribe / off / once / emit /
// clear / has_listeners / listener_count.

import * as $py from "../py/py.js";
import { errorText, isCallable, log, logMessage, sameCallable, syncfunction, typeName } from "./context.js";

export const BROADCAST_EVENT = "sprag:broadcast";

let broadcastSink = null;

/** Receives every `sprag:broadcast` payload after the bus listeners ran (null to unset). */
export function setBroadcastSink(fn) {
  broadcastSink = fn;
}

/** Specter's EventBus. */
export class EventBus extends $py.object {}

function listenersOf(self) {
  if (!self._events) self._events = new Map();
  return self._events;
}

function addListener(self, event, callback) {
  if (!isCallable(callback)) {
    throw new $py.TypeError(`[SPECTER:bus] on('${event}'): callback must be callable, got ${typeName(callback)}`);
  }
  const events = listenersOf(self);
  if (!events.has(event)) events.set(event, []);
  const listeners = events.get(event);
  if (!listeners.some((fn) => sameCallable(fn, callback))) listeners.push(callback);
  return syncfunction("<lambda>", {}, () => removeListener(self, event, callback));
}

function removeListener(self, event, callback) {
  const events = listenersOf(self);
  const listeners = events.get(event);
  if (!listeners) return null;
  const index = listeners.findIndex((fn) => sameCallable(fn, callback));
  if (index >= 0) listeners.splice(index, 1);
  if (listeners.length === 0) events.delete(event);
  return null;
}

async function emitEvent(self, event, data) {
  const listeners = listenersOf(self).get(event);
  if (event === BROADCAST_EVENT || listeners?.length) log("bus.emit", { event });
  for (const callback of listeners ? [...listeners] : []) {
    try {
      await $py.call(callback, data);
    } catch (error) {
      logMessage("error", `[SPECTER:bus] Error in listener for '${event}': ${await errorText(error)}`, { error });
    }
  }
  if (event === BROADCAST_EVENT && broadcastSink) {
    try {
      await broadcastSink(data);
    } catch (error) {
      logMessage("error", `[SPRAG mock] broadcast sink failed for '${event}': ${await errorText(error)}`, { error });
    }
  }
  return null;
}

const on = syncfunction("on", { params: ["event", "callback"] }, function (event, callback) {
  return addListener(this, event, callback);
});

$py.klass(EventBus, "EventBus", {
  __init__: syncfunction("__init__", {}, function () {
    this._events = new Map();
  }),
  on,
  /** Not in Specter's EventBus; an alias of on() for convenience. */
  subscribe: on,
  off: syncfunction("off", { params: ["event", "callback"] }, function (event, callback) {
    return removeListener(this, event, callback);
  }),
  once: syncfunction("once", { params: ["event", "callback"] }, function (event, callback) {
    const self = this;
    const wrapper = $py.def(
      async function wrapper(...args) {
        const [data] = $py.bind(args, wrapper.__sig__);
        removeListener(self, event, wrapper);
        return $py.call(callback, data);
      },
      { name: "wrapper", params: ["data"], defaults: { data: null }, varargs: null, kwonly: [], kwdefaults: {}, varkw: null },
    );
    return addListener(this, event, wrapper);
  }),
  /** Calls every listener of `event` with `data` in order; resolves when all have run. */
  emit: $py.def(
    async function emit(...args) {
      const [event, data] = $py.bind(args, emit.__sig__);
      return emitEvent(this, event, data);
    },
    { name: "emit", params: ["event", "data"], defaults: { data: null }, varargs: null, kwonly: [], kwdefaults: {}, varkw: null },
  ),
  clear: syncfunction("clear", { params: ["event"], defaults: { event: null } }, function (event) {
    if ($py.truthy(event)) listenersOf(this).delete(event);
    else listenersOf(this).clear();
    return null;
  }),
  has_listeners: syncfunction("has_listeners", { params: ["event"] }, function (event) {
    return (listenersOf(this).get(event)?.length ?? 0) > 0;
  }),
  listener_count: syncfunction("listener_count", { params: ["event"], defaults: { event: null } }, function (event) {
    if ($py.truthy(event)) return listenersOf(this).get(event)?.length ?? 0;
    let total = 0;
    for (const listeners of listenersOf(this).values()) total += listeners.length;
    return total;
  }),
  __repr__: syncfunction("__repr__", {}, function () {
    return "<EventBus>";
  }),
});

/** The one server bus (`from sprag import bus`). */
export const bus = new EventBus();
bus._events = new Map();
