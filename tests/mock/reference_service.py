"""Reference side of tests/mock/service.test.mjs: drive SPRAG's real Service, the Specter
bus and registry, and Watcher through fixed cases.

Prints one JSON object {case name: result}. Every case records what happened in `log`
(strings) and the warnings/errors the runtime logged (`logged`: [level, message]); the node
test runs the same cases against www/mock/server/*.js (same user code, written to the
calling contract) and compares.
"""

import json
import logging
import sys

import gevent
from specter import registry
from sprag import Service, Watcher, bus, socket_target
from sprag.runtime.socket_bridge import SpragSocketBridge


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append([record.levelname.lower(), record.getMessage()])


CAPTURE = Capture()
for name in ("specter", "sprag"):
    logging.getLogger(name).addHandler(CAPTURE)
    logging.getLogger(name).setLevel(logging.INFO)
    logging.getLogger(name).propagate = False


def error_text(exc):
    return f"{type(exc).__name__}: {exc}"


def attempt(fn):
    try:
        return {"value": fn()}
    except Exception as exc:  # noqa: BLE001
        return {"raised": error_text(exc)}


class Case:
    def __init__(self):
        self.log = []
        CAPTURE.records = []

    def result(self, **extra):
        return {"log": self.log, "logged": list(CAPTURE.records), **extra}


# --------------------------------------------------------------------------- lifecycle


def case_lifecycle():
    case = Case()
    log = case.log

    class Child(Service):
        def on_start(self):
            log.append(f"child {self.name} start")

        def on_stop(self):
            log.append(f"child {self.name} stop")

    class Resource:
        def __init__(self, name):
            self.name = name

        def close(self):
            log.append(f"close {self.name}")

    class Closer:
        def shutdown(self):
            log.append("shutdown")

    class StoreLike:
        def subscribe(self, fn):
            log.append("store subscribe")
            return lambda: log.append("store unsub")

    class Main(Service):
        def on_start(self):
            log.append("on_start")
            self.ticks = 0
            self.interval(self.tick, 0.2)
            self.timeout(lambda: log.append("timeout fired"), 0.3)
            cancelled = self.timeout(lambda: log.append("cancelled timeout fired"), 0.05)
            self.cancel_timeout(cancelled)
            self.spawn(self.task, "x", label="task")
            self.spawn_later(0.1, lambda: log.append("spawn_later ran"))
            self.listen("lab:evt", lambda data: log.append(f"evt {data}"))
            self.adopt(Child("c1"))
            self.adopt(Child("c2"))
            self.add_cleanup(lambda: log.append("cleanup 1"))
            self.own(Resource("r1"))
            self.own(Closer(), stop_method="shutdown")
            self.add_cleanup(lambda: log.append("cleanup 2"))
            self.subscribe(lambda snap: log.append(f"sub n={snap.get('n')}"))
            self.watch_state(lambda snap: log.append(f"watch n={snap.get('n')}"))
            self.subscribe(StoreLike(), lambda value: None)
            log.append("on_start done")

        def tick(self):
            self.ticks += 1
            log.append(f"tick {self.ticks}")
            if self.ticks == 1:
                raise ValueError("tick failed")

        def task(self, arg):
            log.append(f"task {arg}")
            gevent.sleep(10)
            log.append("task finished")

        def on_stop(self):
            log.append("on_stop")

    svc = Main("main", {"n": 0})
    log.append(f"running {svc.running}")
    svc.start()
    log.append(f"started {svc.running}")
    svc.start()
    gevent.sleep(0.5)
    svc.set_state({"n": 1})
    log.append(f"emit returns self {svc.emit('lab:evt', {'k': 1}) is svc}")
    bus.emit("lab:evt", 2)
    copy = svc.get_state()
    copy["n"] = 99
    log.append(f"state n={svc.state['n']} copy n={copy['n']}")
    log.append(f"health {json.dumps(svc.health(), sort_keys=True)}")
    log.append(f"listeners {bus.listener_count('lab:evt')}")
    svc.stop()
    log.append(f"stopped {svc.running}")
    svc.stop()
    bus.emit("lab:evt", 3)
    svc.set_state({"n": 2})
    log.append(f"listeners {bus.listener_count('lab:evt')}")
    log.append(f"health {json.dumps(svc.health(), sort_keys=True)}")
    log.append(f"state {json.dumps(svc.get_state(), sort_keys=True)}")
    gevent.sleep(0.05)
    return case.result()


