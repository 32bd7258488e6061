// Service lifecycle, the server bus, the registry, Watcher and gevent: the mock
// (www/mock/server/{service,bus,registry,watcher}.js, www/mock/lib/gevent.js) against the
// real SPRAG/Specter runtime. tests/mock/reference_service.py runs each case with the real
// classes; the same user code is written here to the calling contract (as spragc compiles
// it) and run on the mock; logs, results and the runtime's warnings/errors must match.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import * as $py from "../../www/mock/py/py.js";
import * as gevent from "../../www/mock/lib/gevent.js";
import { pyfunction } from "../../www/mock/server/pyfn.js";
import { resetServer, setServer, server, fakeClock } from "../../www/mock/server/context.js";
import { Service, SpecterService, socket_target } from "../../www/mock/server/service.js";
import { bus, setBroadcastSink } from "../../www/mock/server/bus.js";
import { registry } from "../../www/mock/server/registry.js";
import { Watcher } from "../../www/mock/server/watcher.js";
import { runReference } from "./server_reference.mjs";

const CASES = ["lifecycle", "errors", "sockets", "registry", "bus", "watcher", "gevent"];
let reference;
let logged = [];

before(() => {
  reference = runReference("reference_service.py", CASES);
});

after(() => resetServer());

function freshServer(parts = {}) {
  logged = [];
  resetServer({
    log(type, data) {
      if (type === "log" && (data.level === "warning" || data.level === "error")) logged.push([data.level, data.message]);
      return null;
    },
    ...parts,
  });
}

const fn = (name, params, body) => pyfunction(name, { params }, body);
const lambda = (params, body) => fn("<lambda>", params, body);
const str = (x) => $py.str(x);
const repr = (x) => $py.repr(x);
const sleep = (seconds) => $py.callm(gevent, "sleep", seconds);

function defclass(Base, name, members = {}) {
  const cls = { [name]: class extends Base {} }[name];
  return $py.klass(cls, name, members);
}

async function errorText(error) {
  const exc = $py.pyerr(error);
  return `${$py.typeName(exc)}: ${await str(exc)}`;
}

async function attempt(thunk) {
  try {
    return { value: await thunk() };
  } catch (error) {
    return { raised: await errorText(error) };
  }
}

