// Differential test of www/mock/server/model.js (store() and Specter's Model) against the
// real ones (tests/mock/reference_store.py run in .cache/refvenv): each script of operations
// runs on both sides; every return value, raised exception and subscriber notification
// must be the same, in the same order.

import assert from "node:assert/strict";
import test from "node:test";

import * as $py from "../../www/mock/py/py.js";
import { create_model, reset_store_registry, store } from "../../www/mock/server/model.js";
import { asJson, runReference } from "./server_reference.mjs";

const B = $py.builtins;

// ------------------------------------------------------------------ callables used by scripts
// Stand-ins for compiled Python (spragc's server target does not exist yet), written to the
// calling contract of www/mock/README.md. Same names and behaviour as reference_store.py.

function compiled(name, spec, body) {
  const sig = { name, params: [], defaults: {}, varargs: null, kwonly: [], kwdefaults: {}, varkw: null, ...spec };
  return $py.def(async function (...$args) {
    return body(...$py.bind($args, sig));
  }, sig);
}

const MUTATORS = {
  bump: compiled("bump", { params: ["draft"] }, async (draft) => {
    const count = await $py.callm(draft, "get", "count", 0);
    await $py.setitem(draft, "count", await $py.add(count, 1));
    return null;
  }),
  replace: compiled("replace", { params: ["draft"] }, async () => ({ fresh: true })),
  bump_and_replace: compiled("bump_and_replace", { params: ["draft"] }, async (draft) => {
    await $py.setitem(draft, "count", 99);
    return { count: -1, other: [1, 2] };
  }),
  return_list: compiled("return_list", { params: ["draft"] }, async () => [1]),
  explode: compiled("explode", { params: ["draft"] }, async (draft) => {
    await $py.setitem(draft, "count", 1000);
    throw await $py.call(B.ValueError, "mutator failed");
  }),
  nest: compiled("nest", { params: ["draft"] }, async (draft) => {
    const a = await $py.callm(draft, "setdefault", "a", {});
    const b = await $py.callm(a, "setdefault", "b", {});
    await $py.setitem(b, "c", [1, { d: 2 }]);
    return null;
  }),
};

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

MUTATORS.slow_bump = compiled("slow_bump", { params: ["draft"] }, async (draft) => {
  await sleep(0.01); // gevent.sleep(0.01)
  return $py.call(MUTATORS.bump, draft);
});

const SELECTORS = {
  count: compiled("<lambda>", { params: ["state"] }, (state) => $py.callm(state, "get", "count")),
  keys: compiled("<lambda>", { params: ["state"] }, async (state) => $py.call(B.sorted, await $py.callm(state, "keys"))),
  parity: compiled("<lambda>", { params: ["state"] }, async (state) => $py.mod(await $py.callm(state, "get", "count", 0), 2)),
  missing: compiled("<lambda>", { params: ["state"] }, (state) => $py.getitem(state, "missing")),
};

function resolveSelector(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) && "fn" in value ? SELECTORS[value.fn] : value;
}

// ------------------------------------------------------------------ the scripts

const op = (name, fields = {}) => ({ op: name, ...fields });
const call = (name, ...args) => ({ op: name, args });

