// Differential test of www/mock/server/browser.js against sprag's server-side browser nouns:
// every case is one small program written twice, in Python in
// tests/mock/reference_render_browser.py (run against the real sprag) and here in the
// runtime's calling convention (run against the mock). Results and error texts must match.

import { test } from "node:test";
import assert from "node:assert/strict";

import * as $py from "../../www/mock/py/py.js";
import { pyfunction } from "../../www/mock/server/pyfn.js";
import {
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
  setEnviron,
  ssr,
  throttle,
  virtual_scroll,
} from "../../www/mock/server/browser.js";
import { runReference } from "./server_reference.mjs";

const ENV = { SPRAG_PUBLIC_API: "https://api.test", MOCK_NUMBER: "42", MOCK_YES: "Yes", MOCK_WORD: "abc" };

// ------------------------------------------------------------------------- twins of the reference's classes

class Card extends Component {}
$py.klass(Card, "Card", { render: pyfunction("render", { params: ["props"], defaults: { props: null } }, () => null) });

class CounterModule extends Module {}
$py.klass(CounterModule, "CounterModule", {
  __init__: pyfunction("__init__", { params: ["screen", "state"], defaults: { screen: null, state: null } }, async function (screen, state) {
    await $py.callm($py.sup(CounterModule, this), "__init__", $py.kw({ screen, state: $py.truthy(state) ? state : { count: 0 } }));
  }),
});

class TwoModules extends Screen {}
$py.klass(TwoModules, "TwoModules", {
  modules: [CounterModule, Module],
  render: pyfunction("render", { params: ["data"] }, () => null),
});

const fn = pyfunction("fn", {}, () => null);
const call = (callee, ...args) => $py.call(callee, ...args);
const kw = (values) => $py.kw(values);
const m = (obj, name, ...args) => $py.callm(obj, name, ...args);

/** `type(name, (Component,), {})` */
function componentClass(name) {
  const cls = class extends Component {};
  return $py.klass(cls, name);
}

async function decorated(decoratorFactoryCall, target, attribute) {
  const decorator = await decoratorFactoryCall;
  return $py.getattr(await call(decorator, target), attribute);
}

async function hydrateSnapshot() {
  const module = await call(Module, kw({ state: { a: 1 } }));
  const mount = await call(hydrate, Card, kw({ module }));
  await m(module, "set_state", { a: 2 });
  return { props: mount.props, state: module.state };
}

async function screenModules() {
  const screen = await call(TwoModules, kw({ data: { x: 1 } }));
  const counter = await m(screen, "module", CounterModule);
  const plain = await m(screen, "module", Module);
  return { counter: counter.state, plain: plain.state, same_screen: counter.screen === screen, instance_modules: screen.modules, data: screen.data };
}

const newModule = (...args) => call(Module, ...args);
const newComponent = (...args) => call(Component, ...args);

