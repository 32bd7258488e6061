// The server side of sprag's browser nouns (sprag/runtime/browser.py, dom.py, env.py, urls.py):
// what `components.py`, `modules.py` and `web.py` get from `from sprag import ...` when the
// mock server runs them. On the server a Component only renders (`render(props)` for ssr and
// hydrate), a Module only holds state (the dataclass `__init__(screen=None, state={}, ...)`,
// `set_state` shallow merge) and a Screen builds the page tree; every browser-only method
// raises sprag's RuntimeError, as the real stubs do. Class-time helpers (`ref`, `animate`,
// `virtual_scroll`, `infinite_scroll`, `debounce`, `throttle`) mark the class or function the
// way sprag does; `browser.*` / `imports.*` are the generated-only namespaces; `dom.*` are
// no-ops; `env` / `public_env` read the mock's environment (`setEnviron`); `join_url` joins
// URL paths.

import * as $py from "../py/py.js";
import { isType, pyfunction, signature } from "./pyfn.js";
import { construct, dataclass, factory, setField } from "./ui.js";
import { urlsplit, urlunsplit } from "./urls.js";

// ------------------------------------------------------------------------- helpers

/** A Python-callable method (its sig counts `self` in messages). */
function method(name, spec, body) {
  const sig = { ...signature(name, spec), self: "self" };
  return $py.def(async function (...args) {
    return body.apply(this, $py.bind(args, sig));
  }, sig);
}

/** sprag's `_browser_only(name)`. */
function browserOnlyError(name) {
  return new $py.RuntimeError(
    `sprag.${name} is only available in generated browser code; this stub exists for IDE/type-checking support.`,
  );
}

/** Stubs of browser-only methods: {python name: parameter spec}, all raising for `owner`. */
function browserOnlyMethods(owner, specs) {
  const members = {};
  for (const [name, spec] of Object.entries(specs)) {
    members[name] = method(`${owner}.${name}`, spec, () => {
      throw browserOnlyError(`${owner}.${name}`);
    });
  }
  return members;
}

/** `{**a, **b}` of two mappings, with Python's TypeError for anything else. */
function mergeMappings(a, b) {
  for (const value of [a, b]) {
    if (!$py.isdict(value)) throw new $py.TypeError(`'${$py.typeName(value)}' object is not a mapping`);
  }
  return { ...a, ...b };
}

const stateMerge = (qualname) =>
  method(qualname, { params: ["new_state"] }, function (newState) {
    setField(this, "state", mergeMappings(this.state, newState));
    return this.state;
  });

const ONE = (p) => ({ params: [p] });
const TWO = (a, b) => ({ params: [a, b] });
const DOM_EVENT_STUBS = {
  on: { params: ["target", "event", "fn"] },
  off: { params: ["target", "event", "fn"] },
  delegate: { params: ["target", "event", "selector", "fn"] },
  listen: TWO("event", "fn"),
  emit: { params: ["event", "data"], defaults: { data: null } },
  timeout: TWO("fn", "seconds"),
  interval: TWO("fn", "seconds"),
};
const UPLOAD_AND_NAVIGATION_STUBS = {
  form_data: ONE("source"),
  upload_form: { params: ["name", "source", "on_progress"], defaults: { on_progress: null } },
  upload: { params: ["name", "file", "payload", "on_progress"], defaults: { payload: null, on_progress: null } },
  action_error_message: { params: ["error", "fallback"], defaults: { fallback: null } },
  navigate: { params: ["target", "options"], defaults: { options: null } },
  set_metadata: { params: ["metadata", "options"], defaults: { options: null } },
};

// ------------------------------------------------------------------------- Module

/** sprag.Module on the server: the dataclass (screen, state, stores, element, component). */
export class Module extends $py.object {}

dataclass(
  Module,
  "Module",
  [["screen", null], ["state", factory(() => ({}))], ["stores", factory(() => [])], ["element", null], ["component", null]],
  {
    members: {
      set_state: stateMerge("Module.set_state"),
      ...browserOnlyMethods("Module", {
        ...DOM_EVENT_STUBS,
        clear_timeout: ONE("handle"),
        clear_interval: ONE("handle"),
        add_cleanup: ONE("fn"),
        adopt: ONE("child"),
        adopt_component: ONE("component"),
        batch_state: ONE("fn"),
        watch_state: ONE("fn"),
        subscribe: TWO("store", "fn"),
        create_selector: TWO("deps", "fn"),
        provider: ONE("name"),
        on_socket: TWO("event", "fn"),
        off_socket: TWO("event", "fn"),
        emit_socket: { params: ["event", "payload"], defaults: { payload: null } },
        refetch_on_socket: {
          params: ["event", "action", "on_result", "on_error"],
          defaults: { event: "sprag:refetch", action: null, on_result: null, on_error: null },
        },
        join_topic: ONE("topic"),
        leave_topic: ONE("topic"),
        call_action: { params: ["name", "payload"], defaults: { payload: null } },
        ...UPLOAD_AND_NAVIGATION_STUBS,
      }),
    },
  },
);

