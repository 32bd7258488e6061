// Specter's Watcher (specter/core/watcher.py): an observation loop in its own greenlet.
// `Watcher(name, *, poll=None, stream=None, interval=5.0, retry=True, max_backoff=30.0,
// dedupe=False, transform=None)`.
// * poll mode calls poll() at once, then every `interval` seconds (at least 0.1);
// * stream mode iterates what stream() returns: a Python/JS iterable or an async iterable
//   (a sync iterable yields to the event loop between items so the page never freezes);
// * each value, after transform, goes to subscribers as fn(value, watcher); with dedupe an
//   equal value (Python ==) is skipped;
// * errors: logged, then retried after 1, 2, 4 ... up to max_backoff seconds, or the loop ends
//   with retry=False;
// * start/stop (stop waits up to 5 s for the loop, then kills it), subscribe → unsubscribe,
//   running, last_value, health(), teardown() (so Service.own(watcher) works).

import * as $py from "../py/py.js";
import { pyfunction } from "./pyfn.js";
import { errorText, logMessage, server, syncfunction } from "./context.js";
import { delay, joinGreenlet, killGreenlet, startGreenlet } from "../lib/gevent.js";

const SENTINEL = Symbol("no value yet");

/** Raised when a Watcher encounters an unrecoverable error. */
export class WatcherError extends $py.Exception {}
$py.klass(WatcherError, "WatcherError");

/** A gevent.event.Event for the stop signal: wait(timeout) → true once set. */
class StopEvent {
  constructor() {
    this.flag = false;
    this.waiters = new Set();
  }

  set() {
    this.flag = true;
    for (const wake of [...this.waiters]) wake(true);
  }

  clear() {
    this.flag = false;
  }

  wait(timeout) {
    if (this.flag) return Promise.resolve(true);
    const clock = server().clock;
    return new Promise((resolve) => {
      const wake = (value) => {
        this.waiters.delete(wake);
        clock.clearTimeout(timer);
        resolve(value);
      };
      const timer = clock.setTimeout(() => wake(this.flag), Math.max(0, Number(timeout)) * 1000);
      this.waiters.add(wake);
    });
  }
}

/** specter.Watcher */
export class Watcher extends $py.object {
  get running() {
    return this._running;
  }

  get last_value() {
    return this._last_value === SENTINEL ? null : this._last_value;
  }
}

async function notify(self, value) {
  for (const fn of [...self._subscribers]) {
    try {
      await $py.call(fn, value, self);
    } catch (error) {
      logMessage("warning", `[SPECTER:watcher] '${self.name}' subscriber error: ${await errorText(error)}`, { error });
    }
  }
}

async function deliver(self, raw) {
  const value = $py.truthy(self._transform) ? await $py.call(self._transform, raw) : raw;
  if (self._dedupe && self._last_value !== SENTINEL && $py.truthy(await $py.eq(value, self._last_value))) return;
  self._last_value = value;
  await notify(self, value);
}

async function pollLoop(self) {
  while (self._running) {
    const raw = await $py.call(self._poll_fn);
    await deliver(self, raw);
    if (await self._stop_event.wait(self._interval)) break;
  }
}

async function streamLoop(self) {
  const iterable = await $py.call(self._stream_fn);
  if (iterable !== null && typeof iterable === "object" && typeof iterable[Symbol.asyncIterator] === "function") {
    for await (const raw of iterable) {
      if (!self._running) break;
      await deliver(self, raw);
    }
    return;
  }
  for (const raw of $py.iter(iterable)) {
    if (!self._running) break;
    await deliver(self, raw);
    await delay(0);
  }
}

