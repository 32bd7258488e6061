// The builtin types as values: int, float, bool, str, list, tuple, dict, set, frozenset,
// bytes, range, object, type, NoneType. Each is a function (calling it converts, with
// Python's parsing rules and messages) and a type (isinstance, type(x) is int,
// type(x).__name__). Their methods hang on them unbound too (`key=str.lower`).
// JS numbers do not tell 1.0 from 1: integral numbers below 1e16 are ints, others floats.

import { bind } from "./bind.js";
import { Kwargs, isModule, isPyClass, isTuple, isdict, tuple as makeTuple, typeName } from "./core.js";
import { dictFrom, dictMethods, fromkeys } from "./dict.js";
import { LookupError, OverflowError, TypeError, UnicodeDecodeError, ValueError } from "./exceptions.js";
import { requireInt } from "./indices.js";
import { iter } from "./items.js";
import { listMethods, tupleMethods } from "./list.js";
import { looksInt } from "./number.js";
import { PyObject } from "./object.js";
import { truthy } from "./ops.js";
import { PyRange } from "./range.js";
import { quoteStr, toStr } from "./repr.js";
import { setFrom, setMethods } from "./set.js";
import { strMethods, stripSpace } from "./str.js";

const MISSING = Symbol("missing");

/** Marks a function as a builtin type and hangs its (unbound) methods on it. */
function pytype(name, fn, methods = {}) {
  fn.__name__ = name;
  fn.__qualname__ = name;
  fn.__pytype__ = true;
  for (const [key, method] of Object.entries(methods)) {
    Object.defineProperty(fn, key, { value: method, writable: true, configurable: true });
  }
  return fn;
}

const sig = (name, params, defaults = {}, extra = {}) => ({ name, params, defaults, ...extra });

// --------------------------------------------------------------------------- int

const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
const DECIMAL = /\p{Nd}/u;

/** The value of a Unicode decimal digit ('٣' is 3): its offset in its run of ten. */
function decimalValue(ch) {
  const code = ch.codePointAt(0);
  let start = code;
  while (DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}

/** int() and float() accept any Unicode decimal digits, like CPython. */
function asciiDigits(text) {
  return /^[\x00-\x7f]*$/.test(text) ? text : text.replace(/\p{Nd}/gu, (d) => String(decimalValue(d)));
}
const PREFIX_BASE = { x: 16, o: 8, b: 2 };

/** int(text, base) with Python's literal rules (signs, underscores, 0x/0o/0b prefixes). */
function parseIntLiteral(text, base) {
  const radix = requireInt(base);
  if (radix !== 0 && (radix < 2 || radix > 36)) throw new ValueError("int() base must be >= 2 and <= 36, or 0");
  const invalid = () => new ValueError(`invalid literal for int() with base ${radix}: ${quoteStr(text)}`);
  const [, sign, rest] = /^([+-]?)([\s\S]*)$/.exec(asciiDigits(stripSpace(text)));
  let body = rest;
  let effective = radix;
  const prefix = /^0([xob])_?/i.exec(body);
  if (prefix && (radix === 0 || PREFIX_BASE[prefix[1].toLowerCase()] === radix)) {
    effective = PREFIX_BASE[prefix[1].toLowerCase()];
    body = body.slice(prefix[0].length);
  } else if (radix === 0) {
    effective = 10;
    if (/^0/.test(body) && !/^0+(_0+)*$/.test(body)) throw invalid();
  }
  const digit = `[${DIGITS.slice(0, effective)}]`;
  if (!new RegExp(`^${digit}+(_${digit}+)*$`, "i").test(body)) throw invalid();
  const value = Number.parseInt(body.replace(/_/g, ""), effective);
  return sign === "-" ? 0 - value : value;
}

function intOf(x) {
  if (typeof x === "boolean") return Number(x);
  if (typeof x === "number") {
    if (Number.isNaN(x)) throw new ValueError("cannot convert float NaN to integer");
    if (!Number.isFinite(x)) throw new OverflowError("cannot convert float infinity to integer");
    return Math.trunc(x) + 0;
  }
  if (typeof x === "string") return parseIntLiteral(x, 10);
  if (x instanceof Uint8Array) return parseIntLiteral(decode(x, "utf-8", "strict"), 10);
  if (x !== null && typeof x === "object") {
    if (typeof x.__int__ === "function") return x.__int__();
    if (typeof x.__index__ === "function") return x.__index__();
  }
  throw new TypeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(x)}'`);
}