// ------------------------------------------------------------------------- Component

/** sprag.Component on the server: the dataclass (props, state, refs, virtual_scroll). */
export class Component extends $py.object {}

dataclass(
  Component,
  "Component",
  [["props", factory(() => ({}))], ["state", factory(() => ({}))], ["refs", factory(() => ({}))], ["virtual_scroll", null]],
  {
    members: {
      virtual_scroll: null,
      render: method("Component.render", { params: ["props"], defaults: { props: null } }, () => {
        throw new $py.NotImplementedError("SPRAG components must implement render().");
      }),
      set_state: stateMerge("Component.set_state"),
      set_state_sync: stateMerge("Component.set_state_sync"),
      ...browserOnlyMethods("Component", {
        mount: ONE("parent"),
        mount_before: ONE("sibling"),
        unmount: {},
        ...DOM_EVENT_STUBS,
        add_cleanup: ONE("fn"),
        adopt: ONE("child"),
        create_selector: TWO("deps", "fn"),
        ...UPLOAD_AND_NAVIGATION_STUBS,
      }),
    },
  },
);

// ------------------------------------------------------------------------- Screen

/** A class attribute as `getattr(cls, name, fallback)` reads it (own or inherited). */
function classAttribute(cls, name, fallback) {
  for (let c = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const descriptor = Object.getOwnPropertyDescriptor(c, name);
    if (descriptor && "value" in descriptor) return descriptor.value;
  }
  return fallback;
}

/**
 * sprag.Screen: the dataclass (data, modules). Construction instantiates each class of the
 * class attribute `modules` once with `(screen=self)`, so Module `__init__` defaults apply.
 */
export class Screen extends $py.object {}

dataclass(Screen, "Screen", [["data", factory(() => ({}))], ["modules", factory(() => [])]], {
  postInit: async (self) => {
    const instances = new Map();
    setField(self, "_module_instances", instances);
    for (const moduleType of $py.iter(classAttribute(self.constructor, "modules", []))) {
      instances.set(moduleType, await $py.call(moduleType, $py.kw({ screen: self })));
    }
  },
  members: {
    module: method("Screen.module", ONE("module_type"), function (moduleType) {
      if (!this._module_instances.has(moduleType)) throw new $py.KeyError(moduleType);
      return this._module_instances.get(moduleType);
    }),
    render: method("Screen.render", ONE("data"), () => {
      throw new $py.NotImplementedError("SPRAG screens must implement render(data).");
    }),
    sample_data: pyfunction("sample_data", {}, () => ({})),
  },
});

// ------------------------------------------------------------------------- hydrate / ssr

/** `ssr(Component, **props)`: static HTML only, no hydration entry. */
export class SSRMount extends $py.object {}
dataclass(SSRMount, "SSRMount", [["component"], ["props"]], { frozen: true });

/** `hydrate(Component, module=, props=)`: an SSR'd component the browser re-mounts. */
export class HydrateMount extends $py.object {}
dataclass(HydrateMount, "HydrateMount", [["component"], ["module", null], ["props", factory(() => ({}))]], { frozen: true });

export const ssr = pyfunction("ssr", { params: ["component"], varkw: "props" }, (component, props) =>
  Object.freeze(construct(SSRMount, { component, props })),
);

/** Without `props`, a Module's current state (a copy) becomes the props. */
export const hydrate = pyfunction(
  "hydrate",
  { params: ["component"], kwonly: ["module", "props"], kwdefaults: { module: null, props: null } },
  async (component, module, props) => {
    let resolved = props;
    if (resolved === null && module !== null) {
      const state = $py.getattr(module, "state", {});
      resolved = await $py.call($py.builtins.dict, (await $py.truthy(state)) ? state : {});
    }
    if (!(await $py.truthy(resolved))) resolved = {};
    return Object.freeze(construct(HydrateMount, { component, module, props: resolved }));
  },
);

