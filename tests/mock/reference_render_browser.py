"""Reference side of tests/mock/render.browser.test.mjs: sprag's server-side browser nouns.

Each case of CASES runs one small program against the real sprag (Module, Component, Screen,
hydrate, ssr, the class-time decorators, ref, browser / imports / dom, env / public_env,
join_url); render.browser.test.mjs runs the same program against www/mock/server/browser.js.
Input (stdin): {"env": {name: value}, "cases": [name, ...]}. Output: a JSON list, one
{"value": <JSON-able result>} or {"error": "<ExcClass>: <message>"} per case.
"""

import json
import os
import sys

from sprag import (
    Component,
    Module,
    Screen,
    animate,
    browser,
    createStateStore,
    debounce,
    dom,
    env,
    hydrate,
    imports,
    infinite_scroll,
    join_url,
    public_env,
    ref,
    ssr,
    throttle,
    virtual_scroll,
)


class Card(Component):
    def render(self, props=None):
        return None


class CounterModule(Module):
    def __init__(self, screen=None, state=None):
        super().__init__(screen=screen, state=state or {"count": 0})


class TwoModules(Screen):
    modules = [CounterModule, Module]

    def render(self, data):
        return None


def fn():
    return None


def marks(target, name):
    return getattr(target, name)


def hydrate_snapshot():
    module = Module(state={"a": 1})
    mount = hydrate(Card, module=module)
    module.set_state({"a": 2})
    return {"props": mount.props, "state": module.state}


def screen_modules():
    screen = TwoModules(data={"x": 1})
    counter = screen.module(CounterModule)
    plain = screen.module(Module)
    return {
        "counter": counter.state,
        "plain": plain.state,
        "same_screen": counter.screen is screen,
        "instance_modules": screen.modules,
        "data": screen.data,
    }


