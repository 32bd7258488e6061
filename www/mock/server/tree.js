// The SSR renderer of sprag's UI trees (sprag/runtime/rendering/tree.py and attrs.py), byte for
// byte: `renderTree(node)` → {html, hydration}. Elements with their attributes (class_ → class,
// data_x / aria_x → data-x / aria-x, True → bare attribute, None and callables dropped, values
// str()'d and escaped), void tags, escaped text, ui.For / ui.Grid placeholders (numbered
// `data-sprag-mount`, keyed children `data-_list-key`, grid inline styles), ui.LazyImage,
// ui.HTML, `ssr(...)` components and `hydrate(...)` mounts: ids `sprag-h1`, `sprag-h2`, ... in
// document order, one hydration entry each, wrapped in the `data-sprag-hydrate` div.
// Rendering calls user code (render methods, key functions), so it is async.

import * as $py from "../py/py.js";
import { NotSerializableError, dumps } from "./pyjson.js";
import { isCallable, isType } from "./pyfn.js";
import { ElementNode, ForNode, HTMLNode, LazyImageNode } from "./ui.js";
import { HydrateMount, SSRMount, isComponentClass, isComponentInstance } from "./browser.js";

export const VOID_TAGS = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
]);

// ------------------------------------------------------------------------- text

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

/** Python's html.escape(text) (quote=True). */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** sprag's normalize_attr_key: the HTML attribute name of a keyword argument. */
export function normalizeAttrKey(key) {
  if (key.startsWith("data_") || key.startsWith("aria_")) return key.replaceAll("_", "-");
  if (key.endsWith("_") && !key.startsWith("_")) return key.slice(0, -1);
  return key;
}

