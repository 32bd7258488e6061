"""Reference side of tests/mock/store.test.mjs: drive SPRAG's real store() / Specter Model.

Reads a JSON list of scripts on stdin; prints a JSON list with, per script, one entry per
operation: {"result": <return value>} or {"raised": "<ExcClass>: <message>"}, plus
"notes": the subscriber notifications [subscriber id, value] that the operation caused.

A script is {"kind": "store" | "model", "name", "initial", "ops": [...]} (a "model" script
uses specter.create_model directly). Operations are {"op": <method>, ...} with the method's
arguments by name; callables are named and mirrored in tests/mock/store.test.mjs:
mutators (MUTATORS), selectors (SELECTORS) and subscribers ({"id", "raises"}).
Extra operations: "declare" (store(name, initial=) again; result: is it the same object),
"poke" (mutate the value the previous "get" returned, to show reads are copies),
"unsubscribe" (call the unsubscribe function that a subscribe/listen/watch op returned),
"concurrent" (run its "ops" at the same time, one greenlet each; result: their entries).
"""

import json
import sys

import gevent
from specter import create_model
from sprag.runtime.stores import reset_store_registry, store


def bump(draft):
    draft["count"] = draft.get("count", 0) + 1


def replace(draft):
    return {"fresh": True}


def bump_and_replace(draft):
    draft["count"] = 99
    return {"count": -1, "other": [1, 2]}


def return_list(draft):
    return [1]


def explode(draft):
    draft["count"] = 1000
    raise ValueError("mutator failed")


def slow_bump(draft):
    gevent.sleep(0.01)
    bump(draft)


def nest(draft):
    draft.setdefault("a", {}).setdefault("b", {})["c"] = [1, {"d": 2}]


MUTATORS = {
    "bump": bump,
    "replace": replace,
    "bump_and_replace": bump_and_replace,
    "return_list": return_list,
    "explode": explode,
    "nest": nest,
    "slow_bump": slow_bump,
}

SELECTORS = {
    "count": lambda state: state.get("count"),
    "keys": lambda state: sorted(state.keys()),
    "parity": lambda state: state.get("count", 0) % 2,
    "missing": lambda state: state["missing"],
}


def resolve_selector(value):
    if isinstance(value, dict) and "fn" in value:
        return SELECTORS[value["fn"]]
    return value


class Script:
    """One script's live objects: the store, its subscriptions and the notification log."""

    def __init__(self, desc):
        self.kind = desc.get("kind", "store")
        self.name = desc.get("name", "s")
        self.initial = desc.get("initial")
        self.notes = []
        self.unsubscribers = {}
        self.last_read = None
        self.target = None

    def subscriber(self, spec):
        sub_id = spec["id"]
        raises = spec.get("raises", False)

        def on_change(value, *rest):
            self.notes.append([sub_id, frozen(value), len(rest)])
            if raises:
                raise RuntimeError("subscriber failed")

        return on_change

    def run(self, op):
        name = op["op"]
        if name == "create":
            if self.kind == "model":
                self.target = create_model(self.name, self.initial)
            else:
                kwargs = {} if "initial" not in op else {"initial": op["initial"]}
                self.target = store(op.get("name", self.name), **kwargs)
            return None
        if name == "declare":
            other = store(op.get("name", self.name), initial=op.get("initial"))
            return other is self.target
        if name == "poke":
            if isinstance(self.last_read, dict):
                self.last_read["__poked__"] = True
            elif isinstance(self.last_read, list):
                self.last_read.append("__poked__")
            return None
        if name == "concurrent":
            greenlets = [gevent.spawn(self.run_entry, sub) for sub in op["ops"]]
            gevent.joinall(greenlets)
            return [greenlet.value for greenlet in greenlets]
        if name == "unsubscribe":
            return self.unsubscribers[op["id"]]()
        if name in ("subscribe", "watch"):
            kwargs = {}
            if "selector" in op:
                kwargs["selector"] = resolve_selector(op["selector"])
            if "immediate" in op:
                kwargs["immediate"] = op["immediate"]
            unsubscribe = getattr(self.target, name)(self.subscriber(op), **kwargs)
            self.unsubscribers[op["id"]] = unsubscribe
            return None
        if name == "listen":
            self.unsubscribers[op["id"]] = self.target.listen(op["path"], self.subscriber(op))
            return None
        if name == "update" and "mutator" in op:
            return self.target.update(MUTATORS[op["mutator"]])
        if name == "select":
            args = [resolve_selector(op["selector"])]
            if "default" in op:
                args.append(op["default"])
            self.last_read = self.target.select(*args)
            return self.last_read
        args = op.get("args", [])
        result = getattr(self.target, name)(*args)
        if name in ("get", "snapshot", "get_state"):
            self.last_read = result
        return result


    def run_entry(self, op):
        """{"result": ...} or {"raised": ...} for one operation."""
        try:
            return {"result": frozen(self.run(op))}
        except Exception as exc:  # reported, compared like any other result
            return {"raised": f"{type(exc).__name__}: {exc}"}


def frozen(value):
    """The value as it is now (a later "poke" must not show in an earlier result)."""
    return json.loads(json.dumps(value))


def run_script(desc):
    reset_store_registry()
    script = Script(desc)
    entries = []
    for op in desc["ops"]:
        script.notes = []
        entry = script.run_entry(op)
        entry["notes"] = script.notes
        entries.append(entry)
    return entries


def main():
    scripts = json.load(sys.stdin)
    json.dump([run_script(desc) for desc in scripts], sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
