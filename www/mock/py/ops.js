// Operators with Python semantics: truthiness, arithmetic (floor division and modulo of
// negatives, ZeroDivisionError, sequence concatenation and repetition, `str % args`),
// bitwise and set operators, in-place list/set/dict operators and `in`. User dunders
// (__add__, __radd__, __contains__, __bool__, ...) are called; their result may be a Promise.

import { hasOwn, isNumeric, isTuple, isdict, typeName } from "./core.js";
import { setAdd, setDelete, setHas, eq } from "./compare.js";
import { TypeError, ValueError, ZeroDivisionError } from "./exceptions.js";
import { printf } from "./format.js";
import { dictKey, dictSet, iter } from "./items.js";
import { looksInt } from "./number.js";
import { PyRange } from "./range.js";

const isInstance = (x) => x !== null && typeof x === "object";

/** Calls a user dunder of `a` (or the reflected one of `b`); undefined when neither exists. */
function dunder(a, b, name, reflected) {
  if (isInstance(a) && typeof a[name] === "function") return a[name](b);
  if (isInstance(b) && typeof b[reflected] === "function") return b[reflected](a);
  return undefined;
}

function unsupported(symbol, a, b) {
  return new TypeError(`unsupported operand type(s) for ${symbol}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Binary operator: numeric case, special cases, then dunders, then TypeError. */
function binary(symbol, name, numeric, special) {
  const reflected = name.replace("__", "__r");
  return (a, b) => {
    if (isNumeric(a) && isNumeric(b)) return numeric(Number(a), Number(b), a, b);
    const result = special ? special(a, b) : undefined;
    if (result !== undefined) return result;
    const viaDunder = dunder(a, b, name, reflected);
    if (viaDunder !== undefined) return viaDunder;
    throw unsupported(symbol, a, b);
  };
}

// ---------------------------------------------------------------------- truthiness

export function truthy(x) {
  if (x === null || x === undefined || x === false) return false;
  switch (typeof x) {
    case "boolean":
      return x;
    case "number":
      return x !== 0;
    case "string":
      return x.length > 0;
    case "bigint":
      return x !== 0n;
    case "function":
      return true;
  }
  if (Array.isArray(x) || x instanceof Uint8Array || x instanceof PyRange) return x.length > 0;
  if (x instanceof Set) return x.size > 0;
  if (isdict(x)) {
    for (const key in x) if (hasOwn(x, key)) return true;
    return false;
  }
  if (typeof x.__bool__ === "function") return x.__bool__();
  if (typeof x.__len__ === "function") {
    const n = x.__len__();
    return n instanceof Promise ? n.then((value) => value > 0) : n > 0;
  }
  return true;
}

// ---------------------------------------------------------------------- arithmetic

const bothInts = (a, b) => looksInt(a) && looksInt(b);

function concat(a, b) {
  if (typeof a === "string") {
    if (typeof b === "string") return a + b;
    throw new TypeError(`can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (Array.isArray(a)) {
    if (Array.isArray(b)) return isTuple(a) ? Object.freeze([...a, ...b]) : [...a, ...b];
    const kind = typeName(a);
    throw new TypeError(`can only concatenate ${kind} (not "${typeName(b)}") to ${kind}`);
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const joined = new Uint8Array(a.length + b.length);
    joined.set(a);
    joined.set(b, a.length);
    return joined;
  }
  return undefined;
}

/** seq * n for str, list, tuple. */
function repeat(seq, n) {
  if (typeof n !== "boolean" && !Number.isInteger(n)) {
    throw new TypeError(`can't multiply sequence by non-int of type '${typeName(n)}'`);
  }
  const times = Math.max(Number(n), 0);
  if (typeof seq === "string") return seq.repeat(times);
  const items = [];
  for (let i = 0; i < times; i++) items.push(...seq);
  return isTuple(seq) ? Object.freeze(items) : items;
}

const isSequence = (x) => typeof x === "string" || Array.isArray(x);

function repetition(a, b) {
  if (isSequence(a) && typeof b?.__rmul__ !== "function") return repeat(a, b);
  if (isSequence(b) && typeof a?.__mul__ !== "function") return repeat(b, a);
  return undefined;
}

function setDifference(a, b) {
  if (a instanceof Set && b instanceof Set) return new Set([...a].filter((x) => !setHas(b, x)));
  return undefined;
}

function trueDivide(x, y, a, b) {
  if (y === 0) throw new ZeroDivisionError(bothInts(a, b) ? "division by zero" : "float division by zero");
  return x / y;
}

/** Python's float floor division / modulo (floatobject.c float_divmod). */
function floatDivmod(x, y) {
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod) {
    if (y < 0 !== mod < 0) {
      mod += y;
      div -= 1;
    }
  } else {
    mod = Math.sign(y) < 0 || Object.is(y, -0) ? -0 : 0;
  }
  let floorDiv;
  if (div) {
    floorDiv = Math.floor(div);
    if (div - floorDiv > 0.5) floorDiv += 1;
  } else {
    floorDiv = x / y < 0 || Object.is(x / y, -0) ? -0 : 0;
  }
  return [floorDiv, mod];
}