export const int = pytype("int", function int(...args) {
  const [x, base] = bind(args, sig("int", ["x", "base"], { x: 0, base: MISSING }));
  if (base === MISSING) return intOf(x);
  if (typeof x !== "string" && !(x instanceof Uint8Array)) {
    throw new TypeError("int() can't convert non-string with explicit base");
  }
  return parseIntLiteral(typeof x === "string" ? x : decode(x, "utf-8", "strict"), base);
}, {
  bit_length: (n) => (requireInt(n) === 0 ? 0 : Math.abs(n).toString(2).length),
  conjugate: (n) => n,
});

/** Methods callable on numbers: `(2.5).is_integer()`, `n.bit_length()`. */
export const numberMethods = { bit_length: int.bit_length, conjugate: int.conjugate };

// ------------------------------------------------------------------------- float

const FLOAT_LITERAL = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

function parseFloatLiteral(text) {
  const s = asciiDigits(stripSpace(text));
  if (FLOAT_LITERAL.test(s)) return Number(s.replace(/_/g, ""));
  const special = FLOAT_SPECIAL.exec(s);
  if (special) {
    const value = special[2].toLowerCase() === "nan" ? NaN : Infinity;
    return special[1] === "-" ? -value : value;
  }
  throw new ValueError(`could not convert string to float: ${quoteStr(text)}`);
}

export const float = pytype("float", function float(x = 0) {
  if (typeof x === "number" || typeof x === "boolean") return Number(x);
  if (typeof x === "string") return parseFloatLiteral(x);
  if (x !== null && typeof x === "object" && typeof x.__float__ === "function") return x.__float__();
  throw new TypeError(`float() argument must be a string or a real number, not '${typeName(x)}'`);
}, {
  is_integer: (x) => Number.isInteger(x),
  conjugate: (x) => x,
});
numberMethods.is_integer = float.is_integer;

export const bool = pytype("bool", function bool(x = false) {
  return truthy(x);
});

// ----------------------------------------------------------------- str and bytes

/** The first invalid UTF-8 sequence: its position, length and CPython's reason. */
function utf8Error(bytes) {
  const continuation = (b, lo = 0x80, hi = 0xbf) => b !== undefined && b >= lo && b <= hi;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let need;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return { start: i, end: i, reason: "invalid start byte" };
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return { start: i, end: bytes.length - 1, reason: "unexpected end of data" };
      if (!continuation(bytes[i + k], k === 1 ? lo : 0x80, k === 1 ? hi : 0xbf)) {
        return { start: i, end: i, reason: "invalid continuation byte" };
      }
    }
    i += need + 1;
  }
  return null;
}

function decodeError(codec, bytes, start, end, reason) {
  const hex = (b) => `0x${b.toString(16).padStart(2, "0")}`;
  const what = start === end ? `byte ${hex(bytes[start])} in position ${start}` : `bytes in position ${start}-${end}`;
  return new UnicodeDecodeError(`'${codec}' codec can't decode ${what}: ${reason}`);
}