# --------------------------------------------------------------------------- errors


def case_errors():
    case = Case()
    log = case.log

    class Plain(Service):
        pass

    class Broken(Service):
        def on_start(self):
            log.append("broken on_start")
            raise RuntimeError("cannot start")

    class BadStop(Service):
        def on_start(self):
            self.adopt(BadChild("bad-child"))
            self.add_cleanup(lambda: log.append("cleanup ok"))
            self.add_cleanup(self.bad_cleanup)

        def bad_cleanup(self):
            raise ValueError("cleanup broke")

        def on_stop(self):
            raise KeyError("on_stop broke")

    class BadChild(Service):
        def stop(self):
            raise RuntimeError("child stop broke")

    class Resource:
        pass

    svc = Plain("plain")
    results = {
        "interval": attempt(lambda: svc.interval(lambda: None, 1)),
        "timeout": attempt(lambda: svc.timeout(lambda: None, 1)),
        "spawn": attempt(lambda: svc.spawn(lambda: None)),
        "spawn_later": attempt(lambda: svc.spawn_later(1, lambda: None)),
        "adopt_object": attempt(lambda: svc.adopt(object())),
        "adopt_none": attempt(lambda: svc.adopt(None) is svc),
        "own_object": attempt(lambda: svc.own(Resource())),
        "own_missing_method": attempt(lambda: svc.own(Resource(), stop_method="nope")),
        "own_none": attempt(lambda: svc.own(None)),
        "subscribe_int": attempt(lambda: svc.subscribe(5, lambda v: None)),
        "on": attempt(lambda: svc.on("x", lambda: None)),
        "off": attempt(lambda: svc.off("x")),
        "delegate": attempt(lambda: svc.delegate()),
        "on_socket": attempt(lambda: svc.on_socket("x", lambda: None)),
        "off_socket": attempt(lambda: svc.off_socket("x")),
        "call_action": attempt(lambda: svc.call_action("x", {})),
        "refetch_empty": attempt(lambda: svc.emit_socket_refetch(" ")),
        "emit_socket_no_transport": attempt(lambda: svc.emit_socket("app:x", {})),
        "bus_on_int": attempt(lambda: bus.on("x", 5)),
        "init_missing_name": attempt(lambda: Plain()),
        "add_cleanup_not_callable": attempt(lambda: svc.add_cleanup(5) is svc),
        "cancel_greenlet_none": attempt(lambda: svc.cancel_greenlet(None) is svc),
        "cancel_unknown_interval": attempt(lambda: svc.cancel_interval("interval_nope")),
    }
    broken = Broken("broken")
    results["broken_start"] = attempt(broken.start)
    results["broken_running"] = broken.running
    bad = BadStop("bad-stop")
    bad.start()
    results["bad_stop"] = attempt(lambda: bad.stop() is bad)
    results["bad_stop_running"] = bad.running
    return case.result(results=results)


# --------------------------------------------------------------------------- sockets


class RecordingTransport(SpragSocketBridge):
    def __init__(self, sent):
        super().__init__(None)
        self.sent = sent
        self._target = None

    def _matching_connections(self, target):
        self._target = target
        yield "recorder"

    def _send(self, connection, envelope):
        target = self._target
        self.sent.append(
            {
                "event": envelope["event"],
                "payload": envelope["payload"],
                "route": target.route,
                "client_id": target.client_id,
                "session_id": target.session_id,
                "topic": target.topic,
            }
        )
        return True


def case_sockets():
    case = Case()
    sent = []
    registry.provide("socket_transport", RecordingTransport(sent), replace=True)

    class Routed(Service):
        route = "/svc"

    class Plain(Service):
        pass

    routed = Routed("routed")
    plain = Plain("plain")
    results = [
        attempt(lambda: routed.emit_socket("app:x", {"a": 1})),
        attempt(lambda: routed.emit_socket("app:x", route="/other", session_id=" s1 ")),
        attempt(lambda: routed.emit_socket("app:y", None, target=socket_target(session_id="s", topic="t"))),
        attempt(lambda: routed.emit_socket("app:y", target={"route": "/t", "client_id": "c"}, route="/explicit")),
        attempt(lambda: routed.emit_socket("sprag:reserved", 1)),
        attempt(lambda: routed.emit_socket("sprag:reserved", 2)),
        attempt(lambda: routed.emit_socket_refetch("status", {"p": 1}, session_id="s")),
        attempt(lambda: routed.emit_socket_refetch(" snapshot ", event="app:refetch")),
        attempt(lambda: plain.emit_socket("app:z", [1, 2])),
        attempt(lambda: plain.emit_socket("app:z", target="nope")),
        attempt(lambda: plain.emit_socket("app:z", topic=3)),
        attempt(lambda: plain.emit_socket("  ")),
        attempt(lambda: plain.emit_socket(" app:trim ", route="  ")),
        attempt(lambda: socket_target(route="/r", topic="t")),
    ]
    registry.unregister("socket_transport")
    return case.result(results=results, sent=sent)


