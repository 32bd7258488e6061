// Methods of dict (plain JS objects with string keys), dict(...) construction and
// dict.fromkeys. keys()/values()/items() return lists (items are tuples), not live views.

import { builtinMethod } from "./bind.js";
import { hasOwn, isdict, tuple } from "./core.js";
import { KeyError, TypeError, ValueError } from "./exceptions.js";
import { dictKey, dictSet, iter } from "./items.js";

const MISSING = Symbol("missing");

/** d.update(other, **kwargs): a dict, or an iterable of key/value pairs. */
export function dictUpdate(d, other, kwargs) {
  if (other !== MISSING && other !== undefined) {
    if (isdict(other)) {
      for (const key of Object.keys(other)) dictSet(d, key, other[key]);
    } else {
      let i = 0;
      for (const pair of iter(other)) {
        const items = pairItems(pair, i++);
        dictSet(d, dictKey(items[0]), items[1]);
      }
    }
  }
  if (kwargs) for (const key of Object.keys(kwargs)) dictSet(d, key, kwargs[key]);
  return d;
}

function pairItems(pair, i) {
  let items;
  try {
    items = Array.from(iter(pair));
  } catch (e) {
    if (e instanceof TypeError) {
      throw new TypeError(`cannot convert dictionary update sequence element #${i} to a sequence`);
    }
    throw e;
  }
  if (items.length !== 2) {
    throw new ValueError(`dictionary update sequence element #${i} has length ${items.length}; 2 is required`);
  }
  return items;
}

/** dict(), dict(mapping), dict(pairs), dict(**kwargs), dict(mapping, **kwargs). */
export function dictFrom(other = MISSING, kwargs = null) {
  return dictUpdate({}, other, kwargs);
}

export function fromkeys(iterable, value = null) {
  const d = {};
  for (const key of iter(iterable)) dictSet(d, dictKey(key), value);
  return d;
}

function pop(d, key, fallback) {
  const name = dictKey(key);
  if (hasOwn(d, name)) {
    const value = d[name];
    delete d[name];
    return value;
  }
  if (fallback === MISSING) throw new KeyError(key);
  return fallback;
}

function popitem(d) {
  const keys = Object.keys(d);
  if (keys.length === 0) throw new KeyError("popitem(): dictionary is empty");
  const key = keys[keys.length - 1];
  const value = d[key];
  delete d[key];
  return tuple([key, value]);
}

function setdefault(d, key, fallback) {
  const name = dictKey(key);
  if (!hasOwn(d, name)) dictSet(d, name, fallback);
  return d[name];
}

function clear(d) {
  for (const key of Object.keys(d)) delete d[key];
  return null;
}

const dictMethod = (name, params, defaults, fn) => builtinMethod(`dict.${name}`, params, defaults, fn);

export const dictMethods = {
  get: dictMethod("get", ["key", "default"], { default: null }, (d, key, fallback) => {
    const name = dictKey(key);
    return hasOwn(d, name) ? d[name] : fallback;
  }),
  keys: dictMethod("keys", [], {}, (d) => Object.keys(d)),
  values: dictMethod("values", [], {}, (d) => Object.values(d)),
  items: dictMethod("items", [], {}, (d) => Object.keys(d).map((key) => tuple([key, d[key]]))),
  pop: dictMethod("pop", ["key", "default"], { default: MISSING }, pop),
  popitem: dictMethod("popitem", [], {}, popitem),
  setdefault: dictMethod("setdefault", ["key", "default"], { default: null }, setdefault),
  update: builtinMethod("dict.update", { params: ["other"], defaults: { other: MISSING }, varkw: "kwargs" }, undefined, dictUpdate),
  clear: dictMethod("clear", [], {}, clear),
  copy: dictMethod("copy", [], {}, (d) => dictUpdate({}, d, null)),
};
