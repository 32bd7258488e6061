// Differential test of www/mock/server/ui.js + tree.js against SPRAG's real `ui` and SSR
// renderer: every case below is a tree description that tests/mock/reference_render.py builds
// with sprag.ui and renders with sprag's render_tree, and that this file builds with the
// mock's `ui` and renders with renderTree. HTML must match byte for byte, hydration entries
// and error texts exactly.
//
// Tree descriptions (JSON): primitives, lists and plain objects (dicts) stand for themselves;
// {$: "tuple", items}, {$: "set", items}; {$: "ui", name, args, kwargs} is ui.<name>(*args,
// **kwargs) (name may be a tag or For / Grid / LazyImage / HTML); {$: "fn", name} one of the
// FUNCTIONS below; {$: "component", name} a component (Card / Panel classes, Badge function);
// {$: "instance", name, kwargs} Card(**kwargs); {$: "module", name, kwargs} CardModule(...) or
// Module(...); {$: "hydrate" | "ssr", component, kwargs}.

import { test } from "node:test";
import assert from "node:assert/strict";

import * as $py from "../../www/mock/py/py.js";
import { pyfunction } from "../../www/mock/server/pyfn.js";
import { ui } from "../../www/mock/server/ui.js";
import { Component, Module, hydrate, ssr } from "../../www/mock/server/browser.js";
import { renderTree, serializableHydration } from "../../www/mock/server/tree.js";
import { runReference } from "./server_reference.mjs";

// ------------------------------------------------------------------------- twins of reference_render.py

class Card extends Component {}
$py.klass(Card, "Card", {
  render: pyfunction("render", { params: ["props"], defaults: { props: null } }, async function () {
    return $py.callm(
      ui,
      "div",
      await $py.callm(ui, "h3", await $py.callm(this.state, "get", "title", "untitled")),
      await $py.callm(ui, "span", $py.len(this.props)),
      $py.kw({ class_: "card" }),
    );
  }),
});

class Panel extends Component {}
$py.klass(Panel, "Panel", {
  render: pyfunction("render", { params: ["props"], defaults: { props: null } }, async function (props) {
    return $py.callm(
      ui,
      "section",
      await $py.callm(ui, "h2", await $py.callm(props, "get", "heading", "")),
      await $py.call(hydrate, Card, $py.kw({ props: { title: "inner" } })),
      $py.kw({ class_: "panel" }),
    );
  }),
});

class CardModule extends Module {}
$py.klass(CardModule, "CardModule", {
  __init__: pyfunction("__init__", { params: ["screen", "state"], defaults: { screen: null, state: null } }, async function (screen, state) {
    await $py.callm($py.sup(CardModule, this), "__init__", $py.kw({ screen, state: $py.truthy(state) ? state : { count: 0 } }));
  }),
});

const Badge = pyfunction("Badge", { params: ["props"] }, async (props) =>
  $py.callm(ui, "span", await $py.callm(props, "get", "label"), $py.kw({ class_: "badge" })),
);

const COMPONENTS = { Card, Panel, Badge };
const MODULES = { CardModule, Module };

const fn = (name, body) => pyfunction(name, { params: ["item"] }, body);
const FUNCTIONS = {
  li_label: fn("li_label", async (item) => $py.callm(ui, "li", $py.getitem(item, "label"))),
  span_item: fn("span_item", async (item) => $py.callm(ui, "span", await $py.str(item))),
  none_if_odd: fn("none_if_odd", async (item) => ($py.truthy($py.mod(item, 2)) ? null : $py.callm(ui, "b", item))),
  text: fn("text", (item) => $py.str(item)),
  key_id: fn("key_id", (item) => $py.getitem(item, "id")),
  key_upper: fn("key_upper", async (item) => $py.callm(await $py.str(item), "upper")),
  noop: pyfunction("noop", { varargs: "args" }, () => null),
  hydrate_card: fn("hydrate_card", async (item) => $py.call(hydrate, Card, $py.kw({ props: { title: await $py.str(item) } }))),
  void_br: fn("void_br", () => $py.callm(ui, "br")),
  raw_selfclose: fn("raw_selfclose", async (item) => $py.callm(ui, "HTML", `<x-item n='${await $py.str(item)}'/>`)),
};