// ------------------------------------------------------------------------- class-time decorators

/** "non-negative int or float" checks of debounce/throttle (bool counts as an int). */
const isNumber = (x) => typeof x === "number" || typeof x === "boolean";

function timingDecorator(name, attribute) {
  return pyfunction(name, ONE("seconds"), async (seconds) => {
    if (!isNumber(seconds) || seconds < 0) {
      throw new $py.ValueError(
        `${name}(seconds) expects a non-negative int or float number of seconds; got ${await $py.repr(seconds)}.`,
      );
    }
    return pyfunction("decorator", ONE("fn"), (fn) => {
      $py.setattr(fn, attribute, Math.trunc(Number(seconds) * 1000));
      return fn;
    });
  });
}

/** `@debounce(seconds)`: marks `fn._sprag_debounce_ms`. */
export const debounce = timingDecorator("debounce", "_sprag_debounce_ms");

/** `@throttle(seconds)`: marks `fn._sprag_throttle_ms`. */
export const throttle = timingDecorator("throttle", "_sprag_throttle_ms");

/** `@animate(class_name="is-visible")`: marks `cls._sprag_animate`. */
export const animate = pyfunction("animate", { params: ["class_name"], defaults: { class_name: "is-visible" } }, (className) =>
  pyfunction("decorator", ONE("cls"), (cls) => {
    $py.setattr(cls, "_sprag_animate", { class_name: className });
    return cls;
  }),
);

const toInt = (x) => $py.call($py.builtins.int, x);

/** `@virtual_scroll(chunk=, ...)`: marks `cls._sprag_virtual_scroll`. */
export const virtual_scroll = pyfunction(
  "virtual_scroll",
  {
    kwonly: ["chunk", "max_chunks", "initial_chunks", "root", "root_margin", "container_class", "pool_size", "child_pool_size", "axis"],
    kwdefaults: {
      max_chunks: 5,
      initial_chunks: 1,
      root: null,
      root_margin: "1200px 0px",
      container_class: null,
      pool_size: 0,
      child_pool_size: 0,
      axis: "auto",
    },
  },
  async (chunk, maxChunks, initialChunks, root, rootMargin, containerClass, poolSize, childPoolSize, axis) => {
    const isInt = typeof chunk === "boolean" || Number.isInteger(chunk);
    if (!isInt || chunk <= 0) {
      throw new $py.ValueError(`virtual_scroll(chunk=...) expects a positive integer chunk size; got ${await $py.repr(chunk)}.`);
    }
    return pyfunction("decorator", ONE("cls"), async (cls) => {
      $py.setattr(cls, "_sprag_virtual_scroll", {
        chunk_size: await toInt(chunk),
        max_chunks: await toInt(maxChunks),
        initial_chunks: await toInt(initialChunks),
        root,
        root_margin: rootMargin,
        container_class: containerClass,
        pool_size: await toInt(poolSize),
        child_pool_size: await toInt(childPoolSize),
        axis,
      });
      return cls;
    });
  },
);

/** `@infinite_scroll(at=, ...)` on a method: marks `fn._sprag_infinite_scroll`. */
export const infinite_scroll = pyfunction(
  "infinite_scroll",
  {
    kwonly: ["at", "root", "root_margin", "top_at", "visible_chunks"],
    kwdefaults: { root: null, root_margin: "600px", top_at: null, visible_chunks: null },
  },
  async (at, root, rootMargin, topAt, visibleChunks) => {
    if (typeof at !== "string" || !at) {
      throw new $py.ValueError(
        `infinite_scroll(at=...) expects a non-empty CSS selector or ref name string; got ${await $py.repr(at)}.`,
      );
    }
    return pyfunction("decorator", ONE("fn"), (fn) => {
      $py.setattr(fn, "_sprag_infinite_scroll", { at, root, root_margin: rootMargin, top_at: topAt, visible_chunks: visibleChunks });
      return fn;
    });
  },
);

/**
 * `ref(selector)`'s descriptor. Python's `__set_name__` / `__get__` have no equivalent in the
 * runtime's classes, so on the server `self.<name>` reads the descriptor itself (browser code
 * reads `self.refs`).
 */
export class RefDescriptor extends $py.object {}

