// The builtin functions compiled code may name (`$py.builtins.len`, ...), plus the builtin
// types and exception classes, and the print hook. Builtins taking callbacks (sorted, min,
// max, map, filter, ...) are async: callbacks are async compiled functions.

import { bind } from "./bind.js";
import { delattr, getattr, hasattr, setattr } from "./calls.js";
import { isNumeric, isdict, tuple as makeTuple, typeName } from "./core.js";
import { gt, lt, requireHashable } from "./compare.js";
import { StopIteration, TypeError, ValueError, exceptionClasses, OverflowError } from "./exceptions.js";
import { format } from "./format.js";
import { requireInt } from "./indices.js";
import { call } from "./invoke.js";
import { iter, len, strLen } from "./items.js";
import { sortInPlace } from "./list.js";
import { looksInt, roundToDigits, scaledRound } from "./number.js";
import { PyObject } from "./object.js";
import { add, divmodNumbers, pow as power, truthy } from "./ops.js";
import { PyRange } from "./range.js";
import { ascii, repr, toStr } from "./repr.js";
import * as types from "./types.js";

const MISSING = Symbol("missing");
const sig = (name, params, defaults = {}, extra = {}) => ({ name, params, defaults, ...extra });

/** Marks a function as a builtin (`<built-in function len>`, type builtin_function_or_method). */
function builtin(fn, name = fn.name) {
  fn.__name__ = name;
  fn.__qualname__ = name;
  fn.__builtin__ = true;
  return fn;
}

/** A key= callback, called through call() (classes are instantiated, unbound methods work). */
const keyFunction = (key) => (key === null || key === undefined ? null : (x) => call(key, x));

// --------------------------------------------------------------------- numbers

function abs(x) {
  if (isNumeric(x)) return Math.abs(Number(x));
  if (x !== null && typeof x === "object" && typeof x.__abs__ === "function") return x.__abs__();
  throw new TypeError(`bad operand type for abs(): '${typeName(x)}'`);
}

function roundToInt(x) {
  if (Number.isNaN(x)) throw new ValueError("cannot convert float NaN to integer");
  if (!Number.isFinite(x)) throw new OverflowError("cannot convert float infinity to integer");
  return (x < 0 ? -1 : 1) * Number(scaledRound(x, 0)) + 0;
}

/** round(x[, ndigits]): ties to even, on the exact binary value (round(2.675, 2) == 2.67). */
function round(...args) {
  const [x, ndigits] = bind(args, sig("round", ["number", "ndigits"], { ndigits: null }));
  if (x !== null && typeof x === "object" && typeof x.__round__ === "function") return x.__round__(ndigits);
  if (!isNumeric(x)) throw new TypeError(`type ${typeName(x)} doesn't define __round__ method`);
  const n = Number(x);
  if (ndigits === null) return roundToInt(n);
  const digits = requireInt(ndigits);
  if (typeof x === "boolean" || looksInt(n)) return digits >= 0 ? n : roundToDigits(n, digits) + 0;
  return roundToDigits(n, digits);
}

function divmod(a, b) {
  if (isNumeric(a) && isNumeric(b)) return makeTuple(divmodNumbers(a, b, "divmod"));
  if (a !== null && typeof a === "object" && typeof a.__divmod__ === "function") return a.__divmod__(b);
  throw new TypeError(`unsupported operand type(s) for divmod(): '${typeName(a)}' and '${typeName(b)}'`);
}

/** pow(base, exp[, mod]); the 3-argument form is exact (BigInt) for ints. */
function pow(...args) {
  const [base, exp, mod] = bind(args, sig("pow", ["base", "exp", "mod"], { mod: null }));
  if (mod === null) return power(base, exp);
  const [b, e, m] = [base, exp, mod].map((v) => {
    if (typeof v !== "boolean" && !Number.isInteger(v)) {
      throw new TypeError("pow() 3rd argument not allowed unless all arguments are integers");
    }
    return BigInt(Number(v));
  });
  if (m === 0n) throw new ValueError("pow() 3rd argument cannot be 0");
  if (e < 0n) throw new ValueError("pow() with a negative exponent and a modulus is not supported here");
  let result = 1n;
  let square = ((b % m) + m) % m;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) result = (result * square) % m;
    square = (square * square) % m;
  }
  if (m < 0n && result > 0n) result += m;
  return Number(result);
}

function baseString(prefix, radix) {
  return (x) => {
    const n = requireInt(x);
    const digits = Math.abs(n).toString(radix);
    return (n < 0 ? "-" : "") + prefix + digits;
  };
}