// ------------------------------------------------------------------------- descriptions → trees

async function build(value) {
  if (Array.isArray(value)) return Promise.all(value.map(build));
  if (value === null || typeof value !== "object") return value;
  if (value.$ === undefined) return buildDict(value);
  const kwargs = async () => $py.kw(await buildDict(value.kwargs ?? {}));
  switch (value.$) {
    case "tuple":
      return Object.freeze(await build(value.items));
    case "set":
      return new Set(await build(value.items));
    case "ui":
      return $py.callm(ui, value.name, ...(await build(value.args ?? [])), await kwargs());
    case "fn":
      return FUNCTIONS[value.name];
    case "component":
      return COMPONENTS[value.name];
    case "instance":
      return $py.call(COMPONENTS[value.name], await kwargs());
    case "module":
      return $py.call(MODULES[value.name], await kwargs());
    case "hydrate":
      return $py.call(hydrate, await build(value.component), await kwargs());
    case "ssr":
      return $py.call(ssr, await build(value.component), await kwargs());
    default:
      throw new Error(`unknown tree description ${value.$}`);
  }
}

async function buildDict(object) {
  const dict = {};
  for (const [key, item] of Object.entries(object)) dict[key] = await build(item);
  return dict;
}

function jsonable(value) {
  if (typeof value === "function") return "<callable>";
  if (Array.isArray(value)) return value.map(jsonable);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonable(item)]));
  }
  return value;
}

async function renderCase(description) {
  try {
    const result = await renderTree(await build(description));
    return { html: result.html, hydration: jsonable(serializableHydration(result.hydration)) };
  } catch (caught) {
    const exc = $py.pyerr(caught);
    return { error: `${$py.typeName(exc)}: ${await $py.str(exc)}` };
  }
}

// ------------------------------------------------------------------------- cases

const el = (name, args = [], kwargs = {}) => ({ $: "ui", name, args, kwargs });
const tuple = (...items) => ({ $: "tuple", items });
const f = (name) => ({ $: "fn", name });
const component = (name) => ({ $: "component", name });
const hydrateOf = (name, kwargs = {}) => ({ $: "hydrate", component: component(name), kwargs });
const ssrOf = (name, kwargs = {}) => ({ $: "ssr", component: component(name), kwargs });
const moduleOf = (name, kwargs = {}) => ({ $: "module", name, kwargs });
const forOf = (items, kwargs = {}) => el("For", [items], kwargs);
const gridOf = (items, kwargs = {}) => el("Grid", [items], kwargs);
const rows = [
  { id: "a", label: "Alpha" },
  { id: "b", label: "Beta & <Gamma>" },
  { id: 3, label: "Three" },
];