const CASES = {
  // join_url
  "join_url root": () => call(join_url),
  "join_url parts": () => call(join_url, "/", "a", null, "/b/", ""),
  "join_url empty base": () => call(join_url, "", "x"),
  "join_url None base": () => call(join_url, null, "a"),
  "join_url trailing": () => call(join_url, "/base/", "c", kw({ trailing_slash: true })),
  "join_url trailing root": () => call(join_url, "/", kw({ trailing_slash: true })),
  "join_url external": () => call(join_url, "https://x.test", "a"),
  "join_url external path query": () => call(join_url, "https://x.test/base/?q=1#frag", "a", "b"),
  "join_url external no parts": () => call(join_url, "http://h.test"),
  "join_url external trailing": () => call(join_url, "https://x.test", kw({ trailing_slash: true })),
  "join_url protocol relative": () => call(join_url, "//cdn.test/x", "y"),
  "join_url numbers": () => call(join_url, "/a", 1, 2),
  "join_url relative base": () => call(join_url, "relative/base", "z"),
  "join_url spaces": () => call(join_url, "  /sp  ", " q "),
  // env
  "env present": () => call(env, "SPRAG_PUBLIC_API"),
  "env default": () => call(env, "MOCK_MISSING_VAR", "fallback"),
  "env default None": () => call(env, "MOCK_MISSING_VAR", null),
  "env missing": () => call(env, "MOCK_MISSING_VAR"),
  "env required with default": () => call(env, "MOCK_MISSING_VAR", "d", kw({ required: true })),
  "env cast int": () => call(env, "MOCK_NUMBER", kw({ cast: $py.builtins.int })),
  "env cast str": () => call(env, "MOCK_NUMBER", kw({ cast: $py.builtins.str })),
  "env cast bool yes": () => call(env, "MOCK_YES", kw({ cast: $py.builtins.bool })),
  "env cast bool bad": () => call(env, "MOCK_NUMBER", kw({ cast: $py.builtins.bool })),
  "env cast int bad": () => call(env, "MOCK_WORD", kw({ cast: $py.builtins.int })),
  "public_env": () => call(public_env),
  "public_env prefix": () => call(public_env, "MOCK_"),
  // Module
  "Module defaults": async () => ({ state: (await newModule()).state, stores: (await newModule()).stores, screen: (await newModule()).screen }),
  "Module subclass default state": async () => (await call(CounterModule)).state,
  "Module subclass given state": async () => (await call(CounterModule, kw({ state: { count: 5 } }))).state,
  "Module positional": async () => (await newModule(null, { p: 1 })).state,
  "Module set_state merges": async () => m(await newModule(kw({ state: { a: 1, b: 1 } })), "set_state", { b: 2, c: 3 }),
  "Module set_state None": async () => m(await newModule(), "set_state", null),
  "Module state None": async () => m(await newModule(kw({ state: null })), "set_state", { a: 1 }),
  "Module browser-only": async () => m(await newModule(), "on_socket", "x", fn),
  "Module browser-only call_action": async () => m(await newModule(), "call_action", "save", {}),
  "Module missing argument": async () => m(await newModule(), "call_action"),
  "Module unknown keyword": () => newModule(kw({ color: "red" })),
  "Module refetch_on_socket": async () => m(await newModule(), "refetch_on_socket"),
  // Component
  "Component defaults": async () => {
    const c = await newComponent();
    return { props: c.props, state: c.state, refs: c.refs };
  },
  "Component positional props": async () => (await newComponent({ a: 1 })).props,
  "Component render": async () => m(await newComponent(), "render"),
  "Component set_state_sync": async () => m(await newComponent(kw({ state: { a: 1 } })), "set_state_sync", { b: 2 }),
  "Component browser-only": async () => m(await newComponent(), "mount", null),
  "Component unmount": async () => m(await newComponent(), "unmount"),
  "Component virtual_scroll field": async () => (await newComponent()).virtual_scroll,
  // Screen / hydrate / ssr
  "Screen modules": screenModules,
  "Screen render": async () => m(await call(Screen), "render", {}),
  "Screen sample_data": () => m(TwoModules, "sample_data"),
  "hydrate snapshot of module state": hydrateSnapshot,
  "hydrate without props": async () => (await call(hydrate, Card)).props,
  "hydrate empty props": async () => (await call(hydrate, Card, kw({ props: {} }))).props,
  "hydrate module without state": async () => (await call(hydrate, Card, kw({ module: await newModule(kw({ state: {} })) }))).props,
  "hydrate positional module": async () => call(hydrate, Card, await newModule()),
  "ssr props": async () => (await call(ssr, Card, kw({ a: 1, b: "two" }))).props,
  // decorators
  "debounce": () => decorated(call(debounce, 0.25), fn, "_sprag_debounce_ms"),
  "debounce int": () => decorated(call(debounce, 2), fn, "_sprag_debounce_ms"),
  "debounce negative": () => call(debounce, -1),
  "debounce str": () => call(debounce, "1"),
  "throttle bool": () => decorated(call(throttle, true), fn, "_sprag_throttle_ms"),
  "throttle truncates": () => decorated(call(throttle, 0.0015), fn, "_sprag_throttle_ms"),
  "animate default": () => decorated(call(animate), componentClass("A"), "_sprag_animate"),
  "animate class name": () => decorated(call(animate, "fade-in"), componentClass("B"), "_sprag_animate"),
  "virtual_scroll": () => decorated(call(virtual_scroll, kw({ chunk: 10 })), componentClass("C"), "_sprag_virtual_scroll"),
  "virtual_scroll options": () =>
    decorated(
      call(virtual_scroll, kw({ chunk: 5, max_chunks: "7", root: "#list", pool_size: 2.9, axis: "y" })),
      componentClass("D"),
      "_sprag_virtual_scroll",
    ),
  "virtual_scroll chunk 0": () => call(virtual_scroll, kw({ chunk: 0 })),
  "virtual_scroll float chunk": () => call(virtual_scroll, kw({ chunk: 2.5 })),
  "virtual_scroll missing chunk": () => call(virtual_scroll),
  "infinite_scroll": () => decorated(call(infinite_scroll, kw({ at: "#sentinel" })), fn, "_sprag_infinite_scroll"),
  "infinite_scroll empty": () => call(infinite_scroll, kw({ at: "" })),
  "ref selector": async () => (await call(ref, ".x")).selector,
  "ref empty": () => call(ref, ""),
  "ref not str": () => call(ref, 5),
  // browser / imports / dom
  "browser call": () => call($py.getattr(browser, "SparkWidget"), 1),
  "browser nested call": () => m($py.getattr(browser, "window"), "alert", "x"),
  "browser repr": () => $py.repr($py.getattr($py.getattr(browser, "a"), "b")),
  "imports item repr": () => $py.repr($py.getitem(imports, "create-pulse")),
  "imports bool": () => $py.truthy($py.getattr(imports, "createPulse")),
  "createStateStore": () => call(createStateStore, {}),
  "dom helpers return None": async () => [
    await m(dom, "show", null),
    await m(dom, "query", ".x"),
    await m(dom, "animate_in", null, kw({ duration: 200 })),
    await m(dom, "clear_pool"),
  ],
};

async function run(name) {
  try {
    return { value: JSON.parse(JSON.stringify((await CASES[name]()) ?? null)) };
  } catch (caught) {
    const exc = $py.pyerr(caught);
    return { error: `${$py.typeName(exc)}: ${await $py.str(exc)}` };
  }
}

test("sprag's browser nouns behave on the mock server as on the real one", async () => {
  const names = Object.keys(CASES);
  setEnviron(ENV);
  const expected = runReference("reference_render_browser.py", { env: ENV, cases: names });
  const failures = [];
  for (const [index, name] of names.entries()) {
    const actual = await run(name);
    try {
      assert.deepStrictEqual(actual, expected[index]);
    } catch {
      failures.push(`${name}\n  mock:      ${JSON.stringify(actual)}\n  reference: ${JSON.stringify(expected[index])}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length}/${names.length} cases differ:\n${failures.join("\n")}`);
});