/** bytes.decode(encoding, errors). */
export function decode(bytes, encoding = "utf-8", errors = "strict") {
  const name = String(encoding).toLowerCase().replace(/_/g, "-");
  if (name === "utf-8" || name === "utf8") {
    const error = errors === "strict" ? utf8Error(bytes) : null;
    if (error) throw decodeError("utf-8", bytes, error.start, error.end, error.reason);
    return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  }
  if (name === "latin-1" || name === "latin1" || name === "iso-8859-1") return String.fromCharCode(...bytes);
  if (name === "ascii" || name === "us-ascii") {
    const bad = bytes.findIndex((b) => b > 0x7f);
    if (bad >= 0 && errors === "strict") throw decodeError("ascii", bytes, bad, bad, "ordinal not in range(128)");
    return Array.from(bytes, (b) => (b > 0x7f ? (errors === "replace" ? "\ufffd" : "") : String.fromCharCode(b))).join("");
  }
  throw new LookupError(`unknown encoding: ${encoding}`);
}

export const str = pytype("str", function str(...args) {
  if (args.length === 0) return "";
  if (args.length === 1 && !(args[0] instanceof Kwargs)) return toStr(args[0]);
  const [object, encoding, errors] = bind(
    args,
    sig("str", ["object", "encoding", "errors"], { object: "", encoding: MISSING, errors: MISSING }),
  );
  if (encoding === MISSING && errors === MISSING) return toStr(object);
  if (!(object instanceof Uint8Array)) throw new TypeError(`decoding to str: need a bytes-like object, ${typeName(object)} found`);
  return decode(object, encoding === MISSING ? "utf-8" : encoding, errors === MISSING ? "strict" : errors);
}, strMethods);

export const bytesMethods = {
  decode: (b, ...args) => decode(b, ...bind(args, sig("bytes.decode", ["encoding", "errors"], { encoding: "utf-8", errors: "strict" }))),
  hex: (b) => Array.from(b, (byte) => byte.toString(16).padStart(2, "0")).join(""),
};

export const bytes = pytype("bytes", function bytes(...args) {
  const [source, encoding, errors] = bind(args, sig("bytes", ["source", "encoding", "errors"], { source: MISSING, encoding: MISSING, errors: "strict" }));
  if (source === MISSING) return new Uint8Array();
  if (typeof source === "string") {
    if (encoding === MISSING) throw new TypeError("string argument without an encoding");
    return strMethods.encode(source, encoding, errors);
  }
  if (typeof source === "number") return new Uint8Array(requireInt(source));
  const values = Array.from(iter(source), requireInt);
  if (values.some((v) => v < 0 || v > 255)) throw new ValueError("bytes must be in range(0, 256)");
  return Uint8Array.from(values);
}, bytesMethods);

// ------------------------------------------------------------------- containers

export const list = pytype("list", function list(iterable = []) {
  return Array.from(iter(iterable));
}, listMethods);

export const tuple = pytype("tuple", function tuple(iterable = []) {
  return isTuple(iterable) ? iterable : makeTuple(iter(iterable));
}, tupleMethods);

export const dict = pytype("dict", function dict(...args) {
  const [positional, kwargs] = bind(args, sig("dict", [], {}, { varargs: "args", varkw: "kwargs" }));
  if (positional.length > 1) throw new TypeError(`dict expected at most 1 argument, got ${positional.length}`);
  return dictFrom(positional.length ? positional[0] : undefined, kwargs);
}, {
  ...dictMethods,
  fromkeys: (...args) => fromkeys(...bind(args, sig("dict.fromkeys", ["iterable", "value"], { value: null }))),
});

export const set = pytype("set", function set(iterable = []) {
  return setFrom(iterable);
}, setMethods);

/** frozenset is a plain Set here too (immutability is not enforced). */
export const frozenset = pytype("frozenset", function frozenset(iterable = []) {
  return setFrom(iterable);
}, setMethods);

export const range = pytype("range", function range(...args) {
  if (args.length === 0) throw new TypeError("range expected at least 1 argument, got 0");
  if (args.length > 3) throw new TypeError(`range expected at most 3 arguments, got ${args.length}`);
  return args.length === 1 ? new PyRange(0, args[0]) : new PyRange(...args);
}, {
  index: (r, value) => r.index(value),
  count: (r, value) => r.count(value),
});

