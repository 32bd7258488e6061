// `import gevent` for compiled server code: cooperative tasks as JavaScript promises.
// `sleep(seconds=0)` is an awaited timer; `spawn(fn, *args, **kwargs)` /
// `spawn_later(seconds, fn, ...)` return a Greenlet that starts on a later tick (as gevent's
// do, once the current greenlet yields) with `kill()`, `join(timeout=None)`, `get()`,
// `dead`, `ready()`, `successful()`, `value`, `exception`, `rawlink(fn)`; `joinall`, `killall`,
// `GreenletExit`. Timers go through the mock server's clock (server/context.js).
//
// Known difference: JavaScript cannot interrupt a running async function, so `kill()` marks
// the greenlet dead at once (joiners wake, its result is dropped) but user code inside it
// runs on to its end; runtime loops (Service intervals, queue workers, watchers) check for
// the kill and stop promptly.

import * as $py from "../py/py.js";
import { errorLine, logMessage, server, syncfunction } from "../server/context.js";
import { signature } from "../server/pyfn.js";


/** An async Python-callable function whose body gets the bound parameters. */
function asyncfunction(name, spec, body) {
  const sig = signature(name, spec);
  const fn = async function (...args) {
    return body.apply(this, $py.bind(args, sig));
  };
  return $py.def(fn, sig);
}

/** Raised in (here: reported for) a killed greenlet. A BaseException, as in gevent. */
export class GreenletExit extends $py.BaseException {}
$py.klass(GreenletExit, "GreenletExit");