/** ` name="value"` chunks of an attribute dict, as _attrs_to_html writes them. */
export async function attrsToHtml(attrs) {
  let out = "";
  for (const [rawKey, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    const key = normalizeAttrKey(rawKey);
    if (value === true) {
      out += ` ${key}`;
      continue;
    }
    if (isCallable(value)) continue;
    out += ` ${key}="${escapeHtml(await $py.str(value))}"`;
  }
  return out;
}

function wrapHtml(tag, attrsHtml, inner) {
  return `<${tag}${attrsHtml}>${inner}</${tag}>`;
}

/** Python's json.dumps(value, sort_keys=True), raising Python's TypeError when it cannot. */
export function jsonDumpsSorted(value) {
  try {
    return dumps(value, { sortKeys: true });
  } catch (error) {
    if (error instanceof NotSerializableError) throw new $py.TypeError(error.message);
    throw error;
  }
}

// ------------------------------------------------------------------------- render

/** `render_tree(node)`: the HTML and the hydration entries (with the classes kept). */
export async function renderTree(node) {
  const hydration = [];
  const html = await renderNode(node, hydration, { nextId: 1, mountSeq: 0 });
  return { html, hydration };
}

async function renderNode(node, hydration, context) {
  if (node === null || node === undefined) return "";
  if (node instanceof HydrateMount) return renderHydrateMount(node, hydration, context);
  if (node instanceof SSRMount) return renderComponent(node.component, node.props, hydration, context);
  if (node instanceof ForNode) return renderForNode(node, hydration, context);
  if (node instanceof LazyImageNode) return renderLazyImage(node);
  if (node instanceof HTMLNode) return node.html;
  if (node instanceof ElementNode) return renderElement(node, hydration, context);
  if (typeof node === "string") return escapeHtml(node);
  if (typeof node === "number" || typeof node === "boolean" || typeof node === "bigint") return escapeHtml(await $py.str(node));
  return escapeHtml(await $py.repr(node));
}

async function renderElement(node, hydration, context) {
  const attrs = await attrsToHtml(node.attrs);
  let children = "";
  for (const child of node.children) children += await renderNode(child, hydration, context);
  if (VOID_TAGS.has(node.tag)) return `<${node.tag}${attrs}>`;
  return wrapHtml(node.tag, attrs, children);
}

async function renderLazyImage(node) {
  const attrs = { ...node.attrs };
  attrs["data-src"] = node.src;
  if (await $py.truthy(node.placeholder)) attrs.src = node.placeholder;
  return `<img${await attrsToHtml(attrs)}>`;
}

// ------------------------------------------------------------------------- hydrate / ssr

async function renderHydrateMount(node, hydration, context) {
  const id = `sprag-h${context.nextId}`;
  context.nextId += 1;
  const componentHtml = await renderComponent(node.component, node.props, hydration, context);
  const entry = {
    id,
    component: componentName(node.component),
    module: (await $py.truthy(node.module)) ? componentName(node.module) : null,
    component_class: isType(node.component) ? node.component : null,
    module_class: (await $py.truthy(node.module)) ? node.module.constructor : null,
    props: await jsonableProps(node.props),
    state: await initialComponentState(node.component, node.props),
    module_state: await copyDict($py.getattr(node.module, "state", {})),
  };
  hydration.push(entry);
  const attrs = {
    "data-sprag-hydrate": entry.component,
    "data-sprag-hydrate-id": id,
    "data-sprag-module": entry.module || "",
    "data-sprag-props": jsonDumpsSorted(entry.props),
  };
  return wrapHtml("div", await attrsToHtml(attrs), componentHtml);
}

/** `_render_component`: a Component instance or class renders `render(props)`; a function is called. */
async function renderComponent(component, props, hydration, context) {
  let instance;
  if (isComponentInstance(component)) {
    instance = component;
  } else if (isComponentClass(component)) {
    const state = await initialComponentState(component, props);
    instance = await $py.call(component, $py.kw({ props, state }));
  } else if (isCallable(component)) {
    return renderNode(await $py.call(component, props), hydration, context);
  } else {
    throw new $py.TypeError(`Unsupported SPRAG component type: ${await $py.repr(component)}`);
  }
  return renderNode(await $py.callm(instance, "render", props), hydration, context);
}

/** `_component_name`: a class's name, else the name of the value's class. */
function componentName(value) {
  if (value === null || value === undefined) return null;
  return isType(value) ? value.__name__ : $py.typeName(value);
}

/** `dict(value or {})` */
async function copyDict(value) {
  return $py.call($py.builtins.dict, (await $py.truthy(value)) ? value : {});
}

/** `_jsonable_props`: the props without callables. */
async function jsonableProps(props) {
  const safe = {};
  const items = await $py.callm((await $py.truthy(props)) ? props : {}, "items");
  for (const [key, value] of $py.iter(items)) {
    if (!isCallable(value)) safe[key] = value;
  }
  return safe;
}

/** `_initial_component_state` */
async function initialComponentState(component, props) {
  if (isComponentInstance(component)) {
    const state = component.state;
    return copyDict((await $py.truthy(state)) ? state : props);
  }
  return copyDict(props);
}

// ------------------------------------------------------------------------- For / Grid

async function renderForNode(node, hydration, context) {
  const mountIndex = context.mountSeq;
  context.mountSeq += 1;
  const items = (await $py.truthy(node.items)) ? [...$py.iter(node.items)] : [];
  const hasRender = await $py.truthy(node.render);
  let children = "";
  for (const [index, item] of items.entries()) {
    const key = await resolveKey(node.key, item, index);
    const childNode = hasRender ? await $py.call(node.render, item) : item;
    if (childNode === null || childNode === undefined) continue;
    children += injectListKey(await renderNode(childNode, hydration, context), key);
  }
  const attrs = { "data-sprag-mount": String(mountIndex) };
  if (node.grid_opts !== null && node.grid_opts !== undefined) {
    attrs["data-sprag-mount-kind"] = "grid";
    const styles = await gridInlineStyles(node.grid_opts);
    if (styles) attrs.style = styles;
  } else {
    attrs["data-sprag-mount-kind"] = "list";
  }
  if (await $py.truthy(node.pool_key)) attrs["data-sprag-pool"] = node.pool_key;
  return wrapHtml("div", await attrsToHtml(attrs), children);
}

/** `_resolve_key`: a callable key is called, a str key indexes the item, else the position. */
async function resolveKey(key, item, index) {
  if (key === null || key === undefined) return String(index);
  if (isCallable(key)) return $py.str(await $py.call(key, item));
  if (typeof key === "string") {
    try {
      return await $py.str($py.getitem(item, key));
    } catch (caught) {
      const exc = $py.pyerr(caught);
      if (exc instanceof $py.KeyError || exc instanceof $py.TypeError) return String(index);
      throw exc;
    }
  }
  return String(index);
}

/** `_inject_list_key`: `data-_list-key="<key>"` spliced into the first tag of `html`. */
export function injectListKey(html, key) {
  if (!html || !html.startsWith("<")) return html;
  const end = html.indexOf(">");
  if (end === -1) return html;
  let head = html.slice(0, end);
  const tail = html.slice(end);
  const attr = ` data-_list-key="${escapeHtml(key)}"`;
  if (head.endsWith("/")) {
    head = head.slice(0, -1).trimEnd();
    return `${head}${attr}/>${tail.slice(1)}`;
  }
  return `${head}${attr}${tail}`;
}

/** `_grid_inline_styles`: the CSS Ragot's renderGrid sets, for the first paint. */
async function gridInlineStyles(options) {
  const get = (name, fallback = null) => (Object.prototype.hasOwnProperty.call(options, name) ? options[name] : fallback);
  if (!(await $py.truthy(get("apply_grid_styles", true)))) return "";
  const parts = ["display: grid"];
  const columnWidth = get("column_width");
  const columns = get("columns");
  if (await $py.truthy(columnWidth)) {
    parts.push(`grid-template-columns: repeat(auto-fill, minmax(${await $py.format(columnWidth, "")}, 1fr))`);
  } else if (await $py.truthy(columns)) {
    parts.push(`grid-template-columns: repeat(${await $py.format(columns, "")}, 1fr)`);
  }
  const gap = get("gap");
  if (gap !== null) parts.push(`gap: ${await $py.format(gap, "")}`);
  return parts.join("; ");
}

/** `serializable_hydration`: the entries as the payload carries them. */
export function serializableHydration(entries) {
  return entries.map(({ id, component, module, props, state, module_state: moduleState }) => ({
    id,
    component,
    module,
    props,
    state,
    module_state: moduleState,
  }));
}