/** [a // b, a % b] with Python's signs; `what` names the operation in ZeroDivisionError. */
export function divmodNumbers(a, b, what) {
  const x = Number(a);
  const y = Number(b);
  const ints = bothInts(a, b);
  if (y === 0) {
    const messages = {
      "//": ["integer division or modulo by zero", "float floor division by zero"],
      "%": ["integer modulo by zero", "float modulo"],
      divmod: ["integer division or modulo by zero", "float divmod()"],
    };
    throw new ZeroDivisionError(messages[what][ints ? 0 : 1]);
  }
  if (ints) {
    let mod = x % y;
    if (mod !== 0 && mod < 0 !== y < 0) mod += y;
    return [Math.floor(x / y) + 0, mod + 0];
  }
  return floatDivmod(x, y);
}

function power(x, y) {
  if (x === 0 && y < 0) throw new ZeroDivisionError("0.0 cannot be raised to a negative power");
  return x ** y;
}

export const add = binary("+", "__add__", (x, y) => x + y, concat);
export const sub = binary("-", "__sub__", (x, y) => x - y, setDifference);
export const mul = binary("*", "__mul__", (x, y) => x * y, repetition);
export const truediv = binary("/", "__truediv__", trueDivide);
export const floordiv = binary("//", "__floordiv__", (x, y, a, b) => divmodNumbers(a, b, "//")[0]);
const modNumbers = binary("%", "__mod__", (x, y, a, b) => divmodNumbers(a, b, "%")[1]);
export const pow = binary("**", "__pow__", power);

/** a % b: printf formatting when `a` is a str. */
export function mod(a, b) {
  return typeof a === "string" ? printf(a, b) : modNumbers(a, b);
}

function unary(symbol, name, numeric) {
  return (a) => {
    if (isNumeric(a)) return numeric(Number(a));
    if (isInstance(a) && typeof a[name] === "function") return a[name]();
    throw new TypeError(`bad operand type for unary ${symbol}: '${typeName(a)}'`);
  };
}

export const neg = unary("-", "__neg__", (x) => (x === 0 ? 0 : -x));
export const pos = unary("+", "__pos__", (x) => x);
export const invert = unary("~", "__invert__", (x) => {
  if (!Number.isInteger(x)) throw new TypeError("bad operand type for unary ~: 'float'");
  return -x - 1;
});

// ---------------------------------------------------------- bitwise and set operators

/** Integer bit operation through BigInt (exact beyond 32 bits). */
function bits(symbol, name, op, setOp, dictOp) {
  const reflected = name.replace("__", "__r");
  return (a, b) => {
    if (isNumeric(a) && isNumeric(b) && Number.isInteger(Number(a)) && Number.isInteger(Number(b))) {
      const result = Number(op(BigInt(Number(a)), BigInt(Number(b))));
      return typeof a === "boolean" && typeof b === "boolean" ? Boolean(result) : result;
    }
    if (setOp && a instanceof Set && b instanceof Set) return setOp(a, b);
    if (dictOp && isdict(a) && isdict(b)) return dictOp(a, b);
    const viaDunder = dunder(a, b, name, reflected);
    if (viaDunder !== undefined) return viaDunder;
    throw unsupported(symbol, a, b);
  };
}