/** A promise resolved after `seconds` on the server clock. */
export function delay(seconds) {
  const clock = server().clock;
  const ms = Math.max(0, Number(seconds) || 0) * 1000;
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** `gevent.sleep(seconds=0, ref=True)` */
export const sleep = asyncfunction("sleep", { params: ["seconds", "ref"], defaults: { seconds: 0, ref: true } }, async (seconds) => {
  await delay(seconds ?? 0);
  return null;
});

/** `gevent.idle()`: yields once. */
export const idle = asyncfunction("idle", { params: ["priority"], defaults: { priority: 0 } }, async () => {
  await delay(0);
  return null;
});

function callArguments(args, kwargs) {
  return kwargs && Object.keys(kwargs).length > 0 ? [...args, $py.kw(kwargs)] : [...args];
}

/** gevent's Greenlet. JavaScript code makes them with `startGreenlet(fn, {...})`. */
export class Greenlet extends $py.object {}

function init(g, run, args, kwargs) {
  g._run = run;
  g._args = args;
  g._kwargs = kwargs;
  g._started = false;
  g._scheduled = null;
  g._dead = false;
  g._killed = false;
  g._value = null;
  g._exception = null;
  g._links = [];
  g._joiners = [];
  g._killHooks = new Set();
  g._label = g._label ?? run?.__name__ ?? run?.name ?? "greenlet";
  return g;
}

function schedule(g, seconds) {
  if (g._started || g._scheduled !== null || g._dead) return;
  const clock = server().clock;
  g._scheduled = clock.setTimeout(() => {
    g._scheduled = null;
    execute(g);
  }, Math.max(0, Number(seconds) || 0) * 1000);
}

async function execute(g) {
  if (g._dead) return;
  g._started = true;
  try {
    const value = g._js ? await g._run(g) : await $py.call(g._run, ...callArguments(g._args, g._kwargs));
    if (!g._dead) finish(g, value, null);
  } catch (error) {
    if (g._dead) return;
    const exc = $py.pyerr(error);
    if (!(exc instanceof GreenletExit)) {
      logMessage("error", `${g._label} failed with ${await errorLine(exc)}`, { error: exc });
    }
    finish(g, exc instanceof GreenletExit ? exc : null, exc instanceof GreenletExit ? null : exc);
  }
}

function finish(g, value, exception) {
  if (g._dead) return;
  g._dead = true;
  g._value = value;
  g._exception = exception;
  for (const resolve of g._joiners.splice(0)) resolve();
  for (const link of g._links.splice(0)) {
    Promise.resolve()
      .then(() => $py.call(link, g))
      .catch(async (error) => logMessage("error", `greenlet link failed: ${await errorLine(error)}`, { error }));
  }
}

/** Kills `g` now (see the header): pending start cancelled, sleeps woken, joiners released. */
export function killGreenlet(g, exception = null) {
  if (g._dead) return;
  if (g._scheduled !== null) {
    server().clock.clearTimeout(g._scheduled);
    g._scheduled = null;
  }
  g._killed = true;
  const exit = exception ?? new GreenletExit();
  finish(g, exit, null);
  for (const hook of [...g._killHooks]) {
    try {
      hook();
    } catch (error) {
      console.error("[SPRAG mock] greenlet kill hook failed:", error);
    }
  }
  g._killHooks.clear();
}

/** Waits until `g` is dead, or `timeout` seconds; true when it died. */
export function joinGreenlet(g, timeout = null) {
  if (g._dead) return Promise.resolve(true);
  return new Promise((resolve) => {
    let timer = null;
    const done = () => {
      if (timer !== null) server().clock.clearTimeout(timer);
      resolve(true);
    };
    g._joiners.push(done);
    if (timeout !== null && timeout !== undefined) {
      timer = server().clock.setTimeout(() => {
        const index = g._joiners.indexOf(done);
        if (index >= 0) g._joiners.splice(index, 1);
        resolve(false);
      }, Math.max(0, Number(timeout)) * 1000);
    }
  });
}

/**
 * A JavaScript task as a greenlet: `run(greenlet)` starts after `delaySeconds`. The runtime's
 * own loops use `greenlet.sleep(s)` (woken early by kill; resolves true when killed) and
 * `greenlet.dead`.
 */
export function startGreenlet(run, { delaySeconds = 0, label = null } = {}) {
  const g = new Greenlet();
  g._label = label ?? "greenlet";
  init(g, run, [], null);
  g._js = true;
  schedule(g, delaySeconds);
  return g;
}

/** A killable sleep inside greenlet `g`: resolves true when `g` was killed meanwhile. */
export function greenletSleep(g, seconds) {
  if (g._dead) return Promise.resolve(true);
  const clock = server().clock;
  return new Promise((resolve) => {
    const hook = () => {
      clock.clearTimeout(timer);
      resolve(true);
    };
    const timer = clock.setTimeout(() => {
      g._killHooks.delete(hook);
      resolve(g._dead);
    }, Math.max(0, Number(seconds) || 0) * 1000);
    g._killHooks.add(hook);
  });
}

/** Runs `fn` when `g` is killed (once); returns a remover. */
export function onKill(g, fn) {
  g._killHooks.add(fn);
  return () => g._killHooks.delete(fn);
}

$py.klass(Greenlet, "Greenlet", {
  __init__: syncfunction("__init__", { params: ["run"], defaults: { run: null }, varargs: "args", varkw: "kwargs" }, function (run, args, kwargs) {
    init(this, run, args, kwargs);
    return null;
  }),
  start: syncfunction("start", {}, function () {
    schedule(this, 0);
    return null;
  }),
  start_later: syncfunction("start_later", { params: ["seconds"] }, function (seconds) {
    schedule(this, seconds);
    return null;
  }),
  kill: asyncfunction(
    "kill",
    { params: ["exception", "block", "timeout"], defaults: { exception: null, block: true, timeout: null } },
    async function (exception) {
      let exit = null;
      if (exception !== null && exception !== GreenletExit) {
        exit = typeof exception === "function" ? await $py.call(exception) : exception;
      }
      killGreenlet(this, exit);
      return null;
    },
  ),
  join: asyncfunction("join", { params: ["timeout"], defaults: { timeout: null } }, async function (timeout) {
    await joinGreenlet(this, timeout);
    return null;
  }),
  get: asyncfunction("get", { params: ["block", "timeout"], defaults: { block: true, timeout: null } }, async function (block, timeout) {
    if (!this._dead) {
      if (!$py.truthy(block)) throw new $py.TimeoutError();
      if (!(await joinGreenlet(this, timeout))) throw new $py.TimeoutError();
    }
    if (this._exception) throw this._exception;
    return this._value;
  }),
  ready: syncfunction("ready", {}, function () {
    return this._dead;
  }),
  successful: syncfunction("successful", {}, function () {
    return this._dead && this._exception === null;
  }),
  rawlink: syncfunction("rawlink", { params: ["callback"] }, function (callback) {
    if (this._dead) Promise.resolve().then(() => $py.call(callback, this));
    else this._links.push(callback);
    return null;
  }),
  link: syncfunction("link", { params: ["callback"] }, function (callback) {
    if (this._dead) Promise.resolve().then(() => $py.call(callback, this));
    else this._links.push(callback);
    return null;
  }),
  unlink: syncfunction("unlink", { params: ["callback"] }, function (callback) {
    const index = this._links.indexOf(callback);
    if (index >= 0) this._links.splice(index, 1);
    return null;
  }),
  /** True once started or scheduled to start, until it is dead (gevent's bool(greenlet)). */
  __bool__: syncfunction("__bool__", {}, function () {
    return (this._started || this._scheduled !== null) && !this._dead;
  }),
  __repr__: syncfunction("__repr__", {}, function () {
    return `<Greenlet "${this._label}">`;
  }),
});

for (const [key, get] of Object.entries({
  dead: (g) => g._dead,
  started: (g) => (g._started || g._scheduled !== null) && !g._dead,
  value: (g) => g._value,
  exception: (g) => g._exception,
  name: (g) => g._label,
})) {
  Object.defineProperty(Greenlet.prototype, key, { get() { return get(this); }, configurable: true });
}

/** `gevent.spawn(fn, *args, **kwargs)` */
export const spawn = syncfunction("spawn", { params: ["run"], varargs: "args", varkw: "kwargs" }, (run, args, kwargs) => {
  const g = new Greenlet();
  init(g, run, args, kwargs);
  schedule(g, 0);
  return g;
});

/** `gevent.spawn_later(seconds, fn, *args, **kwargs)` */
export const spawn_later = syncfunction(
  "spawn_later",
  { params: ["seconds", "run"], varargs: "args", varkw: "kwargs" },
  (seconds, run, args, kwargs) => {
    const g = new Greenlet();
    init(g, run, args, kwargs);
    schedule(g, seconds);
    return g;
  },
);

/** `gevent.joinall(greenlets, timeout=None, raise_error=False)` → the finished ones. */
export const joinall = asyncfunction(
  "joinall",
  { params: ["greenlets", "timeout", "raise_error", "count"], defaults: { timeout: null, raise_error: false, count: null } },
  async (greenlets, timeout, raiseError) => {
    const list = [...$py.iter(greenlets)];
    const all = Promise.all(list.map((g) => joinGreenlet(g)));
    if (timeout === null) await all;
    else await Promise.race([all, delay(timeout)]);
    const done = list.filter((g) => g._dead);
    if ($py.truthy(raiseError)) {
      const failed = done.find((g) => g._exception);
      if (failed) throw failed._exception;
    }
    return done;
  },
);

/** `gevent.killall(greenlets, exception=GreenletExit, block=True, timeout=None)` */
export const killall = asyncfunction(
  "killall",
  { params: ["greenlets", "exception", "block", "timeout"], defaults: { exception: null, block: true, timeout: null } },
  async (greenlets) => {
    for (const g of [...$py.iter(greenlets)]) killGreenlet(g);
    return null;
  },
);

/** `gevent.getcurrent()` cannot be known across awaits; returns null. */
export const getcurrent = syncfunction("getcurrent", {}, () => null);
