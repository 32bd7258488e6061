// Methods of list and tuple (called as `method(xs, ...args)`), and the stable sort shared
// with sorted(): key functions are awaited (they are async compiled functions), ordering
// uses Python's `<` only, reverse keeps equal items in their original order.

import { builtinMethod } from "./bind.js";
import { eq, lt } from "./compare.js";
import { IndexError, ValueError } from "./exceptions.js";
import { clampRange, requireInt } from "./indices.js";
import { call } from "./invoke.js";
import { iter } from "./items.js";
import { truthy } from "./ops.js";
import { repr } from "./repr.js";

const same = (a, b) => eq(a, b) === true;

// ------------------------------------------------------------------------ sorting

const hasUserOrder = (x) => x !== null && typeof x === "object" && typeof x.__lt__ === "function";

/** Merge sort awaiting `less(a, b)` (user __lt__ methods are async); stable. */
async function mergeSort(items, less) {
  if (items.length <= 1) return items;
  const middle = items.length >> 1;
  const left = await mergeSort(items.slice(0, middle), less);
  const right = await mergeSort(items.slice(middle), less);
  const merged = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    merged.push((await less(right[j].key, left[i].key)) ? right[j++] : left[i++]);
  }
  return merged.concat(left.slice(i), right.slice(j));
}

/** Sorts `xs` in place like list.sort(key=key, reverse=reverse). */
export async function sortInPlace(xs, key = null, reverse = false) {
  const entries = [];
  for (const value of xs) entries.push({ value, key: key === null ? value : await call(key, value) });
  const less = truthy(reverse) ? (a, b) => lt(b, a) : lt;
  let sorted;
  if (entries.some((entry) => hasUserOrder(entry.key))) {
    sorted = await mergeSort(entries, less);
  } else {
    sorted = entries.sort((a, b) => (less(a.key, b.key) ? -1 : less(b.key, a.key) ? 1 : 0));
  }
  xs.splice(0, xs.length, ...sorted.map((entry) => entry.value));
  return xs;
}

// ------------------------------------------------------------------------ search

function indexOf(xs, value, start, end) {
  const [a, b] = clampRange(xs.length, start, end);
  for (let i = a; i < Math.min(b, xs.length); i++) if (same(xs[i], value)) return i;
  return -1;
}

function countOf(xs, value) {
  let n = 0;
  for (const item of xs) if (same(item, value)) n++;
  return n;
}

function listIndex(xs, value, start, end) {
  const i = indexOf(xs, value, start, end);
  if (i < 0) {
    const shown = repr(value);
    throw new ValueError(`${typeof shown === "string" ? shown : "value"} is not in list`);
  }
  return i;
}

function tupleIndex(xs, value, start, end) {
  const i = indexOf(xs, value, start, end);
  if (i < 0) throw new ValueError("tuple.index(x): x not in tuple");
  return i;
}

// ----------------------------------------------------------------------- mutation

function insert(xs, index, value) {
  let i = requireInt(index);
  if (i < 0) i = Math.max(i + xs.length, 0);
  xs.splice(Math.min(i, xs.length), 0, value);
}

function pop(xs, index) {
  if (xs.length === 0) throw new IndexError("pop from empty list");
  const i = requireInt(index);
  const p = i < 0 ? i + xs.length : i;
  if (p < 0 || p >= xs.length) throw new IndexError("pop index out of range");
  return xs.splice(p, 1)[0];
}

function remove(xs, value) {
  const i = indexOf(xs, value, null, null);
  if (i < 0) throw new ValueError("list.remove(x): x not in list");
  xs.splice(i, 1);
}

// ------------------------------------------------------------------------ tables

const none = () => null;
const listMethod = (name, params, defaults, fn) => builtinMethod(`list.${name}`, params, defaults, fn);
const searchDefaults = { start: null, end: null };

export const listMethods = {
  append: listMethod("append", ["object"], {}, (xs, x) => none(xs.push(x))),
  extend: listMethod("extend", ["iterable"], {}, (xs, items) => none(xs.push(...iter(items)))),
  insert: listMethod("insert", ["index", "object"], {}, (xs, i, x) => none(insert(xs, i, x))),
  pop: listMethod("pop", ["index"], { index: -1 }, pop),
  remove: listMethod("remove", ["value"], {}, (xs, x) => none(remove(xs, x))),
  index: listMethod("index", ["value", "start", "end"], searchDefaults, listIndex),
  count: listMethod("count", ["value"], {}, countOf),
  sort: builtinMethod(
    "list.sort",
    { params: [], kwonly: ["key", "reverse"], kwdefaults: { key: null, reverse: false } },
    undefined,
    async (xs, key, reverse) => none(await sortInPlace(xs, key, reverse)),
  ),
  reverse: listMethod("reverse", [], {}, (xs) => none(xs.reverse())),
  clear: listMethod("clear", [], {}, (xs) => none(xs.splice(0))),
  copy: listMethod("copy", [], {}, (xs) => xs.slice()),
};

export const tupleMethods = {
  index: builtinMethod("tuple.index", ["value", "start", "end"], searchDefaults, tupleIndex),
  count: builtinMethod("tuple.count", ["value"], {}, countOf),
};