const SCRIPTS = [
  {
    title: "reads are deep copies",
    initial: { count: 1, a: { b: [1, 2] } },
    ops: [
      op("create", { initial: { count: 1, a: { b: [1, 2] } } }),
      call("get"), op("poke"), call("get"),
      call("get", "a"), op("poke"), call("get", "a"),
      call("get", "a.b"), op("poke"), call("get", "a.b"),
      call("snapshot"), op("poke"), call("get_state"), op("poke"), call("snapshot"),
      call("get", "a.missing"), call("get", "a.missing", "fallback"), call("get", "count.deeper", 0),
      call("get", ""), call("get", "..a..b.."), call("get", ["a", "b"]), call("get", 5),
    ],
  },
  {
    title: "set and patch",
    ops: [
      op("create", { initial: { count: 1, a: { b: 1 } } }),
      op("subscribe", { id: "all" }),
      call("set", "count", 2),
      call("set", "a.b", 2),
      call("set", "x.y.z", [1]),
      call("set", "count.inner", 5),
      call("set", ["list", "path"], { deep: true }),
      call("set", "", 1),
      call("set", "...", 1),
      call("set", null, 1),
      call("patch", { count: 10, fresh: { n: 1 } }),
      call("patch", {}),
      call("patch", [1]),
      call("patch", null),
      call("get"),
    ],
  },
  {
    title: "update",
    ops: [
      op("create", { initial: { count: 1 } }),
      op("subscribe", { id: "all" }),
      op("update", { mutator: "bump" }),
      op("update", { mutator: "bump" }),
      op("update", { mutator: "replace" }),
      op("update", { mutator: "bump_and_replace" }),
      op("update", { mutator: "return_list" }),
      op("update", { mutator: "explode" }),
      op("update", { mutator: "nest" }),
      call("update", 5),
      call("get"),
    ],
  },
  {
    title: "delete",
    ops: [
      op("create", { initial: { a: { b: 1, c: 2 }, d: 3, e: [1] } }),
      op("subscribe", { id: "all" }),
      call("delete", "a.b"),
      call("delete", "a.b"),
      call("delete", "missing.path"),
      call("delete", "e.0"),
      call("delete", ""),
      call("delete", ["d"]),
      call("delete", "a"),
      call("get"),
    ],
  },
  {
    title: "clear and reset",
    ops: [
      op("create", { initial: { count: 1, nested: { n: [1] } } }),
      op("subscribe", { id: "all" }),
      op("listen", { id: "count", path: "count" }),
      call("set", "nested.n", [1, 2]),
      call("clear"),
      call("get"),
      call("reset"),
      call("reset"),
      call("get"),
    ],
  },
  {
    title: "reset of a store without initial state",
    ops: [op("create"), op("subscribe", { id: "all" }), call("set", "a", 1), call("reset"), call("clear"), call("get")],
  },
  {
    title: "selectors and change detection",
    ops: [
      op("create", { initial: { count: 1, other: 0 } }),
      op("subscribe", { id: "all" }),
      op("subscribe", { id: "count-path", selector: "count" }),
      op("subscribe", { id: "count-fn", selector: { fn: "count" } }),
      op("subscribe", { id: "parity", selector: { fn: "parity" } }),
      op("subscribe", { id: "keys", selector: { fn: "keys" } }),
      op("subscribe", { id: "list-path", selector: ["nested", "v"] }),
      call("set", "other", 1),
      call("set", "count", 1),
      call("set", "count", true),
      call("set", "count", 3),
      call("set", "count", 4),
      call("set", "nested.v", { a: [1] }),
      call("set", "nested.v", { a: [1] }),
      call("set", "nested.v", { a: [1, 2] }),
      call("patch", { count: 4 }),
      call("set", "other", 0),
    ],
  },
  {
    title: "immediate, unsubscribe and failing subscribers",
    ops: [
      op("create", { initial: { count: 5 } }),
      op("subscribe", { id: "now", immediate: true }),
      op("subscribe", { id: "now-count", selector: "count", immediate: true }),
      op("subscribe", { id: "now-bad", immediate: true, raises: true }),
      op("subscribe", { id: "after-bad" }),
      call("set", "count", 6),
      op("unsubscribe", { id: "now" }),
      op("unsubscribe", { id: "now" }),
      call("set", "count", 7),
      op("unsubscribe", { id: "now-bad" }),
      call("set", "count", 8),
      op("subscribe", { id: "bad-selector", selector: { fn: "missing" } }),
      op("subscribe", { id: "fine" }),
      call("set", "count", 9),
    ],
  },
  {
    title: "listen",
    ops: [
      op("create", { initial: { prefs: { theme: "dark" } } }),
      op("listen", { id: "theme", path: "prefs.theme" }),
      call("set", "prefs.theme", "light"),
      call("set", "prefs.font", "serif"),
      call("patch", { prefs: { theme: "light" } }),
      call("delete", "prefs.theme"),
      call("delete", "prefs"),
      op("unsubscribe", { id: "theme" }),
      call("set", "prefs.theme", "x"),
    ],
  },
  {
    title: "select",
    ops: [
      op("create", { initial: { count: 3, a: { b: [1] } } }),
      op("select", { selector: "a.b" }),
      op("poke"),
      op("select", { selector: "a.b" }),
      op("select", { selector: "a.zz", default: "d" }),
      op("select", { selector: { fn: "count" } }),
      op("select", { selector: { fn: "keys" } }),
      op("select", { selector: { fn: "missing" } }),
      op("select", { selector: ["a"] }),
      op("select", { selector: 7 }),
    ],
  },
  {
    title: "the store registry",
    ops: [
      op("create", { initial: { n: 1 } }),
      op("declare", { initial: { n: 1 } }),
      op("declare", { initial: { n: 2 } }),
      op("declare", {}),
      op("declare", { name: "other" }),
      op("create", { name: "empty" }),
      op("declare", { name: "empty" }),
      op("declare", { name: "empty", initial: {} }),
      op("declare", { name: "" }),
      op("declare", { name: "listy", initial: [1] }),
      op("declare", { name: "stringy", initial: "x" }),
    ],
  },
  {
    title: "a store's initial state survives writes",
    ops: [
      op("create", { initial: { items: [1], meta: { v: 1 } } }),
      op("update", { mutator: "nest" }),
      call("set", "items", [9]),
      call("set", "meta.v", 2),
      call("reset"),
      call("get"),
    ],
  },
  {
    title: "concurrent writes wait for a running update",
    ops: [
      op("create", { initial: { count: 0 } }),
      op("subscribe", { id: "all" }),
      op("listen", { id: "count", path: "count" }),
      op("concurrent", { ops: [op("update", { mutator: "slow_bump" }), op("update", { mutator: "slow_bump" })] }),
      op("concurrent", { ops: [op("update", { mutator: "slow_bump" }), call("set", "count", 100), call("patch", { extra: 1 })] }),
      op("concurrent", { ops: [call("delete", "extra"), op("update", { mutator: "slow_bump" }), call("get", "count")] }),
      call("get"),
    ],
  },
  {
    title: "Model: subscribers get (value, model)",
    kind: "model",
    initial: { count: 1 },
    ops: [
      op("create"),
      op("subscribe", { id: "all", immediate: true }),
      op("watch", { id: "watched", selector: "count" }),
      op("watch", { id: "quiet", selector: "count", immediate: false }),
      call("set", "count", 2),
      call("clear"),
      call("get"),
      call("snapshot"),
      call("set", "count", 3),
      call("destroy"),
      call("get"),
      call("set", "count", 4),
    ],
  },
  {
    title: "Model without initial state",
    kind: "model",
    initial: null,
    ops: [op("create"), call("get"), call("patch", { a: 1 }), call("delete", "a"), call("delete", "a"), call("get")],
  },
];