$py.klass(RefDescriptor, "RefDescriptor", {
  __init__: method("RefDescriptor.__init__", ONE("selector"), async function (selector) {
    if (typeof selector !== "string" || !selector) {
      throw new $py.ValueError(`ref(selector) expects a non-empty CSS selector string; got ${await $py.repr(selector)}.`);
    }
    this.selector = selector;
    this._name = null;
    return null;
  }),
  __set_name__: method("RefDescriptor.__set_name__", TWO("owner", "name"), function (_owner, name) {
    this._name = name;
    return null;
  }),
});

/** `ref(selector)`: capture a DOM element into `self.refs.<name>` on mount (browser side). */
export const ref = pyfunction("ref", ONE("selector"), (selector) => $py.call(RefDescriptor, selector));

export const createStateStore = pyfunction(
  "createStateStore",
  { params: ["initial_state", "options"], defaults: { initial_state: null, options: null } },
  () => {
    throw browserOnlyError("createStateStore");
  },
);

export const createSelector = pyfunction("createSelector", TWO("input_selectors", "result_func"), () => {
  throw browserOnlyError("createSelector");
});

// ------------------------------------------------------------------------- browser / imports

/** The generated-only namespaces: any attribute path is a stub; calling or testing one raises. */
export class JSNamespaceStub extends $py.object {}

$py.klass(JSNamespaceStub, "_JSNamespaceStub", {
  __call__(...args) {
    void args;
    throw browserOnlyError(this._path);
  },
  __bool__() {
    throw browserOnlyError(this._path);
  },
  __getitem__(key) {
    const text = $py.repr(key);
    return namespaceStub(`${this._path}[${typeof text === "string" ? text : "..."}]`);
  },
  __repr__() {
    return `<generated-only ${this._path}>`;
  },
});

/** Names that stay JavaScript's (promise resolution, conversions) and the stub's own. */
const STUB_OWN = new Set(["then", "constructor", "toString", "toJSON", "valueOf", "_path"]);

function isStubAttribute(key) {
  return typeof key === "string" && !STUB_OWN.has(key) && !(key.startsWith("__") && key.endsWith("__"));
}

function namespaceStub(path) {
  const target = construct(JSNamespaceStub, { _path: path });
  return new Proxy(target, {
    get(object, key, receiver) {
      return isStubAttribute(key) ? namespaceStub(`${path}.${key}`) : Reflect.get(object, key, receiver);
    },
    has(object, key) {
      return isStubAttribute(key) || Reflect.has(object, key);
    },
    getOwnPropertyDescriptor(object, key) {
      if (!isStubAttribute(key)) return Reflect.getOwnPropertyDescriptor(object, key);
      return { value: namespaceStub(`${path}.${key}`), writable: false, enumerable: false, configurable: true };
    },
  });
}

/** `from sprag import browser`: `browser.<global>` in generated code. */
export const browser = namespaceStub("browser");

/** `from sprag import imports`: `imports.<alias>` of page/mount `modules={...}`. */
export const imports = namespaceStub("imports");

// ------------------------------------------------------------------------- dom

/** An attribute holder read like a Python module (`dom.show(...)`), not a dict. */
export class PyNamespace extends $py.object {}
$py.klass(PyNamespace, "module");

/** A module-like namespace: the runtime reads its attributes unbound, repr `<module '...'>`. */
function moduleNamespace(attributes) {
  const namespace = construct(PyNamespace, attributes);
  Object.defineProperty(namespace, Symbol.toStringTag, { value: "Module" });
  return namespace;
}

const noop = (name, spec) => pyfunction(name, spec, () => null);

/** `from sprag import dom`: the DOM helpers compiled browser code maps to Ragot; no-ops here. */
export const dom = moduleNamespace({
  __name__: "sprag.runtime.dom",
  query: noop("query", { params: ["selector", "parent"], defaults: { parent: null } }),
  query_all: noop("query_all", { params: ["selector", "parent"], defaults: { parent: null } }),
  show: noop("show", ONE("element")),
  hide: noop("hide", ONE("element")),
  toggle: noop("toggle", ONE("element")),
  css: noop("css", TWO("element", "styles")),
  attr: noop("attr", TWO("element", "attrs")),
  clear: noop("clear", ONE("element")),
  create_icon: noop("create_icon", { params: ["svg_string", "class_name"], defaults: { class_name: "icon" } }),
  animate_in: noop("animate_in", { params: ["element"], varkw: "options" }),
  animate_out: noop("animate_out", { params: ["element"], varkw: "options" }),
  append: noop("append", TWO("parent", "child")),
  prepend: noop("prepend", TWO("parent", "child")),
  insert_before: noop("insert_before", { params: ["parent", "child", "reference"] }),
  remove: noop("remove", ONE("element")),
  batch_append: noop("batch_append", TWO("parent", "children")),
  clear_pool: noop("clear_pool", { params: ["key"], defaults: { key: null } }),
});

