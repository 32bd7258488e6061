// Containers: len(), iteration, unpacking, x[i] / x[i] = v / del x[i] and slices, with
// Python's index rules (negative indexes, IndexError, KeyError, TypeError texts). Strings
// are indexed by code point like Python (JS strings are UTF-16).

import { hasOwn, isTuple, isdict, tuple, typeName } from "./core.js";
import { requireHashable } from "./compare.js";
import { IndexError, KeyError, TypeError, ValueError } from "./exceptions.js";
import { intOrNull, slicePositions, sliceIndices } from "./indices.js";
import { numberRepr } from "./number.js";
import { PyRange } from "./range.js";
import { repr } from "./repr.js";

// ---------------------------------------------------------------- strings by code point

const SURROGATE = /[\uD800-\uDFFF]/;
let lastString = "";
let lastHasSurrogates = false;

/** True when `s` has characters outside the BMP (indexes differ from UTF-16 offsets). */
export function hasSurrogates(s) {
  if (s !== lastString) {
    lastString = s;
    lastHasSurrogates = SURROGATE.test(s);
  }
  return lastHasSurrogates;
}

/** The characters of `s` as an array when it has astral ones, else `s` itself. */
function characters(s) {
  return hasSurrogates(s) ? Array.from(s) : s;
}

export function strLen(s) {
  return hasSurrogates(s) ? Array.from(s).length : s.length;
}

// ------------------------------------------------------------------------ dict keys

/**
 * The JS property name of a Python dict key. Keys are strings; other hashable keys are
 * stored under their repr (1 → "1", True → "True", (1, 2) → "(1, 2)"), a known gap.
 */
export function dictKey(key) {
  switch (typeof key) {
    case "string":
      return key;
    case "number":
      return numberRepr(key);
    case "boolean":
      return key ? "True" : "False";
  }
  if (key === null || key === undefined) return "None";
  requireHashable(key);
  if (Array.isArray(key)) return repr(tuple(key));
  throw new TypeError(`dict keys must be str, int, float, bool, None or tuple here, not '${typeName(key)}'`);
}