# --------------------------------------------------------------------------- registry


def case_registry():
    case = Case()
    log = case.log
    registry.clear()

    class Owner(Service):
        pass

    owner = Owner("owner")
    results = {
        "provide_a": attempt(lambda: registry.provide("a", 1)),
        "provide_b": attempt(lambda: registry.provide("  b  ", 2)),
        "provide_a_again": attempt(lambda: registry.provide("a", 3)),
        "provide_replace": attempt(lambda: registry.provide("a", 4, replace=True)),
        "resolve_a": attempt(lambda: registry.resolve("a")),
        "resolve_missing": attempt(lambda: registry.resolve("missing")),
        "require_missing": attempt(lambda: registry.require("missing")),
        "require_b": attempt(lambda: registry.require(" b ")),
        "provide_none": attempt(lambda: registry.provide("none", None)),
        "require_none": attempt(lambda: registry.require("none")),
        "has_none": attempt(lambda: registry.has("none")),
        "empty_key": attempt(lambda: registry.provide("", 1)),
        "int_key": attempt(lambda: registry.require(5)),
        "none_key": attempt(lambda: registry.resolve(None)),
        "bad_owner": attempt(lambda: registry.provide("o", 1, owner=object())),
        "list": attempt(registry.list),
        "unregister_b": attempt(lambda: registry.unregister("b")),
        "unregister_b_again": attempt(lambda: registry.unregister("b")),
        "owned": attempt(lambda: registry.provide("owned", "x", owner=owner)),
    }
    owner.start()
    results["owned_before_stop"] = registry.has("owned")
    owner.stop()
    results["owned_after_stop"] = registry.has("owned")
    results["wait_timeout"] = attempt(lambda: registry.wait_for("later", timeout=0.05))
    gevent.spawn_later(0.05, lambda: registry.provide("later", "arrived"))
    results["wait_for"] = attempt(lambda: registry.wait_for("later", timeout=1))
    results["wait_present"] = attempt(lambda: registry.wait_for("a"))
    results["list_end"] = registry.list()
    registry.clear()
    results["list_cleared"] = registry.list()
    log.append("done")
    return case.result(results=results)


# --------------------------------------------------------------------------- bus


def case_bus():
    case = Case()
    log = case.log

    def first(data):
        log.append(f"first {data}")

    def failing(data):
        raise ValueError(f"listener failed on {data}")

    def once(data):
        log.append(f"once {data}")

    unsub = bus.on("case:bus", first)
    bus.on("case:bus", failing)
    bus.on("case:bus", first)  # already subscribed: still one call
    bus.once("case:bus", once)
    results = {
        "count": bus.listener_count("case:bus"),
        "has": bus.has_listeners("case:bus"),
        "has_other": bus.has_listeners("case:none"),
    }
    bus.emit("case:bus", 1)
    bus.emit("case:bus", 2)
    results["count_after_once"] = bus.listener_count("case:bus")
    unsub()
    bus.emit("case:bus", 3)
    bus.off("case:bus", failing)
    results["count_after_off"] = bus.listener_count("case:bus")
    bus.emit("case:nobody", 4)
    bus.on("case:clear", first)
    bus.clear("case:clear")
    results["count_cleared"] = bus.listener_count("case:clear")
    results["emit_returns"] = bus.emit("case:bus")
    log.sort()
    return case.result(results=results)


# --------------------------------------------------------------------------- watcher