/** Python set iteration order of state subscribers is arbitrary: sort adjacent sub/watch lines. */
function sortSubscriberRuns(lines) {
  const out = [];
  let run = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  for (const line of lines) {
    if (/^(sub|watch) /.test(line)) run.push(line);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out;
}

const normaliseIds = (value) => JSON.parse(JSON.stringify(value).replace(/interval_[0-9a-f]{8}/g, "interval_X"));

// --------------------------------------------------------------------------- lifecycle

test("Service lifecycle matches the real one (start, primitives, stop order)", async () => {
  freshServer();
  const log = [];
  const Child = defclass(Service, "Child", {
    on_start: fn("on_start", [], async function () {
      log.push(`child ${this.name} start`);
    }),
    on_stop: fn("on_stop", [], async function () {
      log.push(`child ${this.name} stop`);
    }),
  });
  const Resource = defclass($py.object, "Resource", {
    __init__: fn("__init__", ["name"], async function (name) {
      this.name = name;
    }),
    close: fn("close", [], async function () {
      log.push(`close ${this.name}`);
    }),
  });
  const Closer = defclass($py.object, "Closer", {
    shutdown: fn("shutdown", [], async () => log.push("shutdown")),
  });
  const StoreLike = defclass($py.object, "StoreLike", {
    subscribe: fn("subscribe", ["fn"], async () => {
      log.push("store subscribe");
      return lambda([], async () => log.push("store unsub"));
    }),
  });
  const Main = defclass(Service, "Main", {
    on_start: fn("on_start", [], async function () {
      const self = this;
      log.push("on_start");
      self.ticks = 0;
      await $py.callm(self, "interval", $py.getattr(self, "tick"), 0.2);
      await $py.callm(self, "timeout", lambda([], async () => log.push("timeout fired")), 0.3);
      const cancelled = await $py.callm(self, "timeout", lambda([], async () => log.push("cancelled timeout fired")), 0.05);
      await $py.callm(self, "cancel_timeout", cancelled);
      await $py.callm(self, "spawn", $py.getattr(self, "task"), "x", $py.kw({ label: "task" }));
      await $py.callm(self, "spawn_later", 0.1, lambda([], async () => log.push("spawn_later ran")));
      await $py.callm(self, "listen", "lab:evt", lambda(["data"], async (data) => log.push(`evt ${await str(data)}`)));
      await $py.callm(self, "adopt", await $py.call(Child, "c1"));
      await $py.callm(self, "adopt", await $py.call(Child, "c2"));
      await $py.callm(self, "add_cleanup", lambda([], async () => log.push("cleanup 1")));
      await $py.callm(self, "own", await $py.call(Resource, "r1"));
      await $py.callm(self, "own", await $py.call(Closer), $py.kw({ stop_method: "shutdown" }));
      await $py.callm(self, "add_cleanup", lambda([], async () => log.push("cleanup 2")));
      await $py.callm(self, "subscribe", lambda(["snap"], async (snap) => log.push(`sub n=${await str(await $py.callm(snap, "get", "n"))}`)));
      await $py.callm(self, "watch_state", lambda(["snap"], async (snap) => log.push(`watch n=${await str(await $py.callm(snap, "get", "n"))}`)));
      await $py.callm(self, "subscribe", await $py.call(StoreLike), lambda(["value"], async () => null));
      log.push("on_start done");
    }),
    tick: fn("tick", [], async function () {
      this.ticks += 1;
      log.push(`tick ${this.ticks}`);
      if (this.ticks === 1) throw await $py.call($py.ValueError, "tick failed");
    }),
    task: fn("task", ["arg"], async function (arg) {
      log.push(`task ${arg}`);
      await sleep(10);
      log.push("task finished");
    }),
    on_stop: fn("on_stop", [], async () => log.push("on_stop")),
  });

  const svc = await $py.call(Main, "main", { n: 0 });
  log.push(`running ${await str(svc.running)}`);
  await $py.callm(svc, "start");
  log.push(`started ${await str(svc.running)}`);
  await $py.callm(svc, "start");
  await sleep(0.5);
  await $py.callm(svc, "set_state", { n: 1 });
  log.push(`emit returns self ${await str((await $py.callm(svc, "emit", "lab:evt", { k: 1 })) === svc)}`);
  await $py.callm(bus, "emit", "lab:evt", 2);
  const copy = await $py.callm(svc, "get_state");
  copy.n = 99;
  log.push(`state n=${svc.state.n} copy n=${copy.n}`);
  const json = (value) => JSON.stringify(value, Object.keys(value).sort()).replace(/":/g, '": ').replace(/,"/g, ', "');
  log.push(`health ${json(await $py.callm(svc, "health"))}`);
  log.push(`listeners ${await $py.callm(bus, "listener_count", "lab:evt")}`);
  await $py.callm(svc, "stop");
  log.push(`stopped ${await str(svc.running)}`);
  await $py.callm(svc, "stop");
  await $py.callm(bus, "emit", "lab:evt", 3);
  await $py.callm(svc, "set_state", { n: 2 });
  log.push(`listeners ${await $py.callm(bus, "listener_count", "lab:evt")}`);
  log.push(`health ${json(await $py.callm(svc, "health"))}`);
  log.push(`state ${json(await $py.callm(svc, "get_state"))}`);
  await sleep(0.05);

  const expected = reference.lifecycle;
  assert.deepEqual(sortSubscriberRuns(log), sortSubscriberRuns(expected.log));
  assert.deepEqual(normaliseIds(logged), normaliseIds(expected.logged));
});

// --------------------------------------------------------------------------- errors

test("Service error texts and teardown errors match the real ones", async () => {
  freshServer({ sockets: null });
  const log = [];
  const Plain = defclass(Service, "Plain");
  const BadChild = defclass(Service, "BadChild", {
    stop: fn("stop", [], async () => {
      throw await $py.call($py.RuntimeError, "child stop broke");
    }),
  });
  const Broken = defclass(Service, "Broken", {
    on_start: fn("on_start", [], async () => {
      log.push("broken on_start");
      throw await $py.call($py.RuntimeError, "cannot start");
    }),
  });
  const BadStop = defclass(Service, "BadStop", {
    on_start: fn("on_start", [], async function () {
      await $py.callm(this, "adopt", await $py.call(BadChild, "bad-child"));
      await $py.callm(this, "add_cleanup", lambda([], async () => log.push("cleanup ok")));
      await $py.callm(this, "add_cleanup", $py.getattr(this, "bad_cleanup"));
    }),
    bad_cleanup: fn("bad_cleanup", [], async () => {
      throw await $py.call($py.ValueError, "cleanup broke");
    }),
    on_stop: fn("on_stop", [], async () => {
      throw await $py.call($py.KeyError, "on_stop broke");
    }),
  });
  const Resource = defclass($py.object, "Resource");
  const noop = lambda([], async () => null);

  const svc = await $py.call(Plain, "plain");
  const results = {
    interval: await attempt(() => $py.callm(svc, "interval", noop, 1)),
    timeout: await attempt(() => $py.callm(svc, "timeout", noop, 1)),
    spawn: await attempt(() => $py.callm(svc, "spawn", noop)),
    spawn_later: await attempt(() => $py.callm(svc, "spawn_later", 1, noop)),
    adopt_object: await attempt(async () => $py.callm(svc, "adopt", await $py.call($py.builtins.object))),
    adopt_none: await attempt(async () => (await $py.callm(svc, "adopt", null)) === svc),
    own_object: await attempt(async () => $py.callm(svc, "own", await $py.call(Resource))),
    own_missing_method: await attempt(async () => $py.callm(svc, "own", await $py.call(Resource), $py.kw({ stop_method: "nope" }))),
    own_none: await attempt(() => $py.callm(svc, "own", null)),
    subscribe_int: await attempt(() => $py.callm(svc, "subscribe", 5, lambda(["v"], async () => null))),
    on: await attempt(() => $py.callm(svc, "on", "x", noop)),
    off: await attempt(() => $py.callm(svc, "off", "x")),
    delegate: await attempt(() => $py.callm(svc, "delegate")),
    on_socket: await attempt(() => $py.callm(svc, "on_socket", "x", noop)),
    off_socket: await attempt(() => $py.callm(svc, "off_socket", "x")),
    call_action: await attempt(() => $py.callm(svc, "call_action", "x", {})),
    refetch_empty: await attempt(() => $py.callm(svc, "emit_socket_refetch", " ")),
    emit_socket_no_transport: await attempt(() => $py.callm(svc, "emit_socket", "app:x", {})),
    bus_on_int: await attempt(() => $py.callm(bus, "on", "x", 5)),
    init_missing_name: await attempt(() => $py.call(Plain)),
    add_cleanup_not_callable: await attempt(async () => (await $py.callm(svc, "add_cleanup", 5)) === svc),
    cancel_greenlet_none: await attempt(async () => (await $py.callm(svc, "cancel_greenlet", null)) === svc),
    cancel_unknown_interval: await attempt(() => $py.callm(svc, "cancel_interval", "interval_nope")),
  };
  const broken = await $py.call(Broken, "broken");
  results.broken_start = await attempt(() => $py.callm(broken, "start"));
  results.broken_running = broken.running;
  const bad = await $py.call(BadStop, "bad-stop");
  await $py.callm(bad, "start");
  results.bad_stop = await attempt(async () => (await $py.callm(bad, "stop")) === bad);
  results.bad_stop_running = bad.running;

  const expected = reference.errors;
  assert.deepEqual(results, expected.results);
  assert.deepEqual(log, expected.log);
  assert.deepEqual(logged, expected.logged);
});

// --------------------------------------------------------------------------- sockets

test("Service.emit_socket / emit_socket_refetch match the real targeting and errors", async () => {
  const sent = [];
  freshServer({
    sockets: {
      emit(frame) {
        sent.push(frame);
        return true;
      },
    },
  });
  const Routed = defclass(Service, "Routed", { route: "/svc" });
  const Plain = defclass(Service, "Plain");
  const routed = await $py.call(Routed, "routed");
  const plain = await $py.call(Plain, "plain");
  const emit = (svc, ...args) => $py.callm(svc, "emit_socket", ...args);
  const results = [
    await attempt(() => emit(routed, "app:x", { a: 1 })),
    await attempt(() => emit(routed, "app:x", $py.kw({ route: "/other", session_id: " s1 " }))),
    await attempt(async () => emit(routed, "app:y", null, $py.kw({ target: await $py.call(socket_target, $py.kw({ session_id: "s", topic: "t" })) }))),
    await attempt(() => emit(routed, "app:y", $py.kw({ target: { route: "/t", client_id: "c" }, route: "/explicit" }))),
    await attempt(() => emit(routed, "sprag:reserved", 1)),
    await attempt(() => emit(routed, "sprag:reserved", 2)),
    await attempt(() => $py.callm(routed, "emit_socket_refetch", "status", { p: 1 }, $py.kw({ session_id: "s" }))),
    await attempt(() => $py.callm(routed, "emit_socket_refetch", " snapshot ", $py.kw({ event: "app:refetch" }))),
    await attempt(() => emit(plain, "app:z", [1, 2])),
    await attempt(() => emit(plain, "app:z", $py.kw({ target: "nope" }))),
    await attempt(() => emit(plain, "app:z", $py.kw({ topic: 3 }))),
    await attempt(() => emit(plain, "  ")),
    await attempt(() => emit(plain, " app:trim ", $py.kw({ route: "  " }))),
    await attempt(() => $py.call(socket_target, $py.kw({ route: "/r", topic: "t" }))),
  ];
  const expected = reference.sockets;
  assert.deepEqual(results, expected.results);
  assert.deepEqual(
    sent.map(({ event, payload, route, client_id, session_id, topic }) => ({ event, payload, route, client_id, session_id, topic })),
    expected.sent,
  );
  assert.deepEqual(logged, expected.logged);
});

// --------------------------------------------------------------------------- registry

test("registry matches the real one (texts, owners, wait_for)", async () => {
  freshServer();
  await $py.callm(registry, "clear");
  const Owner = defclass(Service, "Owner");
  const owner = await $py.call(Owner, "owner");
  const r = (name, ...args) => $py.callm(registry, name, ...args);
  const results = {
    provide_a: await attempt(() => r("provide", "a", 1)),
    provide_b: await attempt(() => r("provide", "  b  ", 2)),
    provide_a_again: await attempt(() => r("provide", "a", 3)),
    provide_replace: await attempt(() => r("provide", "a", 4, $py.kw({ replace: true }))),
    resolve_a: await attempt(() => r("resolve", "a")),
    resolve_missing: await attempt(() => r("resolve", "missing")),
    require_missing: await attempt(() => r("require", "missing")),
    require_b: await attempt(() => r("require", " b ")),
    provide_none: await attempt(() => r("provide", "none", null)),
    require_none: await attempt(() => r("require", "none")),
    has_none: await attempt(() => r("has", "none")),
    empty_key: await attempt(() => r("provide", "", 1)),
    int_key: await attempt(() => r("require", 5)),
    none_key: await attempt(() => r("resolve", null)),
    bad_owner: await attempt(async () => r("provide", "o", 1, $py.kw({ owner: await $py.call($py.builtins.object) }))),
    list: await attempt(() => r("list")),
    unregister_b: await attempt(() => r("unregister", "b")),
    unregister_b_again: await attempt(() => r("unregister", "b")),
    owned: await attempt(() => r("provide", "owned", "x", $py.kw({ owner }))),
  };
  await $py.callm(owner, "start");
  results.owned_before_stop = await r("has", "owned");
  await $py.callm(owner, "stop");
  results.owned_after_stop = await r("has", "owned");
  results.wait_timeout = await attempt(() => r("wait_for", "later", $py.kw({ timeout: 0.05 })));
  await $py.call(gevent.spawn_later, 0.05, lambda([], async () => r("provide", "later", "arrived")));
  results.wait_for = await attempt(() => r("wait_for", "later", $py.kw({ timeout: 1 })));
  results.wait_present = await attempt(() => r("wait_for", "a"));
  results.list_end = await r("list");
  await r("clear");
  results.list_cleared = await r("list");

  const expected = reference.registry;
  assert.deepEqual(results, expected.results);
  assert.deepEqual(logged, expected.logged);
});

test("registry: JavaScript callers may use it synchronously; resolve() takes a fallback", () => {
  registry.clear();
  registry.provide("k", 1);
  assert.equal(registry.require("k"), 1);
  assert.equal(registry.resolve("missing", "fallback"), "fallback");
  assert.throws(() => registry.require("nope"), (e) => e instanceof $py.KeyError);
  registry.clear();
});

// --------------------------------------------------------------------------- bus

test("server bus matches the real one (dedupe, once, errors logged, counts)", async () => {
  freshServer();
  const log = [];
  const first = fn("first", ["data"], async (data) => log.push(`first ${await str(data)}`));
  const failing = fn("failing", ["data"], async (data) => {
    throw await $py.call($py.ValueError, `listener failed on ${await str(data)}`);
  });
  const once = fn("once", ["data"], async (data) => log.push(`once ${await str(data)}`));
  const b = (name, ...args) => $py.callm(bus, name, ...args);
  const unsub = await b("on", "case:bus", first);
  await b("on", "case:bus", failing);
  await b("on", "case:bus", first);
  await b("once", "case:bus", once);
  const results = {
    count: await b("listener_count", "case:bus"),
    has: await b("has_listeners", "case:bus"),
    has_other: await b("has_listeners", "case:none"),
  };
  await b("emit", "case:bus", 1);
  await b("emit", "case:bus", 2);
  results.count_after_once = await b("listener_count", "case:bus");
  await $py.call(unsub);
  await b("emit", "case:bus", 3);
  await b("off", "case:bus", failing);
  results.count_after_off = await b("listener_count", "case:bus");
  await b("emit", "case:nobody", 4);
  await b("on", "case:clear", first);
  await b("clear", "case:clear");
  results.count_cleared = await b("listener_count", "case:clear");
  results.emit_returns = await b("emit", "case:bus");
  log.sort();

  const expected = reference.bus;
  assert.deepEqual(results, expected.results);
  assert.deepEqual(log, expected.log);
  assert.deepEqual(logged, expected.logged);
});

test("bus: bound methods subscribe once and unsubscribe by equality; broadcasts reach the sink", async () => {
  freshServer();
  const Holder = defclass($py.object, "Holder", {
    hit: fn("hit", ["data"], async function (data) {
      this.hits.push(data);
    }),
  });
  const holder = await $py.call(Holder);
  holder.hits = [];
  await $py.callm(bus, "on", "case:bound", $py.getattr(holder, "hit"));
  await $py.callm(bus, "on", "case:bound", $py.getattr(holder, "hit"));
  await $py.callm(bus, "emit", "case:bound", 1);
  await $py.callm(bus, "off", "case:bound", $py.getattr(holder, "hit"));
  await $py.callm(bus, "emit", "case:bound", 2);
  assert.deepEqual(holder.hits, [1]);

  const sunk = [];
  setBroadcastSink((data) => sunk.push(data));
  const order = [];
  await $py.callm(bus, "on", "sprag:broadcast", lambda(["data"], async () => order.push("listener")));
  await $py.callm(bus, "emit", "sprag:broadcast", { event: "lab:pulse", payload: { ticks: 1 } });
  assert.deepEqual(sunk, [{ event: "lab:pulse", payload: { ticks: 1 } }]);
  assert.deepEqual(order, ["listener"]);
  setBroadcastSink(null);
  await $py.callm(bus, "clear");
});

// --------------------------------------------------------------------------- watcher

test("Watcher matches the real one (poll, dedupe, transform, retry, own, stream)", async () => {
  freshServer();
  const log = [];
  const values = [1, 1, 2, 2, 3, 3, 3, 3, 3, 3];
  const poll = fn("poll", [], async () => {
    const value = values.shift();
    log.push(`poll ${value}`);
    return value;
  });
  const sub = fn("sub", ["value", "watcher"], async (value, watcher) => {
    log.push(`value ${await str(value)} running=${await str($py.getattr(watcher, "running"))}`);
  });
  const badSub = fn("bad_sub", ["value", "watcher"], async () => {
    throw await $py.call($py.RuntimeError, "subscriber broke");
  });
  const watcher = await $py.call(Watcher, "counter", $py.kw({ poll, interval: 0.2, dedupe: true, transform: lambda(["raw"], async (raw) => raw * 10) }));
  await $py.callm(watcher, "subscribe", sub);
  const unsub = await $py.callm(watcher, "subscribe", badSub);
  log.push(`before ${await str(watcher.running)} ${await str(watcher.last_value)} ${await repr(watcher)}`);
  await $py.callm(watcher, "start");
  await sleep(0.3);
  await $py.call(unsub);
  await sleep(0.6);
  const health = await $py.callm(watcher, "health");
  log.push(
    `health ${await repr(Object.keys(health).sort())} ${health.name} ${await str(health.running)} ${health.mode} ${health.error_count} ${health.subscribers}`,
  );
  await $py.callm(watcher, "stop");
  log.push(`after ${await str(watcher.running)} ${await str(watcher.last_value)} ${await repr(watcher)}`);

  const one = lambda([], async () => 1);
  const minWatcher = await $py.call(Watcher, "w", $py.kw({ poll: one, interval: 0.01 }));
  const results = {
    both: await attempt(() => $py.call(Watcher, "w", $py.kw({ poll: one, stream: lambda([], async () => []) }))),
    neither: await attempt(() => $py.call(Watcher, "w")),
    min_interval: minWatcher._interval,
  };

  let failures = 0;
  const flaky = fn("flaky", [], async () => {
    failures += 1;
    if (failures === 1) throw await $py.call($py.ValueError, "first poll fails");
    return "ok";
  });
  const once = await $py.call(Watcher, "once", $py.kw({ poll: flaky, retry: false }));
  await $py.callm(once, "subscribe", sub);
  await $py.callm(once, "start");
  await sleep(0.05);
  log.push(`retry=False running=${await str(once.running)} errors=${(await $py.callm(once, "health")).error_count}`);
  await $py.callm(once, "stop");

  failures = 0;
  const retrying = await $py.call(Watcher, "retrying", $py.kw({ poll: flaky, interval: 5 }));
  await $py.callm(retrying, "subscribe", sub);
  await $py.callm(retrying, "start");
  await sleep(1.15);
  log.push(
    `retrying running=${await str(retrying.running)} errors=${(await $py.callm(retrying, "health")).error_count} last=${await str(retrying.last_value)}`,
  );
  await $py.callm(retrying, "stop");

  const Owner = defclass(Service, "Owner", {
    on_start: fn("on_start", [], async function () {
      this.watcher = await $py.callm(this, "own", await $py.call(Watcher, "owned", $py.kw({ poll: lambda([], async () => "tick"), interval: 0.1 })));
      await $py.callm(this.watcher, "start");
    }),
  });
  const owner = await $py.call(Owner, "owner");
  await $py.callm(owner, "start");
  await sleep(0.05);
  log.push(`owned running=${await str(owner.watcher.running)}`);
  await $py.callm(owner, "stop");
  log.push(`owned after stop running=${await str(owner.watcher.running)}`);

  let streaming = null;
  const stream = pyfunction("stream", {}, async function* () {
    for (const item of ["a", "b", "b", "c"]) {
      await sleep(0.05);
      yield item;
    }
    while (streaming.running) await sleep(0.02);
  });
  streaming = await $py.call(Watcher, "stream", $py.kw({ stream, dedupe: true }));
  await $py.callm(streaming, "subscribe", sub);
  await $py.callm(streaming, "start");
  await sleep(0.4);
  log.push(`stream health mode=${(await $py.callm(streaming, "health")).mode} last=${await str(streaming.last_value)}`);
  await $py.callm(streaming, "stop");
  log.push(`stream stopped ${await str(streaming.running)}`);

  const expected = reference.watcher;
  assert.deepEqual(log, expected.log);
  assert.deepEqual(results, expected.results);
  assert.deepEqual(logged, expected.logged);
});

test("Watcher poll timing on a fake clock", async () => {
  const clock = fakeClock();
  freshServer({ clock });
  const seen = [];
  const w = await $py.call(Watcher, "iter", $py.kw({ poll: lambda([], async () => seen.length), interval: 2 }));
  await $py.callm(w, "subscribe", lambda(["value", "watcher"], async (value) => seen.push(value)));
  await $py.callm(w, "start");
  await clock.advance(0);
  assert.deepEqual(seen, [0]);
  await clock.advance(1.9);
  assert.deepEqual(seen, [0]);
  await clock.advance(0.2);
  assert.deepEqual(seen, [0, 1]);
  await clock.advance(4);
  assert.deepEqual(seen, [0, 1, 2, 3]);
  const health = await $py.callm(w, "health");
  assert.equal(health.uptime_seconds, 6.1);
  await $py.callm(w, "stop");
  assert.equal(clock.pending(), 0);
});

test("Watcher stream over a plain iterable restarts it when exhausted (as the real loop does), yielding between items", async () => {
  freshServer();
  const seen = [];
  const w = await $py.call(Watcher, "list", $py.kw({ stream: lambda([], async () => [1, 2, 2, 3]), dedupe: true }));
  await $py.callm(w, "subscribe", lambda(["value", "watcher"], async (value) => seen.push(value)));
  await $py.callm(w, "start");
  await new Promise((resolve) => setTimeout(resolve, 30));
  await $py.callm(w, "stop");
  assert.deepEqual(seen.slice(0, 4), [1, 2, 3, 1]);
  const count = seen.length;
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(seen.length, count, "stopped");
  assert.equal(w.running, false);
});

test("ManagedProcess / start_process / Service.start_process raise the mock's clear error", async () => {
  freshServer();
  const { ManagedProcess, start_process } = await import("../../www/mock/server/service.js");
  const svc = await $py.call(Service, "p");
  for (const thunk of [() => $py.call(ManagedProcess, "x"), () => $py.call(start_process, "x", ["ls"]), () => $py.callm(svc, "start_process", ["ls"])]) {
    const result = await attempt(thunk);
    assert.match(result.raised, /^NotImplementedError: \[SPRAG mock\] ManagedProcess needs a real SPRAG server/);
  }
});

// --------------------------------------------------------------------------- gevent

test("gevent greenlets match the real ones (spawn order, join, kill, value, exception)", async () => {
  freshServer();
  const log = [];
  const work = fn("work", ["name", "seconds"], async (name, seconds) => {
    log.push(`start ${name}`);
    await sleep(seconds);
    log.push(`end ${name}`);
    return name.toUpperCase();
  });
  const boom = fn("boom", [], async () => {
    throw await $py.call($py.ValueError, "greenlet boom");
  });
  const spawn = (...args) => $py.callm(gevent, "spawn", ...args);
  const a = await spawn(work, "a", 0.1);
  const b = await $py.callm(gevent, "spawn_later", 0.02, work, "b", 0.01);
  const c = await spawn(work, "c", 1);
  const d = await spawn(work, "d", 1);
  await $py.callm(d, "kill");
  const e = await spawn(boom);
  log.push(`spawned dead=${await str(a.dead)} started=${await str(await $py.truthy(a))}`);
  await sleep(0);
  log.push(`after yield started=${await str(await $py.truthy(a))}`);
  await $py.callm(a, "join");
  log.push(`a value=${a.value} dead=${await str(a.dead)} ready=${await str(await $py.callm(a, "ready"))} ok=${await str(await $py.callm(a, "successful"))}`);
  await $py.callm(b, "join");
  log.push(`b value=${b.value}`);
  await $py.callm(c, "kill");
  log.push(`c dead=${await str(c.dead)} value=${$py.typeName(c.value)}`);
  log.push(`d dead=${await str(d.dead)} value=${$py.typeName(d.value)}`);
  await $py.callm(e, "join");
  log.push(`e ok=${await str(await $py.callm(e, "successful"))} exception=${await errorText(e.exception)}`);
  const f = await spawn(work, "f", 0.3);
  await $py.callm(f, "join", $py.kw({ timeout: 0.05 }));
  log.push(`f dead=${await str(f.dead)}`);
  await $py.callm(f, "kill");
  const done = await $py.callm(gevent, "joinall", [await spawn(work, "g", 0.01), await spawn(work, "h", 0.02)]);
  log.push(`joinall ${await repr(done.map((g) => g.value))}`);
  assert.deepEqual(log, reference.gevent.log);
  // Known difference: JavaScript cannot interrupt the body of a killed greenlet; it runs on
  // to its end (its result is dropped: f stays dead with GreenletExit as its value).
  await sleep(0.35);
  assert.deepEqual(log.slice(reference.gevent.log.length), ["end f"]);
  assert.equal($py.typeName(f.value), "GreenletExit");
});

// --------------------------------------------------------------------------- mock-only

test("Service with a fake clock: interval sleeps first; stop cancels every timer", async () => {
  const clock = fakeClock();
  freshServer({ clock });
  const ticks = [];
  const svc = await $py.call(SpecterService, "clocked");
  await $py.callm(svc, "start");
  const id = await $py.callm(svc, "interval", lambda([], async () => ticks.push(clock.monotonic())), 1);
  assert.match(id, /^interval_[0-9a-f]{8}$/);
  await $py.callm(svc, "timeout", lambda([], async () => ticks.push("timeout")), 2.5);
  await clock.advance(0.5);
  assert.deepEqual(ticks, []);
  await clock.advance(3);
  assert.deepEqual(ticks, [1, 2, "timeout", 3]);
  await $py.callm(svc, "cancel_interval", id);
  await clock.advance(2);
  assert.deepEqual(ticks, [1, 2, "timeout", 3]);
  await $py.callm(svc, "interval", lambda([], async () => ticks.push("again")), 1);
  await $py.callm(svc, "spawn_later", 5, lambda([], async () => ticks.push("late")));
  await $py.callm(svc, "stop");
  await clock.advance(10);
  assert.deepEqual(ticks, [1, 2, "timeout", 3]);
  assert.equal(clock.pending(), 0);
  assert.equal(server().clock, clock);
});

test("compiled-style subclass: __init__ through super(), state read as an attribute", async () => {
  freshServer();
  const Counter = defclass(Service, "Counter", {
    __init__: fn("__init__", [], async function () {
      const self = this;
      await $py.callm($py.sup(Counter, self), "__init__", "counter", $py.kw({ initial_state: { count: 0 } }));
      $py.setattr(self, "extra", 1);
    }),
    bump: fn("bump", [], async function () {
      const self = this;
      const count = await $py.callm($py.getattr(self, "state"), "get", "count", 0);
      await $py.callm(self, "set_state", { count: count + 1 });
      return $py.getattr(self, "state");
    }),
  });
  const counter = await $py.call(Counter);
  assert.equal(counter.name, "counter");
  assert.equal(counter.priority, 100);
  assert.deepEqual(await $py.callm(counter, "bump"), { count: 1 });
  assert.equal($py.getattr(counter, "running"), false);
  setServer({});
});
