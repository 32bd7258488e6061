// sprag's `ui` namespace for compiled server code (sprag/runtime/ui.py): `ui.<tag>(*children,
// **attrs)` builds an ElementNode for any tag name, `ui.For` / `ui.Grid` a keyed list or grid
// placeholder (ForNode), `ui.LazyImage` a lazily loaded <img> (LazyImageNode) and `ui.HTML` a
// trusted raw fragment (HTMLNode). tree.js renders these trees to HTML.
//
// `ui` is a Proxy: every attribute that is not one of the four primitives is an element
// factory, as UIFactory.__getattr__ makes it in Python. Names the JavaScript machinery probes
// (symbols, `then`, `constructor`, `toString`, ...) and dunder names are not tags.
//
// Also here: `dataclass()`, which declares a runtime class with a Python dataclass's generated
// __init__ (defaults, per-instance default factories, __post_init__) and __repr__. The node
// classes use it, and so do browser.js and pages.js.

import * as $py from "../py/py.js";
import { pyfunction, signature } from "./pyfn.js";

// ------------------------------------------------------------------------- dataclass

/** A default given as `factory(fn)` is made afresh for every instance (field(default_factory=fn)). */
export function factory(fn) {
  return { [FACTORY]: fn };
}

const FACTORY = Symbol("default_factory");
const isFactory = (value) => value !== null && typeof value === "object" && FACTORY in value;

/**
 * Declares `cls` (a $py.object subclass) as the dataclass `name` with `fields`, a list of
 * `[fieldName]` (required) or `[fieldName, default]` (a value or a `factory(fn)`).
 * `options.postInit(self)` runs after the fields are set; `options.members` are extra
 * methods / class attributes; `options.frozen` makes the instances immutable after __init__.
 */
export function dataclass(cls, name, fields, { members = {}, postInit = null, frozen = false } = {}) {
  const names = fields.map(([fieldName]) => fieldName);
  const defaults = {};
  for (const field of fields) if (field.length > 1) defaults[field[0]] = field[1];
  const init = pyfunction(`${name}.__init__`, { params: names, defaults }, async function (...values) {
    names.forEach((fieldName, i) => {
      const value = values[i];
      setField(this, fieldName, isFactory(value) ? value[FACTORY]() : value);
    });
    if (postInit) await postInit(this);
    if (frozen) Object.freeze(this);
    return null;
  });
  $py.klass(cls, name, { __init__: init, __repr__: dataclassRepr(names), ...members });
  cls.__dataclass_fields__ = names;
  return cls;
}