def case_watcher():
    case = Case()
    log = case.log
    values = iter([1, 1, 2, 2, 3, 3, 3, 3, 3, 3])

    def poll():
        value = next(values)
        log.append(f"poll {value}")
        return value

    def sub(value, watcher):
        log.append(f"value {value} running={watcher.running}")

    def bad_sub(value, watcher):
        raise RuntimeError("subscriber broke")

    watcher = Watcher("counter", poll=poll, interval=0.2, dedupe=True, transform=lambda raw: raw * 10)
    watcher.subscribe(sub)
    unsub = watcher.subscribe(bad_sub)
    log.append(f"before {watcher.running} {watcher.last_value} {watcher!r}")
    watcher.start()
    gevent.sleep(0.3)
    unsub()
    gevent.sleep(0.6)
    health = watcher.health()
    log.append(f"health {sorted(health)} {health['name']} {health['running']} {health['mode']} {health['error_count']} {health['subscribers']}")
    watcher.stop()
    log.append(f"after {watcher.running} {watcher.last_value} {watcher!r}")

    results = {
        "both": attempt(lambda: Watcher("w", poll=lambda: 1, stream=lambda: [])),
        "neither": attempt(lambda: Watcher("w")),
        "min_interval": Watcher("w", poll=lambda: 1, interval=0.01)._interval,
    }

    failures = {"n": 0}

    def flaky():
        failures["n"] += 1
        if failures["n"] == 1:
            raise ValueError("first poll fails")
        return "ok"

    once = Watcher("once", poll=flaky, retry=False)
    once.subscribe(sub)
    once.start()
    gevent.sleep(0.05)
    log.append(f"retry=False running={once.running} errors={once.health()['error_count']}")
    once.stop()

    failures["n"] = 0
    retrying = Watcher("retrying", poll=flaky, interval=5)
    retrying.subscribe(sub)
    retrying.start()
    gevent.sleep(1.15)
    log.append(f"retrying running={retrying.running} errors={retrying.health()['error_count']} last={retrying.last_value}")
    retrying.stop()

    class Owner(Service):
        def on_start(self):
            self.watcher = self.own(Watcher("owned", poll=lambda: "tick", interval=0.1))
            self.watcher.start()

    owner = Owner("owner")
    owner.start()
    gevent.sleep(0.05)
    log.append(f"owned running={owner.watcher.running}")
    owner.stop()
    log.append(f"owned after stop running={owner.watcher.running}")

    def stream():
        for item in ["a", "b", "b", "c"]:
            gevent.sleep(0.05)
            yield item
        while streaming.running:
            gevent.sleep(0.02)

    streaming = Watcher("stream", stream=stream, dedupe=True)
    streaming.subscribe(sub)
    streaming.start()
    gevent.sleep(0.4)
    log.append(f"stream health mode={streaming.health()['mode']} last={streaming.last_value}")
    streaming.stop()
    log.append(f"stream stopped {streaming.running}")
    return case.result(results=results)


# --------------------------------------------------------------------------- gevent


def case_gevent():
    case = Case()
    log = case.log

    def work(name, seconds):
        log.append(f"start {name}")
        gevent.sleep(seconds)
        log.append(f"end {name}")
        return name.upper()

    def boom():
        raise ValueError("greenlet boom")

    a = gevent.spawn(work, "a", 0.1)
    b = gevent.spawn_later(0.02, work, "b", 0.01)
    c = gevent.spawn(work, "c", 1)
    d = gevent.spawn(work, "d", 1)
    d.kill()
    e = gevent.spawn(boom)
    log.append(f"spawned dead={a.dead} started={bool(a)}")
    gevent.sleep(0)
    log.append(f"after yield started={bool(a)}")
    a.join()
    log.append(f"a value={a.value} dead={a.dead} ready={a.ready()} ok={a.successful()}")
    b.join()
    log.append(f"b value={b.value}")
    c.kill()
    log.append(f"c dead={c.dead} value={type(c.value).__name__}")
    log.append(f"d dead={d.dead} value={type(d.value).__name__}")
    e.join()
    log.append(f"e ok={e.successful()} exception={error_text(e.exception)}")
    f = gevent.spawn(work, "f", 0.3)
    f.join(timeout=0.05)
    log.append(f"f dead={f.dead}")
    f.kill()
    done = gevent.joinall([gevent.spawn(work, "g", 0.01), gevent.spawn(work, "h", 0.02)])
    log.append(f"joinall {[g.value for g in done]}")
    return {"log": log}


# --------------------------------------------------------------------------- main

CASES = {
    "lifecycle": case_lifecycle,
    "errors": case_errors,
    "sockets": case_sockets,
    "registry": case_registry,
    "bus": case_bus,
    "watcher": case_watcher,
    "gevent": case_gevent,
}


def main():
    wanted = json.load(sys.stdin)
    out = {}
    for name in wanted:
        out[name] = gevent.spawn(CASES[name]).get()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