function shiftCount(n) {
  if (n < 0n) throw new ValueError("negative shift count");
  return n;
}

const union = (a, b) => {
  const out = new Set(a);
  for (const x of b) setAdd(out, x);
  return out;
};
const intersection = (a, b) => new Set([...a].filter((x) => setHas(b, x)));
const symmetricDifference = (a, b) => {
  const out = new Set([...a].filter((x) => !setHas(b, x)));
  for (const x of b) if (!setHas(a, x)) out.add(x);
  return out;
};
const merge = (a, b) => {
  const out = { ...a };
  for (const key of Object.keys(b)) dictSet(out, key, b[key]);
  return out;
};

export const and_ = bits("&", "__and__", (x, y) => x & y, intersection);
export const or_ = bits("|", "__or__", (x, y) => x | y, union, merge);
export const xor = bits("^", "__xor__", (x, y) => x ^ y, symmetricDifference);
export const lshift = bits("<<", "__lshift__", (x, y) => x << shiftCount(y));
export const rshift = bits(">>", "__rshift__", (x, y) => x >> shiftCount(y));

// -------------------------------------------------------------------- in-place

const isList = (x) => Array.isArray(x) && !isTuple(x);

/** a += b: lists extend in place (any iterable), everything else is a + b. */
export function iadd(a, b) {
  if (isList(a)) {
    a.push(...iter(b));
    return a;
  }
  return isInstance(a) && typeof a.__iadd__ === "function" ? a.__iadd__(b) : add(a, b);
}

/** a *= n: lists repeat in place. */
export function imul(a, b) {
  if (isList(a) && !isSequence(b)) {
    const items = repeat(a, b);
    a.splice(0, a.length, ...items);
    return a;
  }
  return mul(a, b);
}

/** a -= b, a |= b, a &= b, a ^= b: sets (and dicts for |=) change in place. */
export function isub(a, b) {
  if (a instanceof Set && b instanceof Set) {
    for (const x of b) setDelete(a, x);
    return a;
  }
  return sub(a, b);
}

export function ior(a, b) {
  if (a instanceof Set && b instanceof Set) {
    for (const x of b) setAdd(a, x);
    return a;
  }
  if (isdict(a) && isdict(b)) {
    for (const key of Object.keys(b)) dictSet(a, key, b[key]);
    return a;
  }
  return or_(a, b);
}

export function iand(a, b) {
  if (a instanceof Set && b instanceof Set) {
    for (const x of [...a]) if (!setHas(b, x)) a.delete(x);
    return a;
  }
  return and_(a, b);
}

export function ixor(a, b) {
  if (a instanceof Set && b instanceof Set) {
    for (const x of b) if (!setDelete(a, x)) a.add(x);
    return a;
  }
  return xor(a, b);
}

// ------------------------------------------------------------------------- `in`

/** True if any of the equality results is; a Promise when user __eq__ answered. */
function anyEqual(items, item) {
  const pending = [];
  for (const candidate of items) {
    const result = eq(candidate, item);
    if (result instanceof Promise) pending.push(result);
    else if (result) return true;
  }
  if (pending.length === 0) return false;
  return Promise.all(pending).then((results) => results.some(Boolean));
}

/** `item in container`. */
export function contains(container, item) {
  if (typeof container === "string") {
    if (typeof item === "string") return container.includes(item);
    throw new TypeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
  }
  if (Array.isArray(container)) return anyEqual(container, item);
  if (container instanceof Set) return setHas(container, item);
  if (isdict(container)) return hasOwn(container, dictKey(item));
  if (container instanceof PyRange) return container.includes(item);
  if (container instanceof Uint8Array) return container.includes(item);
  if (isInstance(container) && typeof container.__contains__ === "function") return container.__contains__(item);
  if (isInstance(container) && typeof container[Symbol.iterator] === "function") return anyEqual(container, item);
  throw new TypeError(`argument of type '${typeName(container)}' is not iterable`);
}