/** An instance attribute (an own data property, shadowing a class attribute accessor). */
export function setField(obj, key, value) {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The dataclass __repr__: `Cls(a=1, b='x')`, with the instance's own class name. */
export function dataclassRepr(names) {
  return pyfunction("__repr__", {}, async function () {
    const parts = [];
    for (const fieldName of names) parts.push(`${fieldName}=${await $py.repr(this[fieldName])}`);
    return `${this.constructor.__qualname__ ?? this.constructor.__name__}(${parts.join(", ")})`;
  });
}

/** A new instance of the runtime class `cls` with fields set directly (no __init__ call). */
export function construct(cls, values) {
  const obj = new cls();
  for (const [key, value] of Object.entries(values)) setField(obj, key, value);
  return obj;
}

// ------------------------------------------------------------------------- nodes

export class ElementNode extends $py.object {}
dataclass(ElementNode, "ElementNode", [["tag"], ["attrs", factory(() => ({}))], ["children", factory(() => [])]]);

/** ui.For / ui.Grid: `grid_opts` null for a list, a dict for a grid. */
export class ForNode extends $py.object {}
dataclass(ForNode, "ForNode", [["items"], ["key", null], ["render", null], ["pool_key", null], ["grid_opts", null]]);

export class LazyImageNode extends $py.object {}
dataclass(LazyImageNode, "LazyImageNode", [["src"], ["placeholder", null], ["attrs", factory(() => ({}))]]);

export class HTMLNode extends $py.object {}
dataclass(HTMLNode, "HTMLNode", [["html"]]);

/** The children of `ui.<tag>(*children)`: None dropped, lists and tuples spliced in one level. */
function normalizeChildren(children) {
  const normalized = [];
  for (const child of children) {
    if (child === null || child === undefined) continue;
    if (Array.isArray(child)) normalized.push(...child.filter((item) => item !== null && item !== undefined));
    else normalized.push(child);
  }
  return normalized;
}

/** An ElementNode made from JavaScript. */
export function element(tag, attrs = {}, children = []) {
  return construct(ElementNode, { tag, attrs, children });
}

// ------------------------------------------------------------------------- primitives

const For = pyfunction(
  "UIFactory.For",
  { params: ["items"], kwonly: ["key", "render", "pool_key"], kwdefaults: { key: null, render: null, pool_key: null } },
  (items, key, render, poolKey) => construct(ForNode, { items, key, render, pool_key: poolKey, grid_opts: null }),
);

const Grid = pyfunction(
  "UIFactory.Grid",
  {
    params: ["items"],
    kwonly: ["key", "render", "pool_key", "columns", "column_width", "gap", "apply_grid_styles"],
    kwdefaults: { key: null, render: null, pool_key: null, columns: null, column_width: null, gap: null, apply_grid_styles: true },
  },
  (items, key, render, poolKey, columns, columnWidth, gap, applyGridStyles) =>
    construct(ForNode, {
      items,
      key,
      render,
      pool_key: poolKey,
      grid_opts: { columns, column_width: columnWidth, gap, apply_grid_styles: applyGridStyles },
    }),
);

const LazyImage = pyfunction(
  "UIFactory.LazyImage",
  { params: ["src"], kwonly: ["placeholder"], kwdefaults: { placeholder: null }, varkw: "attrs" },
  (src, placeholder, attrs) => construct(LazyImageNode, { src, placeholder, attrs }),
);

const HTML = pyfunction("UIFactory.HTML", { params: ["html"] }, (html) => construct(HTMLNode, { html }));

// ------------------------------------------------------------------------- ui

export class UIFactory extends $py.object {}
$py.klass(UIFactory, "UIFactory", { For, Grid, LazyImage, HTML });

/** Attribute names that stay JavaScript's: never element factories. */
const NOT_TAGS = new Set(["then", "constructor", "toString", "toJSON", "valueOf", "toLocaleString", "hasOwnProperty", "isPrototypeOf"]);

function isTagName(key) {
  return typeof key === "string" && !NOT_TAGS.has(key) && !(key.startsWith("__") && key.endsWith("__")) && !(key in UIFactory.prototype);
}

const factories = new Map();

/** The element factory of `tag`: `create(*children, **attrs)`. */
function elementFactory(tag) {
  let create = factories.get(tag);
  if (create === undefined) {
    const sig = signature("create", { varargs: "children", varkw: "attrs" });
    create = $py.def((...args) => {
      const [children, attrs] = $py.bind(args, sig);
      return element(tag, attrs, normalizeChildren(children));
    }, sig);
    factories.set(tag, create);
  }
  return create;
}

const uiHandler = {
  get(target, key, receiver) {
    return isTagName(key) ? elementFactory(key) : Reflect.get(target, key, receiver);
  },
  has(target, key) {
    return isTagName(key) || Reflect.has(target, key);
  },
  getOwnPropertyDescriptor(target, key) {
    if (isTagName(key)) {
      return { value: uiHandler.get(target, key, target), writable: false, enumerable: false, configurable: true };
    }
    return Reflect.getOwnPropertyDescriptor(target, key);
  },
};

/** `from sprag import ui` */
export const ui = new Proxy(new UIFactory(), uiHandler);