CASES = {
    # join_url
    "join_url root": lambda: join_url(),
    "join_url parts": lambda: join_url("/", "a", None, "/b/", ""),
    "join_url empty base": lambda: join_url("", "x"),
    "join_url None base": lambda: join_url(None, "a"),
    "join_url trailing": lambda: join_url("/base/", "c", trailing_slash=True),
    "join_url trailing root": lambda: join_url("/", trailing_slash=True),
    "join_url external": lambda: join_url("https://x.test", "a"),
    "join_url external path query": lambda: join_url("https://x.test/base/?q=1#frag", "a", "b"),
    "join_url external no parts": lambda: join_url("http://h.test"),
    "join_url external trailing": lambda: join_url("https://x.test", trailing_slash=True),
    "join_url protocol relative": lambda: join_url("//cdn.test/x", "y"),
    "join_url numbers": lambda: join_url("/a", 1, 2),
    "join_url relative base": lambda: join_url("relative/base", "z"),
    "join_url spaces": lambda: join_url("  /sp  ", " q "),
    # env
    "env present": lambda: env("SPRAG_PUBLIC_API"),
    "env default": lambda: env("MOCK_MISSING_VAR", "fallback"),
    "env default None": lambda: env("MOCK_MISSING_VAR", None),
    "env missing": lambda: env("MOCK_MISSING_VAR"),
    "env required with default": lambda: env("MOCK_MISSING_VAR", "d", required=True),
    "env cast int": lambda: env("MOCK_NUMBER", cast=int),
    "env cast str": lambda: env("MOCK_NUMBER", cast=str),
    "env cast bool yes": lambda: env("MOCK_YES", cast=bool),
    "env cast bool bad": lambda: env("MOCK_NUMBER", cast=bool),
    "env cast int bad": lambda: env("MOCK_WORD", cast=int),
    "public_env": lambda: public_env(),
    "public_env prefix": lambda: public_env("MOCK_"),
    # Module
    "Module defaults": lambda: {"state": Module().state, "stores": Module().stores, "screen": Module().screen},
    "Module subclass default state": lambda: CounterModule().state,
    "Module subclass given state": lambda: CounterModule(state={"count": 5}).state,
    "Module positional": lambda: Module(None, {"p": 1}).state,
    "Module set_state merges": lambda: Module(state={"a": 1, "b": 1}).set_state({"b": 2, "c": 3}),
    "Module set_state None": lambda: Module().set_state(None),
    "Module state None": lambda: Module(state=None).set_state({"a": 1}),
    "Module browser-only": lambda: Module().on_socket("x", fn),
    "Module browser-only call_action": lambda: Module().call_action("save", {}),
    "Module missing argument": lambda: Module().call_action(),
    "Module unknown keyword": lambda: Module(color="red"),
    "Module refetch_on_socket": lambda: Module().refetch_on_socket(),
    # Component
    "Component defaults": lambda: {"props": Component().props, "state": Component().state, "refs": Component().refs},
    "Component positional props": lambda: Component({"a": 1}).props,
    "Component render": lambda: Component().render(),
    "Component set_state_sync": lambda: Component(state={"a": 1}).set_state_sync({"b": 2}),
    "Component browser-only": lambda: Component().mount(None),
    "Component unmount": lambda: Component().unmount(),
    "Component virtual_scroll field": lambda: Component().virtual_scroll,
    # Screen / hydrate / ssr
    "Screen modules": screen_modules,
    "Screen render": lambda: Screen().render({}),
    "Screen sample_data": lambda: TwoModules.sample_data(),
    "hydrate snapshot of module state": hydrate_snapshot,
    "hydrate without props": lambda: hydrate(Card).props,
    "hydrate empty props": lambda: hydrate(Card, props={}).props,
    "hydrate module without state": lambda: hydrate(Card, module=Module(state={})).props,
    "hydrate positional module": lambda: hydrate(Card, Module()),
    "ssr props": lambda: ssr(Card, a=1, b="two").props,
    # decorators
    "debounce": lambda: marks(debounce(0.25)(fn), "_sprag_debounce_ms"),
    "debounce int": lambda: marks(debounce(2)(fn), "_sprag_debounce_ms"),
    "debounce negative": lambda: debounce(-1),
    "debounce str": lambda: debounce("1"),
    "throttle bool": lambda: marks(throttle(True)(fn), "_sprag_throttle_ms"),
    "throttle truncates": lambda: marks(throttle(0.0015)(fn), "_sprag_throttle_ms"),
    "animate default": lambda: marks(animate()(type("A", (Component,), {})), "_sprag_animate"),
    "animate class name": lambda: marks(animate("fade-in")(type("B", (Component,), {})), "_sprag_animate"),
    "virtual_scroll": lambda: marks(virtual_scroll(chunk=10)(type("C", (Component,), {})), "_sprag_virtual_scroll"),
    "virtual_scroll options": lambda: marks(
        virtual_scroll(chunk=5, max_chunks="7", root="#list", pool_size=2.9, axis="y")(type("D", (Component,), {})),
        "_sprag_virtual_scroll",
    ),
    "virtual_scroll chunk 0": lambda: virtual_scroll(chunk=0),
    "virtual_scroll float chunk": lambda: virtual_scroll(chunk=2.5),
    "virtual_scroll missing chunk": lambda: virtual_scroll(),
    "infinite_scroll": lambda: marks(infinite_scroll(at="#sentinel")(fn), "_sprag_infinite_scroll"),
    "infinite_scroll empty": lambda: infinite_scroll(at=""),
    "ref selector": lambda: ref(".x").selector,
    "ref empty": lambda: ref(""),
    "ref not str": lambda: ref(5),
    # browser / imports / dom
    "browser call": lambda: browser.SparkWidget(1),
    "browser nested call": lambda: browser.window.alert("x"),
    "browser repr": lambda: repr(browser.a.b),
    "imports item repr": lambda: repr(imports["create-pulse"]),
    "imports bool": lambda: bool(imports.createPulse),
    "createStateStore": lambda: createStateStore({}),
    "dom helpers return None": lambda: [dom.show(None), dom.query(".x"), dom.animate_in(None, duration=200), dom.clear_pool()],
}


def run(name):
    try:
        return {"value": CASES[name]()}
    except Exception as exc:  # noqa: BLE001 - the error text is the expected output
        return {"error": f"{exc.__class__.__name__}: {exc}"}


def main():
    spec = json.load(sys.stdin)
    os.environ.update(spec["env"])
    json.dump([run(name) for name in spec["cases"]], sys.stdout, default=repr)


if __name__ == "__main__":
    main()
