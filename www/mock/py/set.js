// Methods of set (JS Set, elements compared with Python equality) and set construction.

import { builtinMethod } from "./bind.js";
import { setAdd, setDelete, setHas } from "./compare.js";
import { KeyError } from "./exceptions.js";
import { iter } from "./items.js";

/** A new set of the items of an iterable. */
export function setFrom(iterable = []) {
  const s = new Set();
  for (const item of iter(iterable)) setAdd(s, item);
  return s;
}

const asSet = (x) => (x instanceof Set ? x : setFrom(x));

function pop(s) {
  for (const item of s) {
    s.delete(item);
    return item;
  }
  throw new KeyError("pop from an empty set");
}

function remove(s, item) {
  if (!setDelete(s, item)) throw new KeyError(item);
  return null;
}

function union(s, others) {
  const out = new Set(s);
  for (const other of others) for (const item of iter(other)) setAdd(out, item);
  return out;
}

function intersection(s, others) {
  let out = new Set(s);
  for (const other of others) {
    const keep = asSet(other);
    out = new Set([...out].filter((item) => setHas(keep, item)));
  }
  return out;
}

function difference(s, others) {
  const out = new Set(s);
  for (const other of others) for (const item of iter(other)) setDelete(out, item);
  return out;
}

function symmetricDifference(s, other) {
  const out = new Set(s);
  for (const item of asSet(other)) if (!setDelete(out, item)) out.add(item);
  return out;
}

function isSubset(s, other) {
  const container = asSet(other);
  return [...s].every((item) => setHas(container, item));
}

/** Replaces the contents of `s` (the *_update methods). */
function assign(s, items) {
  s.clear();
  for (const item of items) s.add(item);
  return null;
}

const setMethod = (name, fn) => builtinMethod(`set.${name}`, ["other"], {}, fn);
const varargsMethod = (name, fn) => builtinMethod(`set.${name}`, { params: [], varargs: "others" }, undefined, fn);
const noArgs = (name, fn) => builtinMethod(`set.${name}`, [], {}, fn);

export const setMethods = {
  add: builtinMethod("set.add", ["element"], {}, (s, item) => (setAdd(s, item), null)),
  discard: builtinMethod("set.discard", ["element"], {}, (s, item) => (setDelete(s, item), null)),
  remove: builtinMethod("set.remove", ["element"], {}, remove),
  pop: noArgs("pop", pop),
  clear: noArgs("clear", (s) => (s.clear(), null)),
  copy: noArgs("copy", (s) => new Set(s)),
  union: varargsMethod("union", union),
  intersection: varargsMethod("intersection", intersection),
  difference: varargsMethod("difference", difference),
  symmetric_difference: setMethod("symmetric_difference", symmetricDifference),
  update: varargsMethod("update", (s, others) => assign(s, union(s, others))),
  intersection_update: varargsMethod("intersection_update", (s, others) => assign(s, intersection(s, others))),
  difference_update: varargsMethod("difference_update", (s, others) => assign(s, difference(s, others))),
  symmetric_difference_update: setMethod("symmetric_difference_update", (s, other) =>
    assign(s, symmetricDifference(s, other)),
  ),
  issubset: setMethod("issubset", isSubset),
  issuperset: setMethod("issuperset", (s, other) => isSubset(asSet(other), s)),
  isdisjoint: setMethod("isdisjoint", (s, other) => [...asSet(other)].every((item) => !setHas(s, item))),
};