// ------------------------------------------------------------------------- env

/** The mock server's `os.environ` (strings by name); replace it with setEnviron(). */
let environ = {};

/** Sets the environment `env()` and `public_env()` read. */
export function setEnviron(values) {
  environ = { ...(values ?? {}) };
}

/** The current environment (a copy). */
export function getEnviron() {
  return { ...environ };
}

const MISSING = Symbol("missing");

function coerceBool(name, raw) {
  const normalized = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(normalized)) return true;
  if (["0", "false", "no", "off"].includes(normalized)) return false;
  throw new $py.ValueError(`Could not cast environment variable ${$py.repr(name)} to bool: ${$py.repr(raw)}.`);
}

/** `env(name, default=<missing>, *, cast=None, required=False)` */
export const env = pyfunction(
  "env",
  { params: ["name", "default"], defaults: { default: MISSING }, kwonly: ["cast", "required"], kwdefaults: { cast: null, required: false } },
  async (name, fallback, cast, required) => {
    if (!Object.prototype.hasOwnProperty.call(environ, name)) {
      if ((await $py.truthy(required)) || fallback === MISSING) {
        throw new $py.KeyError(`Missing required environment variable ${await $py.repr(name)}.`);
      }
      return fallback;
    }
    const raw = environ[name];
    if (cast === null || cast === $py.builtins.str) return raw;
    if (cast === $py.builtins.bool) return coerceBool(name, raw);
    try {
      return await $py.call(cast, raw);
    } catch (caught) {
      const exc = $py.pyerr(caught);
      const castName = $py.getattr(cast, "__name__", cast);
      throw new $py.ValueError(
        `Could not cast environment variable ${await $py.repr(name)} with ${await $py.repr(castName)}: ${await $py.str(exc)}`,
      );
    }
  },
);

/** `public_env(prefix="SPRAG_PUBLIC_")`: the variables safe to show the browser. */
export const public_env = pyfunction("public_env", { params: ["prefix"], defaults: { prefix: "SPRAG_PUBLIC_" } }, (prefix) => {
  const result = {};
  for (const [key, value] of Object.entries(environ)) if (key.startsWith(prefix)) result[key] = value;
  return result;
});

// ------------------------------------------------------------------------- join_url

const stripSlashes = (text) => text.replace(/^\/+|\/+$/g, "");

function isExternalBase(value) {
  const split = urlsplit(value);
  return ((split.scheme === "http" || split.scheme === "https") && Boolean(split.netloc)) || value.startsWith("//");
}

function joinPath(base, parts) {
  const prefix = base ? "/" + stripSlashes(base) : "/";
  return parts.length === 0 ? prefix : prefix.replace(/\/+$/, "") + "/" + parts.join("/");
}

/** `join_url(base_url="/", *parts, trailing_slash=False)` */
export const join_url = pyfunction(
  "join_url",
  { params: ["base_url"], defaults: { base_url: "/" }, varargs: "parts", kwonly: ["trailing_slash"], kwdefaults: { trailing_slash: false } },
  async (baseUrl, parts, trailingSlash) => {
    const clean = [];
    for (const part of parts) {
      if (part === null) continue;
      const text = stripSlashes(await $py.str(part));
      if (text) clean.push(text);
    }
    const base = (await $py.str((await $py.truthy(baseUrl)) ? baseUrl : "/")).trim();
    let result;
    if (isExternalBase(base)) {
      const split = urlsplit(base);
      const basePath = split.path || "/";
      const path = clean.length > 0 ? joinPath(basePath.trim(), clean) : basePath.startsWith("/") ? basePath : `/${basePath}`;
      result = urlunsplit({ ...split, path });
    } else {
      result = joinPath(base, clean);
    }
    if ((await $py.truthy(trailingSlash)) && !result.endsWith("/")) result += "/";
    return result;
  },
);

// ------------------------------------------------------------------------- classification

/** A Component instance (not a class). */
export const isComponentInstance = (x) => x instanceof Component;

/** A Component class (sprag's `isinstance(x, type) and issubclass(x, Component)`). */
export const isComponentClass = (x) => isType(x) && (x === Component || x.prototype instanceof Component);