/** d[key] = value, safe for keys such as "__proto__". */
export function dictSet(d, key, value) {
  if (key === "__proto__") {
    Object.defineProperty(d, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    d[key] = value;
  }
}

// ---------------------------------------------------------------------- len / iter

export function len(x) {
  if (typeof x === "string") return strLen(x);
  if (Array.isArray(x) || x instanceof Uint8Array) return x.length;
  if (x instanceof Set) return x.size;
  if (x instanceof PyRange) return x.length;
  if (isdict(x)) return Object.keys(x).length;
  if (x !== null && typeof x === "object" && typeof x.__len__ === "function") return x.__len__();
  throw new TypeError(`object of type '${typeName(x)}' has no len()`);
}

/** A JS iterator over a Python iterable: dicts give their keys, strings their characters. */
export function iter(x) {
  if (isdict(x)) return Object.keys(x)[Symbol.iterator]();
  if (x !== null && x !== undefined && typeof x[Symbol.iterator] === "function") {
    return x[Symbol.iterator]();
  }
  throw new TypeError(`'${typeName(x)}' object is not iterable`);
}

/** `a, b = x`: exactly `n` values. */
export function unpack(x, n) {
  if (Array.isArray(x) && x.length === n) return x;
  const iterable = isdict(x) || (x !== null && x !== undefined && typeof x[Symbol.iterator] === "function");
  if (!iterable) throw new TypeError(`cannot unpack non-iterable ${typeName(x)} object`);
  const values = [];
  for (const value of iter(x)) {
    if (values.length === n) throw new ValueError(`too many values to unpack (expected ${n})`);
    values.push(value);
  }
  if (values.length < n) {
    throw new ValueError(`not enough values to unpack (expected ${n}, got ${values.length})`);
  }
  return values;
}

// -------------------------------------------------------------------------- x[i]

/** The position `key` designates in a sequence of `length`, or IndexError. */
function position(length, key, kind, indexError) {
  const i = intOrNull(key);
  if (i === null) {
    if (kind === "str") throw new TypeError(`string indices must be integers, not '${typeName(key)}'`);
    throw new TypeError(`${kind} indices must be integers or slices, not ${typeName(key)}`);
  }
  const p = i < 0 ? i + length : i;
  if (p < 0 || p >= length) throw new IndexError(indexError);
  return p;
}

function sequenceKind(xs) {
  return isTuple(xs) ? "tuple" : "list";
}

export function getitem(x, key) {
  if (typeof x === "string") {
    const chars = characters(x);
    return chars[position(chars.length, key, "str", "string index out of range")];
  }
  if (Array.isArray(x)) {
    const kind = sequenceKind(x);
    return x[position(x.length, key, kind, `${kind} index out of range`)];
  }
  if (isdict(x)) {
    const name = dictKey(key);
    if (hasOwn(x, name)) return x[name];
    throw new KeyError(key);
  }
  if (x instanceof PyRange) return x.at(position(x.length, key, "range", "range object index out of range"));
  if (x instanceof Uint8Array) return x[position(x.length, key, "byte", "index out of range")];
  if (x !== null && typeof x === "object" && typeof x.__getitem__ === "function") return x.__getitem__(key);
  throw new TypeError(`'${typeName(x)}' object is not subscriptable`);
}

export function setitem(x, key, value) {
  if (Array.isArray(x) && !isTuple(x)) {
    x[position(x.length, key, "list", "list assignment index out of range")] = value;
  } else if (isdict(x)) {
    dictSet(x, dictKey(key), value);
  } else if (x !== null && typeof x === "object" && typeof x.__setitem__ === "function") {
    return x.__setitem__(key, value);
  } else {
    throw new TypeError(`'${typeName(x)}' object does not support item assignment`);
  }
}

export function delitem(x, key) {
  if (Array.isArray(x) && !isTuple(x)) {
    x.splice(position(x.length, key, "list", "list assignment index out of range"), 1);
  } else if (isdict(x)) {
    const name = dictKey(key);
    if (!hasOwn(x, name)) throw new KeyError(key);
    delete x[name];
  } else if (x !== null && typeof x === "object" && typeof x.__delitem__ === "function") {
    return x.__delitem__(key);
  } else {
    throw new TypeError(`'${typeName(x)}' object doesn't support item deletion`);
  }
}

// ------------------------------------------------------------------------- slices

function pick(items, indices) {
  if (indices.step === 1) return Array.prototype.slice.call(items, indices.start, indices.start + indices.count);
  return Array.from(slicePositions(indices), (i) => items[i]);
}

/** x[lo:hi:step] (missing bounds are null). */
export function getslice(x, lo = null, hi = null, step = null) {
  if (typeof x === "string") {
    const chars = characters(x);
    const indices = sliceIndices(chars.length, lo, hi, step);
    if (indices.step === 1 && typeof chars === "string") {
      return x.slice(indices.start, indices.start + indices.count);
    }
    return pick(chars, indices).join("");
  }
  if (Array.isArray(x)) {
    const items = pick(x, sliceIndices(x.length, lo, hi, step));
    return isTuple(x) ? Object.freeze(items) : items;
  }
  if (x instanceof PyRange) return x.slice(lo, hi, step);
  if (x instanceof Uint8Array) return Uint8Array.from(pick(x, sliceIndices(x.length, lo, hi, step)));
  throw new TypeError(`'${typeName(x)}' object is not subscriptable`);
}

function requireList(x) {
  if (!Array.isArray(x) || isTuple(x)) {
    throw new TypeError(`'${typeName(x)}' object does not support item assignment`);
  }
}

/** x[lo:hi:step] = values (lists only). */
export function setslice(x, lo, hi, step, values) {
  requireList(x);
  const items = Array.from(iter(values));
  const indices = sliceIndices(x.length, lo, hi, step);
  if (indices.step === 1) {
    x.splice(indices.start, Math.max(indices.stop - indices.start, 0), ...items);
    return;
  }
  if (items.length !== indices.count) {
    throw new ValueError(
      `attempt to assign sequence of size ${items.length} to extended slice of size ${indices.count}`,
    );
  }
  let k = 0;
  for (const i of slicePositions(indices)) x[i] = items[k++];
}

/** del x[lo:hi:step] (lists only). */
export function delslice(x, lo = null, hi = null, step = null) {
  requireList(x);
  const indices = sliceIndices(x.length, lo, hi, step);
  if (indices.step === 1) return void x.splice(indices.start, indices.count);
  const doomed = Array.from(slicePositions(indices)).sort((a, b) => b - a);
  for (const i of doomed) x.splice(i, 1);
}