async function runLoop(self) {
  while (self._running) {
    try {
      if (self._poll_fn !== null) await pollLoop(self);
      else await streamLoop(self);
      self._backoff = 1.0;
      if (self._running && self._poll_fn === null) await delay(0);
    } catch (error) {
      const exc = $py.pyerr(error);
      if (!(exc instanceof $py.Exception)) throw exc;
      self._error_count += 1;
      if (!self._running) break;
      const text = await errorText(exc);
      logMessage("warning", `[SPECTER:watcher] '${self.name}' error (attempt ${self._error_count}): ${text}`, { error: exc });
      if (!self._retry) {
        logMessage("error", `[SPECTER:watcher] '${self.name}' stopped (retry=False)`);
        break;
      }
      const wait = Math.min(self._backoff, self._max_backoff);
      logMessage("info", `[SPECTER:watcher] '${self.name}' retrying in ${wait.toFixed(1)}s`);
      await self._stop_event.wait(wait);
      self._backoff = Math.min(self._backoff * 2, self._max_backoff);
    }
  }
  self._running = false;
}

const stop = pyfunction("stop", {}, async function () {
  if (!this._running) return this;
  this._running = false;
  this._stop_event.set();
  const greenlet = this._greenlet;
  if (greenlet && !greenlet.dead) {
    await joinGreenlet(greenlet, 5.0);
    if (!greenlet.dead) killGreenlet(greenlet);
  }
  this._greenlet = null;
  logMessage("debug", `[SPECTER:watcher] '${this.name}' stopped`);
  return this;
});

$py.klass(Watcher, "Watcher", {
  __init__: pyfunction(
    "Watcher.__init__",
    {
      params: ["name"],
      kwonly: ["poll", "stream", "interval", "retry", "max_backoff", "dedupe", "transform"],
      kwdefaults: { poll: null, stream: null, interval: 5.0, retry: true, max_backoff: 30.0, dedupe: false, transform: null },
    },
    async function (name, poll, stream, interval, retry, maxBackoff, dedupe, transform) {
      const hasPoll = $py.truthy(poll);
      const hasStream = $py.truthy(stream);
      if (hasPoll && hasStream) throw new $py.ValueError(`[SPECTER:watcher] '${name}': provide poll OR stream, not both`);
      if (!hasPoll && !hasStream) throw new $py.ValueError(`[SPECTER:watcher] '${name}': one of poll or stream is required`);
      const float = $py.builtins.float;
      this.name = name;
      this._poll_fn = hasPoll ? poll : null;
      this._stream_fn = hasPoll ? null : stream;
      this._interval = Math.max(0.1, await $py.call(float, interval));
      this._retry = Boolean(await $py.truthy(retry));
      this._max_backoff = await $py.call(float, maxBackoff);
      this._dedupe = Boolean(await $py.truthy(dedupe));
      this._transform = transform;
      this._subscribers = [];
      this._greenlet = null;
      this._stop_event = new StopEvent();
      this._running = false;
      this._last_value = SENTINEL;
      this._backoff = 1.0;
      this._error_count = 0;
      this._started_at = null;
      return null;
    },
  ),

  start: syncfunction("start", {}, function () {
    if (this._running) return this;
    this._running = true;
    this._stop_event.clear();
    this._started_at = server().clock.monotonic();
    this._greenlet = startGreenlet(() => runLoop(this), { label: `watcher:${this.name}` });
    logMessage("debug", `[SPECTER:watcher] '${this.name}' started`);
    return this;
  }),

  stop,

  /** Alias of stop(), so Service.own(watcher) works. */
  teardown: pyfunction("teardown", {}, async function () {
    await $py.callm(this, "stop");
    return null;
  }),

  subscribe: syncfunction("subscribe", { params: ["fn"] }, function (fn) {
    this._subscribers.push(fn);
    return syncfunction("<lambda>", {}, () => {
      const index = this._subscribers.indexOf(fn);
      if (index >= 0) this._subscribers.splice(index, 1);
      return null;
    });
  }),

  health: syncfunction("health", {}, function () {
    const uptime = this._started_at !== null ? server().clock.monotonic() - this._started_at : 0;
    return {
      name: this.name,
      running: this._running,
      mode: this._poll_fn !== null ? "poll" : "stream",
      error_count: this._error_count,
      uptime_seconds: Math.round(uptime * 10) / 10,
      subscribers: this._subscribers.length,
    };
  }),

  __repr__: syncfunction("__repr__", {}, function () {
    const mode = this._poll_fn !== null ? "poll" : "stream";
    return `<Watcher '${this.name}' ${mode} ${this._running ? "running" : "stopped"}>`;
  }),
});
