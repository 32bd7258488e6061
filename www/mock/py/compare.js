// Comparisons: == deep on lists, tuples, dicts, sets, ranges and bytes (1 == 1.0 == True),
// ordering of numbers, strings and sequences (lexicographic) and sets (subsets), with
// Python's TypeError for the rest; user __eq__ / __lt__ ... are called. Also set
// membership with Python equality (JS Sets compare tuples by identity).

import { isdict, typeName } from "./core.js";
import { TypeError } from "./exceptions.js";
import { PyRange } from "./range.js";

const isPromise = (x) => x instanceof Promise;

/** Result of several equality tests: false as soon as one is false, a Promise if needed. */
function allEqual(results) {
  const pending = [];
  for (const result of results) {
    if (isPromise(result)) pending.push(result);
    else if (!result) return false;
  }
  if (pending.length === 0) return true;
  return Promise.all(pending).then((values) => values.every(Boolean));
}

function* pairwise(a, b) {
  for (let i = 0; i < a.length; i++) yield eq(a[i], b[i]);
}

function sequenceEq(a, b) {
  return a.length === b.length && allEqual(pairwise(a, b));
}

function dictEq(a, b) {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  if (!keys.every((key) => Object.prototype.hasOwnProperty.call(b, key))) return false;
  return allEqual(keys.map((key) => eq(a[key], b[key])));
}

function setEq(a, b) {
  if (a.size !== b.size) return false;
  for (const item of a) if (!setHas(b, item)) return false;
  return true;
}

function rangeEq(a, b) {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  return a.start === b.start && (a.length === 1 || a.step === b.step);
}

/** a == b. A Promise only when a user __eq__ is involved. */
export function eq(a, b) {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return a == b;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === "number" || ta === "boolean") {
    return (tb === "number" || tb === "boolean") && Number(a) === Number(b);
  }
  if (ta === "string" || tb === "string") return false;
  if (Array.isArray(a)) return Array.isArray(b) && sequenceEq(a, b);
  if (a instanceof Set) return b instanceof Set && setEq(a, b);
  if (isdict(a)) return isdict(b) && dictEq(a, b);
  if (a instanceof PyRange) return b instanceof PyRange && rangeEq(a, b);
  if (a instanceof Uint8Array) return b instanceof Uint8Array && sequenceEq(a, b);
  if (ta === "object" && typeof a.__eq__ === "function") return a.__eq__(b);
  if (tb === "object" && typeof b.__eq__ === "function") return b.__eq__(a);
  return false;
}

/** a != b: a user __ne__ if there is one, else the negation of ==. */
export function ne(a, b) {
  if (a !== null && typeof a === "object" && typeof a.__ne__ === "function") return a.__ne__(b);
  const result = eq(a, b);
  return isPromise(result) ? result.then((value) => !value) : !result;
}

// ------------------------------------------------------------------------- ordering

const ORDER = {
  "<": { dunder: "__lt__", reflected: "__gt__", holds: (x, y) => x < y, sets: (a, b) => a.size < b.size && subset(a, b) },
  "<=": { dunder: "__le__", reflected: "__ge__", holds: (x, y) => x <= y, sets: (a, b) => subset(a, b) },
  ">": { dunder: "__gt__", reflected: "__lt__", holds: (x, y) => x > y, sets: (a, b) => a.size > b.size && subset(b, a) },
  ">=": { dunder: "__ge__", reflected: "__le__", holds: (x, y) => x >= y, sets: (a, b) => subset(b, a) },
};

function subset(a, b) {
  for (const item of a) if (!setHas(b, item)) return false;
  return true;
}

const isNumeric = (x) => typeof x === "number" || typeof x === "boolean";

/** Compares `a` and `b` with operator `op` ('<', '<=', '>', '>='). */
function compare(op, a, b) {
  const rule = ORDER[op];
  if (isNumeric(a) && isNumeric(b)) return rule.holds(Number(a), Number(b));
  if (typeof a === "string" && typeof b === "string") return rule.holds(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return compareSequences(op, a, b);
  if (a instanceof Set && b instanceof Set) return rule.sets(a, b);
  if (a !== null && typeof a === "object" && typeof a[rule.dunder] === "function") return a[rule.dunder](b);
  if (b !== null && typeof b === "object" && typeof b[rule.reflected] === "function") return b[rule.reflected](a);
  throw new TypeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Lexicographic: the first unequal items decide, else the lengths. */
function compareSequences(op, a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!eq(a[i], b[i])) return compare(op, a[i], b[i]);
  }
  return ORDER[op].holds(a.length, b.length);
}

export const lt = (a, b) => compare("<", a, b);
export const le = (a, b) => compare("<=", a, b);
export const gt = (a, b) => compare(">", a, b);
export const ge = (a, b) => compare(">=", a, b);

// ------------------------------------------------------------ sets with Python equality

const MISSING = Symbol("missing");

/** The element of `s` equal to `x` (1, 1.0 and True are one key; tuples by value). */
function setFind(s, x) {
  if (s.has(x)) return x;
  if (typeof x === "boolean" && s.has(Number(x))) return Number(x);
  if ((x === 0 || x === 1) && s.has(x === 1)) return x === 1;
  if (Array.isArray(x)) {
    requireHashable(x);
    for (const item of s) if (Array.isArray(item) && eq(item, x) === true) return item;
  }
  if (isdict(x) || x instanceof Set) requireHashable(x);
  return MISSING;
}

/** TypeError "unhashable type: 'dict'" for dicts and sets (and inside tuples). */
export function requireHashable(x) {
  if (isdict(x) || x instanceof Set) throw new TypeError(`unhashable type: '${typeName(x)}'`);
  if (Array.isArray(x)) x.forEach(requireHashable);
}

export function setHas(s, x) {
  return setFind(s, x) !== MISSING;
}

export function setAdd(s, x) {
  if (!setHas(s, x)) s.add(x);
}

/** Removes the element equal to `x`; false when there was none. */
export function setDelete(s, x) {
  const item = setFind(s, x);
  if (item === MISSING) return false;
  s.delete(item);
  return true;
}