function chr(i) {
  const code = requireInt(i);
  if (code < 0 || code > 0x10ffff) throw new ValueError("chr() arg not in range(0x110000)");
  return String.fromCodePoint(code);
}

function ord(c) {
  if (typeof c === "string") {
    const length = strLen(c);
    if (length === 1) return c.codePointAt(0);
    throw new TypeError(`ord() expected a character, but string of length ${length} found`);
  }
  if (c instanceof Uint8Array && c.length === 1) return c[0];
  throw new TypeError(`ord() expected string of length 1, but ${typeName(c)} found`);
}

// -------------------------------------------------------------------- iteration

function* enumerateItems(iterable, start) {
  let i = start;
  for (const item of iter(iterable)) yield makeTuple([i++, item]);
}

function enumerate(...args) {
  const [iterable, start] = bind(args, sig("enumerate", ["iterable", "start"], { start: 0 }));
  return enumerateItems(iterable, requireInt(start));
}

function zipError(index, longer) {
  const others = index === 1 ? " 1" : `s 1-${index}`;
  return new ValueError(`zip() argument ${index + 1} is ${longer ? "longer" : "shorter"} than argument${others}`);
}

function* zipItems(iterators, strict) {
  if (iterators.length === 0) return;
  for (;;) {
    const row = [];
    for (let i = 0; i < iterators.length; i++) {
      const step = iterators[i].next();
      if (step.done) {
        if (!strict) return;
        if (i > 0) throw zipError(i, false);
        const longer = iterators.findIndex((it, k) => k > 0 && !it.next().done);
        if (longer > 0) throw zipError(longer, true);
        return;
      }
      row.push(step.value);
    }
    yield makeTuple(row);
  }
}

function zip(...args) {
  const [iterables, strict] = bind(args, sig("zip", [], {}, { varargs: "iterables", kwonly: ["strict"], kwdefaults: { strict: false } }));
  return zipItems(iterables.map(iter), truthy(strict));
}

function* reverseIndexes(seq, length) {
  for (let i = length - 1; i >= 0; i--) if (i < seq.length) yield seq[i];
}

function reversed(seq) {
  if (typeof seq === "string") return Array.from(seq).reverse()[Symbol.iterator]();
  if (Array.isArray(seq)) return reverseIndexes(seq, seq.length);
  if (isdict(seq)) return Object.keys(seq).reverse()[Symbol.iterator]();
  if (seq instanceof PyRange) return Array.from(seq).reverse()[Symbol.iterator]();
  if (seq !== null && typeof seq === "object" && typeof seq.__reversed__ === "function") return seq.__reversed__();
  throw new TypeError(`'${typeName(seq)}' object is not reversible`);
}

async function sorted(...args) {
  const [iterable, key, reverse] = bind(
    args,
    sig("sorted", ["iterable"], {}, { kwonly: ["key", "reverse"], kwdefaults: { key: null, reverse: false } }),
  );
  return sortInPlace(Array.from(iter(iterable)), key, reverse);
}

/** min()/max(): an iterable or several arguments, key=, default=; the first best wins. */
function extreme(name, better) {
  return builtin(async (...args) => {
    const [values, key, fallback] = bind(
      args,
      sig(name, [], {}, { varargs: "args", kwonly: ["key", "default"], kwdefaults: { key: null, default: MISSING } }),
    );
    if (values.length === 0) throw new TypeError(`${name} expected at least 1 argument, got 0`);
    if (values.length > 1 && fallback !== MISSING) {
      throw new TypeError(`Cannot specify a default for ${name}() with multiple positional arguments`);
    }
    const keyOf = keyFunction(key);
    let best = MISSING;
    let bestKey;
    for (const item of values.length === 1 ? iter(values[0]) : values) {
      const itemKey = keyOf ? await keyOf(item) : item;
      if (best === MISSING || (await better(itemKey, bestKey))) {
        best = item;
        bestKey = itemKey;
      }
    }
    if (best !== MISSING) return best;
    if (fallback !== MISSING) return fallback;
    throw new ValueError(`${name}() arg is an empty sequence`);
  }, name);
}

async function sum(...args) {
  const [iterable, start] = bind(args, sig("sum", ["iterable", "start"], { start: 0 }));
  if (typeof start === "string") throw new TypeError("sum() can't sum strings [use ''.join(seq) instead]");
  let total = start;
  for (const item of iter(iterable)) {
    total = add(total, item);
    if (total instanceof Promise) total = await total;
  }
  return total;
}

async function any(iterable) {
  for (const item of iter(iterable)) if (await truthy(item)) return true;
  return false;
}