// ------------------------------------------------------------------ the JavaScript side

/** The JavaScript twin of reference_store.py's Script. */
class Script {
  constructor(desc) {
    this.kind = desc.kind ?? "store";
    this.name = desc.name ?? "s";
    this.initial = desc.initial ?? null;
    this.notes = [];
    this.unsubscribers = new Map();
    this.lastRead = null;
    this.target = null;
  }

  subscriber({ id, raises = false }) {
    return compiled("on_change", { params: ["value"], varargs: "rest" }, async (value, rest) => {
      this.notes.push([id, asJson(value), rest.length]);
      if (raises) throw await $py.call(B.RuntimeError, "subscriber failed");
    });
  }

  /** {result} or {raised} for one operation. */
  async runEntry(o) {
    try {
      return { result: asJson((await this.run(o)) ?? null) };
    } catch (caught) {
      const exc = $py.pyerr(caught);
      return { raised: `${$py.typeName(exc)}: ${await $py.str(exc)}` };
    }
  }

  async run(o) {
    switch (o.op) {
      case "create":
        if (this.kind === "model") {
          this.target = await $py.call(create_model, this.name, this.initial);
        } else {
          const kwargs = "initial" in o ? { initial: o.initial } : {};
          this.target = await $py.call(store, o.name ?? this.name, $py.kw(kwargs));
        }
        return null;
      case "declare": {
        const other = await $py.call(store, o.name ?? this.name, $py.kw({ initial: o.initial ?? null }));
        return other === this.target;
      }
      case "poke":
        if ($py.isdict(this.lastRead)) this.lastRead.__poked__ = true;
        else if (Array.isArray(this.lastRead)) this.lastRead.push("__poked__");
        return null;
      case "concurrent":
        return Promise.all(o.ops.map((sub) => this.runEntry(sub)));
      case "unsubscribe":
        return $py.call(this.unsubscribers.get(o.id));
      case "subscribe":
      case "watch": {
        const kwargs = {};
        if ("selector" in o) kwargs.selector = resolveSelector(o.selector);
        if ("immediate" in o) kwargs.immediate = o.immediate;
        this.unsubscribers.set(o.id, await $py.callm(this.target, o.op, this.subscriber(o), $py.kw(kwargs)));
        return null;
      }
      case "listen":
        this.unsubscribers.set(o.id, await $py.callm(this.target, "listen", o.path, this.subscriber(o)));
        return null;
      case "update":
        if ("mutator" in o) return $py.callm(this.target, "update", MUTATORS[o.mutator]);
        return $py.callm(this.target, "update", ...o.args);
      case "select": {
        const args = [resolveSelector(o.selector)];
        if ("default" in o) args.push(o.default);
        const result = await $py.callm(this.target, "select", ...args);
        this.lastRead = result;
        return result;
      }
      default: {
        const result = await $py.callm(this.target, o.op, ...(o.args ?? []));
        if (["get", "snapshot", "get_state"].includes(o.op)) this.lastRead = result;
        return result;
      }
    }
  }
}

async function runScript(desc) {
  await $py.call(reset_store_registry);
  const script = new Script(desc);
  const entries = [];
  for (const o of desc.ops) {
    script.notes = [];
    const entry = await script.runEntry(o);
    entry.notes = script.notes;
    entries.push(entry);
  }
  return entries;
}

// ------------------------------------------------------------------ the comparison

const expected = runReference("reference_store.py", SCRIPTS.map(({ title, ...desc }) => desc));

SCRIPTS.forEach((desc, index) => {
  test(`store: ${desc.title}`, async () => {
    const actual = await runScript(desc);
    desc.ops.forEach((o, step) => {
      assert.deepEqual(actual[step], expected[index][step], `step ${step}: ${JSON.stringify(o)}`);
    });
  });
});