// ------------------------------------------------------------------ type(x)

export const NoneType = pytype("NoneType", () => null);
const FunctionType = pytype("function", () => {
  throw new TypeError("cannot create 'function' instances");
});
const BuiltinFunctionType = pytype("builtin_function_or_method", () => {
  throw new TypeError("cannot create 'builtin_function_or_method' instances");
});
const ModuleType = pytype("module", () => {
  throw new TypeError("cannot create 'module' instances here");
});

/** type(x): the class of a value; builtin values get the builtin type objects above. */
export function typeOf(x) {
  if (x === null || x === undefined) return NoneType;
  switch (typeof x) {
    case "boolean":
      return bool;
    case "number":
      return looksInt(x) ? int : float;
    case "string":
      return str;
    case "bigint":
      return int;
    case "function":
      if (isPyClass(x) || x.__pytype__) return type;
      return x.__builtin__ ? BuiltinFunctionType : FunctionType;
  }
  if (Array.isArray(x)) return isTuple(x) ? tuple : list;
  if (x instanceof Set) return set;
  if (x instanceof Uint8Array) return bytes;
  if (x instanceof PyRange) return range;
  if (isModule(x)) return ModuleType;
  if (isdict(x)) return dict;
  return x.constructor ?? PyObject;
}

export const type = pytype("type", function type(...args) {
  if (args.length !== 1) throw new TypeError("type() takes 1 argument here (classes are not created at run time)");
  return typeOf(args[0]);
});

// ------------------------------------------------------------------ isinstance

const TYPE_TESTS = new Map([
  [int, (x) => typeof x === "boolean" || (typeof x === "number" && looksInt(x))],
  [float, (x) => typeof x === "number" && !looksInt(x)],
  [bool, (x) => typeof x === "boolean"],
  [str, (x) => typeof x === "string"],
  [list, (x) => Array.isArray(x) && !isTuple(x)],
  [tuple, isTuple],
  [dict, isdict],
  [set, (x) => x instanceof Set],
  [frozenset, (x) => x instanceof Set],
  [bytes, (x) => x instanceof Uint8Array],
  [range, (x) => x instanceof PyRange],
  [NoneType, (x) => x === null || x === undefined],
  [PyObject, () => true],
  [type, (x) => typeof x === "function" && (isPyClass(x) || x.__pytype__ === true)],
  [FunctionType, (x) => typeof x === "function" && !isPyClass(x) && !x.__pytype__ && !x.__builtin__],
  [BuiltinFunctionType, (x) => typeof x === "function" && x.__builtin__ === true],
  [ModuleType, isModule],
]);

const isClassLike = (x) => typeof x === "function" && typeof x.prototype === "object";

/** isinstance(x, cls) / isinstance(x, (cls, ...)): JS arrays stand for the tuple of types. */
export function isinstance(x, classinfo) {
  if (Array.isArray(classinfo)) return classinfo.some((cls) => isinstance(x, cls));
  const test = TYPE_TESTS.get(classinfo);
  if (test) return test(x);
  if (isClassLike(classinfo)) return x instanceof classinfo;
  throw new TypeError("isinstance() arg 2 must be a type, a tuple of types, or a union");
}

export function issubclass(cls, classinfo) {
  if (Array.isArray(classinfo)) return classinfo.some((info) => issubclass(cls, info));
  if (typeof cls !== "function") throw new TypeError("issubclass() arg 1 must be a class");
  if (!isClassLike(classinfo) && !TYPE_TESTS.has(classinfo)) {
    throw new TypeError("issubclass() arg 2 must be a class, a tuple of classes, or a union");
  }
  if (cls === classinfo || classinfo === PyObject) return true;
  if (cls === bool && classinfo === int) return true;
  return isClassLike(cls) && isClassLike(classinfo) && cls.prototype instanceof classinfo;
}