async function all(iterable) {
  for (const item of iter(iterable)) if (!(await truthy(item))) return false;
  return true;
}

/** map(fn, *iterables): evaluated eagerly (fn is async), returned as an iterator. */
async function map(fn, ...iterables) {
  if (iterables.length === 0) throw new TypeError("map() must have at least two arguments.");
  const results = [];
  for (const row of zipItems(iterables.map(iter), false)) results.push(await call(fn, ...row));
  return results[Symbol.iterator]();
}

/** filter(fn | None, iterable): eager like map(). */
async function filter(fn, iterable) {
  const results = [];
  for (const item of iter(iterable)) {
    const keep = fn === null ? truthy(item) : truthy(await call(fn, item));
    if (await keep) results.push(item);
  }
  return results[Symbol.iterator]();
}

function next(iterator, ...fallback) {
  if (iterator === null || typeof iterator !== "object" || typeof iterator.next !== "function") {
    throw new TypeError(`'${typeName(iterator)}' object is not an iterator`);
  }
  const step = iterator.next();
  if (!step.done) return step.value;
  if (fallback.length > 0) return fallback[0];
  throw step.value === undefined ? new StopIteration() : new StopIteration(step.value);
}

// ------------------------------------------------------------------ identity

const ids = new WeakMap();
let nextId = 1;

function id(x) {
  if (x === null || (typeof x !== "object" && typeof x !== "function")) return hash(x);
  if (!ids.has(x)) ids.set(x, nextId++);
  return ids.get(x);
}

/** hash(): Python's value for ints and bools; a stable 32-bit FNV-1a for strings. */
function hash(x) {
  if (x === null || x === undefined) return 0x5f3759df;
  if (typeof x === "boolean") return Number(x);
  if (typeof x === "number") {
    if (Number.isSafeInteger(x)) return x === -1 ? -2 : x;
    return hash(toStr(x));
  }
  if (typeof x === "string") {
    let h = 0x811c9dc5;
    for (let i = 0; i < x.length; i++) h = Math.imul(h ^ x.charCodeAt(i), 0x01000193);
    return h | 0;
  }
  if (Array.isArray(x)) {
    requireHashable(x);
    return x.reduce((h, item) => Math.imul(h ^ hash(item), 0x01000193) | 0, 0x345678);
  }
  requireHashable(x);
  if (typeof x.__hash__ === "function") return x.__hash__();
  return id(x);
}

function callable(x) {
  return typeof x === "function" || (x !== null && typeof x === "object" && typeof x.__call__ === "function");
}

// ----------------------------------------------------------------------- print

let printHook = null;

/** Routes print() output (the text with its end, "a b\n") to `hook`; returns the previous hook. */
export function setPrintHook(hook) {
  const previous = printHook;
  printHook = hook;
  return previous;
}

async function print(...args) {
  const [values, sep, end] = bind(
    args,
    sig("print", [], {}, { varargs: "values", kwonly: ["sep", "end", "file", "flush"], kwdefaults: { sep: " ", end: "\n", file: null, flush: false } }),
  );
  const texts = await Promise.all(values.map(toStr));
  const text = texts.join(sep ?? " ") + (end ?? "\n");
  if (printHook) await printHook(text);
  else console.log(text.endsWith("\n") ? text.slice(0, -1) : text);
  return null;
}

// ------------------------------------------------------------------------ table

const functions = {
  abs,
  all,
  any,
  ascii,
  bin: baseString("0b", 2),
  callable,
  chr,
  delattr,
  divmod,
  enumerate,
  filter,
  format,
  getattr,
  hasattr,
  hash,
  hex: baseString("0x", 16),
  id,
  iter,
  len,
  map,
  max: extreme("max", gt),
  min: extreme("min", lt),
  next,
  oct: baseString("0o", 8),
  ord,
  pow,
  print,
  repr,
  reversed,
  round,
  setattr,
  sorted,
  sum,
  zip,
};
for (const [name, fn] of Object.entries(functions)) builtin(fn, name);
builtin(types.isinstance, "isinstance");
builtin(types.issubclass, "issubclass");

/** Every name compiled code may reference as a builtin. */
export const builtins = {
  ...functions,
  isinstance: types.isinstance,
  issubclass: types.issubclass,
  bool: types.bool,
  bytes: types.bytes,
  dict: types.dict,
  float: types.float,
  frozenset: types.frozenset,
  int: types.int,
  list: types.list,
  range: types.range,
  set: types.set,
  str: types.str,
  tuple: types.tuple,
  type: types.type,
  object: PyObject,
  ...exceptionClasses,
};