const CASES = {
  // text and values
  "text": "hello",
  "text escaping": `<a href="x">Tom & 'Jerry'</a>`,
  "text with newline and tab": "line one\n\tline two",
  "unicode text": "héllo — ✓ 𝄞",
  "int": 42,
  "negative int": -7,
  "float": 1.5,
  "small float": 1e-7,
  "large float": 1.5e300,
  "float tenth": 0.1,
  "True": true,
  "False": false,
  "None": null,
  "list at top": ["a", 1, null],
  "dict at top": { a: 1, b: "x" },
  "tuple at top": tuple(1, "two"),
  // elements and children
  "empty div": el("div"),
  "div with text": el("div", ["hi"]),
  "None children dropped": el("div", [null, "a", null, "b"]),
  "list children spliced": el("div", [["a", null, "b"], "c"]),
  "tuple children spliced": el("ul", [tuple(el("li", ["1"]), el("li", ["2"]))]),
  "nested list child is repr": el("div", [[["x", "y"], "z"]]),
  "dict child is repr": el("p", [{ k: "v" }]),
  "number children": el("p", [1, 2.5, true, false]),
  "deep nesting": el("main", [el("section", [el("article", [el("h1", ["T"]), el("p", ["body ", el("em", ["x"])])])])]),
  "custom tag": el("my_widget", ["x"], { data_id: 1 }),
  "hyphenated tag": el("x-foo", ["x"]),
  // attributes
  "class_": el("div", [], { class_: "a b" }),
  "for_": el("label", ["Name"], { for_: "name" }),
  "type_": el("input", [], { type_: "text" }),
  "data_role": el("button", ["Go"], { data_role: "go" }),
  "data_ multiple underscores": el("div", [], { data_user_id: "u1", data_x_y_z: "1" }),
  "aria_label and aria_hidden": el("span", [], { aria_label: "Close", aria_hidden: true }),
  "aria_selected False": el("button", [], { aria_selected: false }),
  "data_ alone": el("div", [], { data_: "x", aria_x_: "y" }),
  "private attribute names": el("div", [], { _x: "1", __y_: "2" }),
  "True attribute is bare": el("input", [], { disabled: true, checked: true }),
  "False attribute is text": el("div", [], { hidden: false }),
  "None attribute dropped": el("div", [], { title: null, id: "k" }),
  "callable attribute dropped": el("button", ["b"], { onclick: f("noop"), id: "b" }),
  "class attribute dropped": el("div", [], { component: component("Card"), id: "c" }),
  "int and float attributes": el("div", [], { tabindex: 0, width: 1.5, height: -3 }),
  "list attribute": el("div", [], { data_items: ["a", 1] }),
  "dict attribute": el("div", [], { style: { color: "red" } }),
  "tuple attribute": el("div", [], { data_pair: tuple(1, 2) }),
  "node attribute": el("div", [], { title: el("b", ["x"]) }),
  "attribute escaping": el("a", ["x"], { href: `/q?a=1&b="2"`, title: "<it's>" }),
  "unicode attribute": el("div", [], { title: "naïve ✓" }),
  "attribute with newline": el("div", [], { title: "a\nb" }),
  "attribute order kept": el("div", [], { z: "1", a: "2", m: "3" }),
  // void elements
  "br": el("br"),
  "img with attributes": el("img", [], { src: "/a.png", alt: "A" }),
  "void drops children": el("input", ["ignored", el("b", ["x"])], { value: "v" }),
  "hr meta link": el("div", [el("hr"), el("meta", [], { charset: "utf-8" }), el("link", [], { rel: "icon" })]),
  // ui.HTML
  "HTML": el("HTML", ["<b>raw & unescaped</b>"]),
  "HTML inside div": el("div", [el("HTML", ["<i>x</i>"]), "<text>"]),
  // ui.For
  "For with str key": forOf(rows, { key: "id", render: f("li_label") }),
  "For key missing falls back to index": forOf([{ id: "x", label: "X" }, { label: "no id" }], { key: "id", render: f("li_label") }),
  "For key on non-dicts falls back to index": forOf([1, 2, 3], { key: "id", render: f("span_item") }),
  "For with callable key": forOf(["a", "b"], { key: f("key_upper"), render: f("span_item") }),
  "For with key function on dicts": forOf(rows, { key: f("key_id"), render: f("li_label") }),
  "For without key": forOf(["x", "y"], { render: f("span_item") }),
  "For without render": forOf([el("li", ["one"]), "text item", 5]),
  "For render returning None": forOf([1, 2, 3, 4], { render: f("none_if_odd") }),
  "For render returning text": forOf([1, 2], { render: f("text") }),
  "For with pool_key": forOf(["a"], { render: f("span_item"), pool_key: "rows" }),
  "For with empty pool_key": forOf(["a"], { render: f("span_item"), pool_key: "" }),
  "For over empty list": forOf([], { render: f("span_item") }),
  "For over None": forOf(null, { render: f("span_item") }),
  "For over dict iterates keys": forOf({ p: 1, q: 2 }, { render: f("span_item") }),
  "For over string": forOf("ab", { render: f("span_item") }),
  "For key escaping": forOf([{ id: `a"b<c>`, label: "x" }], { key: "id", render: f("li_label") }),
  "For bool and number keys": forOf([{ id: true, label: "t" }, { id: 2.5, label: "f" }], { key: "id", render: f("li_label") }),
  "For render void tag": forOf([1, 2], { render: f("void_br") }),
  "For render self-closing raw HTML": forOf([1], { render: f("raw_selfclose") }),
  "For render raising": forOf([{ id: 1 }], { key: "id", render: f("li_label") }),
  "mount numbering in document order": el("div", [
    forOf(["a"], { render: f("span_item") }),
    gridOf(["b"], { render: f("span_item") }),
    el("section", [forOf(["c"], { render: f("span_item") })]),
  ]),
  // ui.Grid
  "Grid columns and gap": gridOf(rows, { key: "id", render: f("li_label"), columns: 3, gap: "1rem" }),
  "Grid column_width wins over columns": gridOf(["a"], { render: f("span_item"), columns: 2, column_width: "16rem" }),
  "Grid without options": gridOf(["a"], { render: f("span_item") }),
  "Grid without grid styles": gridOf(["a"], { render: f("span_item"), columns: 3, apply_grid_styles: false }),
  "Grid gap 0 and columns 0": gridOf(["a"], { render: f("span_item"), columns: 0, gap: 0 }),
  "Grid float columns and pool": gridOf([], { columns: 2.5, pool_key: "cards" }),
  // ui.LazyImage
  "LazyImage": el("LazyImage", ["/hero.jpg"]),
  "LazyImage with placeholder and attributes": el("LazyImage", ["/hero.jpg"], { placeholder: "/blur.jpg", alt: "Hero", class_: "img" }),
  "LazyImage empty placeholder": el("LazyImage", ["/x.jpg"], { placeholder: "" }),
  "LazyImage escaping": el("LazyImage", [`/a.jpg?x=1&y="2"`], { data_id: 7 }),
  // hydrate / ssr
  "hydrate with props": hydrateOf("Card", { props: { title: "Hello", n: 1 } }),
  "hydrate with module and no props": hydrateOf("Card", { module: moduleOf("CardModule") }),
  "hydrate with module state and props": hydrateOf("Card", { module: moduleOf("CardModule", { state: { count: 5 } }), props: { title: "T" } }),
  "hydrate with plain Module": hydrateOf("Card", { module: moduleOf("Module") }),
  "hydrate without module or props": hydrateOf("Card"),
  "hydrate props with a callable": hydrateOf("Card", { props: { title: "x", on_click: f("noop") } }),
  "hydrate function component": hydrateOf("Badge", { props: { label: "new" } }),
  "hydrate nested hydrate": hydrateOf("Panel", { props: { heading: "Outer" } }),
  "two hydrates": el("div", [hydrateOf("Card", { props: { title: "one" } }), hydrateOf("Badge", { props: { label: "two" } })]),
  "hydrate Component instance": {
    $: "hydrate",
    component: { $: "instance", name: "Card", kwargs: { state: { title: "from state" } } },
    kwargs: { props: { title: "from props" } },
  },
  "hydrate Component instance with empty state": {
    $: "hydrate",
    component: { $: "instance", name: "Card", kwargs: {} },
    kwargs: { props: { title: "props" } },
  },
  "hydrate props not JSON serializable": hydrateOf("Card", { props: { tags: { $: "set", items: ["a"] } } }),
  "hydrate props escaping": hydrateOf("Badge", { props: { label: `<"it's">`, n: "é" } }),
  "ssr class": ssrOf("Card", { title: "Static" }),
  "ssr function": ssrOf("Badge", { label: "b" }),
  "ssr with nested hydrate": el("div", [ssrOf("Panel", { heading: "H" }), hydrateOf("Card")]),
  "ssr of a non-component": { $: "ssr", component: 5, kwargs: {} },
  "hydrate inside For": forOf(["x", "y"], { render: f("hydrate_card") }),
  "Component instance as child": el("div", [{ $: "instance", name: "Card", kwargs: { props: { a: 1 } } }]),
};

// ------------------------------------------------------------------------- test

test("ui trees render exactly as sprag's render_tree renders them", async () => {
  const names = Object.keys(CASES);
  assert.ok(names.length >= 60, `only ${names.length} cases`);
  const expected = runReference("reference_render.py", names.map((name) => CASES[name]));
  const failures = [];
  for (const [index, name] of names.entries()) {
    const actual = await renderCase(CASES[name]);
    try {
      assert.deepStrictEqual(actual, expected[index]);
    } catch {
      failures.push(`${name}\n  mock:      ${JSON.stringify(actual)}\n  reference: ${JSON.stringify(expected[index])}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length}/${names.length} cases differ:\n${failures.join("\n")}`);
});
